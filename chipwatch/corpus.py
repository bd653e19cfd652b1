"""Find input files, read and decode them, and yield ``Document`` objects; no NLP here.

Scraped dumps arrive in every state: UTF-8 with and without a BOM, UTF-16, legacy
code pages, mojibake ("Â", "â€™"), NUL bytes and stray control characters. Reading
decides once, here, what text a file holds, so every later stage sees clean Unicode,
and a file that holds no usable text becomes a ``Skip`` with a reason instead of
a crash or a silent drop.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from chipwatch.config import DEFAULT_GLOB, MAX_BYTES
from chipwatch.errors import UsageError
from chipwatch.globs import Globs
from chipwatch.models import STDIN, Document, Skip
from chipwatch.mojibake import repair_mojibake

#: Reasons a file is skipped (a fixed vocabulary; documented in the README).
EMPTY = "empty"
BINARY = "binary"
TOO_LARGE = "too_large"
DECOMPRESSED_TOO_LARGE = "decompressed_too_large"
CORRUPT_GZIP = "corrupt_gzip"
NO_CONTENT = "no_content"
UNDECODABLE = "undecodable"
NOT_REGULAR_FILE = "not_regular_file"
SYMLINK_LOOP = "symlink_loop"
BROKEN_SYMLINK = "broken_symlink"
OUTSIDE_ROOT = "outside_root"
UNREADABLE = "unreadable"
SKIP_REASONS = (
    EMPTY,
    BINARY,
    TOO_LARGE,
    DECOMPRESSED_TOO_LARGE,
    CORRUPT_GZIP,
    NO_CONTENT,
    UNDECODABLE,
    NOT_REGULAR_FILE,
    SYMLINK_LOOP,
    BROKEN_SYMLINK,
    OUTSIDE_ROOT,
    UNREADABLE,
)
GZIP_MAGIC = b"\x1f\x8b"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Removed in one pass: zero-width and bidi controls, which break token and entity
# matching and can hide text in a terminal, carrying no visible content; and C0/C1
# controls other than tab and newline, never text in a page dump.
_INVISIBLE_OR_CONTROL = re.compile(
    "[\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069\u00ad\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
# Terminal escape sequences (colour codes, cursor moves, window titles), whole.
_ANSI_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


@dataclass(frozen=True)
class Source:
    """One input to read: a file on disk, or standard input when ``path`` is None.

    ``problem``: a skip reason known from the walk (a symlink loop, a link out of the
    root); ``root``: a walked file's folder, resolved; ``link``: reached by a link."""

    name: str
    path: Path | None
    problem: str = ""
    detail: str = ""
    root: Path | None = None
    link: bool = False


#: Unicode bidirectional controls: invisible, and they reorder the text shown after them.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def display_name(name: str) -> str:
    """A file name safe to print and to put in csv/json.

    Bytes that are not valid UTF-8 (kept by Python as surrogate escapes) become ``\\xNN``
    and control characters such as a newline become ``\\n``-style escapes, so an odd file
    name can neither break an output row nor drive the terminal.
    """
    out = []
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 32 or 0x7F <= code < 0xA0:
            out.append(repr(char)[1:-1])
        elif char in _BIDI_CONTROLS:
            # A right-to-left override would make a printed name read backwards.
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def _is_hidden(part: str) -> bool:
    return part.startswith(".") and part not in {".", ".."}


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


