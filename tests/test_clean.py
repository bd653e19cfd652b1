"""Tests of the cleaning stage: each mechanism on small hand-written page dumps, then the
real sample files."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipwatch.clean import (
    Cleaner,
    CleanerSettings,
    JunkPatternsError,
    NotFittedError,
    clean_documents,
    load_junk_patterns,
)
from chipwatch.clean.patterns import JunkPatterns
from chipwatch.clean.prefilter import _by_leading_branch, build_prefilter
from chipwatch.errors import ChipwatchError
from chipwatch.models import CleanDocument, Document
from chipwatch.sentences import ends_like_sentence

PARA_1 = (
    "The ministry said on Tuesday that the new licensing rules would apply to every exporter "
    "of advanced lithography tools, and that companies had three months to comply with them."
)
PARA_2 = (
    "Industry groups warned that the measures could slow down the investment plans of several "
    "foundries, while officials insisted that the controls were narrow and carefully targeted."
)
PARA_3 = (
    "Analysts expect the debate to continue for months, because the rules leave open how older "
    "equipment that is already installed in the factories of the region will be serviced."
)
TITLE = "Ministry tightens licensing rules for lithography exports"


def doc(name: str, *lines: str) -> Document:
    return Document(name=name, text="\n".join(lines))


def write(tmp_path: Path, name: str, *lines: str) -> Document:
    """Write a raw dump to disk and read it back, as the corpus reader would."""
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Document(name=name, text=path.read_text(encoding="utf-8"))


def clean_one(
    document: Document,
    *,
    settings: CleanerSettings | None = None,
    patterns: Path | None = None,
    keep_metadata: bool = False,
) -> CleanDocument:
    """Fit a cleaner on this one document (no corpus evidence) and clean it."""
    cleaner = Cleaner(settings=settings, patterns=patterns, keep_metadata=keep_metadata)
    return cleaner.fit([document]).clean(document)


def reasons(cleaned_drops: tuple[object, ...]) -> dict[str, str]:
    return {d.text: d.reason for d in cleaned_drops}  # type: ignore[attr-defined]


def test_nav_run_before_article_is_dropped_and_body_kept(tmp_path: Path) -> None:
    document = write(
        tmp_path,
        "a.txt",
        "Home",
        "World",
        "Business",
        "Markets",
        "Opinion",
        "",
        TITLE,
        "",
        PARA_1,
        "",
        PARA_2,
        "",
        PARA_3,
    )
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2, PARA_3)
    assert cleaned.title == TITLE
    assert cleaned.line_numbers == (7, 9, 11, 13)
    dropped = reasons(cleaned.drops)
    assert set(dropped) == {"Home", "World", "Business", "Markets", "Opinion"}
    assert dropped["Home"] == "junk_pattern:navigation"
    assert dropped["World"] == "before_article"


def test_menu_run_inside_the_article_is_a_nav_run() -> None:
    document = doc(
        "a.txt",
        TITLE,
        PARA_1,
        "Alpha tools",
        "Beta tools",
        "Gamma tools",
        "Delta tools",
        PARA_2,
        PARA_3,
    )
    cleaned = clean_one(document, settings=CleanerSettings(end_marker_ratio=10.0))
    assert "Beta tools" not in cleaned.lines
    assert reasons(cleaned.drops)["Beta tools"] == "nav_run"
    assert PARA_2 in cleaned.lines


def test_junk_pattern_lines_are_dropped_with_their_reason() -> None:
    document = doc(
        "a.txt",
        TITLE,
        "Video Player is loading.",
        PARA_1,
        "Advertisement",
        PARA_2,
        "Follow us on Telegram",
        PARA_3,
    )
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2, PARA_3)
    dropped = reasons(cleaned.drops)
    assert dropped["Video Player is loading."] == "junk_pattern:video_player"
    assert dropped["Advertisement"] == "junk_pattern:advertisement"
    assert dropped["Follow us on Telegram"] == "junk_pattern:share_follow"


def test_link_fragments_inside_a_sentence_are_kept() -> None:
    document = doc(
        "a.txt",
        TITLE,
        PARA_1,
        "The agency published",
        "a detailed guidance note",
        "on its website last week.",
        PARA_2,
        PARA_3,
    )
    cleaned = clean_one(document)
    assert "a detailed guidance note" in cleaned.lines
    assert "The agency published" in cleaned.lines


def test_repeated_title_is_kept_once_as_first_line() -> None:
    document = doc(
        "a.txt",
        f"{TITLE} | Example News",
        "News",
        TITLE,
        "By Jane Roe",
        "12 May 2025 10:15",
        PARA_1,
        PARA_2,
        PARA_3,
        TITLE,
        TITLE,
    )
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2, PARA_3)
    assert cleaned.lines.count(TITLE) == 1
    dropped = reasons(cleaned.drops)
    assert dropped[f"{TITLE} | Example News"] == "repeated_title"
    assert dropped["By Jane Roe"] == "byline"
    assert dropped["12 May 2025 10:15"] == "dateline"
    assert sum(1 for d in cleaned.drops if d.reason == "repeated_title") == 3


def test_appended_story_after_next_article_marker_is_cut() -> None:
    second = [
        "Harbour city opens new ferry terminal",
        "The new terminal, which opened on Monday, can handle twice as many passengers as the "
        "old one, and the city expects tourism to grow strongly over the coming summer season.",
        "Local shop owners said that they were looking forward to the visitors, although some "
        "of them complained about the noise of the construction work during the last year.",
        "The port authority plans to add two more berths before the end of the next year, "
        "according to a statement that was published on its website on Monday afternoon.",
    ]
    second += second[1:]  # the appended story is longer than the main one
    document = doc("a.txt", TITLE, PARA_1, PARA_2, PARA_3, "Next Article", *second)
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2, PARA_3)
    dropped = reasons(cleaned.drops)
    assert dropped["Next Article"] == "after_article_end"
    assert all(dropped[line] == "after_article_end" for line in second)


def test_subheading_between_paragraphs_is_kept() -> None:
    heading = "Quarterly Foundry Capacity Outlook Beyond Shanghai Region"
    document = doc("a.txt", TITLE, PARA_1, heading, PARA_2, PARA_3)
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, heading, PARA_2, PARA_3)


def test_related_box_above_the_story_does_not_end_it() -> None:
    teaser = "A short teaser about something else entirely that was published today here."
    document = doc(
        "a.txt", teaser, "Related Articles", TITLE, PARA_1, PARA_2, PARA_3, PARA_1, PARA_2
    )
    cleaned = clean_one(document)
    assert PARA_3 in cleaned.lines
    assert teaser not in cleaned.lines


def test_comment_thread_after_the_story_is_cut() -> None:
    comment = "I think this is a really good point and I agree with most of what was said here."
    thread = []
    for n in range(4):
        thread += [f"reader{n}", f"November {n + 3}, 2024 at 6:3{n} am", comment]
    document = doc("a.txt", TITLE, PARA_1, PARA_2, PARA_3, *thread)
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2, PARA_3)


def chrome_corpus() -> list[Document]:
    footer = ["Copyleft notice of the Example Gazette group", "Contact the newsroom desk"]
    bodies = [PARA_1, PARA_2, PARA_3]
    return [
        doc(
            f"{n}.txt",
            "Example Gazette weekly edition",
            f"Headline number {n} about the chip market",
            bodies[n % 3],
            bodies[(n + 1) % 3],
            *footer,
        )
        for n in range(4)
    ]


def test_lines_shared_across_the_corpus_are_dropped() -> None:
    documents = chrome_corpus()
    settings = CleanerSettings(min_shared_docs=3, max_shared_words=8)
    cleaner = Cleaner(settings=settings).fit(documents)
    cleaned = cleaner.clean(documents[0])
    dropped = reasons(cleaned.drops)
    assert dropped["Example Gazette weekly edition"] == "shared_across_corpus"
    assert "Example Gazette weekly edition" not in cleaned.lines
    # Long paragraphs repeated across documents are syndicated text, not chrome.
    assert PARA_1 in cleaned.lines
    # A cleaner fitted on one document has no corpus evidence.
    alone = reasons(clean_one(documents[0]).drops)
    assert alone.get("Example Gazette weekly edition") != "shared_across_corpus"


def test_clean_before_fit_raises_a_not_fitted_error() -> None:
    with pytest.raises(NotFittedError, match=r"fit\(documents\)") as info:
        Cleaner().clean(doc("a.txt", TITLE, PARA_1))
    assert isinstance(info.value, ChipwatchError)


def test_init_stores_parameters_and_fit_returns_self() -> None:
    settings = CleanerSettings(nav_run_min=5)
    cleaner = Cleaner(settings=settings, keep_metadata=True)
    assert cleaner.settings is settings
    assert cleaner.patterns is None
    assert cleaner.keep_metadata is True
    assert not [name for name in vars(cleaner) if name.endswith("_")]
    assert cleaner.fit(chrome_corpus()) is cleaner
    assert cleaner.n_documents_ == 4


def test_settings_are_frozen_with_the_documented_defaults() -> None:
    settings = CleanerSettings()
    assert (settings.min_shared_docs, settings.title_window, settings.keep_title) == (3, 60, True)
    with pytest.raises(AttributeError):
        settings.nav_run_min = 2  # type: ignore[misc]


def test_fit_is_independent_of_document_order() -> None:
    documents = chrome_corpus()
    forward = Cleaner().fit(documents)
    backward = Cleaner().fit(list(reversed(documents)))
    assert forward.shared_lines_ == backward.shared_lines_
    assert forward.shared_lines_  # the test is meaningful only if something is shared
    assert [forward.clean(d) for d in documents] == [backward.clean(d) for d in documents]


def test_clean_documents_fits_and_cleans_in_input_order() -> None:
    documents = chrome_corpus()
    cleaned = clean_documents(documents)
    assert [c.name for c in cleaned] == [d.name for d in documents]
    assert all("Example Gazette weekly edition" not in c.lines for c in cleaned)


def test_custom_patterns_file_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "junk.toml"
    path.write_text(
        "[house_promo]\nkind = \"junk\"\npatterns = ['buy the print edition.*']\n"
        "[stop_here]\nkind = \"end\"\npatterns = ['the end']\n",
        encoding="utf-8",
    )
    document = doc(
        "a.txt",
        TITLE,
        PARA_1,
        "Buy the print edition today",
        PARA_2,
        PARA_3,
        "The End",
        PARA_1,
        PARA_2,
    )
    settings = CleanerSettings(end_marker_ratio=0.1)
    cleaned = clean_one(document, patterns=path, settings=settings)
    dropped = reasons(cleaned.drops)
    assert dropped["Buy the print edition today"] == "junk_pattern:house_promo"
    assert dropped["The End"] == "after_article_end"
    assert cleaned.lines == (TITLE, PARA_1, PARA_2, PARA_3)
    # The shipped patterns are replaced, not extended.
    assert load_junk_patterns(path).match("Advertisement") is None
    assert load_junk_patterns().match("Advertisement") is not None


@pytest.mark.parametrize(
    "line",
    [
        "Enjoyed this article? Share it with your friends!",
        "Liked the story? Share it on social media!",
        "share-lineLiked the story? Share it on social media!",
        "Share this story",
    ],
)
def test_share_prompts_of_any_site_are_junk(line: str) -> None:
    """The shipped patterns describe kinds of UI text, not one site's strings."""
    found = load_junk_patterns().match(line)
    assert found is not None and found[0] == "share_follow"


