"""Exceptions the library raises and the exit codes the CLI maps them to.

The library never prints or exits; it raises one of these with a message that says
what happened and what to do, and ``cli`` turns it into a one-line error and a code.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


class ChipwatchError(Exception):
    """Base class: a problem the user can fix; ``exit_code`` says how the CLI exits."""

    exit_code: ExitCode = ExitCode.ERROR


class UsageError(ChipwatchError):
    """Bad arguments or paths, found before any work started."""

    exit_code = ExitCode.USAGE


class ModelNotFoundError(UsageError):
    """The requested spaCy pipeline is not installed (found before any work starts)."""


class TaxonomyError(UsageError):
    """A theme taxonomy file is missing or malformed."""


class GazetteerError(UsageError):
    """A gazetteer file is missing or malformed."""


class JunkPatternsError(UsageError):
    """A junk-pattern file for the cleaner is missing or malformed."""


class NotFittedError(ChipwatchError):
    """An estimator was used before ``fit`` (scikit-learn's ``check_is_fitted`` rule)."""


class NothingProcessedError(ChipwatchError):
    """Every input was skipped, so there is no result to show."""


class OutputError(ChipwatchError):
    """An output file or directory could not be written."""


class CacheError(ChipwatchError):
    """The results store cannot be opened or written (permissions, full disk)."""

    exit_code = ExitCode.ERROR
