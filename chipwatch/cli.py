"""The ``chipwatch`` command: a thin Typer layer over ``pipeline.analyze`` and ``views``.

Each command turns its flags into ``Settings`` (shared options come as typed bundles
from ``options``), runs one analysis, asks one view for its table and hands it to
``output``. Errors from the library become one-line messages and the exit codes of
``errors.ExitCode``; heavy libraries are imported inside the commands so
``chipwatch --help`` stays fast.
"""

import gc
import signal
from pathlib import Path
from typing import Annotated

import typer

from chipwatch.cli_cache import cache_app
from chipwatch.cli_help import decorate
from chipwatch.cli_steps import analyze_inputs as _analyze
from chipwatch.cli_steps import destination as _destination
from chipwatch.cli_steps import emit as _emit
from chipwatch.cli_steps import errors as _errors
from chipwatch.cli_steps import fail as _fail
from chipwatch.cli_steps import shown_command
from chipwatch.cli_steps import summary as _summary
from chipwatch.config import DEDUPE_THRESHOLD, SHINGLE_SIZE, TRENDS_TOP, VERSION
from chipwatch.errors import ExitCode, UsageError
from chipwatch.options import (
    Dates,
    ExplainOpt,
    GazetteerOpt,
    Inputs,
    LabelOpt,
    ModelOpt,
    Nlp,
    Output,
    PerDocOpt,
    Period,
    Scope,
    SummaryByOpt,
    TaxonomyOpt,
    TopOpt,
    What,
    bundled,
    settings_for,
)
from chipwatch.output import Format

app = typer.Typer(
    name="chipwatch",
    help="Clean scraped news dumps and find their entities, keywords and themes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


@app.command()
@bundled
def clean(
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Write one cleaned file per input here.")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="List every dropped line with its reason.")
    ] = False,
    patterns: Annotated[
        Path | None,
        typer.Option("--patterns", help="TOML junk-pattern file that replaces the shipped one."),
    ] = None,
    keep_metadata: Annotated[
        bool, typer.Option("--keep-metadata", help="Keep the byline and date lines.")
    ] = False,
    *,
    inputs: Inputs,
    out: Output,
    dates: Dates,
) -> None:
    """Remove menus, share rows, player text and other boilerplate; print the article text."""
    from chipwatch import views
    from chipwatch.output import render, render_clean_text

    with _errors(inputs.debug):
        # Without a format asked for (or an -o extension) the text is printed as text.
        fmt = out.chosen() if out.format or out.target else Format.TABLE
        if out_dir is not None:
            views.check_out_dir(out_dir, inputs.paths)
        settings = settings_for(inputs, junk_patterns=patterns, keep_metadata=keep_metadata)
        need = views.NEEDS["drops" if explain else "clean"]
        analysis = _analyze(inputs, settings, need, out=out, dates=dates)
        if out_dir is not None:
            written = views.save_clean(analysis, out_dir)
            typer.echo(f"chipwatch: wrote {len(written)} file(s) under {out_dir}", err=True)
        with _destination(out, analysis) as stream:
            if explain:
                render(views.drops(analysis), fmt, stream=stream, layout=out.layout)
            elif out_dir is None and fmt is Format.TABLE:
                kept = analysis.clean_documents()
                render_clean_text(kept, labelled=len(kept) > 1, stream=stream)
            elif out_dir is None:
                render(views.clean_text(analysis), fmt, stream=stream, layout=out.layout)
        _summary(analysis, inputs)


@app.command()
@bundled
def docs(top: TopOpt = None, *, inputs: Inputs, out: Output, nlp: Nlp, dates: Dates) -> None:
    """One row per document: title, date, author, source, words before/after, relevance."""
    from chipwatch import views

    with _errors(inputs.debug):
        need, settings = views.NEEDS["docs"], settings_for(inputs, nlp)
        analysis = _analyze(inputs, settings, need, out=out, model=True, dates=dates)
        _emit(analysis, views.docs(analysis), inputs, out, top=top)


