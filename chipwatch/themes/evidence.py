"""A page's evidence for each theme, and how much the page is about the beat at all.

Evidence is counted per distinct term, not per word: a term's contribution is its
weight times ``1 + ln(count)`` (a title occurrence counts ``TITLE_WEIGHT`` times), so
the tenth "Samsung" adds little and a theme resting on one everyday word stays weak. A
theme has *enough* evidence with two distinct terms, or one anchor term (see
``TermRule.anchor``), or one match that names a gazetteer entity of the beat. A term
several themes list counts for each divided by their number, and is no anchor.

Relevance is the share of the page's text that is about the beat: a paragraph (a line,
or a block of about 80 words of a longer line) is on the beat when it holds a taxonomy
term and a second signal (another term, an entity of the gazetteer such as the beat's
companies, agencies and chips, or one of the beat's places), and it counts in
proportion to the beat's subject named in it, its neighbours or the title: the entities
the taxonomy's descriptions name, weighted by how many descriptions name them (China 1,
the United States less; distinct subjects add up, to at most 1). The title weighs as
much as ``TITLE_WEIGHT`` paragraphs of its length. A sports page that says "military"
once has relevance 0; an article on export controls is near 1.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from chipwatch.models import Mention, ParsedDocument, Taxonomy
from chipwatch.themes.matching import (
    NameSpan,
    Slot,
    TermWord,
    block_starts,
    capitalised_name,
    inside_other_name,
    name_spans,
    occurrences,
    positions,
    slots,
    term_words,
)
from chipwatch.themes.taxonomy import TermRule, theme_rule, theme_weight

#: Matches in a document's first line (its title, after cleaning) count this much more:
#: a headline states what the article is about.
TITLE_WEIGHT = 3.0
#: Entity labels that are places or peoples: a subject of the beat, not a topic of it.
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})


@dataclass(frozen=True)
class Hit:
    """One counted match of a term: where it is, for evidence snippets."""

    term: str
    start: int
    end: int
    paragraph: int
    #: The match names one of the beat's entities (a company, agency, chip): an anchor.
    named: bool = False


@dataclass(frozen=True)
class ThemeEvidence:
    """One theme's evidence on one page.

    Attributes:
        theme: the theme's name.
        evidence: sum over distinct terms of ``weight * (1 + ln(count))``.
        terms: ``(term, contribution)``, strongest first.
        hits: every counted match, in text order.
        enough: two distinct terms, or an anchor term.
    """

    theme: str
    evidence: float
    terms: tuple[tuple[str, float], ...]
    hits: tuple[Hit, ...]
    enough: bool


@dataclass(frozen=True)
class PageEvidence:
    """A page's relevance to the beat and its evidence for every theme (taxonomy order)."""

    name: str
    relevance: float
    themes: tuple[ThemeEvidence, ...]


@dataclass(frozen=True)
class _Term:
    theme: int
    index: int
    text: str
    words: tuple[TermWord, ...]
    weight: float
    rule: TermRule
    needs: tuple[tuple[TermWord, ...], ...] = ()


@dataclass(frozen=True)
class Beat:
    """What the beat is, besides the taxonomy's terms: its entities and its places.

    Attributes:
        entities: canonical names of the beat's actors (companies, agencies, chips, people).
        places: canonical names of the beat's places and peoples (China, Chinese, Taiwan).
    """

    entities: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    subject: Mapping[str, float] = field(default_factory=dict)


