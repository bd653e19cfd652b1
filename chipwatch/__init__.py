"""chipwatch: clean scraped news dumps and find their entities, keywords and themes.

The public API is importable without loading spaCy or scikit-learn; they load the first
time a result that needs them is asked for::

    from chipwatch import Corpus
    corpus = Corpus(["data/raw"])
    corpus.entities(labels=["ORG"], top=10)   # a pandas DataFrame
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ChipwatchError",
    "CleanDocument",
    "Corpus",
    "Document",
    "Mention",
    "Settings",
    "Skip",
    "__version__",
    "load_settings",
]

from chipwatch.config import Settings, load_settings
from chipwatch.errors import ChipwatchError
from chipwatch.models import CleanDocument, Document, Mention, Skip

if TYPE_CHECKING:
    from chipwatch.pipeline import Corpus


def __getattr__(name: str) -> Any:
    # Corpus pulls in the pipeline; importing it lazily keeps `import chipwatch` cheap.
    if name == "Corpus":
        from chipwatch.pipeline import Corpus

        return Corpus
    raise AttributeError(f"module 'chipwatch' has no attribute {name!r}")
