"""A small table of rows: what a view hands to the output, without pandas.

Building and writing a table of a few hundred rows takes milliseconds; importing pandas
to hold it takes longer than a whole rerun whose results all come from the store. A view
therefore builds a :class:`Table` (column names and rows of plain Python values), the
command line writes it as it is, and a library caller who wants a DataFrame asks for one
(:meth:`Table.to_frame`) only then.

A table holds its columns in order and its rows as tuples in the same order. It is
immutable: every operation returns a new table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Table", "as_table"]


@dataclass(frozen=True)
class Table:
    """Named columns and rows of plain values (str, int, float, bool, None, lists).

    Attributes:
        columns: the column names, in order.
        rows: one tuple per row, its values in column order.
        numeric: the columns a terminal table aligns right (numbers); None: every
            column whose values are all numbers, as a DataFrame's dtypes would say.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    numeric: frozenset[str] | None = None

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Table:
        """A table of ``columns`` from dicts (a key a record lacks is None)."""
        names = tuple(columns)
        return cls(names, tuple(tuple(r.get(c) for c in names) for r in records))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Table:
        """The rows of a DataFrame (values as stored: numpy scalars stay as they are)."""
        columns = tuple(str(c) for c in frame.columns)
        numeric = frozenset(str(c) for c in frame.columns if frame[c].dtype.kind in "if")
        rows = tuple(frame.itertuples(index=False, name=None))
        return cls(columns, rows, numeric)

    def to_frame(self) -> pd.DataFrame:
        """The same rows as a pandas DataFrame (pandas is imported here, not before)."""
        import pandas as pd

        return pd.DataFrame([list(row) for row in self.rows], columns=list(self.columns))

    # --- reading ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.rows)

    @property
    def empty(self) -> bool:
        """True when the table has no rows."""
        return not self.rows

    def column(self, name: str) -> list[Any]:
        """The values of one column, in row order.

        Raises:
            KeyError: the table has no such column.
        """
        if name not in self.columns:
            raise KeyError(name)
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """Each row as a dict in column order."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def is_numeric(self, name: str) -> bool:
        """True when a column holds numbers (a terminal aligns it right)."""
        if self.numeric is not None:
            return name in self.numeric
        values = [v for v in self.column(name) if v is not None]
        return bool(values) and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in values
        )

    # --- new tables ------------------------------------------------------------------------
    def head(self, n: int) -> Table:
        """The first ``n`` rows."""
        return Table(self.columns, self.rows[: max(n, 0)], self.numeric)

    def select(self, columns: Sequence[str]) -> Table:
        """Only ``columns``, in that order.

        Raises:
            KeyError: a column the table does not have.
        """
        index = [self.columns.index(c) if c in self.columns else _missing(c) for c in columns]
        rows = tuple(tuple(row[i] for i in index) for row in self.rows)
        numeric = self.numeric & frozenset(columns) if self.numeric is not None else None
        return Table(tuple(columns), rows, numeric)

    def with_column(self, name: str, values: Sequence[Any]) -> Table:
        """This table with one more column at the end (``values`` in row order)."""
        if len(values) != len(self.rows):
            raise ValueError(f"{len(values)} values for a table of {len(self.rows)} rows")
        rows = tuple((*row, value) for row, value in zip(self.rows, values, strict=True))
        table = Table((*self.columns, name), rows)
        if self.numeric is None:
            return table
        added = {name} if table.is_numeric(name) else set()
        return Table(table.columns, rows, self.numeric | added)

    def head_per(self, name: str, n: int) -> Table:
        """At most the first ``n`` rows for each value of column ``name``, in row order."""
        i = self.columns.index(name)
        seen: dict[Any, int] = {}
        kept = []
        for row in self.rows:
            seen[row[i]] = seen.get(row[i], 0) + 1
            if seen[row[i]] <= n:
                kept.append(row)
        return Table(self.columns, tuple(kept), self.numeric)


def _missing(column: str) -> int:
    raise KeyError(column)


def as_table(table: Table | pd.DataFrame) -> Table:
    """``table`` itself, or the rows of a DataFrame as a :class:`Table`."""
    return table if isinstance(table, Table) else Table.from_frame(table)
