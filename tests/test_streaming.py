"""Memory contracts: what the views count streams past; per-page results are held packed;
fitting the cleaner happens in a child process. Each gives the same answers as before."""

from __future__ import annotations

import inspect
import os
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from chipwatch import Settings
from chipwatch.apart import can_fork, run_apart
from chipwatch.clean import Cleaner, CleanerSettings
from chipwatch.entities import case_choices, case_choices_of, entity_table, unify_case
from chipwatch.fitting import FIT_APART_DOCS, CorpusFit
from chipwatch.keywords import (
    PER_DOC_VOTES,
    KeywordScorer,
    corpus_keywords,
    top_lists,
    voted_keywords,
)
from chipwatch.models import CleanDocument, Document, Drop, Mention, Metadata, ParsedDocument, Token
from chipwatch.packed import (
    HeldCleaning,
    PackedCleaning,
    PackedMentions,
    PackedTexts,
    Spill,
    without_text,
)
from chipwatch.pipeline import Analysis, Need, analyze
from chipwatch.results import (
    PackedDocuments,
    digest,
    pack_tokens,
    pack_tokens_on,
    unpack_tokens_on,
)

from .conftest import SAMPLE_DIR


@pytest.fixture(scope="module")
def analysis(nlp: object) -> Analysis:
    need = Need(entities=True, tokens=True)
    return analyze([str(SAMPLE_DIR)], settings=Settings(cache=False, jobs=1), need=need)


def _fail(*_: object) -> str:
    raise AssertionError("a cleaned text was built")


def test_counting_views_build_no_texts(analysis: Analysis, monkeypatch: pytest.MonkeyPatch) -> None:
    names = [name for name, _ in analysis.texts()]
    # Token documents carry their text, made from the cleaned page as each is read.
    assert [d.name for d in analysis.token_documents] == names
    monkeypatch.setattr(CleanDocument, "text", property(_fail))
    assert analysis.counted() == names
    assert {m.file for m in analysis.mentions} <= set(names)
    assert len(analysis.token_documents) == len(names)
    assert set(analysis.published()) == set(names)


def test_mentions_are_held_packed_and_case_joined_when_read(analysis: Analysis) -> None:
    held = analysis.mentions_by_doc
    assert isinstance(held, PackedMentions)
    flat = [m for name in held for m in held[name]]
    assert flat and unify_case(flat) == flat  # case twins already joined


def test_packed_mentions_round_trip_and_rename_no_numbers() -> None:
    found = (
        Mention("a.txt", "NEW YORK", "GPE", "NEW YORK", 0, 8),
        Mention("a.txt", "New York", "GPE", "New York", 20, 28),
        Mention("a.txt", "FIVE", "CARDINAL", "FIVE", 30, 34),
        Mention("a.txt", "Five", "CARDINAL", "Five", 40, 44),
    )
    packed = PackedMentions()
    packed.put("a.txt", found)
    assert packed["a.txt"] == found
    choices = case_choices(found)
    assert choices == {"NEW YORK": "New York", "New York": "New York"}
    assert tuple(packed.renamed(choices)["a.txt"]) == tuple(unify_case(found))
    # Counting names from the packs alone gives the same choices.
    assert case_choices_of(packed.entity_labels()) == choices
    # A pack held as given (as read from the store) reads back the same.
    again = PackedMentions()
    again.put_packed("a.txt", packed.packed("a.txt"))
    assert again["a.txt"] == found
    with pytest.raises(ValueError):
        again.put_packed("b.txt", b"damaged")


def test_entity_table_counts_a_one_pass_stream(analysis: Analysis) -> None:
    listed = entity_table(analysis.mentions, top=None)
    streamed = entity_table(iter(analysis.mentions), top=None)
    assert streamed.rows == listed.rows and listed.rows
    texts = dict(analysis.texts())
    assert (
        entity_table(analysis.each_mention(), evidence=texts).rows
        == entity_table(analysis.mentions, evidence=texts).rows
    )


