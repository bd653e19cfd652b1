"""What ``--help`` shows beyond the docstrings: a short line per command for the command
list, examples under each command, and placeholders that read like a man page (``N``,
``FILE``) rather than Python types (``<int range>``, ``<list[str]>``).

Applied to the Typer app once its commands are registered (see ``cli``); nothing here
imports Typer, so the layering of the command line stays as it is.
"""

from __future__ import annotations

import enum
import typing
from pathlib import Path
from typing import Any

__all__ = ["EXAMPLES", "SHORT", "decorate", "placeholder"]

#: One line per command for ``chipwatch --help`` (never cut with "...").
SHORT = {
    "clean": "Remove boilerplate; print the article text.",
    "docs": "One row per document: title, date, author, source, words.",
    "amounts": "Every money amount, with currency and context.",
    "entities": "Canonical named entities with counts.",
    "keywords": "Keywords ranked by TF-IDF, fitted on these documents.",
    "themes": "Themes each document is about.",
    "dups": "Clusters of syndicated copies of one story.",
    "kwic": "Keyword in context: every place a term occurs.",
    "trends": "Counts per week or month of publication.",
    "diff": "What rose or fell between two periods (G²).",
    "report": "One self-contained HTML report.",
    "cache": "Inspect or empty the results store.",
}

#: Examples shown at the end of each command's ``--help``.
EXAMPLES = {
    "clean": [
        "chipwatch clean page.txt",
        "chipwatch clean pages/ --out cleaned/",
        "chipwatch clean pages/ --explain -o drops.csv",
    ],
    "docs": [
        "chipwatch docs pages/ --since 2025-01-01 --top 20",
        "chipwatch docs pages/ --columns file,title,published -f tsv",
    ],
    "amounts": ["chipwatch amounts pages/ --rates rates.csv --to USD"],
    "entities": [
        "chipwatch entities pages/ --label ORG,PERSON --top 20",
        "cat page.txt | chipwatch entities",
        "chipwatch entities pages.jsonl -o entities.csv --excel",
    ],
    "keywords": ["chipwatch keywords pages/ --top 25", "chipwatch keywords pages/ --per-doc"],
    "themes": [
        "chipwatch themes pages/ --summary",
        "chipwatch themes pages/ --summary --by month",
        "chipwatch themes pages/ --discover 5 > my_themes.toml",
    ],
    "dups": ["chipwatch dups pages/ --top 10", "chipwatch dups pages/ --threshold 0.5"],
    "kwic": ["chipwatch kwic 'export controls' pages/", "chipwatch kwic Huawei pages/ --csv"],
    "trends": [
        "chipwatch trends pages/ --by week --top 5",
        "chipwatch trends pages/ --what themes --since 2025-01-01",
    ],
    "diff": [
        "chipwatch diff pages/ --since 2025-03-01",
        "chipwatch diff pages/ --since 2025-03-01 --until 2025-06-30 --label ORG --top 20",
    ],
    "report": [
        "chipwatch report pages/ -o report.html",
        "chipwatch report pages/ --since 2025-01-01 -o - > report.html",
    ],
    "info": ["chipwatch cache info"],
    "clear": ["chipwatch cache clear"],
}


def placeholder(name: str, annotation: Any) -> str | None:
    """The placeholder of an option (None: a flag, or a choice Typer lists itself)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    kind = args[0] if args and typing.get_origin(annotation) is not list else annotation
    if typing.get_origin(kind) is list:
        kind = typing.get_args(kind)[0]
    if kind is bool or (isinstance(kind, type) and issubclass(kind, enum.Enum)):
        return None
    if name in _NAMED:
        return _NAMED[name]
    if kind is Path:
        return "DIR" if name.endswith("dir") else "FILE"
    return {int: "N", float: "X", str: "TEXT"}.get(kind)


#: Placeholders named for what the value is rather than its type.
_NAMED = {"paths": "PATH", "term": "TERM", "to": "CODE", "scheduler": "ADDRESS", "model": "NAME"}


def decorate(app: Any) -> None:
    """Give every registered command of ``app`` (and its sub-apps) its short line,
    examples and placeholders."""
    for info in app.registered_commands:
        name = info.name or info.callback.__name__
        info.short_help = info.short_help or SHORT.get(name)
        lines = EXAMPLES.get(name)
        if lines and not info.epilog:
            # "\b" keeps Click from re-flowing the lines into one paragraph.
            info.epilog = "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
        _placeholders(info.callback)
    for group in app.registered_groups:
        group.short_help = SHORT.get(group.name)
        decorate(group.typer_instance)


def _placeholders(callback: Any) -> None:
    hints = typing.get_type_hints(callback, include_extras=True)
    for name, hint in hints.items():
        if typing.get_origin(hint) is not typing.Annotated:
            continue
        base, *extras = typing.get_args(hint)
        for info in extras:
            if hasattr(info, "metavar") and info.metavar is None:
                info.metavar = placeholder(name, base)
