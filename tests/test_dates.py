"""Tests of the one date parser: written dates on single lines, ISO dates, month names."""

from __future__ import annotations

import datetime as dt

import pytest

from chipwatch.dates import MONTH_NAMES, parse_date, parse_iso_date
from chipwatch.errors import UsageError


@pytest.mark.parametrize(
    ("line", "iso", "raw"),
    [
        ("31 May 2025 14:53", "2025-05-31", "31 May 2025 14:53"),
        (
            "2025-01-19 05:30 Last Updated At:15:27",
            "2025-01-19",
            "2025-01-19 05:30 Last Updated At:15:27",
        ),
        ("March 4, 2024", "2024-03-04", "March 4, 2024"),
        ("Published: Sept. 3, 2023 10:00 ET", "2023-09-03", "Sept. 3, 2023 10:00 ET"),
        ("Mittwoch, 7. Februar 2024", "2024-02-07", "Mittwoch, 7. Februar 2024"),
        ("12 de marzo de 2024", "2024-03-12", "12 de marzo de 2024"),
        ("1er juin 2022", "2022-06-01", "1er juin 2022"),
        ("21.11.2023", "2023-11-21", "21.11.2023"),
        ("25/12/2021", "2021-12-25", "25/12/2021"),
        ("Jan 2nd 2020", "2020-01-02", "Jan 2nd 2020"),
    ],
)
def test_absolute_dates_are_parsed(line: str, iso: str, raw: str) -> None:
    assert parse_date(line) == (iso, raw)


@pytest.mark.parametrize(
    "line",
    [
        "Updated: March 4, 2024",
        "Last updated 2024-03-04 10:00",
        "3 hours ago",
        "yesterday",
        "© 2025 Example Media. All rights reserved.",
        "Copyright 2024 Example Media",
        "May 2024",
        "31 February 2024",
    ],
)
def test_updates_relative_dates_copyrights_and_partial_dates_give_nothing(line: str) -> None:
    assert parse_date(line) is None


def test_byline_with_date_gives_date_segment() -> None:
    assert parse_date("By Jane Roe | March 4, 2024") == ("2024-03-04", "March 4, 2024")


def test_month_names_cover_six_languages() -> None:
    for word, month in (("may", 5), ("märz", 3), ("dezembro", 12), ("juillet", 7), ("ott", 10)):
        assert MONTH_NAMES[word] == month


def test_iso_dates_and_timestamps_are_read() -> None:
    assert parse_iso_date("2025-01-19") == dt.date(2025, 1, 19)
    assert parse_iso_date(" 2025-01-19T10:00:00Z") == dt.date(2025, 1, 19)


def test_a_non_iso_date_raises_a_usage_error_saying_the_form() -> None:
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        parse_iso_date("19.01.2025")


def test_an_ambiguous_numeric_date_follows_the_forced_order() -> None:
    assert parse_date("10/01/2008") == ("2008-10-01", "10/01/2008")
    assert parse_date("10/01/2008", dayfirst=True) == ("2008-01-10", "10/01/2008")
    assert parse_date("10.01.2008", dayfirst=False) == ("2008-10-01", "10.01.2008")
    # A number that cannot be a month settles it, whatever is forced.
    assert parse_date("25/01/2008", dayfirst=False) == ("2008-01-25", "25/01/2008")


def test_the_page_shows_which_order_it_writes_dates_in() -> None:
    from chipwatch.dates import day_first_evidence, is_ambiguous

    assert day_first_evidence(["Tuesday 15 January 2008", "10/01/2008"]) is True
    assert day_first_evidence(["January 15, 2008", "10/01/2008"]) is False
    assert day_first_evidence(["Posted 7:08am GMT"]) is True
    assert day_first_evidence(["Updated 25/12/2019"]) is True
    assert day_first_evidence(["12/25/2019"]) is False
    assert day_first_evidence(["no dates here", "10/01/2008"]) is None
    assert is_ambiguous("10/01/2008") and not is_ambiguous("25/01/2008")
    assert not is_ambiguous("01/01/2008")  # the same either way
