"""Model spans → canonical mentions: the stage that applies the domain's resolution rules.

The pipeline's raw entity spans (plain data from :mod:`chipwatch.nlp`) become
:class:`~chipwatch.models.Mention` objects with the canonical names and labels an analyst
expects. Each span is first cut into the pieces that really are entities
(:mod:`chipwatch.entities.spans`); each piece is then resolved here: the ignore list,
gazetteer lookup (canonical name and label win), corporate suffixes, label fixes for
company-like names the model calls places, and removal of headline phrases. Last come
the rules that need the whole document: surname-only mentions pointed at the full name,
surnames the model missed, and bare model numbers listed after a product family.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from chipwatch.entities.labels import is_product_shaped, keeps_label, product_heads, product_label
from chipwatch.entities.spans import (
    FUNCTION_WORDS,
    Piece,
    cut_span,
    line_parts,
    with_possessive,
    word_spans,
)
from chipwatch.gazetteer import (
    MODEL_NUMBER,
    PLURAL_PART,
    Gazetteer,
    GazetteerEntry,
    lookup_key,
)
from chipwatch.models import NUMERIC_LABELS, Mention, ParsedDocument, RawEntity

__all__ = ["resolve_mentions"]

# "SiCarrier", "iFLYTEK", "OpenAI": internal capitals mark a company name, not a place
# (family-name prefixes aside: "McKinley", "DeKalb" are places).
_CAMEL = re.compile(r"(?<![\w-])(?!(?:Mac|Mc|De|Di|Da|Du|La|Le|Van|Von|Fitz)[A-Z])\w*[a-z][A-Z]")
# A bare model designation: "R1", "V3", "9000S", "910C", "2"; not an ordinary word.
_MODEL_WORD = re.compile(rf"^{MODEL_NUMBER}$")


def _is_heading_line(line: str) -> bool:
    """A headline-case line: no closing punctuation, (nearly) every content word capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line)]
    if not words or line.rstrip().endswith((".", "?", "!", '"', "”", ":")):
        return False
    content = [w for w in words if w.lower() not in FUNCTION_WORDS]
    return bool(content) and sum(w[0].isupper() for w in content) / len(content) >= 0.8


def _in_heading(text: str, piece: Piece) -> bool:
    """Whether the line holding ``piece`` is a headline (where the model invents ORGs)."""
    line_start = text.rfind("\n", 0, piece.start) + 1
    line_end = text.find("\n", piece.end)
    return _is_heading_line(text[line_start : line_end if line_end >= 0 else len(text)])


def _in_government_title(text: str, piece: Piece, gaz: Gazetteer) -> bool:
    """True for the portfolio of a title: "Commerce Secretary", "Secretary of State"."""
    # Case-insensitive: "Trade minister Jane Doe" is as much a title as "Trade Minister".
    government = gaz.government_folded
    nxt = re.match(r"[ \t]*([\w-]+)", text[piece.end :])
    if nxt and nxt.group(1).casefold() in government:
        return True
    before = re.search(r"([\w-]+)\s+(?:of|for)\s+$", text[max(0, piece.start - 40) : piece.start])
    return bool(before and before.group(1).casefold() in government)


@dataclass
class _Resolved:
    piece: Piece
    name: str
    label: str
    from_gazetteer: bool
    #: A one-word piece of a span the model ran over a line break ("Getty\nMarijuana").
    wrapped: bool = False


