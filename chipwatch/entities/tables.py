"""Entity tables and evidence: resolved mentions → the rows an analyst reads.

Mentions come from :mod:`chipwatch.entities.mentions` (canonical names and labels already
decided); this module only groups and counts them:

* :func:`doc_entity_table` and :func:`entity_table`, the per-document and corpus tables;
* :func:`mention_table`, one row per mention;
* :func:`entity_evidence`, the first mentions of every entity with a sentence snippet,
  so a row can be checked against the text without opening the files.

An entity's label is the majority label of its mentions everywhere, so an entity never
appears under two labels. Sentences and snippets come from :mod:`chipwatch.sentences`.
Each builder returns a :class:`chipwatch.table.Table` (``to_frame()`` makes it a pandas
DataFrame), so writing an entity table never imports pandas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from chipwatch.models import (
    ALIASES,
    DOC_ENTITY_COLUMNS,
    DOCS,
    END,
    ENTITY,
    ENTITY_COLUMNS,
    EVIDENCE_COLUMNS,
    FILE,
    LABEL,
    MENTION_COLUMNS,
    MENTIONS,
    NUMERIC_LABELS,
    SNIPPET,
    START,
    TEXT,
    Mention,
)
from chipwatch.sentences import sentence_of, sentence_spans, window
from chipwatch.table import Table

__all__ = [
    "END",
    "EVIDENCE_COLUMNS",
    "MENTION_COLUMNS",
    "SNIPPET",
    "START",
    "doc_entity_table",
    "entity_evidence",
    "entity_table",
    "mention_table",
]


class _Snippets:
    """:func:`chipwatch.sentences.snippet` for many mentions, each file split into
    sentences once (not once per row: a long page has many rows)."""

    def __init__(self, texts: Mapping[str, str], width: int) -> None:
        self.texts = texts
        self.width = max(width, 20)
        self.spans: dict[str, list[tuple[int, int]]] = {}

    def sentence(self, m: Mention) -> tuple[int, int]:
        """The sentence holding ``m``."""
        spans = self.spans.get(m.file)
        if spans is None:
            spans = self.spans[m.file] = sentence_spans(self.texts[m.file])
        return sentence_of(spans, m.start, m.end)

    def __call__(self, m: Mention) -> str:
        return window(self.texts[m.file], self.sentence(m), (m.start, m.end), width=self.width)


def _majority(group: Iterable[Mention]) -> str:
    """The most frequent label of ``group`` (ties: the first in sort order)."""
    labels = [m.label for m in group]
    first = labels[0]
    if labels.count(first) == len(labels):  # the usual case: one label throughout
        return first
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _aliases(group: Iterable[Mention]) -> list[str]:
    """The surface forms of a row, whitespace-normalised: a cell never holds a line break
    or the double space a page's layout left inside a name ("Red  Cross")."""
    return sorted({" ".join(surface.split()) for surface in {m.surface for m in group}})


