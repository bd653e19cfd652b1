"""Tests for cutting one model span into the spans that really are entities."""

from __future__ import annotations

import pytest

from chipwatch.entities.page import Page
from chipwatch.entities.spans import (
    Piece,
    cut_span,
    hard_wrapped,
    line_parts,
    longest_line,
    with_possessive,
    word_spans,
)
from chipwatch.gazetteer import Gazetteer, load_gazetteer
from chipwatch.models import RawEntity


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def cut(text: str, surface: str, label: str, gaz: Gazetteer) -> list[tuple[str, str]]:
    start = text.index(surface)
    ent = RawEntity(text=surface, label=label, start=start, end=start + len(surface))
    return [(text[p.start : p.end], p.label) for p in cut_span(Page(text), ent, gaz)]


def test_word_spans_are_whitespace_separated() -> None:
    text = "  Acme  Corp\tLtd "
    assert [text[s:e] for s, e in word_spans(text, 0, len(text))] == ["Acme", "Corp", "Ltd"]


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        ("The U.S.-China talks.", "U.S.-China", "GPE", [("U.S.", "GPE"), ("China", "GPE")]),
        ("We met the Quorvex Works team.", "the Quorvex Works", "ORG", [("Quorvex Works", "ORG")]),
        ("Analyst Mara Quinlan.", "Analyst Mara Quinlan", "PERSON", [("Mara Quinlan", "PERSON")]),
        (
            "Huawei CEO Lina Vos.",
            "Huawei CEO Lina Vos",
            "PERSON",
            [("Huawei", "ORG"), ("Lina Vos", "PERSON")],
        ),
        ("Acme CEO spoke.", "Acme CEO", "ORG", [("Acme", "ORG")]),
        ("Commerce Secretary spoke.", "Commerce Secretary", "ORG", []),
        (
            "Office of the President.",
            "Office of the President",
            "ORG",
            [("Office of the President", "ORG")],
        ),
        ("Tencent Z7 won.", "Tencent Z7", "ORG", [("Tencent", "ORG"), ("Z7", "PRODUCT")]),
        ("The DeepSeek AI app.", "DeepSeek AI", "PRODUCT", [("DeepSeek", "PRODUCT")]),
    ],
)
def test_cut_span(
    gaz: Gazetteer, text: str, surface: str, label: str, expected: list[tuple[str, str]]
) -> None:
    assert cut(text, surface, label, gaz) == expected


def test_first_name_left_outside_the_span_is_taken_back(gaz: Gazetteer) -> None:
    text = "Chief Executive Maren Ostrova said yes."
    assert cut(text, "Ostrova", "PERSON", gaz) == [("Maren Ostrova", "PERSON")]


def test_with_possessive_extends_over_a_possessive_outside_the_span() -> None:
    text = "Trump's plan and Williams' team and Acme's"
    trump = with_possessive(text, Piece(0, 5, "PERSON"))
    williams = with_possessive(text, Piece(17, 25, "PERSON"))
    assert text[trump.start : trump.end] == "Trump's"
    assert text[williams.start : williams.end] == "Williams'"
    whole = Piece(36, 42, "ORG")
    assert with_possessive(text, whole) == whole


@pytest.mark.parametrize(
    ("text", "surface", "label", "expected"),
    [
        # A span the model ran over a line break is cut at it, each part trimmed.
        (
            "Credit: Harbor Daily\nNadia Brandt said so.",
            "Harbor Daily\nNadia Brandt",
            "ORG",
            [("Harbor Daily", "ORG"), ("Nadia Brandt", "ORG")],
        ),
        ("He bought a Lightport 4\n", "Lightport 4\n", "PERSON", [("Lightport 4", "PERSON")]),
        # Lower-case determiners are never part of a name.
        ("It has a Glide Pad now.", "a Glide Pad", "LAW", [("Glide Pad", "LAW")]),
        ("Ask an Orbis Labs rep.", "an Orbis Labs", "ORG", [("Orbis Labs", "ORG")]),
        ("Try its Vantabook Max.", "its Vantabook Max", "PRODUCT", [("Vantabook Max", "PRODUCT")]),
        # A capitalised article that only starts a sentence is not part of the name...
        ("The Riverside Hawks won.", "The Riverside Hawks", "ORG", [("Riverside Hawks", "ORG")]),
        ("A Kestrel Air flew by.", "A Kestrel Air", "PRODUCT", [("Kestrel Air", "PRODUCT")]),
        # ...unless the gazetteer lists it, or the page writes it where no sentence starts.
        ("The Hague ruled.", "The Hague", "GPE", [("The Hague", "GPE")]),
        (
            "The Evening Lantern said so, as did readers of The Evening Lantern.",
            "The Evening Lantern",
            "ORG",
            [("The Evening Lantern", "ORG")],
        ),
        (
            'She wrote "The Quiet Harbour" in 2001. The Quiet Harbour sold well.',
            "The Quiet Harbour",
            "WORK_OF_ART",
            [("The Quiet Harbour", "WORK_OF_ART")],
        ),
        # A person's name run into a score or a count ends before the number.
        ("Mira Holt 2 goals.", "Mira Holt 2 goals", "PERSON", [("Mira Holt", "PERSON")]),
        ("Jo Pell 6-3 won.", "Jo Pell 6-3", "PERSON", [("Jo Pell", "PERSON")]),
        ("Plug in Lightport 4.", "Lightport 4", "PERSON", [("Lightport 4", "PERSON")]),
    ],
)
def test_cut_span_lines_articles_and_numbers(
    gaz: Gazetteer, text: str, surface: str, label: str, expected: list[tuple[str, str]]
) -> None:
    assert cut(text, surface, label, gaz) == expected


def test_line_parts_never_hold_a_line_break() -> None:
    text = "  Port\n Ellis \r\nHarbor  Road\n"
    ent = RawEntity(text=text, label="GPE", start=0, end=len(text))
    assert [p.text for p in line_parts(text, ent)] == ["Port", "Ellis", "Harbor  Road"]


WRAPPED = (
    "Officials from the Harbor Bureau of Trade\n"
    "and Security met with the board on Monday and\n"
    "said that new rules for the export of sensors\n"
    "would follow, according to people who asked\n"
    "not to be named because the talks are private.\n"
)
PARAGRAPHS = (
    "Officials from the Harbor Bureau met the board on Monday.\n"
    "They said new rules for the export of sensors would follow soon.\n"
    "People who asked not to be named said the talks were private.\n"
    "Why readers trust Harbor Daily\n"
    "The board will meet again in March, a spokeswoman said.\n"
)


def test_a_page_of_fixed_width_lines_is_hard_wrapped() -> None:
    assert hard_wrapped(WRAPPED)
    assert not hard_wrapped(PARAGRAPHS)
    assert not hard_wrapped("Short\nlines\nonly,\n")


def test_longest_line_keeps_a_piece_on_one_line() -> None:
    start = WRAPPED.index("Harbor Bureau")
    end = WRAPPED.index("Security") + len("Security")
    piece = longest_line(WRAPPED, Piece(start, end, "ORG"))
    assert WRAPPED[piece.start : piece.end] == "Harbor Bureau of Trade"


def test_by_line_false_keeps_a_span_across_a_line_break(gaz: Gazetteer) -> None:
    surface = "the Harbor Bureau of Trade\nand Security"
    start = WRAPPED.index(surface)
    ent = RawEntity(text=surface, label="ORG", start=start, end=start + len(surface))
    (piece,) = cut_span(Page(WRAPPED), ent, gaz, by_line=False)
    assert WRAPPED[piece.start : piece.end] == "Harbor Bureau of Trade\nand Security"
