"""Orchestration only: paths → documents → cleaned → parsed → entities / keywords / themes.

``Corpus`` is the library's front door. It reads its inputs once, remembers what it
skipped and why, and runs each later stage lazily, so asking for entities never pays
for keyword extraction and a command runs only the spaCy components it needs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from chipwatch.config import Settings
from chipwatch.corpus import find_sources, write_atomic
from chipwatch.errors import NothingProcessedError, OutputError, UsageError
from chipwatch.models import (
    DROP_COLUMNS,
    CleanDocument,
    Document,
    Drop,
    Mention,
    ParsedDocument,
    Skip,
)

if TYPE_CHECKING:
    import pandas as pd

    from chipwatch.cache import Store
    from chipwatch.clean import Cleaner
    from chipwatch.entities import Gazetteer


#: Called after each document's work with (documents done, documents to do, its words).
Progress: TypeAlias = Callable[[int, int, int], None]


DEFAULT_PATH = Path("data") / "raw"


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


class Corpus:
    """A set of input texts and everything chipwatch can tell about them.

    Example:
        >>> corpus = Corpus(["data/raw"])
        >>> corpus.entities(labels=["ORG"], top=5)  # doctest: +SKIP

    Every result is a pandas DataFrame whose columns are the constants in
    ``chipwatch.models`` (the same fields the CLI prints).
    """

    def __init__(
        self,
        paths: Sequence[str] | None = None,
        *,
        settings: Settings | None = None,
        progress: Progress | None = None,
    ):
        self.settings = settings or Settings()
        self.paths = list(paths) if paths else default_paths()
        self.progress = progress
        #: Notes for the user (a cache set aside, …); the CLI prints them on stderr.
        self.warnings: list[str] = []
        #: Documents whose processing failed, with what happened (reason ``error``).
        self.errors: list[Skip] = []
        self._clean: dict[str, CleanDocument] = {}
        #: Documents whose cleaning came from the store without its (bulky) drop list.
        self._without_drops: set[str] = set()
        self._ents: dict[str, tuple[Mention, ...]] = {}
        self._toks: dict[str, ParsedDocument] = {}
        self._sources = find_sources(
            self.paths,
            glob=self.settings.glob,
            include_hidden=self.settings.include_hidden,
            follow_symlinks=self.settings.follow_symlinks,
        )

    def preflight(self, *, model: bool = False, taxonomy: bool = False) -> None:
        """Check the model, gazetteer and taxonomy before any work, so bad options fail fast.

        Raises:
            UsageError: (or a subclass) naming what is missing and how to fix it.
        """
        if self.settings.engine not in ("local", "dask"):
            raise UsageError(f"unknown engine '{self.settings.engine}'. Use local or dask.")
        if self.settings.clean and self.settings.junk_patterns is not None:
            from chipwatch.clean import load_junk_patterns

            load_junk_patterns(self.settings.junk_patterns)
        if model:
            from chipwatch.nlp import check_model

            check_model(self.settings.model)
            _ = self.gazetteer
        if taxonomy:
            from chipwatch.themes import load_taxonomy

            load_taxonomy(self.settings.taxonomy)

    # --- reading ---------------------------------------------------------------------
    @cached_property
    def _read(self) -> tuple[list[Document], list[Skip]]:
        """Read every source; decoding (the slow part: detection, mojibake repair) is
        looked up in the results store by the bytes' hash first."""
        from chipwatch.corpus import decode_document, read_bytes

        raw: list[tuple[str, bytes | Skip]] = [
            (s.name, read_bytes(s, max_bytes=self.settings.max_bytes)) for s in self._sources
        ]
        store = self._store
        keys: dict[int, str] = {}
        hits: dict[str, Any] = {}
        if store is not None:
            from chipwatch import cache

            code = cache.code_fingerprint("read")
            keys = {
                i: cache.digest(code, data)
                for i, (_, data) in enumerate(raw)
                if not isinstance(data, Skip)
            }
            hits = store.get_many("read", list(keys.values()))
        documents: list[Document] = []
        skips: list[Skip] = []
        fresh: dict[str, Any] = {}
        for i, (name, data) in enumerate(raw):
            if isinstance(data, Skip):
                skips.append(data)
                continue
            stored = hits.get(keys.get(i, ""))
            if stored is not None:
                item: Document | Skip = (
                    Skip(name, stored["skip"], stored["detail"])
                    if "skip" in stored
                    else Document(name, stored["text"], stored["encoding"], stored["repaired"])
                )
            else:
                item = decode_document(name, data)
                if i in keys:
                    fresh[keys[i]] = (
                        {"skip": item.reason, "detail": item.detail}
                        if isinstance(item, Skip)
                        else {
                            "text": item.text,
                            "encoding": item.encoding,
                            "repaired": item.repaired,
                        }
                    )
            if isinstance(item, Skip):
                skips.append(item)
            else:
                documents.append(item)
        if store is not None and fresh:
            store.put_many("read", fresh)
        return documents, skips

    @property
    def documents(self) -> list[Document]:
        """Decoded documents, in input order."""
        return self._read[0]

    @property
    def skips(self) -> list[Skip]:
        """Inputs that produced no document, each with its reason."""
        return self._read[1] + self._empty_after_cleaning

    def require_documents(self) -> None:
        """Raise when nothing readable was found, so callers can exit non-zero.

        Raises:
            NothingProcessedError: every input was skipped (or there were none).
        """
        if not self.processed:
            if not self._sources:
                raise NothingProcessedError(
                    f"no files matching '{self.settings.glob}' under "
                    f"{', '.join(self.paths)}. Check the path or pass --glob."
                )
            raise NothingProcessedError("no input could be processed. See the warnings above.")

    @property
    def processed(self) -> list[str]:
        """Names of the inputs that produced a result (skips and errors excluded)."""
        left_out = {skip.name for skip in self._empty_after_cleaning}
        left_out |= {error.name for error in self.errors}
        return [doc.name for doc in self.documents if doc.name not in left_out]

    def write_report(self, path: Path) -> None:
        """Write a JSON account of the run: every input, processed or skipped with its reason.

        Raises:
            OutputError: the report cannot be written.
        """
        import json

        counts: dict[str, int] = {}
        for skip in self.skips:
            counts[skip.reason] = counts.get(skip.reason, 0) + 1
        payload = {
            "processed": self.processed,
            "skipped": [
                {"file": s.name, "reason": s.reason, "detail": s.detail} for s in self.skips
            ],
            "skipped_by_reason": dict(sorted(counts.items())),
            "errors": [{"file": e.name, "detail": e.detail} for e in self.errors],
        }
        write_atomic(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")

    # --- cleaning --------------------------------------------------------------------
    @cached_property
    def _cleaner(self) -> Cleaner:
        from chipwatch.clean import Cleaner

        return Cleaner(
            patterns=self.settings.junk_patterns, keep_metadata=self.settings.keep_metadata
        ).fit(self.documents)

    @cached_property
    def _shared_by_name(self) -> dict[str, tuple[str, ...]]:
        """For each document, the site-chrome lines it shares with the corpus.

        Fitting reads every line of every document; for a corpus seen before (the same
        set of texts) the result comes from the store instead.
        """
        from chipwatch import cache

        hashes = {d.name: cache.digest(d.text) for d in self.documents}
        store = self._store
        key = cache.digest(
            cache.code_fingerprint("clean"), str(self.settings.clean), *sorted(hashes.values())
        )
        if store is not None:
            hit = store.get_many("fit", [key]).get(key)
            if hit is not None:
                return {d.name: tuple(hit[hashes[d.name]]) for d in self.documents}
        contexts = self._cleaner.shared_by_document_
        shared = {doc.name: contexts[i] for i, doc in enumerate(self.documents)}
        if store is not None:
            store.put_many("fit", {key: {hashes[n]: list(v) for n, v in shared.items()}})
        return shared

    @property
    def _clean_docs(self) -> list[CleanDocument]:
        """Cleaned documents; those from the store may lack their drops (see ``cleaned``)."""
        self._ensure(clean=True)
        return [self._clean[doc.name] for doc in self.documents]

    @property
    def cleaned(self) -> list[CleanDocument]:
        """Documents with boilerplate removed (cross-document evidence fitted on all),
        each with every dropped line and its reason."""
        self._ensure(clean=True)
        if self._without_drops:
            missing = [d for d in self.documents if d.name in self._without_drops]
            found: dict[str, Any] = {}
            if self._store is not None:
                keys = self._keys("clean", missing)
                stored = self._store.get_many("drops", list(keys.values()))
                found = {d.name: stored[keys[d.name]] for d in missing if keys[d.name] in stored}
            for doc in missing:
                if doc.name in found:
                    drops = tuple(Drop(*d) for d in found[doc.name])
                    self._clean[doc.name] = replace(self._clean[doc.name], drops=drops)
                else:  # not stored (an older store): clean this document again
                    self._clean[doc.name] = self._cleaner.clean(doc)
            self._without_drops.clear()
        return [self._clean[doc.name] for doc in self.documents]

    @cached_property
    def _empty_after_cleaning(self) -> list[Skip]:
        if not self.settings.clean:
            return []
        failed = {e.name for e in self.errors}
        return [
            Skip(doc.name, "no_content", "nothing left after cleaning")
            for doc in self._clean_docs
            if not doc.lines and doc.name not in failed
        ]

    def _texts(self) -> list[tuple[str, str]]:
        """``(name, text)`` of every document the NLP stages count, as they read it.

        With ``dedupe``, syndicated copies are left out: each cluster counts once.
        """
        if not self.settings.clean:
            failed = {e.name for e in self.errors}
            pairs = [(doc.name, doc.text) for doc in self.documents if doc.name not in failed]
        else:
            pairs = [(doc.name, doc.text) for doc in self._clean_docs if doc.lines]
        if self.settings.dedupe:
            keep = self._representatives
            pairs = [(name, text) for name, text in pairs if keep.get(name, name) == name]
        return pairs

    @cached_property
    def _representatives(self) -> dict[str, str]:
        """Each document's syndication cluster representative (itself when unique)."""
        from chipwatch.dups import cluster_map

        return cluster_map(
            [doc for doc in self._clean_docs if doc.lines], threshold=self.settings.dedupe_threshold
        )

    def duplicates(self, *, shingle: int = 5, singletons: bool = False) -> pd.DataFrame:
        """Clusters of near-duplicate articles: ``cluster, file, similarity, title, …``."""
        from chipwatch.dups import find_duplicates

        return find_duplicates(
            [doc for doc in self._clean_docs if doc.lines],
            threshold=self.settings.dedupe_threshold,
            shingle=shingle,
            singletons=singletons,
        )

    def kwic(self, term: str, *, width: int = 40) -> pd.DataFrame:
        """Keyword in context: every occurrence of ``term`` (a phrase or any name of an
        entity) as ``file, line, left, match, right``."""
        from chipwatch.kwic import kwic

        docs = [doc for doc in self._clean_docs if doc.lines]
        return kwic(term, docs, self.mentions, self.gazetteer, width=width)

    def _published(self) -> dict[str, str | None]:
        names = {name for name, _ in self._texts()}
        return {d.name: d.metadata.published for d in self._clean_docs if d.name in names}

    def _counts(self, what: Literal["entities", "themes", "keywords"]) -> pd.DataFrame:
        from chipwatch.trends import entity_counts, keyword_counts, theme_counts

        if what == "entities":
            return entity_counts(self.mentions)
        if what == "themes":
            return theme_counts(self.themes())
        return keyword_counts(self.keywords(top=10, per_doc=True))

    def trends(
        self,
        *,
        what: Literal["entities", "themes", "keywords"] = "entities",
        by: Literal["week", "month"] = "month",
    ) -> pd.DataFrame:
        """Counts per period of the documents' published dates; undated documents are
        listed in ``warnings``."""
        from chipwatch.trends import trends

        result = trends(self._counts(what), self._published(), by=by)
        self._warn_undated(result.undated)
        return result.table

    def diff(
        self,
        *,
        since: str,
        until: str | None = None,
        what: Literal["entities", "themes", "keywords"] = "entities",
    ) -> pd.DataFrame:
        """What rose or fell from before ``since`` to ``since``…``until``, with G² keyness."""
        from chipwatch.trends import diff

        sizes = None
        if what == "entities":
            sizes = {"entity": {name: float(len(text.split())) for name, text in self._texts()}}
        result = diff(self._counts(what), self._published(), since=since, until=until, sizes=sizes)
        self._warn_undated(result.undated)
        return result.table

    def _warn_undated(self, undated: Sequence[str]) -> None:
        if undated:
            shown = ", ".join(undated[:5]) + (", …" if len(undated) > 5 else "")
            self.warnings.append(
                f"{len(undated)} document(s) have no published date and are not counted: {shown}"
            )

    def report(self, *, command: str | None = None, by: Literal["week", "month"] = "month") -> str:
        """The whole analysis as one self-contained HTML page."""
        from chipwatch.entities import entity_evidence
        from chipwatch.report import build_report

        return build_report(
            docs=self.docs(),
            entities=self.entities(),
            evidence=entity_evidence(self.mentions, dict(self._texts())),
            themes=self.themes(),
            pairs=self.entity_pairs(),
            duplicates=self.duplicates(),
            keywords=self.keywords(top=20),
            doc_keywords=self.keywords(top=5, per_doc=True),
            command=command,
            by=by,
            dups_threshold=self.settings.dedupe_threshold,
        )

    def write_html(self, path: Path, html: str) -> None:
        """Write the report atomically (temporary file, then rename)."""
        write_atomic(path, html)

    def clean_text(self) -> pd.DataFrame:
        """One row per document: ``file, text`` (text = cleaned paragraphs joined by \\n)."""
        import pandas as pd

        from chipwatch.models import CLEAN_COLUMNS

        rows = [(doc.name, doc.text) for doc in self._clean_docs if doc.lines]
        return pd.DataFrame(rows, columns=list(CLEAN_COLUMNS))

    def docs(self) -> pd.DataFrame:
        """One row per document: ``file, title, published, author, source, words_raw,
        words_clean`` (metadata the page states; word counts before and after cleaning)."""
        import pandas as pd

        from chipwatch.models import DOC_COLUMNS

        rows = [
            (
                doc.name,
                doc.metadata.title or doc.title,
                doc.metadata.published,
                doc.metadata.author,
                doc.metadata.source,
                len(doc.document.text.split()),
                len(doc.text.split()),
            )
            for doc in self._clean_docs
            if doc.lines
        ]
        return pd.DataFrame(rows, columns=list(DOC_COLUMNS))

    def drops(self) -> pd.DataFrame:
        """Every dropped line: ``file, line, reason, text``."""
        import pandas as pd

        rows = [
            (doc.name, drop.line, drop.reason, drop.text)
            for doc in self.cleaned
            for drop in doc.drops
        ]
        return pd.DataFrame(rows, columns=list(DROP_COLUMNS)).astype({"line": "int64"})

    def save_clean(self, out_dir: Path) -> list[Path]:
        """Write one cleaned file per input under ``out_dir``, at the input's relative path.

        Files are written atomically (temporary file, then rename) and never over an input.

        Raises:
            OutputError: a target would overwrite an input, or cannot be written.
        """
        from chipwatch.corpus import output_name

        inputs = {s.path.resolve() for s in self._sources if s.path is not None}
        written: list[Path] = []
        for doc in self._clean_docs:
            target = out_dir / output_name(doc.name)
            if target.resolve() in inputs:
                raise OutputError(
                    f"{target}: writing here would overwrite an input file. "
                    "Choose an --out directory outside the inputs."
                )
            write_atomic(target, doc.text + "\n" if doc.lines else "")
            written.append(target)
        return written

    # --- NLP -------------------------------------------------------------------------
    @cached_property
    def gazetteer(self) -> Gazetteer:
        from chipwatch.entities import load_gazetteer

        return load_gazetteer(self.settings.gazetteer)

    # --- per-document work: the store first, then the engine for what is missing ----
    @cached_property
    def _store(self) -> Store | None:
        if not self.settings.cache:
            return None
        from chipwatch.cache import Store, default_cache_dir

        store = Store.open(self.settings.cache_dir or default_cache_dir())
        self.warnings.extend(store.warnings)
        return store

    def close(self) -> None:
        """Close the results store (also done when the Corpus is garbage-collected)."""
        store = self.__dict__.pop("_store", None)
        if store is not None:
            store.close()

    def _keys(self, kind: str, docs: Sequence[Document]) -> dict[str, str]:
        from chipwatch import cache

        code = cache.code_fingerprint(kind)
        if kind == "clean":
            shared = self._shared_by_name
            patterns = cache.file_fingerprint(self.settings.junk_patterns)
            keep = str(self.settings.keep_metadata)
            return {
                d.name: cache.digest(code, kind, patterns, keep, d.text, *shared[d.name])
                for d in docs
            }
        model = cache.model_fingerprint(self.settings.model)
        extra = cache.file_fingerprint(self.settings.gazetteer) if kind == "ents" else ""
        return {d.name: cache.digest(code, kind, model, extra, self._analysed(d)) for d in docs}

    def _analysed(self, doc: Document) -> str:
        if not self.settings.clean:
            return doc.text
        return self._clean[doc.name].text

    def prepare(self, *, clean: bool = False, entities: bool = False, tokens: bool = False) -> None:
        """Do the per-document work ahead of the tables (the CLI shows progress meanwhile)."""
        self._ensure(clean=clean, entities=entities, tokens=tokens)

    def _ensure(self, *, clean: bool = False, entities: bool = False, tokens: bool = False) -> None:
        """Make sure every document has the results asked for: from memory, the store, or work."""
        from chipwatch.cache import decode_result, encode_result
        from chipwatch.engine import Job, default_jobs, run_jobs

        docs = self.documents
        need_clean = clean or (self.settings.clean and (entities or tokens))
        store = self._store
        tables: dict[str, dict[str, Any]] = {
            "clean": self._clean,
            "ents": self._ents,
            "toks": self._toks,
        }
        wanted = [
            k for k, on in (("clean", need_clean), ("ents", entities), ("toks", tokens)) if on
        ]
        for kind in wanted:
            known = [
                d
                for d in docs
                if d.name not in tables[kind]
                and (kind == "clean" or not self.settings.clean or d.name in self._clean)
            ]
            if store is None or not known:
                continue
            keys = self._keys(kind, known)
            hits = store.get_many(kind, list(keys.values()))
            for d in known:
                if keys[d.name] in hits:
                    text = self._analysed(d) if kind == "toks" else ""
                    tables[kind][d.name] = decode_result(kind, d, hits[keys[d.name]], text=text)
                    if kind == "clean":
                        self._without_drops.add(d.name)
        jobs = [
            Job(
                document=d,
                cleaned=self._clean.get(d.name),
                clean=need_clean,
                entities=entities and d.name not in self._ents,
                tokens=tokens and d.name not in self._toks,
            )
            for d in docs
            if (need_clean and d.name not in self._clean)
            or (entities and d.name not in self._ents)
            or (tokens and d.name not in self._toks)
        ]
        if not jobs:
            return
        processes = self.settings.jobs or default_jobs()
        cleaner = self._cleaner if need_clean else None
        by_name = {d.name: d for d in docs}
        pending: dict[str, list[Document]] = {"clean": [], "ents": [], "toks": []}
        if self.settings.engine == "dask":
            from chipwatch.engine import run_jobs_dask

            outcomes = run_jobs_dask(
                jobs,
                settings=self.settings,
                cleaner=cleaner,
                processes=processes,
                scheduler=self.settings.scheduler,
            )
        else:
            outcomes = run_jobs(jobs, settings=self.settings, cleaner=cleaner, processes=processes)
        for done, outcome in enumerate(outcomes, start=1):
            doc = by_name[outcome.name]
            if outcome.error is not None:
                # Accounted for as an error; empty results keep later stages simple.
                self.errors.append(Skip(doc.name, "error", outcome.error))
                self._clean.setdefault(doc.name, CleanDocument(doc, lines=()))
                self._ents.setdefault(doc.name, ())
                self._toks.setdefault(doc.name, ParsedDocument(doc.name, ""))
                continue
            if outcome.cleaned is not None and doc.name not in self._clean:
                # The worker's copy of the document is a second copy of its text.
                self._clean[doc.name] = replace(outcome.cleaned, document=doc)
                pending["clean"].append(doc)
            if outcome.mentions is not None:
                self._ents[doc.name] = outcome.mentions
                pending["ents"].append(doc)
            if outcome.parsed is not None:
                self._toks[doc.name] = _interned(outcome.parsed)
                pending["toks"].append(doc)
            if self.progress is not None:
                self.progress(done, len(jobs), len(doc.text.split()))
            if store is not None and sum(map(len, pending.values())) >= 256:
                self._flush(store, pending, tables, encode_result)
        if store is not None:
            self._flush(store, pending, tables, encode_result)

    def _flush(
        self,
        store: Store,
        pending: dict[str, list[Document]],
        tables: dict[str, dict[str, Any]],
        encode: Any,
    ) -> None:
        """Write finished results to the store, one transaction per kind."""
        for kind, docs in pending.items():
            if docs:
                keys = self._keys(kind, docs)
                if kind == "clean":
                    store.put_many(
                        "drops",
                        [
                            (
                                keys[d.name],
                                [[x.line, x.reason, x.text] for x in self._clean[d.name].drops],
                            )
                            for d in docs
                        ],
                    )
                    # Stored, the drop lists (the bulk of a cleaned page) leave memory;
                    # ``cleaned`` reads them back if a caller asks for them.
                    for d in docs:
                        self._clean[d.name] = replace(self._clean[d.name], drops=())
                        self._without_drops.add(d.name)
                store.put_many(
                    kind, [(keys[d.name], encode(kind, tables[kind][d.name])) for d in docs]
                )
                docs.clear()

    @property
    def mentions(self) -> list[Mention]:
        """Every entity mention, resolved to its canonical entity, in document order."""
        self._ensure(entities=True)
        return [m for name, _ in self._texts() for m in self._ents[name]]

    def entities(
        self,
        *,
        labels: Collection[str] | None = None,
        top: int | None = None,
        per_doc: bool = False,
        evidence: bool = False,
    ) -> pd.DataFrame:
        """Canonical entities: corpus rows, or one row per file and entity with ``per_doc``.

        ``evidence`` adds where the first mention is (``file``/``start``) and a snippet of
        its sentence, so every row can be checked against the text.
        """
        from chipwatch.entities import doc_entity_table, entity_table

        texts = dict(self._texts()) if evidence else None
        if self.settings.dedupe and not per_doc:
            return self._with_outlets(
                entity_table(self.mentions, labels=labels, top=top, evidence=texts)
            )
        if per_doc:
            table = doc_entity_table(self.mentions, labels=labels, evidence=texts)
            if top is not None:
                table = table.groupby("file", sort=False).head(top).reset_index(drop=True)
            return table
        return entity_table(self.mentions, labels=labels, top=top, evidence=texts)

    def _with_outlets(self, table: pd.DataFrame) -> pd.DataFrame:
        """Add ``outlets``: distinct sources (or, without one, syndication clusters) that
        carried each entity, counting every copy of a syndicated story."""
        from chipwatch.models import ENTITY, OUTLETS

        clusters = self._representatives
        outlet = {
            d.name: d.metadata.source or f"cluster:{clusters.get(d.name, d.name)}"
            for d in self._clean_docs
        }
        self._ensure(entities=True)
        seen: dict[str, set[str]] = {}
        for name in outlet:
            for mention in self._ents.get(name, ()):
                seen.setdefault(mention.entity, set()).add(outlet[name])
        table = table.copy()
        table[OUTLETS] = [len(seen.get(e, ())) for e in table[ENTITY]]
        return table

    def entity_pairs(
        self,
        *,
        scope: Literal["sentence", "document"] = "sentence",
        labels: Collection[str] | None = None,
        top: int | None = None,
    ) -> pd.DataFrame:
        """Entities mentioned together in a sentence (or document), with counts."""
        from chipwatch.cooccurrence import entity_pairs

        return entity_pairs(self.mentions, dict(self._texts()), scope=scope, labels=labels, top=top)

    @property
    def _token_docs(self) -> list[ParsedDocument]:
        self._ensure(tokens=True)
        return [self._toks[name] for name, _ in self._texts()]

    def keywords(self, *, top: int | None = 10, per_doc: bool = False) -> pd.DataFrame:
        """TF-IDF keywords fitted on this corpus: per document, or aggregated."""
        from chipwatch.keywords import KeywordScorer, corpus_keywords

        docs = self._token_docs
        scorer = KeywordScorer().fit(docs)
        if per_doc:
            return scorer.score(docs, top=top)
        return corpus_keywords(scorer.score(docs, top=None), top=top)

    def discover_themes(self, k: int) -> str:
        """Propose ``k`` themes from this corpus (NMF, fixed seed) as pasteable TOML."""
        from chipwatch.discover import discover_themes, to_toml

        return to_toml(discover_themes(self._token_docs, k=k))

    def themes(
        self,
        *,
        include_all: bool = False,
        summary: bool = False,
        by: Literal["week", "month"] | None = None,
    ) -> pd.DataFrame:
        """Theme scores per document, or a corpus summary with ``summary`` (per period of
        the published dates with ``by``)."""
        from chipwatch.themes import load_taxonomy, score_themes, theme_summary

        taxonomy = load_taxonomy(self.settings.taxonomy)
        docs = self._token_docs
        if summary and by is not None:
            from chipwatch.trends import theme_counts, trends

            scores = score_themes(docs, taxonomy, include_all=False)
            result = trends(theme_counts(scores), self._published(), by=by)
            self._warn_undated(result.undated)
            return result.table
        if summary:
            scores = score_themes(docs, taxonomy, include_all=False)
            return theme_summary(scores, n_docs=len(docs))
        return score_themes(docs, taxonomy, include_all=include_all)


def _interned(parsed: ParsedDocument) -> ParsedDocument:
    """The same tokens with their strings interned: a corpus's tokens repeat a limited
    vocabulary, and sharing one string per word halves the memory they hold."""
    from sys import intern

    from chipwatch.models import Token

    tokens = tuple(
        Token(
            intern(t.text),
            intern(t.lemma),
            intern(t.pos),
            intern(t.tag),
            t.idx,
            t.is_stop,
            t.is_punct,
            t.like_num,
            t.sent_start,
        )
        for t in parsed.tokens
    )
    return replace(parsed, tokens=tokens)


def cache_table(settings: Settings) -> pd.DataFrame:
    """``chipwatch cache info``: one row per kind of stored result, with the store's size."""
    import pandas as pd

    from chipwatch.cache import Store, default_cache_dir

    with Store.open(settings.cache_dir or default_cache_dir()) as store:
        info = store.info()
    rows = [(info["path"], kind, n, info["bytes"]) for kind, n in info["results"].items()]
    rows = rows or [(info["path"], "", 0, info["bytes"])]
    return pd.DataFrame(rows, columns=["path", "kind", "results", "bytes"])


def clear_cache(settings: Settings) -> tuple[int, Path]:
    """``chipwatch cache clear``: delete every stored result; returns how many, and where."""
    from chipwatch.cache import Store, default_cache_dir

    with Store.open(settings.cache_dir or default_cache_dir()) as store:
        return store.clear(), store.path
