"""Theme discovery: propose new themes from the corpus itself, as pasteable TOML.

A taxonomy is only as good as the themes someone thought to write down. Discovery
factorises the corpus's document x keyword TF-IDF matrix with non-negative matrix
factorisation (NMF): each component is a group of keywords that rise and fall
together across documents, which reads as a theme. The keywords are the same
noun-phrase candidates the keyword stage ranks (lemma-grouped, so "export control"
and "export controls" are one column), so a proposed theme's terms match the way
:func:`chipwatch.themes.score_themes` matches taxonomy terms. The candidates come from
:mod:`chipwatch.phrases`, shared with the keyword stage rather than imported from it.

Results are deterministic: documents are ordered by name and columns by key before
factorising, NMF starts from an SVD-based initialisation with a fixed seed, and ties
are broken by name, so the same corpus gives the same TOML in any input order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from chipwatch.errors import UsageError
from chipwatch.models import ParsedDocument
from chipwatch.phrases import UI_WORDS, extract_candidates

#: Documents listed (as TOML comments) under each proposed theme.
TOP_DOCUMENTS = 3
_SLUG_RE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class DiscoveredTheme:
    """One theme proposed by :func:`discover_themes`.

    Attributes:
        name: a TOML-safe slug from the two strongest terms ("export_controls_chip").
        description: a one-line placeholder naming the strongest terms; meant to be
            rewritten by the analyst.
        terms: display forms of the strongest keywords, strongest first.
        weights: each term's loading in the NMF component, scaled so the strongest
            term is 1.0 (``weights[i]`` belongs to ``terms[i]``).
        documents: ``(file, weight)`` of the documents that load most on the theme,
            strongest first, weights scaled so the strongest document is 1.0.
    """

    name: str
    description: str
    terms: tuple[str, ...]
    weights: tuple[float, ...]
    documents: tuple[tuple[str, float], ...]


def _slug(text: str) -> str:
    return _SLUG_RE.sub("_", text.lower()).strip("_") or "theme"


def _overlaps(a: str, b: str) -> bool:
    """Whether one key is a whole-word part of the other ("controls" in "export controls")."""
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def _doc_counts(doc: ParsedDocument) -> tuple[Counter[str], dict[str, Counter[str]]]:
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for cand in extract_candidates(doc):
        if cand.key in UI_WORDS:
            continue
        counts[cand.key] += cand.count
        forms.setdefault(cand.key, Counter())[cand.display] += cand.count
    return counts, forms


def discover_themes(
    docs: Sequence[ParsedDocument],
    *,
    k: int,
    top_terms: int = 10,
    seed: int = 0,
    min_df: int = 2,
) -> list[DiscoveredTheme]:
    """Propose ``k`` themes by NMF on the documents' keyword TF-IDF matrix.

    Columns are keyword candidates found in at least ``min_df`` documents (all
    candidates when the corpus has fewer than ``min_df`` documents): a keyword of one
    article cannot tie articles into a theme. Rows are L2-normalised TF-IDF with
    sublinear term frequency, so one long article does not become a theme by itself.

    Args:
        docs: parsed documents with tokens.
        k: how many themes to propose; at least 1 and at most the number of documents
            and of keyword columns.
        top_terms: terms listed per theme.
        seed: NMF's random state; fixed so runs repeat exactly.
        min_df: documents a keyword must appear in to be a column.

    Returns:
        Themes, the most prominent first (largest total document loading; name on
        ties). Names are unique.

    Raises:
        UsageError: ``k`` is below 1 or larger than the corpus allows.
    """
    if k < 1:
        raise UsageError(f"--discover needs at least 1 theme, got {k}")
    # One pass over the documents, keeping only their keyword counts: the documents may
    # be unpacked one at a time (``pipeline.Analysis.token_documents``).
    counted = sorted(((d.name, _doc_counts(d)) for d in docs), key=lambda pair: pair[0])
    ordered = [name for name, _ in counted]
    columns = _keyword_columns([counts for _, counts in counted], min_df=min_df)
    limit = min(len(ordered), columns.n_keys)
    if k > limit:
        raise UsageError(
            f"--discover {k}: the corpus supports at most {limit} theme(s) "
            f"({len(ordered)} document(s), {columns.n_keys} keyword(s) in "
            f"{columns.floor}+ documents)"
        )
    doc_weights, components, vocab = _factorise(columns.rows, k=k, seed=seed)
    drafts = []
    for t in range(k):
        top = _top_terms(components[t], vocab, top_terms=top_terms)
        column = doc_weights[:, t]
        drafts.append((float(column.sum()), top, _top_documents(column, ordered)))
    return _named_themes(drafts, columns.forms)


class _Columns(NamedTuple):
    """The keyword columns of the document x keyword matrix."""

    #: One ``{keyword key: count}`` per document, only keys that are columns.
    rows: list[dict[str, float]]
    #: Every key's display forms with their counts over the corpus.
    forms: dict[str, Counter[str]]
    #: How many keys are columns.
    n_keys: int
    #: Documents a key had to appear in to be a column.
    floor: int


def _keyword_columns(
    per_doc: Sequence[tuple[Counter[str], dict[str, Counter[str]]]], *, min_df: int
) -> _Columns:
    """Keep the keys found in ``min_df`` documents (all keys in a smaller corpus)."""
    df: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for counts, doc_forms in per_doc:
        df.update(counts.keys())
        for key, seen in doc_forms.items():
            forms.setdefault(key, Counter()).update(seen)
    floor = min_df if len(per_doc) >= min_df else 1
    keep = {key for key, n in df.items() if n >= floor}
    rows = [{key: float(n) for key, n in counts.items() if key in keep} for counts, _ in per_doc]
    return _Columns(rows=rows, forms=forms, n_keys=len(keep), floor=floor)


def _factorise(rows: list[dict[str, float]], *, k: int, seed: int) -> tuple[Any, Any, list[str]]:
    """NMF of the sublinear, L2-normalised TF-IDF matrix of ``rows``.

    Returns:
        ``(document weights, components, vocabulary)``: arrays of shape (documents, k)
        and (k, keys), and the keys in column order (sorted).
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer

    vectorizer = DictVectorizer(sort=True)
    counts_matrix = vectorizer.fit_transform(rows)
    tfidf = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2")
    matrix = tfidf.fit_transform(counts_matrix)
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=1000)
    doc_weights = model.fit_transform(matrix)
    vocab = [str(v) for v in vectorizer.get_feature_names_out()]
    return doc_weights, model.components_, vocab