def test_shipped_patterns_leave_prose_alone() -> None:
    patterns = load_junk_patterns()
    for line in (
        "Instructions for exporters were published by the Commerce Department on Monday.",
        "Analysts said they liked the story Huawei told investors about its Ascend chips.",
    ):
        assert patterns.match(line) is None


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("[broken\nkind = ", "not valid TOML"),
        ("[x]\nkind = \"maybe\"\npatterns = ['a']\n", "kind"),
        ('[x]\nkind = "junk"\npatterns = []\n', "patterns"),
        ("[x]\nkind = \"junk\"\npatterns = ['(unclosed']\n", "regular expression"),
        ("x = 1\n", "must be a table"),
    ],
)
def test_malformed_patterns_file_raises_naming_the_file(
    tmp_path: Path, content: str, fragment: str
) -> None:
    path = tmp_path / "bad_patterns.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(JunkPatternsError) as info:
        clean_one(doc("a.txt", TITLE, PARA_1), patterns=path)
    assert isinstance(info.value, ChipwatchError)
    assert "bad_patterns.toml" in str(info.value)
    assert fragment in str(info.value)


def test_missing_patterns_file_raises(tmp_path: Path) -> None:
    with pytest.raises(JunkPatternsError, match=r"nowhere\.toml"):
        load_junk_patterns(tmp_path / "nowhere.toml")


