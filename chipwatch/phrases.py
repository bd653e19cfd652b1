"""Keyword candidates: the noun phrases of a parsed document, grouped by lemma.

Both keyword ranking and theme discovery start from the same candidates, so how a
document is cut into phrases is decided once, here:

* candidates are noun phrases from part-of-speech patterns (adjectives followed by
  nouns, runs of proper nouns), grouped by lemma so "export control" and "export
  controls" are one candidate;
* hyphen-joined tokens are one word ("self-reliance"), and a number spaCy split from
  its unit is rejoined ("7nm");
* a headline-case line ("Tech Sector Amidst US Export Controls") is re-read word by
  word against how the article's body writes each word, and a lower-case common noun
  followed by a capitalised proper noun ("chip maker Nvidia", "columnist Jane Doe") is
  a phrase boundary, so page conventions do not fuse phrases;
* URLs, e-mail addresses, numbers alone and page furniture ("share", "subscribe")
  never become a candidate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from chipwatch.lexicon import CALENDAR_WORDS, FUNCTION_WORDS, HYPHENS, strip_plural_s
from chipwatch.models import ParsedDocument, Token

__all__ = [
    "HEADLINE_MIN_WORDS",
    "HEADLINE_SHARE",
    "UI_WORDS",
    "Candidate",
    "extract_candidates",
    "word_stats",
]


#: Parts of speech that may form a candidate phrase; a phrase must end in a noun.
_PHRASE_POS = frozenset({"ADJ", "NOUN", "PROPN"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})

#: Words of page furniture (share buttons, sign-up prompts) that are never a subject.
UI_WORDS = frozenset(
    """
advertisement app button click comment comments cookie cookies copyright download
email facebook follow homepage instagram link linkedin login menu newsletter
password print privacy reply share sign signup subscribe subscriber subscription
telegram twitter video whatsapp youtube
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Days and months: after a word of a phrase a day dates the story and ends the phrase
#: ("the crash Wednesday" gives "crash", "in Jamaica Monday" "Jamaica"), as does a day or
#: month after a lower-case relative word ("early Wednesday", "late March"). After a
#: capital the text writes only with that day it is a name's word ("Black Friday"); a
#: day that starts a phrase modifies it ("Monday briefing").
_DAY_WORDS = frozenset(
    """
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
    """.split()  # noqa: SIM905 - a word list reads better as text
)
#: Periods, written in lower case after a relative word ("last year", "Last week"), date
#: the story as well: "Hurricane Hugo last year" gives "Hurricane Hugo".
_PERIOD_WORDS = frozenset(
    {"year", "week", "month", "day", "night", "morning", "evening", "weekend", "season"}
)
_RELATIVE_WORDS = frozenset({"last", "next", "this", "early", "late", "past", "previous", "coming"})

_URL_RE = re.compile(r"(?i)^(?:https?:|www\.)|\.(?:com|org|net|cn|io|html?)(?:/|$)|/")
_EMAIL_RE = re.compile(r"@")
_DIGIT_RE = re.compile(r"\d")
_ALPHA_RE = re.compile(r"[^\W\d_]")

#: A line is headline case when at least this share of its words longer than three
#: letters are capitalised, and it has at least ``HEADLINE_MIN_WORDS`` of them.
HEADLINE_SHARE = 0.75
HEADLINE_MIN_WORDS = 3


@dataclass(frozen=True)
class Candidate:
    """One keyword candidate of one document, with its occurrences merged.

    Attributes:
        key: grouping key: lower-cased lemmas joined by spaces, so inflected variants
            of a phrase ("export controls", "Export Control") are one candidate.
        display: the surface form seen most often in the document (earliest on ties);
            what users read.
        first: index (0-based, in words) of the first occurrence; the position signal.
        count: how many times the phrase occurs.
        n_words: number of words in the phrase.
        alone: occurrences that are a whole phrase run on their own, not part of a
            longer run of nouns and adjectives: "Holliday" in "Holliday said" counts,
            in "Matt Holliday" it does not. Evidence that the candidate stands alone
            in the text rather than only inside a longer phrase.
        heads: occurrences that end where their run ends, so the phrase's last noun is
            the head of what is written: "oil spill" in "biggest oil spill" counts,
            "biggest oil" does not (there "oil" only modifies "spill").
    """

    key: str
    display: str
    first: int
    count: int
    n_words: int
    alone: int = 0
    heads: int = 0


@dataclass(frozen=True)
class _Word:
    """A token, or several tokens joined by in-word hyphens ("self-reliance")."""

    text: str
    lemma: str
    pos: str
    start: int
    end: int
    is_stop: bool
    breaks_before: bool
    junk: bool


