"""Writing what chipwatch produces: atomic files, output names.

Inputs are never modified and an interrupted run never leaves a half-written file: every
output goes to a temporary file in the target's directory and is renamed over the target
in one step. Kept apart from ``corpus`` (which only reads) so that writing has one home.
"""

from __future__ import annotations

import itertools
import os
import stat
import sys
from collections.abc import Collection
from pathlib import Path

from chipwatch.errors import OutputError, UsageError
from chipwatch.models import STDIN


def output_name(name: str, *, whole: bool = False) -> str:
    """Where a document's derived file goes, relative to an output directory.

    Relative names keep their sub-path; absolute paths or names that climb out with
    ``..`` keep only their base name (with ``whole``, their whole path below the root,
    ``..`` written ``__``: what keeps two such inputs apart), and standard input becomes
    ``stdin.txt``.
    """
    if name == STDIN:
        return "stdin.txt"
    path = Path(name)
    if path.is_absolute() or ".." in path.parts:
        if not whole:
            return path.name
        parts = ["__" if part == ".." else part for part in path.parts if part != path.anchor]
        return Path(*parts).as_posix()
    return path.as_posix()


#: Temporary files are named ``.chipwatch-PID-…``: a later run can tell the leftovers of
#: a killed run (whose process is gone) from another live run's files.
_TEMP_PREFIX = ".chipwatch-"


#: Numbers the temporary files of this process (with its PID, a name no other live run
#: can be using; an exclusive create still guards against a leftover of the same name).
_TEMP_NUMBERS = itertools.count()


def _new_temporary(folder: Path) -> tuple[int, str]:
    """Create a temporary file in ``folder``: its descriptor, open for writing, and name.

    Created with the usual mode (0666 less the umask), as the file it will become; the
    name has a short fixed prefix, as one built from a long file name would pass the
    255-byte limit of a name. Cheaper than ``tempfile``, whose random names and private
    mode (changed afterwards) cost more than writing a cleaned page."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        name = os.path.join(folder, f"{_TEMP_PREFIX}{os.getpid()}-{next(_TEMP_NUMBERS)}")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue


def remove_stale_temporaries(folder: Path) -> int:
    """Delete the temporary files a killed run left under ``folder`` (SIGKILL runs no
    clean-up); those of a run still alive are left alone. Returns how many went."""
    removed = 0
    for path in folder.rglob(f"{_TEMP_PREFIX}*-*"):
        pid = path.name[len(_TEMP_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and path.is_file():
            try:
                path.unlink()
            except OSError:
                continue
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` via a temporary file and a rename: never a partial file.

    Raises:
        OutputError: the directory cannot be created or the file cannot be written.
    """
    tmp_name = ""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, tmp_name = _new_temporary(target.parent)
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp_name, target)
    except BaseException as exc:
        # Also on Ctrl-C / SIGTERM: an interrupted write leaves no temporary file behind.
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        raise OutputError(
            f"{target}: cannot write: {exc.strerror or exc}. "
            "Check that the directory is writable and the disk has space."
        ) from exc


def check_target(name: str) -> Path | None:
    """The file an ``-o``/``--output`` value names, checked before any work (None: stdout).

    Raises:
        UsageError: the value is empty, names a folder (an existing one, or any name
            ending in a slash), or a file inside something that is not a folder.
    """
    if name == "-":
        return None
    target = Path(name)
    if not name or name.endswith(("/", os.sep)) or target.is_dir():
        raise UsageError(
            f"-o {name}: names a folder. Give a file name (in it, if you like), or - for stdout."
        )
    parent = next((p for p in target.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise UsageError(f"-o {name}: {parent} is not a folder. Give another file name.")
    return target


def write_output(target: Path, text: str, *, inputs: Collection[Path] = ()) -> None:
    """Write a command's output file (a report, a run report) where the user asked.

    ``-`` is standard output. An existing device, FIFO or symbolic link is written
    through, never replaced by a rename (``--report /dev/null`` stays a device); a
    regular file is written atomically (:func:`write_atomic`). No output goes over an
    input file.

    Raises:
        OutputError: the target is an input or a folder, or cannot be written.
    """
    if str(target) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    resolved = target.resolve()
    if resolved in {path.resolve() for path in inputs}:
        raise OutputError(
            f"{target}: writing here would overwrite an input file. Choose another file."
        )
    if target.is_dir():
        raise OutputError(f"{target}: is a folder. Give a file name, e.g. {target / 'out.html'}.")
    if target.is_symlink() or (target.exists() and not stat.S_ISREG(target.stat().st_mode)):
        try:
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write: {exc.strerror or exc}.") from exc
        return
    write_atomic(target, text)
