"""What the results store holds: keys that cover everything shaping a result, and encodings.

A stored result may only be served when the code that would compute it now is the code
that computed it then. A key is therefore the hash of the input and of everything that
shapes the result: every source file of the package and every shipped resource (a rule
that cannot forget a module, unlike a hand-kept list), the spaCy model and its version,
user-supplied gazetteer or pattern files, and the settings that matter for that kind.

Results are encoded **by field name**: a table's header lists the dataclass fields its
rows hold, and decoding maps them back by name. A stored row whose header no longer
matches the model class (a field added, renamed or moved) is a miss and is computed
again, never read into the wrong field.
"""

from __future__ import annotations

import hashlib
import marshal
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import fields
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from sys import intern
from typing import Any, TypeVar

from chipwatch.config import VERSION
from chipwatch.models import (
    Document,
    Drop,
    ParsedDocument,
    Skip,
    Statement,
    Token,
)
from chipwatch.packed import HeldText, PackedNames, pack_text, unpack_drops, unpack_text

T = TypeVar("T")


class StaleResult(Exception):
    """A stored value was written by a different shape of the model classes."""


def digest(*parts: str | bytes) -> str:
    """A stable key from its parts (SHA-256, hex); parts are length-prefixed, never glued."""
    chunks: list[bytes] = []
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        chunks += (len(data).to_bytes(8, "little"), data)
    return hashlib.sha256(b"".join(chunks)).hexdigest()


