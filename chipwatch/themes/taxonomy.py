"""The theme taxonomy: a TOML file of themes, each a description and weighted terms.

A term is a plain string (weight 1), a ``term = weight`` pair, or a table that adds
context conditions (``requires_any`` words or entities within the sentence or
paragraph). Plain term lists stay valid: every condition is optional, and the general
mechanisms of :mod:`chipwatch.themes.evidence` do not depend on them.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from chipwatch.config import THEME_THRESHOLD
from chipwatch.errors import TaxonomyError
from chipwatch.models import Taxonomy, Theme

#: A term of at least this weight is an anchor: on its own it says a page is on the theme.
ANCHOR_WEIGHT = 2.0
Scope = Literal["sentence", "paragraph"]
_THEME_KEYS = frozenset({"description", "terms", "threshold"})
_TERM_KEYS = frozenset({"weight", "requires_any", "within", "anchor"})
_SCOPES: tuple[Scope, ...] = ("sentence", "paragraph")


@dataclass(frozen=True)
class TermRule:
    """What a term needs besides matching: nearby context, and whether it is an anchor.

    Attributes:
        requires_any: words, phrases or entity names of which at least one must occur in
            the same ``within`` scope for a match to count (empty: no condition).
        within: ``"sentence"`` or ``"paragraph"``.
        anchor: the term alone is enough evidence for its theme (default: weight >= 2;
            in a plain list, a phrase of two or more words).
    """

    requires_any: tuple[str, ...] = ()
    within: Scope = "sentence"
    anchor: bool = False


@dataclass(frozen=True)
class WeightedTheme(Theme):
    """A theme whose terms carry weights and rules (``weights[i]`` belongs to ``terms[i]``)."""

    weights: tuple[float, ...] = ()
    rules: tuple[TermRule, ...] = ()

    def weight(self, index: int) -> float:
        """Weight of the term at ``index`` (1.0 when the theme has no weights)."""
        return self.weights[index] if index < len(self.weights) else 1.0

    def rule(self, index: int) -> TermRule:
        """Rule of the term at ``index`` (anchor when its weight reaches ANCHOR_WEIGHT)."""
        if index < len(self.rules):
            return self.rules[index]
        return TermRule(anchor=self.weight(index) >= ANCHOR_WEIGHT)


def theme_weight(theme: Theme, index: int) -> float:
    """Weight of a term of any theme (a plain ``Theme`` weighs every term 1)."""
    return theme.weight(index) if isinstance(theme, WeightedTheme) else 1.0


def theme_rule(theme: Theme, index: int) -> TermRule:
    """Rule of a term of any theme (a plain ``Theme`` has no conditions, no anchors)."""
    return theme.rule(index) if isinstance(theme, WeightedTheme) else TermRule()


def _default_taxonomy_path() -> Path:
    return Path(str(resources.files("chipwatch") / "resources" / "themes.toml"))


def _fail(path: Path, problem: str) -> TaxonomyError:
    return TaxonomyError(f"taxonomy {path}: {problem}")


def _positive(path: Path, where: str, value: Any) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise _fail(path, f"{where} must be a positive finite number")
    return float(value)


def _term_table(path: Path, where: str, raw: dict[str, Any]) -> tuple[float, TermRule]:
    """``{weight, requires_any, within, anchor}`` of one term, checked."""
    unknown = sorted(set(raw) - _TERM_KEYS)
    if unknown:
        allowed = ", ".join(sorted(_TERM_KEYS))
        raise _fail(path, f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {allowed})")
    weight = _positive(path, f"{where}: 'weight'", raw.get("weight", 1.0))
    needs = raw.get("requires_any", [])
    if not isinstance(needs, list) or not all(isinstance(n, str) and n.strip() for n in needs):
        raise _fail(path, f"{where}: 'requires_any' must be a list of non-empty strings")
    within = raw.get("within", "sentence")
    if within not in _SCOPES:
        raise _fail(path, f"{where}: 'within' must be one of {', '.join(_SCOPES)}")
    anchor = raw.get("anchor", weight >= ANCHOR_WEIGHT)
    if not isinstance(anchor, bool):
        raise _fail(path, f"{where}: 'anchor' must be true or false")
    return weight, TermRule(tuple(n.strip() for n in needs), within, anchor)


def _is_phrase(term: str) -> bool:
    """Two or more words ("export ban", "self-reliance"): in a plain list, where no
    weight says which terms are strong, a phrase is specific enough to be an anchor."""
    return len(term.replace("-", " ").split()) >= 2


def _parse_terms(
    path: Path, name: str, raw: Any
) -> tuple[tuple[str, ...], tuple[float, ...], tuple[TermRule, ...]]:
    plain = isinstance(raw, list)
    if plain:
        pairs: list[tuple[Any, Any]] = [(t, 1.0) for t in raw]
    elif isinstance(raw, dict):
        pairs = list(raw.items())
    else:
        raise _fail(
            path,
            f"theme '{name}': 'terms' must be a list of strings or a table of "
            f"term = weight, not {type(raw).__name__}",
        )
    terms: list[str] = []
    weights: list[float] = []
    rules: list[TermRule] = []
    for term, value in pairs:
        if not isinstance(term, str) or not term.strip():
            raise _fail(path, f"theme '{name}': every term must be a non-empty string")
        where = f"theme '{name}', term '{term}'"
        if isinstance(value, dict):
            weight, rule = _term_table(path, where, value)
        else:
            weight = _positive(path, f"theme '{name}': weight of term '{term}'", value)
            rule = TermRule(anchor=weight >= ANCHOR_WEIGHT or (plain and _is_phrase(term)))
        terms.append(term.strip())
        weights.append(weight)
        rules.append(rule)
    if not terms:
        raise _fail(path, f"theme '{name}' has no terms; add at least one to 'terms'")
    return tuple(terms), tuple(weights), tuple(rules)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load a theme taxonomy from TOML (the shipped ``resources/themes.toml`` by default).

    Format, one table per theme (the README documents every key)::

        [themes.export_controls]
        description = "US restrictions on selling chips and tools to China"
        threshold = 0.15          # optional: the lowest score that counts
        terms = ["export controls", "entity list"]    # weight 1 each

        [themes.geopolitics_security.terms]           # or weighted, with conditions
        "national security" = 2.0                     # weight >= 2: an anchor
        military = { weight = 1.0, requires_any = ["China", "PLA"], within = "sentence" }

    Raises:
        TaxonomyError: the file is missing, is not valid TOML, or a theme is malformed;
            the message names the file and the problem.
    """
    source = path if path is not None else _default_taxonomy_path()
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(source, "file not found; check the --taxonomy path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(source, f"cannot be read: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(source, f"is not valid TOML: {exc}") from exc
    table = data.get("themes")
    if not isinstance(table, dict) or not table:
        raise _fail(source, "no themes found; define at least one [themes.<name>] table")
    return Taxonomy(themes=tuple(_parse_theme(source, name, body) for name, body in table.items()))


def _parse_theme(path: Path, name: str, body: Any) -> WeightedTheme:
    """One ``[themes.<name>]`` table as a theme; a missing threshold is the default."""
    if not name.isprintable():
        shown = name.encode("unicode_escape").decode("ascii")
        raise _fail(path, f"theme name '{shown}' holds control characters; rename it")
    if not isinstance(body, dict):
        raise _fail(path, f"theme '{name}' must be a table ([themes.{name}])")
    unknown = sorted(set(body) - _THEME_KEYS)
    if unknown:
        raise _fail(
            path,
            f"theme '{name}': unknown key(s) {', '.join(unknown)} "
            f"(allowed: {', '.join(sorted(_THEME_KEYS))})",
        )
    description = body.get("description", "")
    if not isinstance(description, str):
        raise _fail(path, f"theme '{name}': 'description' must be a string")
    if "terms" not in body:
        raise _fail(path, f"theme '{name}' has no terms; add a 'terms' list")
    terms, weights, rules = _parse_terms(path, name, body["terms"])
    threshold = body.get("threshold", THEME_THRESHOLD)
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not math.isfinite(threshold)
        or threshold < 0
    ):
        raise _fail(path, f"theme '{name}': 'threshold' must be a finite number >= 0")
    return WeightedTheme(
        name=name,
        description=description,
        terms=terms,
        threshold=float(threshold),
        weights=weights,
        rules=rules,
    )
