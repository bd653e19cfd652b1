"""Keyword ranking on the DUC-2001 keyphrase benchmark, next to a plain TF-IDF floor.

What a user gets: each article is written to ``<tmp>/<id>.txt`` in a temporary folder
(deleted afterwards) and the installed command line runs on that folder in a subprocess,
``chipwatch keywords TMP --per-doc --top 15 --no-clean --json --no-cache --quiet`` (IDF
comes from the corpus being analysed, as for any user). Its rows are mapped back to the
article ids in rank order, written as JSON lines and scored with the shared scorer
(Porter-stemmed exact match, macro F1@5/10/15). In the same run it scores a plain
scikit-learn TF-IDF over word 1-3-grams as the floor and, through the library
(:class:`chipwatch.keywords.KeywordScorer` on the articles parsed with the real model),
the same scorer fitted on the whole set (a check that the command and the library
agree), and fitted on each document alone (what one file or stdin gets): with the
general-English frequency prior that replaces IDF there, and with a flat prior (every
word weight 1) to show what the prior adds.

The scorer's numeric settings (``idf_power``, ``prior_pivot``, the headline-case
share) were chosen on the even-numbered documents of the file (0, 2, 4, ...; "dev");
the odd-numbered half ("test") was only scored. Both halves are printed for F1@10.

    python benchmarks/eval_keywords.py [--cache DIR]

``--cache DIR`` keeps the library's parsed documents between runs (pickle); the command
line always runs with ``--no-cache``. The shared data is found at ``<repo>/../shared``
(or ``$CHIPWATCH_SHARED``); without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from _common import run_chipwatch, shared_dir

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from chipwatch.keywords import KeywordScorer  # noqa: E402
from chipwatch.models import ParsedDocument  # noqa: E402
from chipwatch.nlp import load_pipeline, parse  # noqa: E402

TOP = 15


def _load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("keyphrase_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parsed(rows: list[dict[str, Any]], cache: Path | None) -> list[ParsedDocument]:
    target = cache / "duc2001.parsed.pkl" if cache else None
    if target is not None and target.is_file():
        docs: list[ParsedDocument] = pickle.loads(target.read_bytes())
        return docs
    nlp = load_pipeline()
    docs = list(parse(nlp, [(r["id"], r["text"]) for r in rows], entities=False, tokens=True))
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pickle.dumps(docs))
    return docs


def _baseline(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Plain TF-IDF over word 1-3-grams with English stopwords (the floor)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(ngram_range=(1, 3), stop_words="english")
    matrix = vectorizer.fit_transform([r["text"] for r in rows])
    vocab = vectorizer.get_feature_names_out()
    out = {}
    for i, row in enumerate(rows):
        vec = matrix.getrow(i).toarray().ravel()
        order = np.lexsort((vocab, -vec))[:TOP]
        out[row["id"]] = [str(vocab[j]) for j in order if vec[j] > 0]
    return out


def _cli(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Run ``chipwatch keywords --per-doc`` on the articles written as files; keywords by id."""
    with tempfile.TemporaryDirectory(prefix="chipwatch-duc-") as tmp:
        folder = Path(tmp)
        names = {}
        for row in rows:
            name = f"{row['id']}.txt"
            (folder / name).write_text(row["text"], encoding="utf-8")
            names[name] = str(row["id"])
        args = ["keywords", tmp, "--per-doc", "--top", str(TOP), "--no-clean", "--json"]
        args += ["--no-cache", "--quiet"]
        stdout = run_chipwatch(*args)
    ranked: dict[str, list[tuple[int, str]]] = {}
    for out in json.loads(stdout):
        ranked.setdefault(names[out["file"]], []).append((int(out["rank"]), str(out["keyword"])))
    return {
        doc_id: [keyword for _, keyword in sorted(ranked.get(doc_id, []))]
        for doc_id in names.values()
    }


def _keywords(frame: pd.DataFrame) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, keyword in zip(frame["file"], frame["keyword"], strict=True):
        out.setdefault(str(name), []).append(str(keyword))
    return out


def _write(path: Path, preds: dict[str, list[str]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for doc_id, phrases in preds.items():
            fh.write(json.dumps({"id": doc_id, "keyphrases": phrases}) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, help="keep parsed documents here between runs")
    args = ap.parse_args()
    bench = shared_dir() / "eval" / "keywords"
    gold_path = bench / "duc2001.jsonl"
    if not gold_path.is_file():
        print(f"shared evaluation data not found under {bench}; skipping keyword evaluation")
        return 0
    scorer_mod = _load_scorer(bench / "score.py")
    rows = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x]
    gold = {r["id"]: r["keyphrases"] for r in rows}

    preds = {"cli": _cli(rows)}
    docs = _parsed(rows, args.cache)
    preds |= {
        "library": _keywords(KeywordScorer().fit(docs).score(docs, top=TOP)),
        "single": _keywords(
            pd.concat([KeywordScorer().fit([d]).score([d], top=TOP) for d in docs])
        ),
        "flat": _keywords(
            pd.concat([KeywordScorer(prior_pivot=0.0).fit([d]).score([d], top=TOP) for d in docs])
        ),
    }
    base = _baseline(rows)

    with tempfile.TemporaryDirectory() as tmp:
        # The predictions go through the shared scorer's own file interface too.
        _write(Path(tmp) / "baseline.jsonl", base)
        for name, pred in preds.items():
            _write(Path(tmp) / f"{name}.jsonl", pred)
        read = {
            name: {
                str(r["id"]): r["keyphrases"]
                for r in scorer_mod.read_jsonl(str(Path(tmp) / f"{name}.jsonl"))
            }
            for name in ("baseline", *preds)
        }
    results = {name: scorer_mod.evaluate(gold, pred, (5, 10, 15)) for name, pred in read.items()}
    ids = [str(r["id"]) for r in rows]
    halves = {
        half: {
            name: scorer_mod.evaluate(
                {i: gold[i] for i in part}, {i: pred.get(i, []) for i in part}, (10,)
            )["at"]["10"]["F1"]
            for name, pred in read.items()
        }
        for half, part in (("dev", ids[::2]), ("test", ids[1::2]))
    }
    print(f"DUC-2001, {len(rows)} documents, macro F1 (percent)")
    print(f"{'system':<42} {'F1@5':>6} {'F1@10':>6} {'F1@15':>6} {'dev@10':>6} {'test@10':>7}")
    labels = {
        "baseline": "plain TF-IDF 1-3-grams",
        "cli": "chipwatch keywords --per-doc (CLI)",
        "library": "  library KeywordScorer, corpus IDF",
        "single": "  library, each document alone, prior",
        "flat": "  library, each document alone, flat",
    }
    for name, res in results.items():
        at = res["at"]
        cells = " ".join(f"{100 * at[k]['F1']:6.2f}" for k in ("5", "10", "15"))
        split = f"{100 * halves['dev'][name]:6.2f} {100 * halves['test'][name]:7.2f}"
        print(f"{labels[name]:<42} {cells} {split}")
    ratio = results["cli"]["at"]["10"]["F1"] / max(results["baseline"]["at"]["10"]["F1"], 1e-9)
    print(f"F1@10 ratio of the CLI to the plain TF-IDF floor: {ratio:.2f}x")
    differ = sum(preds["cli"].get(i, []) != preds["library"].get(i, []) for i in ids)
    print(
        "CLI and library rankings: "
        + ("identical" if not differ else f"differ on {differ} of {len(ids)} documents")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
