"""Keyword in context: every place a phrase or an entity occurs, with the words around it.

An analyst checking a count ("44 mentions of the United States?") wants to see the
sentences. :func:`kwic` finds the occurrences in the *cleaned* text (so page menus and
share buttons never show up) and returns one row per occurrence with the raw line number,
so each row can be checked against the original file.

A term the gazetteer (or the entity layer) knows is looked up as an entity: ``"United
States"`` finds the mentions written ``US``, ``U.S.`` or ``America``, exactly the ones
the entity tables count. Any other term is searched as a case-insensitive whole-word
phrase.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from chipwatch.gazetteer import normalize_name
from chipwatch.models import FILE, KWIC_COLUMNS, LEFT, LINE, MATCH, RIGHT, CleanDocument, Mention
from chipwatch.sentences import ELLIPSIS
from chipwatch.table import Table

if TYPE_CHECKING:
    from chipwatch.gazetteer import Gazetteer

__all__ = ["KWIC_COLUMNS", "LEFT", "MATCH", "RIGHT", "align", "find_phrase", "kwic"]


_APOSTROPHES = "'\u2019\u2018\u02bc"
_CLOSERS = frozenset(".,;:!?)]}'\"\u2019\u201d")


def _phrase_pattern(term: str, *, ignore_case: bool) -> re.Pattern[str]:
    """Whole-word pattern; any run of spaces matches any whitespace.

    Apostrophes match their typographic forms too, so ``China's`` finds ``China’s``.
    """
    words = term.split()
    parts = []
    quote = f"[{_APOSTROPHES}]"
    for word in words:
        parts.append("".join(quote if ch in _APOSTROPHES else re.escape(ch) for ch in word))
    body = r"\s+".join(parts)
    # Lookarounds instead of \b: a term may start or end with punctuation ("U.S.").
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE if ignore_case else 0)


def find_phrase(term: str, text: str, *, ignore_case: bool = True) -> list[tuple[int, int]]:
    """Character spans of every whole-word occurrence of ``term`` in ``text``.

    Args:
        term: words separated by spaces; they match across any whitespace.
        text: the text searched.
        ignore_case: case-insensitive (for free phrases); entity forms are matched with
            their case, as the gazetteer does, so the alias "US" never finds "us".
    """
    if not term.split():
        return []
    pattern = _phrase_pattern(term, ignore_case=ignore_case)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _left(text: str, width: int) -> str:
    """The last ``width`` characters of ``text``, starting at a word, "…" when cut."""
    text = _squash(text)
    if len(text) <= width:
        return text
    room = max(width - 1, 0)
    cut = text[len(text) - room :]
    # Drop a partial first word (unless it is the only word there is).
    if not text[len(text) - room - 1].isspace() and " " in cut:
        cut = cut[cut.index(" ") + 1 :]
    return ELLIPSIS + cut.lstrip()


def _right(text: str, width: int) -> str:
    """The first ``width`` characters of ``text``, ending at a word, "…" when cut."""
    text = _squash(text)
    if len(text) <= width:
        return text
    room = max(width - 1, 0)
    cut = text[:room]
    if not text[room].isspace() and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + ELLIPSIS


def _line_starts(doc: CleanDocument) -> list[int]:
    starts, pos = [], 0
    for line in doc.lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts


def _entity_name(
    term: str, mentions: Sequence[Mention] | None, gazetteer: Gazetteer | None
) -> str | None:
    """The canonical entity ``term`` names, or ``None`` when it is just a phrase."""
    if gazetteer is not None:
        entry = gazetteer.canonical(term)
        if entry is not None:
            return entry.name
    if mentions:
        wanted = normalize_name(term).casefold()
        # Entities the model found that the gazetteer does not list ("Tamilla Hasanova").
        names = sorted({m.entity for m in mentions if m.entity.casefold() == wanted})
        if names:
            return names[0]
    return None


def _entity_forms(name: str, gazetteer: Gazetteer | None) -> list[str]:
    if gazetteer is None:
        return [name]
    entry = gazetteer.entry(name)
    return list(entry.forms()) if entry is not None else [name]


def kwic(
    term: str,
    docs: Sequence[CleanDocument],
    mentions: Sequence[Mention] | None = None,
    gazetteer: Gazetteer | None = None,
    *,
    width: int = 40,
) -> Table:
    """Keyword-in-context rows for a phrase or a canonical entity: ``KWIC_COLUMNS``
    (a :class:`~chipwatch.table.Table`; ``to_frame()`` gives a DataFrame).

    Args:
        term: a phrase, or any name or alias of an entity ("United States", "U.S.").
        docs: the cleaned documents the mentions' offsets point into.
        mentions: resolved entity mentions of ``docs``. When ``term`` is an entity and
            mentions are given, exactly the mentions of that entity are shown (the ones
            the entity tables count). Without mentions an entity's gazetteer forms are
            searched as phrases instead.
        gazetteer: resolves names and aliases to canonical entities; ``None`` treats
            the term as a phrase unless a mention's entity has that name.
        width: maximum characters of context on each side; context stays within the
            matched line (a paragraph of the cleaned text), is cut at word boundaries
            and starts or ends with "…" where text was left out.

    Returns:
        One row per occurrence, sorted by file name then position. ``line`` is the
        1-based line number in the raw input file; ``match`` is the text as written.
        Empty (with the columns) when nothing matches.
    """
    width = max(width, 1)
    by_name = {doc.name: doc for doc in docs}
    spans = _match_spans(term, by_name, mentions, gazetteer)
    rows: list[dict[str, Any]] = []
    for name in sorted(spans):
        rows.extend(_rows(by_name[name], spans[name], width=width))
    # ``line`` is a number even when no row says so (a terminal aligns it right).
    table = tuple(tuple(row[c] for c in KWIC_COLUMNS) for row in rows)
    return Table(KWIC_COLUMNS, table, frozenset({LINE}))


def _match_spans(
    term: str,
    by_name: Mapping[str, CleanDocument],
    mentions: Sequence[Mention] | None,
    gazetteer: Gazetteer | None,
) -> dict[str, set[tuple[int, int]]]:
    """Where ``term`` occurs in each document: its entity's mentions, or phrase matches."""
    spans: dict[str, set[tuple[int, int]]] = {name: set() for name in by_name}
    entity = _entity_name(term, mentions, gazetteer)
    if entity is not None and mentions is not None:
        for m in mentions:
            if m.entity == entity and m.file in spans:
                spans[m.file].add((m.start, m.end))
        return spans
    phrases = _entity_forms(entity, gazetteer) if entity is not None else [term]
    for name, doc in by_name.items():
        text = doc.text
        for phrase in phrases:
            spans[name].update(find_phrase(phrase, text, ignore_case=entity is None))
    return spans


