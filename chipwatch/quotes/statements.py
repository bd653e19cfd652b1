"""Statements in a parsed page: direct quotes and reported speech, each with its cue and
the phrase of its source (resolved to an entity later, by ``speakers``).

* **Direct**: a quoted span that reads like speech (not a title or a term) and a cue
  next to it: after the closing mark (``…," he said.``, ``…?" Burack asks.``) or before
  the opening one in the same sentence (``As one expert puts it: "…"``, a partial quote
  inside a reported clause). A quote split by its cue (``"A," he said, "B."``) is one row.
* **Indirect**: a cue verb with a clausal complement (``said [that] P``, ``warned P``,
  ``claims to P``, ``questioning whether P``, ``called X Y``, ``accused X of Y``), or
  ``according to X`` with the rest of its clause. Noun-phrase content ("highlighted the
  success of …") is not a statement.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from chipwatch.models import ParsedSentence, Statement
from chipwatch.quotes.cues import CUE_LEMMAS
from chipwatch.quotes.marks import QUOTE_MARKS, quote_spans, quote_text
from chipwatch.quotes.syntax import Sentence
from chipwatch.sentences import sentence_spans

__all__ = ["find_statements"]

_Cue = tuple[int, int]  # (sentence number, token number)
#: Cues whose "to" clause is a claim ("claims to have spent", "expects to ship"); with
#: others it is an act or a request ("agreed to restrict", "urged Washington to act").
_TO_CLAUSE = frozenset(
    {"claim", "pledge", "promise", "vow", "threaten", "expect", "hope", "estimate", "predict",
     "forecast", "fear", "say"}
)  # fmt: skip
#: Cues that name what they quote: 'called the approach "counterproductive"' is a
#: direct quote however short.
_NAMING = frozenset({"call", "describe", "dub", "label", "brand", "term"})
#: Relations of a cue that reports a statement of its own inside another's content.
_NESTED = frozenset({"advcl", "conj", "relcl"})
_SMALL_CLAUSE = {"call": ("oprd", "ccomp", "dobj"), "describe": ("prep",), "accuse": ("prep",)}
_SENTENCE_END = re.compile(r"[.!?](?=[\s\"”’)]|$)")
_WORD = re.compile(r"[^\W\d_]+")
#: Words before a reported clause that are not part of it: "said [that] P", "[which] it
#: said crashed".
_LEADING = frozenset({"that", "which", "who"})
#: Subjects of a nested cue that point back to the outer speaker.
_SAME_SOURCE = frozenset({"he", "she", "it", "they", "we", "i"})


class _Page:
    """A page's text, its quoted spans, sentences and parsed sentences, for lookups."""

    def __init__(self, text: str, parsed: Sequence[ParsedSentence]) -> None:
        self.text = text
        self.quotes = quote_spans(text)
        self.sentences = sentence_spans(text)
        self.parsed = [Sentence(p) for p in parsed]
        self.used: set[_Cue] = set()
        # Sorted starts for bisection: a long page holds thousands of each.
        self._quote_starts = [s for s, _ in self.quotes]
        self._sentence_starts = [s for s, _ in self.sentences]
        self._parsed_starts = [p.start for p in self.parsed]

    def quoted(self, offset: int) -> bool:
        """Is ``offset`` inside a quoted span?"""
        i = bisect.bisect_right(self._quote_starts, offset) - 1
        return i >= 0 and self.quotes[i][0] <= offset < self.quotes[i][1]

    def quoted_share(self, start: int, end: int) -> float:
        """The share of ``text[start:end]`` that lies inside quoted spans."""
        lo = max(0, bisect.bisect_right(self._quote_starts, start) - 1)
        hi = bisect.bisect_left(self._quote_starts, end)
        spans = self.quotes[lo:hi]
        inside = sum(max(0, min(e, end) - max(s, start)) for s, e in spans)
        return inside / max(1, end - start)

    def cues_between(self, start: int, end: int) -> list[_Cue]:
        """Cue words (by lemma, outside quotes) whose first character is in [start, end)."""
        found = []
        first = max(0, bisect.bisect_right(self._parsed_starts, start) - 1)
        last = bisect.bisect_left(self._parsed_starts, end)
        for n in range(first, last):
            sent = self.parsed[n]
            if sent.end <= start:
                continue
            for i, token in enumerate(sent.tokens):
                if start <= token.idx < end and _is_cue(sent, i) and not self.quoted(token.idx):
                    found.append((n, i))
        return found

    def lemma(self, cue: _Cue) -> str:
        """The lemma of a cue word."""
        return self.parsed[cue[0]].tokens[cue[1]].lemma.lower()

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """From the start of the sentence holding ``start`` to the end of the one
        holding ``end``."""
        if not self.sentences:
            return start, end
        i = max(0, bisect.bisect_right(self._sentence_starts, start) - 1)
        j = max(0, bisect.bisect_right(self._sentence_starts, max(start, end - 1)) - 1)
        return min(start, self.sentences[i][0]), max(end, self.sentences[j][1])