class _Walk:
    """One directory walk: the sources found under ``root`` that ``globs`` take.

    Symbolic links are reported, not followed, unless ``follow_symlinks``; even then a
    link that leads back into its own ancestors (a loop) or out of ``root`` is reported
    and not followed, so a walk always ends and never reads outside what was asked.
    """

    def __init__(
        self, root: Path, globs: Globs, *, include_hidden: bool, follow_symlinks: bool
    ) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.globs = globs
        self.include_hidden = include_hidden
        self.follow_symlinks = follow_symlinks
        self.found: list[Source] = []

    def sources(self) -> list[Source]:
        """Walk the whole tree; sources sorted by relative name."""
        self.visit(self.root, frozenset({self.real_root}))
        return sorted(self.found, key=lambda s: s.name)

    def add(self, path: Path, problem: str = "", detail: str = "", *, link: bool = False) -> None:
        name = display_name(path.relative_to(self.root).as_posix())
        self.found.append(Source(name, path, problem, detail, self.real_root, link))

    def visit(self, directory: Path, ancestors: frozenset[Path]) -> None:
        """Walk ``directory`` with a stack of its own, not recursion: a tree of any depth
        is walked (the results are sorted by name afterwards)."""
        todo = [(directory, ancestors)]
        while todo:
            folder, above = todo.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                self.add(folder, UNREADABLE, exc.strerror or str(exc))
                continue
            for entry in entries:
                if not self.include_hidden and _is_hidden(entry.name):
                    continue
                path = Path(entry.path)
                if entry.is_symlink():
                    self.link(path, above)
                elif entry.is_dir(follow_symlinks=False):
                    if not self.globs.leaves(self.relative(path)):
                        todo.append((path, above | {path.resolve()}))
                elif self.takes(path):
                    self.add(path)

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def takes(self, path: Path) -> bool:
        return self.globs.takes(self.relative(path))

    def link(self, path: Path, ancestors: frozenset[Path]) -> None:
        try:
            target = path.resolve(strict=True)
        except RuntimeError:  # Python reports a self-referencing chain this way
            self.add(path, SYMLINK_LOOP, "symbolic link points to itself")
            return
        except OSError:
            if self.takes(path):
                self.add(path, BROKEN_SYMLINK, "symbolic link target is missing")
            return
        is_dir = target.is_dir()
        if (is_dir and self.globs.leaves(self.relative(path))) or (
            not is_dir and not self.takes(path)
        ):
            return
        problem = self.link_problem(target, is_dir=is_dir, ancestors=ancestors)
        if problem is not None:
            self.add(path, *problem)
        elif is_dir:
            self.visit(path, ancestors | {target})
        else:
            self.add(path, link=True)

    def link_problem(
        self, target: Path, *, is_dir: bool, ancestors: frozenset[Path]
    ) -> tuple[str, str] | None:
        """Why a link to ``target`` is reported instead of followed (None: follow it)."""
        if is_dir and target in ancestors:
            return SYMLINK_LOOP, "symbolic link leads back to a parent"
        if not _inside(target, self.real_root):
            return OUTSIDE_ROOT, "symbolic link leads outside the folder"
        if not self.follow_symlinks:
            return NOT_REGULAR_FILE, "symbolic link not followed (--follow-symlinks)"
        return None


def find_sources(
    paths: Sequence[str],
    *,
    glob: str | Sequence[str] = DEFAULT_GLOB,
    exclude: Sequence[str] = (),
    include_hidden: bool = False,
    follow_symlinks: bool = False,
) -> list[Source]:
    """Expand PATH arguments into sources: files as given, directories walked, ``-`` as stdin.

    A file named explicitly is read whatever its extension; a directory contributes the
    files below it that one of the ``glob`` patterns takes and no ``exclude`` pattern
    leaves out (see :mod:`chipwatch.globs`), recursively and sorted, named relative to it.

    Raises:
        UsageError: a path does not exist (nothing is read before all paths are checked).
    """
    found: list[tuple[str, Source]] = []
    for arg in paths:
        if arg == STDIN:
            found.append((arg, Source(STDIN, None)))
            continue
        path = Path(arg)
        if path.is_dir():
            globs = Globs.of(glob, exclude)
            walked = _Walk(
                path, globs, include_hidden=include_hidden, follow_symlinks=follow_symlinks
            ).sources()
            found.extend((arg, source) for source in walked)
        elif path.exists():
            found.append((arg, Source(display_name(arg), path)))
        elif path.is_symlink():
            found.append(
                (
                    arg,
                    Source(
                        display_name(arg), path, BROKEN_SYMLINK, "symbolic link target is missing"
                    ),
                )
            )
        else:
            raise UsageError(f"{display_name(arg)}: no such file or directory. Check the path.")
    return _distinct(found)


