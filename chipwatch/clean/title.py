"""The headline: found near the body, kept once as the first line, its copies dropped.

The headline is chosen by evidence, not by one rule. A page's text around the article
holds many headline-shaped lines: menu labels ("Back To Main Menu"), prompts ("Got a
news tip?"), photo credits, other stories' headlines, section names. What sets the real
headline apart is that it **agrees with the lead**: the content words of a headline come
back in the article's first paragraphs, while a UI label's or another story's do not. So
each headline-shaped line above the body (or the body's own first line, when the article
region starts at the headline) is scored by

* agreement: the share of its distinct content words found in the lead (the first
  ``LEAD_WORDS`` content words of the article below it), damped for lines of fewer than
  ``FULL_SIZE`` content words, so that a two-word section name that happens to recur in
  the story does not outweigh a full headline;
* repetition: a line that recurs on the page (a page header, ``Title | Site``);
* position: nearer the body is likelier;
* shape: a line ending in a full stop or comma is a sentence or a caption, not a headline.

A line needs ``MIN_AGREEMENT`` to be chosen this way. When none has (a headline whose
words the lead paraphrases), the old rule decides: the most repeated headline-like line,
else the nearest one above the body.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from chipwatch.clean.lines import BYLINE_RE, Line
from chipwatch.clean.reasons import REASON_TITLE
from chipwatch.dates import parse_date
from chipwatch.lexicon import load_prose_function_words, text_key

__all__ = ["mark_title"]

_TITLE_SEPARATORS_RE = re.compile(r"\s+[|–—:•·-]\s+|\s*\|\s*")
_WORD_RE = re.compile(r"\w+")

#: Content words of the article read as its lead.
LEAD_WORDS = 150
#: A candidate with fewer distinct content words has its agreement scaled down.
FULL_SIZE = 5
#: Share of a candidate's content words the lead must contain for it to be chosen.
MIN_AGREEMENT = 0.3
# Weights of the other evidence, in units of agreement.
_REPEATED = 0.25
_NEAR = 0.15
_SENTENCE_END = 0.3
_SENTENCE_PUNCT = (".", ",", ";")
_BODY_LINE_END = (".", "!", "?", ";", ":", ",")


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
    """Index of the headline: the headline-shaped line near the body with the best
    evidence, else (no line agrees with the lead) the most repeated or nearest one."""
    counts = _repetitions(lines)
    low = max(0, start - title_window)
    candidates = [i for i in range(low, start) if _title_like(lines[i])]
    # The article region may begin at the headline itself, but not with a sentence that
    # inline links split over lines (its next line goes on in lower case).
    if (
        start < len(lines)
        and _title_like(lines[start])
        and not _ends_like_body(lines[start])
        and not _continues(lines, start)
    ):
        candidates.append(start)
    if not candidates:
        return None
    chosen = _best_supported(lines, candidates, start, title_window, counts)
    if chosen is not None:
        return chosen
    # A repeated line ending in a full stop is a placeholder ("No comments yet."),
    # not a headline, which rarely ends with a period.
    above = [i for i in candidates if i < start] or candidates
    repeated = [i for i in above if counts[lines[i].key] >= 2 and not lines[i].text.endswith(".")]
    if repeated:
        # Most repeated wins; ties go to the line nearest the body.
        return max(repeated, key=lambda i: (counts[lines[i].key], i))
    return max(above)


def _continues(lines: Sequence[Line], index: int) -> bool:
    """True when the line after ``index`` goes on with the same sentence."""
    following = lines[index + 1].text.lstrip() if index + 1 < len(lines) else ""
    return following[:1].islower()


def _ends_like_body(line: Line) -> bool:
    return line.text.rstrip().endswith(_BODY_LINE_END)


def _states_a_date(text: str) -> bool:
    """A line stating a full date ("Created: Wednesday, 09 Jan 2008") is a dateline; the
    digit test spares the date patterns the many lines without a year."""
    return any(ch.isdigit() for ch in text) and parse_date(text) is not None


def _repetitions(lines: Sequence[Line]) -> Counter[str]:
    """How often each line, and each part of a ``Title | Site`` line, occurs on the page."""
    counts: Counter[str] = Counter()
    for line in lines:
        counts[line.key] += 1
        for part in _TITLE_SEPARATORS_RE.split(line.text):
            part_key = text_key(part)
            if part_key and part_key != line.key:
                counts[part_key] += 1
    return counts


def _content_words(text: str) -> list[str]:
    function_words = load_prose_function_words()
    return [
        w
        for w in _WORD_RE.findall(text.lower())
        if w not in function_words and (len(w) > 2 or w.isdigit())
    ]


def _lead(lines: Sequence[Line], start: int) -> Counter[str]:
    """The content words of the article's first paragraphs (page chrome left out)."""
    words: list[str] = []
    for line in lines[start:]:
        if not line.chrome:
            words.extend(_content_words(line.text))
            if len(words) >= LEAD_WORDS:
                break
    return Counter(words)


def _best_supported(
    lines: Sequence[Line],
    candidates: Sequence[int],
    start: int,
    title_window: int,
    counts: Counter[str],
) -> int | None:
    """The candidate with the best evidence among those that agree with the lead."""
    lead = _lead(lines, start)
    best: tuple[float, int] | None = None
    for i in candidates:
        words = set(_content_words(lines[i].text))
        if not words:
            continue
        pool = lead - Counter(words) if i >= start else lead  # a body line is not its own lead
        agreement = sum(1 for w in words if pool[w] > 0) / len(words)
        if agreement < MIN_AGREEMENT:
            continue
        text = lines[i].text.rstrip()
        score = (
            agreement * min(1.0, len(words) / FULL_SIZE)
            + _REPEATED * (counts[lines[i].key] >= 2 and not text.endswith("."))
            + _NEAR * (1 - abs(start - i) / (title_window + 1))
            - _SENTENCE_END * text.endswith(_SENTENCE_PUNCT)
        )
        if best is None or score > best[0]:
            best = (score, i)
    return best[1] if best is not None else None


def _title_like(line: Line) -> bool:
    if line.chrome:
        return False
    if not 3 <= line.words <= 30 or len(line.text) > 250:
        return False
    if BYLINE_RE.fullmatch(line.text) or line.dateline or _states_a_date(line.text):
        return False
    return not (line.text.endswith(".") and line.words > 20)


def _repeats_title(line: Line, title_key: str) -> bool:
    if line.key == title_key:
        return True
    if title_key in line.key and len(line.key) <= 2 * len(title_key) + 40:
        parts = {text_key(p) for p in _TITLE_SEPARATORS_RE.split(line.text)}
        return title_key in parts
    return False
