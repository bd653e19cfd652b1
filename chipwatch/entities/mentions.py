"""Model spans → canonical mentions: the stage that applies the domain's resolution rules.

The pipeline's raw entity spans (plain data from :mod:`chipwatch.nlp`) become
:class:`~chipwatch.models.Mention` objects with the canonical names and labels an analyst
expects. Each span is first cut into the pieces that really are entities
(:mod:`chipwatch.entities.spans`); each piece is then resolved here: the ignore list,
gazetteer lookup (canonical name and label win), corporate suffixes, label fixes for
company-like names the model calls places, and removal of headline phrases. Last come
the rules that need the whole document: surname-only mentions pointed at the full name
and surnames the model missed (:mod:`chipwatch.entities.persons`), short forms of
organisations the page introduced, single words cut off at a line break, labels without
evidence (:mod:`chipwatch.entities.labels`), and bare model numbers listed after a
product family.
"""

from __future__ import annotations

import re

from chipwatch.entities.labels import keeps_label, product_heads, product_label
from chipwatch.entities.page import Page
from chipwatch.entities.persons import add_bare_surnames, resolve_surnames
from chipwatch.entities.spans import (
    FUNCTION_WORDS,
    Piece,
    Resolved,
    Taken,
    cut_span,
    hard_wrapped,
    line_parts,
    longest_line,
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


def _in_heading(page: Page, piece: Piece) -> bool:
    """Whether the line holding ``piece`` is a headline (where the model invents ORGs);
    each line is judged once however many mentions it holds."""
    start, end = page.line_around(piece.start, piece.end)
    key = ("heading", (start, end))
    if key not in page.memo:
        page.memo[key] = _is_heading_line(page.text[start:end])
    return page.memo[key]


_NEXT_WORD = re.compile(r"[ \t]*([\w-]+)")


def _in_government_title(text: str, piece: Piece, gaz: Gazetteer) -> bool:
    """True for the portfolio of a title: "Commerce Secretary", "Secretary of State"."""
    # Case-insensitive: "Trade minister Jane Doe" is as much a title as "Trade Minister".
    government = gaz.government_folded
    nxt = _NEXT_WORD.match(text, piece.end)
    if nxt and nxt.group(1).casefold() in government:
        return True
    before = re.search(r"([\w-]+)\s+(?:of|for)\s+$", text[max(0, piece.start - 40) : piece.start])
    return bool(before and before.group(1).casefold() in government)


def _known_inside(text: str, piece: Piece, gaz: Gazetteer) -> list[Resolved]:
    """Gazetteer names inside a rejected span, longest first (up to four words)."""
    words = word_spans(text, piece.start, piece.end)
    out: list[Resolved] = []
    i = 0
    while i < len(words):
        for size in range(min(4, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + size - 1][1]
            entry = gaz.canonical(text[start:end].rstrip(",;:"))
            if entry is not None and entry.standalone:
                out.append(Resolved(Piece(start, end, entry.label), entry.name, entry.label, True))
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


#: Words after an agency's distinctive word that make its name ("Commerce Department").
_AGENCY_WORDS = frozenset({"Department", "Ministry", "Agency", "Bureau", "Commission", "Office"})


def _base(name: str, tail: frozenset[str]) -> str | None:
    """``name`` without its trailing ``tail`` words; ``None`` when it has none."""
    words = name.replace(",", " ").split()
    cut = len(words)
    while cut > 1 and words[cut - 1] in tail:
        cut -= 1
    return " ".join(words[:cut]) if cut < len(words) else None


def _without_corporate_suffix(key: str, gaz: Gazetteer) -> GazetteerEntry | None:
    """ "Inspur Group", "Acme Holdings Ltd." → the known organisation without the suffix."""
    base = _base(key, _CORPORATE_SUFFIXES)
    entry = gaz.canonical(base) if base is not None else None
    return entry if entry is not None and entry.label == "ORG" else None


_NOT_ORGANISATIONS = NUMERIC_LABELS | {"PERSON"}


def _join_short_forms(resolved: list[Resolved]) -> None:
    """Organisations the page names in full and short: one entity, named as the rules do.

    "Quorvex Technologies ... Quorvex said": a company's legal or group suffix does not
    change which company it is, and the short name names it (as the gazetteer names
    companies). "the Harbor Department ... Harbor said": an agency's short form is the
    agency, named in full. Only names the gazetteer does not know, only when the page
    has both forms and the short one points at a single full name; never a person.
    """
    names = {r.name for r in resolved}
    rename: dict[str, str] = {}
    claimed: dict[str, set[str]] = {}
    for r in resolved:
        if r.label != "ORG" or r.from_gazetteer or " " not in r.name:
            continue
        company = _base(r.name, _CORPORATE_SUFFIXES)
        agency = _base(r.name, _AGENCY_WORDS)
        if company is not None and company in names:
            rename[r.name] = rename[company] = company  # the short form is the company too
        elif agency is not None and agency in names:
            claimed.setdefault(agency, set()).add(r.name)
    rename.update({short: full.pop() for short, full in claimed.items() if len(full) == 1})
    for r in resolved:
        if r.name in rename and not r.from_gazetteer and r.label not in _NOT_ORGANISATIONS:
            r.name, r.label = rename[r.name], "ORG"


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
    page: Page, piece: Piece, key: str, gaz: Gazetteer
) -> Resolved | list[Resolved] | None:
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
        and _in_heading(page, piece)
    ):
        # The small model reads headline-case lines as organisation names; known names
        # inside the phrase ("... of China's Tech") still count.
        return _known_inside(page.text, piece, gaz)
    return Resolved(piece, name, label, False)


