"""Cutting a model's entity span into the spans that really are entities.

The small model's spans are often too long or too short for the domain: a job title
inside a person ("Analyst Jane Doe"), two places joined by a hyphen ("U.S.-China"), a
company glued to its product ("Acme R1"), a generic word glued to a known name
("DeepSeek AI"), a first name or possessive left outside the span. Each rule here works
on one span and returns character offsets only; deciding what a piece *is* (its
canonical name and label) is left to :mod:`chipwatch.entities.mentions`, the stage these rules
belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chipwatch.entities.page import Page
from chipwatch.gazetteer import FAMILY_REST, Gazetteer, normalize_name
from chipwatch.models import RawEntity

__all__ = [
    "ARTICLES",
    "FUNCTION_WORDS",
    "Piece",
    "Resolved",
    "Taken",
    "cut_span",
    "hard_wrapped",
    "line_parts",
    "longest_line",
    "with_possessive",
    "word_spans",
]

#: Small words that never start a name; a title or heading ending in one is not a name.
FUNCTION_WORDS = frozenset({"of", "the", "and", "in", "for", "on", "amid", "amidst", "to", "a"})
#: Articles: written capitalised they may belong to a name ("The Hague"), in lower case never.
ARTICLES = frozenset({"a", "an", "the"})
#: Lower-case words that open a noun phrase and are never the start of a name after them.
_DETERMINERS = ARTICLES | {
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "every",
    "each",
    "another",
}
_LEADING_WORD = re.compile(r"([A-Za-z]+)\s+(?=\S)")


@dataclass(frozen=True)
class Piece:
    """A span being resolved: character offsets into the document and the working label."""

    start: int
    end: int
    label: str
    ent_id: str = ""


@dataclass
class Resolved:
    """A piece with the canonical name and label resolution gave it."""

    piece: Piece
    name: str
    label: str
    from_gazetteer: bool
    #: A one-word piece of a span the model ran over a line break ("Getty\nMarijuana").
    wrapped: bool = False


class Taken:
    """The characters of a page some mention already covers.

    Marking and testing a span costs its length, not the number of mentions before it:
    a page written as one long line holds tens of thousands of them.
    """

    def __init__(self, text: str) -> None:
        self._marks = bytearray(len(text))

    def add(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` as covered."""
        end = min(end, len(self._marks))
        if start < end:
            self._marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any character of ``[start, end)`` is covered."""
        return self._marks.find(1, start, end) >= 0


_NON_SPACE = re.compile(r"\S+")


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the whitespace-separated words of ``text[start:end]``."""
    return [m.span() for m in _NON_SPACE.finditer(text, start, end)]


def _bare(word: str) -> str:
    """A word as the word lists hold it: normalised, without list punctuation."""
    return normalize_name(word).strip(",;:")


def _title_words(bare: list[str], gaz: Gazetteer) -> list[bool]:
    """Which words of a span belong to a job title."""
    titled = [word in gaz.titles or word.startswith("then-") for word in bare]
    # Portfolio words right before a title are part of it ("Commerce Secretary"), and so
    # is an "of <portfolio>" right after one ("Secretary of State", "Minister of Commerce").
    for i in range(len(bare) - 2, -1, -1):
        if titled[i + 1] and bare[i] in gaz.portfolios:
            titled[i] = True
    for i in range(1, len(bare) - 1):
        if titled[i - 1] and bare[i] in {"of", "for"} and bare[i + 1] in gaz.portfolios:
            titled[i] = titled[i + 1] = True
    return titled


def _person_after_title(
    text: str, piece: Piece, words: list[tuple[int, int]], titled: list[bool]
) -> list[Piece]:
    """A person span with a title: the person after the last title, and a company before it.

    "Acme CEO Jane Doe" → Acme (ORG) + Jane Doe; a span that ends in a title names nobody.
    """
    last = max(i for i, t in enumerate(titled) if t)
    if last == len(words) - 1:
        return []
    first = last
    while first > 0 and titled[first - 1]:
        first -= 1
    out = []
    if first > 0:
        left = Piece(words[0][0], words[first - 1][1], "ORG")
        if text[left.start].isupper():
            out.append(left)
    out.append(Piece(words[last + 1][0], piece.end, "PERSON"))
    return out


def _without_trailing_title(
    piece: Piece, words: list[tuple[int, int]], bare: list[str], titled: list[bool]
) -> list[Piece]:
    """Any other span: a trailing title goes, title words inside a name stay.

    "Acme CEO" → Acme; "Commerce Secretary" → nothing; "Executive Office" and "Office of
    the President" stay whole.
    """
    if not titled[-1]:
        return [piece]
    cut = len(words)
    while cut > 0 and titled[cut - 1]:
        cut -= 1
    if cut == 0:
        return []
    if bare[cut - 1].lower() in FUNCTION_WORDS:
        return [piece]  # "Office of the President": the title is the name's object
    return [Piece(piece.start, words[cut - 1][1], piece.label, piece.ent_id)]