def _package_files(root: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """Every ``.py`` file and shipped resource below ``root``, sorted by relative name."""
    found: list[tuple[str, Traversable]] = []
    for entry in root.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                found += _package_files(entry, f"{name}/")
        elif entry.name.endswith(".py") or name.startswith("resources/"):
            found.append((name, entry))
    return sorted(found, key=lambda item: item[0])


def tree_fingerprint(root: Traversable | Path) -> str:
    """Hash of every source file and resource of the package rooted at ``root``."""
    parts: list[str | bytes] = []
    for name, entry in _package_files(root):
        parts += [name, entry.read_bytes()]
    return digest(*parts)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the installed chipwatch code and resources, with its version.

    Any edit to any module (models.py included) or shipped resource changes every key,
    so a store never serves what other code computed.
    """
    return digest(VERSION, tree_fingerprint(resources.files("chipwatch")))


def file_fingerprint(path: Path | None) -> str:
    """Hash of a user-supplied resource file's content ('' when none is given)."""
    if path is None:
        return ""
    try:
        return digest(path.read_bytes())
    except OSError:
        return digest(str(path))  # loading it will fail later with a clear message


@lru_cache(maxsize=8)
def model_fingerprint(model: str) -> str:
    """Name and version of a spaCy pipeline, read without importing spaCy: its
    ``meta.json`` (a folder, or an installed package's own), else the package version."""
    path = Path(model)
    if path.is_dir():
        meta = path / "meta.json"
        return digest(model, meta.read_bytes() if meta.is_file() else b"")
    shipped = _package_meta(model)
    if shipped is not None:
        return digest(model, shipped)
    from importlib import metadata

    try:
        return digest(model, metadata.version(model))
    except metadata.PackageNotFoundError:
        return digest(model)


def _package_meta(model: str) -> bytes | None:
    """The ``meta.json`` an installed pipeline package ships beside its ``__init__.py``
    (found without importing the package or reading every installed distribution)."""
    from importlib.util import find_spec

    try:
        spec = find_spec(model)
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        meta = Path(folder) / "meta.json"
        if meta.is_file():
            return meta.read_bytes()
    return None


def result_key(kind: str, *parts: str | bytes) -> str:
    """The store key of one result of ``kind``: the code, the kind, then what it reads."""
    return digest(code_fingerprint(), kind, *parts)


def decoded(decode: Callable[..., T], *args: Any) -> T | None:
    """``decode(*args)`` of a stored value (the last argument), or None when there is none
    or it has another shape than today's classes: either way the result is computed."""
    if args[-1] is None:
        return None
    try:
        return decode(*args)
    except (StaleResult, KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None


# --- encoding by field name -----------------------------------------------------------------


def _names(cls: type, omit: Iterable[str] = ()) -> list[str]:
    left_out = set(omit)
    return [name for name in _field_names(cls) if name not in left_out]


@lru_cache(maxsize=64)
def _field_names(cls: type) -> tuple[str, ...]:
    """The field names of a dataclass, looked up once per class (every stored row asks)."""
    return tuple(f.name for f in fields(cls))


def encode_record(value: Any, *, omit: Iterable[str] = ()) -> dict[str, Any]:
    """A dataclass instance as ``{field: value}`` (fields in ``omit`` left out)."""
    return {name: getattr(value, name) for name in _names(type(value), omit)}


def decode_record(cls: type[T], data: Mapping[str, Any], **given: Any) -> T:
    """Rebuild ``cls`` from :func:`encode_record` output plus the ``given`` fields.

    Raises:
        StaleResult: the stored record lacks a field ``cls`` has now.
    """
    missing = [n for n in _names(cls, given) if n not in data]
    if missing:
        raise StaleResult(f"{cls.__name__} record lacks {', '.join(missing)}")
    return cls(**given, **{n: data[n] for n in _names(cls, given)})


def encode_rows(cls: type, items: Iterable[Any], *, omit: Iterable[str] = ()) -> dict[str, Any]:
    """Many instances of ``cls`` as a table: ``{"fields": [...], "rows": [[...], ...]}``."""
    names = _names(cls, omit)
    return {"fields": names, "rows": [[getattr(x, n) for n in names] for x in items]}


def decode_rows(cls: type[T], data: Mapping[str, Any], *, lead: Sequence[Any] = ()) -> list[T]:
    """Rebuild the instances of an :func:`encode_rows` table, matching columns by name.

    Args:
        cls: the dataclass of the rows.
        data: the stored table.
        lead: values of the class's first fields that the table leaves out (e.g. the
            document name of every mention).

    Raises:
        StaleResult: the table's columns are not the class's fields (after ``lead``).
    """
    wanted = _names(cls)[len(lead) :]
    header = list(data["fields"])
    if header == wanted:  # the usual case: no reordering needed
        return [cls(*lead, *row) for row in data["rows"]]
    if set(wanted) - set(header):
        raise StaleResult(f"{cls.__name__} table lacks {', '.join(set(wanted) - set(header))}")
    order = [header.index(n) for n in wanted]
    return [cls(*lead, *(row[i] for i in order)) for row in data["rows"]]


# --- each kind of result ------------------------------------------------------------------


def held_text(doc: Document) -> HeldText:
    """``doc`` as the main process holds it: its text packed, with the text's hash."""
    return HeldText(doc.name, pack_text(doc.text), doc.encoding, doc.repaired, digest(doc.text))


def encode_read(item: HeldText | Skip) -> dict[str, Any]:
    """A decoded document as held (its name left out: the key is its bytes), or a
    reading skip. The text is stored packed, as held: a rerun neither unpacks, packs
    again nor hashes it."""
    if isinstance(item, Skip):
        return {"skip": encode_record(item, omit=["name"])}
    return {"held": encode_record(item, omit=["name"])}


def decode_read(name: str, data: Mapping[str, Any]) -> HeldText | Skip:
    """Rebuild what :func:`encode_read` stored, under this input's ``name``.

    Raises:
        StaleResult: the record is not of today's shape.
    """
    if "skip" in data:
        return decode_record(Skip, data["skip"], name=name)
    held = decode_record(HeldText, data["held"], name=name)
    if not isinstance(held.packed, bytes) or not isinstance(held.digest, str):
        raise StaleResult("a stored document's text is not packed")
    return held


def stored_drops(blob: bytes) -> tuple[Drop, ...]:
    """The drop list a store holds as the main process does (packed by
    :func:`~chipwatch.packed.pack_drops`), checked.

    Raises:
        ValueError: ``blob`` is not such a list (damaged, or written another way).
    """
    try:
        drops = unpack_drops(blob)
    except (zlib.error, EOFError, TypeError, ValueError) as exc:
        raise ValueError(f"not a packed drop list: {exc}") from None
    if not all(type(d.line) is int and type(d.reason) is type(d.text) is str for d in drops):
        raise ValueError("not a packed drop list: a field of another type")
    return drops


def encode_tokens(parsed: ParsedDocument) -> dict[str, Any]:
    """One document's tokens (its text is not stored: it is the analysed text)."""
    return encode_rows(Token, parsed.tokens)


def decode_tokens(name: str, text: str, data: Mapping[str, Any]) -> ParsedDocument:
    """Rebuild the tokens of document ``name`` whose analysed text is ``text``."""
    rows = [[intern(v) if type(v) is str else v for v in row] for row in data["rows"]]
    tokens = decode_rows(Token, {"fields": data["fields"], "rows": rows})
    return ParsedDocument(name, text, tuple(tokens), ())


# --- tokens held packed ---------------------------------------------------------------------


def pack_tokens(tokens: Sequence[Token]) -> bytes:
    """Tokens as a few compressed columns: a few bytes a token instead of a hundred or
    more as objects. Strings are interned first, so each distinct word is written once
    and comes back as one shared string."""
    flags = bytes(t.is_stop | t.is_punct << 1 | t.like_num << 2 | t.sent_start << 3 for t in tokens)
    columns = (
        [intern(t.text) for t in tokens],
        [intern(t.lemma) for t in tokens],
        [intern(t.pos) for t in tokens],
        [intern(t.tag) for t in tokens],
        [t.idx for t in tokens],
        flags,
    )
    return zlib.compress(marshal.dumps(columns), 1)


def unpack_tokens(blob: bytes) -> tuple[Token, ...]:
    """The tokens :func:`pack_tokens` packed."""
    text, lemma, pos, tag, idx, flags = marshal.loads(zlib.decompress(blob))
    return tuple(
        Token(a, b, c, d, i, f & 1 > 0, f & 2 > 0, f & 4 > 0, f & 8 > 0)
        for a, b, c, d, i, f in zip(text, lemma, pos, tag, idx, flags, strict=True)
    )


def pack_tokens_on(text: str, tokens: Sequence[Token]) -> bytes:
    """Tokens packed against the ``text`` they were read from: each token's text is its
    slice of ``text`` (held as a length), its lemma most often its text or its text
    lower-cased (held as a mark), about half of :func:`pack_tokens`. Tokens that are not
    slices of ``text`` are packed as :func:`pack_tokens` does.
    """
    lengths, gaps, lemmas, end = [], [], [], 0
    for t in tokens:
        if text[t.idx : t.idx + len(t.text)] != t.text:
            return pack_tokens(tokens)
        lengths.append(len(t.text))
        gaps.append(t.idx - end)
        end = t.idx + len(t.text)
        same = t.lemma == t.text
        lemmas.append(None if same else 0 if t.lemma == t.text.lower() else intern(t.lemma))
    flags = bytes(t.is_stop | t.is_punct << 1 | t.like_num << 2 | t.sent_start << 3 for t in tokens)
    pos, tag = [intern(t.pos) for t in tokens], [intern(t.tag) for t in tokens]
    return zlib.compress(marshal.dumps(("on", lengths, gaps, lemmas, pos, tag, flags)), 1)


def unpack_tokens_on(text: str, blob: bytes) -> tuple[Token, ...]:
    """The tokens :func:`pack_tokens_on` packed against ``text``."""
    columns = marshal.loads(zlib.decompress(blob))
    if len(columns) != 7:
        return unpack_tokens(blob)
    _, lengths, gaps, lemmas, pos, tag, flags = columns
    tokens, end = [], 0
    for n, gap, lemma, p, g, f in zip(lengths, gaps, lemmas, pos, tag, flags, strict=True):
        idx = end + gap
        end = idx + n
        word = text[idx:end]
        lemma = word if lemma is None else word.lower() if lemma == 0 else lemma
        tokens.append(Token(word, lemma, p, g, idx, f & 1 > 0, f & 2 > 0, f & 4 > 0, f & 8 > 0))
    return tuple(tokens)


class PackedDocuments(PackedNames, Mapping[str, ParsedDocument]):
    """Parsed documents by name, their tokens held packed and unpacked on each access.

    A corpus's tokens as objects grow with the corpus (a hundred bytes or more each,
    millions of them: 850 MB at 5,000 pages); the views read them one document at a
    time, so holding them packed keeps one document's token objects in memory at once.
    ``text_of``, when given, gives a document's text by name for the documents put
    with :meth:`put_tokens` (their text is held elsewhere already).
    """

    def __init__(
        self,
        packed: Mapping[str, tuple[bytes | None, bytes]] | None = None,
        text_of: Callable[[str], str] | None = None,
    ) -> None:
        self._packed: dict[str, tuple[bytes | None, bytes]] = dict(packed or {})
        self._text_of = text_of

    def put(self, doc: ParsedDocument) -> None:
        """Hold ``doc`` (its entities are not kept: only tokens are read from here). Its
        text is held compressed too: as a string it would be a second copy of the
        cleaned page, as large as its packed tokens."""
        self._packed[doc.name] = (pack_text(doc.text), pack_tokens(doc.tokens))

    def put_tokens(self, doc: ParsedDocument) -> None:
        """Hold ``doc``'s tokens only: its text is the one ``text_of`` gives (the caller
        knows), so it is not held a second time."""
        if self._text_of is None:
            raise ValueError("put_tokens needs a mapping made with text_of")
        self._packed[doc.name] = (None, pack_tokens_on(doc.text, doc.tokens))

    def copy(self, text_of: Callable[[str], str] | None = None) -> PackedDocuments:
        """Another mapping holding the same packed documents; ``text_of``, when given,
        gives the same texts as this mapping's (from another holder)."""
        return PackedDocuments(self._packed, text_of or self._text_of)

    def __getitem__(self, name: str) -> ParsedDocument:
        text, blob = self._packed[name]
        if text is None:  # put with put_tokens, so text_of is set
            assert self._text_of is not None
            full = self._text_of(name)
            return ParsedDocument(name, full, unpack_tokens_on(full, blob), ())
        return ParsedDocument(name, unpack_text(text), unpack_tokens(blob), ())


def encode_statements(statements: Sequence[Statement]) -> dict[str, Any]:
    """One document's statements, before speaker resolution (which reads the mentions,
    so a new gazetteer never sends a page back to the parser)."""
    return encode_rows(Statement, statements)


def decode_statements(data: Mapping[str, Any]) -> tuple[Statement, ...]:
    """Rebuild what :func:`encode_statements` stored."""
    return tuple(decode_rows(Statement, data))
