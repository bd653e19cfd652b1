"""Quote attribution by ``chipwatch quotes`` against the sample files' quote gold.

Runs the installed command, ``chipwatch quotes DIR --json --no-cache --quiet``, over
the raw sample corpus (as a user runs it: the command cleans its input) and over the
gold cleaned text, writes the rows as the scorer reads them, and scores them with the
shared scorer (``sample/score_quotes.py``: quote-span and speaker+quote P/R/F1, per
file) at its default threshold and at ``--thresh 0.8``, where span boundaries matter.

    python benchmarks/eval_quotes.py

The shared evaluation data is found at ``<repo>/../shared`` (or ``$CHIPWATCH_SHARED``);
without it the script says so and exits 0.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import run_chipwatch, shared_dir


def _predictions(folder: Path, target: Path) -> int:
    """Write the command's rows for ``folder`` to ``target`` as JSON lines; how many."""
    rows = json.loads(run_chipwatch("quotes", str(folder), "--json", "--no-cache", "--quiet"))
    with target.open("w", encoding="utf-8") as out:
        for row in rows:
            pred = {
                "file": Path(row["file"]).name,
                "kind": row["kind"],
                "speaker": row["speaker"] or None,
                "quote": row["quote"],
            }
            out.write(json.dumps(pred, ensure_ascii=False) + "\n")
    return len(rows)


def main() -> int:
    sample = shared_dir() / "eval" / "sample"
    gold, scorer = sample / "quotes.jsonl", sample / "score_quotes.py"
    if not (gold.is_file() and scorer.is_file()):
        print(f"shared evaluation data not found under {sample}; skipping quotes evaluation")
        return 0
    for label, folder in (("raw files", shared_dir() / "corpus"), ("gold clean", sample / "clean")):
        if not folder.is_dir():
            print(f"{label}: {folder} missing; skipped")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            pred = Path(tmp) / "quotes.jsonl"
            n = _predictions(folder, pred)
            for thresh in ("0.6", "0.8"):
                print(f"\n--- {label}: {n} rows, threshold {thresh} ---", flush=True)
                subprocess.run(
                    [
                        sys.executable,
                        str(scorer),
                        str(gold),
                        str(pred),
                        "--per-file",
                        "--thresh",
                        thresh,
                    ],
                    check=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
