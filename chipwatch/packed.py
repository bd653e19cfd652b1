"""Per-page results held packed in the main process, given back as objects on access.

The main process keeps something of every page until the views have read it. As
objects (strings, tuples, dataclasses) that grows with the corpus by tens of KB a page;
packed (compressed columns, compressed text) it is a fraction of that, and a view that
reads page by page has one page's objects in memory at once. See also
:class:`chipwatch.results.PackedDocuments`, the tokens held the same way.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from sys import intern
from typing import Any, TypeVar, overload

from chipwatch.models import NUMERIC_LABELS, CleanDocument, Document, Drop, Mention, Metadata
from chipwatch.spill import Spill

__all__ = [
    "HeldCleaning",
    "HeldText",
    "MadeOnAccess",
    "PackedCleaning",
    "PackedMentions",
    "PackedNames",
    "PackedTexts",
    "document_names",
    "has_lines",
    "kept_page",
    "mention_columns",
    "pack_cleaning",
    "pack_drops",
    "pack_mentions",
    "pack_text",
    "unpack_cleaning",
    "unpack_drops",
    "unpack_mentions",
    "unpack_text",
    "without_text",
]


T = TypeVar("T")


class PackedNames:
    """The names of a mapping whose pages are held packed in ``_packed`` (name → blob):
    membership, order and count, answered without unpacking a page."""

    _packed: Mapping[str, Any]

    def __contains__(self, name: object) -> bool:
        return name in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


def pack_text(text: str) -> bytes:
    """A text held compressed (lone surrogates of a badly decoded page kept as they are)."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1)


def unpack_text(blob: bytes) -> str:
    """The text :func:`pack_text` packed."""
    return zlib.decompress(blob).decode("utf-8", "surrogatepass")


class MadeOnAccess(Sequence[T]):
    """Items made from names when read, in the names' order: a view over a corpus that
    holds one item at a time. A slice is a sequence of the same kind, still lazy."""

    def __init__(self, names: Sequence[str], make: Callable[[str], T]) -> None:
        self._names = list(names)
        self._make = make

    def names(self) -> list[str]:
        """The names, in order (nothing is made)."""
        return list(self._names)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> MadeOnAccess[T]: ...

    def __getitem__(self, index: int | slice) -> T | MadeOnAccess[T]:
        if isinstance(index, slice):
            return MadeOnAccess(self._names[index], self._make)
        return self._make(self._names[index])

    def __iter__(self) -> Iterator[T]:
        return (self._make(name) for name in self._names)

    def __len__(self) -> int:
        return len(self._names)


def pack_mentions(mentions: Sequence[Mention]) -> bytes:
    """One page's mentions as a few compressed columns (the page's name is the key they
    are held under): a few bytes a mention instead of a few hundred as objects.

    The pack is also what the results store keeps of a page's mentions (compressed
    ``marshal`` data, the store's own format), so a rerun holds the stored bytes as
    they are, with no decoding and no packing again."""
    columns = (
        [intern(m.entity) for m in mentions],
        [intern(m.label) for m in mentions],
        [intern(m.surface) for m in mentions],
        [m.start for m in mentions],
        [m.end for m in mentions],
    )
    return zlib.compress(marshal.dumps(columns), 1)


_Columns = tuple[list[str], list[str], list[str], list[int], list[int]]


def mention_columns(blob: bytes) -> _Columns:
    """The columns of a :func:`pack_mentions` pack: entities, labels, surfaces, starts,
    ends.

    Raises:
        ValueError: ``blob`` is not such a pack (damaged, or written another way).
    """
    try:
        columns = marshal.loads(zlib.decompress(blob))
    except (zlib.error, EOFError, TypeError, ValueError) as exc:
        raise ValueError(f"not packed mentions: {exc}") from None
    if (
        not isinstance(columns, tuple)
        or len(columns) != 5
        or not all(isinstance(c, list) and len(c) == len(columns[0]) for c in columns)
    ):
        raise ValueError("not packed mentions: unexpected columns")
    return columns


def unpack_mentions(
    name: str, blob: bytes, renames: Mapping[str, str] | None = None
) -> tuple[Mention, ...]:
    """The mentions :func:`pack_mentions` packed, as mentions of page ``name``, each
    entity renamed by ``renames`` (numeric labels never are)."""
    entity, label, surface, start, end = mention_columns(blob)
    if renames:
        entity = [
            renames.get(e, e) if lab not in NUMERIC_LABELS else e
            for e, lab in zip(entity, label, strict=True)
        ]
    return tuple(
        Mention(name, e, lab, s, a, b)
        for e, lab, s, a, b in zip(entity, label, surface, start, end, strict=True)
    )