def test_shipped_patterns_cover_several_ui_languages() -> None:
    patterns = load_junk_patterns()
    for line in ("Anzeige", "Publicidad", "Publicité", "Pubblicità", "Publicidade", "Weiterlesen"):
        assert patterns.match(line) is not None, line
    assert patterns.match(PARA_1) is None


def test_every_nonblank_line_is_either_kept_or_dropped() -> None:
    document = doc("a.txt", "Menu", "", TITLE, "Share", PARA_1, "", PARA_2, "Related Stories", "x")
    cleaned = clean_one(document)
    accounted = set(cleaned.line_numbers) | {d.line for d in cleaned.drops}
    nonblank = {i for i, line in enumerate(document.lines, start=1) if line.strip()}
    assert accounted == nonblank
    assert not set(cleaned.line_numbers) & {d.line for d in cleaned.drops}


def test_cleaning_without_drops_keeps_the_same_lines_and_lists_none() -> None:
    document = doc("a.txt", "Menu", "", TITLE, "Share", PARA_1, "", PARA_2, "Related Stories", "x")
    cleaner = Cleaner().fit([document])
    full, bare = cleaner.clean(document), cleaner.clean(document, drops=False)
    assert full.drops and not bare.drops
    assert bare == dataclasses.replace(full, drops=())


