"""The fast mode (``--fast``): tokenizer, gazetteer and rules, no statistical model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chipwatch.cli import app
from chipwatch.config import Settings
from chipwatch.errors import UsageError
from chipwatch.pipeline import FAST_ENTITIES_ONLY, Need, analyze

runner = CliRunner()

TEXT = (
    "Huawei's Ascend 910C and Kirin 9000S rival Nvidia's H20, H200s and GB200. DeepSeek-R1 "
    "and o1-mini ran on RTX Pro 6000 cards. The Trump administration spoke at the SEMICON "
    "China Expo; U.S.-China talks and an NXT:2050i from ASML followed in Washington."
)


@pytest.fixture(scope="module")
def fast_nlp() -> Any:
    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.nlp import load_pipeline

    return load_pipeline(patterns=load_gazetteer().ruler_patterns(fast=True), fast=True)


def test_fast_pipeline_is_the_tokenizer_and_the_ruler(fast_nlp: Any) -> None:
    from chipwatch.nlp import RULER_NAME, parse

    assert fast_nlp.pipe_names == [RULER_NAME]
    doc = next(parse(fast_nlp, [("a", TEXT)], entities=True, tokens=False))
    found = {(e.text, e.label) for e in doc.entities}
    assert {("Huawei", "ORG"), ("Ascend 910C", "PRODUCT"), ("ASML", "ORG")} <= found
    assert ("Trump administration", "ORG") in found  # a rule, not a listed name
    titled = next(parse(fast_nlp, [("b", "Analyst Jane Doebright said so.")], tokens=False))
    assert [(e.text, e.label) for e in titled.entities] == [("Analyst Jane Doebright", "PERSON")]
    assert all(TEXT[e.start : e.end] == e.text for e in doc.entities)


def test_flagged_patterns_match_the_same_spans() -> None:
    """Predicates moved into lexical flags find exactly what the predicates found."""
    import spacy
    from spacy.matcher import Matcher

    from chipwatch.gazetteer import load_gazetteer
    from chipwatch.lexical import FIRST_FREE_FLAG, flagged_patterns
    from chipwatch.nlp import compact_patterns

    patterns = compact_patterns(
        [p for p in load_gazetteer().ruler_patterns(fast=True) if isinstance(p["pattern"], list)]
    )
    nlp = spacy.blank("en")
    flagged, tests = flagged_patterns(patterns, range(FIRST_FREE_FLAG, 64))
    assert tests and "REGEX" not in json.dumps(flagged)
    for flag, test in tests.items():
        nlp.vocab.add_flag(test, flag_id=flag)
    doc = nlp(TEXT + " CEO Jensen Huang saw KIRIN and Kimi K2 at the Canton Fair.")

    def spans(entries: list[dict[str, Any]]) -> set[tuple[int, int, str]]:
        matcher = Matcher(nlp.vocab, validate=False)
        for i, entry in enumerate(entries):
            matcher.add(str(i), [entry["pattern"]])
        return {(s, e, entries[int(nlp.vocab.strings[m])]["label"]) for m, s, e in matcher(doc)}

    assert spans(flagged) == spans(patterns) != set()


def test_entities_fast_finds_gazetteer_entities(sample_dir: Path) -> None:
    result = runner.invoke(app, ["entities", str(sample_dir), "--fast", "--json", "--no-cache"])
    assert result.exit_code == 0, result.output
    rows = {(r["entity"], r["label"]) for r in json.loads(result.stdout)}
    assert {("Huawei", "ORG"), ("Nvidia", "ORG"), ("United States", "GPE")} <= rows


def test_fast_and_full_results_are_stored_apart(sample_dir: Path, tmp_path: Path) -> None:
    """A store filled by one mode never answers the other."""
    from chipwatch.fitting import CorpusFit

    store = ["--cache-dir", str(tmp_path / "store"), "--json", "--quiet", "--jobs", "1"]
    args = ["entities", str(sample_dir), "--per-doc"]
    full = runner.invoke(app, [*args, *store])
    fast = runner.invoke(app, [*args, "--fast", *store])
    fast_fresh = runner.invoke(app, [*args, "--fast", "--no-cache", "--json"])
    full_again = runner.invoke(app, [*args, *store])
    assert {r.exit_code for r in (full, fast, fast_fresh, full_again)} == {0}
    assert fast.stdout == fast_fresh.stdout != full.stdout == full_again.stdout

    docs = analyze([str(sample_dir)], settings=Settings(cache=False), need=Need()).documents
    keys = [
        CorpusFit(list(docs), Settings(fast=fast), None).keys("ents", docs, lambda d: d.text)
        for fast in (False, True)
    ]
    assert set(keys[0].values()).isdisjoint(keys[1].values())


@pytest.mark.parametrize(
    "args",
    [
        ["keywords"],
        ["themes"],
        ["docs"],
        ["quotes"],
        ["trends", "--what", "themes"],
        ["entities", "--on-beat"],
    ],
)
def test_commands_that_need_the_tagger_refuse_fast(sample_dir: Path, args: list[str]) -> None:
    result = runner.invoke(app, [args[0], str(sample_dir), *args[1:], "--fast", "--no-cache"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"chipwatch: error: {FAST_ENTITIES_ONLY}"


def test_the_library_refuses_fast_tokens_before_any_work(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(UsageError, match="--fast finds entities only"):
        analyze([str(missing)], settings=Settings(fast=True), need=Need(tokens=True))