def _known_inside(text: str, piece: Piece, gaz: Gazetteer) -> list[_Resolved]:
    """Gazetteer names inside a rejected span, longest first (up to four words)."""
    words = word_spans(text, piece.start, piece.end)
    out: list[_Resolved] = []
    i = 0
    while i < len(words):
        for size in range(min(4, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + size - 1][1]
            entry = gaz.canonical(text[start:end].rstrip(",;:"))
            if entry is not None and entry.standalone:
                out.append(_Resolved(Piece(start, end, entry.label), entry.name, entry.label, True))
                i += size
                break
        else:
            i += 1
    return out


#: Words that end a company's legal or group name without changing which company it is.
_CORPORATE_SUFFIXES = frozenset(
    {
        "Group",
        "Holdings",
        "Holding",
        "Inc",
        "Inc.",
        "Corp",
        "Corp.",
        "Corporation",
        "Co",
        "Co.",
        "Co.,",
        "Ltd",
        "Ltd.",
        "Limited",
        "LLC",
        "PLC",
        "plc",
        "AG",
        "SA",
        "NV",
        "N.V.",
        "Technologies",
        "Technology",
        "International",
    }
)


def _without_corporate_suffix(key: str, gaz: Gazetteer) -> GazetteerEntry | None:
    """ "Inspur Group", "Acme Holdings Ltd." → the known organisation without the suffix."""
    words = key.replace(",", " ").split()
    cut = len(words)
    while cut > 1 and words[cut - 1] in _CORPORATE_SUFFIXES:
        cut -= 1
    if cut == len(words):
        return None
    entry = gaz.canonical(" ".join(words[:cut]))
    return entry if entry is not None and entry.label == "ORG" else None


_THE_BEFORE = re.compile(r"(?<![\w-])[Tt]he[ \t]+$")


def _known_entry(text: str, piece: Piece, gaz: Gazetteer) -> GazetteerEntry | None:
    """The gazetteer entry a piece names: by its text, else by the ruler's id.

    A name the gazetteer lists with its article ("The Hague") is found after a "the"
    that was cut off the piece ("in the Hague").
    """
    surface = text[piece.start : piece.end]
    entry = gaz.canonical(surface)
    if entry is None and _THE_BEFORE.search(text, max(0, piece.start - 8), piece.start):
        with_article = f"The {lookup_key(surface)}"
        if gaz.lists_form(with_article):
            entry = gaz.canonical(with_article)
    if entry is not None or not piece.ent_id:
        return entry
    found = gaz.entry(piece.ent_id)
    # Trust the ruler id only for exact forms, never for a longer span around it.
    if found is not None and lookup_key(surface) in {lookup_key(f) for f in found.forms()}:
        return found
    return None


def _is_title_portfolio(
    text: str, piece: Piece, key: str, entry: GazetteerEntry | None, gaz: Gazetteer
) -> bool:
    """ "Commerce Secretary": the portfolio is part of a job title, not an organisation.

    A country is never a portfolio: "US Secretary of State" and "prime minister of
    Ruritania" still name the place. A span the model calls a place is a portfolio only
    when it is a portfolio word ("Commerce" read as GPE).
    """
    if entry is not None and entry.label in {"GPE", "LOC", "NORP"}:
        return False
    if piece.label == "GPE" and entry is None and key not in gaz.portfolios:
        return False
    return (
        piece.label in {"ORG", "GPE", "FAC"}
        and _in_government_title(text, piece, gaz)
        and (entry is None or len(key.split()) <= 2)
    )


def _resolve_unknown(
    text: str, piece: Piece, key: str, gaz: Gazetteer
) -> _Resolved | list[_Resolved] | None:
    """A name the gazetteer does not know: keep the model's reading, with label fixes."""
    if not any(c.isupper() or c.isdigit() for c in key):
        # "node" as GPE, "chipmakers" as ORG: a name has a capital or a digit somewhere.
        return None
    name, label = key, piece.label
    plural = PLURAL_PART.match(name)
    if label == "PRODUCT" and plural:
        name = plural.group(1)
    if label in {"GPE", "LOC", "NORP"} and _CAMEL.search(name):
        label = "ORG"
    label = product_label(name, label)
    if (
        label in {"ORG", "WORK_OF_ART", "EVENT"}
        and len(name.split()) >= 3
        and any(w in FUNCTION_WORDS for w in name.split())
        and _in_heading(text, piece)
    ):
        # The small model reads headline-case lines as organisation names; known names
        # inside the phrase ("... of China's Tech") still count.
        return _known_inside(text, piece, gaz)
    return _Resolved(piece, name, label, False)


def _resolve_piece(text: str, piece: Piece, gaz: Gazetteer) -> _Resolved | list[_Resolved] | None:
    """One piece → its canonical name and label; ``None`` when it is not an entity."""
    surface = text[piece.start : piece.end]
    key = lookup_key(surface)
    if not key or key in gaz.ignore or key.casefold() in gaz.ignore_folded:
        return None
    if piece.label in NUMERIC_LABELS:
        return _Resolved(piece, key, piece.label, False)
    entry = _known_entry(text, piece, gaz)
    if _is_title_portfolio(text, piece, key, entry, gaz):
        return None
    if entry is None and piece.label == "ORG":
        entry = _without_corporate_suffix(key, gaz)
    if entry is not None:
        return _Resolved(piece, entry.name, entry.label, True)
    return _resolve_unknown(text, piece, key, gaz)


#: Lower-case words inside a person's name ("Ursula von der Leyen", "Vincent van Gogh").
_NAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "bin"})
# "al-Maliki", "d'Estaing": a lower-case prefix joined to a capitalised name.
_PREFIXED_NAME = re.compile(r"^[a-z]{1,3}['\u2019-][A-Z]")


