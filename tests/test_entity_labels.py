"""Tests for label evidence: product shapes, law words, single words called PRODUCT."""

from __future__ import annotations

import pytest

from chipwatch.entities.labels import (
    is_product_shaped,
    keeps_label,
    product_heads,
    product_label,
)


@pytest.mark.parametrize(
    "name", ["Lightport 4", "zPad", "Vantabook Max", "Orbix 7 Ultra", "QX900", "SoundBuds"]
)
def test_product_shapes(name: str) -> None:
    assert is_product_shaped(name)


@pytest.mark.parametrize("name", ["Jane Doe", "MacArthur", "Glide Pad", "DeShawn Ellis", "Bolt"])
def test_names_that_are_not_product_shaped(name: str) -> None:
    assert not is_product_shaped(name)


def test_a_capital_inside_a_word_is_not_enough_against_a_person() -> None:
    assert is_product_shaped("SoundBuds")
    assert not is_product_shaped("Li JiaWei", brand_words=False)
    assert product_label("Li JiaWei", "PERSON") == "PERSON"
    assert product_label("SoundBuds", "LAW") == "PRODUCT"


@pytest.mark.parametrize(
    ("name", "label", "expected"),
    [
        ("Lightport 4", "PERSON", "PRODUCT"),
        ("Vantabook Max", "PERSON", "PRODUCT"),
        ("Vantabook Max", "LAW", "PRODUCT"),
        ("Clean Harbors Act", "LAW", "LAW"),
        ("Section 88", "LAW", "LAW"),
        ("Rule 12", "LAW", "LAW"),
        ("Mira Holt", "PERSON", "PERSON"),
        ("Lightport 4", "ORG", "ORG"),
    ],
)
def test_product_label(name: str, label: str, expected: str) -> None:
    assert product_label(name, label) == expected


def test_a_law_needs_a_law_word() -> None:
    assert keeps_label("Data Shield Act", "LAW", frozenset())
    assert keeps_label("Open Skies Treaty", "LAW", frozenset())
    assert not keeps_label("Glide Pad", "LAW", frozenset())


def test_a_single_word_product_needs_evidence() -> None:
    assert not keeps_label("Marlowe", "PRODUCT", frozenset())
    assert keeps_label("Marlowe", "PRODUCT", frozenset({"Marlowe"}))
    assert keeps_label("ZETAX", "PRODUCT", frozenset())
    assert keeps_label("zPad", "PRODUCT", frozenset())
    # Other labels, and longer products, are not this rule's business.
    assert keeps_label("Marlowe", "ORG", frozenset())
    assert keeps_label("Glide Pad", "PRODUCT", frozenset())


def test_product_heads_come_from_longer_products_and_model_numbers() -> None:
    text = "It runs Orbix 7 and Kestrel X2, not Summer 2019 or the Comet line."
    heads = product_heads(text, {"Nimbus Tab Pro", "Comet"})
    assert {"Orbix", "Kestrel", "Nimbus"} <= heads
    assert "Summer" not in heads  # a year is no model number
    assert "Comet" not in heads
