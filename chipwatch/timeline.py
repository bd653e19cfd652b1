"""Charts over time for the report: a real time axis, small multiples, a colour legend.

Periods (``2025-01``, ``2025-W03``) are placed by their calendar dates, so eight years
take eight times the width of one and a gap in the data is a gap on the page. The number
of documents in each period is drawn above the series, and a period with only a few
documents is marked: a share of one document out of one is 100 %, which says little.
Each series gets a panel of its own (small multiples) instead of lines piled on one
another. Like :mod:`chipwatch.charts`, the output is inline SVG with every label escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from chipwatch.charts import escape, number

__all__ = [
    "HEAT_ROWS",
    "SMALL_PERIOD",
    "doc_label",
    "doc_titles",
    "heat_caption",
    "heat_legend",
    "period_span",
    "time_caption",
    "time_panels",
]


def doc_titles(docs: Any) -> dict[str, str]:
    """File → title of the documents table (``DOC_COLUMNS``) that have one."""
    return {
        str(f): str(t)
        for f, t in zip(docs["file"], docs["title"], strict=True)
        if isinstance(t, str) and t.strip()
    }


def doc_label(name: str, titles: Mapping[str, str]) -> str:
    """A document as a reader knows it: its title, with the file name after it."""
    title = titles.get(name)
    return f"{title} ({name})" if title else name


#: Documents drawn in the theme heat map at most (those with the highest theme scores).
HEAT_ROWS = 40
#: A period with fewer dated documents than this is drawn as small (hollow points).
SMALL_PERIOD = 3
_WIDTH, _LEFT, _RIGHT = 1000.0, 170.0, 24.0
_COUNTS_H, _PANEL_H, _GAP, _AXIS_H = 56.0, 46.0, 10.0, 30.0


def period_span(label: str) -> tuple[dt.date, dt.date]:
    """First day of a period and first day of the next: ``2025-01``, ``2025-W03``."""
    if "-W" in label:
        iso_year, week = label.split("-W")
        start = dt.date.fromisocalendar(int(iso_year), int(week), 1)
        return start, start + dt.timedelta(days=7)
    year, month = (int(p) for p in label.split("-")[:2])
    start = dt.date(year, month, 1)
    return start, dt.date(year + month // 12, month % 12 + 1, 1)


class _Axis:
    """Days from the first period's start to the last period's end, mapped to x."""

    def __init__(self, periods: Sequence[str]) -> None:
        self.first = period_span(periods[0])[0]
        self.days = max((period_span(periods[-1])[1] - self.first).days, 1)

    def x(self, day: dt.date) -> float:
        return _LEFT + (_WIDTH - _LEFT - _RIGHT) * (day - self.first).days / self.days

    def ticks(self) -> list[tuple[dt.date, str]]:
        """Year starts, or month starts on a short span, never closer than ~60 px."""
        end = self.first + dt.timedelta(days=self.days)
        years = [dt.date(y, 1, 1) for y in range(self.first.year, end.year + 1)]
        years = [d for d in years if self.first <= d <= end]
        if len(years) >= 3:
            step = max(1, round(len(years) * 60 / (_WIDTH - _LEFT - _RIGHT)))
            return [(d, str(d.year)) for d in years[::step]]
        months = []
        day = dt.date(self.first.year, self.first.month, 1)
        while day <= end:
            if day >= self.first:
                months.append((day, day.strftime("%Y-%m")))
            day = period_span(day.strftime("%Y-%m"))[1]
        step = max(1, round(len(months) * 70 / (_WIDTH - _LEFT - _RIGHT)))
        return months[::step]


def time_panels(
    periods: Sequence[str],
    counts: Mapping[str, int],
    series: Mapping[str, Mapping[str, float]],
    *,
    ident: str,
    title: str,
    desc: str,
) -> str:
    """Documents per period, then one panel per series of shares (0–1) over time.

    Args:
        periods: every period label, in order (gaps included or not: the axis is dates).
        counts: dated documents per period (0 or missing: no document).
        series: name → period → share; a period without documents has no point.
        ident, title, desc: element id and accessible name and description.
    """
    axis = _Axis(periods)
    height = _COUNTS_H + _GAP + len(series) * (_PANEL_H + _GAP) + _AXIS_H
    parts = [_open(ident, height, title, desc), _count_bars(axis, periods, counts)]
    top = _COUNTS_H + _GAP
    for i, (name, shares) in enumerate(series.items()):
        parts.append(_panel(axis, periods, counts, name, shares, top + i * (_PANEL_H + _GAP), i))
    parts.append(_ticks(axis, height - _AXIS_H))
    parts.append("</svg>")
    return "".join(parts)


def _open(ident: str, height: float, title: str, desc: str) -> str:
    return (
        f'<svg class="chart wide" id="{ident}" role="img" viewBox="0 0 {_WIDTH:.0f} '
        f'{height:.0f}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
    )


def _count_bars(axis: _Axis, periods: Sequence[str], counts: Mapping[str, int]) -> str:
    most = max((counts.get(p, 0) for p in periods), default=0) or 1
    parts = [
        f'<text class="panel-label" x="{_LEFT - 8}" y="{_COUNTS_H / 2 + 4}" '
        'text-anchor="end">documents</text>'
    ]
    for period in periods:
        n = counts.get(period, 0)
        if not n:
            continue
        start, end = period_span(period)
        x0, x1 = axis.x(start), axis.x(end)
        h = max((_COUNTS_H - 6) * n / most, 1.5)
        small = " small" if n < SMALL_PERIOD else ""
        parts.append(
            f'<rect class="count{small}" data-start="{start.isoformat()}" x="{x0:.2f}" '
            f'y="{_COUNTS_H - h:.2f}" width="{max(x1 - x0 - 0.5, 0.8):.2f}" height="{h:.2f}">'
            f"<title>{escape(period)}: {n} document(s)</title></rect>"
        )
    return "".join(parts)


def _panel(
    axis: _Axis,
    periods: Sequence[str],
    counts: Mapping[str, int],
    name: str,
    shares: Mapping[str, float],
    top: float,
    index: int,
) -> str:
    """One series: a base line, its shares as a line broken where no document is, and a
    point per period (hollow where the period is small)."""
    bottom = top + _PANEL_H
    parts = [
        f'<g class="panel s{index % 8}"><text class="panel-label" x="{_LEFT - 8}" '
        f'y="{top + _PANEL_H / 2 + 4:.1f}" text-anchor="end">{escape(name[:24])}</text>'
        f'<line class="axis" x1="{_LEFT}" y1="{bottom}" x2="{_WIDTH - _RIGHT}" y2="{bottom}"/>'
    ]
    runs: list[list[str]] = [[]]
    points = []
    for period in periods:
        n = counts.get(period, 0)
        if not n:
            runs.append([])  # no document: the line breaks here
            continue
        start, end = period_span(period)
        x = (axis.x(start) + axis.x(end)) / 2
        share = float(shares.get(period, 0.0))
        y = bottom - (_PANEL_H - 4) * share
        runs[-1].append(f"{x:.2f},{y:.2f}")
        kind = "pt small" if n < SMALL_PERIOD else "pt"
        points.append(
            f'<circle class="{kind}" cx="{x:.2f}" cy="{y:.2f}" r="2.6"><title>{escape(name)}, '
            f"{escape(period)}: {share:.0%} of {n} document(s)</title></circle>"
        )
    parts += [f'<path class="series" d="M{" L".join(run)}"/>' for run in runs if len(run) > 1]
    return "".join(parts) + "".join(points) + "</g>"


def _ticks(axis: _Axis, y: float) -> str:
    parts = [f'<line class="axis" x1="{_LEFT}" y1="{y}" x2="{_WIDTH - _RIGHT}" y2="{y}"/>']
    for day, label in axis.ticks():
        x = axis.x(day)
        parts.append(
            f'<line class="tick" data-day="{day.isoformat()}" x1="{x:.2f}" y1="{y}" '
            f'x2="{x:.2f}" y2="{y + 5}"/>'
            f'<text class="tick-label" x="{x:.2f}" y="{y + 18}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    return "".join(parts)


def time_caption(counts: Mapping[str, int], by: str) -> str:
    """What :func:`time_panels` shows, in words, with the small periods counted."""
    small = sum(1 for n in counts.values() if 0 < n < SMALL_PERIOD)
    return (
        f"Top row: dated documents per {by}, placed on a calendar axis ({sum(counts.values())} "
        f"documents in {len(counts)} {by}s). Each panel below: the share of that {by}'s "
        "documents in which the theme was found; no point where no document was published. "
        + (
            f"Pale bars and hollow points mark the {small} {by}s with fewer than "
            f"{SMALL_PERIOD} documents, where one page swings the share by 50–100 %."
            if small
            else ""
        )
    ).strip()


def heat_caption(documents: int, with_theme: int, drawn: int) -> str:
    """What the heat map shows, and which documents it leaves out."""
    shown = (
        f"the {drawn} with the highest scores are drawn, all {with_theme} are in the table"
        if drawn < with_theme
        else "all are drawn"
    )
    return (
        f"Each row is a document (titles shortened; hover for the whole title), each column "
        f"a theme of the taxonomy, sorted by total score. {with_theme} of {documents} "
        f"documents have a theme above its threshold ({shown}); the others, off the beat or "
        "below every threshold, have no row."
    )


def heat_legend(top: float, *, ident: str, steps: int = 5) -> str:
    """The colour scale of a heat map: shades from the lowest score shown to ``top``
    (the shade is the square root of the share of the top score, as the map draws it)."""
    width, height = 360.0, 40.0
    parts = [
        f'<svg class="heat-legend" id="{ident}" role="img" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-label="Colour scale: darker is a higher score, up to {number(top)}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<rect class="cell-empty" x="1" y="4" width="40" height="16"/>'
        '<text x="21" y="34" text-anchor="middle">none</text>'
    ]
    for i in range(steps):
        share = (i + 1) / steps
        opacity = 0.15 + 0.85 * share**0.5
        x = 60 + i * 58
        parts.append(
            f'<rect class="cell" x="{x}" y="4" width="56" height="16" '
            f'fill-opacity="{opacity:.2f}"/><text x="{x + 28}" y="34" text-anchor="middle">'
            f"{number(round(top * share, 2))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
