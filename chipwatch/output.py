"""Render results: Rich tables for people, csv / json / jsonl for pipes.

The only module that imports Rich. stdout carries data and nothing else; warnings,
skips and summaries go to a second console on stderr. Text from scraped pages is
treated as hostile: control and escape sequences are removed before anything reaches
a terminal, and Rich markup in data is never interpreted.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any, cast

from chipwatch.errors import UsageError
from chipwatch.models import LIST_COLUMNS, LIST_SEPARATOR, SHARE, CleanDocument, Skip
from chipwatch.table import Table, as_table

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console
    from rich.text import Text


class Format(StrEnum):
    """Output formats every command accepts."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"


@dataclass(frozen=True)
class Layout:
    """How a table is written, beyond its format.

    Attributes:
        header: write the header row (csv, tsv, table).
        columns: only these columns, in this order (None: all).
        excel: neutralise cells a spreadsheet would run as formulas (csv, tsv).
    """

    header: bool = True
    columns: tuple[str, ...] | None = None
    excel: bool = False


#: A console this wide never wraps a table written to a pipe or a file.
_NO_WRAP = 100_000


# ESC and other C0/C1 controls except tab/newline: a scraped page must not be able to
# move the cursor, retitle the terminal or hide text.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Spreadsheets execute cells that start with these; a leading quote neutralises them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def default_format(stream: IO[str] | None = None) -> Format:
    """``table`` when writing to a terminal, ``csv`` when piped."""
    stream = stream or sys.stdout
    return Format.TABLE if stream.isatty() else Format.CSV


#: File extensions that name a format (``-o table.tsv``).
_SUFFIXES = {
    ".csv": Format.CSV,
    ".tsv": Format.TSV,
    ".tab": Format.TSV,
    ".json": Format.JSON,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".txt": Format.TABLE,
}


def format_for(path: os.PathLike[str] | str) -> Format:
    """The format a file name's extension asks for (csv when it names none)."""
    return _SUFFIXES.get(os.path.splitext(str(path))[1].lower(), Format.CSV)


def _no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def stderr_console() -> Console:
    """The console for warnings and summaries (never stdout)."""
    from rich.console import Console

    return Console(stderr=True, no_color=_no_color(), highlight=False, soft_wrap=True)


def stdout_console() -> Console:
    from rich.console import Console

    return Console(no_color=_no_color(), highlight=False)


def safe_text(value: str) -> str:
    """Strip control characters so scraped text cannot drive the terminal."""
    return _UNSAFE.sub("", value)


def csv_cell(value: Any, *, excel: bool = True) -> Any:
    """A CSV cell, with line breaks as ``\\n``; with ``excel``, neutralised against
    formula injection (``=cmd()``, ``+``, ``@``…) by a leading quote."""
    if not isinstance(value, str):
        return value
    if (
        excel
        and value.startswith(_FORMULA_START)
        and not (
            # A lone "-" is the stdin file name, and negative numbers are data, not formulas.
            value == "-" or re.fullmatch(r"-\d+(\.\d+)?", value)
        )
    ):
        value = "'" + value
    # Line breaks are written as \n: the csv module would leave a bare CR unquoted and a
    # reader would split the row there.
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def _plain(value: Any) -> Any:
    """Convert pandas/numpy scalars and lists to JSON-ready Python values."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(frame: Table | pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts in column order (what json/jsonl output contains)."""
    table = as_table(frame)
    columns = table.columns
    return [{col: _plain(val) for col, val in zip(columns, row, strict=True)} for row in table.rows]


def _cell_text(column: str, value: Any) -> str:
    value = _plain(value)
    if column in LIST_COLUMNS and isinstance(value, list):
        # People read a comma list more easily; CSV keeps the "|" contract.
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1 else f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _flat(value: Any) -> Any:
    return LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list) else value


def write_csv(frame: Table | pd.DataFrame, stream: IO[str], layout: Layout = Layout()) -> None:
    frame = as_table(frame)
    writer = csv.writer(stream, lineterminator="\n")
    if layout.header:
        writer.writerow(list(frame.columns))
    excel = layout.excel
    for row in frame.rows:
        writer.writerow([_csv_value(v, excel) for v in row])


def _csv_value(value: Any, excel: bool) -> Any:
    """One value as a CSV cell (plain strings and numbers, the usual case, go straight)."""
    kind = type(value)
    if kind is int or (kind is str and not excel and "\r" not in value):
        return value
    return csv_cell(_flat(_plain(value)), excel=excel)


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_cell(value: Any, *, excel: bool = False) -> str:
    """A TSV cell: tab, newline, carriage return and backslash written as ``\\t``,
    ``\\n``, ``\\r``, ``\\\\`` (as PostgreSQL's text format and ``mlr --tsv`` do)."""
    value = _plain(value)
    if value is None:
        return ""
    text = str(csv_cell(str(value)) if excel else value)
    return text.translate(_TSV_ESCAPES)


