"""The lines around the body that the metadata parser reads, and in what order.

:mod:`chipwatch.metadata` only parses text; which lines to look at is decided here, where
the body is known, so a date line belonging to an appended second story is never offered.
"""

from __future__ import annotations

from collections.abc import Sequence

from chipwatch.clean.lines import Line
from chipwatch.clean.patterns import END, NEXT
from chipwatch.clean.reasons import REASON_BYLINE, REASON_DATELINE, REASON_TITLE
from chipwatch.metadata import ExtractedMetadata, extract_metadata

__all__ = ["read_metadata"]

# Lines below the body searched for a byline or date (before any second story starts).
_TAIL_WINDOW = 8
#: Lines below another copy of the headline searched for its byline and date.
_UNDER_COPY = 10


def read_metadata(
    lines: Sequence[Line],
    title_index: int | None,
    *,
    title_window: int,
    dayfirst: bool | None = None,
) -> ExtractedMetadata:
    """Offer the non-body lines around the headline to :func:`extract_metadata`.

    Lines between the headline and the body come first (where bylines and datelines
    sit), then lines above the headline, nearest first, then the lines under the
    headline's other copies (a page header far above a long lead-in keeps its byline
    and date there), then bylines/datelines dropped inside the body; the tail is a few
    lines below the body, cut at a ``next``/``end`` marker so that an appended story's
    date is never read as ours.

    Args:
        lines: the page's non-blank lines, with their drop reasons decided.
        title_index: index of the headline in ``lines``, if one was found.
        title_window: how many lines above the body are offered.
        dayfirst: force the order of ambiguous numeric dates (None: by the page).
    """
    body = [i for i, line in enumerate(lines) if line.reason is None and not line.is_title]
    if body:
        first, last = body[0], body[-1]
    else:
        first = title_index + 1 if title_index is not None else len(lines)
        last = first - 1
    order: list[int] = []
    if title_index is not None and title_index < first:
        order.extend(range(title_index + 1, first))
        top = title_index
    else:
        top = first
    order.extend(range(top - 1, max(0, first - title_window) - 1, -1))
    order.extend(_under_copies(lines, set(order)))
    order.extend(
        i for i in range(first, last + 1) if lines[i].reason in (REASON_BYLINE, REASON_DATELINE)
    )
    tail: list[tuple[int, str]] = []
    for line in lines[last + 1 : last + 1 + _TAIL_WINDOW]:
        if line.junk is not None and line.junk[1] in (END, NEXT):
            break
        tail.append((line.number, line.text))
    title = lines[title_index].text if title_index is not None else None
    return extract_metadata(
        title=title,
        head=[(lines[i].number, lines[i].text) for i in order if not lines[i].is_title],
        tail=tail,
        page=[(line.number, line.text) for line in lines],
        dayfirst=dayfirst,
    )


def _under_copies(lines: Sequence[Line], seen: set[int]) -> list[int]:
    """Lines just below each other copy of the headline, not offered already and not
    the body's own (a copy inside the story is followed by its prose)."""
    found: list[int] = []
    for index, line in enumerate(lines):
        if line.reason == REASON_TITLE:
            below = range(index + 1, min(len(lines), index + 1 + _UNDER_COPY))
            found.extend(
                i for i in below if i not in seen and lines[i].reason not in (None, REASON_TITLE)
            )
    return found
