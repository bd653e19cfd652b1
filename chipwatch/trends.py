"""Change over time: counts per week or month, and what rose or fell between two periods.

Both functions work on plain ``(file, kind, item, count)`` rows (``COUNT_COLUMNS``), so
entities, themes and keywords all feed in the same way; :func:`entity_counts`,
:func:`theme_counts` and :func:`keyword_counts` build those rows from the stages'
tables. Dates come from each document's ``published`` metadata. A document without a
date cannot be placed in time: it is returned in ``undated`` (for the caller to report),
never silently dropped or guessed.

:func:`diff` measures change with the log-likelihood statistic G² used for keyness in
corpus linguistics (Rayson & Garside 2000): for an item seen ``a`` times in a corpus of
size ``N1`` and ``b`` times in one of size ``N2``, the expected counts are
``E1 = N1 (a + b) / (N1 + N2)`` and ``E2 = N2 (a + b) / (N1 + N2)`` and
``G² = 2 (a ln(a / E1) + b ln(b / E2))`` (a term with a zero count contributes 0).
G² above 3.84 corresponds to p < 0.05 and above 6.63 to p < 0.01 (one degree of
freedom); on a small corpus, read it as a ranking rather than a test.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from chipwatch.dates import parse_iso_date
from chipwatch.errors import UsageError
from chipwatch.models import (
    COUNT,
    COUNT_AFTER,
    COUNT_BEFORE,
    COUNT_COLUMNS,
    DIFF_COLUMNS,
    DIRECTION,
    DOCS,
    ENTITY,
    FILE,
    G2,
    ITEM,
    KEYWORD,
    KIND,
    PERIOD,
    PERIOD_DOCS,
    SHARE,
    THEME,
    TREND_COLUMNS,
    Mention,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COUNT_AFTER",
    "COUNT_BEFORE",
    "COUNT_COLUMNS",
    "DIFF_COLUMNS",
    "DIRECTION",
    "G2",
    "ITEM",
    "KIND",
    "PERIOD",
    "TREND_COLUMNS",
    "DiffResult",
    "TrendResult",
    "bucket",
    "diff",
    "entity_counts",
    "g2",
    "keyword_counts",
    "theme_counts",
    "trends",
]


Granularity = Literal["week", "month"]


@dataclass(frozen=True)
class TrendResult:
    """Counts per period, and the documents that could not be placed in time.

    Attributes:
        table: ``TREND_COLUMNS`` rows, by period then count (descending) then item.
        undated: files without a (valid) published date, sorted.
        periods: number of dated documents in each period, by period (sorted).
    """

    table: pd.DataFrame
    undated: list[str] = field(default_factory=list)
    periods: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DiffResult:
    """Keyness of every item between two periods.

    Attributes:
        table: ``DIFF_COLUMNS`` rows, by G² descending, then kind and item.
        undated: files without a (valid) published date, sorted.
        before: files dated before ``since``.
        after: files dated from ``since`` up to and including ``until``.
    """

    table: pd.DataFrame
    undated: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


def bucket(date_iso: str, by: Granularity) -> str:
    """The period a date falls in: ISO week ``2025-W03`` or month ``2025-01``.

    Weeks follow ISO 8601 (weeks start on Monday; week 1 holds the year's first
    Thursday), so 2024-12-30 is ``2025-W01`` and 2021-01-03 is ``2020-W53``: a week
    never straddles two labels.

    Raises:
        UsageError: ``date_iso`` is not an ISO date, or ``by`` is not week or month.
    """
    day = parse_iso_date(date_iso)
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    raise UsageError(f"unknown period '{by}'. Use week or month.")


def _dates(published: Mapping[str, str | None]) -> tuple[dict[str, date], list[str]]:
    dated: dict[str, date] = {}
    undated: list[str] = []
    for name, value in published.items():
        day: date | None = None
        # Not only None: a DataFrame column gives NaN for a missing date.
        if isinstance(value, str) and value.strip():
            try:
                day = parse_iso_date(value)
            except UsageError:
                day = None
        if day is None:
            undated.append(name)
        else:
            dated[name] = day
    return dated, sorted(undated)


def _rows(
    counts: pd.DataFrame | Iterable[tuple[str, str, str, float]],
) -> list[tuple[str, str, str, float]]:
    import pandas as pd

    if isinstance(counts, pd.DataFrame):
        frame = counts[list(COUNT_COLUMNS)]
        return [
            (str(f), str(k), str(i), float(c))
            for f, k, i, c in frame.itertuples(index=False, name=None)
        ]
    return [(str(f), str(k), str(i), float(c)) for f, k, i, c in counts]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def trends(
    counts: pd.DataFrame | Iterable[tuple[str, str, str, float]],
    published: Mapping[str, str | None],
    *,
    by: Granularity = "month",
    top: int | None = None,
) -> TrendResult:
    """Counts of each item per week or month of publication.

    Args:
        counts: ``COUNT_COLUMNS`` rows (a DataFrame or ``(file, kind, item, count)``
            tuples); ``kind`` is ignored here (pass one kind at a time, or make item
            names unique across kinds).
        published: the published date (ISO) of *every* document, ``None`` when unknown;
            documents with no rows still count towards their period's size.
        by: ``week`` (ISO weeks) or ``month``.
        top: keep the ``top`` items of each period (by count, then name); None: all.

    Returns:
        A :class:`TrendResult`; rows of files missing from ``published`` or undated are
        left out of the table and the undated files listed. Every period from the first
        dated document to the last has rows: one with an empty ``item`` and count 0 when
        nothing was counted in it (no document, or none with an item), so a gap shows.

    Raises:
        UsageError: ``by`` is not week or month.
    """
    import pandas as pd

    _check_period(by)
    dated, undated = _dates(published)
    period_of = {name: bucket(day.isoformat(), by) for name, day in dated.items()}
    periods: dict[str, int] = defaultdict(int)
    for label in period_of.values():
        periods[label] += 1
    totals: dict[tuple[str, str], float] = defaultdict(float)
    files: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, _kind, item, count in _rows(counts):
        period = period_of.get(name)
        if period is None or count <= 0:
            continue
        totals[(period, item)] += count
        files[(period, item)].add(name)
    rows: list[dict[str, Any]] = [
        {
            PERIOD: period,
            PERIOD_DOCS: periods[period],
            ITEM: item,
            COUNT: _number(total),
            DOCS: len(files[(period, item)]),
            SHARE: round(len(files[(period, item)]) / periods[period], 4),
        }
        for (period, item), total in totals.items()
    ]
    rows.sort(key=lambda r: (r[PERIOD], -r[COUNT], r[ITEM]))
    rows = _with_gaps(_top_per_period(rows, top), _span(dated.values(), by), periods)
    table = pd.DataFrame(rows, columns=list(TREND_COLUMNS)).astype(
        {DOCS: "int64", PERIOD_DOCS: "int64"}
    )
    return TrendResult(table=table, undated=undated, periods=dict(sorted(periods.items())))


def _check_period(by: str) -> None:
    if by not in ("week", "month"):
        raise UsageError(f"unknown period '{by}'. Use week or month.")


def _top_per_period(rows: list[dict[str, Any]], top: int | None) -> list[dict[str, Any]]:
    """The first ``top`` rows of each period (rows sorted by period, then rank)."""
    if top is None:
        return rows
    taken: dict[str, int] = defaultdict(int)
    kept = []
    for row in rows:
        taken[row[PERIOD]] += 1
        if taken[row[PERIOD]] <= top:
            kept.append(row)
    return kept


def _span(days: Iterable[date], by: Granularity) -> list[str]:
    """Every period label from the earliest of ``days`` to the latest, in order."""
    from datetime import timedelta

    ordered = sorted(days)
    if not ordered:
        return []
    if by == "week":
        day = ordered[0] - timedelta(days=ordered[0].weekday())
        labels = []
        while day <= ordered[-1]:
            labels.append(bucket(day.isoformat(), "week"))
            day += timedelta(days=7)
        return labels
    first, last = ordered[0], ordered[-1]
    months = (last.year - first.year) * 12 + last.month - first.month
    return [
        f"{first.year + (first.month - 1 + i) // 12}-{(first.month - 1 + i) % 12 + 1:02d}"
        for i in range(months + 1)
    ]


def _with_gaps(
    rows: list[dict[str, Any]], span: Sequence[str], periods: Mapping[str, int]
) -> list[dict[str, Any]]:
    """``rows`` with an empty row for each period of ``span`` that has none."""
    have = {row[PERIOD] for row in rows}
    gaps = [
        {PERIOD: p, PERIOD_DOCS: periods.get(p, 0), ITEM: "", COUNT: 0, DOCS: 0, SHARE: 0.0}
        for p in span
        if p not in have
    ]
    return sorted(rows + gaps, key=lambda r: r[PERIOD]) if gaps else rows


def g2(a: float, b: float, n1: float, n2: float) -> float:
    """Log-likelihood G² of ``a`` in a corpus of size ``n1`` against ``b`` in ``n2``.

    Returns 0.0 when either corpus is empty or the item never occurs.
    """
    if n1 <= 0 or n2 <= 0 or a + b <= 0:
        return 0.0
    e1 = n1 * (a + b) / (n1 + n2)
    e2 = n2 * (a + b) / (n1 + n2)
    total = 0.0
    if a > 0:
        total += a * math.log(a / e1)
    if b > 0:
        total += b * math.log(b / e2)
    return max(2.0 * total, 0.0)


def diff(
    counts: pd.DataFrame | Iterable[tuple[str, str, str, float]],
    published: Mapping[str, str | None],
    *,
    since: str,
    until: str | None = None,
    sizes: Mapping[str, Mapping[str, float]] | None = None,
) -> DiffResult:
    """What rose or fell between documents dated before ``since`` and from ``since`` on.

    Args:
        counts: ``COUNT_COLUMNS`` rows (see :func:`entity_counts` and friends).
        published: the published date of every document, ``None`` when unknown.
        since: first day (ISO) of the later period; the earlier period is everything
            dated before it.
        until: last day (ISO, inclusive) of the later period; documents after it are
            left out. ``None``: no end.
        sizes: per kind, the size of each file in the unit its counts are in (e.g.
            ``{"entity": {file: words}}`` for mention counts). A kind not listed counts
            each document as 1, right for presence counts such as themes and keywords
            (then G² compares the share of documents with the item).

    Returns:
        A :class:`DiffResult`; items are compared within their kind, each kind's period
        sizes summed over all dated documents of the period (also those without rows).

    Raises:
        UsageError: a date is not ISO, or ``until`` is before ``since``.
    """
    import pandas as pd

    start = parse_iso_date(since)
    end = parse_iso_date(until) if until is not None else None
    if end is not None and end < start:
        raise UsageError(f"--until {until} is before --since {since}. Swap them.")
    dated, undated = _dates(published)
    side = _sides(dated, start, end)
    rows_in = _rows(counts)
    kinds = sorted({kind for _, kind, _, _ in rows_in})
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for name, kind, item, count in rows_in:
        if name in side and count > 0:
            totals[(kind, item)][side[name]] += count
    corpus = {kind: _period_sizes(side, (sizes or {}).get(kind)) for kind in kinds}
    rows = [_diff_row(kind, item, a, b, *corpus[kind]) for (kind, item), (a, b) in totals.items()]
    rows.sort(key=lambda r: (-r[G2], r[KIND], r[ITEM]))
    table = pd.DataFrame(rows, columns=list(DIFF_COLUMNS)).astype({G2: "float64"})
    return DiffResult(
        table=table,
        undated=undated,
        before=sorted(n for n, s in side.items() if s == 0),
        after=sorted(n for n, s in side.items() if s == 1),
    )


def _sides(dated: Mapping[str, date], start: date, end: date | None) -> dict[str, int]:
    """0 for files dated before ``start``, 1 for ``start`` to ``end``; others left out."""
    side: dict[str, int] = {}
    for name, day in dated.items():
        if day < start:
            side[name] = 0
        elif end is None or day <= end:
            side[name] = 1
    return side


def _period_sizes(side: Mapping[str, int], per_file: Mapping[str, float] | None) -> list[float]:
    """Sizes of the earlier and later period: summed file sizes, or documents counted."""
    n = [0.0, 0.0]
    for name, which in side.items():
        n[which] += float(per_file.get(name, 0.0)) if per_file is not None else 1.0
    return n


def _diff_row(kind: str, item: str, a: float, b: float, n1: float, n2: float) -> dict[str, Any]:
    """One ``DIFF_COLUMNS`` row: counts, G² and which way the rate moved."""
    before_rate = a / n1 if n1 else 0.0
    after_rate = b / n2 if n2 else 0.0
    direction = "up" if after_rate > before_rate else "down" if after_rate < before_rate else "same"
    return {
        ITEM: item,
        KIND: kind,
        COUNT_BEFORE: _number(a),
        COUNT_AFTER: _number(b),
        G2: round(g2(a, b, n1, n2), 4),
        DIRECTION: direction,
    }


# --- building count rows from the stages' tables ------------------------------------------


def entity_counts(
    mentions: Iterable[Mention], *, labels: Sequence[str] | None = None
) -> pd.DataFrame:
    """``COUNT_COLUMNS`` rows of kind ``entity``: mentions of each entity per file.

    Args:
        mentions: resolved mentions.
        labels: keep only these labels; ``None`` keeps all but numeric ones (DATE, …).
    """
    import pandas as pd

    from chipwatch.models import NUMERIC_LABELS

    counter: dict[tuple[str, str], int] = defaultdict(int)
    for m in mentions:
        if (m.label in labels) if labels is not None else (m.label not in NUMERIC_LABELS):
            counter[(m.file, m.entity)] += 1
    rows = [(f, ENTITY, e, c) for (f, e), c in sorted(counter.items())]
    return pd.DataFrame(rows, columns=list(COUNT_COLUMNS))


def theme_counts(scores: pd.DataFrame) -> pd.DataFrame:
    """``COUNT_COLUMNS`` rows of kind ``theme``: 1 for each file a theme was found in.

    Args:
        scores: per-document theme scores (``THEME_COLUMNS``, as ``Corpus.themes()``
            returns them: only themes above their threshold).
    """
    import pandas as pd

    pairs = sorted({(str(f), str(t)) for f, t in zip(scores[FILE], scores[THEME], strict=True)})
    return pd.DataFrame([(f, THEME, t, 1) for f, t in pairs], columns=list(COUNT_COLUMNS))


def keyword_counts(doc_keywords: pd.DataFrame) -> pd.DataFrame:
    """``COUNT_COLUMNS`` rows of kind ``keyword``: 1 for each file a keyword ranks in.

    Args:
        doc_keywords: per-document keywords (``DOC_KEYWORD_COLUMNS``, e.g.
            ``Corpus.keywords(per_doc=True, top=10)``).
    """
    import pandas as pd

    pairs = sorted(
        {(str(f), str(k)) for f, k in zip(doc_keywords[FILE], doc_keywords[KEYWORD], strict=True)}
    )
    return pd.DataFrame([(f, KEYWORD, k, 1) for f, k in pairs], columns=list(COUNT_COLUMNS))
