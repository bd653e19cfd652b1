"""A warm rerun, in a real subprocess: every result comes from the store, so the run loads
none of the heavy libraries (spaCy, scikit-learn, pandas, numpy, pydantic), and it writes
what the cold run wrote."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SAMPLE_DIR

#: Libraries a warm rerun of a table command has no use for.
HEAVY = ("spacy", "sklearn", "pandas", "numpy", "pydantic", "thinc", "scipy")

# Runs the command line as the installed script does, then reports on stderr which
# top-level packages the process imported (the output itself goes to stdout unchanged).
_PROBE = r"""
import json, sys
sys.argv = ["chipwatch", *sys.argv[1:]]
code = 0
try:
    from chipwatch.cli import main
    main()
except SystemExit as exc:
    code = exc.code or 0
loaded = sorted({name.split(".")[0] for name in sys.modules})
sys.stderr.write("\nMODULES " + json.dumps(loaded) + "\n")
sys.exit(code)
"""


def _run(args: list[str]) -> tuple[str, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stderr.splitlines() if x.startswith("MODULES "))
    return proc.stdout, set(json.loads(line[len("MODULES ") :]))


@pytest.fixture(scope="module")
def warm_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The sample corpus and a store that holds its entities (one cold run per format)."""
    root = tmp_path_factory.mktemp("warm")
    corpus, store = root / "raw", root / "store"
    shutil.copytree(SAMPLE_DIR, corpus)
    cold: dict[str, str] = {}
    cold["csv"], modules = _run(_args(corpus, store, "--format", "csv"))
    assert "spacy" in modules  # the probe sees what a run imports
    cold["json"], _ = _run(_args(corpus, store, "--format", "json", "--no-cache"))
    return corpus, store, cold


def _args(corpus: Path, store: Path, *extra: str) -> list[str]:
    return ["entities", str(corpus), "--cache-dir", str(store), "--jobs", "1", *extra]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_warm_rerun_imports_no_heavy_library_and_writes_the_same(
    warm_store: tuple[Path, Path, dict[str, str]], fmt: str
) -> None:
    corpus, store, cold = warm_store
    out, modules = _run(_args(corpus, store, "--format", fmt))
    assert out == cold[fmt]
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


@pytest.mark.parametrize(
    "extra",
    [
        ["--format", "table"],
        ["--format", "tsv", "--label", "ORG", "--top", "5"],
        ["--format", "jsonl", "--per-doc", "--top", "3"],
        ["--csv", "--pairs"],
        ["--csv", "--evidence", "--columns", "entity,snippet"],
    ],
)
def test_warm_views_of_entities_import_no_heavy_library(
    warm_store: tuple[Path, Path, dict[str, str]], extra: list[str]
) -> None:
    corpus, store, _ = warm_store
    _run(_args(corpus, store, *extra))  # stores what this view needs beyond the first
    out, modules = _run(_args(corpus, store, *extra))
    assert out.strip()
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


@pytest.mark.parametrize(
    "command",
    [["kwic", "export controls"], ["docs"], ["clean", "--format", "csv"], ["clean", "--explain"]],
)
def test_other_warm_table_commands_import_no_heavy_library(
    warm_store: tuple[Path, Path, dict[str, str]], command: list[str]
) -> None:
    corpus, store, _ = warm_store
    args = [*command, str(corpus), "--cache-dir", str(store), "--jobs", "1", "--csv"]
    _run(args)  # stores what this command needs beyond the entities
    out, modules = _run(args)
    assert len(out.splitlines()) > 1
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))
