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

The scorer follows scikit-learn's estimator rules: ``__init__`` stores parameters,
``fit`` learns document frequencies from a corpus and returns ``self``, learned state
ends in ``_``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from chipwatch.models import (
    DOC_KEYWORD_COLUMNS,
    FILE,
    KEYWORD,
    KEYWORD_COLUMNS,
    SCORE,
    ParsedDocument,
)
from chipwatch.phrases import Candidate, extract_candidates, word_stats

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "KeywordScorer",
    "corpus_keywords",
    "english_idf",
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

        keyed = [sorted(word_stats(d)) for d in docs]
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
        for lemma, (count, _) in word_stats(doc).items():
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
        import pandas as pd

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
    import pandas as pd

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