def test_corpus_keywords_from_streamed_votes_equal_the_table(analysis: Analysis) -> None:
    docs = analysis.token_documents
    scorer = KeywordScorer().fit(docs)
    lists = top_lists(scorer, docs, top=None, keep=PER_DOC_VOTES)
    assert inspect.isgenerator(lists)  # one page's candidates at a time
    streamed = voted_keywords(lists, top=None)
    tabled = corpus_keywords(scorer.score(docs, top=None), top=None)
    assert len(streamed) > 5
    pd.testing.assert_frame_equal(streamed, tabled)


def _pages(count: int) -> list[Document]:
    chrome = "Home | World | Business\nSubscribe to our newsletter today\n"
    return [
        Document(
            f"p{i:03d}.txt",
            f"Story number {i} about chips\n{chrome}"
            f"Paragraph {i} tells the news of the day in many plain words for readers.\n",
        )
        for i in range(count)
    ]


@pytest.mark.skipif(not can_fork(), reason="fork is not available here")
def test_run_apart_runs_in_a_child_and_raises_its_errors() -> None:
    assert run_apart(os.getpid) != os.getpid()

    def broken() -> None:
        raise ValueError("bad page")

    with pytest.raises(ValueError, match="bad page"):
        run_apart(broken)


def test_cleaner_fitted_apart_equals_fitted_here() -> None:
    docs = _pages(FIT_APART_DOCS + 2)
    fit = CorpusFit(docs, Settings(cache=False), None)
    apart = fit.cleaner()
    here = Cleaner(settings=CleanerSettings()).fit(docs)
    assert apart.shared_lines_ == here.shared_lines_ and here.shared_lines_
    assert [apart.clean(d) for d in docs] == [here.clean(d) for d in docs]
    # Each page's shared lines come back as the hash its store keys need, not as lines.
    assert apart.shared_by_document_ == [] and any(here.shared_by_document_)
    hashes = [digest(*lines) for lines in here.shared_by_document_]
    assert list(fit.shared().values()) == hashes and hashes[0] != digest()


def test_cleaner_fitted_here_lets_its_shared_lines_go_too() -> None:
    docs = _pages(FIT_APART_DOCS - 2)
    fit = CorpusFit(docs, Settings(cache=False), None)
    here = Cleaner(settings=CleanerSettings()).fit(docs)
    assert fit.cleaner().shared_by_document_ == []
    assert list(fit.shared().values()) == [digest(*lines) for lines in here.shared_by_document_]


def _cleaning(name: str, text: str, drops: tuple[Drop, ...] = ()) -> tuple[Document, CleanDocument]:
    raw = Document(name, text, "cp1252", 2)
    lines = tuple(line.strip() for line in text.split("\n") if line.strip())
    numbers = tuple(i for i, line in enumerate(text.split("\n"), start=1) if line.strip())
    # A line cleaning changed (not its raw line stripped) is held as text.
    lines = (lines[0] + " (edited)", *lines[1:])
    meta = Metadata(title=lines[0], published="2024-05-01", author="A. Writer")
    return raw, CleanDocument(
        without_text(raw), lines, numbers, drops, title=lines[0], metadata=meta
    )


def test_packed_cleaning_round_trips_with_marks_into_the_raw_text() -> None:
    text = "  Chips news  \n\nThe fab opens in May.\n\tMore lines here.\u00a0\nSubscribe"
    raw, page = _cleaning("a.txt", text, (Drop(5, "cta", "Subscribe"),))
    held = PackedCleaning({"a.txt": raw.text}.__getitem__)
    held["a.txt"] = page
    assert held["a.txt"] == page and held.has_drops("a.txt") and held.has_lines("a.txt")
    held.put_drops("a.txt", None)
    assert held["a.txt"] == replace(page, drops=()) and not held.has_drops("a.txt")
    plain = PackedCleaning()
    plain["a.txt"] = page
    assert plain["a.txt"] == page
    # Marks are smaller than the lines they stand for.
    assert len(held._packed["a.txt"]) < len(plain._packed["a.txt"])
    empty = CleanDocument(Document("b.txt", "", "utf-8", 0), ())
    held["b.txt"] = empty
    assert not held.has_lines("b.txt") and held["b.txt"] == empty and len(held) == 2
    copied = held.copy()
    del held["a.txt"]
    assert "a.txt" in copied and "a.txt" not in held and copied["a.txt"] == replace(page, drops=())


