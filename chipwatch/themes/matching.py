"""Where a taxonomy's terms occur in a parsed document: whole words, inflections, names.

Matching is lemma- and phrase-aware without needing the spaCy pipeline again: each word
of a term matches a token whose text or lemma is the same word or an inflection of it
("export control" matches "export controls", "sanction" matches "sanctioned"), never a
longer or shorter word ("robotics" does not match "robotic"); hyphens are ignored on
both sides ("self-reliance" matches "self reliance"), and all-capital terms ("BIS",
"EV") match case-sensitively so an acronym is not confused with an ordinary word.

A match that lies inside a longer name of another kind does not count: "Kimi" in the
person "Kimi Räikkönen", "robotics" in the company "Ceres Robotics", "consumer
electronics" in the "Consumer Electronics Show". Names come from the entity layer's
mentions when the caller has them, and from capitalisation otherwise.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from chipwatch.lexicon import DASHES, singular
from chipwatch.models import Mention, ParsedDocument, Token
from chipwatch.sentences import sentence_spans

#: Entity labels whose names are never a theme's subject: a term inside one is part of a
#: name ("Kimi Räikkönen", "Consumer Electronics Show"), not the term.
_OTHER_KINDS = frozenset({"PERSON", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "NORP", "LAW"})
_PROPER_TAGS = frozenset({"NNP", "NNPS"})


def _norm(word: str) -> str:
    """The number-neutral form of a lower-cased word: "chips" -> "chip", but words in
    "-ics" ("robotics", "electronics") and "news" are already singular."""
    if word.endswith("ics") or word == "news":
        return word
    return singular(word)


@dataclass(frozen=True)
class TermWord:
    """One word of a term: its normal form, or its exact text for an acronym.

    ``noun`` marks a word written as a plural ("curbs", "sanctions"): the term means
    the noun, so a verb of the same stem ("to curb growth") is another sense. ``name``
    marks a capitalised word ("Ascend", "Kimi"): it matches only a capitalised token, so
    "shares ascend" is not Huawei's chip."""

    form: str
    exact: bool
    noun: bool = False
    name: bool = False


def term_words(term: str) -> tuple[TermWord, ...]:
    """A term split into the words the matcher compares (hyphens split words)."""
    words = []
    for chunk in term.replace("\u2010", "-").replace("\u2011", "-").split():
        for part in chunk.split("-"):
            part = part.strip(",;:!?\"'()")
            if not part:
                continue
            bare = part[:-1] if part.endswith("s") and part[:-1].isupper() else part
            if len(bare) >= 2 and bare.isupper():
                words.append(TermWord(bare, exact=True))
            else:
                lower = part.lower()
                noun, name = _norm(lower) != lower, part[:1].isupper()
                words.append(TermWord(_norm(lower), exact=False, noun=noun, name=name))
    return tuple(words)


@dataclass(frozen=True)
class Slot:
    """A token as the matcher sees it; ``None`` slots are boundaries (punctuation).

    Attributes:
        forms: normal forms of its text and lemma.
        bare: its text, without the plural "s" of an acronym ("EVs" -> "EV").
        start, end: character offsets in the document text.
        sentence, paragraph: 0-based numbers (paragraph 0 is the title line).
        proper: tagged as a proper noun.
        verb: tagged as a verb.
        capital: starts with a capital letter.
    """

    forms: frozenset[str]
    bare: str
    start: int
    end: int
    sentence: int
    paragraph: int
    proper: bool
    verb: bool = False
    capital: bool = False


#: A paragraph longer than this many words is cut, at sentence starts, into blocks of
#: about this size: a page scraped as one long line still has parts that are about the
#: beat and parts that are not.
BLOCK_WORDS = 80


def slots(doc: ParsedDocument) -> list[Slot | None]:
    """The document's tokens as slots, with a boundary at every sentence and line start.

    ``paragraph`` numbers blocks: a line of the text, or a run of its sentences of about
    ``BLOCK_WORDS`` words when the line is longer (block 0 is the first line, the title).
    """
    out: list[Slot | None] = []
    starts = [start for start, _ in sentence_spans(doc.text)]
    sentence = block = -1
    words = 0
    previous = 0
    for tok in doc.tokens:
        new_line = "\n" in doc.text[previous : tok.idx] or block < 0
        previous = tok.idx
        at = bisect.bisect_right(starts, tok.idx) - 1
        if at != sentence or tok.sent_start:
            sentence = max(at, sentence + 1 if tok.sent_start else sentence)
            out.append(None)  # a term never spans two sentences
            if new_line or words >= BLOCK_WORDS:
                block, words = block + 1, 0
        elif new_line:
            block, words = block + 1, 0
        if tok.text in DASHES:
            continue  # "self-reliance" == "self reliance"
        if tok.is_punct:
            out.append(None)
            continue
        words += 1
        out.append(_slot(tok, sentence, block))
    return out


