"""Line-level boilerplate removal for raw page dumps, keeping a reason for every drop.

chipwatch's inputs are text dumps of web pages, one visible HTML text node per line: the
HTML structure that extractors such as trafilatura or boilerpipe rely on is gone, and inline
links split sentences over several lines. The cleaner therefore combines the evidence a dump
keeps:

* per-line features (word count, sentence punctuation, stopword density) give each line a
  class, as in jusText: ``good`` prose, ``near_good``, ``short`` and ``bad``;
* known junk (video-player text, share/follow rows, cookie and newsletter prompts, comment
  forms, "Advertisement", photo credits, ...) comes from an editable TOML resource in several
  UI languages; its ``next`` patterns ("Next Article") and ``end`` patterns ("Related
  Articles", "Leave a Reply") mark where the main story stops;
* cross-corpus repetition: :meth:`Cleaner.fit` learns lines shared by several documents
  (site chrome), order-independently;
* context: the main article is the contiguous stretch of lines with the highest prose
  score (a maximum-sum segment, in the spirit of body-text extraction), so menus before it
  and related lists, footers and appended stories after it fall away, while short link
  fragments *inside* the body survive because their neighbours are prose;
* non-prose body: a list the story announces with a colon at its end (tour dates, a
  roster) and tables or score lists next to or inside it (rows mixing words and figures)
  are taken into the article; a page with no prose at all keeps its longest table;
* teaser lists (a headline, then a lead of one or two lines, several times in a row, with
  perhaps a "More" link under each) do not count as prose, so a box of story teasers
  cannot outweigh a short article;
* a comment thread (dated posts attributed to readers: "Name says:", "on <date> said:")
  does not count as prose either, so a long thread cannot outweigh a short post;
* within-document repetition: the headline is the line that repeats (or the nearest
  headline-like line before the body); it is kept once, as the first line; a second copy
  of a prose line (a page embedding the story twice) is dropped.

Drop reasons (stable codes, shown by ``chipwatch clean --explain``):

``junk_pattern:<name>``
    the line fully matches pattern group ``<name>`` of the junk patterns file.
``shared_across_corpus``
    the line occurs in at least ``min_shared_docs`` documents of the fitted corpus.
``repeated_title``
    another copy of the headline (page header, ``Title | Site``, trailing repeats).
``before_article``
    a line above the main article (menus, category labels, decks, teasers).
``after_article_end``
    a line below the main article: after a ``next`` marker ("Next Article"), an ``end``
    marker ("Related Stories", "Leave a Reply"), a list of links, a run of time-stamped
    posts (comments), or simply after the last body paragraph (footers).
``nav_run``
    part of a run of short, unpunctuated lines inside the article stretch (a menu or a
    list of links).
``byline``
    an author line ("By ...", "Von ...", "Por ...", "Par ...").
``dateline``
    a standalone date/time line ("31 May 2025 14:53", "Updated ...", "3 hours ago").
``repeated_paragraph``
    a later copy of a prose line already kept (a page embedding the story twice).
``low_text_density``
    a line longer than a subheading inside the article stretch with too few function
    words to be prose (tickers, score tables, lists of names).

Blank lines are never reported.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from re import _parser as sre  # type: ignore[attr-defined]  # stable since 3.11; read-only use
from typing import Any

from chipwatch.errors import JunkPatternsError
from chipwatch.metadata import ExtractedMetadata, extract_metadata
from chipwatch.models import CleanDocument, Document, Drop

__all__ = [
    "Cleaner",
    "JunkPatterns",
    "JunkPatternsError",
    "clean_documents",
    "load_junk_patterns",
]

JUNK = "junk"
END = "end"
NEXT = "next"
_KINDS = frozenset({JUNK, END, NEXT})

REASON_JUNK = "junk_pattern"
REASON_SHARED = "shared_across_corpus"
REASON_TITLE = "repeated_title"
REASON_BEFORE = "before_article"
REASON_AFTER = "after_article_end"
REASON_NAV = "nav_run"
REASON_BYLINE = "byline"
REASON_DATELINE = "dateline"
REASON_DENSITY = "low_text_density"
REASON_REPEAT = "repeated_paragraph"

GOOD = "good"
NEAR_GOOD = "near_good"
SHORT = "short"
BAD = "bad"

_WORD_RE = re.compile(r"\w+")
_LETTER_WORD_RE = re.compile(r"[^\W\d_]+")
# A sentence ends in terminal punctuation, optionally followed by closing quotes/brackets.
# A line ends a sentence when it ends with sentence punctuation, perhaps followed by
# closing quotes or brackets, or with a closing quote ("...," he said" / "«...»").
_SENTENCE_PUNCT = ".!?…:;"
_CLOSERS = "\"'”’»)]"
_CLOSING_QUOTES = '"”’»'
_BYLINE_RE = re.compile(
    r"(by|von|por|par|di|de|from|posted by|written by|words by|text by|reporting by)"
    r"(?:\s*:\s*|\s+)(\S+\s*){0,8}",
    re.IGNORECASE,
)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december|januar|februar|märz|mai|juni|juli|"
    "oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    "noviembre|diciembre|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|"
    "novembre|décembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|"
    "dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
)
_DATE_WORDS = (
    "updated|update|published|posted|last|modified|am|pm|a\\.m\\.|p\\.m\\.|"
    "gmt|utc|et|edt|est|pt|pdt|pst|bst|cet|cest|ist|jst|hkt|on|at|de|del|le|am|um|"
    "mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "ago|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|yesterday|today|just now|"
    "aktualisiert|actualizado|publicado|mis à jour|publié|aggiornato|pubblicato"
)
_DATE_TOKEN_RE = re.compile(
    rf"^(?:\d+(?:st|nd|rd|th)?|{_MONTHS}|{_DATE_WORDS})\.?$",
    re.IGNORECASE,
)
_DATELINE_SPLIT_RE = re.compile(r"[\s,/|·•()\-–—:]+")
_NUMERIC_DATE_RE = re.compile(r"[\d:.\-/]+")
_LAST_WORD_RE = re.compile(r"[^\W\d_]+$")
_DIGIT_RE = re.compile(r"\d")
# Characters that start a line continuing the previous one (after an inline link).
_CONTINUATION_START = frozenset(",.;:)]}%’”'\"-–—")
# What makes a short line a date rather than a number: a month, a year, a clock time, a
# numeric date or a relative time.
_DATE_EVIDENCE_RE = re.compile(
    rf"\b(?:{_MONTHS})\b\.?|\b(?:19|20)\d\d\b|\b\d{{1,2}}:\d\d\b|"
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\bago\b",
    re.IGNORECASE,
)
# A reader's post is attributed on a line of its own: "says:", "Jane Roe said:", "wrote:".
_ATTRIBUTION_RE = re.compile(
    r"(?:\S+(?:\s+\S+){0,4}\s+)?(?:says|said|wrote|writes|commented|replied)\s*:",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"[-–—•*·▪●]\s")
_TITLE_SEPARATORS_RE = re.compile(r"\s+[|–—:•·-]\s+|\s*\|\s*")
_DEFAULT_PATTERNS = "junk.toml"
# Lines below the body searched for a byline or date (before any second story starts).
_TAIL_WINDOW = 8
_DEFAULT_STOPWORDS = "stopwords.txt"
# Headlines in a list of links are short; a longer unpunctuated line full of function words
# is a teaser's lead or a paragraph cut off by a link, not a menu entry.
_MENU_ITEM_MAX_WORDS = 16
# A heading below the story that announces a list ("The 2020 tour dates:") is longer than a
# box label ("Picked for you:", "More:").
_LIST_HEADING_MIN_WORDS = 5
# Headlines in a teaser box; word counts split contractions ("There's" is two words).
_TEASER_HEAD_MAX_WORDS = 20


@dataclass(frozen=True)
class JunkPatterns:
    """Compiled junk patterns: ``(name, kind, regex)`` groups in file order.

    Attributes:
        groups: one entry per table of the TOML file; ``kind`` is ``"junk"``, ``"end"`` or
            ``"next"``.
        source: where the patterns came from, for messages.
    """

    groups: tuple[tuple[str, str, re.Pattern[str]], ...]
    source: str
    #: Built from ``groups``: rules out, cheaply and exactly, the lines no group can match.
    prefilter: _Prefilter | None = field(default=None, repr=False, compare=False)

    def match(self, line: str) -> tuple[str, str] | None:
        """Return ``(name, kind)`` of the first group that fully matches ``line``, if any."""
        if self.prefilter is not None and not self.prefilter.may_match(line):
            return None
        # One pattern per group, tried in file order. (A single alternation of all groups
        # was measured slower with Python's regex engine: 1.50 s against 1.18 s on the
        # 41,456 lines of the cleaning dev set.)
        for name, kind, regex in self.groups:
            if regex.fullmatch(line):
                return name, kind
        return None


# --- prefilter -------------------------------------------------------------------------
# Nearly every line of a page is not junk, and trying each line against every group's
# alternatives was the cleaner's largest cost. The prefilter indexes the alternatives by
# what a match must look like: most start with known characters ("share…", "(photo|image)…"),
# so a line is tried only against those its first character allows; the rest start with
# ".*"/".{0,80}" and must contain a literal ("newsletter", "cookies", "getty images"), which
# a substring test rules out. Both tests are exact: a line they pass over cannot match.

#: Characters that re.IGNORECASE matches to ASCII letters although ``str.lower`` does not
#: map them to those letters; lines holding one skip the prefilter.
_ODD_FOLDS_RE = re.compile("[\u0130\u0131\u017f\u212a]")
#: The index key shared by decimal digits (not a character a pattern can start with).
_DIGIT_KEY = "\\d"
#: Most texts a run of pattern items may have to count as exact (see _required_literals).
_MAX_EXACT = 64
#: Shorter required literals rule out too little to be worth a substring test.
_MIN_LITERAL = 3


def _first_chars(items: Any) -> tuple[set[str] | None, bool]:
    """Characters a match of the parsed sequence ``items`` can start with, and whether it
    can match the empty string; None when any character could come first."""
    found: set[str] = set()
    for op, av in items:
        if op is sre.AT:
            continue
        if op is sre.LITERAL:
            return found | {chr(av)}, False
        if op is sre.IN:
            chars: set[str] = set()
            for kind, value in av:
                if kind is sre.LITERAL:
                    chars.add(chr(value))
                elif kind is sre.RANGE and value[1] - value[0] < 256:
                    chars.update(chr(c) for c in range(value[0], value[1] + 1))
                elif kind is sre.CATEGORY and value is sre.CATEGORY_DIGIT:
                    chars.add(_DIGIT_KEY)
                else:
                    return None, False
            return found | chars, False
        if op is sre.SUBPATTERN:
            first, empty = _first_chars(av[-1])
        elif op is sre.BRANCH:
            results = [_first_chars(branch) for branch in av[1]]
            if any(r[0] is None for r in results):
                return None, False
            first = set().union(*(r[0] or set() for r in results))
            empty = any(r[1] for r in results)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            first, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        else:
            return None, False
        if first is None:
            return None, False
        found |= first
        if not empty:
            return found, False
    return found, True


def _line_key(char: str) -> str:
    """The index key of a line starting with ``char``: every decimal digit shares one, as
    ``\\d`` matches them all."""
    return _DIGIT_KEY if char.isdecimal() else char.lower()


def _top_level_alternatives(pattern: str) -> list[str]:
    """Split ``a|b|c`` at its top-level bars (not inside groups or classes, not escaped)."""
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]" or pattern[i - 1] == "["
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _exact(op: Any, av: Any) -> set[str] | None:
    """Every string one parsed item matches, when they are few (literals, a small
    alternation, an optional part); None otherwise."""
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.AT:  # zero-width
        return {""}
    if op is sre.SUBPATTERN:
        return _exact_sequence(av[-1])
    if op is sre.BRANCH:
        parts = [_exact_sequence(branch) for branch in av[1]]
        if any(p is None for p in parts):
            return None
        return set().union(*(p or set() for p in parts))
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):
        return {chr(value) for _, value in av}
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
        body = _exact_sequence(av[2])
        return None if body is None else body | {""}
    return None


def _exact_sequence(items: Any) -> set[str] | None:
    out = {""}
    for op, av in items:
        strings = _exact(op, av)
        if strings is None:
            return None
        out = {a + b for a in out for b in strings}
        if len(out) > _MAX_EXACT:
            return None
    return out


def _required_literals(items: Any) -> set[str] | None:
    """Strings (lower-case) one of which every match of ``items`` contains, or None.

    A run of items with few possible texts ("(min|mins|minutes) read") gives those texts;
    a group or a repeated part gives what it requires. The run with the longest shortest
    string is kept. Only literals whose characters have no case variants beyond
    ``str.lower`` qualify, so a substring test on the lower-cased line is exact.
    """
    candidates: list[set[str]] = []
    run = {""}
    for op, av in items:
        strings = _exact(op, av)
        if strings is not None:
            joined = {a + b for a in run for b in strings}
            if len(joined) <= _MAX_EXACT:
                run = joined
            else:
                candidates.append(run)
                run = strings
            continue
        candidates.append(run)
        run = {""}
        sub: set[str] | None = None
        if op is sre.SUBPATTERN:
            sub = _required_literals(av[-1])
        elif op is sre.BRANCH:
            subs = [_required_literals(branch) for branch in av[1]]
            sub = None if any(s is None for s in subs) else set().union(*(s or set() for s in subs))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            sub = _required_literals(av[2])
        if sub:
            candidates.append(sub)
    candidates.append(run)
    usable = [c for c in candidates if "" not in c and all(_foldable(s) for s in c)]
    return max(usable, key=lambda c: min(map(len, c)), default=None)


@lru_cache(maxsize=512)
def _case_variants(char: str) -> frozenset[str]:
    """Every character re.IGNORECASE matches to ``char`` (ASCII: its two cases)."""
    if char.isascii():
        return frozenset({char.lower(), char.upper()})
    if ord(char) > 0xFFFF:
        return frozenset()  # not indexed: the alternative is tried on every line
    rx = re.compile(re.escape(char), re.IGNORECASE)
    return frozenset(rx.findall(_bmp()))


def _foldable(literal: str) -> bool:
    """True when every line character matching ``literal`` lower-cases to its letters."""
    return all(
        c.isascii() or {v.lower() for v in _case_variants(c)} == {c.lower()} for c in literal
    )


@lru_cache(maxsize=1)
def _bmp() -> str:
    return "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)


@dataclass(frozen=True)
class _Prefilter:
    """Which lines may match some junk group (see the comment above)."""

    #: Lower-cased first character → the alternatives a line starting with it may match.
    by_first: dict[str, re.Pattern[str]]
    #: Alternatives any line may match (their first character is not known).
    anywhere: re.Pattern[str] | None
    #: Alternatives whose first character is not known, each with the literals one of
    #: which it needs.
    floating: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]
    #: Finds any of the floating alternatives' literals: most lines hold none.
    any_literal: re.Pattern[str] | None

    def may_match(self, line: str) -> bool:
        if not line or (not line.isascii() and _ODD_FOLDS_RE.search(line)):
            return True
        regex = self.by_first.get(_line_key(line[0]), self.anywhere)
        if regex is not None and regex.fullmatch(line):
            return True
        lowered = line.lower()
        if self.any_literal is None or self.any_literal.search(lowered) is None:
            return False
        for literals, alternative in self.floating:
            if not any(lit in lowered for lit in literals):
                continue
            if alternative.fullmatch(line):
                return True
        return False


def _build_prefilter(patterns: Sequence[str]) -> _Prefilter | None:
    """Index ``patterns`` (all groups' alternatives); None when one cannot be analysed."""
    try:
        anchored: dict[str, list[str]] = {}
        anywhere: list[str] = []
        floating: list[tuple[tuple[str, ...], re.Pattern[str]]] = []
        for pattern in (alt for whole in patterns for alt in _top_level_alternatives(whole)):
            parsed = sre.parse(pattern, re.IGNORECASE)
            first, empty = _first_chars(parsed)
            if first is not None and not empty:
                keys: set[str] = set()
                for char in first:
                    variants = {_DIGIT_KEY} if char == _DIGIT_KEY else _case_variants(char)
                    if not variants:
                        keys = set()
                        break
                    keys.update(v if v == _DIGIT_KEY else _line_key(v) for v in variants)
                if keys:
                    for key in keys:
                        anchored.setdefault(key, []).append(pattern)
                    continue
            literals = _required_literals(parsed)
            if first is None and literals and min(map(len, literals)) >= _MIN_LITERAL:
                folded = {lit.lower() for lit in literals}
                # A literal holding another of the set adds nothing: the shorter is there too.
                lowered = tuple(
                    sorted(x for x in folded if not any(y != x and y in x for y in folded))
                )
                floating.append((lowered, re.compile(pattern, re.IGNORECASE)))
            else:
                anywhere.append(pattern)
    except Exception:  # pragma: no cover - a pattern the private parser cannot read
        return None

    def joined(parts: Sequence[str]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)

    every = {lit for literals, _ in floating for lit in literals}
    return _Prefilter(
        by_first={key: joined([*alts, *anywhere]) for key, alts in anchored.items()},
        anywhere=joined(anywhere) if anywhere else None,
        floating=tuple(floating),
        any_literal=re.compile("|".join(sorted(map(re.escape, every), key=len, reverse=True)))
        if every
        else None,
    )


def load_junk_patterns(path: Path | None = None) -> JunkPatterns:
    """Load and compile a junk patterns TOML file (the shipped one when ``path`` is None).

    Args:
        path: a user file in the format of the shipped ``resources/junk.toml``.

    Returns:
        The compiled patterns.

    Raises:
        JunkPatternsError: the file cannot be read, is not TOML, or a group is malformed
            (unknown kind, no patterns, a regex that does not compile).
    """
    if path is None:
        source = f"chipwatch/resources/{_DEFAULT_PATTERNS}"
        text = resources.files("chipwatch.resources").joinpath(_DEFAULT_PATTERNS).read_text("utf-8")
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise JunkPatternsError(
                f"cannot read junk patterns file {source}: {exc}; pass an existing UTF-8 TOML file"
            ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise JunkPatternsError(
            f"junk patterns file {source} is not valid TOML ({exc}); fix the syntax"
        ) from exc
    groups: list[tuple[str, str, re.Pattern[str]]] = []
    alternatives: list[str] = []
    for name, table in data.items():
        if not isinstance(table, dict):
            raise JunkPatternsError(
                f"junk patterns file {source}: [{name}] must be a table with 'kind' and 'patterns'"
            )
        kind = table.get("kind", JUNK)
        if kind not in _KINDS:
            raise JunkPatternsError(
                f"junk patterns file {source}: [{name}] has kind {kind!r}; "
                "use 'junk', 'end' or 'next'"
            )
        patterns = table.get("patterns")
        if (
            not isinstance(patterns, list)
            or not patterns
            or not all(isinstance(p, str) for p in patterns)
        ):
            raise JunkPatternsError(
                f"junk patterns file {source}: [{name}] needs 'patterns', "
                "a non-empty list of strings"
            )
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise JunkPatternsError(
                    f"junk patterns file {source}: [{name}] pattern {pattern!r} is not a valid "
                    f"regular expression ({exc})"
                ) from exc
        joined = "|".join(f"(?:{p})" for p in patterns)
        groups.append((str(name), str(kind), re.compile(joined, re.IGNORECASE)))
        alternatives.extend(patterns)
    return JunkPatterns(
        groups=tuple(groups), source=source, prefilter=_build_prefilter(alternatives)
    )


def _load_stopwords() -> frozenset[str]:
    text = resources.files("chipwatch.resources").joinpath(_DEFAULT_STOPWORDS).read_text("utf-8")
    words = (line.strip().lower() for line in text.splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def _ends_sentence(text: str) -> bool:
    if not text:
        return False
    if text[-1] in _CLOSING_QUOTES:
        return True
    bare = text.rstrip(_CLOSERS)
    return bool(bare) and bare[-1] in _SENTENCE_PUNCT


def _key(line: str) -> str:
    """Comparison key of a line: NFKC, case-folded, whitespace collapsed, edge punctuation off."""
    # ASCII needs neither NFKC nor full case folding; most lines are ASCII.
    text = line.lower() if line.isascii() else unicodedata.normalize("NFKC", line).casefold()
    text = " ".join(text.split())  # both split on exactly what ``\s`` matches
    return text.strip(" .:|-–—·•\"'“”‘’")


@dataclass
class _Line:
    """Working state of one non-blank raw line while a document is cleaned."""

    number: int
    text: str
    key: str
    words: int
    stops: int
    sentence_end: bool
    junk: tuple[str, str] | None = None
    shared: bool = False
    is_title: bool = False
    dateline: bool = False
    reason: str | None = None

    @property
    def stop_density(self) -> float:
        return self.stops / self.words if self.words else 0.0

    @property
    def chrome(self) -> bool:
        return self.junk is not None or self.shared


@dataclass
class _Block:
    """Consecutive lines that read as one paragraph (a sentence split by inline links or
    hard wrapping); classified as a whole, like a jusText paragraph."""

    lines: list[_Line]
    cls: str = BAD
    listed: bool = False
    teaser: bool = False
    comment: bool = False

    @property
    def words(self) -> int:
        return sum(line.words for line in self.lines)

    @property
    def stop_density(self) -> float:
        words = self.words
        return sum(line.stops for line in self.lines) / words if words else 0.0

    @property
    def sentence_end(self) -> bool:
        return self.lines[-1].sentence_end

    @property
    def chrome(self) -> bool:
        return all(line.chrome or line.words == 0 for line in self.lines)

    @property
    def end_marker(self) -> bool:
        first = self.lines[0].junk
        return first is not None and first[1] in (END, NEXT)

    @property
    def next_marker(self) -> bool:
        first = self.lines[0].junk
        return first is not None and first[1] == NEXT


#: Lines of at least this many words identify a story (prose, not menu items).
_STORY_LINE_MIN_WORDS = 8
#: Two documents are copies of one story when this share of their prose lines coincide.
_STORY_OVERLAP = 0.5
#: Prose lines found in more documents than this are site boilerplate, not story text.
_STORY_LINE_MAX_DOCS = 50


def _story_clusters(prose_sets: Sequence[frozenset[str]]) -> list[int]:
    """Group documents that are copies of one story; returns each document's group id.

    Two documents are copies when their prose lines (Jaccard) overlap by
    ``_STORY_OVERLAP`` or more; groups are the connected components of that relation
    (union-find), numbered by their lowest document index, so the result does not depend
    on which pair was seen first. Candidate pairs come from an inverted index of prose
    lines, skipping lines so common that they are boilerplate.
    """
    parent = list(range(len(prose_sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holders: dict[str, list[int]] = {}
    for index, keys in enumerate(prose_sets):
        for key in keys:
            holders.setdefault(key, []).append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for docs in holders.values():
        if 1 < len(docs) <= _STORY_LINE_MAX_DOCS:
            for a_pos, a in enumerate(docs):
                for b in docs[a_pos + 1 :]:
                    shared[(a, b)] += 1
    for (a, b), common in sorted(shared.items()):
        union = len(prose_sets[a]) + len(prose_sets[b]) - common
        if union and common / union >= _STORY_OVERLAP:
            root_a, root_b = find(a), find(b)
            if root_a != root_b:
                parent[max(root_a, root_b)] = min(root_a, root_b)
    return [find(i) for i in range(len(prose_sets))]


class Cleaner:
    """Removes page chrome from raw page dumps, line by line, with a reason per drop.

    Follows scikit-learn's estimator conventions: ``__init__`` only stores parameters,
    :meth:`fit` learns corpus-level chrome (state ending in ``_``) and returns ``self``.
    :meth:`clean` works on an unfitted cleaner too (then no corpus-level evidence is used).

    Args:
        patterns: a junk patterns TOML file replacing the shipped ``resources/junk.toml``.
        min_shared_docs: a line is site chrome when at least this many documents contain it.
        max_shared_words: shared lines longer than this are kept (syndicated article text
            repeated across outlets is not chrome).
        good_min_words: a paragraph ending like a sentence needs this many words to be prose.
        long_min_words: a paragraph this long is prose even without sentence punctuation.
        short_max_words: paragraphs with at most this many words are ``short``.
        stopwords_low: minimum stopword density of a ``near_good`` paragraph.
        stopwords_high: minimum stopword density of a ``good`` paragraph.
        nav_run_min: this many consecutive short unpunctuated lines form a menu (``nav_run``).
        heading_max_words: inside the article, a lone line up to this long is kept as a
            subheading even when it has few function words.
        min_body_words: words of prose needed before an ``end`` marker may end the article.
        end_marker_ratio: an ``end`` marker ends the article when the prose above it is at
            least this fraction of the prose below it (else it closed a box above the story).
        comment_ratio: the same for a run of time-stamped posts (comments) below the story.
        comment_min_stamps: time-stamp lines needed for such a run (one or two are an
            embedded post, such as a quoted tweet, inside the story), and attributed
            stamps needed to mark a comment thread.
        data_run_min: rows (lines mixing words and figures) a table or score list next to
            the article needs to be taken into it.
        teaser_run_min: headline + lead pairs in a row that make a teaser list,
            whose leads do not count as article prose.
        title_window: how many non-blank lines above the article are searched for the title.
        keep_title: find the headline and keep it once as the first line.
        keep_metadata: also keep the lines the metadata was read from (byline, dateline),
            in raw order after the title, instead of dropping them.
    """

    def __init__(
        self,
        *,
        patterns: Path | None = None,
        min_shared_docs: int = 3,
        max_shared_words: int = 30,
        good_min_words: int = 8,
        long_min_words: int = 30,
        short_max_words: int = 4,
        stopwords_low: float = 0.15,
        stopwords_high: float = 0.25,
        nav_run_min: int = 4,
        heading_max_words: int = 12,
        min_body_words: int = 60,
        end_marker_ratio: float = 0.8,
        comment_ratio: float = 0.1,
        comment_min_stamps: int = 3,
        data_run_min: int = 4,
        teaser_run_min: int = 3,
        title_window: int = 40,
        keep_title: bool = True,
        keep_metadata: bool = False,
    ) -> None:
        self.patterns = patterns
        self.min_shared_docs = min_shared_docs
        self.max_shared_words = max_shared_words
        self.good_min_words = good_min_words
        self.long_min_words = long_min_words
        self.short_max_words = short_max_words
        self.stopwords_low = stopwords_low
        self.stopwords_high = stopwords_high
        self.nav_run_min = nav_run_min
        self.heading_max_words = heading_max_words
        self.min_body_words = min_body_words
        self.end_marker_ratio = end_marker_ratio
        self.comment_ratio = comment_ratio
        self.comment_min_stamps = comment_min_stamps
        self.data_run_min = data_run_min
        self.teaser_run_min = teaser_run_min
        self.title_window = title_window
        self.keep_title = keep_title
        self.keep_metadata = keep_metadata

    # ------------------------------------------------------------------ fitting
    def fit(self, documents: Iterable[Document]) -> Cleaner:
        """Learn lines shared by several documents (site chrome).

        Counts, for each line key, the number of distinct *stories* containing it: copies
        of one syndicated article (documents whose prose lines mostly coincide) count once,
        so a corpus holding the same story from three sites does not mistake the story's
        own lines for site chrome. Counting distinct documents, not occurrences, keeps the
        result independent of document order and of repeats inside one document.

        Args:
            documents: the corpus to be cleaned (all of it, as one set).

        Returns:
            self, with ``shared_lines_`` (frozenset of line keys), ``shared_by_document_``
            (for each document in order, the shared keys it contains) and ``n_documents_``.
        """
        line_sets: list[frozenset[str]] = []
        prose_sets: list[frozenset[str]] = []
        for document in documents:
            keys = {_key(line) for line in document.lines}
            keys.discard("")
            line_sets.append(frozenset(keys))
            prose_sets.append(frozenset(k for k in keys if len(k.split()) >= _STORY_LINE_MIN_WORDS))
        story = _story_clusters(prose_sets)
        stories: dict[str, set[int]] = {}
        for index, line_keys in enumerate(line_sets):
            for key in line_keys:
                stories.setdefault(key, set()).add(story[index])
        self.n_documents_ = len(line_sets)
        self.shared_lines_ = frozenset(
            key for key, found in stories.items() if len(found) >= self.min_shared_docs
        )
        # The part of the fitted state each document's cleaning depends on: a results
        # store keys a cleaned document on it, so new chrome elsewhere does not force
        # every other document to be cleaned again.
        self.shared_by_document_ = [tuple(sorted(keys & self.shared_lines_)) for keys in line_sets]
        return self

    # ------------------------------------------------------------------ cleaning
    def clean(self, document: Document) -> CleanDocument:
        """Clean one document: keep the title once, then the main article's lines.

        Args:
            document: the decoded raw page dump.

        Returns:
            The kept lines (``strip()``-ed, raw order, title first), their 1-based raw line
            numbers, every dropped non-blank line with its reason, and the title.
        """
        shared: frozenset[str] = getattr(self, "shared_lines_", frozenset())
        lines = self._features(document, self._patterns(), self._stopwords(), shared)
        blocks = self._blocks(lines)
        for block in blocks:
            block.cls = self._classify(block)
        self._mark_teasers(blocks)
        self._mark_comments(blocks)
        start, end = self._main_segment(blocks)
        start, end = self._cut_at_end_marker(blocks, start, end)
        end = self._extend_over_list(blocks, start, end)
        start, end = self._extend_over_data(blocks, start, end)
        first_body = blocks[start].lines[0] if start < len(blocks) else None
        body_start = lines.index(first_body) if first_body is not None else len(lines)

        title_index = self._find_title(lines, body_start) if self.keep_title else None
        title = lines[title_index].text if title_index is not None else None
        if title_index is not None:
            lines[title_index].is_title = True
            title_key = lines[title_index].key
            for line in lines:
                if not line.is_title and self._repeats_title(line, title_key):
                    line.reason = REASON_TITLE

        for b, block in enumerate(blocks):
            for line in block.lines:
                if line.reason is not None or line.is_title:
                    continue
                if b < start:
                    line.reason = self._specific_reason(line) or REASON_BEFORE
                elif b > end:
                    line.reason = REASON_AFTER
        self._mark_inside(blocks, start, end)
        self._drop_repeats(lines)

        extracted = self._metadata(lines, title_index, title)
        if self.keep_metadata:
            wanted = {extracted.date_line, *extracted.author_lines}
            for line in lines:
                if line.number in wanted:
                    line.reason = None

        kept = [lines[title_index]] if title_index is not None else []
        kept.extend(line for line in lines if line.reason is None and not line.is_title)
        drops = tuple(
            Drop(line=line.number, reason=line.reason, text=line.text)
            for line in lines
            if line.reason is not None
        )
        return CleanDocument(
            document=document,
            lines=tuple(line.text for line in kept),
            line_numbers=tuple(line.number for line in kept),
            drops=drops,
            title=title,
            metadata=extracted.metadata,
        )

    # ------------------------------------------------------------------ helpers
    def _metadata(
        self, lines: Sequence[_Line], title_index: int | None, title: str | None
    ) -> ExtractedMetadata:
        """Offer the non-body lines around the headline to :func:`extract_metadata`.

        Lines between the headline and the body come first (where bylines and datelines
        sit), then lines above the headline, nearest first, then bylines/datelines dropped
        inside the body; the tail is a few lines below the body, cut at a ``next``/``end``
        marker so that an appended story's date is never read as ours.
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
        order.extend(range(top - 1, max(0, first - self.title_window) - 1, -1))
        order.extend(
            i for i in range(first, last + 1) if lines[i].reason in (REASON_BYLINE, REASON_DATELINE)
        )
        tail: list[tuple[int, str]] = []
        for line in lines[last + 1 : last + 1 + _TAIL_WINDOW]:
            if line.junk is not None and line.junk[1] in (END, NEXT):
                break
            tail.append((line.number, line.text))
        return extract_metadata(
            title=title,
            head=[(lines[i].number, lines[i].text) for i in order if not lines[i].is_title],
            tail=tail,
            page=[(line.number, line.text) for line in lines],
        )

    def _patterns(self) -> JunkPatterns:
        # Cached on first use, not in __init__, so __init__ stays a pure parameter store.
        cached: JunkPatterns | None = getattr(self, "_junk_cache", None)
        if cached is None:
            cached = load_junk_patterns(self.patterns)
            self._junk_cache = cached
        return cached

    def _stopwords(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_stopword_cache", None)
        if cached is None:
            cached = _load_stopwords()
            self._stopword_cache = cached
        return cached

    def _features(
        self,
        document: Document,
        patterns: JunkPatterns,
        stopwords: frozenset[str],
        shared: frozenset[str],
    ) -> list[_Line]:
        result: list[_Line] = []
        for number, raw in enumerate(document.lines, start=1):
            text = raw.strip()
            if not text:
                continue
            words = _WORD_RE.findall(text.casefold())
            key = _key(text)
            line = _Line(
                number=number,
                text=text,
                key=key,
                words=len(words),
                stops=sum(map(stopwords.__contains__, words)),
                sentence_end=_ends_sentence(text),
            )
            line.junk = patterns.match(text)
            # Numbers (scores, table cells) recur across pages without being chrome.
            line.shared = (
                key in shared
                and line.words <= self.max_shared_words
                and _LETTER_WORD_RE.search(key) is not None
            )
            line.dateline = self._is_dateline(line)
            result.append(line)
        return result

    def _blocks(self, lines: Sequence[_Line]) -> list[_Block]:
        """Group lines into paragraphs: a line continues the previous one when that one
        stops mid-sentence and this one starts like a continuation."""
        stopwords = self._stopwords()
        blocks: list[_Block] = []
        for line in lines:
            if blocks and self._continues(blocks[-1].lines[-1], line, stopwords):
                blocks[-1].lines.append(line)
            else:
                blocks.append(_Block(lines=[line]))
        return blocks

    @staticmethod
    def _continues(prev: _Line, line: _Line, stopwords: frozenset[str]) -> bool:
        if prev.sentence_end or (prev.words == 0 and not prev.text.endswith(",")):
            return False
        if (line.junk is not None and line.junk[1] != JUNK) or line.dateline or prev.dateline:
            return False
        if prev.junk is not None and prev.words > 0 and not prev.text[-1:].isalpha():
            return False
        first = line.text[0]
        if _BULLET_RE.match(line.text):
            return False
        if first.islower() or first in _CONTINUATION_START:
            return True
        last_word = _LAST_WORD_RE.search(prev.text)
        if last_word is None or line.chrome:
            return False
        word = last_word.group(0)
        # "... according to" + "Reuters poll": a line ending in a function word is unfinished.
        return word.islower() and word.casefold() in stopwords

    def _classify(self, block: _Block) -> str:
        if block.chrome:
            return BAD
        words, density = block.words, block.stop_density
        if words <= self.short_max_words:
            return SHORT
        if density >= self.stopwords_high and (
            (block.sentence_end and words >= self.good_min_words) or words >= self.long_min_words
        ):
            return GOOD
        if density >= self.stopwords_low:
            return NEAR_GOOD
        return BAD

    @staticmethod
    def _weight(block: _Block) -> float:
        """Contribution of a paragraph to the main-segment score: prose positive, chrome
        negative."""
        if block.chrome:
            return -3.0
        if block.teaser or block.comment:
            return -1.0
        if block.cls == GOOD:
            return float(block.words)
        if block.cls == NEAR_GOOD:
            return 1.0 if block.sentence_end else -1.0
        if block.cls == SHORT:
            return -1.0
        return -2.0

    def _mark_teasers(self, blocks: Sequence[_Block]) -> None:
        """Mark lists of teasers: a headline (one unpunctuated line) followed by a lead of
        one or two short lines, at least ``teaser_run_min`` times in a row. Each lead reads
        as prose, so without this mark a box of story teasers can outweigh a short article.
        One chrome line between two teasers (a "More" link, a section label) does not break
        the list: boxes often repeat such a link under every teaser."""
        pairs: list[tuple[int, int]] = []
        i = 0
        while i + 1 < len(blocks):
            lead_end = self._teaser_at(blocks, i)
            if lead_end is not None:
                pairs.append((i, lead_end))
                i = lead_end + 1
                if (
                    i + 1 < len(blocks)
                    and blocks[i].chrome
                    and self._teaser_at(blocks, i + 1) is not None
                ):
                    i += 1
                continue
            self._flush_teasers(blocks, pairs)
            pairs = []
            i += 1
        self._flush_teasers(blocks, pairs)

    def _teaser_at(self, blocks: Sequence[_Block], index: int) -> int | None:
        """Index of the last lead block when a teaser (headline + lead) starts at ``index``.

        The lead is one or two one-line paragraphs ending like sentences, at least one of
        them prose; a second line that is itself a headline followed by a lead starts the
        next teaser instead.
        """
        if not self._teaser_head(blocks[index]):
            return None
        last: int | None = None
        for j in range(index + 1, min(index + 3, len(blocks))):
            lead = blocks[j]
            if (
                len(lead.lines) != 1
                or lead.cls not in (GOOD, NEAR_GOOD)
                or not lead.sentence_end
                or lead.words > self.long_min_words + 10
            ):
                break
            if (
                last is not None
                and self._teaser_head(lead)
                and j + 1 < len(blocks)
                and blocks[j + 1].cls == GOOD
            ):
                break
            last = j
        if last is None or not any(blocks[j].cls == GOOD for j in range(index + 1, last + 1)):
            return None
        return last

    @staticmethod
    def _teaser_head(block: _Block) -> bool:
        """A teaser's headline: one short line that does not end like a sentence, unless
        it is a question ("Is X on the rise?")."""
        line = block.lines[0]
        return (
            len(block.lines) == 1
            and 3 <= block.words <= _TEASER_HEAD_MAX_WORDS
            and not block.chrome
            and not line.is_title
            and (not block.sentence_end or line.text.endswith("?"))
        )

    def _flush_teasers(self, blocks: Sequence[_Block], pairs: list[tuple[int, int]]) -> None:
        if len(pairs) < self.teaser_run_min:
            return
        for head, lead_end in pairs:
            for block in blocks[head : lead_end + 1]:
                block.teaser = True

    def _mark_comments(self, blocks: Sequence[_Block]) -> None:
        """Mark a comment thread: posts stamped with a date and attributed to a reader
        ("Name says:", "on <date> said:"), at least ``comment_min_stamps`` of them.

        A thread under a short post (a blog's open thread, a forum question) holds far
        more prose than the post itself and would otherwise win the main-segment score.
        The thread runs from the first attributed stamp to the prose after the last one;
        its paragraphs weigh like teasers. Bare time stamps (a live blog's entries) carry
        no attribution and are left alone.
        """
        stamps = [
            i
            for i, block in enumerate(blocks)
            if len(block.lines) == 1
            and block.lines[0].dateline
            and any(
                _ATTRIBUTION_RE.fullmatch(other.lines[-1].text)
                for other in blocks[max(0, i - 2) : i + 3]
                if other is not block
            )
        ]
        if len(stamps) < self.comment_min_stamps:
            return
        last = stamps[-1] + 1
        while last < len(blocks) and not blocks[last].chrome:
            last += 1
        for block in blocks[stamps[0] : last]:
            block.comment = True

    def _main_segment(self, blocks: Sequence[_Block]) -> tuple[int, int]:
        """Maximum-sum contiguous stretch of paragraph weights (Kadane; first best wins)."""
        best, best_start, best_end = float("-inf"), 0, -1
        current, current_start = 0.0, 0
        for i, block in enumerate(blocks):
            if current <= 0:
                current, current_start = 0.0, i
            current += self._weight(block)
            if current > best:
                best, best_start, best_end = current, current_start, i
        if best <= 0:
            # No prose at all: keep nothing but a possible title.
            return len(blocks), len(blocks) - 1
        return best_start, best_end

    def _cut_at_end_marker(self, blocks: Sequence[_Block], start: int, end: int) -> tuple[int, int]:
        """Apply ``end`` markers ("Next Article", "Related Stories") inside the stretch.

        Prose before a marker is the main story when it is substantial next to the prose
        after it; otherwise the marker closed a sidebar above the story, and the stretch
        restarts after it. Returns the new ``(start, end)``.
        """
        i = start
        while i <= end:
            block = blocks[i]
            dated = len(block.lines) == 1 and block.lines[0].dateline
            if not (block.end_marker or dated):
                run = self._menu_run(blocks, i, end)
                if run >= self.nav_run_min and (
                    self._introduced(blocks, i) or self._is_table(blocks, i, run)
                ):
                    i += run
                    continue
                if run >= self.nav_run_min:
                    # A list of links (related headlines) below enough prose ends the story
                    # unless clearly more prose follows it.
                    before = sum(max(0.0, self._weight(b)) for b in blocks[start:i])
                    after = sum(max(0.0, self._weight(b)) for b in blocks[i + run : end + 1])
                    if before >= self.min_body_words and before >= self.end_marker_ratio * after:
                        end = i - 1
                        break
                    i += run
                    continue
                i += 1
                continue
            before = sum(max(0.0, self._weight(b)) for b in blocks[start:i])
            after = sum(max(0.0, self._weight(b)) for b in blocks[i + 1 : end + 1])
            # Several time stamps below the story: a comment thread or a list of posts,
            # often longer than the story itself, hence the lower ratio.
            # An embedded post (a quoted tweet) has one or two stamps; a thread has more.
            # Stamps of a marked comment thread count even when the thread lies outside
            # the stretch (its weight kept it out).
            stamped = dated and (
                sum(
                    1
                    for j, b in enumerate(blocks[i + 1 :], start=i + 1)
                    if len(b.lines) == 1 and b.lines[0].dateline and (j <= end or b.comment)
                )
                >= self.comment_min_stamps - 1
            )
            if dated and not stamped:
                i += 1
                continue
            if block.next_marker:
                # "Next Article" announces a second story: whatever follows is not ours.
                ratio = 0.0
            elif stamped:
                ratio = self.comment_ratio
            else:
                ratio = self.end_marker_ratio
            if before >= self.min_body_words and before >= ratio * after:
                end = i - 1
                break
            start = i + 1
            i = start
        # The stretch must start and end on prose, not on the chrome next to a marker.
        while start <= end and blocks[start].cls != GOOD:
            start += 1
        while end >= start and blocks[end].cls not in (GOOD, NEAR_GOOD):
            end -= 1
        if start > end:
            return len(blocks), len(blocks) - 1
        return start, end

    def _extend_over_list(self, blocks: Sequence[_Block], start: int, end: int) -> int:
        """Extend the article over a list it announces at its end.

        A story often closes with a list that its last paragraph, or a heading right below
        it, introduces with a colon ("The tour dates:", "The invited players are:"): tour
        dates, rosters, results. Such items are short and unpunctuated, so the prose score
        leaves them out; they are body when announced. A short label ("Picked for you:")
        announces a box of links instead, and known chrome stops the list.
        """
        if start > end:
            return end
        j = end + 1
        last = blocks[end]
        announced = last.lines[-1].text.endswith(":") and last.cls in (GOOD, NEAR_GOOD)
        if not announced and j < len(blocks):
            heading = blocks[j]
            announced = (
                len(heading.lines) == 1
                and heading.lines[-1].text.endswith(":")
                and heading.words >= _LIST_HEADING_MIN_WORDS
                and not heading.chrome
                and not heading.end_marker
            )
            j += 1
        if not announced:
            return end
        items = 0
        while j + items < len(blocks):
            item = blocks[j + items]
            if item.chrome or item.end_marker or item.words > self.long_min_words:
                break
            if any(line.chrome or line.dateline for line in item.lines):
                break
            items += 1
        if items < 2:
            return end
        for item in blocks[j : j + items]:
            item.listed = True
        return j + items - 1

    def _data_run(self, blocks: Sequence[_Block], indices: Iterable[int]) -> list[int]:
        """Blocks of a table or score list, walked in the order of ``indices``.

        A data row mixes words and figures ("Smith 12 points, 3 assists", "June 9 --
        Arena, City"); short cells (a name, a bare number, a position) may sit between
        rows. The run stops at chrome, a dateline, an end marker, the title, or two
        non-row blocks in a row.
        """
        taken: list[int] = []
        gap: list[int] = []
        for i in indices:
            block = blocks[i]
            if block.chrome or block.end_marker or block.words > 2 * self.long_min_words:
                break
            if any(line.chrome or line.dateline or line.is_title for line in block.lines):
                break
            if self._is_data_row(block):
                taken.extend(gap)
                gap = []
                taken.append(i)
            elif block.words <= self.short_max_words and not gap:
                gap.append(i)
            else:
                break
        return taken

    def _is_table(self, blocks: Sequence[_Block], index: int, run: int) -> bool:
        """A run of short lines that is mostly data rows is a table, not a menu."""
        rows = sum(1 for block in blocks[index : index + run] if self._is_data_row(block))
        return rows >= self.data_run_min and rows >= 0.5 * run

    @staticmethod
    def _is_data_row(block: _Block) -> bool:
        text = " ".join(line.text for line in block.lines)
        return _DIGIT_RE.search(text) is not None and _LETTER_WORD_RE.search(text) is not None

    def _extend_over_data(self, blocks: Sequence[_Block], start: int, end: int) -> tuple[int, int]:
        """Extend the article over tables and score lists right next to it.

        Sports results, statistics and product specifications are body text that the prose
        score leaves out. A run of at least ``data_run_min`` rows adjoining the article is
        taken in, unless it is mostly bare cells.
        """
        if start > end:
            return self._data_only_body(blocks, start, end)
        for direction in (-1, 1):
            edge = start - 1 if direction < 0 else end + 1
            stop = -1 if direction < 0 else len(blocks)
            run = self._data_run(blocks, range(edge, stop, direction))
            rows = sum(1 for i in run if self._is_data_row(blocks[i]))
            if rows < self.data_run_min or rows < 0.5 * len(run):
                continue
            for i in run:
                blocks[i].listed = True
            if direction < 0:
                start = min(run)
            else:
                end = max(run)
        return start, end

    def _data_only_body(self, blocks: Sequence[_Block], start: int, end: int) -> tuple[int, int]:
        """A page without prose (a results or statistics page) keeps its longest table."""
        best: list[int] = []
        best_rows = 0
        i = 0
        while i < len(blocks):
            run = (
                self._data_run(blocks, range(i, len(blocks)))
                if self._is_data_row(blocks[i])
                else []
            )
            rows = sum(1 for j in run if self._is_data_row(blocks[j]))
            if rows > best_rows:
                best, best_rows = run, rows
            i = max(run) + 1 if run else i + 1
        if best_rows < 2 * self.data_run_min:
            return start, end
        for j in best:
            blocks[j].listed = True
        return min(best), max(best)

    def _find_title(self, lines: Sequence[_Line], start: int) -> int | None:
        """Index of the headline: a repeated headline-like line near the body, else the
        nearest headline-like line above it."""
        counts: Counter[str] = Counter()
        for line in lines:
            counts[line.key] += 1
            for part in _TITLE_SEPARATORS_RE.split(line.text):
                part_key = _key(part)
                if part_key and part_key != line.key:
                    counts[part_key] += 1
        low = max(0, start - self.title_window)
        candidates = [i for i in range(low, start) if self._title_like(lines[i])]
        if not candidates:
            return None
        # A repeated line ending in a full stop is a placeholder ("No comments yet."),
        # not a headline, which rarely ends with a period.
        repeated = [
            i for i in candidates if counts[lines[i].key] >= 2 and not lines[i].text.endswith(".")
        ]
        if repeated:
            # Most repeated wins; ties go to the line nearest the body.
            return max(repeated, key=lambda i: (counts[lines[i].key], i))
        return max(candidates)

    def _title_like(self, line: _Line) -> bool:
        if line.chrome:
            return False
        if not 3 <= line.words <= 30 or len(line.text) > 250:
            return False
        if _BYLINE_RE.fullmatch(line.text) or line.dateline:
            return False
        return not (line.text.endswith(".") and line.words > 20)

    @staticmethod
    def _repeats_title(line: _Line, title_key: str) -> bool:
        if line.key == title_key:
            return True
        if title_key in line.key and len(line.key) <= 2 * len(title_key) + 40:
            parts = {_key(p) for p in _TITLE_SEPARATORS_RE.split(line.text)}
            return title_key in parts
        return False

    @staticmethod
    def _is_dateline(line: _Line) -> bool:
        if line.words == 0 or line.words > 12:
            return False
        if not _DATE_EVIDENCE_RE.search(line.text):
            return False
        tokens = [t for t in _DATELINE_SPLIT_RE.split(line.text) if t]
        if not tokens:
            return False
        matched = 0
        for token in tokens:
            bare = token.strip(".:")
            if not bare or _DATE_TOKEN_RE.match(bare) or _NUMERIC_DATE_RE.fullmatch(bare):
                matched += 1
        return matched >= max(1, len(tokens) - 1) and matched / len(tokens) >= 0.75

    def _specific_reason(self, line: _Line) -> str | None:
        if line.junk is not None:
            return f"{REASON_JUNK}:{line.junk[0]}"
        if line.shared:
            return REASON_SHARED
        if _BYLINE_RE.fullmatch(line.text) and line.words <= 8:
            return REASON_BYLINE
        if line.dateline:
            return REASON_DATELINE
        return None

    def _mark_inside(self, blocks: Sequence[_Block], start: int, end: int) -> None:
        """Decide the paragraphs inside the main stretch: prose paragraphs are kept whole
        (link fragments included); lone chrome lines, menus and bylines are dropped."""
        b = start
        while b <= end:
            block = blocks[b]
            run = self._menu_run(blocks, b, end)
            if block.listed:
                run = 1
                while b + run <= end and blocks[b + run].listed:
                    run += 1
            if block.listed or (
                run >= self.nav_run_min
                and (self._introduced(blocks, b) or self._is_table(blocks, b, run))
            ):
                for item in blocks[b : b + run]:
                    for line in item.lines:
                        if line.reason is None and not line.is_title:
                            line.reason = self._specific_reason(line)
                b += run
                continue
            if run >= self.nav_run_min:
                for menu in blocks[b : b + run]:
                    for line in menu.lines:
                        if line.reason is None and not line.is_title:
                            line.reason = self._specific_reason(line) or REASON_NAV
                b += run
                continue
            prose = len(block.lines) > 1 and block.cls in (GOOD, NEAR_GOOD)
            for line in block.lines:
                if line.reason is not None or line.is_title:
                    continue
                if prose:
                    # Inside a paragraph only known junk that ends the line stays out.
                    if line.junk is not None and line.junk[1] == JUNK and line.text[0].isupper():
                        line.reason = f"{REASON_JUNK}:{line.junk[0]}"
                    continue
                reason = self._specific_reason(line)
                # Short unpunctuated lines between paragraphs are subheadings; only longer
                # text without function words (tickers, lists of names) is dropped.
                if reason is None and block.cls == BAD and block.words > self.heading_max_words:
                    reason = REASON_DENSITY
                line.reason = reason
            b += 1

    def _drop_repeats(self, lines: Sequence[_Line]) -> None:
        """Drop later copies of a kept prose line: pages that embed the story twice (an
        AMP or print copy, a "most read" box quoting the lead) would else repeat it."""
        seen: set[str] = set()
        for line in lines:
            if line.reason is not None or line.is_title:
                continue
            if line.words < self.good_min_words:
                continue
            if line.key in seen:
                line.reason = REASON_REPEAT
            else:
                seen.add(line.key)

    @staticmethod
    def _is_menu_item(block: _Block) -> bool:
        """A one-line paragraph that does not end like a sentence: a menu entry or a
        headline in a list of links (a lone one is usually a subheading)."""
        return (
            len(block.lines) == 1
            and not (block.words > _MENU_ITEM_MAX_WORDS and block.stop_density >= 0.3)
            and block.cls in (SHORT, BAD, NEAR_GOOD)
            and not block.sentence_end
            and not block.lines[0].is_title
        )

    def _menu_run(self, blocks: Sequence[_Block], index: int, end: int) -> int:
        """Number of consecutive menu-like paragraphs from ``index`` (not past ``end``)."""
        run = 0
        while index + run <= end and self._is_menu_item(blocks[index + run]):
            run += 1
        return run

    @staticmethod
    def _introduced(blocks: Sequence[_Block], index: int) -> bool:
        """A list the article introduces itself (a prose paragraph before it ends with a
        colon: "the options look like this:") is body, not a menu; a label such as
        "Tested by:" or "Email:" introduces nothing."""
        if index == 0:
            return False
        before = blocks[index - 1]
        return before.lines[-1].text.endswith(":") and before.cls in (GOOD, NEAR_GOOD)


def clean_documents(
    documents: Sequence[Document],
    *,
    patterns: Path | None = None,
    min_shared_docs: int = 3,
    keep_title: bool = True,
    keep_metadata: bool = False,
) -> list[CleanDocument]:
    """Fit a :class:`Cleaner` on ``documents`` as one corpus and clean each of them.

    Args:
        documents: the whole corpus (chrome is learned across it).
        patterns: a junk patterns TOML file replacing the shipped one.
        min_shared_docs: documents a line must occur in to count as site chrome.
        keep_title: keep the detected headline once as the first line.
        keep_metadata: keep the byline and dateline the metadata was read from.

    Returns:
        One :class:`~chipwatch.models.CleanDocument` per input, in input order.
    """
    cleaner = Cleaner(
        patterns=patterns,
        min_shared_docs=min_shared_docs,
        keep_title=keep_title,
        keep_metadata=keep_metadata,
    )
    cleaner.fit(documents)
    return [cleaner.clean(document) for document in documents]
