"""Keyword candidates: the noun phrases of a parsed document, grouped by lemma.

Both keyword ranking and theme discovery start from the same candidates, so how a
document is cut into phrases is decided once, here:

* candidates are noun phrases from part-of-speech patterns (adjectives followed by
  nouns, runs of proper nouns), grouped by lemma so "export control" and "export
  controls" are one candidate;
* they are made of the document's words (:mod:`chipwatch.words`): hyphen-joined
  tokens as one word, headline case re-read against the body, and boundaries where a
  description or a title meets a name ("chip maker Nvidia", "Rep. Jan Meyers"), so
  page conventions do not fuse phrases;
* URLs, e-mail addresses, numbers alone and page furniture ("share", "subscribe")
  never become a candidate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from chipwatch.lexicon import CALENDAR_WORDS
from chipwatch.models import ParsedDocument
from chipwatch.words import (
    ALPHA_RE,
    DIGIT_RE,
    HEADLINE_MIN_WORDS,
    HEADLINE_SHARE,
    NOUN_POS,
    PHRASE_POS,
    Word,
    document_words,
    is_name_word,
)

__all__ = [
    "HEADLINE_MIN_WORDS",
    "HEADLINE_SHARE",
    "UI_WORDS",
    "Candidate",
    "extract_candidates",
    "word_stats",
]

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
#: Days no name ends with: after any word of a phrase they date the story ("Stamford
#: Bridge today").
_DEICTIC_DAYS = frozenset({"today", "yesterday", "tomorrow", "tonight"})
#: Periods, written in lower case after a relative word ("last year", "Last week") or a
#: day ("Monday afternoon"), date the story as well: "Hurricane Hugo last year" gives
#: "Hurricane Hugo".
_PERIOD_WORDS = frozenset(
    """
year week month day night morning afternoon evening weekend season
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_RELATIVE_WORDS = frozenset({"last", "next", "this", "early", "late", "past", "previous", "coming"})


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


def _usable(word: Word) -> bool:
    """Whether a word may sit inside a candidate phrase at all."""
    if word.junk or word.pos not in PHRASE_POS:
        return False
    if not ALPHA_RE.search(word.text):
        return False  # a number alone ("2023") is not a keyword
    return len(word.text) > 1 or DIGIT_RE.search(word.text) is not None


def _phrase_ok(words: Sequence[Word]) -> bool:
    if words[0].is_stop or words[-1].is_stop:
        return False
    if words[-1].pos not in NOUN_POS:
        return False
    lemmas = [w.lemma for w in words]
    if all(lem in UI_WORDS or lem.rstrip(".") in CALENDAR_WORDS for lem in lemmas):
        return False
    return sum(len(w.text) for w in words) > 2 or len(words) > 1


def _dates(before: Word, word: Word, *, named: bool) -> int:
    """How many words, ``word`` and those before it, date the story (0, 1 or 2);
    ``named``: the text never writes ``before`` but before this day."""
    if word.breaks_before:
        return 0
    if before.lemma in _DAY_WORDS and word.lemma in _PERIOD_WORDS and word.text.islower():
        return 2
    if before.lemma in _RELATIVE_WORDS:
        if word.lemma in _PERIOD_WORDS and word.text.islower():
            return 2
        if word.lemma in CALENDAR_WORDS and before.text.islower():
            return 2
    named = named and word.lemma not in _DEICTIC_DAYS
    phrase_word = _usable(before) and (before.text.islower() or not named)
    return 1 if word.lemma in _DAY_WORDS and phrase_word else 0


def _dating(words: Sequence[Word]) -> set[int]:
    """Indices of the words that date a story rather than name its subject (see
    :data:`_DAY_WORDS` and :data:`_PERIOD_WORDS`)."""
    uses = Counter(w.lemma for w in words)
    pairs = Counter((a.lemma, b.lemma) for a, b in pairwise(words))
    out: set[int] = set()
    for i, (a, b) in enumerate(pairwise(words), start=1):
        n = _dates(a, b, named=pairs[a.lemma, b.lemma] == uses[a.lemma])
        out.update(range(i - n + 1, i + 1))
    return out


def _runs(words: Sequence[Word]) -> list[list[int]]:
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
    words = document_words(doc.tokens)
    stats: dict[str, tuple[int, float]] = {}
    for run in _runs(words):
        for k in run:
            w = words[k]
            if w.is_stop or w.lemma in UI_WORDS:
                continue
            n, mass = stats.get(w.lemma, (0, 0.0))
            stats[w.lemma] = (n + 1, mass + 1.0 / (k + 1))
    return stats


def _spans(words: Sequence[Word], run: Sequence[int], max_words: int) -> Iterator[tuple[int, int]]:
    """The spans ``run[a:b]`` of at most ``max_words`` words that may be a candidate. A
    span of several words neither starts nor ends inside a name: not "Ana City Council"
    nor "Santa Ana City" of "Santa Ana City Council member"."""
    joins = [is_name_word(words[i]) and is_name_word(words[j]) for i, j in pairwise(run)]
    for a in range(len(run)):
        longest = 1 if a > 0 and joins[a - 1] else max_words
        for b in range(a + 1, min(a + longest, len(run)) + 1):
            if b - a == 1 or b == len(run) or not joins[b - 1]:
                yield a, b


def extract_candidates(doc: ParsedDocument, *, max_words: int = 3) -> list[Candidate]:
    """Noun-phrase candidates of one document, grouped by lemma key.

    Every span of at most ``max_words`` words inside a run of adjectives and nouns
    that ends in a noun and does not start or end with a stopword is a candidate, so
    "Chinese chip industry" also yields "chip industry"; scoring and redundancy
    removal decide which of the overlapping forms to show. A phrase of several words
    never starts or ends inside a name ("Ana City Council", "Santa Ana City" of "Santa
    Ana City Council"); a single word may ("Holliday" of "Matt Holliday"). Dropped:
    URLs, e-mail addresses, numbers alone, single characters, page furniture ("share",
    "subscribe"), and anything that would cross a line start or punctuation.

    Args:
        doc: a parsed document with tokens.
        max_words: longest candidate, in words.

    Returns:
        Candidates sorted by first occurrence.
    """
    words = document_words(doc.tokens)
    surfaces: dict[str, Counter[str]] = {}
    first: dict[str, int] = {}
    count: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    n_words: dict[str, int] = {}
    for run in _runs(words):
        for a, b in _spans(words, run, max_words):
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
