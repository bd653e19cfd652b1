"""Line features are remembered across the documents of one fit, never across fits."""

from __future__ import annotations

from pathlib import Path

from chipwatch.clean import Cleaner
from chipwatch.models import Document

STORY = [
    "The ministry said on Tuesday that new licensing rules would apply to every exporter of "
    "advanced tools, and that companies had three months to comply with the new rules.",
    "Industry groups warned that the measures could slow the investment plans of several "
    "foundries, while officials insisted that the controls were narrow and targeted.",
]


def _page(name: str, *extra: str) -> Document:
    return Document(name, "\n".join(["World Desk", *STORY, *extra]) + "\n")


def test_cleaning_twice_with_one_fit_gives_the_same_result() -> None:
    pages = [_page(f"p{i}.txt", f"Story number {i} of the day") for i in range(4)]
    cleaner = Cleaner().fit(pages)
    first = [cleaner.clean(page) for page in pages]
    again = [cleaner.clean(page) for page in pages]
    assert first == again


def test_a_new_fit_forgets_what_the_old_corpus_made_chrome() -> None:
    alone = _page("alone.txt")
    site = [_page(f"s{i}.txt") for i in range(3)]
    cleaner = Cleaner()
    cleaner.fit(site)
    assert "World Desk" not in cleaner.clean(site[0]).lines  # shared by three pages
    cleaner.fit([alone])
    reasons = {drop.text: drop.reason for drop in cleaner.clean(alone).drops}
    assert reasons.get("World Desk") != "shared_across_corpus"


def test_running_prose_totals_equal_the_sums_of_slices(sample_dir: Path) -> None:
    from chipwatch.clean.article import _Sums
    from chipwatch.clean.blocks import classify, group_blocks, prose_weight
    from chipwatch.clean.lines import line_features
    from chipwatch.clean.patterns import load_junk_patterns
    from chipwatch.clean.settings import CleanerSettings
    from chipwatch.lexicon import load_prose_function_words

    path = sorted(sample_dir.glob("*.txt"))[0]
    document = Document(path.name, path.read_text(encoding="utf-8"))
    stopwords = load_prose_function_words()
    lines = line_features(
        document,
        patterns=load_junk_patterns(),
        stopwords=stopwords,
        shared=frozenset(),
        max_shared_words=30,
    )
    blocks = group_blocks(lines, stopwords)
    for block in blocks:
        block.cls = classify(block, CleanerSettings())
    sums = _Sums(blocks)
    for low in range(0, len(blocks), 7):
        for high in range(low, len(blocks) + 1, 5):
            assert sums.prose(low, high) == prose_weight(blocks[low:high])
