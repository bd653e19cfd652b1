"""One canonical name per entity whatever its case: "NEW YORK" joins "New York".

Datelines and headlines write names in capitals ("NEW YORK (AP) --", "LONDON, Jan 5"),
and outlets differ in house style ("al-Qaeda", "Al-Qaeda"). Resolution works one page at
a time, so "New York" on one page and "NEW YORK" on another would stay two rows, and a
search for either would find only some of the city's mentions. Here, over all the
mentions of an analysis, names that differ only in case become one: the form that is
not all capitals names the row, then the most frequent one, then the first in sort
order. A mention's surface (the text as written) is never changed.

A name the gazetteer knows is already canonical by the time it gets here (its lookup
ignores case when that is unambiguous), so this only joins names the model found.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from chipwatch.models import NUMERIC_LABELS, Mention

__all__ = ["canonical_case", "case_choices", "case_choices_of", "unify_case"]


def _shouted(name: str) -> bool:
    """All capitals, as in a dateline or headline ("NEW YORK"); "NASA" is one too."""
    return any(c.isalpha() for c in name) and name.upper() == name


def canonical_case(counts: Counter[str]) -> str:
    """The form that names a group of case twins, given each form's mention count.

    Not all capitals beats all capitals; then more mentions; then sort order.
    """
    return min(counts, key=lambda name: (_shouted(name), -counts[name], name))


def unify_case(mentions: Iterable[Mention]) -> list[Mention]:
    """Give every mention of names that differ only in case the one canonical form.

    Args:
        mentions: resolved mentions of any number of documents.

    Returns:
        The same mentions in the same order; ``entity`` replaced where a case twin
        names the row (see :func:`canonical_case`). Numeric labels are left as they are.
    """
    mentions = list(mentions)
    chosen = case_choices(mentions)
    if not chosen:
        return mentions
    return [
        replace(m, entity=chosen[m.entity])
        if m.label not in NUMERIC_LABELS and m.entity in chosen
        else m
        for m in mentions
    ]


def case_choices(mentions: Iterable[Mention]) -> dict[str, str]:
    """The canonical form of every name that has a case twin, read in one pass.

    What :func:`unify_case` applies, as a mapping (name -> the form naming its row): it
    grows with the names, not the mentions, so an analysis can count its mentions as
    they stream past and apply the choices when each page's mentions are read. Numeric
    labels are never renamed.
    """
    return case_choices_of((m.entity, m.label) for m in mentions)


def case_choices_of(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """:func:`case_choices` from each mention's entity and label alone: a caller that
    holds mentions packed counts them without building a mention object each."""
    forms: dict[str, dict[str, int]] = defaultdict(dict)
    for entity, label in names:
        if label not in NUMERIC_LABELS:
            counts = forms[entity.casefold()]
            counts[entity] = counts.get(entity, 0) + 1
    return {
        name: canonical_case(Counter(counts))
        for counts in forms.values()
        if len(counts) > 1
        for name in counts
    }
