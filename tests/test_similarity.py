"""Tests for the shared similarity helpers: shingles, Jaccard, connected components."""

from __future__ import annotations

import random

import pytest

from chipwatch.config import SHINGLE_SIZE
from chipwatch.similarity import components, jaccard, shingles


def test_shingles_ignore_case_and_quote_style() -> None:
    assert shingles("China\u2019s chips rise fast", size=2) == shingles(
        "CHINA'S chips  rise\nfast", size=2
    )
    assert shingles("two words", size=5) == frozenset({"two words"})
    assert shingles("  ", size=5) == frozenset()
    with pytest.raises(ValueError):
        shingles("text", size=0)


def test_shingles_default_size_comes_from_config() -> None:
    text = "one two three four five six seven"
    assert shingles(text) == shingles(text, size=SHINGLE_SIZE)
    assert len(shingles(text)) == 7 - SHINGLE_SIZE + 1


def test_shingles_keep_inner_apostrophes_and_dots() -> None:
    # "U.S." is one word; only its final dot, like any punctuation, is dropped.
    assert shingles("U.S. curbs China's chips", size=4) == frozenset({"u.s curbs china's chips"})


def test_jaccard_exact() -> None:
    assert jaccard(frozenset("abc"), frozenset("bcd")) == pytest.approx(2 / 4)
    assert jaccard(frozenset(), frozenset()) == 0.0
    assert jaccard(frozenset("ab"), frozenset("ab")) == 1.0


def test_components_are_labelled_by_their_lowest_member() -> None:
    assert components(6, [(4, 1), (1, 3), (5, 5)]) == [0, 1, 2, 1, 1, 5]
    assert components(3, []) == [0, 1, 2]
    assert components(0, []) == []


def test_components_join_chains() -> None:
    # 0-1 and 2-3 are separate until 1-2 links them: one group labelled 0.
    assert components(4, [(0, 1), (2, 3), (1, 2)]) == [0, 0, 0, 0]


def test_components_do_not_depend_on_pair_order() -> None:
    pairs = [(0, 7), (3, 5), (5, 9), (2, 8), (8, 6), (6, 2), (1, 4)]
    expected = components(10, pairs)
    assert expected == [0, 1, 2, 3, 1, 3, 2, 0, 2, 3]
    rng = random.Random(0)
    for _ in range(20):
        shuffled = [(b, a) if rng.random() < 0.5 else (a, b) for a, b in pairs]
        rng.shuffle(shuffled)
        assert components(10, shuffled) == expected
