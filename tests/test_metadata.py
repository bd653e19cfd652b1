"""Tests of metadata extraction: the parsers on single lines, then whole dumps through the
cleaner (which chooses the lines to read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipwatch.clean import Cleaner
from chipwatch.metadata import extract_metadata, parse_author, parse_source
from chipwatch.models import Document

TITLE = "Regulators weigh new limits on wafer equipment sales"
PARA_1 = (
    "Officials said on Monday that the proposal would cover several kinds of deposition and "
    "etching tools, and that exporters would be consulted before any final decision was made."
)
PARA_2 = (
    "Trade groups replied that the draft was too broad, while a number of lawmakers argued "
    "that the measures came far too late to change the plans of the largest buyers."
)


def write(tmp_path: Path, *lines: str) -> Document:
    path = tmp_path / "page.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Document(name="page.txt", text=path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Jane Roe", "Jane Roe"),
        ("BY JANE ROE, Staff Writer", "JANE ROE"),
        ("Von Max Muster", "Max Muster"),
        ("Por María de la Cruz", "María de la Cruz"),
        ("Written by: Ann Lee and Bo Chan", "Ann Lee and Bo Chan"),
        ("By Jane Roe | March 4, 2024", "Jane Roe"),
        ("By Jane Roe on March 4, 2024", "Jane Roe"),
    ],
)
def test_byline_names(line: str, name: str) -> None:
    assert parse_author(line) == name


@pytest.mark.parametrize(
    "line",
    [
        "By continuing to use this site you accept cookies",
        "Share by email",
        "Partnerships",
        "Byron Jones scored twice",
    ],
)
def test_not_bylines(line: str) -> None:
    assert parse_author(line) is None


def test_source_from_copyright_footer_and_title_suffix() -> None:
    assert parse_source("Examplenews.az © 2025. .") == "Examplenews.az"
    assert parse_source("Copyright © 2019 The Example Post. All rights reserved.") == (
        "The Example Post"
    )
    assert parse_source("© Photo Agency") is None  # no year: a photo credit
    assert parse_source("Copyright 2019 Foo. This material may not be published") == "Foo"
    assert parse_source(f"{TITLE} | The Daily Example", title=TITLE) == "The Daily Example"
    assert parse_source(TITLE, title=TITLE) is None


def test_extract_metadata_prefers_head_then_tail() -> None:
    extracted = extract_metadata(
        title=TITLE,
        head=[(3, "Updated: 5 June 2024"), (2, "4 June 2024")],
        tail=[(9, "By Jane Roe"), (10, "7 June 2024")],
        page=[(1, TITLE), (2, "4 June 2024"), (3, "Updated: 5 June 2024"), (9, "By Jane Roe")],
    )
    assert extracted.metadata.published == "2024-06-04"
    assert extracted.date_line == 2
    assert extracted.metadata.author == "Jane Roe"
    assert extracted.author_lines == (9,)
    assert extracted.metadata.source is None


def test_cleaner_fills_metadata_from_lines_around_the_body(tmp_path: Path) -> None:
    document = write(
        tmp_path,
        "Home",
        "Examplenews.az © 2025.",
        "WORLD",
        TITLE,
        "",
        "By Jane Roe",
        "2 hours ago",
        "Updated: 5 June 2024 10:00",
        "4 June 2024 09:15",
        "",
        PARA_1,
        PARA_2,
        "Next Article",
        "Another story about something else entirely",
        "9 June 2024 11:00",
    )
    cleaned = Cleaner().fit([document]).clean(document)
    assert cleaned.lines == (TITLE, PARA_1, PARA_2)
    meta = cleaned.metadata
    assert meta.title == TITLE
    assert meta.published == "2024-06-04"
    assert meta.published_raw == "4 June 2024 09:15"
    assert meta.author == "Jane Roe"
    assert meta.source == "Examplenews.az"


def test_relative_date_only_gives_no_published(tmp_path: Path) -> None:
    document = write(tmp_path, TITLE, "3 hours ago", PARA_1, PARA_2, "© 2023 Example Ltd")
    meta = Cleaner().fit([document]).clean(document).metadata
    assert meta.published is None
    assert meta.published_raw is None
    assert meta.source == "Example Ltd"


def test_byline_below_body_and_bare_by_line(tmp_path: Path) -> None:
    document = write(tmp_path, TITLE, PARA_1, PARA_2, "By", "Jane Roe", "Tags", "chips")
    meta = Cleaner().fit([document]).clean(document).metadata
    assert meta.author == "Jane Roe"
    assert meta.published is None


def test_a_uk_page_dates_its_article_day_first() -> None:
    from chipwatch.metadata import extract_metadata

    page = [(1, "Tuesday 15 January 2008"), (2, "Arsenal sign a striker"), (3, "10/01/2008")]
    found = extract_metadata(title="Arsenal sign a striker", head=[page[2]], tail=[], page=page)
    assert found.metadata.published == "2008-01-10"
    forced = extract_metadata(
        title="Arsenal sign a striker", head=[page[2]], tail=[], page=page, dayfirst=False
    )
    assert forced.metadata.published == "2008-10-01"
    us_page = [(1, "January 15, 2008"), (2, "10/01/2008")]
    us = extract_metadata(title=None, head=[us_page[1]], tail=[], page=us_page)
    assert us.metadata.published == "2008-10-01"


def test_date_under_a_far_header_copy_beats_an_embedded_post_date(tmp_path: Path) -> None:
    """A page header (headline, byline, date) far above a long run of chrome, the
    headline again just above the story, and an embedded post's date inside it: the
    date is the one under the header, not the post's."""
    chrome = [f"Menu entry number {n}" for n in range(70)]
    document = write(
        tmp_path,
        TITLE,
        "By Jane Roe",
        "4 June 2024 09:15",
        *chrome,
        TITLE,
        PARA_1,
        "1 June 2024",
        PARA_2,
    )
    meta = Cleaner().fit([document]).clean(document).metadata
    assert meta.published == "2024-06-04"
    assert meta.author == "Jane Roe"