@dataclass
class _Page:
    """One page while its terms are matched, with indexes so that a hit costs the same on
    a page of any length (a long report holds thousands of hits)."""

    doc: ParsedDocument
    seq: list[Slot | None]
    places: dict[tuple[bool, str], list[int]]
    names: list[NameSpan]
    mentions: Sequence[Mention]
    breaks: list[int] = field(default_factory=list)
    claimed: dict[int, set[int]] = field(default_factory=dict)
    #: First and last slot (plus one) of each sentence or paragraph, by the slot field.
    scopes: dict[str, dict[int, tuple[int, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._name_starts = [n.start for n in self.names]  # names are sorted by start
        self._longest = max((n.end - n.start for n in self.names), default=0)
        self._by_start = sorted(self.mentions, key=lambda m: m.start)
        self._mention_starts = [m.start for m in self._by_start]

    def names_around(self, start: int, end: int) -> list[NameSpan]:
        """The names (in order) that start early enough to hold ``[start, end)``: those
        starting at most ``start`` and no further back than the longest name."""
        lo = bisect.bisect_left(self._name_starts, end - self._longest)
        return self.names[lo : bisect.bisect_right(self._name_starts, start)]

    def mentions_within(self, start: int, end: int) -> Iterable[Mention]:
        """The mentions inside ``[start, end]``."""
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_right(self._mention_starts, end)
        return (m for m in self._by_start[lo:hi] if m.end <= end)

    def scope(self, key: str, at: Slot) -> tuple[int, int] | None:
        """The slots of the sentence or paragraph (``key``) holding ``at``."""
        if key not in self.scopes:
            bounds: dict[int, tuple[int, int]] = {}
            for k, s in enumerate(self.seq):
                if s is not None:
                    value = getattr(s, key)
                    bounds[value] = (bounds.get(value, (k, k))[0], k + 1)
            self.scopes[key] = bounds
        return self.scopes[key].get(getattr(at, key))


class Evidence:
    """The taxonomy compiled once, applied to each page (:meth:`page`)."""

    def __init__(self, taxonomy: Taxonomy, beat: Beat | None = None) -> None:
        self.taxonomy = taxonomy
        self.beat = beat or Beat()
        terms: list[_Term] = []
        shared = Counter(term_words(text) for theme in taxonomy.themes for text in set(theme.terms))
        for t, theme in enumerate(taxonomy.themes):
            for i, text in enumerate(theme.terms):
                rule = theme_rule(theme, i)
                needs = tuple(term_words(n) for n in rule.requires_any)
                words = term_words(text)
                weight = theme_weight(theme, i)
                if shared[words] > 1:
                    # A term several themes list ("export ban") says less about each.
                    weight, rule = weight / shared[words], replace(rule, anchor=False)
                terms.append(_Term(t, i, text, words, weight, rule, needs))
        # Longer terms claim their tokens first: "Ascend 910C" is not also "Ascend".
        self._terms = sorted(terms, key=lambda x: (x.theme, -len(x.words), x.index))

    def page(self, doc: ParsedDocument, mentions: Sequence[Mention] = ()) -> PageEvidence:
        """Relevance and per-theme evidence of one parsed page."""
        seq = slots(doc)
        page = _Page(doc, seq, positions(seq), name_spans(mentions), mentions, block_starts(seq))
        hits: list[list[tuple[_Term, Hit]]] = [[] for _ in self.taxonomy.themes]
        for term in self._terms:
            for hit in self._hits(page, term):
                hits[term.theme].append((term, hit))
        themes = tuple(
            _theme_evidence(theme.name, found)
            for theme, found in zip(self.taxonomy.themes, hits, strict=True)
        )
        relevance = self._relevance(page, [h for found in hits for h in found])
        return PageEvidence(doc.name, relevance, themes)

    def _hits(self, page: _Page, term: _Term) -> Iterable[Hit]:
        n = len(term.words)
        claimed = page.claimed.setdefault(term.theme, set())
        for i in occurrences(page.seq, page.places, term.words):
            span = range(i, i + n)
            if any(k in claimed for k in span):
                continue
            first, last = page.seq[i], page.seq[i + n - 1]
            assert first is not None and last is not None
            text = page.doc.text
            around = page.names_around(first.start, last.end)
            if inside_other_name(
                term.text, first.start, last.end, text, around, self.beat.entities
            ):
                continue
            if capitalised_name(term.text, i, n, page.seq):
                continue
            if term.needs and not self._context_ok(page, term, first):
                continue
            claimed.update(span)
            named = self._names_beat_entity(page, first.start, last.end)
            yield Hit(term.text, first.start, last.end, first.paragraph, named)

    def _names_beat_entity(self, page: _Page, start: int, end: int) -> bool:
        return any(
            n.start <= start and end <= n.end and n.entity in self.beat.entities
            for n in page.names_around(start, end)
        )

    def _context_ok(self, page: _Page, term: _Term, at: Slot) -> bool:
        """Whether a word or entity of the term's ``requires_any`` is in its scope."""
        key = "sentence" if term.rule.within == "sentence" else "paragraph"
        scope = page.scope(key, at)
        if scope is None:
            return False
        lo, hi = scope
        if any(occurrences(page.seq, page.places, words, lo, hi) for words in term.needs):
            return True
        start, end = page.seq[lo], page.seq[hi - 1]
        assert start is not None and end is not None
        wanted = {n.casefold() for n in term.rule.requires_any}
        return any(
            m.entity.casefold() in wanted for m in page.mentions_within(start.start, end.end)
        )

    def _relevance(self, page: _Page, hits: Sequence[tuple[_Term, Hit]]) -> float:
        """Share of the page's words in paragraphs about the beat, each weighed by the
        beat subjects named in it, its neighbours or the title."""
        signals = self._signals(page, hits)
        words = [0] * (len(page.breaks) + 1)
        for s in page.seq:
            if s is not None:
                words[s.paragraph] += 1
        total = on = 0.0
        for para, count in enumerate(words):
            weight = count * (TITLE_WEIGHT if para == 0 else 1.0)
            total += weight
            n_topics = len(signals.topics.get(para, ()))
            has_term = para in signals.termed
            if has_term and (n_topics >= 2 or para in signals.places):
                on += weight * (self._subject(signals, para) if self.beat.subject else 1.0)
        return round(on / total, 4) if total else 0.0

    @staticmethod
    def _subject(signals: _Signals, para: int) -> float:
        """Weight of the distinct beat subjects named in a paragraph, its neighbours and
        the title, capped at 1 (Huawei and the United States together count as much as
        China alone when the descriptions name each in fewer themes)."""
        named: dict[str, float] = {}
        for near in (0, para - 1, para, para + 1):
            named.update(signals.named.get(near, {}))
        return min(1.0, sum(named.values()))

    def _signals(self, page: _Page, hits: Sequence[tuple[_Term, Hit]]) -> _Signals:
        """Per paragraph: distinct topic signals (terms, beat entities), whether a beat
        place is named, and the beat subjects named with their weights."""
        signals = _Signals()
        for term, hit in hits:
            signals.topics.setdefault(hit.paragraph, set()).add(term.text.casefold())
            signals.termed.add(hit.paragraph)
        for m in page.mentions:
            para = _paragraph(page.breaks, m.start)
            weight = self.beat.subject.get(m.entity, 0.0)
            if weight:
                signals.named.setdefault(para, {})[m.entity] = weight
            if m.entity in self.beat.places or m.label in PLACE_LABELS:
                if m.entity in self.beat.places:
                    signals.places.add(para)
                # a place that is also a term ("Beijing") is a subject, not a topic
                signals.topics.get(para, set()).discard(m.surface.casefold())
            elif m.entity in self.beat.entities:
                signals.topics.setdefault(para, set()).add(m.entity.casefold())
        return signals


@dataclass
class _Signals:
    topics: dict[int, set[str]] = field(default_factory=dict)
    places: set[int] = field(default_factory=set)
    termed: set[int] = field(default_factory=set)
    named: dict[int, dict[str, float]] = field(default_factory=dict)


def _paragraph(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _theme_evidence(name: str, found: Sequence[tuple[_Term, Hit]]) -> ThemeEvidence:
    counts: dict[str, float] = {}
    weights: dict[str, float] = {}
    anchor = False
    for term, hit in found:
        counts[term.text] = counts.get(term.text, 0.0) + (
            TITLE_WEIGHT if hit.paragraph == 0 else 1.0
        )
        weights[term.text] = term.weight
        anchor = anchor or term.rule.anchor or hit.named
    parts = sorted(
        ((t, weights[t] * (1.0 + math.log(c))) for t, c in counts.items()),
        key=lambda p: (-p[1], p[0]),
    )
    hits = tuple(sorted((h for _, h in found), key=lambda h: (h.start, h.term)))
    evidence = sum(v for _, v in parts)
    return ThemeEvidence(name, evidence, tuple(parts), hits, len(parts) >= 2 or anchor)


def beat_from(
    entities: Iterable[tuple[str, str, Sequence[str]]], taxonomy: Taxonomy | None = None
) -> Beat:
    """A :class:`Beat` from known entities ``(canonical name, label, surface forms)``.

    The beat's subject is what the taxonomy's descriptions name: an entity named in the
    most descriptions (China, for a taxonomy of China's chip industry) weighs 1, others
    in proportion. A page is fully relevant only when its on-beat paragraphs name
    subjects weighing 1 together."""
    import re

    known = list(entities)
    places = frozenset(n for n, label, _ in known if label in PLACE_LABELS)
    counts: dict[str, int] = {}
    descriptions = [t.description for t in taxonomy.themes] if taxonomy else []
    for name, _, forms in known:
        pattern = re.compile("|".join(rf"(?<!\w){re.escape(f)}(?!\w)" for f in forms))
        n = sum(1 for d in descriptions if pattern.search(d))
        if n:
            counts[name] = n
    top = max(counts.values(), default=0)
    subject = {name: n / top for name, n in counts.items()}
    return Beat(frozenset(n for n, _, _ in known) - places, places, subject)
