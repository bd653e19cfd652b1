"""The small Table views hand to the output: operations, and output identical to the
same rows written from a pandas DataFrame in every format."""

from __future__ import annotations

import pytest

from chipwatch.output import Format, Layout, to_string
from chipwatch.table import Table, as_table

ROWS = [
    {"entity": "Acme", "label": "ORG", "mentions": 3, "share": 0.25, "aliases": ["ACME", "Acme"]},
    {"entity": "Zed Po", "label": "PERSON", "mentions": 1, "share": 1.0, "aliases": ["Po"]},
    {"entity": "=cmd()", "label": "ORG", "mentions": 1, "share": 0.5, "aliases": []},
]
COLUMNS = ("entity", "label", "mentions", "share", "aliases")


def table() -> Table:
    return Table.from_records(ROWS, COLUMNS)


def test_rows_columns_and_records() -> None:
    t = table()
    assert t.columns == COLUMNS and len(t) == 3 and not t.empty
    assert t.column("entity") == ["Acme", "Zed Po", "=cmd()"]
    assert t.records()[1] == ROWS[1]
    assert Table.from_records([], COLUMNS).empty
    with pytest.raises(KeyError):
        t.column("nope")


def test_numeric_columns_are_those_holding_only_numbers() -> None:
    t = table()
    assert [c for c in t.columns if t.is_numeric(c)] == ["mentions", "share"]
    assert not Table(("a",), ((None,),)).is_numeric("a")
    assert not Table(("a",), ((True,),)).is_numeric("a")
    assert not Table.from_records([], COLUMNS).is_numeric("mentions")


def test_head_select_with_column_and_head_per() -> None:
    t = table()
    assert t.head(1).column("entity") == ["Acme"]
    assert t.head(0).empty
    picked = t.select(["mentions", "entity"])
    assert picked.columns == ("mentions", "entity") and picked.rows[0] == (3, "Acme")
    with pytest.raises(KeyError):
        t.select(["nope"])
    more = t.with_column("docs", [2, 1, 1])
    assert more.columns[-1] == "docs" and more.column("docs") == [2, 1, 1]
    with pytest.raises(ValueError):
        t.with_column("docs", [1])
    assert t.head_per("label", 1).column("entity") == ["Acme", "Zed Po"]


def test_to_frame_and_back() -> None:
    frame = table().to_frame()
    assert list(frame.columns) == list(COLUMNS)
    assert frame["mentions"].tolist() == [3, 1, 1]
    again = as_table(frame)
    assert again.columns == COLUMNS
    assert again.numeric == frozenset({"mentions", "share"})
    assert as_table(again) is again


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize(
    "layout",
    [Layout(), Layout(header=False), Layout(columns=("share", "entity")), Layout(excel=True)],
)
def test_output_is_the_same_as_from_a_dataframe(fmt: Format, layout: Layout) -> None:
    t = table()
    assert to_string(t, fmt, layout) == to_string(t.to_frame(), fmt, layout)