def test_empty_document_gives_no_lines() -> None:
    cleaned = clean_one(doc("empty.txt", "", "  "))
    assert cleaned.lines == ()
    assert cleaned.drops == ()
    assert cleaned.title is None


def test_sample_files(sample_dir: Path) -> None:
    documents = [
        Document(name=p.name, text=p.read_text(encoding="utf-8"))
        for p in sorted(sample_dir.glob("*.txt"))
    ]
    assert len(documents) == 5
    cleaned = {c.name: c for c in clean_documents(documents)}
    for item in cleaned.values():
        text = item.text
        assert "Video Player is loading" not in text
        assert "Follow us on Telegram" not in text
        assert "Leave a Reply" not in text
        assert "Required fields are marked" not in text
        assert "Next Article" not in text
        assert item.lines and item.lines[0] == item.title
    first = cleaned[sorted(cleaned)[0]]
    assert first.title is not None
    assert first.lines.count(first.title) == 1
    # The story appended after "Next Article" is gone: the last kept line comes before it.
    marker = next(
        i for i, line in enumerate(first.document.lines, start=1) if line.strip() == "Next Article"
    )
    assert max(first.line_numbers) < marker


def test_keep_metadata_keeps_byline_and_dateline_after_the_title(tmp_path: Path) -> None:
    lines = ("Home", TITLE, "By Jane Roe", "4 June 2024 09:15", PARA_1, PARA_2, PARA_3)
    plain = clean_one(write(tmp_path, "a.txt", *lines))
    assert plain.lines == (TITLE, PARA_1, PARA_2, PARA_3)
    assert plain.metadata.author == "Jane Roe"
    kept = clean_one(write(tmp_path, "b.txt", *lines), keep_metadata=True)
    assert kept.lines == (TITLE, "By Jane Roe", "4 June 2024 09:15", PARA_1, PARA_2, PARA_3)
    assert kept.metadata == plain.metadata
    assert "Home" in reasons(kept.drops)
    assert "By Jane Roe" not in reasons(kept.drops)


def test_list_introduced_by_a_prose_colon_is_body_not_a_link_list() -> None:
    intro = "Analysts grouped the affected suppliers into four categories, which look like this:"
    items = ("Memory makers", "Tool vendors", "Design software firms", "Packaging houses", "Labs")
    document = doc("a.txt", TITLE, PARA_1, PARA_2, intro, *items, PARA_3, PARA_1 + " Again.")
    cleaned = clean_one(document)
    for item in items:
        assert item in cleaned.lines
    assert PARA_3 in cleaned.lines


def test_list_after_a_label_colon_still_ends_the_story() -> None:
    headlines = (
        "Port strike enters its second week",
        "Central bank holds rates at record level",
        "New stadium plan wins council approval",
        "Storm closes schools across the region",
    )
    after = "A short note that follows the list, written like a sentence of prose."
    document = doc("a.txt", TITLE, PARA_1, PARA_2, PARA_3, "Picked for you:", *headlines, after)
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2, PARA_3)


