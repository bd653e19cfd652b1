"""Views over an analysis: each command's table is a function of an :class:`Analysis`.

A view never computes per-document work: it reads what :func:`~chipwatch.pipeline.analyze`
gathered (and says which ``Need`` it reads, in ``NEEDS``) and hands it to the stage that
builds the table. Notes for the user (undated documents left out of a chart) go to the
``notes`` list a caller passes, never to a console: the library does not print.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeAlias

from chipwatch.config import MIN_RELEVANCE, SHINGLE_SIZE, Settings
from chipwatch.errors import NothingProcessedError, OutputError, UsageError
from chipwatch.files import output_name, write_atomic
from chipwatch.models import CLEAN_COLUMNS, DOC_COLUMNS, DROP_COLUMNS
from chipwatch.pipeline import Analysis, Need

if TYPE_CHECKING:
    import pandas as pd

    from chipwatch.models import ParsedDocument, Taxonomy
    from chipwatch.themes import PageEvidence

Period: TypeAlias = Literal["week", "month"]
What: TypeAlias = Literal["entities", "themes", "keywords"]

#: What each view reads from an analysis.
NEEDS: dict[str, Need] = {
    "clean": Need(clean=True),
    "drops": Need(clean=True, drops=True),
    "docs": Need(clean=True, entities=True, tokens=True),
    "dups": Need(clean=True),
    "entities": Need(entities=True),
    "kwic": Need(clean=True, entities=True),
    "keywords": Need(tokens=True),
    "themes": Need(entities=True, tokens=True),
    "trends:entities": Need(clean=True, entities=True),
    "trends:themes": Need(clean=True, entities=True, tokens=True),
    "trends:keywords": Need(clean=True, tokens=True),
    "report": Need(clean=True, entities=True, tokens=True),
}


def need_for(view: str, what: What | None = None) -> Need:
    """The ``Need`` of a view (``trends`` and ``diff`` depend on what they count)."""
    if view in ("trends", "diff"):
        return NEEDS[f"trends:{what or 'entities'}"]
    return NEEDS[view]


def period(by: str | None) -> Period | None:
    """The calendar bucket a ``--by`` value names (``published`` means month).

    Raises:
        UsageError: an unknown bucket.
    """
    if by is None:
        return None
    if by in ("published", "month"):
        return "month"
    if by == "week":
        return "week"
    raise UsageError(f"--by {by}: use published, month or week.")


def theme_period(*, summary: bool, by: str | None) -> Period | None:
    """The period of a ``themes`` call, checked before any work is done.

    Raises:
        UsageError: an unknown bucket, or ``by`` without ``summary``.
    """
    bucket = period(by)
    if bucket is not None and not summary:
        raise UsageError("--by works with --summary. Add --summary.")
    return bucket


def require_documents(analysis: Analysis) -> None:
    """Raise when nothing readable was found, so callers can exit non-zero.

    Raises:
        NothingProcessedError: every input was skipped (or there were none).
    """
    if analysis.processed:
        return
    if not analysis.sources:
        raise NothingProcessedError(
            f"no files matching '{analysis.settings.glob}' under "
            f"{', '.join(analysis.paths)}. Check the path or pass --glob."
        )
    raise NothingProcessedError("no input could be processed. See the warnings above.")


def write_run_report(analysis: Analysis, path: Path) -> None:
    """Write a JSON account of the run: every input, processed or skipped with its reason.

    Raises:
        OutputError: the report cannot be written.
    """
    skips = analysis.skips
    counts: dict[str, int] = {}
    for skip in skips:
        counts[skip.reason] = counts.get(skip.reason, 0) + 1
    payload = {
        "processed": analysis.processed,
        "skipped": [{"file": s.name, "reason": s.reason, "detail": s.detail} for s in skips],
        "skipped_by_reason": dict(sorted(counts.items())),
        "errors": [{"file": e.name, "detail": e.detail} for e in analysis.errors],
    }
    write_atomic(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


# --- cleaning ---------------------------------------------------------------------------------


def clean_text(analysis: Analysis) -> pd.DataFrame:
    """One row per document: ``file, text`` (cleaned paragraphs joined by \\n)."""
    import pandas as pd

    rows = [(doc.name, doc.text) for doc in analysis.clean_documents()]
    return pd.DataFrame(rows, columns=list(CLEAN_COLUMNS))


def docs(analysis: Analysis) -> pd.DataFrame:
    """One row per document: ``file, title, published, author, source, words_raw,
    words_clean, relevance`` (metadata the page states; word counts before and after
    cleaning; how much the page is about the beat, see :func:`on_beat`)."""
    import pandas as pd

    pages, _, _ = _theme_pages(analysis)
    relevance = {page.name: page.relevance for page in pages}
    rows = [
        (
            doc.name,
            doc.metadata.title or doc.title,
            doc.metadata.published,
            doc.metadata.author,
            doc.metadata.source,
            len(doc.document.text.split()),
            len(doc.text.split()),
            relevance.get(doc.name, 0.0),
        )
        for doc in analysis.clean_documents()
    ]
    return pd.DataFrame(rows, columns=list(DOC_COLUMNS))


def drops(analysis: Analysis) -> pd.DataFrame:
    """Every dropped line: ``file, line, reason, text``."""
    import pandas as pd

    _require(analysis, "drops")
    rows = [
        (doc.name, drop.line, drop.reason, drop.text)
        for doc in analysis.clean_documents(with_text=False)
        for drop in doc.drops
    ]
    return pd.DataFrame(rows, columns=list(DROP_COLUMNS)).astype({"line": "int64"})


def save_clean(analysis: Analysis, out_dir: Path) -> list[Path]:
    """Write one cleaned file per input under ``out_dir``, at the input's relative path.

    Files are written atomically (temporary file, then rename) and never over an input.

    Raises:
        OutputError: a target would overwrite an input, or cannot be written.
    """
    inputs = {s.path.resolve() for s in analysis.sources if s.path is not None}
    written: list[Path] = []
    for doc in analysis.clean_documents(with_text=False):
        target = out_dir / output_name(doc.name)
        if target.resolve() in inputs:
            raise OutputError(
                f"{target}: writing here would overwrite an input file. "
                "Choose an --out directory outside the inputs."
            )
        write_atomic(target, doc.text + "\n" if doc.lines else "")
        written.append(target)
    return written


def duplicates(
    analysis: Analysis, *, shingle: int = SHINGLE_SIZE, singletons: bool = False
) -> pd.DataFrame:
    """Clusters of near-duplicate articles: ``cluster, file, similarity, title, …``."""
    from chipwatch.dups import find_duplicates

    return find_duplicates(
        analysis.clean_documents(),
        threshold=analysis.settings.dedupe_threshold,
        shingle=shingle,
        singletons=singletons,
    )


# --- entities ---------------------------------------------------------------------------------


def entities(
    analysis: Analysis,
    *,
    labels: Collection[str] | None = None,
    top: int | None = None,
    per_doc: bool = False,
    evidence: bool = False,
) -> pd.DataFrame:
    """Canonical entities: corpus rows, or one row per file and entity with ``per_doc``.

    ``evidence`` adds where the first mention is (``file``/``start``) and a snippet of
    its sentence, so every row can be checked against the text. With ``dedupe`` the
    corpus rows gain ``outlets``.
    """
    from chipwatch.entities import doc_entity_table, entity_table

    _require(analysis, "entities")
    texts = dict(analysis.texts()) if evidence else None
    if per_doc:
        table = doc_entity_table(analysis.mentions, labels=labels, evidence=texts)
        if top is not None:
            table = table.groupby("file", sort=False).head(top).reset_index(drop=True)
        return table
    table = entity_table(analysis.mentions, labels=labels, top=top, evidence=texts)
    return _with_outlets(analysis, table) if analysis.settings.dedupe else table


def _with_outlets(analysis: Analysis, table: pd.DataFrame) -> pd.DataFrame:
    """Add ``outlets``: distinct sources (or, without one, syndication clusters) that
    carried each entity, counting every copy of a syndicated story."""
    from chipwatch.models import ENTITY, OUTLETS

    clusters = analysis.representatives
    outlet = {
        d.name: d.metadata.source or f"cluster:{clusters.get(d.name, d.name)}"
        for d in analysis.clean_documents()
    }
    seen: dict[str, set[str]] = {}
    for name in outlet:
        for mention in analysis.mentions_by_doc.get(name, ()):
            seen.setdefault(mention.entity, set()).add(outlet[name])
    table = table.copy()
    table[OUTLETS] = [len(seen.get(e, ())) for e in table[ENTITY]]
    return table


def entity_pairs(
    analysis: Analysis,
    *,
    scope: Literal["sentence", "document"] = "sentence",
    labels: Collection[str] | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """Entities mentioned together in a sentence (or document), with counts."""
    from chipwatch.cooccurrence import entity_pairs as pairs

    _require(analysis, "entities")
    return pairs(analysis.mentions, dict(analysis.texts()), scope=scope, labels=labels, top=top)


def kwic(analysis: Analysis, term: str, *, width: int = 40) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` (a phrase or any name of an
    entity) as ``file, line, left, match, right``."""
    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.kwic import kwic as find

    _require(analysis, "kwic")
    gazetteer = load_gazetteer(analysis.settings.gazetteer)
    return find(term, analysis.clean_documents(), analysis.mentions, gazetteer, width=width)


