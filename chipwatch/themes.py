"""Themes: a taxonomy of the beat (TOML) and per-document theme scores with evidence.

A theme is a description plus weighted terms. A document's score for a theme is the
TF-IDF weight of the theme's terms in it, so an analyst can read why a theme fired
(``terms`` lists each term's contribution) and fix a wrong call by editing a term
list rather than retraining anything. Scores are normalised for document length
(hits per 100 words) and for the size of the theme (a theme with thirty terms would
otherwise fire on any text), so one threshold means "substantially about" across
themes and documents: a passing mention stays below it.

Term matching is lemma- and phrase-aware without needing the spaCy pipeline: each
word of a term matches a token whose text or lemma has the same singular form
("export control" matches "export controls"), hyphens are ignored on both sides
("self-reliance" matches "self reliance"), and all-capital terms ("BIS", "EV") match
case-sensitively so an acronym is not confused with an ordinary word.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chipwatch.config import THEME_THRESHOLD
from chipwatch.errors import TaxonomyError
from chipwatch.lexicon import DASHES, singular
from chipwatch.models import (
    FILE,
    SCORE,
    THEME,
    THEME_COLUMNS,
    THEME_SUMMARY_COLUMNS,
    ParsedDocument,
    Taxonomy,
    Theme,
    Token,
)

if TYPE_CHECKING:
    import pandas as pd

#: Matches in a document's first line (its title, after cleaning) count this much more:
#: a headline states what the article is about.
TITLE_WEIGHT = 3.0
_ALLOWED_KEYS = frozenset({"description", "terms", "threshold"})


@dataclass(frozen=True)
class WeightedTheme(Theme):
    """A theme whose terms carry weights (``weights[i]`` belongs to ``terms[i]``)."""

    weights: tuple[float, ...] = ()

    def weight(self, index: int) -> float:
        """Weight of the term at ``index`` (1.0 when the theme has no weights)."""
        return self.weights[index] if index < len(self.weights) else 1.0


def _default_taxonomy_path() -> Path:
    return Path(str(resources.files("chipwatch") / "resources" / "themes.toml"))


def _fail(path: Path, problem: str) -> TaxonomyError:
    return TaxonomyError(f"taxonomy {path}: {problem}")


def _parse_terms(path: Path, name: str, raw: Any) -> tuple[tuple[str, ...], tuple[float, ...]]:
    if isinstance(raw, list):
        pairs: list[tuple[Any, Any]] = [(t, 1.0) for t in raw]
    elif isinstance(raw, dict):
        pairs = list(raw.items())
    else:
        raise _fail(
            path,
            f"theme '{name}': 'terms' must be a list of strings or a table of "
            f"term = weight, not {type(raw).__name__}",
        )
    terms: list[str] = []
    weights: list[float] = []
    for term, weight in pairs:
        if not isinstance(term, str) or not term.strip():
            raise _fail(path, f"theme '{name}': every term must be a non-empty string")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise _fail(path, f"theme '{name}': weight of term '{term}' must be a positive number")
        terms.append(term.strip())
        weights.append(float(weight))
    if not terms:
        raise _fail(path, f"theme '{name}' has no terms; add at least one to 'terms'")
    return tuple(terms), tuple(weights)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load a theme taxonomy from TOML (the shipped ``resources/themes.toml`` by default).

    Format, one table per theme::

        [themes.export_controls]
        description = "US restrictions on selling chips and tools to China"
        threshold = 0.15          # optional
        terms = ["export controls", "entity list"]    # weight 1 each

        [themes.memory_chips]
        description = "DRAM, NAND and HBM"
        [themes.memory_chips.terms]                   # or weighted
        "high-bandwidth memory" = 2.0
        DRAM = 1.5

    Raises:
        TaxonomyError: the file is missing, is not valid TOML, or a theme is malformed;
            the message names the file and the problem.
    """
    source = path if path is not None else _default_taxonomy_path()
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(source, "file not found; check the --taxonomy path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(source, f"cannot be read: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(source, f"is not valid TOML: {exc}") from exc
    table = data.get("themes")
    if not isinstance(table, dict) or not table:
        raise _fail(source, "no themes found; define at least one [themes.<name>] table")
    return Taxonomy(themes=tuple(_parse_theme(source, name, body) for name, body in table.items()))


def _parse_theme(path: Path, name: str, body: Any) -> WeightedTheme:
    """One ``[themes.<name>]`` table as a theme; a missing threshold is the default."""
    if not isinstance(body, dict):
        raise _fail(path, f"theme '{name}' must be a table ([themes.{name}])")
    unknown = sorted(set(body) - _ALLOWED_KEYS)
    if unknown:
        raise _fail(
            path,
            f"theme '{name}': unknown key(s) {', '.join(unknown)} "
            f"(allowed: {', '.join(sorted(_ALLOWED_KEYS))})",
        )
    description = body.get("description", "")
    if not isinstance(description, str):
        raise _fail(path, f"theme '{name}': 'description' must be a string")
    if "terms" not in body:
        raise _fail(path, f"theme '{name}' has no terms; add a 'terms' list")
    terms, weights = _parse_terms(path, name, body["terms"])
    threshold = body.get("threshold", THEME_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or threshold < 0:
        raise _fail(path, f"theme '{name}': 'threshold' must be a number >= 0")
    return WeightedTheme(
        name=name,
        description=description,
        terms=terms,
        threshold=float(threshold),
        weights=weights,
    )


# --- matching -------------------------------------------------------------------------


@dataclass(frozen=True)
class _TermWord:
    form: str
    exact: bool  # an acronym: compare the token text case-sensitively


def _term_words(term: str) -> tuple[_TermWord, ...]:
    words = []
    for chunk in term.replace("\u2010", "-").replace("\u2011", "-").split():
        for part in chunk.split("-"):
            part = part.strip(",;:!?\"'()")
            if not part:
                continue
            bare = part[:-1] if part.endswith("s") and part[:-1].isupper() else part
            if len(bare) >= 2 and bare.isupper():
                words.append(_TermWord(bare, exact=True))
            else:
                words.append(_TermWord(singular(part.lower()), exact=False))
    return tuple(words)


@dataclass(frozen=True)
class _Slot:
    """A token as the matcher sees it; ``None`` slots are boundaries (punctuation)."""

    forms: frozenset[str]
    bare: str
    line: int


def _slots(tokens: Sequence[Token]) -> list[_Slot | None]:
    slots: list[_Slot | None] = []
    line = -1
    for tok in tokens:
        if tok.sent_start:
            line += 1
            slots.append(None)  # a term never spans two lines
        if tok.text in DASHES:
            continue  # "self-reliance" == "self reliance"
        if tok.is_punct:
            slots.append(None)
            continue
        text = tok.text
        bare = text[:-1] if text.endswith("s") and text[:-1].isupper() else text
        forms = frozenset({singular(text.lower()), singular(tok.lemma.lower())})
        slots.append(_Slot(forms=forms, bare=bare, line=max(line, 0)))
    return slots


def _word_matches(word: _TermWord, slot: _Slot | None) -> bool:
    if slot is None:
        return False
    if word.exact:
        return slot.bare == word.form
    return word.form in slot.forms


def _positions(slots: Sequence[_Slot | None]) -> dict[tuple[bool, str], list[int]]:
    """Where each word form occurs, so a term is looked up at its first word's places
    instead of being tried at every token (the matcher then costs O(tokens))."""
    places: dict[tuple[bool, str], list[int]] = {}
    for i, slot in enumerate(slots):
        if slot is None:
            continue
        places.setdefault((True, slot.bare), []).append(i)
        for form in slot.forms:
            places.setdefault((False, form), []).append(i)
    return places


def _count_matches(
    slots: Sequence[_Slot | None],
    terms: Sequence[tuple[int, tuple[_TermWord, ...]]],
    places: dict[tuple[bool, str], list[int]] | None = None,
) -> dict[int, float]:
    """Title-weighted match counts per term index; longer terms claim tokens first.

    Within one theme a token counts once: "Ascend 910C" does not also count as
    "Ascend". Matches of one term do not overlap (scanning resumes after a match).
    """
    if places is None:
        places = _positions(slots)
    claimed: set[int] = set()
    counts: dict[int, float] = {}
    order = sorted(terms, key=lambda t: (-len(t[1]), t[0]))
    for index, words in order:
        n = len(words)
        if n == 0:
            continue
        resume = 0
        for i in places.get((words[0].exact, words[0].form), ()):
            if i < resume or i + n > len(slots):
                continue
            if all(_word_matches(words[k], slots[i + k]) for k in range(1, n)) and not any(
                (i + k) in claimed for k in range(n)
            ):
                first = slots[i]
                assert first is not None
                counts[index] = counts.get(index, 0.0) + (TITLE_WEIGHT if first.line == 0 else 1.0)
                claimed.update(range(i, i + n))
                resume = i + n
    return counts


def _weight(theme: Theme, index: int) -> float:
    return theme.weight(index) if isinstance(theme, WeightedTheme) else 1.0


def score_themes(
    docs: Sequence[ParsedDocument], taxonomy: Taxonomy, *, include_all: bool = False
) -> pd.DataFrame:
    """Score every document against every theme.

    For term ``t`` of a theme with weight ``w``, matched ``tf`` times in a document
    (title matches count ``TITLE_WEIGHT`` times) and present in ``df`` of the ``N`` documents, the
    contribution is ``w * tf * idf`` with the smoothed ``idf = ln((1 + N) / (1 + df))
    + 1``. The theme score is the sum of contributions per 100 words of the document,
    divided by the square root of the theme's total term weight.

    Args:
        docs: parsed documents with tokens.
        taxonomy: themes to score.
        include_all: also return themes below their threshold (with the terms that
            fired, possibly none).

    Returns:
        A DataFrame with ``models.THEME_COLUMNS``: ``file``, ``theme``, ``score``
        (rounded), ``rank`` (1 = the document's strongest theme, among all themes) and
        ``terms`` (``"term:contribution"`` strings, strongest first), in the order of
        ``docs`` then rank.
    """
    import pandas as pd

    compiled = [
        [(i, _term_words(term)) for i, term in enumerate(theme.terms)] for theme in taxonomy.themes
    ]
    per_doc: list[tuple[ParsedDocument, int, list[dict[int, float]]]] = []
    df: list[dict[int, int]] = [{} for _ in taxonomy.themes]
    for doc in docs:
        slots = _slots(doc.tokens)
        places = _positions(slots)
        n_words = sum(1 for s in slots if s is not None)
        counts = [_count_matches(slots, terms, places) for terms in compiled]
        for t, found in enumerate(counts):
            for index in found:
                df[t][index] = df[t].get(index, 0) + 1
        per_doc.append((doc, n_words, counts))
    n_docs = len(docs)
    rows: list[tuple[str, str, float, int, list[str]]] = []
    for doc, n_words, counts in per_doc:
        scored = [
            _theme_score(theme, counts[t], df[t], n_words=n_words, n_docs=n_docs)
            for t, theme in enumerate(taxonomy.themes)
        ]
        scored.sort(key=lambda s: (-s[1], s[0]))
        for rank, (name, score, terms, passed) in enumerate(scored, start=1):
            if passed or include_all:
                rows.append((doc.name, name, score, rank, terms))
    return pd.DataFrame(rows, columns=list(THEME_COLUMNS))


def _theme_score(
    theme: Theme, counts: dict[int, float], df: dict[int, int], *, n_words: int, n_docs: int
) -> tuple[str, float, list[str], bool]:
    """One document's score for one theme (see :func:`score_themes`).

    Returns:
        ``(name, rounded score, "term:contribution" strings strongest first, whether
        the score passes the theme's threshold)``.
    """
    total_weight = sum(_weight(theme, i) for i in range(len(theme.terms)))
    norm = max(n_words, 1) / 100.0 * math.sqrt(max(total_weight, 1e-9))
    contributions: list[tuple[float, str]] = []
    for index, tf in counts.items():
        idf = math.log((1 + n_docs) / (1 + df[index])) + 1.0
        value = _weight(theme, index) * tf * idf / norm
        contributions.append((value, theme.terms[index]))
    contributions.sort(key=lambda c: (-c[0], c[1]))
    score = round(sum(v for v, _ in contributions), 4)
    terms = [f"{term}:{round(v, 3)}" for v, term in contributions]
    return theme.name, score, terms, score >= theme.threshold and score > 0


def theme_summary(scores: pd.DataFrame, *, n_docs: int) -> pd.DataFrame:
    """Corpus view: per theme, how many documents have it, their share, the mean score.

    Args:
        scores: output of :func:`score_themes` without ``include_all`` (one row per
            document and theme that passed its threshold).
        n_docs: documents analysed, including those with no theme (the share's base).

    Returns:
        A DataFrame with ``models.THEME_SUMMARY_COLUMNS``, most common theme first
        (ties: higher mean score, then name).
    """
    import pandas as pd

    if scores.empty:
        return pd.DataFrame(columns=list(THEME_SUMMARY_COLUMNS))
    rows = []
    for theme, group in scores.groupby(THEME, sort=True):
        docs = int(group[FILE].nunique())
        share = round(docs / n_docs, 4) if n_docs else 0.0
        rows.append((str(theme), docs, share, round(float(group[SCORE].mean()), 4)))
    rows.sort(key=lambda r: (-r[1], -r[3], r[0]))
    return pd.DataFrame(rows, columns=list(THEME_SUMMARY_COLUMNS))


__all__ = [
    "TITLE_WEIGHT",
    "WeightedTheme",
    "load_taxonomy",
    "score_themes",
    "theme_summary",
]
