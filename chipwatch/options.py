"""The command line's shared options, declared once and handed to commands as typed bundles.

Every command that reads inputs takes the same dozen options (``--glob``, ``--jobs``,
``--cache-dir``, …) and every command that prints a table the same three format flags. As
spaCy's ``Arg``/``Opt`` aliases and sqlite-utils' ``output_options`` bundle do, each
option is declared here once; :func:`bundled` adds a bundle's options to a command's
signature and passes the command one frozen dataclass (``inputs: Inputs``) instead of a
dozen parameters. The flags are therefore identical in every command by construction.
"""

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from chipwatch.config import DEFAULT_GLOB, DEFAULT_MODEL, MIN_RELEVANCE, Settings, load_settings
from chipwatch.errors import UsageError
from chipwatch.output import Format, Layout

if TYPE_CHECKING:
    from chipwatch.views.checks import Window


class Engine(StrEnum):
    """Where per-document work runs."""

    LOCAL = "local"
    DASK = "dask"


class Scope(StrEnum):
    """Units in which two entities count as mentioned together."""

    SENTENCE = "sentence"
    DOCUMENT = "document"


class Period(StrEnum):
    """Calendar buckets for dates."""

    WEEK = "week"
    MONTH = "month"


class What(StrEnum):
    """Which results to count over time."""

    ENTITIES = "entities"
    THEMES = "themes"
    KEYWORDS = "keywords"


# --- single options used by several commands (aliases, as spaCy's Arg/Opt) ------------------
Paths = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files, directories (all *.txt below, recursively) or - for stdin. Default: "
        "standard input when it is piped, else data/raw.",
        show_default=False,
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", help=f"Installed spaCy pipeline [default: {DEFAULT_MODEL}]."),
]
LabelOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--label", "-l", metavar="LABEL", help="Only entities of these labels: ORG or ORG,PERSON."
    ),
]
TopOpt = Annotated[int | None, typer.Option("--top", min=1, help="Show at most N rows.")]
PerDocOpt = Annotated[bool, typer.Option("--per-doc", help="One ranking per document.")]
GazetteerOpt = Annotated[
    Path | None,
    typer.Option("--gazetteer", help="TOML file that adds to or overrides the shipped gazetteer."),
]
TaxonomyOpt = Annotated[
    Path | None,
    typer.Option("--taxonomy", help="TOML theme taxonomy that replaces the shipped one."),
]
SummaryByOpt = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="With --summary: shares per period of the published dates (published or month; week).",
    ),
]
ExplainOpt = Annotated[
    bool, typer.Option("--explain", help="Each theme's matched terms, with a snippet each.")
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]


CacheDirOpt = Annotated[
    Path | None,
    typer.Option("--cache-dir", help="Results store folder [default: ~/.cache/chipwatch]."),
]


# --- bundles ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Inputs:
    """Which files to read, how, and how to account for them (every reading command)."""

    paths: Paths = None
    glob: Annotated[
        list[str] | None,
        typer.Option(
            "--glob",
            "-g",
            metavar="PATTERN",
            help=f"Files to read in directories (repeatable; 'sub/**/*.txt' works) "
            f"[default: {DEFAULT_GLOB}].",
        ),
    ] = None
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="PATTERN",
            help="Leave out matching files and folders (repeatable).",
        ),
    ] = None
    files_from: Annotated[
        str | None,
        typer.Option(
            "--files-from",
            metavar="LIST",
            help="Also read the files LIST names, one path a line (- : standard input).",
        ),
    ] = None
    hidden: Annotated[
        bool, typer.Option("--hidden", help="Also read hidden files and folders in a directory.")
    ] = False
    follow_symlinks: Annotated[
        bool,
        typer.Option(
            "--follow-symlinks",
            help="Follow symbolic links inside directories (never out of them).",
        ),
    ] = False
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Write a JSON account of every input and skip to FILE."),
    ] = None
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No summary line unless something was skipped.")
    ] = False
    debug: DebugOpt = False
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the results store.")
    ] = False
    cache_dir: CacheDirOpt = None
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Worker processes [default: all cores]."),
    ] = None