class PackedMentions(PackedNames, Mapping[str, tuple[Mention, ...]]):
    """Each page's mentions by name, held packed and unpacked on each access.

    Mentions as objects take a few hundred bytes each, tens of them a page: held packed
    they are a small share of that, and a view that reads them page by page has one
    page's objects in memory at once. ``renames`` (an analysis's case choices, see
    ``entities.case_choices``) are applied when a page's mentions are read.
    """

    def __init__(
        self,
        packed: Mapping[str, bytes] | None = None,
        renames: Mapping[str, str] | None = None,
    ) -> None:
        self._packed: dict[str, bytes] = dict(packed or {})
        self._renames: dict[str, str] = dict(renames or {})

    def put(self, name: str, mentions: Sequence[Mention]) -> None:
        """Hold the mentions of page ``name``."""
        self._packed[name] = pack_mentions(mentions)

    def put_packed(self, name: str, blob: bytes) -> None:
        """Hold the mentions of page ``name`` as packed already (by :func:`pack_mentions`,
        e.g. read from the results store).

        Raises:
            ValueError: ``blob`` is not packed mentions.
        """
        mention_columns(blob)
        self._packed[name] = blob

    def packed(self, name: str) -> bytes:
        """The pack of page ``name``'s mentions (as stored; ``renames`` not applied)."""
        return self._packed[name]

    def entity_labels(self) -> Iterator[tuple[str, str]]:
        """Every mention's entity and label, page after page, ``renames`` not applied:
        what counting names needs, without building mentions."""
        for blob in self._packed.values():
            entity, label, *_ = mention_columns(blob)
            yield from zip(entity, label, strict=True)

    def renamed(self, renames: Mapping[str, str]) -> PackedMentions:
        """The same pages, read with ``renames`` applied (the packs are shared)."""
        return PackedMentions(self._packed, renames)

    def __getitem__(self, name: str) -> tuple[Mention, ...]:
        return unpack_mentions(name, self._packed[name], self._renames)


@dataclass(frozen=True)
class HeldText:
    """A document as the main process holds it: its text packed (:func:`pack_text`),
    with the hash of the text that every store key of the document starts from, so a
    rerun that finds all results stored never unpacks or hashes the text again."""

    name: str
    packed: bytes
    encoding: str
    repaired: int
    digest: str

    def document(self) -> Document:
        """The document, its text unpacked."""
        return Document(self.name, unpack_text(self.packed), self.encoding, self.repaired)


class PackedTexts(MadeOnAccess[Document]):
    """Documents in input order, each text held compressed and decompressed on access.

    A page's text as a string is one to four bytes a character, and the main process
    needs it only now and then (to hash it, to hand it to a worker, for a view that
    shows it): held compressed, in a temporary file (see
    :class:`chipwatch.spill.Spill`), it costs the process's memory a few bytes a page.
    Iterating gives one :class:`~chipwatch.models.Document` at a time; :meth:`names` reads none.
    """

    def __init__(self, documents: Iterable[Document] = ()) -> None:
        self._held: dict[str, tuple[int, str, int, str | None]] = {}
        self._spill = Spill()
        super().__init__([], self.get)
        for doc in documents:
            self.append(doc)

    def append(self, doc: Document | HeldText) -> None:
        """Hold ``doc`` after the others."""
        self._names.append(doc.name)
        if isinstance(doc, HeldText):  # packed already, with its text's hash
            ref = self._spill.put(doc.packed)
            self._held[doc.name] = (ref, doc.encoding, doc.repaired, doc.digest)
        else:
            ref = self._spill.put(pack_text(doc.text))
            self._held[doc.name] = (ref, doc.encoding, doc.repaired, None)

    def get(self, name: str) -> Document:
        """The document called ``name``."""
        ref, encoding, repaired, _ = self._held[name]
        return Document(name, unpack_text(self._spill.get(ref)), encoding, repaired)

    def without_text(self, name: str) -> Document:
        """The document called ``name`` with an empty text (nothing unpacked): a
        stand-in where only its name and encoding are read."""
        _, encoding, repaired, _ = self._held[name]
        return Document(name, "", encoding, repaired)

    def text_digest(self, name: str) -> str | None:
        """The hash of ``name``'s text when it came with one (see :class:`HeldText`)."""
        return self._held[name][3]

    def text(self, name: str) -> str:
        """The text of the document called ``name``."""
        return unpack_text(self._spill.get(self._held[name][0]))


@lru_cache(maxsize=16)
def _field_names(cls: type, *, omit: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name not in omit)


#: What a packed cleaning holds apart from its plain fields: the source (only its name,
#: encoding and repair count), the drops (packed on their own) and the metadata.
_APART = ("document", "drops", "metadata")


