"""chipwatch: clean scraped news dumps and find their entities, keywords and themes.

The public API is importable without loading spaCy or scikit-learn; they load the first
time a result that needs them is asked for::

    from chipwatch import Corpus
    corpus = Corpus(["data/raw"])
    corpus.entities(labels=["ORG"], top=10)   # a pandas DataFrame

or, one level down, the pipeline as a function and its views::

    from chipwatch import Need, Settings, analyze, views
    analysis = analyze(["data/raw"], settings=Settings(), need=Need(entities=True))
    views.entities(analysis, top=10)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "ChipwatchError",
    "CleanDocument",
    "Corpus",
    "Document",
    "Mention",
    "Need",
    "Settings",
    "Skip",
    "__version__",
    "analyze",
    "load_settings",
]

from chipwatch.config import VERSION as __version__
from chipwatch.config import Settings, load_settings
from chipwatch.errors import ChipwatchError
from chipwatch.models import CleanDocument, Document, Mention, Skip

if TYPE_CHECKING:
    from chipwatch.facade import Corpus
    from chipwatch.pipeline import Need, analyze


def __getattr__(name: str) -> Any:
    # The front door pulls in the pipeline; importing it lazily keeps `import chipwatch`
    # (and `chipwatch --help`) cheap.
    if name == "Corpus":
        from chipwatch.facade import Corpus

        return Corpus
    if name in ("Need", "analyze"):
        from chipwatch import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'chipwatch' has no attribute {name!r}")
