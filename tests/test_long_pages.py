"""Long pages: the same entities whatever the layout, and indexes that answer as scans did.

A page may arrive as one long line (a flattened page, a transcript, a PDF conversion).
It is parsed in pieces cut at sentence ends and resolved with per-page indexes instead
of scans of the page; these tests pin that the answers do not change.
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from chipwatch.entities.mentions import resolve_mentions
from chipwatch.entities.page import Page
from chipwatch.entities.persons import _surname_matches
from chipwatch.entities.spans import Taken
from chipwatch.gazetteer import load_gazetteer
from chipwatch.nlp import MAX_PIECE, parse, split_text

FIRST = ["Jane", "Carlos", "Priya", "Tomas", "Omar", "Lena"]
LAST = ["Doe", "Moreno", "Patel", "Novak", "Haddad", "Fischer"]
SENTENCES = [
    "According to officials, {p} of Nvidia said that Huawei had shipped chips to "
    "Shenzhen last year, officials said.",
    "In a statement, Commerce Secretary {p} said the Bureau of Industry and Security "
    "would widen its rules, the statement said.",
    "On the record, {p} said TSMC and Samsung were racing to expand capacity in "
    "Arizona, the report said.",
    "In other news, the Commerce Department met officials from the Netherlands and "
    "Japan in Washington, people said.",
]


def page_text(sentences: int, *, paragraph_every: int = 0) -> str:
    """Sentences dense with names, on one line or in paragraphs of ``paragraph_every``.

    Both layouts have the same length and the same characters but the separators, so
    offsets can be compared as they are.
    """
    rnd = random.Random(3)
    parts = [
        SENTENCES[rnd.randrange(len(SENTENCES))].format(p=f"{FIRST[i % 6]} {LAST[i // 6 % 6]}")
        for i in range(sentences)
    ]
    out = [parts[0]]
    for i, sentence in enumerate(parts[1:], 1):
        out.append("\n" if paragraph_every and i % paragraph_every == 0 else " ")
        out.append(sentence)
    return "".join(out)


def test_a_long_line_is_cut_after_sentence_ends() -> None:
    text = page_text(400)
    pieces = split_text(text, 5_000)
    assert "".join(pieces) == text
    assert len(pieces) > 1
    assert all(len(p) <= 5_000 for p in pieces)
    assert all(p.endswith(". ") for p in pieces[:-1])


def test_a_line_without_sentence_ends_is_cut_at_spaces_then_anywhere() -> None:
    assert split_text("aaaa bbbb cccc dddd", 10) == ["aaaa bbbb ", "cccc dddd"]
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_one_line_page_has_the_entities_of_the_same_text_in_paragraphs(nlp: Any) -> None:
    gaz = load_gazetteer()
    one_line = page_text(1_400)
    paragraphs = page_text(1_400, paragraph_every=4)
    assert len(one_line) == len(paragraphs) > 15 * MAX_PIECE
    found = []
    for text in (one_line, paragraphs):
        (parsed,) = parse(nlp, [("page.txt", text)], entities=True, tokens=False)
        mentions = resolve_mentions(parsed, gaz)
        assert all(text[m.start : m.end] == m.surface for m in mentions)
        found.append([(m.start, m.end, m.entity, m.label) for m in mentions])
    assert found[0] == found[1]
    assert {"Jane Doe", "Huawei", "Bureau of Industry and Security"} <= {m[2] for m in found[0]}


def _article_search(text: str, name: str) -> bool:
    """The scan :meth:`Page.writes_with_article` replaces."""
    body = re.escape(name)
    pattern = (
        rf"(?:[a-z,;:][ \t]+{body}(?![\w-])|[\"\u201c\u2018'(]{body}[.,!?]?[\"\u201d\u2019')])"
    )
    return re.search(pattern, text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "The Information said so. It was reported by The Information, said The Information.",
        'He wrote "The Digital War." and (The Hague) and \u201cA Tale\u201d, in The The Band.',
        "The Verge-like site; said The Verge-side. An Apple a day, as An Apple.",
        "nothing here",
    ],
)
@pytest.mark.parametrize(
    "name", ["The Information", "The Digital War", "The Hague", "A Tale", "The Verge", "An A"]
)
def test_written_article_index_answers_as_the_scan_did(text: str, name: str) -> None:
    assert Page(text).writes_with_article(name) == _article_search(text, name)


def test_line_around_gives_the_lines_a_span_touches() -> None:
    text = "first line\nsecond line\n\nlast"
    page = Page(text)
    for start in range(len(text)):
        for end in range(start, len(text) + 1):
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            expected = (line_start, line_end if line_end >= 0 else len(text))
            assert page.line_around(start, end) == expected


def test_surname_matches_are_those_of_a_pattern_search() -> None:
    text = (
        "Doe said. Doe's view, (Doe) and Doe-Smith, O'Brien and Brien's; xDoe, Doe\u2019s "
        "Doe'sx Abc.Def Abc. Brien"
    )
    surnames = ["Doe", "Brien", "Abc.Def", "Abc", "Missing"]
    found = _surname_matches(text, surnames)
    for surname in surnames:
        pattern = rf"(?<![\w-]){re.escape(surname)}(?:['\u2019]s)?(?![\w-])"
        assert found.get(surname, []) == [m.span() for m in re.finditer(pattern, text)]


def test_taken_marks_covered_characters() -> None:
    taken = Taken("x" * 20)
    taken.add(3, 6)
    assert taken.overlaps(5, 9) and taken.overlaps(0, 4) and not taken.overlaps(6, 10)
    assert not taken.overlaps(0, 3)
