"""The results store: per-document results kept in SQLite between runs.

Analysts rerun chipwatch over the same folder again and again (``entities``, then
``themes``, then ``entities --label ORG``). The store keeps each per-document result
under a key (see ``results``) so a rerun parses only new or changed files. This module
knows nothing about what a result is: it maps ``(kind, key)`` to a value of plain data
(what JSON can hold: dicts, lists, strings, numbers, booleans, None), stored compressed
in ``marshal``'s format.

SQLite rather than DuckDB: the access pattern is key-value lookups and small
transactional writes, several chipwatch processes may share one store (WAL mode lets
readers and a writer work at once, and a busy timeout serialises writers), and it ships
with Python, so the store adds no dependency.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chipwatch.errors import CacheError

SCHEMA_VERSION = "1"
DB_NAME = "results.sqlite"
#: SQLite's limit on host parameters per statement is 32766 (999 in old builds).
_CHUNK = 900


def default_cache_dir() -> Path:
    """The user cache directory: ``$XDG_CACHE_HOME/chipwatch`` or ``~/.cache/chipwatch``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "chipwatch"


def _pack(value: Any) -> bytes:
    """A value as compressed ``marshal`` data: decoding it is about ten times faster than
    JSON, which showed in every warm rerun (tens of thousands of mentions and tokens).
    Values are plain data (what JSON can hold); one holding a subclass of a plain type
    (an ``IntEnum``, a ``str`` subclass) is made plain through JSON first."""
    try:
        data = marshal.dumps(value)
    except ValueError:
        data = marshal.dumps(json.loads(json.dumps(value, ensure_ascii=False)))
    return zlib.compress(data, 1)


def _unpack(blob: bytes) -> Any:
    """The value :func:`_pack` packed.

    Raises:
        ValueError: the blob is not such a value (damaged, or written another way).
    """
    try:
        return marshal.loads(zlib.decompress(blob))
    except (zlib.error, EOFError, TypeError, ValueError) as exc:
        raise ValueError(f"not a stored value: {exc}") from None


_TABLES = {
    "results": (
        "CREATE TABLE results (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,"
        " created REAL NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID",
        ["kind", "key", "value", "created"],
    ),
    "meta": ("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)", ["key", "value"]),
}


