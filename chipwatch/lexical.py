"""Token-pattern predicates rewritten as lexical flags, which the matcher checks in C.

spaCy's Matcher runs a Python-level predicate (``REGEX``, ``IN``, ``NOT_IN``) for every
pattern state at every token, which costs more than the tokenizer itself once a few
patterns use them. A predicate that reads only the token's own text (``TEXT``/``ORTH``
or ``LOWER``) has one answer per word of the vocabulary, so it can be computed once per
word instead: as a boolean flag of the lexeme (``vocab.add_flag``), tested by the
matcher like ``IS_TITLE``. The rewritten patterns match exactly the same spans.

Where no component before the ruler sets entities (the fast pipeline), every token's
``ENT_TYPE`` is empty, so a test that it is not one of some labels always holds and is
left out.

A shared helper below the stages: plain data and the standard library only (``nlp``
hands the flags to spaCy).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["FIRST_FREE_FLAG", "LexicalTest", "flagged_patterns"]

#: Flags below this number are spaCy's own (``IS_ALPHA`` … ``IS_CURRENCY``).
FIRST_FREE_FLAG = 19
#: Attributes whose value is the token's text, or its lower-case form.
_TEXT_ATTRS = {"TEXT": False, "ORTH": False, "LOWER": True}


@dataclass(frozen=True)
class LexicalTest:
    """One predicate on a word's text: a regex search, or (not) in a set of words.

    A plain class rather than a lambda, so a pipeline holding it can be pickled.
    """

    op: str
    value: Any
    lower: bool

    def __call__(self, text: str) -> bool:
        word = text.lower() if self.lower else text
        if self.op == "REGEX":
            return bool(re.search(self.value, word))
        if self.op == "IN":
            return word in self.value
        return word not in self.value


def _test(attr: str, spec: Any) -> LexicalTest | None:
    """The lexical test of one ``{ATTR: {OP: value}}`` entry, or None when it has none."""
    if attr not in _TEXT_ATTRS or not isinstance(spec, dict) or len(spec) != 1:
        return None
    ((op, value),) = spec.items()
    lower = _TEXT_ATTRS[attr]
    if op == "REGEX" and isinstance(value, str):
        return LexicalTest(op, value, lower)
    words = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
    if op in ("IN", "NOT_IN") and words:
        return LexicalTest(op, frozenset(value), lower)
    return None


def _always(attr: str, spec: Any, *, no_entities: bool) -> bool:
    """Whether ``{attr: spec}`` holds for every token (``ENT_TYPE`` not in labels, when
    no token has an entity type)."""
    if not no_entities or attr != "ENT_TYPE" or not isinstance(spec, dict) or len(spec) != 1:
        return False
    ((op, value),) = spec.items()
    return op == "NOT_IN" and isinstance(value, list | tuple) and "" not in value


def flagged_patterns(
    patterns: Sequence[dict[str, Any]], free: Sequence[int], *, no_entities: bool = False
) -> tuple[list[dict[str, Any]], dict[int, LexicalTest]]:
    """``patterns`` with their lexical predicates replaced by flags ``FLAG<n>: True``.

    Args:
        patterns: ruler patterns (phrase patterns are passed through unchanged).
        free: flag numbers that may be used, in order; a predicate left without one
            stays as it was.
        no_entities: no token has an entity type when the patterns are matched.

    Returns:
        The rewritten patterns, and the test each flag number stands for (one flag per
        distinct test, shared by every pattern that uses it).
    """
    flags: dict[LexicalTest, int] = {}
    spare = list(free)
    out: list[dict[str, Any]] = []
    for entry in patterns:
        pattern = entry.get("pattern")
        if not isinstance(pattern, list):
            out.append(dict(entry))
            continue
        tokens = []
        for token in pattern:
            rewritten: dict[str, Any] = {}
            for attr, spec in token.items() if isinstance(token, dict) else ():
                if _always(attr, spec, no_entities=no_entities):
                    continue
                test = _test(attr, spec)
                if test is not None and test not in flags and spare:
                    flags[test] = spare.pop(0)
                if test is not None and test in flags:
                    rewritten[f"FLAG{flags[test]}"] = True
                else:
                    rewritten[attr] = spec
            tokens.append(rewritten if isinstance(token, dict) else token)
        out.append({**entry, "pattern": tokens})
    return out, {flag: test for test, flag in flags.items()}
