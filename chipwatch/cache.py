"""The results store: per-document results kept in SQLite between runs.

Analysts rerun chipwatch over the same folder again and again (``entities``, then
``themes``, then ``entities --label ORG``). Every per-document result — decoded text,
cleaned lines with their drop reasons, entity mentions, the tokens keywords and themes
need — is stored under a key made of the content hash and everything that changes the
result (the code, the model and its version, the gazetteer, cleaning settings), so a
rerun parses only new or changed files.

SQLite rather than DuckDB: the access pattern is key-value lookups and small
transactional writes, several chipwatch processes may share one store (WAL mode lets
readers and a writer work at once, and a busy timeout serialises writers), and it ships
with Python, so the store adds no dependency.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from sys import intern
from typing import Any

from chipwatch.errors import ChipwatchError, ExitCode
from chipwatch.models import (
    CleanDocument,
    Document,
    Drop,
    Mention,
    Metadata,
    ParsedDocument,
    Token,
)

SCHEMA_VERSION = "1"
DB_NAME = "results.sqlite"
#: SQLite's limit on host parameters per statement is 32766 (999 in old builds).
_CHUNK = 900


class CacheError(ChipwatchError):
    """The store cannot be opened or written (permissions, full disk)."""

    exit_code = ExitCode.ERROR


def default_cache_dir() -> Path:
    """The user cache directory: ``$XDG_CACHE_HOME/chipwatch`` or ``~/.cache/chipwatch``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chipwatch"


