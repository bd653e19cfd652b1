"""The SQLite results store: round trips, corruption, concurrent writers."""

from __future__ import annotations

import marshal
import sqlite3
import zlib
from pathlib import Path

from chipwatch.store import Store


def test_store_round_trip_and_info(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.put_many("ents", {"k1": [["Nvidia", "ORG", "NVIDIA", 0, 6]], "k2": []})
        assert store.get_many("ents", ["k1", "k2", "missing"]) == {
            "k1": [["Nvidia", "ORG", "NVIDIA", 0, 6]],
            "k2": [],
        }
        assert store.info()["results"] == {"ents": 2}
        assert store.clear() == 2
        assert store.get_many("ents", ["k1"]) == {}


def test_raw_values_are_stored_and_read_as_the_bytes_given(tmp_path: Path) -> None:
    packed = zlib.compress(marshal.dumps((["Nvidia"], ["ORG"], ["NVIDIA"], [0], [6])), 1)
    with Store.open(tmp_path) as store:
        store.put_many("ents", {"k": packed}, raw=True)
        assert store.get_many("ents", ["k"], raw=True) == {"k": packed}
        # The same bytes are a value the store's own decoding reads.
        assert store.get_many("ents", ["k"]) == {"k": marshal.loads(zlib.decompress(packed))}


def test_corrupt_store_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    (tmp_path / "results.sqlite").write_bytes(b"this is not a database" * 100)
    with Store.open(tmp_path) as store:
        assert store.warnings and "set aside" in store.warnings[0]
        store.put_many("clean", {"k": {"x": 1}})
        assert store.get_many("clean", ["k"]) == {"k": {"x": 1}}
    assert list(tmp_path.glob("results.sqlite.corrupt-*"))


def test_store_survives_concurrent_writers(tmp_path: Path) -> None:
    a = Store.open(tmp_path)
    b = Store.open(tmp_path)
    a.put_many("clean", {"x": 1})
    b.put_many("clean", {"y": 2})
    assert a.get_many("clean", ["x", "y"]) == {"x": 1, "y": 2}
    a.close()
    b.close()
    with sqlite3.connect(tmp_path / "results.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