def _is_cue(sent: Sentence, i: int) -> bool:
    token = sent.tokens[i]
    lemma = token.lemma.lower()
    if lemma == "accord" or token.text.lower() == "according":
        return bool(sent.kids(i, "prep"))
    return token.pos == "VERB" and lemma in CUE_LEMMAS | {"put"} and not sent.negated(i)


def _cue_text(sent: Sentence, i: int) -> str:
    token = sent.tokens[i]
    if token.text.lower() == "according":
        return f"{token.text} to"
    parts = [token.text] + [sent.tokens[c].text for c in sent.kids(i, "prt")]
    return " ".join(parts)


def _speaker(page: _Page, cue: _Cue) -> tuple[str, int, int, str, int, str] | None:
    """The source phrase of a cue: ``(text, start, end, head, head_start, head_pos)``."""
    sent = page.parsed[cue[0]]
    if sent.tokens[cue[1]].text.lower() == "according":
        objects = [o for p in sent.kids(cue[1], "prep") for o in sent.kids(p, "pobj")]
        head = objects[0] if objects else None
    else:
        head = sent.subject(cue[1])
    if head is None or not sent.is_source(head):
        return None
    start, end = sent.chars(sent.phrase(head))
    token = sent.tokens[head]
    return page.text[start:end], start, end, token.text, token.idx, token.pos


def _statement(
    page: _Page, cue: _Cue, kind: str, quote: str, start: int, bounds: tuple[int, int]
) -> Statement | None:
    who = _speaker(page, cue)
    if who is None or not quote:
        return None
    sentence = page.text[bounds[0] : bounds[1]].strip()
    text, s_start, s_end, head, h_start, h_pos = who
    return Statement(
        kind=kind,
        cue=_cue_text(page.parsed[cue[0]], cue[1]),
        quote=quote,
        start=start,
        sentence=" ".join(sentence.split()),
        speaker_text=text,
        speaker_start=s_start,
        speaker_end=s_end,
        head=head,
        head_start=h_start,
        head_pos=h_pos,
    )


# --- direct quotes ----------------------------------------------------------------------------
def _speech_like(text: str, partial: bool) -> bool:
    """Quoted speech rather than a title, name or term: at least two words (three inside
    a sentence) and not all capitalised ("The Digital War", "Made in China 2025")."""
    words = _WORD.findall(text)
    if len(words) < (3 if partial else 2):
        return False
    long = [w for w in words if len(w) > 3]
    return not (long and len(words) <= 8 and all(w[0].isupper() for w in long))


def _frame_after(page: _Page, end: int, next_open: int) -> int:
    """Where the attribution after a closing mark stops: the sentence end, the next
    quote, or the end of the paragraph."""
    text = page.text
    line_end = text.find("\n", end)
    stop = (
        min(x for x in (line_end, next_open) if x >= 0)
        if line_end >= 0 or next_open >= 0
        else len(text)
    )
    found = _SENTENCE_END.search(text, end + 1, stop)
    stop = found.end() if found else stop
    inner = text[:end].rstrip()
    if inner.endswith(".") or (inner.endswith(("?", "!")) and len(text[end:stop].split()) > 8):
        # '"We will win." Analysts said …' — the quote closed its sentence, and what
        # follows is another statement, not this one's attribution.
        return end + 1
    return stop


def _frame_before(page: _Page, start: int) -> int:
    """Where the attribution before a quote may start: its sentence, or the last
    sentence of the paragraph before when that ends with a colon ("Huawei said:")."""
    text = page.text
    if start and text[start - 1] == "\n" and text[: start - 1].rstrip().endswith(":"):
        return page.sentence_bounds(start - 2, start - 1)[0]
    return start


