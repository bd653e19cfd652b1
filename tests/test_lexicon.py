"""Tests for the shared word knowledge: dashes, singular forms, function words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipwatch.lexicon import (
    DASHES,
    FUNCTION_WORDS,
    HYPHENS,
    STOP_WORDS,
    singular,
    strip_plural_s,
)


def test_hyphens_join_compounds_and_dashes_add_the_em_dash() -> None:
    assert {"-", "\u2010", "\u2011", "\u2013"} == HYPHENS
    assert HYPHENS | {"\u2014"} == DASHES
    assert "\u2014" not in HYPHENS


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("companies", "company"),
        ("taxes", "tax"),
        ("processes", "process"),
        ("branches", "branch"),
        ("controls", "control"),
        ("process", "process"),
        ("status", "status"),
        ("analysis", "analysis"),
        ("gas", "gas"),
        ("ties", "tie"),
    ],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("controls", "control"),
        ("companies", "companie"),  # only a final "s" goes: the simpler guess
        ("status", "statu"),
        ("process", "process"),
        ("gas", "gas"),
    ],
)
def test_strip_plural_s(word: str, expected: str) -> None:
    assert strip_plural_s(word) == expected


def test_stop_words_are_spacys() -> None:
    """The copy must equal spaCy's list, or keyword boundaries would silently move."""
    from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS

    assert frozenset(SPACY_STOP_WORDS) == STOP_WORDS


def test_function_words_add_prepositions() -> None:
    assert STOP_WORDS < FUNCTION_WORDS
    assert {"amidst", "despite", "versus"} <= FUNCTION_WORDS - STOP_WORDS
    assert all(w == w.lower() for w in FUNCTION_WORDS)


def test_importing_the_lexicon_loads_no_spacy() -> None:
    import subprocess
    import sys

    code = "import sys, chipwatch.lexicon; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_text_key_ignores_case_width_spacing_and_edge_punctuation() -> None:
    from chipwatch.lexicon import text_key

    assert text_key("  China’s Chips:  ") == text_key("china’s   chips") == "china’s chips"
    assert text_key("ＳＭＩＣ | ") == "smic"  # full-width letters fold to ASCII
    assert text_key("— Home —") == "home"


# Whitespace of every kind, edge punctuation, case folds and letters: what decides
# whether a line's key needs its whitespace collapsed.
# fmt: off
_KEY_PARTS = [
    " ", "  ", "\t", "\n", "\u00a0", "\u2009", "\u3000", "\u2028", "\x1c", "\x85",
    ".", ":", "|", "-", "—", "·", "•", '"', "’", "a", "B", "é", "ß", "ＳＭＩＣ", "1",
]
# fmt: on


@given(st.lists(st.sampled_from(_KEY_PARTS) | st.text(max_size=3), max_size=12))
@settings(max_examples=3000, deadline=None)
def test_text_key_collapses_whitespace_exactly_as_splitting_and_joining_does(
    parts: list[str],
) -> None:
    import unicodedata

    from chipwatch.lexicon import text_key

    line = "".join(parts)
    folded = line.lower() if line.isascii() else unicodedata.normalize("NFKC", line).casefold()
    assert text_key(line) == " ".join(folded.split()).strip(" .:|-–—·•\"'“”‘’")
