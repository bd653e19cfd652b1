"""Golden outputs: every command and main option on the sample corpus, pinned byte for byte.

These tests hold the product's behaviour still while its code moves: a refactor that
changes any of these outputs fails here, with a diff. When a change of output is
intended, regenerate the files and review the diff in the commit::

    CHIPWATCH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

Each command runs through the real CLI (in-process, the real model loaded once) on a
private copy of ``data/raw`` with a private results store. Every case runs twice: the
first run computes (and stores) its results, the second reads them back from the store,
so both paths are pinned to the same bytes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chipwatch.cli import app

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("CHIPWATCH_UPDATE_GOLDEN") == "1"

runner = CliRunner()

#: name of the golden file → the command line after ``chipwatch`` (PATH is appended).
CASES: dict[str, list[str]] = {
    "clean": ["clean"],
    "clean_json": ["clean", "--json"],
    "clean_explain": ["clean", "--explain", "--csv"],
    "clean_keep_metadata": ["clean", "--keep-metadata", "--csv"],
    "docs": ["docs", "--csv"],
    "entities": ["entities", "--csv"],
    "entities_all_labels": [
        "entities",
        "--csv",
        *("--label", "DATE", "--label", "MONEY", "--label", "CARDINAL", "--label", "PERCENT"),
    ],
    "entities_org_top": ["entities", "--label", "ORG", "--top", "5", "--json"],
    "entities_per_doc": ["entities", "--per-doc", "--csv"],
    "entities_evidence": ["entities", "--evidence", "--csv"],
    "entities_per_doc_evidence": ["entities", "--per-doc", "--evidence", "--json"],
    "entities_pairs": ["entities", "--pairs", "--csv"],
    "entities_pairs_document": ["entities", "--pairs", "--scope", "document", "--csv"],
    "entities_dedupe": ["entities", "--dedupe", "--csv"],
    "entities_no_clean": ["entities", "--no-clean", "--csv"],
    "keywords": ["keywords", "--csv"],
    "keywords_per_doc": ["keywords", "--per-doc", "--top", "15", "--json"],
    "keywords_no_clean": ["keywords", "--no-clean", "--per-doc", "--csv"],
    "themes": ["themes", "--csv"],
    "themes_all": ["themes", "--all", "--json"],
    "themes_summary": ["themes", "--summary", "--csv"],
    "themes_summary_by_month": ["themes", "--summary", "--by", "month", "--csv"],
    "themes_discover": ["themes", "--discover", "3"],
    "dups": ["dups", "--csv"],
    "dups_singletons": ["dups", "--singletons", "--threshold", "0.1", "--csv"],
    "quotes": ["quotes", "--csv"],
    "quotes_summary": ["quotes", "--summary", "--csv"],
    "quotes_huang_indirect": ["quotes", "--speaker", "Huang", "--kind", "indirect", "--json"],
    "quotes_dedupe": ["quotes", "--dedupe", "--json"],
    "kwic_united_states": ["kwic", "United States", "--csv"],
    "kwic_nvidia": ["kwic", "Nvidia", "--width", "20", "--json"],
    "trends_entities": ["trends", "--csv"],
    "trends_themes_week": ["trends", "--what", "themes", "--by", "week", "--csv"],
    "trends_keywords": ["trends", "--what", "keywords", "--csv"],
    "diff_entities": ["diff", "--since", "2025-03-01", "--csv"],
    "diff_themes": ["diff", "--since", "2025-03-01", "--what", "themes", "--csv"],
    "diff_keywords": [
        "diff",
        "--since",
        "2025-03-01",
        "--until",
        "2025-06-30",
        "--what",
        "keywords",
        "--csv",
    ],
}

_COMMAND_LINE = re.compile(r'<p class="command">.*?</p>', re.DOTALL)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory, nlp: object) -> Path:
    """A private copy of the sample corpus (the real model is loaded before any case)."""
    import shutil

    from .conftest import SAMPLE_DIR

    target = tmp_path_factory.mktemp("golden") / "raw"
    shutil.copytree(SAMPLE_DIR, target)
    return target


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("golden-store")


def _invoke(args: list[str], corpus: Path, store: Path) -> str:
    result = runner.invoke(app, [*args, str(corpus), "--cache-dir", str(store), "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path.name} is missing: run with CHIPWATCH_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file"


@pytest.mark.parametrize("name", sorted(CASES))
def test_command_output_is_pinned(name: str, corpus_dir: Path, store_dir: Path) -> None:
    cold = _invoke(CASES[name], corpus_dir, store_dir)
    _check(f"{name}.txt", cold)
    warm = _invoke(CASES[name], corpus_dir, store_dir)
    assert warm == cold, f"{name}: a rerun from the results store printed something else"


def test_report_is_pinned(corpus_dir: Path, store_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = runner.invoke(
        app,
        ["report", str(corpus_dir), "-o", str(target), "--cache-dir", str(store_dir)],
    )
    assert result.exit_code == 0, result.stderr
    html = _COMMAND_LINE.sub('<p class="command"></p>', target.read_text(encoding="utf-8"))
    _check("report.html", html)


def test_every_golden_file_has_a_case() -> None:
    """A golden file whose case was removed is stale: delete it or restore the case."""
    if UPDATE:
        pytest.skip("regenerating")
    names = {f"{name}.txt" for name in CASES} | {"report.html"}
    assert {p.name for p in GOLDEN.iterdir()} == names