def _resolve_piece(page: Page, piece: Piece, gaz: Gazetteer) -> Resolved | list[Resolved] | None:
    """One piece → its canonical name and label; ``None`` when it is not an entity."""
    text = page.text
    surface = text[piece.start : piece.end]
    key = lookup_key(surface)
    if not key or key in gaz.ignore or key.casefold() in gaz.ignore_folded:
        return None
    if piece.label in NUMERIC_LABELS:
        return Resolved(piece, key, piece.label, False)
    entry = _known_entry(text, piece, gaz)
    if _is_title_portfolio(text, piece, key, entry, gaz):
        return None
    if entry is None and piece.label == "ORG":
        entry = _without_corporate_suffix(key, gaz)
    if entry is not None:
        return Resolved(piece, entry.name, entry.label, True)
    return _resolve_unknown(page, piece, key, gaz)


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


def _add_listed_models(text: str, resolved: list[Resolved], gaz: Gazetteer) -> list[Resolved]:
    """Count the bare model numbers of a list after a family product.

    "Ascend 910B, 910C and 910D" names three products; the model reads the last two as
    numbers or dates. A model designation joined by a comma, "and", "or" or a slash to a
    "<family> <model>" mention is "<family> <that model>"; spans it overlaps are replaced.
    """
    extra: list[Resolved] = []
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
            extra.append(Resolved(piece, f"{family.name} {match.group(1)}", "PRODUCT", True))
            pos = match.end(1)
    if not extra:
        return resolved
    taken = Taken(text)
    for e in extra:
        taken.add(e.piece.start, e.piece.end)
    kept = [r for r in resolved if not taken.overlaps(r.piece.start, r.piece.end)]
    return sorted([*kept, *extra], key=lambda r: (r.piece.start, r.piece.end))


def _hard_wrapped_person(text: str, ent: RawEntity, parts: list[RawEntity]) -> bool:
    """A person's name a hard-wrapped page broke over lines ("... leader Jane\nDoe said").

    One word per line, and the first one ends a line of running text (a credit line,
    "Photo: Getty", followed by a paragraph is no name).
    """
    if ent.label != "PERSON" or len(parts) < 2 or any(" " in p.text for p in parts):
        return False
    # The last character before the name on its line, found by stepping back over
    # whitespace only (never scanning back to the start of a long line).
    at = parts[0].start - 1
    while at >= 0 and text[at] != "\n" and text[at].isspace():
        at -= 1
    if at < 0 or text[at] == "\n":
        return False
    return text[at].isalnum() or text[at] == ","


def _resolve_across_lines(page: Page, ent: RawEntity, gaz: Gazetteer) -> list[Resolved]:
    """On a hard-wrapped page a line break inside a name is layout: the name is resolved
    whole ("Bureau of Industry and Security"), the mention kept to its longest line."""
    text = page.text
    out: list[Resolved] = []
    for piece in cut_span(page, ent, gaz, by_line=False):
        r = _resolve_piece(page, with_possessive(text, piece), gaz)
        found = r if isinstance(r, list) else [] if r is None else [r]
        for one in found:
            one.piece = longest_line(text, one.piece)
        out.extend(found)
    return out


def _resolve_entity(page: Page, ent: RawEntity, gaz: Gazetteer) -> list[Resolved]:
    """One raw span → its resolved pieces, each on one line of the text.

    A hard-wrapped person's name counts once, at its last word (the surname), and is
    named in full; the single-word pieces of any other span cut at a line break are
    marked ``wrapped`` (see :func:`_without_wrapped_words`).
    """
    text = page.text
    parts = line_parts(text, ent)
    wrapped_person = _hard_wrapped_person(text, ent, parts)
    out: list[Resolved] = []
    for part in parts[-1:] if wrapped_person else parts:
        for piece in cut_span(page, part, gaz):
            r = _resolve_piece(page, with_possessive(text, piece), gaz)
            found = r if isinstance(r, list) else [] if r is None else [r]
            for one in found:
                if wrapped_person and one.label == "PERSON" and not one.from_gazetteer:
                    one.name = lookup_key(" ".join(p.text for p in parts))
                one.wrapped = len(parts) > 1 and " " not in one.name
            out.extend(found)
    return out


def _without_wrapped_words(resolved: list[Resolved]) -> list[Resolved]:
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


def _with_label_evidence(text: str, resolved: list[Resolved]) -> list[Resolved]:
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
    page = Page(text)
    resolved: list[Resolved] = []
    across = hard_wrapped(text)
    for ent in parsed.entities:
        if across and "\n" in ent.text:
            resolved.extend(_resolve_across_lines(page, ent, gazetteer))
        else:
            resolved.extend(_resolve_entity(page, ent, gazetteer))
    resolve_surnames(resolved)
    _join_short_forms(resolved)
    resolved = _without_wrapped_words(resolved)
    resolved = _with_label_evidence(text, resolved)
    resolved = add_bare_surnames(text, resolved, gazetteer)
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