# --- keywords and themes ------------------------------------------------------------------


def keywords(analysis: Analysis, *, top: int | None = 10, per_doc: bool = False) -> pd.DataFrame:
    """Keywords fitted on this corpus: per document, or aggregated."""
    from chipwatch.keywords import KeywordScorer, corpus_keywords

    _require(analysis, "keywords")
    docs = analysis.token_documents
    scorer = KeywordScorer().fit(docs)
    if per_doc:
        return scorer.score(docs, top=top)
    return corpus_keywords(scorer.score(docs, top=None), top=top)


def discover_themes(analysis: Analysis, k: int) -> str:
    """Propose ``k`` themes from this corpus (NMF, fixed seed) as pasteable TOML."""
    from chipwatch.discover import discover_themes as discover
    from chipwatch.discover import to_toml

    _require(analysis, "themes")
    return to_toml(discover(analysis.token_documents, k=k))


def relevance_need(settings: Settings, need: Need) -> Need:
    """``need`` and, when the settings filter pages by relevance, what relevance reads."""
    return need | NEEDS["docs"] if settings.min_relevance is not None else need


def on_beat(analysis: Analysis) -> Analysis:
    """The analysis without the pages below the ``min_relevance`` setting (unchanged when
    it is unset or 0), with a note of how many were left out.

    A page's relevance (``docs`` shows it) is the share of its text about the beat: see
    :mod:`chipwatch.themes.evidence`."""
    cut = analysis.settings.min_relevance
    if not cut:
        return analysis
    pages, _, _ = _theme_pages(analysis)
    drop = {page.name for page in pages if page.relevance < cut}
    if not drop:
        return analysis
    note = f"{len(drop)} page(s) below beat relevance {cut} left out (--min-relevance)"
    return replace(
        analysis,
        documents=tuple(d for d in analysis.documents if d.name not in drop),
        warnings=(*analysis.warnings, note),
    )


