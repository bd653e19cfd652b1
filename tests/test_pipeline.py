"""The library API: Corpus gives every result as plain data without the CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import chipwatch
from chipwatch import Corpus, Settings
from chipwatch.errors import NothingProcessedError, UsageError
from chipwatch.models import (
    DOC_ENTITY_COLUMNS,
    DOC_KEYWORD_COLUMNS,
    DROP_COLUMNS,
    ENTITY_COLUMNS,
    KEYWORD_COLUMNS,
    THEME_COLUMNS,
    THEME_SUMMARY_COLUMNS,
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, nlp: object) -> Corpus:
    from .conftest import SAMPLE_DIR

    return Corpus([str(SAMPLE_DIR)])


def test_public_api_is_importable() -> None:
    assert {"Corpus", "Settings", "Document", "__version__"} <= set(chipwatch.__all__)
    assert chipwatch.Corpus is Corpus


def test_documents_and_cleaning(corpus: Corpus) -> None:
    assert [d.name for d in corpus.documents][:2] == [
        "000_74a015262eb8610d.txt",
        "001_59d77f92ecadd3ce.txt",
    ]
    assert corpus.skips == []
    drops = corpus.drops()
    assert tuple(drops.columns) == DROP_COLUMNS and len(drops) > 20
    for doc in corpus.cleaned:
        assert doc.lines and len(doc.lines) == len(doc.line_numbers)
        raw = doc.document.lines
        # Kept lines are raw lines, only stripped, at the line numbers reported.
        assert all(
            raw[n - 1].strip() == line for n, line in zip(doc.line_numbers, doc.lines, strict=True)
        )


def test_entity_tables(corpus: Corpus) -> None:
    table = corpus.entities()
    assert tuple(table.columns) == ENTITY_COLUMNS
    assert table["entity"].is_unique
    assert tuple(corpus.entities(per_doc=True).columns) == DOC_ENTITY_COLUMNS
    top = corpus.entities(per_doc=True, top=2)
    assert top.groupby("file").size().max() <= 2


def test_keywords_and_themes(corpus: Corpus) -> None:
    assert tuple(corpus.keywords(top=5).columns) == KEYWORD_COLUMNS
    per_doc = corpus.keywords(top=5, per_doc=True)
    assert tuple(per_doc.columns) == DOC_KEYWORD_COLUMNS
    assert per_doc.groupby("file").size().max() <= 5
    themes = corpus.themes()
    assert tuple(themes.columns) == THEME_COLUMNS and not themes.empty
    summary = corpus.themes(summary=True)
    assert tuple(summary.columns) == THEME_SUMMARY_COLUMNS
    assert isinstance(summary, pd.DataFrame)


def test_no_clean_analyses_text_as_given(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Share on Facebook\nHuawei ships Ascend chips to Chinese buyers.\n")
    cleaned = Corpus([str(page)])
    raw = Corpus([str(page)], settings=Settings(clean=False))
    assert cleaned._texts() != raw._texts()
    assert raw._texts() == [(str(page), page.read_text())]


def test_nothing_processed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    corpus = Corpus([str(tmp_path)])
    with pytest.raises(NothingProcessedError):
        corpus.require_documents()
    assert [s.reason for s in corpus.skips] == ["empty"]
    with pytest.raises(NothingProcessedError, match="no files matching"):
        Corpus([str(tmp_path)], settings=Settings(glob="*.md")).require_documents()


def test_bad_model_fails_before_work(tmp_path: Path) -> None:
    corpus = Corpus([str(tmp_path)], settings=Settings(model="not_a_model_pkg"))
    with pytest.raises(UsageError, match="pip install"):
        corpus.preflight(model=True)
