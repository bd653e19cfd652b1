"""Keyword extraction: noun-phrase candidates weighted by corpus TF-IDF and position.

TF-IDF stays the core because it is fitted on the corpus being analysed: a phrase that
every article repeats ("the company") carries no information about any one of them.
Plain n-gram TF-IDF is a weak keyphrase extractor, though, because most n-grams are not
phrases at all. The strong unsupervised extractors win with three ideas, all used here:

* candidates are noun phrases from part-of-speech patterns (adjectives followed by
  nouns, runs of proper nouns), grouped by lemma so "export control" and "export
  controls" are one keyword;
* where a phrase first occurs matters: news puts its subject in the headline and lead;
* the top of the list should not repeat itself ("export controls", "controls").

Two rules keep page conventions from fusing phrases: a headline-case line ("Tech
Sector Amidst US Export Controls") is re-read word by word against how the article's
body writes each word, and a lower-case common noun followed by a capitalised proper
noun ("chip maker Nvidia", "columnist Jane Doe") is a phrase boundary. With too few
documents for IDF, a general-English word-frequency prior (``wordfreq``) stands in.

The scorer follows scikit-learn's estimator rules: ``__init__`` stores parameters,
``fit`` learns document frequencies from a corpus and returns ``self``, learned state
ends in ``_``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd
from spacy.lang.en.stop_words import STOP_WORDS

from chipwatch.models import (
    DOC_KEYWORD_COLUMNS,
    FILE,
    KEYWORD,
    KEYWORD_COLUMNS,
    SCORE,
    ParsedDocument,
    Token,
)

#: Parts of speech that may form a candidate phrase; a phrase must end in a noun.
_PHRASE_POS = frozenset({"ADJ", "NOUN", "PROPN"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})

#: Words of page furniture (share buttons, sign-up prompts) that are never a subject.
UI_WORDS = frozenset(
    {
        "advertisement",
        "app",
        "button",
        "click",
        "comment",
        "comments",
        "cookie",
        "cookies",
        "copyright",
        "download",
        "email",
        "facebook",
        "follow",
        "homepage",
        "instagram",
        "link",
        "linkedin",
        "login",
        "menu",
        "newsletter",
        "password",
        "print",
        "privacy",
        "reply",
        "share",
        "sign",
        "signup",
        "subscribe",
        "subscriber",
        "subscription",
        "telegram",
        "twitter",
        "video",
        "whatsapp",
        "youtube",
    }
)

_URL_RE = re.compile(r"(?i)^(?:https?:|www\.)|\.(?:com|org|net|cn|io|html?)(?:/|$)|/")
_EMAIL_RE = re.compile(r"@")
_DIGIT_RE = re.compile(r"\d")
_ALPHA_RE = re.compile(r"[^\W\d_]")
_HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2013"})

#: A line is headline case when at least this share of its words longer than three
#: letters are capitalised, and it has at least ``HEADLINE_MIN_WORDS`` of them.
HEADLINE_SHARE = 0.75
HEADLINE_MIN_WORDS = 3
#: Function words in lower-cased form: in headline case they are capitalised and
#: tagged as proper nouns, yet they end a phrase. spaCy's stop list plus prepositions
#: it lacks.
_FUNCTION_WORDS = frozenset(STOP_WORDS) | frozenset(
    {
        "amid",
        "amidst",
        "despite",
        "versus",
        "vs",
        "like",
        "unlike",
        "near",
        "inside",
        "outside",
        "plus",
        "toward",
        "towards",
        "onto",
        "upon",
        "within",
        "without",
    }
)


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
    """

    key: str
    display: str
    first: int
    count: int
    n_words: int


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