class _Tally:
    """One entity's counts in :func:`entity_table`, taken in one mention at a time: the
    same label (:func:`_majority`), aliases (:func:`_aliases`) and first mention as the
    mentions grouped in a list would give."""

    def __init__(self, first: Mention) -> None:
        self.count = 0
        self.labels: dict[str, int] = {}
        self.files: set[str] = set()
        self.surfaces: set[str] = set()
        self.first = first

    def add(self, m: Mention) -> None:
        """Count one mention of the entity."""
        self.count += 1
        labels = self.labels
        labels[m.label] = labels.get(m.label, 0) + 1
        self.files.add(m.file)
        self.surfaces.add(m.surface)
        # Mentions mostly arrive in file order: compare positions only when it may win.
        if m.file <= self.first.file and _position(m) < _position(self.first):
            self.first = m

    def label(self) -> str:
        """The most frequent label (ties: the first in sort order)."""
        if len(self.labels) == 1:
            return next(iter(self.labels))
        return min(self.labels.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    def aliases(self) -> list[str]:
        """The surface forms, whitespace-normalised (see :func:`_aliases`)."""
        return sorted({" ".join(surface.split()) for surface in self.surfaces})


def _wanted(label: str, labels: Collection[str] | None) -> bool:
    if labels is None:
        return label not in NUMERIC_LABELS
    return label in {lab.upper() for lab in labels}


def _frame(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> Table:
    return Table.from_records(rows, columns)


def doc_entity_table(
    mentions: Iterable[Mention],
    *,
    labels: Collection[str] | None = None,
    evidence: Mapping[str, str] | None = None,
    width: int = 160,
) -> Table:
    """One row per (file, canonical entity) with its mention count and surface forms.

    The label of a row is the majority label of its mentions (ties broken alphabetically),
    decided before ``labels`` filters rows, so an entity never appears under two labels.

    Args:
        mentions: resolved mentions, e.g. from :func:`chipwatch.entities.mentions.resolve_mentions`.
        labels: keep only these labels; ``None`` keeps all but the numeric ones
            (``models.NUMERIC_LABELS``).
        evidence: the cleaned text of each file (by file name). When given, every row
            also shows where the entity is first mentioned in that file: ``start`` (its
            character offset) and ``snippet`` (its sentence, see
            :func:`chipwatch.sentences.snippet`).
        width: maximum snippet length in characters.

    Returns:
        Columns ``models.DOC_ENTITY_COLUMNS`` (plus ``start``, ``snippet`` with
        ``evidence``), sorted by file, most mentions, entity.

    Raises:
        KeyError: ``evidence`` lacks the text of a file that has mentions.
    """
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[(m.file, m.entity)].append(m)
    rows: list[tuple[str, str, str, int, list[str]]] = []
    firsts: dict[tuple[str, str], Mention] = {}
    for (file, entity), group in groups.items():
        label = _majority(group)
        if _wanted(label, labels):
            rows.append((file, entity, label, len(group), _aliases(group)))
            firsts[(file, entity)] = min(group, key=_position)
    rows.sort(key=lambda r: (r[0], -r[3], r[1], r[2]))
    if evidence is None:  # the rows are the table's, column for column
        return Table(DOC_ENTITY_COLUMNS, tuple(rows))
    records = [dict(zip((FILE, ENTITY, LABEL, MENTIONS, ALIASES), r, strict=True)) for r in rows]
    columns: tuple[str, ...] = DOC_ENTITY_COLUMNS
    if evidence is not None:
        snippet = _Snippets(evidence, width)
        for record, row in zip(records, rows, strict=True):
            first = firsts[(row[0], row[1])]
            record[START] = first.start
            record[SNIPPET] = snippet(first)
        columns = (*DOC_ENTITY_COLUMNS, START, SNIPPET)
    return _frame(records, columns)


def entity_table(
    mentions: Iterable[Mention],
    *,
    labels: Collection[str] | None = None,
    top: int | None = None,
    evidence: Mapping[str, str] | None = None,
    width: int = 160,
) -> Table:
    """One row per canonical entity across the corpus.

    Args:
        mentions: resolved mentions of any number of documents.
        labels: keep only these labels; ``None`` keeps all but the numeric ones.
        top: keep only the first ``top`` rows after sorting.
        evidence: the cleaned text of each file (by file name). When given, every row
            also shows the entity's first mention in the corpus (first file in name
            order, then first offset): ``file``, ``start`` and ``snippet``.
        width: maximum snippet length in characters.

    Returns:
        Columns ``models.ENTITY_COLUMNS`` (``docs`` = number of files mentioning the
        entity; plus ``file``, ``start``, ``snippet`` with ``evidence``), sorted by most
        mentions, then entity name.

    Raises:
        KeyError: ``evidence`` lacks the text of a file that has mentions.
    """
    # Counted as the mentions stream past: what is held grows with the entities (and
    # the files each is in), not with the mentions.
    tallies: dict[str, _Tally] = {}
    for m in mentions:
        tally = tallies.get(m.entity)
        if tally is None:
            tally = tallies[m.entity] = _Tally(m)
        tally.add(m)
    rows: list[tuple[str, str, int, int, list[str]]] = []
    for entity, tally in tallies.items():
        label = tally.label()
        if _wanted(label, labels):
            rows.append((entity, label, tally.count, len(tally.files), tally.aliases()))
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    if top is not None:
        rows = rows[: max(top, 0)]
    if evidence is None:  # the rows are the table's, column for column
        return Table(ENTITY_COLUMNS, tuple(rows))
    records = [dict(zip((ENTITY, LABEL, MENTIONS, DOCS, ALIASES), r, strict=True)) for r in rows]
    columns: tuple[str, ...] = ENTITY_COLUMNS
    if evidence is not None:
        snippet = _Snippets(evidence, width)
        for record, row2 in zip(records, rows, strict=True):
            first = tallies[row2[0]].first
            record[FILE] = first.file
            record[START] = first.start
            record[SNIPPET] = snippet(first)
        columns = (*ENTITY_COLUMNS, FILE, START, SNIPPET)
    return _frame(records, columns)


def _position(m: Mention) -> tuple[str, int, int]:
    return (m.file, m.start, m.end)


def mention_table(mentions: Iterable[Mention], *, labels: Collection[str] | None = None) -> Table:
    """Mention-level data: one row per mention, in file and offset order.

    Args:
        mentions: resolved mentions.
        labels: keep only these labels; ``None`` keeps all but the numeric ones.

    Returns:
        Columns ``MENTION_COLUMNS``: file, start, end, text (the surface as written),
        entity (canonical name), label (of the mention itself).
    """
    rows = [
        {
            FILE: m.file,
            START: m.start,
            END: m.end,
            TEXT: m.surface,
            ENTITY: m.entity,
            LABEL: m.label,
        }
        for m in sorted(mentions, key=_position)
        if _wanted(m.label, labels)
    ]
    return _frame(rows, MENTION_COLUMNS)


def entity_evidence(
    mentions: Iterable[Mention],
    texts: Mapping[str, str],
    *,
    per_entity: int = 3,
    width: int = 160,
    labels: Collection[str] | None = None,
) -> Table:
    """Where each canonical entity comes from: its first mentions with a sentence snippet.

    Lets an analyst check an entity row against the text ("is this Washington the city
    or the government?") without opening the files.

    Args:
        mentions: resolved mentions of any number of documents.
        texts: the cleaned text of each file, by file name.
        per_entity: how many mentions to show per entity (the first ones, in file-name
            then offset order).
        width: maximum snippet length in characters.
        labels: keep only entities with these (majority) labels; ``None`` keeps all but
            the numeric ones.

    Returns:
        Columns ``EVIDENCE_COLUMNS`` (entity, label, file, start, end, text, snippet).
        Entities are ordered as in :func:`entity_table` (most mentions, then name), their
        mentions by file and offset. ``label`` is the entity's majority label.

    Raises:
        KeyError: ``texts`` has no text for a file that has mentions.
    """
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[m.entity].append(m)
    order: list[tuple[int, str, str]] = []
    for entity, group in groups.items():
        label = _majority(group)
        if _wanted(label, labels):
            order.append((-len(group), entity, label))
    order.sort()
    snippet = _Snippets(texts, width)
    rows: list[dict[str, Any]] = []
    for _, entity, label in order:
        for m in sorted(groups[entity], key=_position)[: max(per_entity, 0)]:
            rows.append(
                {
                    ENTITY: entity,
                    LABEL: label,
                    FILE: m.file,
                    START: m.start,
                    END: m.end,
                    TEXT: m.surface,
                    SNIPPET: snippet(m),
                }
            )
    return _frame(rows, EVIDENCE_COLUMNS)
