"""A user's junk pattern that backtracks catastrophically is refused before any work."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from chipwatch.clean import load_junk_patterns
from chipwatch.clean.budget import too_slow
from chipwatch.errors import JunkPatternsError

CHIPWATCH = str(Path(sys.executable).parent / "chipwatch")


def _patterns_file(tmp_path: Path, *patterns: str) -> Path:
    path = tmp_path / "mine.toml"
    quoted = ", ".join("'" + p + "'" for p in patterns)
    path.write_text(f'[mine]\nkind = "junk"\npatterns = [{quoted}]\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("pattern", [r"(a+)+b", r"(\w+\s?)*$x", r"(x|x)*y", r"(.*a){12}"])
def test_a_catastrophic_pattern_is_refused_naming_it(tmp_path: Path, pattern: str) -> None:
    with pytest.raises(JunkPatternsError) as caught:
        load_junk_patterns(_patterns_file(tmp_path, "share this", pattern))
    message = str(caught.value)
    assert repr(pattern) in message and "[mine]" in message and "backtracking" in message


def test_ordinary_patterns_load(tmp_path: Path) -> None:
    path = _patterns_file(tmp_path, "share this", r".{0,80}newsletter.{0,80}", r"(tweet|post)s?")
    patterns = load_junk_patterns(path)
    assert patterns.match("Sign up for our newsletter today") == ("mine", "junk")


def test_every_shipped_pattern_is_within_the_budget() -> None:
    text = resources.files("chipwatch.resources").joinpath("junk.toml").read_text("utf-8")
    for name, table in tomllib.loads(text).items():
        for pattern in table["patterns"]:
            assert too_slow(pattern) is None, (name, pattern)


def test_the_command_line_refuses_it_in_one_line_before_any_work(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text("a" * 60 + "\nSome text of a page.\n", encoding="utf-8")
    path = _patterns_file(tmp_path, r"(a+)+b")
    run = subprocess.run(
        [CHIPWATCH, "clean", str(pages), "--patterns", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1
    assert "(a+)+b" in run.stderr and "Traceback" not in run.stderr
