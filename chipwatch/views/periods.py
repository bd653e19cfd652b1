"""Views over time (trends, diff) and the whole analysis as one HTML report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from chipwatch.pipeline import Analysis

if TYPE_CHECKING:
    import pandas as pd

from chipwatch.views.core import Period, What, _note_undated, _require
from chipwatch.views.named import entities, entity_pairs, quotes
from chipwatch.views.text import amounts, docs, duplicates
from chipwatch.views.topics import keywords, themes


def _counts(analysis: Analysis, what: What, labels: Sequence[str] | None = None) -> pd.DataFrame:
    from chipwatch.trends import entity_counts, keyword_counts, theme_counts

    if labels is not None and what != "entities":
        from chipwatch.errors import UsageError

        raise UsageError("--label works with --what entities. Remove --label.")
    if what == "entities":
        return entity_counts(analysis.mentions, labels=labels)
    if what == "themes":
        return theme_counts(themes(analysis))
    return keyword_counts(keywords(analysis, top=10, per_doc=True))


def trends(
    analysis: Analysis,
    *,
    what: What = "entities",
    by: Period = "month",
    notes: list[str] | None = None,
    top: int | None = None,
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Counts per period of the documents' published dates (the ``top`` items of each
    period; only entities of ``labels``); undated documents are listed in ``notes``."""
    from chipwatch.trends import trends as over_time

    _require(analysis, f"trends:{what}")
    counts = _counts(analysis, what, labels)
    result = over_time(counts, analysis.published(), by=by, top=top)
    _note_undated(result.undated, notes)
    return result.table


def diff(
    analysis: Analysis,
    *,
    since: str,
    until: str | None = None,
    what: What = "entities",
    notes: list[str] | None = None,
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """What rose or fell from before ``since`` to ``since``…``until``, with G² keyness
    (only entities of ``labels``, when given).

    Raises:
        NothingProcessedError: one of the two periods holds no dated document.
    """
    from chipwatch.trends import diff as compare

    _require(analysis, f"trends:{what}")
    sizes = None
    if what == "entities":
        sizes = {"entity": {name: float(len(text.split())) for name, text in analysis.texts()}}
    counts = _counts(analysis, what, labels)
    result = compare(counts, analysis.published(), since=since, until=until, sizes=sizes)
    _note_undated(result.undated, notes)
    _require_sides(result.before, result.after, since=since, until=until)
    return result.table


def _require_sides(before: list[str], after: list[str], *, since: str, until: str | None) -> None:
    """Two periods to compare, or say which one holds no document.

    Raises:
        NothingProcessedError: no dated document before ``since``, or none in the later period.
    """
    from chipwatch.errors import NothingProcessedError

    later = f"from {since}" + (f" to {until}" if until else " on")
    if not before and not after:
        raise NothingProcessedError(
            "no document has a published date, so there is nothing to compare. "
            "docs shows the dates found."
        )
    if not before:
        raise NothingProcessedError(
            f"the earlier period is empty: no document is dated before {since} "
            f"({len(after)} dated {later}). Choose a later --since."
        )
    if not after:
        raise NothingProcessedError(
            f"the later period is empty: no document is dated {later} "
            f"({len(before)} dated before {since}). Choose an earlier --since or a later --until."
        )


def report(analysis: Analysis, *, command: str | None = None, by: Period = "month") -> str:
    """The whole analysis as one self-contained HTML page."""
    from chipwatch.entities import entity_evidence
    from chipwatch.models import FILE, PUBLISHED
    from chipwatch.report import build_report
    from chipwatch.trends import theme_counts
    from chipwatch.trends import trends as over_time

    _require(analysis, "report")
    overview = docs(analysis).to_frame()
    scores = themes(analysis)
    # The chart covers the documents of the overview table, dated as it shows them.
    published = {str(f): p for f, p in zip(overview[FILE], overview[PUBLISHED], strict=True)}
    return build_report(
        docs=overview,
        entities=entities(analysis).to_frame(),
        evidence=entity_evidence(analysis.mentions, dict(analysis.texts())).to_frame(),
        themes=scores,
        theme_trends=over_time(theme_counts(scores), published, by=by),
        pairs=entity_pairs(analysis).to_frame(),
        duplicates=duplicates(analysis),
        keywords=keywords(analysis, top=20),
        doc_keywords=keywords(analysis, top=5, per_doc=True),
        amounts=amounts(analysis),
        quotes=quotes(analysis),
        command=command,
        by=by,
        dups_threshold=analysis.settings.dedupe_threshold,
    )
