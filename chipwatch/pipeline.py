"""The pipeline as one function: paths → documents → cleaned → parsed → mentions and tokens.

:func:`analyze` reads the inputs, cleans them, parses them and resolves their entity
mentions, doing only what ``need`` asks for. Every per-document result is looked up in
the results store first (see ``results`` and ``store``); what is missing is computed by
the engine (this process or a pool of workers) and stored. The answer is a frozen
:class:`Analysis`; the views (``views``) are functions of it, so a view never triggers
work of its own and a test can build an ``Analysis`` once and ask it anything.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chipwatch.config import Settings
from chipwatch.corpus import Source, find_sources
from chipwatch.errors import UsageError
from chipwatch.gather import Gathering, Need, Progress, held_cleaning
from chipwatch.timings import phase

__all__ = [
    "Analysis",
    "Need",
    "Progress",
    "analyze",
    "check_settings",
    "default_paths",
]
from chipwatch.models import CleanDocument, Document, Mention, ParsedDocument, Skip, Statement

if TYPE_CHECKING:
    from chipwatch.packed import HeldText, PackedMentions, PackedTexts
    from chipwatch.store import Store


DEFAULT_PATH = Path("data") / "raw"
#: Why a run that needs tags, lemmas or a parse cannot be ``--fast``.
FAST_ENTITIES_ONLY = (
    "--fast finds entities only (no tagger or parser): use it with entities, or trends "
    "and diff --what entities. keywords, themes, docs, quotes, report, --on-beat and "
    "--min-relevance need the full pipeline: run them without --fast."
)


def default_paths() -> list[str]:
    """The sample corpus when run with no PATH in a checkout, else a usage error.

    Raises:
        UsageError: no PATH was given and ``data/raw`` does not exist here.
    """
    if DEFAULT_PATH.is_dir():
        return [DEFAULT_PATH.as_posix()]
    raise UsageError(
        "no PATH given and data/raw does not exist here. "
        "Pass files or directories, or - for standard input."
    )


@dataclass(frozen=True)
class Analysis:
    """What chipwatch found in a set of inputs; every view is a function of this.

    Attributes:
        settings: the settings it was computed with.
        paths: the PATH arguments.
        sources: every input found under them, in order.
        need: the results it holds (what was asked for, with what that implies).
        documents: decoded documents, in input order.
        read_skips: inputs that gave no document (unreadable, empty, binary, …).
        errors: documents whose processing failed (reason ``error``), with what happened.
        tracebacks: the traceback of each failed document, for ``--debug``.
        cleaned: each document's cleaned form (with ``need.clean``).
        mentions_by_doc: each document's resolved mentions (with ``need.entities``).
        parsed: each document's tokens (with ``need.tokens``).
        statements: each document's quotes and reported statements, speakers not yet
            resolved (with ``need.quotes``).
        representatives: each document's syndication-cluster representative (with
            ``settings.dedupe``).
        warnings: notes for the user (a store set aside, …).
    """

    settings: Settings
    paths: tuple[str, ...]
    sources: tuple[Source, ...]
    need: Need
    documents: Sequence[Document]
    read_skips: tuple[Skip, ...]
    errors: tuple[Skip, ...] = ()
    tracebacks: Mapping[str, str] = field(default_factory=dict)
    cleaned: Mapping[str, CleanDocument] = field(default_factory=dict)
    mentions_by_doc: Mapping[str, tuple[Mention, ...]] = field(default_factory=dict)
    parsed: Mapping[str, ParsedDocument] = field(default_factory=dict)
    statements: Mapping[str, tuple[Statement, ...]] = field(default_factory=dict)
    representatives: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> set[str]:
        """Names of the documents whose processing failed."""
        return {error.name for error in self.errors}

    @property
    def empty_after_cleaning(self) -> list[Skip]:
        """Documents from which cleaning kept nothing."""
        if not self.settings.clean or not self.cleaned:
            return []
        failed = self.failed
        return [
            Skip(name, "no_content", "nothing left after cleaning")
            for name in self._names()
            if name in self.cleaned and not _has_lines(self.cleaned, name) and name not in failed
        ]

    @property
    def skips(self) -> list[Skip]:
        """Inputs that produced no result, each with its reason."""
        return list(self.read_skips) + self.empty_after_cleaning

    @property
    def processed(self) -> list[str]:
        """Names of the inputs that produced a result (skips and errors excluded)."""
        left_out = {skip.name for skip in self.empty_after_cleaning} | self.failed
        return [name for name in self._names() if name not in left_out]

    def clean_documents(self, *, with_text: bool = True) -> list[CleanDocument]:
        """Cleaned documents in input order (only those with text, by default)."""
        docs = [self.cleaned[n] for n in self._names() if n in self.cleaned]
        return [d for d in docs if d.lines] if with_text else docs

    def kept_pages(self) -> list[CleanDocument]:
        """Every cleaned document in input order, without its drop list or its source's
        text (neither is unpacked): what the cleaned files hold."""
        from chipwatch.packed import kept_page

        return [kept_page(self.cleaned, n) for n in self._names() if n in self.cleaned]

    def _names(self) -> list[str]:
        """The documents' names in input order (no text is decompressed)."""
        from chipwatch.packed import document_names

        return document_names(self.documents)

    def texts(self) -> list[tuple[str, str]]:
        """``(name, text)`` of every document the NLP views count, as they read it.

        With ``dedupe``, syndicated copies are left out: each cluster counts once. Each
        cleaned text is joined anew from its lines: a view that needs only the names
        asks :meth:`counted` instead.
        """
        if not self.settings.clean:
            by_name = {d.name: d.text for d in self.documents}
        else:
            by_name = {d.name: d.text for d in self.clean_documents()}
        return [(name, by_name[name]) for name in self.counted()]

    def counted(self) -> list[str]:
        """Names of the documents the NLP views count (those :meth:`texts` gives), in
        order, without building any text."""
        if not self.settings.clean:
            failed = self.failed
            names = [n for n in self._names() if n not in failed]
        else:
            cleaned = self.cleaned
            names = [n for n in self._names() if n in cleaned and _has_lines(cleaned, n)]
        if self.settings.dedupe:
            keep = self.representatives
            names = [name for name in names if keep.get(name, name) == name]
        return names

    @property
    def mentions(self) -> list[Mention]:
        """Every counted entity mention, resolved to its canonical entity, in order."""
        return list(self.each_mention())

    def each_mention(self) -> Iterator[Mention]:
        """:attr:`mentions` one page at a time (each page's unpacked when reached), for a
        view that counts them as they pass."""
        for name in self.counted():
            yield from self.mentions_by_doc.get(name, ())

    @property
    def token_documents(self) -> Sequence[ParsedDocument]:
        """The tokens of every counted document, in order, each unpacked when read (see
        :class:`chipwatch.results.PackedDocuments`): iterate, do not hold them all."""
        from chipwatch.packed import MadeOnAccess

        parsed = self.parsed
        return MadeOnAccess([n for n in self.counted() if n in parsed], parsed.__getitem__)

    def published(self) -> dict[str, str | None]:
        """The published date of every counted document (None when the page states none)."""
        names = set(self.counted())
        return {
            d.name: d.metadata.published
            for d in self.clean_documents(with_text=False)
            if d.name in names
        }


