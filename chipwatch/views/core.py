"""What every view shares: the ``Need`` each view reads (``NEEDS``), option checks made
before any work, the run report, and the results store's own tables."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeAlias

from chipwatch.config import Settings
from chipwatch.errors import NothingProcessedError, UsageError
from chipwatch.files import write_output
from chipwatch.pipeline import Analysis, Need

if TYPE_CHECKING:
    import pandas as pd

Period: TypeAlias = Literal["week", "month"]
What: TypeAlias = Literal["entities", "themes", "keywords"]
#: What each view reads from an analysis.
NEEDS: dict[str, Need] = {
    "clean": Need(clean=True),
    "drops": Need(clean=True, drops=True),
    "docs": Need(clean=True, entities=True, tokens=True),
    "amounts": Need(clean=True),
    # Speakers are resolved against the entity layer's mentions.
    "quotes": Need(clean=True, entities=True, quotes=True),
    "dups": Need(clean=True),
    "entities": Need(entities=True),
    "kwic": Need(clean=True, entities=True),
    "keywords": Need(tokens=True),
    # Corpus keywords merge variants of one name ("President Trump", "Donald Trump")
    # under the entity layer's canonical name.
    "keywords:corpus": Need(tokens=True, entities=True),
    "themes": Need(entities=True, tokens=True),
    "trends:entities": Need(clean=True, entities=True),
    "trends:themes": Need(clean=True, entities=True, tokens=True),
    "trends:keywords": Need(clean=True, tokens=True),
    "report": Need(clean=True, entities=True, tokens=True, quotes=True),
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
        from chipwatch.globs import Globs

        settings = analysis.settings
        raise NothingProcessedError(
            f"no files matching {Globs.of(settings.glob, settings.exclude).describe()} under "
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
    inputs = [source.path for source in analysis.sources if source.path is not None]
    write_output(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n", inputs=inputs)


def _note_undated(undated: Sequence[str], notes: list[str] | None) -> None:
    if undated and notes is not None:
        shown = ", ".join(undated[:5]) + (", …" if len(undated) > 5 else "")
        notes.append(
            f"{len(undated)} document(s) have no published date and are not counted: {shown}"
        )


def _require(analysis: Analysis, view: str) -> None:
    """A view asked of an analysis that lacks its results is a programming error."""
    need = NEEDS[view]
    if not analysis.need.covers(need):
        raise ValueError(f"the {view} view needs {need}, the analysis holds {analysis.need}")


#: What each kind of stored result is, as ``cache info`` names it.
CACHE_KINDS = {
    "read": "decoded texts",
    "fit": "corpus cleaning fits",
    "clean": "cleaned pages",
    "drops": "dropped-line lists",
    "ents": "entity mentions",
    "toks": "parsed tokens",
}


def _store_file(settings: Settings) -> Path:
    from chipwatch.store import DB_NAME, default_cache_dir

    return (settings.cache_dir or default_cache_dir()) / DB_NAME


def cache_table(settings: Settings, notes: list[str] | None = None) -> pd.DataFrame:
    """``chipwatch cache info``: one row per kind of stored result (``kind, results``);
    where the store is and its size go to ``notes``. A folder without a store is left
    as it is: nothing is created to answer."""
    import pandas as pd

    from chipwatch.store import Store

    path = _store_file(settings)
    if not path.exists():
        if notes is not None:
            notes.append(f"no results store at {path} yet: the first analysis makes it")
        return pd.DataFrame([], columns=["kind", "results"])
    with Store.open(path.parent) as store:
        info = store.info()
    rows = [(CACHE_KINDS.get(kind, kind), n) for kind, n in info["results"].items()]
    if notes is not None:
        notes.append(f"results store {info['path']}: {info['bytes'] / 1e6:,.1f} MB")
    return pd.DataFrame(rows, columns=["kind", "results"])


def clear_cache(settings: Settings) -> tuple[int | None, Path]:
    """``chipwatch cache clear``: delete every stored result; returns how many (None when
    the store's files had to be removed unopened, on a full disk), and where (a folder
    without a store is left as it is)."""
    from chipwatch.store import Store

    path = _store_file(settings)
    if not path.exists():
        return 0, path
    return Store.clear_dir(path.parent)
