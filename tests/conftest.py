"""Shared fixtures: the real spaCy model, loaded once per test session, and real files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "raw"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's results store: one private store per run."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    # Nor the user's own settings file.
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("xdg-config"))
    os.environ.pop("CHIPWATCH_CACHE_DIR", None)


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The real default pipeline with the shipped gazetteer, loaded once (cached in nlp.py)."""
    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.nlp import load_pipeline

    return load_pipeline(patterns=load_gazetteer().ruler_patterns())


@pytest.fixture()
def sample_dir(tmp_path: Path) -> Path:
    """A private copy of the sample corpus, so no test can touch the real inputs."""
    target = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, target)
    return target
