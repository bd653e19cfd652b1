"""Paragraphs ("blocks") of a page dump: lines grouped, classified and weighed.

Inline links split a sentence over several lines of a dump, so lines are grouped back
into paragraphs first and each paragraph is classified as a whole, as in jusText:
``good`` prose, ``near_good``, ``short`` and ``bad``. A paragraph's weight is its
contribution to the prose score that finds the main article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from chipwatch.clean.lines import Line
from chipwatch.clean.patterns import END, JUNK, NEXT
from chipwatch.clean.settings import CleanerSettings

__all__ = [
    "BAD",
    "GOOD",
    "NEAR_GOOD",
    "SHORT",
    "Block",
    "classify",
    "group_blocks",
    "introduced",
    "menu_run",
    "prose",
    "prose_weight",
    "weight",
]

GOOD = "good"
NEAR_GOOD = "near_good"
SHORT = "short"
BAD = "bad"

_LAST_WORD_RE = re.compile(r"[^\W\d_]+$")
_BULLET_RE = re.compile(r"[-–—•*·▪●]\s")
#: The characters a bullet starts with: most lines start otherwise, and skip the regex.
_BULLET_START = frozenset("-–—•*·▪●")
# Characters that start a line continuing the previous one (after an inline link).
_CONTINUATION_START = frozenset(",.;:)]}%’”'\"-–—")
# Headlines in a list of links are short; a longer unpunctuated line full of function words
# is a teaser's lead or a paragraph cut off by a link, not a menu entry.
_MENU_ITEM_MAX_WORDS = 16


@dataclass(slots=True)
class Block:
    """Consecutive lines that read as one paragraph (a sentence split by inline links or
    hard wrapping); classified as a whole, like a jusText paragraph.

    Its word and stopword counts and whether it is all chrome are kept up to date as
    lines are added (:meth:`add`): they are read many times once the paragraph is
    grouped, and counting as it grows costs less than computing them on first read."""

    lines: list[Line]
    cls: str = BAD
    listed: bool = False
    teaser: bool = False
    comment: bool = False
    boxed: bool = False
    words: int = 0
    stops: int = 0
    chrome: bool = True

    @classmethod
    def of(cls, line: Line) -> Block:
        """A paragraph of one line (its counts set at once: most paragraphs are one
        line, and this runs for every one)."""
        # By position (lines, cls, listed, teaser, comment, boxed, words, stops, chrome):
        # keywords cost more, for every paragraph of every page.
        words = line.words
        return cls(
            [line],
            BAD,
            False,
            False,
            False,
            False,
            words,
            line.stops,
            line.junk is not None or line.shared or words == 0,
        )

    def add(self, line: Line) -> None:
        """Append the next line of the paragraph."""
        self.lines.append(line)
        self.words += line.words
        self.stops += line.stops
        self.chrome = self.chrome and (line.chrome or line.words == 0)

    @property
    def stop_density(self) -> float:
        return self.stops / self.words if self.words else 0.0

    @property
    def sentence_end(self) -> bool:
        return self.lines[-1].sentence_end

    @property
    def end_marker(self) -> bool:
        first = self.lines[0].junk
        return first is not None and first[1] in (END, NEXT)

    @property
    def next_marker(self) -> bool:
        first = self.lines[0].junk
        return first is not None and first[1] == NEXT


def group_blocks(lines: Sequence[Line], stopwords: frozenset[str]) -> list[Block]:
    """Group lines into paragraphs: a line continues the previous one when that one
    stops mid-sentence and this one starts like a continuation."""
    blocks: list[Block] = []
    block: Block | None = None
    prev: Line | None = None
    for line in lines:
        # A finished sentence closes the paragraph: tested inline, most lines cost no call.
        if (
            block is not None
            and prev is not None
            and not prev.sentence_end
            and _continues(prev, line, stopwords)
        ):
            block.add(line)
        else:
            block = Block.of(line)
            blocks.append(block)
        prev = line
    return blocks


def _continues(prev: Line, line: Line, stopwords: frozenset[str]) -> bool:
    if not _may_continue(prev, line):
        return False
    first = line.text[0]
    if first.islower() or first in _CONTINUATION_START:
        return True
    if line.chrome:
        return False
    # The last word holds no whitespace, so only the last whitespace-free part of the
    # line is searched: searching the whole line tried the regex at every position.
    last_word = _LAST_WORD_RE.search(prev.text.rsplit(None, 1)[-1])
    if last_word is None:
        return False
    word = last_word.group(0)
    # "... according to" + "Reuters poll": a line ending in a function word is unfinished.
    return word.islower() and word.casefold() in stopwords


def _may_continue(prev: Line, line: Line) -> bool:
    """False when either line closes the paragraph whatever the words: a finished
    sentence, a marker, a dateline, junk ending in punctuation, a bullet."""
    if prev.sentence_end or (prev.words == 0 and not prev.text.endswith(",")):
        return False
    if (line.junk is not None and line.junk[1] != JUNK) or line.dateline or prev.dateline:
        return False
    if prev.junk is not None and prev.words > 0 and not prev.text[-1:].isalpha():
        return False
    return line.text[0] not in _BULLET_START or not _BULLET_RE.match(line.text)


def classify(block: Block, settings: CleanerSettings) -> str:
    """The paragraph's class by its length, sentence end and stopword density."""
    if block.chrome:
        return BAD
    words, density = block.words, block.stop_density
    if words <= settings.short_max_words:
        return SHORT
    if density >= settings.stopwords_high and (
        (block.sentence_end and words >= settings.good_min_words)
        or words >= settings.long_min_words
    ):
        return GOOD
    if density >= settings.stopwords_low:
        # A long finished sentence is prose even when names crowd out its function
        # words ("ABU DHABI (AFP) - Holders Egypt beat Mali 1-0 in a friendly ...").
        if block.sentence_end and words >= settings.long_min_words:
            return GOOD
        return NEAR_GOOD
    return BAD


