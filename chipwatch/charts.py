"""Inline SVG charts for the HTML report, and the escaping every value goes through.

Charts are hand-written SVG: no script, no web font, no image file, so the report stays
one self-contained file that makes no request. Each chart carries a text title and
description for screen readers; colour classes (``.s0`` … ``.s7``) and dash patterns
come from the report's stylesheet, so a series is told apart without colour too.

Everything drawn comes from scraped pages, so every label passes through
:func:`escape`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

__all__ = [
    "SERIES",
    "bar_chart",
    "escape",
    "heat_map",
    "is_missing",
    "legend",
    "line_chart",
    "number",
]

#: Colour classes for chart series (``.s0`` … ``.s7`` in the stylesheet); at most this
#: many series are drawn.
SERIES = 8
# Dash patterns tell series apart without colour.
_DASHES = ("", "6 3", "2 3", "8 3 2 3", "12 4", "3 6", "1 2", "10 2 2 2 2 2")
_EMPTY = "—"


# --- escaping and number formatting ----------------------------------------------------------


def is_missing(value: Any) -> bool:
    """Whether a table cell holds no value (None, or NaN as pandas fills gaps)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def escape(value: Any) -> str:
    """Escaped text of any value; missing values (None, NaN) become an em dash."""
    if is_missing(value):
        return _EMPTY
    if isinstance(value, list | tuple):
        return html.escape(", ".join(str(v) for v in value), quote=True)
    return html.escape(str(value), quote=True)


def number(value: Any, *, places: int = 4) -> str:
    """A number as shown: thousands separated, at most ``places`` decimals, no trailing 0."""
    if is_missing(value):
        return _EMPTY
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.{places}f}".rstrip("0").rstrip(".")
    if isinstance(value, float | int):
        return f"{int(value):,}"
    return escape(value)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg_open(ident: str, width: float, height: float, title: str, desc: str) -> str:
    return (
        f'<svg class="chart" id="{ident}" role="img" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" style="max-width:{width:.0f}px" '
        'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
    )


# --- charts ------------------------------------------------------------------------------------


def bar_chart(items: Sequence[tuple[str, float]], *, ident: str, title: str, desc: str) -> str:
    """Horizontal bar chart as inline SVG: one bar per ``(label, value)``, values at the end.

    Args:
        items: labels and non-negative values, drawn top to bottom in the given order.
        ident: element id (unique in the page); also prefixes the title/desc ids.
        title: accessible name of the chart.
        desc: one-sentence description for screen readers.
    """
    label_w, bar_w, row_h, pad = 260.0, 640.0, 26.0, 8.0
    width = label_w + bar_w + 70
    height = pad * 2 + row_h * max(len(items), 1)
    top = max((v for _, v in items), default=0.0) or 1.0
    parts = [_svg_open(ident, width, height, title, desc)]
    parts.append(
        f'<line class="axis" x1="{label_w}" y1="{pad}" x2="{label_w}" y2="{height - pad}"/>'
    )
    for i, (label, value) in enumerate(items):
        y = pad + i * row_h
        length = max(bar_w * value / top, 1.0)
        parts.append(
            f"<g><title>{escape(label)}: {number(value)}</title>"
            f'<text x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(_shorten(label, 34))}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 4:.1f}" width="{length:.1f}" '
            f'height="{row_h - 8:.1f}" rx="2"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + row_h / 2 + 4:.1f}">'
            f"{number(value)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def heat_map(
    rows: Sequence[str],
    columns: Sequence[str],
    values: dict[tuple[str, str], float],
    *,
    ident: str,
    title: str,
    desc: str,
    row_labels: dict[str, str] | None = None,
) -> str:
    """Row × column heat map as inline SVG; cell shade is the value over the maximum.

    Args:
        rows: row keys, top to bottom.
        columns: column keys, left to right (labels are drawn slanted above).
        values: ``(row, column) → value``; missing cells are drawn empty.
        ident: element id (unique in the page).
        title: accessible name of the chart.
        desc: one-sentence description for screen readers.
        row_labels: display text for row keys (e.g. titles); the key is used otherwise.
    """
    label_w, cell_w, cell_h, head_h = 330.0, 58.0, 28.0, 130.0
    # Room on the right for the last slanted column label.
    width = label_w + cell_w * max(len(columns), 1) + 150
    height = head_h + cell_h * max(len(rows), 1) + 8
    top = max(values.values(), default=0.0) or 1.0
    labels = row_labels or {}
    parts = [_svg_open(ident, width, height, title, desc)]
    for j, column in enumerate(columns):
        x = label_w + j * cell_w + cell_w / 2
        parts.append(
            f'<text transform="translate({x:.1f},{head_h - 8}) rotate(-40)">'
            f"{escape(_shorten(column, 22))}</text>"
        )
    for i, row in enumerate(rows):
        y = head_h + i * cell_h
        name = labels.get(row, row)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="end">'
            f"<title>{escape(name)}</title>{escape(_shorten(name, 42))}</text>"
        )
        for j, column in enumerate(columns):
            value = values.get((row, column))
            tip = f"{name} · {column}: {number(value) if value is not None else 'not found'}"
            parts.append(_heat_cell(label_w + j * cell_w, y, (cell_w, cell_h), value, top, tip))
    parts.append("</svg>")
    return "".join(parts)


