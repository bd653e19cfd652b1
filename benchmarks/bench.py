"""Throughput of each stage, reported as a ratio against a floor measured in the same run.

Machines here are noisy, so absolute seconds mean little; the floor is spaCy's tokenizer
alone over the same cleaned text (the cheapest possible pass that still touches every
word), and every stage is reported as words/s and as a multiple of that floor's time.

Usage: python benchmarks/bench.py [--copies N]  (N copies of data/raw; default 10)
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from chipwatch import Corpus, Settings
from chipwatch.nlp import load_pipeline

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.copies):
            shutil.copytree(ROOT / "data" / "raw", Path(tmp) / f"copy{i:03d}")
        settings = Settings()
        load_start = time.perf_counter()
        nlp = load_pipeline(settings.model)
        load_s = time.perf_counter() - load_start

        probe = Corpus([tmp], settings=settings)
        texts = [doc.text for doc in probe.cleaned]
        words = sum(len(t.split()) for t in texts)
        floor = _timed(lambda: [nlp.make_doc(t) for t in texts])

        stages: dict[str, Callable[[], object]] = {
            "read+clean": lambda: Corpus([tmp], settings=settings).cleaned,
            "entities": lambda: Corpus([tmp], settings=settings).entities(),
            "keywords": lambda: Corpus([tmp], settings=settings).keywords(),
            "themes": lambda: Corpus([tmp], settings=settings).themes(),
        }
        print(f"documents: {len(texts)}  words (cleaned): {words}  model load: {load_s:.2f}s")
        print(f"floor (tokenizer only): {floor:.3f}s  {words / floor:,.0f} words/s")
        print(f"{'stage':<12} {'seconds':>8} {'words/s':>10} {'x floor':>8}")
        for name, fn in stages.items():
            fn()  # warm caches (gazetteer, taxonomy, ruler) so the timing is steady-state
            seconds = _timed(fn)
            print(f"{name:<12} {seconds:>8.3f} {words / seconds:>10,.0f} {seconds / floor:>8.1f}")


if __name__ == "__main__":
    main()
