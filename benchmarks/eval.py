"""Run every quality evaluation against the shared gold data and print the scores.

Each stage scores what a user gets: the installed ``chipwatch`` command (``clean``,
``docs``, ``entities``, ``keywords``, ``themes``) run in a subprocess on the benchmark
folders, its output scored with the benchmark's own scorer, next to the baselines
computed in the same run.

The benchmark data lives outside the project (``../shared/eval`` next to the checkout,
or ``$CHIPWATCH_SHARED``) and is never copied in; on a machine without it this says so
and exits 0.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _common import shared_dir

HERE = Path(__file__).resolve().parent
SHARED = shared_dir()
STAGES = (
    "eval_clean.py",
    "eval_entities.py",
    "eval_keywords.py",
    "eval_themes.py",
    "eval_amounts.py",
    "eval_quotes.py",
)


def main() -> int:
    if not (SHARED / "eval").is_dir():
        print(f"eval: no benchmark data at {SHARED / 'eval'}; nothing to evaluate.")
        return 0
    failed = 0
    for name in STAGES:
        script = HERE / name
        if not script.exists():
            continue
        print(f"\n=== {name[5:-3]} ===", flush=True)
        failed |= subprocess.call([sys.executable, str(script)]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
