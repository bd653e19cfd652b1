"""The CLI end to end: every command and format on real files, plus subprocess runs."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chipwatch.cli import app

from .conftest import TEST_DATA

runner = CliRunner()
BIN = Path(sys.executable).parent
CHIPWATCH = str(BIN / "chipwatch")


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture(autouse=True)
def _model_loaded(nlp: object) -> None:
    """Load the real model once for the whole session before CLI tests use it."""


def test_clean_prints_labelled_text_without_navigation(sample_dir: Path) -> None:
    code, out, err = run("clean", str(sample_dir))
    assert code == 0, err
    assert out.count("==> ") == 5 and "==> 000_74a015262eb8610d.txt <==" in out
    for junk in ("Video Player is loading", "Follow us on Telegram", "Current Time 0:00"):
        assert junk not in out
    title = "China doubles down on innovation amid US restrictions on chip exports: experts"
    section = out.split("==> 000_74a015262eb8610d.txt <==")[1].split("==> ")[0]
    assert section.count(title) == 1
    assert err.strip().splitlines()[-1] == "chipwatch: 5 processed, 0 skipped, 0 errors"


def test_clean_explain_lists_drops_with_reasons(sample_dir: Path) -> None:
    code, out, _ = run("clean", str(sample_dir), "--explain", "--csv")
    assert code == 0
    rows = _csv(out)
    assert rows and list(rows[0]) == ["file", "line", "reason", "text"]
    assert all(r["reason"] for r in rows)
    player = [r for r in rows if r["text"] == "Video Player is loading."]
    assert player and player[0]["file"] == "000_74a015262eb8610d.txt"
    assert int(player[0]["line"]) == 7


def test_clean_out_writes_files_and_never_touches_inputs(sample_dir: Path, tmp_path: Path) -> None:
    before = _digest(sample_dir)
    out_dir = tmp_path / "cleaned"
    code, out, err = run("clean", str(sample_dir), "--out", str(out_dir))
    assert code == 0, err
    assert out == ""
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(before)
    assert _digest(sample_dir) == before
    code, _, err = run("clean", str(sample_dir), "--out", str(sample_dir))
    assert code == 2 and "outside the inputs" in err  # refused before any work
    assert _digest(sample_dir) == before


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "table"])
def test_clean_every_format(sample_dir: Path, fmt: str) -> None:
    code, out, _ = run("clean", str(sample_dir / "001_59d77f92ecadd3ce.txt"), "--format", fmt)
    assert code == 0
    if fmt == "json":
        assert json.loads(out)[0]["file"].endswith("001_59d77f92ecadd3ce.txt")
    elif fmt == "jsonl":
        assert set(json.loads(out.splitlines()[0])) == {"file", "text"}
    elif fmt == "csv":
        assert _csv(out)[0]["text"].startswith("The Resilience of China")
    else:
        assert out.startswith("The Resilience of China")


def test_entities_org_table_contract(sample_dir: Path) -> None:
    code, out, err = run("entities", str(sample_dir), "--label", "ORG", "--top", "15", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert 0 < len(rows) <= 15
    assert set(rows[0]) == {"entity", "label", "mentions", "docs", "aliases"}
    names = {r["entity"] for r in rows}
    assert {"Huawei", "Nvidia", "SMIC"} <= names
    assert {r["label"] for r in rows} == {"ORG"}
    mentions = [r["mentions"] for r in rows]
    assert mentions == sorted(mentions, reverse=True)


def test_entities_united_states_is_one_gpe_row(sample_dir: Path) -> None:
    code, out, _ = run("entities", str(sample_dir), "--csv")
    assert code == 0
    rows = _csv(out)
    us = [r for r in rows if r["entity"] == "United States"]
    assert len(us) == 1 and us[0]["label"] == "GPE"
    assert {"US", "U.S."} <= set(us[0]["aliases"].split("|"))
    assert not [r for r in rows if r["entity"] in {"US", "U.S.", "AI"}]
    assert not [r for r in rows if r["label"] in {"DATE", "CARDINAL", "PERCENT"}]


def test_entities_per_doc_jsonl_and_numeric_labels(sample_dir: Path) -> None:
    code, out, _ = run("entities", str(sample_dir), "--per-doc", "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert set(rows[0]) == {"file", "entity", "label", "mentions", "aliases"}
    assert len({r["file"] for r in rows}) == 5
    code, out, _ = run("entities", str(sample_dir), "--label", "date", "--json")
    assert code == 0 and {r["label"] for r in json.loads(out)} == {"DATE"}


def test_entities_from_stdin() -> None:
    text = "Nvidia said the U.S. Commerce Department blocked H20 sales to Huawei in China.\n"
    code, out, err = run("entities", "-", "--per-doc", "--csv", input=text)
    assert code == 0, err
    rows = _csv(out)
    assert {r["file"] for r in rows} == {"-"}
    assert {"Nvidia", "Huawei"} <= {r["entity"] for r in rows}


def test_keywords_per_doc_and_corpus(sample_dir: Path) -> None:
    code, out, _ = run("keywords", str(sample_dir), "--per-doc", "--top", "10", "--csv")
    assert code == 0
    rows = _csv(out)
    assert list(rows[0]) == ["file", "rank", "keyword", "score"]
    per_file: dict[str, list[int]] = {}
    for r in rows:
        per_file.setdefault(r["file"], []).append(int(r["rank"]))
    assert len(per_file) == 5
    assert all(
        ranks == list(range(1, len(ranks) + 1)) and len(ranks) <= 10 for ranks in per_file.values()
    )
    code, out, _ = run("keywords", str(sample_dir), "--json")
    rows = json.loads(out)
    assert code == 0 and set(rows[0]) == {"keyword", "score", "docs"}
    assert all(1 <= r["docs"] <= 5 for r in rows)


def test_themes_rows_summary_and_all(sample_dir: Path) -> None:
    code, out, _ = run("themes", str(sample_dir), "--csv")
    assert code == 0
    rows = _csv(out)
    assert list(rows[0]) == ["file", "theme", "score", "rank", "terms"]
    assert len({r["file"] for r in rows}) == 5
    code, out_all, _ = run("themes", str(sample_dir), "--all", "--csv")
    assert len(_csv(out_all)) > len(rows)
    code, out, _ = run("themes", str(sample_dir), "--summary", "--json")
    summary = json.loads(out)
    assert code == 0 and set(summary[0]) == {"theme", "docs", "share", "mean_score"}


OFF_BEAT = (
    "Harbour regatta ends in a photo finish\n"
    "Forty boats raced across the bay on Sunday, and the winner crossed the line a second "
    "ahead of the favourite after a late change of wind.\n"
    "The military band played at the prize giving, and the mayor said the regatta would "
    "return next summer with a longer course.\n"
)


def test_relevance_filters_every_analysis_command(sample_dir: Path) -> None:
    (sample_dir / "regatta.txt").write_text(OFF_BEAT, encoding="utf-8")
    code, out, _ = run("docs", str(sample_dir), "--json")
    relevance = {r["file"]: r["relevance"] for r in json.loads(out)}
    assert code == 0 and relevance["regatta.txt"] == 0.0
    # Themes go to on-beat pages only unless asked.
    code, out, _ = run("themes", str(sample_dir), "--all", "--csv")
    assert "regatta.txt" not in {r["file"] for r in _csv(out) if r["terms"]}
    code, out, _ = run("themes", str(sample_dir), "--all", "--min-relevance", "0", "--csv")
    assert "regatta.txt" in {r["file"] for r in _csv(out)}
    # --on-beat leaves the page out of any analysis, and says so on stderr.
    for command in ("docs", "entities --per-doc", "keywords --per-doc"):
        code, out, err = run(*command.split(), str(sample_dir), "--on-beat", "--csv")
        assert code == 0 and "regatta.txt" not in out and "regatta.txt" not in err
        assert "1 page(s) below beat relevance 0.4 left out" in err
    code, out, _ = run("entities", str(sample_dir), "--per-doc", "--csv")
    assert "regatta.txt" in out


def test_themes_explain_gives_terms_with_snippets(sample_dir: Path) -> None:
    code, out, err = run("themes", str(sample_dir), "--explain", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert set(rows[0]) == {"file", "theme", "score", "term", "count", "weight", "snippet"}
    _, shown, _ = run("themes", str(sample_dir), "--json")
    assert {(r["file"], r["theme"]) for r in rows} == {
        (r["file"], r["theme"]) for r in json.loads(shown)
    }
    assert all(r["count"] >= 1 and r["snippet"] for r in rows)


def test_themes_custom_taxonomy(sample_dir: Path, tmp_path: Path) -> None:
    taxonomy = tmp_path / "t.toml"
    taxonomy.write_text(
        '[themes.huawei]\ndescription = "Huawei"\nterms = ["Huawei", "Ascend"]\nthreshold = 0.01\n'
    )
    code, out, err = run("themes", str(sample_dir), "--taxonomy", str(taxonomy), "--all", "--csv")
    assert code == 0, err
    assert {r["theme"] for r in _csv(out)} == {"huawei"}
    taxonomy.write_text("[themes.bad\n")
    code, _, err = run("themes", str(sample_dir), "--taxonomy", str(taxonomy))
    assert code == 2 and err.startswith("chipwatch: error: ") and "t.toml" in err


def test_missing_path_is_exit_2() -> None:
    code, out, err = run("entities", "no/such/dir")
    assert code == 2 and out == ""
    assert err == "chipwatch: error: no/such/dir: no such file or directory. Check the path.\n"


def test_empty_and_binary_files_are_skipped_with_warnings(tmp_path: Path) -> None:
    for name in ("empty.txt", "binary.txt"):
        (tmp_path / name).write_bytes((TEST_DATA / name).read_bytes())
    code, out, err = run("clean", str(tmp_path))
    assert code == 1 and out == ""
    assert "empty.txt: skipped (empty)" in err and "binary.txt: skipped (binary)" in err
    (tmp_path / "good.txt").write_text("SMIC expands capacity in Shanghai despite controls.\n")
    code, out, err = run("entities", str(tmp_path), "--csv")
    assert code == 0 and "SMIC" in out
    assert (
        err.strip().splitlines()[-1]
        == "chipwatch: 1 processed, 2 skipped (1 binary, 1 empty), 0 errors"
    )


def test_usage_errors(sample_dir: Path) -> None:
    code, _, err = run("entities", str(sample_dir), "--csv", "--json")
    assert code == 2 and "choose one output format" in err
    code, _, err = run("entities", str(sample_dir), "--model", "no_such_model_xyz")
    assert code == 2 and "no_such_model_xyz" in err and "spacy info" in err
    assert "pip install" not in err  # no made-up package name to install
    assert len(err.strip().splitlines()) == 1


def test_no_path_without_data_raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("clean")
    assert code == 2 and "no PATH given" in err


def test_table_format(sample_dir: Path) -> None:
    code, out, _ = run("entities", str(sample_dir), "--top", "3", "--format", "table")
    assert code == 0
    assert "entity" in out.splitlines()[1]  # the header row, inside the table's frame
    assert any(box in out for box in "━─┃│")


# --- the installed script, in a real subprocess -----------------------------------------
def test_installed_script_pipeline_and_head(sample_dir: Path) -> None:
    proc = subprocess.run(
        f"'{CHIPWATCH}' themes '{sample_dir}' --csv | head -2",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0] == "file,theme,score,rank,terms" and len(lines) == 2
    assert "Traceback" not in proc.stderr and "\x1b[" not in proc.stdout


def test_installed_script_stdin_and_exit_codes(tmp_path: Path) -> None:
    proc = subprocess.run(
        [CHIPWATCH, "entities", "-", "--json"],
        input="Huawei and SMIC build chips.\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert {"Huawei", "SMIC"} <= {r["entity"] for r in json.loads(proc.stdout)}
    proc = subprocess.run(
        [CHIPWATCH, "clean", str(tmp_path / "missing")], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2 and proc.stderr.startswith("chipwatch: error: ")
    assert "Traceback" not in proc.stderr


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from chipwatch.cli import app\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "print(sorted(m for m in ('spacy', 'sklearn', 'pandas') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_python_dash_m_and_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "chipwatch", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.startswith("chipwatch ")


def test_docs_metadata_rows(sample_dir: Path) -> None:
    code, out, err = run("docs", str(sample_dir), "--json")
    assert code == 0, err
    rows = {r["file"]: r for r in json.loads(out)}
    assert set(next(iter(rows.values()))) == {
        "file",
        "title",
        "published",
        "author",
        "source",
        "words_raw",
        "words_clean",
        "relevance",
    }
    caliber = rows["002_21537e40c6f23f02.txt"]
    assert caliber["published"] == "2025-05-31" and caliber["source"] == "Caliber.az"
    assert all(0 < r["words_clean"] <= r["words_raw"] for r in rows.values())
    # Every sample page is about the beat; a relevance filter above 1 is refused.
    assert all(0.5 <= r["relevance"] <= 1 for r in rows.values())
    code, _, err = run("docs", str(sample_dir), "--min-relevance", "1.5")
    assert code != 0 and "--min-relevance" in err


def test_clean_keep_metadata_keeps_date_line(sample_dir: Path) -> None:
    page = str(sample_dir / "002_21537e40c6f23f02.txt")
    _, plain, _ = run("clean", page)
    code, kept, _ = run("clean", page, "--keep-metadata")
    assert code == 0
    assert "31 May 2025 14:53" in kept and "31 May 2025 14:53" not in plain


def test_entities_evidence_and_pairs(sample_dir: Path) -> None:
    code, out, _ = run("entities", str(sample_dir), "--evidence", "--top", "5", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {"file", "start", "snippet"} <= set(rows[0])
    for row in rows:
        assert row["snippet"] and "\n" not in row["snippet"]
    code, out, _ = run("entities", str(sample_dir), "--pairs", "--csv")
    pairs = _csv(out)
    assert code == 0 and list(pairs[0]) == [
        "entity_a",
        "label_a",
        "entity_b",
        "label_b",
        "count",
        "docs",
    ]
    assert all(p["entity_a"] < p["entity_b"] for p in pairs)
    code, out, _ = run("entities", str(sample_dir), "--pairs", "--scope", "document", "--json")
    by_doc = json.loads(out)
    assert code == 0 and max(p["count"] for p in by_doc) <= 5


def test_every_command_and_option_is_documented_in_the_readme() -> None:
    import typer.main

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    group = typer.main.get_command(app)
    assert hasattr(group, "commands")
    for name, command in group.commands.items():
        assert f"chipwatch {name}" in readme, f"command {name} missing from README"
        assert command.help, f"command {name} has no help"
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in readme, f"{name} {opt} missing from README"


def test_themes_discover_prints_loadable_toml(sample_dir: Path, tmp_path: Path) -> None:
    code, out, err = run("themes", str(sample_dir), "--discover", "2")
    assert code == 0, err
    assert out.count(".terms]") == 2
    taxonomy = tmp_path / "found.toml"
    taxonomy.write_text(out)
    code, out2, err = run("themes", str(sample_dir), "--taxonomy", str(taxonomy), "--all", "--csv")
    assert code == 0, err
    assert len({r["theme"] for r in _csv(out2)}) == 2
    code, _, err = run("themes", str(sample_dir), "--discover", "50")
    assert code == 2 and "--discover" in err
