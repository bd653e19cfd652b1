"""Taxonomy loading (and its error messages) and theme scoring through the real model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from chipwatch.entities import resolve_mentions
from chipwatch.errors import TaxonomyError
from chipwatch.gazetteer import load_gazetteer
from chipwatch.models import (
    THEME_COLUMNS,
    THEME_EVIDENCE_COLUMNS,
    THEME_SUMMARY_COLUMNS,
    Mention,
    ParsedDocument,
)
from chipwatch.nlp import parse
from chipwatch.themes import (
    Beat,
    TermRule,
    WeightedTheme,
    beat_from,
    evidence_table,
    load_taxonomy,
    page_evidence,
    score_themes,
    theme_summary,
    theme_table,
)

TAXONOMY = """
[themes.batteries]
description = "Battery makers and cell chemistry"
threshold = 0.3
terms = ["battery", "solid-state cell", "gigafactory"]

[themes.robots]
description = "Robots in factories"
threshold = 0.3
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
    assert batteries.threshold == 0.3
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
        ("[themes.x.terms]\na = -1\n", "weight of term 'a' must be a positive finite number"),
        ("[themes.x]\nterms = ['a']\nthreshold = 'high'\n", "'threshold' must be a finite number"),
        ("[themes.x]\nterms = ['a']\ntreshold = 0.2\n", "unknown key(s) treshold"),
        ("[themes.x.terms]\na = { wieght = 2 }\n", "term 'a': unknown key(s) wieght"),
        ("[themes.x.terms]\na = { requires_any = 'China' }\n", "'requires_any' must be a list"),
        ("[themes.x.terms]\na = { within = 'page' }\n", "'within' must be one of"),
        ("[themes.x.terms]\na = { anchor = 1 }\n", "'anchor' must be true or false"),
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


def _mentions(nlp: Any, name: str, text: str) -> list[Mention]:
    (doc,) = parse(nlp, [(name, text)], entities=True, tokens=False)
    return resolve_mentions(doc, load_gazetteer())


def _score(
    nlp: Any, taxonomy: Any, *texts: tuple[str, str], names: bool = False, **options: Any
) -> pd.DataFrame:
    docs = _parse(nlp, *texts)
    mentions = {name: _mentions(nlp, name, text) for name, text in texts} if names else None
    return score_themes(docs, taxonomy, mentions=mentions, **options)


def test_scores_are_shares_and_passing_mentions_stay_out(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, TAXONOMY))
    texts = (("battery.txt", BATTERY_TEXT), ("robot.txt", ROBOT_TEXT))
    shown = _score(nlp, taxonomy, *texts)
    assert tuple(shown.columns) == THEME_COLUMNS
    pairs = set(zip(shown["file"], shown["theme"], strict=True))
    # Each text is about its own theme; the one robot in the battery text is not enough.
    assert pairs == {("battery.txt", "batteries"), ("robot.txt", "robots")}

    everything = _score(nlp, taxonomy, *texts, include_all=True)
    assert len(everything) == 4
    for _, page in everything.groupby("file"):
        assert page["score"].sum() == pytest.approx(1.0, abs=0.001)
        assert all(0 <= s <= 1 for s in page["score"])
    passing = everything[(everything["file"] == "battery.txt") & (everything["theme"] == "robots")]
    (row,) = passing.itertuples()
    assert 0 < row.score < 0.3 and row.rank == 2
    assert [t.split(":")[0] for t in row.terms] == ["robot"]


def test_score_does_not_depend_on_page_length(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, TAXONOMY))
    padding = "The weather was mild and the harbour was calm that week.\n" * 40
    short = _score(nlp, taxonomy, ("a.txt", ROBOT_TEXT), include_all=True)
    long = _score(nlp, taxonomy, ("b.txt", ROBOT_TEXT + padding), include_all=True)
    assert list(short["score"]) == list(long["score"])