@app.command()
@bundled
def amounts(
    rates: Annotated[
        Path | None,
        typer.Option(
            "--rates",
            help="CSV file 'currency,rate' (rate = units of --to per unit): adds amount_<TO>.",
        ),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="ISO code to convert to with --rates, e.g. USD.")
    ] = None,
    dedupe: Annotated[
        bool,
        typer.Option("--dedupe", help="Count each cluster of syndicated copies once (see dups)."),
    ] = False,
    *,
    inputs: Inputs,
    out: Output,
    dates: Dates,
) -> None:
    """Every explicit money amount: figure, currency (ISO 4217), qualifier and context."""
    from chipwatch import views
    from chipwatch.amounts import load_rates

    with _errors(inputs.debug):
        if rates is not None or to is not None:
            load_rates(rates, to)  # a bad rates file is a usage error before any work
        settings = settings_for(inputs, dedupe=dedupe)
        analysis = _analyze(inputs, settings, views.NEEDS["amounts"], out=out, dates=dates)
        _emit(analysis, views.amounts(analysis, rates=rates, to=to and to.upper()), inputs, out)


@app.command()
@bundled
def quotes(
    speaker: Annotated[
        str | None,
        typer.Option("--speaker", help="Only this speaker (any name of the entity: Commerce)."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only direct quotes or indirect (reported) ones.")
    ] = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="Count statements per speaker instead.")
    ] = False,
    gazetteer: GazetteerOpt = None,
    *,
    inputs: Inputs,
    out: Output,
    nlp: Nlp,
    dates: Dates,
) -> None:
    """Who said what: direct quotes and reported statements, each with its speaker."""
    from chipwatch import views

    with _errors(inputs.debug):
        if kind is not None and kind not in ("direct", "indirect"):
            raise UsageError(f"--kind {kind}: use direct or indirect.")
        settings = settings_for(inputs, nlp, gazetteer=gazetteer)
        need = views.NEEDS["quotes"]
        analysis = _analyze(inputs, settings, need, out=out, model=True, dates=dates)
        table = views.quotes(analysis, speaker=speaker, kind=kind, summary=summary)
        _emit(analysis, table, inputs, out)


@app.command()
@bundled
def entities(
    label: LabelOpt = None,
    top: TopOpt = None,
    per_doc: PerDocOpt = False,
    evidence: Annotated[
        bool,
        typer.Option("--evidence", help="Add where the first mention is, with a snippet."),
    ] = False,
    pairs: Annotated[
        bool, typer.Option("--pairs", help="List entity pairs mentioned together, with counts.")
    ] = False,
    scope: Annotated[
        Scope, typer.Option("--scope", help="What counts as together for --pairs.")
    ] = Scope.SENTENCE,
    gazetteer: GazetteerOpt = None,
    *,
    inputs: Inputs,
    out: Output,
    nlp: Nlp,
    dates: Dates,
) -> None:
    """Canonical named entities (people, organisations, places, chips, laws) with counts."""
    from chipwatch import views

    with _errors(inputs.debug):
        labels = views.entity_labels(label)
        settings = settings_for(inputs, nlp, gazetteer=gazetteer)
        need = views.NEEDS["entities"]
        analysis = _analyze(inputs, settings, need, out=out, model=True, dates=dates)
        if pairs:
            table = views.entity_pairs(analysis, scope=scope.value, labels=labels, top=top)
        else:
            table = views.entities(
                analysis, labels=labels, top=top, per_doc=per_doc, evidence=evidence
            )
        _emit(analysis, table, inputs, out)


@app.command()
@bundled
def keywords(
    top: Annotated[int, typer.Option("--top", min=1, help="Keywords per ranking.")] = 10,
    per_doc: PerDocOpt = False,
    *,
    inputs: Inputs,
    out: Output,
    nlp: Nlp,
    dates: Dates,
) -> None:
    """Keywords ranked by TF-IDF over noun-phrase candidates, fitted on these documents."""
    from chipwatch import views

    with _errors(inputs.debug):
        need = views.NEEDS["keywords" if per_doc else "keywords:corpus"]
        settings = settings_for(inputs, nlp)
        analysis = _analyze(inputs, settings, need, out=out, model=True, dates=dates)
        _emit(analysis, views.keywords(analysis, top=top, per_doc=per_doc), inputs, out)


