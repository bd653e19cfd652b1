"""An exact prefilter that rules out, cheaply, the lines no junk pattern can match.

Nearly every line of a page is not junk, and trying each line against every group's
alternatives was the cleaner's largest cost. The prefilter indexes the alternatives by
what a match must look like: most start with known characters ("share…", "(photo|image)…"),
so a line is tried only against those its first character allows; the rest start with
".*"/".{0,80}" and must contain a literal ("newsletter", "cookies", "getty images"), which
a substring test rules out. Both tests are exact: a line they pass over cannot match.

The analysis reads patterns with the standard library's private regex parser
(``re._parser``, stable since Python 3.11, used read-only); a pattern it cannot read
disables the prefilter instead of making it inexact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from re import _parser as sre  # type: ignore[attr-defined]  # stable since 3.11; read-only use
from typing import Any

__all__ = ["Prefilter", "build_prefilter", "trie_alternation"]

#: Characters that re.IGNORECASE matches to ASCII letters although ``str.lower`` does not
#: map them to those letters; lines holding one skip the prefilter.
_ODD_FOLDS_RE = re.compile("[\u0130\u0131\u017f\u212a]")
#: The index key shared by decimal digits (not a character a pattern can start with).
_DIGIT_KEY = "\\d"
#: Most texts a run of pattern items may have to count as exact (see _required_literals).
_MAX_EXACT = 64
#: Shorter required literals rule out too little to be worth a substring test.
_MIN_LITERAL = 3
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
#: How a pattern refers back to a group ("\\1", "(?P=name)", "(?(1)...)"); an escaped
#: backslash before a digit is taken for one too, which only costs an index entry.
_BACK_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


class _Lazy:
    """A case-blind alternation compiled when first used: compiling the index costs
    more than cleaning a page, and a short run meets few of its first characters."""

    __slots__ = ("_compiled", "_parts")

    def __init__(self, parts: Sequence[str]) -> None:
        self._parts = tuple(parts)
        self._compiled: re.Pattern[str] | None = None

    def fullmatch(self, line: str) -> re.Match[str] | None:
        compiled = self._compiled
        if compiled is None:
            joined = "|".join(f"(?:{p})" for p in self._parts)
            compiled = self._compiled = re.compile(joined, re.IGNORECASE)
        return compiled.fullmatch(line)


#: ``(longest bounded match, regex of every alternative, regex of the unbounded ones)``.
_ByLength = tuple[int, _Lazy | None, _Lazy | None]
#: ``(alternative, the most characters a match of it can hold)``.
_Sized = tuple[str, int]
#: ``(first characters or None, can match empty)``: what a parsed item can start with.
_Start = tuple[set[str] | None, bool]


@dataclass(frozen=True)
class Prefilter:
    """Which lines may match some junk group (see the module docstring)."""

    #: Lower-cased first character → the alternatives a line starting with it may match
    #: (those whose first character is not known included), as ``(longest, every,
    #: unbounded)``: the most characters the bounded ones can match, the regex of them
    #: all, and of those whose length is unbounded (".*"), or None. A line longer than
    #: ``longest`` (prose) is tried only against the unbounded ones.
    by_first: dict[str, _ByLength]
    #: The same for a line whose first character indexes no alternative.
    anywhere: _ByLength
    #: Alternatives whose first character is not known, each with the literals one of
    #: which it needs.
    floating: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]
    #: Finds any of the floating alternatives' literals: most lines hold none.
    any_literal: re.Pattern[str] | None
    #: The longest line a bounded floating alternative can match: a longer line (a
    #: paragraph of prose) is searched only for the literals of the unbounded ones.
    bounded_longest: int = 0
    #: Finds any literal of the floating alternatives without a length bound (".*").
    unbounded_literal: re.Pattern[str] | None = None
    #: Lower-cased first character → the groups (by position) a line starting with it
    #: may match: those with an alternative indexed under it, or one not indexed.
    groups_by_first: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: The groups a line whose first character indexes none may match.
    groups_anywhere: tuple[int, ...] = ()
    #: How many groups there are.
    n_groups: int = 0

    def may_match(self, line: str) -> bool:
        """False only when no junk alternative can fully match ``line``."""
        if not line or (not line.isascii() and _ODD_FOLDS_RE.search(line)):
            return True
        longest, every, unbounded = self.by_first.get(_line_key(line[0]), self.anywhere)
        regex = every if len(line) <= longest else unbounded
        if regex is not None and regex.fullmatch(line):
            return True
        lowered = line.lower()
        finder = self.any_literal if len(line) <= self.bounded_longest else self.unbounded_literal
        if finder is None or finder.search(lowered) is None:
            return False
        for literals, alternative in self.floating:
            if not any(lit in lowered for lit in literals):
                continue
            if alternative.fullmatch(line):
                return True
        return False

    def groups_for(self, line: str) -> range | tuple[int, ...]:
        """The positions of the groups that may fully match ``line``, in order: a group
        whose alternatives are all indexed under other first characters cannot."""
        if not line or (not line.isascii() and _ODD_FOLDS_RE.search(line)):
            return range(self.n_groups)
        return self.groups_by_first.get(_line_key(line[0]), self.groups_anywhere)


def build_prefilter(groups: Sequence[Sequence[str]]) -> Prefilter | None:
    """Index the patterns of ``groups`` (each group's alternatives, in file order); None
    when one cannot be analysed."""
    try:
        sorted_groups = [_sort_alternatives(patterns) for patterns in groups]
    except Exception:  # pragma: no cover - a pattern the private parser cannot read
        return None
    anchored: dict[str, list[_Sized]] = {}
    anywhere: list[_Sized] = []
    floating: list[tuple[tuple[str, ...], re.Pattern[str]]] = []
    for group_anchored, group_anywhere, group_floating in sorted_groups:
        for key, alts in group_anchored.items():
            anchored.setdefault(key, []).extend(alts)
        anywhere.extend((alt, _longest(alt)) for alt in group_anywhere)
        floating.extend(group_floating)
    # A group with an alternative not indexed by its first character may match any line.
    unindexed = [bool(any_ or float_) for _, any_, float_ in sorted_groups]
    groups_by_first = {
        key: tuple(
            i for i, (keyed, _, _) in enumerate(sorted_groups) if unindexed[i] or key in keyed
        )
        for key in anchored
    }

    every = {lit for literals, _ in floating for lit in literals}
    widths = [_longest(alt.pattern) for _, alt in floating]
    unbounded = {
        lit
        for (literals, _), width in zip(floating, widths, strict=True)
        if width >= sre.MAXREPEAT
        for lit in literals
    }

    def by_length(sized: Sequence[_Sized]) -> _ByLength:
        alts = [alt for alt, _ in sized]
        unbounded = [alt for alt, width in sized if width >= sre.MAXREPEAT]
        longest = max((w for _, w in sized if w < sre.MAXREPEAT), default=0)
        return longest, _Lazy(alts) if alts else None, _Lazy(unbounded) if unbounded else None

    return Prefilter(
        by_first={key: by_length([*alts, *anywhere]) for key, alts in anchored.items()},
        anywhere=by_length(anywhere),
        floating=tuple(floating),
        any_literal=_literal_finder(every),
        bounded_longest=max((w for w in widths if w < sre.MAXREPEAT), default=0),
        unbounded_literal=_literal_finder(unbounded),
        groups_by_first=groups_by_first,
        groups_anywhere=tuple(i for i, loose in enumerate(unindexed) if loose),
        n_groups=len(sorted_groups),
    )


def _literal_finder(literals: set[str]) -> re.Pattern[str] | None:
    """One regex finding any of ``literals``; None for none.

    Only whether some literal occurs matters, so a literal containing another is left
    out, and the rest are written as a trie (see :func:`trie_alternation`)."""
    if not literals:
        return None
    kept = [lit for lit in literals if not any(o != lit and o in lit for o in literals)]
    return re.compile(trie_alternation(kept))


def trie_alternation(words: Iterable[str]) -> str:
    """A regex matching exactly one of ``words``, written as a trie.

    ``"news(?:letter|room)"`` matches what ``"newsletter|newsroom"`` does, but Python's
    regex engine then tries one branch per character instead of every word at every
    position it searches (half the cost on prose lines, a third on short ones). Only
    the set of strings matched is kept, not the order of the alternatives: use it where
    only whether (or where) a match exists counts. No word may be empty.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _trie_pattern(trie)


#: Marks, in a trie node, that a word ends there (no character is the empty string).
_END = ""


def _trie_pattern(node: dict[str, Any]) -> str:
    """The regex of a trie node: its branches, optional when a word ends at the node."""
    branches = [
        re.escape(char) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char != _END
    ]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{pattern})?" if _END in node else pattern


