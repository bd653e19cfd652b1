"""Blobs kept out of the main process's memory: written once to an unnamed temporary
file and read back by position (see :class:`chipwatch.packed.PackedTexts`)."""

from __future__ import annotations

import contextlib
import os
from typing import Any

__all__ = ["Spill"]


class Spill:
    """Blobs written once to an unnamed temporary file and read back by position.

    What the main process keeps of every page but reads only now and then (its text)
    need not stay in its memory: the file is removed from the folder as it is made
    (gone with the process, however it ends), and reading a blob back is one system
    call. Where no temporary file can be written, blobs stay in memory.
    """

    def __init__(self) -> None:
        self._file: Any = None
        self._end = 0
        self._kept: list[bytes] = []  # blobs held here when the file cannot be written
        if hasattr(os, "pread"):  # not on Windows: blobs stay in memory there
            import tempfile

            with contextlib.suppress(OSError):
                # Open as long as the blobs are read, closed with this object.
                self._file = tempfile.TemporaryFile(prefix="chipwatch-", buffering=0)  # noqa: SIM115
        self._writing = self._file is not None

    def put(self, blob: bytes) -> int:
        """Keep ``blob``; the number it is read back by."""
        if self._writing:
            try:
                self._file.seek(self._end)
                if self._file.write(blob) != len(blob):
                    raise OSError("short write")
            except OSError:  # the disk is full: hold this blob, and the next ones, here
                self._writing = False
            else:
                at, self._end = self._end, self._end + len(blob)
                return at << 32 | len(blob)
        self._kept.append(blob)
        return -len(self._kept)

    def get(self, ref: int) -> bytes:
        """The blob :meth:`put` gave ``ref`` for."""
        if ref < 0:
            return self._kept[-ref - 1]
        at, size = ref >> 32, ref & 0xFFFFFFFF
        return os.pread(self._file.fileno(), size, at)
