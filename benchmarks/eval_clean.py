"""Measure ``chipwatch clean`` against human gold, next to the keep-every-line floor.

Runs the installed command line, ``chipwatch clean DIR --out TMP --no-cache --quiet``, in
a subprocess over the cleaning benchmark's dev pages (one folder, fitted as one corpus,
exactly as a user runs it) and over the five sample corpus files, then scores the files
it wrote with the benchmark's own ``score.py`` and prints word precision / recall / F1
overall and per source, for the floor (every non-blank line kept) and for chipwatch. For
the sample files it also scores the metadata that ``chipwatch docs DIR --json`` reports
against ``eval/sample/meta.jsonl``: accuracy per field the command shows (title,
published, author, source; ``null`` must be reported as null); for the dev pages, the
share of titles that are the page's gold headline (``dev/titles.jsonl``, the benchmark's
rule of a right title) and how often ``published`` agrees with the date in the page's URL
(``dev/manifest.tsv``). The speed is documents
per second of the whole ``chipwatch clean`` process (start-up, reading, fitting,
cleaning, writing).

The evaluation data lives outside the project, in ``<repo root>/../shared`` (override with
the ``CHIPWATCH_SHARED`` environment variable); without it the script says so and exits 0.

Usage::

    python benchmarks/eval_clean.py [--per-doc]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _common import run_chipwatch, shared_dir

ROOT = Path(__file__).resolve().parent.parent
META_FIELDS = ("title", "published", "author", "source")


def write_floor(raw_dir: Path, out: Path) -> int:
    """Write every non-blank line of each raw file (the floor); return the file count."""
    out.mkdir(parents=True, exist_ok=True)
    paths = sorted(raw_dir.glob("*.txt"))
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        kept = [line.strip() for line in text.split("\n") if line.strip()]
        (out / path.name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    return len(paths)


def write_chipwatch(raw_dir: Path, out: Path) -> float:
    """``chipwatch clean`` the folder into ``out``; return the wall-clock seconds taken."""
    started = time.perf_counter()
    run_chipwatch("clean", str(raw_dir), "--out", str(out), "--no-cache", "--quiet")
    return time.perf_counter() - started


def score_metadata(raw_dir: Path, gold_path: Path) -> None:
    """Print per-field accuracy of ``chipwatch docs`` metadata against a ``meta.jsonl``."""
    gold = {}
    for row in gold_path.read_text(encoding="utf-8").splitlines():
        if row.strip():
            record = json.loads(row)
            gold[record["file"]] = record
    rows = json.loads(run_chipwatch("docs", str(raw_dir), "--json", "--no-cache", "--quiet"))
    predicted = {row["file"]: row for row in rows if row["file"] in gold}
    if not predicted:
        print(f"note: chipwatch docs reported no document of {gold_path}; metadata not scored")
        return
    print(f"\nmetadata field accuracy, chipwatch docs --json ({len(predicted)} documents):")
    misses: list[str] = []
    for field in META_FIELDS:
        right = 0
        for name, row in predicted.items():
            guess, truth = row.get(field), gold[name].get(field)
            if guess == truth:
                right += 1
            else:
                misses.append(f"  {name} {field}: predicted {guess!r}, gold {truth!r}")
        print(f"  {field:<14}{right / len(predicted):>7.3f}  ({right}/{len(predicted)})")
    for name in sorted(set(gold) - set(predicted)):
        misses.append(f"  {name}: no row in chipwatch docs output")
    for miss in misses:
        print(miss)


def score(scorer: Path, pred: Path, gold: Path, *, per_doc: bool = False) -> dict[str, Any]:
    args = [sys.executable, str(scorer), str(pred), str(gold), "--json"]
    if per_doc:
        args.append("--per-doc")
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def print_table(title: str, floor: dict[str, Any], ours: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(
        f"{'system':<16}{'group':<7}{'n':>5}{'word P':>9}{'word R':>9}{'word F1':>9}{'aeb F1':>9}"
    )
    for name, result in (("keep-every-line", floor), ("chipwatch clean", ours)):
        for group, row in result["summary"].items():
            print(
                f"{name:<16}{group:<7}{row.get('n', 0):>5}{row['tok_P']:>9.3f}{row['tok_R']:>9.3f}"
                f"{row['tok_F1']:>9.3f}{row.get('aeb_F1', float('nan')):>9.3f}"
            )
    base, mine = floor["summary"]["all"]["tok_F1"], ours["summary"]["all"]["tok_F1"]
    print(f"word F1 ratio chipwatch / floor: {mine / base:.2f}")


def print_worst(result: dict[str, Any], *, count: int = 15) -> None:
    docs = result.get("per_doc") or []
    rows = sorted(docs, key=lambda d: d.get("tok_F1", 0.0))[:count]
    print("\nworst documents (word P / R / F1):")
    for row in rows:
        name = row.get("id", "?")
        print(f"  {name:<48}{row['tok_P']:.3f} {row['tok_R']:.3f} {row['tok_F1']:.3f}")


def _words(text: str | None) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def title_is_right(predicted: str | None, gold: str) -> bool:
    """The benchmark's rule (``dev/titles.jsonl``, README): word-token F1 with the gold
    headline of at least 0.8, or at least 90% of a four-or-more-word prediction inside the
    gold headline while covering half of it."""
    guess, truth = _words(predicted), _words(gold)
    if not guess or not truth:
        return False
    overlap = sum((Counter(guess) & Counter(truth)).values())
    if overlap:
        precision, recall = overlap / len(guess), overlap / len(truth)
        if 2 * precision * recall / (precision + recall) >= 0.8:
            return True
    inside = sum(1 for word in guess if word in set(truth)) / len(guess)
    return len(guess) >= 4 and inside >= 0.9 and overlap / len(truth) >= 0.5


def score_titles(rows: list[dict[str, Any]], raw_dir: Path, titles_path: Path) -> None:
    """Print the share of pages whose ``chipwatch docs`` title is the gold headline."""
    gold = {}
    for row in titles_path.read_text(encoding="utf-8").splitlines():
        if row.strip():
            record = json.loads(row)
            gold[f"{record['id']}.txt"] = record["title"]
    predicted = {row["file"]: row["title"] for row in rows}
    names = sorted(name for name in gold if (raw_dir / name).is_file())
    print(f"\ntitle accuracy, chipwatch docs --json ({len(names)} pages with a gold headline):")
    for group in [*sorted({name.split("_")[0] for name in names}), "all"]:
        chosen = [n for n in names if group == "all" or n.startswith(f"{group}_")]
        right = sum(title_is_right(predicted.get(n), gold[n]) for n in chosen)
        print(f"  {group:<6}{right / len(chosen):>7.3f}  ({right}/{len(chosen)})")


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:[/.-]|$)")


def score_url_dates(rows: list[dict[str, Any]], manifest: Path) -> None:
    """Print how often ``published`` agrees with the date in the page's URL, where the URL
    carries one (``/2019/11/18/``): a check of dates that needs no other gold."""
    published = {row["file"].removesuffix(".txt"): row["published"] for row in rows}
    agree = total = 0
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        found = _URL_DATE.search(fields[4]) if len(fields) > 4 else None
        if found is None:
            continue
        year, month, day = (int(part) for part in found.groups())
        total += 1
        agree += published.get(fields[0]) == f"{year:04d}-{month:02d}-{day:02d}"
    if total:
        print(f"published agrees with the URL's date: {agree / total:.3f}  ({agree}/{total})")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--per-doc", action="store_true", help="list the worst documents")
    options = parser.parse_args()

    shared = shared_dir()
    scorer = shared / "eval" / "cleaning" / "score.py"
    if not scorer.is_file():
        print(f"note: no evaluation data at {shared} (set CHIPWATCH_SHARED); nothing to measure")
        return 0
    suites = [
        (
            "dev (cleaning benchmark)",
            shared / "eval/cleaning/dev/raw",
            shared / "eval/cleaning/dev/gold",
        ),
        ("sample (five corpus files)", shared / "corpus", shared / "eval/sample/clean"),
    ]
    with tempfile.TemporaryDirectory(prefix="chipwatch-eval-") as tmp:
        for label, raw_dir, gold_dir in suites:
            if not raw_dir.is_dir() or not gold_dir.is_dir():
                print(f"note: {label}: {raw_dir} or {gold_dir} missing; skipped")
                continue
            base = Path(tmp) / label.split()[0]
            count = write_floor(raw_dir, base / "floor")
            seconds = write_chipwatch(raw_dir, base / "chipwatch")
            floor = score(scorer, base / "floor", gold_dir)
            ours = score(scorer, base / "chipwatch", gold_dir, per_doc=options.per_doc)
            print_table(f"{label}: {count} documents, chipwatch clean (CLI)", floor, ours)
            print(
                f"speed: {count / seconds:.1f} documents/s "
                f"({seconds:.1f} s for the whole chipwatch clean process, start-up included)"
            )
            if options.per_doc:
                print_worst(ours)
            meta_gold = gold_dir.parent / "meta.jsonl"
            if meta_gold.is_file():
                score_metadata(raw_dir, meta_gold)
            titles = gold_dir.parent / "titles.jsonl"
            manifest = gold_dir.parent / "manifest.tsv"
            if titles.is_file() or manifest.is_file():
                rows = json.loads(
                    run_chipwatch("docs", str(raw_dir), "--json", "--no-cache", "--quiet")
                )
                if titles.is_file():
                    score_titles(rows, raw_dir, titles)
                if manifest.is_file():
                    score_url_dates(rows, manifest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
