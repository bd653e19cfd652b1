"""Dates stated on a page: the project's one parser of written dates, and month names.

Dates are parsed with a small set of explicit patterns rather than a fuzzy date parser, on
purpose: a fuzzy parser fills a missing day or year from today's date, which would turn
"May 2025" or "3 hours ago" into a made-up absolute date. Only a stated day, month and year
give a date. Month names are recognised in English, German, Spanish, French, Portuguese
and Italian. Purely numeric dates are read year first (``2025-01-19``). A date such as
``10/01/2008`` is ambiguous: it is 1 October in the US and 10 January in Britain. It is
read by evidence, in this order: a number that cannot be a month settles it; then the
order the page itself uses (:func:`day_first_evidence`: dates that spell out the month
day first, "15 January 2008", or month first, "January 15, 2008"; numeric dates whose
order is certain; a GMT/BST time or a pound sign); then the separator (dots are day
first, ``19.01.2025``); last the US order of most English pages. A ``dayfirst`` setting
forces the order.

A date already in ISO form (a ``published`` field, a ``--since`` flag) is read with
:func:`parse_iso_date`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from chipwatch.errors import UsageError

__all__ = [
    "COPYRIGHT_RE",
    "MONTH_NAMES",
    "day_first_evidence",
    "is_ambiguous",
    "parse_date",
    "parse_iso_date",
    "states_copyright",
]

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
#: Letters of "copyright" that re.IGNORECASE matches only to themselves and their ASCII
#: case: a line the regex matches holds "(" or "©", or these once lower-cased.
_COPYRIGHT_CORE = "pyr"
_SEGMENT_RE = re.compile(r"\s+[|•·]\s+|\s*\|\s*")
_DATE_LABEL_RE = re.compile(
    r"^(?:(?:first\s+)?published|posted|date|publicado|publicada|veröffentlicht|publié|"
    r"pubblicato)(?:\s+(?:on|am|le|el|em|il))?\s*:?\s*",
    re.IGNORECASE,
)
_MAX_DATE_LINE_WORDS = 16


def states_copyright(text: str) -> bool:
    """True when ``text`` holds a copyright notice (:data:`COPYRIGHT_RE`).

    Most lines hold none, and substring tests rule them out exactly at a sixth of the
    regex's cost (it is tried at every position of every line of a page)."""
    if "(" not in text and "©" not in text and _COPYRIGHT_CORE not in text.lower():
        return False
    return COPYRIGHT_RE.search(text) is not None


def _may_state_year(text: str) -> bool:
    """Every date pattern ends on a year 19xx or 20xx: a text without "19" or "20" holds
    none. A substring test, far cheaper than the patterns' alternations of month names."""
    return "19" in text or "20" in text


def parse_date(text: str, *, dayfirst: bool | None = None) -> tuple[str, str] | None:
    """Find the publication date a short line states, as ``(iso, raw)``.

    Copyright notices are not dates; an "Updated" part of the line is ignored (a line that
    is only an update time gives nothing); relative dates ("3 hours ago") and dates without
    a day or a year give nothing.

    Args:
        text: one stripped line (a dateline, or a byline with a date).
        dayfirst: how to read an ambiguous numeric date (``10/01/2008``): True day first,
            False month first, None by its separator (see the module's docstring).

    Returns:
        ``("YYYY-MM-DD", raw)`` where ``raw`` is the date as shown (the line's segment that
        holds it, without a "Published:" label), or None.
    """
    if not _may_state_year(text) or states_copyright(text):
        return None
    if len(text.split()) > _MAX_DATE_LINE_WORDS:
        return None
    updated = _UPDATED_RE.search(text)
    searched = text[: updated.start()] if updated else text
    best: tuple[int, str] | None = None
    for pattern, (y_group, m_group, d_group) in _DATE_PATTERNS:
        for match in pattern.finditer(searched):
            iso = _to_iso(match, y_group, m_group, d_group, dayfirst=dayfirst)
            if iso is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), iso)
                break
    if best is None:
        return None
    start, iso = best
    return iso, _raw_segment(text, start)


def _to_iso(
    match: re.Match[str], y_group: str, m_group: str, d_group: str, *, dayfirst: bool | None
) -> str | None:
    year = int(match.group(y_group))
    if m_group == "mn":
        month = MONTH_NAMES[match.group("mn").casefold()]
        day = int(match.group(d_group))
    elif m_group == "a":
        first, second = int(match.group("a")), int(match.group("b"))
        if _reads_day_first(first, second, match.group("sep"), dayfirst):
            day, month = first, second
        else:
            month, day = first, second
    else:
        month, day = int(match.group(m_group)), int(match.group(d_group))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _reads_day_first(first: int, second: int, separator: str, dayfirst: bool | None) -> bool:
    if first > 12 or second > 12:
        return first > 12
    if dayfirst is not None:
        return dayfirst
    return separator == "."


_DAY_MONTH_RE = re.compile(
    rf"(?<!\d)\d{{1,2}}{_ORDINAL}\.?\s+(?:of\s+)?(?:{_MONTH_ALT})\b\.?,?\s+(?:19|20)\d\d(?!\d)",
    re.IGNORECASE,
)
_MONTH_DAY_RE = re.compile(
    rf"\b(?:{_MONTH_ALT})\b\.?\s+\d{{1,2}}{_ORDINAL},?\s+(?:19|20)\d\d(?!\d)", re.IGNORECASE
)
_NUMERIC_RE = re.compile(r"(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(?:19|20)\d\d(?!\d)")
_DAY_FIRST_LOCALE_RE = re.compile(r"\b(?:GMT|BST)\b|£")


def is_ambiguous(text: str) -> bool:
    """True when ``text`` holds a numeric date that reads as two dates (``10/01/2008``)."""
    return _may_state_year(text) and any(
        int(first) <= 12 and int(second) <= 12 and first != second
        for first, _, second in _NUMERIC_RE.findall(text)
    )


def day_first_evidence(texts: Iterable[str]) -> bool | None:
    """Whether a page writes dates day first, by what it shows elsewhere (None: no sign).

    Each date that spells out its month counts for its order ("15 January 2008" day
    first, "January 15, 2008" month first), as does each numeric date that only one
    order makes valid ("25/01/2008"); a GMT or BST time or a pound sign counts once for
    day first. The larger count decides; a tie is no evidence.
    """
    day = month = 0
    locale = False
    for text in texts:
        locale = locale or bool(_DAY_FIRST_LOCALE_RE.search(text))
        if not _may_state_year(text):
            continue
        day += len(_DAY_MONTH_RE.findall(text))
        month += len(_MONTH_DAY_RE.findall(text))
        for first, _, second in _NUMERIC_RE.findall(text):
            if int(first) > 12 >= int(second):
                day += 1
            elif int(second) > 12 >= int(first):
                month += 1
    day += locale
    if day == month:
        return None
    return day > month


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