def _merge(tokens: Sequence[Token]) -> list[_Word]:
    """Merge hyphen-joined tokens into words; mark where a phrase may not continue."""
    words: list[_Word] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        parts = [tok]
        j = i
        # "self-reliance", "chip-making", "F-16": tokens glued by a hyphen, no spaces.
        while (
            j + 2 < n
            and tokens[j + 1].text in _HYPHENS
            and tokens[j + 1].idx == tokens[j].idx + len(tokens[j].text)
            and tokens[j + 2].idx == tokens[j + 1].idx + len(tokens[j + 1].text)
            and not tokens[j + 2].sent_start
            and not tokens[j + 2].is_punct
            and not tokens[j].is_punct
        ):
            parts.append(tokens[j + 1])
            parts.append(tokens[j + 2])
            j += 2
        if (
            len(parts) == 1
            and tok.text.isdigit()
            and j + 1 < n
            and tokens[j + 1].idx == tok.idx + len(tok.text)
            and tokens[j + 1].text.isalpha()
            and len(tokens[j + 1].text) <= 3
        ):
            # spaCy splits a number from its unit ("7nm" -> "7", "nm"); rejoin them.
            unit = tokens[j + 1]
            j += 1
            words.append(
                _Word(
                    text=tok.text + unit.text,
                    lemma=(tok.text + unit.text).lower(),
                    pos="PROPN",
                    start=tok.idx,
                    end=unit.idx + len(unit.text),
                    is_stop=False,
                    breaks_before=tok.sent_start,
                    junk=False,
                )
            )
            i = j + 1
            continue
        if len(parts) == 1:
            pos = tok.pos
            if _has_digit_and_letter(tok.text) and not _is_junk_token(tok):
                pos = "PROPN" if pos not in _NOUN_POS else pos  # H20, 910C, 7nm
            words.append(
                _Word(
                    text=tok.text,
                    lemma=tok.lemma.lower(),
                    pos="PUNCT" if tok.is_punct else pos,
                    start=tok.idx,
                    end=tok.idx + len(tok.text),
                    is_stop=tok.is_stop,
                    breaks_before=tok.sent_start,
                    junk=_is_junk_token(tok),
                )
            )
        else:
            last = parts[-1]
            # A hyphenated compound ending in a participle ("state-backed") acts as
            # an adjective; one ending in a noun ("self-reliance") as that noun.
            pos = last.pos if last.pos in _PHRASE_POS else "ADJ"
            texts = [p.text for p in parts]
            lemmas = [p.text.lower() for p in parts[:-1]] + [last.lemma.lower()]
            words.append(
                _Word(
                    text="".join(texts),
                    lemma="".join(lemmas),
                    pos=pos,
                    start=tok.idx,
                    end=last.idx + len(last.text),
                    is_stop=False,
                    breaks_before=tok.sent_start,
                    junk=False,
                )
            )
        i = j + 1
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
    lower: dict[str, _Word] = {}
    capital: set[str] = set()
    for (a, b), is_head in zip(spans, headline, strict=True):
        if is_head:
            continue
        for k in range(a, b):
            w = words[k]
            key = w.text.lower()
            if w.text[:1].islower():
                lower.setdefault(key, w)
                lower.setdefault(w.lemma, w)
            elif k > a:  # a capital at a line start says nothing
                capital.add(key)
    out = list(words)
    for (a, b), is_head in zip(spans, headline, strict=True):
        if not is_head:
            continue
        for k in range(a, b):
            w = words[k]
            if not _is_title_word(w.text):
                continue
            key = w.text.lower()
            if key in _FUNCTION_WORDS:
                out[k] = replace(w, pos="ADP", is_stop=True)
            elif key in lower or _singular(key) in lower:
                body = lower.get(key) or lower[_singular(key)]
                out[k] = replace(w, text=key, lemma=body.lemma, pos=body.pos, is_stop=body.is_stop)
            elif key in capital:
                continue
            else:
                out[k] = replace(w, pos="X")
    return out


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


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


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
    if all(lem in UI_WORDS for lem in lemmas):
        return False
    return sum(len(w.text) for w in words) > 2 or len(words) > 1


