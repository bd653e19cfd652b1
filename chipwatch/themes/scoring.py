"""Theme scores per page, the decision of which themes a page is about, and evidence rows.

A page's score for a theme is the theme's share of the page's theme evidence (see
:mod:`chipwatch.themes.evidence`): a number in [0, 1], independent of page length, and
summing to 1 over the themes of a page with any evidence. A theme is shown when

* the page is on the beat (``relevance >= min_relevance``; ``None`` turns this off),
* the theme has enough evidence (two distinct terms or an anchor term),
* its score reaches the theme's ``threshold`` and ``RELATIVE_TO_TOP`` times the score
  of the page's strongest such theme, so a passing mention stays a passing mention.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from chipwatch.config import THEME_RELATIVE
from chipwatch.models import (
    FILE,
    SCORE,
    THEME,
    THEME_COLUMNS,
    THEME_EVIDENCE_COLUMNS,
    THEME_SUMMARY_COLUMNS,
    Mention,
    ParsedDocument,
    Taxonomy,
)
from chipwatch.sentences import sentence_of, sentence_spans, window
from chipwatch.themes.evidence import Beat, Evidence, PageEvidence, ThemeEvidence

if TYPE_CHECKING:
    import pandas as pd

#: A theme must reach this share of the page's strongest theme's score to be shown.
RELATIVE_TO_TOP = THEME_RELATIVE


def page_evidence(
    docs: Sequence[ParsedDocument],
    taxonomy: Taxonomy,
    *,
    mentions: Mapping[str, Sequence[Mention]] | None = None,
    beat: Beat | None = None,
) -> list[PageEvidence]:
    """Relevance and per-theme evidence of every page, in the order of ``docs``."""
    return list(iter_page_evidence(docs, taxonomy, mentions=mentions, beat=beat))


def iter_page_evidence(
    docs: Iterable[ParsedDocument],
    taxonomy: Taxonomy,
    *,
    mentions: Mapping[str, Sequence[Mention]] | None = None,
    beat: Beat | None = None,
) -> Iterator[PageEvidence]:
    """:func:`page_evidence` one page at a time: a caller that turns each page into its
    table rows (:func:`theme_table`) never holds every page's hits."""
    evidence = Evidence(taxonomy, beat)
    found = mentions or {}
    for doc in docs:
        yield evidence.page(doc, found.get(doc.name, ()))


def _decisions(
    page: PageEvidence, thresholds: Mapping[str, float], min_relevance: float | None
) -> list[tuple[ThemeEvidence, float, bool]]:
    """``(theme evidence, score, shown)`` per theme in rank order (see :func:`_rank`)."""
    total = sum(t.evidence for t in page.themes)
    scored = [(t, t.evidence / total if total else 0.0) for t in page.themes]
    top = max((s for t, s in scored if t.enough), default=0.0)
    on_beat = min_relevance is None or page.relevance >= min_relevance
    decided = [
        (
            t,
            s,
            on_beat and t.enough and s > 0 and s >= max(thresholds[t.theme], RELATIVE_TO_TOP * top),
        )
        for t, s in scored
    ]
    decided.sort(key=_rank)
    return decided


def _rank(decided: tuple[ThemeEvidence, float, bool]) -> tuple[int, int, float, str]:
    """Shown themes the headline names come first, in the order the headline names them
    (a headline leads with what the article is about: "China doubles down on innovation
    amid US restrictions" is first about innovation); then by score, then name."""
    theme, score, shown = decided
    in_title = [h.start for h in theme.hits if h.paragraph == 0]
    if shown and in_title:
        return (0, min(in_title), -score, theme.theme)
    return (1, 0, -score, theme.theme)


