"""Entity-table defects on pages the entity rules were not written from, found without gold.

A reader of ``chipwatch entities`` spots some defects at once, whatever the page: a name
that runs over a line break, two rows that differ only in case ("New York" and "NEW
YORK"), a name that starts with an article ("a Touch Bar"), ``kwic`` finding fewer
mentions of a name than the table counts. These are counted on the real command's output
for a folder of unseen pages; the most frequent PRODUCT/LAW/EVENT rows (the labels the
model gets wrong most often off the beat) are listed with their first snippet for review.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from _common import run_chipwatch

#: A lower-case article or determiner at the start of a name or alias.
LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s")
#: A line break, or the double space cleaning or normalising leaves in its place.
BROKEN = re.compile(r"\n|\r|\s{2,}")
#: How many rows of each list to print, and of the kwic check.
REVIEW_ROWS = 30
KWIC_ROWS = 10


def _forms(row: dict[str, Any]) -> list[str]:
    return [row["entity"], *row["aliases"]]


def line_break_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows whose name or an alias holds a line break (or a double space)."""
    return [r for r in rows if any(BROKEN.search(f) for f in _forms(r))]


def case_twins(rows: Iterable[dict[str, Any]]) -> list[list[str]]:
    """Groups of row names that differ only in case."""
    groups: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        groups[r["entity"].casefold()].append(r["entity"])
    return [sorted(names) for names in groups.values() if len(set(names)) > 1]


def article_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows whose name or an alias starts with a lower-case article."""
    return [r for r in rows if any(LEADING_ARTICLE.match(f) for f in _forms(r))]


def _show(row: dict[str, Any]) -> str:
    return repr(row["entity"]) + f" {row['label']} x{row['mentions']}"


def _kwic_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The most frequent rows, and the most frequent rows with an all-caps alias (the
    names datelines and headlines write in capitals: "NEW YORK" for "New York")."""
    shouted = [
        r for r in rows if any(a.isupper() and not r["entity"].isupper() for a in r["aliases"])
    ]
    picked = {r["entity"]: r for r in [*rows[:KWIC_ROWS], *shouted[:KWIC_ROWS]]}
    return list(picked.values())


def _kwic_lines(folder: Path, cache: str, rows: list[dict[str, Any]]) -> list[str]:
    """``kwic NAME`` row count against the table's mention count."""
    out, short = [], 0
    checked = _kwic_rows(rows)
    for row in checked:
        found = json.loads(
            run_chipwatch("kwic", row["entity"], str(folder), "--json", "-q", "--cache-dir", cache)
        )
        if len(found) != row["mentions"]:
            short += 1
            out.append(f"    {row['entity']!r}: kwic {len(found)} rows, table {row['mentions']}")
    names = ", ".join(r["entity"] for r in checked[KWIC_ROWS:][:5])
    head = f"  kwic agrees with the table on {len(checked) - short}/{len(checked)} rows"
    return [f"{head} (top rows and rows with an all-caps alias: {names}, ...)", *out]


def _review_lines(folder: Path, cache: str) -> list[str]:
    labels = [arg for lab in ("PRODUCT", "LAW", "EVENT") for arg in ("--label", lab)]
    rows = json.loads(
        run_chipwatch(
            "entities", str(folder), *labels, "--top", str(REVIEW_ROWS), "--evidence",
            "--json", "-q", "--cache-dir", cache,
        )
    )  # fmt: skip
    out = [f"  {REVIEW_ROWS} most frequent PRODUCT/LAW/EVENT rows, for review:"]
    for r in rows:
        snippet = " ".join(str(r["snippet"]).split())[:110]
        out.append(f"    {r['entity'][:28]:28s} {r['label']:8s} {r['mentions']:3d}  {snippet}")
    return out


def unseen_report(folder: Path) -> list[str]:
    """The unseen-page section of ``make eval``: counts, then rows to review."""
    if not folder.is_dir():
        return [f"unseen pages: none at {folder}; section skipped."]
    with tempfile.TemporaryDirectory() as cache:
        rows: list[dict[str, Any]] = json.loads(
            run_chipwatch("entities", str(folder), "--json", "-q", "--cache-dir", cache)
        )
        pages = len(list(folder.glob("*.txt")))
        broken, twins, articles = line_break_rows(rows), case_twins(rows), article_rows(rows)
        lines = [
            f"unseen pages ({pages} pages at {folder}, {len(rows)} entity rows):",
            f"  names or aliases with a line break: {len(broken)}",
            *(f"    {_show(r)}" for r in broken[:5]),
            f"  case twins: {len(twins)}",
            *(f"    {' / '.join(names)}" for names in twins[:5]),
            f"  leading lower-case articles: {len(articles)}",
            *(f"    {_show(r)}" for r in articles[:5]),
        ]
        lines += _kwic_lines(folder, cache, rows)
        lines += _review_lines(folder, cache)
    return lines