def test_one_distinct_everyday_word_is_not_enough(nlp: Any, tmp_path: Path) -> None:
    text = "\n".join(["Harbour news", *["A robot moved a crate in the harbour today."] * 4])
    plain = _write(tmp_path, "[themes.robots]\nterms = ['robot', 'humanoid', 'cobot']\n")
    assert _score(nlp, load_taxonomy(plain), ("a.txt", text)).empty
    # Two distinct terms are evidence, and so is one anchor term.
    second = text + "\nA humanoid waved from the quay.\n"
    assert list(_score(nlp, load_taxonomy(plain), ("a.txt", second))["theme"]) == ["robots"]
    anchored = _write(tmp_path, "[themes.robots.terms]\nrobot = 2.0\n", "anchor.toml")
    assert list(_score(nlp, load_taxonomy(anchored), ("a.txt", text))["theme"]) == ["robots"]


def test_plain_list_phrases_anchor_and_shared_terms_do_not(nlp: Any, tmp_path: Path) -> None:
    toml = (
        "[themes.trade]\nterms = ['export ban', 'licence']\n"
        "[themes.retaliation]\nterms = ['export ban', 'gallium']\n"
        "[themes.ports]\nterms = ['container terminal', 'crane']\n"
    )
    taxonomy = load_taxonomy(_write(tmp_path, toml))
    (ports,) = [t for t in taxonomy.themes if t.name == "ports"]
    assert ports.rule(0).anchor and not ports.rule(1).anchor
    text = "Port news\nThe export ban hit the new container terminal.\n"
    rows = _score(nlp, taxonomy, ("a.txt", text), include_all=True)
    shown = _score(nlp, taxonomy, ("a.txt", text))
    # A phrase of a plain list is an anchor; one that two themes list is weaker for each
    # and no anchor, so it shows neither theme alone.
    assert list(shown["theme"]) == ["ports"]
    by_theme = {r.theme: r.terms for r in rows.itertuples()}
    assert by_theme["trade"] == ["export ban:0.5"] == by_theme["retaliation"]


def test_terms_match_inflections_not_longer_words(nlp: Any, tmp_path: Path) -> None:
    toml = "[themes.t]\nterms = ['robotics', 'sanction', 'export controls', 'EV']\n"
    taxonomy = load_taxonomy(_write(tmp_path, toml))
    text = (
        "Robotic arms and EVs\n"
        "The ministry sanctioned two firms under new export control rules.\n"
        "A robotic arm was sold to an EV maker.\n"
    )
    (row,) = _score(nlp, taxonomy, ("a.txt", text)).itertuples()
    found = {t.split(":")[0] for t in row.terms}
    assert found == {"sanction", "export controls", "EV"}


def test_plural_noun_term_does_not_match_a_verb(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, "[themes.t]\nterms = ['curbs', 'quotas']\n"))
    verb = "Rules\nThe city wants to curb traffic and quotas help.\n"
    noun = "Rules\nThe new curbs and quotas help.\n"
    assert _score(nlp, taxonomy, ("a.txt", verb), include_all=True)["terms"][0] == ["quotas:1.0"]
    assert len(_score(nlp, taxonomy, ("b.txt", noun))) == 1


def test_capitalised_term_is_a_name(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, "[themes.t.terms]\nAscend = 2.0\n"))
    texts = (
        ("a.txt", "Markets\nShares may ascend again next week.\n"),
        ("b.txt", "Chips\nThe new Ascend accelerator shipped.\n"),
    )
    assert list(_score(nlp, taxonomy, *texts)["file"]) == ["b.txt"]


def test_terms_inside_other_names_do_not_count(nlp: Any, tmp_path: Path) -> None:
    toml = (
        "[themes.models]\nterms = ['Kimi', 'chatbot']\n"
        "[themes.robots]\nterms = ['robotics', 'automation']\n"
    )
    taxonomy = load_taxonomy(_write(tmp_path, toml))
    text = (
        "Race report\n"
        "Kimi Räikkönen won the race, and a chatbot wrote the report.\n"
        "Ceres Robotics sponsored the event; automation of pit stops was banned.\n"
    )
    rows = _score(nlp, taxonomy, ("a.txt", text), names=True, include_all=True)
    terms = {t.split(":")[0] for ts in rows["terms"] for t in ts}
    assert terms == {"chatbot", "automation"}
    # Without the entity layer, capitalisation still tells "Ceres Robotics" is a name.
    rows = _score(nlp, taxonomy, ("a.txt", text), include_all=True)
    assert "robotics" not in {t.split(":")[0] for ts in rows["terms"] for t in ts}


