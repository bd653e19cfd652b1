"""Tests for the gazetteer: name normalisation, lookup, ruler patterns, user files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chipwatch.entities.mentions import resolve_mentions
from chipwatch.errors import GazetteerError
from chipwatch.gazetteer import (
    Gazetteer,
    load_gazetteer,
    lookup_key,
    normalize_name,
    strip_possessive,
)
from chipwatch.nlp import parse


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


# --- pure helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Acme's", "Acme"), ("Acme\u2019s", "Acme"), ("Williams'", "Williams"), ("Boss", "Boss")],
)
def test_strip_possessive(text: str, expected: str) -> None:
    assert strip_possessive(normalize_name(text)) == expected


def test_normalize_name_folds_typographic_quotes_and_spaces() -> None:
    assert normalize_name("Sean  O\u2019Brien\u00a0Jr") == "Sean O'Brien Jr"


def test_lookup_key_is_one_key_for_every_spelling() -> None:
    assert lookup_key("Nvidia\u2019s") == lookup_key(" Nvidia, ") == "Nvidia"
    assert lookup_key("U.S.") == "U.S"


# --- gazetteer --------------------------------------------------------------------------


def test_shipped_gazetteer_covers_the_beat(gaz: Gazetteer) -> None:
    for alias, name, label in [
        ("NVIDIA", "Nvidia", "ORG"),
        ("Nvidia\u2019s", "Nvidia", "ORG"),
        ("U.S.", "United States", "GPE"),
        ("America's", "United States", "GPE"),
        ("the United States", "United States", "GPE"),
        ("MOFCOM", "Ministry of Commerce", "ORG"),
        ("U.S. Commerce Department", "Department of Commerce", "ORG"),
        ("BIS", "Bureau of Industry and Security", "ORG"),
        ("Harmony OS", "HarmonyOS", "PRODUCT"),
        ("CHIPS Act", "CHIPS and Science Act", "LAW"),
    ]:
        entry = gaz.canonical(alias)
        assert entry is not None, alias
        assert (entry.name, entry.label) == (name, label)
    h20 = gaz.canonical("H20s")
    assert h20 is not None and h20.name == "H20"
    assert gaz.canonical("Zorblax Widgets") is None


def test_product_family_keeps_model_number_whole(gaz: Gazetteer) -> None:
    a = gaz.canonical("Ascend 910C")
    b = gaz.canonical("Kirin 9000")
    c = gaz.canonical("Kirin 9000S")
    assert a is not None and (a.name, a.label) == ("Ascend 910C", "PRODUCT")
    assert b is not None and c is not None and b.name != c.name
    assert gaz.canonical("Ascend growth") is None


def test_ambiguous_family_name_only_counts_with_a_model_number(gaz: Gazetteer) -> None:
    mate = gaz.canonical("Mate 70 Pro")
    assert mate is not None and (mate.name, mate.label) == ("Mate 70 Pro", "PRODUCT")
    assert gaz.canonical("Mate") is None
    phrases = {p["pattern"] for p in gaz.ruler_patterns() if isinstance(p["pattern"], str)}
    assert "Mate" not in phrases and "Ascend" in phrases


def test_ruler_patterns_carry_canonical_ids(gaz: Gazetteer) -> None:
    patterns = gaz.ruler_patterns()
    by_text = {p["pattern"]: p for p in patterns if isinstance(p["pattern"], str)}
    assert by_text["NVIDIA"]["id"] == "Nvidia"
    assert by_text["H20s"]["id"] == "H20"
    assert by_text["People\u2019s Republic of China"]["id"] == "China"
    assert all(p.get("id") for p in patterns if isinstance(p["pattern"], str))
    families = [
        p
        for p in patterns
        if isinstance(p["pattern"], list) and p["pattern"][0].get("ORTH") == "Ascend"
    ]
    assert families, "a product family needs a '<family> <model>' token pattern"


def write(tmp_path: Path, text: str, name: str = "gaz.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_overrides_and_extends(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[entity]]
name = "Nvidia"
label = "ORG"
aliases = ["Green Team"]

[[entity]]
name = "Quasar Fabs"
label = "ORG"
aliases = ["QFab"]

[[entity]]
name = "Commerce Bureau"
label = "ORG"
aliases = ["Commerce"]

[ignore]
terms = ["NPUx"]
""",
    )
    gaz = load_gazetteer(path)
    green = gaz.canonical("Green Team")
    qfab = gaz.canonical("QFab")
    commerce = gaz.canonical("Commerce")
    assert green is not None and green.name == "Nvidia"
    assert qfab is not None and (qfab.name, qfab.label) == ("Quasar Fabs", "ORG")
    # An alias claimed by the user entry is taken from the shipped one.
    assert commerce is not None and commerce.name == "Commerce Bureau"
    assert "NPUx" in gaz.ignore and "GPU" in gaz.ignore
    ids = {p.get("id") for p in gaz.ruler_patterns()}
    assert "Quasar Fabs" in ids


def run(nlp: Any, gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    (doc,) = parse(nlp, [("t.txt", text)], entities=True, tokens=False)
    return [(m.entity, m.label) for m in resolve_mentions(doc, gaz)]


def test_user_file_changes_pipeline_output(tmp_path: Path, nlp: Any) -> None:
    from chipwatch.nlp import load_pipeline

    path = write(
        tmp_path,
        '[[entity]]\nname = "Zorblax"\nlabel = "PRODUCT"\naliases = ["Zorblax X9"]\n',
    )
    gaz = load_gazetteer(path)
    user_nlp = load_pipeline(patterns=gaz.ruler_patterns())
    got = run(user_nlp, gaz, "Engineers at the plant praised the Zorblax X9 yesterday.")
    assert ("Zorblax", "PRODUCT") in got


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[[entity]\nname = 'x'", "not valid TOML"),
        ("[[entity]]\nlabel = 'ORG'\n", "'name' must be a non-empty string"),
        ("[[entity]]\nname = 'X'\nlabel = 'COMPANY'\n", "'label' must be one of"),
        ("[[entity]]\nname = 'X'\nlabel = 'ORG'\naliases = 'Y'\n", "'aliases' must be a list"),
        ("[[entity]]\nname = 'X'\nlabel = 'ORG'\ncolour = 'red'\n", "unknown key(s) colour"),
        ("[people]\nx = 1\n", "unknown section(s) people"),
        ("[[pattern]]\nlabel = 'ORG'\ntokens = []\n", "'tokens' must be a non-empty list"),
    ],
)
def test_malformed_gazetteer_names_file_and_problem(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(GazetteerError) as info:
        load_gazetteer(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_missing_gazetteer_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(GazetteerError, match=r"nope\.toml not found"):
        load_gazetteer(missing)


def test_lists_form_is_an_exact_listed_form(gaz: Gazetteer) -> None:
    assert gaz.lists_form("The Hague")
    assert gaz.lists_form("NVIDIA")  # case folds when unambiguous
    assert not gaz.lists_form("The Nvidia")  # canonical() drops the article; this does not
    assert gaz.canonical("The Nvidia") is not None
