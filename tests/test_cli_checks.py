"""Options checked before any work, and the filters every analysis command takes:
--since/--until, --top, --label, kwic's exit codes, diff's empty periods."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chipwatch.cli import app

runner = CliRunner()
CHIPWATCH = str(Path(sys.executable).parent / "chipwatch")
TEXT = (
    "Chips news {n}\n\nPublished: 2025-{n:02d}-10\n\n"
    "Nvidia and Huawei compete in China. SMIC makes chips for Huawei in Shanghai. "
    "The United States limits exports of advanced chips to China.\n"
)


@pytest.fixture(autouse=True)
def _model_loaded(nlp: object) -> None:
    """Load the real model once for the whole session before CLI tests use it."""


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Three pages dated January, February and April 2025, and one undated page."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in (1, 2, 4):
        (folder / f"a{n}.txt").write_text(TEXT.format(n=n))
    (folder / "u.txt").write_text("Undated\n\nIntel builds a plant in Ohio.\n")
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHIPWATCH, *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["diff", "--since", "2019-13-01"], "--since 2019-13-01: not a date"),
        (["diff", "--since", "2025-03-01", "--until", "2025-01-01"], "is before --since"),
        (["docs", "--until", "yesterday"], "--until yesterday: not a date"),
        (["quotes", "--since", "2025-13-01"], "--since 2025-13-01: not a date"),
        (["entities", "--label", "FOO"], "PERSON"),
        (["trends", "--label", "ORG,NOPE"], "--label NOPE"),
        (["kwic", "  "], "search term is empty"),
        (["trends", "--what", "themes", "--label", "ORG"], "--label works with --what entities"),
    ],
)
def test_bad_options_fail_at_once_in_the_installed_script(
    corpus: Path, args: list[str], says: str
) -> None:
    """A usage error is found before any file is read: fast, exit 2, one line."""
    started = time.monotonic()
    proc = script(*args, str(corpus))
    assert proc.returncode == 2, proc.stderr
    assert says in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "processed" not in proc.stderr  # nothing was read
    assert time.monotonic() - started < 20  # no model was loaded to find out


def test_label_comma_lists_and_any_case(corpus: Path) -> None:
    code, out, err = run("entities", str(corpus), "--label", "org,GPE", "--csv")
    assert code == 0, err
    assert {r["label"] for r in rows(out)} == {"ORG", "GPE"}
    code, out2, _ = run("entities", str(corpus), "-l", "ORG", "-l", "GPE", "--csv")
    assert out2 == out


def test_kwic_exit_codes_follow_grep(corpus: Path) -> None:
    code, out, err = run("kwic", "Huawei", str(corpus), "--csv", "--top", "2")
    assert code == 0 and len(rows(out)) == 2
    code, out, err = run("kwic", "Qualcomm", str(corpus), "--csv")
    assert code == 1 and rows(out) == [] and "no match for 'Qualcomm'" in err
    code, _, err = run("kwic", "Qualcomm", str(corpus), "--csv", "--quiet")
    assert code == 1 and err == ""


def test_since_until_on_analysis_commands(corpus: Path) -> None:
    code, out, err = run("docs", str(corpus), "--since", "2025-02-01", "--csv")
    assert code == 0, err
    assert [r["file"] for r in rows(out)] == ["a2.txt", "a4.txt"]
    assert "2 document(s) outside --since 2025-02-01 or undated left out" in err
    code, out, _ = run("entities", str(corpus), "--until", "2025-01-31", "--csv")
    huawei = [r for r in rows(out) if r["entity"] == "Huawei"]
    assert code == 0 and huawei[0]["docs"] == "1"
    code, _, err = run("docs", str(corpus), "--since", "2030-01-01", "--csv")
    assert code == 1 and "no document was published in the period" in err


def test_diff_names_the_empty_side(corpus: Path) -> None:
    code, out, err = run("diff", str(corpus), "--since", "2030-01-01", "--csv")
    assert code == 1 and out == ""
    assert "the later period is empty" in err
    code, _, err = run("diff", str(corpus), "--since", "2020-01-01", "--csv")
    assert code == 1 and "the earlier period is empty" in err
    code, out, err = run(
        "diff", str(corpus), "--since", "2025-02-01", "--label", "GPE", "--top", "1", "--csv"
    )
    assert code == 0, err
    assert len(rows(out)) == 1


def test_trends_top_per_period_labels_and_empty_periods(corpus: Path) -> None:
    code, out, err = run("trends", str(corpus), "--top", "2", "--label", "ORG", "--csv")
    assert code == 0, err
    table = rows(out)
    assert [r["period"] for r in table] == ["2025-01"] * 2 + ["2025-02"] * 2 + [
        "2025-03",
        "2025-04",
        "2025-04",
    ]
    gap = table[4]
    assert (gap["item"], gap["count"], gap["period_docs"]) == ("", "0", "0")
    assert {r["item"] for r in table if r["item"]} <= {"Huawei", "Nvidia", "SMIC"}


def test_top_on_docs_and_dups(corpus: Path) -> None:
    code, out, _ = run("docs", str(corpus), "--top", "1", "--csv")
    assert code == 0 and len(rows(out)) == 1
    code, out, _ = run("dups", str(corpus), "--top", "1", "--csv")
    assert code == 0 and {r["cluster"] for r in rows(out)} == {"1"}
