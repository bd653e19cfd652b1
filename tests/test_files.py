"""Writing outputs: atomic files that never overwrite in part, names that stay inside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipwatch.errors import OutputError
from chipwatch.files import output_name, write_atomic


def test_output_name_never_escapes_the_output_directory() -> None:
    assert output_name("sub/a.txt") == "sub/a.txt"
    assert output_name("../x/a.txt") == "a.txt"
    assert output_name("/abs/a.txt") == "a.txt"
    assert output_name("-") == "stdin.txt"


def test_write_atomic_creates_dirs_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out" / "deep" / "a.txt"
    write_atomic(target, "hello\n")
    assert target.read_text() == "hello\n"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_write_atomic_read_only_directory(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="cannot write"):
            write_atomic(ro / "a.txt", "x")
    finally:
        ro.chmod(0o700)


def test_write_atomic_error_is_clear(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("I am a file, not a directory")
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(blocker / "a.txt", "x")


def test_write_atomic_gives_files_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_atomic(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
