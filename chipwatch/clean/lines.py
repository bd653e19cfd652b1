"""Per-line features of a page dump: comparison key, word and stopword counts, sentence
end, junk-pattern match, site chrome, dateline.

A dump holds one visible HTML text node per line, so a line is the unit every later step
judges. The comparison key and the sentence-end test are the cleaner's own copies of
helpers the project shares elsewhere; they live here only, so they can be swapped in one
place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from chipwatch.clean.patterns import JunkPatterns
from chipwatch.clean.prefilter import trie_alternation
from chipwatch.lexicon import text_key
from chipwatch.models import Document
from chipwatch.sentences import ends_like_sentence

__all__ = [
    "BYLINE_RE",
    "LETTER_WORD_RE",
    "Line",
    "is_byline",
    "is_dateline",
    "line_features",
    "lower_words",
]

_WORD_RE = re.compile(r"\w+")
#: Each ASCII byte that is not a word character (``\w``: letters, digits, "_") as a space.
_NON_WORD_TO_SPACE = bytes(
    c if c < 128 and (chr(c).isalnum() or chr(c) == "_") else ord(" ") for c in range(256)
)
LETTER_WORD_RE = re.compile(r"[^\W\d_]+")
#: An author line ("By ...", "Von ...", "Por ...", "Par ..."), matched in full.
BYLINE_RE = re.compile(
    r"(by|von|por|par|di|de|from|posted by|written by|words by|text by|reporting by)"
    r"(?:\s*:\s*|\s+)(\S+\s*){0,8}",
    re.IGNORECASE,
)
#: The most whitespace-separated parts a line :data:`BYLINE_RE` matches can hold: two
#: of the prefix ("posted by"), a colon standing alone, and the eight of the name.
_BYLINE_MAX_PARTS = 11
# Full month names and only the unambiguous abbreviations: a dateline is recognised by
# its words alone, so the parser's short forms that are also words ("mag", "set", "out",
# "gen") would make "le mag" a dateline. Dates themselves are parsed by ``dates``.
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december|januar|februar|märz|mai|juni|juli|"
    "oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    "noviembre|diciembre|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|"
    "novembre|décembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|"
    "dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
)
_DATE_WORDS = (
    "updated|update|published|posted|last|modified|edited|created|am|pm|a\\.m\\.|p\\.m\\.|"
    "gmt|utc|et|edt|est|pt|pdt|pst|bst|cet|cest|ist|jst|hkt|on|at|de|del|le|am|um|"
    "mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "ago|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|yesterday|today|just now|"
    "aktualisiert|actualizado|publicado|mis à jour|publié|aggiornato|pubblicato"
)
_MONTH_TRIE = trie_alternation(_MONTHS.split("|"))
_DATE_TOKEN_RE = re.compile(
    rf"^(?:\d+(?:st|nd|rd|th|am|pm)?|{_MONTH_TRIE}|{_DATE_WORDS})\.?$",
    re.IGNORECASE,
)
# An ISO 8601 time stamp ("2019-11-13T23:06:08+01:00"), as pages print machine dates.
_ISO_STAMP_RE = re.compile(
    r"\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?\b"
)
_DATELINE_SPLIT_RE = re.compile(r"[\s,/|·•()\-–—:]+")
_NUMERIC_DATE_RE = re.compile(r"[\d:.\-/]+")
# What makes a short line a date rather than a number: a month, a year, a clock time
# (also "5:30PM"), a numeric date or a relative time. Searched in the lower-cased line:
# a case-insensitive alternation of month names costs three times as much, on nearly
# every line; the month names are a trie, which halves the cost again. Only non-ASCII
# lines still need it (see _has_date_evidence).
_DATE_EVIDENCE_RE = re.compile(
    rf"\b{_MONTH_TRIE}\b\.?|\b(?:19|20)\d\d\b|\b\d{{1,2}}:\d\d(?!\d)|"
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\bago\b"
)
#: The words of ``_DATE_EVIDENCE_RE`` (months, "ago"), and its alternatives with digits.
_EVIDENCE_WORDS = frozenset([*_MONTHS.split("|"), "ago"])
_DIGIT_EVIDENCE_RE = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d(?!\d)|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b"
)


@dataclass(slots=True)
class Line:
    """Working state of one non-blank raw line while a document is cleaned."""

    number: int
    text: str
    key: str
    words: int
    stops: int
    sentence_end: bool
    # The fields up to ``dateline`` are the line's number, its text and its
    # :data:`_Features`, in that order: :func:`line_features` passes them by position.
    junk: tuple[str, str] | None = None
    shared: bool = False
    dateline: bool = False
    is_title: bool = False
    reason: str | None = None

    @property
    def stop_density(self) -> float:
        return self.stops / self.words if self.words else 0.0

    @property
    def chrome(self) -> bool:
        return self.junk is not None or self.shared


def is_byline(text: str) -> bool:
    """Whether ``text`` is an author line (:data:`BYLINE_RE` matches it in full).

    Most lines are longer than a byline can be: a split that stops past
    ``_BYLINE_MAX_PARTS`` parts rules them out, sparing the regex, whose repeated name
    part backtracks over every way to cut a long line (``\\s`` and ``str.split`` agree
    on what whitespace is)."""
    return (
        len(text.split(None, _BYLINE_MAX_PARTS)) <= _BYLINE_MAX_PARTS
        and BYLINE_RE.fullmatch(text) is not None
    )


def is_dateline(line: Line) -> bool:
    """A short line made (almost) only of date and time words: a dateline."""
    if line.words == 0 or line.words > 12:
        return False
    return _is_dateline(line.text, _words(line.text))


def _words(text: str) -> list[str]:
    """The words (``\\w+``) of the case-folded ``text``.

    An ASCII line is split by translating its non-word bytes to spaces, four times
    faster than the regex (casefold is lower there, and ``\\w`` is ``[A-Za-z0-9_]``):
    this runs on every new line of every page."""
    if text.isascii():
        return text.lower().encode().translate(_NON_WORD_TO_SPACE).decode().split()
    return _WORD_RE.findall(text.casefold())


def lower_words(text: str) -> list[str]:
    """The words (``\\w+``) of the lower-cased ``text`` (an ASCII line is split as in
    :func:`_words`, where lower-casing and case folding agree)."""
    if text.isascii():
        return text.lower().encode().translate(_NON_WORD_TO_SPACE).decode().split()
    return _WORD_RE.findall(text.lower())


def _is_dateline(text: str, words: list[str]) -> bool:
    """:func:`is_dateline` of a line's text and its words (``\\w+`` of the case-folded
    text)."""
    if not words or len(words) > 12 or not _has_date_evidence(text, words):
        return False
    tokens = [t for t in _DATELINE_SPLIT_RE.split(_ISO_STAMP_RE.sub(" 2000 ", text)) if t]
    if not tokens:
        return False
    matched = 0
    for token in tokens:
        bare = token.strip(".:")
        if not bare or _DATE_TOKEN_RE.match(bare) or _NUMERIC_DATE_RE.fullmatch(bare):
            matched += 1
    return matched >= max(1, len(tokens) - 1) and matched / len(tokens) >= 0.75


def _has_date_evidence(text: str, words: list[str]) -> bool:
    """Whether ``_DATE_EVIDENCE_RE`` finds something in the lower-cased ``text``.

    In ASCII text the words are those of the lower-cased text, so a month or "ago"
    standing alone is a word of the set, and the other alternatives need a digit, which
    only a word that is not all letters holds: two cheap tests spare most short lines
    the regex, tried at every position."""
    if not text.isascii():
        return _DATE_EVIDENCE_RE.search(text.lower()) is not None
    if not _EVIDENCE_WORDS.isdisjoint(words):
        return True
    if all(map(str.isalpha, words)):
        return False
    return _DIGIT_EVIDENCE_RE.search(text) is not None


#: Features of a line that depend on its text alone: key, words, stops, sentence end,
#: junk match, shared, dateline (the order of :class:`Line`'s fields after ``text``).
_Features = tuple[str, int, int, bool, "tuple[str, str] | None", bool, bool]
#: Lines of at most this many words have their features remembered: menus, labels and
#: footers recur on every page of a site; long prose lines rarely recur.
CACHED_MAX_WORDS = 12
#: The most lines a cache holds before it starts over (memory stays bounded).
CACHE_SIZE = 100_000


#: The cache of a call given none: always empty.
_NOTHING_REMEMBERED: dict[str, _Features] = {}


def line_features(
    document: Document,
    *,
    patterns: JunkPatterns,
    stopwords: frozenset[str],
    shared: frozenset[str],
    max_shared_words: int,
    cache: dict[str, _Features] | None = None,
) -> list[Line]:
    """The non-blank lines of ``document`` with their features, in raw order.

    Args:
        document: the decoded raw page dump.
        patterns: junk patterns each line is matched against.
        stopwords: function words, for the stopword density.
        shared: keys of lines the fitted corpus shares (site chrome).
        max_shared_words: shared lines longer than this are not chrome.
        cache: features of short lines already seen, by text, kept across the documents
            of one fitted corpus (the arguments above must not change between calls).
    """
    result: list[Line] = []
    append = result.append
    remembered: Callable[[str], _Features | None] = (
        cache.get if cache is not None else _NOTHING_REMEMBERED.get
    )
    for number, raw in enumerate(document.lines, start=1):
        text = raw.strip()
        if not text:
            continue
        known = remembered(text)
        if known is None:
            known = _features(text, patterns, stopwords, shared, max_shared_words)
            if cache is not None and known[1] <= CACHED_MAX_WORDS:
                if len(cache) >= CACHE_SIZE:
                    cache.clear()
                cache[text] = known
        # By position: keyword arguments cost twice as much, on every line of a page.
        append(Line(number, text, *known))
    return result


def _features(
    text: str,
    patterns: JunkPatterns,
    stopwords: frozenset[str],
    shared: frozenset[str],
    max_shared_words: int,
) -> _Features:
    words = _words(text)
    key = text_key(text)
    count = len(words)
    # Numbers (scores, table cells) recur across pages without being chrome.
    is_shared = (
        key in shared and count <= max_shared_words and LETTER_WORD_RE.search(key) is not None
    )
    return (
        key,
        count,
        sum(map(stopwords.__contains__, words)),
        ends_like_sentence(text),
        patterns.match(text),
        is_shared,
        _is_dateline(text, words),
    )