def test_sources_read_in_chunks_keep_their_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import chipwatch.pipeline as pipeline

    for doc in _pages(7):
        (tmp_path / doc.name).write_text(doc.text)
    (tmp_path / "p003b.txt").write_text("")  # a skip in the middle
    settings = Settings(cache=False)
    whole = pipeline._read(pipeline._sources([str(tmp_path)], settings), settings, None)
    monkeypatch.setattr(pipeline, "_READ_EVERY", 2)
    chunked = pipeline._read(pipeline._sources([str(tmp_path)], settings), settings, None)
    assert list(chunked[0]) == list(whole[0]) and chunked[1] == whole[1]
    assert len(whole[0]) == 7 and len(whole[1]) == 1


def test_texts_are_held_compressed_and_cleaned_pages_without_their_source(
    analysis: Analysis,
) -> None:
    documents = analysis.documents
    assert isinstance(documents, PackedTexts)
    raw = {d.name: d for d in documents}
    assert documents.names() == list(raw) and documents[0] == raw[documents.names()[0]]
    cleaned = analysis.cleaned
    assert isinstance(cleaned, HeldCleaning)
    assert all(not held.document.text for held in cleaned.held().values())
    assert all(cleaned[name].document == raw[name] for name in cleaned)
    assert PackedTexts([Document("x", "caf\u00e9 \ud800")]).get("x").text == "caf\u00e9 \ud800"


def test_tokens_are_held_without_a_second_copy_of_their_text(analysis: Analysis) -> None:
    parsed = analysis.parsed
    assert isinstance(parsed, PackedDocuments) and len(parsed)
    assert all(text is None for text, _ in parsed._packed.values())
    docs = {d.name: d.text for d in analysis.token_documents}
    assert docs == dict(analysis.texts()) and all(docs.values())


def test_packed_documents_give_tokens_with_their_text_either_way() -> None:
    token = Token("Chips", "chip", "NOUN", "NNS", 0, False, False, False, True)
    doc = ParsedDocument("a.txt", "Chips sell.", (token,), ())
    texts = {"a.txt": "Chips sell."}
    held = PackedDocuments(text_of=texts.__getitem__)
    held.put_tokens(doc)
    held.put(replace(doc, name="b.txt", text="Another text."))
    assert held["a.txt"] == doc and held.copy()["a.txt"] == doc
    assert held["b.txt"].text == "Another text." and held["b.txt"].tokens == (token,)
    with pytest.raises(ValueError, match="text_of"):
        PackedDocuments().put_tokens(doc)


def test_tokens_packed_on_their_text_round_trip_and_fall_back() -> None:
    text = "TSMC's fabs  open.\nChips"
    words = [("TSMC", "TSMC", 0), ("'s", "'s", 4), ("fabs", "fab", 7), ("open", "open", 13)]
    words += [(".", ".", 17), ("\n", "\n", 18), ("Chips", "chip", 19)]
    tokens = tuple(
        Token(w, lemma, "NOUN", "NN", idx, i % 2 == 0, w == ".", False, i == 0)
        for i, (w, lemma, idx) in enumerate(words)
    )
    assert unpack_tokens_on(text, pack_tokens_on(text, tokens)) == tokens
    assert len(pack_tokens_on(text, tokens)) < len(pack_tokens(tokens)) + 8
    # A token that is not its slice of the text is packed whole, and read back as such.
    odd = (*tokens[:-1], replace(tokens[-1], text="chips"))
    assert unpack_tokens_on(text, pack_tokens_on(text, odd)) == odd


def test_spilled_texts_are_read_back_here_and_in_a_forked_child() -> None:
    docs = [Document(f"p{i}.txt", f"Page {i}\n" + "chips and wafers " * i) for i in range(40)]
    texts = PackedTexts(docs)
    assert texts._spill._file is not None or not hasattr(os, "pread")
    assert list(texts) == docs and texts.text("p7.txt") == docs[7].text
    if can_fork():
        assert run_apart(lambda: texts.text("p39.txt")) == docs[39].text


def test_spill_keeps_blobs_in_memory_when_the_file_fails() -> None:
    spill = Spill()
    first = spill.put(b"one")
    spill._writing = False  # as after a write error (a full disk)
    second = spill.put(b"two")
    assert second < 0 and spill.get(second) == b"two" and spill.get(first) == b"one"