def _distinct(found: Sequence[tuple[str, Source]]) -> list[Source]:
    """Each file once, each under a name of its own.

    A path reached twice (``docs A A``, or ``A`` and ``A/x.txt``) is read once. Files of
    different arguments with one relative name (``A/x.txt``, ``B/x.txt``) are named with
    their argument; names that still coincide (two files whose names print alike, such
    as a newline and a literal ``\\n``) get ``#2``, ``#3`` in input order. A document's
    name is its identity in every table and in ``clean --out``, so two inputs are never
    one document.
    """
    seen: set[str] = set()
    unique: list[tuple[str, Source]] = []
    for arg, source in found:
        # The same path reached twice; a link to a file is a name of its own.
        key = STDIN if source.path is None else os.path.abspath(source.path)
        if key not in seen or source.problem:
            seen.add(key)
            unique.append((arg, source))
    counts = Counter(source.name for _, source in unique)
    named = [
        replace(source, name=_with_argument(arg, source.name))
        if counts[source.name] > 1 and source.path is not None and Path(arg).is_dir()
        else source
        for arg, source in unique
    ]
    taken: Counter[str] = Counter()
    result = []
    for source in named:
        taken[source.name] += 1
        if taken[source.name] > 1:
            source = replace(source, name=f"{source.name}#{taken[source.name]}")
        result.append(source)
    return result


def _with_argument(arg: str, name: str) -> str:
    """``name`` (relative to the directory ``arg``) prefixed with ``arg`` as given."""
    return display_name(str(Path(arg) / name)) if name else display_name(arg)


#: Control bytes that do not occur in text files (tab, newlines and form feed do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control bytes mean this is not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(sample) // 20)


