"""Where a run's time goes: reading, the results store, computing, writing the output.

With ``CHIPWATCH_TIMINGS=1`` in the environment a command ends with one line on stderr::

    chipwatch: timings: read 0.031s, store 0.120s, compute 0.000s, render 0.020s, work 0.250s

``work`` is the time from the start of the analysis to that line; what a wall-clock
measurement of the whole process adds to it is start-up (interpreter, imports, parsing
the command line) and exit. ``make bench`` reads the line to split a warm rerun into
those parts. Without the variable :func:`phase` costs one check and nothing is printed.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

__all__ = ["PHASES", "enabled", "phase", "report", "start"]

#: The phases a run is split into, in the order they are reported.
PHASES = ("read", "store", "compute", "render")

_spent: dict[str, float] = {}
_started: list[float] = []
_open: set[str] = set()


def enabled() -> bool:
    """True when ``CHIPWATCH_TIMINGS`` asks for the timings line."""
    return os.environ.get("CHIPWATCH_TIMINGS", "") not in ("", "0")


def start() -> None:
    """Mark the start of the work (the first mark counts)."""
    if not _started:
        _started.append(time.perf_counter())


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Add the time spent inside the block to phase ``name`` (nested blocks of one phase
    count once: the outermost block's time)."""
    if not enabled() or name in _open:
        yield
        return
    start()
    _open.add(name)
    began = time.perf_counter()
    try:
        yield
    finally:
        _open.discard(name)
        _spent[name] = _spent.get(name, 0.0) + time.perf_counter() - began


def report(stream: IO[str] | None = None) -> None:
    """Write the timings line (when enabled) and start counting afresh."""
    if not enabled():
        return
    work = time.perf_counter() - _started[0] if _started else 0.0
    parts = [f"{name} {_spent.get(name, 0.0):.3f}s" for name in PHASES]
    (stream or sys.stderr).write(f"chipwatch: timings: {', '.join(parts)}, work {work:.3f}s\n")
    _spent.clear()
    _started.clear()