def _heat_cell(
    x: float, y: float, size: tuple[float, float], value: float | None, top: float, tip: str
) -> str:
    """One cell of :func:`heat_map` at ``(x, y)``: empty, or shaded by ``value / top``."""
    cell_w, cell_h = size
    if value is None or value <= 0:
        return (
            f'<rect class="cell-empty" x="{x + 1:.1f}" y="{y + 1:.1f}" '
            f'width="{cell_w - 2:.1f}" height="{cell_h - 2:.1f}"><title>{escape(tip)}</title>'
            "</rect>"
        )
    # Square root: one outlier score must not wash out every other cell.
    opacity = 0.15 + 0.85 * math.sqrt(min(value / top, 1.0))
    return (
        f'<g><title>{escape(tip)}</title><rect class="cell" x="{x + 1:.1f}" '
        f'y="{y + 1:.1f}" width="{cell_w - 2:.1f}" height="{cell_h - 2:.1f}" '
        f'fill-opacity="{opacity:.2f}"/><text class="value" x="{x + cell_w / 2:.1f}" '
        f'y="{y + cell_h / 2 + 4:.1f}" text-anchor="middle">{value:.2f}</text></g>'
    )


def line_chart(
    periods: Sequence[str],
    series: dict[str, dict[str, float]],
    *,
    ident: str,
    title: str,
    desc: str,
    y_label: str = "share of documents",
) -> str:
    """Line chart of values in 0–1 over ordered periods, as inline SVG with points.

    Args:
        periods: x-axis categories in order (e.g. ``2025-01``, ``2025-02``).
        series: series name → period → value in [0, 1]; a missing period is drawn as 0
            (the theme was not found that period). At most eight series are drawn,
            each with its own colour class and dash pattern (see :func:`legend`).
        ident: element id (unique in the page).
        title: accessible name of the chart.
        desc: one-sentence description for screen readers.
        y_label: the y-axis caption.
    """
    left, right, top_pad, bottom = 60.0, 30.0, 16.0, 56.0
    plot_w, plot_h = 620.0, 260.0
    width, height = left + plot_w + right, top_pad + plot_h + bottom
    parts = [_svg_open(ident, width, height, title, desc)]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = top_pad + plot_h * (1 - tick)
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}"/>'
            f'<text class="muted" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{tick:.0%}</text>"
        )
    step = plot_w / max(len(periods) - 1, 1)
    xs = [left + (i * step if len(periods) > 1 else plot_w / 2) for i in range(len(periods))]
    every = max(1, math.ceil(len(periods) / 10))
    for i, period in enumerate(periods):
        if i % every == 0 or i == len(periods) - 1:
            parts.append(
                f'<text class="muted" x="{xs[i]:.1f}" y="{top_pad + plot_h + 20}" '
                f'text-anchor="middle">{escape(period)}</text>'
            )
    parts.append(
        f'<text class="muted" x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle">'
        f'period</text><text class="muted" transform="translate(14,{top_pad + plot_h / 2}) '
        f'rotate(-90)" text-anchor="middle">{escape(y_label)}</text>'
    )
    for k, (name, points) in enumerate(list(series.items())[:SERIES]):
        coords = [
            (xs[i], top_pad + plot_h * (1 - min(max(points.get(p, 0.0), 0.0), 1.0)))
            for i, p in enumerate(periods)
        ]
        parts.append(_series_group(k, name, points, coords, periods))
    parts.append("</svg>")
    return "".join(parts)


def _series_group(
    k: int,
    name: str,
    points: dict[str, float],
    coords: Sequence[tuple[float, float]],
    periods: Sequence[str],
) -> str:
    """Series ``k`` of :func:`line_chart`: its line (two points or more) and its points."""
    dash = f' stroke-dasharray="{_DASHES[k]}"' if _DASHES[k] else ""
    group = [f'<g class="s{k}"><title>{escape(name)}</title>']
    if len(coords) > 1:
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords)
        )
        group.append(f'<path class="series s{k}" d="{path}"{dash}/>')
    for (x, y), period in zip(coords, periods, strict=True):
        share = f"{points.get(period, 0.0):.0%}"
        group.append(
            f'<circle class="s{k}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
            f"<title>{escape(name)}, {escape(period)}: {share}</title></circle>"
        )
    group.append("</g>")
    return "".join(group)


def legend(names: Sequence[str]) -> str:
    """The key to :func:`line_chart`: each series' line style and name, as a list."""
    items = []
    for k, name in enumerate(names[:SERIES]):
        dash = f' stroke-dasharray="{_DASHES[k]}"' if _DASHES[k] else ""
        items.append(
            f'<li><svg width="34" height="10" aria-hidden="true" focusable="false">'
            f'<line class="series s{k}" x1="1" y1="5" x2="33" y2="5"{dash}/></svg>'
            f"{escape(name)}</li>"
        )
    return f'<ul class="legend" aria-label="Legend">{"".join(items)}</ul>'
