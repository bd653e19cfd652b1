"""Tables and score lists: non-prose body text the prose score leaves out.

Sports results, statistics, tour dates and product specifications are rows mixing words
and figures ("Smith 12 points, 3 assists", "June 9 -- Arena, City"). A run of such rows
next to the article belongs to it; a page with no prose at all keeps its longest table.

A table whose cells each arrive on a line of their own ("DL / Larry Ogunjobi / 63 / 85% /
1 tackle") has no row to read, only a rhythm: the shapes of its lines (words, a number,
words mixed with figures) repeat with the row's length. Such a run is a *cell table*:
it neither breaks the article's stretch nor is dropped as a menu when inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import islice

from chipwatch.clean.blocks import Block
from chipwatch.clean.lines import LETTER_WORD_RE
from chipwatch.clean.settings import CleanerSettings

__all__ = ["extend_over_data", "is_table", "mark_cell_tables"]

_DIGIT_RE = re.compile(r"\d")
#: A cell: a figure, with its unit or sign ("63", "85%", "$1.2bn", "-0.4", "3-1").
_FIGURE_RE = re.compile(r"[-+±]?[$€£¥]?\d[\d.,:/-]*\s?(?:%|[a-zA-Z]{1,3})?")
_FIGURE_START = frozenset("-+±$€£¥")
#: The most words of one cell, and the longest row looked for.
CELL_MAX_WORDS = 20
MAX_ROW = 8
#: Rows a run must repeat to be a table.
MIN_ROWS = 3


def _is_data_row(block: Block) -> bool:
    text = " ".join(line.text for line in block.lines)
    return _DIGIT_RE.search(text) is not None and LETTER_WORD_RE.search(text) is not None


def _data_rows(blocks: Sequence[Block], run: Iterable[int]) -> int:
    return sum(1 for i in run if _is_data_row(blocks[i]))


def is_table(blocks: Sequence[Block], index: int, run: int, settings: CleanerSettings) -> bool:
    """A run of short lines that is mostly data rows is a table, not a menu."""
    rows = sum(1 for block in blocks[index : index + run] if _is_data_row(block))
    return rows >= settings.data_run_min and rows >= 0.5 * run


def _data_run(
    blocks: Sequence[Block], indices: Iterable[int], settings: CleanerSettings
) -> list[int]:
    """Blocks of a table or score list, walked in the order of ``indices``.

    A data row mixes words and figures; short cells (a name, a bare number, a position)
    may sit between rows. The run stops at chrome, a dateline, an end marker, the title,
    or two non-row blocks in a row.
    """
    taken: list[int] = []
    gap: list[int] = []
    for i in indices:
        block = blocks[i]
        if block.chrome or block.end_marker or block.words > 2 * settings.long_min_words:
            break
        if any(line.chrome or line.dateline or line.is_title for line in block.lines):
            break
        if _is_data_row(block):
            taken.extend(gap)
            gap = []
            taken.append(i)
        elif block.words <= settings.short_max_words and not gap:
            gap.append(i)
        else:
            break
    return taken


def extend_over_data(
    blocks: Sequence[Block], start: int, end: int, settings: CleanerSettings
) -> tuple[int, int]:
    """Extend the article over tables and score lists right next to it.

    A run of at least ``data_run_min`` rows adjoining the article is taken in, unless it
    is mostly bare cells.
    """
    if start > end:
        return _data_only_body(blocks, start, end, settings)
    for direction in (-1, 1):
        edge = start - 1 if direction < 0 else end + 1
        stop = -1 if direction < 0 else len(blocks)
        run = _data_run(blocks, range(edge, stop, direction), settings)
        rows = _data_rows(blocks, run)
        if rows < settings.data_run_min or rows < 0.5 * len(run):
            continue
        for i in run:
            blocks[i].listed = True
        if direction < 0:
            start = min(run)
        else:
            end = max(run)
    return start, end


def _data_only_body(
    blocks: Sequence[Block], start: int, end: int, settings: CleanerSettings
) -> tuple[int, int]:
    """A page without prose (a results or statistics page) keeps its longest table."""
    best: list[int] = []
    best_rows = 0
    i = 0
    while i < len(blocks):
        run = _data_run(blocks, range(i, len(blocks)), settings) if _is_data_row(blocks[i]) else []
        rows = _data_rows(blocks, run)
        if rows > best_rows:
            best, best_rows = run, rows
        i = max(run) + 1 if run else i + 1
    if best_rows < 2 * settings.data_run_min:
        return start, end
    for j in best:
        blocks[j].listed = True
    return min(best), max(best)


def _cell_shape(block: Block) -> str | None:
    """The shape of a cell: a figure or text (a name, a note: "No stats registered"
    stands where "1 tackle" stood), read on its first line (a cell that goes on in
    lower case was taken for a sentence's continuation); None for what cannot be a cell
    (chrome, a date or time, a paragraph)."""
    if block.chrome or block.words > CELL_MAX_WORDS:
        return None
    if any(part.dateline for part in block.lines):
        return None
    return "figure" if _is_figure(block.lines[0].text) else "text"


def _is_figure(text: str) -> bool:
    # Most lines start with a letter: the regex runs only on those that may be figures.
    return (text[:1].isdigit() or text[:1] in _FIGURE_START) and bool(_FIGURE_RE.fullmatch(text))


def mark_cell_tables(blocks: Sequence[Block]) -> None:
    """Mark as ``listed`` every run of cells whose shapes repeat with a row's
    length for ``MIN_ROWS`` rows or more, with a column of figures and one of text."""
    # Counted only up to MIN_ROWS: the page's first few figures settle it.
    figures = (block for block in blocks if _is_figure(block.lines[0].text))
    if sum(1 for _ in islice(figures, MIN_ROWS)) < MIN_ROWS:
        return
    shapes = [_cell_shape(block) for block in blocks]
    index = 0
    while index < len(blocks):
        if shapes[index] is None:
            index += 1
            continue
        stop = index
        while stop < len(blocks) and shapes[stop] is not None:
            stop += 1
        run = shapes[index:stop]
        if run.count("figure") < MIN_ROWS:
            # No column of figures: a menu, not a table.
            index = stop
            continue
        for low, high in _periodic_runs(run):
            for block in blocks[index + low : index + high]:
                block.listed = True
        index = stop


def _periodic_runs(shapes: Sequence[str | None]) -> list[tuple[int, int]]:
    """The ``(low, high)`` stretches of ``shapes`` that repeat with some row length."""
    found: list[tuple[int, int]] = []
    for row in range(2, MAX_ROW + 1):
        low = 0
        for t in range(len(shapes) - row + 1):
            if t + row < len(shapes) and shapes[t] == shapes[t + row]:
                continue
            high = t + row
            if high - low >= MIN_ROWS * row and _has_columns(shapes[low : low + row]):
                found.append((low, high))
            low = t + 1
    return found


def _has_columns(row: Sequence[str | None]) -> bool:
    return "figure" in row and "text" in row
