"""The HTML pieces every section of the report is built from: escaped tables and
sections (see ``report``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING

from chipwatch.charts import escape, number

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "data_table",
    "folded_table",
    "script",
    "section",
    "statements",
    "stylesheet",
    "table",
]


def table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    caption: str,
    numeric: Iterable[str] = (),
    headers: dict[str, str] | None = None,
) -> str:
    """An accessible HTML table of ``columns`` (escaped; numeric columns right-aligned)."""
    numeric = set(numeric)
    headers = headers or {}
    head = "".join(
        f'<th scope="col"{" class=num" if c in numeric else ""}>{escape(headers.get(c, c))}</th>'
        for c in columns
    )
    body = []
    for row in frame[list(columns)].itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="num">{number(v)}</td>' if c in numeric else f"<td>{escape(v)}</td>"
            for c, v in zip(columns, row, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f'<div class="table-wrap"><table><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def data_table(table: str) -> str:
    return f"<details><summary>Data table</summary>{table}</details>"


def section(ident: str, heading: str, body: str) -> str:
    return (
        f'<section id="{ident}" aria-labelledby="{ident}-h">'
        f'<h2 id="{ident}-h">{escape(heading)}</h2>{body}</section>'
    )


def folded_table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    caption: str,
    numeric: Iterable[str] = (),
    top: int = 15,
    headers: dict[str, str] | None = None,
) -> str:
    """The first ``top`` rows as a table, the others folded below it (one click away),
    so a long table does not push the rest of the page down."""
    numeric = tuple(numeric)
    shown = table(frame.head(top), columns, caption=caption, numeric=numeric, headers=headers)
    if len(frame) <= top:
        return shown
    rest = table(
        frame.iloc[top:],
        columns,
        caption=f"{caption} (continued)",
        numeric=numeric,
        headers=headers,
    )
    return f"{shown}<details><summary>{len(frame) - top:,} more rows</summary>{rest}</details>"


def stylesheet() -> str:
    """The report's stylesheet, shipped with chipwatch."""
    return resources.files("chipwatch").joinpath("resources/report.css").read_text("utf-8")


def script() -> tuple[str, str]:
    """The page's one script (sorting and filtering tables) and its CSP source: the
    policy allows exactly this text, by its SHA-256, and nothing else."""
    import base64
    import hashlib

    text = resources.files("chipwatch").joinpath("resources/report.js").read_text("utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return text, f"'sha256-{digest}'"


def statements(quotes: pd.DataFrame | None) -> str:
    """The "Who said what" section: each speaker's statements, the most quoted first;
    unnamed sources last, with the phrase that stands for them ("analysts")."""
    if quotes is None or quotes.empty:
        return section("quotes", "Who said what", '<p class="note">No statement found.</p>')
    sizes = quotes.groupby("speaker")["speaker"].transform("size")
    ordered = quotes.assign(_named=quotes["speaker"] == "", _n=-sizes).sort_values(
        ["_named", "_n", "speaker", "file", "start"], kind="stable"
    )
    parts = []
    for who, group in ordered.groupby(["_named", "_n", "speaker"], sort=False):
        name = str(who[2]) or "Unnamed sources"
        items = "".join(
            f"<li>{'“' + escape(q) + '”' if kind == 'direct' else escape(q)} "
            f'<span class="note">({escape(cue)}{", " + escape(text) if not who[2] else ""}; '
            f"{escape(file)})</span></li>"
            for q, kind, cue, text, file in group[
                ["quote", "kind", "cue", "speaker_text", "file"]
            ].itertuples(index=False, name=None)
        )
        parts.append(
            f"<details><summary>{escape(name)} ({len(group)})</summary><ul>{items}</ul></details>"
        )
    return section("quotes", "Who said what", "".join(parts))
