"""The headline: found near the body, kept once as the first line, its copies dropped.

The headline is chosen by evidence, not by one rule. Every headline-shaped line in the
``title_window`` lines above the article, the article's first line and the few
headline-shaped lines just inside it are candidates; :mod:`chipwatch.clean.headline`
describes each by its agreement with the lead, the byline or date below it, whether it
sits in a run of links, its shape and its place, and the candidate with the highest
weighted evidence wins. Its other copies on the page are then dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from chipwatch.clean.headline import (
    HeadlinePage,
    best_headline,
    content_stems,
    links_to_page,
    states_a_date,
)
from chipwatch.clean.lines import Line, is_byline
from chipwatch.clean.reasons import REASON_TITLE
from chipwatch.lexicon import text_key

__all__ = ["headline_candidates", "mark_title"]

_TITLE_SEPARATORS_RE = re.compile(r"\s+[|–—:•·-]\s+|\s*\|\s*")
#: A line without one of these cannot hold a separator: a set test spares most lines
#: the regex.
_SEPARATOR_CHARS = frozenset("|–—:•·-")
#: What joins a headline to a section or site name on one line.
_BAR_RE = re.compile(r"\s+\|\s+")
#: Lines of the article region, after its first, still offered as the headline. The
#: article's stretch may start on a promo, a poll or a subscription wall, with the
#: headline further down, as the last of a run of links just above the story; measured
#: on the dev pages, 8 lines missed two such headlines and 20 lost no other page.
INSIDE = 20
_BODY_LINE_END = (".", ";", ":", ",")
#: Words a sentence cannot stop on: a line ending in one was cut (by an inline link).
_CUT_WORDS = frozenset(
    ["the", "a", "an", "and", "or", "but", "of", "for", "to", "at", "by", "with", "from", "than"]
)


def mark_title(
    lines: Sequence[Line], body_start: int, title_window: int, body_stop: int | None = None
) -> int | None:
    """Find the headline near line ``body_start``, mark it, and drop its other copies.

    Args:
        lines: the page's non-blank lines.
        body_start: index of the article's first line (``len(lines)`` when none).
        title_window: how many lines above the body are searched.
        body_stop: index just past the article's last line (default: the page's end);
            no line below the article is offered.

    Returns:
        The headline's index in ``lines``, or None when none was found.
    """
    page, candidates = headline_candidates(lines, body_start, title_window, body_stop)
    if not candidates:
        return None
    title_index = best_headline(page, candidates)
    title = lines[title_index]
    title.is_title = True
    title_key = title.key
    for line in lines:
        # Both ways of repeating the title hold its key: the substring test, inline,
        # spares most lines a call.
        if title_key in line.key and not line.is_title and _repeats_title(line, title_key):
            line.reason = REASON_TITLE
    title.text = _headline_part(page, title.text)
    return title_index


def _headline_part(page: HeadlinePage, text: str) -> str:
    """The headline itself when the chosen line joins it with a section or a site name
    ("Design Week 2018 | A light installation for FLOS", "Headline | Site"): of the
    parts between bars, the one whose words the article's lead repeats most."""
    parts = [part.strip() for part in _BAR_RE.split(text) if part.strip()]
    if len(parts) < 2:
        return text
    lead = page.lead(page.start)

    def support(part: str) -> tuple[int, int]:
        stems = set(content_stems(part))
        return sum(1 for stem in stems if lead[stem] > 0), len(stems)

    return max(parts, key=support)


def headline_candidates(
    lines: Sequence[Line], start: int, title_window: int, stop: int | None = None
) -> tuple[HeadlinePage, list[int]]:
    """The lines offered as the headline of an article starting at ``start``, and what
    their evidence shares (also what the weights are fitted on)."""
    # The features ask about the same lines often: each line is judged once.
    title_like = cache(lambda i: _title_like(lines[i]))
    candidates = [
        i
        for i in range(max(0, start - title_window), start)
        if title_like(i) and not _cut(lines[i]) and not links_to_page(lines[i].text)
    ]
    # Inside the article region: headline-shaped lines that are not a sentence, nor one
    # that inline links split over lines (its next line goes on in lower case).
    last = len(lines) if stop is None else min(stop, len(lines))
    for i in range(start, min(last, start + INSIDE + 1)):
        if (
            title_like(i)
            and not _ends_like_body(lines[i])
            and not _continues(lines, i)
            and not links_to_page(lines[i].text)
        ):
            candidates.append(i)
    page = HeadlinePage.build(
        lines, start, title_window, _repetitions(lines, candidates), title_like, candidates, stop
    )
    return page, candidates


def _continues(lines: Sequence[Line], index: int) -> bool:
    """True when the line after ``index`` goes on with the same sentence."""
    following = lines[index + 1].text.lstrip() if index + 1 < len(lines) else ""
    return following[:1].islower()


def _ends_like_body(line: Line) -> bool:
    """Ends like a sentence, or was cut: a headline does neither."""
    return line.text.rstrip().endswith(_BODY_LINE_END) or _cut(line)


def _cut(line: Line) -> bool:
    """Stops on a word no sentence ends with ("... for the"): a sentence cut by an
    inline link, not a headline."""
    words = line.text.rsplit(None, 1)
    return bool(words) and words[-1] in _CUT_WORDS


def _repetitions(lines: Sequence[Line], candidates: Sequence[int]) -> Counter[str]:
    """How often each candidate occurs on the page, as a line or as a part of a
    ``Title | Site`` line (only lines holding the candidate's key are split)."""
    keys = [line.key for line in lines]
    lines_by_key = Counter(keys)
    # Keys hold no line break, so each occurrence of a key in the page's keys joined by
    # line breaks lies within one line, and a line equal to the key holds exactly one:
    # one count (in C) tells whether any other line holds the key, which few do.
    page = "\n".join(keys)
    counts: Counter[str] = Counter()
    for i in candidates:
        key = lines[i].key
        if key in counts:
            continue
        counts[key] = lines_by_key[key]
        if page.count(key) > lines_by_key[key]:
            counts[key] += sum(
                sum(text_key(part) == key for part in _TITLE_SEPARATORS_RE.split(line.text))
                for line in lines
                if key in line.key and line.key != key and _holds_separator(line.text)
            )
    return counts


def _holds_separator(text: str) -> bool:
    """Whether ``text`` joins parts with a title separator ("Title | Site")."""
    return not _SEPARATOR_CHARS.isdisjoint(text) and _TITLE_SEPARATORS_RE.search(text) is not None


def _title_like(line: Line) -> bool:
    if line.chrome:
        return False
    if not 3 <= line.words <= 30 or len(line.text) > 250:
        return False
    if is_byline(line.text) or line.dateline or states_a_date(line.text):
        return False
    return not (line.text.endswith(".") and line.words > 20)


def _repeats_title(line: Line, title_key: str) -> bool:
    if line.key == title_key:
        return True
    if title_key in line.key and len(line.key) <= 2 * len(title_key) + 40:
        parts = {text_key(p) for p in _TITLE_SEPARATORS_RE.split(line.text)}
        return title_key in parts
    return False
