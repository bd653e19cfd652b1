"""One self-contained HTML report: overview, entities, themes, trends, copies, keywords.

The report is a single file an analyst can open offline or attach to an e-mail: the
stylesheet is inlined, the charts are hand-written inline SVG (no script, no web font,
no image file, no network; a Content-Security-Policy forbids any request), and it reads
in light and dark mode (``prefers-color-scheme``). Every chart has a text title and
description for screen readers and a data table carrying the same numbers.

Everything shown comes from scraped pages, so every value is HTML-escaped on the way in
(:func:`html.escape`); the report contains no ``<script>`` at all.

:func:`build_report` takes the plain DataFrames the library already returns, so the
caller decides how they were computed (with or without de-duplication, which labels).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from chipwatch.models import (
    AUTHOR,
    COUNT,
    DOCS,
    ENTITY,
    ENTITY_A,
    ENTITY_B,
    FILE,
    KEYWORD,
    LABEL,
    LABEL_A,
    LABEL_B,
    MENTIONS,
    PUBLISHED,
    RANK,
    SCORE,
    SHARE,
    SNIPPET,
    SOURCE,
    TEXT,
    THEME,
    TITLE,
    WORDS_CLEAN,
    WORDS_RAW,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["bar_chart", "build_report", "heat_map", "line_chart"]

#: Colour classes for chart series (``.s0`` … ``.s7`` in the stylesheet).
_SERIES = 8
# Dash patterns tell series apart without colour.
_DASHES = ("", "6 3", "2 3", "8 3 2 3", "12 4", "3 6", "1 2", "10 2 2 2 2 2")
_EMPTY = "—"


# --- escaping and small HTML helpers -------------------------------------------------------


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _e(value: Any) -> str:
    """Escaped text of any value; missing values (None, NaN) become an em dash."""
    if _missing(value):
        return _EMPTY
    if isinstance(value, list | tuple):
        return html.escape(", ".join(str(v) for v in value), quote=True)
    return html.escape(str(value), quote=True)


def _num(value: Any, *, places: int = 4) -> str:
    if _missing(value):
        return _EMPTY
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.{places}f}".rstrip("0").rstrip(".")
    if isinstance(value, float | int):
        return f"{int(value):,}"
    return _e(value)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    caption: str,
    numeric: Iterable[str] = (),
    headers: dict[str, str] | None = None,
) -> str:
    """An accessible HTML table of ``columns`` (escaped; numeric columns right-aligned)."""
    numeric = set(numeric)
    headers = headers or {}
    head = "".join(
        f'<th scope="col"{" class=num" if c in numeric else ""}>{_e(headers.get(c, c))}</th>'
        for c in columns
    )
    body = []
    for row in frame[list(columns)].itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="num">{_num(v)}</td>' if c in numeric else f"<td>{_e(v)}</td>"
            for c, v in zip(columns, row, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f'<div class="table-wrap"><table><caption>{_e(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _data_table(table: str) -> str:
    return f"<details><summary>Data table</summary>{table}</details>"


def _svg_open(ident: str, width: float, height: float, title: str, desc: str) -> str:
    return (
        f'<svg class="chart" id="{ident}" role="img" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" style="max-width:{width:.0f}px" '
        'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{_e(title)}</title><desc id="{ident}-desc">{_e(desc)}</desc>'
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
    label_w, bar_w, row_h, pad = 210.0, 440.0, 26.0, 8.0
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
            f"<g><title>{_e(label)}: {_num(value)}</title>"
            f'<text x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end">'
            f"{_e(_short(label, 28))}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 4:.1f}" width="{length:.1f}" '
            f'height="{row_h - 8:.1f}" rx="2"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + row_h / 2 + 4:.1f}">'
            f"{_num(value)}</text></g>"
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
    label_w, cell_w, cell_h, head_h = 230.0, 58.0, 28.0, 130.0
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
            f"{_e(_short(column, 22))}</text>"
        )
    for i, row in enumerate(rows):
        y = head_h + i * cell_h
        name = labels.get(row, row)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="end">'
            f"<title>{_e(name)}</title>{_e(_short(name, 30))}</text>"
        )
        for j, column in enumerate(columns):
            x = label_w + j * cell_w
            value = values.get((row, column))
            tip = f"{name} · {column}: {_num(value) if value is not None else 'not found'}"
            if value is None or value <= 0:
                parts.append(
                    f'<rect class="cell-empty" x="{x + 1:.1f}" y="{y + 1:.1f}" '
                    f'width="{cell_w - 2:.1f}" height="{cell_h - 2:.1f}"><title>{_e(tip)}</title>'
                    "</rect>"
                )
                continue
            # Square root: one outlier score must not wash out every other cell.
            opacity = 0.15 + 0.85 * math.sqrt(min(value / top, 1.0))
            parts.append(
                f'<g><title>{_e(tip)}</title><rect class="cell" x="{x + 1:.1f}" '
                f'y="{y + 1:.1f}" width="{cell_w - 2:.1f}" height="{cell_h - 2:.1f}" '
                f'fill-opacity="{opacity:.2f}"/><text class="value" x="{x + cell_w / 2:.1f}" '
                f'y="{y + cell_h / 2 + 4:.1f}" text-anchor="middle">{value:.2f}</text></g>'
            )
    parts.append("</svg>")
    return "".join(parts)


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
            each with its own colour class and dash pattern (see :func:`_legend`).
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

    def x_of(i: int) -> float:
        return left + (i * step if len(periods) > 1 else plot_w / 2)

    every = max(1, math.ceil(len(periods) / 10))
    for i, period in enumerate(periods):
        if i % every == 0 or i == len(periods) - 1:
            parts.append(
                f'<text class="muted" x="{x_of(i):.1f}" y="{top_pad + plot_h + 20}" '
                f'text-anchor="middle">{_e(period)}</text>'
            )
    parts.append(
        f'<text class="muted" x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle">'
        f'period</text><text class="muted" transform="translate(14,{top_pad + plot_h / 2}) '
        f'rotate(-90)" text-anchor="middle">{_e(y_label)}</text>'
    )
    for k, (name, points) in enumerate(list(series.items())[:_SERIES]):
        coords = [
            (x_of(i), top_pad + plot_h * (1 - min(max(points.get(p, 0.0), 0.0), 1.0)))
            for i, p in enumerate(periods)
        ]
        dash = f' stroke-dasharray="{_DASHES[k]}"' if _DASHES[k] else ""
        group = [f'<g class="s{k}"><title>{_e(name)}</title>']
        if len(coords) > 1:
            path = " ".join(
                f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords)
            )
            group.append(f'<path class="series s{k}" d="{path}"{dash}/>')
        for (x, y), period in zip(coords, periods, strict=True):
            group.append(
                f'<circle class="s{k}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
                f"<title>{_e(name)}, {_e(period)}: {points.get(period, 0.0):.0%}</title></circle>"
            )
        group.append("</g>")
        parts.append("".join(group))
    parts.append("</svg>")
    return "".join(parts)


def _legend(names: Sequence[str]) -> str:
    items = []
    for k, name in enumerate(names[:_SERIES]):
        dash = f' stroke-dasharray="{_DASHES[k]}"' if _DASHES[k] else ""
        items.append(
            f'<li><svg width="34" height="10" aria-hidden="true" focusable="false">'
            f'<line class="series s{k}" x1="1" y1="5" x2="33" y2="5"{dash}/></svg>{_e(name)}</li>'
        )
    return f'<ul class="legend" aria-label="Legend">{"".join(items)}</ul>'


# --- sections ----------------------------------------------------------------------------------


def _section(ident: str, heading: str, body: str) -> str:
    return (
        f'<section id="{ident}" aria-labelledby="{ident}-h">'
        f'<h2 id="{ident}-h">{_e(heading)}</h2>{body}</section>'
    )


def _overview(docs: pd.DataFrame) -> str:
    sources = sorted({str(s) for s in docs[SOURCE] if not _missing(s)})
    dates = sorted(str(d) for d in docs[PUBLISHED] if not _missing(d))
    undated = len(docs) - len(dates)
    raw = int(docs[WORDS_RAW].sum()) if len(docs) else 0
    clean = int(docs[WORDS_CLEAN].sum()) if len(docs) else 0
    kept = f" ({clean / raw:.0%} kept)" if raw else ""
    span = f"{dates[0]} to {dates[-1]}" if dates else "no dates found"
    stats = [
        ("Documents", f"{len(docs):,}"),
        ("Sources named", f"{len(sources):,}"),
        ("Published", span),
        ("Undated documents", f"{undated:,}"),
        ("Words before cleaning", f"{raw:,}"),
        ("Words after cleaning", f"{clean:,}{kept}"),
    ]
    cards = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in stats)
    source_note = (
        f'<p class="note">Sources: {_e(", ".join(sources))}.</p>'
        if sources
        else '<p class="note">No page named its outlet.</p>'
    )
    columns = [
        c for c in (FILE, TITLE, PUBLISHED, AUTHOR, SOURCE, WORDS_RAW, WORDS_CLEAN) if c in docs
    ]
    table = _table(
        docs.sort_values(FILE, kind="stable"),
        columns,
        caption="Documents",
        numeric=(WORDS_RAW, WORDS_CLEAN),
    )
    return _section(
        "overview", "Corpus overview", f'<dl class="stats">{cards}</dl>{source_note}{table}'
    )


def _highlight(snippet: str, surface: str) -> str:
    """The escaped snippet with the first occurrence of ``surface`` in ``<mark>``."""
    at = snippet.find(surface) if surface else -1
    if at < 0:
        return _e(snippet)
    end = at + len(surface)
    return f"{_e(snippet[:at])}<mark>{_e(surface)}</mark>{_e(snippet[end:])}"


def _entities(
    entities: pd.DataFrame,
    evidence: pd.DataFrame | None,
    *,
    top: int,
    evidence_top: int = 8,
    per_entity: int = 2,
) -> str:
    if entities.empty:
        return _section("entities", "Top entities", '<p class="note">No entities found.</p>')
    shown = entities.head(top)
    chart = bar_chart(
        [
            (f"{e} ({lab})", float(m))
            for e, lab, m in zip(shown[ENTITY], shown[LABEL], shown[MENTIONS], strict=True)
        ],
        ident="chart-entities",
        title=f"Top {len(shown)} entities by mentions",
        desc="Horizontal bars, one per canonical entity, length proportional to its number "
        "of mentions in the cleaned text.",
    )
    columns = [c for c in (ENTITY, LABEL, MENTIONS, DOCS, "aliases") if c in shown]
    table = _table(shown, columns, caption="Top entities", numeric=(MENTIONS, DOCS))
    body = [
        f"<figure>{chart}<figcaption>Mentions of each canonical entity (aliases merged: "
        "US, U.S. and America count as one).</figcaption></figure>",
        _data_table(table),
    ]
    items = []
    source = evidence if evidence is not None and not evidence.empty else None
    if source is None and SNIPPET in shown:
        source = shown
    if source is not None:
        wanted = set(shown[ENTITY])
        for entity in list(shown[ENTITY])[:evidence_top]:
            rows = source[source[ENTITY] == entity]
            if entity not in wanted or rows.empty:
                continue
            quotes = "".join(
                f"<blockquote>{_highlight(str(r[SNIPPET]), str(r.get(TEXT, '')))}</blockquote>"
                f"<cite>{_e(r[FILE])}</cite>"
                for _, r in rows.head(per_entity).iterrows()
                if not _missing(r[SNIPPET])
            )
            items.append(f"<li><strong>{_e(entity)}</strong>{quotes}</li>")
    if items:
        body.append(
            f'<h3>Evidence</h3><p class="note">Where the {len(items)} most mentioned '
            f"entities occur: up to {per_entity} sentences each, from the cleaned text.</p>"
            f'<ul class="evidence">{"".join(items)}</ul>'
        )
    return _section("entities", "Top entities", "".join(body))


def _themes(themes: pd.DataFrame, docs: pd.DataFrame) -> str:
    if themes.empty:
        return _section("themes", "Themes per document", '<p class="note">No theme found.</p>')
    files = sorted(set(themes[FILE]))
    totals = themes.groupby(THEME)[SCORE].sum()
    names = sorted(totals.index, key=lambda t: (-float(totals[t]), str(t)))
    values = {
        (str(f), str(t)): float(s)
        for f, t, s in zip(themes[FILE], themes[THEME], themes[SCORE], strict=True)
    }
    titles = {
        str(f): str(t) for f, t in zip(docs[FILE], docs[TITLE], strict=True) if not _missing(t)
    }
    labels = {f: titles.get(f, f) for f in files}
    chart = heat_map(
        files,
        names,
        values,
        ident="chart-themes",
        title="Theme scores per document",
        desc="Grid with one row per document and one column per theme; darker cells "
        "mean higher scores, empty cells mean the theme was not found.",
        row_labels=labels,
    )
    wide = [{FILE: f, **{t: values.get((f, t)) for t in names}} for f in files]
    import pandas as pd

    table = _table(
        pd.DataFrame(wide, columns=[FILE, *names]),
        [FILE, *names],
        caption="Theme score per document (— = not found)",
        numeric=names,
    )
    return _section(
        "themes",
        "Themes per document",
        f"<figure>{chart}<figcaption>Each row is a document (hover for its title), each "
        "column a theme of the taxonomy, sorted by total score.</figcaption></figure>"
        + _data_table(table),
    )


def _trends(themes: pd.DataFrame, docs: pd.DataFrame, *, by: str) -> str:
    from chipwatch.trends import ITEM, PERIOD, theme_counts, trends

    published = {
        str(f): (None if _missing(p) else str(p))
        for f, p in zip(docs[FILE], docs[PUBLISHED], strict=True)
    }
    result = trends(theme_counts(themes), published, by="week" if by == "week" else "month")
    undated = (
        f'<p class="note">{len(result.undated)} of {len(published)} documents have no '
        f"published date and are not in this chart: {_e(', '.join(result.undated))}.</p>"
        if result.undated
        else ""
    )
    if result.table.empty:
        return _section(
            "trends",
            "Theme shares over time",
            f'<p class="note">Nothing to chart: no dated document has a theme.</p>{undated}',
        )
    periods = list(result.periods)
    docs_per_theme = result.table.groupby(ITEM)[DOCS].sum()
    names = sorted(docs_per_theme.index, key=lambda t: (-int(docs_per_theme[t]), str(t)))
    names = [str(n) for n in names[:_SERIES]]
    series: dict[str, dict[str, float]] = {n: {} for n in names}
    for period, item, share in zip(
        result.table[PERIOD], result.table[ITEM], result.table[SHARE], strict=True
    ):
        if item in series:
            series[str(item)][str(period)] = float(share)
    chart = line_chart(
        periods,
        series,
        ident="chart-trends",
        title=f"Share of dated documents with each theme, per {by}",
        desc=f"Lines for the {len(names)} most frequent themes across {len(periods)} "
        "periods; the y axis is the share of that period's documents in which the theme "
        "was found.",
    )
    counts = ", ".join(f"{p}: {n}" for p, n in result.periods.items())
    table = _table(
        result.table,
        list(result.table.columns),
        caption=f"Theme counts per {by}",
        numeric=(COUNT, DOCS, SHARE),
    )
    return _section(
        "trends",
        "Theme shares over time",
        f"<figure>{chart}{_legend(names)}<figcaption>Dated documents per period: "
        f"{_e(counts)}.</figcaption></figure>{undated}{_data_table(table)}",
    )


def _pairs(pairs: pd.DataFrame, *, top: int) -> str:
    if pairs.empty:
        return _section("pairs", "Co-occurring entities", '<p class="note">No pairs found.</p>')
    table = _table(
        pairs.head(top),
        [ENTITY_A, LABEL_A, ENTITY_B, LABEL_B, COUNT, DOCS],
        caption="Entities mentioned in the same sentence",
        numeric=(COUNT, DOCS),
        headers={ENTITY_A: "entity", LABEL_A: "label", ENTITY_B: "with", LABEL_B: "its label"},
    )
    return _section("pairs", "Co-occurring entities", table)


def _duplicates(duplicates: pd.DataFrame, *, threshold: float | None) -> str:
    rule = f" at Jaccard similarity ≥ {threshold:g}" if threshold is not None else ""
    real = duplicates[duplicates.groupby("cluster")[FILE].transform("count") > 1]
    if real.empty:
        return _section(
            "dups",
            "Syndicated copies",
            f'<p class="note">No near-duplicate articles{_e(rule)}: every story ran once.</p>',
        )
    n = real["cluster"].nunique()
    table = _table(
        real,
        ["cluster", FILE, "similarity", TITLE, SOURCE, PUBLISHED],
        caption=f"{n} clusters of near-duplicate articles",
        numeric=("cluster", "similarity"),
    )
    return _section(
        "dups",
        "Syndicated copies",
        f'<p class="note">Articles whose cleaned text is nearly the same{_e(rule)}; '
        "similarity is to the first file of the cluster.</p>" + table,
    )


def _keywords(keywords: pd.DataFrame, doc_keywords: pd.DataFrame | None, *, top: int) -> str:
    parts = []
    if keywords.empty:
        parts.append('<p class="note">No keywords found.</p>')
    else:
        parts.append(
            _table(
                keywords.head(top),
                [KEYWORD, SCORE, DOCS],
                caption="Corpus keywords (TF-IDF, summed over documents)",
                numeric=(SCORE, DOCS),
            )
        )
    if doc_keywords is not None and not doc_keywords.empty:
        parts.append("<h3>Per document</h3>")
        for name, group in doc_keywords.groupby(FILE, sort=True):
            parts.append(
                _table(group, [RANK, KEYWORD, SCORE], caption=str(name), numeric=(RANK, SCORE))
            )
    return _section("keywords", "Keywords", "".join(parts))


def _stylesheet() -> str:
    return resources.files("chipwatch").joinpath("resources/report.css").read_text("utf-8")


_NAV = (
    ("overview", "Overview"),
    ("entities", "Entities"),
    ("themes", "Themes"),
    ("trends", "Over time"),
    ("pairs", "Co-occurrence"),
    ("dups", "Syndicated copies"),
    ("keywords", "Keywords"),
)


def build_report(
    *,
    docs: pd.DataFrame,
    entities: pd.DataFrame,
    themes: pd.DataFrame,
    pairs: pd.DataFrame,
    duplicates: pd.DataFrame,
    keywords: pd.DataFrame,
    evidence: pd.DataFrame | None = None,
    doc_keywords: pd.DataFrame | None = None,
    title: str = "chipwatch report",
    command: str | None = None,
    by: str = "month",
    top: int = 15,
    dups_threshold: float | None = None,
) -> str:
    """The whole report as one HTML document (a string; ``Corpus.write_html`` writes it atomically).

    Args:
        docs: one row per document, ``DOC_COLUMNS`` (``Corpus.docs()``).
        entities: corpus entity rows, ``ENTITY_COLUMNS`` sorted by mentions
            (``Corpus.entities()``; with ``evidence=True`` its snippets are used when
            ``evidence`` is not given).
        themes: per-document theme scores, ``THEME_COLUMNS`` (``Corpus.themes()``).
        pairs: co-occurring entities, ``PAIR_COLUMNS`` (``Corpus.entity_pairs()``).
        duplicates: ``chipwatch.dups.DUP_COLUMNS`` rows (``find_duplicates``).
        keywords: corpus keywords, ``KEYWORD_COLUMNS``.
        evidence: ``EVIDENCE_COLUMNS`` rows (``entity_evidence``): up to three
            snippets per entity are quoted under the chart.
        doc_keywords: per-document keywords, ``DOC_KEYWORD_COLUMNS``.
        title: page title and main heading.
        command: the command line that made the report, shown under the heading.
        by: ``month`` or ``week``: periods of the theme-shares chart.
        top: rows shown in the entity chart, pair and keyword tables.
        dups_threshold: the similarity threshold used for ``duplicates`` (shown).

    Returns:
        A complete HTML5 document with no external reference and no script.
    """
    css = _stylesheet()
    nav = "".join(f'<li><a href="#{i}">{_e(label)}</a></li>' for i, label in _NAV)
    command_line = f'<p class="command">Command: <code>{_e(command)}</code></p>' if command else ""
    sections = [
        _overview(docs),
        _entities(entities, evidence, top=top),
        _themes(themes, docs),
        _trends(themes, docs, by=by),
        _pairs(pairs, top=top),
        _duplicates(duplicates, threshold=dups_threshold),
        _keywords(keywords, doc_keywords, top=top),
    ]
    from chipwatch import __version__

    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # No request of any kind may leave the page: it must work offline and leak nothing.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        '<meta name="color-scheme" content="light dark">'
        '<link rel="icon" href="data:,">'
        f"<title>{_e(title)}</title><style>{css}</style></head>\n<body>"
        f"<header><h1>{_e(title)}</h1>{command_line}"
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav></header>\n'
        f"<main>{''.join(sections)}</main>\n"
        f"<footer>Made by chipwatch {_e(__version__)} from the cleaned text of "
        f"{len(docs):,} documents.</footer></body></html>\n"
    )
