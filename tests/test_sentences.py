"""Tests for the rule-based sentence splitter and the one-line snippets built on it."""

from __future__ import annotations

from chipwatch.models import Mention
from chipwatch.sentences import ELLIPSIS, sentence_of, sentence_spans, snippet, window


def test_sentence_spans_respect_abbreviations_and_lines() -> None:
    text = (
        "Acme Corp. hired Mr. Lo on Jan. 5. It grew in the U.S. The board agreed!\n"
        "\n"
        'She asked "why?" and left. Last line without a stop'
    )
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == [
        "Acme Corp. hired Mr. Lo on Jan. 5.",
        "It grew in the U.S.",
        "The board agreed!",
        'She asked "why?" and left.',
        "Last line without a stop",
    ]
    assert sentence_spans("") == []


def test_sentence_spans_keep_initialisms_inside_a_sentence() -> None:
    text = "The U.S. Commerce Department acted. U.S. officials agreed."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "The U.S. Commerce Department acted.",
        "U.S. officials agreed.",
    ]


def mention_at(text: str, surface: str, entity: str, label: str, file: str = "a.txt") -> Mention:
    start = text.index(surface)
    return Mention(file, entity, label, surface, start, start + len(surface))


def test_snippet_is_the_sentence_on_one_line() -> None:
    text = "First   sentence here. Then Acme\tspoke to Zed. Third one."
    m = mention_at(text, "Acme", "Acme", "ORG")
    assert snippet({"a.txt": text}, m) == "Then Acme spoke to Zed."


def test_long_snippet_is_trimmed_at_words_around_the_mention() -> None:
    words = " ".join(f"word{i}" for i in range(60))
    text = f"{words} Acme {words}."
    m = mention_at(text, "Acme", "Acme", "ORG")
    got = snippet({"a.txt": text}, m, width=60)
    assert len(got) <= 60
    assert got.startswith("\u2026") and got.endswith("\u2026")
    assert "Acme" in got
    inner = got.strip("\u2026").split()
    assert all(w.startswith("word") or w == "Acme" for w in inner), inner
    start = mention_at(text, "word0", "w", "ORG")
    assert snippet({"a.txt": text}, start, width=60).startswith("word0 word1")


def test_sentence_of_finds_the_sentence_a_span_starts_in() -> None:
    text = "One here. Two there."
    spans = sentence_spans(text)
    two = text.index("Two")
    assert sentence_of(spans, two, two + 3) == (two, len(text))
    # A span crossing a break stretches its sentence; one before every sentence is itself.
    assert sentence_of(spans, 0, two + 3) == (0, two + 3)
    assert sentence_of([(5, 9)], 1, 3) == (1, 3)


def test_window_keeps_short_sentences_whole_and_marks_cuts() -> None:
    text = "Short   one."
    assert window(text, (0, len(text)), (0, 5), width=40) == "Short one."
    long = "alpha beta gamma delta Acme epsilon zeta eta theta"
    got = window(long, (0, len(long)), (long.index("Acme"), long.index("Acme") + 4), width=24)
    assert got.startswith(ELLIPSIS) and got.endswith(ELLIPSIS) and "Acme" in got
    assert len(got) <= 24