def _rows(
    doc: CleanDocument, spans: Collection[tuple[int, int]], *, width: int
) -> list[dict[str, Any]]:
    """One row per match in ``doc``, in position order, with its raw line number."""
    text = doc.text
    starts = _line_starts(doc)
    rows: list[dict[str, Any]] = []
    # Longer spans first at one start, then drop spans inside an earlier one, so
    # "U.S. Commerce" and "U.S." overlapping from gazetteer forms give one row.
    taken_until = -1
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < taken_until or not starts:
            continue
        taken_until = end
        index = max(bisect_right(starts, start) - 1, 0)
        line_start = starts[index]
        line_end = line_start + len(doc.lines[index])
        raw_line = doc.line_numbers[index] if index < len(doc.line_numbers) else index + 1
        rows.append(
            {
                FILE: doc.name,
                LINE: raw_line,
                LEFT: _left(text[line_start:start], width),
                MATCH: _squash(text[start:end]),
                RIGHT: _right(text[end : max(line_end, end)], width),
            }
        )
    return rows


def align(frame: Table) -> list[str]:
    """Plain-text concordance lines: left context right-aligned so the matches line up.

    Args:
        frame: a :func:`kwic` result.

    Returns:
        One string per row, ``"<file>:<line>  <left> [match] <right>"``, with the
        ``file:line`` column and the left context padded to their longest value.
    """
    if frame.empty:
        return []
    lefts, matches, rights = frame.column(LEFT), frame.column(MATCH), frame.column(RIGHT)
    where = [f"{f}:{n}" for f, n in zip(frame.column(FILE), frame.column(LINE), strict=True)]
    where_w = max(len(w) for w in where)
    left_w = max(len(str(x)) for x in lefts)
    lines = []
    for w, left, match, right in zip(where, lefts, matches, rights, strict=True):
        # No space before closing punctuation, so "[export controls]." reads as written.
        gap = "" if str(right)[:1] in _CLOSERS else " "
        lines.append(f"{w:<{where_w}}  {left!s:>{left_w}} [{match}]{gap}{right}".rstrip())
    return lines