def _has_digit_and_letter(text: str) -> bool:
    return bool(_DIGIT_RE.search(text)) and bool(_ALPHA_RE.search(text))


def _is_junk_token(tok: Token) -> bool:
    text = tok.text
    return bool(_URL_RE.search(text) or _EMAIL_RE.search(text)) and len(text) > 1


def _words(tokens: Sequence[Token]) -> list[_Word]:
    """Words of a document: tokens merged, headline case read, proper nouns bounded."""
    return _mark_noun_proper_boundaries(_read_headlines(_merge(tokens)))


def _glued(a: Token, b: Token) -> bool:
    """Whether ``b`` starts exactly where ``a`` ends (no space between them)."""
    return b.idx == a.idx + len(a.text)


def _hyphen_parts(tokens: Sequence[Token], i: int) -> list[Token]:
    """The tokens from ``i`` on glued by in-word hyphens: word, hyphen, word, ...

    "self-reliance", "chip-making", "F-16": no spaces around the hyphen, and the run
    never continues into a new line or across punctuation.
    """
    parts = [tokens[i]]
    j = i
    while (
        j + 2 < len(tokens)
        and tokens[j + 1].text in HYPHENS
        and _glued(tokens[j], tokens[j + 1])
        and _glued(tokens[j + 1], tokens[j + 2])
        and not tokens[j + 2].sent_start
        and not tokens[j + 2].is_punct
        and not tokens[j].is_punct
    ):
        parts.append(tokens[j + 1])
        parts.append(tokens[j + 2])
        j += 2
    return parts


def _unit_after(tokens: Sequence[Token], i: int) -> Token | None:
    """The unit spaCy split from the number at ``i`` ("7nm" -> "7", "nm"), if any."""
    tok = tokens[i]
    if not tok.text.isdigit() or i + 1 >= len(tokens):
        return None
    unit = tokens[i + 1]
    if _glued(tok, unit) and unit.text.isalpha() and len(unit.text) <= 3:
        return unit
    return None


def _number_word(tok: Token, unit: Token) -> _Word:
    """A number and its unit as one word, read as a name ("7nm", "5G")."""
    return _Word(
        text=tok.text + unit.text,
        lemma=(tok.text + unit.text).lower(),
        pos="PROPN",
        start=tok.idx,
        end=unit.idx + len(unit.text),
        is_stop=False,
        breaks_before=tok.sent_start,
        junk=False,
    )


def _single_word(tok: Token) -> _Word:
    """One token as a word; a code of digits and letters ("H20", "910C") is a name."""
    pos = tok.pos
    if _has_digit_and_letter(tok.text) and not _is_junk_token(tok):
        pos = "PROPN" if pos not in _NOUN_POS else pos
    return _Word(
        text=tok.text,
        lemma=tok.lemma.lower(),
        pos="PUNCT" if tok.is_punct else pos,
        start=tok.idx,
        end=tok.idx + len(tok.text),
        is_stop=tok.is_stop,
        breaks_before=tok.sent_start,
        junk=_is_junk_token(tok),
    )


def _compound_word(parts: Sequence[Token]) -> _Word:
    """Hyphen-joined tokens as one word, lemmatised on its last part only."""
    first, last = parts[0], parts[-1]
    # A hyphenated compound ending in a participle ("state-backed") acts as an
    # adjective; one ending in a noun ("self-reliance") as that noun.
    pos = last.pos if last.pos in _PHRASE_POS else "ADJ"
    lemmas = [p.text.lower() for p in parts[:-1]] + [last.lemma.lower()]
    return _Word(
        text="".join(p.text for p in parts),
        lemma="".join(lemmas),
        pos=pos,
        start=first.idx,
        end=last.idx + len(last.text),
        is_stop=False,
        breaks_before=first.sent_start,
        junk=False,
    )


def _merge(tokens: Sequence[Token]) -> list[_Word]:
    """Merge hyphen-joined tokens and split numbers into words; mark line starts."""
    words: list[_Word] = []
    i = 0
    while i < len(tokens):
        parts = _hyphen_parts(tokens, i)
        unit = _unit_after(tokens, i) if len(parts) == 1 else None
        if unit is not None:
            words.append(_number_word(tokens[i], unit))
            i += 2
        elif len(parts) == 1:
            words.append(_single_word(tokens[i]))
            i += 1
        else:
            words.append(_compound_word(parts))
            i += len(parts)
    return words


