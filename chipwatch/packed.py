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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from sys import intern
from typing import TypeVar, overload

from chipwatch.models import NUMERIC_LABELS, CleanDocument, Document, Mention

__all__ = [
    "HeldCleaning",
    "HeldText",
    "MadeOnAccess",
    "PackedMentions",
    "PackedTexts",
    "document_names",
    "mention_columns",
    "pack_mentions",
    "pack_text",
    "unpack_mentions",
    "unpack_text",
    "without_text",
]


T = TypeVar("T")


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


class PackedMentions(Mapping[str, tuple[Mention, ...]]):
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

    def __contains__(self, name: object) -> bool:
        return name in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


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
    shows it): held compressed it is a fraction of that. Iterating gives one
    :class:`~chipwatch.models.Document` at a time; :meth:`names` reads none.
    """

    def __init__(self, documents: Iterable[Document] = ()) -> None:
        self._held: dict[str, tuple[bytes, str, int, str | None]] = {}
        super().__init__([], self.get)
        for doc in documents:
            self.append(doc)

    def append(self, doc: Document | HeldText) -> None:
        """Hold ``doc`` after the others."""
        self._names.append(doc.name)
        if isinstance(doc, HeldText):
            self._held[doc.name] = (doc.packed, doc.encoding, doc.repaired, doc.digest)
        else:
            self._held[doc.name] = (pack_text(doc.text), doc.encoding, doc.repaired, None)

    def get(self, name: str) -> Document:
        """The document called ``name``."""
        text, encoding, repaired, _ = self._held[name]
        return Document(name, unpack_text(text), encoding, repaired)

    def without_text(self, name: str) -> Document:
        """The document called ``name`` with an empty text (nothing unpacked): a
        stand-in where only its name and encoding are read."""
        _, encoding, repaired, _ = self._held[name]
        return Document(name, "", encoding, repaired)

    def text_digest(self, name: str) -> str | None:
        """The hash of ``name``'s text when it came with one (see :class:`HeldText`)."""
        return self._held[name][3]


class HeldCleaning(Mapping[str, CleanDocument]):
    """Cleaned documents by name, held with a stand-in for their source document (its
    text left out) and given back with the source, from ``documents``, on access: a
    cleaned page would otherwise keep its raw page's text in memory as a string."""

    def __init__(self, held: Mapping[str, CleanDocument], documents: PackedTexts) -> None:
        self._held = held
        self._documents = documents

    def held(self) -> Mapping[str, CleanDocument]:
        """The cleaned documents as held (their sources without text)."""
        return self._held

    def __getitem__(self, name: str) -> CleanDocument:
        return replace(self._held[name], document=self._documents.get(name))

    def __contains__(self, name: object) -> bool:
        return name in self._held

    def __iter__(self) -> Iterator[str]:
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)


def without_text(doc: Document) -> Document:
    """``doc`` without its text: what a held cleaned document keeps of its source."""
    return Document(doc.name, "", doc.encoding, doc.repaired)


def document_names(documents: Sequence[Document]) -> list[str]:
    """The names of ``documents`` in order, without decompressing :class:`PackedTexts`."""
    if isinstance(documents, PackedTexts):
        return documents.names()
    return [doc.name for doc in documents]
