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
the story below; the story's own first part shared 0.29 to 0.56.

Only upwards: below the story the same test cannot tell the story's continuation from
an author's bio, a comment thread or a related story on the same subject, which share
its words as much (measured on the cleaning benchmark's dev pages, where extending
downwards lost more text than it gained).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from chipwatch.clean.blocks import GOOD, NEAR_GOOD, Block
from chipwatch.clean.headline import content_stems

__all__ = ["bridge_boxes"]

#: Share of the prose beyond a box whose distinct content words the story must hold.
SAME_STORY = 0.3
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
    story = _words(blocks[start : end + 1])
    while (found := _beyond(blocks, start, -1)) is not None:
        box, resume = found
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


def _same_story(blocks: Sequence[Block], resume: int, step: int, story: Counter[str]) -> bool:
    """The prose from ``resume`` shares enough of its words with the story."""
    probe: list[str] = []
    index = resume
    while 0 <= index < len(blocks) and len(probe) < PROBE_WORDS:
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
