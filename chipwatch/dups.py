"""Near-duplicate articles: the same story run by several outlets, found by MinHash/LSH.

Syndicated news arrives as copies of one wire story wrapped in different page chrome,
sometimes lightly edited (a new headline, a dropped paragraph, a changed dateline). After
cleaning, the copies share most of their word sequences, so the Jaccard similarity of
their sets of word shingles (runs of ``shingle`` consecutive words) is high while two
different stories on the same topic share almost none.

MinHash signatures with locality-sensitive hashing (``datasketch``) propose candidate
pairs without comparing every pair of documents; each candidate is then checked with the
*exact* Jaccard similarity of the two shingle sets, so the reported similarity does not
depend on hashing luck. Candidate pairs at or above ``threshold`` are linked and the
linked groups (connected components) are the clusters.

Everything is deterministic: documents are processed in file-name order, the MinHash
permutations come from a fixed seed, and clusters are numbered by their first file name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from chipwatch.config import DEDUPE_THRESHOLD, SHINGLE_SIZE
from chipwatch.models import (
    CLUSTER,
    DUP_COLUMNS,
    FILE,
    PUBLISHED,
    SIMILARITY,
    SOURCE,
    TITLE,
    CleanDocument,
)
from chipwatch.similarity import components, jaccard, shingles

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CLUSTER",
    "DUP_COLUMNS",
    "SIMILARITY",
    "cluster_map",
    "find_clusters",
    "find_duplicates",
]


#: MinHash permutations: enough for a stable estimate near 0.5-0.9, small enough to be fast.
NUM_PERM = 128
#: Fixed seed of the MinHash permutations, so runs are repeatable.
SEED = 1
# LSH proposes candidates a little below the threshold (favouring recall); the exact
# Jaccard check then decides, so a lower LSH threshold costs time, never precision.
_LSH_SLACK = 0.15


def _check(threshold: float, shingle: int) -> None:
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    if shingle < 1:
        raise ValueError(f"shingle size must be at least 1, got {shingle}")


def _signatures(shingle_sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    from datasketch import MinHash

    out: dict[str, Any] = {}
    for name, items in shingle_sets.items():
        sig = MinHash(num_perm=NUM_PERM, seed=SEED)
        # Sorted so the (order-independent) signature is also built the same way each run.
        sig.update_batch([s.encode("utf-8") for s in sorted(items)])
        out[name] = sig
    return out


def _candidate_pairs(
    shingle_sets: dict[str, frozenset[str]], threshold: float
) -> set[tuple[str, str]]:
    from datasketch import MinHashLSH

    signatures = _signatures(shingle_sets)
    lsh = MinHashLSH(threshold=max(threshold - _LSH_SLACK, 0.05), num_perm=NUM_PERM)
    for name in sorted(signatures):
        lsh.insert(name, signatures[name])
    pairs: set[tuple[str, str]] = set()
    for name in sorted(signatures):
        for other in lsh.query(signatures[name]):
            if other != name:
                pairs.add((min(name, other), max(name, other)))
    return pairs


def find_clusters(
    docs: Sequence[CleanDocument],
    *,
    threshold: float = DEDUPE_THRESHOLD,
    shingle: int = SHINGLE_SIZE,
) -> list[list[str]]:
    """Groups of near-duplicate files, each sorted by name, groups sorted by first name.

    Two documents are linked when the exact Jaccard similarity of their shingle sets is
    at least ``threshold``; a cluster is a connected group of links (so a chain of light
    edits stays together even when its two ends differ more). Documents with no text are
    never clustered. Only groups of two or more files are returned.

    Args:
        docs: cleaned documents (file names must be unique).
        threshold: minimum Jaccard similarity of a linked pair, in (0, 1]. The default
            (``config.DEDUPE_THRESHOLD``, 0.7) keeps copies with changed headlines,
            datelines and a few edited sentences together while two different stories
            on one topic stay far below it (typically < 0.1).
        shingle: words per shingle; shorter shingles make light edits cost less but
            raise the similarity of unrelated texts on the same topic.

    Raises:
        ValueError: ``threshold`` or ``shingle`` is out of range.
    """
    _check(threshold, shingle)
    sets = {
        doc.name: shingles(doc.text, size=shingle)
        for doc in sorted(docs, key=lambda d: d.name)
        if doc.lines
    }
    sets = {name: items for name, items in sets.items() if items}
    names = sorted(sets)
    index = {name: i for i, name in enumerate(names)}
    links = [
        (index[a], index[b])
        for a, b in sorted(_candidate_pairs(sets, threshold))
        if jaccard(sets[a], sets[b]) >= threshold
    ]
    # Labels are the lowest index of each group, i.e. its first name: a stable representative.
    groups: dict[int, list[str]] = {}
    for name, label in zip(names, components(len(names), links), strict=True):
        groups.setdefault(label, []).append(name)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def find_duplicates(
    docs: Sequence[CleanDocument],
    *,
    threshold: float = DEDUPE_THRESHOLD,
    shingle: int = SHINGLE_SIZE,
    singletons: bool = False,
) -> pd.DataFrame:
    """Near-duplicate clusters as a table: one row per file, ``DUP_COLUMNS``.

    Clusters are numbered from 1 in the order of their first file name; within a
    cluster the first file (by name) comes first with similarity 1.0 and is the
    cluster's representative, the others follow by name with their exact Jaccard
    similarity to it (rounded to 4 places; in a chain of edits this may be below the
    threshold, since membership is by links between any two members).

    Args:
        docs: cleaned documents; title, source and published come from their metadata.
        threshold: see :func:`find_clusters`.
        shingle: see :func:`find_clusters`.
        singletons: also list every document that has no near-duplicate, each as a
            cluster of its own (numbered after the real clusters, by file name). Off by
            default: the question is "which stories ran more than once?".

    Raises:
        ValueError: ``threshold`` or ``shingle`` is out of range.
    """
    import pandas as pd

    by_name = {doc.name: doc for doc in docs}
    clusters = find_clusters(docs, threshold=threshold, shingle=shingle)
    if singletons:
        clustered = {name for group in clusters for name in group}
        clusters += [[name] for name in sorted(by_name) if name not in clustered]
    rows: list[dict[str, Any]] = []
    for number, group in enumerate(clusters, start=1):
        first = shingles(by_name[group[0]].text, size=shingle)
        for name in group:
            doc = by_name[name]
            sim = 1.0 if name == group[0] else jaccard(first, shingles(doc.text, size=shingle))
            rows.append(
                {
                    CLUSTER: number,
                    FILE: name,
                    SIMILARITY: round(sim, 4),
                    TITLE: doc.metadata.title or doc.title,
                    SOURCE: doc.metadata.source,
                    PUBLISHED: doc.metadata.published,
                }
            )
    frame = pd.DataFrame(rows, columns=list(DUP_COLUMNS))
    return frame.astype({CLUSTER: "int64", SIMILARITY: "float64"})


def cluster_map(
    docs: Sequence[CleanDocument],
    *,
    threshold: float = DEDUPE_THRESHOLD,
    shingle: int = SHINGLE_SIZE,
) -> dict[str, str]:
    """Every file mapped to its cluster's representative (its first file by name).

    A file with no near-duplicate maps to itself, so ``{f for f, r in m.items() if f == r}``
    is the de-duplicated corpus: one document per story, the rest counted once.

    Raises:
        ValueError: ``threshold`` or ``shingle`` is out of range.
    """
    mapping = {doc.name: doc.name for doc in docs}
    for group in find_clusters(docs, threshold=threshold, shingle=shingle):
        for name in group:
            mapping[name] = group[0]
    return dict(sorted(mapping.items()))
