"""The ``quotes`` tables: one row per statement, or statements per speaker."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from chipwatch.models import (
    COUNT,
    FILE,
    KIND,
    QUOTE_COLUMNS,
    QUOTE_SUMMARY_COLUMNS,
    SPEAKER,
    SPEAKER_LABEL,
    Mention,
    Statement,
)
from chipwatch.quotes.marks import quote_spans
from chipwatch.quotes.speakers import Said, resolve_speaker

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KINDS", "quote_table", "speaker_matches"]

KINDS = ("direct", "indirect")
Page = tuple[str, str, Sequence[Statement], Sequence[Mention]]


def speaker_matches(speaker: str, wanted: str) -> bool:
    """Does ``speaker`` answer a ``--speaker`` query? The canonical name itself, or a
    name holding the query as whole words ("Huang" finds "Jensen Huang")."""
    if not speaker:
        return False
    if speaker.casefold() == wanted.casefold():
        return True
    return re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", speaker, re.IGNORECASE) is not None


def _rows(pages: Iterable[Page]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for name, text, statements, mentions in pages:
        quoted = quote_spans(text)
        ordered = sorted(mentions, key=lambda m: (m.start, m.end))
        previous: list[Said] = []
        for s in statements:
            speaker, label = resolve_speaker(s, ordered, quoted, previous)
            if speaker:
                start = min(s.start, s.speaker_start) if s.speaker_start >= 0 else s.start
                previous.append(Said(start, s.start + len(s.quote), speaker, label))
            rows.append(
                (name, speaker, label, s.kind, s.cue, s.quote, s.start, s.sentence, s.speaker_text)
            )
    return rows


def quote_table(
    pages: Iterable[Page],
    *,
    speaker: str | None = None,
    canonical: str | None = None,
    kind: str | None = None,
    summary: bool = False,
) -> pd.DataFrame:
    """Statements as ``QUOTE_COLUMNS`` rows in file and text order, or with ``summary``
    one row per speaker (``QUOTE_SUMMARY_COLUMNS``, most statements first; unnamed
    sources share the row with an empty speaker).

    Args:
        pages: ``(file, text, statements, mentions)`` of each page.
        speaker: keep the statements of this speaker (see :func:`speaker_matches`).
        canonical: the canonical entity ``speaker`` names, when the gazetteer knows it
            ("Commerce" is the Department of Commerce): then only that entity matches.
        kind: keep ``direct`` or ``indirect`` statements only.
        summary: count statements per speaker instead of listing them.
    """
    import pandas as pd

    frame = pd.DataFrame(_rows(pages), columns=list(QUOTE_COLUMNS)).astype({"start": "int64"})
    if kind is not None:
        frame = frame[frame[KIND] == kind]
    if canonical is not None:
        frame = frame[frame[SPEAKER] == canonical]
    elif speaker is not None:
        frame = frame[[speaker_matches(s, speaker) for s in frame[SPEAKER]]]
    frame = frame.reset_index(drop=True)
    if not summary:
        return frame
    rows = []
    for (who, label), group in frame.groupby([SPEAKER, SPEAKER_LABEL], sort=False):
        kinds = group[KIND].value_counts()
        rows.append(
            (who, label, int(kinds.get("direct", 0)), int(kinds.get("indirect", 0)),
             len(group), group[FILE].nunique())
        )  # fmt: skip
    table = pd.DataFrame(rows, columns=list(QUOTE_SUMMARY_COLUMNS))
    return table.sort_values([COUNT, SPEAKER], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )
