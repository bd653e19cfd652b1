"""Rendering: every format, list fields, formula and terminal-escape safety."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from rich.console import Console

from chipwatch.errors import UsageError
from chipwatch.models import CleanDocument, Document, Skip
from chipwatch.output import (
    Format,
    Layout,
    csv_cell,
    render_clean_text,
    safe_text,
    to_string,
    write_summary,
    write_table,
)


@pytest.fixture()
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"entity": "Nvidia", "label": "ORG", "mentions": 3, "aliases": ["NVIDIA", "Nvidia’s"]},
            {"entity": '=HYPERLINK("x")', "label": "ORG", "mentions": 1, "aliases": ["@a"]},
        ]
    )


def test_csv_joins_lists_and_neutralises_formulas(frame: pd.DataFrame) -> None:
    rows = list(csv.reader(io.StringIO(to_string(frame, Format.CSV, Layout(excel=True)))))
    assert rows[0] == ["entity", "label", "mentions", "aliases"]
    assert rows[1] == ["Nvidia", "ORG", "3", "NVIDIA|Nvidia’s"]
    assert rows[2][0] == '\'=HYPERLINK("x")' and rows[2][3] == "'@a"
    # For pipes into other tools (the default) cells are written as they are.
    plain = list(csv.reader(io.StringIO(to_string(frame, Format.CSV))))
    assert plain[2][0] == '=HYPERLINK("x")' and plain[2][3] == "@a"


def test_tsv_escapes_tabs_and_breaks_and_layout_options(frame: pd.DataFrame) -> None:
    frame = frame.assign(entity=["a\tb", "c\nd\\"])
    text = to_string(frame, Format.TSV, Layout(header=False, columns=("label", "entity")))
    assert text == "ORG\ta\\tb\nORG\tc\\nd\\\\\n"
    with pytest.raises(UsageError, match="--columns nope: no such column"):
        to_string(frame, Format.CSV, Layout(columns=("nope",)))


def test_table_to_a_file_or_pipe_never_wraps() -> None:
    wide = pd.DataFrame([{"published": "2025-01-19", "title": "word " * 40}])
    lines = to_string(wide, Format.TABLE).splitlines()
    assert "published" in lines[1] and len(lines) == 5


@pytest.mark.parametrize("value", ["=1+1", "+1", "@SUM(A1)", "-cmd", "\tx"])
def test_csv_cell_neutralises(value: str) -> None:
    assert csv_cell(value) == "'" + value


def test_csv_cell_carriage_return() -> None:
    assert csv_cell("\rx") == "'\nx"


@pytest.mark.parametrize("value", ["-", "-3", "-0.5", "Nvidia", 5])
def test_csv_cell_leaves_data_alone(value: object) -> None:
    assert csv_cell(value) == value


def test_json_and_jsonl_keep_types(frame: pd.DataFrame) -> None:
    data = json.loads(to_string(frame, Format.JSON))
    assert data[0] == {
        "entity": "Nvidia",
        "label": "ORG",
        "mentions": 3,
        "aliases": ["NVIDIA", "Nvidia’s"],
    }
    lines = to_string(frame, Format.JSONL).splitlines()
    assert [json.loads(line)["mentions"] for line in lines] == [3, 1]


def test_table_escapes_markup_and_controls() -> None:
    frame = pd.DataFrame([{"text": "[bold red]x[/] \x1b]0;pwned\x07 done"}])
    buffer = io.StringIO()
    write_table(frame, Console(file=buffer, width=120, no_color=True))
    out = buffer.getvalue()
    assert "[bold red]x[/]" in out and "\x1b" not in out and "\x07" not in out


def test_safe_text() -> None:
    assert safe_text("a\x1b[2Jb\tc\n") == "a[2Jb\tc\n"


def test_clean_text_labels_documents_in_a_pipe() -> None:
    docs = [
        CleanDocument(Document("a.txt", "x"), lines=("Title A", "Body A")),
        CleanDocument(Document("b.txt", "y"), lines=("Title B",)),
    ]
    buffer = io.StringIO()
    render_clean_text(docs, stream=buffer)
    assert buffer.getvalue() == "==> a.txt <==\nTitle A\nBody A\n\n==> b.txt <==\nTitle B\n"


def test_summary_is_last_and_counts_reasons() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, no_color=True, width=200)
    skips = [Skip("e.txt", "empty", "file is empty"), Skip("b.bin", "binary", "binary")]
    write_summary(console, processed=3, skips=skips)
    lines = buffer.getvalue().splitlines()
    assert lines[0] == "chipwatch: warning: e.txt: skipped (empty): file is empty."
    assert lines[-1] == "chipwatch: 3 processed, 2 skipped (1 binary, 1 empty), 0 errors"
