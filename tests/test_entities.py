"""Tests for the entity tables and evidence built from resolved mentions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chipwatch.entities import (
    EVIDENCE_COLUMNS,
    MENTION_COLUMNS,
    doc_entity_table,
    entity_evidence,
    entity_table,
    mention_table,
)
from chipwatch.entities.mentions import resolve_mentions
from chipwatch.gazetteer import Gazetteer, load_gazetteer
from chipwatch.models import (
    DOC_ENTITY_COLUMNS,
    ENTITY_COLUMNS,
    Mention,
)
from chipwatch.nlp import parse


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


# --- tables -----------------------------------------------------------------------------


def mention(file: str, entity: str, label: str, surface: str | None = None) -> Mention:
    return Mention(file, entity, label, surface or entity, 0, len(entity))


def test_doc_entity_table_groups_sorts_and_filters() -> None:
    ms = [
        mention("b.txt", "Acme", "ORG"),
        mention("a.txt", "Acme", "ORG", "Acme's"),
        mention("a.txt", "Acme", "GPE", "ACME"),
        mention("a.txt", "Acme", "ORG"),
        mention("a.txt", "Zed Po", "PERSON"),
        mention("a.txt", "2024", "DATE"),
    ]
    table = doc_entity_table(ms)
    assert tuple(table.columns) == DOC_ENTITY_COLUMNS
    rows = table.records()
    assert rows[0] == {
        "file": "a.txt",
        "entity": "Acme",
        "label": "ORG",
        "mentions": 3,
        "aliases": ["ACME", "Acme", "Acme's"],
    }
    assert [(r["file"], r["entity"]) for r in rows] == [
        ("a.txt", "Acme"),
        ("a.txt", "Zed Po"),
        ("b.txt", "Acme"),
    ]
    dates = doc_entity_table(ms, labels=["date"]).records()
    assert [r["entity"] for r in dates] == ["2024"]
    people = doc_entity_table(ms, labels={"PERSON"})
    assert people.column("entity") == ["Zed Po"]


def test_entity_table_counts_docs_and_top() -> None:
    ms = [
        mention("a.txt", "Acme", "ORG"),
        mention("b.txt", "Acme", "ORG"),
        mention("b.txt", "Beta", "ORG"),
        mention("b.txt", "Alpha", "ORG"),
        mention("c.txt", "12", "CARDINAL"),
    ]
    table = entity_table(ms)
    assert tuple(table.columns) == ENTITY_COLUMNS
    assert table.column("entity") == ["Acme", "Alpha", "Beta"]
    assert table.column("docs") == [2, 1, 1]
    assert entity_table(ms, top=1).column("entity") == ["Acme"]
    assert entity_table(ms, labels=["CARDINAL"]).column("entity") == ["12"]


def test_empty_tables_keep_columns() -> None:
    assert tuple(doc_entity_table([]).columns) == DOC_ENTITY_COLUMNS
    assert tuple(entity_table([]).columns) == ENTITY_COLUMNS


# --- evidence ---------------------------------------------------------------------------


def mention_at(text: str, surface: str, entity: str, label: str, file: str = "a.txt") -> Mention:
    start = text.index(surface)
    return Mention(file, entity, label, surface, start, start + len(surface))


def test_entity_evidence_first_mentions_per_entity() -> None:
    a = "Acme met Zed Po. Later Acme left.\nAcme came back."
    b = "Acme shipped parts."
    texts = {"a.txt": a, "b.txt": b}
    ms = [
        Mention("b.txt", "Acme", "ORG", "Acme", 0, 4),
        mention_at(a, "Acme", "Acme", "ORG"),
        Mention("a.txt", "Acme", "ORG", "Acme", a.index("Acme left"), a.index("Acme left") + 4),
        Mention("a.txt", "Acme", "ORG", "Acme", a.index("Acme came"), a.index("Acme came") + 4),
        mention_at(a, "Zed Po", "Zed Po", "PERSON"),
        Mention("a.txt", "2024", "DATE", "2024", 0, 4),
    ]
    table = entity_evidence(ms, texts, per_entity=2)
    assert tuple(table.columns) == EVIDENCE_COLUMNS
    rows = table.records()
    assert [(r["entity"], r["file"], r["start"]) for r in rows] == [
        ("Acme", "a.txt", 0),
        ("Acme", "a.txt", a.index("Acme left")),
        ("Zed Po", "a.txt", a.index("Zed Po")),
    ]
    assert rows[1]["snippet"] == "Later Acme left."
    assert rows[2]["snippet"] == "Acme met Zed Po."
    assert entity_evidence(ms, texts, labels=["DATE"]).column("entity") == ["2024"]
    with pytest.raises(KeyError):
        entity_evidence(ms, {"a.txt": a}, per_entity=5)


def test_tables_carry_evidence_columns_when_asked() -> None:
    a = "Intro line.\nThen Acme spoke."
    texts = {"a.txt": a, "b.txt": "Acme again."}
    ms = [mention_at(a, "Acme", "Acme", "ORG"), Mention("b.txt", "Acme", "ORG", "Acme", 0, 4)]
    corpus = entity_table(ms, evidence=texts).records()
    assert corpus == [
        {
            "entity": "Acme",
            "label": "ORG",
            "mentions": 2,
            "docs": 2,
            "aliases": ["Acme"],
            "file": "a.txt",
            "start": a.index("Acme"),
            "snippet": "Then Acme spoke.",
        }
    ]
    per_doc = doc_entity_table(ms, evidence=texts)
    assert tuple(per_doc.columns) == (*DOC_ENTITY_COLUMNS, "start", "snippet")
    assert per_doc.column("snippet") == ["Then Acme spoke.", "Acme again."]
    assert tuple(entity_table(ms).columns) == ENTITY_COLUMNS


def test_mention_table_is_mention_level_and_ordered() -> None:
    ms = [
        Mention("b.txt", "Acme", "ORG", "ACME", 5, 9),
        Mention("a.txt", "Acme", "ORG", "Acme's", 10, 16),
        Mention("a.txt", "Zed Po", "PERSON", "Po", 0, 2),
        Mention("a.txt", "2024", "DATE", "2024", 20, 24),
    ]
    table = mention_table(ms)
    assert tuple(table.columns) == MENTION_COLUMNS
    assert [list(row) for row in table.rows] == [
        ["a.txt", 0, 2, "Po", "Zed Po", "PERSON"],
        ["a.txt", 10, 16, "Acme's", "Acme", "ORG"],
        ["b.txt", 5, 9, "ACME", "Acme", "ORG"],
    ]


def test_evidence_through_the_real_pipeline(nlp: Any, gaz: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(
        "Chip curbs widen\nThe U.S. Commerce Dept. met Nvidia on Monday. Later, "
        "Huawei said its Ascend 910C sold well.\n",
        encoding="utf-8",
    )
    text = path.read_text(encoding="utf-8")
    (doc,) = parse(nlp, [(path.name, text)], entities=True, tokens=False)
    table = entity_evidence(resolve_mentions(doc, gaz), {path.name: text})
    by_entity = {r["entity"]: r for r in table.records()}
    assert by_entity["Nvidia"]["snippet"] == "The U.S. Commerce Dept. met Nvidia on Monday."
    assert by_entity["Ascend 910C"]["snippet"] == "Later, Huawei said its Ascend 910C sold well."
    row = by_entity["Huawei"]
    assert text[row["start"] : row["end"]] == row["text"] == "Huawei"


def test_aliases_are_whitespace_normalised() -> None:
    mentions = [
        Mention("a.txt", "Harbor Daily", "ORG", "Harbor  Daily", 0, 13),
        Mention("a.txt", "Harbor Daily", "ORG", "Harbor Daily", 20, 32),
    ]
    assert entity_table(mentions).column("aliases") == [["Harbor Daily"]]
    assert doc_entity_table(mentions).column("aliases") == [["Harbor Daily"]]
