"""Gathering per-document results: from the results store first, else from the engine.

One run needs, for every document, some of: its cleaned form, its entity mentions, its
tokens. :class:`Gathering` looks each up in the store under a key covering everything
that shapes it (see ``results``), hands what is missing to the engine (this process or
a pool of workers), takes the outcomes in as they arrive and writes them back to the
store in batches. ``pipeline.analyze`` freezes what it gathered into an ``Analysis``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeAlias

from chipwatch.config import Settings
from chipwatch.fitting import CorpusFit
from chipwatch.models import CleanDocument, Document, Mention, ParsedDocument, Skip, Statement
from chipwatch.packed import (
    HeldCleaning,
    MadeOnAccess,
    PackedCleaning,
    PackedMentions,
    PackedTexts,
    pack_drops,
    without_text,
)
from chipwatch.results import PackedDocuments, decoded
from chipwatch.timings import phase

if TYPE_CHECKING:
    from chipwatch.clean import Cleaner
    from chipwatch.engine import Job, Outcome
    from chipwatch.store import Store

#: Called after each document's work with (documents done, documents to do, its words).
Progress: TypeAlias = Callable[[int, int, int], None]

#: Finished results are written to the store in transactions of about this many.
_FLUSH_EVERY = 256
#: Stored results are read in batches of this many documents, so what is read is packed
#: or decoded before the next batch arrives (never the whole corpus's values at once).
_LOAD_EVERY = 256
#: Kinds the store keeps in the packed form the main process holds them in: a rerun
#: takes the stored bytes as they are, with no decoding and no packing again.
_HELD_AS_STORED = frozenset({"clean", "ents"})


@dataclass(frozen=True)
class Need:
    """Which per-document results an analysis must hold.

    Attributes:
        clean: cleaned text and page metadata (implied by the others unless cleaning
            is off).
        drops: every dropped line with its reason (``clean --explain``).
        entities: resolved entity mentions.
        tokens: the tokens keywords and themes read.
        quotes: the statements (quotes and reported speech) of each page, read from a
            dependency parse of the sentences that may hold one.
    """

    clean: bool = False
    drops: bool = False
    entities: bool = False
    tokens: bool = False
    quotes: bool = False

    def __or__(self, other: Need) -> Need:
        return Need(
            clean=self.clean or other.clean,
            drops=self.drops or other.drops,
            entities=self.entities or other.entities,
            tokens=self.tokens or other.tokens,
            quotes=self.quotes or other.quotes,
        )

    def covers(self, other: Need) -> bool:
        """True when everything ``other`` asks for is asked for here too."""
        return (self | other) == self


@dataclass
class Gathering:
    """The per-document results of one run while they are being gathered."""

    #: The documents, their texts held compressed.
    documents: PackedTexts
    settings: Settings
    store: Store | None
    #: Cleaned documents, held packed without their source's text (see ``held_cleaning``).
    cleaned: PackedCleaning = field(default_factory=PackedCleaning)
    #: Mentions, held packed (see :class:`chipwatch.packed.PackedMentions`).
    mentions: PackedMentions = field(default_factory=PackedMentions)
    #: Tokens, held packed (see :class:`chipwatch.results.PackedDocuments`).
    parsed: PackedDocuments = field(default_factory=PackedDocuments)
    statements: dict[str, tuple[Statement, ...]] = field(default_factory=dict)
    errors: list[Skip] = field(default_factory=list)
    tracebacks: dict[str, str] = field(default_factory=dict)
    #: Documents whose cleaning is held without its (bulky) drop list.
    without_drops: set[str] = field(default_factory=set)

    def resume(
        self,
        *,
        cleaned: Mapping[str, CleanDocument],
        mentions: Mapping[str, tuple[Mention, ...]],
        parsed: Mapping[str, ParsedDocument],
        statements: Mapping[str, tuple[Statement, ...]],
        errors: Sequence[Skip],
        tracebacks: Mapping[str, str],
        drops_held: bool,
    ) -> None:
        """Start from the results of an earlier analysis of the same inputs."""
        held = cleaned.held() if isinstance(cleaned, HeldCleaning) else cleaned
        if isinstance(held, PackedCleaning):
            self.cleaned = held.copy(raw=self.documents.text)
        else:
            self.cleaned = PackedCleaning(self.documents.text)
            for name, page in held.items():
                self.cleaned[name] = page
        self.mentions = PackedMentions()
        for name, found in mentions.items():
            self.mentions.put(name, found)
        if isinstance(parsed, PackedDocuments):
            # Texts held elsewhere are read from this gathering's (the same) pages.
            self.parsed = parsed.copy(text_of=self.analysed_text)
        else:
            self.parsed = PackedDocuments(text_of=self.analysed_text)
            for doc in parsed.values():
                self.parsed.put(doc)
        self.statements = dict(statements)
        self.errors = list(errors)
        self.tracebacks = dict(tracebacks)
        if not drops_held:
            self.without_drops = {n for n in self.cleaned if not self.cleaned.has_drops(n)}

    def __post_init__(self) -> None:
        self.fit = CorpusFit(self.documents, self.settings, self.store)
        # Kept lines that are their raw line are held as marks into the raw text.
        self.cleaned = PackedCleaning(self.documents.text)
        # Tokens are held without the text they were read from (held here already).
        self.parsed = PackedDocuments(text_of=self.analysed_text)

    def cleaner(self) -> Cleaner:
        """The cleaner fitted on every document."""
        return self.fit.cleaner()

    def keys(self, kind: str, docs: Sequence[Document]) -> dict[str, str]:
        """The store key of each document's result of ``kind``."""
        return self.fit.keys(kind, docs, self.analysed)

    def analysed(self, doc: Document) -> str:
        """The text NLP reads for ``doc`` (found by name: ``doc`` may be held without text)."""
        return doc.text if doc.text and not self.settings.clean else self.analysed_text(doc.name)

    def analysed_text(self, name: str) -> str:
        """The text NLP reads for document ``name``: its cleaned text, or with cleaning off
        its text."""
        if self.settings.clean:
            return self.cleaned[name].text
        return self.documents.text(name)

    def hold_tokens(self, parsed: ParsedDocument, *, analysed: bool = False) -> None:
        """Hold ``parsed``'s tokens; its text only when it is not the analysed text
        (``analysed``: the caller knows it is), which is held already."""
        known = parsed.name in self.cleaned or not self.settings.clean
        if analysed or (known and parsed.text == self.analysed_text(parsed.name)):
            self.parsed.put_tokens(parsed)
        else:
            self.parsed.put(parsed)

    # --- gathering --------------------------------------------------------------------------
    def complete(self, need: Need, progress: Progress | None) -> None:
        """Make every document hold what ``need`` asks for: from the store, else computed."""
        for kind, wanted in (
            ("clean", need.clean),
            ("ents", need.entities),
            ("toks", need.tokens),
            ("quotes", need.quotes),
        ):
            if wanted:
                with phase("store"):
                    self._load(kind)
        with phase("compute"):
            self._compute(need, progress)
        if need.drops:
            with phase("store"):
                self._restore_drops()

    def _table(self, kind: str) -> Mapping[str, Any]:
        tables: dict[str, Mapping[str, Any]] = {
            "clean": self.cleaned,
            "ents": self.mentions,
            "toks": self.parsed,
            "quotes": self.statements,
        }
        return tables[kind]

    def _load(self, kind: str) -> None:
        """Fill ``kind``'s results from the store for the documents that lack them."""
        table = self._table(kind)
        ready = self.cleaned if self.settings.clean else None
        names = [
            n
            for n in self.documents.names()
            if n not in table and (kind == "clean" or ready is None or n in ready)
        ]
        if self.store is None or not names:
            return
        for i in range(0, len(names), _LOAD_EVERY):
            # Keys and stored results need a document's name, not its text.
            chunk = [self.documents.without_text(n) for n in names[i : i + _LOAD_EVERY]]
            keys = self.keys(kind, chunk)
            hits = self.store.get_many(kind, list(keys.values()), raw=kind in _HELD_AS_STORED)
            for d in chunk:
                _take_stored(self, kind, d, hits.get(keys[d.name]))

    def _compute(self, need: Need, progress: Progress | None) -> None:
        """Run the engine on every document that still lacks a result (the engine, and
        the worker pools it brings, is imported only when there is work)."""
        todo = _lacking(self, need)
        if not todo:
            return
        from chipwatch.engine import default_jobs, run_jobs, run_jobs_dask

        # Each job's document is decompressed when its batch is sent, never all at once.
        jobs = MadeOnAccess(todo, lambda name: _job(self, need, name))
        processes = self.settings.jobs or default_jobs()
        cleaner = self.cleaner() if need.clean else None
        if self.settings.engine == "dask":
            outcomes = run_jobs_dask(
                jobs,
                settings=self.settings,
                cleaner=cleaner,
                processes=processes,
                scheduler=self.settings.scheduler,
            )
        else:
            nlp_jobs = _needing_model(self, need, todo)
            outcomes = run_jobs(
                jobs,
                settings=self.settings,
                cleaner=cleaner,
                processes=processes,
                nlp_jobs=nlp_jobs,
            )
        self._collect(outcomes, len(jobs), need, progress)

    def _collect(
        self, outcomes: Iterator[Outcome], total: int, need: Need, progress: Progress | None
    ) -> None:
        """Take in each outcome as it arrives; store finished results in batches."""
        pending: dict[str, list[Document]] = {"clean": [], "ents": [], "toks": [], "quotes": []}
        keep_drops = _keeps_drops(self, need)
        for done, outcome in enumerate(outcomes, start=1):
            # Held without its text: the text is unpacked only to count its words.
            doc = self.documents.without_text(outcome.name)
            _take(self, doc, outcome, pending, keep_drops=keep_drops)
            if progress is not None:
                progress(done, total, len(self.documents.text(outcome.name).split()))
            if sum(map(len, pending.values())) >= _FLUSH_EVERY:
                self._flush(pending, keep_drops=need.drops)
        self._flush(pending, keep_drops=need.drops)

    def _flush(self, pending: dict[str, list[Document]], *, keep_drops: bool) -> None:
        """Write finished results to the store, one transaction per kind."""
        from chipwatch import results

        if self.store is None:
            return
        for kind, docs in pending.items():
            if not docs:
                continue
            keys = self.keys(kind, docs)
            values: list[tuple[str, Any]]
            if kind == "clean":
                values = _stored_cleaning(self, docs, keys, keep_drops=keep_drops)
            elif kind == "ents":  # stored as held: packed (see packed.pack_mentions)
                values = [(keys[d.name], self.mentions.packed(d.name)) for d in docs]
            elif kind == "quotes":
                values = [
                    (keys[d.name], results.encode_statements(self.statements[d.name])) for d in docs
                ]
            else:
                values = [(keys[d.name], results.encode_tokens(self.parsed[d.name])) for d in docs]
            self.store.put_many(kind, values, raw=kind in _HELD_AS_STORED)
            docs.clear()

    def _restore_drops(self) -> None:
        """Give every cleaned document held without its drops its drop list back, read
        from the store ``_LOAD_EVERY`` documents at a time (their texts are decompressed
        a chunk at a time, never all at once)."""
        names = [n for n in self.documents.names() if n in self.without_drops]
        for i in range(0, len(names), _LOAD_EVERY):
            _restore_some_drops(self, [self.documents.get(n) for n in names[i : i + _LOAD_EVERY]])
        self.without_drops.clear()

    def representatives(self) -> dict[str, str]:
        """Each document's syndication cluster representative (itself when unique)."""
        from chipwatch.dups import cluster_map

        docs = [self.cleaned[n] for n in self.documents.names() if n in self.cleaned]
        return cluster_map([d for d in docs if d.lines], threshold=self.settings.dedupe_threshold)


