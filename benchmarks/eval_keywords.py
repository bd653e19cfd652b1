"""Keyword ranking on four keyphrase benchmarks, next to a plain TF-IDF floor.

The sets differ in kind on purpose: news articles (DUC-2001), abstracts (Inspec),
paragraphs of papers (SemEval-2017) and full papers of about 5,000 words (NUS). One
extractor with no per-set settings has to hold on all of them.

What a user gets: each document is written to ``<tmp>/<id>.txt`` in a temporary folder
(deleted afterwards) and the installed command line runs on that folder in a subprocess,
``chipwatch keywords TMP --per-doc --top 15 --no-clean --json --no-cache --quiet`` (IDF
comes from the set being analysed, as for any user). Its rows are mapped back to the
document ids in rank order, written as JSON lines and scored with the shared scorer
(Porter-stemmed exact match, macro F1@5/10/15). In the same run a plain scikit-learn
TF-IDF over word 1-3-grams is scored as the floor.

The scorer's numeric settings were chosen on the even-numbered documents of every set
together (0, 2, 4, ...; "even"), maximising the mean F1@10 of the four sets; the
odd-numbered half ("odd") was only scored. Both halves are printed for F1@10.

Three more columns look at single words. ``1-word%`` is the share of single words in the
top 10, printed for the gold too. ``+words@10`` scores F1@10 against the gold plus every
content word of each gold phrase, a stand-in for crowd-made gold, where readers often
name a story's subject by one word ("Holliday" for "Matt Holliday"). Crowd-made gold
holds dozens of keys per story, so F1@10 there is mostly the precision of the top 10:
``+wordsP@10`` is that precision against the same gold, and ``+wP even``/``+wP odd``
give it for each half.

Which words of a chosen phrase follow it in the list (written alone ``part_min`` times)
and the phrase-length and standalone exponents were chosen on the even halves, sweeping
each setting in turn: among the settings that keep every set's even-half F1@10 at least
half a point above its target, the fewest changes within 0.3 of the best DUC
``+wordsP@10`` that keep the dev corpus's top 25 free of bare everyday words (a
standalone exponent of 0.5 let "goal" in). Such
words wait until five keys are chosen (``part_after``; 2-5 moved F1@10 by less than
0.1), so the top 5 stays the ranking's own. A phrase may follow
a better-ranked single word it holds ("Gray", then "William Gray"): that raised DUC
F1@10 and ``+words@10`` together.

A name's word (of a phrase written capitalised throughout) now follows its phrase when
written alone once (``name_part_min`` 1; common words stay at 2): DUC -0.41 F1@10 for
+1.01 on the stand-in, within the rule above. Any capitalised word at 1 (a sentence's
first word too) gave +0.26 more on the stand-in for -0.32 DUC and -0.24 Inspec; common
words at 1 took DUC's even half below 30.

The share of phrase evidence was chosen the same way on a grid (short-document weight
0.2-0.4, long-document weight 0.5, the ramp from 1,000 or 1,500 to 3,000 or 5,000
tokens, phrase-length exponent 0.4-0.6, standalone exponent 0.15-0.6): a constant
weight of 0.3 raised DUC and the stand-in but cost NUS 1.3-1.7 points; rising to 0.5
with the document's length keeps NUS. With it the dev corpus's top 25 took "goal"
(Zipf 5.06), so a bare everyday word for the corpus list became one of the 1,100 most
frequent of English (Zipf >= 5.0, was 5.4).

The stand-in was first checked against the crowd set's known figures: the four systems
with a known F1@10 there (chipwatch before this work 9.4, YAKE 7.7, textacy's
PositionRank 8.6, plain TF-IDF 16.3) score +wordsP@10 29.1, 28.5, 24.2 and 44.9 on DUC
(PositionRank run as the issue ran it: its DUC F1@10 here is 26.18, the issue's 26.2).
A fifth: chipwatch before this work, limited to single words, scored about 17.4 on the
crowd set and scores 50.6 here. A least-squares line through the five, crowd = 0.387 x
stand-in - 1.86, misses them by 0.91 (root mean square), by 1.46 when each is left out
of the fit in turn.

    python benchmarks/eval_keywords.py [--sets duc2001,inspec,semeval2017,nus]

The shared data is found at ``<repo>/../shared`` (or ``$CHIPWATCH_SHARED``); without it
the script says so and exits 0. A set whose file is missing is skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from _common import run_chipwatch, shared_dir

TOP = 15
SETS = {
    "duc2001": "DUC-2001 (news)",
    "inspec": "Inspec (abstracts)",
    "semeval2017": "SemEval-2017 (paragraphs)",
    "nus": "NUS (full papers)",
}


def _load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("keyphrase_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
        out[str(row["id"])] = [str(vocab[j]) for j in order if vec[j] > 0]
    return out


def _cli(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Run ``chipwatch keywords --per-doc`` on the documents written as files; keywords by id."""
    with tempfile.TemporaryDirectory(prefix="chipwatch-kw-") as tmp:
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


