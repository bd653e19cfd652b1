"""Boxes inside the story: a "Related" box that the article goes on past.

Pages put boxes in the middle of a story: "Related Stories" with three headlines, "Read
more", an image credit, a gallery's links. The article's stretch is the stretch with
the most prose, and markers cut it, so such a box can make the story "restart" below
it, and its first paragraphs are lost as ``before_article``. What tells the story's
start from a teaser or another story above the box is the words: the story's first
paragraphs share many of their content words with the rest of it.

So after the stretch is cut, it is extended upwards over a box when the prose right
above it (``PROBE_WORDS`` content words) has at least ``SAME_STORY`` of its distinct
content words in the story's own prose, one box at a time; the box's lines are dropped
as ``inside_box``. A box holding a "Next Article" marker, teasers or a comment thread is
never crossed.

On the dev pages of the cleaning benchmark, prose above a box that was *not* the story
(teasers, another story, a caption's credit block) shared at most 0.26 of its words with
the story below; the story's own first part shared 0.29 to 0.56. The threshold sits
between the two.

Below the story's start, a marker ("Related", "Also on …") is followed by related
stories as often as by the story itself, and they share its words as much, so a marker
still ends the story there. A run of links or labels without a marker (an embedded
post's "Image copyright / @handle / Report", a row of share buttons) is judged by the
same test: when the prose after it, inside the stretch, shares ``SAME_STORY`` of its
words with the story above, the run is an interruption and the story goes on
(``resumes_story``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from chipwatch.clean.blocks import GOOD, NEAR_GOOD, Block
from chipwatch.clean.headline import content_stems

__all__ = ["StoryWords", "bridge_boxes", "resumes_story"]

#: Share of the prose beyond a box whose distinct content words the story must hold.
SAME_STORY = 0.275
#: Content words of the prose beyond a box that are compared.
PROBE_WORDS = 60
#: The most blocks a box may span.
MAX_BOX = 12
#: The least content words the prose beyond a box must have to be compared at all.
MIN_PROBE = 12


def bridge_boxes(blocks: Sequence[Block], start: int, end: int) -> tuple[int, int]:
    """Extend the article's ``(start, end)`` over boxes the story goes on past."""
    if start > end:
        return start, end
    story: Counter[str] | None = None
    while (found := _beyond(blocks, start, -1)) is not None:
        box, resume = found
        if story is None:
            story = _words(blocks[start : end + 1])
        if not _same_story(blocks, resume, -1, story):
            break
        new_start = _prose_run(blocks, resume, -1)
        _mark_box(blocks[resume + 1 : box + 1])
        story.update(_words(blocks[new_start : resume + 1]))
        start = new_start
    return start, end


def _is_prose(block: Block) -> bool:
    return block.cls == GOOD and not (block.teaser or block.comment or block.chrome)


def _stops_bridge(block: Block) -> bool:
    """What a box may not hold: another story's start or a comment thread."""
    return block.next_marker or block.comment or block.teaser


def _beyond(blocks: Sequence[Block], edge: int, step: int) -> tuple[int, int] | None:
    """The box just beyond ``edge`` in direction ``step`` and the first prose block past
    it: ``(first box block, resume)``; None when there is no box with prose beyond."""
    box = edge + step
    index = box
    while 0 <= index < len(blocks) and abs(index - box) < MAX_BOX:
        block = blocks[index]
        if _stops_bridge(block):
            return None
        if _is_prose(block):
            return (box, index) if index != box else None
        index += step
    return None


def _prose_run(blocks: Sequence[Block], resume: int, step: int) -> int:
    """The last block of the story's continuation from ``resume``: prose, with gaps of at
    most one non-prose block (a subheading, a link fragment)."""
    last = resume
    index = resume + step
    while 0 <= index < len(blocks):
        block = blocks[index]
        if _stops_bridge(block) or block.end_marker:
            break
        if _is_prose(block):
            last = index
        elif abs(index - last) > 1:
            break
        index += step
    # Keep near-prose right next to the run (a closing line without many words).
    while 0 <= last + step < len(blocks) and blocks[last + step].cls == NEAR_GOOD:
        if _stops_bridge(blocks[last + step]) or blocks[last + step].end_marker:
            break
        last += step
    return last


def _same_story(
    blocks: Sequence[Block], resume: int, step: int, story: Counter[str], stop: int | None = None
) -> bool:
    """The prose from ``resume`` (read towards ``step``, before ``stop``) shares enough
    of its words with the story."""
    probe: list[str] = []
    index = resume
    limit = len(blocks) if stop is None else min(stop, len(blocks))
    while 0 <= index < limit and len(probe) < PROBE_WORDS:
        if _is_prose(blocks[index]):
            stems = [s for line in blocks[index].lines for s in content_stems(line.text)]
            probe.extend(stems if step > 0 else reversed(stems))
        index += step
    distinct = set(probe[:PROBE_WORDS])
    if len(probe) < MIN_PROBE or not distinct:
        return False
    return sum(1 for s in distinct if story[s] > 0) / len(distinct) >= SAME_STORY


def _words(blocks: Sequence[Block]) -> Counter[str]:
    return Counter(
        s
        for block in blocks
        if _is_prose(block)
        for line in block.lines
        for s in content_stems(line.text)
    )


def _mark_box(blocks: Sequence[Block]) -> None:
    for block in blocks:
        block.boxed = True


class StoryWords:
    """The content words of the story's prose from ``start`` down to a moving index,
    gathered as the index moves down the page, so each block is read once."""

    def __init__(self, blocks: Sequence[Block], start: int) -> None:
        self.blocks = blocks
        self.words: Counter[str] = Counter()
        self._next = start

    def upto(self, index: int) -> Counter[str]:
        """The words of the prose in ``blocks[start:index]``."""
        if index > self._next:
            self.words.update(_words(self.blocks[self._next : index]))
            self._next = index
        return self.words


def resumes_story(blocks: Sequence[Block], resume: int, end: int, story: Counter[str]) -> bool:
    """The prose from ``resume`` to ``end`` goes on with the story whose words are
    ``story``: a run of links above ``resume`` interrupted it without ending it."""
    return _same_story(blocks, resume, 1, story, end + 1)