def test_requires_any_context_condition(nlp: Any, tmp_path: Path) -> None:
    toml = (
        "[themes.security.terms]\n"
        "military = { requires_any = ['China', 'PLA'], within = 'sentence' }\n"
        "drills = { requires_any = ['China'], within = 'paragraph' }\n"
    )
    taxonomy = load_taxonomy(_write(tmp_path, toml))
    (rule, _) = [t.rule(i) for t in taxonomy.themes for i in range(2)]
    assert rule == TermRule(requires_any=("China", "PLA"), within="sentence", anchor=False)
    alone = "Parade\nThe military band played. Drills followed.\n"
    near = "Parade\nThe PLA said its military band played. Drills in China followed.\n"
    assert _score(nlp, taxonomy, ("a.txt", alone), include_all=True)["terms"][0] == []
    (row,) = _score(nlp, taxonomy, ("b.txt", near), names=True).itertuples()
    assert {t.split(":")[0] for t in row.terms} == {"military", "drills"}


def test_shipped_taxonomy_needs_context_for_everyday_words(nlp: Any) -> None:
    taxonomy = load_taxonomy()
    war = (
        "Ceasefire talks stall\n"
        "The military said the ceasefire would hold, and sanctions on the rebels stay.\n"
        "A solar eclipse was visible on the night the shortage of bread began.\n"
    )
    rows = _score(nlp, taxonomy, ("war.txt", war), include_all=True)
    assert all(ts == [] for ts in rows["terms"])
    beat = "Chip war\nChina's military wants chips, and US sanctions on Chinese chip firms stay.\n"
    rows = _score(nlp, taxonomy, ("beat.txt", beat), include_all=True)
    terms = {t.split(":")[0] for ts in rows["terms"] for t in ts}
    assert {"military", "sanctions", "chip war"} <= terms


BEAT_TAXONOMY = """
[themes.chips]
description = "China's chip industry: SMIC and Huawei"
terms = ["chipmaker", "foundry", "wafer", "export controls"]
"""


def test_relevance_gates_off_beat_pages(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, BEAT_TAXONOMY))
    gazetteer = load_gazetteer()
    beat = beat_from(((e.name, e.label, e.forms()) for e in gazetteer.entries), taxonomy)
    assert beat.subject["China"] == 1.0 and "China" in beat.places
    on = (
        "China's chipmakers race ahead\n"
        "SMIC, China's largest chipmaker, opened a foundry in Shanghai despite export controls.\n"
        "Its wafer output in China rose, the chipmaker said.\n"
    )
    off = (
        "Bakery opens a new shop\n"
        "A family bakery opened its third shop on the high street on Monday.\n"
        "The owner said a local foundry once stood here, and a wafer biscuit is the best seller.\n"
        "Queues formed before nine, and the first loaves sold out by noon.\n"
    )
    texts = (("on.txt", on), ("off.txt", off))
    docs = _parse(nlp, *texts)
    mentions = {name: _mentions(nlp, name, text) for name, text in texts}
    pages = page_evidence(docs, taxonomy, mentions=mentions, beat=beat)
    relevance = {p.name: p.relevance for p in pages}
    assert relevance["on.txt"] >= 0.8 and relevance["off.txt"] == 0.0
    shown = theme_table(pages, taxonomy, min_relevance=0.4)
    assert list(shown["file"]) == ["on.txt"]
    # Asked to score every page, the bakery's two terms are a theme again.
    assert set(theme_table(pages, taxonomy)["file"]) == {"on.txt", "off.txt"}
    # No beat subject named: a page full of terms is relevant only through them.
    assert page_evidence(docs, taxonomy, beat=Beat())[0].relevance > 0


