"""Sentences and snippets: a cheap rule-based sentence splitter and one-line context.

The entity pipeline runs only the NER, so there are no model sentences to reuse; this
splitter is enough for the evidence snippets of the entity tables and for counting
which entities share a sentence. A shared helper below the stages: it knows nothing of
entities beyond a mention's file and offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence

from chipwatch.models import Mention

__all__ = ["ELLIPSIS", "sentence_ends", "sentence_of", "sentence_spans", "snippet", "window"]

#: Marks where a snippet leaves text out.
ELLIPSIS = "\u2026"

# Words whose final period does not end a sentence: titles, company suffixes, months,
# "U.S."-style initialisms (any run of single letters with periods) and "No. 1".
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "st",
        "jr", "sr", "inc", "corp", "co", "ltd", "plc", "bros", "vs", "etc", "no", "nos", "vol",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "approx", "est", "dept", "univ", "fig", "al", "e.g", "i.e",
    }
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+|$)")
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){1,4}$")


# What follows a sentence end, matched in place (``pattern.match(line, pos)``): a copy of
# the line's tail for every full stop made a page written as one long line quadratic.
_NEXT_AFTER_MARK = re.compile(r"\s+[\"'\u201c\u2018(\[]?(\w)")
_NEXT_AFTER_INITIALISM = re.compile(r"\s+([\"'\u201c\u2018(]?)([A-Z][a-z]+)\b")
_NEXT_AFTER_PERIOD = re.compile(r"\s+[\"'\u201c\u2018(\[]?([\w\u2026])")
_LAST_WORD = re.compile(r"([\w.]+)$")


def _is_boundary(text: str, start: int, end: int) -> bool:
    """Is the punctuation at ``text[start:end]`` a sentence end (cheap rules, no model)?

    ``text`` is one line: what follows is looked at up to its end only.
    """
    if text[start] != ".":
        # '"Why?" she asked': a lower-case word after ? or ! continues the sentence.
        nxt = _NEXT_AFTER_MARK.match(text, end)
        return nxt is None or not nxt.group(1).islower()
    word = _LAST_WORD.search(text[max(0, start - 20) : start + 1])
    token = word.group(1) if word else ""
    if token.rstrip(".").casefold() in _ABBREVIATIONS:
        return False
    if _INITIALISM.search(token):
        # "U.S." ends a sentence only before a clear sentence start: a capital that is not
        # another name's initial, after which a lower-case word follows ("The", "It").
        after = _NEXT_AFTER_INITIALISM.match(text, end)
        return bool(after and after.group(2) in _SENTENCE_STARTERS)
    nxt = _NEXT_AFTER_PERIOD.match(text, end)
    return nxt is None or not nxt.group(1).islower()


def sentence_ends(line: str, start: int = 0) -> Iterator[int]:
    """Offsets just past each sentence end in ``line`` (a text without line breaks) from
    ``start`` on: where :func:`sentence_spans` ends a sentence."""
    for match in _SENTENCE_END.finditer(line, start):
        if _is_boundary(line, match.start(), match.end()):
            yield match.end()


# Words that begin sentences far more often than names: they confirm a break after an
# initialism such as "U.S." ("... in the U.S. The rule ...").
_SENTENCE_STARTERS = frozenset(
    {
        "The", "A", "An", "It", "Its", "This", "That", "These", "Those", "They", "He", "She",
        "We", "I", "In", "On", "At", "But", "And", "However", "Meanwhile", "If", "When",
        "While", "As", "After", "Before", "Since", "There", "Officials", "Analysts", "Some",
    }
)  # fmt: skip


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split cleaned text into sentences: ``(start, end)`` character offsets.

    The entity pipeline runs only ``ner``, so there are no spaCy sentences; this cheap
    rule-based splitter is enough for context snippets and co-occurrence. Every line is
    a paragraph (no sentence spans a line break); inside a line a sentence ends at
    ``.``, ``!``, ``?`` or ``…`` (with closing quotes or brackets) followed by
    whitespace, except after a known abbreviation ("Mr.", "Corp.", "Jan."), before a
    lower-case word, or after an initialism like "U.S." unless a typical sentence
    opener follows. Offsets exclude surrounding whitespace; blank lines yield nothing.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        for end in sentence_ends(line):
            spans.append((start, pos + end))
            start = pos + end
        spans.append((start, pos + len(line)))
        pos += len(line) + 1
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
    return out


def sentence_of(spans: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence (from ``spans``, as :func:`sentence_spans` gives them) holding a span.

    The sentence the span starts in, stretched to the span's end should the span cross
    a sentence break; the span itself when it starts before the first sentence.
    """
    i = bisect_right(spans, start, key=_first) - 1
    if i < 0:
        return (start, end)
    return (spans[i][0], max(spans[i][1], end))


