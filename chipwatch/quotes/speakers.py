"""Who made a statement: the source phrase of a cue resolved to a canonical entity.

Resolution reads the entity layer's mentions of the page (so speakers carry the same
names as ``chipwatch entities``) and runs at view time, not in the parser's worker: a
new gazetteer changes speakers without parsing any page again. The rules, in order:

1. a mention at the head of the phrase is the speaker ("Huang", "NVIDIA", "the Ministry
   of Commerce");
2. a pronoun points back to the nearest earlier mention that fits it: "he"/"she" to a
   person, "it" to an organisation (mentions inside quotation marks are not
   antecedents: they are what someone said, not who said it);
3. a group with a named member ("Analysts like Patrick Moorhead", "Critics, including
   Jensen Huang") is that member;
4. a noun with an organisation in it ("Nvidia's spokesperson", "WSJ column") is that
   organisation; with only a place or nationality ("U.S. officials") it is unnamed;
5. a definite description ("the ministry", "the company", "the CEO", "the statement")
   points back to the nearest earlier mention of that kind (a statement or notice to
   the body that issued it);
6. anything else ("analysts", "a person familiar with the matter") is an unnamed source:
   no speaker, the phrase kept in ``speaker_text``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple

from chipwatch.models import Mention, Statement

__all__ = ["Said", "resolve_speaker"]

AGENTS = frozenset({"PERSON", "ORG", "GPE"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_ORG_PRONOUNS = frozenset({"it", "its"})
_MEMBER = re.compile(r"\b(?:like|including|such as|among them|notably)\b", re.IGNORECASE)
_GOVERNMENT = frozenset(
    {
        "ministry", "department", "bureau", "agency", "regulator", "administration", "commission",
        "authority", "watchdog", "office", "council", "committee"
    }
)  # fmt: skip
_COMPANY = frozenset(
    {
        "company", "firm", "chipmaker", "maker", "group", "giant", "manufacturer", "developer",
        "startup", "supplier", "vendor", "business", "corporation"
    }
)  # fmt: skip
_TITLES = frozenset(
    {
        "ceo", "chief", "executive", "president", "chairman", "chairwoman", "founder", "minister",
        "secretary", "professor", "analyst", "director"
    }
)  # fmt: skip
#: Documents that speak for their issuer ("the statement said", "its notice said").
_ISSUED = frozenset({"statement", "notice", "guidance", "release", "announcement"})
#: Nouns for the state itself: with a place in the phrase, the speaker is that place.
_STATE = frozenset({"government", "administration", "authorities"})
#: How far back (in characters) an antecedent may be.
_REACH = 3000


def _before(mentions: Sequence[Mention], offset: int) -> list[Mention]:
    """Mentions ending before ``offset`` and within reach, nearest first."""
    i = bisect.bisect_left([m.start for m in mentions], offset)
    return [m for m in reversed(mentions[:i]) if m.end <= offset and offset - m.end <= _REACH]


def _nearest(
    mentions: Sequence[Mention],
    offset: int,
    quoted: Sequence[tuple[int, int]],
    *,
    labels: frozenset[str],
    words: frozenset[str] = frozenset(),
    avoid: frozenset[str] = frozenset(),
) -> Mention | None:
    """The nearest earlier mention with one of ``labels`` (outside quotes), whose name
    has one of ``words`` (when given) and none of ``avoid``."""
    for m in _before(mentions, offset):
        if m.label not in labels or any(s <= m.start < e for s, e in quoted):
            continue
        name = set(m.entity.lower().split())
        if (words and not name & words) or name & avoid:
            continue
        return m
    return None


def _described(
    statement: Statement, mentions: Sequence[Mention], quoted: Sequence[tuple[int, int]]
) -> Mention | None:
    """The antecedent of a definite description ("the ministry", "the company")."""
    words = statement.speaker_text.lower().split()
    head = statement.head.lower()
    if not words or words[0] not in ("the", "this", "its") or len(words) > 4:
        return None
    at = statement.head_start
    if head in _ISSUED:
        # '"…," the statement said': a statement speaks for the body that issued it.
        return _nearest(mentions, at, quoted, labels=frozenset({"ORG", "GPE"}))
    if head in _GOVERNMENT:
        return _nearest(mentions, at, quoted, labels=frozenset({"ORG"}), words=frozenset({head}))
    if head in _COMPANY:
        return _nearest(mentions, at, quoted, labels=frozenset({"ORG"}), avoid=_GOVERNMENT)
    if head in _TITLES:
        return _nearest(mentions, at, quoted, labels=frozenset({"PERSON"}))
    return None


def _inside(statement: Statement, mentions: Sequence[Mention]) -> list[Mention]:
    return [
        m
        for m in mentions
        if m.label in AGENTS
        and statement.speaker_start <= m.start
        and m.end <= statement.speaker_end
    ]


def _by_name(statement: Statement, mentions: Sequence[Mention]) -> tuple[str, str] | None:
    """A name the entity layer did not mark here: a surname of a person it knows, else
    the name as written."""
    head = statement.head
    for m in mentions:
        if m.label == "PERSON" and m.entity.split()[-1] == head:
            return m.entity, m.label
    if head[:1].isupper():
        return head if head in statement.speaker_text else statement.speaker_text, ""
    return None


class Said(NamedTuple):
    """An earlier statement of the page with its resolved speaker: where it runs (the
    speaker phrase to the end of the quote) and who said it."""

    start: int
    end: int
    entity: str
    label: str


def _salient(
    found: Mention | None, statement: Statement, previous: Sequence[Said], labels: frozenset[str]
) -> Mention | Said | None:
    """``found``, unless it sits inside the statement just before, made by a speaker that
    fits too: in "Nvidia told Reuters it expected a charge. It said …" the second "it"
    is the speaker, Nvidia, not the listener."""
    earlier = [p for p in previous if p.end <= statement.head_start]
    if found is not None and earlier:
        last = earlier[-1]
        same_kind = set(last.entity.lower().split()).isdisjoint(_GOVERNMENT) == set(
            found.entity.lower().split()
        ).isdisjoint(_GOVERNMENT)
        if last.label in labels and same_kind and last.start <= found.start < last.end:
            return last
    return found


def _pronoun(
    statement: Statement,
    mentions: Sequence[Mention],
    quoted: Sequence[tuple[int, int]],
    previous: Sequence[Said],
) -> Mention | Said | None:
    """The antecedent of "he"/"she" (a person) or "it" (an organisation): the nearest
    earlier mention that fits (see :func:`_salient`)."""
    labels = frozenset({"PERSON"} if statement.head.lower() in _PERSON_PRONOUNS else {"ORG"})
    found = _nearest(mentions, statement.head_start, quoted, labels=labels)
    return _salient(found, statement, previous, labels)


def resolve_speaker(
    statement: Statement,
    mentions: Sequence[Mention],
    quoted: Sequence[tuple[int, int]],
    previous: Sequence[Said] = (),
) -> tuple[str, str]:
    """The canonical speaker of ``statement`` and its label; ``("", "")`` when unnamed.

    Args:
        statement: a statement with its source phrase (``speaker_*``, ``head*``).
        mentions: the page's resolved mentions, in text order.
        quoted: the page's quoted spans (``marks.quote_spans``).
        previous: the page's earlier statements with their resolved speakers.
    """
    inside = _inside(statement, mentions)
    head = statement.head.lower()
    for m in inside:
        if m.start <= statement.head_start < m.end:
            return m.entity, m.label
    found: Mention | Said | None = None
    places = [m for m in inside if m.label == "GPE"]
    if head in _PERSON_PRONOUNS | _ORG_PRONOUNS:
        found = _pronoun(statement, mentions, quoted, previous)
    elif inside and _MEMBER.search(statement.speaker_text):
        people = [m for m in inside if m.label == "PERSON"]
        members = people or [m for m in inside if m.label == "ORG"]
        found = members[-1] if members else None
    elif any(m.label in ("ORG", "PERSON") for m in inside):
        found = [m for m in inside if m.label in ("ORG", "PERSON")][-1]
    elif head in _STATE and places:
        found = places[-1]  # "the U.S. government" is the United States
    elif statement.head_pos == "PROPN" and not inside:
        return _by_name(statement, mentions) or ("", "")
    else:
        found = _described(statement, mentions, quoted)
        if found is not None:
            found = _salient(found, statement, previous, frozenset({found.label}))
    return (found.entity, found.label) if found is not None else ("", "")
