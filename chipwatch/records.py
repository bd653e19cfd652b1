"""Files that hold many pages: JSON Lines or CSV with a text column, as trafilatura,
news-please or a home-made scraper write them.

Each record becomes one document named ``FILE:N`` (N counts records from 1). Its text is
laid out as a page dump would show it, so cleaning and metadata read it like any other
page: the title, a ``By`` line for the author, a ``Published:`` line for the date, then
the body. Column names are matched without regard to case; the first present of each
list in ``COLUMNS`` is used.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from chipwatch.models import Skip

__all__ = ["COLUMNS", "RECORD_SUFFIXES", "expand_records", "is_records", "split_records"]

#: File name endings read as one record per line (JSON Lines) or per row (CSV).
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".csv")
#: The columns read, each by any of these names (trafilatura, news-please, common ones).
COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "maintext", "raw_text", "content", "body", "article", "article_text"),
    "title": ("title", "headline"),
    "date": ("date", "date_publish", "published", "publish_date", "pubdate", "datetime"),
    "author": ("author", "authors", "byline"),
}
#: Why a records file gives no documents (the ``no_content`` skip reason's detail).
NO_TEXT_COLUMN = "no text column (text, maintext, content, body …) in its records"


def is_records(name: str) -> bool:
    """True when ``name`` is read as records rather than as one page."""
    return name.lower().endswith(RECORD_SUFFIXES)


def _field(record: Mapping[str, Any], role: str) -> str:
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    for key in COLUMNS[role]:
        value = lowered.get(key)
        if isinstance(value, list):  # news-please's authors
            value = ", ".join(str(v) for v in value if v)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def page_text(record: Mapping[str, Any]) -> str:
    """The record laid out as a page: title, byline, date line, body."""
    head = [_field(record, "title")]
    author, date = _field(record, "author"), _field(record, "date")
    if author:
        head.append(f"By {author}")
    if date:
        head.append(f"Published: {date[:10] if date[:4].isdigit() else date}")
    return "\n\n".join([part for part in head if part] + [_field(record, "text")])


def _json_lines(text: str) -> Iterator[Mapping[str, Any] | None]:
    for line in text.split("\n"):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            yield None
            continue
        yield value if isinstance(value, dict) else None


def _csv_rows(text: str) -> Iterator[Mapping[str, Any] | None]:
    csv.field_size_limit(1 << 30)  # a page's text is one cell, often past the 128 KB default
    try:
        yield from csv.DictReader(io.StringIO(text, newline=""))
    except csv.Error:
        yield None


def split_records(name: str, data: bytes) -> list[tuple[str, bytes | Skip]]:
    """The documents of a records file, as ``(name, bytes)``; a record without text or a
    line that is not a JSON object gives a ``Skip``, a file without a text column one
    ``Skip`` for the whole file."""
    text = data.decode("utf-8-sig", errors="replace")
    rows = list(
        _json_lines(text) if name.lower().endswith((".jsonl", ".ndjson")) else _csv_rows(text)
    )
    if not any(row is not None and _field(row, "text") for row in rows):
        return [(name, Skip(name, "no_content", NO_TEXT_COLUMN))]
    out: list[tuple[str, bytes | Skip]] = []
    for n, row in enumerate(rows, start=1):
        item = f"{name}:{n}"
        if row is None:
            out.append((item, Skip(item, "undecodable", "not a JSON object or CSV row")))
        elif not _field(row, "text"):
            out.append((item, Skip(item, "empty", "the record's text is empty")))
        else:
            out.append((item, page_text(row).encode("utf-8")))
    return out


def expand_records(
    raw: Iterable[tuple[str, bytes | Skip]],
) -> list[tuple[str, bytes | Skip]]:
    """``(name, bytes)`` inputs with each records file replaced by its documents."""
    out: list[tuple[str, bytes | Skip]] = []
    for name, data in raw:
        if isinstance(data, bytes) and is_records(name):
            out.extend(split_records(name, data))
        else:
            out.append((name, data))
    return out