def _direct(page: _Page) -> list[Statement]:
    rows: list[Statement] = []
    spans = page.quotes
    merged: set[int] = set()
    for k, (start, end) in enumerate(spans):
        if k in merged:
            continue
        s_start, _ = page.sentence_bounds(start - 1, start)
        partial = bool(page.text[s_start : start - 1].strip())
        next_open = spans[k + 1][0] - 1 if k + 1 < len(spans) else -1
        stop = _frame_after(page, end, next_open)
        after = page.cues_between(end + 1, stop)
        cues = after[:1] or page.cues_between(_frame_before(page, s_start), start - 1)[-1:]
        if not cues or cues[0] in page.used:
            continue
        named = not after and page.lemma(cues[0]) in _NAMING
        if not named and not _speech_like(page.text[start:end], partial):
            continue
        quote = quote_text(page.text, start, end)
        if k + 1 < len(spans) and after and page.text[end + 1 : stop].rstrip().endswith(","):
            # "A," he said, "B." — one statement around its cue.
            nxt = spans[k + 1]
            if not page.text[stop : nxt[0] - 1].strip():
                quote = f"{quote} {quote_text(page.text, *nxt)}"
                merged.add(k + 1)
                stop = _frame_after(page, nxt[1], -1)
        cue_at = page.parsed[cues[0][0]].tokens[cues[0][1]].idx
        bounds = page.sentence_bounds(min(start - 1, cue_at), stop)
        row = _statement(page, cues[0], "direct", quote, start, bounds)
        if row is not None:
            page.used.add(cues[0])
            rows.append(row)
    return rows


# --- reported speech ------------------------------------------------------------------------
def _content(sent: Sentence, i: int) -> tuple[list[int] | None, list[int]]:
    """The tokens of what cue ``i`` reports, and the cues nested in it that stay inside
    its row.

    A nested statement of another source ("…, which it said …", "after the government
    told the chipmaker that …") or a participle ("…, saying …") is a row of its own and
    ends this one when it closes the clause; a second cue of the same speaker ("said
    that A, but that it expected B") stays inside this row.
    """
    ids = _complement(sent, i)
    if not ids:
        return ids, []
    nested = [
        j
        for j in ids
        if j != i and sent.tokens[j].dep in _NESTED and _is_cue(sent, j) and _complement(sent, j)
    ]
    cut = [j for j in nested if _separate(sent, j)]
    kept = [j for j in nested if j not in cut]
    if not cut:
        return ids, kept
    removed = {k for j in cut for k in sent.subtree(j)}
    before = [j for j in ids if j < min(removed)]
    # A nested statement that closes the clause ends the outer row; one that opens it
    # ("since X told him that …, P") leaves the row whole.
    after = [j for j in ids if j > max(removed)]
    return (before if before and not after else ids), kept


def _separate(sent: Sentence, j: int) -> bool:
    """Is the cue ``j``, nested in another's content, a statement of its own?"""
    token = sent.tokens[j]
    if token.dep == "relcl" or token.tag == "VBG":
        return True
    subject = sent.kids(j, "nsubj")
    return bool(subject) and sent.tokens[subject[0]].text.lower() not in _SAME_SOURCE


def _complement(sent: Sentence, i: int) -> list[int] | None:
    """The clausal complement of cue ``i``, or the small clause of "called X Y" /
    "described X as Y" / "accused X of Y", or the clause before a headline's "…, X
    say"; None for noun content."""
    lemma = sent.tokens[i].lemma.lower()
    comp = sent.kids(i, "ccomp")
    if comp:
        return [j for c in comp for j in sent.subtree(c)]
    for noun in (o for p in sent.kids(i, "prep") for o in sent.kids(p, "pobj")):
        # 'said in a notice that P': the parser hangs the clause on the noun.
        for clause in sent.kids(noun, "acl", "relcl", "ccomp"):
            marks = sent.kids(clause, "mark")
            if any(sent.tokens[m].text.lower() == "that" for m in marks):
                return sent.subtree(clause)
    subject = sent.kids(i, "nsubj")
    loose = [c for c in sent.kids(i, "dep", "parataxis") if subject and c < subject[0]]
    if loose and sent.tokens[i].lemma.lower() in ("say", "warn", "tell", "claim"):
        return [j for c in loose for j in sent.subtree(c)]
    if lemma in _SMALL_CLAUSE:
        obj = sent.kids(i, "dobj")
        rest = sent.kids(i, *_SMALL_CLAUSE[lemma])
        rest = [r for r in rest if r not in obj]
        if obj and rest:
            return [j for c in obj + rest for j in sent.subtree(c)]
    for x in sent.kids(i, "xcomp"):
        if lemma in _TO_CLAUSE and any(
            sent.tokens[a].text.lower() == "to" for a in sent.kids(x, "aux")
        ):
            return sent.subtree(x)
    return None


