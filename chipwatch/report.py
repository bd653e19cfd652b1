"""One self-contained HTML report: overview, entities, themes, trends, copies, keywords.

The report is a single file an analyst can open offline or attach to an e-mail: the
stylesheet is inlined, the charts are hand-written inline SVG (no web font, no image
file, no network; a Content-Security-Policy forbids any request), and it reads
in light and dark mode (``prefers-color-scheme``). Every chart has a text title and
description for screen readers and a data table carrying the same numbers.

Everything shown comes from scraped pages, so every value is HTML-escaped on the way in
(:func:`chipwatch.charts.escape`). The page's one script, shipped with chipwatch
(``resources/report.js``), sorts and filters tables by moving rows already in the page;
the policy allows that exact text (by its hash) and no other script. The charts
themselves are drawn by :mod:`chipwatch.charts`.

:func:`build_report` takes the plain tables the library already returns (DataFrames,
and the theme counts per period), so the caller decides how they were computed (with or
without de-duplication, which labels) and the report depends on no other stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from chipwatch.charts import (
    SERIES,
    bar_chart,
    escape,
    heat_map,
    is_missing,
)
from chipwatch.config import VERSION
from chipwatch.models import (
    AUTHOR,
    COUNT,
    DOCS,
    ENTITY,
    ENTITY_A,
    ENTITY_B,
    FILE,
    ITEM,
    KEYWORD,
    LABEL,
    LABEL_A,
    LABEL_B,
    MENTIONS,
    PERIOD,
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
from chipwatch.report_html import data_table as _data_table
from chipwatch.report_html import folded_table
from chipwatch.report_html import script as _script
from chipwatch.report_html import section as _section
from chipwatch.report_html import statements as _statements
from chipwatch.report_html import stylesheet as _stylesheet
from chipwatch.report_html import table as _table
from chipwatch.timeline import (
    HEAT_ROWS,
    doc_label,
    doc_titles,
    heat_caption,
    heat_legend,
    time_caption,
    time_panels,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PeriodCounts", "build_report"]


class PeriodCounts(Protocol):
    """Counts per period, as :func:`chipwatch.trends.trends` returns them.

    A protocol rather than the trends result type itself, so the report takes the
    already-computed numbers without depending on the stage that computes them.
    """

    @property
    def table(self) -> pd.DataFrame:
        """``TREND_COLUMNS`` rows: period, item, count, docs, share."""

    @property
    def undated(self) -> list[str]:
        """Files without a (valid) published date, sorted."""

    @property
    def periods(self) -> dict[str, int]:
        """Dated documents in each period, by period."""


# --- HTML tables and sections live in report_html (shared with the other report parts) ---


def _overview(docs: pd.DataFrame) -> str:
    sources = sorted({str(s) for s in docs[SOURCE] if not is_missing(s)})
    dates = sorted(str(d) for d in docs[PUBLISHED] if not is_missing(d))
    undated = len(docs) - len(dates)
    raw = int(docs[WORDS_RAW].sum()) if len(docs) else 0
    clean = int(docs[WORDS_CLEAN].sum()) if len(docs) else 0
    kept = f" ({clean / raw:.0%} kept)" if raw else ""
    span = f"{dates[0]} to {dates[-1]}" if dates else "no dates found"
    span_html = (
        f'<span class="nowrap">{escape(dates[0])}</span> to '
        f'<span class="nowrap">{escape(dates[-1])}</span>'
        if dates
        else escape(span)
    )
    stats = [
        ("Documents", f"{len(docs):,}"),
        ("Sources named", f"{len(sources):,}"),
        ("Published", span),
        ("Undated documents", f"{undated:,}"),
        ("Words before cleaning", f"{raw:,}"),
        ("Words after cleaning", f"{clean:,}{kept}"),
    ]
    cards = "".join(
        f"<div><dt>{escape(k)}</dt><dd>{span_html if k == 'Published' else escape(v)}</dd></div>"
        for k, v in stats
    )
    source_note = (
        f"<details><summary>{len(sources):,} sources named</summary>"
        f'<ul class="sources">{"".join(f"<li>{escape(s)}</li>" for s in sources)}</ul></details>'
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
    folded = f"<details><summary>All {len(docs):,} documents</summary>{table}</details>"
    return _section(
        "overview", "Corpus overview", f'<dl class="stats">{cards}</dl>{source_note}{folded}'
    )


def _highlight(snippet: str, surface: str) -> str:
    """The escaped snippet with the first occurrence of ``surface`` in ``<mark>``."""
    at = snippet.find(surface) if surface else -1
    if at < 0:
        return escape(snippet)
    end = at + len(surface)
    return f"{escape(snippet[:at])}<mark>{escape(surface)}</mark>{escape(snippet[end:])}"


def _entities(
    entities: pd.DataFrame,
    evidence: pd.DataFrame | None,
    *,
    top: int,
    evidence_top: int = 8,
    per_entity: int = 2,
    titles: dict[str, str] | None = None,
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
                f"<cite>{escape(doc_label(str(r[FILE]), titles or {}))}</cite>"
                for _, r in rows.head(per_entity).iterrows()
                if not is_missing(r[SNIPPET])
            )
            items.append(f"<li><strong>{escape(entity)}</strong>{quotes}</li>")
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
    by_doc = themes.groupby(FILE)[SCORE].sum()
    drawn = sorted(sorted(files, key=lambda f: (-float(by_doc[f]), f))[:HEAT_ROWS])
    totals = themes.groupby(THEME)[SCORE].sum()
    names = sorted(totals.index, key=lambda t: (-float(totals[t]), str(t)))
    values = {
        (str(f), str(t)): float(s)
        for f, t, s in zip(themes[FILE], themes[THEME], themes[SCORE], strict=True)
    }
    titles = {
        str(f): str(t) for f, t in zip(docs[FILE], docs[TITLE], strict=True) if not is_missing(t)
    }
    labels = {f: titles.get(f, f) for f in files}
    chart = heat_map(
        drawn,
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
        f"<figure>{chart}{heat_legend(max(values.values(), default=0.0), ident='legend-themes')}"
        f"<figcaption>{escape(heat_caption(len(docs), len(files), len(drawn)))}</figcaption>"
        "</figure>" + _data_table(table),
    )


def _trends(result: PeriodCounts, n_docs: int, *, by: str) -> str:
    undated = (
        f"<details><summary>{len(result.undated)} of {n_docs} documents have no published "
        f'date and are not in this chart</summary><p class="note">'
        f"{escape(', '.join(result.undated))}</p></details>"
        if result.undated
        else ""
    )
    # Rows with no item mark periods with nothing counted; the chart shows them as gaps.
    rows = result.table[result.table[ITEM] != ""]
    if rows.empty:
        return _section(
            "trends",
            "Theme shares over time",
            f'<p class="note">Nothing to chart: no dated document has a theme.</p>{undated}',
        )
    periods = sorted({str(p) for p in result.table[PERIOD]} | set(result.periods))
    docs_per_theme = rows.groupby(ITEM)[DOCS].sum()
    names = sorted(docs_per_theme.index, key=lambda t: (-int(docs_per_theme[t]), str(t)))
    names = [str(n) for n in names[:SERIES]]
    series: dict[str, dict[str, float]] = {n: {} for n in names}
    for period, item, share in zip(rows[PERIOD], rows[ITEM], rows[SHARE], strict=True):
        if item in series:
            series[str(item)][str(period)] = float(share)
    chart = time_panels(
        periods,
        result.periods,
        series,
        ident="chart-trends",
        title=f"Share of dated documents with each theme, per {by}",
        desc=f"Documents per {by} on a time axis, then one panel for each of the "
        f"{len(names)} most frequent themes: the share of that period's documents in "
        "which the theme was found.",
    )
    table = _table(
        rows,
        list(rows.columns),
        caption=f"Theme counts per {by}",
        numeric=(COUNT, DOCS, SHARE),
    )
    return _section(
        "trends",
        "Theme shares over time",
        f"<figure>{chart}<figcaption>{escape(time_caption(result.periods, by))}"
        f"</figcaption></figure>{undated}{_data_table(table)}",
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
            f'<p class="note">No near-duplicate articles{escape(rule)}: every story ran once.</p>',
        )
    n = real["cluster"].nunique()
    table = folded_table(
        real,
        ["cluster", FILE, "similarity", TITLE, SOURCE, PUBLISHED],
        caption=f"{n} clusters of near-duplicate articles",
        numeric=("cluster", "similarity"),
    )
    return _section(
        "dups",
        "Syndicated copies",
        f'<p class="note">Articles whose cleaned text is nearly the same{escape(rule)}; '
        "similarity is to the first file of the cluster.</p>" + table,
    )


def _keywords(
    keywords: pd.DataFrame,
    doc_keywords: pd.DataFrame | None,
    *,
    top: int,
    titles: dict[str, str] | None = None,
) -> str:
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
        import pandas as pd

        # One row per document (its keywords by rank), not one table each: a corpus of
        # thousands of documents stays a page of a few megabytes.
        rows = [
            (doc_label(str(name), titles or {}), ", ".join(map(str, group[KEYWORD])))
            for name, group in doc_keywords.sort_values([FILE, RANK]).groupby(FILE, sort=True)
        ]
        table = _table(
            pd.DataFrame(rows, columns=["document", "keywords"]),
            ["document", "keywords"],
            caption="Top keywords of each document, by rank",
        )
        parts.append(
            f"<details><summary>Keywords of each document ({len(rows):,})</summary>"
            f"{table}</details>"
        )
    return _section("keywords", "Keywords", "".join(parts))


def _amounts(amounts: pd.DataFrame | None) -> str:
    """Every money amount, largest first within each currency (amounts in different
    currencies are not compared: no rate is built in)."""
    if amounts is None or amounts.empty:
        return _section("amounts", "Amounts", '<p class="note">No money amount found.</p>')
    ordered = amounts.sort_values(["currency", "amount"], ascending=[True, False], kind="stable")
    table = folded_table(
        ordered,
        ["currency", "amount", "qualifier", "text", "file", "context"],
        caption="Explicit money amounts (amount as a full number, in its own currency)",
        numeric=("amount",),
    )
    return _section("amounts", "Amounts", table)


_NAV = (
    ("overview", "Overview"),
    ("entities", "Entities"),
    ("themes", "Themes"),
    ("trends", "Over time"),
    ("pairs", "Co-occurrence"),
    ("dups", "Syndicated copies"),
    ("keywords", "Keywords"),
    ("amounts", "Amounts"),
    ("quotes", "Who said what"),
)


def build_report(
    *,
    docs: pd.DataFrame,
    entities: pd.DataFrame,
    themes: pd.DataFrame,
    theme_trends: PeriodCounts,
    pairs: pd.DataFrame,
    duplicates: pd.DataFrame,
    keywords: pd.DataFrame,
    evidence: pd.DataFrame | None = None,
    doc_keywords: pd.DataFrame | None = None,
    amounts: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
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
        theme_trends: the documents with each theme per ``by`` period, over the
            published dates of ``docs``: ``trends(theme_counts(themes), published,
            by=by)`` from :mod:`chipwatch.trends`.
        pairs: co-occurring entities, ``PAIR_COLUMNS`` (``Corpus.entity_pairs()``).
        duplicates: ``chipwatch.dups.DUP_COLUMNS`` rows (``find_duplicates``).
        keywords: corpus keywords, ``KEYWORD_COLUMNS``.
        evidence: ``EVIDENCE_COLUMNS`` rows (``entity_evidence``): up to three
            snippets per entity are quoted under the chart.
        doc_keywords: per-document keywords, ``DOC_KEYWORD_COLUMNS``.
        amounts: money amounts, ``AMOUNT_COLUMNS`` (``Corpus.amounts()``).
        quotes: statements, ``QUOTE_COLUMNS`` (``Corpus.quotes()``).
        title: page title and main heading.
        command: the command line that made the report, shown under the heading.
        by: ``month`` or ``week``: the period of ``theme_trends``, named in its chart.
        top: rows shown in the entity chart, pair and keyword tables.
        dups_threshold: the similarity threshold used for ``duplicates`` (shown).

    Returns:
        A complete HTML5 document with no external reference and no script but the
        shipped table sorter.
    """
    sections = [
        _overview(docs),
        _entities(entities, evidence, top=top, titles=doc_titles(docs)),
        _themes(themes, docs),
        _trends(theme_trends, len(docs), by=by),
        _pairs(pairs, top=top),
        _duplicates(duplicates, threshold=dups_threshold),
        _keywords(keywords, doc_keywords, top=top, titles=doc_titles(docs)),
        _amounts(amounts),
        _statements(quotes),
    ]
    return _page(sections, title=title, command=command, n_docs=len(docs))


def _page(sections: Sequence[str], *, title: str, command: str | None, n_docs: int) -> str:
    """The HTML document around the sections: head, stylesheet, navigation, footer."""
    css = _stylesheet()
    script, script_src = _script()
    nav = "".join(f'<li><a href="#{i}">{escape(label)}</a></li>' for i, label in _NAV)
    command_line = (
        f'<p class="command">Command: <code>{escape(command)}</code></p>' if command else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # No request of any kind may leave the page: it must work offline and leak nothing.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        f"style-src 'unsafe-inline'; img-src data:; script-src {script_src}\">"
        '<meta name="color-scheme" content="light dark">'
        '<link rel="icon" href="data:,">'
        f"<title>{escape(title)}</title><style>{css}</style></head>\n<body>"
        f"<header><h1>{escape(title)}</h1>{command_line}"
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav></header>\n'
        f"<main>{''.join(sections)}</main>\n"
        f"<footer>Made by chipwatch {escape(VERSION)} from the cleaned text of "
        f"{n_docs:,} documents.</footer><script>{script}</script></body></html>\n"
    )
