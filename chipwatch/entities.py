"""Entity mentions → canonical entities: the gazetteer, canonicalisation rules, and tables.

The small statistical model finds most names but gets the domain wrong (Nvidia as a
place, "Ascend" and "910C" split, three rows for US/U.S./United States, job titles inside
person names). This module holds the domain knowledge that fixes that:

* a **gazetteer** (a TOML resource shipped with the package, extendable by a user file)
  that yields EntityRuler patterns for the spaCy pipeline and canonical names/labels;
* :func:`resolve_mentions`, which turns the pipeline's raw entity spans (plain data)
  into :class:`~chipwatch.models.Mention` objects with canonical names, applying the
  rules an analyst expects: possessives and titles stripped, quotes normalised, aliases
  merged, surname-only mentions resolved within a document, known label errors fixed;
* :func:`doc_entity_table` and :func:`entity_table`, the per-document and corpus tables.

Only plain data and pandas are used here; spaCy stays in :mod:`chipwatch.nlp`.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chipwatch.errors import GazetteerError
from chipwatch.models import (
    ALIASES,
    DOC_ENTITY_COLUMNS,
    DOCS,
    END,
    ENTITY,
    ENTITY_COLUMNS,
    EVIDENCE_COLUMNS,
    FILE,
    LABEL,
    MENTION_COLUMNS,
    MENTIONS,
    NUMERIC_LABELS,
    SNIPPET,
    START,
    TEXT,
    Mention,
    ParsedDocument,
    RawEntity,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "END",
    "EVIDENCE_COLUMNS",
    "LABELS",
    "MENTION_COLUMNS",
    "SNIPPET",
    "START",
    "Gazetteer",
    "GazetteerEntry",
    "doc_entity_table",
    "entity_evidence",
    "entity_table",
    "load_gazetteer",
    "mention_table",
    "normalize_name",
    "resolve_mentions",
    "sentence_spans",
    "snippet",
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

ELLIPSIS = "\u2026"

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
# A model number after a product family: "910C", "9000S", "60", "384", "6000", "8".
_MODEL = r"[A-Za-z]{0,3}\d[\w+.:-]*"
_MODEL_TOKEN_REGEX = rf"^{_MODEL}$"
_MODEL_SUFFIXES = ("Pro", "Pro+", "Max", "Ultra", "Plus", "Lite", "RS", "Mini", "Air", "Gen")
_FAMILY_REST = re.compile(rf"^{_MODEL}(?: (?:{'|'.join(re.escape(s) for s in _MODEL_SUFFIXES)}))?$")
# "H20s" -> "H20": a plural of a part number (lower-case s after a digit or capital).
_PLURAL_PART = re.compile(r"^([A-Z]+\d+[A-Z]?)s$")
# "SiCarrier", "iFLYTEK", "OpenAI": internal capitals mark a company name, not a place.
_CAMEL = re.compile(r"[a-z][A-Z]")
_DETERMINERS = ("the ", "The ")
_FUNCTION_WORDS = frozenset({"of", "the", "and", "in", "for", "on", "amid", "amidst", "to", "a"})


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


def _key(text: str) -> str:
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
                key = _key(form)
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
        key = _key(text)
        for candidate in (key, *(key[len(d) :] for d in _DETERMINERS if key.startswith(d))):
            found = self._index.get(candidate) or self._folded.get(candidate.casefold())
            if found is not None:
                return found
            family = self._family(candidate)
            if family is not None:
                return family
        plural = _PLURAL_PART.match(key)
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
            if entry is not None and entry.family and _FAMILY_REST.match(rest):
                return GazetteerEntry(
                    name=f"{entry.name} {rest}", label=entry.label, source=entry.source
                )
        return None

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """EntityRuler/SpanRuler patterns; each entry's patterns carry ``id`` = canonical name.

        Phrase patterns cover every form plus its typographic-apostrophe variant, an
        all-caps variant of organisation names ("NVIDIA") and plurals of part numbers
        ("H20s"); product families add a token pattern for "<form> <model number>".
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
    claimed = {_key(form) for e in extra.entries for form in e.forms()}
    kept = []
    for entry in base.entries:
        if entry.name.casefold() in names:
            continue
        aliases = tuple(a for a in entry.aliases if _key(a) not in claimed)
        if _key(entry.name) in claimed:
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


