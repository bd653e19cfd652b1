"""The library API: Corpus gives every result as plain data without the CLI."""

from __future__ import annotations

import dataclasses
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

from .conftest import SAMPLE_DIR


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, nlp: object) -> Corpus:
    return Corpus([str(SAMPLE_DIR)])


def test_public_api_is_importable() -> None:
    assert {"Corpus", "Settings", "Document", "__version__", "analyze", "Need"} <= set(
        chipwatch.__all__
    )
    assert chipwatch.Corpus is Corpus
    from chipwatch.pipeline import Need, analyze

    assert chipwatch.analyze is analyze and chipwatch.Need is Need


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


def test_drop_lists_not_held_by_a_run_without_a_store_are_made_again_when_asked() -> None:
    # A clean-only run without a store does not hold drop lists; the drops view of the
    # same corpus then cleans again and gives what a run asking for drops first gives.
    settings = Settings(cache=False)
    later = Corpus([str(SAMPLE_DIR)], settings=settings)
    assert len(later.clean_text()) == 5
    first = Corpus([str(SAMPLE_DIR)], settings=settings)
    pd.testing.assert_frame_equal(later.drops(), first.drops())
    assert len(first.drops()) > 20


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
    assert cleaned.analysis().texts() != raw.analysis().texts()
    assert raw.analysis().texts() == [(str(page), page.read_text())]


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
    with pytest.raises(UsageError, match="not_a_model_pkg' is not installed"):
        corpus.preflight(model=True)


# --- analyze() and the views as functions of its Analysis -------------------------------------
def test_analyze_holds_only_what_was_needed(tmp_path: Path) -> None:
    from chipwatch import views
    from chipwatch.pipeline import Need, analyze

    settings = Settings(cache=False)
    analysis = analyze([str(SAMPLE_DIR)], settings=settings, need=Need(clean=True))
    assert len(analysis.documents) == 5 and len(analysis.cleaned) == 5
    assert not analysis.mentions_by_doc and not analysis.parsed
    assert len(views.docs(analysis)) == 5
    with pytest.raises(ValueError, match="entities view needs"):
        views.entities(analysis)
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.documents = ()  # type: ignore[misc]


def test_an_analysis_is_extended_not_recomputed() -> None:
    from chipwatch import views
    from chipwatch.pipeline import Need, analyze

    settings = Settings(cache=False, jobs=1)
    first = analyze([str(SAMPLE_DIR)], settings=settings, need=Need(clean=True))
    done: list[int] = []
    more = analyze(
        None,
        settings=settings,
        need=views.NEEDS["entities"],
        previous=first,
        progress=lambda *a: done.append(1),
    )
    assert more.need.covers(first.need) and more.mentions_by_doc
    assert more.cleaned == first.cleaned
    assert len(done) == 5  # parsed once each; nothing cleaned or read again
    assert (
        views.entities(more)
        .to_frame()
        .equals(Corpus([str(SAMPLE_DIR)], settings=settings).entities())
    )


def test_theme_options_are_checked_by_the_library_before_work() -> None:
    from chipwatch import views
    from chipwatch.errors import UsageError

    assert views.theme_period(summary=True, by="published") == "month"
    assert views.theme_period(summary=False, by=None) is None
    with pytest.raises(UsageError, match="--by works with --summary"):
        views.theme_period(summary=False, by="week")
    with pytest.raises(UsageError, match="use published, month or week"):
        views.theme_period(summary=True, by="year")


def test_the_library_paths_the_readme_documents_import() -> None:
    from chipwatch.clean import Cleaner, CleanerSettings
    from chipwatch.entities import entity_evidence, load_gazetteer, resolve_mentions
    from chipwatch.keywords import KeywordScorer
    from chipwatch.themes import load_taxonomy, score_themes

    assert all(
        callable(f)
        for f in (
            Cleaner,
            CleanerSettings,
            entity_evidence,
            load_gazetteer,
            resolve_mentions,
            KeywordScorer,
            load_taxonomy,
            score_themes,
        )
    )


def test_the_dayfirst_setting_reaches_the_metadata(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Arsenal sign a striker from Lyon after long talks\n10/01/2008\n"
        + "Arsenal have signed the Lyon striker after weeks of talks, the club said. " * 8
        + "\n"
    )
    published = {
        setting: Corpus([str(page)], settings=Settings(cache=False, dayfirst=setting))
        .docs()
        .loc[0, "published"]
        for setting in (None, True, False)
    }
    assert published == {None: "2008-10-01", True: "2008-01-10", False: "2008-10-01"}
