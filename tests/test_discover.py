"""Theme discovery (NMF over keyword TF-IDF) and its TOML output, through the real model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chipwatch.discover import DiscoveredTheme, discover_themes, to_toml
from chipwatch.errors import UsageError
from chipwatch.models import ParsedDocument
from chipwatch.nlp import parse
from chipwatch.themes import WeightedTheme, load_taxonomy

TEXTS = (
    (
        "memory-a.txt",
        "Memory makers raise DRAM prices\n"
        "DRAM prices rose again as memory makers cut output of DRAM wafers.\n"
        "Memory makers expect DRAM prices to keep rising through the quarter.\n",
    ),
    (
        "memory-b.txt",
        "DRAM wafers run short\n"
        "Memory makers say DRAM wafers are scarce and DRAM prices are climbing.\n"
        "Buyers of DRAM wafers now sign longer contracts with memory makers.\n",
    ),
    (
        "solar-a.txt",
        "Solar panel exports slow\n"
        "Solar panel exports fell as polysilicon prices dropped and solar farms paused.\n"
        "Makers of solar panel glass blame the polysilicon glut for thin margins.\n",
    ),
    (
        "solar-b.txt",
        "Polysilicon glut hits solar farms\n"
        "The polysilicon glut cut solar panel prices and delayed new solar farms.\n"
        "Solar farms in the desert now buy cheaper solar panel modules.\n",
    ),
)


@pytest.fixture(scope="module")
def docs(nlp: Any) -> list[ParsedDocument]:
    return list(parse(nlp, list(TEXTS), entities=False, tokens=True))


def test_discovers_the_two_topics(docs: list[ParsedDocument]) -> None:
    themes = discover_themes(docs, k=2, top_terms=5)
    assert len(themes) == 2 and all(isinstance(t, DiscoveredTheme) for t in themes)
    by_docs = {frozenset(f for f, _ in t.documents[:2]): t for t in themes}
    memory = by_docs[frozenset({"memory-a.txt", "memory-b.txt"})]
    solar = by_docs[frozenset({"solar-a.txt", "solar-b.txt"})]
    assert any("dram" in term.lower() for term in memory.terms)
    assert any("solar" in term.lower() or "polysilicon" in term.lower() for term in solar.terms)
    for theme in themes:
        assert theme.weights[0] == 1.0
        assert list(theme.weights) == sorted(theme.weights, reverse=True)
        assert len(theme.terms) == len(theme.weights) <= 5
    assert len({t.name for t in themes}) == 2


def test_discovery_is_deterministic_and_order_free(docs: list[ParsedDocument]) -> None:
    first = discover_themes(docs, k=2, seed=0)
    assert discover_themes(docs, k=2, seed=0) == first
    assert discover_themes(list(reversed(docs)), k=2, seed=0) == first
    assert to_toml(discover_themes(docs[1:] + docs[:1], k=2)) == to_toml(first)


def test_toml_round_trips_through_load_taxonomy(docs: list[ParsedDocument], tmp_path: Path) -> None:
    themes = discover_themes(docs, k=2, top_terms=6)
    text = to_toml(themes)
    assert "# top document: memory-" in text and "# top document: solar-" in text
    path = tmp_path / "discovered.toml"
    path.write_text(text, encoding="utf-8")
    taxonomy = load_taxonomy(path)
    assert [t.name for t in taxonomy.themes] == [t.name for t in themes]
    for loaded, found in zip(taxonomy.themes, themes, strict=True):
        assert isinstance(loaded, WeightedTheme)
        assert loaded.description == found.description
        assert loaded.terms == found.terms
        assert loaded.weights == pytest.approx(found.weights, abs=1e-3)


def test_toml_escapes_quotes_and_backslashes(tmp_path: Path) -> None:
    theme = DiscoveredTheme(
        name="odd",
        description='says "hi" \\ bye',
        terms=('"quoted" term', "plain"),
        weights=(1.0, 0.5),
        documents=(("a.txt", 1.0),),
    )
    path = tmp_path / "odd.toml"
    path.write_text(to_toml([theme]), encoding="utf-8")
    (loaded,) = load_taxonomy(path).themes
    assert loaded.description == 'says "hi" \\ bye'
    assert loaded.terms == ('"quoted" term', "plain")


@pytest.mark.parametrize("k", [0, 5])
def test_impossible_k_is_a_usage_error(docs: list[ParsedDocument], k: int) -> None:
    with pytest.raises(UsageError, match="discover"):
        discover_themes(docs, k=k)
