"""The main article: the stretch of paragraphs that holds the story, and its boundaries.

The article is the contiguous stretch with the highest prose score (a maximum-sum
segment, in the spirit of body-text extraction), so menus before it and related lists,
footers and appended stories after it fall away, while short link fragments *inside* the
body survive because their neighbours are prose. ``end``/``next`` markers, lists of links
and comment threads then cut the stretch; a list the story announces and tables next to
it extend it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

from chipwatch.clean.asides import mark_comments, mark_teasers
from chipwatch.clean.blocks import (
    GOOD,
    NEAR_GOOD,
    Block,
    classify,
    introduced,
    menu_run,
    prose,
    weight,
)
from chipwatch.clean.bridges import StoryWords, bridge_boxes, resumes_story
from chipwatch.clean.headline import is_meta
from chipwatch.clean.lines import Line
from chipwatch.clean.settings import CleanerSettings
from chipwatch.clean.tables import extend_over_data, is_table, mark_cell_tables

__all__ = ["find_article"]

# A heading below the story that announces a list ("The 2020 tour dates:") is longer than a
# box label ("Picked for you:", "More:").
_LIST_HEADING_MIN_WORDS = 5
#: The junk pattern group of comment forms ("Name:", "Comments are limited to 200 words").
COMMENT_FORM = "comment_form"
#: A comment form: this many of its lines within ``_FORM_WINDOW`` paragraphs.
_FORM_LINES = 3
_FORM_WINDOW = 4
#: Blocks from the stretch's start searched for a headline with its byline or date below.
_HEADLINE_LOOK = 8
#: The most of the stretch's prose that may sit above such a headline for the story to
#: start below it (reader comments, a teaser, a sidebar's last item above the headline).
_ABOVE_HEADLINE = 0.2
#: A lead paragraph without its full stop is longer than a headline (at most ~15 words).
_LEAD_MIN_WORDS = 20


def find_article(blocks: Sequence[Block], settings: CleanerSettings) -> tuple[int, int]:
    """Classify the paragraphs and return the article's ``(start, end)`` block indices.

    ``start > end`` when the page holds no article. Blocks taken in as a list or a table
    are marked ``listed``; teasers and comments are marked too.
    """
    for block in blocks:
        block.cls = classify(block, settings)
    mark_teasers(blocks, settings)
    mark_comments(blocks, settings)
    mark_cell_tables(blocks)
    start, end = _main_segment(blocks)
    start, end = _cut_at_end_marker(blocks, start, end, settings)
    end = _cut_at_comment_form(blocks, start, end, settings)
    start = _under_headline(blocks, start, end)
    start, end = bridge_boxes(blocks, start, end)
    start = _extend_over_lead(blocks, start, end, settings)
    end = _extend_over_list(blocks, start, end, settings)
    return extend_over_data(blocks, start, end, settings)


def _main_segment(blocks: Sequence[Block]) -> tuple[int, int]:
    """Maximum-sum contiguous stretch of paragraph weights (Kadane; first best wins)."""
    best, best_start, best_end = float("-inf"), 0, -1
    current, current_start = 0.0, 0
    for i, block in enumerate(blocks):
        if current <= 0:
            current, current_start = 0.0, i
        current += weight(block)
        if current > best:
            best, best_start, best_end = current, current_start, i
    if best <= 0:
        # No prose at all: keep nothing but a possible title.
        return len(blocks), len(blocks) - 1
    return best_start, best_end


def _cut_at_end_marker(
    blocks: Sequence[Block], start: int, end: int, settings: CleanerSettings
) -> tuple[int, int]:
    """Apply ``end`` markers ("Next Article", "Related Stories") inside the stretch.

    Prose before a marker is the main story when it is substantial next to the prose
    after it; otherwise the marker closed a sidebar above the story, and the stretch
    restarts after it. A list of links (related headlines) below enough prose ends the
    story unless clearly more prose follows it, or the prose after it goes on with the
    story above (an embedded post's labels, a row of buttons). Returns the new
    ``(start, end)``.
    """
    sums = _Sums(blocks)
    story = StoryWords(blocks, start)
    i = start
    while i <= end:
        block = blocks[i]
        if block.end_marker or _is_stamp(block):
            ratio = _marker_ratio(sums, i, end, settings)
            if ratio is None:
                i += 1
                continue
            after = sums.prose(i + 1, end + 1)
            if _ends_story(sums.prose(start, i), after, ratio, settings):
                end = i - 1
                break
            start = i + 1
            i = start
            story = StoryWords(blocks, start)
            continue
        run = menu_run(blocks, i, end)
        if run < settings.nav_run_min:
            i += 1
            continue
        if (
            not (introduced(blocks, i) or is_table(blocks, i, run, settings) or blocks[i].listed)
            and _ends_story(
                sums.prose(start, i),
                sums.prose(i + run, end + 1),
                settings.end_marker_ratio,
                settings,
            )
            and not resumes_story(blocks, i + run, end, story.upto(i))
        ):
            end = i - 1
            break
        i += run
    return _trim_to_prose(blocks, start, end, settings)


class _Sums:
    """Running totals over the page's paragraphs, so that the prose above and below any
    marker is two lookups: summing slices at every marker made long pages quadratic."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = blocks
        self._prose = list(accumulate(map(prose, blocks), initial=0.0))
        stamps = list(map(_is_stamp, blocks))
        self._stamps = list(accumulate(stamps, initial=0))
        self._thread = list(
            accumulate((s and b.comment for s, b in zip(stamps, blocks, strict=True)), initial=0)
        )

    def prose(self, low: int, high: int) -> float:
        """The prose weight of ``blocks[low:high]``."""
        high = max(low, min(high, len(self.blocks)))
        return self._prose[high] - self._prose[low]

    def stamps_after(self, index: int, end: int) -> int:
        """Time stamps below ``index``: inside the stretch (up to ``end``), and those of
        a marked comment thread beyond it."""
        last = min(end + 1, len(self.blocks))
        inside = self._stamps[last] - self._stamps[min(index + 1, last)]
        return inside + self._thread[-1] - self._thread[max(last, index + 1)]


def _is_stamp(block: Block) -> bool:
    """A time stamp on a line of its own (a post's, a comment's)."""
    return len(block.lines) == 1 and block.lines[0].dateline


def _marker_ratio(sums: _Sums, index: int, end: int, settings: CleanerSettings) -> float | None:
    """How much prose above the marker at ``index`` must outweigh the prose below it to
    end the story there; None for a lone time stamp, which ends nothing.

    Several time stamps below the story are a comment thread or a list of posts, often
    longer than the story itself, hence the lower ratio. An embedded post (a quoted
    tweet) has one or two stamps; a thread has more. Stamps of a marked comment thread
    count even when the thread lies outside the stretch (its weight kept it out).
    """
    block = sums.blocks[index]
    dated = _is_stamp(block)
    stamped = dated and sums.stamps_after(index, end) >= settings.comment_min_stamps - 1
    if dated and not stamped:
        return None
    if block.next_marker:
        # "Next Article" announces a second story: whatever follows is not ours.
        return 0.0
    if stamped:
        return settings.comment_ratio
    return settings.end_marker_ratio


def _ends_story(before: float, after: float, ratio: float, settings: CleanerSettings) -> bool:
    """Enough prose above a marker, next to the prose below it, to be the whole story."""
    return before >= settings.min_body_words and before >= ratio * after


def _trim_to_prose(
    blocks: Sequence[Block], start: int, end: int, settings: CleanerSettings
) -> tuple[int, int]:
    """The stretch must start and end on prose, not on the chrome next to a marker; a
    finished sentence of some length counts as prose even with few function words."""
    while start <= end and not _opens_story(blocks[start], settings):
        start += 1
    while end >= start and blocks[end].cls not in (GOOD, NEAR_GOOD):
        end -= 1
    if start > end:
        return len(blocks), len(blocks) - 1
    return start, end


def _opens_story(block: Block, settings: CleanerSettings) -> bool:
    if block.cls == GOOD:
        return True
    return (
        block.cls == NEAR_GOOD
        and block.sentence_end
        and block.words >= settings.good_min_words
        and not (block.teaser or block.comment)
    )


def _cut_at_comment_form(
    blocks: Sequence[Block], start: int, end: int, settings: CleanerSettings
) -> int:
    """End the story above a comment form below it ("Name:", "Comments:", "Current word
    count", "Image verification"): what follows is the form, its rules and the comments,
    however much prose they hold. One form line alone ("12 comments", "Report") ends
    nothing; a form needs the story's prose above it."""
    if start > end:
        return end
    above = 0.0
    for index in range(start, end + 1):
        if (
            _is_form_line(blocks[index].lines[0])
            and above >= settings.min_body_words
            and sum(
                _is_form_line(line)
                for block in blocks[index : index + _FORM_WINDOW]
                for line in block.lines
            )
            >= _FORM_LINES
        ):
            last = index - 1
            while last >= start and blocks[last].cls not in (GOOD, NEAR_GOOD):
                last -= 1
            return last if last >= start else end
        above += prose(blocks[index])
    return end


def _is_form_line(line: Line) -> bool:
    return line.junk is not None and line.junk[0] == COMMENT_FORM


def _under_headline(blocks: Sequence[Block], start: int, end: int) -> int:
    """Start the story below a headline and its byline or date found among the
    stretch's first blocks, when the prose above them is a small part of the stretch:
    a story starts under its headline, and what stands above it in the same stretch
    (reader reviews, a teaser, a sidebar) is another text."""
    if start > end:
        return start
    total = sum(map(prose, blocks[start : end + 1]))
    above = 0.0
    for index in range(start, min(end, start + _HEADLINE_LOOK)):
        block = blocks[index]
        if 0 < above < _ABOVE_HEADLINE * total and _is_headline(block):
            below = index + 1
            while below <= end and any(is_meta(line) for line in blocks[below].lines):
                below += 1
            if below > index + 1:
                return below if below <= end else start
        above += prose(block)
    return start


def _is_headline(block: Block) -> bool:
    """One short line that does not end like a sentence and is not a byline or date."""
    line = block.lines[0]
    return (
        len(block.lines) == 1
        and not block.chrome
        and 4 <= line.words <= 20
        and not line.text.rstrip().endswith((".", ":", "?", "!", ","))
        and not (line.dateline or is_meta(line))
    )


def _extend_over_lead(
    blocks: Sequence[Block], start: int, end: int, settings: CleanerSettings
) -> int:
    """Take in the story's first paragraphs when they lack a final full stop.

    A stretch starts on a paragraph that ends like a sentence, so a lead written without
    its period is left out. Unfinished prose between the page's byline or dateline and
    the stretch, with nothing else between and with a paragraph of some length, is that
    lead (headlines of other stories are short).
    """
    if start > end:
        return start
    top = start
    while top > 0 and _unfinished_prose(blocks[top - 1], settings):
        top -= 1
    if (
        top < start
        and top > 0
        and any(is_meta(line) for line in blocks[top - 1].lines)
        and max(block.words for block in blocks[top:start]) >= _LEAD_MIN_WORDS
    ):
        return top
    return start


def _unfinished_prose(block: Block, settings: CleanerSettings) -> bool:
    return (
        block.cls == NEAR_GOOD
        and block.words >= settings.good_min_words
        and not (block.teaser or block.comment or block.chrome or block.end_marker)
        and not any(line.chrome or is_meta(line) for line in block.lines)
    )


def _extend_over_list(
    blocks: Sequence[Block], start: int, end: int, settings: CleanerSettings
) -> int:
    """Extend the article over a list it announces at its end.

    A story often closes with a list that its last paragraph, or a heading right below
    it, introduces with a colon ("The tour dates:", "The invited players are:"): tour
    dates, rosters, results. Such items are short and unpunctuated, so the prose score
    leaves them out; they are body when announced. A short label ("Picked for you:")
    announces a box of links instead, and known chrome stops the list.
    """
    if start > end:
        return end
    first_item = _announced_list(blocks, end)
    if first_item is None:
        return end
    items = 0
    while first_item + items < len(blocks):
        item = blocks[first_item + items]
        if item.chrome or item.end_marker or item.words > settings.long_min_words:
            break
        if any(line.chrome or line.dateline for line in item.lines):
            break
        items += 1
    if items < 2:
        return end
    for item in blocks[first_item : first_item + items]:
        item.listed = True
    return first_item + items - 1


def _announced_list(blocks: Sequence[Block], end: int) -> int | None:
    """Index of the first item of a list announced at the article's ``end``, if any."""
    last = blocks[end]
    if last.lines[-1].text.endswith(":") and last.cls in (GOOD, NEAR_GOOD):
        return end + 1
    if end + 1 >= len(blocks):
        return None
    heading = blocks[end + 1]
    announced = (
        len(heading.lines) == 1
        and heading.lines[-1].text.endswith(":")
        and heading.words >= _LIST_HEADING_MIN_WORDS
        and not heading.chrome
        and not heading.end_marker
    )
    return end + 2 if announced else None
