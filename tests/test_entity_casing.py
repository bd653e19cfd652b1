"""Tests for joining case twins: one canonical name per entity whatever its case."""

from __future__ import annotations

from collections import Counter

from chipwatch.entities.casing import canonical_case, unify_case
from chipwatch.models import Mention


def m(entity: str, file: str = "a.txt", label: str = "GPE", start: int = 0) -> Mention:
    return Mention(file, entity, label, entity, start, start + len(entity))


def test_the_mixed_case_form_names_the_row() -> None:
    assert canonical_case(Counter({"PORT ELLIS": 3, "Port Ellis": 1})) == "Port Ellis"


def test_then_the_most_frequent_then_sort_order() -> None:
    assert canonical_case(Counter({"al-Karim": 1, "Al-Karim": 4})) == "Al-Karim"
    assert canonical_case(Counter({"Tekno": 2, "TekNo": 2})) == "TekNo"


def test_twins_across_files_become_one_entity_and_surfaces_stay() -> None:
    mentions = [
        m("PORT ELLIS", "a.txt"),
        m("Port Ellis", "b.txt"),
        m("Port Ellis", "b.txt", start=40),
        m("Harwick", "b.txt", start=80),
    ]
    out = unify_case(mentions)
    assert [x.entity for x in out] == ["Port Ellis", "Port Ellis", "Port Ellis", "Harwick"]
    assert [x.surface for x in out] == [x.surface for x in mentions]
    assert [x.file for x in out] == [x.file for x in mentions]


def test_an_all_caps_name_without_a_twin_is_left_alone() -> None:
    assert [x.entity for x in unify_case([m("KORVAX"), m("Harwick")])] == ["KORVAX", "Harwick"]


def test_numeric_labels_are_not_touched() -> None:
    mentions = [m("MAY 5", label="DATE"), m("May 5", label="DATE")]
    assert [x.entity for x in unify_case(mentions)] == ["MAY 5", "May 5"]
