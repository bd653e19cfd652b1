"""Two inputs are never one document: names keep files apart in every table and in
``clean --out``; one file given twice is read once."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chipwatch.corpus import find_sources
from chipwatch.files import output_name

CHIPWATCH = Path(sys.executable).parent / "chipwatch"
PAGE = (
    "{title}\nThe ministry said on Tuesday that new licensing rules would apply to every "
    "exporter of advanced tools, and that companies had three months to comply with them.\n"
)


def _two_folders(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "A", tmp_path / "B"
    for folder, title in ((first, "Alpha rules tighten"), (second, "Beta rules loosen")):
        folder.mkdir()
        (folder / "x.txt").write_text(PAGE.format(title=title), encoding="utf-8")
    return first, second


def test_one_relative_name_in_two_folders_gives_two_documents(tmp_path: Path) -> None:
    first, second = _two_folders(tmp_path)
    names = [s.name for s in find_sources([str(first), str(second)])]
    assert len(set(names)) == 2
    assert all(name.endswith("x.txt") for name in names)


def test_a_folder_given_twice_is_read_once(tmp_path: Path) -> None:
    first, _ = _two_folders(tmp_path)
    assert [s.name for s in find_sources([str(first), str(first), str(first / "x.txt")])] == [
        "x.txt"
    ]


def test_names_that_print_alike_stay_apart(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "a\nb.txt").write_text(PAGE.format(title="One"), encoding="utf-8")
    (folder / "a\\nb.txt").write_text(PAGE.format(title="Two"), encoding="utf-8")
    names = [s.name for s in find_sources([str(folder)])]
    assert len(names) == 2 and len(set(names)) == 2


def test_docs_and_clean_out_keep_two_folders_apart(tmp_path: Path) -> None:
    first, second = _two_folders(tmp_path)
    env = {**os.environ, "NO_COLOR": "1"}
    docs = subprocess.run(
        [str(CHIPWATCH), "docs", "A", "B", "--csv", "--no-cache", "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    rows = list(csv.DictReader(io.StringIO(docs.stdout)))
    assert [r["file"] for r in rows] == [str(Path("A") / "x.txt"), str(Path("B") / "x.txt")]
    subprocess.run(
        [str(CHIPWATCH), "clean", str(first), str(second), "--out", "out", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        env=env,
        check=True,
    )
    written = sorted(p for p in (tmp_path / "out").rglob("*.txt"))
    assert len(written) == 2
    assert {p.read_text(encoding="utf-8").splitlines()[0] for p in written} == {
        "Alpha rules tighten",
        "Beta rules loosen",
    }


def test_output_name_keeps_whole_paths_apart_when_asked() -> None:
    assert output_name("/data/A/x.txt") == "x.txt"
    assert output_name("/data/A/x.txt", whole=True) == "data/A/x.txt"
    assert output_name("../A/x.txt", whole=True) == "__/A/x.txt"


def test_bidi_controls_in_a_file_name_are_shown_escaped() -> None:
    from chipwatch.corpus import display_name

    assert display_name("invoice\u202etxt.exe") == "invoice\\u202etxt.exe"


def test_a_taxonomy_with_nan_weights_or_control_names_is_refused(tmp_path: Path) -> None:
    from chipwatch.errors import TaxonomyError
    from chipwatch.themes import load_taxonomy

    bad_weight = tmp_path / "w.toml"
    bad_weight.write_text("[themes.chips]\nterms = { chip = nan }\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="finite"):
        load_taxonomy(bad_weight)
    bad_name = tmp_path / "n.toml"
    bad_name.write_text('[themes."a\\u001bb"]\nterms = ["chip"]\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match="control characters"):
        load_taxonomy(bad_name)


def test_the_store_is_private_and_clear_removes_set_aside_copies(tmp_path: Path) -> None:
    from chipwatch.store import DB_NAME, Store

    folder = tmp_path / "cache"
    with Store.open(folder) as store:
        assert (folder / DB_NAME).stat().st_mode & 0o777 == 0o600
        assert folder.stat().st_mode & 0o777 == 0o700
        aside = folder / f"{DB_NAME}.corrupt-1"
        aside.write_text("old document text", encoding="utf-8")
        store.clear()
    assert not aside.exists()


def test_outputs_never_overwrite_inputs_nor_replace_devices(tmp_path: Path) -> None:
    pages = tmp_path / "in"
    pages.mkdir()
    page = pages / "a.txt"
    page.write_text(PAGE.format(title="Alpha rules tighten"), encoding="utf-8")
    before = page.read_bytes()
    env = {**os.environ, "NO_COLOR": "1"}
    over = subprocess.run(
        [str(CHIPWATCH), "docs", str(pages), "--no-cache", "--report", str(page)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert over.returncode != 0 and "overwrite an input" in over.stderr
    assert page.read_bytes() == before
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    done = subprocess.run(
        [str(CHIPWATCH), "docs", str(pages), "--no-cache", "--quiet", "--report", str(fifo)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    received = reader.communicate(timeout=60)[0]
    assert done.returncode == 0, done.stderr
    assert b'"processed"' in received and fifo.is_fifo()


def test_a_store_damaged_in_the_middle_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    from chipwatch.store import DB_NAME, Store

    folder = tmp_path / "cache"
    with Store.open(folder) as store:
        store.put_many("read", {f"key{i}": "x" * 2000 for i in range(400)})
    data = bytearray((folder / DB_NAME).read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 3 * 4096] = bytes(3 * 4096)
    (folder / DB_NAME).write_bytes(bytes(data))
    with Store.open(folder) as store:
        assert store.get_many("read", [f"key{i}" for i in range(400)]) == {}
        assert any("set aside" in warning for warning in store.warnings)
        store.put_many("read", {"key0": "fresh"})
        assert store.get_many("read", ["key0"]) == {"key0": "fresh"}
    assert list(folder.glob(f"{DB_NAME}.corrupt-*"))


def test_a_deep_tree_is_walked_without_recursion(tmp_path: Path) -> None:
    # A tree deeper than the interpreter's recursion limit, made cheaply: the limit is
    # lowered for the walk instead of building 1,100 real levels (which other tools,
    # and pytest's own clean-up, could not remove).
    import inspect

    depth = 150
    folder = tmp_path / "deep"
    here = folder.joinpath(*["d"] * depth)
    here.mkdir(parents=True)
    (here / "a.txt").write_text(PAGE.format(title="Deep"), encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + depth // 2)
    try:
        sources = find_sources([str(folder)])  # no RecursionError
    finally:
        sys.setrecursionlimit(limit)
    assert [s.name for s in sources] == ["/".join(["d"] * depth + ["a.txt"])]


def test_a_vanished_file_and_a_closed_stdin_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chipwatch.corpus import read_bytes
    from chipwatch.models import Skip

    page = tmp_path / "gone.txt"
    page.write_text("x", encoding="utf-8")
    (source,) = find_sources([str(page)])
    page.unlink()
    gone = read_bytes(source)
    assert isinstance(gone, Skip) and "vanished" in gone.detail
    monkeypatch.setattr(sys, "stdin", None)
    (stdin,) = find_sources(["-"])
    closed = read_bytes(stdin)
    assert isinstance(closed, Skip) and "closed" in closed.detail


def test_clean_out_writes_a_file_with_a_long_name(tmp_path: Path) -> None:
    pages = tmp_path / "in"
    pages.mkdir()
    name = "n" * 240 + ".txt"
    (pages / name).write_text(PAGE.format(title="Long name"), encoding="utf-8")
    done = subprocess.run(
        [str(CHIPWATCH), "clean", str(pages), "--out", str(tmp_path / "out"), "--no-cache"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / name).is_file()


def test_clean_out_inside_the_inputs_is_refused_before_any_work(tmp_path: Path) -> None:
    first, _ = _two_folders(tmp_path)
    done = subprocess.run(
        [str(CHIPWATCH), "clean", str(first), "--out", str(first / "cleaned"), "--no-cache"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert done.returncode == 2 and "outside the inputs" in done.stderr
    assert not (first / "cleaned").exists()
