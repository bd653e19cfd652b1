"""Who is mentioned with whom: canonical entity pairs that share a sentence or a document.

Built on resolved mentions (:mod:`chipwatch.entities.mentions`), so "Nvidia" and "NVIDIA's" are one
side of a pair and a surname counts as the full name. Sentences come from the same cheap
rule-based splitter the evidence snippets use (:func:`chipwatch.sentences.sentence_spans`):
the entity pipeline runs only the NER, so there are no model sentences to reuse.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from itertools import combinations
from typing import Literal

from chipwatch.models import (
    NUMERIC_LABELS,
    PAIR_COLUMNS,
    Mention,
)
from chipwatch.sentences import sentence_spans
from chipwatch.table import Table

__all__ = ["entity_pairs"]


Scope = Literal["sentence", "document"]


def _labels_by_entity(mentions: list[Mention]) -> dict[str, str]:
    """Each entity's majority label over the corpus, as in the entity tables."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        counts[m.entity][m.label] += 1
    return {e: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for e, c in counts.items()}


def _wanted_entities(label_of: Mapping[str, str], labels: Collection[str] | None) -> set[str]:
    """Entities whose majority label is wanted (all but the numeric ones by default)."""
    if labels is None:
        return {e for e, lab in label_of.items() if lab not in NUMERIC_LABELS}
    upper = {x.upper() for x in labels}
    return {e for e, lab in label_of.items() if lab in upper}


def _units(mentions: list[Mention], text: str | None) -> dict[int, set[str]]:
    """The entities of each unit of one file: its sentences in ``text``, or the whole file.

    A mention belongs to the sentence its first character is in.
    """
    units: dict[int, set[str]] = defaultdict(set)
    if text is None:
        units[0] = {m.entity for m in mentions}
        return units
    starts = [s for s, _ in sentence_spans(text)]
    for m in mentions:
        units[bisect_right(starts, m.start) - 1].add(m.entity)
    return units


def _count_pairs(
    by_file: Mapping[str, list[Mention]], texts: Mapping[str, str] | None
) -> tuple[Counter[tuple[str, str]], dict[tuple[str, str], set[str]]]:
    """Units holding each pair, and the files they are in; sentence units with ``texts``."""
    counts: Counter[tuple[str, str]] = Counter()
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for file in sorted(by_file):
        text = texts[file] if texts is not None else None
        for entities in _units(by_file[file], text).values():
            for pair in combinations(sorted(entities), 2):
                counts[pair] += 1
                docs[pair].add(file)
    return counts, docs


def entity_pairs(
    mentions: Iterable[Mention],
    texts: Mapping[str, str] | None = None,
    *,
    scope: Scope = "sentence",
    labels: Collection[str] | None = None,
    top: int | None = None,
) -> Table:
    """Count how often two canonical entities appear in the same sentence or document.

    A unit (sentence or document) counts once per pair however often either entity is
    mentioned in it, and an entity never pairs with itself. A mention belongs to the
    sentence its first character is in.

    Args:
        mentions: resolved mentions of any number of documents.
        texts: the cleaned text of each file, by file name (the text the mention offsets
            point into); needed for ``scope="sentence"`` only.
        scope: ``"sentence"`` (rule-based sentences, see
            :func:`chipwatch.sentences.sentence_spans`) or ``"document"``.
        labels: keep only entities with these (corpus majority) labels; ``None`` keeps
            all but the numeric ones (``models.NUMERIC_LABELS``).
        top: keep only the first ``top`` rows after sorting.

    Returns:
        Columns ``PAIR_COLUMNS``: entity_a < entity_b (by name), their majority labels,
        ``count`` (units holding both) and ``docs`` (files holding both in such a unit).
        Sorted by most units, then most docs, then entity_a, entity_b.

    Raises:
        ValueError: ``scope`` is unknown, or sentence scope without ``texts``.
        KeyError: ``texts`` lacks the text of a file that has mentions.
    """
    if scope not in ("sentence", "document"):
        raise ValueError(f"scope must be 'sentence' or 'document', not {scope!r}")
    if scope == "sentence" and texts is None:
        raise ValueError("sentence scope needs the cleaned texts the mention offsets refer to")
    every = list(mentions)
    label_of = _labels_by_entity(every)
    wanted = _wanted_entities(label_of, labels)
    by_file: dict[str, list[Mention]] = defaultdict(list)
    for m in every:
        if m.entity in wanted:
            by_file[m.file].append(m)
    counts, docs = _count_pairs(by_file, texts if scope == "sentence" else None)
    rows = sorted(
        ((a, label_of[a], b, label_of[b], n, len(docs[(a, b)])) for (a, b), n in counts.items()),
        key=lambda r: (-r[4], -r[5], r[0], r[2]),
    )
    if top is not None:
        rows = rows[: max(top, 0)]
    return Table(tuple(PAIR_COLUMNS), tuple(rows))