@dataclass(frozen=True)
class Output:
    """The output format of a table (every command that prints one)."""

    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format", "-f", help="Output format. Default: table on a terminal, else csv."
        ),
    ] = None
    csv: Annotated[bool, typer.Option("--csv", help="Shortcut for --format csv.")] = False
    json: Annotated[bool, typer.Option("--json", help="Shortcut for --format json.")] = False
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the table to FILE (- is stdout); its extension sets the format.",
        ),
    ] = None
    no_header: Annotated[
        bool, typer.Option("--no-header", help="Leave out the header row (csv, tsv, table).")
    ] = False
    columns: Annotated[
        str | None,
        typer.Option("--columns", metavar="A,B", help="Only these columns, in this order."),
    ] = None
    excel: Annotated[
        bool,
        typer.Option(
            "--excel", help="Spreadsheet-safe csv/tsv: a ' before cells that start with = + - @."
        ),
    ] = False

    @property
    def layout(self) -> Layout:
        """Header, columns and cell escaping asked for."""
        names = tuple(c.strip() for c in (self.columns or "").split(",") if c.strip())
        return Layout(header=not self.no_header, columns=names or None, excel=self.excel)

    @property
    def target(self) -> Path | None:
        """The file ``-o`` names, checked (None: stdout).

        Raises:
            UsageError: ``-o`` names a folder.
        """
        from chipwatch.files import check_target

        return check_target(self.output) if self.output is not None else None

    def chosen(self) -> Format:
        """The format to write: asked for, else the ``-o`` file's extension, else
        ``table`` on a terminal and ``csv`` elsewhere."""
        from chipwatch.output import default_format, format_for

        target = self.target
        if self.format is not None:
            return self.format
        if target is not None:
            return format_for(target)
        return default_format()

    @property
    def format(self) -> Format | None:
        """The one format asked for (None: the default for where stdout goes).

        Raises:
            UsageError: two different formats were asked for.
        """
        chosen = [f for f, on in ((Format.CSV, self.csv), (Format.JSON, self.json)) if on]
        if self.fmt is not None:
            chosen.append(self.fmt)
        if len(set(chosen)) > 1:
            raise UsageError(
                "choose one output format: --format, --csv or --json. Remove the others."
            )
        return chosen[0] if chosen else None


@dataclass(frozen=True)
class Dates:
    """The period of published dates an analysis covers (every analysis command)."""

    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Only documents published on or after DATE, YYYY-MM-DD."
        ),
    ] = None
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Only documents published on or before DATE."),
    ] = None

    @property
    def window(self) -> "Window | None":
        """The period asked for (None: all documents).

        Raises:
            UsageError: a date is not ISO, or ``--until`` is before ``--since``.
        """
        from chipwatch.views.checks import window

        return window(self.since, self.until)


@dataclass(frozen=True)
class Nlp:
    """How the NLP commands analyse the text."""

    model: ModelOpt = None
    no_clean: Annotated[
        bool, typer.Option("--no-clean", help="Analyse the text as given, without cleaning.")
    ] = False
    dedupe: Annotated[
        bool,
        typer.Option("--dedupe", help="Count each cluster of syndicated copies once (see dups)."),
    ] = False
    engine: Annotated[
        Engine | None,
        typer.Option(
            "--engine",
            help="local: this machine; dask: a Dask cluster (see README) [default: local, "
            "or the engine setting].",
        ),
    ] = None
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Address of a running Dask scheduler [default: local]."),
    ] = None
    on_beat: Annotated[
        bool, typer.Option("--on-beat", help="Only pages on the beat (relevance >= 0.4).")
    ] = False
    min_relevance: Annotated[
        float | None,
        typer.Option(
            "--min-relevance",
            min=0.0,
            max=1.0,
            help="Only pages of at least this beat relevance (themes: default 0.4; 0: all).",
        ),
    ] = None
    fast: Annotated[
        bool,
        typer.Option(
            "--fast",
            help="Entities from the gazetteer and rules only, no statistical model: many "
            "times faster, for very large corpora (entities; trends and diff --what entities).",
        ),
    ] = False

    @property
    def relevance(self) -> float | None:
        """The ``min_relevance`` setting these flags ask for (None: not asked)."""
        return MIN_RELEVANCE if self.on_beat and self.min_relevance is None else self.min_relevance