def test_byline_prefix_must_be_a_word_of_its_own() -> None:
    # "Design ..." and "Port ..." start with "de"/"por" but are not bylines.
    lines = ("Design rules", "Port strike", "By Jane Roe")
    cleaned = clean_one(doc("a.txt", *lines, TITLE, PARA_1, PARA_2, PARA_3))
    dropped = reasons(cleaned.drops)
    assert dropped["By Jane Roe"] == "byline"
    assert dropped["Design rules"] != "byline"
    assert dropped["Port strike"] != "byline"


def test_repeated_sentence_with_full_stop_is_not_taken_as_title() -> None:
    placeholder = "No results were found for this player."
    document = doc(
        "a.txt", TITLE, "Menu", placeholder, TITLE, placeholder, PARA_1, placeholder, PARA_2
    )
    cleaned = clean_one(document)
    assert cleaned.title == TITLE


def test_list_announced_below_the_story_is_kept() -> None:
    heading = "The seven plants named in the new licensing notice:"
    items = tuple(f"Plant {n} -- Foundry Road, Example City, EX" for n in range(1, 8))
    document = doc("a.txt", TITLE, PARA_1, PARA_2, PARA_3, heading, *items, "Privacy Policy")
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2, PARA_3, heading, *items)


def test_table_next_to_the_story_is_body() -> None:
    rows = tuple(f"Fab {n}: {40 + n} tools, {n}% idle" for n in range(1, 7))
    document = doc("a.txt", TITLE, PARA_1, PARA_2, *rows, PARA_3, "Terms of Use")
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2, *rows, PARA_3)


def test_page_of_results_without_prose_keeps_its_table() -> None:
    rows = tuple(f"Team {n} beat Team {n + 10} by {n} goals to one" for n in range(1, 10))
    document = doc("a.txt", "Home", "Weekend results", *rows, "Contact us")
    cleaned = clean_one(document)
    for row in rows:
        assert row in cleaned.lines
    assert "Contact us" not in cleaned.lines


def test_teaser_inside_the_story_does_not_end_it() -> None:
    headline = "Regulators weigh a second round of controls"
    lead = (
        "In recent weeks a number of the officials have said that they would like to see the "
        "rules widened to"
    )
    document = doc(
        "a.txt", TITLE, PARA_1, PARA_2, headline, lead, "Read more", "Advertisement", PARA_3
    )
    cleaned = clean_one(document)
    assert PARA_3 in cleaned.lines
    assert "Read more" not in cleaned.lines


def test_one_embedded_post_with_a_date_does_not_end_the_story() -> None:
    document = doc("a.txt", TITLE, PARA_1, "Company statement", "November 20, 2024", PARA_2, PARA_3)
    cleaned = clean_one(document)
    assert PARA_2 in cleaned.lines and PARA_3 in cleaned.lines


def test_second_copy_of_a_paragraph_is_dropped() -> None:
    document = doc("a.txt", TITLE, PARA_1, PARA_2, PARA_3, PARA_1, PARA_2)
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2, PARA_3)
    assert sorted(d.reason for d in cleaned.drops) == ["repeated_paragraph"] * 2


def test_comment_prompts_below_the_story_are_dropped() -> None:
    prompts = ("Comments on this story", "Add your comments here", "Already Registered?")
    document = doc("a.txt", TITLE, PARA_1, PARA_2, PARA_3, *prompts)
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2, PARA_3)


def test_teaser_list_does_not_outweigh_a_short_article() -> None:
    teasers: list[str] = []
    for town in ("Northfield", "Eastbrook", "Westham", "Southport"):
        teasers += [
            f"{town} council votes on the new budget plan",
            f"The council of {town} met on Monday evening and voted on the budget plan that "
            "the mayor had presented to the members in the spring of this year.",
        ]
    document = doc(
        "a.txt", "Home", *teasers, TITLE, "By Jane Roe", PARA_1, PARA_2, "Privacy Policy"
    )
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2)
    assert all(line not in cleaned.lines for line in teasers)