@app.command()
@bundled
def themes(
    taxonomy: TaxonomyOpt = None,
    all_themes: Annotated[
        bool, typer.Option("--all", help="Show every theme, not only those above threshold.")
    ] = False,
    summary: Annotated[
        bool, typer.Option("--summary", help="Corpus rows: theme, docs, share, mean_score.")
    ] = False,
    explain: ExplainOpt = False,
    discover: Annotated[
        int | None,
        typer.Option(
            "--discover", min=1, help="Propose K new themes from the corpus, printed as TOML."
        ),
    ] = None,
    by: SummaryByOpt = None,
    *,
    inputs: Inputs,
    out: Output,
    nlp: Nlp,
    dates: Dates,
) -> None:
    """Score each document against the theme taxonomy; show the themes it is about."""
    from chipwatch import views

    with _errors(inputs.debug):
        period = views.theme_period(summary=summary, by=by)
        settings = settings_for(inputs, nlp, taxonomy=taxonomy)
        need = views.NEEDS["trends:themes" if period else "themes"]
        scored = discover is None
        analysis = _analyze(
            inputs, settings, need, out=out, model=True, taxonomy=scored, dates=dates
        )
        if discover is not None:
            typer.echo(views.discover_themes(analysis, discover), nl=False)
            _summary(analysis, inputs)
            return
        notes: list[str] = []
        table = views.themes(
            analysis,
            include_all=all_themes,
            summary=summary,
            by=period,
            notes=notes,
            explain=explain,
        )
        _emit(analysis, table, inputs, out, notes)


@app.command()
@bundled
def dups(
    threshold: Annotated[
        float,
        typer.Option("--threshold", min=0.05, max=1.0, help="Jaccard similarity of copies."),
    ] = DEDUPE_THRESHOLD,
    shingle: Annotated[
        int, typer.Option("--shingle", min=1, help="Words per shingle.")
    ] = SHINGLE_SIZE,
    singletons: Annotated[
        bool, typer.Option("--singletons", help="Also list articles that have no copy.")
    ] = False,
    top: TopOpt = None,
    *,
    inputs: Inputs,
    out: Output,
    dates: Dates,
) -> None:
    """Clusters of syndicated copies: the same story on several sites, lightly edited."""
    from chipwatch import views

    with _errors(inputs.debug):
        settings = settings_for(inputs, dedupe_threshold=threshold)
        analysis = _analyze(inputs, settings, views.NEEDS["dups"], out=out, dates=dates)
        table = views.duplicates(analysis, shingle=shingle, singletons=singletons, top=top)
        _emit(analysis, table, inputs, out)


@app.command()
@bundled
def kwic(
    term: Annotated[str, typer.Argument(help="A phrase, or any name of an entity.")],
    width: Annotated[
        int, typer.Option("--width", min=5, help="Characters of context on each side.")
    ] = 40,
    gazetteer: GazetteerOpt = None,
    model: ModelOpt = None,
    top: TopOpt = None,
    *,
    inputs: Inputs,
    out: Output,
    dates: Dates,
) -> None:
    """Keyword in context: every place TERM occurs ("United States" also finds US, U.S.)."""
    from chipwatch import views

    with _errors(inputs.debug):
        term = views.search_term(term)
        settings = settings_for(inputs, model=model, gazetteer=gazetteer)
        analysis = _analyze(inputs, settings, views.NEEDS["kwic"], out=out, model=True, dates=dates)
        table = views.kwic(analysis, term, width=width)
        _emit(analysis, table, inputs, out, top=top, lines=True)
        if table.empty:  # as grep and rg: no match is exit 1
            _fail(f"no match for '{term}'.", ExitCode.ERROR, quiet=inputs.quiet)


