"""Orchestration only: paths → documents → cleaned → parsed → entities / keywords / themes.

``Corpus`` is the library's front door. It reads its inputs once, remembers what it
skipped and why, and runs each later stage lazily, so asking for entities never pays
for keyword extraction and a command runs only the spaCy components it needs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from chipwatch.config import Settings
from chipwatch.corpus import find_sources, read_documents, write_atomic
from chipwatch.errors import NothingProcessedError, OutputError, UsageError
from chipwatch.models import (
    DROP_COLUMNS,
    CleanDocument,
    Document,
    Mention,
    ParsedDocument,
    Skip,
)

if TYPE_CHECKING:
    import pandas as pd

    from chipwatch.entities import Gazetteer

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

    def __init__(self, paths: Sequence[str] | None = None, *, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.paths = list(paths) if paths else default_paths()
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
        documents: list[Document] = []
        skips: list[Skip] = []
        for item in read_documents(self._sources, max_bytes=self.settings.max_bytes):
            (skips if isinstance(item, Skip) else documents).append(item)  # type: ignore[arg-type]
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
        """Names of the inputs that produced a result (skips excluded)."""
        empty = {skip.name for skip in self._empty_after_cleaning}
        return [doc.name for doc in self.documents if doc.name not in empty]

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
        }
        write_atomic(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")

    # --- cleaning --------------------------------------------------------------------
    @cached_property
    def cleaned(self) -> list[CleanDocument]:
        """Documents with boilerplate removed (cross-document evidence fitted on all)."""
        from chipwatch.clean import Cleaner

        cleaner = Cleaner(
            patterns=self.settings.junk_patterns, keep_metadata=self.settings.keep_metadata
        ).fit(self.documents)
        return [cleaner.clean(doc) for doc in self.documents]

    @cached_property
    def _empty_after_cleaning(self) -> list[Skip]:
        if not self.settings.clean:
            return []
        return [
            Skip(doc.name, "no_content", "nothing left after cleaning")
            for doc in self.cleaned
            if not doc.lines
        ]

    def _texts(self) -> list[tuple[str, str]]:
        if self.settings.clean:
            return [(doc.name, doc.text) for doc in self.cleaned if doc.lines]
        return [(doc.name, doc.text) for doc in self.documents]

    def clean_text(self) -> pd.DataFrame:
        """One row per document: ``file, text`` (text = cleaned paragraphs joined by \\n)."""
        import pandas as pd

        from chipwatch.models import CLEAN_COLUMNS

        rows = [(doc.name, doc.text) for doc in self.cleaned if doc.lines]
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
            for doc in self.cleaned
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
        for doc in self.cleaned:
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

    def parsed(self, *, entities: bool, tokens: bool) -> Iterator[ParsedDocument]:
        """Stream parsed documents, running only the pipeline components asked for."""
        from chipwatch.nlp import load_pipeline, parse

        patterns = self.gazetteer.ruler_patterns() if entities else ()
        nlp = load_pipeline(self.settings.model, patterns=patterns)
        yield from parse(
            nlp,
            self._texts(),
            entities=entities,
            tokens=tokens,
            batch_size=self.settings.batch_size,
        )

    @cached_property
    def mentions(self) -> list[Mention]:
        """Every entity mention, resolved to its canonical entity."""
        from chipwatch.entities import resolve_mentions

        out: list[Mention] = []
        for parsed in self.parsed(entities=True, tokens=False):
            out.extend(resolve_mentions(parsed, self.gazetteer))
        return out

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
        if per_doc:
            table = doc_entity_table(self.mentions, labels=labels, evidence=texts)
            if top is not None:
                table = table.groupby("file", sort=False).head(top).reset_index(drop=True)
            return table
        return entity_table(self.mentions, labels=labels, top=top, evidence=texts)

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

    @cached_property
    def _token_docs(self) -> list[ParsedDocument]:
        return list(self.parsed(entities=False, tokens=True))

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

    def themes(self, *, include_all: bool = False, summary: bool = False) -> pd.DataFrame:
        """Theme scores per document, or a corpus summary with ``summary``."""
        from chipwatch.themes import load_taxonomy, score_themes, theme_summary

        taxonomy = load_taxonomy(self.settings.taxonomy)
        docs = self._token_docs
        if summary:
            scores = score_themes(docs, taxonomy, include_all=False)
            return theme_summary(scores, n_docs=len(docs))
        return score_themes(docs, taxonomy, include_all=include_all)
