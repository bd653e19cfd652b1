"""Tests for the HTML report: self-contained, escaped, and rendered by a real browser."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from chipwatch.charts import bar_chart, heat_map, line_chart
from chipwatch.dups import DUP_COLUMNS
from chipwatch.models import (
    DOC_COLUMNS,
    DOC_KEYWORD_COLUMNS,
    ENTITY_COLUMNS,
    EVIDENCE_COLUMNS,
    KEYWORD_COLUMNS,
    PAIR_COLUMNS,
    THEME_COLUMNS,
)
from chipwatch.report import build_report
from chipwatch.trends import theme_counts, trends

EVIL = '<script>alert("x")</script>'
# src/href/url() pointing at another host (or protocol-relative): a request the page
# would make when opened.
EXTERNAL = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//""", re.I
)


def theme_trends(docs: pd.DataFrame, themes: pd.DataFrame) -> Any:
    """Theme counts per month over the documents' published dates, as the caller makes them."""
    published = dict(zip(docs["file"], docs["published"], strict=True))
    return trends(theme_counts(themes), published, by="month")


def small_inputs() -> dict[str, Any]:
    docs = pd.DataFrame(
        [
            ("a.txt", f"Chips {EVIL}", "2025-01-02", "A. Writer", "Harbor Post", 900, 400, 0.9),
            ("b.txt", "Second & last", "2025-02-10", None, None, 500, 300, 0.6),
            ("c.txt", "No date here", None, None, None, 200, 100, 0.0),
        ],
        columns=list(DOC_COLUMNS),
    )
    entities = pd.DataFrame(
        [
            ("Acme <b>Corp</b>", "ORG", 12, 2, ["Acme"]),
            ("Borax", "ORG", 3, 1, ["Borax"]),
        ],
        columns=list(ENTITY_COLUMNS),
    )
    evidence = pd.DataFrame(
        [("Acme <b>Corp</b>", "ORG", "a.txt", 0, 4, "Acme", f"Acme said {EVIL} today.")],
        columns=list(EVIDENCE_COLUMNS),
    )
    themes = pd.DataFrame(
        [
            ("a.txt", "export_controls", 0.8, 1, ["curbs:0.5"]),
            ("b.txt", "export_controls", 0.4, 1, ["curbs:0.4"]),
            ("b.txt", f"t{EVIL}", 0.2, 2, ["x:0.2"]),
            ("c.txt", "robotics", 0.5, 1, ["robot:0.5"]),
        ],
        columns=list(THEME_COLUMNS),
    )
    pairs = pd.DataFrame(
        [("Acme <b>Corp</b>", "ORG", "Borax", "ORG", 2, 1)], columns=list(PAIR_COLUMNS)
    )
    duplicates = pd.DataFrame(
        [(1, "a.txt", 1.0, "Chips", None, "2025-01-02"), (1, "b.txt", 0.82, EVIL, None, None)],
        columns=list(DUP_COLUMNS),
    )
    keywords = pd.DataFrame([(f"k{EVIL}", 1.5, 2)], columns=list(KEYWORD_COLUMNS))
    doc_keywords = pd.DataFrame([("a.txt", 1, "chip ban", 1.5)], columns=list(DOC_KEYWORD_COLUMNS))
    return {
        "docs": docs,
        "entities": entities,
        "evidence": evidence,
        "themes": themes,
        "theme_trends": theme_trends(docs, themes),
        "pairs": pairs,
        "duplicates": duplicates,
        "keywords": keywords,
        "doc_keywords": doc_keywords,
    }


def test_report_escapes_scraped_text_and_runs_only_its_own_script() -> None:
    page = build_report(**small_inputs(), title=f"Report {EVIL}", command=f"chipwatch {EVIL}")
    # One script: the shipped table sorter, allowed by its hash and by nothing else.
    assert page.lower().count("<script") == 1
    script = page.split("<script>")[1].split("</script>")[0]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page and "unsafe-inline'; img" in page
    assert "alert(" not in script
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Acme &lt;b&gt;Corp&lt;/b&gt;" in page
    assert "Second &amp; last" in page
    assert "<b>" not in page