def _split_titles(text: str, piece: Piece, gaz: Gazetteer) -> list[Piece]:
    """Strip job titles: "Analyst Jane Doe" → Jane Doe; "Acme CEO Jane Doe" → Acme + Jane Doe."""
    words = word_spans(text, piece.start, piece.end)
    bare = [_bare(text[s:e]) for s, e in words]
    titled = _title_words(bare, gaz)
    if not any(titled):
        return [piece]
    if piece.label == "PERSON":
        return _person_after_title(text, piece, words, titled)
    return _without_trailing_title(piece, words, bare, titled)


def line_parts(text: str, ent: RawEntity) -> list[RawEntity]:
    """The parts of a span on each line of the text, without edge whitespace.

    A name never runs over a line break: the model reads "Sky News\nJose Mourinho" (a
    credit line, then the story) or a hard-wrapped "Levan\nGachechiladze" as one span,
    and a table cell would then hold a line break. Lines the cleaner joined are one line.
    """
    out: list[RawEntity] = []
    for line in re.finditer(r"[^\n\r]+", text[ent.start : ent.end]):
        start, end = ent.start + line.start(), ent.start + line.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            same = (start, end) == (ent.start, ent.end)
            out.append(
                RawEntity(text[start:end], ent.label, start, end, ent.ent_id if same else "")
            )
    return out


def _trimmed(text: str, ent: RawEntity) -> list[RawEntity]:
    """The span without edge whitespace (none when it is only whitespace)."""
    start, end = ent.start, ent.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if (start, end) == (ent.start, ent.end):
        return [ent]
    return [RawEntity(text[start:end], ent.label, start, end)] if start < end else []


#: A line that stops in the middle of a sentence: a lower-case letter or a comma at its end.
_MID_SENTENCE_END = re.compile(r"[a-z,]$")


def hard_wrapped(text: str) -> bool:
    """Whether a page's line breaks are layout (a fixed width), not paragraphs.

    Most lines of five or more words stop in the middle of a sentence. Such a page
    breaks names anywhere ("Bureau of Industry\nand Security"), so its line breaks say
    nothing about where a name ends.
    """
    lines = [line.strip() for line in text.split("\n") if len(line.split()) >= 5]
    ends = sum(1 for line in lines if _MID_SENTENCE_END.search(line))
    return len(lines) >= 4 and ends >= 0.6 * len(lines)


def longest_line(text: str, piece: Piece) -> Piece:
    """The part of a piece on one line: the longest (the first of equals); for a person,
    the last (the surname, which surname resolution then finds counted)."""
    ent = RawEntity(text[piece.start : piece.end], piece.label, piece.start, piece.end)
    parts = line_parts(text, ent)
    if not parts:
        return piece
    if piece.label == "PERSON":
        best = parts[-1]
    else:
        best = max(parts, key=lambda p: (p.end - p.start, -p.start))
    return Piece(best.start, best.end, piece.label, piece.ent_id)


def _without_article(page: Page, piece: Piece, gaz: Gazetteer) -> Piece:
    """Drop a leading article or determiner unless the gazetteer or the page keeps it.

    A lower-case one ("a Touch Bar", "the Press Association", "its Mac Pro") is never
    part of a name. A capitalised "The"/"A"/"An" is, when the gazetteer lists the name
    with it ("The Hague") or the page writes it capitalised where no sentence starts or
    inside quotes ("said The Information", "author of \"The Digital War\"").
    """
    surface = page.text[piece.start : piece.end]
    lead = _LEADING_WORD.match(surface)
    if lead is None:
        return piece
    word = lead.group(1)
    if word.islower() and word in _DETERMINERS:
        return Piece(piece.start + lead.end(), piece.end, piece.label, piece.ent_id)
    if word.lower() not in ARTICLES or not word[0].isupper():
        return piece
    # Written after a lower-case word or a comma on the same line, or alone inside
    # quotes or brackets (a title, a credit); not a quoted sentence that starts with it.
    if gaz.lists_form(surface) or page.writes_with_article(surface):
        return piece
    return Piece(piece.start + lead.end(), piece.end, piece.label, piece.ent_id)


def cut_span(page: Page, ent: RawEntity, gaz: Gazetteer, *, by_line: bool = True) -> list[Piece]:
    """Cut one raw span into the spans that really are entities (may be none).

    Args:
        page: the document's text (with its indexes, see :class:`Page`).
        by_line: cut at line breaks first (see :func:`line_parts`); ``False`` keeps a
            span across them, for a page whose line breaks are only layout
            (:func:`hard_wrapped`), and only trims its edges.
    """
    text = page.text
    parts = line_parts(text, ent) if by_line else _trimmed(text, ent)
    if len(parts) != 1 or parts[0] != ent:
        return [piece for part in parts for piece in cut_span(page, part, gaz, by_line=by_line)]
    piece = _without_article(page, Piece(ent.start, ent.end, ent.label, ent.ent_id), gaz)
    surface = text[piece.start : piece.end]
    # "U.S.-China" is one token: split it into the places it joins.
    if "-" in surface and gaz.canonical(surface) is None:
        joined = list(re.finditer(r"[^-]+", surface))
        if len(joined) > 1 and all(gaz.canonical(p.group()) for p in joined):
            return [
                Piece(piece.start + p.start(), piece.start + p.end(), ent.label) for p in joined
            ]
    if gaz.canonical(surface) is not None:
        return [piece]
    trimmed = _trim_generic(text, piece, gaz)
    if trimmed is not None:
        return [trimmed]
    brand = _split_brand_model(text, piece, gaz)
    if brand is not None:
        return brand
    piece = _without_trailing_numbers(text, piece)
    return [_with_first_name(text, p, gaz) for p in _split_titles(text, piece, gaz)]


