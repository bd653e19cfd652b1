"""Entities: domain-aware, canonical named entities, in four parts.

* the gazetteer (:mod:`chipwatch.gazetteer`, a helper shared with ``nlp`` and ``kwic``):
  the beat's companies, agencies, chips, people, places and laws, their lookup and the
  span-ruler patterns;
* mention resolution (:mod:`chipwatch.entities.mentions`, with the span rules of
  :mod:`chipwatch.entities.spans`, the person rules of :mod:`chipwatch.entities.persons`
  and the label evidence of :mod:`chipwatch.entities.labels`): the model's spans →
  canonical mentions;
* one name per entity whatever its case, over a whole analysis
  (:mod:`chipwatch.entities.casing`: "NEW YORK" joins "New York");
* tables and evidence (:mod:`chipwatch.entities.tables`): mentions → the rows an analyst
  reads, each with the sentence it came from.

The names documented in the README are importable from here. They are imported when
first used, so writing an entity table from stored mentions does not load the resolution
rules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chipwatch.entities.casing import case_choices, case_choices_of, unify_case
    from chipwatch.entities.mentions import resolve_mentions
    from chipwatch.entities.tables import (
        END,
        EVIDENCE_COLUMNS,
        MENTION_COLUMNS,
        SNIPPET,
        START,
        doc_entity_table,
        entity_evidence,
        entity_table,
        mention_table,
    )
    from chipwatch.gazetteer import Gazetteer, load_gazetteer

__all__ = [
    "END",
    "EVIDENCE_COLUMNS",
    "MENTION_COLUMNS",
    "SNIPPET",
    "START",
    "Gazetteer",
    "case_choices",
    "case_choices_of",
    "doc_entity_table",
    "entity_evidence",
    "entity_table",
    "load_gazetteer",
    "mention_table",
    "resolve_mentions",
    "unify_case",
]

#: Where each public name lives.
_HOMES = {
    "unify_case": "chipwatch.entities.casing",
    "case_choices": "chipwatch.entities.casing",
    "case_choices_of": "chipwatch.entities.casing",
    "resolve_mentions": "chipwatch.entities.mentions",
    "Gazetteer": "chipwatch.gazetteer",
    "load_gazetteer": "chipwatch.gazetteer",
    **dict.fromkeys(
        [
            "END",
            "EVIDENCE_COLUMNS",
            "MENTION_COLUMNS",
            "SNIPPET",
            "START",
            "doc_entity_table",
            "entity_evidence",
            "entity_table",
            "mention_table",
        ],
        "chipwatch.entities.tables",
    ),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'chipwatch.entities' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # looked up once
    return value
