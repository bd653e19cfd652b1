"""The evidence that a line is the page's headline, and how much each piece weighs.

A page holds many headline-shaped lines near its article: menu labels, prompts, photo
credits, section names, the headlines of other stories in a "Most read" box. No single
rule separates the real headline from them, so each candidate is described by a few
measurable facts about it and its neighbourhood, and the line with the highest weighted
sum wins:

* **agreement with the lead**: the share of the line's distinct content words that come
  back in the article's first paragraphs, never past its end (a short story is followed
  by teasers of others) (compared by a five-letter prefix, a cheap
  stemmer: "eagle"/"eagles", "death"/"deaths"); a label's or another story's words do not.
  Scaled down for lines of few words, so a two-word section name that recurs in the
  story does not outweigh a full headline;
* **a byline or date just below**: a headline heads a block of byline and dateline;
* **not in a run of links**: headlines of other stories come in lists of similar lines;
* **shape**: ending like a sentence or a label (``.``, ``,``, ``:``), all capitals, every
  word capitalised (menu entries, site names) count against; function words (a headline
  is written in language) count for;
* **size among the candidates**: the headline is usually the fullest of them;
* **place**: repeated on the page (header and ``<h1>``), the article's own first line,
  and how much non-chrome text separates the line from the article;
* **agreement with the first sentence**: a headline restates the lead's first sentence
  more than its later ones (the first 25 content words, besides the first 150);
* **a link to another page**: arrows that mark "previous/next" links ("« Older post",
  "Next story »") or words that open one ("Read more", "See also");
* **too long**: past 18 words a line is more likely a caption or a lead than a headline.

The weights are fitted, not guessed: ``benchmarks/fit_headline.py`` learns them as a
pairwise logistic ranking (the headline against each other candidate of its page) on the
dev pages of the cleaning benchmark and reports their accuracy by cross-validation and
across the benchmark's two sources. The features are general page facts; no word list
and no site enters them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from chipwatch.clean.lines import LETTER_WORD_RE, Line, is_byline, lower_words
from chipwatch.dates import parse_date
from chipwatch.lexicon import load_prose_function_words

__all__ = [
    "FEATURES",
    "WEIGHTS",
    "HeadlinePage",
    "best_headline",
    "headline_features",
    "headline_score",
    "links_to_page",
    "states_a_date",
]

_DIGIT_RE = re.compile(r"\d")

#: Content words of the article read as its lead.
LEAD_WORDS = 150
#: A candidate with fewer distinct content words has its agreement scaled down.
FULL_SIZE = 5
#: Letters of a word compared with the lead (a stemmer's stand-in).
STEM = 5
#: Content words of the article read as its first sentence.
FIRST_WORDS = 25
#: Words past which a line is counted too long for a headline.
LONG_WORDS = 18
#: Lines below a candidate searched for its byline or dateline.
META_BELOW = 4
#: A link to another page: a "previous/next" arrow at either end, or words that open one.
_LINK_RE = re.compile(
    r"^\s*[«‹←<]|[»›→>]\s*$|^\s*(?:next|previous|prev|older|newer|back to|read more|see also)\b",
    re.IGNORECASE,
)
_SENTENCE_PUNCT = (".", ",", ";")

#: Feature names, in the order of :func:`headline_features` and :data:`WEIGHTS`.
FEATURES = (
    "agreement",
    "repeated",
    "near",
    "body_line",
    "sentence_end",
    "meta_below",
    "link_run",
    "capitalised",
    "all_caps",
    "relative_size",
    "label_colon",
    "function_words",
    "lead_words",
    "text_between",
    "too_long",
    "first_sentence",
)
#: Fitted by ``benchmarks/fit_headline.py`` (pairwise logistic ranking, C=1).
WEIGHTS = (
    5.95,
    1.18,
    -0.58,
    -0.86,
    -2.83,
    1.90,
    -2.17,
    -1.07,
    -1.27,
    2.22,
    -1.55,
    1.99,
    1.41,
    -0.58,
    -2.54,
    1.13,
)


def content_stems(text: str) -> list[str]:
    """The line's content words (no function words, no short words), as prefixes."""
    function_words = load_prose_function_words()
    return [
        w[:STEM]
        for w in lower_words(text)
        if w not in function_words and (len(w) > 2 or w.isdigit())
    ]


