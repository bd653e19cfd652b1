"""A page being resolved: its text, and the look-ups the mention rules make in it.

Some rules ask about the page around a mention: the line it stands on (is it a
headline?), or whether the page writes a name with a capitalised article anywhere. Asked
of the text directly, each question costs the length of the line or of the page, and a
page written as one long line has as many mentions as it has names: resolution became
quadratic. Here each answer comes from an index built once per page, so resolving a
mention costs the same on a page of any length or layout.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from itertools import accumulate

__all__ = ["Page"]

# A capitalised article ("The", "A", "An", in any case after the capital) where no
# sentence starts: after a lower-case word or a comma on the same line (group 1), or
# right after an opening quote or bracket (group 2). Only the context is consumed, so
# "in The The" finds both.
_WRITTEN_ARTICLE = re.compile(
    r"(?:([a-z,;:][ \t]+)|([\"\u201c\u2018'(]))(?=(?:T[Hh][Ee]|A[Nn]?)\s)"
)
# What must follow the name in each case (see ``spans._without_article``).
_AFTER_IN_TEXT = re.compile(r"(?![\w-])")
_AFTER_IN_QUOTES = re.compile(r"[.,!?]?[\"\u201d\u2019')]")
#: Characters of a name used to find the places it may be written.
_KEY = 6


class Page:
    """One document's text with its line breaks and written articles indexed on demand.

    Attributes:
        text: the text the mentions' offsets point into.
        memo: answers of per-line or per-name rules, by the rule's own key, so a
            question about one line or one name is answered once per page.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.memo: dict[tuple[str, object], bool] = {}
        self._breaks: list[int] | None = None
        self._articles: dict[str, list[tuple[int, bool]]] | None = None

    def line_around(self, start: int, end: int) -> tuple[int, int]:
        """From the start of the line holding ``start`` to the end of the line holding
        ``end`` (line breaks excluded)."""
        if self._breaks is None:
            lengths = (len(line) + 1 for line in self.text.split("\n"))
            self._breaks = [at - 1 for at in accumulate(lengths)][:-1]
        breaks = self._breaks
        before = bisect_left(breaks, start)
        after = bisect_left(breaks, end)
        line_start = breaks[before - 1] + 1 if before else 0
        return line_start, breaks[after] if after < len(breaks) else len(self.text)

    def writes_with_article(self, name: str) -> bool:
        """Whether the page writes ``name`` (which starts with a capitalised article) where
        no sentence starts: after a lower-case word or a comma on the same line and not
        followed by a word character, or alone inside quotes or brackets (a title, a
        credit: "said The Information", 'author of "The Digital War"')."""
        key = ("article", name)
        if key not in self.memo:
            self.memo[key] = self._writes_with_article(name)
        return self.memo[key]

    def _writes_with_article(self, name: str) -> bool:
        if self._articles is None:
            self._articles = defaultdict(list)
            for match in _WRITTEN_ARTICLE.finditer(self.text):
                at = match.end()
                self._articles[self.text[at : at + _KEY]].append((at, match.group(1) is not None))
        if len(name) >= _KEY:
            candidates = self._articles.get(name[:_KEY], [])
        else:
            candidates = [
                c for k, found in self._articles.items() if k.startswith(name) for c in found
            ]
        for at, in_text in candidates:
            if not self.text.startswith(name, at):
                continue
            after = _AFTER_IN_TEXT if in_text else _AFTER_IN_QUOTES
            if after.match(self.text, at + len(name)):
                return True
        return False