@lru_cache(maxsize=4096)
def _parsed(pattern: str) -> Any:
    """The parsed ``pattern`` (case-blind), parsed once for every question asked of it."""
    return sre.parse(pattern, re.IGNORECASE)


def _longest(pattern: str) -> int:
    """The most characters a match of ``pattern`` can hold (``sre.MAXREPEAT``: no bound)."""
    return int(_parsed(pattern).getwidth()[1])


def _sort_alternatives(
    patterns: Sequence[str],
) -> tuple[dict[str, list[_Sized]], list[str], list[tuple[tuple[str, ...], re.Pattern[str]]]]:
    """Sort every top-level alternative into the index: by first character when it is
    known, by required literals when it floats, else among those tried on every line."""
    anchored: dict[str, list[_Sized]] = {}
    anywhere: list[str] = []
    floating: list[tuple[tuple[str, ...], re.Pattern[str]]] = []
    for pattern in (alt for whole in patterns for alt in _top_level_alternatives(whole)):
        split = _by_leading_branch(pattern)
        if split is not None:
            for key, restricted in split.items():
                anchored.setdefault(key, []).append(restricted)
            continue
        parsed = _parsed(pattern)
        first, empty = _first_chars(parsed)
        keys = _index_keys(first) if first is not None and not empty else set()
        if keys:
            for key in keys:
                anchored.setdefault(key, []).append((pattern, parsed.getwidth()[1]))
            continue
        literals = _required_literals(parsed)
        if first is None and literals and min(map(len, literals)) >= _MIN_LITERAL:
            floating.append((_shortest_needed(literals), re.compile(pattern, re.IGNORECASE)))
        else:
            anywhere.append(pattern)
    return anchored, anywhere, floating