@app.command()
@bundled
def trends(
    by: Annotated[Period, typer.Option("--by", help="Calendar bucket.")] = Period.MONTH,
    what: Annotated[What, typer.Option("--what", help="What to count.")] = What.ENTITIES,
    top: Annotated[
        int, typer.Option("--top", min=0, help="Items per period (0: all).")
    ] = TRENDS_TOP,
    label: LabelOpt = None,
    *,
    inputs: Inputs,
    out: Output,
    nlp: Nlp,
    dates: Dates,
) -> None:
    """Counts per week or month of the documents' published dates."""
    from chipwatch import views

    with _errors(inputs.debug):
        labels = views.entity_labels(label, what=what.value)
        need = views.need_for("trends", what.value)
        themes, settings = what is What.THEMES, settings_for(inputs, nlp)
        analysis = _analyze(
            inputs, settings, need, out=out, model=True, taxonomy=themes, dates=dates
        )
        notes: list[str] = []
        table = views.trends(
            analysis, what=what.value, by=by.value, notes=notes, top=top or None, labels=labels
        )
        _emit(analysis, table, inputs, out, notes)


@app.command()
@bundled
def diff(
    since: Annotated[
        str, typer.Option("--since", help="First day (YYYY-MM-DD) of the later period.")
    ],
    until: Annotated[
        str | None, typer.Option("--until", help="Last day of the later period (inclusive).")
    ] = None,
    what: Annotated[What, typer.Option("--what", help="What to compare.")] = What.ENTITIES,
    top: TopOpt = None,
    label: LabelOpt = None,
    *,
    inputs: Inputs,
    out: Output,
    nlp: Nlp,
) -> None:
    """What rose or fell between two periods, with log-likelihood (G²) keyness."""
    from chipwatch import views

    with _errors(inputs.debug):
        views.window(since, until)  # a bad date is a usage error before any work
        labels = views.entity_labels(label, what=what.value)
        need = views.need_for("diff", what.value)
        themes = what is What.THEMES
        analysis = _analyze(
            inputs, settings_for(inputs, nlp), need, out=out, model=True, taxonomy=themes
        )
        notes: list[str] = []
        table = views.diff(
            analysis, since=since, until=until, what=what.value, notes=notes, labels=labels
        )
        _emit(analysis, table, inputs, out, notes, top=top)


@app.command("report")
@bundled
def report_command(
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE", help="The HTML file (- : stdout).")
    ] = "report.html",
    by: Annotated[Period, typer.Option("--by", help="Bucket for theme shares.")] = Period.MONTH,
    full_paths: Annotated[
        bool, typer.Option("--full-paths", help="Show the command line's paths as typed.")
    ] = False,
    taxonomy: TaxonomyOpt = None,
    gazetteer: GazetteerOpt = None,
    model: ModelOpt = None,
    *,
    inputs: Inputs,
    dates: Dates,
) -> None:
    """One self-contained HTML page: overview, entities, themes, trends, copies, keywords."""
    import sys

    from chipwatch import views
    from chipwatch.files import check_target, write_output

    with _errors(inputs.debug):
        target = check_target(output)
        settings = settings_for(inputs, model=model, gazetteer=gazetteer, taxonomy=taxonomy)
        need = views.NEEDS["report"]
        analysis = _analyze(inputs, settings, need, model=True, taxonomy=True, dates=dates)
        command = shown_command(sys.argv[1:], full=full_paths)
        html = views.report(analysis, command=command, by=by.value)
        sources = [source.path for source in analysis.sources if source.path is not None]
        write_output(target or Path("-"), html, inputs=sources)
        if target is not None:
            typer.echo(f"chipwatch: wrote {output} ({len(html.encode()) // 1024} KB)", err=True)
        _summary(analysis, inputs)


app.add_typer(cache_app, name="cache")


decorate(app)  # short lines, examples and placeholders for --help


def _version(value: bool) -> None:
    if value:
        typer.echo(f"chipwatch {VERSION}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Clean scraped news dumps and find their entities, keywords and themes."""


def main() -> None:
    """Console-script entry point: quiet on a closed pipe, 130 on Ctrl-C or SIGTERM."""
    if hasattr(signal, "SIGPIPE"):
        # As csvkit does: `chipwatch … | head` ends quietly instead of a BrokenPipeError.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # SIGTERM takes the same path as Ctrl-C: temporary files are removed, exit code 130.
    signal.signal(signal.SIGTERM, _interrupt)
    # A run keeps most of what it allocates to the end (documents, mentions): collecting
    # the young generation every 700 allocations finds little garbage and, on a warm
    # rerun, took a fifth of the time. What the imports made is never collected.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    app()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