def test_report_is_self_contained() -> None:
    page = build_report(**small_inputs())
    assert page.startswith("<!DOCTYPE html>")
    assert EXTERNAL.search(page) is None
    assert '<link rel="stylesheet"' not in page and "@import" not in page
    assert "default-src 'none'" in page  # the browser refuses any request
    assert "prefers-color-scheme: dark" in page
    assert page.count('<svg class="chart') == 3


def test_external_pattern_catches_requests() -> None:
    """Guard the guard: the pattern must flag the forms a request could take."""
    for bad in ('<img src="https://x.test/a.png">', "<a href='//x.test'>", "url(http://x.test/f)"):
        assert EXTERNAL.search(bad), bad


def test_report_sections_and_numbers() -> None:
    page = build_report(**small_inputs(), dups_threshold=0.7)
    for ident in ("overview", "entities", "themes", "trends", "pairs", "dups", "keywords"):
        assert f'<section id="{ident}" aria-labelledby="{ident}-h">' in page
    assert "1,600" in page and "800" in page  # words before / after cleaning
    dates = '<span class="nowrap">2025-01-02</span> to <span class="nowrap">2025-02-10</span>'
    assert dates in page  # a date never breaks at its hyphens
    # The undated document is named, not silently dropped from the time chart.
    assert "1 of 3 documents have no published date" in page and "c.txt" in page
    assert "Jaccard similarity ≥ 0.7" in page
    assert "<mark>Acme</mark>" in page
    # Long parts are folded; documents are named by their titles; the heat map has a scale.
    assert "<summary>All 3 documents</summary>" in page
    assert "<summary>Keywords of each document" in page
    assert 'id="legend-themes"' in page and "documents have a theme above its threshold" in page


def test_report_handles_empty_tables() -> None:
    inputs = small_inputs()
    for key in ("entities", "themes", "pairs", "duplicates", "keywords"):
        inputs[key] = inputs[key].head(0)
    inputs["theme_trends"] = theme_trends(inputs["docs"], inputs["themes"])
    page = build_report(**inputs)
    assert "No entities found" in page
    assert "every story ran once" in page
    assert '<svg class="chart"' not in page


def test_charts_are_well_formed_svg() -> None:
    svgs = [
        bar_chart([(EVIL, 3.0), ("b", 1.0)], ident="c1", title=EVIL, desc="d"),
        heat_map(
            ["r1", "r2"], ["t<1>", "t2"], {("r1", "t<1>"): 0.5}, ident="c2", title="t", desc="d"
        ),
        line_chart(
            ["2025-01", "2025-02"], {EVIL: {"2025-01": 0.5}}, ident="c3", title="t", desc="d"
        ),
        line_chart(["2025-01"], {"one": {"2025-01": 1.0}}, ident="c4", title="t", desc="d"),
    ]
    for svg in svgs:
        root = ET.fromstring(svg)  # raises on broken markup or unescaped text
        assert root.get("role") == "img"
        assert root.get("aria-labelledby")
    bars = ET.fromstring(svgs[0]).findall(".//{http://www.w3.org/2000/svg}rect")
    assert [float(b.get("width", 0)) for b in bars] == pytest.approx([640.0, 640.0 / 3], abs=0.1)


# --- end to end in a real browser ---------------------------------------------------------------


def _browser() -> tuple[str, str]:
    """Paths of chromium and chromedriver, or skip with the reason."""
    pytest.importorskip("selenium", reason="selenium is not installed (pip install selenium)")
    chromium = next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p),
        None,
    )
    driver = shutil.which("chromedriver")
    if chromium is None:
        pytest.skip("chromium is not installed (Debian package: chromium)")
    if driver is None:
        pytest.skip("chromedriver is not installed (Debian package: chromium-driver)")
    return chromium, driver


