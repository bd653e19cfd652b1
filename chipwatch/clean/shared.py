"""Site chrome learned across a corpus: lines shared by several stories.

A line that many documents contain (a masthead, a footer, a menu entry) is site chrome,
and so is a run of lines that two stories share (a promo box on two pages of one site).
Copies of one syndicated story count once, so a corpus holding the same article from
three sites does not mistake the story's own lines for chrome.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chipwatch.lexicon import text_key
from chipwatch.models import Document
from chipwatch.similarity import components

__all__ = ["SharedLines", "learn_shared_lines"]

#: Lines of at least this many words identify a story (prose, not menu items).
_STORY_LINE_MIN_WORDS = 8
#: Two documents are copies of one story when this share of their prose lines coincide.
_STORY_OVERLAP = 0.5
#: Prose lines found in more documents than this are site boilerplate, not story text.
_STORY_LINE_MAX_DOCS = 50
#: Lines in a row that two stories must share for them to be site chrome.
_RUN_LINES = 3
#: Raw lines up to this long have their key remembered while a corpus is fitted.
_MEMO_MAX_CHARS = 200
#: The most keys remembered before the memo starts over (memory stays bounded).
_MEMO_SIZE = 100_000


@dataclass(frozen=True)
class SharedLines:
    """What fitting learns from a corpus.

    Attributes:
        n_documents: documents seen.
        lines: keys of lines found in at least ``min_shared_docs`` stories.
        by_document: for each document in order, the shared keys it contains (sorted).
    """

    n_documents: int
    lines: frozenset[str]
    by_document: list[tuple[str, ...]]


def learn_shared_lines(documents: Iterable[Document], *, min_shared_docs: int) -> SharedLines:
    """Count, for each line key, the distinct *stories* containing it.

    Counting distinct documents, not occurrences, keeps the result independent of
    document order and of repeats inside one document.

    Args:
        documents: the whole corpus, as one set.
        min_shared_docs: stories a line must occur in to count as chrome.
    """
    line_sets: list[frozenset[str]] = []
    prose_sets: list[frozenset[str]] = []
    sequences: list[list[str]] = []
    memo: dict[str, str] = {}
    for document in documents:
        sequence = _line_keys(document.lines, memo)
        keys = frozenset(sequence)
        sequences.append(sequence)
        line_sets.append(keys)
        # A key's words are separated by single spaces, and it has no space at either
        # end (``text_key``): counting spaces counts its words without splitting it.
        prose_sets.append(frozenset(k for k in keys if k.count(" ") >= _STORY_LINE_MIN_WORDS - 1))
    story = _story_clusters(prose_sets)
    shared = _in_stories(line_sets, story, min_shared_docs)
    for key in _shared_runs(sequences, story):
        shared.setdefault(key, key)
    # Each document's tuple holds the very key objects of ``lines``, not equal copies.
    return SharedLines(
        n_documents=len(line_sets),
        lines=frozenset(shared),
        by_document=[
            tuple(sorted(map(shared.__getitem__, shared.keys() & keys))) for keys in line_sets
        ],
    )


def _in_stories(
    line_sets: Sequence[frozenset[str]], story: Sequence[int], min_shared_docs: int
) -> dict[str, str]:
    """The keys found in at least ``min_shared_docs`` stories, each mapped to itself
    (the object of its first occurrence), in the order they first occur.

    Most keys are in one story only: each keeps the story it was first seen in, and
    only a key seen in a second story gets a set of them."""
    first: dict[str, int] = {}
    more: dict[str, set[int]] = {}
    for index, keys in enumerate(line_sets):
        label = story[index]
        for key in keys:
            seen = first.setdefault(key, label)
            if seen != label:
                found = more.get(key)
                if found is None:
                    more[key] = {seen, label}
                else:
                    found.add(label)
    counts = {key: len(found) for key, found in more.items()}
    return {key: key for key in first if counts.get(key, 1) >= min_shared_docs}


def _line_keys(lines: Iterable[str], memo: dict[str, str]) -> list[str]:
    """The non-empty ``text_key`` of each of ``lines``, in order.

    Short lines have their key remembered in ``memo`` while one corpus is fitted: menus,
    labels and footers recur on every page of a site, and their one key object is then
    shared by every document holding them. Long lines (prose, rarely repeated) are not
    kept, so a streamed corpus is not held in memory."""
    sequence: list[str] = []
    for line in lines:
        key = memo.get(line)
        if key is None:
            key = text_key(line)
            if len(line) <= _MEMO_MAX_CHARS:
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                memo[line] = key
        if key:
            sequence.append(key)
    return sequence


def _story_clusters(prose_sets: Sequence[frozenset[str]]) -> list[int]:
    """Group documents that are copies of one story; returns each document's group id.

    Two documents are copies when their prose lines (Jaccard) overlap by
    ``_STORY_OVERLAP`` or more; groups are the connected components of that relation.
    Candidate pairs come from an inverted index of prose lines, skipping lines so common
    that they are boilerplate.
    """
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
    copies = [
        (a, b)
        for (a, b), common in sorted(shared.items())
        if _jaccard_at_least(common, len(prose_sets[a]) + len(prose_sets[b]) - common)
    ]
    return components(len(prose_sets), copies)


def _jaccard_at_least(common: int, union: int) -> bool:
    return bool(union) and common / union >= _STORY_OVERLAP


def _shared_runs(sequences: Sequence[Sequence[str]], story: Sequence[int]) -> frozenset[str]:
    """Keys of the lines that two stories share as a run of ``_RUN_LINES`` lines in a row.

    A site's promo box, newsletter form or "About us" text may be on only two pages of a
    corpus, too few for ``min_shared_docs``; but two stories do not share several lines
    in a row by chance. A line counts only when every one of its occurrences lies in
    such a run: a headline that another page lists among its links stays the headline
    of its own page.
    """
    # Each distinct run gets a slot holding the story it was seen in, or _MANY once a
    # second story has it; each document keeps its runs' slots, so the second pass
    # neither builds the runs again nor looks them up.
    slot_of: dict[tuple[str, ...], int] = {}
    holders: list[int] = []
    slots: list[list[int]] = []
    for index, sequence in enumerate(sequences):
        label = story[index]
        found: list[int] = []
        for run in zip(*(sequence[i:] for i in range(_RUN_LINES)), strict=False):
            slot = slot_of.setdefault(run, len(holders))
            if slot == len(holders):
                holders.append(label)
            elif holders[slot] != label:
                holders[slot] = _MANY
            found.append(slot)
        slots.append(found)
    inside: set[str] = set()
    outside: set[str] = set()
    for sequence, found in zip(sequences, slots, strict=True):
        covered = [False] * len(sequence)
        for start, slot in enumerate(found):
            if holders[slot] == _MANY:
                covered[start : start + _RUN_LINES] = [True] * _RUN_LINES
        for key, in_run in zip(sequence, covered, strict=True):
            (inside if in_run else outside).add(key)
    return frozenset(inside - outside)


#: A run's slot value once two or more stories share it (story labels are >= 0).
_MANY = -1
