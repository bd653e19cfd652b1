"""Tests of the cleaning package's parts: the shared union-find it uses, and that importing
it stays light. (Its imports and sizes are checked for the whole package by
``lint-imports`` and ``tests/test_layout.py``.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import chipwatch
from chipwatch.similarity import components

PACKAGE = Path(chipwatch.__file__).parent


def test_components_are_named_by_their_lowest_item_whatever_the_edge_order() -> None:
    edges = [(4, 2), (2, 0), (5, 3)]
    assert components(6, edges) == [0, 1, 0, 3, 0, 3]
    assert components(6, list(reversed(edges))) == [0, 1, 0, 3, 0, 3]
    assert components(0, []) == []


def test_importing_clean_loads_no_heavy_library() -> None:
    code = (
        "import sys, chipwatch.clean; "
        "print(sorted(m for m in ('spacy', 'sklearn', 'pandas', 'rich') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
