"""Dates stated on a page: the project's one parser of written dates, and month names.

Dates are parsed with a small set of explicit patterns rather than a fuzzy date parser, on
purpose: a fuzzy parser fills a missing day or year from today's date, which would turn
"May 2025" or "3 hours ago" into a made-up absolute date. Only a stated day, month and year
give a date. Month names are recognised in English, German, Spanish, French, Portuguese
and Italian. Purely numeric dates are read year first (``2025-01-19``), or day first when
separated by dots (``19.01.2025``); with slashes the day comes first only when the first
number cannot be a month, else month first (the US order of most English pages).

A date already in ISO form (a ``published`` field, a ``--since`` flag) is read with
:func:`parse_iso_date`.
"""

from __future__ import annotations

import datetime as dt
import re

from chipwatch.errors import UsageError

__all__ = ["COPYRIGHT_RE", "MONTH_NAMES", "parse_date", "parse_iso_date"]

_MONTHS_BY_NUMBER = (
    "january jan januar janvier janeiro gennaio enero ene gen jänner",
    "february feb februar février fevrier fevereiro fev febbraio febrero",
    "march mar märz maerz marz mars março marco marzo",
    "april apr avril abril aprile abr avr",
    "may mai mayo maio maggio mag",
    "june jun juni juin junho giugno junio",
    "july jul juli juillet julho luglio julio lug",
    "august aug août aout agosto ago",
    "september sep sept septembre setembro settembre septiembre set",
    "october oct oktober octobre outubro ottobre octubre okt out ott",
    "november nov novembre novembro noviembre",
    "december dec dezember décembre decembre dezembro dicembre diciembre dez dic déc",
)
#: Month names and abbreviations of six languages (lower case) → month number.
MONTH_NAMES: dict[str, int] = {
    word: number
    for number, names in enumerate(_MONTHS_BY_NUMBER, start=1)
    for word in names.split()
}
_MONTH_ALT = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))

_ORDINAL = r"(?:st|nd|rd|th|er|º|°)?"
_WEEKDAY_OR_SPACE = r"[\s,]*"
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, str, str]], ...] = (
    # 2025-01-19, 2025/01/19, 2025.01.19
    (
        re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
        ("y", "m", "d"),
    ),
    # 31 May 2025, 31. Mai 2025, 31 de mayo de 2025, 1er juin 2025
    (
        re.compile(
            rf"(?<!\d)(?P<d>\d{{1,2}}){_ORDINAL}\.?\s*(?:de\s+|of\s+)?(?P<mn>{_MONTH_ALT})\b\.?"
            rf"{_WEEKDAY_OR_SPACE}(?:de\s+|del\s+)?(?P<y>(?:19|20)\d\d)(?!\d)",
            re.IGNORECASE,
        ),
        ("y", "mn", "d"),
    ),
    # May 31, 2025; Sept. 3 2025
    (
        re.compile(
            rf"\b(?P<mn>{_MONTH_ALT})\b\.?\s*(?P<d>\d{{1,2}}){_ORDINAL},?\s+(?P<y>(?:19|20)\d\d)"
            r"(?!\d)",
            re.IGNORECASE,
        ),
        ("y", "mn", "d"),
    ),
    # 19.01.2025, 01/19/2025, 19/01/2025
    (
        re.compile(
            r"(?<!\d)(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)"
        ),
        ("y", "a", "b"),
    ),
)
_UPDATED_RE = re.compile(
    r"\b(?:last\s+)?(?:updated|update|modified|edited|aktualisiert|actualizado|atualizado|"
    r"mis\s+à\s+jour|aggiornato)\b",
    re.IGNORECASE,
)
#: A copyright notice: its year is not a publication date.
COPYRIGHT_RE = re.compile(r"©|\(c\)|\bcopyright\b", re.IGNORECASE)
_SEGMENT_RE = re.compile(r"\s+[|•·]\s+|\s*\|\s*")
_DATE_LABEL_RE = re.compile(
    r"^(?:(?:first\s+)?published|posted|date|publicado|publicada|veröffentlicht|publié|"
    r"pubblicato)(?:\s+(?:on|am|le|el|em|il))?\s*:?\s*",
    re.IGNORECASE,
)
_MAX_DATE_LINE_WORDS = 16


def parse_date(text: str) -> tuple[str, str] | None:
    """Find the publication date a short line states, as ``(iso, raw)``.

    Copyright notices are not dates; an "Updated" part of the line is ignored (a line that
    is only an update time gives nothing); relative dates ("3 hours ago") and dates without
    a day or a year give nothing.

    Args:
        text: one stripped line (a dateline, or a byline with a date).

    Returns:
        ``("YYYY-MM-DD", raw)`` where ``raw`` is the date as shown (the line's segment that
        holds it, without a "Published:" label), or None.
    """
    if COPYRIGHT_RE.search(text) or len(text.split()) > _MAX_DATE_LINE_WORDS:
        return None
    updated = _UPDATED_RE.search(text)
    searched = text[: updated.start()] if updated else text
    best: tuple[int, str] | None = None
    for pattern, (y_group, m_group, d_group) in _DATE_PATTERNS:
        for match in pattern.finditer(searched):
            iso = _to_iso(match, y_group, m_group, d_group)
            if iso is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), iso)
                break
    if best is None:
        return None
    start, iso = best
    return iso, _raw_segment(text, start)


def _to_iso(match: re.Match[str], y_group: str, m_group: str, d_group: str) -> str | None:
    year = int(match.group(y_group))
    if m_group == "mn":
        month = MONTH_NAMES[match.group("mn").casefold()]
        day = int(match.group(d_group))
    elif m_group == "a":
        first, second = int(match.group("a")), int(match.group("b"))
        if match.group("sep") == "." or first > 12:
            day, month = first, second
        else:
            month, day = first, second
    else:
        month, day = int(match.group(m_group)), int(match.group(d_group))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _raw_segment(text: str, start: int) -> str:
    """The ``|``/``•``-separated part of ``text`` holding position ``start``, label removed."""
    seg_start, seg_end = 0, len(text)
    for separator in _SEGMENT_RE.finditer(text):
        if separator.end() <= start:
            seg_start = separator.end()
        elif separator.start() >= start:
            seg_end = separator.start()
            break
    segment = text[seg_start:seg_end].strip()
    return _DATE_LABEL_RE.sub("", segment) or segment


def parse_iso_date(value: str) -> dt.date:
    """An ISO date ``YYYY-MM-DD`` (a longer ISO timestamp is cut to its date).

    Raises:
        UsageError: the value is not an ISO date.
    """
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except (ValueError, AttributeError) as exc:
        raise UsageError(f"'{value}' is not a date. Use the ISO form YYYY-MM-DD.") from exc