def _according(sent: Sentence, i: int) -> list[int] | None:
    """The clause an "according to X" belongs to, without the "according to X" part."""
    head = sent.tokens[i].head
    if head == i:
        return None
    own = set(sent.subtree(i))
    rest = [j for j in sent.subtree(head) if j not in own]
    runs: list[list[int]] = []
    for j in rest:
        if runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    return max(runs, key=len) if runs else None


def _trimmed(page: _Page, sent: Sentence, ids: list[int]) -> tuple[int, str]:
    """Start and text of a reported clause: without a leading "that", punctuation or
    quotation marks at its edges."""
    ids = sorted(set(ids))
    while len(ids) > 1 and (
        sent.tokens[ids[0]].pos == "PUNCT" or sent.tokens[ids[0]].text.lower() in _LEADING
    ):
        ids.pop(0)
    while ids and sent.tokens[ids[-1]].pos == "PUNCT":
        ids.pop()
    if not ids:
        return -1, ""
    start, end = sent.chars(ids)
    raw = page.text[start:end]
    text = raw.strip().strip(QUOTE_MARKS).strip().rstrip(",;:")
    start += raw.find(text[:1]) if text else 0
    if _unclosed(text):
        # 'said the claim is "absolutely not true."': keep the quotation closed.
        tail = re.match(r"[.!?]?[\"”]", page.text[start + len(text) :])
        text += tail.group() if tail else ""
    return start, " ".join(text.split())


def _unclosed(text: str) -> bool:
    """Does ``text`` open a quotation it does not close?"""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _reported(page: _Page) -> tuple[list[tuple[int, int, list[int]]], set[_Cue]]:
    """Every cue outside quotes with the tokens of its content, and the cues that stay
    inside another's row."""
    found: list[tuple[int, int, list[int]]] = []
    inside: set[_Cue] = set()
    for n, sent in enumerate(page.parsed):
        for i, token in enumerate(sent.tokens):
            if page.quoted(token.idx) or not _is_cue(sent, i):
                continue
            if (n, i) in page.used and not sent.kids(i, "ccomp"):
                # 'called the chip a "fourth-best chip"': the direct row says it all; a
                # clause around a quoted fragment ('said using it "anywhere" breaks …')
                # is a statement of its own.
                continue
            if token.text.lower() == "according":
                ids = _according(sent, i)
            else:
                ids, kept = _content(sent, i)
                inside.update((n, j) for j in kept)
            if ids:
                found.append((n, i, ids))
    return found, inside


def _indirect(page: _Page) -> list[Statement]:
    found, inside = _reported(page)
    rows: list[Statement] = []
    for n, i, ids in found:
        if (n, i) in inside:
            continue
        sent = page.parsed[n]
        start, quote = _trimmed(page, sent, ids)
        if len(_WORD.findall(quote)) < 3 or page.quoted_share(start, start + len(quote)) > 0.85:
            continue
        bounds = page.sentence_bounds(sent.start, sent.end)
        row = _statement(page, (n, i), "indirect", quote, start, bounds)
        if row is not None:
            rows.append(row)
    return rows


def find_statements(text: str, parsed: Sequence[ParsedSentence]) -> list[Statement]:
    """Every direct quote and reported statement of a page, in text order.

    Args:
        text: the page's analysed text.
        parsed: its sentences that may hold a statement, parsed (``quotes.cue_sentences``
            chooses them; offsets point into ``text``).
    """
    page = _Page(text, parsed)
    rows = _direct(page) + _indirect(page)
    return sorted(rows, key=lambda r: (r.start, r.kind, r.cue))
