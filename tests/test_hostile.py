"""Hostile input and faults: every file accounted for, nothing lost, nothing leaks.

Uses the shared folder of small bad inputs in ``tests/data`` plus hazards that can only
be made at test time (symlink loops, odd file names, a 2 MB single line).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from chipwatch.clean import Cleaner
from chipwatch.cli import app
from chipwatch.corpus import SKIP_REASONS, Source, find_sources, read_source
from chipwatch.models import Document, Skip
from chipwatch.output import Format, Layout, to_string

from .conftest import SAMPLE_DIR, TEST_DATA

runner = CliRunner()
CHIPWATCH = str(Path(sys.executable).parent / "chipwatch")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture()
def hostile_dir(tmp_path: Path) -> Path:
    """tests/data plus hazards made here: a symlink loop, odd names, a link out of the root."""
    root = tmp_path / "hostile"
    shutil.copytree(TEST_DATA, root)
    (root / "nested").mkdir()
    os.symlink(root, root / "nested" / "loop")
    os.symlink(tmp_path, root / "escape")
    for i, raw in enumerate((b"new\nline.txt", b"bad\xffbyte.txt", b"-dash.txt", b"=cmd().txt")):
        # Different texts: identical lines in several files would be dropped as site chrome.
        Path(os.fsdecode(os.fsencode(root) + b"/" + raw)).write_text(
            f"SMIC and Huawei expanded chip output in China in quarter {i} despite controls.\n"
        )
    return root


def _snapshot(folder: Path) -> dict[str, tuple[int, float]]:
    return {
        str(p): (p.lstat().st_size, p.lstat().st_mtime)
        for p in sorted(folder.rglob("*"))
        if not p.is_dir() or p.is_symlink()
    }


@pytest.mark.parametrize("command", ["clean", "entities", "keywords", "themes"])
def test_every_input_accounted_for_and_inputs_untouched(
    hostile_dir: Path, tmp_path: Path, command: str, nlp: object
) -> None:
    before = _snapshot(hostile_dir)
    report = tmp_path / "report.json"
    result = runner.invoke(app, [command, str(hostile_dir), "--csv", "--report", str(report)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads(report.read_text())
    selected = find_sources([str(hostile_dir)])
    accounted = data["processed"] + [s["file"] for s in data["skipped"]]
    assert sorted(accounted) == sorted(s.name for s in selected)
    assert {s["reason"] for s in data["skipped"]} <= set(SKIP_REASONS)
    assert {"empty", "binary", "corrupt_gzip", "symlink_loop", "outside_root"} <= {
        s["reason"] for s in data["skipped"]
    }
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"chipwatch: {len(data['processed'])} processed, ")
    assert _snapshot(hostile_dir) == before


def test_csv_is_formula_safe_including_file_names(hostile_dir: Path) -> None:
    result = runner.invoke(app, ["clean", str(hostile_dir), "--csv", "--excel"])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["file", "text"]
    for row in rows[1:]:
        assert not any(cell.startswith(FORMULA_START) for cell in row), row
    names = {row[0] for row in rows[1:]}
    assert "'=cmd().txt" in names and "'-dash.txt" in names
    assert "new\\nline.txt" in names and "bad\\xffbyte.txt" in names


def test_terminal_output_never_carries_escapes_or_markup(hostile_dir: Path) -> None:
    page = hostile_dir / "markup_and_escapes.txt"
    for args in (["clean", str(page)], ["entities", str(page), "--format", "table"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    table = runner.invoke(app, ["clean", str(page), "--format", "table"]).stdout
    assert "[bold red]Huawei[/bold red]" in table


def test_two_megabyte_single_line(tmp_path: Path) -> None:
    sentence = "Huawei said that it would expand its chip output as the new rules take effect. "
    page = tmp_path / "long.txt"
    page.write_text("Chip war\n" + sentence * (2_000_000 // len(sentence)) + "\n")
    result = runner.invoke(app, ["clean", str(page), "--json"])
    assert result.exit_code == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert len(row["text"]) > 1_900_000


def test_text_longer_than_one_piece_keeps_entity_offsets(tmp_path: Path) -> None:
    from chipwatch import Corpus, Settings

    paragraph = "Nvidia asked the Commerce Department to approve H20 sales to Alibaba.\n"
    page = tmp_path / "long.txt"
    page.write_text(paragraph * 1800)  # ~125k characters: more than one parse piece
    corpus = Corpus([str(page)], settings=Settings(clean=False))
    text = corpus.documents[0].text
    mentions = corpus.mentions
    assert len([m for m in mentions if m.entity == "Nvidia"]) == 1800
    assert all(text[m.start : m.end].startswith(m.surface.rstrip("'’s")) for m in mentions)


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    page = tmp_path / "secret.txt"
    page.write_text("Huawei")
    page.chmod(0)
    try:
        result = read_source(Source("secret.txt", page))
        if os.geteuid() != 0:
            assert isinstance(result, Skip) and result.reason == "unreadable"
    finally:
        page.chmod(0o600)


def test_report_write_failure_is_a_clean_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = runner.invoke(
        app, ["clean", str(SAMPLE_DIR / "004_50e845d5a04f4adf.txt"), "--report", f"{blocker}/r"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "Check that the directory is writable and the disk has space."
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_until_working(proc: subprocess.Popen[str], store: Path, timeout: float = 120) -> None:
    """Return once the run has read every input and is at work on them (the results
    store holds its decoded documents), so a signal sent now lands mid-run.

    Fails, rather than passing vacuously, if the run ends before that.
    """
    import sqlite3

    deadline = time.monotonic() + timeout
    database = store / "results.sqlite"
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be interrupted"
        if database.exists():
            try:
                with sqlite3.connect(database, timeout=1) as conn:
                    query = "SELECT COUNT(*) FROM results WHERE kind = 'read'"
                    if conn.execute(query).fetchone()[0] > 0:
                        return
            except sqlite3.Error:
                pass  # the store is being created; look again
        time.sleep(0.05)
    pytest.fail("the run did not start its work in time")


def test_interrupted_run_leaves_nothing_partial(tmp_path: Path) -> None:
    """SIGINT mid-run: exit 130, no report or cleaned file half-written, and a rerun works."""
    corpus = tmp_path / "many"
    for i in range(60):
        shutil.copytree(SAMPLE_DIR, corpus / f"c{i:02d}")
    report = tmp_path / "out" / "report.json"
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [
            CHIPWATCH,
            "entities",
            str(corpus),
            "--csv",
            "--report",
            str(report),
            "--cache-dir",
            store,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # A test runner started in the background inherits SIGINT ignored, and a Python
        # started so keeps ignoring it: give the run the disposition a user's shell gives.
        preexec_fn=_default_sigint,
    )
    _wait_until_working(proc, store)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert not report.exists()
    assert not list(tmp_path.rglob(".report.json.*"))
    proc = subprocess.run(
        [CHIPWATCH, "clean", str(corpus / "c00"), "--report", str(report)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and json.loads(report.read_text())["processed"]


def test_sigterm_is_an_interruption(tmp_path: Path) -> None:
    corpus = tmp_path / "many"
    for i in range(60):
        shutil.copytree(SAMPLE_DIR, corpus / f"c{i:02d}")
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [CHIPWATCH, "keywords", str(corpus), "--csv", "--cache-dir", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_until_working(proc, store)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "Traceback" not in err


# --- properties ------------------------------------------------------------------------
line_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    max_size=80,
)
pages = st.lists(line_text, min_size=1, max_size=25).map("\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_cleaning_never_adds_text(text: str) -> None:
    doc = Document("p.txt", text)
    cleaned = Cleaner().fit([doc]).clean(doc)
    raw = doc.lines
    for number, line in zip(cleaned.line_numbers, cleaned.lines, strict=True):
        assert raw[number - 1].strip() == line


@settings(max_examples=60, deadline=None)
@given(pages)
def test_cleaning_is_idempotent(text: str) -> None:
    page = Document("p.txt", text)
    once = Cleaner().fit([page]).clean(page)
    again = Document("p.txt", once.text)
    twice = Cleaner().fit([again]).clean(again)
    assert twice.lines == once.lines


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_reading_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.txt"
        path.write_bytes(data)
        result = read_source(Source("x.txt", path))
    assert isinstance(result, (Document, Skip))
    if isinstance(result, Skip):
        assert result.reason in SKIP_REASONS


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=8))
@example(["-0", "-12.5", "=1+1", "+1", "@sum", "-", "-x"])
def test_csv_round_trips_and_is_formula_safe(values: list[str]) -> None:
    frame = pd.DataFrame({"file": values, "aliases": [[v, "x"] for v in values]})
    text = to_string(frame, Format.CSV, Layout(excel=True))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(values) + 1
    for value, (file_cell, aliases_cell) in zip(values, rows[1:], strict=True):
        # Only the stdin name "-" and negative numbers (data, not formulas) start so unescaped.
        assert (
            not file_cell.startswith(FORMULA_START)
            or file_cell == "-"
            or re.fullmatch(r"-\d+(\.\d+)?", file_cell) is not None
        )
        expected = value.replace("\r\n", "\n").replace("\r", "\n")
        restored = (
            file_cell[1:] if file_cell != expected and file_cell.startswith("'") else file_cell
        )
        assert restored == expected
        assert aliases_cell.endswith("|x")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(sorted(p.name for p in SAMPLE_DIR.iterdir())))
def test_cleaning_does_not_depend_on_input_order(order: list[str]) -> None:
    docs = [Document(n, (SAMPLE_DIR / n).read_text()) for n in order]
    cleaner = Cleaner().fit(docs)
    by_name = {d.name: cleaner.clean(d).lines for d in docs}
    reference = Cleaner().fit(sorted(docs, key=lambda d: d.name))
    assert by_name == {d.name: reference.clean(d).lines for d in docs}


def test_a_failing_document_is_an_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug met on one page is reported for that page; the others are processed."""
    for page in SAMPLE_DIR.iterdir():
        shutil.copy(page, tmp_path / page.name)
    original = Cleaner.clean

    def clean(self: Cleaner, document: Document, *, drops: bool = True) -> object:
        if document.name.startswith("003_"):
            raise ValueError("pathological page")
        return original(self, document, drops=drops)

    monkeypatch.setattr(Cleaner, "clean", clean)
    report = tmp_path / "report.json"
    result = runner.invoke(
        app, ["entities", str(tmp_path), "--csv", "--no-cache", "--report", str(report)]
    )
    assert result.exit_code == 1
    assert "003_5d8c908a81058055.txt: cleaning failed (ValueError: pathological page)" in (
        result.stderr
    )
    assert result.stderr.strip().splitlines()[-1] == "chipwatch: 4 processed, 0 skipped, 1 errors"
    data = json.loads(report.read_text())
    assert len(data["processed"]) == 4 and data["errors"][0]["file"].startswith("003_")
    assert "Traceback" not in result.stderr and "--debug" in result.stderr

    debug = runner.invoke(app, ["entities", str(tmp_path), "--csv", "--no-cache", "--debug"])
    assert debug.exit_code == 1
    # --debug shows what the hint promises: the failed document's own traceback.
    assert "003_5d8c908a81058055.txt:\nTraceback (most recent call last)" in debug.stderr
    assert 'raise ValueError("pathological page")' in debug.stderr


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.binary(max_size=300), min_size=1, max_size=6))
def test_report_accounts_for_every_input(contents: list[bytes]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "in"
        root.mkdir()
        for i, data in enumerate(contents):
            (root / f"f{i}.txt").write_bytes(data)
        report = Path(tmp) / "report.json"
        result = runner.invoke(
            app, ["clean", str(root), "--csv", "--no-cache", "--report", str(report)]
        )
        assert result.exit_code in (0, 1)
        assert "Traceback" not in result.stderr
        data = json.loads(report.read_text())
        accounted = data["processed"] + [s["file"] for s in data["skipped"]]
        accounted += [e["file"] for e in data["errors"]]
        assert sorted(accounted) == sorted(f"f{i}.txt" for i in range(len(contents)))
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert sorted(r["file"] for r in rows) == sorted(data["processed"])