def _is_mine(conn: sqlite3.Connection) -> bool:
    """True for a store of this schema, made so when the file is new; False for another
    program's database (or another schema), which is set aside rather than written to.

    Only a new file is written to here: reading a store that another process is writing
    must not wait for the write lock, so an existing store is only read."""
    columns = {
        name: [row[1] for row in conn.execute(f"PRAGMA table_info({name})")] for name in _TABLES
    }
    if not any(columns.values()):
        others = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        if others:
            return False
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            if not conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
                for create, _ in _TABLES.values():
                    conn.execute(create)
                conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        return _is_mine(conn)
    if any(columns[name] != wanted for name, (_, wanted) in _TABLES.items()):
        return False
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return row is not None and row[0] == SCHEMA_VERSION


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
    #: False once a write failed (a full disk, a lock held too long): the run goes on
    #: without keeping its results, as the warning says.
    writable: bool = True
    _conn: sqlite3.Connection | None = None

    @classmethod
    def open(cls, cache_dir: Path) -> Store:
        """Open (or create) the store; a corrupt file is set aside and a fresh one made.

        Raises:
            CacheError: the directory cannot be created or the database cannot be opened.
        """
        store = cls(cache_dir / DB_NAME)
        try:
            # The store holds document text: private to its owner on a shared machine.
            cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not store.path.exists():
                os.close(os.open(store.path, os.O_CREAT | os.O_WRONLY, 0o600))
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
            if not _is_mine(conn):
                conn.close()
                raise sqlite3.DatabaseError("it is not a chipwatch results store")
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

    def get_many(self, kind: str, keys: Sequence[str], *, raw: bool = False) -> dict[str, Any]:
        """Stored values for those ``keys`` that have one; with ``raw``, as the packed
        bytes they are stored as (for a caller that holds them packed: no decoding)."""
        found: dict[str, Any] = {}
        unique = sorted(set(keys))
        try:
            for i in range(0, len(unique), _CHUNK):
                chunk = unique[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self.conn.execute(
                    f"SELECT key, value FROM results WHERE kind = ? AND key IN ({marks})",
                    (kind, *chunk),
                )
                for key, blob in rows:
                    if raw:
                        found[key] = bytes(blob)
                        continue
                    try:
                        found[key] = _unpack(blob)
                    except ValueError:
                        continue  # a damaged row is recomputed and overwritten
        except sqlite3.OperationalError as exc:
            raise CacheError(
                f"{self.path}: cannot read the cache: {exc}. Pass --cache-dir DIR or --no-cache."
            ) from exc
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)  # damaged pages: nothing stored is trusted, all recomputed
            return {}
        return found

    def _rebuild(self, exc: Exception) -> None:
        """Set a store found damaged in use aside and start a fresh one."""
        self.close()
        self._set_aside(exc)
        self._connect()

    def put_many(
        self,
        kind: str,
        items: Mapping[str, Any] | Iterable[tuple[str, Any]],
        *,
        raw: bool = False,
    ) -> None:
        """Store values in one transaction: all of them or, if interrupted, none. With
        ``raw`` the values are bytes packed already (compressed ``marshal`` data, as
        :func:`_pack` writes)."""
        pairs = items.items() if isinstance(items, Mapping) else items
        now = time.time()
        rows = [(kind, key, value if raw else _pack(value), now) for key, value in pairs]
        if not rows or not self.writable:
            return
        for attempt in (1, 2):
            try:
                with self.conn:
                    self.conn.execute("BEGIN IMMEDIATE")
                    self.conn.executemany(
                        "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", rows
                    )
                return
            except sqlite3.OperationalError as exc:
                # The results are still shown: only keeping them failed.
                self.writable = False
                self.warnings.append(
                    f"{self.path}: cannot write to the cache ({exc}); the cache is off for "
                    "the rest of this run. Free disk space or pass --cache-dir DIR."
                )
                return
            except sqlite3.DatabaseError as exc:
                if attempt == 2:
                    raise CacheError(f"{self.path}: the cache is damaged: {exc}.") from exc
                self._rebuild(exc)

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
        """Delete every stored result; returns how many there were.

        On a full disk the deletion itself cannot be journalled: the store's files are
        then removed instead (a fresh store is made on the next run)."""
        try:
            n = int(self.conn.execute("SELECT COUNT(*) FROM results").fetchone()[0])
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                self.conn.execute("DELETE FROM results")
            self.conn.execute("VACUUM")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise CacheError(
                    f"{self.path}: another chipwatch run is using the cache; try again "
                    "when it has finished."
                ) from exc
            self._remove()
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)  # a damaged store is cleared by starting a fresh one
            n = 0
        self._remove_set_aside()
        return n

    @classmethod
    def clear_dir(cls, cache_dir: Path) -> tuple[int | None, Path]:
        """Empty the store in ``cache_dir``: how many results it held (None when it could
        not even be opened, on a full disk, and its files were removed) and its path."""
        try:
            store = cls.open(cache_dir)
        except CacheError:
            store = cls(cache_dir / DB_NAME)
            if not store.path.exists():
                raise
            store._remove()
            store._remove_set_aside()
            return None, store.path
        with store:
            return store.clear(), store.path

    def _remove_set_aside(self) -> None:
        """Delete the copies set aside as corrupt: they hold document text too."""
        for aside in self.path.parent.glob(f"{self.path.name}.corrupt-*"):
            with contextlib.suppress(OSError):
                aside.unlink()

    def _remove(self) -> None:
        """Delete the store's files (what clearing a store on a full disk comes to)."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(str(self.path) + suffix).unlink()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