def theme_table(
    pages: Iterable[PageEvidence],
    taxonomy: Taxonomy,
    *,
    include_all: bool = False,
    min_relevance: float | None = None,
) -> pd.DataFrame:
    """Rows ``file, theme, score, rank, terms`` (``models.THEME_COLUMNS``).

    Args:
        pages: output of :func:`page_evidence` (or :func:`iter_page_evidence`: each
            page is read once, in order).
        taxonomy: the themes scored (their thresholds).
        include_all: every theme of every page with its score, shown or not.
        min_relevance: pages below this relevance get no theme (``None``: every page).

    Returns:
        One row per shown (page, theme), in page order then rank (1 = the page's
        primary theme: the first shown theme its headline names, else its strongest);
        ``terms`` lists ``"term:contribution"`` strongest first.
    """
    import pandas as pd

    thresholds = {t.name: t.threshold for t in taxonomy.themes}
    rows = []
    for page in pages:
        for rank, (ev, score, shown) in enumerate(
            _decisions(page, thresholds, min_relevance), start=1
        ):
            if shown or include_all:
                terms = [f"{term}:{round(v, 3)}" for term, v in ev.terms]
                rows.append((page.name, ev.theme, round(score, 4), rank, terms))
    return pd.DataFrame(rows, columns=list(THEME_COLUMNS))


def evidence_table(
    pages: Iterable[PageEvidence],
    docs: Sequence[ParsedDocument],
    taxonomy: Taxonomy,
    *,
    include_all: bool = False,
    min_relevance: float | None = None,
) -> pd.DataFrame:
    """Why each theme was given: one row per (file, theme, term) with the term's first
    match in context (``models.THEME_EVIDENCE_COLUMNS``), for the same (file, theme)
    pairs :func:`theme_table` shows."""
    import pandas as pd

    thresholds = {t.name: t.threshold for t in taxonomy.themes}
    texts = {doc.name: doc.text for doc in docs}
    rows = []
    for page in pages:
        text = texts.get(page.name, "")
        spans = sentence_spans(text)
        for ev, score, shown in _decisions(page, thresholds, min_relevance):
            if not (shown or include_all) or not ev.hits:
                continue
            for term, value in ev.terms:
                hit = next(h for h in ev.hits if h.term == term)
                count = sum(1 for h in ev.hits if h.term == term)
                rows.append(
                    (
                        page.name,
                        ev.theme,
                        round(score, 4),
                        term,
                        count,
                        round(value, 3),
                        window(
                            text,
                            sentence_of(spans, hit.start, hit.end),
                            (hit.start, hit.end),
                            width=160,
                        ),
                    )
                )
    return pd.DataFrame(rows, columns=list(THEME_EVIDENCE_COLUMNS))


def theme_summary(scores: pd.DataFrame, *, n_docs: int) -> pd.DataFrame:
    """Corpus view: per theme, how many documents have it, their share, the mean score.

    Args:
        scores: output of :func:`theme_table` without ``include_all`` (one row per
            document and theme shown).
        n_docs: documents analysed, including those with no theme (the share's base).

    Returns:
        A DataFrame with ``models.THEME_SUMMARY_COLUMNS``, most common theme first
        (ties: higher mean score, then name).
    """
    import pandas as pd

    if scores.empty:
        return pd.DataFrame(columns=list(THEME_SUMMARY_COLUMNS))
    rows = []
    for theme, group in scores.groupby(THEME, sort=True):
        docs = int(group[FILE].nunique())
        share = round(docs / n_docs, 4) if n_docs else 0.0
        rows.append((str(theme), docs, share, round(float(group[SCORE].mean()), 4)))
    rows.sort(key=lambda r: (-r[1], -r[3], r[0]))
    return pd.DataFrame(rows, columns=list(THEME_SUMMARY_COLUMNS))


def score_themes(
    docs: Sequence[ParsedDocument],
    taxonomy: Taxonomy,
    *,
    mentions: Mapping[str, Sequence[Mention]] | None = None,
    beat: Beat | None = None,
    include_all: bool = False,
    min_relevance: float | None = None,
) -> pd.DataFrame:
    """:func:`page_evidence` then :func:`theme_table`, for library users in one call."""
    pages = page_evidence(docs, taxonomy, mentions=mentions, beat=beat)
    return theme_table(pages, taxonomy, include_all=include_all, min_relevance=min_relevance)


__all__ = [
    "evidence_table",
    "iter_page_evidence",
    "page_evidence",
    "score_themes",
    "theme_summary",
    "theme_table",
]