def test_lesser_subjects_add_up(nlp: Any, tmp_path: Path) -> None:
    toml = (
        '[themes.a]\ndescription = "China and Huawei"\nterms = ["foundry", "wafer"]\n'
        '[themes.b]\ndescription = "China and Nvidia"\nterms = ["chipmaker", "fab"]\n'
    )
    taxonomy = load_taxonomy(_write(tmp_path, toml))
    beat = beat_from(((e.name, e.label, e.forms()) for e in load_gazetteer().entries), taxonomy)
    assert beat.subject == {"China": 1.0, "Huawei": 0.5, "Nvidia": 0.5}
    one = "Foundry news\nHuawei opened a foundry, and analysts said wafer output rose.\n"
    both = "Foundry news\nHuawei opened a foundry, and Nvidia said wafer output rose.\n"
    texts = (("one.txt", one), ("both.txt", both))
    docs = _parse(nlp, *texts)
    mentions = {name: _mentions(nlp, name, text) for name, text in texts}
    pages = page_evidence(docs, taxonomy, mentions=mentions, beat=beat)
    relevance = {p.name: p.relevance for p in pages}
    # The title (one term) is not on the beat; the body line is, weighed 0.5 with Huawei
    # alone and 1.0 with Huawei and Nvidia.
    assert relevance["both.txt"] == pytest.approx(2 * relevance["one.txt"], abs=0.001)
    assert relevance["one.txt"] > 0


def test_one_long_line_is_judged_in_blocks(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, BEAT_TAXONOMY))
    beat = beat_from(((e.name, e.label, e.forms()) for e in load_gazetteer().entries), taxonomy)
    filler = "The festival drew large crowds to the old town square on Saturday. " * 12
    chips = "In China, SMIC said its chipmaker unit would build a foundry near Shanghai. "
    line = "Town festival draws crowds\n" + filler + chips + filler + "\n"
    docs = _parse(nlp, ("long.txt", line))
    mentions = {"long.txt": _mentions(nlp, "long.txt", line)}
    (page,) = page_evidence(docs, taxonomy, mentions=mentions, beat=beat)
    # One on-beat sentence in a page-long line makes one block of about 80 words on the
    # beat, not the whole page.
    assert 0 < page.relevance < 0.4


def test_headline_names_the_primary_theme(nlp: Any, tmp_path: Path) -> None:
    toml = (
        "[themes.batteries]\nterms = ['battery', 'gigafactory', 'cathode']\n"
        "[themes.robots]\nterms = ['robot', 'humanoid', 'gripper']\n"
    )
    taxonomy = load_taxonomy(_write(tmp_path, toml))
    text = (
        "Robot makers shrug off a battery glut\n"
        "A humanoid with a new gripper went on sale.\n"
        "Battery prices fell as every gigafactory raised output; cathode costs fell too.\n"
        "A battery maker said its gigafactory would double, and battery exports rose.\n"
    )
    rows = _score(nlp, taxonomy, ("a.txt", text))
    assert list(rows["theme"]) == ["robots", "batteries"]
    assert rows["score"].iloc[0] < rows["score"].iloc[1]


def test_explain_lists_terms_with_snippets(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, TAXONOMY))
    docs = _parse(nlp, ("robot.txt", ROBOT_TEXT))
    pages = page_evidence(docs, taxonomy)
    table = evidence_table(pages, docs, taxonomy)
    assert tuple(table.columns) == THEME_EVIDENCE_COLUMNS
    assert set(table["theme"]) == {"robots"}
    first = table.iloc[0]
    assert first["term"] == "humanoid robot" and first["count"] == 2
    assert "humanoid robots" in first["snippet"].lower()
    assert all(
        t.lower().split()[0] in s.lower()
        for t, s in zip(table["term"], table["snippet"], strict=True)
    )


def test_acronyms_match_case_sensitively(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, "[themes.ev.terms]\nEV = 2.0\n"))
    texts = (("a.txt", "Sales of EVs rose.\n"), ("b.txt", "Eve said ev is not a word.\n"))
    shown = _score(nlp, taxonomy, *texts)
    assert list(shown["file"]) == ["a.txt"]


def test_theme_summary(nlp: Any, tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, TAXONOMY))
    summary = theme_summary(
        _score(nlp, taxonomy, ("battery.txt", BATTERY_TEXT), ("robot.txt", ROBOT_TEXT)), n_docs=4
    )
    assert tuple(summary.columns) == THEME_SUMMARY_COLUMNS
    assert set(summary["theme"]) == {"batteries", "robots"}
    assert list(summary["docs"]) == [1, 1]
    assert list(summary["share"]) == [0.25, 0.25]
    assert theme_summary(pd.DataFrame(columns=list(THEME_COLUMNS)), n_docs=3).empty
