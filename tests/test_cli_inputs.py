"""Inputs as ripgrep, jq and trafilatura users expect them: standard input read when it
is piped and no PATH is given, --glob on relative paths (repeatable) with --exclude,
--files-from, and JSON Lines / CSV files of scraped pages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chipwatch.cli import app
from chipwatch.globs import Globs

runner = CliRunner()
CHIPWATCH = str(Path(sys.executable).parent / "chipwatch")


@pytest.fixture(autouse=True)
def _model_loaded(nlp: object) -> None:
    """Load the real model once for the whole session before CLI tests use it."""


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    for rel, text in {
        "a.txt": "Nvidia sells chips to China.",
        "sub/b.txt": "Huawei builds phones in Shenzhen.",
        "sub/deep/c.txt": "SMIC makes wafers in Shanghai.",
        "drafts/d.txt": "Intel drafts a plan in Ohio.",
        "sub/n.md": "TSMC expands in Arizona.",
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n")
    return root


def files(*args: str) -> list[str]:
    result = runner.invoke(app, ["docs", *args, "--csv", "--columns", "file", "--no-header"])
    assert result.exit_code == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    ("pattern", "relative", "taken"),
    [
        ("*.txt", "sub/deep/c.txt", True),
        ("*.txt", "a.txt.gz", True),
        ("sub/*.txt", "sub/b.txt", True),
        ("sub/*.txt", "sub/deep/c.txt", False),
        ("**/*.txt", "a.txt", True),
        ("**/*.txt", "sub/deep/c.txt", True),
        ("sub/**", "sub/deep/c.txt", True),
        ("/a.txt", "sub/a.txt", False),
        ("[ab].txt", "b.txt", True),
        ("[!ab].txt", "b.txt", False),
        ("?.txt", "sub/b.txt", True),
    ],
)
def test_glob_patterns(pattern: str, relative: str, taken: bool) -> None:
    assert Globs.of(pattern).takes(relative) is taken


def test_glob_on_relative_paths_repeatable_with_exclude(tree: Path) -> None:
    assert files(str(tree)) == ["a.txt", "drafts/d.txt", "sub/b.txt", "sub/deep/c.txt"]
    assert files(str(tree), "--glob", "sub/*.txt") == ["sub/b.txt"]
    assert files(str(tree), "-g", "**/*.md", "-g", "sub/**/*.txt") == [
        "sub/b.txt",
        "sub/deep/c.txt",
        "sub/n.md",
    ]
    assert files(str(tree), "--exclude", "drafts", "--exclude", "deep") == ["a.txt", "sub/b.txt"]
    result = runner.invoke(app, ["docs", str(tree), "--glob", "*.zzz", "--exclude", "x"])
    assert result.exit_code == 1 and "no files matching '*.zzz' (excluding x)" in result.stderr


def test_files_from_a_list(tree: Path, tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"{tree / 'a.txt'}\n\n{tree / 'sub' / 'n.md'}\n")
    assert files("--files-from", str(listing)) == [str(tree / "a.txt"), str(tree / "sub/n.md")]
    result = runner.invoke(app, ["docs", "--files-from", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "--files-from" in result.stderr


def test_piped_stdin_is_read_when_no_path_is_given(tree: Path) -> None:
    # Run inside a folder with data/raw: piped text still wins, as with rg and jq.
    (tree / "data" / "raw").mkdir(parents=True)
    (tree / "data" / "raw" / "other.txt").write_text("Samsung makes memory in Korea.\n")
    proc = subprocess.run(
        [CHIPWATCH, "entities", "--json"],
        input="Huawei and SMIC build chips in Shanghai.\n",
        capture_output=True,
        text=True,
        check=False,
        cwd=tree,
    )
    assert proc.returncode == 0, proc.stderr
    assert {"Huawei", "SMIC"} <= {r["entity"] for r in json.loads(proc.stdout)}
    assert "Samsung" not in proc.stdout
    proc = subprocess.run(
        [CHIPWATCH, "docs", "--csv", "--files-from", "-"],
        input=f"{tree / 'a.txt'}\n",
        capture_output=True,
        text=True,
        check=False,
        cwd=tree,
    )
    assert proc.returncode == 0 and str(tree / "a.txt") in proc.stdout


def test_jsonl_and_csv_records_are_documents(tmp_path: Path) -> None:
    pages = tmp_path / "pages.jsonl"
    records = [
        {
            "title": "Nvidia ships its new chips to Taiwan this spring",
            "date": "2025-02-03T10:00:00",
            "url": "https://a.example/1",
            "text": "Nvidia shipped new chips to customers in Taiwan. Jensen Huang spoke.",
            "author": "Ann Lee",
        },
        {"maintext": "Huawei launched a phone with a SMIC chip.", "date_publish": "2025-03-04"},
        {"title": "no text here", "text": ""},
    ]
    pages.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    table = tmp_path / "pages.csv"
    table.write_text('url,title,date,text\nu,T,2025-01-05,"Intel builds a plant in Ohio."\n')
    result = runner.invoke(app, ["docs", str(pages), str(table), "--csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["file"] for r in rows] == [f"{pages}:1", f"{pages}:2", f"{table}:1"]
    assert rows[0]["published"] == "2025-02-03" and rows[0]["author"] == "Ann Lee"
    assert rows[1]["published"] == "2025-03-04"
    assert "skipped (empty)" in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    result = runner.invoke(app, ["docs", str(bad), str(table), "--csv"])
    assert result.exit_code == 0 and "no text column" in result.stderr
