"""Tests for cutting one model span into the spans that really are entities."""

from __future__ import annotations

import pytest

from chipwatch.entities.spans import Piece, cut_span, line_parts, with_possessive, word_spans
from chipwatch.gazetteer import Gazetteer, load_gazetteer
from chipwatch.models import RawEntity


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def cut(text: str, surface: str, label: str, gaz: Gazetteer) -> list[tuple[str, str]]:
    start = text.index(surface)
    ent = RawEntity(text=surface, label=label, start=start, end=start + len(surface))
    return [(text[p.start : p.end], p.label) for p in cut_span(text, ent, gaz)]


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