def links_to_page(text: str) -> bool:
    """A link to another page ("« Older post", "Next: …", "Read more"): never the
    page's own headline."""
    return _LINK_RE.search(text) is not None


def is_meta(line: Line) -> bool:
    """A byline or a dateline: what sits under a headline."""
    text = line.text
    if line.dateline or is_byline(text) or text.lower() == "by":
        return True
    return states_a_date(text)


@lru_cache(maxsize=8192)
def states_a_date(text: str) -> bool:
    """A line stating a full date ("Created: Wednesday, 09 Jan 2008") is a dateline; the
    digit test spares the date patterns the many lines without a year. Remembered, as
    the same page furniture recurs on every page of a site."""
    return _DIGIT_RE.search(text) is not None and parse_date(text) is not None


@dataclass
class HeadlinePage:
    """What the features of every candidate of one page share, computed once: the
    features ask about the same lines many times."""

    lines: Sequence[Line]
    start: int
    window: int
    counts: Counter[str]
    title_like: Callable[[int], bool]
    #: Index just past the article's last line: the lead is the article's, never
    #: the "Most read" list below a short story.
    stop: int | None = None
    largest: int = 1
    _stems: dict[int, list[str]] = field(default_factory=dict)
    _meta: dict[int, bool] = field(default_factory=dict)
    _leads: dict[int, Counter[str]] = field(default_factory=dict)
    _firsts: dict[int, Counter[str]] = field(default_factory=dict)
    _prose_below: dict[int, int] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        lines: Sequence[Line],
        start: int,
        window: int,
        counts: Counter[str],
        title_like: Callable[[int], bool],
        candidates: Sequence[int],
        stop: int | None = None,
    ) -> HeadlinePage:
        page = cls(lines, start, window, counts, title_like, stop)
        page.largest = max((len(set(page.stems(i))) for i in candidates), default=1) or 1
        return page

    def stems(self, index: int) -> list[str]:
        if index not in self._stems:
            self._stems[index] = content_stems(self.lines[index].text)
        return self._stems[index]

    def lead(self, start: int) -> Counter[str]:
        """The content stems of the text from line ``start`` on (page chrome left out)."""
        if start not in self._leads:
            self._words(start)
        return self._leads[start]

    def first(self, start: int) -> Counter[str]:
        """The first :data:`FIRST_WORDS` content stems from line ``start`` on."""
        if start not in self._firsts:
            self._words(start)
        return self._firsts[start]

    def _words(self, start: int) -> None:
        words: list[str] = []
        last = len(self.lines) if self.stop is None else min(self.stop, len(self.lines))
        for index in range(start, last):
            if not self.lines[index].chrome:
                words.extend(self.stems(index))
                if len(words) >= LEAD_WORDS:
                    break
        self._leads[start] = Counter(words)
        self._firsts[start] = Counter(words[:FIRST_WORDS])

    def prose_between(self, index: int) -> int:
        """How many lines that are not chrome lie between line ``index`` (above the
        article) and the article's first line, counted once per page from the start up."""
        if not self._prose_below:
            count = 0
            self._prose_below[self.start - 1] = 0
            for j in range(self.start - 1, max(0, self.start - self.window - 1), -1):
                count += not self.lines[j].chrome
                self._prose_below[j - 1] = count
        found = self._prose_below.get(index)
        if found is None:  # a line further up than the window: counted on its own
            return sum(not self.lines[j].chrome for j in range(index + 1, self.start))
        return found

    def meta(self, index: int) -> bool:
        if index not in self._meta:
            self._meta[index] = is_meta(self.lines[index])
        return self._meta[index]


def headline_features(page: HeadlinePage, i: int) -> tuple[float, ...]:
    """The evidence for line ``i`` being the headline, in the order of :data:`FEATURES`."""
    return _features(page, i, *_shares(page, i))


