"""A document's top keyword list: which ranked candidates make it, and in what order.

The scorer ranks every candidate; the list it shows must not repeat itself. A key that
repeats or is part of a better-ranked one is left out ("export controls", then not
"controls"), and so is one that contains a better-ranked phrase; a phrase may follow a
better-ranked single word it holds ("Gray", then "William Gray"). No word may sit in
more than a few chosen keys (a long report's main word must not fill the list with its
variants), and a word that the text also uses on its own may follow the phrase it
belongs to ("Matt Holliday", then "Holliday").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from chipwatch.lexicon import singular
from chipwatch.phrases import Candidate

__all__ = ["Shortlist", "parts_used_alone"]


def _shown(cand: Candidate) -> str:
    """How a user reads a key: its shown form in lower case, each word singular. Two
    keys can read alike ("Cardinals" a noun in a headline, "Cardinals" a name below)."""
    return " ".join(singular(word) for word in cand.display.lower().split())


def _subphrases(key: str) -> set[str]:
    """Every contiguous whole-word part of a key, the key included."""
    parts = key.split(" ")
    return {" ".join(parts[a:b]) for a in range(len(parts)) for b in range(a + 1, len(parts) + 1)}


class Shortlist:
    """The keys chosen so far for one document's top list, and what they rule out."""

    def __init__(self, *, max_shared: int) -> None:
        self.max_shared = max_shared
        self.chosen: list[tuple[Candidate, float]] = []
        self.keys: set[str] = set()  # every listed key
        self.shown: set[str] = set()  # how every listed key reads
        self.phrases: set[str] = set()  # keys chosen on their own rank
        self.covered: set[str] = set()  # every part of every key chosen on its own rank
        self.shared: Counter[str] = Counter()

    def accepts(self, cand: Candidate, *, dedupe: bool, alone: bool) -> bool:
        """Whether ``cand`` may join: no repeat (nor a key that reads like a listed one),
        no part of a chosen key (a word that stands alone excepted), no whole of a chosen
        phrase, and no word already in ``max_shared`` keys. A phrase may follow a chosen
        single word that it holds ("Gray", then "William Gray"; "spill", then "oil
        spill"): the word ranked first because the text uses it alone, which says nothing
        against the phrase."""
        if cand.key in self.keys or _shown(cand) in self.shown:
            return False
        if not dedupe:
            return True
        parts = _subphrases(cand.key)
        return not (
            (cand.key in self.covered and not alone)
            or any(" " in key for key in parts & self.phrases)
            or any(" " in part and part in self.covered for part in parts)
            or any(self.shared[w] >= self.max_shared for w in cand.key.split(" "))
        )

    def add(self, cand: Candidate, value: float) -> None:
        """Choose ``cand`` on its own rank."""
        self.chosen.append((cand, value))
        self.keys.add(cand.key)
        self.shown.add(_shown(cand))
        self.phrases.add(cand.key)
        self.covered |= _subphrases(cand.key)
        self.shared.update(cand.key.split(" "))

    def flush(self, waiting: list[tuple[Candidate, float]], *, after: int, limit: float) -> None:
        """List the waiting parts once ``after`` keys are chosen (up to ``limit``), each
        with the score of its phrase; later phrases that hold one stay possible."""
        while waiting and after <= len(self.chosen) < limit:
            part, value = waiting.pop(0)
            if part.key not in self.keys and _shown(part) not in self.shown:
                self.chosen.append((part, min(value, self.chosen[-1][1])))
                self.keys.add(part.key)
                self.shown.add(_shown(part))


def parts_used_alone(
    cand: Candidate,
    singles: Mapping[str, Candidate],
    *,
    least: int,
    least_name: int | None = None,
    share: float = 0.0,
) -> list[Candidate]:
    """The words of a phrase that the text also writes on their own: at least ``least``
    times (``least_name`` for a name's word: of a phrase written capitalised throughout,
    and shown capitalised itself), and in at least ``share`` of their uses. ``singles``
    maps a one-word key to its candidate.

    "spill" written alone twice after "oil spill" follows the phrase, since readers name
    a story's subject by that word as well; written alone once, a common word is the
    phrase said again for short. A name's word written alone once ("Holliday said"
    after "Matt Holliday") is already how news names a person after the first mention.
    """
    if cand.n_words == 1:
        return []
    named = all(word[:1].isupper() for word in cand.display.split(" "))
    name_least = least if least_name is None or not named else least_name
    parts = (singles.get(lemma) for lemma in dict.fromkeys(cand.key.split(" ")))
    return [
        part
        for part in parts
        if part is not None
        and part.alone >= (name_least if part.display[:1].isupper() else least)
        and part.alone >= share * part.count
    ]
