"""Money amounts: every explicit amount with a currency, as a full number and an ISO code.

"$5.5 billion", "US$800m", "344 billion yuan", "RMB 1 trillion", "€2bn", "NT$1.2 trillion",
"3,000亿元": an amount needs a figure and a currency, so "billions of dollars" is not
one. Each is read into ``amount`` (5.5e9), ``currency`` (ISO 4217) and a ``qualifier``:
``about`` ("about $50 billion"), ``at least`` ("more than $1bn"), ``at most`` ("up to
$2bn") or ``range`` ("$1-2 billion", ``amount`` the low end and ``amount_max`` the high).

Amounts are read from the cleaned text with patterns, not from the statistical
model's MONEY spans: the explicit forms are regular, so the patterns find them all
without the parser (an ``amounts`` run needs no model at all), and they keep the scale
word and the currency that the model's spans often split or drop ("344 billion yuan").

What a currency may be called comes from Babel's locale data (ISO codes, symbols such
as "NT$" and "€", names such as "New Taiwan dollars"), not from a table of our own:
the only additions are the colloquial ``RMB``/``renminbi`` for the yuan. A bare name
shared by several currencies ("dollar") means the one whose English symbol is a bare
sign ("$": the US dollar). "¥" is the yen unless the page speaks of yuan, renminbi or
RMB elsewhere.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from chipwatch.errors import UsageError

__all__ = ["AMOUNT_COLUMNS", "Amount", "context", "find_amounts", "load_rates"]

#: Columns of an amounts table.
AMOUNT_COLUMNS = (
    "file",
    "text",
    "amount",
    "amount_max",
    "currency",
    "qualifier",
    "start",
    "context",
)

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "lakh": 1e5,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "crore": 1e7,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
    "tr": 1e12,
}
_CJK_SCALES = {"万": 1e4, "亿": 1e8, "万亿": 1e12}
#: Colloquial names of the yuan that are not ISO codes or Babel names.
_YUAN_ALIASES = {"rmb": "CNY", "renminbi": "CNY", "yuan renminbi": "CNY"}
#: Words before an amount that qualify it.
_QUALIFIERS = (
    (
        re.compile(
            r"(?:about|around|roughly|approximately|nearly|almost|some|an estimated|estimated)\s+$",
            re.I,
        ),
        "about",
    ),
    (re.compile(r"(?:more than|over|at least|upwards of|in excess of)\s+$", re.I), "at least"),
    (re.compile(r"(?:up to|as much as|less than|under|below)\s+$", re.I), "at most"),
)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Scale words may stand apart from the figure or be hyphenated to it ("$1.1-million"); a
# one-letter scale only against it ("$800m", not "800 m").
_SCALE = (
    r"(?:(?:\s*|-)(?P<scale>thousand|lakh|million|crore|billion|trillion|mln|bln|trn|mn|bn|tn|tr)\b"
    r"|(?P<unit>[kmb])\b)"
)
_CONTEXT = 90


@dataclass(frozen=True)
class Amount:
    """One money amount found in a text: where, what was written, and what it means."""

    text: str
    amount: float
    currency: str
    start: int
    qualifier: str = ""
    amount_max: float | None = None


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """``(symbols, names, codes)``: currency signs and names (lower-cased) to ISO codes,
    and the ISO codes, from Babel's English locale data."""
    from babel.numbers import get_currency_name, get_currency_symbol, list_currencies

    codes = frozenset(list_currencies())
    symbols: dict[str, str] = {}
    names: dict[str, str] = dict(_YUAN_ALIASES)
    by_last_word: dict[str, list[str]] = {}
    for locale in ("en", "en_AU", "en_CA", "en_HK", "en_SG", "en_IN", "zh_Hans_CN"):
        for code in sorted(codes):
            symbol = get_currency_symbol(code, locale)
            if symbol != code and not symbol.isalpha():
                symbols.setdefault(symbol, code)  # the US English reading wins a clash
    symbols.setdefault("US$", "USD")
    for code in sorted(codes):
        for count in (1, 2):
            name = get_currency_name(code, count=count, locale="en").lower()
            if "(" in name or name == code.lower():
                continue
            names.setdefault(name, code)
            by_last_word.setdefault(name.split()[-1], []).append(code)
    for word, found in by_last_word.items():
        choice = _unqualified(sorted(set(found)), symbols)
        if choice is not None:
            names.setdefault(word, choice)
    return symbols, names, codes


