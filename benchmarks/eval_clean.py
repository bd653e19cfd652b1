"""Measure chipwatch's cleaner against human gold, next to the keep-every-line floor.

Runs :class:`chipwatch.clean.Cleaner` over the cleaning benchmark's dev pages (fitted on the
whole dev folder as one corpus, the way a user runs ``chipwatch clean`` on a folder) and
over the five sample files, writes the predictions to a temporary directory, scores them
with the benchmark's own ``score.py`` and prints word precision / recall / F1 overall and
per source, for the floor (every non-blank line kept) and for chipwatch. For the sample
files it also scores the extracted metadata against ``eval/sample/meta.jsonl``: accuracy
per field (title, published, published_raw, author, source; ``null`` must be predicted as
None), and it reports the cleaning speed in documents per second.

The evaluation data lives outside the project, in ``<repo root>/../shared`` (override with
the ``CHIPWATCH_SHARED`` environment variable); without it the script says so and exits 0.

Usage::

    python benchmarks/eval_clean.py [--per-doc]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chipwatch.clean import Cleaner  # noqa: E402  (path set up above for a source checkout)
from chipwatch.models import CleanDocument, Document  # noqa: E402


def shared_dir() -> Path:
    """The shared evaluation area: ``CHIPWATCH_SHARED`` or ``<repo root>/../shared``."""
    env = os.environ.get("CHIPWATCH_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def read_documents(raw_dir: Path) -> list[Document]:
    """Read every ``*.txt`` as UTF-8, newline-normalised (the corpus reader's job later)."""
    documents = []
    for path in sorted(raw_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        documents.append(Document(name=path.name, text=text))
    return documents


def write_floor(documents: list[Document], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for doc in documents:
        kept = [line.strip() for line in doc.lines if line.strip()]
        (out / doc.name).write_text("\n".join(kept) + "\n", encoding="utf-8")


META_FIELDS = ("title", "published", "published_raw", "author", "source")


def write_chipwatch(documents: list[Document], out: Path) -> tuple[list[CleanDocument], float]:
    """Fit and clean ``documents``, write the predictions; return them and the seconds taken."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    cleaner = Cleaner().fit(documents)
    cleaned = [cleaner.clean(doc) for doc in documents]
    seconds = time.perf_counter() - started
    for item in cleaned:
        (out / item.name).write_text(item.text + "\n", encoding="utf-8")
    return cleaned, seconds


def score_metadata(cleaned: list[CleanDocument], gold_path: Path) -> None:
    """Print per-field accuracy of the extracted metadata against a ``meta.jsonl`` gold."""
    gold = {}
    for row in gold_path.read_text(encoding="utf-8").splitlines():
        if row.strip():
            record = json.loads(row)
            gold[record["file"]] = record
    predicted = {item.name: item.metadata for item in cleaned if item.name in gold}
    if not predicted:
        print(f"note: no document of {gold_path} was cleaned; metadata not scored")
        return
    print(f"\nmetadata field accuracy ({len(predicted)} documents):")
    misses: list[str] = []
    for field in META_FIELDS:
        right = 0
        for name, meta in predicted.items():
            guess, truth = getattr(meta, field), gold[name].get(field)
            if guess == truth:
                right += 1
            else:
                misses.append(f"  {name} {field}: predicted {guess!r}, gold {truth!r}")
        print(f"  {field:<14}{right / len(predicted):>7.3f}  ({right}/{len(predicted)})")
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
    for name, result in (("keep-every-line", floor), ("chipwatch", ours)):
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
        ("sample (five corpus files)", ROOT / "data" / "raw", shared / "eval/sample/clean"),
    ]
    with tempfile.TemporaryDirectory(prefix="chipwatch-eval-") as tmp:
        for label, raw_dir, gold_dir in suites:
            if not raw_dir.is_dir() or not gold_dir.is_dir():
                print(f"note: {label}: {raw_dir} or {gold_dir} missing; skipped")
                continue
            documents = read_documents(raw_dir)
            base = Path(tmp) / label.split()[0]
            write_floor(documents, base / "floor")
            cleaned, seconds = write_chipwatch(documents, base / "chipwatch")
            floor = score(scorer, base / "floor", gold_dir)
            ours = score(scorer, base / "chipwatch", gold_dir, per_doc=options.per_doc)
            print_table(f"{label}: {len(documents)} documents", floor, ours)
            print(f"speed: {len(documents) / seconds:.0f} documents/s (fit + clean)")
            if options.per_doc:
                print_worst(ours)
            meta_gold = gold_dir.parent / "meta.jsonl"
            if meta_gold.is_file():
                score_metadata(cleaned, meta_gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
