"""Money amounts by ``chipwatch amounts`` against the sample files' money gold.

Runs the installed command, ``chipwatch amounts DIR --json --no-cache --quiet``, over
the raw sample corpus (as a user runs it: the command cleans its input) and over the
gold cleaned text, and scores the set of ``(file, amount to the thousand, currency)``
against ``sample/money.jsonl``: precision, recall and F1.

    python benchmarks/eval_amounts.py

The shared evaluation data is found at ``<repo>/../shared`` (or ``$CHIPWATCH_SHARED``);
without it the script says so and exits 0.
"""

from __future__ import annotations

import json
from pathlib import Path

from _common import run_chipwatch, shared_dir


def _key(file: str, amount: float, currency: str) -> tuple[str, int, str]:
    return file, round(float(amount) / 1000), currency


def _score(
    label: str, predicted: set[tuple[str, int, str]], gold: set[tuple[str, int, str]]
) -> None:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"{label:<28}{p:>7.3f}{r:>7.3f}{f1:>7.3f}{tp:>5}{len(predicted) - tp:>5}{len(gold) - tp:>5}"
    )
    for missed in sorted(gold - predicted):
        print(f"  missed: {missed}")
    for extra in sorted(predicted - gold):
        print(f"  extra:  {extra}")


def main() -> int:
    shared = shared_dir()
    gold_path = shared / "eval" / "sample" / "money.jsonl"
    if not gold_path.is_file():
        print(f"shared evaluation data not found under {shared}; skipping amounts evaluation")
        return 0
    gold = {
        _key(row["file"], row["amount"], row["currency"])
        for row in map(json.loads, gold_path.read_text(encoding="utf-8").splitlines())
    }
    print(
        f"chipwatch amounts --json against {len(gold)} gold amounts (file, amount/1000, currency)"
    )
    print(f"{'input':<28}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for label, folder in (
        ("raw files", shared / "corpus"),
        ("gold clean", shared / "eval" / "sample" / "clean"),
    ):
        if not folder.is_dir():
            print(f"{label}: {folder} missing; skipped")
            continue
        rows = json.loads(run_chipwatch("amounts", str(folder), "--json", "--no-cache", "--quiet"))
        predicted = {_key(Path(r["file"]).name, r["amount"], r["currency"]) for r in rows}
        _score(label, predicted, gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
