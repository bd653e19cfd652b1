"""Text similarity: word shingles, exact Jaccard, and groups of linked items.

Finding copies of one story (syndicated articles, repeated page text) always takes the
same three steps: turn each text into a set (here: runs of consecutive words), compare
two sets by Jaccard similarity, and group everything linked by a similar pair into
connected components. They live here, below the stages that use them, so every copy
finder measures and groups alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from chipwatch.config import SHINGLE_SIZE

__all__ = ["components", "jaccard", "shingle_words", "shingles", "word_grams"]

# Words for shingling: letters and digits, with inner apostrophes and dots kept so that
# "China's" and "U.S." stay one word each.
_WORD = re.compile(r"\w+(?:['.]\w+)*")
#: Typographic apostrophes, each made ASCII by a replace: str.translate with a table
#: went through a dict per character, about 80 times slower on a non-ASCII line.
_APOSTROPHES = ("\u2018", "\u2019", "\u02bc")


def shingles(text: str, *, size: int = SHINGLE_SIZE) -> frozenset[str]:
    """The set of word ``size``-grams of ``text``, case- and punctuation-insensitive.

    Words are lower-cased after NFKC normalisation with typographic apostrophes made
    ASCII, so a copy that differs only in quote style or capitalisation of a headline
    has the same shingles. A text shorter than ``size`` words gives one shingle of all its
    words (so very short documents can still match an identical copy); an empty text
    gives the empty set.

    Args:
        text: cleaned text.
        size: words per shingle (at least 1).

    Raises:
        ValueError: ``size`` is below 1.
    """
    if size < 1:
        raise ValueError(f"shingle size must be at least 1, got {size}")
    return frozenset(" ".join(gram) for gram in word_grams(shingle_words(text), size=size))


def shingle_words(text: str) -> list[str]:
    """The words :func:`shingles` reads in ``text``, normalised as it does."""
    if text.isascii():
        # NFKC and the apostrophes leave ASCII as it is, and casefold is lower there.
        return _WORD.findall(text.lower())
    text = unicodedata.normalize("NFKC", text)
    for apostrophe in _APOSTROPHES:
        text = text.replace(apostrophe, "'")
    return _WORD.findall(text.casefold())


def word_grams(words: list[str], *, size: int = SHINGLE_SIZE) -> frozenset[tuple[str, ...]]:
    """The word ``size``-grams of a list of :func:`shingle_words`, as tuples: what
    :func:`shingles` joins into strings (a shorter list is one gram of all its words)."""
    if not words:
        return frozenset()
    if len(words) < size:
        return frozenset({tuple(words)})
    return frozenset(zip(*(words[i:] for i in range(size)), strict=False))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Exact Jaccard similarity |a ∩ b| / |a ∪ b|; 0.0 when both are empty."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def components(n: int, pairs: Iterable[tuple[int, int]]) -> list[int]:
    """Connected components of ``n`` items linked by ``pairs``, as one label per item.

    Union-find with path halving. Each item's label is the lowest index in its
    component, so labels do not depend on the order the pairs arrive in, and sorting
    items by label keeps every group in the order of its first member.

    Args:
        n: number of items, indexed ``0 .. n-1``.
        pairs: links ``(a, b)`` between item indexes in ``0 .. n-1``; a link of an
            item to itself is harmless.

    Returns:
        ``labels[i]``: the lowest index of the component holding item ``i`` (an item
        linked to nothing is its own label).
    """
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        root_a, root_b = root(a), root(b)
        if root_a != root_b:
            # The smaller index becomes the root, so a component's label is its minimum.
            parent[max(root_a, root_b)] = min(root_a, root_b)
    return [root(i) for i in range(n)]
