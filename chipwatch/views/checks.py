"""Option values checked before any work, and the period filter every analysis takes.

A bad date, an unknown entity label or an empty search term is a usage error found
before a single file is read: the user hears of a typo at once, not after the corpus
has been parsed. :func:`in_window` keeps the documents published in a period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from chipwatch.errors import NothingProcessedError, UsageError
from chipwatch.pipeline import Analysis

__all__ = ["Window", "entity_labels", "in_window", "search_term", "window"]


@dataclass(frozen=True)
class Window:
    """A period of published dates; either end may be open (both ends inclusive)."""

    since: dt.date | None = None
    until: dt.date | None = None

    def holds(self, published: str | None) -> bool:
        """True when ``published`` (ISO) falls in the period; an undated page never does."""
        # The date parser compiles its patterns on import: only a period needs it.
        from chipwatch.dates import parse_iso_date

        if not isinstance(published, str) or not published.strip():
            return False
        try:
            day = parse_iso_date(published)
        except UsageError:
            return False
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def describe(self) -> str:
        """The period as the flags that asked for it."""
        ends = (("--since", self.since), ("--until", self.until))
        return " ".join(f"{flag} {day}" for flag, day in ends if day is not None)


def _day(flag: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"{flag} {value}: not a date. Use the ISO form YYYY-MM-DD, e.g. 2025-03-01."
        ) from None


def window(since: str | None, until: str | None) -> Window | None:
    """The period ``--since``/``--until`` ask for (None: neither was given).

    Raises:
        UsageError: a value is not an ISO date, or ``until`` is before ``since``.
    """
    start = _day("--since", since) if since is not None else None
    end = _day("--until", until) if until is not None else None
    if start is not None and end is not None and end < start:
        raise UsageError(f"--until {until} is before --since {since}. Swap them.")
    return Window(start, end) if start or end else None


def entity_labels(values: Sequence[str] | None, *, what: str = "entities") -> list[str] | None:
    """The entity labels ``--label`` asks for: repeatable, comma lists allowed, any case.

    Raises:
        UsageError: a label the entity layer never produces (the message lists the valid
            ones), or labels for counts of themes or keywords (``what``).
    """
    if not values:
        return None
    if what != "entities":
        raise UsageError(f"--label works with --what entities, not {what}. Remove --label.")
    from chipwatch.gazetteer import LABELS
    from chipwatch.models import NUMERIC_LABELS

    known = LABELS | NUMERIC_LABELS
    wanted = [part.strip().upper() for value in values for part in value.split(",")]
    wanted = [label for label in wanted if label]
    unknown = [label for label in wanted if label not in known]
    if unknown or not wanted:
        shown = ", ".join(unknown) or "(empty)"
        raise UsageError(
            f"--label {shown}: unknown label. Use one or more of {', '.join(sorted(known))} "
            "(repeat --label or separate with commas)."
        )
    return list(dict.fromkeys(wanted))


def search_term(term: str) -> str:
    """A ``kwic`` term, stripped.

    Raises:
        UsageError: the term is empty or only spaces.
    """
    if not term.strip():
        raise UsageError("the search term is empty. Give a word or a phrase, e.g. 'Nvidia'.")
    return term.strip()


def in_window(analysis: Analysis, period: Window) -> Analysis:
    """The analysis without the documents published outside ``period`` (undated ones
    too), with a note of how many were left out. Needs the cleaned documents.

    Raises:
        NothingProcessedError: no document was published in the period.
    """
    dates = {d.name: d.metadata.published for d in analysis.clean_documents(with_text=False)}
    keep = {name for name, published in dates.items() if period.holds(published)}
    if not keep and analysis.processed:
        raise NothingProcessedError(
            f"no document was published in the period asked for ({period.describe()}); "
            f"{len(dates)} document(s) were read. Widen the period; docs shows the dates."
        )
    left = len(analysis.documents) - len([d for d in analysis.documents if d.name in keep])
    notes = analysis.warnings
    if left:
        notes = (*notes, f"{left} document(s) outside {period.describe()} or undated left out")
    return replace(
        analysis,
        documents=tuple(d for d in analysis.documents if d.name in keep),
        warnings=notes,
    )
