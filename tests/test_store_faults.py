"""Store faults met by real processes: a full disk, another program's database, a write
lock held by another process, rows of the wrong shape. Results are always printed."""

from __future__ import annotations

import marshal
import resource
import signal
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

from chipwatch.store import DB_NAME

CHIPWATCH = str(Path(sys.executable).parent / "chipwatch")
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "raw"


def _run(
    *args: str, limit: int | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    def small_disk() -> None:
        # A file-size limit stands in for a full disk: writes past it fail (EFBIG).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [CHIPWATCH, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=small_disk,
    )


def _clean_csv() -> str:
    run = _run("clean", str(SAMPLE), "--explain", "--no-cache")
    assert run.returncode == 0
    return run.stdout


def test_a_full_disk_keeps_results_printed_and_the_store_usable(tmp_path: Path) -> None:
    expected = _clean_csv()
    cache = str(tmp_path / "cache")
    for limit in (20_000, 40_000):  # no room to open the store; room to open, not to write
        full = _run("clean", str(SAMPLE), "--explain", "--cache-dir", cache, limit=limit)
        assert full.returncode == 0, full.stderr
        assert full.stdout == expected
        assert "the cache is off" in full.stderr.lower() and "Traceback" not in full.stderr
    # Later runs are not poisoned, and clearing works on the full disk.
    cleared = _run("cache", "clear", "--cache-dir", cache, limit=20_000)
    assert cleared.returncode == 0, cleared.stderr
    again = _run("clean", str(SAMPLE), "--explain", "--cache-dir", cache)
    assert again.returncode == 0 and again.stdout == expected
    assert "warning" not in again.stderr


def test_another_programs_database_is_set_aside_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    foreign = sqlite3.connect(cache / DB_NAME)
    foreign.execute("CREATE TABLE results (id INTEGER PRIMARY KEY, score REAL)")
    foreign.execute("INSERT INTO results VALUES (1, 0.5)")
    foreign.commit()
    foreign.close()
    run = _run("clean", str(SAMPLE), "--explain", "--cache-dir", str(cache))
    assert run.returncode == 0, run.stderr
    assert run.stdout == _clean_csv()
    assert "not a chipwatch results store" in run.stderr
    kept = next(cache.glob(f"{DB_NAME}.corrupt-*"))
    assert sqlite3.connect(kept).execute("SELECT score FROM results").fetchone() == (0.5,)


def test_a_warm_run_does_not_wait_for_another_process_writing(tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    first = _run("clean", str(SAMPLE), "--explain", "--cache-dir", cache)
    assert first.returncode == 0
    writer = sqlite3.connect(Path(cache) / DB_NAME, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT OR REPLACE INTO results VALUES ('other', 'k', x'00', 0)")
    try:
        warm = _run("clean", str(SAMPLE), "--explain", "--cache-dir", cache, timeout=40)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout == first.stdout


def test_rows_of_the_wrong_shape_are_recomputed(tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    first = _run("clean", str(SAMPLE), "--explain", "--cache-dir", cache)
    assert first.returncode == 0
    db = sqlite3.connect(Path(cache) / DB_NAME)
    for shape in ([1, 2], "text", {}, None, b"not marshal data"):
        value = zlib.compress(shape if isinstance(shape, bytes) else marshal.dumps(shape))
        db.execute("UPDATE results SET value = ?", (value,))
        db.commit()
        run = _run("clean", str(SAMPLE), "--explain", "--cache-dir", cache)
        assert run.returncode == 0, run.stderr
        assert run.stdout == first.stdout
    db.close()


def _damaged_values_are_recomputed(
    tmp_path: Path, kind: str, command: tuple[str, ...], shapes: tuple[bytes, ...]
) -> None:
    """Fill a store with ``entities``, then write each of ``shapes`` over every stored
    value of ``kind``: ``command`` must print what it prints from scratch, every time."""
    cache = str(tmp_path / "cache")
    assert _run("entities", str(SAMPLE), "--csv", "--cache-dir", cache).returncode == 0
    expected = _run(*command, "--no-cache")
    assert expected.returncode == 0, expected.stderr
    db = sqlite3.connect(Path(cache) / DB_NAME)
    for value in shapes:
        db.execute("UPDATE results SET value = ? WHERE kind = ?", (value, kind))
        db.commit()
        run = _run(*command, "--cache-dir", cache)
        assert run.returncode == 0, run.stderr
        assert run.stdout == expected.stdout
    db.close()


def test_damaged_or_misshapen_mention_packs_are_recomputed(tmp_path: Path) -> None:
    """Mentions are held as the store keeps them (packed bytes), so each stored pack is
    checked when read: a damaged one is computed again, never shown or a traceback."""
    shapes = (
        b"not zlib data",
        zlib.compress(b"not marshal data"),
        zlib.compress(marshal.dumps((["A"], ["ORG"], ["A"], [0]))),  # a column missing
        zlib.compress(marshal.dumps((["A"], ["ORG"], ["A"], [0], []))),  # unequal columns
    )
    _damaged_values_are_recomputed(tmp_path, "ents", ("entities", str(SAMPLE), "--csv"), shapes)


def test_damaged_or_misshapen_drop_lists_are_recomputed(tmp_path: Path) -> None:
    """Drop lists are stored as held (packed columns) and checked when read back by
    ``--explain``: a damaged one is computed again, never shown or a traceback."""
    shapes = (
        b"not zlib data",
        zlib.compress(marshal.dumps([[1], ["junk"]])),  # a column missing
        zlib.compress(marshal.dumps([[1], ["junk"], ["a", "b"]])),  # unequal columns
        zlib.compress(marshal.dumps([["1"], ["junk"], ["a"]])),  # a field of another type
    )
    command = ("clean", str(SAMPLE), "--explain")
    _damaged_values_are_recomputed(tmp_path, "drops", command, shapes)


def test_four_runs_at_once_sharing_one_store_give_one_runs_output(tmp_path: Path) -> None:
    expected = _clean_csv()
    cache = str(tmp_path / "cache")
    runs = [
        subprocess.Popen(
            [CHIPWATCH, "clean", str(SAMPLE), "--explain", "--cache-dir", cache],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for run in runs:
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
        assert stdout == expected
        assert "Traceback" not in stderr