def pack_cleaning(cleaned: CleanDocument, raw_lines: Sequence[str] = ()) -> bytes:
    """A cleaned page without its drops as one compressed blob: its lines as objects
    (a string each, a tuple, a dataclass) take several times what they do packed.

    A kept line is most often its raw line stripped: given the page's ``raw_lines``
    (``Document.lines``), such a line is held as a mark that says so (the raw text is
    held anyway), and only a line cleaning changed is held as text.
    """
    source = cleaned.document
    marks = _line_marks(cleaned, raw_lines)
    own = {n: getattr(cleaned, n) for n in _field_names(CleanDocument, omit=_APART)}
    if marks is not None:
        own["lines"] = ()  # given back from the marks and the raw lines
    values = (
        list(own.values()),
        [getattr(cleaned.metadata, n) for n in _field_names(Metadata)],
        (source.encoding, source.repaired),
        marks,
    )
    return zlib.compress(marshal.dumps(values), 1)


def _line_marks(cleaned: CleanDocument, raw_lines: Sequence[str]) -> tuple[str | None, ...] | None:
    """Each kept line, or None where it is its raw line stripped (None: no raw lines)."""
    if not raw_lines or len(cleaned.line_numbers) != len(cleaned.lines):
        return None
    n_raw = len(raw_lines)
    return tuple(
        None if 0 < number <= n_raw and raw_lines[number - 1].strip() == line else line
        for line, number in zip(cleaned.lines, cleaned.line_numbers, strict=True)
    )


def unpack_cleaning(
    name: str, blob: bytes, drops: tuple[Drop, ...] = (), raw: Callable[[], str] | None = None
) -> CleanDocument:
    """The cleaned page :func:`pack_cleaning` packed, its source without text; ``raw``
    gives the page's raw text when its lines were packed as marks."""
    own, meta, (encoding, repaired), marks = marshal.loads(zlib.decompress(blob))
    values = dict(zip(_field_names(CleanDocument, omit=_APART), own, strict=True))
    if marks is not None:
        if raw is None:
            raise ValueError(f"the cleaning of {name} needs its raw text")
        raw_lines = raw().split("\n")
        values["lines"] = tuple(
            raw_lines[number - 1].strip() if line is None else line
            for line, number in zip(marks, values["line_numbers"], strict=True)
        )
    return CleanDocument(
        document=Document(name, "", encoding, repaired),
        drops=drops,
        metadata=Metadata(*meta),
        **values,
    )


def pack_drops(drops: Sequence[Drop]) -> bytes:
    """A page's drop list as compressed columns."""
    names = _field_names(Drop)
    return zlib.compress(marshal.dumps([[getattr(d, n) for d in drops] for n in names]), 1)


def unpack_drops(blob: bytes) -> tuple[Drop, ...]:
    """The drop list :func:`pack_drops` packed."""
    return tuple(Drop(*row) for row in zip(*marshal.loads(zlib.decompress(blob)), strict=True))