def weight(block: Block) -> float:
    """Contribution of a paragraph to the main-segment score: prose positive, chrome
    negative."""
    if block.chrome:
        return -3.0
    if block.listed:
        # A table's cells: neither prose nor chrome.
        return 0.0
    if block.teaser or block.comment:
        return -1.0
    if block.cls == GOOD:
        return float(block.words)
    if block.cls == NEAR_GOOD:
        return 1.0 if block.sentence_end else -1.0
    if block.cls == SHORT:
        return -1.0
    return -2.0


def prose(block: Block) -> float:
    """The prose in one paragraph: its weight when positive, else nothing.

    Only prose paragraphs weigh more than nothing (see :func:`weight`): they are
    told apart here directly, as this runs for every paragraph of every page."""
    if block.chrome or block.listed or block.teaser or block.comment:
        return 0.0
    if block.cls == GOOD:
        return float(block.words)
    if block.cls == NEAR_GOOD and block.lines[-1].sentence_end:
        return 1.0
    return 0.0


def prose_weight(blocks: Sequence[Block]) -> float:
    """The prose in ``blocks``: their positive weights summed."""
    return sum(map(prose, blocks))


def _is_menu_item(block: Block) -> bool:
    """A one-line paragraph that does not end like a sentence: a menu entry or a
    headline in a list of links (a lone one is usually a subheading)."""
    return (
        len(block.lines) == 1
        and not (block.words > _MENU_ITEM_MAX_WORDS and block.stop_density >= 0.3)
        and block.cls in (SHORT, BAD, NEAR_GOOD)
        and not block.sentence_end
        and not block.lines[0].is_title
    )


def menu_run(blocks: Sequence[Block], index: int, end: int) -> int:
    """Number of consecutive menu-like paragraphs from ``index`` (not past ``end``)."""
    run = 0
    while index + run <= end and _is_menu_item(blocks[index + run]):
        run += 1
    return run


def introduced(blocks: Sequence[Block], index: int) -> bool:
    """A list the article introduces itself (a prose paragraph before it ends with a
    colon: "the options look like this:") is body, not a menu; a label such as
    "Tested by:" or "Email:" introduces nothing."""
    if index == 0:
        return False
    before = blocks[index - 1]
    return before.lines[-1].text.endswith(":") and before.cls in (GOOD, NEAR_GOOD)