def _index_keys(first: set[str]) -> set[str]:
    """The index keys of lines a match starting with one of ``first`` can begin; empty
    when a character's case variants are not known (it is then tried on every line)."""
    keys: set[str] = set()
    for char in first:
        variants = {_DIGIT_KEY} if char == _DIGIT_KEY else _case_variants(char)
        if not variants:
            return set()
        keys.update(v if v == _DIGIT_KEY else _line_key(v) for v in variants)
    return keys


def _shortest_needed(literals: set[str]) -> tuple[str, ...]:
    """The lower-cased literals, sorted; a literal holding another of the set adds
    nothing, as the shorter one is there too."""
    folded = {lit.lower() for lit in literals}
    return tuple(sorted(x for x in folded if not any(y != x and y in x for y in folded)))


def _first_chars(items: Any) -> _Start:
    """Characters a match of the parsed sequence ``items`` can start with, and whether it
    can match the empty string; None when any character could come first."""
    found: set[str] = set()
    for op, av in items:
        if op is sre.AT:
            continue
        first, empty = _item_first_chars(op, av)
        if first is None:
            return None, False
        found |= first
        if not empty:
            return found, False
    return found, True


def _item_first_chars(op: Any, av: Any) -> _Start:
    """:func:`_first_chars` of one parsed item."""
    if op is sre.LITERAL:
        return {chr(av)}, False
    if op is sre.IN:
        return _class_chars(av), False
    if op is sre.SUBPATTERN:
        return _first_chars(av[-1])
    if op is sre.BRANCH:
        results = [_first_chars(branch) for branch in av[1]]
        if any(r[0] is None for r in results):
            return None, False
        return set().union(*(r[0] or set() for r in results)), any(r[1] for r in results)
    if op in _REPEATS:
        first, empty = _first_chars(av[2])
        return first, empty or av[0] == 0
    return None, False