class PackedCleaning(PackedNames, MutableMapping[str, CleanDocument]):
    """Cleaned pages by name, each held packed (:func:`pack_cleaning`) and unpacked on
    access, its source without text (see :class:`HeldCleaning` for the source's text).

    ``raw`` gives a page's raw text by name (a page whose source holds its text is read
    from it): kept lines that are their raw line stripped are then held as marks. A
    page's drop list, when held, is packed apart, so it can be let go alone
    (:meth:`put_drops`) once stored. Whether a page kept any line is known without
    unpacking it (:meth:`has_lines`): runs ask it of every page, often.
    """

    def __init__(self, raw: Callable[[str], str] | None = None) -> None:
        self._raw = raw
        self._packed: dict[str, bytes] = {}
        self._drops: dict[str, bytes] = {}
        self._bare: set[str] = set()

    def __setitem__(self, name: str, cleaned: CleanDocument) -> None:
        raw, text = self._raw, cleaned.document.text
        raw_lines = (text or raw(name)).split("\n") if raw and cleaned.lines else ()
        self._packed[name] = pack_cleaning(cleaned, raw_lines)
        self._drops.pop(name, None)
        if cleaned.drops:
            self._drops[name] = pack_drops(cleaned.drops)
        (self._bare.discard if cleaned.lines else self._bare.add)(name)

    def packed(self, name: str) -> bytes:
        """Page ``name``'s cleaning as held (without its drops): what the results store
        keeps of it too, so a rerun holds the stored bytes as they are."""
        return self._packed[name]

    def put_packed(self, name: str, blob: bytes) -> None:
        """Hold page ``name``'s cleaning packed already (by :func:`pack_cleaning`, from
        the same raw text), without its drops.

        Raises:
            ValueError: ``blob`` is not a packed cleaning.
        """
        try:
            own, _, _, marks = marshal.loads(zlib.decompress(blob))
            values = dict(zip(_field_names(CleanDocument, omit=_APART), own, strict=True))
            kept = len(values["lines"]) if marks is None else len(marks)
        except (zlib.error, EOFError, TypeError, ValueError, KeyError) as exc:
            raise ValueError(f"not a packed cleaning: {exc}") from None
        self._packed[name] = blob
        self._drops.pop(name, None)
        (self._bare.discard if kept else self._bare.add)(name)

    def __getitem__(self, name: str) -> CleanDocument:
        drops = self._drops.get(name)
        return self.bare(name, unpack_drops(drops) if drops else ())

    def bare(self, name: str, drops: tuple[Drop, ...] = ()) -> CleanDocument:
        """Page ``name``'s cleaning with ``drops`` for its drop list: the one held is not
        unpacked (writing a cleaned file reads only the kept lines)."""
        raw = self._raw
        return unpack_cleaning(
            name, self._packed[name], drops, (lambda: raw(name)) if raw is not None else None
        )

    def __delitem__(self, name: str) -> None:
        del self._packed[name]
        self._drops.pop(name, None)
        self._bare.discard(name)

    def copy(self, raw: Callable[[str], str] | None = None) -> PackedCleaning:
        """Another mapping holding the same packed pages; ``raw``, when given, gives the
        same raw texts as this mapping's (from another holder)."""
        other = PackedCleaning(raw or self._raw)
        other._packed, other._drops = dict(self._packed), dict(self._drops)
        other._bare = set(self._bare)
        return other

    def has_lines(self, name: str) -> bool:
        """Whether cleaning kept any line of page ``name`` (nothing is unpacked)."""
        if name not in self._packed:
            raise KeyError(name)
        return name not in self._bare

    def has_drops(self, name: str) -> bool:
        """Whether page ``name`` is held with a (non-empty) drop list."""
        return name in self._drops

    def packed_drops(self, name: str) -> bytes | None:
        """Page ``name``'s drop list as held (:func:`pack_drops`; None: none), which the
        results store keeps as it is."""
        return self._drops.get(name)

    def put_drops(self, name: str, blob: bytes | None) -> None:
        """Hold ``blob``, a non-empty drop list packed by :func:`pack_drops`, as page
        ``name``'s; None lets it go (it is stored, and most runs never show it)."""
        if name not in self._packed:
            raise KeyError(name)
        self._drops.pop(name, None) if blob is None else self._drops.update({name: blob})


class HeldCleaning(PackedNames, Mapping[str, CleanDocument]):
    """Cleaned documents by name, held packed (see :class:`PackedCleaning`) with a
    stand-in for their source document (its text left out) and given back with the
    source, from ``documents``, on access: a cleaned page would otherwise keep its raw
    page's text in memory as a string."""

    def __init__(self, held: Mapping[str, CleanDocument], documents: PackedTexts) -> None:
        self._packed: Mapping[str, CleanDocument] = held
        self._documents = documents

    def held(self) -> Mapping[str, CleanDocument]:
        """The cleaned documents as held (their sources without text)."""
        return self._packed

    def has_lines(self, name: str) -> bool:
        """Whether cleaning kept any line of page ``name`` (unpacking none if it can)."""
        return has_lines(self._packed, name)

    def __getitem__(self, name: str) -> CleanDocument:
        return replace(self._packed[name], document=self._documents.get(name))


def has_lines(cleaned: Mapping[str, CleanDocument], name: str) -> bool:
    """Whether cleaning kept any line of page ``name``, without unpacking it when the
    mapping knows (:class:`PackedCleaning`, :class:`HeldCleaning`)."""
    if isinstance(cleaned, (PackedCleaning, HeldCleaning)):
        return cleaned.has_lines(name)
    return bool(cleaned[name].lines)


def kept_page(cleaned: Mapping[str, CleanDocument], name: str) -> CleanDocument:
    """Page ``name``'s kept lines, without the drop list or the source's text where the
    mapping holds them packed (neither is unpacked): what its cleaned file needs."""
    cleaned = cleaned.held() if isinstance(cleaned, HeldCleaning) else cleaned
    if isinstance(cleaned, PackedCleaning):
        return cleaned.bare(name)
    return cleaned[name]


def without_text(doc: Document) -> Document:
    """``doc`` without its text: what a held cleaned document keeps of its source."""
    return Document(doc.name, "", doc.encoding, doc.repaired)


def document_names(documents: Sequence[Document]) -> list[str]:
    """The names of ``documents`` in order, without decompressing :class:`PackedTexts`."""
    if isinstance(documents, PackedTexts):
        return documents.names()
    return [doc.name for doc in documents]