def _take(
    gathering: Gathering,
    doc: Document,
    outcome: Outcome,
    pending: dict[str, list[Document]],
    *,
    keep_drops: bool,
) -> None:
    """Hold one document's outcome; list what is new in ``pending``, to be stored."""
    if outcome.error is not None:
        # Accounted for as an error; empty results keep later stages simple.
        gathering.errors.append(Skip(doc.name, "error", outcome.error))
        gathering.tracebacks[doc.name] = outcome.trace or ""
        gathering.cleaned.setdefault(doc.name, CleanDocument(without_text(doc), lines=()))
        if doc.name not in gathering.mentions:
            gathering.mentions.put(doc.name, ())
        if doc.name not in gathering.parsed:
            gathering.parsed.put(ParsedDocument(doc.name, ""))
        gathering.statements.setdefault(doc.name, ())
        return
    if outcome.cleaned is not None and doc.name not in gathering.cleaned:
        # Packed, it keeps none of its source's text (a second copy of the page's); the
        # packing reads the raw lines from that copy instead of unpacking ours.
        gathering.cleaned[doc.name] = outcome.cleaned
        if not keep_drops:  # the worker did not make them (see ``_job``)
            gathering.without_drops.add(doc.name)
        pending["clean"].append(doc)
    if outcome.mentions is not None:
        gathering.mentions.put(doc.name, outcome.mentions)
        pending["ents"].append(doc)
    if outcome.parsed is not None:
        gathering.hold_tokens(outcome.parsed)
        pending["toks"].append(doc)
    if outcome.statements is not None:
        gathering.statements[doc.name] = outcome.statements
        pending["quotes"].append(doc)


