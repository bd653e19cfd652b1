"""Persons within one page: surnames pointed at the full name, surnames the model missed.

The annotation rules name a person by the fullest form of the name on the page and count
surname-only mentions as that person ("Jane Doe ... Doe said"). These rules apply to
persons only: a full name must be shaped like a person's, and a one-word mention becomes
that person whatever label the model gave it; short forms of organisations and products
are left to the gazetteer.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from chipwatch.entities.labels import is_product_shaped
from chipwatch.entities.spans import Piece, Resolved
from chipwatch.gazetteer import Gazetteer
from chipwatch.models import NUMERIC_LABELS

__all__ = ["add_bare_surnames", "person_like", "resolve_surnames"]


#: Lower-case words inside a person's name ("Ursula von der Leyen", "Vincent van Gogh").
_NAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "bin"})
# "al-Maliki", "d'Estaing": a lower-case prefix joined to a capitalised name.
_PREFIXED_NAME = re.compile(r"^[a-z]{1,3}['\u2019-][A-Z]")


def person_like(r: Resolved) -> bool:
    """A full name that surname resolution may use: a multi-word PERSON shaped like one.

    Capitalised words (or name particles), no possessive inside ("Acme's Ray" is a
    modifier and a name), not shaped like a product ("MacBook Pro", "Thunderbolt 3",
    "PixelBook Go"), so a bare "Pro" never becomes a person or a laptop.
    """
    words = r.name.split()
    return (
        r.label == "PERSON"
        and len(words) > 1
        and all(w[0].isupper() or w in _NAME_PARTICLES or _PREFIXED_NAME.match(w) for w in words)
        and not any(w.endswith(("'s", "\u2019s")) for w in words)
        and not is_product_shaped(r.name)
    )


def resolve_surnames(resolved: list[Resolved]) -> None:
    """Point surname-only person mentions at the fullest name in the same document.

    Only persons: a one-word mention becomes the person whose surname it is (whatever
    label the model gave it: "Epstein" as a PRODUCT), or, labelled PERSON, whose first
    name it is. Short forms of organisations and products are left to the gazetteer.
    """
    full: dict[str, tuple[int, int, int]] = {}
    for order, r in enumerate(resolved):
        if person_like(r):
            size, count, first = full.get(r.name, (len(r.name.split()), 0, order))
            full[r.name] = (size, count + 1, first)
    if not full:
        return

    def rank(name: str) -> tuple[int, int, int]:
        size, count, first = full[name]
        return (-size, -count, first)

    for r in resolved:
        if len(r.name.split()) != 1 or (r.from_gazetteer and r.label != "PERSON"):
            continue
        if r.label in NUMERIC_LABELS or r.label == "NORP":
            continue  # "Democrats" is a group, never a surname
        by_last = [n for n in full if n.split()[-1] == r.name]
        by_first = [n for n in full if n.split()[0] == r.name]
        candidates = by_last or by_first
        if candidates and (r.label == "PERSON" or by_last):
            r.name = min(candidates, key=rank)
            r.label = "PERSON"


@lru_cache(maxsize=4096)
def _surname_pattern(surname: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(surname)}(?:['\u2019]s)?(?![\w-])")


_PREVIOUS_WORD = re.compile(r"(\S*)[ \t]+(\S+)[ \t]+$")
_NEXT_NAME_WORD = re.compile(r"[ \t]+[A-Z][a-z]")


def _inside_longer_name(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """A surname-shaped word inside another capitalised name ("Apple Pro Display XDR").

    True when a capitalised word follows on the same line, or precedes it where no
    sentence starts and is neither a job title nor a possessive ("CEO Huang",
    "Nvidia's Huang" are the person).
    """
    if _NEXT_NAME_WORD.match(text, end):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    before = _PREVIOUS_WORD.search(text, max(line_start, start - 80), start)
    if before is None:
        return False
    opener, word = before.group(1), before.group(2)
    if not word[0].isupper() or word.endswith(("'s", "\u2019s")) or word.rstrip(",") in gaz.titles:
        return False
    return not opener.endswith((".", "!", "?", ":", '"', "\u201c")) and not word.endswith(",")


def add_bare_surnames(text: str, resolved: list[Resolved], gaz: Gazetteer) -> list[Resolved]:
    """Count surname-only mentions the model missed ("Mims concludes ...").

    Only surnames of people already named in full in the same document, of three or
    more letters, shared by no other person there, as whole capitalised words outside
    every other mention and outside any longer capitalised name.
    """
    taken = [(r.piece.start, r.piece.end) for r in resolved]
    extra: list[Resolved] = []
    people = {r.name for r in resolved if person_like(r)}
    surnames = Counter(name.split()[-1] for name in people)
    for name in sorted(people):
        surname = name.split()[-1]
        if len(surname) < 3 or not surname[0].isupper() or surnames[surname] > 1:
            continue
        known = gaz.canonical(surname)
        if known is not None and known.label != "PERSON":
            continue  # "Dell" alone is the company, even in a story about Michael Dell
        for match in _surname_pattern(surname).finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if _inside_longer_name(text, match.start(), match.end(), gaz):
                continue
            piece = Piece(match.start(), match.end(), "PERSON")
            extra.append(Resolved(piece, name, "PERSON", False))
            taken.append((match.start(), match.end()))
    return sorted([*resolved, *extra], key=lambda r: (r.piece.start, r.piece.end))
