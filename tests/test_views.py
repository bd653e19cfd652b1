"""The analyst views through the CLI: dups, kwic, trends, diff, report, --dedupe, --by."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chipwatch.cli import app

from .conftest import SAMPLE_DIR

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def syndicated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each sample article, plus two copies on 'other sites': new chrome, light edits."""
    root = tmp_path_factory.mktemp("syndicated")
    for page in sorted(SAMPLE_DIR.iterdir()):
        text = page.read_text()
        (root / page.name).write_text(text)
        for site in ("alpha", "beta"):
            body = text.replace("experts", "analysts").replace("However,", "But")
            chrome_top = f"{site.title()} News Home\nWorld\nBusiness\nSubscribe to {site}\n"
            chrome_end = f"\n© 2025 {site.title()} Media Group. All rights reserved.\n"
            (root / f"{site}_{page.name}").write_text(chrome_top + body + chrome_end)
    return root


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_dups_clusters_each_original_with_its_copies(syndicated: Path) -> None:
    code, out, err = run("dups", str(syndicated), "--csv")
    assert code == 0, err
    rows = _csv(out)
    assert list(rows[0]) == ["cluster", "file", "similarity", "title", "source", "published"]
    clusters: dict[str, set[str]] = {}
    for row in rows:
        clusters.setdefault(row["cluster"], set()).add(row["file"])
    expected = {
        frozenset({p.name, f"alpha_{p.name}", f"beta_{p.name}"}) for p in SAMPLE_DIR.iterdir()
    }
    assert {frozenset(files) for files in clusters.values()} == expected


def test_dedupe_counts_each_cluster_once(syndicated: Path) -> None:
    _, plain, _ = run("entities", str(syndicated), "--json")
    _, deduped, _ = run("entities", str(syndicated), "--dedupe", "--json")
    before = {r["entity"]: r for r in json.loads(plain)}
    after = {r["entity"]: r for r in json.loads(deduped)}
    assert before["Huawei"]["docs"] == 3 * after["Huawei"]["docs"]
    assert after["Huawei"]["outlets"] >= after["Huawei"]["docs"]
    _, single, _ = run("entities", str(SAMPLE_DIR), "--json")
    assert {r["entity"]: r["mentions"] for r in json.loads(single)} == {
        e: r["mentions"] for e, r in after.items()
    }


def test_kwic_finds_every_us_mention_and_no_navigation() -> None:
    code, out, _ = run("kwic", "United States", str(SAMPLE_DIR), "--json")
    assert code == 0
    rows = json.loads(out)
    assert {re.sub("['’]s?$", "", r["match"]) for r in rows} >= {"US", "U.S.", "United States"}
    _, ents, _ = run("entities", str(SAMPLE_DIR), "--json")
    us = next(r for r in json.loads(ents) if r["entity"] == "United States")
    assert len(rows) == us["mentions"]
    raw = {p.name: p.read_text().split("\n") for p in SAMPLE_DIR.iterdir()}
    for row in rows:
        assert row["match"] in raw[row["file"]][row["line"] - 1]


DATELINE_PAGES = {
    "a.txt": (
        "Mayor outlines budget for parks\n"
        "DENVER (Wire) \u2014 The mayor of Denver on Tuesday proposed a larger budget for city "
        "parks and libraries.\n"
        "Officials said the plan would add rangers to three parks in Denver next spring.\n"
        "Council members will vote on the proposal in March after two public hearings.\n"
    ),
    "b.txt": (
        "Library hours grow across the region\n"
        "Libraries in Denver will stay open later on weekdays, the library board said on Monday.\n"
        "Visitors from Boulder and Denver have asked for longer hours for several years.\n"
        "The board said the change would cost little because volunteers will staff the desks.\n"
    ),
}


def test_a_dateline_in_capitals_joins_its_city_in_entities_and_kwic(tmp_path: Path) -> None:
    for name, text in DATELINE_PAGES.items():
        (tmp_path / name).write_text(text)
    _, ents, _ = run("entities", str(tmp_path), "--json", "--no-cache")
    rows = {r["entity"].casefold(): r for r in json.loads(ents)}
    assert [r["entity"] for r in json.loads(ents)].count("Denver") == 1
    assert rows["denver"]["entity"] == "Denver"
    assert rows["denver"]["aliases"] == ["DENVER", "Denver"]
    for term in ("Denver", "DENVER"):
        _, found, _ = run("kwic", term, str(tmp_path), "--json", "--no-cache")
        assert len(json.loads(found)) == rows["denver"]["mentions"] == 5


def test_kwic_table_aligns_matches() -> None:
    code, out, _ = run("kwic", "Huawei", str(SAMPLE_DIR), "--format", "table")
    assert code == 0
    header, *lines = out.splitlines()
    column = header.index("match")
    assert lines and all(line[column:].startswith("Huawei") for line in lines)


def test_trends_report_undated_documents() -> None:
    code, out, err = run("trends", str(SAMPLE_DIR), "--by", "month", "--csv")
    assert code == 0
    rows = _csv(out)
    assert list(rows[0]) == ["period", "period_docs", "item", "count", "docs", "share"]
    # Empty months between the first and the last dated document are shown, empty.
    assert [r["period"] for r in rows if not r["item"]] == ["2025-02", "2025-03", "2025-04"]
    assert {r["period"] for r in rows if r["item"]} == {"2025-01", "2025-05"}
    assert "3 document(s) have no published date" in err
    code, out, _ = run("trends", str(SAMPLE_DIR), "--by", "week", "--what", "themes", "--csv")
    weeks = [r["period"] for r in _csv(out) if r["item"]]
    assert code == 0 and set(weeks) == {"2025-W03", "2025-W22"}


def test_diff_ranks_changes_by_g2() -> None:
    code, out, err = run("diff", str(SAMPLE_DIR), "--since", "2025-03-01", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert set(rows[0]) == {"item", "kind", "count_before", "count_after", "g2", "direction"}
    g2 = [r["g2"] for r in rows]
    assert g2 == sorted(g2, reverse=True)
    assert next(r for r in rows if r["item"] == "SMIC")["direction"] == "up"
    code, _, err = run("diff", str(SAMPLE_DIR), "--since", "not-a-date")
    assert code == 2 and "not-a-date" in err


def test_themes_summary_by_published() -> None:
    code, out, err = run("themes", str(SAMPLE_DIR), "--summary", "--by", "published", "--csv")
    assert code == 0, err
    assert {r["period"] for r in _csv(out) if r["item"]} == {"2025-01", "2025-05"}
    code, _, err = run("themes", str(SAMPLE_DIR), "--by", "published")
    assert code == 2 and "--summary" in err


def test_report_is_one_self_contained_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    code, out, err = run("report", str(SAMPLE_DIR), "-o", str(target))
    assert code == 0, err
    assert out == "" and "wrote" in err
    html = target.read_text()
    assert target.stat().st_size < 5 * 1024 * 1024
    assert "<svg" in html and "Huawei" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