def _top_terms(loadings: Any, vocab: Sequence[str], *, top_terms: int) -> list[tuple[str, float]]:
    """The strongest keys of one component, skipping keys that overlap a stronger one."""
    # Equal loadings (words that always co-occur): the longer phrase reads better.
    order = sorted(
        range(len(vocab)),
        key=lambda j: (-round(float(loadings[j]), 9), -vocab[j].count(" "), vocab[j]),
    )
    top: list[tuple[str, float]] = []
    for j in order:
        if len(top) >= top_terms or loadings[j] <= 0:
            break
        if not any(_overlaps(vocab[j], key) for key, _ in top):
            top.append((vocab[j], float(loadings[j])))
    return top


def _top_documents(column: Any, ordered: Sequence[str]) -> list[tuple[str, float]]:
    """The ``TOP_DOCUMENTS`` documents (by name) loading most on one component (name on
    ties)."""
    doc_order = sorted(range(len(ordered)), key=lambda i: (-float(column[i]), ordered[i]))
    return [(ordered[i], float(column[i])) for i in doc_order[:TOP_DOCUMENTS] if column[i] > 0]


_Draft = tuple[float, list[tuple[str, float]], list[tuple[str, float]]]


def _named_themes(
    drafts: Sequence[_Draft], forms: dict[str, Counter[str]]
) -> list[DiscoveredTheme]:
    """Name, order and scale the drafted ``(mass, terms, documents)`` components.

    Themes are ordered by total document loading (name on ties); a name already taken
    gets a numeric suffix; weights are scaled so the strongest term and document are 1.
    """

    def display(key: str) -> str:
        return min(forms[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]

    named = []
    for mass, top, top_docs in drafts:
        base = _slug("_".join(key for key, _ in top[:2])) if top else "theme"
        named.append((mass, base, top, top_docs))
    named.sort(key=lambda d: (-d[0], d[1]))
    themes: list[DiscoveredTheme] = []
    used: set[str] = set()
    for _mass, base, top, top_docs in named:
        name = base
        suffix = 2
        while name in used:
            name = f"{base}_{suffix}"
            suffix += 1
        used.add(name)
        term_max = top[0][1] if top else 1.0
        doc_max = top_docs[0][1] if top_docs else 1.0
        terms = tuple(display(key) for key, _ in top)
        themes.append(
            DiscoveredTheme(
                name=name,
                description="Discovered: " + ", ".join(terms[:3]),
                terms=terms,
                weights=tuple(round(w / term_max, 3) for _, w in top),
                documents=tuple((file, round(w / doc_max, 3)) for file, w in top_docs),
            )
        )
    return themes


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def to_toml(themes: Sequence[DiscoveredTheme]) -> str:
    """Render discovered themes as taxonomy TOML, ready to paste into a theme file.

    Each theme becomes a ``[themes.<name>]`` table with its description and a
    ``[themes.<name>.terms]`` table of ``"term" = weight`` (the format
    :func:`chipwatch.themes.load_taxonomy` reads), preceded by comments listing the
    documents that load most on it, so the analyst can check what it stands for
    before keeping it. Terms that differ only in case are merged (the first kept), as
    the taxonomy matches them alike.

    Returns:
        The TOML text, ending in a newline.
    """
    out: list[str] = [
        "# Themes proposed by NMF over the corpus's keyword TF-IDF matrix.",
        "# Rename, describe, prune and set thresholds before use.",
    ]
    for theme in themes:
        out.append("")
        for file, weight in theme.documents:
            out.append(f"# top document: {file} ({weight:.3f})".replace("\n", " "))
        out.append(f"[themes.{theme.name}]")
        out.append(f"description = {_toml_string(theme.description)}")
        out.append(f"[themes.{theme.name}.terms]")
        seen: set[str] = set()
        for term, weight in zip(theme.terms, theme.weights, strict=True):
            if term.lower() in seen:
                continue
            seen.add(term.lower())
            out.append(f"{_toml_string(term)} = {max(weight, 0.001):.3f}")
    return "\n".join(out) + "\n"


__all__ = ["TOP_DOCUMENTS", "DiscoveredTheme", "discover_themes", "to_toml"]
