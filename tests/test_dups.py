"""Tests for near-duplicate clustering: copies with other chrome and light edits cluster."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chipwatch.dups import (
    DUP_COLUMNS,
    cluster_map,
    find_clusters,
    find_duplicates,
)
from chipwatch.facade import Corpus
from chipwatch.models import CleanDocument, Document, Metadata
from chipwatch.similarity import jaccard, shingles

STORY = [
    "Harbor city approves new ferry terminal after long debate",
    "The council of the harbor city voted on Tuesday to build a new ferry terminal on the "
    "north pier, ending a debate that had run for almost four years and split the "
    "neighbourhoods along the water.",
    "Supporters said the terminal would cut the morning commute for thousands of island "
    "residents and bring more visitors to the old market, which has lost shops since the "
    "last terminal closed.",
    "Opponents warned that the project would raise traffic on the narrow streets behind "
    "the pier and asked the council to study a smaller design before any money is spent.",
    "The mayor said construction could begin next spring if the regional transport board "
    "agrees to share the cost, and promised public meetings on the final plans.",
    "Engineers hired by the city estimate that the terminal will handle up to twelve "
    "sailings an hour at peak times, twice the capacity of the temporary landing used "
    "since the old building was torn down.",
    "Local business owners were divided: cafe owners near the pier welcomed the extra "
    "passengers, while a hardware shop owner said the years of construction would keep "
    "his regular customers away.",
    "A group of fishermen who moor their boats at the north pier said they had not been "
    "consulted and would ask the court to review the decision.",
]

OTHER = [
    "Mountain orchard growers report record apple harvest",
    "Growers in the mountain valleys picked more apples this autumn than in any year "
    "since records began, helped by a mild spring and late rain in the summer months.",
    "Packing houses hired extra workers to keep up, and several farms opened their "
    "gates to visitors who wanted to pick fruit themselves on the weekends.",
    "Prices at the wholesale market fell slightly, which growers said they could accept "
    "because the volume more than made up for the lower price per crate.",
    "Cider makers in the region said the crop was sweet and plentiful and that they "
    "expected a strong year for their smaller producers as well.",
]


def clean_doc(name: str, lines: list[str], *, title: str | None = None) -> CleanDocument:
    text = "\n".join(lines)
    title = title or (lines[0] if lines else None)
    return CleanDocument(
        document=Document(name, text),
        lines=tuple(lines),
        line_numbers=tuple(range(1, len(lines) + 1)),
        title=title,
        metadata=Metadata(title=title, source=f"Outlet {name[0]}"),
    )


def edited(lines: list[str]) -> list[str]:
    """A light edit: new headline, one word changed, the last paragraph dropped."""
    out = ["Council backs harbor ferry terminal", *lines[1:-1]]
    out[2] = out[2].replace("thousands", "many thousands")
    return out


def test_copies_cluster_and_unrelated_text_does_not() -> None:
    docs = [
        clean_doc("c_copy.txt", edited(STORY)),
        clean_doc("a_original.txt", STORY),
        clean_doc("b_other.txt", OTHER),
        clean_doc("d_copy.txt", [line.upper() for line in STORY]),
    ]
    assert find_clusters(docs) == [["a_original.txt", "c_copy.txt", "d_copy.txt"]]
    table = find_duplicates(docs)
    assert tuple(table.columns) == DUP_COLUMNS
    assert list(table["file"]) == ["a_original.txt", "c_copy.txt", "d_copy.txt"]
    assert set(table["cluster"]) == {1}
    sims = dict(zip(table["file"], table["similarity"], strict=True))
    assert sims["a_original.txt"] == 1.0
    assert sims["d_copy.txt"] == 1.0  # case only
    assert 0.7 <= sims["c_copy.txt"] < 1.0
    assert table.loc[table["file"] == "c_copy.txt", "source"].item() == "Outlet c"


def test_threshold_is_tunable() -> None:
    docs = [clean_doc("a.txt", STORY), clean_doc("b.txt", edited(STORY))]
    sim = jaccard(shingles(docs[0].text), shingles(docs[1].text))
    assert find_clusters(docs, threshold=sim - 0.01) == [["a.txt", "b.txt"]]
    assert find_clusters(docs, threshold=min(sim + 0.01, 1.0)) == []
    with pytest.raises(ValueError):
        find_clusters(docs, threshold=0.0)


def test_singletons_and_cluster_map() -> None:
    docs = [
        clean_doc("z.txt", OTHER),
        clean_doc("b.txt", STORY),
        clean_doc("a.txt", edited(STORY)),
        clean_doc("empty.txt", []),
    ]
    table = find_duplicates(docs, singletons=True)
    assert [tuple(r) for r in table[["cluster", "file"]].itertuples(index=False)] == [
        (1, "a.txt"),
        (1, "b.txt"),
        (2, "empty.txt"),
        (3, "z.txt"),
    ]
    assert cluster_map(docs) == {
        "a.txt": "a.txt",
        "b.txt": "a.txt",
        "empty.txt": "empty.txt",
        "z.txt": "z.txt",
    }


def test_deterministic_regardless_of_input_order() -> None:
    docs = [clean_doc(f"{i}_{k}.txt", STORY if k == "s" else OTHER) for i in range(4) for k in "so"]
    first = find_duplicates(docs)
    again = find_duplicates(list(reversed(docs)))
    assert first.equals(again)
    assert list(first["cluster"]) == [1, 1, 1, 1, 2, 2, 2, 2]
    # Clusters are numbered by their first file name: "0_o.txt" sorts before "0_s.txt".
    assert list(first["file"]) == [f"{i}_o.txt" for i in range(4)] + [
        f"{i}_s.txt" for i in range(4)
    ]


CHROME_A_TOP = ["Home", "World", "Business", "Tech", "Subscribe now", "Sign in", ""]
CHROME_A_END = ["", "Share on Facebook", "Share on X", "Copyright 2025 Daily Harbor Wire"]
CHROME_B_TOP = ["Menu", "Search", "Latest News", "Most Read", "Newsletters", "Log in", ""]
CHROME_B_END = ["", "Read more:", "Related topics", "All rights reserved by Valley Post"]


def test_sample_copies_with_other_chrome_cluster_with_their_original(tmp_path: Path) -> None:
    """Each sample article and its re-chromed copies form one cluster, and nothing else."""
    raw = tmp_path / "raw"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data" / "raw", raw)
    originals = sorted(p.name for p in raw.iterdir())
    for name in originals[:2]:
        text = (raw / name).read_text(encoding="utf-8")
        for tag, top, end in (("a", CHROME_A_TOP, CHROME_A_END), ("b", CHROME_B_TOP, CHROME_B_END)):
            copy = "\n".join([*top, text, *end])
            (raw / f"copy_{tag}_{name}").write_text(copy, encoding="utf-8")
    corpus = Corpus([str(raw)])
    clusters = find_clusters(corpus.cleaned)
    assert clusters == [
        sorted([originals[0], f"copy_a_{originals[0]}", f"copy_b_{originals[0]}"]),
        sorted([originals[1], f"copy_a_{originals[1]}", f"copy_b_{originals[1]}"]),
    ]
