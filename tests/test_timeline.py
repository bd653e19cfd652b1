"""The report's time chart: calendar-proportional axis, gaps, small periods, legend."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from chipwatch.timeline import heat_legend, period_span, time_caption, time_panels

SVG = "{http://www.w3.org/2000/svg}"


def test_period_span_months_and_iso_weeks() -> None:
    assert period_span("2024-12") == (dt.date(2024, 12, 1), dt.date(2025, 1, 1))
    assert period_span("2025-W01") == (dt.date(2024, 12, 30), dt.date(2025, 1, 6))


def test_time_axis_is_proportional_and_small_periods_are_marked() -> None:
    # Two months in 2008, then one in 2017: nine years must take nine years of width.
    periods = ["2008-11", "2008-12", "2017-12"]
    counts = {"2008-11": 1, "2008-12": 5, "2017-12": 4}
    svg = time_panels(
        periods,
        counts,
        {"chips": {"2008-11": 1.0, "2008-12": 0.2, "2017-12": 0.5}},
        ident="t",
        title="t",
        desc="d",
    )
    root = ET.fromstring(svg)
    bars = {r.get("data-start"): r for r in root.iter(f"{SVG}rect")}
    x = {day: float(r.get("x", 0)) for day, r in bars.items()}
    first, second, last = x["2008-11-01"], x["2008-12-01"], x["2017-12-01"]
    days = (dt.date(2017, 12, 1) - dt.date(2008, 11, 1)).days
    assert (last - first) / days == pytest.approx((second - first) / 30, rel=0.01)
    assert "small" in (bars["2008-11-01"].get("class") or "")  # one document only
    hollow = [c for c in root.iter(f"{SVG}circle") if "small" in (c.get("class") or "")]
    assert len(hollow) == 1
    assert "fewer than 3 documents" in time_caption(counts, "month")


def test_a_period_without_documents_breaks_the_line() -> None:
    periods = ["2025-01", "2025-02", "2025-03", "2025-04"]
    counts = {"2025-01": 3, "2025-02": 3, "2025-04": 3}
    svg = time_panels(periods, counts, {"x": {"2025-01": 0.5}}, ident="t", title="t", desc="d")
    paths = [p for p in ET.fromstring(svg).iter(f"{SVG}path")]
    assert len(paths) == 1  # January–February; April stands alone after the gap


def test_heat_legend_is_well_formed() -> None:
    root = ET.fromstring(heat_legend(0.8, ident="l"))
    assert len(list(root.iter(f"{SVG}rect"))) == 6
    assert "0.8" in "".join(root.itertext())
