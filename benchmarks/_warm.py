"""The warm rerun: ``chipwatch entities`` again on inputs whose results are all stored.

An analyst reruns a command many times (another ``--label``, ``--top``, another format);
a rerun should cost what ``chipwatch --help`` costs plus the work. Each rerun here is the
installed script in a fresh process, timed from outside (start-up included), with
``CHIPWATCH_TIMINGS=1`` so the command reports the time of its phases on stderr
(see ``chipwatch.timings``). The row splits the fastest of ``repeat`` reruns into:

* start-up: interpreter, imports, parsing the command line, and exit (the wall time
  the command's own clock does not see);
* read: finding the files, reading and hashing them;
* store: looking results up in the results store and decoding them;
* render: writing the table;
* other: the rest of the work (building the table from the results, the summary).

``chipwatch --help`` is measured in the same loop, so the ratio warm/--help does not
depend on how busy the machine is. Runs use compiled bytecode, as an installed package
does (``PYTHONDONTWRITEBYTECODE`` is not passed on).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from _common import chipwatch_command

PHASES = ("read", "store", "compute", "render")
_TIMINGS = re.compile(r"chipwatch: timings: (.*), work ([\d.]+)s")


def _env(env: dict[str, str]) -> dict[str, str]:
    out = {**env, "CHIPWATCH_TIMINGS": "1"}
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    return out


def _timed(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall time of one run from outside, with the phases it reported."""
    start = time.perf_counter()
    done = subprocess.run(
        [*chipwatch_command(), *args], capture_output=True, text=True, env=env, check=False
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"chipwatch {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    result = {"wall": wall}
    found = _TIMINGS.search(done.stderr)
    if found:
        for part in found.group(1).split(", "):
            name, seconds = part.rsplit(" ", 1)
            result[name] = float(seconds.rstrip("s"))
        result["work"] = float(found.group(2))
    return result


def warm_row(
    label: str, corpus: Path, common: list[str], env: dict[str, str], *, repeat: int = 5
) -> dict[str, float]:
    """Print the split of the fastest of ``repeat`` warm reruns of ``entities`` over
    ``corpus`` (whose results must be stored already), next to ``--help`` measured in
    the same loop; return the fastest rerun."""
    env = _env(env)
    _timed(["--help"], env)  # compiles the bytecode a first run may lack
    runs, helps = [], []
    for _ in range(repeat):
        runs.append(_timed(["entities", str(corpus), *common], env))
        helps.append(_timed(["--help"], env)["wall"])
    best, help_s = min(runs, key=lambda r: r["wall"]), min(helps)
    parts = {name: best.get(name, 0.0) for name in PHASES}
    start_up = best["wall"] - best.get("work", 0.0)
    other = best.get("work", 0.0) - sum(parts.values())
    print(
        f"{label:<28} warm {best['wall']:.3f}s = start-up {start_up:.3f} + read "
        f"{parts['read']:.3f} + store {parts['store']:.3f} + render {parts['render']:.3f} "
        f"+ other {other + parts['compute']:.3f}; --help {help_s:.3f}s "
        f"(warm/--help {best['wall'] / help_s:.1f})",
        flush=True,
    )
    return best


def warm_dev(pages: Path, env: dict[str, str], *, jobs: int, repeat: int = 5) -> None:
    """The warm rerun on a folder of real pages (the 217 dev pages): one cold run fills
    a fresh store, then the reruns; prints warm/cold too."""
    if not pages.is_dir():
        print(f"warm rerun: {pages} not found, skipped")
        return
    count = len(list(pages.glob("*.txt")))
    with tempfile.TemporaryDirectory(prefix="chipwatch-bench-") as tmp:
        common = ["--csv", "--quiet", "--cache-dir", str(Path(tmp) / "store")]
        common += ["--jobs", str(jobs)]
        cold = _timed(["entities", str(pages), *common], _env(env))
        best = warm_row(f"{count} pages, warm rerun", pages, common, env, repeat=repeat)
        print(
            f"{count} pages: cold {cold['wall']:.2f}s, warm/cold {best['wall'] / cold['wall']:.3f}",
            flush=True,
        )
        shutil.rmtree(Path(tmp) / "store", ignore_errors=True)
