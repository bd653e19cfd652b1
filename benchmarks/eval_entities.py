"""Score chipwatch's entities against the shared sample gold, beside the raw-model baseline.

Rows have the ``chipwatch entities --per-doc --json`` shape (file, entity, label, mentions,
aliases) and are scored by the shared ``score_entities.py``. Printed, in one run:

* ``raw model``: the spaCy model alone (no gazetteer, no rules), through the library;
* ``chipwatch library (gold clean)``: gazetteer + canonicalisation on the gold clean text;
* ``chipwatch CLI (raw files)``: what a user gets, the installed command
  ``chipwatch entities ../shared/corpus --per-doc --json --no-cache`` run in a subprocess
  on the raw files (cleaned by the command itself);
* the same two chipwatch rows with ``--fast`` (tokenizer, gazetteer and rules, no
  statistical model), so the two modes' F1 stand side by side.

For information it also times entity extraction (parse + resolve, model already loaded)
in documents per second, in both modes; no threshold is applied to the timing.

Then, on unseen pages (the 217 dev pages of the cleaning benchmark, which have no entity
gold), the defects a reader spots in the corpus table without any gold: names or aliases
holding a line break (or the double space one leaves), case twins (two rows whose names
differ only in case), names or aliases that start with a lower-case article, whether
``kwic`` finds as many mentions as the entity table counts for its most frequent rows,
and the 30 most frequent PRODUCT/LAW/EVENT rows with their first snippet, for review.

``--policies`` also scores alternative ways of combining the ruler with the model (ruler
before ``ner``; ruler after ``ner`` with ``overwrite_ents``), to justify the shipped policy.
``--dump DIR`` writes each variant's rows as JSON for error analysis.

The gold data stays outside the project: ``<repo>/../shared`` or ``$CHIPWATCH_SHARED``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _common import run_chipwatch, shared_dir
from _unseen import unseen_report

ROOT = Path(__file__).resolve().parent.parent
SHARED = shared_dir()
SAMPLE = SHARED / "eval" / "sample"
CORPUS = SHARED / "corpus"
DEV = SHARED / "eval" / "cleaning" / "dev" / "raw"

sys.path.insert(0, str(ROOT))

Texts = list[tuple[str, str]]


def clean_texts() -> Texts:
    return [
        (p.name, p.read_text(encoding="utf-8")) for p in sorted((SAMPLE / "clean").glob("*.txt"))
    ]


def raw_cleaned_texts() -> Texts | None:
    try:
        from chipwatch.clean import clean_documents
    except ImportError:
        return None
    from chipwatch.corpus import find_sources, read_documents
    from chipwatch.models import Document

    docs = [d for d in read_documents(find_sources([str(CORPUS)])) if isinstance(d, Document)]
    return [(c.name, c.text) for c in clean_documents(docs)]


def cli_rows(folder: Path, *extra: str) -> list[dict[str, Any]] | None:
    """``chipwatch entities FOLDER --per-doc --json --no-cache``, as a user runs it."""
    if not folder.is_dir():
        return None
    args = ("--per-doc", "--json", "--no-cache", "--quiet", *extra)
    out = run_chipwatch("entities", str(folder), *args)
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def baseline_rows(texts: Texts) -> list[dict[str, Any]]:
    """The model alone: every distinct (text, label) span is an entity row."""
    from chipwatch.nlp import load_pipeline, parse

    nlp = load_pipeline()
    counts: dict[tuple[str, str, str], int] = {}
    for doc in parse(nlp, texts, entities=True, tokens=False):
        for e in doc.entities:
            key = (doc.name, e.text, e.label)
            counts[key] = counts.get(key, 0) + 1
    return [
        {"file": f, "entity": t, "label": lab, "mentions": n, "aliases": [t]}
        for (f, t, lab), n in sorted(counts.items())
    ]


def chipwatch_rows(texts: Texts, nlp: Any = None, *, fast: bool = False) -> list[dict[str, Any]]:
    from chipwatch.entities import doc_entity_table, unify_case
    from chipwatch.entities.mentions import resolve_mentions
    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.nlp import load_pipeline, parse

    gazetteer = load_gazetteer()
    if nlp is None:
        nlp = load_pipeline(patterns=gazetteer.ruler_patterns(fast=fast), fast=fast)
    mentions = [
        m
        for doc in parse(nlp, texts, entities=True, tokens=False)
        for m in resolve_mentions(doc, gazetteer)
    ]
    rows: list[dict[str, Any]] = doc_entity_table(unify_case(mentions)).records()
    return rows


def policy_pipeline(*, before_ner: bool) -> Any:
    """A plain EntityRuler pipeline: before ``ner``, or after it with ``overwrite_ents``."""
    import spacy

    from chipwatch.config import DEFAULT_MODEL
    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.nlp import RULER_NAME

    nlp = spacy.load(DEFAULT_MODEL)
    where = {"before": "ner"} if before_ner else {"after": "ner"}
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        config={"overwrite_ents": not before_ner, "phrase_matcher_attr": "ORTH"},
        **where,
    )
    ruler.add_patterns(load_gazetteer().ruler_patterns())
    return nlp


def score(rows: Sequence[dict[str, Any]]) -> tuple[str, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(list(rows), fh, ensure_ascii=False)
        pred = fh.name
    try:
        out = subprocess.run(
            [
                sys.executable,
                str(SAMPLE / "score_entities.py"),
                str(SAMPLE / "entities.jsonl"),
                pred,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(pred)
    result = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    return result["typed"].split("F1")[1].strip(), result["untyped"].split("F1")[1].strip()


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--policies", action="store_true", help="also score alternative ruler policies")
    ap.add_argument("--dump", type=Path, help="write each variant's rows as JSON to this directory")
    ap.add_argument("--no-unseen", action="store_true", help="skip the unseen-page section")
    args = ap.parse_args()
    if not (SAMPLE / "entities.jsonl").is_file():
        print(f"eval_entities: no sample gold at {SAMPLE}; nothing to evaluate.")
        return 0
    gold_clean = clean_texts()
    variants: list[tuple[str, Callable[[], list[dict[str, Any]] | None]]] = [
        ("raw model (gold clean)", lambda: baseline_rows(gold_clean)),
        ("chipwatch library (gold clean)", lambda: chipwatch_rows(gold_clean)),
        ("chipwatch --fast library (gold clean)", lambda: chipwatch_rows(gold_clean, fast=True)),
    ]
    if args.policies:
        variants += [
            (
                "ruler before ner",
                lambda: chipwatch_rows(gold_clean, policy_pipeline(before_ner=True)),
            ),
            (
                "ruler after ner, overwrite",
                lambda: chipwatch_rows(gold_clean, policy_pipeline(before_ner=False)),
            ),
        ]

    def on_raw(build: Callable[[Texts], list[dict[str, Any]]]) -> list[dict[str, Any]] | None:
        texts = raw_cleaned_texts()
        return None if texts is None else build(texts)

    variants += [
        ("raw model (raw files, chipwatch clean)", lambda: on_raw(baseline_rows)),
        ("chipwatch CLI (raw files)", lambda: cli_rows(CORPUS)),
        ("chipwatch CLI --fast (raw files)", lambda: cli_rows(CORPUS, "--fast")),
    ]
    print(f"{'variant':42s} {'typed F1':>9s} {'untyped F1':>11s}")
    timings: list[str] = []
    for name, build in variants:
        rows = build()
        if rows is None:
            print(f"{name:42s} {'n/a (chipwatch.clean or the corpus missing)':>21s}")
            continue
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            slug = "".join(c if c.isalnum() else "_" for c in name)
            (args.dump / f"{slug}.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False))
        typed, untyped = score(rows)
        print(f"{name:42s} {typed:>9s} {untyped:>11s}", flush=True)
    timings += [time_extraction(gold_clean), time_extraction(gold_clean, fast=True)]
    print(*timings, sep="\n")
    if not args.no_unseen:
        print(flush=True)
        print(*unseen_report(DEV), sep="\n")
    return 0


def time_extraction(texts: Texts, *, repeats: int = 3, fast: bool = False) -> str:
    """Entity extraction speed (parse with NER + ruler, resolve) once the model is loaded;
    with ``fast``, the tokenizer and ruler alone."""
    from chipwatch.entities.mentions import resolve_mentions
    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.nlp import load_pipeline, parse

    gazetteer = load_gazetteer()
    nlp = load_pipeline(patterns=gazetteer.ruler_patterns(fast=fast), fast=fast)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for doc in parse(nlp, texts, entities=True, tokens=False):
            resolve_mentions(doc, gazetteer)
        best = min(best, time.perf_counter() - start)
    chars, mode = sum(len(t) for _, t in texts), " --fast" if fast else ""
    return (
        f"entity extraction{mode}: {len(texts) / best:.1f} docs/s, "
        f"{chars / best / 1000:.0f}k chars/s "
        f"({len(texts)} docs, best of {repeats})"
    )


if __name__ == "__main__":
    sys.exit(main())