def _is_title_word(text: str) -> bool:
    """Capitalised like a headline word ("Sector", "Self-Reliance"), not an acronym."""
    return text[:1].isupper() and not text.isupper() and any(c.islower() for c in text[1:])


def _line_spans(words: Sequence[_Word]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for i, word in enumerate(words):
        if word.breaks_before and i > start:
            spans.append((start, i))
            start = i
    if start < len(words):
        spans.append((start, len(words)))
    return spans


def _is_headline_case(line: Sequence[_Word]) -> bool:
    """Whether most content words of a line are capitalised ("Tech Sector Amidst ...").

    Only words longer than three letters vote, so short function words that headline
    styles leave in lower case ("of", "on", "the") do not hide a headline. A sentence
    starts with one capital and a few names; a headline has capitals nearly throughout.
    """
    voters = [w.text for w in line if len(w.text) > 3 and _ALPHA_RE.match(w.text)]
    if len(voters) < HEADLINE_MIN_WORDS:
        return False
    capitalised = sum(1 for t in voters if t[:1].isupper())
    return capitalised >= HEADLINE_SHARE * len(voters)


def _read_headlines(words: list[_Word]) -> list[_Word]:
    """Re-read capitalised words of headline-case lines against the document's body.

    In "The Resilience of China's Tech Sector Amidst US Export Controls" the tagger
    calls nearly every word a proper noun, so phrases fuse across prepositions and
    common nouns look like names. The body of the same article says how each word is
    really written, so a capitalised headline word

    * whose lower-case form is a function word ("Amidst", "Of") becomes a boundary;
    * that the body writes in lower case ("sector") takes the body's lemma and part of
      speech, and is shown in lower case;
    * that the body writes capitalised ("China") stays a proper noun;
    * that the body never uses is headline rhetoric ("Resilient Pursuit") and does
      not enter a keyword.

    A document that is all headline (a lone title) has no body to ask and is left as
    the tagger read it.
    """
    spans = _line_spans(words)
    headline = [_is_headline_case(words[a:b]) for a, b in spans]
    if not any(headline) or all(headline):
        return words
    body = [span for span, is_head in zip(spans, headline, strict=True) if not is_head]
    lower, capital = _body_forms(words, body)
    out = list(words)
    for (a, b), is_head in zip(spans, headline, strict=True):
        if is_head:
            for k in range(a, b):
                out[k] = _reread(words[k], lower, capital)
    return out


def _body_forms(
    words: Sequence[_Word], body: Sequence[tuple[int, int]]
) -> tuple[dict[str, _Word], set[str]]:
    """How the body lines write each word: lower-case forms (by text and lemma) and
    the lower-cased texts of words it capitalises other than at a line start."""
    lower: dict[str, _Word] = {}
    capital: set[str] = set()
    for a, b in body:
        for k in range(a, b):
            w = words[k]
            key = w.text.lower()
            if w.text[:1].islower():
                lower.setdefault(key, w)
                lower.setdefault(w.lemma, w)
            elif k > a:  # a capital at a line start says nothing
                capital.add(key)
    return lower, capital


def _reread(w: _Word, lower: dict[str, _Word], capital: set[str]) -> _Word:
    """One word of a headline-case line, re-read as :func:`_read_headlines` describes."""
    if not _is_title_word(w.text):
        return w
    key = w.text.lower()
    if key in FUNCTION_WORDS:
        return replace(w, pos="ADP", is_stop=True)
    if key in lower or strip_plural_s(key) in lower:
        body = lower.get(key) or lower[strip_plural_s(key)]
        return replace(w, text=key, lemma=body.lemma, pos=body.pos, is_stop=body.is_stop)
    if key in capital:
        return w
    return replace(w, pos="X")


def _mark_noun_proper_boundaries(words: list[_Word]) -> list[_Word]:
    """Break phrases where a lower-case common noun meets a capitalised proper noun.

    "technology columnist Christopher Mims" and "chip maker Nvidia" are a title or
    description glued to a name; each half is a keyword, the whole rarely is.
    """
    out = list(words)
    for k in range(1, len(words)):
        prev, word = words[k - 1], words[k]
        if (
            prev.pos == "NOUN"
            and prev.text[:1].islower()
            and word.pos == "PROPN"
            and word.text[:1].isupper()
        ):
            out[k] = replace(word, breaks_before=True)
    return out


def _usable(word: _Word) -> bool:
    """Whether a word may sit inside a candidate phrase at all."""
    if word.junk or word.pos not in _PHRASE_POS:
        return False
    if not _ALPHA_RE.search(word.text):
        return False  # a number alone ("2023") is not a keyword
    return len(word.text) > 1 or _DIGIT_RE.search(word.text) is not None


def _phrase_ok(words: Sequence[_Word]) -> bool:
    if words[0].is_stop or words[-1].is_stop:
        return False
    if words[-1].pos not in _NOUN_POS:
        return False
    lemmas = [w.lemma for w in words]
    if all(lem in UI_WORDS or lem.rstrip(".") in CALENDAR_WORDS for lem in lemmas):
        return False
    return sum(len(w.text) for w in words) > 2 or len(words) > 1


def _dates(before: _Word, word: _Word, *, named: bool) -> int:
    """How many words, ``word`` and those before it, date the story (0, 1 or 2);
    ``named``: the text never writes ``before`` but before this day."""
    if word.breaks_before:
        return 0
    if before.lemma in _RELATIVE_WORDS:
        if word.lemma in _PERIOD_WORDS and word.text.islower():
            return 2
        if word.lemma in CALENDAR_WORDS and before.text.islower():
            return 2
    phrase_word = _usable(before) and (before.text.islower() or not named)
    return 1 if word.lemma in _DAY_WORDS and phrase_word else 0


def _dating(words: Sequence[_Word]) -> set[int]:
    """Indices of the words that date a story rather than name its subject (see
    :data:`_DAY_WORDS` and :data:`_PERIOD_WORDS`)."""
    uses = Counter(w.lemma for w in words)
    pairs = Counter((a.lemma, b.lemma) for a, b in pairwise(words))
    out: set[int] = set()
    for i, (a, b) in enumerate(pairwise(words), start=1):
        n = _dates(a, b, named=pairs[a.lemma, b.lemma] == uses[a.lemma])
        out.update(range(i - n + 1, i + 1))
    return out


def _runs(words: Sequence[_Word]) -> list[list[int]]:
    """Maximal runs of usable words, never crossing a line start, punctuation or a
    date ("last year", "Wednesday")."""
    dating = _dating(words)
    runs: list[list[int]] = []
    current: list[int] = []
    for i, word in enumerate(words):
        if word.breaks_before and current:
            runs.append(current)
            current = []
        if _usable(word) and i not in dating:
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def word_stats(doc: ParsedDocument) -> dict[str, tuple[int, float]]:
    """Per lemma of a candidate word: occurrences and position mass (sum of 1/(i+1))."""
    words = _words(doc.tokens)
    stats: dict[str, tuple[int, float]] = {}
    for run in _runs(words):
        for k in run:
            w = words[k]
            if w.is_stop or w.lemma in UI_WORDS:
                continue
            n, mass = stats.get(w.lemma, (0, 0.0))
            stats[w.lemma] = (n + 1, mass + 1.0 / (k + 1))
    return stats


def extract_candidates(doc: ParsedDocument, *, max_words: int = 3) -> list[Candidate]:
    """Noun-phrase candidates of one document, grouped by lemma key.

    Every span of at most ``max_words`` words inside a run of adjectives and nouns
    that ends in a noun and does not start or end with a stopword is a candidate, so
    "Chinese chip industry" also yields "chip industry"; scoring and redundancy
    removal decide which of the overlapping forms to show. Dropped: URLs, e-mail
    addresses, numbers alone, single characters, page furniture ("share",
    "subscribe"), and anything that would cross a line start or punctuation.

    Args:
        doc: a parsed document with tokens.
        max_words: longest candidate, in words.

    Returns:
        Candidates sorted by first occurrence.
    """
    words = _words(doc.tokens)
    surfaces: dict[str, Counter[str]] = {}
    first: dict[str, int] = {}
    count: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    n_words: dict[str, int] = {}
    for run in _runs(words):
        for a in range(len(run)):
            for b in range(a + 1, min(a + max_words, len(run)) + 1):
                span = [words[k] for k in run[a:b]]
                if not _phrase_ok(span):
                    continue
                key = " ".join(w.lemma for w in span)
                surface = " ".join(w.text for w in span)
                surfaces.setdefault(key, Counter())[surface] += 1
                first.setdefault(key, run[a])
                count[key] += 1
                alone[key] += b - a == len(run)
                heads[key] += b == len(run)
                n_words[key] = len(span)
    out = []
    for key, forms in surfaces.items():
        best = max(forms.items(), key=lambda kv: kv[1])[0]  # first seen wins ties
        out.append(
            Candidate(
                key=key,
                display=best,
                first=first[key],
                count=count[key],
                n_words=n_words[key],
                alone=alone[key],
                heads=heads[key],
            )
        )
    out.sort(key=lambda c: (c.first, -c.n_words, c.key))
    return out
