"""Views over an analysis: each command's table is a function of an :class:`Analysis`.

A view never computes per-document work: it reads what :func:`~chipwatch.pipeline.analyze`
gathered (and says which ``Need`` it reads, in ``NEEDS``) and hands it to the stage that
builds the table. Notes for the user (undated documents left out of a chart) go to the
``notes`` list a caller passes, never to a console: the library does not print.

The views live in small modules by subject (``core``, ``text``, ``named``, ``topics``,
``periods``); this package is their one public name.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chipwatch.views.checks import Window, entity_labels, in_window, search_term, window
    from chipwatch.views.core import (
        NEEDS,
        Period,
        What,
        cache_table,
        clear_cache,
        need_for,
        period,
        require_documents,
        theme_period,
        write_run_report,
    )
    from chipwatch.views.named import entities, entity_pairs, kwic, quotes
    from chipwatch.views.periods import diff, report, trends
    from chipwatch.views.text import (
        amounts,
        check_out_dir,
        clean_text,
        docs,
        drops,
        duplicates,
        save_clean,
    )
    from chipwatch.views.topics import discover_themes, keywords, on_beat, relevance_need, themes

__all__ = [
    "NEEDS",
    "Period",
    "What",
    "Window",
    "amounts",
    "cache_table",
    "check_out_dir",
    "clean_text",
    "clear_cache",
    "diff",
    "discover_themes",
    "docs",
    "drops",
    "duplicates",
    "entities",
    "entity_labels",
    "entity_pairs",
    "in_window",
    "keywords",
    "kwic",
    "need_for",
    "on_beat",
    "period",
    "quotes",
    "relevance_need",
    "report",
    "require_documents",
    "save_clean",
    "search_term",
    "theme_period",
    "themes",
    "trends",
    "window",
    "write_run_report",
]

#: Where each public name lives: a command imports only the views it uses.
_HOMES = {
    "NEEDS": "chipwatch.views.core",
    "Period": "chipwatch.views.core",
    "What": "chipwatch.views.core",
    "Window": "chipwatch.views.checks",
    "amounts": "chipwatch.views.text",
    "cache_table": "chipwatch.views.core",
    "check_out_dir": "chipwatch.views.text",
    "clean_text": "chipwatch.views.text",
    "clear_cache": "chipwatch.views.core",
    "diff": "chipwatch.views.periods",
    "discover_themes": "chipwatch.views.topics",
    "docs": "chipwatch.views.text",
    "drops": "chipwatch.views.text",
    "duplicates": "chipwatch.views.text",
    "entities": "chipwatch.views.named",
    "entity_labels": "chipwatch.views.checks",
    "entity_pairs": "chipwatch.views.named",
    "in_window": "chipwatch.views.checks",
    "keywords": "chipwatch.views.topics",
    "kwic": "chipwatch.views.named",
    "need_for": "chipwatch.views.core",
    "on_beat": "chipwatch.views.topics",
    "period": "chipwatch.views.core",
    "quotes": "chipwatch.views.named",
    "relevance_need": "chipwatch.views.topics",
    "report": "chipwatch.views.periods",
    "require_documents": "chipwatch.views.core",
    "save_clean": "chipwatch.views.text",
    "search_term": "chipwatch.views.checks",
    "theme_period": "chipwatch.views.core",
    "themes": "chipwatch.views.topics",
    "trends": "chipwatch.views.periods",
    "window": "chipwatch.views.checks",
    "write_run_report": "chipwatch.views.core",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
