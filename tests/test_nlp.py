"""The spaCy layer: model checks, component selection, and long texts parsed in pieces."""

from __future__ import annotations

from typing import Any

import pytest

from chipwatch.errors import ModelNotFoundError
from chipwatch.nlp import check_model, parse, split_text


def test_missing_model_says_how_to_install() -> None:
    with pytest.raises(ModelNotFoundError, match=r"pip install no-such-pipeline"):
        check_model("no_such_pipeline")


@pytest.mark.parametrize("limit", [5, 17, 40, 1000])
def test_split_text_is_lossless_and_bounded(limit: int) -> None:
    text = "Huawei ships chips.\nSMIC builds fabs in Shanghai and Beijing.\n" + "x" * 90
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= limit for p in pieces)


def test_split_prefers_paragraph_breaks() -> None:
    assert split_text("aaaa bbbb\ncccc dddd\n", 12) == ["aaaa bbbb\n", "cccc dddd\n"]
    assert split_text("aaaa bbbb cccc", 10) == ["aaaa bbbb ", "cccc"]


def test_long_text_offsets_point_at_the_same_words(nlp: Any) -> None:
    paragraph = "Nvidia sold H20 chips to Alibaba while SMIC expanded in Shanghai.\n"
    text = paragraph * 40
    whole = next(parse(nlp, [("a", text)], entities=True, tokens=True))
    pieces = next(parse(nlp, [("a", text)], entities=True, tokens=True, max_piece=300))
    assert pieces.text == text
    assert [(e.start, e.end, e.label) for e in pieces.entities] == [
        (e.start, e.end, e.label) for e in whole.entities
    ]
    assert all(text[e.start : e.end] == e.text for e in pieces.entities)
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in pieces.tokens)


def test_only_needed_components_run(nlp: Any) -> None:
    text = "Huawei unveiled the Ascend 910C in Shenzhen."
    ents_only = next(parse(nlp, [("a", text)], entities=True, tokens=False))
    assert ents_only.tokens == () and ents_only.entities
    toks_only = next(parse(nlp, [("a", text)], entities=False, tokens=True))
    assert toks_only.entities == () and {t.pos for t in toks_only.tokens} > {"PROPN"}


def test_stream_keeps_order_and_names(nlp: Any) -> None:
    docs = [(f"d{i}", f"Document {i} mentions Huawei.") for i in range(7)]
    out = list(parse(nlp, iter(docs), entities=True, tokens=False, batch_size=2))
    assert [d.name for d in out] == [n for n, _ in docs]
