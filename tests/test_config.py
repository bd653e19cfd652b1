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
    assert settings.glob == ("*.text",)  # flag beats file
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


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("batch_size = 0", "between 1 and"),
        ("batch_size = -3", "between 1 and"),
        ("max_bytes = -1", "between 1 and"),
        ("max_bytes = 99999999999999999999999", "between 1 and"),
        ("dedupe_threshold = nan", "finite"),
        ("min_relevance = 1.5", "between 0 and 1"),
        ('glob = ""', "non-empty"),
        ("glob = 3", "non-empty"),
        ('cache_dir = ""', "invalid value"),
        ('engine = "spark"', "'local' or 'dask'"),
        ("jobs = -2", "between 0 and"),
        ("clean = 3", "invalid value"),
    ],
)
def test_a_value_out_of_range_names_its_file(tmp_path: Path, line: str, problem: str) -> None:
    (tmp_path / "chipwatch.toml").write_text(line + "\n")
    with pytest.raises(UsageError, match=problem) as raised:
        load_settings(cwd=tmp_path, environ={})
    assert "chipwatch.toml" in str(raised.value)


def test_an_environment_value_names_its_variable(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="CHIPWATCH_BATCH_SIZE"):
        load_settings(cwd=tmp_path, environ={"CHIPWATCH_BATCH_SIZE": "0"})


def test_the_engine_setting_holds_unless_a_flag_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chipwatch.options import Engine, Inputs, Nlp, settings_for

    (tmp_path / "chipwatch.toml").write_text('engine = "dask"\n')
    monkeypatch.chdir(tmp_path)
    inputs = Inputs(paths=[str(tmp_path)])
    assert settings_for(inputs, Nlp()).engine == "dask"
    assert settings_for(inputs, Nlp(engine=Engine.LOCAL)).engine == "local"


def test_user_settings_file_sits_below_the_project_file(tmp_path: Path) -> None:
    user = tmp_path / "xdg" / "chipwatch" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text('model = "from_user"\njobs = 3\n')
    project = tmp_path / "project"
    project.mkdir()
    (project / "chipwatch.toml").write_text('model = "from_project"\n')
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    settings = load_settings(cwd=project, environ=env)
    assert (settings.model, settings.jobs) == ("from_project", 3)
    user.write_text("jobs = -1\n")
    with pytest.raises(UsageError, match=r"setting 'jobs' \(.*config\.toml\)"):
        load_settings(cwd=project, environ=env)