def _first(span: tuple[int, int]) -> int:
    return span[0]


_WORD = re.compile(r"\S+")


def _fits(text: str, start: int, end: int, width: int) -> bool:
    """Whether ``text[start:end]``, its whitespace runs made single spaces, fits ``width``.

    Reads no further than ``width`` characters of words: on a page without sentence
    ends the "sentence" may be the whole page, and every snippet of it must stay cheap.
    """
    if end - start <= width:
        return True
    size = -1
    for word in _WORD.finditer(text, start, end):
        size += word.end() - word.start() + 1
        if size > width:
            return False
    return True


def window(text: str, sent: tuple[int, int], mention: tuple[int, int], *, width: int) -> str:
    """The sentence around a mention, cut at word boundaries to ``width`` with "…"."""
    s_start, s_end = sent
    m_start, m_end = mention
    if _fits(text, s_start, s_end, width):
        return " ".join(text[s_start:s_end].split())
    # Centre the mention in the window, then widen to whole words.
    room = max(width - (m_end - m_start) - 2, 0)
    lo = max(s_start, m_start - room // 2)
    hi = min(s_end, m_end + (room - (m_start - lo)))
    lo = max(s_start, hi - (width - 2) if hi == s_end else lo)
    while lo > s_start and not text[lo - 1].isspace() and lo < m_start:
        lo += 1
    while hi < s_end and not text[hi].isspace() and hi > m_end:
        hi -= 1
    body = " ".join(text[lo:hi].split())
    prefix = ELLIPSIS if lo > s_start else ""
    suffix = ELLIPSIS if hi < s_end else ""
    return f"{prefix}{body}{suffix}"


def snippet(texts: Mapping[str, str], mention: Mention, *, width: int = 160) -> str:
    """One line of context for ``mention``: its sentence, trimmed to ``width`` with "…".

    Args:
        texts: the cleaned text of each file, by file name (the text the mention's
            offsets point into).
        mention: a resolved mention.
        width: maximum length; longer sentences are cut at word boundaries around the
            mention and marked with "…" where text was left out.

    Raises:
        KeyError: ``texts`` has no text for the mention's file.
    """
    text = texts[mention.file]
    sent = sentence_of(sentence_spans(text), mention.start, mention.end)
    return window(text, sent, (mention.start, mention.end), width=max(width, 20))


# A line (a paragraph of cleaned text, a line of a page) that ends like a sentence is prose,
# not a menu item or a teaser: the cleaner weighs lines by this.
_SENTENCE_PUNCT = ".!?…:;"
_CLOSERS = "\"'”’»)]"
_CLOSING_QUOTES = '"”’»'


def ends_like_sentence(text: str) -> bool:
    """True when a line ``text`` ends like a sentence: terminal punctuation, perhaps followed by
    closing quotes or brackets, or a closing quote."""
    if not text:
        return False
    if text[-1] in _CLOSING_QUOTES:
        return True
    bare = text.rstrip(_CLOSERS)
    return bool(bare) and bare[-1] in _SENTENCE_PUNCT
