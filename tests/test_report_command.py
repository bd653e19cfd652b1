"""A report is made to be shared: its command line does not carry the user's folders."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chipwatch.cli_steps import shown_command

CHIPWATCH = str(Path(sys.executable).parent / "chipwatch")
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "raw"


def test_paths_are_relative_inside_the_working_folder_and_cut_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    (work / "pages").mkdir(parents=True)
    monkeypatch.chdir(work)
    argv = ["report", str(work / "pages"), "/home/alice/secret/news", "-o", "a b.html", "-q"]
    assert shown_command(argv) == "chipwatch report pages …/news -o 'a b.html' -q"
    assert shown_command(argv, full=True) == (
        f"chipwatch report {work / 'pages'} /home/alice/secret/news -o 'a b.html' -q"
    )


def test_the_report_shows_no_absolute_path_unless_asked(tmp_path: Path) -> None:
    private = tmp_path / "private-folder-name" / "pages"
    shutil.copytree(SAMPLE, private)
    out = tmp_path / "out"
    out.mkdir()
    for extra, shown in (([], False), (["--full-paths"], True)):
        subprocess.run(
            [CHIPWATCH, "report", str(private), "-o", "r.html", "-q", *extra],
            cwd=out,
            check=True,
            capture_output=True,
            timeout=600,
        )
        page = (out / "r.html").read_text(encoding="utf-8")
        assert ("private-folder-name" in page) is shown
        assert "…/pages" in page or shown