def _stored_cleaning(
    gathering: Gathering, docs: Sequence[Document], keys: Mapping[str, str], *, keep_drops: bool
) -> list[tuple[str, Any]]:
    """Store the drop lists of ``docs``' cleaning; give the values to store for the
    cleaning itself (packed as held: see :meth:`PackedCleaning.packed`)."""

    assert gathering.store is not None
    drops, values = [], []
    for d in docs:
        # Both stored as held: nothing is unpacked to be stored.
        held = gathering.cleaned.packed_drops(d.name) or pack_drops(())
        drops.append((keys[d.name], held))
        values.append((keys[d.name], gathering.cleaned.packed(d.name)))
    gathering.store.put_many("drops", drops, raw=True)
    if not keep_drops:
        # Stored, the drop lists (the bulk of a cleaned page) leave memory.
        for d in docs:
            gathering.cleaned.put_drops(d.name, None)
            gathering.without_drops.add(d.name)
    return values


def _restore_some_drops(gathering: Gathering, missing: Sequence[Document]) -> None:
    """Give the cleaned ``missing`` documents their drop lists back (see ``_restore_drops``)."""
    from chipwatch.results import stored_drops

    found: dict[str, Any] = {}
    if gathering.store is not None:
        keys = gathering.keys("drops", missing)
        held = gathering.store.get_many("drops", list(keys.values()), raw=True)
        found = {d.name: held.get(keys[d.name]) for d in missing}
    for doc in missing:
        blob = found.get(doc.name)
        drops = decoded(stored_drops, blob)
        if drops is not None:  # held as stored (checked by unpacking it once)
            gathering.cleaned.put_drops(doc.name, blob if drops else None)
        else:  # not stored (an older store): clean this document again
            cleaned = gathering.cleaner().clean(doc)
            gathering.cleaned[doc.name] = replace(cleaned, document=without_text(doc))