def _features(
    page: HeadlinePage, i: int, agreement: float, first_share: float
) -> tuple[float, ...]:
    """:func:`headline_features` given the shares of the line's words found in the lead
    and in its first words (the costly part: each line inside the article has a lead
    of its own)."""
    lines, start = page.lines, page.start
    text = lines[i].text.rstrip()
    words = set(page.stems(i))
    size = min(1.0, len(words) / FULL_SIZE)
    neighbours = [j for j in range(max(0, i - 2), min(len(lines), i + 3)) if j != i]
    letters = LETTER_WORD_RE.findall(text)
    return (
        agreement * size,
        float(page.counts[lines[i].key] >= 2 and not text.endswith(".")),
        1 - abs(start - i) / (page.window + 1),
        float(i >= start),
        float(text.endswith(_SENTENCE_PUNCT)),
        float(any(page.meta(j) for j in range(i + 1, min(len(lines), i + 1 + META_BELOW)))),
        sum(page.title_like(j) for j in neighbours) / max(1, len(neighbours)),
        sum(w[0].isupper() for w in letters) / len(letters) if letters else 0.0,
        float(text.isupper()),
        len(words) / page.largest,
        float(text.endswith(":")),
        lines[i].stop_density,
        agreement * (len(words) / 15),
        min(20, page.prose_between(i) if i < start else 0) / 20,
        max(0, lines[i].words - LONG_WORDS) / 12,
        first_share * size,
    )


def _share(words: set[str], pool: Counter[str], own: int = 0) -> float:
    """The share of ``words`` found in ``pool`` more than ``own`` times."""
    # ``get``: a Counter's missing key goes through a Python ``__missing__`` call.
    return sum(1 for w in words if pool.get(w, 0) > own) / len(words) if words else 0.0


def headline_score(page: HeadlinePage, i: int) -> float:
    """The weighted evidence for line ``i``: the candidate with the highest wins."""
    return _weighted(headline_features(page, i))


def _weighted(features: tuple[float, ...]) -> float:
    return sum(w * f for w, f in zip(WEIGHTS, features, strict=True))


def best_headline(page: HeadlinePage, candidates: Sequence[int]) -> int:
    """The candidate with the highest :func:`headline_score`; of equal scores the one
    nearest the article's start, then the first.

    Comparing a line with its lead is most of a score's cost, and each line inside the
    article has a lead of its own. The features the lead decides are the shares of
    the line's words found in it times a fixed size, so each weighs in between 0 and
    its value at a share of 1: a candidate whose score at the better of the two ends
    is below the best score found cannot win, and is never compared with its lead.
    Candidates are scored from the highest bound down."""
    tops = [_features(page, i, 1.0, 1.0) for i in candidates]
    order = sorted(
        ((_bound(top), n) for n, top in enumerate(tops)),
        key=lambda pair: (-pair[0], pair[1]),
    )
    best, best_key = candidates[0], None
    for bound, n in order:
        if best_key is not None and bound < best_key[0] - _ROUNDING:
            break
        i = candidates[n]
        shares = _shares(page, i)
        features = tuple(
            f * shares[_BY_LEAD[k]] if k in _BY_LEAD else f for k, f in enumerate(tops[n])
        )
        key = (_weighted(features), -abs(page.start - i), -n)
        if best_key is None or key > best_key:
            best, best_key = i, key
    return best


def _shares(page: HeadlinePage, i: int) -> tuple[float, float]:
    """The shares of line ``i``'s content words found in its lead and in the lead's
    first words."""
    words = set(page.stems(i))
    # A line inside the article is compared with what follows it, not with itself.
    origin = i + 1 if i > page.start else page.start
    # A line inside the article is part of its own lead: its own words count once less.
    own = int(i >= page.start)
    return _share(words, page.lead(origin), own), _share(words, page.first(origin), own)


def _bound(at_one: tuple[float, ...]) -> float:
    """The highest score a candidate can reach, given its features with the lead's
    shares at 1."""
    return sum(
        max(0.0, w * f) if k in _BY_LEAD else w * f
        for k, (w, f) in enumerate(zip(WEIGHTS, at_one, strict=True))
    )


#: The features that are a share of the line's words found in the lead (0) or in its
#: first words (1) times a size: between 0 and their value at a share of 1.
_BY_LEAD = {
    FEATURES.index("agreement"): 0,
    FEATURES.index("lead_words"): 0,
    FEATURES.index("first_sentence"): 1,
}
#: Room for the rounding of the sums a bound and a score add up in different orders.
_ROUNDING = 1e-9