def write_tsv(frame: Table | pd.DataFrame, stream: IO[str], layout: Layout = Layout()) -> None:
    frame = as_table(frame)
    if layout.header:
        stream.write("\t".join(tsv_cell(c) for c in frame.columns) + "\n")
    for row in records(frame):
        stream.write("\t".join(tsv_cell(_flat(v), excel=layout.excel) for v in row.values()))
        stream.write("\n")


def select_columns(frame: Table | pd.DataFrame, columns: Sequence[str] | None) -> Table:
    """Only ``columns`` of ``frame``, in that order (all when None).

    Raises:
        UsageError: a column the table does not have; the message lists those it has.
    """
    frame = as_table(frame)
    if not columns:
        return frame
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise UsageError(
            f"--columns {','.join(missing)}: no such column. This table has: "
            f"{','.join(map(str, frame.columns))}."
        )
    return frame.select(columns)


def write_table(
    frame: Table | pd.DataFrame,
    console: Console,
    *,
    title: str | None = None,
    header: bool = True,
) -> None:
    from rich.table import Table as RichTable

    frame = as_table(frame)
    table = RichTable(title=title, show_lines=False, header_style="bold", show_header=header)
    for column in frame.columns:
        numeric = frame.is_numeric(column)
        table.add_column(str(column), justify="right" if numeric else "left", overflow="fold")
    for row in records(frame):
        # Text objects, not strings: Rich markup inside scraped data is shown literally.
        table.add_row(*(_table_cell(c, v) for c, v in row.items()))
    console.print(table)


#: Columns that are a share of 1; a table shows them with a bar, pipes get the number.
_BAR_COLUMNS = frozenset({SHARE})
_BAR_WIDTH = 10


def _table_cell(column: str, value: Any) -> Text:
    from rich.text import Text

    text = safe_text(_cell_text(column, value))
    if column in _BAR_COLUMNS and isinstance(value, (int, float)) and 0 <= value <= 1:
        filled = round(float(value) * _BAR_WIDTH)
        cell = Text("█" * filled + "·" * (_BAR_WIDTH - filled) + " ", style="cyan")
        cell.append(f"{float(value):.2f}")
        return cell
    return Text(text)


def _console_for(stream: IO[str]) -> Console:
    """A terminal's own console; elsewhere (a pipe, a file) one that never wraps."""
    if stream is sys.stdout and stream.isatty():
        return stdout_console()
    from rich.console import Console

    return Console(file=stream, no_color=True, highlight=False, width=_NO_WRAP)


