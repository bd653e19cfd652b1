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
    read_source,
)
from chipwatch.errors import UsageError
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


def _walk_result(root: Path, **kwargs: bool) -> dict[str, str]:
    return {s.name: s.problem for s in find_sources([str(root)], **kwargs)}


def test_symlinks_are_reported_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("a")
    (root / "sub" / "b.txt").write_text("b")
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    os.symlink(root, root / "sub" / "loop")
    os.symlink(outside, root / "escape.txt")
    os.symlink(tmp_path / "gone.txt", root / "broken.txt")
    os.symlink(root / "a.txt", root / "alias.txt")
    os.symlink(root / "sub", root / "linkdir")
    expected = {
        "a.txt": "",
        "sub/b.txt": "",
        "sub/loop": "symlink_loop",
        "escape.txt": "outside_root",
        "broken.txt": "broken_symlink",
        "alias.txt": "not_regular_file",
        "linkdir": "not_regular_file",
    }
    assert _walk_result(root) == expected
    followed = _walk_result(root, follow_symlinks=True)
    assert followed["alias.txt"] == "" and followed["linkdir/b.txt"] == ""
    assert followed["sub/loop"] == "symlink_loop" and followed["escape.txt"] == "outside_root"
    # A reported source is a skip with its reason, never a read.
    skip = read_source(find_sources([str(root)])[2])
    assert isinstance(skip, Skip) and skip.reason in {"broken_symlink", "outside_root"}


def test_self_referencing_symlink(tmp_path: Path) -> None:
    os.symlink(tmp_path / "self.txt", tmp_path / "self.txt")
    assert _walk_result(tmp_path) == {"self.txt": "symlink_loop"}


def test_odd_file_names_are_escaped(tmp_path: Path) -> None:
    for raw in (b"new\nline.txt", b"bad\xffbyte.txt", b"-dash.txt", b"sp ace.txt"):
        Path(os.fsdecode(os.fsencode(tmp_path) + b"/" + raw)).write_text("SMIC")
    names = sorted(s.name for s in find_sources([str(tmp_path)]))
    assert names == ["-dash.txt", "bad\\xffbyte.txt", "new\\nline.txt", "sp ace.txt"]
    docs = [read_source(s) for s in find_sources([str(tmp_path)])]
    assert all(isinstance(d, Document) and d.text == "SMIC" for d in docs)


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


def test_gzip_input_is_read_with_caps() -> None:
    doc = _read("article.txt.gz")
    assert isinstance(doc, Document) and doc.text.startswith("Huawei shipped Ascend 910C")
    truncated = _read("truncated.txt.gz")
    assert isinstance(truncated, Skip) and truncated.reason == "corrupt_gzip"
    bomb = read_source(Source("article.txt.gz", TEST_DATA / "article.txt.gz"), max_bytes=136)
    assert isinstance(bomb, Skip) and bomb.reason == "decompressed_too_large"


def test_gzip_files_found_by_the_default_glob() -> None:
    names = [s.name for s in find_sources([str(TEST_DATA)])]
    assert "article.txt.gz" in names and "truncated.txt.gz" in names


def test_utf32_bom() -> None:
    doc = _read("utf32_bom.txt")
    assert isinstance(doc, Document) and doc.text == "SMIC expanded 7nm output in Shanghai.\n"
    assert doc.encoding == "utf-32"


def test_every_test_file_is_a_document_or_a_skip() -> None:
    sources = find_sources([str(TEST_DATA)], include_hidden=True)
    results = [read_source(s) for s in sources]
    assert len(results) == len(sources)
    assert all(isinstance(r, (Document, Skip)) for r in results)


def test_a_file_swapped_for_a_link_after_the_walk_is_not_read(tmp_path: Path) -> None:
    """The walk saw a regular file; before the read it became a link out of the folder
    (or a FIFO): the read does not follow or block, and the skip says why."""
    import os

    from chipwatch.corpus import find_sources, read_documents
    from chipwatch.models import Skip

    secret = tmp_path / "secret.txt"
    secret.write_text("a private line that must never be read\n", encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (root / name).write_text("An ordinary page of text.\n", encoding="utf-8")
    sources = find_sources([str(root)])
    (root / "a.txt").unlink()
    os.symlink(secret, root / "a.txt")
    (root / "b.txt").unlink()
    os.mkfifo(root / "b.txt")
    results = {r.name: r for r in read_documents(sources)}
    assert isinstance(results["a.txt"], Skip) and results["a.txt"].reason == "outside_root"
    assert isinstance(results["b.txt"], Skip) and results["b.txt"].reason == "not_regular_file"
    assert not isinstance(results["c.txt"], Skip)
    assert all("private" not in getattr(r, "text", "") for r in results.values())
