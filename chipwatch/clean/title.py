"""The headline: found near the body, kept once as the first line, its copies dropped.

The headline is the line that repeats on the page (page header, ``Title | Site``) or,
failing that, the nearest headline-like line above the body.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from chipwatch.clean.lines import BYLINE_RE, Line
from chipwatch.clean.reasons import REASON_TITLE
from chipwatch.lexicon import text_key

__all__ = ["mark_title"]

_TITLE_SEPARATORS_RE = re.compile(r"\s+[|–—:•·-]\s+|\s*\|\s*")


def mark_title(lines: Sequence[Line], body_start: int, title_window: int) -> int | None:
    """Find the headline above line ``body_start``, mark it, and drop its other copies.

    Args:
        lines: the page's non-blank lines.
        body_start: index of the article's first line (``len(lines)`` when none).
        title_window: how many lines above the body are searched.

    Returns:
        The headline's index in ``lines``, or None when none was found.
    """
    title_index = _find_title(lines, body_start, title_window)
    if title_index is not None:
        lines[title_index].is_title = True
        title_key = lines[title_index].key
        for line in lines:
            if not line.is_title and _repeats_title(line, title_key):
                line.reason = REASON_TITLE
    return title_index


def _find_title(lines: Sequence[Line], start: int, title_window: int) -> int | None:
    """Index of the headline: a repeated headline-like line near the body, else the
    nearest headline-like line above it."""
    counts: Counter[str] = Counter()
    for line in lines:
        counts[line.key] += 1
        for part in _TITLE_SEPARATORS_RE.split(line.text):
            part_key = text_key(part)
            if part_key and part_key != line.key:
                counts[part_key] += 1
    low = max(0, start - title_window)
    candidates = [i for i in range(low, start) if _title_like(lines[i])]
    if not candidates:
        return None
    # A repeated line ending in a full stop is a placeholder ("No comments yet."),
    # not a headline, which rarely ends with a period.
    repeated = [
        i for i in candidates if counts[lines[i].key] >= 2 and not lines[i].text.endswith(".")
    ]
    if repeated:
        # Most repeated wins; ties go to the line nearest the body.
        return max(repeated, key=lambda i: (counts[lines[i].key], i))
    return max(candidates)


def _title_like(line: Line) -> bool:
    if line.chrome:
        return False
    if not 3 <= line.words <= 30 or len(line.text) > 250:
        return False
    if BYLINE_RE.fullmatch(line.text) or line.dateline:
        return False
    return not (line.text.endswith(".") and line.words > 20)


def _repeats_title(line: Line, title_key: str) -> bool:
    if line.key == title_key:
        return True
    if title_key in line.key and len(line.key) <= 2 * len(title_key) + 40:
        parts = {text_key(p) for p in _TITLE_SEPARATORS_RE.split(line.text)}
        return title_key in parts
    return False
