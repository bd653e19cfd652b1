"""``Corpus``: the library's front door, a thin facade over ``analyze`` and the views.

A library user asks a ``Corpus`` for tables one after another (``entities()``, then
``themes()``) without planning which results each needs. The facade keeps one
:class:`~chipwatch.pipeline.Analysis` and extends it when a view needs more, so asking
for entities never pays for keyword extraction. Each method is one line of forwarding.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from chipwatch import views
from chipwatch.config import SHINGLE_SIZE, Settings
from chipwatch.files import write_output
from chipwatch.models import CleanDocument, Document, Mention, Skip
from chipwatch.pipeline import Analysis, Need, Progress, analyze, check_settings, default_paths

if TYPE_CHECKING:
    import pandas as pd


class Corpus:
    """A set of input texts and everything chipwatch can tell about them.

    Example:
        >>> corpus = Corpus(["data/raw"])
        >>> corpus.entities(labels=["ORG"], top=5)  # doctest: +SKIP

    Every table is a pandas DataFrame whose columns are the constants in
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
        self._analysis: Analysis | None = None
        self._notes: list[str] = []

    def analysis(self, need: Need | None = None) -> Analysis:
        """The analysis so far, extended first when it lacks what ``need`` asks for."""
        need = need or Need()
        if self._analysis is None or not self._analysis.need.covers(need):
            self._analysis = analyze(
                self.paths,
                settings=self.settings,
                need=need,
                progress=self.progress,
                previous=self._analysis,
            )
        return self._analysis

    def preflight(self, *, model: bool = False, taxonomy: bool = False) -> None:
        """Check the model, gazetteer and taxonomy before any work, so bad options fail fast."""
        check_settings(self.settings, model=model, taxonomy=taxonomy)

    def prepare(self, *, clean: bool = False, entities: bool = False, tokens: bool = False) -> None:
        """Do the per-document work ahead of the tables (a caller may show progress)."""
        self.analysis(Need(clean=clean, entities=entities, tokens=tokens))

    # --- what was read ---------------------------------------------------------------------
    @property
    def documents(self) -> list[Document]:
        """Decoded documents, in input order."""
        return list(self.analysis().documents)

    @property
    def skips(self) -> list[Skip]:
        """Inputs that produced no document, each with its reason."""
        return self.analysis().skips

    @property
    def errors(self) -> list[Skip]:
        """Documents whose processing failed, with what happened (reason ``error``)."""
        return list(self.analysis().errors)

    @property
    def warnings(self) -> list[str]:
        """Notes for the user: a store set aside, undated documents left out, …."""
        held = list(self._analysis.warnings) if self._analysis is not None else []
        return held + self._notes

    @property
    def processed(self) -> list[str]:
        """Names of the inputs that produced a result (skips and errors excluded)."""
        return self.analysis().processed

    def require_documents(self) -> None:
        """Raise ``NothingProcessedError`` when nothing readable was found."""
        views.require_documents(self.analysis())

    def write_report(self, path: Path) -> None:
        """Write a JSON account of the run: every input, processed or skipped with its reason."""
        views.write_run_report(self.analysis(), path)

    def close(self) -> None:
        """Kept for callers of earlier versions: the store is closed after each analysis."""

    # --- cleaning ----------------------------------------------------------------------------
    @property
    def cleaned(self) -> list[CleanDocument]:
        """Documents with boilerplate removed, each with every dropped line and its reason."""
        return self.analysis(views.NEEDS["drops"]).clean_documents(with_text=False)

    def drops(self) -> pd.DataFrame:
        """Every dropped line: ``file, line, reason, text``."""
        return views.drops(self.analysis(views.NEEDS["drops"])).to_frame()

    def clean_text(self) -> pd.DataFrame:
        """One row per document: ``file, text``."""
        return views.clean_text(self.analysis(views.NEEDS["clean"])).to_frame()

    def docs(self) -> pd.DataFrame:
        """One row per document: title, published, author, source, words before/after,
        beat relevance."""
        return views.docs(self.analysis(views.NEEDS["docs"])).to_frame()

    def amounts(self, *, rates: Path | None = None, to: str | None = None) -> pd.DataFrame:
        """Every explicit money amount with its currency (converted with a user's rates
        file when one is given)."""
        return views.amounts(self.analysis(views.NEEDS["amounts"]), rates=rates, to=to)

    def save_clean(self, out_dir: Path) -> list[Path]:
        """Write one cleaned file per input under ``out_dir`` (never over an input)."""
        return views.save_clean(self.analysis(views.NEEDS["clean"]), out_dir)

    def duplicates(self, *, shingle: int = SHINGLE_SIZE, singletons: bool = False) -> pd.DataFrame:
        """Clusters of near-duplicate articles: ``cluster, file, similarity, title, …``."""
        analysis = self.analysis(views.NEEDS["dups"])
        return views.duplicates(analysis, shingle=shingle, singletons=singletons)

    # --- entities ----------------------------------------------------------------------------
    @property
    def mentions(self) -> list[Mention]:
        """Every entity mention, resolved to its canonical entity, in document order."""
        return self.analysis(views.NEEDS["entities"]).mentions

    def entities(
        self,
        *,
        labels: Collection[str] | None = None,
        top: int | None = None,
        per_doc: bool = False,
        evidence: bool = False,
    ) -> pd.DataFrame:
        """Canonical entities: corpus rows, or one row per file and entity with ``per_doc``."""
        analysis = self.analysis(views.NEEDS["entities"])
        table = views.entities(analysis, labels=labels, top=top, per_doc=per_doc, evidence=evidence)
        return table.to_frame()

    def entity_pairs(
        self,
        *,
        scope: Literal["sentence", "document"] = "sentence",
        labels: Collection[str] | None = None,
        top: int | None = None,
    ) -> pd.DataFrame:
        """Entities mentioned together in a sentence (or document), with counts."""
        analysis = self.analysis(views.NEEDS["entities"])
        return views.entity_pairs(analysis, scope=scope, labels=labels, top=top).to_frame()

    def quotes(
        self, *, speaker: str | None = None, kind: str | None = None, summary: bool = False
    ) -> pd.DataFrame:
        """Who said what: direct quotes and reported statements with their canonical
        speakers (one row per reporting cue), or statements per speaker with ``summary``."""
        analysis = self.analysis(views.NEEDS["quotes"])
        return views.quotes(analysis, speaker=speaker, kind=kind, summary=summary)

    def kwic(self, term: str, *, width: int = 40) -> pd.DataFrame:
        """Every occurrence of ``term`` (a phrase or any name of an entity) in context."""
        return views.kwic(self.analysis(views.NEEDS["kwic"]), term, width=width).to_frame()

    # --- keywords and themes ---------------------------------------------------------------
    def keywords(self, *, top: int | None = 10, per_doc: bool = False) -> pd.DataFrame:
        """Keywords fitted on this corpus: per document, or aggregated."""
        need = views.NEEDS["keywords" if per_doc else "keywords:corpus"]
        return views.keywords(self.analysis(need), top=top, per_doc=per_doc)

    def discover_themes(self, k: int) -> str:
        """Propose ``k`` themes from this corpus as pasteable TOML."""
        return views.discover_themes(self.analysis(views.NEEDS["themes"]), k)

    def themes(
        self,
        *,
        include_all: bool = False,
        summary: bool = False,
        by: views.Period | None = None,
        explain: bool = False,
    ) -> pd.DataFrame:
        """Theme scores per document, or a corpus summary (per period with ``by``), or the
        terms behind each theme (``explain``); only pages of at least the
        ``min_relevance`` setting (default ``config.MIN_RELEVANCE``) get themes."""
        need = views.NEEDS["trends:themes" if by else "themes"]
        return views.themes(
            self.analysis(need),
            include_all=include_all,
            summary=summary,
            by=by,
            notes=self._notes,
            explain=explain,
        )

    # --- over time and the report --------------------------------------------------------
    def trends(self, *, what: views.What = "entities", by: views.Period = "month") -> pd.DataFrame:
        """Counts per period of the documents' published dates."""
        analysis = self.analysis(views.need_for("trends", what))
        return views.trends(analysis, what=what, by=by, notes=self._notes)

    def diff(
        self, *, since: str, until: str | None = None, what: views.What = "entities"
    ) -> pd.DataFrame:
        """What rose or fell from before ``since`` to ``since``…``until``, with G² keyness."""
        analysis = self.analysis(views.need_for("diff", what))
        return views.diff(analysis, since=since, until=until, what=what, notes=self._notes)

    def report(self, *, command: str | None = None, by: views.Period = "month") -> str:
        """The whole analysis as one self-contained HTML page."""
        return views.report(self.analysis(views.NEEDS["report"]), command=command, by=by)

    def write_html(self, path: Path, html: str) -> None:
        """Write the report: atomically to a file, through to a device or ``-``, never
        over an input."""
        sources = self.analysis().sources
        write_output(path, html, inputs=[s.path for s in sources if s.path is not None])
