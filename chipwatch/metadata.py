"""Article metadata (published date, author, outlet) read from the lines around the body.

A page dump keeps the lines a reader sees next to the headline: a dateline, a byline, a
copyright footer, a ``Title | Site`` header. The cleaner drops them from the body; this
module reads them, so the facts they carry are not lost. It only parses text: *which* lines
to look at, and in what order, is decided by the cleaner (it knows where the body is), so a
date line belonging to an appended second story is never offered here.

Dates are read by :mod:`chipwatch.dates`, the one date parser of the project.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from chipwatch.dates import (
    COPYRIGHT_RE,
    day_first_evidence,
    is_ambiguous,
    parse_date,
    states_copyright,
)
from chipwatch.lexicon import text_key
from chipwatch.models import Metadata

__all__ = [
    "ExtractedMetadata",
    "extract_metadata",
    "parse_author",
    "parse_source",
]

#: ``(line number, stripped text)`` pairs, the unit the cleaner hands over.
NumberedLine = tuple[int, str]

_BYLINE_PREFIX_RE = re.compile(
    r"^(?:(?:written|posted|reported|words|text|story)\s+by|by|von|por|par|"
    r"author|autor|auteur|autore)(?:\s*:\s*|\s+)",
    re.IGNORECASE,
)
_BARE_BYLINE_RE = re.compile(r"^(?:by|von|por|par)\s*:?$", re.IGNORECASE)
# Where a byline's name stops: separators, a comma (job title or outlet follows), a date.
_NAME_END_RE = re.compile(
    r"\s*[|•·,;/(]\s*|\s+[-–—]\s+|\s+(?:on|am|le|el|em|il|at|in|for|updated|published|posted)\s+"
    r"|\s+\d",
    re.IGNORECASE,
)
_NAME_CONNECTORS = frozenset(
    [
        "and",
        "&",
        "und",
        "y",
        "e",
        "et",
        "da",
        "de",
        "del",
        "der",
        "den",
        "di",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "van",
        "von",
        "bin",
        "al",
        "el",
        "zu",
    ]
)
_MAX_NAME_WORDS = 7
# "Share by email", "Sort by date": UI rows that look like bylines.
_NOT_NAMES = frozenset(
    [
        "email",
        "e-mail",
        "mail",
        "phone",
        "print",
        "date",
        "name",
        "category",
        "tag",
        "topic",
        "newest",
        "oldest",
        "popular",
    ]
)

_TITLE_SPLIT_RE = re.compile(r"\s+[|–—-]\s+|\s*\|\s*|\s+::\s+")
#: What every separator of ``_TITLE_SPLIT_RE`` holds: a line with none is not split.
_TITLE_SEPARATOR_MARKS = ("|", "-", "–", "—", "::")
_YEAR_RANGE_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?(?!\d)")
_RIGHTS_RE = re.compile(
    r"\b(?:all\s+rights\s+reserved|alle\s+rechte\s+vorbehalten|todos\s+los\s+derechos"
    r"|tous\s+droits|todos\s+os\s+direitos|tutti\s+i\s+diritti)\b.*$",
    re.IGNORECASE,
)
_SOURCE_CUT_RE = re.compile(r"\.(?:\s|$)|[|,;•·]|\s[-–—]\s")
_MAX_SOURCE_WORDS = 6
_SOURCE_CONNECTORS = frozenset(
    [
        "and",
        "&",
        "of",
        "the",
        "for",
        "de",
        "du",
        "des",
        "la",
        "le",
        "del",
        "di",
        "da",
        "do",
        "der",
        "die",
        "und",
    ]
)
_NOT_SOURCE_STARTS = frozenset(["this", "all", "home", "menu", "photo", "image"])
_MAX_SOURCE_CHARS = 60


@dataclass(frozen=True)
class ExtractedMetadata:
    """Metadata plus the raw lines it was read from (so callers can keep those lines).

    Attributes:
        metadata: the extracted fields.
        date_line: 1-based raw line number of the published date, if one was found.
        author_lines: raw line numbers of the byline (two when "By" stands on its own line).
        source_line: raw line number the outlet name came from.
    """

    metadata: Metadata
    date_line: int | None = None
    author_lines: tuple[int, ...] = ()
    source_line: int | None = None


def parse_author(text: str) -> str | None:
    """The name in a byline ("By Jane Roe", "Von Max Muster | 3. Mai 2025"), else None.

    The name stops at a separator, a comma (a job title or outlet follows), a date or a
    word such as "on"/"updated"; it must look like a name (capitalised words, a few
    connectors such as "and", "de", "van"), which rejects sentences starting with "By ...".
    """
    match = _BYLINE_PREFIX_RE.match(text)
    if match is None or match.end() == 0:
        return None
    return _name(text[match.end() :])


def _name(rest: str) -> str | None:
    name = _NAME_END_RE.split(rest, maxsplit=1)[0].strip(" .:-–—")
    words = name.split()
    if not 1 <= len(words) <= _MAX_NAME_WORDS:
        return None
    for word in words:
        if word.casefold() in _NAME_CONNECTORS:
            continue
        if not (word[0].isupper() or word[0] in "'’"):
            return None
    if words[0].casefold() in _NAME_CONNECTORS or words[-1].casefold() in _NAME_CONNECTORS:
        return None
    if any(word.casefold().strip(".") in _NOT_NAMES for word in words):
        return None
    return name


def parse_source(text: str, *, title: str | None = None) -> str | None:
    """The outlet's name a line states: a copyright notice with a year ("Site © 2025",
    "Copyright 2025 Site. All rights reserved.") or a headline with a site suffix
    ("Title | Site", when ``title`` is given).

    A ``©`` without a year is usually a photo credit, so it gives nothing.
    """
    if title is not None:
        if not any(mark in text for mark in _TITLE_SEPARATOR_MARKS):
            return None  # no separator: one part (a substring test spares the split)
        parts = [p.strip() for p in _TITLE_SPLIT_RE.split(text) if p.strip()]
        if len(parts) < 2:
            return None
        title_key = text_key(title)
        if text_key(text) != title_key:
            keys = [text_key(p) for p in parts]
            if title_key in keys:
                others = [p for p, k in zip(parts, keys, strict=True) if k != title_key]
                return _site_name(others[-1]) if others else None
        return None
    if not states_copyright(text) or not _YEAR_RANGE_RE.search(text):
        return None
    rest = COPYRIGHT_RE.sub(" ", text)
    rest = _YEAR_RANGE_RE.sub(" ", rest)
    rest = _RIGHTS_RE.sub(" ", rest)
    rest = " ".join(rest.split())
    for piece in _SOURCE_CUT_RE.split(rest):
        name = _site_name(piece)
        if name is not None:
            return name
    return None


def _site_name(piece: str) -> str | None:
    name = " ".join(piece.split()).strip(" .:,-–—|•·")
    if not name or len(name) > _MAX_SOURCE_CHARS or len(name.split()) > _MAX_SOURCE_WORDS:
        return None
    if not (name[0].isupper() or name[0].isdigit()):
        return None
    # A name is capitalised words with a few connectors; lower-case words mean a sentence
    # ("This material may not be published").
    lower = [w for w in name.split() if w[0].islower() and w not in _SOURCE_CONNECTORS]
    if lower or name.split()[0].casefold() in _NOT_SOURCE_STARTS:
        return None
    return name


def extract_metadata(
    *,
    title: str | None,
    head: Sequence[NumberedLine],
    tail: Sequence[NumberedLine],
    page: Sequence[NumberedLine],
    dayfirst: bool | None = None,
) -> ExtractedMetadata:
    """Read the main article's metadata from non-body lines chosen by the cleaner.

    Args:
        title: the headline the cleaner kept (copied into the result).
        head: non-body lines next to the headline and above the body, most likely
            first (the cleaner puts lines between headline and body first).
        tail: non-body lines just below the body, before any second story.
        page: every non-blank line of the page, in raw order (for the outlet's name, and
            for the order in which it writes dates).
        dayfirst: force the order of an ambiguous numeric date (``10/01/2008``); None
            decides it by the page's own evidence (:func:`chipwatch.dates.day_first_evidence`).

    Returns:
        The metadata and the raw line numbers it came from. The date and the author are
        taken from ``head`` first, then ``tail``; the outlet from a ``Title | Site`` line,
        else the last copyright notice of the page.
    """
    texts = dict(page)
    published, date_line, author, author_lines = _date_and_author((head, tail), texts, dayfirst)
    source, source_line = _source(title, page)
    return ExtractedMetadata(
        metadata=Metadata(
            title=title,
            published=published[0] if published else None,
            published_raw=published[1] if published else None,
            author=author,
            source=source,
        ),
        date_line=date_line,
        author_lines=author_lines,
        source_line=source_line,
    )


def _date_and_author(
    zones: tuple[Sequence[NumberedLine], ...], texts: dict[int, str], dayfirst: bool | None
) -> tuple[tuple[str, str] | None, int | None, str | None, tuple[int, ...]]:
    """The first date and the first byline in ``zones``, in order, with their line
    numbers; ``texts`` (every line by number) finds the name under a bare "By"."""
    published: tuple[str, str] | None = None
    date_line: int | None = None
    author: str | None = None
    author_lines: tuple[int, ...] = ()
    for zone in zones:
        for number, text in zone:
            if published is None:
                found = parse_date(text, dayfirst=_date_order(text, texts, dayfirst))
                if found is not None:
                    published, date_line = found, number
            if author is None:
                name = parse_author(text)
                if name is not None:
                    author, author_lines = name, (number,)
                elif _BARE_BYLINE_RE.match(text) and number + 1 in texts:
                    name = _name(texts[number + 1])
                    if name is not None:
                        author, author_lines = name, (number, number + 1)
        if published is not None and author is not None:
            break
    return published, date_line, author, author_lines


def _date_order(text: str, texts: dict[int, str], dayfirst: bool | None) -> bool | None:
    """How to read ``text``'s numeric date: as forced, else (only when it is ambiguous, as
    the page's evidence costs a pass over every line) by the page's own order."""
    if dayfirst is not None or not is_ambiguous(text):
        return dayfirst
    return day_first_evidence(texts.values())


def _source(title: str | None, page: Sequence[NumberedLine]) -> tuple[str | None, int | None]:
    """The outlet's name and its line: a ``Title | Site`` line, else the last copyright
    notice of the page."""
    if title is not None:
        # A ``Title | Site`` line holds every word of the title; most lines are skipped
        # by a test for its longest word alone (rarer than its first word, which is
        # often "the" or "a"; exact for ASCII lines, the rest are always parsed).
        probe = max(text_key(title).split(), key=len, default="")
        for number, text in page:
            if probe and text.isascii() and probe not in text.lower():
                continue
            source = parse_source(text, title=title)
            if source is not None:
                return source, number
    for number, text in reversed(page):
        source = parse_source(text)
        if source is not None:
            return source, number
    return None, None
