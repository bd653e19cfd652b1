"""Tests for keyword in context: entity aliases, phrases, raw line numbers, trimming."""

from __future__ import annotations

from typing import Any

import pytest

from chipwatch.entities.mentions import resolve_mentions
from chipwatch.gazetteer import Gazetteer, load_gazetteer
from chipwatch.kwic import KWIC_COLUMNS, align, find_phrase, kwic
from chipwatch.models import CleanDocument, Document, Mention
from chipwatch.nlp import parse

LINES = (
    "Trade talks stall over chip rules",
    "Officials in the US said on Monday that the new rules would stay.",
    "Exporters in America worried, and the U.S. Commerce Department said little.",
    "Chipmakers said the chip rules hurt sales; chips piled up in warehouses.",
)
# The cleaner kept these raw lines (menus and blank lines in between were dropped).
RAW_LINES = (4, 9, 10, 14)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def doc(name: str = "a.txt", lines: tuple[str, ...] = LINES) -> CleanDocument:
    raw = "\n".join(lines)
    return CleanDocument(
        document=Document(name, raw), lines=lines, line_numbers=RAW_LINES[: len(lines)]
    )


def mention(d: CleanDocument, surface: str, entity: str, label: str = "GPE") -> Mention:
    start = d.text.index(surface)
    return Mention(d.name, entity, label, surface, start, start + len(surface))


def rows(frame: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in frame.rows]


def test_entity_alias_finds_every_mention_with_raw_line(gazetteer: Gazetteer) -> None:
    d = doc()
    ms = [
        mention(d, "US", "United States"),
        mention(d, "America", "United States"),
        mention(d, "U.S.", "United States"),
        mention(d, "Commerce Department", "Commerce Department", "ORG"),
    ]
    for term in ("United States", "U.S.", "america"):
        table = kwic(term, [d], ms, gazetteer)
        assert tuple(table.columns) == KWIC_COLUMNS
        assert [(f, n, m) for f, n, _, m, _ in rows(table)] == [
            ("a.txt", 9, "US"),
            ("a.txt", 10, "America"),
            ("a.txt", 10, "U.S."),
        ], term
    first = rows(kwic("United States", [d], ms, gazetteer, width=80))[0]
    assert first[2] == "Officials in the"
    assert first[4] == "said on Monday that the new rules would stay."


def test_entity_without_mentions_searches_its_forms_case_sensitively(
    gazetteer: Gazetteer,
) -> None:
    d = doc(lines=("Tell us about US rules and America today.",))
    table = kwic("United States", [d], None, gazetteer)
    # The alias "US" never matches the pronoun "us".
    assert table.column("match") == ["US", "America"]


def test_phrase_is_case_insensitive_and_whole_word(gazetteer: Gazetteer) -> None:
    table = kwic("chip rules", [doc()], [], gazetteer)
    assert [(n, m) for _, n, _, m, _ in rows(table)] == [(4, "chip rules"), (14, "chip rules")]
    assert kwic("CHIP", [doc()], [], gazetteer).column("match") == ["chip", "chip"]
    assert kwic("nothing here", [doc()], [], gazetteer).empty


def test_find_phrase_spans_whitespace_and_apostrophes() -> None:
    text = "China\u2019s  export\ncontrols and china's Export Controls"
    assert [text[s:e] for s, e in find_phrase("China's export controls", text)] == [
        "China\u2019s  export\ncontrols",
        "china's Export Controls",
    ]
    assert find_phrase("", text) == []


def test_context_is_trimmed_at_word_boundaries(gazetteer: Gazetteer) -> None:
    long = " ".join(f"word{i}" for i in range(30))
    d = doc(lines=(f"{long} TARGET {long}",))
    (row,) = rows(kwic("target", [d], [], gazetteer, width=20))
    _, _, left, match, right = row
    assert match == "TARGET"
    assert left.startswith("…") and len(left) <= 20
    assert left.endswith("word29")
    assert all(w.startswith("word") for w in left[1:].split())  # no partial word
    assert right.endswith("…") and len(right) <= 20
    assert right.startswith("word0 word1")
    assert all(w.startswith("word") for w in right[:-1].split())


def test_context_stays_on_the_matched_line(gazetteer: Gazetteer) -> None:
    (row,) = rows(kwic("Monday", [doc()], [], gazetteer, width=200))
    assert row[2] == "Officials in the US said on"
    assert row[4] == "that the new rules would stay."


def test_align_lines_up_matches(gazetteer: Gazetteer) -> None:
    table = kwic("chip rules", [doc(), doc("b-longer-name.txt")], [], gazetteer)
    lines = align(table)
    assert len(lines) == 4
    assert len({line.index("[chip rules]") for line in lines}) == 1
    assert "a.txt:14" in lines[1] and "[chip rules] hurt sales; chips piled up" in lines[1]
    assert align(table.head(0)) == []


def test_united_states_with_the_real_model(nlp: Any, gazetteer: Gazetteer) -> None:
    lines = (
        "The U.S. tightened export rules on Friday.",
        "Officials in the United States said America would review them next year.",
    )
    d = CleanDocument(document=Document("r.txt", "\n".join(lines)), lines=lines)
    (parsed,) = parse(nlp, [(d.name, d.text)], tokens=False)
    ms = resolve_mentions(parsed, gazetteer)
    table = kwic("United States", [d], ms, gazetteer)
    assert [(n, m) for _, n, _, m, _ in rows(table)] == [
        (1, "U.S."),
        (2, "United States"),
        (2, "America"),
    ]