def _runs(words: Sequence[_Word]) -> list[list[int]]:
    """Maximal runs of usable words, never crossing a line start or punctuation."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, word in enumerate(words):
        if word.breaks_before and current:
            runs.append(current)
            current = []
        if _usable(word):
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _word_stats(doc: ParsedDocument) -> dict[str, tuple[int, float]]:
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
            )
        )
    out.sort(key=lambda c: (c.first, -c.n_words, c.key))
    return out


@lru_cache(maxsize=65536)
def english_idf(word: str, *, pivot: float = 9.0) -> float:
    """An IDF-like weight of ``word`` from its frequency in general English.

    Used when the corpus is too small for its own IDF (one file, stdin): "said" and
    "year" are common everywhere, "tanker" is not, and the ``wordfreq`` package knows
    this from large public text collections shipped inside it (no download). Its Zipf
    frequency (log10 of uses per billion words; 0 when unknown, floored here at 1) maps
    to ``1 + ln(10) * max(0, pivot - zipf)``, the shape of an IDF. A high pivot keeps
    even common words above zero, so the prior re-weights rather than vetoes.

    Args:
        word: a lower-cased word or lemma; multi-word strings are combined by wordfreq.
        pivot: Zipf frequency at which a word's weight reaches its floor of 1.

    Returns:
        The weight, or 1.0 for every word when ``wordfreq`` is not installed.
    """
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - a declared dependency
        return 1.0
    zipf = max(zipf_frequency(word, "en"), 1.0)
    return 1.0 + math.log(10) * max(0.0, pivot - zipf)


def _identity(keys: list[str]) -> list[str]:
    return keys


def _subphrases(key: str) -> set[str]:
    """Every contiguous whole-word part of a key, the key included."""
    parts = key.split(" ")
    return {" ".join(parts[a:b]) for a in range(len(parts)) for b in range(a + 1, len(parts) + 1)}


class KeywordScorer:
    """Rank each document's noun-phrase candidates by word TF-IDF and position.

    Scoring works on words first, then phrases, as graph rankers such as
    PositionRank do: each word of a candidate gets::

        tf ** tf_power * idf ** idf_power
            * (1 + position_weight / (1 + first / position_scale))

    where ``tf`` counts the word in the document's candidate phrases, ``idf`` is
    scikit-learn's smoothed IDF over the corpus being analysed (learned by ``fit``;
    ``idf_power`` < 1 keeps it from outweighing position and frequency), and
    ``first`` is the word index of its first occurrence, because news states its
    subject in the headline and lead. A phrase scores the sum of its words' scores
    divided by ``n_words ** (1 - length_power)``: a length-normalised sum, so "oil
    spill" beats both "oil" and "spill" while a long phrase of weak words does not
    win by length alone.

    On a corpus smaller than ``min_df_docs`` documents (one file, stdin) IDF cannot
    tell common words from rare ones, so :func:`english_idf`, a general-English
    frequency prior, replaces it (``prior_weight`` > 0 also blends the prior into
    corpus IDF as ``idf ** idf_power * prior ** prior_weight``). Words absent from
    the fitted corpus get the largest IDF a word can have (seen in no document).

    Args:
        max_words: longest candidate phrase, in words.
        tf_power: exponent of the term frequency (< 1 damps repetition).
        position_weight: extra weight of a word in the first words of a document.
        position_scale: how many words it takes for the position bonus to halve.
        length_power: 1 scores a phrase by the sum of its word scores, 0 by their mean.
        min_df_docs: below this many fitted documents corpus IDF is replaced by the
            general-English prior.
        prior_weight: exponent of the prior when blended into corpus IDF (0 = off).
        idf_power: exponent of corpus IDF.
        prior_pivot: Zipf frequency where the prior bottoms out (see
            :func:`english_idf`).
        dedupe: drop a candidate from the top-k when it repeats, is part of, or
            contains a better-ranked one (no "export controls" + "controls").
    """

    def __init__(
        self,
        *,
        max_words: int = 5,
        tf_power: float = 0.5,
        position_weight: float = 24.0,
        position_scale: float = 50.0,
        length_power: float = 0.75,
        min_df_docs: int = 3,
        prior_weight: float = 0.0,
        idf_power: float = 0.5,
        prior_pivot: float = 9.0,
        dedupe: bool = True,
    ) -> None:
        self.max_words = max_words
        self.tf_power = tf_power
        self.position_weight = position_weight
        self.position_scale = position_scale
        self.length_power = length_power
        self.min_df_docs = min_df_docs
        self.prior_weight = prior_weight
        self.idf_power = idf_power
        self.prior_pivot = prior_pivot
        self.dedupe = dedupe

    def fit(self, docs: Sequence[ParsedDocument]) -> KeywordScorer:
        """Learn word document frequencies (IDF) from ``docs``.

        Returns:
            self, fitted: ``idf_`` (word lemma -> IDF), ``default_idf_`` (for words
            not seen while fitting) and ``n_docs_``.
        """
        from sklearn.feature_extraction.text import TfidfVectorizer

        keyed = [sorted(_word_stats(d)) for d in docs]
        self.n_docs_ = len(docs)
        self.idf_: dict[str, float] = {}
        self.default_idf_ = math.log(1 + self.n_docs_) + 1.0
        if any(keyed):
            vectorizer = TfidfVectorizer(
                analyzer=_identity, lowercase=False, smooth_idf=True, norm=None
            )
            vectorizer.fit(keyed)
            self.idf_ = {
                key: float(vectorizer.idf_[i]) for key, i in vectorizer.vocabulary_.items()
            }
        return self

    def _idf(self, lemma: str) -> float:
        if self.n_docs_ < self.min_df_docs:
            return english_idf(lemma, pivot=self.prior_pivot)
        corpus = math.pow(self.idf_.get(lemma, self.default_idf_), self.idf_power)
        if self.prior_weight:
            corpus *= math.pow(english_idf(lemma, pivot=self.prior_pivot), self.prior_weight)
        return corpus

    def _ranked(self, doc: ParsedDocument) -> list[tuple[Candidate, float]]:
        candidates = extract_candidates(doc, max_words=self.max_words)
        first: dict[str, int] = {}
        for cand in candidates:  # sorted by first occurrence
            for lemma in cand.key.split(" "):
                first.setdefault(lemma, cand.first)
        word_score: dict[str, float] = {}
        for lemma, (count, _) in _word_stats(doc).items():
            position = 1.0 + self.position_weight / (
                1.0 + first.get(lemma, 0) / self.position_scale
            )
            word_score[lemma] = count**self.tf_power * self._idf(lemma) * position
        scored = []
        for cand in candidates:
            total = sum(word_score.get(lemma, 0.0) for lemma in cand.key.split(" "))
            scored.append((cand, total / cand.n_words ** (1.0 - self.length_power)))
        # Deterministic: score, then earlier first occurrence, then key.
        scored.sort(key=lambda cs: (-cs[1], cs[0].first, cs[0].key))
        return scored

    def score(self, docs: Sequence[ParsedDocument], *, top: int | None = 10) -> pd.DataFrame:
        """Top keywords of each document.

        Args:
            docs: parsed documents (normally the ones the scorer was fitted on).
            top: keywords per document; ``None`` for all.

        Returns:
            A DataFrame with ``models.DOC_KEYWORD_COLUMNS`` (file, rank, keyword,
            score), in the order of ``docs`` then rank.

        Raises:
            RuntimeError: ``fit`` was not called first.
        """
        if not hasattr(self, "idf_"):
            raise RuntimeError("KeywordScorer.score() needs fit() first")
        rows: list[tuple[str, int, str, float]] = []
        for doc in docs:
            chosen: list[Candidate] = []
            values: list[float] = []
            chosen_keys: set[str] = set()
            covered: set[str] = set()  # every part of every chosen key
            for cand, value in self._ranked(doc):
                if top is not None and len(chosen) >= top:
                    break
                parts = _subphrases(cand.key)
                if self.dedupe and (
                    cand.key in covered
                    or parts & chosen_keys
                    or any(" " in part and part in covered for part in parts)
                ):
                    continue
                chosen.append(cand)
                values.append(value)
                chosen_keys.add(cand.key)
                covered |= parts
            for rank, (cand, value) in enumerate(zip(chosen, values, strict=True), start=1):
                rows.append((doc.name, rank, cand.display, round(value, 4)))
        return pd.DataFrame(rows, columns=list(DOC_KEYWORD_COLUMNS))


def corpus_keywords(doc_scores: pd.DataFrame, *, top: int | None = 20) -> pd.DataFrame:
    """Aggregate per-document keywords into corpus keywords.

    Keywords are grouped case-insensitively; the score is the sum of the document
    scores (a keyword that leads many documents beats one that leads a single
    document), ``docs`` counts the documents it appears in, and the display form is
    the one used by most documents (alphabetically first on ties).

    Args:
        doc_scores: output of :meth:`KeywordScorer.score`.
        top: how many keywords to keep; ``None`` for all.

    Returns:
        A DataFrame with ``models.KEYWORD_COLUMNS`` (keyword, score, docs), best first,
        ties broken by ``docs`` then keyword.
    """
    if doc_scores.empty:
        return pd.DataFrame(columns=list(KEYWORD_COLUMNS))
    groups: dict[str, tuple[Counter[str], float, set[str]]] = {}
    for file, keyword, value in zip(
        doc_scores[FILE], doc_scores[KEYWORD], doc_scores[SCORE], strict=True
    ):
        key = str(keyword).lower()
        forms, total, files = groups.setdefault(key, (Counter(), 0.0, set()))
        forms[str(keyword)] += 1
        files.add(str(file))
        groups[key] = (forms, total + float(value), files)
    rows = []
    for forms, total, files in groups.values():
        display = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        rows.append((display, round(total, 4), len(files)))
    rows.sort(key=lambda r: (-r[1], -r[2], r[0].lower(), r[0]))
    if top is not None:
        rows = rows[:top]
    return pd.DataFrame(rows, columns=list(KEYWORD_COLUMNS))


__all__ = [
    "HEADLINE_MIN_WORDS",
    "HEADLINE_SHARE",
    "UI_WORDS",
    "Candidate",
    "KeywordScorer",
    "corpus_keywords",
    "english_idf",
    "extract_candidates",
]
