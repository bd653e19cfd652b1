"""Drop reasons: the stable codes ``chipwatch clean --explain`` shows for each dropped line.

``junk_pattern:<name>``
    the line fully matches pattern group ``<name>`` of the junk patterns file.
``shared_across_corpus``
    the line occurs in at least ``min_shared_docs`` documents of the fitted corpus.
``repeated_title``
    another copy of the headline (page header, ``Title | Site``, trailing repeats).
``before_article``
    a line above the main article (menus, category labels, decks, teasers).
``after_article_end``
    a line below the main article: after a ``next`` marker ("Next Article"), an ``end``
    marker ("Related Stories", "Leave a Reply"), a list of links, a run of time-stamped
    posts (comments), or simply after the last body paragraph (footers).
``nav_run``
    part of a run of short, unpunctuated lines inside the article stretch (a menu or a
    list of links).
``inside_box``
    a box the article goes on past ("Related Stories" and its headlines, a run of
    links in mid-story): its lines are dropped, the story on both sides kept.
``caption``
    a photo's caption: a one-line paragraph right above a photo credit.
``byline``
    an author line ("By ...", "Von ...", "Por ...", "Par ...").
``dateline``
    a standalone date/time line ("31 May 2025 14:53", "Updated ...", "3 hours ago").
``repeated_paragraph``
    a later copy of a prose line already kept (a page embedding the story twice).
``low_text_density``
    a line longer than a subheading inside the article stretch with too few function
    words to be prose (tickers, score tables, lists of names).

Blank lines are never reported.
"""

from __future__ import annotations

REASON_JUNK = "junk_pattern"
REASON_SHARED = "shared_across_corpus"
REASON_TITLE = "repeated_title"
REASON_BEFORE = "before_article"
REASON_AFTER = "after_article_end"
REASON_NAV = "nav_run"
REASON_BOX = "inside_box"
REASON_CAPTION = "caption"
REASON_BYLINE = "byline"
REASON_DATELINE = "dateline"
REASON_DENSITY = "low_text_density"
REASON_REPEAT = "repeated_paragraph"
