"""A time budget for a user's junk patterns: catastrophic backtracking is refused up front.

Python's regex engine backtracks: a pattern with nested repetition such as ``(a+)+b``
takes exponential time on a line of many ``a`` that does not end in ``b``, and one such
pattern in a user's ``--patterns`` file would hang every command that cleans. Every line
of every page is matched, so the page that triggers it is only a matter of time.

A user's pattern is therefore tried, when the file is loaded, on the inputs that make
backtracking explode: long runs of each character the pattern names (and of common
letters, digits and spaces), alone and alternating with a space, each ending in a
character that spoils the match. A pattern that needs more than :data:`PROBE_SECONDS`
on one of them is refused with a message naming it. Polynomial patterns that stay under
the budget on these probes pass; exponential ones do not (2^40 steps never finish).

The run is bounded with ``SIGALRM``, which interrupts Python's regex engine (it checks
for signals while matching). That needs the main thread of a platform with ``SIGALRM``;
elsewhere the probe is skipped, as the command line loads the patterns in its main
thread before any work, and the shipped patterns are not probed (they are tested).
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

__all__ = ["PROBE_SECONDS", "too_slow"]

#: The longest one probe may take before the pattern is refused.
PROBE_SECONDS = 0.5
#: Probe lengths: short runs expose exponential backtracking, long ones cubic.
_LENGTHS = (40, 2000)
#: Characters probed besides those the pattern names.
_COMMON = "aA1 .-_/é"
#: The most distinct characters probed per pattern.
_MAX_CHARS = 24
#: A character no pattern expects at the end of a line.
_SPOILER = "\x00"


class _Expired(Exception):
    """The probe ran past its budget."""


def probing_possible() -> bool:
    """True where the budget can be enforced: the main thread, with ``SIGALRM``."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def too_slow(pattern: str) -> str | None:
    """The probe input (shortened, for the message) on which the case-insensitive
    full match of ``pattern`` runs past the budget, or None when none does (or when the
    budget cannot be enforced here)."""
    return _probe(pattern) if probing_possible() else None


@lru_cache(maxsize=1024)
def _probe(pattern: str) -> str | None:
    regex = re.compile(pattern, re.IGNORECASE)
    for subject in _probes(pattern):
        try:
            with _time_limit(PROBE_SECONDS):
                regex.fullmatch(subject)
        except _Expired:
            return f"{subject[:10]!r}… ({len(subject)} characters)"
    return None


def _probes(pattern: str) -> Iterator[str]:
    """Runs of each character the pattern names and of common ones, plain and spaced."""
    named = [ch for ch in dict.fromkeys(pattern) if ch.isalnum() or ch in " .,:;-_/'@#"]
    chars = list(dict.fromkeys([*named, *_COMMON]))[:_MAX_CHARS]
    for length in _LENGTHS:
        for ch in chars:
            yield ch * length + _SPOILER
            if ch != " ":
                yield (ch + " ") * (length // 2) + _SPOILER


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`_Expired` in the block after ``seconds`` (main thread only)."""

    def expire(signum: int, frame: object) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
