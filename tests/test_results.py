"""Store keys cover all code that shapes a result; stored results are read by field name."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from chipwatch import results
from chipwatch.models import Drop, Mention, Metadata, ParsedDocument, Token
from chipwatch.packed import MadeOnAccess

PACKAGE = Path(str(resources.files("chipwatch")))


def test_keys_are_unambiguous() -> None:
    assert results.digest("ab", "c") != results.digest("a", "bc")
    assert len(results.code_fingerprint()) == 64


def _copy_package(tmp_path: Path) -> Path:
    target = tmp_path / "chipwatch"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_editing_models_changes_the_key(tmp_path: Path) -> None:
    """Swapping two fields of Metadata must not let a warm run serve authors as sources."""
    tree = _copy_package(tmp_path)
    before = results.tree_fingerprint(tree)
    assert results.tree_fingerprint(tree) == before  # stable
    models = tree / "models.py"
    text = models.read_text(encoding="utf-8")
    author = "    author: str | None = None\n"
    source = "    source: str | None = None\n"
    assert author + source in text
    models.write_text(text.replace(author + source, source + author), encoding="utf-8")
    assert results.tree_fingerprint(tree) != before


@pytest.mark.parametrize(
    "relative", ["config.py", "resources/themes.toml", "resources/gazetteer.toml"]
)
def test_every_module_and_resource_is_in_the_key(tmp_path: Path, relative: str) -> None:
    tree = _copy_package(tmp_path)
    before = results.tree_fingerprint(tree)
    path = tree / relative
    path.write_bytes(path.read_bytes() + b"\n")
    assert results.tree_fingerprint(tree) != before


def test_the_installed_code_is_what_the_key_hashes() -> None:
    from chipwatch import __version__

    expected = results.digest(__version__, results.tree_fingerprint(PACKAGE))
    assert results.code_fingerprint() == expected
    assert results.result_key("ents", "x") == results.digest(expected, "ents", "x")


def test_records_are_decoded_by_field_name() -> None:
    meta = Metadata(title="T", published="2025-01-02", author="A. Writer", source="Outlet")
    data = results.encode_record(meta)
    assert data["author"] == "A. Writer" and data["source"] == "Outlet"
    shuffled = dict(reversed(list(data.items())))
    assert results.decode_record(Metadata, shuffled) == meta


def test_tables_are_decoded_by_field_name_whatever_the_column_order() -> None:
    mentions = [Mention("a.txt", "Nvidia", "ORG", "NVIDIA", 0, 6)]
    table = results.encode_rows(Mention, mentions, omit=["file"])
    assert table["fields"] == ["entity", "label", "surface", "start", "end"]
    reordered = {
        "fields": list(reversed(table["fields"])),
        "rows": [list(reversed(row)) for row in table["rows"]],
    }
    assert results.decode_rows(Mention, reordered, lead=("a.txt",)) == mentions


def test_a_stored_shape_that_lacks_a_field_is_stale() -> None:
    with pytest.raises(results.StaleResult):
        results.decode_rows(Drop, {"fields": ["line", "text"], "rows": [[1, "x"]]})
    with pytest.raises(results.StaleResult):
        results.decode_record(Metadata, {"title": "T"})


def test_tokens_round_trip_and_share_strings() -> None:
    from chipwatch.models import ParsedDocument

    doc = ParsedDocument(
        "a.txt",
        "Chips ship",
        (Token("Chips", "chip", "NOUN", "NNS", 0, False, False, False, True),),
    )
    again = results.decode_tokens("a.txt", "Chips ship", results.encode_tokens(doc))
    assert again == doc


def test_packed_documents_give_back_the_same_tokens_one_document_at_a_time() -> None:
    tokens = (
        Token("Chips", "chip", "NOUN", "NNS", 0, False, False, False, True),
        Token(".", ".", "PUNCT", ".", 5, False, True, False, False),
        Token("3", "3", "NUM", "CD", 7, True, False, True, False),
    )
    held = results.PackedDocuments()
    held.put(ParsedDocument("a.txt", "Chips. 3", tokens, ()))
    held.put(ParsedDocument("b.txt", "", (), ()))
    assert list(held) == ["a.txt", "b.txt"] and "a.txt" in held and len(held) == 2
    assert held["a.txt"] == ParsedDocument("a.txt", "Chips. 3", tokens, ())
    assert held["a.txt"] is not held["a.txt"]  # unpacked on each access, never kept
    lazy = MadeOnAccess(["b.txt", "a.txt"], held.__getitem__)
    assert [d.name for d in lazy] == ["b.txt", "a.txt"] and len(lazy) == 2
    assert lazy[1].tokens == tokens and [d.name for d in lazy[:1]] == ["b.txt"]
    assert held.copy()["b.txt"].tokens == ()
