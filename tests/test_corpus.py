"""Finding, reading and decoding inputs: every file becomes a Document or a Skip."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from chipwatch.corpus import (
    Source,
    decode,
    find_sources,
    normalize_text,
    output_name,
    read_source,
    write_atomic,
)
from chipwatch.errors import OutputError, UsageError
from chipwatch.models import Document, Skip

from .conftest import TEST_DATA


def _read(name: str) -> Document | Skip:
    return read_source(Source(name, TEST_DATA / name))


def test_directory_walk_is_recursive_sorted_and_relative(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a")
    (tmp_path / "notes.md").write_text("md")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    names = [s.name for s in find_sources([str(tmp_path)])]
    assert names == ["b.txt", "sub/a.txt"]
    assert [s.name for s in find_sources([str(tmp_path)], glob="*.md")] == ["notes.md"]
    hidden = [s.name for s in find_sources([str(tmp_path)], include_hidden=True)]
    assert ".hidden.txt" in hidden and ".git/x.txt" in hidden


def test_file_argument_kept_as_given_and_stdin(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text("x")
    assert find_sources([str(f), "-"]) == [Source(str(f), f), Source("-", None)]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or directory"):
        find_sources([str(tmp_path / "nope")])


def test_symlinked_directory_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.txt").write_text("a")
    os.symlink(root, root / "loop")
    assert [s.name for s in find_sources([str(root)])] == ["a.txt"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty.txt", "empty"), ("binary.txt", "binary"), ("whitespace_only.txt", "no_content")],
)
def test_bad_files_are_skipped_with_a_reason(name: str, reason: str) -> None:
    result = _read(name)
    assert isinstance(result, Skip)
    assert result.reason == reason and result.name == name and result.detail


@pytest.mark.parametrize(
    ("name", "encoding", "expected"),
    [
        ("utf16_bom.txt", "utf-16", "Huawei’s Ascend 910C chips\nSMIC ships 7nm parts.\n"),
        ("utf8_bom_crlf.txt", "utf-8", "Nvidia sells the H20 in China.\nThe Commerce"),
        ("cp1252.txt", "cp1252", "The company’s “export” rules — café in Zürich.\n"),
        ("gb18030.txt", "gb18030", "华为昇腾芯片出口管制"),
    ],
)
def test_decoding(name: str, encoding: str, expected: str) -> None:
    doc = _read(name)
    assert isinstance(doc, Document)
    assert doc.encoding == encoding
    assert doc.text.startswith(expected)
    assert "\r" not in doc.text and "\ufeff" not in doc.text


def test_mojibake_is_repaired_and_counted() -> None:
    doc = _read("mojibake.txt")
    assert isinstance(doc, Document)
    assert doc.text == "China’s chip industry grows.\n"
    assert doc.repaired == 1


def test_control_and_invisible_characters_removed() -> None:
    doc = _read("controls.txt")
    assert isinstance(doc, Document)
    assert "\x1b" not in doc.text and "\u200b" not in doc.text and "\u202e" not in doc.text
    assert "\u00a0" not in doc.text
    assert doc.text.startswith("Nvidia chips")


def test_normalize_keeps_curly_quotes() -> None:
    text, changed = normalize_text("Nvidia’s “H20”\r\nline two")
    # Line endings are normalised silently; only repairs inside lines count as changes.
    assert text == "Nvidia’s “H20”\nline two" and changed == 0


def test_decode_prefers_bom_over_binary_check() -> None:
    # UTF-16 text is full of NUL bytes; the BOM must be seen before the binary test.
    assert decode("AI chips".encode("utf-16"))[0] == "AI chips"
    with pytest.raises(ValueError, match="binary"):
        decode(b"\x00\x01\x02abc")


def test_too_large_file_skipped(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    result = read_source(Source("big.txt", big), max_bytes=50)
    assert isinstance(result, Skip) and result.reason == "too_large"


def test_directory_given_as_file_is_not_regular(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = read_source(Source("pipe.txt", fifo))
    assert isinstance(result, Skip) and result.reason == "not_regular_file"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b"SMIC and Huawei\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    doc = read_source(Source("-", None))
    assert isinstance(doc, Document) and doc.name == "-" and doc.text == "SMIC and Huawei\n"


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
