"""The test that spares lines ftfy's detector: exact (it never skips a line the detector
would flag) and useful (it skips clean prose with curly quotes and accents)."""

from __future__ import annotations

import re

import ftfy
import pytest
from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from chipwatch import mojibake
from chipwatch.corpus import normalize_text
from chipwatch.mojibake import _clues, may_hold_mojibake, repair_mojibake, required_characters


@pytest.fixture(autouse=True)
def _clues_in_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the lines a run searches before it reads the clues."""
    monkeypatch.setattr(mojibake, "_asked", [mojibake._BEFORE_CLUES])


#: Clean text the way English news writes it, and text garbled by reading UTF-8 as a
#: Windows or Mac code page.
_CLEAN = [
    "“We’re not selling H20 chips to China,” the company said — for now.",
    "Café owners in São Paulo… earn €5 an hour • © 2024 Reuters",
    "Zürich, 12 °C, naïve résumé",
]
_GARBLED = [
    text.encode("utf-8").decode(codec, errors="replace")
    for text in _CLEAN
    for codec in ("cp1252", "latin-1", "mac_roman", "cp1251", "cp437")
]
#: Characters a detector pattern names, and characters of clean text, to draw from.
_ALPHABET = sorted(
    {c for text in _CLEAN + _GARBLED for c in text}
    | set("ÃÂâ€™œ\x9d¦¤¨¬¯¸ƒˆ˜™šœžŸ×ÐÑÒÓ«»Œ“”‘’•–— abcXYZ.,")
)


@given(st.lists(st.sampled_from(_ALPHABET), max_size=12).map("".join))
@settings(max_examples=3000, deadline=None)
def test_a_line_the_detector_would_flag_is_never_skipped(line: str) -> None:
    if is_bad(line):
        assert may_hold_mojibake(line)


def test_garbled_lines_are_searched_and_repaired_and_clean_prose_is_skipped() -> None:
    for text in _GARBLED:
        if is_bad(text):
            assert may_hold_mojibake(text), text
    assert repair_mojibake(_GARBLED[0]) == ftfy.fix_text(
        _GARBLED[0], uncurl_quotes=False, fix_latin_ligatures=False
    )
    assert not any(map(may_hold_mojibake, _CLEAN[:1] + _CLEAN[2:]))
    assert normalize_text("Don\u00e2\u20ac\u2122t stop\n“fine”")[0] == "Don’t stop\n“fine”"


def test_a_short_run_searches_its_first_lines_without_reading_the_clues(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mojibake, "_asked", [0])
    assert all(may_hold_mojibake(_CLEAN[0]) for _ in range(mojibake._BEFORE_CLUES))
    assert not may_hold_mojibake(_CLEAN[0])


def test_the_clues_are_read_from_the_detector_pattern() -> None:
    clues = _clues()
    assert clues is not None and "Ã" in clues.any_of and "“" not in clues.any_of
    simple = required_characters("[ÀÁ]x|y[Ãö]|(?:ÿ|ü)+|“[”’]")
    assert simple is not None and simple.any_of == frozenset("ÀÁÃöÿü")
    assert simple.all_of == ((frozenset("“"), frozenset("”’")),)
    assert simple.allow("“a”") and not simple.allow("“a") and not simple.allow("a’")
    # An alternative that needs no non-ASCII character, or a case-blind pattern,
    # gives no clues: the test is then off, never inexact.
    assert required_characters("[ÀÁ]x|yz") is None
    assert required_characters("[ÀÁ]x|(?:z|ü)+") is None
    assert required_characters("Ã", re.IGNORECASE) is None
