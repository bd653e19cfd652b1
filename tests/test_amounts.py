"""Money amounts: each shape on sentences written for the test, conversion with a user's
rates file, and the real command in a subprocess."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chipwatch.amounts import context, find_amounts, load_rates
from chipwatch.errors import UsageError

CHIPWATCH = Path(sys.executable).parent / "chipwatch"


def _read(text: str) -> list[tuple[str, float, str, str]]:
    return [(a.text, a.amount, a.currency, a.qualifier) for a in find_amounts(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The company took a $5.5 billion charge.", ("$5.5 billion", 5.5e9, "USD")),
        ("The fund raised 344 billion yuan last year.", ("344 billion yuan", 3.44e11, "CNY")),
        ("A plan worth RMB 1 trillion was approved.", ("RMB 1 trillion", 1e12, "CNY")),
        ("It sold US$800m of bonds.", ("US$800m", 8e8, "USD")),
        ("The grant was €2bn.", ("€2bn", 2e9, "EUR")),
        ("Capex reached NT$1.2 trillion.", ("NT$1.2 trillion", 1.2e12, "TWD")),
        ("投资3,000亿元用于芯片。", ("3,000亿元", 3e11, "CNY")),
        ("They paid 4 million USD for it.", ("4 million USD", 4e6, "USD")),
        ("Sales were 2.5 trillion won.", ("2.5 trillion won", 2.5e12, "KRW")),
        ("A $1.1-million prize.", ("$1.1-million", 1.1e6, "USD")),
        (
            "A deal for 12 million Hong Kong dollars.",
            ("12 million Hong Kong dollars", 1.2e7, "HKD"),
        ),
    ],
)
def test_each_shape_of_an_amount_is_read(sentence: str, expected: tuple[str, float, str]) -> None:
    assert [found[:3] for found in _read(sentence)] == [expected]


def test_vague_amounts_years_and_code_like_words_are_not_amounts() -> None:
    text = (
        "Billions of dollars were spent in 2019. All told, 5 million all over the world "
        "would try 3 times, and the team won 2 games."
    )
    assert _read(text) == []


def test_qualifiers_and_ranges() -> None:
    found = find_amounts(
        "It spent about $50 billion, more than $1bn in Europe, up to 500 million euros "
        "abroad and $1-2 billion at home."
    )
    assert [(a.qualifier, a.amount, a.amount_max) for a in found] == [
        ("about", 5e10, None),
        ("at least", 1e9, None),
        ("at most", 5e8, None),
        ("range", 1e9, 2e9),
    ]


def test_the_yen_sign_means_yuan_on_a_page_about_yuan() -> None:
    assert _read("Prices rose to ¥40bn.")[0][2] == "JPY"
    assert _read("The yuan fell. Prices rose to ¥40bn.")[0][2] == "CNY"


def test_context_stays_on_the_amount_line() -> None:
    text = "First line.\nThe company took a $5.5 billion charge on Tuesday.\nThird line."
    found = find_amounts(text)[0]
    assert context(text, found.start, found.start + len(found.text)) == (
        "The company took a $5.5 billion charge on Tuesday."
    )


def test_rates_file_is_checked_and_read(tmp_path: Path) -> None:
    good = tmp_path / "rates.csv"
    good.write_text("currency,rate\nCNY,0.14\nEUR,1.08\n", encoding="utf-8")
    assert load_rates(good, "usd") == {"USD": 1.0, "CNY": 0.14, "EUR": 1.08}
    bad = tmp_path / "bad.csv"
    bad.write_text("currency,rate\nXYZ,1\n", encoding="utf-8")
    with pytest.raises(UsageError, match="line 2"):
        load_rates(bad, "USD")
    with pytest.raises(UsageError, match="go together"):
        load_rates(good, None)


def test_amounts_command_converts_with_the_users_rates(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(
        "Chip fund grows\nThe state fund raised 344 billion yuan for chipmakers, officials "
        "said on Tuesday, and the ministry added $2 billion of loans to the plan.\n",
        encoding="utf-8",
    )
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\nCNY,0.14\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    command = [str(CHIPWATCH), "amounts", str(pages), "--csv", "--no-cache", "--quiet"]
    done = subprocess.run(
        [*command, "--rates", str(rates), "--to", "USD"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["text"], r["currency"], float(r["amount_USD"])) for r in rows] == [
        ("344 billion yuan", "CNY", pytest.approx(344e9 * 0.14)),
        ("$2 billion", "USD", 2e9),
    ]
    refused = subprocess.run(
        [*command, "--rates", str(tmp_path / "missing.csv"), "--to", "USD"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert refused.returncode == 2
    assert "cannot be read" in refused.stderr and "Traceback" not in refused.stderr


def test_dedupe_counts_a_syndicated_copy_once(tmp_path: Path) -> None:
    story = (
        "Chip fund grows\nThe state fund raised 344 billion yuan for chipmakers, officials "
        "said on Tuesday, and the ministry added $2 billion of loans to the plan that was "
        "announced in Beijing after a meeting of the cabinet on industrial policy.\n"
    )
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(story, encoding="utf-8")
    command = [str(CHIPWATCH), "amounts", str(tmp_path), "--csv", "--no-cache", "--quiet"]
    env = {**os.environ, "NO_COLOR": "1"}
    both = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    once = subprocess.run(
        [*command, "--dedupe"], capture_output=True, text=True, env=env, check=True
    )
    assert len(list(csv.DictReader(io.StringIO(both.stdout)))) == 4
    assert [r["file"] for r in csv.DictReader(io.StringIO(once.stdout))] == ["a.txt", "a.txt"]
