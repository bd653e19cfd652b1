"""Quotes and reported statements: quotation marks, the cue prefilter, statements read
from the real parser on sentences written for the test, speaker resolution, the store
(a warm run parses nothing), the library, and the real command in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chipwatch import Corpus, Settings
from chipwatch.cli import app
from chipwatch.models import QUOTE_COLUMNS, Mention, Statement
from chipwatch.quotes import cue_sentences, find_statements, quote_spans, resolve_speaker
from chipwatch.quotes.marks import quote_text

CHIPWATCH = Path(sys.executable).parent / "chipwatch"

PAGE = (
    "Chipmakers brace for new export rules\n"
    "The Commerce Department said on Tuesday that the new rules would close loopholes in "
    "earlier controls.\n"
    "Nvidia chief executive Jensen Huang has criticised the measures. \u201cThe controls "
    "have failed and only help our competitors,\u201d he said at a briefing in Taipei.\n"
    "According to analysts at a Hong Kong brokerage, demand for local accelerators will "
    "double next year.\n"
    "The company did not say how many orders it had lost.\n"
)


def _statements(nlp: Any, text: str) -> list[Statement]:
    from chipwatch.nlp import parse_sentences

    return find_statements(text, parse_sentences(nlp, text, cue_sentences(text)))


# --- quotation marks ------------------------------------------------------------------------
def test_typographic_and_straight_marks_pair_and_stray_ones_are_left_out() -> None:
    text = 'He said "we will win," then left. A stray " mark.\n\u201cOpen but never closed.'
    spans = quote_spans(text)
    assert [quote_text(text, s, e) for s, e in spans] == ["we will win"]


def test_a_quote_runs_over_paragraphs_when_each_opens_with_a_mark() -> None:
    text = "\u201cFirst part of it.\n\u201cSecond part,\u201d she said.\nNext."
    [(start, end)] = quote_spans(text)
    assert quote_text(text, start, end) == "First part of it. Second part"


def test_only_sentences_with_a_mark_or_a_cue_word_are_parsed() -> None:
    text = "Prices rose. Officials said more curbs are coming. The \u201cplan\u201d is old."
    chosen = [text[s:e] for s, e in cue_sentences(text)]
    assert chosen == ["Officials said more curbs are coming.", "The \u201cplan\u201d is old."]


# --- statements from the parse -------------------------------------------------------------
def test_direct_and_reported_statements_with_their_cues(nlp: Any) -> None:
    rows = {(s.kind, s.cue, s.quote, s.speaker_text) for s in _statements(nlp, PAGE)}
    assert ("indirect", "said", "the new rules would close loopholes in earlier controls",
            "The Commerce Department") in rows  # fmt: skip
    assert ("direct", "said", "The controls have failed and only help our competitors",
            "he") in rows  # fmt: skip
    assert any(
        kind == "indirect" and cue == "According to" and quote.startswith("demand for local")
        for kind, cue, quote, _ in rows
    )
    # "did not say" is no statement; the direct quote is not also an indirect row.
    assert len(rows) == 3


def test_titles_terms_and_noun_content_are_not_statements(nlp: Any) -> None:
    text = (
        "Li Wei, author of \u201cThe Silicon Siege,\u201d highlighted the importance of talent.\n"
        "The so-called \u201centity list\u201d keeps growing, officials said.\n"
    )
    rows = _statements(nlp, text)
    assert [(s.kind, s.quote) for s in rows] == [
        ("indirect", "The so-called \u201centity list\u201d keeps growing")
    ]


def test_a_split_quote_is_one_row_and_a_partial_quote_gets_its_own(nlp: Any) -> None:
    text = (
        "\u201cWe are ready,\u201d the minister said, \u201cand we will respond in kind.\u201d\n"
        "She said using the chips \u201canywhere in the world\u201d breaks the rules.\n"
    )
    rows = [(s.kind, s.quote) for s in _statements(nlp, text)]
    assert ("direct", "We are ready and we will respond in kind.") in rows
    assert ("direct", "anywhere in the world") in rows
    assert (
        "indirect",
        "using the chips \u201canywhere in the world\u201d breaks the rules",
    ) in rows


def test_the_subject_is_inherited_and_relative_pronouns_stand_for_their_noun(nlp: Any) -> None:
    text = (
        "Acme Semiconductor issued a statement saying the ban would cost it billions.\n"
        "The startup Foo Labs, whose founder claims to have built the chip in a year, "
        "is hiring.\n"
    )
    rows = {(s.cue, s.speaker_text) for s in _statements(nlp, text)}
    assert ("saying", "Acme Semiconductor") in rows
    assert any(cue == "claims" and "Foo Labs" in who for cue, who in rows)


# --- speakers -----------------------------------------------------------------------------------
def _said(speaker_text: str, start: int, head: str, head_pos: str) -> Statement:
    return Statement(
        kind="indirect", cue="said", quote="x y z", start=start + 50, sentence="",
        speaker_text=speaker_text, speaker_start=start, speaker_end=start + len(speaker_text),
        head=head, head_start=start + speaker_text.index(head), head_pos=head_pos,
    )  # fmt: skip


def _m(entity: str, label: str, start: int) -> Mention:
    return Mention("f", entity, label, entity, start, start + len(entity))


MENTIONS = [
    _m("Jensen Huang", "PERSON", 0),
    _m("Nvidia", "ORG", 20),
    _m("Ministry of Commerce", "ORG", 40),
    _m("United States", "GPE", 70),
    _m("Gina Raimondo", "PERSON", 120),  # inside a quotation: never an antecedent
]
QUOTED = [(110, 150)]


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (_said("he", 200, "he", "PRON"), ("Jensen Huang", "PERSON")),
        (_said("it", 200, "it", "PRON"), ("Ministry of Commerce", "ORG")),
        (_said("the company", 200, "company", "NOUN"), ("Nvidia", "ORG")),
        (_said("the ministry", 200, "ministry", "NOUN"), ("Ministry of Commerce", "ORG")),
        (_said("the statement", 200, "statement", "NOUN"), ("United States", "GPE")),
        (_said("analysts", 200, "analysts", "NOUN"), ("", "")),
        (_said("Huang", 200, "Huang", "PROPN"), ("Jensen Huang", "PERSON")),
    ],
)
def test_pronouns_descriptions_and_surnames_resolve(
    statement: Statement, expected: tuple[str, str]
) -> None:
    assert resolve_speaker(statement, MENTIONS, QUOTED) == expected


def test_a_group_is_its_named_member_and_a_place_makes_no_speaker() -> None:
    group = _said("Critics, including Jensen Huang", 0, "Critics", "NOUN")
    assert resolve_speaker(group, MENTIONS[:1], []) == ("Jensen Huang", "PERSON")
    officials = _said("United States officials", 70, "officials", "NOUN")
    assert resolve_speaker(officials, MENTIONS, []) == ("", "")


# --- the library, the store and the command ----------------------------------------------
@pytest.fixture()
def page_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "rules.txt").write_text(PAGE, encoding="utf-8")
    return folder


def test_corpus_quotes_with_canonical_speakers_and_filters(page_dir: Path, tmp_path: Path) -> None:
    corpus = Corpus([str(page_dir)], settings=Settings(cache_dir=tmp_path / "store"))
    table = corpus.quotes()
    assert list(table.columns) == list(QUOTE_COLUMNS)
    speakers = set(zip(table["speaker"], table["kind"], strict=True))
    assert ("Department of Commerce", "indirect") in speakers
    assert ("Jensen Huang", "direct") in speakers
    commerce = corpus.quotes(speaker="Commerce")
    assert set(commerce["speaker"]) == {"Department of Commerce"}
    assert set(corpus.quotes(kind="direct")["kind"]) == {"direct"}
    summary = corpus.quotes(summary=True)
    assert summary["count"].sum() == len(table)


def test_a_warm_run_parses_nothing(
    page_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(cache_dir=tmp_path / "store")
    cold = Corpus([str(page_dir)], settings=settings).quotes()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser ran on a warm run")

    monkeypatch.setattr("chipwatch.nlp.parse_sentences", refuse)
    monkeypatch.setattr("chipwatch.nlp.parse", refuse)
    warm = Corpus([str(page_dir)], settings=settings).quotes()
    assert warm.equals(cold)


def test_entities_never_run_the_parser(
    page_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chipwatch.nlp import _disabled, load_pipeline

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("entities ran the dependency parser")

    monkeypatch.setattr("chipwatch.nlp.parse_sentences", refuse)
    corpus = Corpus([str(page_dir)], settings=Settings(cache=False))
    assert not corpus.entities().empty
    nlp = load_pipeline()
    assert "parser" in _disabled(nlp, entities=True, tokens=True)


def test_a_bad_kind_is_a_one_line_usage_error(page_dir: Path) -> None:
    done = CliRunner().invoke(app, ["quotes", str(page_dir), "--kind", "hearsay", "--no-cache"])
    assert done.exit_code == 2
    assert done.stderr.strip().count("\n") == 0
    assert "--kind hearsay" in done.stderr and "Traceback" not in done.stderr


def test_the_command_runs_in_a_subprocess(page_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [str(CHIPWATCH), "quotes", str(page_dir), "--json", "--speaker", "Huang"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    rows = json.loads(done.stdout)
    assert [(r["speaker"], r["kind"], r["speaker_text"]) for r in rows] == [
        ("Jensen Huang", "direct", "he")
    ]
    assert "1 processed" in done.stderr


def test_datelines_clauses_on_a_noun_and_a_colon_before_the_quote(nlp: Any) -> None:
    text = (
        "SEOUL, May 2 (Wire) - The trade ministry said on Friday that exports had slowed.\n"
        "The regulator said in a notice that it had fined two brokers.\n"
        "In a statement, Samsung said:\n"
        "\u201cWe will keep investing in memory and foundry capacity.\u201d\n"
    )
    rows = {(s.kind, s.speaker_text, s.quote) for s in _statements(nlp, text)}
    assert ("indirect", "The trade ministry", "exports had slowed") in rows
    assert ("indirect", "The regulator", "it had fined two brokers") in rows
    assert ("direct", "Samsung",
            "We will keep investing in memory and foundry capacity.") in rows  # fmt: skip


def test_a_nested_statement_ends_the_outer_row_and_gets_its_own(nlp: Any) -> None:
    text = (
        "The industry group warned that the controls could backfire, saying they would "
        "hand the market to rivals.\n"
    )
    rows = {(s.cue, s.quote) for s in _statements(nlp, text)}
    assert ("warned", "the controls could backfire") in rows
    assert ("saying", "they would hand the market to rivals") in rows


def test_a_pronoun_after_a_statement_is_its_speaker_not_its_listener() -> None:
    from chipwatch.quotes.speakers import Said

    mentions = [_m("Acme", "ORG", 0), _m("Reuters", "ORG", 10)]
    # "Acme told Reuters it expected a loss. It said …"
    previous = [Said(0, 40, "Acme", "ORG")]
    again = _said("It", 45, "It", "PRON")
    assert resolve_speaker(again, mentions, [], previous) == ("Acme", "ORG")
    assert resolve_speaker(again, mentions, []) == ("Reuters", "ORG")
    company = _said("the company", 45, "company", "NOUN")
    assert resolve_speaker(company, mentions, [], previous) == ("Acme", "ORG")


def test_the_government_of_a_place_is_that_place() -> None:
    government = _said("the United States government", 70, "government", "NOUN")
    assert resolve_speaker(government, MENTIONS, []) == ("United States", "GPE")


def test_a_quote_that_ends_its_sentence_is_not_given_the_next_ones_cue(nlp: Any) -> None:
    text = "\u201cWe will win this.\u201d Analysts said the plan was bold.\n"
    rows = [(s.kind, s.quote) for s in _statements(nlp, text)]
    assert rows == [("indirect", "the plan was bold")]


def test_same_speaker_cues_stay_in_one_row_and_acts_are_not_statements(nlp: Any) -> None:
    text = (
        "The chipmaker said that sales would slow, but that it expected demand to recover.\n"
        "The two countries agreed to restrict exports of the tools.\n"
        "He called the approach \u201ccounterproductive.\u201d\n"
    )
    rows = [(s.kind, s.cue, s.quote) for s in _statements(nlp, text)]
    assert rows == [
        ("indirect", "said", "sales would slow, but that it expected demand to recover"),
        ("direct", "called", "counterproductive."),
    ]