def _lacking(gathering: Gathering, need: Need) -> list[str]:
    """The documents that still lack a result ``need`` asks for, in order."""
    return [
        n
        for n in gathering.documents.names()
        if (need.clean and n not in gathering.cleaned)
        or (need.entities and n not in gathering.mentions)
        or (need.tokens and n not in gathering.parsed)
        or (need.quotes and n not in gathering.statements)
    ]


def _needing_model(gathering: Gathering, need: Need, names: Sequence[str]) -> int:
    """How many of ``names`` still need the model: told by name, unpacking no text."""
    return sum(
        (need.entities and n not in gathering.mentions)
        or (need.tokens and n not in gathering.parsed)
        for n in names
    )


def _job(gathering: Gathering, need: Need, name: str) -> Job:
    """What document ``name`` still needs, with its text."""
    from chipwatch.engine import Job

    return Job(
        document=gathering.documents.get(name),
        cleaned=gathering.cleaned.get(name),
        clean=need.clean,
        entities=need.entities and name not in gathering.mentions,
        tokens=need.tokens and name not in gathering.parsed,
        quotes=need.quotes and name not in gathering.statements,
        drops=_keeps_drops(gathering, need),
    )


def _keeps_drops(gathering: Gathering, need: Need) -> bool:
    """Whether this run shows or stores drop lists. A run that does neither is spared
    making, packing and holding them (a tenth of `clean --out`'s work around the
    cleaner); asked for later by another view, they are made again (``_restore_drops``)."""
    return need.drops or gathering.store is not None


def held_cleaning(gathering: Gathering) -> HeldCleaning:
    """The cleaned documents of ``gathering``, given back with their sources on access."""
    return HeldCleaning(gathering.cleaned, gathering.documents)


def _take_stored(gathering: Gathering, kind: str, d: Document, data: Any) -> None:
    """Hold one document's stored result of ``kind`` (none when it is stale)."""
    from chipwatch import results

    if kind == "clean":
        if isinstance(data, bytes):
            with suppress(ValueError):  # damaged or written another way: computed again
                gathering.cleaned.put_packed(d.name, data)
                gathering.without_drops.add(d.name)
    elif kind == "ents":
        if isinstance(data, bytes):
            with suppress(ValueError):  # damaged or written another way: computed again
                gathering.mentions.put_packed(d.name, data)
    elif kind == "quotes":
        statements = decoded(results.decode_statements, data)
        if statements is not None:
            gathering.statements[d.name] = statements
    else:
        parsed = decoded(results.decode_tokens, d.name, gathering.analysed(d), data)
        if parsed is not None:
            gathering.hold_tokens(parsed, analysed=True)
