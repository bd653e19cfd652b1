"""Tests for entity co-occurrence: pairs by sentence and by document, order, filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chipwatch.cooccurrence import entity_pairs
from chipwatch.entities.mentions import resolve_mentions
from chipwatch.gazetteer import load_gazetteer
from chipwatch.models import PAIR_COLUMNS, Mention
from chipwatch.nlp import parse


def mentions_of(file: str, text: str, names: dict[str, tuple[str, str]]) -> list[Mention]:
    """Every occurrence of each surface in ``names`` (surface -> (entity, label))."""
    out = []
    for surface, (entity, label) in names.items():
        pos = text.find(surface)
        while pos >= 0:
            out.append(Mention(file, entity, label, surface, pos, pos + len(surface)))
            pos = text.find(surface, pos + 1)
    return sorted(out, key=lambda m: m.start)


A = "Acme met Zed Po. Acme and Acme's rival Borax talked.\nZed Po left in 2024."
B = "Borax sued Acme. Zed Po watched."
NAMES = {
    "Acme": ("Acme", "ORG"),
    "Borax": ("Borax", "ORG"),
    "Zed Po": ("Zed Po", "PERSON"),
    "2024": ("2024", "DATE"),
}


@pytest.fixture()
def corpus() -> tuple[list[Mention], dict[str, str]]:
    texts = {"a.txt": A, "b.txt": B}
    ms = [m for f, t in texts.items() for m in mentions_of(f, t, NAMES)]
    return ms, texts


def rows(table: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in table.rows]


def test_pairs_by_sentence(corpus: tuple[list[Mention], dict[str, str]]) -> None:
    ms, texts = corpus
    table = entity_pairs(ms, texts)
    assert tuple(table.columns) == PAIR_COLUMNS
    # a.txt: {Acme, Zed Po}, {Acme, Borax}, {Zed Po}; b.txt: {Acme, Borax}, {Zed Po}.
    assert rows(table) == [
        ("Acme", "ORG", "Borax", "ORG", 2, 2),
        ("Acme", "ORG", "Zed Po", "PERSON", 1, 1),
    ]


def test_pairs_by_document(corpus: tuple[list[Mention], dict[str, str]]) -> None:
    ms, _ = corpus
    table = entity_pairs(ms, scope="document")
    assert rows(table) == [
        ("Acme", "ORG", "Borax", "ORG", 2, 2),
        ("Acme", "ORG", "Zed Po", "PERSON", 2, 2),
        ("Borax", "ORG", "Zed Po", "PERSON", 2, 2),
    ]
    numeric = entity_pairs(ms, scope="document", labels=["DATE", "PERSON"])
    assert rows(numeric) == [("2024", "DATE", "Zed Po", "PERSON", 1, 1)]


def test_pairs_are_deterministic_and_top(corpus: tuple[list[Mention], dict[str, str]]) -> None:
    ms, texts = corpus
    forward = entity_pairs(ms, texts, scope="document")
    backward = entity_pairs(list(reversed(ms)), dict(reversed(texts.items())), scope="document")
    assert rows(forward) == rows(backward)
    assert rows(entity_pairs(ms, texts, top=1)) == [("Acme", "ORG", "Borax", "ORG", 2, 2)]
    assert list(entity_pairs([], {}).columns) == list(PAIR_COLUMNS)


def test_sentence_scope_needs_texts(corpus: tuple[list[Mention], dict[str, str]]) -> None:
    ms, _ = corpus
    with pytest.raises(ValueError, match="needs the cleaned texts"):
        entity_pairs(ms)
    with pytest.raises(ValueError, match="scope must be"):
        entity_pairs(ms, scope="paragraph")  # type: ignore[arg-type]


def test_pairs_through_the_real_pipeline(nlp: Any, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Nvidia and Huawei compete in China. NVIDIA's H20 sold well.\n"
        "Separately, TSMC expanded in Arizona.\n",
        encoding="utf-8",
    )
    text = path.read_text(encoding="utf-8")
    gaz = load_gazetteer()
    (doc,) = parse(nlp, [(path.name, text)], entities=True, tokens=False)
    table = entity_pairs(resolve_mentions(doc, gaz), {path.name: text})
    pairs = {(r["entity_a"], r["entity_b"]): r["count"] for r in table.records()}
    assert pairs[("Huawei", "Nvidia")] == 1
    assert pairs[("H20", "Nvidia")] == 1
    assert ("Nvidia", "TSMC") not in pairs
    assert ("Arizona", "TSMC") in pairs