def _person_like(r: _Resolved) -> bool:
    """A full name that surname resolution may use: a multi-word PERSON shaped like one.

    Capitalised words (or name particles), no possessive inside ("Acme's Ray" is a
    modifier and a name), not shaped like a product ("MacBook Pro", "Thunderbolt 3",
    "PixelBook Go"), so a bare "Pro" never becomes a person or a laptop.
    """
    words = r.name.split()
    return (
        r.label == "PERSON"
        and len(words) > 1
        and all(w[0].isupper() or w in _NAME_PARTICLES or _PREFIXED_NAME.match(w) for w in words)
        and not any(w.endswith(("'s", "\u2019s")) for w in words)
        and not is_product_shaped(r.name)
    )


def _resolve_surnames(resolved: list[_Resolved]) -> None:
    """Point surname-only person mentions at the fullest name in the same document.

    Only persons: a one-word mention becomes the person whose surname it is (whatever
    label the model gave it: "Epstein" as a PRODUCT), or, labelled PERSON, whose first
    name it is. Short forms of organisations and products are left to the gazetteer.
    """
    full: dict[str, tuple[int, int, int]] = {}
    for order, r in enumerate(resolved):
        if _person_like(r):
            size, count, first = full.get(r.name, (len(r.name.split()), 0, order))
            full[r.name] = (size, count + 1, first)
    if not full:
        return

    def rank(name: str) -> tuple[int, int, int]:
        size, count, first = full[name]
        return (-size, -count, first)

    for r in resolved:
        if len(r.name.split()) != 1 or (r.from_gazetteer and r.label != "PERSON"):
            continue
        if r.label in NUMERIC_LABELS or r.label == "NORP":
            continue  # "Democrats" is a group, never a surname
        by_last = [n for n in full if n.split()[-1] == r.name]
        by_first = [n for n in full if n.split()[0] == r.name]
        candidates = by_last or by_first
        if candidates and (r.label == "PERSON" or by_last):
            r.name = min(candidates, key=rank)
            r.label = "PERSON"


