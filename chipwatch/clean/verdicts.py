"""Verdicts: the drop reason of every line, once the article's stretch is known.

Lines above the stretch are ``before_article``, lines below it ``after_article_end``
(unless a more specific reason applies). Inside it, prose paragraphs are kept whole,
link fragments included, while menus, bylines, datelines and dense non-prose lines
are dropped; a later copy of a kept prose line is dropped as a repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from chipwatch.clean.blocks import BAD, GOOD, NEAR_GOOD, Block, introduced, menu_run
from chipwatch.clean.lines import BYLINE_RE, Line
from chipwatch.clean.patterns import JUNK
from chipwatch.clean.reasons import (
    REASON_AFTER,
    REASON_BEFORE,
    REASON_BOX,
    REASON_BYLINE,
    REASON_CAPTION,
    REASON_DATELINE,
    REASON_DENSITY,
    REASON_JUNK,
    REASON_NAV,
    REASON_REPEAT,
    REASON_SHARED,
)
from chipwatch.clean.settings import CleanerSettings
from chipwatch.clean.tables import is_table
from chipwatch.config import SHINGLE_SIZE
from chipwatch.similarity import shingle_words, word_grams

__all__ = ["drop_captions", "drop_repeats", "mark_inside", "mark_outside"]

#: Share of a prose line's word 5-grams already kept that makes it a repeat.
REPEAT_SHARE = 0.8


def _specific_reason(line: Line) -> str | None:
    if line.junk is not None:
        return f"{REASON_JUNK}:{line.junk[0]}"
    if line.shared:
        return REASON_SHARED
    # The word count first: it rules out most lines without running the regex.
    if line.words <= 8 and BYLINE_RE.fullmatch(line.text):
        return REASON_BYLINE
    if line.dateline:
        return REASON_DATELINE
    return None


def mark_outside(blocks: Sequence[Block], start: int, end: int) -> None:
    """Drop the lines above and below the article's stretch of blocks (the blocks inside
    it are not visited: on most pages they hold most lines)."""
    for block in blocks[:start]:
        for line in block.lines:
            if line.reason is None and not line.is_title:
                line.reason = _specific_reason(line) or REASON_BEFORE
    for block in blocks[max(start, end + 1) :]:
        for line in block.lines:
            if line.reason is None and not line.is_title:
                line.reason = REASON_AFTER


def mark_inside(blocks: Sequence[Block], start: int, end: int, settings: CleanerSettings) -> None:
    """Decide the paragraphs inside the main stretch: prose paragraphs are kept whole
    (link fragments included); lone chrome lines, menus and bylines are dropped."""
    b = start
    while b <= end:
        block = blocks[b]
        if block.boxed:
            _mark_run([block], REASON_BOX)
            b += 1
            continue
        run = _listed_run(blocks, b, end) if block.listed else menu_run(blocks, b, end)
        if block.listed or (
            run >= settings.nav_run_min
            and (introduced(blocks, b) or is_table(blocks, b, run, settings))
        ):
            _mark_run(blocks[b : b + run], None)
            b += run
            continue
        if run >= settings.nav_run_min:
            _mark_run(blocks[b : b + run], REASON_NAV)
            b += run
            continue
        _mark_paragraph(block, settings)
        b += 1


def _listed_run(blocks: Sequence[Block], index: int, end: int) -> int:
    """Number of consecutive list or table blocks from ``index`` (not past ``end``)."""
    run = 1
    while index + run <= end and blocks[index + run].listed:
        run += 1
    return run


def _mark_run(run: Sequence[Block], fallback: str | None) -> None:
    """A list, table or menu: lines without a specific reason get ``fallback`` (None
    keeps them)."""
    for item in run:
        for line in item.lines:
            if line.reason is None and not line.is_title:
                line.reason = _specific_reason(line) or fallback


def _mark_paragraph(block: Block, settings: CleanerSettings) -> None:
    prose = len(block.lines) > 1 and block.cls in (GOOD, NEAR_GOOD)
    for line in block.lines:
        if line.reason is not None or line.is_title:
            continue
        if prose:
            # Inside a paragraph only known junk that ends the line stays out.
            if line.junk is not None and line.junk[1] == JUNK and line.text[0].isupper():
                line.reason = f"{REASON_JUNK}:{line.junk[0]}"
            continue
        reason = _specific_reason(line)
        # Short unpunctuated lines between paragraphs are subheadings; only longer
        # text without function words (tickers, lists of names) is dropped.
        if reason is None and block.cls == BAD and block.words > settings.heading_max_words:
            reason = REASON_DENSITY
        line.reason = reason


def drop_repeats(lines: Sequence[Line], good_min_words: int) -> None:
    """Drop later copies of kept prose: pages that embed the story twice (an AMP or print
    copy, a "most read" box quoting the lead) would else repeat it.

    A copy is rarely split into the same lines as the original, so a prose line is a
    repeat when ``REPEAT_SHARE`` of its word 5-grams were already kept, not only when
    the same line was; the short link fragments between two repeated lines belong to
    the copy too.
    """
    seen: set[tuple[str, ...]] = set()
    repeats: list[int] = []
    # The kept text is read as one stream: a copy split into lines elsewhere than the
    # original (inline links cut one copy into fragments) still shares its word runs.
    tail: list[str] = []
    for index, line in enumerate(lines):
        if line.reason is not None or line.is_title:
            continue
        words = shingle_words(line.text)
        line_grams = word_grams(words)
        if line.words >= good_min_words and len(line_grams & seen) >= REPEAT_SHARE * len(
            line_grams
        ):
            line.reason = REASON_REPEAT
            repeats.append(index)
            continue
        seen.update(line_grams)
        if tail and words:
            seen.update(word_grams(tail + words[: SHINGLE_SIZE - 1]))
        # A line of enough words is its own tail: no need to join the previous one.
        keep = SHINGLE_SIZE - 1
        tail = words[-keep:] if len(words) >= keep else (tail + words)[-keep:]
    for first, second in pairwise(repeats):
        between = [
            i for i in range(first + 1, second) if lines[i].reason is None and not lines[i].is_title
        ]
        # The grams of the lines between two repeats are made again: few pages have two.
        if all(
            lines[i].words < good_min_words and word_grams(shingle_words(lines[i].text)) <= seen
            for i in between
        ):
            for i in between:
                lines[i].reason = REASON_REPEAT


#: The junk pattern group of photo credits ("Photo: Jane Roe/Reuters").
PHOTO_CREDIT = "photo_credit"


#: A copyright sign on a line of its own: the photo's credit follows on the next line.
_COPYRIGHT_SIGNS = frozenset(["©", "(c)", "(C)"])


def _is_credit(line: Line) -> bool:
    return (line.junk is not None and line.junk[0] == PHOTO_CREDIT) or (
        line.text.strip() in _COPYRIGHT_SIGNS
    )


def drop_captions(blocks: Sequence[Block]) -> None:
    """Drop a photo's caption: a kept one-line paragraph right above a photo credit.

    A caption describes the picture ("A shopper looks at extension cords ...") and sits
    on its own line just above its credit line; a paragraph of the story ends with a
    sentence that the next paragraph continues, not with a credit.
    """
    for index, block in enumerate(blocks[1:], start=1):
        first = block.lines[0]
        if not _is_credit(first):
            continue
        above = blocks[index - 1]
        line = above.lines[-1]
        if len(above.lines) == 1 and line.reason is None and not line.is_title and line.words > 2:
            line.reason = REASON_CAPTION
