"""The spaCy layer: model checks, component selection, and long texts parsed in pieces."""

from __future__ import annotations

from typing import Any

import pytest

import chipwatch.nlp
from chipwatch.errors import ModelNotFoundError
from chipwatch.nlp import check_model, parse, split_text


def test_missing_model_says_how_to_install() -> None:
    with pytest.raises(ModelNotFoundError, match=r"spacy info"):
        check_model("no_such_pipeline")
    with pytest.raises(ModelNotFoundError, match=r"python -m spacy download de_core_news_sm"):
        check_model("de_core_news_sm")


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


def test_compacted_ruler_patterns_match_the_same_spans(nlp: Any) -> None:
    from spacy.matcher import Matcher

    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.nlp import compact_patterns

    patterns = [p for p in load_gazetteer().ruler_patterns() if isinstance(p["pattern"], list)]
    compact = compact_patterns(patterns)
    assert len(compact) < len(patterns)
    text = (
        "Huawei's Ascend 910C and Kirin 9000S rival the H20, H200s and GB200. DeepSeek-R1, "
        "DeepSeek V3, GPT-4o and o1-mini ran on RTX Pro 6000 and RTX PRO 4500 cards. The "
        "Trump administration spoke at the SEMICON China Expo; U.S.-China talks and an "
        "NXT:2050i and 1980i from ASML followed. Snapdragon 8 Gen and Mate 60 Pro sold."
    )
    doc = nlp(text)

    def spans(entries: list[dict[str, Any]]) -> set[tuple[int, int, str, str]]:
        matcher = Matcher(nlp.vocab)
        for i, entry in enumerate(entries):
            matcher.add(str(i), [entry["pattern"]])
        return {
            (start, end, entries[int(nlp.vocab.strings[key])]["label"], doc[start:end].text)
            for key, start, end in matcher(doc)
        }

    found = spans(patterns)
    assert {"Ascend 910C", "H200s", "NXT:2050i", "U.S.-China", "RTX Pro 6000"} <= {
        s[3] for s in found
    }
    assert spans(compact) == found


def test_batches_are_cut_by_characters_and_the_parse_does_not_change(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [
        (f"doc{i}.txt", f"Huawei said on Monday that it shipped {i} Ascend chips to Shenzhen.")
        for i in range(6)
    ]
    whole = list(parse(nlp, texts))
    sizes: list[int] = []
    pipe = type(nlp).pipe

    def counted(self: Any, batch: Any, **kwargs: Any) -> Any:
        if isinstance(batch, list):  # spaCy calls itself again with a generator
            sizes.append(len(batch))
        return pipe(self, batch, **kwargs)

    monkeypatch.setattr(type(nlp), "pipe", counted)
    monkeypatch.setattr(chipwatch.nlp, "BATCH_CHARS", 150)
    cut = list(parse(nlp, texts))
    assert cut == whole
    assert sizes == [2, 2, 2]
