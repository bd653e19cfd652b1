"""Asides: teaser lists and comment threads, paragraphs that read as prose but are not
the story.

A box of story teasers (headline, a lead of one or two lines, perhaps a "More" link,
several times in a row) or a thread of reader comments can hold more prose than a short
article. Marked here, their paragraphs weigh like chrome in the prose score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chipwatch.clean.blocks import GOOD, NEAR_GOOD, Block
from chipwatch.clean.settings import CleanerSettings

__all__ = ["mark_comments", "mark_teasers"]

# A reader's post is attributed on a line of its own: "says:", "Jane Roe said:", "wrote:".
_ATTRIBUTION_RE = re.compile(
    r"(?:\S+(?:\s+\S+){0,4}\s+)?(?:says|said|wrote|writes|commented|replied)\s*:",
    re.IGNORECASE,
)
# Headlines in a teaser box; word counts split contractions ("There's" is two words).
_TEASER_HEAD_MAX_WORDS = 20


def mark_teasers(blocks: Sequence[Block], settings: CleanerSettings) -> None:
    """Mark lists of teasers: a headline (one unpunctuated line) followed by a lead of
    one or two short lines, at least ``teaser_run_min`` times in a row. Each lead reads
    as prose, so without this mark a box of story teasers can outweigh a short article.
    One chrome line between two teasers (a "More" link, a section label) does not break
    the list: boxes often repeat such a link under every teaser."""
    pairs: list[tuple[int, int]] = []
    i = 0
    while i + 1 < len(blocks):
        # Most blocks are no teaser's headline: tested here, they cost one call, not two.
        lead_end = _teaser_at(blocks, i, settings) if _teaser_head(blocks[i]) else None
        if lead_end is not None:
            pairs.append((i, lead_end))
            i = lead_end + 1
            if (
                i + 1 < len(blocks)
                and blocks[i].chrome
                and _teaser_at(blocks, i + 1, settings) is not None
            ):
                i += 1
            continue
        if pairs:
            _flush_teasers(blocks, pairs, settings)
            pairs = []
        i += 1
    _flush_teasers(blocks, pairs, settings)


def _teaser_at(blocks: Sequence[Block], index: int, settings: CleanerSettings) -> int | None:
    """Index of the last lead block when a teaser (headline + lead) starts at ``index``.

    The lead is one or two one-line paragraphs ending like sentences, at least one of
    them prose; a second line that is itself a headline followed by a lead starts the
    next teaser instead.
    """
    if not _teaser_head(blocks[index]):
        return None
    last: int | None = None
    for j in range(index + 1, min(index + 3, len(blocks))):
        lead = blocks[j]
        if (
            len(lead.lines) != 1
            or lead.cls not in (GOOD, NEAR_GOOD)
            or not lead.sentence_end
            or lead.words > settings.long_min_words + 10
        ):
            break
        if (
            last is not None
            and _teaser_head(lead)
            and j + 1 < len(blocks)
            and blocks[j + 1].cls == GOOD
        ):
            break
        last = j
    if last is None or not any(blocks[j].cls == GOOD for j in range(index + 1, last + 1)):
        return None
    return last


def _teaser_head(block: Block) -> bool:
    """A teaser's headline: one short line that does not end like a sentence, unless
    it is a question ("Is X on the rise?")."""
    line = block.lines[0]
    return (
        len(block.lines) == 1
        and 3 <= block.words <= _TEASER_HEAD_MAX_WORDS
        and not block.chrome
        and not line.is_title
        and (not block.sentence_end or line.text.endswith("?"))
    )


def _flush_teasers(
    blocks: Sequence[Block], pairs: list[tuple[int, int]], settings: CleanerSettings
) -> None:
    if len(pairs) < settings.teaser_run_min:
        return
    for head, lead_end in pairs:
        for block in blocks[head : lead_end + 1]:
            block.teaser = True


def mark_comments(blocks: Sequence[Block], settings: CleanerSettings) -> None:
    """Mark a comment thread: posts stamped with a date and attributed to a reader
    ("Name says:", "on <date> said:"), at least ``comment_min_stamps`` of them.

    A thread under a short post (a blog's open thread, a forum question) holds far
    more prose than the post itself and would otherwise win the main-segment score.
    The thread runs from the first attributed stamp to the prose after the last one;
    its paragraphs weigh like teasers. Bare time stamps (a live blog's entries) carry
    no attribution and are left alone.
    """
    stamps = [
        i
        for i, block in enumerate(blocks)
        if len(block.lines) == 1
        and block.lines[0].dateline
        and any(
            _ATTRIBUTION_RE.fullmatch(other.lines[-1].text)
            for other in blocks[max(0, i - 2) : i + 3]
            if other is not block
        )
    ]
    if len(stamps) < settings.comment_min_stamps:
        return
    last = stamps[-1] + 1
    while last < len(blocks) and not blocks[last].chrome:
        last += 1
    for block in blocks[stamps[0] : last]:
        block.comment = True
