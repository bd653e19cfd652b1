"""Where and how tables are written: -o/--output on every table command, tsv,
--no-header, --columns, --excel, and tables into a pipe that do not wrap."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chipwatch.cli import app

runner = CliRunner()
CHIPWATCH = str(Path(sys.executable).parent / "chipwatch")
PAGE = (
    "A very long headline about Nvidia and Huawei that would never fit in eighty columns\n\n"
    "Published: 2025-03-10\n\n"
    "Nvidia and Huawei compete in China. SMIC makes chips for Huawei in Shanghai.\n"
    "=SUM(A1) is what the scraper left here, and @handle too.\n"
)


@pytest.fixture(autouse=True)
def _model_loaded(nlp: object) -> None:
    """Load the real model once for the whole session before CLI tests use it."""


@pytest.fixture()
def page(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "page.txt"
    path.parent.mkdir()
    path.write_text(PAGE)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def script(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHIPWATCH, *args], capture_output=True, text=True, check=False, cwd=cwd)


def test_output_file_takes_its_format_from_the_extension(page: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "ents.json"
    code, out, err = run("entities", str(page), "-o", str(target))
    assert code == 0, err
    assert out == ""
    assert {"Nvidia", "Huawei"} <= {r["entity"] for r in json.loads(target.read_text())}
    code, out, _ = run("docs", str(page), "--output", "-", "--format", "jsonl")
    assert code == 0 and json.loads(out.splitlines()[0])["file"] == str(page)
    code, _, _ = run("dups", str(page), "-o", str(tmp_path / "d.tsv"), "--singletons")
    assert code == 0 and (tmp_path / "d.tsv").read_text().startswith("cluster\tfile\t")


def test_output_never_overwrites_an_input(page: Path) -> None:
    code, _, err = run("entities", str(page), "-o", str(page))
    assert code == 1 and "would overwrite an input file" in err
    assert page.read_text() == PAGE


def test_output_folder_is_refused_before_any_work(page: Path, tmp_path: Path) -> None:
    for value in (str(tmp_path), str(tmp_path / "new") + "/"):
        proc = script("entities", str(page), "-o", value)
        assert proc.returncode == 2, proc.stderr
        assert "names a folder" in proc.stderr and "processed" not in proc.stderr
    assert not (tmp_path / "new").exists()


def test_report_to_stdout(page: Path, tmp_path: Path) -> None:
    proc = script("report", str(page), "-o", "-", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("<!DOCTYPE html>") and not (tmp_path / "-").exists()


def test_tsv_no_header_and_columns(page: Path) -> None:
    code, out, err = run(
        "docs", str(page), "--format", "tsv", "--no-header", "--columns", "published,file"
    )
    assert code == 0, err
    assert out == f"2025-03-10\t{page}\n"
    code, _, err = run("docs", str(page), "--columns", "file,nope")
    assert code == 2 and "no such column" in err and "words_raw" in err


def test_formula_escaping_only_with_excel(page: Path) -> None:
    args = ("kwic", "scraper", str(page), "--width", "100", "--columns", "left", "--no-header")
    code, out, err = run(*args, "--csv")
    assert code == 0, err
    assert out == "=SUM(A1) is what the\n"  # data for a pipe is left as it is
    for fmt in ("csv", "tsv"):
        code, out, _ = run(*args, "--format", fmt, "--excel")
        assert out == "'=SUM(A1) is what the\n"  # made safe for a spreadsheet


def test_table_into_a_pipe_does_not_wrap(page: Path) -> None:
    proc = script("docs", str(page), "--format", "table")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 5  # top rule, header, rule, one row, bottom rule
    assert "published" in lines[1] and "2025-03-10" in lines[3]
    assert "eighty columns" in lines[3]