_NUMBER_WORD = re.compile(r"^\d[\d.:/\u2013-]*$")


def _without_trailing_numbers(text: str, piece: Piece) -> Piece:
    """A person's name followed by a score or a count ("Jane Doe 2 goals", "Jo Li 6-3").

    Results tables run a name into its figures; the name ends before the first number
    when at least two words come before it. A single word and a number ("Lightport 4")
    is left whole: it is more likely a product (see :mod:`chipwatch.entities.labels`).
    """
    if piece.label != "PERSON":
        return piece
    words = word_spans(text, piece.start, piece.end)
    for i, (start, end) in enumerate(words):
        if _NUMBER_WORD.match(text[start:end]):
            return Piece(piece.start, words[i - 1][1], piece.label) if i >= 2 else piece
    return piece


def _split_brand_model(text: str, piece: Piece, gaz: Gazetteer) -> list[Piece] | None:
    """A company name glued to a product: "Acme R1" → Acme (ORG) + R1 (PRODUCT).

    The annotation rules count a company used as a brand modifier as the company, and the
    product as its own entity ("Huawei Mate 60" = Huawei + Mate 60). Only when the leading
    words are a known organisation and the rest is a known product or a model designation.
    """
    words = word_spans(text, piece.start, piece.end)
    for cut in range(min(3, len(words) - 1), 0, -1):
        head = gaz.canonical(text[words[0][0] : words[cut - 1][1]])
        if head is None or head.label != "ORG":
            continue
        start, end = words[cut][0], piece.end
        rest = text[start:end]
        known = gaz.canonical(rest)
        if (known is not None and known.label == "PRODUCT") or FAMILY_REST.match(rest):
            return [
                Piece(piece.start, words[cut - 1][1], "ORG"),
                Piece(start, end, "PRODUCT"),
            ]
    return None


def _with_first_name(text: str, piece: Piece, gaz: Gazetteer) -> Piece:
    """Take back a first name the model left between a job title and a surname.

    "Chief Executive Christophe Fouquet" often comes out as PERSON "Fouquet": the word
    before the span is capitalised, is not a title or a known name, and itself follows
    a title, so it is the first name.
    """
    if piece.label != "PERSON" or " " in text[piece.start : piece.end].strip():
        return piece
    window = max(0, piece.start - 60)
    before = re.search(r"([\w.'-]+) +([A-Z][a-z][\w'-]*) +$", text[window : piece.start])
    if before is None:
        return piece
    title, first = _bare(before.group(1)), before.group(2)
    if (
        (title.capitalize() in gaz.titles or title in gaz.titles)
        and first not in gaz.titles
        and first.lower() not in FUNCTION_WORDS
        and gaz.canonical(first) is None
    ):
        return Piece(window + before.start(2), piece.end, "PERSON")
    return piece


def _trim_generic(text: str, piece: Piece, gaz: Gazetteer) -> Piece | None:
    """A known name with a generic word glued on by the model ("DeepSeek AI", "X 384 AI").

    Only when what remains is a gazetteer name: "Acme AI" may well be a company's name.
    """
    words = word_spans(text, piece.start, piece.end)
    folded = gaz.ignore_folded
    lo, hi = 0, len(words)
    while lo < hi and _bare(text[words[lo][0] : words[lo][1]]).casefold() in folded:
        lo += 1
    while hi > lo and _bare(text[words[hi - 1][0] : words[hi - 1][1]]).casefold() in folded:
        hi -= 1
    if (lo, hi) == (0, len(words)) or lo >= hi:
        return None
    candidate = Piece(words[lo][0], words[hi - 1][1], piece.label)
    if gaz.canonical(text[candidate.start : candidate.end]) is None:
        return None
    return candidate


_TRAILING_POSSESSIVE = re.compile(r"(?:['\u2019]s\b|(?<=s)['\u2019](?!\w))")


def with_possessive(text: str, piece: Piece) -> Piece:
    """Extend a span over a possessive the model left outside it ("Trump" + "'s")."""
    match = _TRAILING_POSSESSIVE.match(text, piece.end)
    if match is None or text[piece.start : piece.end].endswith(("'s", "\u2019s")):
        return piece
    return Piece(piece.start, match.end(), piece.label, piece.ent_id)