def _theme_pages(analysis: Analysis) -> tuple[list[PageEvidence], Taxonomy, list[ParsedDocument]]:
    """Every page's relevance and theme evidence, with the taxonomy and the pages' tokens.

    The beat is the taxonomy together with the gazetteer: its entities are the beat's
    actors and places, and those the taxonomy's descriptions name are its subject."""
    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.themes import beat_from, load_taxonomy, page_evidence

    taxonomy = load_taxonomy(analysis.settings.taxonomy)
    known = load_gazetteer(analysis.settings.gazetteer).entries
    beat = beat_from(((e.name, e.label, e.forms()) for e in known), taxonomy)
    docs = analysis.token_documents
    pages = page_evidence(docs, taxonomy, mentions=analysis.mentions_by_doc, beat=beat)
    return pages, taxonomy, docs


def themes(
    analysis: Analysis,
    *,
    include_all: bool = False,
    summary: bool = False,
    by: Period | None = None,
    notes: list[str] | None = None,
    explain: bool = False,
) -> pd.DataFrame:
    """Theme scores per document, or a corpus summary with ``summary`` (per period of
    the published dates with ``by``), or the terms behind each theme with ``explain``.

    Only pages of at least the ``min_relevance`` setting get themes (unset:
    ``MIN_RELEVANCE``; 0: every page).

    Raises:
        UsageError: ``by`` without ``summary``.
    """
    from chipwatch.themes import evidence_table, theme_summary, theme_table

    theme_period(summary=summary, by=by)
    _require(analysis, "trends:themes" if by is not None else "themes")
    pages, taxonomy, docs = _theme_pages(analysis)
    given = analysis.settings.min_relevance
    min_relevance = MIN_RELEVANCE if given is None else given or None
    if explain:
        return evidence_table(
            pages, docs, taxonomy, include_all=include_all, min_relevance=min_relevance
        )
    if not summary:
        return theme_table(pages, taxonomy, include_all=include_all, min_relevance=min_relevance)
    scores = theme_table(pages, taxonomy, min_relevance=min_relevance)
    if by is None:
        return theme_summary(scores, n_docs=len(docs))
    from chipwatch.trends import theme_counts
    from chipwatch.trends import trends as over_time

    result = over_time(theme_counts(scores), analysis.published(), by=by)
    _note_undated(result.undated, notes)
    return result.table


