"""The results store and the engines: same answers cold or warm, 1 or 2 jobs, local or Dask."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from chipwatch import Corpus, Settings, packed, results
from chipwatch.cli import app
from chipwatch.models import Document
from chipwatch.packed import (
    pack_cleaning,
    pack_drops,
    pack_mentions,
    unpack_cleaning,
    unpack_mentions,
    without_text,
)
from chipwatch.store import Store

from .conftest import SAMPLE_DIR

runner = CliRunner()


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(cache_dir=tmp_path / "store", **kw)  # type: ignore[arg-type]


def test_encode_decode_every_kind(tmp_path: Path) -> None:
    corpus = Corpus([str(SAMPLE_DIR)], settings=_settings(tmp_path, cache=False))
    doc: Document = corpus.documents[2]
    cleaned = corpus.cleaned[2]
    # Drops are stored separately (kind "drops"), so the clean record comes back without.
    packed_page = pack_cleaning(cleaned, doc.text.split("\n"))
    again_page = unpack_cleaning(doc.name, packed_page, raw=lambda: doc.text)
    assert again_page == replace(cleaned, drops=(), document=without_text(doc))
    assert results.stored_drops(pack_drops(cleaned.drops)) == cleaned.drops
    mentions = tuple(m for m in corpus.mentions if m.file == doc.name)
    assert unpack_mentions(doc.name, pack_mentions(mentions)) == mentions
    corpus.keywords()
    parsed = corpus.analysis().token_documents[2]
    again = results.decode_tokens(doc.name, parsed.text, results.encode_tokens(parsed))
    assert again == parsed
    held = results.held_text(doc)
    assert results.decode_read(doc.name, results.encode_read(held)) == held
    assert held.document() == doc and held.digest == results.digest(doc.text)


def _all_outputs(corpus: Corpus) -> list[pd.DataFrame]:
    return [
        corpus.drops(),
        corpus.docs(),
        corpus.entities(per_doc=True, evidence=True),
        corpus.entities(top=None),
        corpus.keywords(per_doc=True),
        corpus.keywords(top=None),
        corpus.themes(include_all=True),
        corpus.themes(summary=True),
    ]


def _same(a: list[pd.DataFrame], b: list[pd.DataFrame]) -> None:
    for left, right in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(left, right)


def test_warm_run_equals_cold_and_parses_nothing(tmp_path: Path, nlp: object) -> None:
    cold = Corpus([str(SAMPLE_DIR)], settings=_settings(tmp_path))
    cold_out = _all_outputs(cold)
    cold.close()
    calls: list[int] = []
    warm = Corpus(
        [str(SAMPLE_DIR)], settings=_settings(tmp_path), progress=lambda *a: calls.append(1)
    )
    _same(cold_out, _all_outputs(warm))
    assert calls == []  # every result came from the store
    with Store.open(tmp_path / "store") as store:
        assert store.info()["results"] == {
            "clean": 5,
            "drops": 5,
            "ents": 5,
            "fit": 1,
            "read": 5,
            "toks": 5,
        }


def test_a_warm_entities_run_unpacks_no_text(
    tmp_path: Path, nlp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun whose results are all stored holds each text as the store gave it: no
    page is unpacked, packed again or hashed again to find its results."""
    cold = Corpus([str(SAMPLE_DIR)], settings=_settings(tmp_path))
    expected = cold.entities().to_dict("records")
    cold.close()
    unpacked: list[int] = []
    real = packed.unpack_text
    monkeypatch.setattr(packed, "unpack_text", lambda blob: unpacked.append(1) or real(blob))
    warm = Corpus([str(SAMPLE_DIR)], settings=_settings(tmp_path))
    assert warm.entities().to_dict("records") == expected
    warm.close()
    assert unpacked == []


