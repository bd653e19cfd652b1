"""Views of the cleaned text: the text itself, page metadata, drops, money amounts,
cleaned files and syndicated copies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from chipwatch.config import SHINGLE_SIZE
from chipwatch.errors import OutputError, UsageError
from chipwatch.files import output_name, remove_stale_temporaries, write_atomic
from chipwatch.models import CLEAN_COLUMNS, DOC_COLUMNS, DROP_COLUMNS
from chipwatch.pipeline import Analysis, default_paths
from chipwatch.table import Table

if TYPE_CHECKING:
    import pandas as pd

from chipwatch.views.core import _require
from chipwatch.views.topics import _theme_pages


def clean_text(analysis: Analysis) -> Table:
    """One row per document: ``file, text`` (cleaned paragraphs joined by \\n)."""
    rows = tuple((doc.name, doc.text) for doc in analysis.clean_documents())
    return Table(CLEAN_COLUMNS, rows)


def docs(analysis: Analysis) -> Table:
    """One row per document: ``file, title, published, author, source, words_raw,
    words_clean, relevance`` (metadata the page states; word counts before and after
    cleaning; how much the page is about the beat, see :func:`on_beat`)."""
    pages, _, _ = _theme_pages(analysis)
    relevance = {page.name: page.relevance for page in pages}
    rows = [
        (
            doc.name,
            doc.metadata.title or doc.title,
            doc.metadata.published,
            doc.metadata.author,
            doc.metadata.source,
            len(doc.document.text.split()),
            len(doc.text.split()),
            relevance.get(doc.name, 0.0),
        )
        for doc in analysis.clean_documents()
    ]
    numbers = frozenset(DOC_COLUMNS[-3:])  # words_raw, words_clean, relevance
    return Table(DOC_COLUMNS, tuple(rows), numbers)


def amounts(
    analysis: Analysis, *, rates: Path | None = None, to: str | None = None
) -> pd.DataFrame:
    """Every explicit money amount: ``file, text, amount, amount_max, currency,
    qualifier, start, context`` (``start``: offset in the text analysed; with
    ``dedupe``, each cluster of syndicated copies counts once), plus
    ``amount_<TO>`` when a rates file converts them (never with rates of our own)."""
    import pandas as pd

    from chipwatch.amounts import AMOUNT_COLUMNS, context, find_amounts, load_rates

    _require(analysis, "amounts")
    table = load_rates(rates, to) if rates is not None or to is not None else None
    rows = []
    for name, text in analysis.texts():
        for found in find_amounts(text):
            end = found.start + len(found.text)
            rows.append(
                (
                    name,
                    found.text,
                    found.amount,
                    found.amount_max,
                    found.currency,
                    found.qualifier,
                    found.start,
                    context(text, found.start, end),
                )
            )
    frame = pd.DataFrame(rows, columns=list(AMOUNT_COLUMNS)).astype({"start": "int64"})
    if table is not None and to is not None:
        frame[f"amount_{to}"] = [
            amount * table[currency] if currency in table else None
            for amount, currency in zip(frame["amount"], frame["currency"], strict=True)
        ]
    return frame


def drops(analysis: Analysis) -> Table:
    """Every dropped line: ``file, line, reason, text``."""
    _require(analysis, "drops")
    rows = tuple(
        (doc.name, drop.line, drop.reason, drop.text)
        for doc in analysis.clean_documents(with_text=False)
        for drop in doc.drops
    )
    return Table(DROP_COLUMNS, rows, frozenset({"line"}))


def check_out_dir(out_dir: Path, paths: Sequence[str] | None) -> None:
    """Refuse, before any work, an ``--out`` folder inside an input folder: the next run
    would read the cleaned files as new inputs.

    Raises:
        UsageError: ``out_dir`` is an input folder or lies inside one.
    """
    target = out_dir.resolve()
    for arg in paths or default_paths():
        folder = Path(arg)
        if arg != "-" and folder.is_dir() and target.is_relative_to(folder.resolve()):
            raise UsageError(
                f"--out {out_dir}: inside the input folder {arg}; the next run would read the "
                "cleaned files as inputs. Choose an --out folder outside the inputs."
            )


def save_clean(analysis: Analysis, out_dir: Path) -> list[Path]:
    """Write one cleaned file per input under ``out_dir``, at the input's relative path.

    Files are written atomically (temporary file, then rename) and never over an input.

    Raises:
        OutputError: a target would overwrite an input, or cannot be written.
    """
    inputs = {s.path.resolve() for s in analysis.sources if s.path is not None}
    if out_dir.is_dir():
        remove_stale_temporaries(out_dir)
    documents = analysis.kept_pages()
    names = [output_name(doc.name) for doc in documents]
    short = Counter(names)
    written: list[Path] = []
    for doc, name in zip(documents, names, strict=True):
        # Two inputs never share an output file: a base name two of them would share
        # gives way to the whole path.
        target = out_dir / (output_name(doc.name, whole=True) if short[name] > 1 else name)
        if target.resolve() in inputs:
            raise OutputError(
                f"{target}: writing here would overwrite an input file. "
                "Choose an --out directory outside the inputs."
            )
        write_atomic(target, doc.text + "\n" if doc.lines else "")
        written.append(target)
    return written


def duplicates(
    analysis: Analysis,
    *,
    shingle: int = SHINGLE_SIZE,
    singletons: bool = False,
    top: int | None = None,
) -> pd.DataFrame:
    """Clusters of near-duplicate articles: ``cluster, file, similarity, title, …``
    (the first ``top`` clusters, when given)."""
    from chipwatch.dups import find_duplicates
    from chipwatch.models import CLUSTER

    table = find_duplicates(
        analysis.clean_documents(),
        threshold=analysis.settings.dedupe_threshold,
        shingle=shingle,
        singletons=singletons,
    )
    if top is None:
        return table
    first = list(dict.fromkeys(table[CLUSTER]))[:top]
    return table[table[CLUSTER].isin(first)].reset_index(drop=True)
