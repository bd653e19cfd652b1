"""Fit the headline weights of ``chipwatch.clean.headline`` and show how well they hold.

The cleaner scores every headline candidate of a page by a weighted sum of general page
facts (:data:`chipwatch.clean.headline.FEATURES`). This script learns those weights from
the cleaning benchmark's dev pages and their gold headlines (``dev/titles.jsonl``) as a
pairwise logistic ranking: for every page, the right candidate against each wrong one.
It prints top-1 accuracy three ways, so a choice that only fits the data shows:

* the shipped weights on all pages (what ``make eval`` reports through the CLI);
* 5-fold cross-validation over pages (weights fitted without the page scored);
* across sources: fitted on the ``aeb`` pages, scored on the ``l3s`` ones, and back;

and the weights fitted on all pages, to paste into ``WEIGHTS`` when they are chosen.

    python benchmarks/fit_headline.py [--c 1.0]

Needs the shared evaluation data (``../shared`` or ``$CHIPWATCH_SHARED``); without it
the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from _common import shared_dir
from eval_clean import title_is_right
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from chipwatch.clean import Cleaner
from chipwatch.clean.headline import FEATURES, WEIGHTS, headline_features
from chipwatch.clean.title import headline_candidates
from chipwatch.corpus import find_sources, read_documents
from chipwatch.models import Document

Page = tuple[str, np.ndarray, np.ndarray]  # (page id, features, is-the-headline)


def load_pages(dev: Path) -> tuple[list[Page], int]:
    """Every page's candidates as feature rows with their labels, and the page count."""
    gold = {}
    for row in (dev / "titles.jsonl").read_text(encoding="utf-8").splitlines():
        if row.strip():
            record = json.loads(row)
            gold[record["id"]] = record["title"]
    documents = [d for d in read_documents(find_sources([dev / "raw"])) if isinstance(d, Document)]
    cleaner = Cleaner().fit(documents)
    window = cleaner._settings().title_window
    pages: list[Page] = []
    counted = 0
    for document in documents:
        name = document.name.removesuffix(".txt")
        if name not in gold:
            continue
        counted += 1
        lines, start, stop = cleaner.article_span(document)
        page, candidates = headline_candidates(lines, start, window, stop)
        if candidates:
            rows = np.array([headline_features(page, i) for i in candidates])
            labels = np.array([title_is_right(lines[i].text, gold[name]) for i in candidates])
            pages.append((name, rows, labels))
    return pages, counted


def right_pages(pages: Sequence[Page], score: Callable[[np.ndarray], np.ndarray]) -> int:
    """Pages whose best-scored candidate is the gold headline."""
    return sum(int(labels[int(np.argmax(score(rows)))]) for _, rows, labels in pages)


def fit(pages: Sequence[Page], c: float) -> np.ndarray:
    """Weights of a pairwise logistic ranking: the headline against each other candidate."""
    diffs, targets = [], []
    for _, rows, labels in pages:
        for good in rows[labels]:
            for bad in rows[~labels]:
                diffs.extend((good - bad, bad - good))
                targets.extend((1, 0))
    model = LogisticRegression(C=c, max_iter=5000, fit_intercept=False)
    model.fit(np.array(diffs), np.array(targets))
    weights: np.ndarray = model.coef_[0]
    return weights


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation")
    args = parser.parse_args()
    dev = shared_dir() / "eval" / "cleaning" / "dev"
    if not (dev / "titles.jsonl").is_file():
        print(f"no headline gold at {dev}; nothing to fit.")
        return 0
    pages, counted = load_pages(dev)
    shipped = np.array(WEIGHTS)
    print(f"{counted} pages with a gold headline; {len(pages)} have candidates")
    print(f"shipped weights, all pages: {right_pages(pages, lambda x: x @ shipped) / counted:.3f}")
    ids = np.array([name for name, _, _ in pages])
    right = 0
    for train, test in GroupKFold(5).split(ids, groups=ids):
        weights = fit([pages[i] for i in train], args.c)
        right += right_pages([pages[i] for i in test], lambda x, w=weights: x @ w)
    print(f"5-fold cross-validation:    {right / counted:.3f}")
    right = 0
    for source, other in (("aeb", "l3s"), ("l3s", "aeb")):
        weights = fit([p for p in pages if p[0].startswith(source)], args.c)
        right += right_pages(
            [p for p in pages if p[0].startswith(other)], lambda x, w=weights: x @ w
        )
    print(f"fitted on one source, scored on the other: {right / counted:.3f}")
    weights = fit(pages, args.c)
    print("weights fitted on all pages (FEATURES order):")
    for name, weight in zip(FEATURES, weights, strict=True):
        print(f"  {name:<16}{weight:+.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