def _slot(tok: Token, sentence: int, block: int) -> Slot:
    text = tok.text
    return Slot(
        forms=frozenset({_norm(text.lower()), _norm(tok.lemma.lower())}),
        bare=text[:-1] if text.endswith("s") and text[:-1].isupper() else text,
        start=tok.idx,
        end=tok.idx + len(text),
        sentence=sentence,
        paragraph=block,
        proper=tok.tag in _PROPER_TAGS,
        verb=tok.pos == "VERB",
        capital=text[:1].isupper(),
    )


def block_starts(seq: Sequence[Slot | None]) -> list[int]:
    """The character offset where each block after the first starts (for ``bisect``)."""
    starts: list[int] = []
    last = 0
    for slot in seq:
        if slot is not None and slot.paragraph != last:
            starts.extend([slot.start] * (slot.paragraph - last))
            last = slot.paragraph
    return starts


def positions(seq: Sequence[Slot | None]) -> dict[tuple[bool, str], list[int]]:
    """Where each word form occurs, so a term is looked up at its first word's places
    instead of being tried at every token (the matcher then costs O(tokens))."""
    places: dict[tuple[bool, str], list[int]] = {}
    for i, slot in enumerate(seq):
        if slot is None:
            continue
        places.setdefault((True, slot.bare), []).append(i)
        for form in slot.forms:
            places.setdefault((False, form), []).append(i)
    return places


def _word_matches(word: TermWord, slot: Slot | None) -> bool:
    if slot is None:
        return False
    if word.exact:
        return slot.bare == word.form
    if word.name and not slot.capital:
        return False
    return word.form in slot.forms and not (word.noun and slot.verb)


def occurrences(
    seq: Sequence[Slot | None],
    places: dict[tuple[bool, str], list[int]],
    words: tuple[TermWord, ...],
    lo: int = 0,
    hi: int | None = None,
) -> list[int]:
    """Slot indexes where ``words`` start (within ``[lo, hi)``), not overlapping."""
    n = len(words)
    hi = len(seq) if hi is None else hi
    found: list[int] = []
    resume = lo
    if n == 0:
        return found
    at = places.get((words[0].exact, words[0].form), [])
    # The places are in order: start at ``lo`` and stop past ``hi`` (a sentence's scope
    # on a long page must not cost a pass over every place of the word).
    for j in range(bisect.bisect_left(at, lo), len(at)):
        i = at[j]
        if i + n > hi:
            break
        if i < resume:
            continue
        if all(_word_matches(words[k], seq[i + k]) for k in range(n)):
            found.append(i)
            resume = i + n
    return found


@dataclass(frozen=True)
class NameSpan:
    """A named entity of the page: where it is, its label and canonical name."""

    start: int
    end: int
    label: str
    entity: str


def name_spans(mentions: Iterable[Mention]) -> list[NameSpan]:
    """The entity layer's mentions as spans, ordered by start."""
    return sorted(
        (NameSpan(m.start, m.end, m.label, m.entity) for m in mentions),
        key=lambda s: (s.start, -s.end),
    )


def inside_other_name(
    term: str,
    start: int,
    end: int,
    text: str,
    names: Sequence[NameSpan],
    known: Collection[str] = frozenset(),
) -> bool:
    """Whether the match ``[start, end)`` of ``term`` is part of a longer name that is not
    the term's own subject ("Kimi" in Kimi Räikkönen, "robotics" in Ceres Robotics,
    "Congress" in the Indian Science Congress). A company or product whose name starts
    with a name term ("Samsung" in Samsung Electronics, "Ascend" in Ascend 910C), or one
    of the ``known`` entities of the beat ("Commerce Department" in the gazetteer's
    Department of Commerce), is the term's own subject and counts."""
    common = term == term.lower()
    for span in names:
        if span.start > start:
            break
        if span.end < end:
            continue
        covered = text[span.start : span.end].strip()
        if len(covered) <= (end - start) + 3:  # the name is the term (with "'s", "the")
            continue
        if common or span.label in _OTHER_KINDS:
            return True
        if span.entity not in known and not span.entity.casefold().startswith(term.casefold()):
            return True
    return False


def capitalised_name(term: str, first: int, n: int, seq: Sequence[Slot | None]) -> bool:
    """Whether a lower-case term was matched as part of a capitalised name outside the
    title ("Ceres Robotics" when the entity layer missed it): every matched token is a
    proper noun and a proper noun stands next to them."""
    if term != term.lower():
        return False
    matched = [seq[i] for i in range(first, first + n)]
    if any(s is None or not s.proper or s.paragraph == 0 for s in matched):
        return False
    before = seq[first - 1] if first > 0 else None
    after = seq[first + n] if first + n < len(seq) else None
    return any(s is not None and s.proper for s in (before, after))
