"""Which lines may hold mojibake: an exact test, cheaper than ftfy's own detector.

Reading a page runs ftfy's detector (``ftfy.badness.is_bad``, one large regex) on every
line that is not pure ASCII: in English news that is most lines holding a curly quote or
a dash, and it was the largest cost of reading. Every pattern of that detector needs at
least one of a few hundred characters: accented capitals, box drawing, currency signs,
C1 controls. A line holding none of them cannot be flagged, so it is not searched.

The characters are read from the detector's own pattern (with the standard library's
private regex parser, ``re._parser``, stable since Python 3.11, used read-only), so the
test follows the installed ftfy; a pattern it cannot read turns the test off instead of
making it inexact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from re import _parser as sre  # type: ignore[attr-defined]  # stable since 3.11; read-only use
from typing import Any

__all__ = ["Clues", "may_hold_mojibake", "repair_mojibake", "required_characters"]

#: Characters frequent in clean prose: among the items a pattern requires, one avoiding
#: these lets more lines skip the detector (any required item keeps the test exact).
_FREQUENT = frozenset(
    "\u2019\u2018\u201c\u201d\u2014\u2013\u2026\u00a0\u00b7\u2022"  # quotes, dashes, NBSP
    "\u00bb\u00ab\u00a9\u00a3\u20ac\u00b0\u2122\u00ae\u00e9\u00e8\u00e0"  # «», ©, £, €, °, é
)
#: Lines searched with the detector itself before its clues are read (see
#: :func:`may_hold_mojibake`); and how many have been, in this process.
_BEFORE_CLUES = 256
_asked = [0]
#: A character class wider than this is not expanded (it would rule out little).
_MAX_CLASS = 4096


@dataclass(frozen=True)
class Clues:
    """What a line must hold for a pattern to match it somewhere.

    Attributes:
        any_of: a character of this set is enough to have to search the line.
        all_of: for the alternatives whose every required character is frequent in
            prose (curly quotes, bullets), their required sets: the line must hold a
            character of each set of one alternative.
    """

    any_of: frozenset[str]
    all_of: tuple[tuple[frozenset[str], ...], ...]
    #: Finds a character of ``any_of``; and, for each set of ``all_of``, one of it.
    _any: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _all: tuple[tuple[re.Pattern[str], ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A character class is searched in C: a set test would hash every character.
        object.__setattr__(self, "_any", _class_of(self.any_of))
        needs = tuple(tuple(map(_class_of, sets)) for sets in self.all_of)
        object.__setattr__(self, "_all", needs)

    def allow(self, line: str) -> bool:
        """False only when no match of the pattern can lie in ``line``."""
        if self._any.search(line) is not None:
            return True
        return any(all(need.search(line) for need in needs) for needs in self._all)


def _class_of(chars: frozenset[str]) -> re.Pattern[str]:
    """A regex finding any of ``chars`` (none: never)."""
    if not chars:
        return re.compile(r"(?!)")
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def repair_mojibake(text: str) -> str:
    """``text`` with each line that holds mojibake repaired by ftfy, the others as they
    are (curly quotes and ligatures kept as written).

    ftfy's repair is the slow part of reading; its detector decides which lines hold
    mojibake at all, and is run only where it could say yes: not on an ASCII-only line,
    nor on one without the characters it needs (see :func:`may_hold_mojibake`)."""
    import ftfy
    from ftfy.badness import is_bad

    return "\n".join(
        ftfy.fix_text(line, uncurl_quotes=False, fix_latin_ligatures=False)
        if not line.isascii() and may_hold_mojibake(line) and is_bad(line)
        else line
        for line in text.split("\n")
    )


def may_hold_mojibake(line: str) -> bool:
    """False only when ftfy's detector cannot flag ``line`` (it holds none of the
    characters the detector's patterns need).

    Reading the clues from the detector's pattern costs as much as searching a few
    hundred lines with it, so the first ``_BEFORE_CLUES`` lines asked about are simply
    searched: a run reading a few pages pays neither."""
    if _asked[0] < _BEFORE_CLUES:
        _asked[0] += 1
        return True
    clues = _clues()
    return clues is None or clues.allow(line)


@lru_cache(maxsize=1)
def _clues() -> Clues | None:
    from ftfy.badness import BADNESS_RE

    try:
        return required_characters(BADNESS_RE.pattern, BADNESS_RE.flags)
    except Exception:  # pragma: no cover - a pattern the private parser cannot read
        return None


def required_characters(pattern: str, flags: int = 0) -> Clues | None:
    """The non-ASCII characters every match of ``pattern`` needs (see :class:`Clues`),
    or None when some alternative of the pattern does not show any."""
    if flags & re.IGNORECASE:
        return None
    items = list(sre.parse(pattern, flags))
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [items]
    any_of: set[str] = set()
    all_of: list[tuple[frozenset[str], ...]] = []
    for branch in branches:
        options = _options(list(branch))
        if not options:
            return None
        best = min(options, key=_cost)
        if best & _FREQUENT:
            all_of.append(tuple(frozenset(chars) for chars in options))
        else:
            any_of |= best
    return Clues(frozenset(any_of), tuple(all_of))


def _cost(chars: set[str]) -> tuple[int, int]:
    """How often a set is expected to let a clean line through: its frequent characters
    first, then its size."""
    return len(chars & _FREQUENT), len(chars)


def _options(items: list[tuple[Any, Any]]) -> list[set[str]]:
    """For each of the required ``items`` (a sequence, all of it matched) that gives
    one, a set of characters one of which a match holds."""
    return [chars for chars in map(_in_item, items) if chars]


def _in_sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best set one of the required ``items`` gives."""
    options = _options(items)
    return min(options, key=_cost) if options else None


def _in_item(item: tuple[Any, Any]) -> set[str] | None:
    """Non-ASCII characters one of which any match of ``item`` holds, or None."""
    op, av = item
    if op is sre.LITERAL:
        return {chr(av)} if av >= 128 else None
    if op is sre.IN:
        return _in_class(av)
    if op is sre.SUBPATTERN:
        return _in_sequence(list(av[-1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, body = av
        return _in_sequence(list(body)) if low >= 1 else None
    if op is sre.BRANCH:
        branches = [_in_sequence(list(branch)) for branch in av[1]]
        return _union(branches)
    return None


def _in_class(members: Iterable[tuple[Any, Any]]) -> set[str] | None:
    """The characters of a character class, when all are non-ASCII and listed."""
    chars: set[str] = set()
    for op, av in members:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:  # a negated class, a category (\w, \s) or a very wide range
            return None
    return chars if chars and all(ord(c) >= 128 for c in chars) else None


def _union(parts: list[set[str] | None]) -> set[str] | None:
    """Every part's characters, or None when one part has none to give."""
    if any(part is None for part in parts):
        return None
    return set().union(*parts)  # type: ignore[arg-type]