# --- resolving mentions --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    """A span being resolved: character offsets into the document and the working label."""

    start: int
    end: int
    label: str
    ent_id: str = ""


_NON_SPACE = re.compile(r"\S+")


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _NON_SPACE.finditer(text, start, end)]


def _bare(word: str) -> str:
    return normalize_name(word).strip(",;:")


def _split_titles(text: str, piece: _Piece, gaz: Gazetteer) -> list[_Piece]:
    """Strip job titles: "Analyst Jane Doe" → Jane Doe; "Acme CEO Jane Doe" → Acme + Jane Doe."""
    words = _words(text, piece.start, piece.end)
    titled = [
        _bare(text[s:e]) in gaz.titles or _bare(text[s:e]).startswith("then-") for s, e in words
    ]
    if not any(titled):
        return [piece]
    bare = [_bare(text[s:e]) for s, e in words]
    # Portfolio words right before a title are part of it ("Commerce Secretary"), and so
    # is an "of <portfolio>" right after one ("Secretary of State", "Minister of Commerce").
    for i in range(len(words) - 2, -1, -1):
        if titled[i + 1] and bare[i] in gaz.portfolios:
            titled[i] = True
    for i in range(1, len(words) - 1):
        if titled[i - 1] and bare[i] in {"of", "for"} and bare[i + 1] in gaz.portfolios:
            titled[i] = titled[i + 1] = True
    if piece.label == "PERSON":
        last = max(i for i, t in enumerate(titled) if t)
        if last == len(words) - 1:
            return []
        first = last
        while first > 0 and titled[first - 1]:
            first -= 1
        out = []
        if first > 0:
            left = _Piece(words[0][0], words[first - 1][1], "ORG")
            if text[left.start].isupper():
                out.append(left)
        out.append(_Piece(words[last + 1][0], piece.end, "PERSON"))
        return out
    # Other labels: a trailing title goes ("Acme CEO" -> Acme; "Commerce Secretary" -> none);
    # title words inside a name stay ("Executive Office", "Office of the President").
    if not titled[-1]:
        return [piece]
    cut = len(words)
    while cut > 0 and titled[cut - 1]:
        cut -= 1
    if cut == 0:
        return []
    if bare[cut - 1].lower() in _FUNCTION_WORDS:
        return [piece]  # "Office of the President": the title is the name's object
    return [_Piece(piece.start, words[cut - 1][1], piece.label, piece.ent_id)]


def _is_heading_line(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line)]
    if not words or line.rstrip().endswith((".", "?", "!", '"', "”", ":")):
        return False
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return bool(content) and sum(w[0].isupper() for w in content) / len(content) >= 0.8


def _in_heading(text: str, piece: _Piece) -> bool:
    line_start = text.rfind("\n", 0, piece.start) + 1
    line_end = text.find("\n", piece.end)
    return _is_heading_line(text[line_start : line_end if line_end >= 0 else len(text)])


def _pieces(text: str, ent: RawEntity, gaz: Gazetteer) -> list[_Piece]:
    """Cut one raw span into the spans that really are entities (may be none)."""
    piece = _Piece(ent.start, ent.end, ent.label, ent.ent_id)
    surface = text[piece.start : piece.end]
    # "U.S.-China" is one token: split it into the places it joins.
    if "-" in surface and gaz.canonical(surface) is None:
        parts = list(re.finditer(r"[^-]+", surface))
        if len(parts) > 1 and all(gaz.canonical(p.group()) for p in parts):
            return [
                _Piece(piece.start + p.start(), piece.start + p.end(), ent.label) for p in parts
            ]
    if gaz.canonical(surface) is not None:
        return [piece]
    if ent.label != "WORK_OF_ART":
        for det in _DETERMINERS:
            if surface.startswith(det):
                piece = _Piece(piece.start + len(det), piece.end, piece.label, piece.ent_id)
                surface = surface[len(det) :]
                break
    if gaz.canonical(surface) is not None:
        return [piece]
    trimmed = _trim_generic(text, piece, gaz)
    if trimmed is not None:
        return [trimmed]
    brand = _split_brand_model(text, piece, gaz)
    if brand is not None:
        return brand
    return [_with_first_name(text, p, gaz) for p in _split_titles(text, piece, gaz)]


# A bare model designation: "R1", "V3", "9000S", "910C", "2"; not an ordinary word.
_MODEL_WORD = re.compile(rf"^{_MODEL}$")


