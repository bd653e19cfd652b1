"""A box in mid-story ("Related Stories" and its links) is an interruption, not the
story's start: the story on both sides is kept, the box dropped."""

from __future__ import annotations

from chipwatch.clean import Cleaner
from chipwatch.models import CleanDocument, Document

TITLE = "Ministry tightens licensing rules for lithography exports"
FIRST = [
    "The trade ministry said on Tuesday that new licensing rules for lithography exports "
    "would apply to every exporter of advanced tools from the first day of next month.",
    "Exporters of lithography tools will need a separate licence for each shipment, and "
    "the ministry said that it would publish the list of covered tools this week.",
]
BOX = [
    "Related Stories",
    "Harbour city opens new ferry terminal",
    "Football club signs young striker",
    "Weather service warns of storms",
]
REST = [
    "Industry groups said the licensing rules would slow the shipments of lithography "
    "tools, and that exporters had asked the ministry for more time to apply for licences.",
    "The ministry replied that the rules for lithography exports were narrow, and that "
    "exporters that applied early would get their licences within a few weeks of asking.",
    "Analysts expect the rules to cut exports of advanced tools this year, because the "
    "licensing process adds weeks to every shipment that the exporters plan to send.",
    "Officials said the ministry would review the licensing rules after six months, and "
    "that exporters could comment on the list of lithography tools until the end of May.",
]


def _clean(*lines: str) -> CleanDocument:
    document = Document("page.txt", "\n".join(lines) + "\n")
    return Cleaner().fit([document]).clean(document)


def test_the_story_above_a_related_box_is_kept_and_the_box_dropped() -> None:
    cleaned = _clean("Home", "World", TITLE, *FIRST, *BOX, *REST)
    assert cleaned.lines == (TITLE, *FIRST, *REST)
    reasons = {drop.text: drop.reason for drop in cleaned.drops}
    assert reasons["Harbour city opens new ferry terminal"] == "inside_box"
    assert reasons["Related Stories"].startswith("junk_pattern")


def test_prose_of_another_story_above_a_box_stays_out() -> None:
    other = [
        "The new ferry terminal, which opened on Monday, can handle twice as many passengers "
        "as the old one, and the city expects tourism to grow over the summer season.",
        "Local shop owners said they were looking forward to the visitors, although some of "
        "them complained about the noise of the construction work during the last year.",
    ]
    cleaned = _clean(*other, *BOX, TITLE, *REST)
    assert not set(other) & set(cleaned.lines)
    assert cleaned.lines[-len(REST) :] == tuple(REST)


def test_a_second_copy_split_into_other_lines_is_dropped_as_a_repeat() -> None:
    copy = [
        "The trade ministry said on Tuesday that new licensing rules for lithography",
        "exports would apply to every exporter of advanced tools from the first day of next month.",
        "Industry groups said the licensing rules would slow the shipments of lithography "
        "tools, and that exporters had asked the ministry for more time to apply for licences.",
    ]
    cleaned = _clean(TITLE, *FIRST, *REST, "Updated 2025-03-04T10:00:00Z", *copy)
    assert cleaned.lines == (TITLE, *FIRST, *REST)
    reasons = {drop.text: drop.reason for drop in cleaned.drops}
    assert reasons[copy[2]] == "repeated_paragraph"


def test_a_caption_above_a_photo_credit_is_dropped() -> None:
    caption = "A technician inspects a lithography tool at a plant in the north of the country"
    cleaned = _clean(TITLE, *FIRST, caption, "Photo: Jane Roe/Reuters", *REST)
    assert caption not in cleaned.lines
    assert cleaned.lines == (TITLE, *FIRST, *REST)
    assert {drop.text: drop.reason for drop in cleaned.drops}[caption] == "caption"


def test_a_long_lead_crowded_with_names_is_prose() -> None:
    lead = (
        "ABU DHABI (AFP) - Holders Egypt beat Mali 1-0 on Monday, with midfielder Hosni Abd "
        "Rabou scoring a penalty after striker Amr Zaki was fouled by Mali defender Adama "
        "Tamboura, Egypt coach Hassan Shehata praising goalkeeper Essam El Hadary."
    )
    cleaned = _clean("Home", "Sport", TITLE, lead, *REST)
    assert cleaned.lines == (TITLE, lead, *REST)


def test_a_finished_lead_with_few_function_words_opens_the_story() -> None:
    lead = (
        "Ministry officials paid exporters' lawyers, trade groups and foundry executives a "
        "visit on Wednesday morning in Seoul."
    )
    cleaned = _clean("Home", "Business", TITLE, lead, *REST)
    assert cleaned.lines == (TITLE, lead, *REST)


def test_a_copy_whose_original_was_cut_into_fragments_by_links_is_dropped() -> None:
    # The first copy is split by inline links; the second has whole paragraphs. Word
    # runs that cross a fragment's edge still show the second copy repeats the first.
    fragments = [
        "Industry groups said the licensing rules would slow the shipments of",
        "lithography tools",
        ", and that exporters had asked the ministry for more time to apply for",
        "licences",
        ".",
    ]
    whole = (
        "Industry groups said the licensing rules would slow the shipments of lithography "
        "tools, and that exporters had asked the ministry for more time to apply for licences."
    )
    cleaned = _clean(
        TITLE, *FIRST, *fragments, *REST[1:], "Updated 2025-03-04T10:00:00Z", *FIRST, whole
    )
    assert whole not in cleaned.lines
    assert cleaned.lines.count(FIRST[0]) == 1
    assert {drop.text: drop.reason for drop in cleaned.drops}[whole] == "repeated_paragraph"