@lru_cache(maxsize=4096)
def _surname_pattern(surname: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(surname)}(?:['\u2019]s)?(?![\w-])")


_PREVIOUS_WORD = re.compile(r"(\S*)[ \t]+(\S+)[ \t]+$")
_NEXT_NAME_WORD = re.compile(r"[ \t]+[A-Z][a-z]")


def _inside_longer_name(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """A surname-shaped word inside another capitalised name ("Apple Pro Display XDR").

    True when a capitalised word follows on the same line, or precedes it where no
    sentence starts and is neither a job title nor a possessive ("CEO Huang",
    "Nvidia's Huang" are the person).
    """
    if _NEXT_NAME_WORD.match(text, end):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    before = _PREVIOUS_WORD.search(text, max(line_start, start - 80), start)
    if before is None:
        return False
    opener, word = before.group(1), before.group(2)
    if not word[0].isupper() or word.endswith(("'s", "\u2019s")) or word.rstrip(",") in gaz.titles:
        return False
    return not opener.endswith((".", "!", "?", ":", '"', "\u201c")) and not word.endswith(",")


def _add_bare_surnames(text: str, resolved: list[_Resolved], gaz: Gazetteer) -> list[_Resolved]:
    """Count surname-only mentions the model missed ("Mims concludes ...").

    Only surnames of people already named in full in the same document, of three or
    more letters, shared by no other person there, as whole capitalised words outside
    every other mention and outside any longer capitalised name.
    """
    taken = [(r.piece.start, r.piece.end) for r in resolved]
    extra: list[_Resolved] = []
    people = {r.name for r in resolved if _person_like(r)}
    surnames = Counter(name.split()[-1] for name in people)
    for name in sorted(people):
        surname = name.split()[-1]
        if len(surname) < 3 or not surname[0].isupper() or surnames[surname] > 1:
            continue
        known = gaz.canonical(surname)
        if known is not None and known.label != "PERSON":
            continue  # "Dell" alone is the company, even in a story about Michael Dell
        for match in _surname_pattern(surname).finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if _inside_longer_name(text, match.start(), match.end(), gaz):
                continue
            piece = Piece(match.start(), match.end(), "PERSON")
            extra.append(_Resolved(piece, name, "PERSON", False))
            taken.append((match.start(), match.end()))
    return sorted([*resolved, *extra], key=lambda r: (r.piece.start, r.piece.end))


_LIST_NEXT = re.compile(
    r"(?:[ \t]*,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+|[ \t]*/[ \t]*)"
    r"([A-Za-z]{0,3}\d[\w+]*)\b(?![.,]?\d)"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _same_shape(anchor: str, listed: str) -> bool:
    """A listed model looks like the one it follows ("910B" → "910C", not "2024")."""
    if _YEAR.match(listed) and not _YEAR.match(anchor):
        return False
    has_letter = any(c.isalpha() for c in anchor)
    return has_letter == any(c.isalpha() for c in listed) and abs(len(anchor) - len(listed)) <= 1


def _add_listed_models(text: str, resolved: list[_Resolved], gaz: Gazetteer) -> list[_Resolved]:
    """Count the bare model numbers of a list after a family product.

    "Ascend 910B, 910C and 910D" names three products; the model reads the last two as
    numbers or dates. A model designation joined by a comma, "and", "or" or a slash to a
    "<family> <model>" mention is "<family> <that model>"; spans it overlaps are replaced.
    """
    extra: list[_Resolved] = []
    for r in resolved:
        words = r.name.split()
        if r.label != "PRODUCT" or len(words) < 2 or not _MODEL_WORD.match(words[-1]):
            continue
        family = gaz.entry(" ".join(words[:-1]))
        if family is None or not family.family:
            continue
        pos = r.piece.end
        while (match := _LIST_NEXT.match(text, pos)) is not None and _same_shape(
            words[-1], match.group(1)
        ):
            piece = Piece(match.start(1), match.end(1), "PRODUCT")
            extra.append(_Resolved(piece, f"{family.name} {match.group(1)}", "PRODUCT", True))
            pos = match.end(1)
    if not extra:
        return resolved
    kept = [
        r
        for r in resolved
        if not any(e.piece.start < r.piece.end and r.piece.start < e.piece.end for e in extra)
    ]
    return sorted([*kept, *extra], key=lambda r: (r.piece.start, r.piece.end))


def _hard_wrapped_person(text: str, ent: RawEntity, parts: list[RawEntity]) -> bool:
    """A person's name a hard-wrapped page broke over lines ("... leader Jane\nDoe said").

    One word per line, and the first one ends a line of running text (a credit line,
    "Photo: Getty", followed by a paragraph is no name).
    """
    if ent.label != "PERSON" or len(parts) < 2 or any(" " in p.text for p in parts):
        return False
    line_start = text.rfind("\n", 0, parts[0].start) + 1
    before = text[line_start : parts[0].start].rstrip()
    return bool(before) and (before[-1].isalnum() or before[-1] == ",")


def _resolve_entity(text: str, ent: RawEntity, gaz: Gazetteer) -> list[_Resolved]:
    """One raw span → its resolved pieces, each on one line of the text.

    A hard-wrapped person's name counts once, at its last word (the surname), and is
    named in full; the single-word pieces of any other span cut at a line break are
    marked ``wrapped`` (see :func:`_without_wrapped_words`).
    """
    parts = line_parts(text, ent)
    wrapped_person = _hard_wrapped_person(text, ent, parts)
    out: list[_Resolved] = []
    for part in parts[-1:] if wrapped_person else parts:
        for piece in cut_span(text, part, gaz):
            r = _resolve_piece(text, with_possessive(text, piece), gaz)
            found = r if isinstance(r, list) else [] if r is None else [r]
            for one in found:
                if wrapped_person and one.label == "PERSON" and not one.from_gazetteer:
                    one.name = lookup_key(" ".join(p.text for p in parts))
                one.wrapped = len(parts) > 1 and " " not in one.name
            out.extend(found)
    return out


def _without_wrapped_words(resolved: list[_Resolved]) -> list[_Resolved]:
    """Drop one-word pieces of a span cut at a line break that are names nowhere else.

    "Getty\nMarijuana" or "New\nYork" (a hard-wrapped line) leave single words that
    are not names by themselves. One is kept when the gazetteer knows it, when surname
    resolution pointed it at a person named in full, or when the page mentions it on
    its own elsewhere.
    """
    alone = {r.name for r in resolved if not r.wrapped}
    return [
        r for r in resolved if not r.wrapped or r.from_gazetteer or " " in r.name or r.name in alone
    ]


def _with_label_evidence(text: str, resolved: list[_Resolved]) -> list[_Resolved]:
    """Drop names the gazetteer does not know whose LAW or PRODUCT label lacks evidence.

    See :func:`chipwatch.entities.labels.keeps_label`: a LAW needs a law word; a single
    word called PRODUCT needs a product's shape or a longer product on the page it heads.
    """
    products = {r.name for r in resolved if r.label == "PRODUCT"}
    heads = product_heads(text, products)
    return [r for r in resolved if r.from_gazetteer or keeps_label(r.name, r.label, heads)]


def resolve_mentions(parsed: ParsedDocument, gazetteer: Gazetteer) -> list[Mention]:
    """Turn a parsed document's raw entity spans into canonical mentions.

    Applies, in order: splitting of joined places ("U.S.-China"), removal of a leading
    "the" and of job titles, the ignore list ("AI", "GPU", "5G"), gazetteer lookup
    (canonical name and label win), possessive stripping and quote normalisation,
    label fixes for company-like names the model calls places, removal of headline
    phrases the model calls organisations, and surname resolution within the document.
    Numeric labels (DATE, MONEY, …) pass through with their text as the name.

    Returns:
        Mentions in document order; ``surface`` is the text as written (possessive kept).
    """
    text = parsed.text
    resolved: list[_Resolved] = []
    for ent in parsed.entities:
        resolved.extend(_resolve_entity(text, ent, gazetteer))
    _resolve_surnames(resolved)
    resolved = _without_wrapped_words(resolved)
    resolved = _with_label_evidence(text, resolved)
    resolved = _add_bare_surnames(text, resolved, gazetteer)
    resolved = _add_listed_models(text, resolved, gazetteer)
    return [
        Mention(
            file=parsed.name,
            entity=r.name,
            label=r.label,
            surface=text[r.piece.start : r.piece.end],
            start=r.piece.start,
            end=r.piece.end,
        )
        for r in resolved
    ]