def check_settings(settings: Settings, *, model: bool = False, taxonomy: bool = False) -> None:
    """Check the engine, patterns, model, gazetteer and taxonomy before any work.

    Raises:
        UsageError: (or a subclass) naming what is missing and how to fix it.
    """
    if settings.engine not in ("local", "dask"):
        raise UsageError(f"unknown engine '{settings.engine}'. Use local or dask.")
    if settings.clean and settings.junk_patterns is not None:
        from chipwatch.clean import load_junk_patterns

        load_junk_patterns(settings.junk_patterns)
    if model:
        from chipwatch.nlp import check_model

        check_model(settings.model)
    if model and settings.gazetteer is not None:  # the shipped one is tested, a user's not
        from chipwatch.gazetteer import load_gazetteer

        load_gazetteer(settings.gazetteer)
    if taxonomy:
        from chipwatch.themes import load_taxonomy

        load_taxonomy(settings.taxonomy)


def analyze(
    paths: Sequence[str] | None,
    *,
    settings: Settings,
    need: Need,
    progress: Progress | None = None,
    previous: Analysis | None = None,
) -> Analysis:
    """Read, clean, parse and resolve the inputs under ``paths``, as far as ``need`` asks.

    Args:
        paths: files, directories or ``-``; None means the sample corpus of a checkout.
        settings: every option that changes what is read or computed.
        need: which per-document results to hold.
        progress: called after each document's work.
        previous: an earlier analysis of the same paths and settings whose results are
            reused (the facade extends its analysis this way).

    Raises:
        UsageError: no PATH and no sample corpus, or a bad option.
        CacheError: the results store cannot be opened or written.
    """
    if settings.fast and (need.tokens or need.quotes):
        raise UsageError(FAST_ENTITIES_ONLY)
    given = list(previous.paths) if previous else list(paths) if paths else default_paths()
    with phase("read"):
        sources = list(previous.sources) if previous else _sources(given, settings)
    with _opened_store(settings) as (store, warnings):
        if previous is not None:
            documents, read_skips = _packed(previous.documents), list(previous.read_skips)
            warnings += previous.warnings
        else:
            documents, read_skips = _read(sources, settings, store)
        work = Gathering(documents, settings, store)
        if previous is not None:
            _resume(work, previous)
            need |= previous.need
        need = _effective(need, settings)
        work.complete(need, progress)
        representatives = work.representatives() if settings.dedupe else {}
    return Analysis(
        settings=settings,
        paths=tuple(given),
        sources=tuple(sources),
        need=need,
        documents=documents,
        read_skips=tuple(read_skips),
        errors=tuple(work.errors),
        tracebacks=work.tracebacks,
        cleaned=held_cleaning(work),
        mentions_by_doc=_one_case(work.mentions),
        parsed=work.parsed,
        statements=work.statements,
        representatives=representatives,
        warnings=tuple(warnings),
    )