def test_syndicated_copies_are_not_mistaken_for_site_chrome() -> None:
    story = [
        "Chipmakers race to replace restricted tools",
        "Domestic toolmakers in Shenzhen said on Monday that orders had doubled this year.",
        "Engineers at the plant told reporters that yields were still below target levels.",
        "The company expects to ship its first immersion scanner to customers next spring.",
    ]
    other = [
        "Memory prices climb as demand for servers grows",
        "Analysts said the shortage of memory chips would last well into the next year.",
        "Buyers have been signing longer contracts to secure supply for their data centres.",
        "One supplier said it had raised prices twice since the start of the summer.",
    ]
    chrome = ["Home", "Subscribe to our newsletter for daily updates on the chip industry."]
    docs = [
        Document(f"{site}_{n}.txt", "\n".join([f"{site} news", *chrome, *body]))
        for site in ("alpha", "beta", "gamma")
        for n, body in (("a", story), ("b", other))
    ]
    cleaner = Cleaner().fit(docs)
    for doc in docs:
        kept = cleaner.clean(doc).lines
        body = story if doc.name.endswith("_a.txt") else other
        assert all(line in kept for line in body[1:]), doc.name
        assert chrome[1] not in kept


def test_teaser_box_with_more_links_and_two_line_leads_does_not_outweigh_the_story(
    tmp_path: Path,
) -> None:
    # Teaser boxes repeat a "More" link under every teaser, some leads take two lines and
    # some headlines are questions or long; none of that may hide the box.
    box = [
        "Is the harbour ferry service about to change for good?",
        "Commuters on the harbour line have asked the city for more frequent boats in the "
        "mornings and a later last departure on the weekend.",
        "More",
        "There's No Place Like The Old Market Hall: Here's What The Traders Plan Next Season",
        "Want to know what the traders plan?",
        "The traders of the old market hall have presented a plan that would open the hall "
        "on two more evenings a week during the summer.",
        "More",
        "Library opening hours will be longer during the exam weeks",
        "Students asked for the change and the library board agreed to it at its last meeting "
        "after a short debate about the extra staff costs.",
        "More",
    ]
    document = write(
        tmp_path, "a.txt", "Home", *box, TITLE, "By Jane Roe", PARA_1, PARA_2, "Privacy Policy"
    )
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2)
    assert reasons(cleaned.drops)[box[1]] == "before_article"


def test_comment_thread_does_not_outweigh_a_short_post(tmp_path: Path) -> None:
    # An open-thread post of two sentences and a long reader thread under it: the
    # attributed, dated posts are comments, however much prose they hold.
    post = [
        "This is our quarterly open thread for readers who want to raise questions about our "
        "research in public.",
        "We will try to answer every question within a few days of it being posted here.",
    ]
    thread: list[str] = []
    for hour, reader in enumerate(("Sam Lee", "Ana Ortiz", "Max Bauer", "Kim Park"), start=1):
        thread += [
            reader,
            "says:",
            f"March {hour + 2}, 2024 at {hour}:15 pm",
            f"Thank you for the open thread, {reader.split()[0]} here. I have read the latest "
            "report on the water program and would like to know how the team weighs the new "
            "evidence from the second trial against the older studies it relies on so far.",
        ]
    document = write(
        tmp_path, "a.txt", "Blog", TITLE, "March 1, 2024", *post, "4 Comments", *thread, "Top"
    )
    cleaned = clean_one(document)
    assert cleaned.lines == (TITLE, *post)
    assert reasons(cleaned.drops)[thread[3]] == "after_article_end"


# --- the junk-pattern prefilter must never pass over a line some group matches ---------

_JUNK = load_junk_patterns()


def _matches_without_prefilter(line: str) -> tuple[str, str] | None:
    for name, kind, regex in _JUNK.groups:
        if regex.fullmatch(line):
            return name, kind
    return None


# Fragments of junk lines, case variants, digits, odd case folds (dotless i, long s,
# Kelvin sign), accents, symbols and Cyrillic: what could trip an inexact index.
# fmt: off
_FRAGMENTS = [
    "Share", "SHARE this", "Newsletter", "cookies", "We use cookies", "getty images",
    "Photo", "photo:", "©", "(c)", "Copyright", "«", "»", "…", "·", "1", "12", "٣",
    "comments", "Comment", "views", "reads", "min read", "Related", "Next Article",
    "Ad 1 of 2", "ſhare", "ſ", "ı", "İ", "\u212a", "Vídeo", "ссылка скопирована",
    "Suivez-nous", " ", ":", "-", ".", "x", "a", "in your inbox", "Subscribers only",
    "leave a reply", "Follow us on X", "reuters", "all rights reserved", "3:05", "|",
]
# fmt: on