def _with_words(gold: dict[str, list[str]]) -> dict[str, list[str]]:
    """Gold plus every content word of each gold phrase: a stand-in for crowd-made gold,
    where many readers name a story's subject by one word ("Holliday", "spill")."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return {
        doc_id: list(
            dict.fromkeys(
                keys + [w for k in keys for w in k.split() if w not in ENGLISH_STOP_WORDS]
            )
        )
        for doc_id, keys in gold.items()
    }


def _score_set(scorer: ModuleType, path: Path) -> dict[str, dict[str, float]]:
    """F1@5/10/15 and the F1@10 of each half, for the command line and the floor."""
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
    gold = {str(r["id"]): r["keyphrases"] for r in rows}
    ids = list(gold)
    out = {}
    for system, pred in (("cli", _cli(rows)), ("baseline", _baseline(rows))):
        res = scorer.evaluate(gold, pred, (5, 10, 15))["at"]
        cells = {f"F1@{k}": 100 * res[str(k)]["F1"] for k in (5, 10, 15)}
        for half, part in (("even@10", ids[::2]), ("odd@10", ids[1::2])):
            sub = scorer.evaluate({i: gold[i] for i in part}, {i: pred[i] for i in part}, (10,))
            cells[half] = 100 * sub["at"]["10"]["F1"]
        crowd = _with_words(gold)
        words = scorer.evaluate(crowd, pred, (10,))
        cells["+words@10"] = 100 * words["at"]["10"]["F1"]
        cells["+wordsP@10"] = 100 * words["at"]["10"]["P"]
        for half, part in (("+wP even", ids[::2]), ("+wP odd", ids[1::2])):
            sub = scorer.evaluate({i: crowd[i] for i in part}, {i: pred[i] for i in part}, (10,))
            cells[half] = 100 * sub["at"]["10"]["P"]
        top10 = [k for i in ids for k in pred.get(i, [])[:10]]
        cells["1-word%"] = 100 * sum(" " not in k.strip() for k in top10) / max(1, len(top10))
        out[system] = cells
    keys = [k for i in ids for k in gold[i]]
    out["gold"] = {"1-word%": 100 * sum(" " not in k.strip() for k in keys) / max(1, len(keys))}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated set names")
    args = ap.parse_args()
    bench = shared_dir() / "eval" / "keywords"
    if not (bench / "score.py").is_file():
        print(f"shared evaluation data not found under {bench}; skipping keyword evaluation")
        return 0
    scorer = _load_scorer(bench / "score.py")
    results = {}
    for name in args.sets.split(","):
        if (bench / f"{name}.jsonl").is_file():
            results[name] = _score_set(scorer, bench / f"{name}.jsonl")
    if not results:
        print(f"no keyword benchmark sets found under {bench}; skipping keyword evaluation")
        return 0
    columns = ("F1@5", "F1@10", "F1@15", "even@10", "odd@10", "+words@10", "+wordsP@10")
    columns += ("+wP even", "+wP odd", "1-word%")
    print(
        "macro F1 (percent); chipwatch = `chipwatch keywords --per-doc`, floor = TF-IDF 1-3-grams"
    )
    print("+words@10 = F1@10 against gold plus each gold phrase's words (crowd-like gold)")
    print("+wordsP@10 = precision of the top 10 against that gold (+wP: per half)")
    print("1-word% = share of single words in the top 10 (gold: in the gold keyphrases)")
    print(f"{'set':<28} {'system':<10} " + " ".join(f"{c:>10}" for c in columns))
    for name, systems in results.items():
        for system, cells in systems.items():
            label = {"cli": "chipwatch", "baseline": "TF-IDF", "gold": "gold"}[system]
            print(
                f"{SETS.get(name, name):<28} {label:<10} "
                + " ".join(f"{cells[c]:10.2f}" if c in cells else f"{'':10}" for c in columns)
            )
    for system, label in (("cli", "chipwatch"), ("baseline", "TF-IDF")):
        means = {c: sum(r[system][c] for r in results.values()) / len(results) for c in columns}
        print(
            f"{'mean of ' + str(len(results)) + ' sets':<28} {label:<10} "
            + " ".join(f"{means[c]:10.2f}" for c in columns)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
