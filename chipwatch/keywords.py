"""Keyword ranking: noun-phrase candidates weighted by corpus TF-IDF and position.

TF-IDF stays the core because it is fitted on the corpus being analysed: a phrase that
every article repeats ("the company") carries no information about any one of them.
Plain n-gram TF-IDF is a weak keyphrase extractor, though, because most n-grams are not
phrases at all. The strong unsupervised extractors win with three ideas, all used here:

* candidates are noun phrases grouped by lemma (:mod:`chipwatch.phrases` finds them),
  so "export control" and "export controls" are one keyword;
* where a phrase first occurs matters: news puts its subject in the headline and lead;
* the top of the list should not repeat itself ("export controls", "controls").

With too few documents for IDF, a general-English word-frequency prior (``wordfreq``)
stands in.

How :class:`KeywordScorer` scores a candidate. **Word evidence** (as graph rankers such
as PositionRank use it): each word gets::

    word(w) = tf ** tf_power * idf ** idf_power * position(first)
    position(i) = 1 + position_weight / (1 + i / position_scale)

where ``tf`` counts the word in the document's candidate phrases, ``idf`` is
scikit-learn's smoothed IDF over the corpus being analysed (learned by ``fit``) and
``first`` is the word index of its first occurrence (news states its subject in the
headline and lead, a paper in its title and abstract). A phrase's word evidence is the
sum of its words' scores divided by ``n_words ** (1 - length_power)``. **Phrase
evidence** is the phrase's own frequency and first position, with the IDF of its words::

    own(p) = count(p) ** tf_power * position(first(p)) * sum(idf ** idf_power)
             / n_words ** (1 - length_power)

Word evidence alone lets a long document's most frequent word carry every phrase that
contains it ("trust situation", "professional trust", ...); phrase evidence alone
misses a phrase whose words are each central but rarely written together. A candidate
scores ``word ** (1 - w) * own ** w``, where the share ``w`` of phrase evidence grows
with the document's length: ``own_weight`` up to ``short_tokens`` tokens,
``long_own_weight`` from ``long_tokens`` on, log-linear between. In a news story a
word's frequency is good evidence for the phrases around it; in a report of thousands
of words the most frequent words are in every other phrase, and only the phrase's own
frequency tells the key ones apart. Two factors read from how the text uses the
candidate multiply the score:

* ``((heads + 0.1) / (count + 0.1)) ** head_power``: the share of occurrences where the
  phrase ends where its run of nouns ends. "biggest oil" inside "biggest oil spill" is a
  fragment: its last noun only modifies the next one.
* for a single word, ``((alone + 1) / (count + 1)) ** alone_power``: the share of
  occurrences where the word stands alone rather than inside a longer phrase.
  "Holliday" in "Holliday said" is a keyword on its own; "spill", written only as "oil
  spill", is not.

On a corpus smaller than ``min_df_docs`` documents (one file, stdin) IDF cannot tell
common words from rare ones, so :func:`english_idf`, a general-English frequency prior,
replaces it (``prior_weight`` > 0 also blends the prior into corpus IDF as ``idf **
idf_power * prior ** prior_weight``). Words absent from the fitted corpus get the
largest IDF a word can have (seen in no document).

The scorer follows scikit-learn's estimator rules: ``__init__`` stores parameters,
``fit`` learns document frequencies from a corpus and returns ``self``, learned state
ends in ``_``. Corpus keywords, the votes of the per-document lists, are
:mod:`chipwatch.keyword_votes` (re-exported here).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from chipwatch.keyword_votes import (
    GENERAL_ZIPF,
    PER_DOC_VOTES,
    corpus_keywords,
    is_general_word,
    name_key,
    voted_keywords,
)
from chipwatch.models import DOC_KEYWORD_COLUMNS, ParsedDocument
from chipwatch.phrases import Candidate, extract_candidates, word_stats
from chipwatch.shortlist import Shortlist, parts_used_alone

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GENERAL_ZIPF",
    "PER_DOC_VOTES",
    "KeywordScorer",
    "corpus_keywords",
    "english_idf",
    "is_general_word",
    "name_key",
    "top_lists",
    "voted_keywords",
]


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


class KeywordScorer:
    """Rank each document's noun-phrase candidates by word and phrase evidence, blended
    by the document's length and weighed by how the text uses each candidate (the
    module docstring gives the formulas).

    Args:
        max_words: longest candidate phrase, in words.
        tf_power: exponent of word and phrase frequency (< 1 damps repetition).
        position_weight: extra weight of a word or phrase in the first words.
        position_scale: how many words it takes for the position bonus to halve.
        length_power: 1 sums word scores over a phrase, 0 averages them.
        own_weight: share of phrase evidence in the score of a short document (0 =
            word evidence only).
        long_own_weight: that share in a long document.
        short_tokens: documents up to this many tokens use ``own_weight``.
        long_tokens: documents from this many tokens on use ``long_own_weight``.
        head_power: exponent of the share of occurrences that end a noun run.
        alone_power: exponent of the share of a single word's standalone occurrences.
        alone_share: a single word that stands alone in at least this share of its
            occurrences (and at least ``alone_min`` times) stays in the top list next
            to a chosen phrase that contains it ("Matt Holliday" and "Holliday").
        alone_min: see ``alone_share``.
        part_min: a chosen phrase is followed in the list by each of its words that the
            text writes on its own at least this many times ("the spill" twice after
            "oil spill"): readers name the subject by that word as well as by the
            phrase. A word only seen inside its phrase ("spill" of "oil spill") never is;
            see :func:`~chipwatch.shortlist.parts_used_alone`.
        name_part_min: the same for a name's word (written capitalised): "Holliday
            said" once after "Matt Holliday" is how news goes on naming a person.
        part_after: words that follow their phrase wait until the list holds this many
            keys, so the head of the list stays with the best-ranked candidates.
        max_shared: most chosen keys of one top list that may share a word (with
            ``dedupe``): a long report's main word must not fill the list with its
            variants ("trust situation", "professional trust", "trust impacts", ...).
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
        tf_power: float = 0.7,
        position_weight: float = 24.0,
        position_scale: float = 200.0,
        length_power: float = 0.5,
        own_weight: float = 0.3,
        long_own_weight: float = 0.5,
        short_tokens: int = 1000,
        long_tokens: int = 3000,
        head_power: float = 0.5,
        alone_power: float = 0.3,
        alone_share: float = 0.6,
        alone_min: int = 2,
        part_min: int = 2,
        name_part_min: int = 1,
        part_after: int = 5,
        max_shared: int = 4,
        min_df_docs: int = 3,
        prior_weight: float = 0.0,
        idf_power: float = 0.8,
        prior_pivot: float = 9.0,
        dedupe: bool = True,
    ) -> None:
        self.max_words = max_words
        self.tf_power = tf_power
        self.position_weight = position_weight
        self.position_scale = position_scale
        self.length_power = length_power
        self.own_weight = own_weight
        self.long_own_weight = long_own_weight
        self.short_tokens = short_tokens
        self.long_tokens = long_tokens
        self.head_power = head_power
        self.alone_power = alone_power
        self.alone_share = alone_share
        self.alone_min = alone_min
        self.part_min = part_min
        self.name_part_min = name_part_min
        self.part_after = part_after
        self.max_shared = max_shared
        self.min_df_docs = min_df_docs
        self.prior_weight = prior_weight
        self.idf_power = idf_power
        self.prior_pivot = prior_pivot
        self.dedupe = dedupe

    def fit(self, docs: Iterable[ParsedDocument]) -> KeywordScorer:
        """Learn word document frequencies (IDF) from ``docs``, read once as a stream.

        Only the counts are kept (memory grows with the vocabulary, not with the number
        of documents); the IDF is scikit-learn's smoothed one, ``ln((1 + n) / (1 + df))
        + 1``, computed as ``TfidfTransformer`` computes it.

        Returns:
            self, fitted: ``idf_`` (word lemma -> IDF), ``default_idf_`` (for words
            not seen while fitting) and ``n_docs_``.
        """
        import numpy as np

        df: Counter[str] = Counter()
        n_docs = 0
        for doc in docs:
            n_docs += 1
            df.update(word_stats(doc).keys())
        self.n_docs_ = n_docs
        self.default_idf_ = math.log(1 + n_docs) + 1.0
        keys = sorted(df)
        counts = np.array([df[key] for key in keys], dtype=np.float64) + 1.0
        idf = np.log(float(n_docs + 1) / counts) + 1.0
        self.idf_: dict[str, float] = {key: float(idf[i]) for i, key in enumerate(keys)}
        return self

    def _idf(self, lemma: str) -> float:
        if self.n_docs_ < self.min_df_docs:
            return english_idf(lemma, pivot=self.prior_pivot)
        corpus = math.pow(self.idf_.get(lemma, self.default_idf_), self.idf_power)
        if self.prior_weight:
            corpus *= math.pow(english_idf(lemma, pivot=self.prior_pivot), self.prior_weight)
        return corpus

    def _position(self, first: int) -> float:
        return 1.0 + self.position_weight / (1.0 + first / self.position_scale)

    def _ranked(self, doc: ParsedDocument) -> list[tuple[Candidate, float]]:
        candidates = extract_candidates(doc, max_words=self.max_words)
        first: dict[str, int] = {}
        for cand in candidates:  # sorted by first occurrence
            for lemma in cand.key.split(" "):
                first.setdefault(lemma, cand.first)
        idf: dict[str, float] = {}
        word_score: dict[str, float] = {}
        for lemma, (count, _) in word_stats(doc).items():
            idf[lemma] = self._idf(lemma)
            word_score[lemma] = (
                count**self.tf_power * idf[lemma] * self._position(first.get(lemma, 0))
            )
        weight = self._own_weight(len(doc.tokens))
        scored = [
            (cand, self._candidate_score(cand, word_score, idf, weight)) for cand in candidates
        ]
        # Deterministic: score, then earlier first occurrence, then key.
        scored.sort(key=lambda cs: (-cs[1], cs[0].first, cs[0].key))
        return scored

    def _own_weight(self, n_tokens: int) -> float:
        """The share of phrase evidence for a document of ``n_tokens`` tokens."""
        if n_tokens <= self.short_tokens:
            return self.own_weight
        if n_tokens >= self.long_tokens:
            return self.long_own_weight
        t = math.log(n_tokens / self.short_tokens) / math.log(self.long_tokens / self.short_tokens)
        return self.own_weight + t * (self.long_own_weight - self.own_weight)

    def _candidate_score(
        self,
        cand: Candidate,
        word_score: dict[str, float],
        idf: dict[str, float],
        own_weight: float,
    ) -> float:
        """Word evidence and phrase evidence blended, times the head and alone shares."""
        lemmas = cand.key.split(" ")
        norm = math.pow(cand.n_words, 1.0 - self.length_power)
        words = sum(word_score.get(lemma, 0.0) for lemma in lemmas) / norm
        own = (
            math.pow(cand.count, self.tf_power)
            * self._position(cand.first)
            * sum(idf[lemma] if lemma in idf else self._idf(lemma) for lemma in lemmas)
            / norm
        )
        value = math.pow(words, 1.0 - own_weight) * math.pow(own, own_weight)
        value *= math.pow((cand.heads + 0.1) / (cand.count + 0.1), self.head_power)
        if cand.n_words == 1:
            value *= math.pow((cand.alone + 1.0) / (cand.count + 1.0), self.alone_power)
        return value

    def _stands_alone(self, cand: Candidate) -> bool:
        """A single word written on its own often enough to be a keyword next to a
        chosen phrase that contains it."""
        return (
            cand.n_words == 1
            and cand.alone >= self.alone_min
            and cand.alone >= self.alone_share * cand.count
        )

    def _select(
        self, ranked: list[tuple[Candidate, float]], top: int | None
    ) -> list[tuple[Candidate, float]]:
        """The top list: best first, without repeats, parts or wholes of chosen keys
        (a standalone single word excepted), and no word in more than ``max_shared``
        chosen keys, so one word's variants cannot fill the list. A chosen phrase is
        followed by its words that the text uses on their own (see
        :func:`~chipwatch.shortlist.parts_used_alone`), ranked with it."""
        singles = {cand.key: cand for cand, _ in ranked if cand.n_words == 1}
        picks = Shortlist(max_shared=self.max_shared)
        limit = math.inf if top is None else top
        waiting: list[tuple[Candidate, float]] = []  # parts used alone, in phrase order
        for cand, value in ranked:
            picks.flush(waiting, after=self.part_after, limit=limit)
            if len(picks.chosen) >= limit:
                break
            if not picks.accepts(cand, dedupe=self.dedupe, alone=self._stands_alone(cand)):
                continue
            picks.add(cand, value)
            if self.dedupe:
                parts = parts_used_alone(
                    cand, singles, least=self.part_min, least_name=self.name_part_min
                )
                waiting += [(part, value) for part in parts]
        picks.flush(waiting, after=0, limit=limit)
        return picks.chosen

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
        import pandas as pd

        rows = [
            (name, rank, keyword, value)
            for name, chosen in top_lists(self, docs, top=top)
            for rank, (keyword, value) in enumerate(chosen, start=1)
        ]
        return pd.DataFrame(rows, columns=list(DOC_KEYWORD_COLUMNS))


def top_lists(
    scorer: KeywordScorer,
    docs: Iterable[ParsedDocument],
    *,
    top: int | None = 10,
    keep: int | None = None,
) -> Iterator[tuple[str, list[tuple[str, float]]]]:
    """Each document's top list, ``(name, [(keyword, score), ...])``, one document at a
    time: a caller that reduces them (corpus keywords) never holds every document's
    candidates. :meth:`KeywordScorer.score` is these lists as a table.

    Args:
        scorer: a fitted scorer.
        docs: parsed documents (normally the ones the scorer was fitted on).
        top: the length of each list; ``None`` for all.
        keep: yield only each list's first ``keep`` keywords (the list itself is
            chosen with ``top``, so they are the first rows :meth:`score` gives).

    Raises:
        RuntimeError: ``fit`` was not called first.
    """
    if not hasattr(scorer, "idf_"):
        raise RuntimeError("KeywordScorer.score() needs fit() first")
    for doc in docs:
        chosen = scorer._select(scorer._ranked(doc), top)[:keep]
        yield doc.name, [(cand.display, round(value, 4)) for cand, value in chosen]
