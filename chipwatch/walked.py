"""Reading a file found by walking a folder, so that what is read is what was checked.

The walk decides which files belong to a folder: regular files below it, and symbolic
links only when asked to follow them and only when they stay inside it. Between the
walk and the read a file can be replaced (by a link to ``/etc/passwd``, by a FIFO that
would block the run). So the file is opened without following a final symbolic link
(``O_NOFOLLOW``) and without blocking (``O_NONBLOCK``), and the *opened descriptor* is
checked to be a regular file: the check and the read are the same act.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from chipwatch.corpus import NOT_REGULAR_FILE, OUTSIDE_ROOT, TOO_LARGE, UNREADABLE, Source
from chipwatch.models import Skip

__all__ = ["NotRegular", "SwappedForLink", "TooLarge", "read_walked", "walked_bytes"]

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class SwappedForLink(Exception):
    """The file became a symbolic link after the walk; ``outside`` says whether it
    leads out of the folder."""

    def __init__(self, outside: bool) -> None:
        super().__init__("outside" if outside else "inside")
        self.outside = outside


class NotRegular(Exception):
    """What was opened is not a regular file (a FIFO, a device, a folder)."""


class TooLarge(Exception):
    """The file is larger than the size cap."""


def read_walked(path: Path, root: Path, *, link: bool, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of ``path``, found below the real folder ``root``.

    ``link`` says the walk reached it through a symbolic link it was asked to follow:
    the link is resolved again now and read only if it still stays inside ``root``.

    Raises:
        SwappedForLink: a regular file of the walk is now a symbolic link, or a followed
            link now leads outside ``root``.
        NotRegular: the opened file is not a regular file.
        TooLarge: the file is larger than ``max_bytes``.
        OSError: it cannot be opened or read (``FileNotFoundError``: it vanished).
    """
    if link:
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(root):
            raise SwappedForLink(outside=True)
        path = real
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SwappedForLink(
                outside=not Path(os.path.realpath(path)).is_relative_to(root)
            ) from exc
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular
        if info.st_size > max_bytes:
            raise TooLarge
        os.set_blocking(handle.fileno(), True)
        return handle.read(max_bytes + 1)


def walked_bytes(source: Source, path: Path, root: Path, max_bytes: int) -> bytes | Skip:
    """The bytes of a walked source, or the skip that says why not."""
    try:
        return read_walked(path, root, link=source.link, max_bytes=max_bytes)
    except SwappedForLink as swapped:
        if swapped.outside:
            return Skip(
                source.name, OUTSIDE_ROOT, "became a link outside the folder during the run"
            )
        return Skip(source.name, NOT_REGULAR_FILE, "became a symbolic link during the run")
    except NotRegular:
        return Skip(source.name, NOT_REGULAR_FILE, "not a regular file")
    except TooLarge:
        return Skip(source.name, TOO_LARGE, f"larger than {max_bytes} bytes")
    except FileNotFoundError:
        return Skip(source.name, UNREADABLE, "the file vanished during the run")
    except OSError as exc:
        return Skip(source.name, UNREADABLE, exc.strerror or str(exc))