_CHINESE = frozenset({"gbk", "gb2312", "gb18030", "hz"})
_LATIN = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "latin-1",
        "iso8859-1",
        "iso8859-2",
        "iso8859-9",
        "iso8859-15",
        "mac-roman",
        "cp850",
        "cp437",
    }
)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes) -> tuple[str, str, int]:
    """Decode bytes to text: BOM, then strict UTF-8, then charset detection.

    Returns:
        ``(text, encoding, replaced)`` where ``replaced`` counts undecodable bytes that
        became U+FFFD.

    Raises:
        ValueError: with a skip reason (``binary`` or ``undecodable``) as its message.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            return text.lstrip("\ufeff"), encoding.replace("-sig", ""), text.count("\ufffd")
    if _looks_binary(data):
        raise ValueError(BINARY)
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError(UNDECODABLE)
    encoding = codecs.lookup(str(best.encoding)).name
    if encoding in _CHINESE:
        encoding = "gb18030"  # a superset: never loses characters GBK/GB2312 cannot hold
    elif encoding in _LATIN and _decodes(data, "cp1252"):
        # Detectors hesitate between Latin code pages on short texts; Western pages
        # are overwhelmingly cp1252, which also covers curly quotes and dashes.
        encoding = "cp1252"
    text = data.decode(encoding, errors="replace")
    return text, encoding, text.count("\ufffd")


def normalize_text(text: str) -> tuple[str, int]:
    """Repair mojibake and normalise line endings, spaces and invisible characters.

    Curly quotes are kept as written (gold text and users' searches keep them); NBSP and
    other space separators become plain spaces so tokenisation and matching agree.

    Returns:
        ``(text, changed_lines)``: the normalised text and how many lines repair changed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI_ESCAPE.sub("", text)
    fixed = repair_mojibake(text)
    fixed = _INVISIBLE_OR_CONTROL.sub("", fixed)
    fixed = _SPACES.sub(" ", fixed)
    fixed = unicodedata.normalize("NFC", fixed)
    if fixed == text:  # most pages: no line to compare
        return fixed, 0
    before, after = text.split("\n"), fixed.split("\n")
    if len(before) == len(after):
        changed = sum(1 for a, b in zip(before, after, strict=True) if a != b)
    else:
        changed = abs(len(before) - len(after)) or 1
    return fixed, changed


def _gunzip(data: bytes, *, max_bytes: int) -> bytes | tuple[str, str]:
    import gzip
    import zlib

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        return CORRUPT_GZIP, f"not a valid gzip file ({exc})"
    if len(out) > max_bytes:
        return DECOMPRESSED_TOO_LARGE, f"decompresses to more than {max_bytes} bytes"
    return out


def _read_bytes(source: Source, *, max_bytes: int) -> bytes | Skip:
    if source.problem:
        return Skip(source.name, source.problem, source.detail)
    data = _raw_bytes(source, max_bytes)
    if isinstance(data, Skip):
        return data
    if len(data) > max_bytes:
        return Skip(source.name, TOO_LARGE, f"larger than {max_bytes} bytes")
    if data.startswith(GZIP_MAGIC):
        result = _gunzip(data, max_bytes=max_bytes)
        if isinstance(result, tuple):
            return Skip(source.name, *result)
        data = result
    return data


def _raw_bytes(source: Source, max_bytes: int) -> bytes | Skip:
    """At most ``max_bytes + 1`` bytes of the file or of standard input, or why not."""
    if source.path is None:
        if sys.stdin is None:
            return Skip(source.name, UNREADABLE, "standard input is closed")
        return sys.stdin.buffer.read(max_bytes + 1)
    path = source.path
    if source.root is not None:
        from chipwatch.walked import walked_bytes

        return walked_bytes(source, path, source.root, max_bytes)
    try:
        if not path.exists() and not path.is_symlink():
            return Skip(source.name, UNREADABLE, "the file vanished during the run")
        if not path.is_file():
            return Skip(source.name, NOT_REGULAR_FILE, "not a regular file")
        if path.stat().st_size > max_bytes:
            return Skip(source.name, TOO_LARGE, f"larger than {max_bytes} bytes")
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        return Skip(source.name, UNREADABLE, exc.strerror or str(exc))


def read_bytes(source: Source, *, max_bytes: int = MAX_BYTES) -> bytes | Skip:
    """The bytes of one source (gzip undone, within the size caps), or why not."""
    return _read_bytes(source, max_bytes=max_bytes)


def decode_document(name: str, data: bytes) -> Document | Skip:
    """Turn a file's bytes into a ``Document``, or say with a ``Skip`` why they hold no text."""
    if not data:
        return Skip(name, EMPTY, "file is empty")
    try:
        text, encoding, replaced = decode(data)
    except ValueError as exc:
        detail = "looks like a binary file" if str(exc) == BINARY else "no text encoding fits"
        return Skip(name, str(exc), detail)
    text, changed = normalize_text(text)
    if not text.strip():
        return Skip(name, NO_CONTENT, "only whitespace")
    return Document(name=name, text=text, encoding=encoding, repaired=replaced + changed)


def read_source(source: Source, *, max_bytes: int = MAX_BYTES) -> Document | Skip:
    """Read one source into a ``Document``, or say with a ``Skip`` why it holds no text."""
    data = _read_bytes(source, max_bytes=max_bytes)
    if isinstance(data, Skip):
        return data
    return decode_document(source.name, data)


def read_documents(
    sources: Sequence[Source], *, max_bytes: int = MAX_BYTES
) -> Iterator[Document | Skip]:
    """Read sources in order, as a stream."""
    for source in sources:
        yield read_source(source, max_bytes=max_bytes)
