"""Themes: a taxonomy of the beat, each page's relevance to it, and theme scores with evidence.

* :mod:`~chipwatch.themes.taxonomy`: the TOML taxonomy (themes, weighted terms, conditions);
* :mod:`~chipwatch.themes.matching`: where terms occur (whole words, inflections, names);
* :mod:`~chipwatch.themes.evidence`: per-page evidence for each theme, and beat relevance;
* :mod:`~chipwatch.themes.scoring`: calibrated scores, the decision rule, evidence rows.
"""

from __future__ import annotations

from chipwatch.themes.evidence import TITLE_WEIGHT, Beat, Evidence, PageEvidence, beat_from
from chipwatch.themes.scoring import (
    RELATIVE_TO_TOP,
    evidence_table,
    iter_page_evidence,
    page_evidence,
    score_themes,
    theme_summary,
    theme_table,
)
from chipwatch.themes.taxonomy import ANCHOR_WEIGHT, TermRule, WeightedTheme, load_taxonomy

__all__ = [
    "ANCHOR_WEIGHT",
    "RELATIVE_TO_TOP",
    "TITLE_WEIGHT",
    "Beat",
    "Evidence",
    "PageEvidence",
    "TermRule",
    "WeightedTheme",
    "beat_from",
    "evidence_table",
    "iter_page_evidence",
    "load_taxonomy",
    "page_evidence",
    "score_themes",
    "theme_summary",
    "theme_table",
]
