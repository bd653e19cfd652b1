"""The cleaner's tuning: one frozen set of thresholds, each with its default."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CleanerSettings:
    """Thresholds that decide how the cleaner judges lines, paragraphs and the article.

    The defaults were tuned on the cleaning dev set; each number is a count of words,
    lines or paragraphs, or a ratio, as its name says. Frozen, so one instance can be
    shared by every cleaner and sent to worker processes as it is.

    Attributes:
        min_shared_docs: a line is site chrome when at least this many documents (copies
            of one story counted once) contain it.
        max_shared_words: shared lines longer than this are kept (syndicated article text
            repeated across outlets is not chrome).
        good_min_words: a paragraph ending like a sentence needs this many words to be prose.
        long_min_words: a paragraph this long is prose even without sentence punctuation.
        short_max_words: paragraphs with at most this many words are ``short``.
        stopwords_low: minimum stopword density of a ``near_good`` paragraph.
        stopwords_high: minimum stopword density of a ``good`` paragraph.
        nav_run_min: this many consecutive short unpunctuated lines form a menu (``nav_run``).
        heading_max_words: inside the article, a lone line up to this long is kept as a
            subheading even when it has few function words.
        min_body_words: words of prose needed before an ``end`` marker may end the article.
        end_marker_ratio: an ``end`` marker ends the article when the prose above it is at
            least this fraction of the prose below it (else it closed a box above the story).
        comment_ratio: the same for a run of time-stamped posts (comments) below the story.
        comment_min_stamps: time-stamp lines needed for such a run (one or two are an
            embedded post, such as a quoted tweet, inside the story), and attributed
            stamps needed to mark a comment thread.
        data_run_min: rows (lines mixing words and figures) a table or score list next to
            the article needs to be taken into it.
        teaser_run_min: headline + lead pairs in a row that make a teaser list, whose
            leads do not count as article prose.
        title_window: how many non-blank lines above the article are searched for the
            title (and for the byline and dateline).
        keep_title: find the headline and keep it once as the first line; without it no
            line is dropped as a repeated title.
        dayfirst: read an ambiguous numeric date (``10/01/2008``) day first (True) or
            month first (False); None decides by the page's own evidence.
    """

    min_shared_docs: int = 3
    max_shared_words: int = 30
    good_min_words: int = 8
    long_min_words: int = 30
    short_max_words: int = 4
    stopwords_low: float = 0.15
    stopwords_high: float = 0.25
    nav_run_min: int = 4
    heading_max_words: int = 12
    min_body_words: int = 60
    end_marker_ratio: float = 0.8
    comment_ratio: float = 0.1
    comment_min_stamps: int = 3
    data_run_min: int = 4
    teaser_run_min: int = 3
    title_window: int = 60
    keep_title: bool = True
    dayfirst: bool | None = None
