"""Tests for period bucketing, counts per period and G² keyness between two periods."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from chipwatch.errors import UsageError
from chipwatch.models import Mention
from chipwatch.trends import (
    COUNT_COLUMNS,
    DIFF_COLUMNS,
    TREND_COLUMNS,
    bucket,
    diff,
    entity_counts,
    g2,
    keyword_counts,
    theme_counts,
    trends,
)


@pytest.mark.parametrize(
    ("day", "week", "month"),
    [
        ("2025-01-15", "2025-W03", "2025-01"),
        # Monday 30 December 2024 starts ISO week 1 of 2025.
        ("2024-12-30", "2025-W01", "2024-12"),
        # Sunday 3 January 2021 still belongs to the last week (53) of 2020.
        ("2021-01-03", "2020-W53", "2021-01"),
        ("2021-01-04", "2021-W01", "2021-01"),
        # 2026 has 53 ISO weeks; 1 January 2027 (a Friday) falls in its last one.
        ("2027-01-01", "2026-W53", "2027-01"),
        ("2025-12-29", "2026-W01", "2025-12"),
        # A timestamp is cut to its date.
        ("2025-03-09T23:59:00Z", "2025-W10", "2025-03"),
    ],
)
def test_bucket_iso_weeks_and_months(day: str, week: str, month: str) -> None:
    assert bucket(day, "week") == week
    assert bucket(day, "month") == month


def test_bucket_rejects_bad_input() -> None:
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        bucket("last Tuesday", "week")
    with pytest.raises(UsageError, match="week or month"):
        bucket("2025-01-01", "year")  # type: ignore[arg-type]


def counts_frame(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(COUNT_COLUMNS))


PUBLISHED: dict[str, str | None] = {
    "a.txt": "2025-01-02",
    "b.txt": "2025-01-20",
    "c.txt": "2025-02-03",
    "d.txt": None,
    "e.txt": "not a date",
}


def test_trends_per_month_reports_undated_documents() -> None:
    counts = counts_frame(
        [
            ("a.txt", "entity", "Nvidia", 3),
            ("b.txt", "entity", "Nvidia", 1),
            ("b.txt", "entity", "Huawei", 2),
            ("c.txt", "entity", "Huawei", 5),
            ("d.txt", "entity", "Huawei", 9),
        ]
    )
    result = trends(counts, PUBLISHED, by="month")
    assert tuple(result.table.columns) == TREND_COLUMNS
    assert [tuple(r) for r in result.table.itertuples(index=False)] == [
        ("2025-01", 2, "Nvidia", 4, 2, 1.0),
        ("2025-01", 2, "Huawei", 2, 1, 0.5),
        ("2025-02", 1, "Huawei", 5, 1, 1.0),
    ]
    top = trends(counts, PUBLISHED, by="month", top=1).table
    assert list(top["item"]) == ["Nvidia", "Huawei"]
    assert result.undated == ["d.txt", "e.txt"]
    assert result.periods == {"2025-01": 2, "2025-02": 1}


def test_trends_per_week() -> None:
    counts = [("a.txt", "theme", "x", 1.0), ("b.txt", "theme", "x", 1.0)]
    table = trends(counts, PUBLISHED, by="week").table
    # Weeks 2, 3 and 5 hold no document and c.txt (week 6) no item: shown, empty.
    weeks = ["2025-W01", "2025-W02", "2025-W03", "2025-W04", "2025-W05", "2025-W06"]
    assert list(table["period"]) == weeks
    assert list(table["item"]) == ["x", "", "", "x", "", ""]
    assert list(table["period_docs"]) == [1, 0, 0, 1, 0, 1]


def test_trends_span_crosses_years() -> None:
    table = trends([("a", "entity", "x", 1)], {"a": "2024-11-30", "b": "2025-02-01"}).table
    assert list(table["period"]) == ["2024-11", "2024-12", "2025-01", "2025-02"]


def test_g2_hand_computed() -> None:
    # a=10 in 1000 words, b=30 in 1000 words: E1 = E2 = 20,
    # G² = 2 (10 ln(10/20) + 30 ln(30/20)) = 2 (-6.931472 + 12.163953) = 10.464963.
    assert g2(10, 30, 1000, 1000) == pytest.approx(10.464963, abs=1e-5)
    # Unequal sizes: a=5 in 100, b=5 in 400: E1 = 100*10/500 = 2, E2 = 8.
    expected = 2 * (5 * math.log(5 / 2) + 5 * math.log(5 / 8))
    assert g2(5, 5, 100, 400) == pytest.approx(expected)
    assert g2(5, 5, 100, 400) == pytest.approx(4.462871, abs=1e-5)
    # A zero count contributes nothing: 2 * 4 ln(4 / 2).
    assert g2(4, 0, 50, 50) == pytest.approx(8 * math.log(2))
    assert g2(0, 0, 50, 50) == 0.0
    assert g2(3, 1, 0, 50) == 0.0


def table_rows(frame: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in frame.itertuples(index=False)]


def test_diff_between_periods_with_sizes() -> None:
    counts = counts_frame(
        [
            ("a.txt", "entity", "Huawei", 2),
            ("b.txt", "entity", "Huawei", 8),
            ("c.txt", "entity", "Huawei", 30),
            ("a.txt", "entity", "Nvidia", 5),
            ("c.txt", "entity", "Nvidia", 5),
            ("a.txt", "theme", "export_controls", 1),
            ("c.txt", "theme", "robotics", 1),
            ("d.txt", "entity", "Huawei", 100),
        ]
    )
    words = {"a.txt": 400.0, "b.txt": 600.0, "c.txt": 1000.0, "d.txt": 50.0}
    result = diff(counts, PUBLISHED, since="2025-02-01", sizes={"entity": words})
    assert tuple(result.table.columns) == DIFF_COLUMNS
    assert result.before == ["a.txt", "b.txt"]
    assert result.after == ["c.txt"]
    assert result.undated == ["d.txt", "e.txt"]
    got = {(r[1], r[0]): r for r in table_rows(result.table)}
    # Huawei: 10 in 1000 words before, 30 in 1000 after (the hand-computed example).
    assert got[("entity", "Huawei")][2:] == (10, 30, pytest.approx(10.465, abs=1e-4), "up")
    # Nvidia: 5 in 1000 vs 5 in 1000: no change.
    assert got[("entity", "Nvidia")][2:] == (5, 5, 0.0, "same")
    # Themes count documents: 1 of 2 before vs 0 of 1 after.
    assert got[("theme", "export_controls")][2:4] == (1, 0)
    assert got[("theme", "export_controls")][5] == "down"
    assert got[("theme", "robotics")][5] == "up"
    g2s = list(result.table["g2"])
    assert g2s == sorted(g2s, reverse=True)
    assert table_rows(result.table)[0][0] == "Huawei"


def test_diff_until_is_inclusive_and_checked() -> None:
    counts = [("b.txt", "entity", "X", 1.0), ("c.txt", "entity", "X", 1.0)]
    result = diff(counts, PUBLISHED, since="2025-01-10", until="2025-01-20")
    assert result.before == ["a.txt"]
    assert result.after == ["b.txt"]
    assert table_rows(result.table) == [
        ("X", "entity", 0, 1, pytest.approx(2 * math.log(2), abs=1e-4), "up")
    ]
    with pytest.raises(UsageError, match="before"):
        diff(counts, PUBLISHED, since="2025-02-01", until="2025-01-01")
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        diff(counts, PUBLISHED, since="February")


def test_diff_is_deterministic_for_ties() -> None:
    counts = [(f, "keyword", k, 1.0) for f in ("a.txt", "c.txt") for k in ("zeta", "alpha")]
    table = diff(counts, PUBLISHED, since="2025-02-01").table
    assert list(table["item"]) == ["alpha", "zeta"]


def test_count_builders() -> None:
    ms = [
        Mention("a.txt", "Huawei", "ORG", "Huawei", 0, 6),
        Mention("a.txt", "Huawei", "ORG", "Huawei's", 10, 18),
        Mention("b.txt", "2025", "DATE", "2025", 0, 4),
    ]
    assert table_rows(entity_counts(ms)) == [("a.txt", "entity", "Huawei", 2)]
    assert table_rows(entity_counts(ms, labels=["DATE"])) == [("b.txt", "entity", "2025", 1)]
    themes = pd.DataFrame({"file": ["a.txt", "a.txt"], "theme": ["t1", "t2"], "score": [0.5, 0.2]})
    assert table_rows(theme_counts(themes)) == [
        ("a.txt", "theme", "t1", 1),
        ("a.txt", "theme", "t2", 1),
    ]
    kws = pd.DataFrame({"file": ["b.txt"], "rank": [1], "keyword": ["chip ban"], "score": [3.0]})
    assert table_rows(keyword_counts(kws)) == [("b.txt", "keyword", "chip ban", 1)]
