"""Views of the entities: tables, co-occurring pairs and keyword-in-context lines."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Literal

from chipwatch.pipeline import Analysis
from chipwatch.table import Table
from chipwatch.views.core import _require

if TYPE_CHECKING:
    import pandas as pd


def entities(
    analysis: Analysis,
    *,
    labels: Collection[str] | None = None,
    top: int | None = None,
    per_doc: bool = False,
    evidence: bool = False,
) -> Table:
    """Canonical entities: corpus rows, or one row per file and entity with ``per_doc``
    (a :class:`~chipwatch.table.Table`; ``to_frame()`` gives a DataFrame).

    ``evidence`` adds where the first mention is (``file``/``start``) and a snippet of
    its sentence, so every row can be checked against the text. With ``dedupe`` the
    corpus rows gain ``outlets``.
    """
    from chipwatch.entities import doc_entity_table, entity_table
    from chipwatch.models import FILE

    _require(analysis, "entities")
    texts = dict(analysis.texts()) if evidence else None
    if per_doc:
        table = doc_entity_table(analysis.mentions, labels=labels, evidence=texts)
        if top is not None:
            table = table.head_per(FILE, top)
        return table
    table = entity_table(analysis.each_mention(), labels=labels, top=top, evidence=texts)
    return _with_outlets(analysis, table) if analysis.settings.dedupe else table


def _with_outlets(analysis: Analysis, table: Table) -> Table:
    """Add ``outlets``: distinct sources (or, without one, syndication clusters) that
    carried each entity, counting every copy of a syndicated story."""
    from chipwatch.models import ENTITY, OUTLETS

    clusters = analysis.representatives
    outlet = {
        d.name: d.metadata.source or f"cluster:{clusters.get(d.name, d.name)}"
        for d in analysis.clean_documents()
    }
    seen: dict[str, set[str]] = {}
    for name in outlet:
        for mention in analysis.mentions_by_doc.get(name, ()):
            seen.setdefault(mention.entity, set()).add(outlet[name])
    return table.with_column(OUTLETS, [len(seen.get(e, ())) for e in table.column(ENTITY)])


def entity_pairs(
    analysis: Analysis,
    *,
    scope: Literal["sentence", "document"] = "sentence",
    labels: Collection[str] | None = None,
    top: int | None = None,
) -> Table:
    """Entities mentioned together in a sentence (or document), with counts."""
    from chipwatch.cooccurrence import entity_pairs as pairs

    _require(analysis, "entities")
    return pairs(analysis.mentions, dict(analysis.texts()), scope=scope, labels=labels, top=top)


def kwic(analysis: Analysis, term: str, *, width: int = 40) -> Table:
    """Keyword in context: every occurrence of ``term`` (a phrase or any name of an
    entity) as ``file, line, left, match, right``."""
    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.kwic import kwic as find

    _require(analysis, "kwic")
    gazetteer = load_gazetteer(analysis.settings.gazetteer)
    return find(term, analysis.clean_documents(), analysis.mentions, gazetteer, width=width)


def quotes(
    analysis: Analysis,
    *,
    speaker: str | None = None,
    kind: str | None = None,
    summary: bool = False,
) -> pd.DataFrame:
    """Who said what: one row per reporting cue (``QUOTE_COLUMNS``), or statements per
    speaker with ``summary``. Speakers are the entity layer's canonical names, so
    ``speaker="Commerce"`` finds the Department of Commerce whatever the page called it.
    With ``dedupe``, each cluster of syndicated copies counts once.

    Raises:
        UsageError: ``kind`` is neither ``direct`` nor ``indirect``.
    """
    from chipwatch.errors import UsageError
    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.quotes import KINDS, quote_table

    _require(analysis, "quotes")
    if kind is not None and kind not in KINDS:
        raise UsageError(f"--kind {kind}: use direct or indirect.")
    canonical = None
    if speaker is not None:
        entry = load_gazetteer(analysis.settings.gazetteer).canonical(speaker)
        canonical = entry.name if entry is not None else None
    pages = [
        (name, text, analysis.statements.get(name, ()), analysis.mentions_by_doc.get(name, ()))
        for name, text in analysis.texts()
    ]
    return quote_table(pages, speaker=speaker, canonical=canonical, kind=kind, summary=summary)
