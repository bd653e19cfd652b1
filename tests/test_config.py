"""Settings layering: defaults < config file < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipwatch.config import Settings, load_settings
from chipwatch.errors import UsageError


def test_defaults(tmp_path: Path) -> None:
    assert load_settings(cwd=tmp_path, environ={}) == Settings()


def test_layering_order(tmp_path: Path) -> None:
    (tmp_path / "chipwatch.toml").write_text('model = "from_file"\nglob = "*.md"\nbatch-size = 4\n')
    env = {"CHIPWATCH_MODEL": "from_env", "CHIPWATCH_CLEAN": "false", "OTHER": "x"}
    settings = load_settings({"glob": "*.text", "model": None}, cwd=tmp_path, environ=env)
    assert settings.model == "from_env"  # env beats file
    assert settings.glob == "*.text"  # flag beats file
    assert settings.batch_size == 4  # file beats default
    assert settings.clean is False


def test_pyproject_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.chipwatch]\nmax_bytes = 1000\n")
    assert load_settings(cwd=tmp_path, environ={}).max_bytes == 1000


def test_bad_values_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="batch_size"):
        load_settings(cwd=tmp_path, environ={"CHIPWATCH_BATCH_SIZE": "many"})
    with pytest.raises(UsageError, match="unknown setting"):
        load_settings({"colour": "red"}, cwd=tmp_path, environ={})
    (tmp_path / "chipwatch.toml").write_text("model = [unclosed")
    with pytest.raises(UsageError, match=r"chipwatch\.toml"):
        load_settings(cwd=tmp_path, environ={})