def test_a_lead_without_its_full_stop_below_the_dateline_opens_the_story() -> None:
    lead = (
        "The trade ministry has tightened the licensing rules for exports of lithography "
        "tools to every market, officials said on Tuesday in the capital"
    )
    cleaned = _clean("Home", "Business", TITLE, "March 4, 2025", lead, *REST)
    assert cleaned.lines == (TITLE, lead, *REST)


def test_short_headlines_of_other_stories_below_the_dateline_stay_out() -> None:
    headlines = [
        "Harbour city opens new ferry terminal for visitors",
        "Football club signs young striker from abroad",
    ]
    cleaned = _clean("Home", "Business", TITLE, "March 4, 2025", *headlines, *REST)
    assert not set(headlines) & set(cleaned.lines)


def test_an_embedded_posts_labels_interrupt_the_story_without_ending_it() -> None:
    labels = [
        "Image copyright @ministry",
        "@ministry",
        "Report",
        "Image copyright @agency",
        "@agency",
        "Report",
    ]
    cleaned = _clean("Home", "Business", TITLE, *FIRST, REST[0], *labels, *REST[1:])
    assert cleaned.lines == (TITLE, *FIRST, *REST)


def test_a_link_run_followed_by_another_story_still_ends_the_story() -> None:
    other = [
        "The new ferry terminal, which opened on Monday, can handle twice as many passengers "
        "as the old one, and the city expects tourism to grow over the summer season.",
        "Local shop owners said they were looking forward to the visitors, although some of "
        "them complained about the noise of the construction work during the last year.",
    ]
    links = ["Facebook", "Twitter", "Email", "Print", "Comments", "Share"]
    cleaned = _clean("Home", TITLE, *FIRST, *REST, *links, *other)
    assert cleaned.lines == (TITLE, *FIRST, *REST)


def test_a_table_with_one_cell_per_line_inside_the_story_is_kept() -> None:
    cells = []
    for name, units, share, note in [
        ("Acme Tools", "63", "85%", "new export licence"),
        ("Borealis Optics", "57", "77%", "licence pending"),
        ("Cobalt Lithography", "49", "66%", "no licence needed"),
        ("Delta Wafers", "29", "39%", "licence refused"),
        ("Echo Photonics", "28", "38%", "no exports this year"),
        ("Fjord Etching", "13", "18%", "licence pending"),
        ("Garnet Masks", "12", "16%", "new export licence"),
        ("Helix Resists", "9", "12%", "licence refused"),
    ]:
        cells += ["Maker", name, units, share, note]
    # Forty short lines weigh more than the one paragraph above them: read as a menu,
    # they would make the story start below the table.
    cleaned = _clean("Home", TITLE, FIRST[0], *cells, *REST)
    assert cleaned.lines == (TITLE, FIRST[0], *cells, *REST)


def test_a_list_of_headlines_and_dates_is_not_a_table() -> None:
    teasers = []
    for headline, day in [
        ("Harbour city opens new ferry terminal", "March 3, 2025"),
        ("Football club signs young striker", "March 2, 2025"),
        ("Weather service warns of storms", "March 1, 2025"),
        ("Museum reopens after long repairs", "February 28, 2025"),
    ]:
        teasers += [headline, day]
    cleaned = _clean("Home", TITLE, *FIRST, *REST, *teasers)
    assert cleaned.lines == (TITLE, *FIRST, *REST)


def test_the_story_starts_under_its_headline_and_date_not_at_a_review_above_them() -> None:
    review = "Seven screens and loud music. We could not hear each other at all, sadly."
    cleaned = _clean(
        "Home", "Reviews", review, "Anna, London", TITLE, "March 4, 2025", *FIRST, *REST
    )
    assert cleaned.lines == (TITLE, *FIRST, *REST)
    assert cleaned.title == TITLE


def test_a_long_comment_above_a_quoted_headline_stays_in_the_story() -> None:
    # A blog post that quotes a story: the blogger's own text is a large part of the
    # stretch, so the quoted story's headline does not start the article.
    comment = [
        "I read this twice and still cannot see why the ministry waited so long, because the "
        "exporters have been asking for clear licensing rules for the lithography tools.",
        "Here is the report, with the ministry's own words on the rules and on the exporters "
        "that will need a licence for each shipment of the tools from next month.",
    ]
    cleaned = _clean("Home", *comment, TITLE, "March 4, 2025", *FIRST, *REST)
    assert set(comment) <= set(cleaned.lines)


def test_a_caption_above_a_copyright_sign_and_an_agency_credit_is_dropped() -> None:
    caption = "A technician inspects a lithography tool at a plant in the north of the country"
    cleaned = _clean(TITLE, *FIRST, caption, "©", "Reuters / Jane Roe", *REST)
    assert cleaned.lines == (TITLE, *FIRST, *REST)
    reasons = {drop.text: drop.reason for drop in cleaned.drops}
    assert reasons[caption] == "caption"
    assert reasons["Reuters / Jane Roe"] == "junk_pattern:photo_credit"


def test_a_comment_form_ends_the_story_and_its_rules_stay_out() -> None:
    form = ["Comments are limited to 200 words or less.", "Name:", "Email:", "Comment:"]
    rules = [
        "Comment posters are responsible for the opinions they express and for the accuracy "
        "of the information they provide, and we urge every writer to treat others fairly.",
        "Keep your comments directed to the topic of the story, because personal attacks on "
        "other readers or on the writers of the story will not be approved by the editors.",
    ]
    cleaned = _clean("Home", TITLE, *FIRST, *REST, *form, *rules)
    assert cleaned.lines == (TITLE, *FIRST, *REST)


def test_one_comment_count_line_does_not_end_the_story() -> None:
    cleaned = _clean("Home", TITLE, *FIRST, "12 comments", *REST)
    assert cleaned.lines == (TITLE, *FIRST, *REST)