def _unqualified(codes: list[str], symbols: dict[str, str]) -> str | None:
    """The currency a bare ``word`` ("dollars") means: the only one so called, else the
    one whose English symbol is a bare sign ("$", "£"); None when that does not decide."""
    if len(codes) == 1:
        return codes[0]
    bare = [
        code
        for code in codes
        if any(s for s, c in symbols.items() if c == code and not any(ch.isalpha() for ch in s))
    ]
    return bare[0] if len(bare) == 1 else None


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The three shapes of an amount: sign or code first, name or code after, and the
    Chinese ``亿元`` form."""
    symbols, names, codes = _lexicon()
    sign = "|".join(sorted(map(re.escape, symbols), key=len, reverse=True))
    code = "|".join(sorted(codes | {"RMB"}, key=len, reverse=True))
    name = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    value = rf"(?P<num>{_NUMBER})(?:\s*(?:-|–|to)\s*(?P<num2>{_NUMBER}))?{_SCALE}?"
    # ISO codes count in capitals only: "ALL", "TOP" and "TRY" are also words.
    codes_re = rf"\b(?-i:{code})\b"
    before = re.compile(rf"(?<![\w$€£¥₩₹])(?P<cur>{sign}|{codes_re})\s?{value}", re.I)
    after = re.compile(rf"(?<![\w.,]){value}\s*(?P<cur>\b(?:{name})\b|{codes_re})", re.I)
    cjk = re.compile(rf"(?P<num>{_NUMBER})\s*(?P<scale>万亿|亿|万)?元")
    return before, after, cjk


def find_amounts(text: str) -> list[Amount]:
    """Every explicit money amount in ``text``, in order of position.

    Args:
        text: a cleaned document.

    Returns:
        One :class:`Amount` per amount; a span found by two shapes counts once.
    """
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []
    yuan_page = re.search(r"\b(?:yuan|renminbi|rmb|cny)\b|元", text, re.I) is not None
    for match, currency in _candidates(text, yuan_page):
        span = match.span()
        if any(span[0] < end and start < span[1] for start, end in taken):
            continue
        amount = _read(match, currency, text)
        if amount is not None:
            taken.append(span)
            found.append(amount)
    return sorted(found, key=lambda a: a.start)


def _candidates(text: str, yuan_page: bool) -> Iterator[tuple[re.Match[str], str]]:
    symbols, names, codes = _lexicon()
    before, after, cjk = _patterns()
    for match in cjk.finditer(text):
        yield match, "CNY"
    for pattern in (before, after):
        for match in pattern.finditer(text):
            written = match.group("cur")
            key = written.lower()
            currency = (
                symbols.get(written)
                or names.get(key)
                or (written.upper() if written.upper() in codes else None)
                or _YUAN_ALIASES.get(key)
            )
            if currency == "JPY" and written == "¥" and yuan_page:
                currency = "CNY"
            if currency is not None:
                yield match, currency


def _read(match: re.Match[str], currency: str, text: str) -> Amount | None:
    """The amount a candidate states, or None when its figure is not a number."""
    groups = match.groupdict()
    scale_word = (groups.get("scale") or groups.get("unit") or "").lower()
    scale = _CJK_SCALES.get(scale_word) or _SCALES.get(scale_word, 1.0)
    low = _number(groups["num"])
    if low is None:
        return None
    high = _number(groups.get("num2") or "")
    qualifier = (
        "range"
        if high is not None
        else _qualifier(text[max(0, match.start() - 30) : match.start()])
    )
    return Amount(
        text=match.group(0),
        amount=low * scale,
        currency=currency,
        start=match.start(),
        qualifier=qualifier,
        amount_max=high * scale if high is not None else None,
    )


def _number(written: str) -> float | None:
    try:
        return float(written.replace(",", ""))
    except ValueError:
        return None


def _qualifier(preceding: str) -> str:
    for pattern, name in _QUALIFIERS:
        if pattern.search(preceding):
            return name
    return ""


def context(text: str, start: int, end: int, width: int = _CONTEXT) -> str:
    """The words around ``text[start:end]`` on its own line, at most ``width`` characters
    each side."""
    # Line breaks are looked for within ``width`` only: a page may be one long line.
    line_start = text.rfind("\n", max(0, start - width), start) + 1
    line_end = text.find("\n", end, end + width)
    left = text[max(line_start, start - width) : start]
    right = text[end : line_end if line_end >= 0 else end + width]
    return " ".join(f"{left}{text[start:end]}{right}".split())


def load_rates(path: Path | None, to: str | None) -> dict[str, float]:
    """Conversion rates from a user's CSV file with a ``currency,rate`` header: ``rate``
    units of ``to`` buy one unit of ``currency``. ``to`` itself converts at 1.

    Raises:
        UsageError: ``--rates`` without ``--to`` (or the reverse), a file that cannot be
            read, a currency that is not an ISO 4217 code, or a rate that is not a
            positive number.
    """
    _, _, codes = _lexicon()
    if path is None or to is None:
        raise UsageError("--rates and --to go together: a rates file converts to one currency")
    target = to.upper()
    if target not in codes:
        raise UsageError(f"--to {to}: not an ISO 4217 currency code (e.g. USD, EUR, CNY)")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"--rates {path}: cannot be read ({exc})") from exc
    rates = {target: 1.0}
    for number, row in enumerate(rows, start=2):
        code = (row.get("currency") or "").strip().upper()
        try:
            rate = float(row.get("rate") or "")
        except ValueError:
            rate = math.nan
        if code not in codes or not (math.isfinite(rate) and rate > 0):
            raise UsageError(
                f"--rates {path}, line {number}: expected an ISO currency code and a "
                "positive rate (header: currency,rate)"
            )
        rates[code] = rate
    return rates