def _split_brand_model(text: str, piece: _Piece, gaz: Gazetteer) -> list[_Piece] | None:
    """A company name glued to a product: "Acme R1" → Acme (ORG) + R1 (PRODUCT).

    The annotation rules count a company used as a brand modifier as the company, and the
    product as its own entity ("Huawei Mate 60" = Huawei + Mate 60). Only when the leading
    words are a known organisation and the rest is a known product or a model designation.
    """
    words = _words(text, piece.start, piece.end)
    for cut in range(min(3, len(words) - 1), 0, -1):
        head = gaz.canonical(text[words[0][0] : words[cut - 1][1]])
        if head is None or head.label != "ORG":
            continue
        start, end = words[cut][0], piece.end
        rest = text[start:end]
        known = gaz.canonical(rest)
        if (known is not None and known.label == "PRODUCT") or _FAMILY_REST.match(rest):
            return [
                _Piece(piece.start, words[cut - 1][1], "ORG"),
                _Piece(start, end, "PRODUCT"),
            ]
    return None


def _with_first_name(text: str, piece: _Piece, gaz: Gazetteer) -> _Piece:
    """Take back a first name the model left between a job title and a surname.

    "Chief Executive Christophe Fouquet" often comes out as PERSON "Fouquet": the word
    before the span is capitalised, is not a title or a known name, and itself follows
    a title, so it is the first name.
    """
    if piece.label != "PERSON" or " " in text[piece.start : piece.end].strip():
        return piece
    window = max(0, piece.start - 60)
    before = re.search(r"([\w.'-]+) +([A-Z][a-z][\w'-]*) +$", text[window : piece.start])
    if before is None:
        return piece
    title, first = _bare(before.group(1)), before.group(2)
    if (
        (title.capitalize() in gaz.titles or title in gaz.titles)
        and first not in gaz.titles
        and first.lower() not in _FUNCTION_WORDS
        and gaz.canonical(first) is None
    ):
        return _Piece(window + before.start(2), piece.end, "PERSON")
    return piece


def _trim_generic(text: str, piece: _Piece, gaz: Gazetteer) -> _Piece | None:
    """A known name with a generic word glued on by the model ("DeepSeek AI", "X 384 AI").

    Only when what remains is a gazetteer name: "Acme AI" may well be a company's name.
    """
    words = _words(text, piece.start, piece.end)
    folded = gaz.ignore_folded
    lo, hi = 0, len(words)
    while lo < hi and _bare(text[words[lo][0] : words[lo][1]]).casefold() in folded:
        lo += 1
    while hi > lo and _bare(text[words[hi - 1][0] : words[hi - 1][1]]).casefold() in folded:
        hi -= 1
    if (lo, hi) == (0, len(words)) or lo >= hi:
        return None
    candidate = _Piece(words[lo][0], words[hi - 1][1], piece.label)
    if gaz.canonical(text[candidate.start : candidate.end]) is None:
        return None
    return candidate


_TRAILING_POSSESSIVE = re.compile(r"(?:['\u2019]s\b|(?<=s)['\u2019](?!\w))")


def _with_possessive(text: str, piece: _Piece) -> _Piece:
    """Extend a span over a possessive the model left outside it ("Trump" + "'s")."""
    match = _TRAILING_POSSESSIVE.match(text, piece.end)
    if match is None or text[piece.start : piece.end].endswith(("'s", "\u2019s")):
        return piece
    return _Piece(piece.start, match.end(), piece.label, piece.ent_id)


def _in_government_title(text: str, piece: _Piece, gaz: Gazetteer) -> bool:
    """True for the portfolio of a title: "Commerce Secretary", "Secretary of State"."""
    # Case-insensitive: "Trade minister Jane Doe" is as much a title as "Trade Minister".
    government = gaz.government_folded
    nxt = re.match(r"\s*([\w-]+)", text[piece.end :])
    if nxt and nxt.group(1).casefold() in government:
        return True
    before = re.search(r"([\w-]+)\s+(?:of|for)\s+$", text[max(0, piece.start - 40) : piece.start])
    return bool(before and before.group(1).casefold() in government)


@dataclass
class _Resolved:
    piece: _Piece
    name: str
    label: str
    from_gazetteer: bool