def digest(*parts: str | bytes) -> str:
    """A stable key from its parts (SHA-256, hex); parts are length-prefixed, never glued."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


#: The modules and shipped resources each kind of result is computed by. A change to
#: one of them invalidates that kind only: editing the theme code keeps stored entities.
_SOURCES = {
    "read": ("corpus.py",),
    "clean": ("clean.py", "metadata.py", "resources/junk.toml", "resources/stopwords.txt"),
    "ents": ("nlp.py", "entities.py", "resources/gazetteer.toml"),
    "toks": ("nlp.py",),
}


@lru_cache(maxsize=8)
def code_fingerprint(kind: str = "") -> str:
    """Hash of the chipwatch code and shipped resources that compute ``kind``.

    A store never serves what older code computed: a change to any file that a kind of
    result depends on (or to chipwatch's version) changes its keys. Without ``kind``,
    every module and resource counts.
    """
    from chipwatch import __version__

    root = resources.files("chipwatch")
    parts: list[str | bytes] = [__version__, SCHEMA_VERSION, kind]
    if kind in _SOURCES:
        names = _SOURCES[kind]
    else:
        names = tuple(
            sorted(
                [e.name for e in root.iterdir() if e.name.endswith(".py")]
                + [f"resources/{e.name}" for e in (root / "resources").iterdir() if e.is_file()]
            )
        )
    for name in names:
        parts += [name, root.joinpath(name).read_bytes()]
    return digest(*parts)


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
    """Name and version of a spaCy pipeline, read without importing spaCy."""
    path = Path(model)
    if path.is_dir():
        meta = path / "meta.json"
        return digest(model, meta.read_bytes() if meta.is_file() else b"")
    from importlib import metadata

    try:
        return digest(model, metadata.version(model))
    except metadata.PackageNotFoundError:
        return digest(model)


def _pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def _unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob))


@dataclass
class Store:
    """A results store in ``cache_dir``; use as a context manager or call ``close()``.

    Attributes:
        path: the database file.
        warnings: problems met while opening (a corrupt store set aside), for the caller
            to show the user.
    """

    path: Path
    warnings: list[str] = field(default_factory=list)
    _conn: sqlite3.Connection | None = None

    @classmethod
    def open(cls, cache_dir: Path) -> Store:
        """Open (or create) the store; a corrupt file is set aside and a fresh one made.

        Raises:
            CacheError: the directory cannot be created or the database cannot be opened.
        """
        store = cls(cache_dir / DB_NAME)
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(
                f"{cache_dir}: cannot create the cache directory: {exc.strerror or exc}. "
                "Pass --cache-dir DIR or --no-cache."
            ) from exc
        try:
            store._connect()
        except sqlite3.DatabaseError as exc:
            store._set_aside(exc)
            store._connect()
        return store

    def _connect(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS results (kind TEXT NOT NULL, key TEXT NOT NULL,"
                " value BLOB NOT NULL, created REAL NOT NULL, PRIMARY KEY (kind, key))"
                " WITHOUT ROWID"
            )
            conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] != SCHEMA_VERSION:
                conn.close()
                raise sqlite3.DatabaseError(f"schema {row[0] if row else '?'} is not mine")
        except sqlite3.OperationalError as exc:
            if "malformed" in str(exc) or "not a database" in str(exc):
                raise sqlite3.DatabaseError(str(exc)) from exc
            raise CacheError(
                f"{self.path}: cannot open the cache: {exc}. Pass --cache-dir DIR or --no-cache."
            ) from exc
        self._conn = conn

    def _set_aside(self, exc: Exception) -> None:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(self.path) + suffix)
            if src.exists():
                src.replace(Path(str(aside) + suffix))
        self.warnings.append(
            f"{self.path}: the cache was unreadable ({exc}); set aside as {aside.name} and rebuilt."
        )

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise CacheError("the cache is closed.")
        return self._conn

    def get_many(self, kind: str, keys: Sequence[str]) -> dict[str, Any]:
        """Stored values for those ``keys`` that have one."""
        found: dict[str, Any] = {}
        unique = sorted(set(keys))
        for i in range(0, len(unique), _CHUNK):
            chunk = unique[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT key, value FROM results WHERE kind = ? AND key IN ({marks})",
                (kind, *chunk),
            )
            for key, blob in rows:
                try:
                    found[key] = _unpack(blob)
                except (zlib.error, ValueError):
                    continue  # a damaged row is recomputed and overwritten
        return found

    def put_many(self, kind: str, items: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        """Store values in one transaction: all of them or, if interrupted, none."""
        pairs = items.items() if isinstance(items, Mapping) else items
        now = time.time()
        rows = [(kind, key, _pack(value), now) for key, value in pairs]
        if not rows:
            return
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                self.conn.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", rows)
        except sqlite3.OperationalError as exc:
            raise CacheError(
                f"{self.path}: cannot write to the cache: {exc}. "
                "Free disk space, pass --cache-dir DIR, or --no-cache."
            ) from exc

    def info(self) -> dict[str, Any]:
        """Where the store is, how big, and how many results of each kind it holds."""
        counts = dict(
            self.conn.execute("SELECT kind, COUNT(*) FROM results GROUP BY kind ORDER BY kind")
        )
        size = sum(
            Path(str(self.path) + s).stat().st_size
            for s in ("", "-wal")
            if Path(str(self.path) + s).exists()
        )
        return {"path": str(self.path), "bytes": size, "results": counts}

    def clear(self) -> int:
        """Delete every stored result; returns how many there were."""
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            n = int(self.conn.execute("SELECT COUNT(*) FROM results").fetchone()[0])
            self.conn.execute("DELETE FROM results")
        self.conn.execute("VACUUM")
        return n

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- what is stored: plain JSON for each kind of result ---------------------------------
def encode_result(kind: str, value: Any) -> Any:
    """The JSON form of a per-document result (``clean``, ``ents`` or ``toks``)."""
    if kind == "clean":
        m = value.metadata
        # Drops are stored apart (kind "drops"): most runs never show them.
        return {
            "lines": list(value.lines),
            "numbers": list(value.line_numbers),
            "title": value.title,
            "meta": [m.title, m.published, m.published_raw, m.author, m.source],
        }
    if kind == "ents":
        return [[m.entity, m.label, m.surface, m.start, m.end] for m in value]
    if kind == "toks":
        return [
            [t.text, t.lemma, t.pos, t.tag, t.idx, t.is_stop, t.is_punct, t.like_num, t.sent_start]
            for t in value.tokens
        ]
    raise ValueError(f"unknown result kind {kind!r}")


def decode_result(kind: str, document: Document, data: Any, *, text: str = "") -> Any:
    """Rebuild a result stored by ``encode_result`` for ``document``."""
    if kind == "clean":
        return CleanDocument(
            document=document,
            lines=tuple(data["lines"]),
            line_numbers=tuple(data["numbers"]),
            drops=tuple(Drop(*d) for d in data.get("drops", ())),
            title=data["title"],
            metadata=Metadata(*data["meta"]),
        )
    if kind == "ents":
        return tuple(Mention(document.name, *m) for m in data)
    if kind == "toks":
        # Words and tags repeat across documents: interned, millions of tokens share
        # one string per distinct word (a large corpus's token memory drops by half).
        return ParsedDocument(
            document.name,
            text,
            tuple(
                Token(intern(t[0]), intern(t[1]), intern(t[2]), intern(t[3]), *t[4:]) for t in data
            ),
            (),
        )
    raise ValueError(f"unknown result kind {kind!r}")
