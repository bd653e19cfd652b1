"""Theme scoring against the human theme labels of the five sample files.

Scores the shipped taxonomy on (1) the gold cleaned text, (2) the raw files as they
are, and (3) the raw files through ``chipwatch.clean.clean_documents`` when that
module is available. A document's predicted themes are the rows ``score_themes``
returns; gold ``themes`` are required, gold ``minor`` themes are neither required nor
penalised. Prints micro P/R/F1 over (document, theme) pairs and whether each
document's top theme is one of its gold themes.

    python benchmarks/eval_themes.py

The shared evaluation data is found at ``<repo>/../shared`` (or ``$CHIPWATCH_SHARED``);
without it the script says so and exits 0.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chipwatch.models import Document  # noqa: E402
from chipwatch.nlp import load_pipeline, parse  # noqa: E402
from chipwatch.themes import load_taxonomy, score_themes  # noqa: E402


def _shared() -> Path:
    return Path(os.environ.get("CHIPWATCH_SHARED", ROOT.parent / "shared"))


def _evaluate(
    label: str, texts: list[tuple[str, str]], gold: dict[str, dict[str, list[str]]]
) -> None:
    nlp = load_pipeline()
    docs = list(parse(nlp, texts, entities=False, tokens=True))
    scores = score_themes(docs, load_taxonomy())
    tp = fp = fn = 0
    top_ok = 0
    for name, g in gold.items():
        rows = scores[scores["file"] == name].sort_values("rank")
        predicted = list(rows["theme"])
        wanted = set(g["themes"])
        ignored = set(g.get("minor", []))
        tp += len(wanted & set(predicted))
        fn += len(wanted - set(predicted))
        fp += len(set(predicted) - wanted - ignored)
        top_ok += bool(predicted) and predicted[0] in wanted
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"{label:<14} P={p:.3f} R={r:.3f} F1={f1:.3f}  "
        f"top theme in gold: {top_ok}/{len(gold)}  (tp={tp} fp={fp} fn={fn})"
    )


def main() -> int:
    shared = _shared()
    sample = shared / "eval" / "sample"
    if not (sample / "themes.jsonl").is_file():
        print(f"shared evaluation data not found under {shared}; skipping theme evaluation")
        return 0
    gold = {}
    for line in (sample / "themes.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["file"]] = row
    clean = [(n, (sample / "clean" / n).read_text(encoding="utf-8")) for n in sorted(gold)]
    raw = [(n, (shared / "corpus" / n).read_text(encoding="utf-8")) for n in sorted(gold)]
    _evaluate("gold clean", clean, gold)
    _evaluate("raw", raw, gold)
    try:
        from chipwatch.clean import clean_documents
    except ImportError:
        print("chipwatch.clean not available; skipping raw + clean")
        return 0
    cleaned = clean_documents([Document(name=n, text=t) for n, t in raw])
    _evaluate("raw + clean", [(c.name, c.text) for c in cleaned], gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
