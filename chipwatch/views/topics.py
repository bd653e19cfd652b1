"""Views of what pages are about: keywords, themes, beat relevance and proposed themes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from chipwatch.config import MIN_RELEVANCE, Settings
from chipwatch.models import Mention
from chipwatch.pipeline import Analysis, Need

if TYPE_CHECKING:
    import pandas as pd

    from chipwatch.models import ParsedDocument, Taxonomy
    from chipwatch.themes import PageEvidence
from chipwatch.views.core import NEEDS, Period, _note_undated, _require, theme_period


def keywords(analysis: Analysis, *, top: int | None = 10, per_doc: bool = False) -> pd.DataFrame:
    """Keywords fitted on this corpus: per document, or aggregated."""
    from chipwatch.keyword_votes import PER_DOC_VOTES, voted_keywords
    from chipwatch.keywords import KeywordScorer, top_lists

    _require(analysis, "keywords")
    docs = analysis.token_documents
    scorer = KeywordScorer().fit(docs)
    if per_doc:
        return scorer.score(docs, top=top)
    names = _entity_names(analysis.mentions) if analysis.need.entities else None
    # Each page's votes are taken as the pages stream past (no table of every candidate).
    lists = top_lists(scorer, docs, top=None, keep=PER_DOC_VOTES)
    return voted_keywords(lists, top=top, per_doc=PER_DOC_VOTES, names=names)


def _entity_names(mentions: Iterable[Mention]) -> dict[str, tuple[str, str]]:
    """Lower-cased mention surface -> (canonical name, label), the commonest reading."""
    readings: dict[str, Counter[tuple[str, str]]] = {}
    for m in mentions:
        readings.setdefault(m.surface.lower(), Counter())[(m.entity, m.label)] += 1
    return {
        surface: min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        for surface, counts in readings.items()
    }


def discover_themes(analysis: Analysis, k: int) -> str:
    """Propose ``k`` themes from this corpus (NMF, fixed seed) as pasteable TOML."""
    from chipwatch.discover import discover_themes as discover
    from chipwatch.discover import to_toml

    _require(analysis, "themes")
    return to_toml(discover(analysis.token_documents, k=k))


def relevance_need(settings: Settings, need: Need) -> Need:
    """``need`` and, when the settings filter pages by relevance, what relevance reads."""
    return need | NEEDS["docs"] if settings.min_relevance is not None else need


def on_beat(analysis: Analysis) -> Analysis:
    """The analysis without the pages below the ``min_relevance`` setting (unchanged when
    it is unset or 0), with a note of how many were left out.

    A page's relevance (``docs`` shows it) is the share of its text about the beat: see
    :mod:`chipwatch.themes.evidence`."""
    cut = analysis.settings.min_relevance
    if not cut:
        return analysis
    pages, _, _ = _theme_pages(analysis)
    drop = {page.name for page in pages if page.relevance < cut}
    if not drop:
        return analysis
    note = f"{len(drop)} page(s) below beat relevance {cut} left out (--min-relevance)"
    return replace(
        analysis,
        documents=tuple(d for d in analysis.documents if d.name not in drop),
        warnings=(*analysis.warnings, note),
    )


def _theme_pages(
    analysis: Analysis,
) -> tuple[Iterator[PageEvidence], Taxonomy, Sequence[ParsedDocument]]:
    """Every page's relevance and theme evidence, with the taxonomy and the pages' tokens.

    The pages come one at a time, as their tokens are unpacked, and are read once: a
    view keeps of each only the rows it shows. The beat is the taxonomy together with
    the gazetteer: its entities are the beat's actors and places, and those the
    taxonomy's descriptions name are its subject."""
    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.themes import beat_from, iter_page_evidence, load_taxonomy

    taxonomy = load_taxonomy(analysis.settings.taxonomy)
    known = load_gazetteer(analysis.settings.gazetteer).entries
    beat = beat_from(((e.name, e.label, e.forms()) for e in known), taxonomy)
    docs = analysis.token_documents
    pages = iter_page_evidence(docs, taxonomy, mentions=analysis.mentions_by_doc, beat=beat)
    return pages, taxonomy, docs


def themes(
    analysis: Analysis,
    *,
    include_all: bool = False,
    summary: bool = False,
    by: Period | None = None,
    notes: list[str] | None = None,
    explain: bool = False,
) -> pd.DataFrame:
    """Theme scores per document, or a corpus summary with ``summary`` (per period of
    the published dates with ``by``), or the terms behind each theme with ``explain``.

    Only pages of at least the ``min_relevance`` setting get themes (unset:
    ``MIN_RELEVANCE``; 0: every page).

    Raises:
        UsageError: ``by`` without ``summary``.
    """
    from chipwatch.themes import evidence_table, theme_summary, theme_table

    theme_period(summary=summary, by=by)
    _require(analysis, "trends:themes" if by is not None else "themes")
    pages, taxonomy, docs = _theme_pages(analysis)
    given = analysis.settings.min_relevance
    min_relevance = MIN_RELEVANCE if given is None else given or None
    if explain:
        return evidence_table(
            pages, docs, taxonomy, include_all=include_all, min_relevance=min_relevance
        )
    if not summary:
        return theme_table(pages, taxonomy, include_all=include_all, min_relevance=min_relevance)
    scores = theme_table(pages, taxonomy, min_relevance=min_relevance)
    if by is None:
        return theme_summary(scores, n_docs=len(docs))
    from chipwatch.trends import theme_counts
    from chipwatch.trends import trends as over_time

    result = over_time(theme_counts(scores), analysis.published(), by=by)
    _note_undated(result.undated, notes)
    return result.table