def settings_for(
    inputs: Inputs,
    nlp: Nlp | None = None,
    *,
    model: str | None = None,
    gazetteer: Path | None = None,
    taxonomy: Path | None = None,
    junk_patterns: Path | None = None,
    keep_metadata: bool = False,
    dedupe_threshold: float | None = None,
    dedupe: bool = False,
) -> Settings:
    """The run's settings: defaults < config file < environment < these flags.

    Raises:
        UsageError: a config file or a value is invalid.
    """
    flags: dict[str, Any] = {
        "glob": tuple(inputs.glob) if inputs.glob else None,
        "exclude": tuple(inputs.exclude) if inputs.exclude else None,
        "include_hidden": inputs.hidden or None,
        "follow_symlinks": inputs.follow_symlinks or None,
        "cache": False if inputs.no_cache else None,
        "cache_dir": inputs.cache_dir,
        "jobs": inputs.jobs,
        "model": model,
        "gazetteer": gazetteer,
        "taxonomy": taxonomy,
        "junk_patterns": junk_patterns,
        "keep_metadata": keep_metadata or None,
        "dedupe_threshold": dedupe_threshold,
        "dedupe": dedupe or None,
    }
    if nlp is not None:
        flags |= {
            "model": nlp.model,
            "clean": False if nlp.no_clean else None,
            "dedupe": nlp.dedupe or None,
            "engine": nlp.engine.value if nlp.engine is not None else None,
            "scheduler": nlp.scheduler,
            "min_relevance": nlp.relevance,
            "fast": nlp.fast or None,
        }
    return load_settings(flags)


F = TypeVar("F", bound=Callable[..., Any])


def bundled(command: F) -> F:
    """Give ``command`` the options of each bundle it takes as a keyword-only parameter.

    A parameter annotated with a bundle class (``inputs: Inputs``) is replaced, in the
    signature Typer reads, by the bundle's fields; the call gathers them back into one
    bundle instance.
    """
    hints = _hints(command)
    own: list[inspect.Parameter] = []
    bundles: dict[str, type] = {}
    for param in inspect.signature(command).parameters.values():
        hint = hints[param.name]
        if isinstance(hint, type) and hint in _BUNDLES:
            bundles[param.name] = hint
        else:
            own.append(param.replace(annotation=hint))
    added = [
        inspect.Parameter(
            f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=f.type
        )
        for cls in bundles.values()
        for f in _fields(cls)
    ]
    positional = [p.replace(kind=inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in own]

    @functools.wraps(command)
    def wrapper(**values: Any) -> Any:
        for name, cls in bundles.items():
            values[name] = cls(**{f.name: values.pop(f.name) for f in _fields(cls)})
        return command(**values)

    params = positional + [p.replace(kind=inspect.Parameter.POSITIONAL_OR_KEYWORD) for p in added]
    wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    del wrapper.__wrapped__  # Typer must read the new signature, not the original's
    return wrapper  # type: ignore[return-value]


_BUNDLES = (Inputs, Output, Nlp, Dates)


@functools.cache
def _fields(cls: type) -> tuple[Any, ...]:
    """A bundle's fields with their resolved annotations (resolved once per bundle)."""
    hints = _hints(cls)
    return tuple(_Field(f.name, hints[f.name], f.default) for f in fields(cls))


@dataclass(frozen=True)
class _Field:
    name: str
    type: Any
    default: Any


def _hints(obj: Any) -> dict[str, Any]:
    from typing import get_type_hints

    return get_type_hints(obj, include_extras=True)
