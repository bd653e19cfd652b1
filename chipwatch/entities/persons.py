"""Persons within one page: surnames pointed at the full name, surnames the model missed.

The annotation rules name a person by the fullest form of the name on the page and count
surname-only mentions as that person ("Jane Doe ... Doe said"). These rules apply to
persons only: a full name must be shaped like a person's, and a one-word mention becomes
that person whatever label the model gave it; short forms of organisations and products
are left to the gazetteer.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection

from chipwatch.entities.labels import is_product_shaped
from chipwatch.entities.spans import Piece, Resolved, Taken
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

    # Full names by their last and first word, so a one-word mention finds its
    # candidates without a pass over every person on the page.
    lasts: dict[str, list[str]] = defaultdict(list)
    firsts: dict[str, list[str]] = defaultdict(list)
    for name in full:
        lasts[name.split()[-1]].append(name)
        firsts[name.split()[0]].append(name)
    for r in resolved:
        if len(r.name.split()) != 1 or (r.from_gazetteer and r.label != "PERSON"):
            continue
        if r.label in NUMERIC_LABELS or r.label == "NORP":
            continue  # "Democrats" is a group, never a surname
        by_last = lasts.get(r.name, [])
        candidates = by_last or firsts.get(r.name, [])
        if candidates and (r.label == "PERSON" or by_last):
            r.name = min(candidates, key=rank)
            r.label = "PERSON"


# What ends a surname written on its own: an optional possessive, then no word character.
_SURNAME_END = re.compile(r"(?:['\u2019]s)?(?![\w-])")


def _surname_matches(text: str, surnames: Collection[str]) -> dict[str, list[tuple[int, int]]]:
    """Where each surname stands as a whole word (possessive included), in text order.

    One pass over the page for all surnames together, not one per person: a long page
    names many people. A surname starts where no word character or hyphen precedes it
    and ends where none follows (after an optional "'s"); the matches of one surname do
    not overlap, as those of a regular expression's ``finditer`` would not.
    """
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if not surnames:
        return found
    wanted = set(surnames)
    lengths = sorted({len(s) for s in wanted})
    firsts = re.escape("".join(sorted({s[0] for s in wanted})))
    for start in re.finditer(rf"(?<![\w-])[{firsts}]", text):
        at = start.start()
        for size in lengths:
            word = text[at : at + size]
            end = _SURNAME_END.match(text, at + size) if word in wanted else None
            if end is not None and (not found[word] or found[word][-1][1] <= at):
                found[word].append((at, end.end()))
    return found


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
    line_start = text.rfind("\n", max(0, start - 80), start) + 1  # a bounded look back
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
    people = {r.name for r in resolved if person_like(r)}
    surnames = Counter(name.split()[-1] for name in people)
    names = [name for name in sorted(people) if _countable(name.split()[-1], surnames, gaz)]
    if not names:
        return sorted(resolved, key=lambda r: (r.piece.start, r.piece.end))
    matches = _surname_matches(text, [name.split()[-1] for name in names])
    taken = Taken(text)
    for r in resolved:
        taken.add(r.piece.start, r.piece.end)
    extra: list[Resolved] = []
    for name in names:
        for start, end in matches.get(name.split()[-1], ()):
            if taken.overlaps(start, end) or _inside_longer_name(text, start, end, gaz):
                continue
            extra.append(Resolved(Piece(start, end, "PERSON"), name, "PERSON", False))
            taken.add(start, end)
    return sorted([*resolved, *extra], key=lambda r: (r.piece.start, r.piece.end))


def _countable(surname: str, surnames: Counter[str], gaz: Gazetteer) -> bool:
    """A surname worth looking for alone: three letters or more, capitalised, one
    person's only, and not the name of something else the gazetteer knows ("Dell" alone
    is the company, even in a story about Michael Dell)."""
    if len(surname) < 3 or not surname[0].isupper() or surnames[surname] > 1:
        return False
    known = gaz.canonical(surname)
    return known is None or known.label == "PERSON"
