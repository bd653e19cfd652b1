"""The gazetteer: the domain entities chipwatch knows, and how names are matched to them.

The small statistical model finds most names but gets the domain wrong (Nvidia as a
place, "Ascend" and "910C" split, three rows for US/U.S./United States). The gazetteer
is the knowledge that fixes that: a TOML resource shipped with the package, extendable
or overridable by a user file, holding canonical entries with their aliases, extra
token patterns, and word lists (generic terms, job titles). This module loads and
validates those files, indexes the entries for lookup (:meth:`Gazetteer.canonical`),
and turns them into ruler patterns for :mod:`chipwatch.nlp`.

It also owns name normalisation (:func:`normalize_name`, :func:`strip_possessive`,
:func:`lookup_key`), because a lookup is only as good as the key it is made with, and
the mention rules and keyword-in-context search must build that key the same way.

A shared helper below the stages: plain data and the standard library only.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from chipwatch.errors import GazetteerError

__all__ = [
    "DETERMINERS",
    "FAMILY_REST",
    "LABELS",
    "MODEL_NUMBER",
    "MODEL_SUFFIXES",
    "PLURAL_PART",
    "RESOURCE",
    "Gazetteer",
    "GazetteerEntry",
    "load_gazetteer",
    "lookup_key",
    "normalize_name",
    "strip_possessive",
]

#: Labels a gazetteer entry may carry (the OntoNotes scheme the spaCy model uses).
LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
RESOURCE = "gazetteer.toml"

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
    }
)
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$")
#: A model number after a product family: "910C", "9000S", "60", "384", "6000", "8".
MODEL_NUMBER = r"[A-Za-z]{0,3}\d[\w+.:-]*"
_MODEL_TOKEN_REGEX = rf"^{MODEL_NUMBER}$"
_MODEL_SUFFIXES = ("Pro", "Pro+", "Max", "Ultra", "Plus", "Lite", "RS", "Mini", "Air", "Gen")
#: Words that end a product's name after its family or model ("MacBook Pro", "Mate 60 Pro").
MODEL_SUFFIXES = frozenset(_MODEL_SUFFIXES)
#: What may follow a product family to name one product: a model number and a suffix.
FAMILY_REST = re.compile(
    rf"^{MODEL_NUMBER}(?: (?:{'|'.join(re.escape(s) for s in _MODEL_SUFFIXES)}))?$"
)
#: "H20s" -> "H20": a plural of a part number (lower-case s after a digit or capital).
PLURAL_PART = re.compile(r"^([A-Z]+\d+[A-Z]?)s$")
#: A leading article that is not part of a name ("the United States").
DETERMINERS = ("the ", "The ")


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Return ``text`` in the form used for matching and display.

    NFKC, typographic quotes to ASCII and collapsed whitespace, so that "O’Laughlin" and
    "O'Laughlin" (or a name split by a non-breaking space) are one entity.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split())


def strip_possessive(text: str) -> str:
    """Drop a trailing possessive: ``'s``, or a bare ``'`` after a final s (ASCII quotes)."""
    return _POSSESSIVE.sub("", text).rstrip()


def lookup_key(text: str) -> str:
    """The key a surface form is looked up by: normalised, possessive and edge punctuation gone.

    One function for the index and every lookup, so "Nvidia's," and "NVIDIA" meet the
    same entry as the name they were indexed under.
    """
    return strip_possessive(normalize_name(text)).strip(" .,;:")


@dataclass(frozen=True)
class GazetteerEntry:
    """One canonical entity the domain layer knows.

    Attributes:
        name: canonical name shown in every table.
        label: spaCy/OntoNotes label that wins over the model's guess.
        aliases: other surface forms, matched case-sensitively as whole tokens.
        prefixes: words that may precede any form as part of the same name ("U.S.").
        family: the name is a product family; "<form> <model number>" is one product.
        standalone: False when the bare name is too ambiguous to count alone ("Mate",
            "Atlas"): it then only matches followed by a model number.
        source: the file the entry came from (for error messages and debugging).
    """

    name: str
    label: str
    aliases: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    family: bool = False
    standalone: bool = True
    source: str = ""

    def forms(self) -> tuple[str, ...]:
        """Every surface form: name, aliases, and each of them behind each prefix."""
        base = (self.name, *self.aliases)
        out = [*base, *(f"{p} {form}" for p in self.prefixes for form in base)]
        return tuple(dict.fromkeys(out))


#: Surface forms whose lookup a gazetteer remembers before starting afresh.
_LOOKUP_CACHE_SIZE = 100_000


@dataclass(frozen=True)
class Gazetteer:
    """The domain knowledge layer: entries, extra token patterns and word lists.

    Attributes:
        entries: canonical entities, in file order.
        patterns: extra spaCy token patterns (``{"label", "pattern"}``) for names a list
            cannot enumerate (part numbers, "<Name> administration", trade shows).
        ignore: surface forms that are never entities ("AI", "GPU", "5G").
        titles: personal job titles stripped from names ("Analyst", "CEO").
        portfolios: words that form a title with a following title ("Commerce Secretary").
        government: titles that turn a preceding portfolio or agency into part of a title.
    """

    entries: tuple[GazetteerEntry, ...]
    patterns: tuple[dict[str, Any], ...] = ()
    ignore: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    portfolios: frozenset[str] = frozenset()
    government: frozenset[str] = frozenset()
    _index: dict[str, GazetteerEntry] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _folded: dict[str, GazetteerEntry | None] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _by_name: dict[str, GazetteerEntry] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _families: dict[str, GazetteerEntry] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _lookups: dict[str, GazetteerEntry | None] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        # Exact keys first; a case-folded key only when it is unambiguous, so NVIDIA finds
        # Nvidia but "arm" never becomes Arm by accident of a second entry.
        for entry in self.entries:
            self._by_name.setdefault(entry.name, entry)
            for form in entry.forms():
                key = lookup_key(form)
                if not entry.standalone:
                    self._families.setdefault(key, entry)
                    continue
                self._index.setdefault(key, entry)
                folded = key.casefold()
                previous = self._folded.get(folded, entry)
                self._folded[folded] = entry if previous is entry else None

    @cached_property
    def ignore_folded(self) -> frozenset[str]:
        """The ignore list case-folded, for case-insensitive checks."""
        return frozenset(t.casefold() for t in self.ignore)

    @cached_property
    def government_folded(self) -> frozenset[str]:
        """The government titles case-folded."""
        return frozenset(g.casefold() for g in self.government)

    def entry(self, name: str) -> GazetteerEntry | None:
        """The entry whose canonical name is ``name`` (the ruler's entity id)."""
        return self._by_name.get(name)

    def lists_form(self, text: str) -> bool:
        """Whether ``text`` is itself one of the listed forms (no article dropped, no family).

        "The Hague" and "The Information" are listed with their article; "the Netherlands"
        is not (only "Netherlands" is), so the article there is not part of the name.
        """
        key = lookup_key(text)
        return key in self._index or self._folded.get(key.casefold()) is not None

    def canonical(self, text: str) -> GazetteerEntry | None:
        """Look up a surface form; ``None`` when the gazetteer does not know it.

        Matching ignores a possessive, typographic quotes, a leading "the", the plural of a
        part number ("H20s") and (when unambiguous) case. A product family followed by a
        model number returns a synthesised entry named "<family> <model>" ("Ascend 910C",
        "Mate 60 Pro").
        """
        # Names recur across a corpus ("China", "Nvidia's"), and resolving one mention
        # looks up several of its pieces: remember answers, within a bound.
        cache = self._lookups
        if text in cache:
            return cache[text]
        if len(cache) >= _LOOKUP_CACHE_SIZE:
            cache.clear()
        found = cache[text] = self._lookup(text)
        return found

    def _lookup(self, text: str) -> GazetteerEntry | None:
        key = lookup_key(text)
        for candidate in (key, *(key[len(d) :] for d in DETERMINERS if key.startswith(d))):
            found = self._index.get(candidate) or self._folded.get(candidate.casefold())
            if found is not None:
                return found
            family = self._family(candidate)
            if family is not None:
                return family
        plural = PLURAL_PART.match(key)
        if plural:
            found = self._index.get(plural.group(1))
            if found is not None and found.label == "PRODUCT":
                return found
        return None

    def _family(self, key: str) -> GazetteerEntry | None:
        words = key.split(" ")
        for cut in range(len(words) - 1, 0, -1):
            head, rest = " ".join(words[:cut]), " ".join(words[cut:])
            entry = self._index.get(head) or self._families.get(head)
            if entry is not None and entry.family and FAMILY_REST.match(rest):
                return GazetteerEntry(
                    name=f"{entry.name} {rest}", label=entry.label, source=entry.source
                )
        return None

    def ruler_patterns(self, *, fast: bool = False) -> list[dict[str, Any]]:
        """EntityRuler/SpanRuler patterns; each entry's patterns carry ``id`` = canonical name.

        Phrase patterns cover every form plus its typographic-apostrophe variant, an
        all-caps variant of organisation names ("NVIDIA") and plurals of part numbers
        ("H20s"); product families add a token pattern for "<form> <model number>".
        With ``fast`` (no statistical model to find persons), a personal title before
        capitalised words marks a person ("Analyst Jane Doe"; the title is cut off later).
        """
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()

        def add(label: str, text: str, ident: str) -> None:
            if (text, label) not in seen:
                seen.add((text, label))
                out.append({"label": label, "pattern": text, "id": ident})

        for entry in self.entries:
            for form in entry.forms():
                variants = [form, form.replace("'", "\u2019")]
                if entry.label == "ORG" and len(form) > 3 and not form.isupper():
                    variants.append(form.upper())
                if entry.label == "PRODUCT" and any(c.isdigit() for c in form):
                    variants.append(form + "s")
                for variant in variants if entry.standalone else ():
                    add(entry.label, variant, entry.name)
                if entry.family:
                    # No id: "<form> <model>" is never one of the entry's own forms, which
                    # is all an id is used for; without it the families share one pattern.
                    tokens: list[dict[str, Any]] = [{"ORTH": w} for w in form.split()]
                    tokens.append({"TEXT": {"REGEX": _MODEL_TOKEN_REGEX}})
                    tokens.append({"ORTH": {"IN": list(_MODEL_SUFFIXES)}, "OP": "?"})
                    out.append({"label": entry.label, "pattern": tokens})
        out.extend(dict(p) for p in self.patterns)
        titles = sorted(w for w in self.titles if w[:1].isupper())
        if fast and titles:
            name = {"IS_TITLE": True, "IS_STOP": False, "OP": "+"}
            out.append({"label": "PERSON", "pattern": [{"ORTH": {"IN": titles}}, name]})
        return out


# --- loading -----------------------------------------------------------------------------------


def _fail(source: str, problem: str) -> GazetteerError:
    return GazetteerError(
        f"gazetteer {source}: {problem}. Fix the file (see the format notes at the top of "
        "the shipped gazetteer.toml) or leave out --gazetteer."
    )


def _strings(value: Any, *, source: str, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _parse_entry(raw: Any, *, source: str, number: int) -> GazetteerEntry:
    where = f"[[entity]] #{number}"
    if not isinstance(raw, dict):
        raise _fail(source, f"{where} is not a table")
    unknown = set(raw) - {"name", "label", "aliases", "prefixes", "family", "standalone"}
    if unknown:
        raise _fail(source, f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(source, f"{where}: 'name' must be a non-empty string")
    where = f"{where} ({name!r})"
    label = raw.get("label")
    if not isinstance(label, str) or label.upper() not in LABELS:
        raise _fail(source, f"{where}: 'label' must be one of {', '.join(sorted(LABELS))}")
    family = raw.get("family", False)
    standalone = raw.get("standalone", True)
    if not isinstance(family, bool) or not isinstance(standalone, bool):
        raise _fail(source, f"{where}: 'family' and 'standalone' must be true or false")
    return GazetteerEntry(
        name=name.strip(),
        label=label.upper(),
        aliases=_strings(raw.get("aliases", []), source=source, where=where, key="aliases"),
        prefixes=_strings(raw.get("prefixes", []), source=source, where=where, key="prefixes"),
        family=family,
        standalone=standalone,
        source=source,
    )


def _parse_pattern(raw: Any, *, source: str, number: int) -> dict[str, Any]:
    where = f"[[pattern]] #{number}"
    if not isinstance(raw, dict) or set(raw) - {"label", "tokens", "name"}:
        raise _fail(source, f"{where} must be a table with 'label', 'tokens' and optional 'name'")
    label = raw.get("label")
    tokens = raw.get("tokens")
    if not isinstance(label, str) or label.upper() not in LABELS:
        raise _fail(source, f"{where}: 'label' must be one of {', '.join(sorted(LABELS))}")
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, dict) for t in tokens):
        raise _fail(source, f"{where}: 'tokens' must be a non-empty list of token tables")
    pattern: dict[str, Any] = {"label": label.upper(), "pattern": tokens}
    if isinstance(raw.get("name"), str):
        pattern["id"] = raw["name"]
    return pattern


@dataclass(frozen=True)
class _Parsed:
    entries: tuple[GazetteerEntry, ...]
    patterns: tuple[dict[str, Any], ...]
    lists: Mapping[str, tuple[str, ...]]


def _parse(text: str, *, source: str) -> _Parsed:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(source, f"not valid TOML ({exc})") from exc
    unknown = set(data) - {"entity", "pattern", "ignore", "titles"}
    if unknown:
        raise _fail(source, f"unknown section(s) {', '.join(sorted(unknown))}")
    raw_entries = data.get("entity", [])
    raw_patterns = data.get("pattern", [])
    if not isinstance(raw_entries, list) or not isinstance(raw_patterns, list):
        raise _fail(source, "'entity' and 'pattern' must be arrays of tables ([[entity]])")
    entries = tuple(
        _parse_entry(raw, source=source, number=i) for i, raw in enumerate(raw_entries, 1)
    )
    patterns = tuple(
        _parse_pattern(raw, source=source, number=i) for i, raw in enumerate(raw_patterns, 1)
    )
    lists: dict[str, tuple[str, ...]] = {}
    for section, keys in (
        ("ignore", ("terms",)),
        ("titles", ("words", "portfolios", "government")),
    ):
        table = data.get(section, {})
        if not isinstance(table, dict) or set(table) - set(keys):
            raise _fail(source, f"[{section}] may only hold {', '.join(keys)}")
        for key in keys:
            lists[key] = _strings(table.get(key, []), source=source, where=f"[{section}]", key=key)
    return _Parsed(entries, patterns, lists)


def _merge(base: _Parsed, extra: _Parsed) -> _Parsed:
    # A user entry replaces the shipped entry of the same name, and takes over any form it
    # lists, so a user can re-label or re-home an alias without editing the shipped file.
    names = {e.name.casefold() for e in extra.entries}
    claimed = {lookup_key(form) for e in extra.entries for form in e.forms()}
    kept = []
    for entry in base.entries:
        if entry.name.casefold() in names:
            continue
        aliases = tuple(a for a in entry.aliases if lookup_key(a) not in claimed)
        if lookup_key(entry.name) in claimed:
            continue
        kept.append(GazetteerEntry(**{**entry.__dict__, "aliases": aliases}))
    lists = {k: tuple(dict.fromkeys((*base.lists[k], *extra.lists[k]))) for k in base.lists}
    # User entries come first so their forms win the exact-key index.
    return _Parsed((*extra.entries, *kept), (*extra.patterns, *base.patterns), lists)


def load_gazetteer(extra: Path | None = None) -> Gazetteer:
    """Load the shipped gazetteer, optionally extended/overridden by the TOML file ``extra``.

    Raises:
        GazetteerError: ``extra`` is missing, unreadable or malformed; the message names the
            file and the problem.
    """
    shipped = resources.files("chipwatch.resources").joinpath(RESOURCE)
    parsed = _parse(shipped.read_text(encoding="utf-8"), source=f"(shipped) {RESOURCE}")
    if extra is not None:
        path = Path(extra)
        if not path.is_file():
            raise GazetteerError(
                f"gazetteer file {path} not found. Pass an existing TOML file to --gazetteer."
            )
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(str(path), f"cannot be read as UTF-8 text ({exc})") from exc
        parsed = _merge(parsed, _parse(text, source=str(path)))
    return Gazetteer(
        entries=parsed.entries,
        patterns=parsed.patterns,
        ignore=frozenset(parsed.lists["terms"]),
        titles=frozenset(parsed.lists["words"]),
        portfolios=frozenset(parsed.lists["portfolios"]),
        government=frozenset(parsed.lists["government"]),
    )
