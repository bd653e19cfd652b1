"""What cleaning learns from the whole corpus, and the store keys that depend on it.

A page's cleaning depends on the other pages (lines shared across the corpus are site
chrome): :class:`CorpusFit` fits the cleaner once, in a child process for a large
corpus, and keys each page's results on what shapes them (see ``results``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chipwatch.config import Settings
from chipwatch.models import Document
from chipwatch.packed import PackedTexts, document_names

if TYPE_CHECKING:
    from chipwatch.clean import Cleaner
    from chipwatch.store import Store

#: From this many documents the cleaner is fitted in a child process (see ``apart``):
#: below, forking would cost more than the memory it keeps out of this process.
FIT_APART_DOCS = 48


@dataclass
class CorpusFit:
    """What cleaning learns from the whole corpus, and the store keys that depend on it.

    A document's cleaning depends on the other documents (lines shared across the corpus
    are site chrome), so its key includes a hash of those shared lines; NLP results key on the
    text analysed, the model and the gazetteer.
    """

    documents: Sequence[Document]
    settings: Settings
    store: Store | None
    _cleaner: Cleaner | None = None
    _shared: dict[str, str] | None = None
    #: The hash of each document's shared lines, in order, from fitting.
    _contexts: list[str] = field(default_factory=list)
    _digests: dict[str, str] | None = None
    _clean_keys: dict[str, str] = field(default_factory=dict)

    # --- the cleaner, fitted on the whole corpus ----------------------------------------
    def cleaner(self) -> Cleaner:
        """The cleaner fitted on every document (cross-document evidence).

        Its ``shared_by_document_`` (every page's shared lines) is read once, for the
        store keys (see :meth:`shared`), and let go: held, it would grow with the corpus
        in this process and in every worker forked from it."""
        if self._cleaner is None:
            from chipwatch.apart import run_apart
            from chipwatch.clean import Cleaner, CleanerSettings

            cleaner = Cleaner(
                settings=CleanerSettings(dayfirst=self.settings.dayfirst),
                patterns=self.settings.junk_patterns,
                keep_metadata=self.settings.keep_metadata,
            )
            if len(self.documents) < FIT_APART_DOCS:
                self._cleaner, self._contexts = _fitted(cleaner, self.documents)
            else:
                # Fitting's working state (every line of every page) stays in a child.
                self._cleaner, self._contexts = run_apart(lambda: _fitted(cleaner, self.documents))
        return self._cleaner

    def shared(self) -> dict[str, str]:
        """For each document, a hash of the site-chrome lines it shares with the corpus
        (what its cleaning depends on beyond its own text).

        Fitting reads every line of every document; for a corpus seen before (the same
        set of texts) the hashes come from the store instead.
        """
        if self._shared is not None:
            return self._shared
        from chipwatch.results import result_key

        hashes = self.digests()
        key = result_key("fit", str(self.settings.clean), *sorted(hashes.values()))
        hit = self.store.get_many("fit", [key]).get(key) if self.store is not None else None
        names = document_names(self.documents)
        if isinstance(hit, dict) and all(isinstance(hit.get(hashes[n]), str) for n in names):
            self._shared = {n: hit[hashes[n]] for n in names}
            return self._shared
        self.cleaner()
        contexts = self._contexts
        self._shared = dict(zip(names, contexts, strict=True))
        if self.store is not None:
            stored = {hashes[n]: v for n, v in self._shared.items()}
            self.store.put_many("fit", {key: stored})
        return self._shared

    def digests(self) -> dict[str, str]:
        """The hash of each document's text, computed once for every key that needs it."""
        if self._digests is None:
            from chipwatch.results import digest

            docs = self.documents
            if not isinstance(docs, PackedTexts):
                self._digests = {d.name: digest(d.text) for d in docs}
                return self._digests
            # Texts read through the store come with their hash: none is unpacked.
            self._digests = {}
            for name in docs.names():
                known = docs.text_digest(name)
                self._digests[name] = known or digest(docs.text(name))
        return self._digests

    # --- keys ------------------------------------------------------------------------------
    def keys(
        self, kind: str, docs: Sequence[Document], analysed: Callable[[Document], str]
    ) -> dict[str, str]:
        """The store key of each document's result of ``kind``.

        A cleaned page is a function of its text, the lines it shares with the corpus and
        the cleaning settings, so its key hashes those; NLP kinds key on the text they
        read: with cleaning on, the cleaned page's key stands for it (no second pass over
        the text), else the ``analysed`` text itself."""
        from chipwatch.results import file_fingerprint, model_fingerprint, result_key

        if kind in ("clean", "drops"):
            return self.clean_keys(docs)
        model = model_fingerprint(self.settings.model)
        if self.settings.fast:  # another pipeline: its results are never the full mode's
            model = result_key("fast", model)
        extra = file_fingerprint(self.settings.gazetteer) if kind == "ents" else ""
        if self.settings.clean:
            cleaned = self.clean_keys(docs)
            return {d.name: result_key(kind, model, extra, cleaned[d.name]) for d in docs}
        return {d.name: result_key(kind, model, extra, analysed(d)) for d in docs}

    def clean_keys(self, docs: Sequence[Document]) -> dict[str, str]:
        """The key of each document's cleaned page (worked out once per document)."""
        from chipwatch.results import file_fingerprint, result_key

        todo = [d for d in docs if d.name not in self._clean_keys]
        if todo:
            shared, texts = self.shared(), self.digests()
            patterns = file_fingerprint(self.settings.junk_patterns)
            keep = f"{self.settings.keep_metadata}:{self.settings.dayfirst}"
            for d in todo:
                parts = (patterns, keep, texts[d.name], shared[d.name])
                self._clean_keys[d.name] = result_key("clean", *parts)
        return {d.name: self._clean_keys[d.name] for d in docs}


def _fitted(cleaner: Cleaner, documents: Sequence[Document]) -> tuple[Cleaner, list[str]]:
    """``cleaner`` fitted on ``documents``, and the hash of each document's shared lines
    (what its cleaning depends on beyond its own text); the fitted cleaner is given
    without its per-document shared lines, which only these hashes needed."""
    import copy

    from chipwatch.results import digest

    fitted = cleaner.fit(documents)
    contexts = [digest(*lines) for lines in fitted.shared_by_document_]
    light = copy.copy(fitted)
    light.shared_by_document_ = []
    return light, contexts