def _known_inside(text: str, piece: _Piece, gaz: Gazetteer) -> list[_Resolved]:
    """Gazetteer names inside a rejected span, longest first (up to four words)."""
    words = _words(text, piece.start, piece.end)
    out: list[_Resolved] = []
    i = 0
    while i < len(words):
        for size in range(min(4, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + size - 1][1]
            entry = gaz.canonical(text[start:end].rstrip(",;:"))
            if entry is not None and entry.standalone:
                out.append(
                    _Resolved(_Piece(start, end, entry.label), entry.name, entry.label, True)
                )
                i += size
                break
        else:
            i += 1
    return out


#: Words that end a company's legal or group name without changing which company it is.
_CORPORATE_SUFFIXES = frozenset(
    {
        "Group",
        "Holdings",
        "Holding",
        "Inc",
        "Inc.",
        "Corp",
        "Corp.",
        "Corporation",
        "Co",
        "Co.",
        "Co.,",
        "Ltd",
        "Ltd.",
        "Limited",
        "LLC",
        "PLC",
        "plc",
        "AG",
        "SA",
        "NV",
        "N.V.",
        "Technologies",
        "Technology",
        "International",
    }
)


def _without_corporate_suffix(key: str, gaz: Gazetteer) -> GazetteerEntry | None:
    """ "Inspur Group", "Acme Holdings Ltd." → the known organisation without the suffix."""
    words = key.replace(",", " ").split()
    cut = len(words)
    while cut > 1 and words[cut - 1] in _CORPORATE_SUFFIXES:
        cut -= 1
    if cut == len(words):
        return None
    entry = gaz.canonical(" ".join(words[:cut]))
    return entry if entry is not None and entry.label == "ORG" else None


def _resolve_piece(text: str, piece: _Piece, gaz: Gazetteer) -> _Resolved | list[_Resolved] | None:
    surface = text[piece.start : piece.end]
    key = _key(surface)
    if not key or key in gaz.ignore or key.casefold() in gaz.ignore_folded:
        return None
    if piece.label in NUMERIC_LABELS:
        return _Resolved(piece, key, piece.label, False)
    entry = gaz.canonical(surface)
    if entry is None and piece.ent_id and gaz.entry(piece.ent_id) is not None:
        found = gaz.entry(piece.ent_id)
        # Trust the ruler id only for exact forms, never for a longer span around it.
        if found is not None and _key(surface) in {_key(f) for f in found.forms()}:
            entry = found
    if (
        piece.label in {"ORG", "GPE", "FAC"}
        and _in_government_title(text, piece, gaz)
        and (entry is None or len(key.split()) <= 2)
    ):
        # "Commerce Secretary": the portfolio is part of a job title, not an organisation.
        return None
    if entry is None and piece.label == "ORG":
        entry = _without_corporate_suffix(key, gaz)
    if entry is not None:
        return _Resolved(piece, entry.name, entry.label, True)
    if not any(c.isupper() or c.isdigit() for c in key):
        # "node" as GPE, "chipmakers" as ORG: a name has a capital or a digit somewhere.
        return None
    name, label = key, piece.label
    plural = _PLURAL_PART.match(name)
    if label == "PRODUCT" and plural:
        name = plural.group(1)
    if label in {"GPE", "LOC", "NORP"} and _CAMEL.search(name):
        label = "ORG"
    if (
        label in {"ORG", "WORK_OF_ART", "EVENT"}
        and len(name.split()) >= 3
        and any(w in _FUNCTION_WORDS for w in name.split())
        and _in_heading(text, piece)
    ):
        # The small model reads headline-case lines as organisation names; known names
        # inside the phrase ("... of China's Tech") still count.
        return _known_inside(text, piece, gaz)
    return _Resolved(piece, name, label, False)


def _resolve_surnames(resolved: list[_Resolved]) -> None:
    """Point surname-only person mentions at the fullest name in the same document."""
    full: dict[str, tuple[int, int, int]] = {}
    for order, r in enumerate(resolved):
        if r.label == "PERSON" and len(r.name.split()) > 1:
            size, count, first = full.get(r.name, (len(r.name.split()), 0, order))
            full[r.name] = (size, count + 1, first)
    if not full:
        return

    def rank(name: str) -> tuple[int, int, int]:
        size, count, first = full[name]
        return (-size, -count, first)

    for r in resolved:
        if len(r.name.split()) != 1 or (r.from_gazetteer and r.label != "PERSON"):
            continue
        if r.label not in {"PERSON", "ORG", "GPE", "NORP", "LOC"}:
            continue
        by_last = [n for n in full if n.split()[-1] == r.name]
        by_first = [n for n in full if n.split()[0] == r.name]
        candidates = by_last or by_first
        if candidates and (r.label == "PERSON" or by_last):
            r.name = min(candidates, key=rank)
            r.label = "PERSON"


@lru_cache(maxsize=4096)
def _surname_pattern(surname: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(surname)}(?:['\u2019]s)?(?![\w-])")


def _add_bare_surnames(text: str, resolved: list[_Resolved], gaz: Gazetteer) -> list[_Resolved]:
    """Count surname-only mentions the model missed ("Mims concludes ...").

    Only surnames of people already named in full in the same document, of three or
    more letters, shared by no other person there, as whole capitalised words outside
    every other mention.
    """
    taken = [(r.piece.start, r.piece.end) for r in resolved]
    extra: list[_Resolved] = []
    people = {r.name for r in resolved if r.label == "PERSON" and len(r.name.split()) > 1}
    surnames = Counter(name.split()[-1] for name in people)
    for name in sorted(people):
        surname = name.split()[-1]
        if len(surname) < 3 or not surname[0].isupper() or surnames[surname] > 1:
            continue
        known = gaz.canonical(surname)
        if known is not None and known.label != "PERSON":
            continue  # "Dell" alone is the company, even in a story about Michael Dell
        for match in _surname_pattern(surname).finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            piece = _Piece(match.start(), match.end(), "PERSON")
            extra.append(_Resolved(piece, name, "PERSON", False))
            taken.append((match.start(), match.end()))
    return sorted([*resolved, *extra], key=lambda r: (r.piece.start, r.piece.end))


_LIST_NEXT = re.compile(
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+|\s*/\s*)([A-Za-z]{0,3}\d[\w+]*)\b(?![.,]?\d)"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _same_shape(anchor: str, listed: str) -> bool:
    """A listed model looks like the one it follows ("910B" → "910C", not "2024")."""
    if _YEAR.match(listed) and not _YEAR.match(anchor):
        return False
    has_letter = any(c.isalpha() for c in anchor)
    return has_letter == any(c.isalpha() for c in listed) and abs(len(anchor) - len(listed)) <= 1


def _add_listed_models(text: str, resolved: list[_Resolved], gaz: Gazetteer) -> list[_Resolved]:
    """Count the bare model numbers of a list after a family product.

    "Ascend 910B, 910C and 910D" names three products; the model reads the last two as
    numbers or dates. A model designation joined by a comma, "and", "or" or a slash to a
    "<family> <model>" mention is "<family> <that model>"; spans it overlaps are replaced.
    """
    extra: list[_Resolved] = []
    for r in resolved:
        words = r.name.split()
        if r.label != "PRODUCT" or len(words) < 2 or not _MODEL_WORD.match(words[-1]):
            continue
        family = gaz.entry(" ".join(words[:-1]))
        if family is None or not family.family:
            continue
        pos = r.piece.end
        while (match := _LIST_NEXT.match(text, pos)) is not None and _same_shape(
            words[-1], match.group(1)
        ):
            piece = _Piece(match.start(1), match.end(1), "PRODUCT")
            extra.append(_Resolved(piece, f"{family.name} {match.group(1)}", "PRODUCT", True))
            pos = match.end(1)
    if not extra:
        return resolved
    kept = [
        r
        for r in resolved
        if not any(e.piece.start < r.piece.end and r.piece.start < e.piece.end for e in extra)
    ]
    return sorted([*kept, *extra], key=lambda r: (r.piece.start, r.piece.end))


def resolve_mentions(parsed: ParsedDocument, gazetteer: Gazetteer) -> list[Mention]:
    """Turn a parsed document's raw entity spans into canonical mentions.

    Applies, in order: splitting of joined places ("U.S.-China"), removal of a leading
    "the" and of job titles, the ignore list ("AI", "GPU", "5G"), gazetteer lookup
    (canonical name and label win), possessive stripping and quote normalisation,
    label fixes for company-like names the model calls places, removal of headline
    phrases the model calls organisations, and surname resolution within the document.
    Numeric labels (DATE, MONEY, …) pass through with their text as the name.

    Returns:
        Mentions in document order; ``surface`` is the text as written (possessive kept).
    """
    text = parsed.text
    resolved: list[_Resolved] = []
    for ent in parsed.entities:
        for piece in _pieces(text, ent, gazetteer):
            r = _resolve_piece(text, _with_possessive(text, piece), gazetteer)
            if isinstance(r, list):
                resolved.extend(r)
            elif r is not None:
                resolved.append(r)
    _resolve_surnames(resolved)
    resolved = _add_bare_surnames(text, resolved, gazetteer)
    resolved = _add_listed_models(text, resolved, gazetteer)
    return [
        Mention(
            file=parsed.name,
            entity=r.name,
            label=r.label,
            surface=text[r.piece.start : r.piece.end],
            start=r.piece.start,
            end=r.piece.end,
        )
        for r in resolved
    ]


# --- tables ----------------------------------------------------------------------


def _majority(labels: Counter[str]) -> str:
    return min(labels.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _wanted(label: str, labels: Collection[str] | None) -> bool:
    if labels is None:
        return label not in NUMERIC_LABELS
    return label in {lab.upper() for lab in labels}


def _frame(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(list(rows), columns=list(columns))


def doc_entity_table(
    mentions: Iterable[Mention],
    *,
    labels: Collection[str] | None = None,
    evidence: Mapping[str, str] | None = None,
    width: int = 160,
) -> pd.DataFrame:
    """One row per (file, canonical entity) with its mention count and surface forms.

    The label of a row is the majority label of its mentions (ties broken alphabetically),
    decided before ``labels`` filters rows, so an entity never appears under two labels.

    Args:
        mentions: resolved mentions, e.g. from :func:`resolve_mentions`.
        labels: keep only these labels; ``None`` keeps all but the numeric ones
            (``models.NUMERIC_LABELS``).
        evidence: the cleaned text of each file (by file name). When given, every row
            also shows where the entity is first mentioned in that file: ``start`` (its
            character offset) and ``snippet`` (its sentence, see :func:`snippet`).
        width: maximum snippet length in characters.

    Returns:
        Columns ``models.DOC_ENTITY_COLUMNS`` (plus ``start``, ``snippet`` with
        ``evidence``), sorted by file, most mentions, entity.

    Raises:
        KeyError: ``evidence`` lacks the text of a file that has mentions.
    """
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[(m.file, m.entity)].append(m)
    rows: list[tuple[str, str, str, int, list[str]]] = []
    firsts: dict[tuple[str, str], Mention] = {}
    for (file, entity), group in groups.items():
        label = _majority(Counter(m.label for m in group))
        if _wanted(label, labels):
            rows.append((file, entity, label, len(group), sorted({m.surface for m in group})))
            firsts[(file, entity)] = min(group, key=_position)
    rows.sort(key=lambda r: (r[0], -r[3], r[1], r[2]))
    records = [dict(zip((FILE, ENTITY, LABEL, MENTIONS, ALIASES), r, strict=True)) for r in rows]
    columns: tuple[str, ...] = DOC_ENTITY_COLUMNS
    if evidence is not None:
        for record, row in zip(records, rows, strict=True):
            first = firsts[(row[0], row[1])]
            record[START] = first.start
            record[SNIPPET] = snippet(evidence, first, width=width)
        columns = (*DOC_ENTITY_COLUMNS, START, SNIPPET)
    return _frame(records, columns)


def entity_table(
    mentions: Iterable[Mention],
    *,
    labels: Collection[str] | None = None,
    top: int | None = None,
    evidence: Mapping[str, str] | None = None,
    width: int = 160,
) -> pd.DataFrame:
    """One row per canonical entity across the corpus.

    Args:
        mentions: resolved mentions of any number of documents.
        labels: keep only these labels; ``None`` keeps all but the numeric ones.
        top: keep only the first ``top`` rows after sorting.
        evidence: the cleaned text of each file (by file name). When given, every row
            also shows the entity's first mention in the corpus (first file in name
            order, then first offset): ``file``, ``start`` and ``snippet``.
        width: maximum snippet length in characters.

    Returns:
        Columns ``models.ENTITY_COLUMNS`` (``docs`` = number of files mentioning the
        entity; plus ``file``, ``start``, ``snippet`` with ``evidence``), sorted by most
        mentions, then entity name.

    Raises:
        KeyError: ``evidence`` lacks the text of a file that has mentions.
    """
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[m.entity].append(m)
    rows: list[tuple[str, str, int, int, list[str]]] = []
    for entity, group in groups.items():
        label = _majority(Counter(m.label for m in group))
        if _wanted(label, labels):
            files = {m.file for m in group}
            rows.append((entity, label, len(group), len(files), sorted({m.surface for m in group})))
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    if top is not None:
        rows = rows[: max(top, 0)]
    records = [dict(zip((ENTITY, LABEL, MENTIONS, DOCS, ALIASES), r, strict=True)) for r in rows]
    columns: tuple[str, ...] = ENTITY_COLUMNS
    if evidence is not None:
        for record, row2 in zip(records, rows, strict=True):
            first = min(groups[row2[0]], key=_position)
            record[FILE] = first.file
            record[START] = first.start
            record[SNIPPET] = snippet(evidence, first, width=width)
        columns = (*ENTITY_COLUMNS, FILE, START, SNIPPET)
    return _frame(records, columns)


# --- evidence --------------------------------------------------------------------------

# Words whose final period does not end a sentence: titles, company suffixes, months,
# "U.S."-style initialisms (any run of single letters with periods) and "No. 1".
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "st",
        "jr", "sr", "inc", "corp", "co", "ltd", "plc", "bros", "vs", "etc", "no", "nos", "vol",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "approx", "est", "dept", "univ", "fig", "al", "e.g", "i.e",
    }
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+|$)")
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){1,4}$")


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """Is the punctuation at ``text[start:end]`` a sentence end (cheap rules, no model)?"""
    if text[start] != ".":
        # '"Why?" she asked': a lower-case word after ? or ! continues the sentence.
        nxt = re.match(r"\s+[\"'\u201c\u2018(\[]?(\w)", text[end:])
        return nxt is None or not nxt.group(1).islower()
    word = re.search(r"([\w.]+)$", text[max(0, start - 20) : start + 1])
    token = word.group(1) if word else ""
    if token.rstrip(".").casefold() in _ABBREVIATIONS:
        return False
    if _INITIALISM.search(token):
        # "U.S." ends a sentence only before a clear sentence start: a capital that is not
        # another name's initial, after which a lower-case word follows ("The", "It").
        nxt = re.match(r"\s+([\"'\u201c\u2018(]?)([A-Z][a-z]+)\b", text[end:])
        return bool(nxt and nxt.group(2) in _SENTENCE_STARTERS)
    nxt = re.match(r"\s+[\"'\u201c\u2018(\[]?([\w\u2026])", text[end:])
    return nxt is None or not nxt.group(1).islower()


# Words that begin sentences far more often than names: they confirm a break after an
# initialism such as "U.S." ("... in the U.S. The rule ...").
_SENTENCE_STARTERS = frozenset(
    {
        "The", "A", "An", "It", "Its", "This", "That", "These", "Those", "They", "He", "She",
        "We", "I", "In", "On", "At", "But", "And", "However", "Meanwhile", "If", "When",
        "While", "As", "After", "Before", "Since", "There", "Officials", "Analysts", "Some",
    }
)  # fmt: skip


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split cleaned text into sentences: ``(start, end)`` character offsets.

    The entity pipeline runs only ``ner``, so there are no spaCy sentences; this cheap
    rule-based splitter is enough for context snippets and co-occurrence. Every line is
    a paragraph (no sentence spans a line break); inside a line a sentence ends at
    ``.``, ``!``, ``?`` or ``…`` (with closing quotes or brackets) followed by
    whitespace, except after a known abbreviation ("Mr.", "Corp.", "Jan."), before a
    lower-case word, or after an initialism like "U.S." unless a typical sentence
    opener follows. Offsets exclude surrounding whitespace; blank lines yield nothing.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        for match in _SENTENCE_END.finditer(line):
            if _ends_sentence(line, match.start(), match.end()):
                spans.append((start, pos + match.end()))
                start = pos + match.end()
        spans.append((start, pos + len(line)))
        pos += len(line) + 1
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
    return out


def _sentence_of(spans: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    i = bisect_right([s for s, _ in spans], start) - 1
    if i < 0:
        return (start, end)
    return (spans[i][0], max(spans[i][1], end))


def _window(text: str, sent: tuple[int, int], mention: tuple[int, int], *, width: int) -> str:
    """The sentence around a mention, cut at word boundaries to ``width`` with "…"."""
    s_start, s_end = sent
    m_start, m_end = mention
    whole = " ".join(text[s_start:s_end].split())
    if len(whole) <= width:
        return whole
    # Centre the mention in the window, then widen to whole words.
    room = max(width - (m_end - m_start) - 2, 0)
    lo = max(s_start, m_start - room // 2)
    hi = min(s_end, m_end + (room - (m_start - lo)))
    lo = max(s_start, hi - (width - 2) if hi == s_end else lo)
    while lo > s_start and not text[lo - 1].isspace() and lo < m_start:
        lo += 1
    while hi < s_end and not text[hi].isspace() and hi > m_end:
        hi -= 1
    body = " ".join(text[lo:hi].split())
    prefix = ELLIPSIS if lo > s_start else ""
    suffix = ELLIPSIS if hi < s_end else ""
    return f"{prefix}{body}{suffix}"


def snippet(texts: Mapping[str, str], mention: Mention, *, width: int = 160) -> str:
    """One line of context for ``mention``: its sentence, trimmed to ``width`` with "…".

    Args:
        texts: the cleaned text of each file, by file name (the text the mention's
            offsets point into).
        mention: a resolved mention.
        width: maximum length; longer sentences are cut at word boundaries around the
            mention and marked with "…" where text was left out.

    Raises:
        KeyError: ``texts`` has no text for the mention's file.
    """
    text = texts[mention.file]
    sent = _sentence_of(sentence_spans(text), mention.start, mention.end)
    return _window(text, sent, (mention.start, mention.end), width=max(width, 20))


def _position(m: Mention) -> tuple[str, int, int]:
    return (m.file, m.start, m.end)


def mention_table(
    mentions: Iterable[Mention], *, labels: Collection[str] | None = None
) -> pd.DataFrame:
    """Mention-level data: one row per mention, in file and offset order.

    Args:
        mentions: resolved mentions.
        labels: keep only these labels; ``None`` keeps all but the numeric ones.

    Returns:
        Columns ``MENTION_COLUMNS``: file, start, end, text (the surface as written),
        entity (canonical name), label (of the mention itself).
    """
    rows = [
        {
            FILE: m.file,
            START: m.start,
            END: m.end,
            TEXT: m.surface,
            ENTITY: m.entity,
            LABEL: m.label,
        }
        for m in sorted(mentions, key=_position)
        if _wanted(m.label, labels)
    ]
    return _frame(rows, MENTION_COLUMNS)


def entity_evidence(
    mentions: Iterable[Mention],
    texts: Mapping[str, str],
    *,
    per_entity: int = 3,
    width: int = 160,
    labels: Collection[str] | None = None,
) -> pd.DataFrame:
    """Where each canonical entity comes from: its first mentions with a sentence snippet.

    Lets an analyst check an entity row against the text ("is this Washington the city
    or the government?") without opening the files.

    Args:
        mentions: resolved mentions of any number of documents.
        texts: the cleaned text of each file, by file name.
        per_entity: how many mentions to show per entity (the first ones, in file-name
            then offset order).
        width: maximum snippet length in characters.
        labels: keep only entities with these (majority) labels; ``None`` keeps all but
            the numeric ones.

    Returns:
        Columns ``EVIDENCE_COLUMNS`` (entity, label, file, start, end, text, snippet).
        Entities are ordered as in :func:`entity_table` (most mentions, then name), their
        mentions by file and offset. ``label`` is the entity's majority label.

    Raises:
        KeyError: ``texts`` has no text for a file that has mentions.
    """
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[m.entity].append(m)
    order: list[tuple[int, str, str]] = []
    for entity, group in groups.items():
        label = _majority(Counter(m.label for m in group))
        if _wanted(label, labels):
            order.append((-len(group), entity, label))
    order.sort()
    spans: dict[str, list[tuple[int, int]]] = {}
    rows: list[dict[str, Any]] = []
    for _, entity, label in order:
        for m in sorted(groups[entity], key=_position)[: max(per_entity, 0)]:
            text = texts[m.file]
            if m.file not in spans:
                spans[m.file] = sentence_spans(text)
            sent = _sentence_of(spans[m.file], m.start, m.end)
            rows.append(
                {
                    ENTITY: entity,
                    LABEL: label,
                    FILE: m.file,
                    START: m.start,
                    END: m.end,
                    TEXT: m.surface,
                    SNIPPET: _window(text, sent, (m.start, m.end), width=max(width, 20)),
                }
            )
    return _frame(rows, EVIDENCE_COLUMNS)
