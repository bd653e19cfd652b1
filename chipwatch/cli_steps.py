"""The steps every ``chipwatch`` command shares: one analysis under a progress bar, the
table out, the summary on stderr, and library errors turned into one-line messages with
the exit codes of ``errors.ExitCode`` (tracebacks only with ``--debug``)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer

from chipwatch import timings
from chipwatch.errors import ChipwatchError, ExitCode
from chipwatch.output import Layout

if TYPE_CHECKING:
    import pandas as pd

    from chipwatch.config import Settings
    from chipwatch.options import Dates, Inputs, Output
    from chipwatch.pipeline import Analysis, Need
    from chipwatch.table import Table

__all__ = [
    "analyze_inputs",
    "destination",
    "emit",
    "errors",
    "fail",
    "shown_command",
    "summary",
]


@contextlib.contextmanager
def errors(debug: bool) -> Iterator[None]:
    """Map library errors to one-line messages and exit codes; tracebacks only with --debug."""
    from chipwatch.output import end_phase

    try:
        yield
    except ChipwatchError as exc:
        end_phase()
        if debug:
            raise
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        end_phase()
        # Outputs are written atomically: the files already written are whole, the
        # others not written at all.
        fail(
            "interrupted. No file was left half-written (those already written are "
            "complete); run the command again.",
            ExitCode.INTERRUPTED,
        )
    finally:
        end_phase()


def fail(message: str, code: ExitCode, *, quiet: bool = False) -> None:
    """Exit with ``code``; an error says why on stderr, a no-match (``quiet``) need not."""
    from chipwatch.output import safe_text

    if code is ExitCode.ERROR and message.startswith("no match"):
        if not quiet:
            typer.echo(f"chipwatch: {safe_text(message)}", err=True)
    else:
        typer.echo(f"chipwatch: error: {safe_text(message)}", err=True)
    raise typer.Exit(int(code))


def analyze_inputs(
    inputs: Inputs,
    settings: Settings,
    need: Need,
    *,
    out: Output | None = None,
    model: bool = False,
    taxonomy: bool = False,
    dates: Dates | None = None,
) -> Analysis:
    """Check the options (the output format too), then do the per-document work under a
    progress bar; stop (exit 1) if nothing was processed.

    With a period (``--since``/``--until``) the documents are cleaned first (their dates
    come from the cleaned page), and only those published in the period are parsed."""
    timings.start()
    if out is not None:
        _ = out.chosen()  # two formats asked for, -o naming a folder: said before any work
    period = dates.window if dates is not None else None
    paths = input_paths(inputs)  # a missing --files-from list: said before any work
    from chipwatch.output import progress_reporter, start_phase
    from chipwatch.pipeline import Need, analyze, check_settings
    from chipwatch.views import in_window, on_beat, relevance_need, require_documents

    need, model = relevance_need(settings, need), model or settings.min_relevance is not None
    check_settings(settings, model=model, taxonomy=taxonomy)
    with progress_reporter(enabled=not inputs.quiet) as update:
        first = need if period is None else Need(clean=True)
        analysis = analyze(paths, settings=settings, need=first, progress=update)
        if period is not None and analysis.processed:
            dated = in_window(analysis, period)
            analysis = analyze(None, settings=settings, need=need, progress=update, previous=dated)
    if not analysis.processed:
        summary(analysis, inputs)
    require_documents(analysis)
    start_phase("scoring and writing the results", enabled=not inputs.quiet)
    return on_beat(analysis)


def stdin_is_piped() -> bool:
    """True when standard input is a pipe, a file or a socket (``cat x | chipwatch``,
    ``< x``), not a terminal or ``/dev/null``: ripgrep's rule for reading it unasked."""
    import os
    import stat

    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return False  # closed, or replaced by an object without a descriptor
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)


