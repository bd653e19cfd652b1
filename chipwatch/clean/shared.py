"""Site chrome learned across a corpus: lines shared by several stories.

A line that many documents contain (a masthead, a footer, a menu entry) is site chrome,
and so is a run of lines that two stories share (a promo box on two pages of one site).
Copies of one syndicated story count once, so a corpus holding the same article from
three sites does not mistake the story's own lines for chrome.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import filterfalse
from operator import itemgetter

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
#: Once this many keys (or prose keys) are remembered, the memo starts over at the next
#: document (memory stays bounded).
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
    prose: set[str] = set()
    for document in documents:
        sequence = _line_keys(document.lines, memo, prose)
        keys = frozenset(sequence)
        sequences.append(sequence)
        line_sets.append(keys)
        prose_sets.append(keys & prose)
    story = _story_clusters(prose_sets)
    shared, several = _in_stories(line_sets, story, min_shared_docs)
    for key in _shared_runs(sequences, story, several):
        shared.setdefault(key, key)
    lines = frozenset(shared)
    # Each document's tuple holds the very key objects of ``lines``, not equal copies.
    return SharedLines(
        n_documents=len(line_sets),
        lines=lines,
        by_document=[tuple(sorted(map(shared.__getitem__, keys & lines))) for keys in line_sets],
    )


def _in_stories(
    line_sets: Sequence[frozenset[str]], story: Sequence[int], min_shared_docs: int
) -> tuple[dict[str, str], set[str]]:
    """The keys found in at least ``min_shared_docs`` stories, each mapped to itself
    (the object of its first occurrence), in the order they first occur; and the keys
    found in two stories or more (only they can be part of a run two stories share).

    Most stories are one document, whose keys ``Counter.update`` counts as they are, in
    C. Only a story of several copies leaves out the keys an earlier copy counted;
    ``filterfalse`` keeps the set's order, so keys still enter the count in the order
    they first occur."""
    copies = Counter(story)
    counted: dict[int, set[str]] = {}
    counts: Counter[str] = Counter()
    for keys, label in zip(line_sets, story, strict=True):
        if copies[label] == 1:
            counts.update(keys)
        else:
            done = counted.setdefault(label, set())
            counts.update(filterfalse(done.__contains__, keys))
            done.update(keys)
    shared: dict[str, str] = {}
    several: set[str] = set()
    for key, found in counts.items():
        if found >= min_shared_docs:
            shared[key] = key
        if found > 1:
            several.add(key)
    return shared, several


def _line_keys(lines: Iterable[str], memo: dict[str, str], prose: set[str]) -> list[str]:
    """The non-empty ``text_key`` of each of ``lines``, in order; the keys of at least
    ``_STORY_LINE_MIN_WORDS`` words are added to ``prose``.

    Short lines have their key remembered in ``memo`` while one corpus is fitted: menus,
    labels and footers recur on every page of a site, and their one key object is then
    shared by every document holding them. Long lines (prose, rarely repeated) are not
    kept, so a streamed corpus is not held in memory. A key's words are counted once,
    when it is made, not again for each document that repeats the line. ``prose`` holds
    no string the fit does not keep anyway (each document's prose keys); it starts over
    with ``memo``, and only between documents, so it holds every prose key of the
    document at hand."""
    if len(memo) >= _MEMO_SIZE or len(prose) >= _MEMO_SIZE:
        memo.clear()
        prose.clear()
    sequence: list[str] = []
    for line in lines:
        key = memo.get(line)
        if key is None:
            key = text_key(line)
            if len(line) <= _MEMO_MAX_CHARS:
                memo[line] = key
            # A key's words are separated by single spaces, and it has no space at
            # either end (``text_key``): counting spaces counts its words without
            # splitting it, and a key too short to hold that many words is not counted.
            if len(key) >= _PROSE_MIN_CHARS and key.count(" ") >= _PROSE_MIN_SPACES:
                prose.add(key)
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


def _shared_runs(
    sequences: Sequence[Sequence[str]], story: Sequence[int], several: set[str]
) -> frozenset[str]:
    """Keys of the lines that two stories share as a run of ``_RUN_LINES`` lines in a row.

    A site's promo box, newsletter form or "About us" text may be on only two pages of a
    corpus, too few for ``min_shared_docs``; but two stories do not share several lines
    in a row by chance. A line counts only when every one of its occurrences lies in
    such a run: a headline that another page lists among its links stays the headline
    of its own page.

    Only a run of keys that are each in ``several`` stories can be shared: runs are
    looked for inside the stretches of such keys alone, which most lines (a story's own
    prose) break.
    """
    first_story: dict[tuple[str, ...], int] = {}
    shared: set[tuple[str, ...]] = set()
    stretches: list[list[tuple[int, int]]] = []
    for sequence, label in zip(sequences, story, strict=True):
        # One byte per line, 1 for a key in several stories; the regex finds the
        # stretches in C, so Python loops over the stretches' runs only.
        flags = bytes(map(several.__contains__, sequence))
        found = [match.span() for match in _STRETCH.finditer(flags)]
        stretches.append(found)
        for start, end in found:
            for run in _runs(sequence[start:end]):
                if first_story.setdefault(run, label) != label:
                    shared.add(run)
    return _all_in_runs(sequences, stretches, shared)


def _all_in_runs(
    sequences: Sequence[Sequence[str]],
    stretches: Sequence[Sequence[tuple[int, int]]],
    shared: set[tuple[str, ...]],
) -> frozenset[str]:
    """The keys each of whose occurrences lies in one of the ``shared`` runs, which lie
    in the documents' ``stretches``.

    A block of shared runs in a row covers its lines up to the last run's last line
    (the next block may start inside it); every other line is outside. Only the
    stretches' runs are looked up, in C: Python sees each stretch and each block."""
    inside: set[str] = set()
    outside: set[str] = set()
    for sequence, found in zip(sequences, stretches, strict=True):
        end = 0
        for start, stop in found:
            flags = bytes(map(shared.__contains__, _runs(sequence[start:stop])))
            for block in _SHARED_BLOCK.finditer(flags):
                outside.update(sequence[end : start + block.start()])
                end = start + block.end() + _RUN_LINES - 1
                inside.update(sequence[start + block.start() : end])
        outside.update(sequence[end:])
    return frozenset(inside - outside)


def _runs(sequence: Sequence[str]) -> Iterable[tuple[str, ...]]:
    """Each run of ``_RUN_LINES`` lines in a row of ``sequence``, in order."""
    return zip(*_RUN_SLICES(sequence), strict=False)


#: A key has at least ``_STORY_LINE_MIN_WORDS`` words when it has this many spaces...
_PROSE_MIN_SPACES = _STORY_LINE_MIN_WORDS - 1
#: ... and so at least this many characters (one-letter words).
_PROSE_MIN_CHARS = 2 * _STORY_LINE_MIN_WORDS - 1
#: The slices of a sequence that zip into its runs: from its first line, its second...
#: (a tuple, as ``_RUN_LINES`` is more than one).
_RUN_SLICES = itemgetter(*(slice(i, None) for i in range(_RUN_LINES)))
#: A stretch of at least ``_RUN_LINES`` lines whose keys are in several stories (spelled
#: with a literal prefix, which the regex engine looks for faster than a counted repeat).
_STRETCH = re.compile(b"\x01" * (_RUN_LINES - 1) + b"\x01+")
#: A block of runs in a row that two stories share.
_SHARED_BLOCK = re.compile(b"\x01+")
