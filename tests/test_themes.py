"""Taxonomy loading (and its error messages) and theme scoring through the real model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from chipwatch.errors import TaxonomyError
from chipwatch.models import THEME_COLUMNS, THEME_SUMMARY_COLUMNS, ParsedDocument
from chipwatch.nlp import parse
from chipwatch.themes import WeightedTheme, load_taxonomy, score_themes, theme_summary

TAXONOMY = """
[themes.batteries]
description = "Battery makers and cell chemistry"
threshold = 3.0
terms = ["battery", "solid-state cell", "gigafactory"]

[themes.robots]
description = "Robots in factories"
threshold = 3.0
[themes.robots.terms]
"humanoid robot" = 2.0
robot = 1.0
AI = 0.5
"""

# Substantially about batteries; mentions robots once in passing.
BATTERY_TEXT = (
    "Battery makers race to build gigafactories\n"
    "Three battery makers announced new gigafactories this week, betting that "
    "solid-state cells will reach cars by 2028.\n"
    "The batteries promise more range, and each gigafactory will employ thousands.\n"
    "One plant will also use a robot to move pallets.\n"
)
# Substantially about robots; no battery terms at all.
ROBOT_TEXT = (
    "Humanoid robots learn to sort parcels\n"
    "A start-up says its humanoid robots can sort parcels after a day of training.\n"
    "Each robot watches workers and copies them; the robots share what they learn.\n"
)


def _write(tmp_path: Path, text: str, name: str = "themes.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _parse(nlp: Any, *texts: tuple[str, str]) -> list[ParsedDocument]:
    return list(parse(nlp, list(texts), entities=False, tokens=True))


def test_shipped_taxonomy_loads() -> None:
    taxonomy = load_taxonomy()
    names = [t.name for t in taxonomy.themes]
    assert 10 <= len(names) <= 20
    assert "export_controls" in names
    assert all(t.terms and t.description for t in taxonomy.themes)


def test_custom_taxonomy_with_lists_and_weights(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, TAXONOMY))
    batteries, robots = taxonomy.themes
    assert batteries.terms == ("battery", "solid-state cell", "gigafactory")
    assert batteries.threshold == 3.0
    assert isinstance(robots, WeightedTheme)
    assert robots.weights == (2.0, 1.0, 0.5)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[themes.x\n", "not valid TOML"),
        ("title = 'no themes'\n", "no themes found"),
        ("[themes.x]\ndescription = 'd'\n", "theme 'x' has no terms"),
        ("[themes.x]\nterms = []\n", "theme 'x' has no terms"),
        ("[themes.x]\nterms = ['a', 3]\n", "every term must be a non-empty string"),
        ("[themes.x.terms]\na = -1\n", "weight of term 'a' must be a positive number"),
        ("[themes.x]\nterms = ['a']\nthreshold = 'high'\n", "'threshold' must be a number"),
        ("[themes.x]\nterms = ['a']\ntreshold = 0.2\n", "unknown key(s) treshold"),
    ],
)
def test_bad_taxonomy_names_file_and_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_missing_taxonomy_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(TaxonomyError, match="file not found") as info:
        load_taxonomy(path)
    assert str(path) in str(info.value)


def test_scores_above_and_below_threshold(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, TAXONOMY))
    docs = _parse(nlp, ("battery.txt", BATTERY_TEXT), ("robot.txt", ROBOT_TEXT))
    shown = score_themes(docs, taxonomy)
    assert tuple(shown.columns) == THEME_COLUMNS
    pairs = set(zip(shown["file"], shown["theme"], strict=True))
    # Each text is about its own theme; the passing robot mention stays below threshold.
    assert pairs == {("battery.txt", "batteries"), ("robot.txt", "robots")}

    everything = score_themes(docs, taxonomy, include_all=True)
    assert len(everything) == 4
    passing = everything[(everything["file"] == "battery.txt") & (everything["theme"] == "robots")]
    (row,) = passing.itertuples()
    assert 0 < row.score < 3.0
    assert row.rank == 2
    assert row.terms == [row.terms[0]] and row.terms[0].startswith("robot:")


def test_terms_show_contributions_strongest_first(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, TAXONOMY))
    docs = _parse(nlp, ("robot.txt", ROBOT_TEXT))
    (row,) = score_themes(docs, taxonomy).itertuples()
    names = [t.split(":")[0] for t in row.terms]
    values = [float(t.split(":")[1]) for t in row.terms]
    # Longer terms claim their tokens first: "humanoid robots" is not also "robot".
    assert names[0] == "humanoid robot"
    assert values == sorted(values, reverse=True)
    assert sum(values) == pytest.approx(row.score, abs=0.01)


def test_acronyms_match_case_sensitively(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, "[themes.ev]\nterms = ['EV']\nthreshold = 0\n"))
    docs = _parse(nlp, ("a.txt", "Sales of EVs rose.\n"), ("b.txt", "Eve said ev is not a word.\n"))
    shown = score_themes(docs, taxonomy)
    assert list(shown["file"]) == ["a.txt"]


def test_theme_summary(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, TAXONOMY))
    docs = _parse(nlp, ("battery.txt", BATTERY_TEXT), ("robot.txt", ROBOT_TEXT))
    summary = theme_summary(score_themes(docs, taxonomy), n_docs=4)
    assert tuple(summary.columns) == THEME_SUMMARY_COLUMNS
    assert set(summary["theme"]) == {"batteries", "robots"}
    assert list(summary["docs"]) == [1, 1]
    assert list(summary["share"]) == [0.25, 0.25]
    assert theme_summary(pd.DataFrame(columns=list(THEME_COLUMNS)), n_docs=3).empty