def test_report_renders_in_headless_chromium(sample_dir: Path, tmp_path: Path) -> None:
    chromium, chromedriver = _browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from chipwatch.facade import Corpus

    corpus = Corpus([str(sample_dir)])
    page = corpus.report(command="chipwatch report data/raw -o report.html")
    target = tmp_path / "report.html"
    corpus.write_html(target, page)
    assert target.stat().st_size < 5 * 1024 * 1024

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1280,1024",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    try:
        driver.get(target.as_uri())
        charts = driver.execute_script(
            "return [...document.querySelectorAll('svg.chart')].map(s => {"
            "const r = s.getBoundingClientRect();"
            "return [s.id, r.width, r.height, s.querySelectorAll('rect,path,circle').length];})"
        )
        # Resources the page fetched (stylesheets, images, fonts): there must be none.
        fetched = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        # The time axis: where each tick is drawn, and the day it stands for.
        ticks = driver.execute_script(
            "return [...document.querySelectorAll('#chart-trends line.tick')].map(t => "
            "[t.dataset.day, t.getBoundingClientRect().x])"
        )
        legend = driver.execute_script(
            "const l = document.getElementById('legend-themes');"
            "return l ? [l.getBoundingClientRect().width, l.querySelectorAll('rect').length] : null"
        )
        # Tables sort by a click on a header, and long ones can be filtered.
        sorted_pairs = driver.execute_script(
            "const t = document.querySelector('#pairs table');"
            "t.tHead.rows[0].cells[0].click();"
            "return [...t.tBodies[0].rows].map(r => r.cells[0].textContent)"
        )
        filters = driver.execute_script("return document.querySelectorAll('input.filter').length")
        logs = driver.get_log("browser")
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1280, min(int(height), 8000))
        shot = tmp_path / "report.png"
        assert driver.save_screenshot(str(shot))
    finally:
        driver.quit()
    assert [c[0] for c in charts] == ["chart-entities", "chart-themes", "chart-trends"]
    # A real time axis: the distance between ticks is proportional to the days between
    # them (January to May 2025: months of 31, 28, 31 and 30 days are not equal steps).
    assert len(ticks) >= 3
    days = [(date.fromisoformat(day) - date.fromisoformat(ticks[0][0])).days for day, _ in ticks]
    scale = (ticks[-1][1] - ticks[0][1]) / days[-1]
    for (_, x), d in zip(ticks, days, strict=True):
        assert x - ticks[0][1] == pytest.approx(d * scale, abs=1.0)
    # The heat map has its colour scale: "none" and five shades.
    assert legend is not None and legend[0] > 100 and legend[1] == 6
    for ident, width, height_px, shapes in charts:
        assert width > 100 and height_px > 50, ident
        assert shapes > 0, ident
    assert fetched == []
    assert [entry for entry in logs if entry.get("level") in ("SEVERE", "WARNING")] == []
    assert len(sorted_pairs) > 2 and sorted_pairs == sorted(sorted_pairs, key=str.lower)
    assert filters >= 1
    assert shot.stat().st_size > 10_000


def test_report_of_5000_documents_stays_small() -> None:
    """Folded sections keep the page under 5 MB and short even for 5,000 documents."""
    n = 5000
    docs = pd.DataFrame(
        [
            (
                f"site{i % 90}/{i:05d}_0123456789abcdef.txt",
                f"A fairly long headline about chips and export controls, number {i}",
                f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "Some Reporter",
                f"Outlet {i % 90}",
                900,
                450,
                0.7,
            )
            for i in range(n)
        ],
        columns=list(DOC_COLUMNS),
    )
    themes = pd.DataFrame(
        [(f, f"theme_{i % 12}", 0.3, 1, ["term:0.3"]) for i, f in enumerate(docs["file"])],
        columns=list(THEME_COLUMNS),
    )
    doc_keywords = pd.DataFrame(
        [(f, r, f"keyword phrase {r}", 1.0 / r) for f in docs["file"] for r in range(1, 6)],
        columns=list(DOC_KEYWORD_COLUMNS),
    )
    small = small_inputs()
    page = build_report(
        **{
            **small,
            "docs": docs,
            "themes": themes,
            "theme_trends": theme_trends(docs, themes),
            "doc_keywords": doc_keywords,
        }
    )
    assert len(page.encode()) < 5 * 1024 * 1024
    assert page.count("<table>") < 20  # one folded table per section, none per document
