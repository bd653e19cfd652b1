"""Theme quality of ``chipwatch themes`` against human theme labels.

Runs the installed command line, ``chipwatch themes DIR --json``, in a subprocess, as a
user runs it (the command cleans its input), on two kinds of data:

* **the sample files** (on the beat), with gold ``themes`` (required), ``minor`` (neither
  required nor penalised) and ``primary``: micro P/R/F1 over (document, theme) pairs,
  whether each document's top theme is one of its gold themes (``top1``) and whether it
  is the gold primary theme (``prim``). Scored with the shipped taxonomy and with the
  plain term lists of the gold taxonomy (``taxonomy.json`` converted to the TOML form in
  a temporary file at run time), on the gold cleaned text and on the raw files;
* **a mixed general-news feed** (mostly off the beat), with the themes each page is
  substantially about: the precision of the (page, theme) pairs a run assigns and the
  off-beat false-theme rate (the share of pages with no gold theme that get any theme),
  with both taxonomies.

    python benchmarks/eval_themes.py

The shared evaluation data is found at ``<repo>/../shared`` (or ``$CHIPWATCH_SHARED``);
without it the script says so and exits 0. One temporary results store serves every run,
so each folder is parsed once.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from _common import run_chipwatch, shared_dir

ROOT = Path(__file__).resolve().parent.parent


def _themes(folder: Path, cache: Path, *extra: str) -> list[dict[str, Any]]:
    """``chipwatch themes FOLDER --json [extra]``: the rows it prints."""
    args = ["themes", str(folder), "--json", "--quiet", "--cache-dir", str(cache), *extra]
    rows: list[dict[str, Any]] = json.loads(run_chipwatch(*args))
    return rows


def _read_jsonl(path: Path) -> dict[str, dict[str, Any]]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {str(row["file"]): row for row in rows}


def _plain_taxonomy_toml(source: Path, target: Path) -> Path:
    """The gold taxonomy's plain term lists in chipwatch's TOML form (no weights, no
    conditions): what a user who brings their own term lists writes."""
    data = json.loads(source.read_text(encoding="utf-8"))
    lines = []
    for theme in data["themes"]:
        lines.append(f"[themes.{theme['id']}]")
        lines.append(f"description = {json.dumps(theme.get('definition', ''))}")
        lines.append(f"terms = [{', '.join(json.dumps(t) for t in theme['terms'])}]")
        lines.append("")
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def _predicted(rows: list[dict[str, Any]], name: str) -> list[str]:
    mine = sorted((r for r in rows if r["file"] == name), key=lambda r: int(r["rank"]))
    return [str(r["theme"]) for r in mine]


def _evaluate_sample(
    label: str, rows: list[dict[str, Any]], gold: dict[str, dict[str, Any]]
) -> None:
    tp = fp = fn = 0
    top_ok = primary_ok = 0
    for name, g in gold.items():
        predicted = _predicted(rows, name)
        wanted = set(g["themes"])
        ignored = set(g.get("minor", []))
        tp += len(wanted & set(predicted))
        fn += len(wanted - set(predicted))
        fp += len(set(predicted) - wanted - ignored)
        top_ok += bool(predicted) and predicted[0] in wanted
        primary_ok += bool(predicted) and predicted[0] == g.get("primary")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    top = f"{top_ok}/{len(gold)}"
    prim = f"{primary_ok}/{len(gold)}"
    print(f"{label:<40}{p:>7.3f}{r:>7.3f}{f1:>7.3f}{top:>7}{prim:>7}{tp:>5}{fp:>5}{fn:>5}")


def _evaluate_feed(label: str, rows: list[dict[str, Any]], gold: dict[str, dict[str, Any]]) -> None:
    right = assigned = off_beat = off_beat_themed = pages_themed = 0
    for name, g in gold.items():
        predicted = set(_predicted(rows, name))
        wanted = set(g["themes"])
        assigned += len(predicted)
        right += len(predicted & wanted)
        pages_themed += bool(predicted)
        if not wanted:
            off_beat += 1
            off_beat_themed += bool(predicted)
    precision = f"{right / assigned:.3f}" if assigned else "n/a"
    rate = off_beat_themed / off_beat if off_beat else 0.0
    print(
        f"{label:<40}{precision:>10}{right:>7}{assigned:>9}{rate:>10.3f}"
        f"{off_beat_themed:>5}/{off_beat:<5}{pages_themed:>8}"
    )


def _sample(shared: Path, cache: Path, plain: Path) -> None:
    sample = shared / "eval" / "sample"
    gold = _read_jsonl(sample / "themes.jsonl")
    print(f"\nsample files, {len(gold)} documents on the beat (micro over pairs)")
    header = ("P", "R", "F1", "top1", "prim", "tp", "fp", "fn")
    print(f"{'taxonomy / input':<40}" + "".join(f"{h:>7}" for h in header[:5]), end="")
    print("".join(f"{h:>5}" for h in header[5:]))
    suites = (("gold clean", sample / "clean"), ("raw files", shared / "corpus"))
    for taxonomy, extra in (("shipped", ()), ("plain lists", ("--taxonomy", str(plain)))):
        for label, folder in suites:
            if not folder.is_dir():
                print(f"{label}: {folder} missing; skipped")
                continue
            _evaluate_sample(f"{taxonomy}, {label}", _themes(folder, cache, *extra), gold)


def _feed(shared: Path, cache: Path, plain: Path) -> None:
    labels = shared / "eval" / "themes" / "news_dev.jsonl"
    folder = shared / "eval" / "cleaning" / "dev" / "raw"
    if not labels.is_file() or not folder.is_dir():
        print(f"\nmixed feed: {labels} or {folder} missing; skipped")
        return
    gold = _read_jsonl(labels)
    print(f"\nmixed news feed, {len(gold)} pages ({folder.name} as a user runs it)")
    print(
        f"{'taxonomy':<40}{'precision':>10}{'right':>7}{'assigned':>9}"
        f"{'off-beat':>10}{'themed':>11}{'pages':>8}"
    )
    for taxonomy, extra in (("shipped", ()), ("plain lists", ("--taxonomy", str(plain)))):
        _evaluate_feed(taxonomy, _themes(folder, cache, *extra), gold)


def main() -> int:
    shared = shared_dir()
    sample = shared / "eval" / "sample"
    if not (sample / "themes.jsonl").is_file():
        print(f"shared evaluation data not found under {shared}; skipping theme evaluation")
        return 0
    print("chipwatch themes --json (default filters: themes on on-beat pages only)")
    with tempfile.TemporaryDirectory(prefix="chipwatch-eval-") as tmp:
        cache = Path(tmp) / "cache"
        plain = _plain_taxonomy_toml(sample / "taxonomy.json", Path(tmp) / "plain.toml")
        _feed(shared, cache, plain)
        _sample(shared, cache, plain)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