def input_paths(inputs: Inputs) -> list[str] | None:
    """The PATHs to read: those given, those ``--files-from`` lists, else standard input
    when it is piped; None leaves the choice to the library (the sample corpus).

    Raises:
        UsageError: the ``--files-from`` list cannot be read.
    """
    from chipwatch.errors import UsageError

    paths = list(inputs.paths or [])
    if inputs.files_from is not None:
        try:
            if inputs.files_from == "-":
                text = sys.stdin.read()
            else:
                with open(inputs.files_from, encoding="utf-8", errors="surrogateescape") as f:
                    text = f.read()
        except OSError as exc:
            raise UsageError(
                f"--files-from {inputs.files_from}: cannot read: {exc.strerror or exc}."
            ) from None
        paths += [line.rstrip("\r") for line in text.split("\n") if line.strip()]
        if not paths:
            raise UsageError(f"--files-from {inputs.files_from}: the list names no file.")
    elif not paths and stdin_is_piped():
        paths = ["-"]
    return paths or None


def summary(analysis: Analysis, inputs: Inputs, notes: list[str] | None = None) -> None:
    """Skips, warnings and the summary line on stderr; exit 1 if a document failed."""
    from chipwatch.output import end_phase, write_summary
    from chipwatch.views import write_run_report

    end_phase()
    if inputs.report is not None:
        write_run_report(analysis, inputs.report)
    if inputs.debug:
        for error in analysis.errors:
            typer.echo(
                f"chipwatch: {error.name}:\n{analysis.tracebacks.get(error.name, '')}", err=True
            )
    write_summary(
        sys.stderr,
        processed=len(analysis.processed),
        skips=analysis.skips,
        quiet=inputs.quiet,
        warnings=[*analysis.warnings, *(notes or [])],
        errors=analysis.errors,
    )
    timings.report()
    if analysis.errors:
        raise typer.Exit(int(ExitCode.ERROR))


def emit(
    analysis: Analysis,
    frame: Table | pd.DataFrame,
    inputs: Inputs,
    out: Output,
    notes: list[str] | None = None,
    *,
    top: int | None = None,
    lines: bool = False,
) -> None:
    """The table out (its first ``top`` rows) to stdout or ``-o``, then the summary on
    stderr. ``lines``: in the table format, keyword-in-context lines instead of a box."""
    from chipwatch.output import Format, end_phase, render, render_kwic

    if top is not None:
        frame = frame.head(top)
    fmt = out.chosen()
    end_phase()
    with timings.phase("render"), destination(out, analysis) as stream:
        if lines and fmt is Format.TABLE and out.layout == Layout():
            render_kwic(frame, stream=stream)
        else:
            render(frame, fmt, stream=stream, layout=out.layout)
    summary(analysis, inputs, notes)


@contextlib.contextmanager
def destination(out: Output, analysis: Analysis | None = None) -> Iterator[IO[str]]:
    """Where a command's data goes: stdout, or the ``-o`` file, written atomically once
    the command has finished (never over one of the analysis' inputs)."""
    target = out.target
    if target is None:
        yield sys.stdout
        return
    from chipwatch.files import write_output

    buffer = io.StringIO()
    yield buffer
    sources = analysis.sources if analysis is not None else ()
    write_output(target, buffer.getvalue(), inputs=[s.path for s in sources if s.path])


# --- commands -----------------------------------------------------------------------------------


def shown_command(argv: Sequence[str], *, full: bool = False) -> str:
    """The command line as a shared report shows it: a path argument is written relative
    to the working folder when inside it, else as ``…/`` and its last part, so the page
    does not carry the user's folders (``full``: every argument as typed)."""
    import shlex

    def shown(arg: str) -> str:
        if full or arg.startswith("-") or not os.path.isabs(arg):
            return arg
        path = Path(arg)
        try:
            return str(path.relative_to(Path.cwd())) or "."
        except ValueError:
            return f"…/{path.name}" if path.name else arg

    def quoted(arg: str) -> str:
        return arg if _PLAIN_ARG.fullmatch(arg) else shlex.quote(arg)

    return " ".join(quoted(shown(arg)) for arg in ["chipwatch", *argv])


#: An argument a shell reads as it is, with no quotes.
_PLAIN_ARG = re.compile(r"[\w@%+=:,./…~-]+")