def _class_chars(items: Any) -> set[str] | None:
    """Characters of a parsed character class; None when it is too broad to list."""
    chars: set[str] = set()
    for kind, value in items:
        if kind is sre.LITERAL:
            chars.add(chr(value))
        elif kind is sre.RANGE and value[1] - value[0] < 256:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        elif kind is sre.CATEGORY and value is sre.CATEGORY_DIGIT:
            chars.add(_DIGIT_KEY)
        else:
            return None
    return chars


def _line_key(char: str) -> str:
    """The index key of a line starting with ``char``: every decimal digit shares one, as
    ``\\d`` matches them all."""
    return _DIGIT_KEY if char.isdecimal() else char.lower()


def _top_level_alternatives(pattern: str) -> list[str]:
    """Split ``a|b|c`` at its top-level bars (not inside groups or classes, not escaped)."""
    bars = [i for i, char, depth in _structure(pattern) if char == "|" and depth == 0]
    return [pattern[i + 1 : j] for i, j in pairwise([-1, *bars, len(pattern)])]


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Each character of ``pattern`` outside classes and not escaped, with its place
    and the depth of groups around it (a closing parenthesis: of those it closes)."""
    depth, i, in_class = 0, 0, False
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
        else:
            depth -= char == ")"
            yield i, char, depth + (char == ")")
            depth += char == "("
        i += 1


def _by_leading_branch(pattern: str) -> dict[str, _Sized] | None:
    """An alternative opening with a group of branches ("(facebook|twitter|x) ..."),
    under each index key restricted to the branches a line starting with it can take
    (whole, it would be compiled and tried under the key of every branch), with the
    longest match of each. None when a branch can be empty or starts with characters
    not listed, or the pattern refers back to a group (whose number is dropped)."""
    opened = _leading_group(pattern)
    if opened is None or _BACK_REFERENCE.search(pattern):
        return None
    branches, rest = opened
    by_key: dict[str, list[str]] = {}
    for branch in branches:
        first, empty = _first_chars(_parsed(branch))
        keys = _index_keys(first) if first is not None and not empty else set()
        if not keys:
            return None
        for key in keys:
            by_key.setdefault(key, []).append(branch)
    after = _longest(rest)
    return {
        key: (f"(?:{'|'.join(chosen)}){rest}", max(map(_longest, chosen)) + after)
        for key, chosen in by_key.items()
    }


def _leading_group(pattern: str) -> tuple[list[str], str] | None:
    """The branches of the group ``pattern`` opens with (plain or ``(?:``, not
    repeated) and what follows it; None for another start or a single branch."""
    if pattern.startswith("(?:"):
        inner = 3
    elif pattern.startswith("(") and not pattern.startswith("(?"):
        inner = 1
    else:
        return None
    close = next((i for i, char, depth in _structure(pattern) if char == ")" and depth == 1), -1)
    if close < 0 or pattern[close + 1 : close + 2] in ("?", "*", "+", "{"):
        return None
    branches = _top_level_alternatives(pattern[inner:close])
    return (branches, pattern[close + 1 :]) if len(branches) > 1 else None


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
