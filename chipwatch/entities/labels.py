"""Label evidence: when the model's PERSON, LAW or PRODUCT label is kept, changed or dropped.

Off its home beat the small model guesses labels from the shape of a capitalised
phrase: a port ("Thunderbolt 3") becomes a PERSON, a laptop part ("Touch Bar") a LAW, a
surname ("Epstein") a PRODUCT. Each rule here names the evidence it acts on, and acts
only on names the gazetteer does not know (a listed name's label always wins):

* a product's shape (a digit, a brand word such as "iPhone" or "MacBook", a model
  suffix such as "Pro") turns a PERSON or LAW into a PRODUCT;
* a LAW needs a word laws are named with ("Act", "Rule", "Regulations", ...);
* a single capitalised word called PRODUCT needs a product's shape or a use on the
  page as the head of a longer product name ("Windows 10"); otherwise it is dropped.

Plain functions of a name and, for the page-level rule, the page's text.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from chipwatch.gazetteer import MODEL_NUMBER, MODEL_SUFFIXES

__all__ = ["LAW_WORDS", "is_product_shaped", "keeps_label", "product_heads", "product_label"]

#: Words the names of laws, rules and treaties are made of ("CHIPS and Science Act").
LAW_WORDS = frozenset(
    {
        "act",
        "acts",
        "accord",
        "accords",
        "agreement",
        "amendment",
        "article",
        "bill",
        "charter",
        "code",
        "constitution",
        "convention",
        "decree",
        "directive",
        "doctrine",
        "framework",
        "guidance",
        "guidelines",
        "law",
        "laws",
        "list",
        "order",
        "ordinance",
        "plan",
        "policy",
        "prohibition",
        "proposition",
        "protocol",
        "provision",
        "provisions",
        "regime",
        "regulation",
        "regulations",
        "resolution",
        "rule",
        "rules",
        "section",
        "statute",
        "title",
        "treaty",
    }
)
_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
# "iPhone", "eBay": a lower-case letter then a capital at the start of a word.
_LOWER_LEAD = re.compile(r"(?<![\w-])[a-z][A-Z]")
# "MacBook", "AirPods", "PlayStation": a capital inside a word after two lower-case
# letters, except the prefixes of family names ("MacArthur", "McDonald", "DeSantis").
_INNER_CAPITAL = re.compile(
    r"(?<![\w-])(?!(?:Mac|Mc|De|Di|Da|Du|La|Le|Van|Von|Fitz)[A-Z])[A-Z][a-z]{2,}[A-Z]"
)
_MODEL = re.compile(rf"^{MODEL_NUMBER}$")
_YEAR = re.compile(r"^(?:19|20)\d\d\b")


def is_product_shaped(name: str, *, brand_words: bool = True) -> bool:
    """A name shaped like a product's: a digit, a model suffix, a brand-style word.

    "Thunderbolt 3", "iPhone", "Mac Pro" and (with ``brand_words``) "AirPods"; not
    "Jane Doe", "MacArthur" or "Touch Bar". A capital inside a word is weaker evidence
    ("GlaxoSmithKline", "JiaWei" are no products), so a PERSON needs one of the others.
    """
    words = name.split()
    if any(c.isdigit() for c in name) or _LOWER_LEAD.search(name):
        return True
    if len(words) > 1 and words[-1] in MODEL_SUFFIXES:
        return True
    return brand_words and _INNER_CAPITAL.search(name) is not None


def product_label(name: str, label: str) -> str:
    """The label of a name the gazetteer does not know, once a product's shape is seen.

    A PERSON or LAW shaped like a product is a PRODUCT, unless a LAW is named with a law
    word ("General Prohibition 10", "Section 301" keep their label).
    """
    if label not in {"PERSON", "LAW"}:
        return label
    if not is_product_shaped(name, brand_words=label == "LAW"):
        return label
    if label == "LAW" and _has_law_word(name):
        return label
    return "PRODUCT"


def _has_law_word(name: str) -> bool:
    return any(w.casefold() in LAW_WORDS for w in _WORD.findall(name))


def keeps_label(name: str, label: str, product_heads: Collection[str]) -> bool:
    """Whether an unknown name has the evidence its LAW or PRODUCT label asks for.

    Args:
        name: the canonical name.
        label: the label after :func:`product_label`.
        product_heads: first words of the page's multi-word products and of words the
            page writes before a model number ("Windows" in "Windows 10").

    Returns:
        False for a LAW without a law word ("Touch Bar"), and for a single capitalised
        word called PRODUCT that is neither product-shaped, all capitals ("TWINSCAN"),
        nor the head of a product on the page ("Epstein", "Chargers").
    """
    if label == "LAW":
        return _has_law_word(name)
    if label != "PRODUCT" or len(name.split()) != 1:
        return True
    return is_product_shaped(name) or name.isupper() or name in product_heads


def product_heads(text: str, products: Collection[str]) -> frozenset[str]:
    """First words of the page's multi-word products, and words written before a model.

    Evidence that a single word names a product line on this page: "Windows 10" makes
    "Windows" a product; "Galaxy S10" makes "Galaxy" one.
    """
    heads = {p.split()[0] for p in products if len(p.split()) > 1}
    for match in re.finditer(r"\b([A-Z][A-Za-z]+)[ \t]+(\S+)", text):
        model = match.group(2).rstrip(".,;:)")
        if _MODEL.match(model) and any(c.isdigit() for c in model) and not _YEAR.match(model):
            heads.add(match.group(1))
    return frozenset(heads)
