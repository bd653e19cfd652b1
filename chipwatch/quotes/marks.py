"""Quotation marks: which marks open and close a quote, and the quoted spans of a text.

Scraped pages mix typographic (“ ”) and straight (") double quotes, leave marks
unbalanced, and continue a quote over several paragraphs by opening each new paragraph
with a mark and closing only the last. The pairing here never fails: a mark it cannot
pair is left out, and a quote still open at the end of a paragraph either goes on (the
next paragraph opens with a mark) or is dropped. Single quotes are not paired: in news
text they mark nested quotes and headline scare quotes, which stay inside their span.
"""

from __future__ import annotations

import re

__all__ = ["QUOTE_MARKS", "quote_spans", "quote_text"]

_OPENERS = "“„«"
_CLOSERS = "”»"
_STRAIGHT = '"'
#: Every double quotation mark; a sentence holding one may hold a direct quote.
QUOTE_MARKS = _OPENERS + _CLOSERS + _STRAIGHT
_BEFORE_OPEN = " \t([{—–-/:;"


def _role(line: str, i: int) -> str:
    """``open`` or ``close`` for the mark at ``line[i]``, from the mark and its neighbours."""
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    if line[i] in _OPENERS:
        return "open"
    if line[i] in _CLOSERS and not (before in _BEFORE_OPEN and not after.isspace()):
        return "close"
    # A straight mark (or a closer used as an opener): spaces tell which side it is on.
    if before in _BEFORE_OPEN and not after.isspace():
        return "open"
    return "close"


def _line_spans(
    line: str, offset: int, carried: int | None
) -> tuple[list[tuple[int, int]], int | None]:
    """Pair the marks of one paragraph; ``carried`` is a quote left open by the one before.

    Returns the closed spans (inner offsets in the whole text) and the opening offset of a
    quote still open at the end of the line.
    """
    spans: list[tuple[int, int]] = []
    opened = carried
    for i, char in enumerate(line):
        if char not in QUOTE_MARKS:
            continue
        role = _role(line, i)
        if role == "open":
            if opened is None or opened >= offset:
                # A second opener on one line means the first was never closed: restart.
                opened = offset + i + 1
        elif opened is not None:
            spans.append((opened, offset + i))
            opened = None
    return spans, opened


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The text inside each pair of double quotation marks: ``(start, end)`` offsets.

    A quote may run over paragraphs when every new paragraph opens with a mark (the
    news convention); a quote still open where the next paragraph does not open with a
    mark is unbalanced and left out.
    """
    spans: list[tuple[int, int]] = []
    carried: int | None = None
    lines = text.split("\n")
    pos = 0
    for n, line in enumerate(lines):
        found, carried = _line_spans(line, pos, carried)
        spans.extend(found)
        pos += len(line) + 1
        if carried is not None:
            nxt = lines[n + 1].lstrip() if n + 1 < len(lines) else ""
            if not (nxt and nxt[0] in QUOTE_MARKS and _role(nxt, 0) == "open"):
                carried = None
    return [(s, e) for s, e in spans if e > s]


_BREAK = re.compile(r"\s*\n\s*[" + QUOTE_MARKS + r"]?\s*")


def quote_text(text: str, start: int, end: int) -> str:
    """The words of a quoted span as a row shows them: paragraph breaks (and the mark
    that reopens the quote) become one space, and the comma before the closing mark goes."""
    inner = _BREAK.sub(" ", text[start:end]).strip()
    return inner[:-1].rstrip() if inner.endswith(",") else inner