def _has_lines(cleaned: Mapping[str, CleanDocument], name: str) -> bool:
    """Whether cleaning kept any line of ``name`` (read without unpacking the page)."""
    from chipwatch.packed import has_lines

    return has_lines(cleaned, name)


def _packed(documents: Sequence[Document]) -> PackedTexts:
    """``documents`` as :class:`~chipwatch.packed.PackedTexts` (as they are, if they are)."""
    from chipwatch.packed import PackedTexts

    return documents if isinstance(documents, PackedTexts) else PackedTexts(documents)


def _one_case(by_doc: PackedMentions) -> PackedMentions:
    """Each document's mentions with case twins joined across the whole analysis.

    Resolution sees one page at a time; "NEW YORK" in a dateline and "New York" on
    another page become one entity only here, once, so every view reads the same names.
    The names are counted as each page's mentions stream past; the choices are applied
    when a page's mentions are read.
    """
    from chipwatch.entities import case_choices_of

    return by_doc.renamed(case_choices_of(by_doc.entity_labels()))


def _sources(paths: Sequence[str], settings: Settings) -> list[Source]:
    return find_sources(
        paths,
        glob=settings.glob,
        exclude=settings.exclude,
        include_hidden=settings.include_hidden,
        follow_symlinks=settings.follow_symlinks,
    )


def _resume(work: Gathering, previous: Analysis) -> None:
    """Hand the results ``previous`` holds to ``work``, so they are not gathered twice."""
    work.resume(
        cleaned=previous.cleaned,
        mentions=previous.mentions_by_doc,
        parsed=previous.parsed,
        statements=previous.statements,
        errors=previous.errors,
        tracebacks=previous.tracebacks,
        drops_held=previous.need.drops,
    )


def _effective(need: Need, settings: Settings) -> Need:
    """What must be computed for ``need``: NLP reads the cleaned text unless cleaning is
    off, and de-duplication compares cleaned texts."""
    nlp = need.entities or need.tokens or need.quotes
    clean = need.clean or need.drops or settings.dedupe or (settings.clean and nlp)
    return replace(need, clean=clean)


@contextmanager
def _opened_store(settings: Settings) -> Iterator[tuple[Store | None, list[str]]]:
    """The results store for this run (None with ``--no-cache``), closed afterwards."""
    if not settings.cache:
        yield None, []
        return
    from chipwatch.errors import CacheError
    from chipwatch.store import Store, default_cache_dir

    try:
        store = Store.open(settings.cache_dir or default_cache_dir())
    except CacheError as exc:
        # The analysis does not need the store: say so and run without it.
        yield None, [f"{exc} The cache is off for this run."]
        return
    try:
        yield store, store.warnings  # the store adds to it if it is rebuilt during the run
    finally:
        store.close()


def _read(
    sources: Sequence[Source], settings: Settings, store: Store | None
) -> tuple[PackedTexts, list[Skip]]:
    """Read every source; decoding (the slow part: detection, mojibake repair) is looked
    up in the results store by the bytes' hash first.

    Sources are read ``_READ_EVERY`` at a time, so the corpus's bytes are never all in
    memory beside its decoded texts: only one chunk's bytes are, and the texts are held
    compressed (see :class:`chipwatch.packed.PackedTexts`).
    """
    from chipwatch.packed import PackedTexts

    documents = PackedTexts()
    skips: list[Skip] = []
    for i in range(0, len(sources), _READ_EVERY):
        for item in _read_chunk(sources[i : i + _READ_EVERY], settings, store):
            if isinstance(item, Skip):
                skips.append(item)
            else:
                documents.append(item)
    return documents, skips


#: Sources read (bytes held, keys looked up in the store) at a time.
_READ_EVERY = 256


def _read_chunk(
    sources: Sequence[Source], settings: Settings, store: Store | None
) -> list[HeldText | Skip]:
    """The documents and skips of some sources, in order (see :func:`_read`)."""
    from chipwatch import results
    from chipwatch.corpus import decode_document, read_bytes
    from chipwatch.records import expand_records

    # A JSON Lines or CSV file of scraped pages is read as one document per record.
    with phase("read"):
        raw = expand_records((s.name, read_bytes(s, max_bytes=settings.max_bytes)) for s in sources)
        keys = {
            i: results.result_key("read", data)
            for i, (_, data) in enumerate(raw)
            if not isinstance(data, Skip)
        }
    with phase("store"):
        hits = store.get_many("read", list(keys.values())) if store is not None else {}
        stored = {
            i: results.decoded(results.decode_read, raw[i][0], hits.get(key))
            for i, key in keys.items()
        }
    out: list[HeldText | Skip] = []
    fresh: dict[str, Any] = {}
    for i, (name, data) in enumerate(raw):
        if isinstance(data, Skip):
            out.append(data)
            continue
        item = stored[i]
        if item is None:
            decoded = decode_document(name, data)
            item = decoded if isinstance(decoded, Skip) else results.held_text(decoded)
            fresh[keys[i]] = results.encode_read(item)
        out.append(item)
    if store is not None and fresh:
        with phase("store"):
            store.put_many("read", fresh)
    return out
