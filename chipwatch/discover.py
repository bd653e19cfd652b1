"""Theme discovery: propose new themes from the corpus itself, as pasteable TOML.

A taxonomy is only as good as the themes someone thought to write down. Discovery
factorises the corpus's document x keyword TF-IDF matrix with non-negative matrix
factorisation (NMF): each component is a group of keywords that rise and fall
together across documents, which reads as a theme. The keywords are the same
noun-phrase candidates the keyword stage ranks (lemma-grouped, so "export control"
and "export controls" are one column), so a proposed theme's terms match the way
:func:`chipwatch.themes.score_themes` matches taxonomy terms.

Results are deterministic: documents are ordered by name and columns by key before
factorising, NMF starts from an SVD-based initialisation with a fixed seed, and ties
are broken by name, so the same corpus gives the same TOML in any input order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from chipwatch.errors import UsageError
from chipwatch.keywords import UI_WORDS, extract_candidates
from chipwatch.models import ParsedDocument

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
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer

    if k < 1:
        raise UsageError(f"--discover needs at least 1 theme, got {k}")
    ordered = sorted(docs, key=lambda d: d.name)
    per_doc = [_doc_counts(d) for d in ordered]
    df: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for counts, doc_forms in per_doc:
        df.update(counts.keys())
        for key, seen in doc_forms.items():
            forms.setdefault(key, Counter()).update(seen)
    floor = min_df if len(ordered) >= min_df else 1
    keep = {key for key, n in df.items() if n >= floor}
    rows = [{key: float(n) for key, n in counts.items() if key in keep} for counts, _ in per_doc]
    limit = min(len(ordered), len(keep))
    if k > limit:
        raise UsageError(
            f"--discover {k}: the corpus supports at most {limit} theme(s) "
            f"({len(ordered)} document(s), {len(keep)} keyword(s) in {floor}+ documents)"
        )
    vectorizer = DictVectorizer(sort=True)
    counts_matrix = vectorizer.fit_transform(rows)
    tfidf = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2")
    matrix = tfidf.fit_transform(counts_matrix)
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=1000)
    doc_weights = model.fit_transform(matrix)
    components = model.components_
    vocab = [str(v) for v in vectorizer.get_feature_names_out()]

    drafts: list[tuple[float, list[tuple[str, float]], list[tuple[str, float]]]] = []
    for t in range(k):
        loadings = components[t]
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
        column = doc_weights[:, t]
        doc_order = sorted(range(len(ordered)), key=lambda i: (-float(column[i]), ordered[i].name))
        top_docs = [
            (ordered[i].name, float(column[i])) for i in doc_order[:TOP_DOCUMENTS] if column[i] > 0
        ]
        drafts.append((float(column.sum()), top, top_docs))

    def display(key: str) -> str:
        return min(forms[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]

    themes: list[DiscoveredTheme] = []
    used: set[str] = set()
    named = []
    for mass, top, top_docs in drafts:
        base = _slug("_".join(key for key, _ in top[:2])) if top else "theme"
        named.append((mass, base, top, top_docs))
    named.sort(key=lambda d: (-d[0], d[1]))
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
