"""File patterns for directory walks: which files a walk takes (``--glob``) and which
files and folders it leaves out (``--exclude``).

Patterns follow ripgrep's and gitignore's conventions. A pattern without a slash matches
a name at any depth (``*.txt``); a pattern with a slash matches the path relative to the
directory given (``sub/*.txt``; a leading slash only anchors); ``**`` matches any number
of folders, none included (``**/*.txt``, ``2025/**``). ``*``, ``?`` and ``[abc]`` never
match a slash. The gzip twin of a matching file (``page.txt.gz``) matches too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Globs", "pattern_regex"]


@functools.cache
def pattern_regex(pattern: str) -> re.Pattern[str]:
    """The regular expression of one pattern, matched against a whole relative path
    (anchored patterns) or a whole name."""
    body = pattern.strip("/") if "/" in pattern.rstrip("/") else pattern.rstrip("/")
    out: list[str] = []
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("/**", i) and i + 3 == len(body):
            out.append("(?:/.*)?")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            piece, i = _one(body, i)
            out.append(piece)
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def _one(body: str, i: int) -> tuple[str, int]:
    """The regex of the pattern element at ``i``, and where the next one starts."""
    char = body[i]
    if char == "*":
        return "[^/]*", i + 1
    if char == "?":
        return "[^/]", i + 1
    if char == "[":
        end = body.find("]", i + 2 if body[i + 1 : i + 2] in ("!", "^") else i + 1)
        if end != -1:
            inner = body[i + 1 : end].replace("\\", "\\\\")
            if inner[:1] in ("!", "^"):
                inner = "^" + inner[1:]
            return f"(?!/)[{inner}]", end + 1
    return re.escape(char), i + 1


def _anchored(pattern: str) -> bool:
    return "/" in pattern.rstrip("/")


def _matches(pattern: str, relative: str) -> bool:
    subject = relative if _anchored(pattern) else relative.rsplit("/", 1)[-1]
    return pattern_regex(pattern).match(subject) is not None


@dataclass(frozen=True)
class Globs:
    """The include and exclude patterns of one walk.

    Attributes:
        include: a file is taken when one of these matches it.
        exclude: a file or folder is left out when one of these matches it (a folder's
            whole tree with it).
    """

    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    @classmethod
    def of(cls, include: str | Sequence[str], exclude: Sequence[str] = ()) -> Globs:
        """Globs from one pattern or several."""
        patterns = (include,) if isinstance(include, str) else tuple(include)
        return cls(patterns, tuple(exclude))

    def takes(self, relative: str) -> bool:
        """True when the file at ``relative`` (a POSIX path below the root) is an input."""
        if self.leaves(relative):
            return False
        names = [relative, relative[:-3]] if relative.endswith(".gz") else [relative]
        return any(_matches(p, name) for p in self.include for name in names)

    def leaves(self, relative: str) -> bool:
        """True when an exclude pattern matches the file or folder at ``relative``."""
        return any(_matches(p, relative) for p in self.exclude)

    def describe(self) -> str:
        """The patterns as a message names them."""
        shown = " or ".join(f"'{p}'" for p in self.include)
        return shown + (f" (excluding {', '.join(self.exclude)})" if self.exclude else "")
