"""The headline is chosen by evidence: agreement with the lead beats repetition and position."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chipwatch.clean import Cleaner, CleanerSettings
from chipwatch.clean.headline import best_headline, headline_score
from chipwatch.clean.lines import BYLINE_RE, is_byline
from chipwatch.clean.title import headline_candidates
from chipwatch.models import Document

from .conftest import SAMPLE_DIR

LEAD = [
    "Huawei has begun shipping its Ascend 910C accelerators to Chinese cloud providers, "
    "according to two people familiar with the matter, as the company works around US "
    "export controls that bar it from buying advanced Nvidia chips.",
    "The shipments, which began last month, are the first large deliveries of the chip, "
    "which Huawei builds with SMIC's seven-nanometre process, the people said on Tuesday.",
    "Analysts said the volumes remain small compared with what Chinese companies bought "
    "from Nvidia before the rules were tightened, but that the gap is closing quickly.",
]


def _title(lines: list[str]) -> str | None:
    document = Document("page.txt", "\n".join(lines) + "\n")
    return Cleaner().fit([document]).clean(document).title


def test_the_headline_that_agrees_with_the_lead_beats_a_nearer_prompt() -> None:
    page = [
        "Home",
        "Huawei starts shipping Ascend 910C chips to Chinese cloud providers",
        "By Jane Roe",
        "Got a news tip?",
        *LEAD,
    ]
    assert _title(page) == "Huawei starts shipping Ascend 910C chips to Chinese cloud providers"


def test_a_repeated_menu_label_does_not_win_over_the_headline() -> None:
    page = [
        "Back To Main Menu",
        "Huawei ships Ascend accelerators despite export controls",
        "Back To Main Menu",
        "Share this article",
        *LEAD,
    ]
    assert _title(page) == "Huawei ships Ascend accelerators despite export controls"


def test_a_caption_sentence_is_not_the_headline() -> None:
    page = [
        "Huawei ships Ascend 910C accelerators to Chinese cloud providers",
        "Huawei's Ascend 910C accelerators are shipping to Chinese cloud providers.",
        *LEAD,
    ]
    assert _title(page) == "Huawei ships Ascend 910C accelerators to Chinese cloud providers"


def test_without_agreement_the_nearest_headline_shaped_line_is_kept() -> None:
    page = ["Weekend reading list", "Markets wrap for the week", *LEAD]
    assert _title(page) == "Markets wrap for the week"


def _chosen(lines: list[str], body_start: int, body_stop: int | None = None) -> str:
    """The headline ``mark_title`` picks when the article region begins at ``body_start``
    (and ends just before ``body_stop``)."""
    from chipwatch.clean.lines import line_features
    from chipwatch.clean.patterns import load_junk_patterns
    from chipwatch.clean.title import mark_title
    from chipwatch.lexicon import load_prose_function_words

    features = line_features(
        Document("page.txt", "\n".join(lines) + "\n"),
        patterns=load_junk_patterns(),
        stopwords=load_prose_function_words(),
        shared=frozenset(),
        max_shared_words=30,
    )
    index = mark_title(features, body_start, 40, body_stop)
    assert index is not None
    return features[index].text


def test_a_lead_split_by_links_is_not_the_headline() -> None:
    page = [
        "Huawei's chip push",
        "Jan. 11 (Wire) -- Huawei Technologies has begun shipping its Ascend 910C accelerators",
        "to cloud providers in China, according to two people familiar with the matter.",
        *LEAD,
    ]
    # The article region begins at the lead's first fragment.
    assert _chosen(page, body_start=1) == "Huawei's chip push"


def test_a_labelled_dateline_is_not_the_headline() -> None:
    page = [
        "Huawei's chip push",
        "Created: Wednesday, 09 Jan 2008, 7:51 PM",
        "On Wednesday, 09 Jan 2008, at 7:51 PM, Huawei said it had begun shipping chips.",
        *LEAD,
    ]
    assert _chosen(page, body_start=2) == "Huawei's chip push"


def test_a_list_of_other_stories_headlines_loses_to_the_headline_over_a_byline() -> None:
    page = [
        "Most Popular",
        "Chip stocks slide as Nvidia warns on China sales",
        "Huawei rivals court Chinese cloud customers",
        "Export rules leave SMIC short of tools",
        "Cloud providers in China get first Huawei Ascend deliveries",
        "By Jane Roe",
        "March 4, 2025",
        *LEAD,
    ]
    assert _title(page) == "Cloud providers in China get first Huawei Ascend deliveries"


def test_inflected_words_of_the_lead_count_as_agreement() -> None:
    # "shipment", "accelerator", "provider" come back in the lead only as plurals or
    # other forms; a site name above agrees with nothing.
    page = [
        "The Daily Ledger",
        "Huawei accelerator shipment reaches cloud provider",
        *LEAD,
        "The Daily Ledger",
    ]
    assert _title(page) == "Huawei accelerator shipment reaches cloud provider"


def test_an_edit_stamp_is_a_dateline_not_the_headline() -> None:
    page = [
        "Menu",
        "Last Edited: Tuesday, 04 Mar 2025, 9:12 AM CST",
        "Huawei's chip push",
        *LEAD,
    ]
    document = Document("page.txt", "\n".join(page) + "\n")
    cleaned = Cleaner().fit([document]).clean(document)
    assert cleaned.title == "Huawei's chip push"
    assert {d.text: d.reason for d in cleaned.drops}[page[1]] == "dateline"


def test_a_section_or_site_name_joined_by_a_bar_is_not_part_of_the_headline() -> None:
    for line, expected in (
        (
            "Chip Week 2025 | Huawei ships Ascend 910C chips to cloud providers",
            "Huawei ships Ascend 910C chips to cloud providers",
        ),
        (
            "Huawei ships Ascend 910C chips to cloud providers | The Daily Example",
            "Huawei ships Ascend 910C chips to cloud providers",
        ),
    ):
        document = Document("page.txt", "\n".join(["Home", line, "By Jane Roe", *LEAD]) + "\n")
        cleaned = Cleaner().fit([document]).clean(document)
        assert cleaned.title == expected
        assert cleaned.lines[0] == expected
        assert cleaned.metadata.title == expected


def test_a_link_to_the_next_or_previous_story_is_not_the_headline() -> None:
    for link in ("Huawei Ascend shipments to cloud providers »", "Next: Huawei Ascend chips"):
        page = [
            "Home",
            "Huawei begins Ascend 910C deliveries",
            "By Jane Roe",
            "March 4, 2025",
            link,
            *LEAD,
        ]
        assert _title(page) == "Huawei begins Ascend 910C deliveries", link


def test_a_line_cut_on_a_function_word_is_not_the_headline() -> None:
    page = [
        "Chip news",
        "Huawei shipments begin",
        "Below, we compare Huawei's Ascend 910C shipments to Chinese cloud providers with the",
        *LEAD,
    ]
    assert _title(page) == "Huawei shipments begin"


def test_a_link_to_the_previous_or_next_post_is_never_the_headline() -> None:
    page = [
        "Home",
        "« Huawei ships Ascend 910C chips to cloud providers",
        "Huawei ships Ascend 910C chips to Chinese cloud providers »",
        "By Jane Roe",
        "Ascend shipments begin quietly",
        *LEAD,
    ]
    assert _title(page) == "Ascend shipments begin quietly"


def test_the_lead_is_the_articles_own_text_not_the_list_below_a_short_story() -> None:
    other = "Old photo sparks conspiracy theories about young climate activist"
    page = [
        "Most Popular Today",
        "1",
        other,
        "2",
        "City council approves budget for the new stadium",
        "Huawei cloud deliveries begin",
        "By Jane Roe",
        "Huawei has begun deliveries to cloud providers, two people said on Tuesday.",
        "Trending Now",
        other,
        "An old photo of a young girl sparked conspiracy theories about the climate "
        "activist this week, as users said the photo showed the activist as a time "
        "traveller; the photo was taken in 1898, and the conspiracy theories spread.",
    ]
    # The story is one sentence long; the "Trending Now" teaser below it agrees with the
    # other story's headline, but it is not the lead.
    assert _chosen(page, body_start=7, body_stop=8) == "Huawei cloud deliveries begin"


def test_a_clock_time_written_against_its_am_pm_makes_a_dateline() -> None:
    from chipwatch.clean.lines import Line, is_dateline

    for text in ("Monday 5:30PM", "11/13/19 11:00AM", "Yesterday 2:45pm"):
        assert is_dateline(Line(1, text, text.lower(), len(text.split()), 0, False)), text
    assert not is_dateline(Line(1, "Pay 530PM", "pay 530pm", 2, 0, False))


def test_the_headline_over_a_byline_and_a_weekday_time_beats_other_stories() -> None:
    page = [
        "Chip stocks slide as Nvidia warns on China sales",
        "Jane Roe",
        "11/13/19 11:00AM",
        "Export rules leave SMIC short of tools",
        "Jane Roe",
        "11/12/19 4:40PM",
        "Huawei ships Ascend accelerators to Chinese cloud providers",
        "Jane Roe",
        "Monday 5:30PM",
        *LEAD,
    ]
    assert _title(page) == "Huawei ships Ascend accelerators to Chinese cloud providers"


def test_the_headline_below_a_promo_and_a_run_of_links_inside_the_article_is_found() -> None:
    headline = "Huawei ships Ascend accelerators to Chinese cloud providers"
    page = [
        "Sports",
        "Weather",
        "It's never too late to sign up for the weekly contest",
        "(CLICK HERE)",
        ".  You could win weekly prizes, or even the grand prize!",
        "Your Photos",
        "Check out this great photo in the album:",
        "Want to see your picture here? Try",
        "submitting",
        "one! It's fast and easy, so try your luck early and often!",
        "Tech Headlines",
        "Samsung profit falls as memory prices slide",
        "Apple opens its first store in the city",
        "Intel names a new chief financial officer",
        "Chip Headlines",
        headline,
        "Posted: 6:12 PM Dec 30, 2007",
        *LEAD,
    ]
    # The article's stretch starts on the promo (line 3); the headline is 13 lines in,
    # the last of a run of links, over the dateline and the lead it agrees with.
    assert _chosen(page, body_start=3) == headline


# --- the byline test: a split bounds the parts before the regex is tried --------------

_BYLINE_PARTS = ["By", "by:", "Posted", "by", "Reporting", ":", "Jane", "Roe", "de", "la",
                 "Ciudad", "and", "J.", "Smith,", "Reuters", "-", "|", "2024"]  # fmt: skip


@given(
    st.lists(st.sampled_from(_BYLINE_PARTS), min_size=1, max_size=14),
    st.lists(st.sampled_from([" ", "  ", "\t", "\u00a0", "", " : "]), min_size=14, max_size=14),
)
@settings(max_examples=3000, deadline=None)
def test_is_byline_agrees_with_the_byline_regex(parts: list[str], gaps: list[str]) -> None:
    text = "".join(part + gap for part, gap in zip(parts, gaps, strict=False)).strip()
    assert is_byline(text) == (BYLINE_RE.fullmatch(text) is not None), text


def test_is_byline_takes_names_of_up_to_eight_parts_after_a_two_word_prefix() -> None:
    assert is_byline("Reporting by : Jane Roe and J. Smith de la Ciudad")
    assert not is_byline("Reporting by : Jane Roe and J. Smith de la Ciudad Reuters")


# --- the bounded search: it picks what scoring every candidate picks ----------------

_PAGE_LINES = [
    *LEAD,
    "Huawei ships Ascend accelerators to Chinese cloud providers",
    "Chinese cloud providers get Huawei chips",
    "Nvidia rivals gain ground in China",
    "By Jane Roe",
    "Posted: 6:12 PM Dec 30, 2007",
    "Got a news tip?",
    "Back To Main Menu",
    "MOST READ STORIES",
    "Related coverage:",
    "Samsung profit falls as memory prices slide",
    "Shipments of the Ascend chips began last month, the people said",
    "the people said, adding that volumes remain small",
    "Home",
    "Share this article",
]


def _bounded_and_full(lines: list[str]) -> tuple[int, int] | None:
    document = Document("page.txt", "\n".join(lines) + "\n")
    cleaner = Cleaner().fit([document])
    page_lines, start, stop = cleaner.article_span(document)
    window = CleanerSettings().title_window
    page, candidates = headline_candidates(page_lines, start, window, stop)
    if not candidates:
        return None
    full = max(candidates, key=lambda i: (headline_score(page, i), -abs(start - i)))
    return best_headline(page, candidates), full


@given(st.lists(st.sampled_from(_PAGE_LINES), min_size=2, max_size=30))
@settings(max_examples=300, deadline=None)
def test_the_bounded_search_picks_the_candidate_scoring_every_one_picks(lines: list[str]) -> None:
    found = _bounded_and_full(lines)
    assert found is None or found[0] == found[1]


def test_the_bounded_search_agrees_on_the_sample_pages() -> None:
    for path in sorted(SAMPLE_DIR.glob("*.txt")):
        found = _bounded_and_full(path.read_text(encoding="utf-8").splitlines())
        assert found is not None and found[0] == found[1], path.name