@given(st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=4), min_size=1, max_size=6))
@settings(max_examples=3000, deadline=None)
def test_prefilter_never_passes_over_a_matching_line(parts: list[str]) -> None:
    line = "".join(parts).strip()
    assert _JUNK.match(line) == _matches_without_prefilter(line)


_LONG = (
    "the ministry said the rules would apply to every exporter of advanced tools, and that "
    "companies had three months to comply with them, officials said on Tuesday"
)


@given(
    st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=4), min_size=1, max_size=6),
    st.integers(min_value=0, max_value=6),
)
@settings(max_examples=1500, deadline=None)
def test_prefilter_is_exact_on_lines_longer_than_its_bounded_patterns(
    parts: list[str], at: int
) -> None:
    line = "".join([*parts[:at], f" {_LONG} ", *parts[at:]]).strip()
    assert _JUNK.match(line) == _matches_without_prefilter(line)


@given(st.data())
@settings(max_examples=1000, deadline=None)
def test_prefilter_lets_through_every_line_a_group_matches(data: st.DataObject) -> None:
    # Lines made from the patterns themselves: every case variant, first character and
    # length a pattern allows (what the index of lines and of groups must not rule out).
    _, _, regex = data.draw(st.sampled_from(_JUNK.groups))
    line = data.draw(st.from_regex(regex, fullmatch=True))
    assert _JUNK.prefilter is not None
    assert _JUNK.prefilter.may_match(line), line
    assert _JUNK.match(line) == _matches_without_prefilter(line), line


# Alternatives opening with a group of branches are indexed branch by branch; these
# open in every way the split must handle or refuse (repeated, empty branch, back
# reference, nested, named).
_OPENING_GROUPS = [
    "(facebook|twitter|x) share",
    "(?:one|two) (three|four)",
    "(a|b)+ repeated",
    "(foo|) optional",
    "(x|y) again \\1",
    "((red|blue) (car|bike)|green) wins",
    "(?P<colour>red|blue) named",
    "(\\d+|no) comments?",
    "([Ss]ee|read) more",
]


@given(st.data())
@settings(max_examples=600, deadline=None)
def test_prefilter_is_exact_on_alternatives_opening_with_a_group(data: st.DataObject) -> None:
    groups = [[p] for p in _OPENING_GROUPS]
    junk = JunkPatterns(
        groups=tuple(
            (f"g{i}", "junk", re.compile(p, re.IGNORECASE)) for i, p in enumerate(_OPENING_GROUPS)
        ),
        source="test",
        prefilter=build_prefilter(groups),
    )
    assert junk.prefilter is not None
    regex = data.draw(st.sampled_from([g for _, _, g in junk.groups]))
    line = data.draw(st.from_regex(regex, fullmatch=True) | st.text(max_size=12))
    expected = next(((n, k) for n, k, g in junk.groups if g.fullmatch(line)), None)
    assert junk.match(line) == expected, line


def test_an_opening_group_is_indexed_by_its_branches_first_characters() -> None:
    split = _by_leading_branch("(facebook|twitter|x) share")
    assert split == {
        "f": ("(?:facebook) share", 14),
        "t": ("(?:twitter) share", 13),
        "x": ("(?:x) share", 7),
    }
    for refused in ("(a|b)+ x", "(foo|) x", "(x|y) \\1", "(?P<n>a|b) x", "(one) x", "x (a|b)"):
        assert _by_leading_branch(refused) is None, refused


def test_prefilter_agrees_on_real_pages(sample_dir: Path) -> None:
    for path in sorted(sample_dir.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if line:
                assert _JUNK.match(line) == _matches_without_prefilter(line), line


def test_prefilter_skips_most_prose_lines() -> None:
    assert _JUNK.prefilter is not None
    assert not _JUNK.prefilter.may_match(PARA_1)
    assert _JUNK.prefilter.may_match("Share this article")
    assert _JUNK.prefilter.may_match("3 comments")


_SENTENCE_END_ORACLE = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”’»]$")


@given(st.text(alphabet="ab .!?…:;\"'”’»)]x", max_size=10))
@settings(max_examples=2000, deadline=None)
def test_sentence_end_is_punctuation_then_closers_or_a_closing_quote(text: str) -> None:
    line = text.strip()
    assert ends_like_sentence(line) == bool(_SENTENCE_END_ORACLE.search(line))