def test_changed_file_is_the_only_one_parsed_again(tmp_path: Path, sample_dir: Path) -> None:
    settings = _settings(tmp_path)
    Corpus([str(sample_dir)], settings=settings).entities()
    page = sample_dir / "004_50e845d5a04f4adf.txt"
    page.write_text(page.read_text().replace("Huawei", "Cambricon"))
    done: list[int] = []
    corpus = Corpus([str(sample_dir)], settings=settings, progress=lambda *a: done.append(a[1]))
    table = corpus.entities(per_doc=True)
    assert done == [1]
    assert "Cambricon" in set(table[table.file == "004_50e845d5a04f4adf.txt"].entity)


def test_gazetteer_change_invalidates_entities_only(tmp_path: Path, sample_dir: Path) -> None:
    settings = _settings(tmp_path)
    Corpus([str(sample_dir)], settings=settings).entities()
    gaz = tmp_path / "g.toml"
    gaz.write_text('[[entity]]\nname = "Tim Bajarin"\nlabel = "PERSON"\n')
    done: list[int] = []
    corpus = Corpus(
        [str(sample_dir)],
        settings=_settings(tmp_path, gazetteer=gaz),
        progress=lambda *a: done.append(1),
    )
    corpus.entities()
    assert len(done) == 5


def test_one_job_equals_two_jobs(tmp_path: Path, nlp: object) -> None:
    many = tmp_path / "many"
    for i in range(12):
        for page in SAMPLE_DIR.iterdir():
            target = many / f"c{i:02d}" / page.name
            target.parent.mkdir(parents=True, exist_ok=True)
            # Vary each copy so no line is shared site chrome across every copy.
            target.write_text(page.read_text() + f"\nCopy {i} of the page.\n")
    one = _all_outputs(Corpus([str(many)], settings=Settings(cache=False, jobs=1)))
    two = _all_outputs(Corpus([str(many)], settings=Settings(cache=False, jobs=2)))
    _same(one, two)


def test_dask_engine_equals_local(tmp_path: Path, nlp: object) -> None:
    pytest.importorskip("dask.distributed")
    local = Corpus([str(SAMPLE_DIR)], settings=Settings(cache=False))
    dask = Corpus([str(SAMPLE_DIR)], settings=Settings(cache=False, engine="dask", jobs=2))
    pd.testing.assert_frame_equal(local.entities(per_doc=True), dask.entities(per_doc=True))
    pd.testing.assert_frame_equal(local.keywords(per_doc=True), dask.keywords(per_doc=True))


def test_cache_commands(tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = runner.invoke(app, ["clean", str(SAMPLE_DIR), "--cache-dir", str(store), "--csv"])
    assert result.exit_code == 0
    info = runner.invoke(app, ["cache", "info", "--cache-dir", str(store), "--json"])
    assert info.exit_code == 0 and '"kind": "cleaned pages"' in info.stdout
    assert "ents" not in info.stdout and "bytes" not in info.stdout  # no internal names
    assert f"results store {store}" in info.stderr and " MB" in info.stderr
    fresh = tmp_path / "fresh"
    info = runner.invoke(app, ["cache", "info", "--cache-dir", str(fresh), "--csv"])
    assert info.exit_code == 0 and info.stdout == "kind,results\n"
    assert "no results store" in info.stderr and not fresh.exists()
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(store)])
    assert cleared.exit_code == 0 and "removed 16" in cleared.stderr  # read+clean+drops x5, fit
    result = runner.invoke(
        app, ["clean", str(SAMPLE_DIR), "--no-cache", "--cache-dir", str(tmp_path / "no")]
    )
    assert result.exit_code == 0 and not (tmp_path / "no").exists()


def test_unwritable_cache_dir_is_a_warning_and_the_run_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["docs", str(SAMPLE_DIR), "--cache-dir", str(blocker / "c")])
    assert result.exit_code == 0
    assert "cannot create the cache directory" in result.stderr
    assert "The cache is off for this run." in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stdout.strip().splitlines()) > 5
