"""Kinds of UI text found on many sites: comment and e-mail forms, and the labels of the
boxes that follow a story ("More from <section>", "Also in <section>")."""

from __future__ import annotations

import pytest

from chipwatch.clean import Cleaner, load_junk_patterns
from chipwatch.models import Document

PROSE = [
    "The ministry said on Tuesday that new licensing rules would apply to every exporter of "
    "advanced tools, and that companies had three months to comply with the new rules.",
    "Industry groups warned that the measures could slow the investment plans of several "
    "foundries, while officials insisted that the controls were narrow and targeted.",
    "Analysts expect the debate to continue for months, because the rules leave open how "
    "older equipment that is already installed in the region's factories will be serviced.",
]


@pytest.mark.parametrize(
    "line",
    [
        "Your e-mail is required.",
        "A valid email address is required.",
        "Message is required",
        "312 characters remaining",
        "(Maximum characters: 800) You have",
        "Current word count:",
        "Comments are moderated before they appear.",
        "Comment policy:",
        "Send a copy to my e-mail",
        "What do you think? Leave a comment below",
        "Return to previous page",
        "Photo 3 of 12",
        "Slide 2/9",
        "... more",
        "Show less",
        "(Image credit: Jane Roe/Space Agency)",
        "This conversation is moderated.",
        "To read this article in",
        "To read this article in full you must be registered with the site.",
        "you must have registered and have a Premium Content Subscription with the",
        "Premium Article !",
        "This story is available to subscribers only.",
        "You have reached your limit of free articles this month.",
    ],
)
def test_form_gallery_and_toggle_ui_lines_are_junk(line: str) -> None:
    assert load_junk_patterns().match(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "The name is required by law to appear on the label.",
        "More from the interview is published below, edited for length and clarity.",
        "Also in the report, the ministry said it would review older licences.",
        "To read the article's footnotes, analysts will need the ministry's own glossary.",
        "Premium content makers said the rules would raise their costs.",
    ],
)
def test_prose_that_starts_like_ui_text_is_not_junk(line: str) -> None:
    assert load_junk_patterns().match(line) is None


@pytest.mark.parametrize(
    "label",
    [
        "More from Business",
        "Also in World News",
        "Explore further",
        "Today's Most Read",
        "More Stories in",
        "3 Responses to \u201cMinistry tightens licensing rules\u201d",
    ],
)
def test_a_box_label_below_the_story_ends_it(label: str) -> None:
    teasers = [
        "Harbour city opens new ferry terminal as tourism grows along the coast",
        "Football club signs young striker from a rival in a record deal",
    ]
    document = Document("page.txt", "\n".join([*PROSE, label, *teasers]) + "\n")
    cleaned = Cleaner().fit([document]).clean(document)
    assert cleaned.lines[-len(PROSE) :] == tuple(PROSE)
    assert not set(teasers) & set(cleaned.lines)