def render(
    frame: Table | pd.DataFrame,
    fmt: Format,
    *,
    title: str | None = None,
    stream: IO[str] | None = None,
    layout: Layout = Layout(),
) -> None:
    """Write ``frame`` to stdout (or ``stream``) in ``fmt``.

    Raises:
        UsageError: ``layout`` asks for a column the table does not have.
    """
    stream = stream or sys.stdout
    frame = select_columns(frame, layout.columns)
    if fmt is Format.TABLE:
        write_table(frame, _console_for(stream), title=title, header=layout.header)
    elif fmt is Format.CSV:
        write_csv(frame, stream, layout)
    elif fmt is Format.TSV:
        write_tsv(frame, stream, layout)
    elif fmt is Format.JSON:
        json.dump(records(frame), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    else:
        for row in records(frame):
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    stream.flush()


def render_clean_text(
    docs: Iterable[CleanDocument], *, stream: IO[str] | None = None, labelled: bool = True
) -> None:
    """Print cleaned text, one paragraph per line; label documents when there are several.

    On a terminal each document gets a rule with its name; in a pipe a ``==> name <==``
    header (as ``head`` and ``tail`` print) so the stream stays plain text.
    """
    stream = stream or sys.stdout
    console = stdout_console() if stream is sys.stdout and stream.isatty() else None
    for i, doc in enumerate(docs):
        if console is not None:
            from rich.text import Text

            if labelled:
                console.rule(Text(safe_text(doc.name)))
            console.print(Text(safe_text(doc.text)), soft_wrap=True)
            continue
        if labelled:
            stream.write(("\n" if i else "") + f"==> {safe_text(doc.name)} <==\n")
        stream.write(safe_text(doc.text) + "\n")
    stream.flush()


def render_kwic(frame: Table | pd.DataFrame, *, stream: IO[str] | None = None) -> None:
    """Keyword-in-context lines for a terminal: left context right-aligned, so every
    match starts in the same column, with file and line in front."""
    from rich.table import Table
    from rich.text import Text

    stream = stream or sys.stdout
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    rows = records(frame)
    widest_file = max((len(safe_text(str(r["file"]))) for r in rows), default=4)
    table.add_column("file", no_wrap=True, min_width=widest_file)
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("left", justify="right", no_wrap=True, overflow="ellipsis")
    table.add_column("match", no_wrap=True)
    table.add_column("right", no_wrap=True, overflow="ellipsis")
    for row in rows:
        cells = [Text(safe_text(str(row[c]))) for c in ("file", "line", "left", "match", "right")]
        cells[3].stylize("bold")
        table.add_row(*cells)
    _console_for(stream).print(table)


@contextlib.contextmanager
def progress_reporter(*, enabled: bool = True) -> Iterator[Callable[[int, int, int], None] | None]:
    """A progress bar on stderr (documents, words/s, time left) while work runs.

    Yields an update callback, or ``None`` when stderr is not a terminal or progress is
    off, so piped and logged runs stay clean. The bar removes itself when done.
    """
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    started = time.monotonic()
    words = 0
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=stderr_console(),
        transient=True,
    ) as bar:
        # Reading, decoding and fitting the cleaner come first and report no count.
        task = bar.add_task("reading and cleaning", total=None, rate="")

        def update(done: int, total: int, doc_words: int) -> None:
            nonlocal words, started
            if not words and done <= 1:
                started = time.monotonic()  # the rate and time left measure this phase only
            words += doc_words
            elapsed = max(time.monotonic() - started, 1e-6)
            bar.update(
                task,
                description="parsing documents",
                completed=done,
                total=total,
                rate=f"{words / elapsed:,.0f} words/s",
            )

        yield update


class _Phase:
    """The one "still working" line on stderr between the parsing and the output."""

    status: Any = None


def start_phase(label: str, *, enabled: bool = True) -> None:
    """Show ``label`` with a spinner on stderr (a terminal only) until :func:`end_phase`:
    scoring keywords and themes takes seconds on a large corpus, after the bar is gone."""
    end_phase()
    if not enabled or not sys.stderr.isatty():
        return
    _Phase.status = stderr_console().status(label)
    _Phase.status.start()


def end_phase() -> None:
    """Remove the spinner of :func:`start_phase`, if one is shown."""
    if _Phase.status is not None:
        _Phase.status.stop()
        _Phase.status = None


def write_summary(
    console: Console | IO[str],
    *,
    processed: int,
    skips: Sequence[Skip],
    quiet: bool = False,
    warnings: Sequence[str] = (),
    errors: Sequence[Skip] = (),
) -> None:
    """Warn about each skipped input and error, then one summary line (last on stderr).

    ``console`` is a Rich console or a plain stream (``sys.stderr``): these lines carry
    no styles, so a stream gets what a console would print without importing Rich.
    """
    for warning in warnings:
        _say(console, f"chipwatch: warning: {safe_text(warning)}")
    for error in errors:
        _say(
            console,
            f"chipwatch: error: {safe_text(error.name)}: {safe_text(error.detail)}. "
            "The other files were processed; rerun with --debug to see more.",
        )
    for skip in skips:
        _say(
            console,
            f"chipwatch: warning: {safe_text(skip.name)}: skipped ({skip.reason}): {skip.detail}.",
        )
    if quiet and not skips and not errors:
        return
    counts: dict[str, int] = {}
    for skip in skips:
        counts[skip.reason] = counts.get(skip.reason, 0) + 1
    by_reason = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
    skipped = f"{len(skips)} skipped" + (f" ({by_reason})" if by_reason else "")
    _say(console, f"chipwatch: {processed} processed, {skipped}, {len(errors)} errors")


def _say(out: Console | IO[str], message: str) -> None:
    """One message as a line: printed literally by a Rich console (never as markup), or
    written to a stream as such a console writes it (tabs expanded to 8 columns)."""
    if hasattr(out, "print"):
        from rich.text import Text

        cast("Console", out).print(Text(message))
        return
    out.write(message.expandtabs(8) + "\n")
    out.flush()


def to_string(frame: Table | pd.DataFrame, fmt: Format, layout: Layout = Layout()) -> str:
    """Render to a string (used by tests and the library's callers)."""
    buffer = io.StringIO()
    render(frame, fmt, stream=buffer, layout=layout)
    return buffer.getvalue()