# --- over time ------------------------------------------------------------------------------


def _counts(analysis: Analysis, what: What) -> pd.DataFrame:
    from chipwatch.trends import entity_counts, keyword_counts, theme_counts

    if what == "entities":
        return entity_counts(analysis.mentions)
    if what == "themes":
        return theme_counts(themes(analysis))
    return keyword_counts(keywords(analysis, top=10, per_doc=True))


def trends(
    analysis: Analysis,
    *,
    what: What = "entities",
    by: Period = "month",
    notes: list[str] | None = None,
) -> pd.DataFrame:
    """Counts per period of the documents' published dates; undated documents are
    listed in ``notes``."""
    from chipwatch.trends import trends as over_time

    _require(analysis, f"trends:{what}")
    result = over_time(_counts(analysis, what), analysis.published(), by=by)
    _note_undated(result.undated, notes)
    return result.table


def diff(
    analysis: Analysis,
    *,
    since: str,
    until: str | None = None,
    what: What = "entities",
    notes: list[str] | None = None,
) -> pd.DataFrame:
    """What rose or fell from before ``since`` to ``since``…``until``, with G² keyness."""
    from chipwatch.trends import diff as compare

    _require(analysis, f"trends:{what}")
    sizes = None
    if what == "entities":
        sizes = {"entity": {name: float(len(text.split())) for name, text in analysis.texts()}}
    counts = _counts(analysis, what)
    result = compare(counts, analysis.published(), since=since, until=until, sizes=sizes)
    _note_undated(result.undated, notes)
    return result.table


def _note_undated(undated: Sequence[str], notes: list[str] | None) -> None:
    if undated and notes is not None:
        shown = ", ".join(undated[:5]) + (", …" if len(undated) > 5 else "")
        notes.append(
            f"{len(undated)} document(s) have no published date and are not counted: {shown}"
        )


def report(analysis: Analysis, *, command: str | None = None, by: Period = "month") -> str:
    """The whole analysis as one self-contained HTML page."""
    from chipwatch.entities import entity_evidence
    from chipwatch.models import FILE, PUBLISHED
    from chipwatch.report import build_report
    from chipwatch.trends import theme_counts
    from chipwatch.trends import trends as over_time

    _require(analysis, "report")
    overview = docs(analysis)
    scores = themes(analysis)
    # The chart covers the documents of the overview table, dated as it shows them.
    published = {str(f): p for f, p in zip(overview[FILE], overview[PUBLISHED], strict=True)}
    return build_report(
        docs=overview,
        entities=entities(analysis),
        evidence=entity_evidence(analysis.mentions, dict(analysis.texts())),
        themes=scores,
        theme_trends=over_time(theme_counts(scores), published, by=by),
        pairs=entity_pairs(analysis),
        duplicates=duplicates(analysis),
        keywords=keywords(analysis, top=20),
        doc_keywords=keywords(analysis, top=5, per_doc=True),
        command=command,
        by=by,
        dups_threshold=analysis.settings.dedupe_threshold,
    )


def _require(analysis: Analysis, view: str) -> None:
    """A view asked of an analysis that lacks its results is a programming error."""
    need = NEEDS[view]
    if not analysis.need.covers(need):
        raise ValueError(f"the {view} view needs {need}, the analysis holds {analysis.need}")


# --- the results store ------------------------------------------------------------------------


def cache_table(settings: Settings) -> pd.DataFrame:
    """``chipwatch cache info``: one row per kind of stored result, with the store's size."""
    import pandas as pd

    from chipwatch.store import Store, default_cache_dir

    with Store.open(settings.cache_dir or default_cache_dir()) as store:
        info = store.info()
    rows = [(info["path"], kind, n, info["bytes"]) for kind, n in info["results"].items()]
    rows = rows or [(info["path"], "", 0, info["bytes"])]
    return pd.DataFrame(rows, columns=["path", "kind", "results", "bytes"])


def clear_cache(settings: Settings) -> tuple[int, Path]:
    """``chipwatch cache clear``: delete every stored result; returns how many, and where."""
    from chipwatch.store import Store, default_cache_dir

    with Store.open(settings.cache_dir or default_cache_dir()) as store:
        return store.clear(), store.path
