"""Corpus keywords: what a whole folder is about, voted for by each document's top list.

Per-document lists (:mod:`chipwatch.keywords`) say what one story is about; a corpus
list adds their votes up, so a keyword that leads many documents beats one that leads
a single document. It is fed the lists as they stream past and holds only the keywords
voted for. What a corpus list must not hold is decided here too: a bare everyday word
("people", "time") says nothing about a corpus, and two names of one entity ("President
Trump", "Donald Trump") are one keyword, by the entity layer's canonical names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from chipwatch.lexicon import singular
from chipwatch.models import FILE, KEYWORD, KEYWORD_COLUMNS, SCORE

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GENERAL_ZIPF",
    "PER_DOC_VOTES",
    "corpus_keywords",
    "is_general_word",
    "name_key",
    "voted_keywords",
]


#: How many of each document's keywords vote for the corpus keywords.
PER_DOC_VOTES = 10

#: A single lower-case word at least this frequent in general English (Zipf scale: ``people``
#: 6.3, ``year`` 6.0, ``country`` 5.5; ``lithium`` 3.4) says nothing about a corpus on
#: its own; it stays in the per-document lists, where the words around it give it sense.
GENERAL_ZIPF = 5.0


def is_general_word(keyword: str, *, zipf: float = GENERAL_ZIPF) -> bool:
    """Whether ``keyword`` is one lower-case word of everyday English ("people", "years").

    A capitalised word is a name ("Apple", "US") and never general here; a plural is
    judged by its singular too, as the frequency list spells most nouns that way.
    """
    if " " in keyword or not keyword[:1].islower():
        return False
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - a declared dependency
        return False
    word = keyword.lower()
    return max(zipf_frequency(word, "en"), zipf_frequency(singular(word), "en")) >= zipf


def name_key(keyword: str, names: Mapping[str, tuple[str, str]]) -> str | None:
    """The canonical entity name a keyword refers to, from the entity layer's mentions.

    ``names`` maps a lower-cased mention surface to its (canonical name, label). A
    keyword that is a surface takes its canonical name ("Trump" -> "Donald Trump"); one
    that ends in a person's surface after capitalised words ("President Trump",
    "President Donald Trump") is a title before that person's name. Only persons are
    matched by their tail: "North Korea" must not become "Korea".
    """
    words = keyword.split(" ")
    for start in range(len(words)):
        hit = names.get(" ".join(words[start:]).lower())
        if hit is None:
            continue
        if start == 0:
            return hit[0]
        if hit[1] == "PERSON" and all(w[:1].isupper() for w in words[:start]):
            return hit[0]
    return None


def corpus_keywords(
    doc_scores: pd.DataFrame,
    *,
    top: int | None = 20,
    per_doc: int = PER_DOC_VOTES,
    names: Mapping[str, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Aggregate per-document keywords into corpus keywords.

    Each document votes with its own top ``per_doc`` keywords, each scored relative to
    the document's best (so a long document, whose raw scores are larger, weighs as
    much as a short one, and one document gives a keyword one vote); the corpus score
    is the sum of the votes, so a keyword that leads many documents beats one that
    leads a single document. Keywords are grouped
    case-insensitively, or by canonical entity name when ``names`` (from the entity
    layer) knows them, shown then under that name. A bare everyday word ("people",
    "time": :func:`is_general_word`) is no corpus keyword. ``docs`` counts the
    documents a keyword appears in; the display form is the one used by most documents
    (alphabetically first on ties).

    Args:
        doc_scores: output of :meth:`KeywordScorer.score`, best first per document.
        top: how many keywords to keep; ``None`` for all.
        per_doc: how many keywords of each document vote.
        names: lower-cased mention surface -> (canonical name, label).

    Returns:
        A DataFrame with ``models.KEYWORD_COLUMNS`` (keyword, score, docs), best first,
        ties broken by ``docs`` then keyword.
    """
    lists: dict[str, list[tuple[str, float]]] = {}
    for file, keyword, value in zip(
        doc_scores[FILE], doc_scores[KEYWORD], doc_scores[SCORE], strict=True
    ):
        lists.setdefault(str(file), []).append((str(keyword), float(value)))
    return voted_keywords(lists.items(), top=top, per_doc=per_doc, names=names)


def voted_keywords(
    lists: Iterable[tuple[str, Sequence[tuple[str, float]]]],
    *,
    top: int | None = 20,
    per_doc: int = PER_DOC_VOTES,
    names: Mapping[str, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """:func:`corpus_keywords` of the top lists :func:`chipwatch.keywords.top_lists`
    yields, taken in as they stream past: what is held grows with the keywords voted for, not
    with the documents or their candidates.

    Args:
        lists: ``(file, [(keyword, score), ...])`` per document, best first.
        top: how many keywords to keep; ``None`` for all.
        per_doc: how many keywords of each document vote.
        names: lower-cased mention surface -> (canonical name, label).
    """
    import pandas as pd

    # Per keyword: its forms, the votes of the documents done, how many, the current
    # document and its best vote (a document's votes come together: none is kept).
    groups: dict[str, tuple[Counter[str], float, int, str | None, float]] = {}
    for file, keyword, value in _votes(lists, per_doc):
        canonical = name_key(keyword, names) if names else None
        display = canonical or keyword
        if canonical is None and is_general_word(keyword):
            continue
        key = display.lower()
        forms, total, files, last, best = groups.get(key) or (Counter(), 0.0, 0, None, 0.0)
        forms[display] += 1
        # One vote per document, even when two of its keywords name one entity.
        if last == file:
            groups[key] = (forms, total, files, file, max(best, value))
        else:
            groups[key] = (forms, total + best, files + 1, file, value)
    rows = []
    for forms, total, files, _, best in groups.values():
        display = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        rows.append((display, round(total + best, 4), files))
    rows.sort(key=lambda r: (-r[1], -r[2], r[0].lower(), r[0]))
    if top is not None:
        rows = rows[:top]
    return pd.DataFrame(rows, columns=list(KEYWORD_COLUMNS))


def _votes(
    lists: Iterable[tuple[str, Sequence[tuple[str, float]]]], per_doc: int
) -> Iterator[tuple[str, str, float]]:
    """(file, keyword, score / the file's best score) for each file's top ``per_doc``.

    A lower-case word that is a word of one of the file's better keywords is left out:
    it follows its phrase in the document's list ("trade deal", then "deal") because
    readers name the story by it, but for the corpus it says what its phrase says, and
    voting again would lift a common word above the phrases that give it sense. Words
    meet in their singular ("sectors" after "tech sector"): the list shows each
    keyword in the form the text uses most."""
    for file, chosen in lists:
        if not chosen:
            continue
        best = chosen[0][1]
        words: set[str] = set()
        for keyword, value in chosen[:per_doc]:
            lowered = keyword.lower()
            if " " in keyword or not keyword[:1].islower() or singular(lowered) not in words:
                yield file, keyword, value / best if best > 0 else 0.0
            words.update(singular(word) for word in lowered.split())
