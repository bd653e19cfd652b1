"""The fast mode's speed against the floor and the tokenizer, and memory per corpus size.

``fast_speed`` times three pipelines in one fresh interpreter, on the same cleaned texts,
one process each, alternating and keeping the fastest of ``repeat`` runs:

* the floor: the model with only its ``ner`` component (as ``bench.py``'s floor);
* the tokenizer alone: the model's tokenizer, nothing else, the least any parse costs;
* ``--fast``: chipwatch's fast pipeline (tokenizer and gazetteer ruler) and mention
  resolution, i.e. all the per-document entity work of ``entities --fast``;

and prints words per second with the ratios fast/floor and fast/tokenizer.

``memory_table`` prints, for ``entities``, ``themes`` and ``keywords``, the peak memory
of the main process and of the whole process tree at each corpus size, and the growth
of the main process from the smallest size to the largest.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# One fresh interpreter: the three pipelines load first, then take turns on the texts.
_SPEED = r"""
import json, sys, time
from chipwatch.entities.mentions import resolve_mentions
from chipwatch.gazetteer import load_gazetteer
from chipwatch.nlp import load_pipeline, parse
import spacy

model, repeat, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
texts = [open(p, encoding="utf-8").read() for p in paths]
floor = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                   "lemmatizer", "senter"])
tokenizer = spacy.load(model).tokenizer
gazetteer = load_gazetteer()
fast = load_pipeline(model, patterns=gazetteer.ruler_patterns(fast=True), fast=True)

def run_floor():
    for doc in floor.pipe(texts, batch_size=32):
        len(doc.ents)

def run_tokenizer():
    for doc in tokenizer.pipe(texts, batch_size=32):
        len(doc)

def run_fast():
    named = ((str(i), text) for i, text in enumerate(texts))
    for doc in parse(fast, named, entities=True, tokens=False):
        resolve_mentions(doc, gazetteer)

best = {"floor": 1e9, "tokenizer": 1e9, "fast": 1e9}
for _ in range(repeat):
    for name, run in (("floor", run_floor), ("tokenizer", run_tokenizer), ("fast", run_fast)):
        start = time.perf_counter()
        run()
        best[name] = min(best[name], time.perf_counter() - start)
print("FAST " + json.dumps(best))
"""


def fast_speed(model: str, paths: list[str], env: Mapping[str, str], *, repeat: int = 2) -> None:
    """Print the words per second of the floor, the tokenizer and ``--fast`` on ``paths``."""
    words = sum(len(Path(p).read_text(encoding="utf-8").split()) for p in paths)
    done = subprocess.run(
        [sys.executable, "-c", _SPEED, model, str(repeat), *paths],
        capture_output=True,
        text=True,
        env=dict(env),
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("FAST ")), None)
    if line is None:
        raise SystemExit(f"fast-mode speed failed:\n{done.stderr[-3000:]}")
    best: dict[str, float] = json.loads(line[5:])
    rate = {name: words / seconds for name, seconds in best.items()}
    print(
        f"fast mode, one process, {len(paths)} cleaned pages ({words:,} words), best of "
        f"{repeat}: floor (ner only) {rate['floor']:,.0f} words/s; tokenizer alone "
        f"{rate['tokenizer']:,.0f}; --fast (tokenizer, gazetteer, resolution) "
        f"{rate['fast']:,.0f}: fast/floor {rate['fast'] / rate['floor']:.1f}, "
        f"fast/tokenizer {rate['fast'] / rate['tokenizer']:.2f}",
        flush=True,
    )


def memory_table(memory: Mapping[int, Mapping[str, Mapping[str, float]]]) -> None:
    """Peak memory (MB) of the main process and of the process tree for each command at
    each size, and the main process's growth from the smallest size to the largest."""
    sizes = sorted(memory)
    if not sizes:
        return
    commands = list(memory[sizes[0]])
    head = " ".join(f"{f'{s} main':>10} {f'{s} tree':>10}" for s in sizes)
    print(f"{'memory MB':<18} {head} {'main growth':>12}")
    for command in commands:
        cells = " ".join(
            f"{memory[s][command]['self_mb']:>10.0f} {memory[s][command]['total_mb']:>10.0f}"
            for s in sizes
        )
        first, last = memory[sizes[0]][command], memory[sizes[-1]][command]
        growth = last["self_mb"] / first["self_mb"] if first["self_mb"] else 0.0
        print(f"{command:<18} {cells} {growth:>11.2f}x", flush=True)
