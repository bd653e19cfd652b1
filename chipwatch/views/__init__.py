"""Views over an analysis: each command's table is a function of an :class:`Analysis`.

A view never computes per-document work: it reads what :func:`~chipwatch.pipeline.analyze`
gathered (and says which ``Need`` it reads, in ``NEEDS``) and hands it to the stage that
builds the table. Notes for the user (undated documents left out of a chart) go to the
``notes`` list a caller passes, never to a console: the library does not print.

The views live in small modules by subject (``core``, ``text``, ``named``, ``topics``,
``periods``); this package is their one public name.
"""

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
