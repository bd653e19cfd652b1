"""Theme scoring by ``chipwatch themes`` against the human theme labels of the sample files.

Runs the installed command line, ``chipwatch themes DIR --json --no-cache`` with the
shipped taxonomy (``--taxonomy`` unset), in a subprocess over (1) the gold cleaned text
and (2) the raw corpus files, each as a user runs it (the command cleans its input) and
with ``--no-clean`` (the text as given). A document's predicted themes are the rows the
command prints (those above their threshold); gold ``themes`` are required, gold
``minor`` themes are neither required nor penalised. Prints micro P/R/F1 over
(document, theme) pairs and whether each document's top theme is one of its gold themes.

    python benchmarks/eval_themes.py

The shared evaluation data is found at ``<repo>/../shared`` (or ``$CHIPWATCH_SHARED``);
without it the script says so and exits 0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from _common import run_chipwatch, shared_dir

ROOT = Path(__file__).resolve().parent.parent


def _themes(folder: Path, *extra: str) -> list[dict[str, Any]]:
    """``chipwatch themes FOLDER --json --no-cache [extra]``: the rows it prints."""
    args = ["themes", str(folder), "--json", "--no-cache", "--quiet", *extra]
    rows: list[dict[str, Any]] = json.loads(run_chipwatch(*args))
    return rows


def _evaluate(label: str, rows: list[dict[str, Any]], gold: dict[str, dict[str, Any]]) -> None:
    tp = fp = fn = 0
    top_ok = 0
    for name, g in gold.items():
        mine = sorted((r for r in rows if r["file"] == name), key=lambda r: int(r["rank"]))
        predicted = [str(r["theme"]) for r in mine]
        wanted = set(g["themes"])
        ignored = set(g.get("minor", []))
        tp += len(wanted & set(predicted))
        fn += len(wanted - set(predicted))
        fp += len(set(predicted) - wanted - ignored)
        top_ok += bool(predicted) and predicted[0] in wanted
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    top = f"{top_ok}/{len(gold)}"
    print(f"{label:<32}{p:>7.3f}{r:>7.3f}{f1:>7.3f}{top:>7}{tp:>5}{fp:>5}{fn:>5}")


def main() -> int:
    shared = shared_dir()
    sample = shared / "eval" / "sample"
    if not (sample / "themes.jsonl").is_file():
        print(f"shared evaluation data not found under {shared}; skipping theme evaluation")
        return 0
    gold = {}
    for line in (sample / "themes.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["file"]] = row
    print(f"chipwatch themes --json, shipped taxonomy, {len(gold)} sample documents (micro)")
    print(f"{'input':<32}{'P':>7}{'R':>7}{'F1':>7}{'top1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    suites = (("gold clean", sample / "clean"), ("raw files", shared / "corpus"))
    for label, folder in suites:
        if not folder.is_dir():
            print(f"{label}: {folder} missing; skipped")
            continue
        _evaluate(f"{label} (as a user runs it)", _themes(folder), gold)
        _evaluate(f"{label} (--no-clean)", _themes(folder, "--no-clean"), gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
