"""The reporting-cue lexicon, and the sentences worth parsing.

A statement needs a cue: a verb of saying, writing, asking or judging ("said", "warned",
"believes", "found that") or "according to". Only sentences that hold such a word or a
quotation mark are handed to the dependency parser, so a page costs parsing in
proportion to its reported speech, and no other command parses at all.
"""

from __future__ import annotations

import re

from chipwatch.quotes.marks import QUOTE_MARKS
from chipwatch.sentences import sentence_spans

__all__ = ["CUE_LEMMAS", "MAX_SENTENCE", "SOURCE_NOUNS", "cue_sentences"]

#: Verbs whose clausal complement is what a source said, wrote, asked or holds true.
CUE_LEMMAS = frozenset(
    {
        "say", "tell", "warn", "argue", "claim", "note", "add", "assert", "caution", "conclude",
        "ask", "question", "point", "examine", "pledge", "assure", "accuse", "demand", "cite",
        "believe", "expect", "fear", "estimate", "find", "write", "state", "explain", "insist",
        "acknowledge", "admit", "announce", "report", "suggest", "indicate", "predict",
        "forecast", "contend", "maintain", "reckon", "think", "reiterate", "stress", "emphasize",
        "emphasise", "highlight", "confirm", "deny", "complain", "worry", "recommend", "propose",
        "describe", "call", "agree", "concede", "observe", "remark", "reply", "respond",
        "testify", "reveal", "disclose", "hope", "vow", "promise", "threaten", "allege", "recall",
        "counter", "tweet", "post", "declare", "mention", "anticipate", "project", "calculate",
        "speculate", "doubt", "wonder", "inform", "notify", "brief", "assess", "judge",
        "determine", "urge"
    }
)  # fmt: skip

#: Common nouns that can head the subject of a statement: people, bodies and documents.
#: Other nouns ("the finding suggests", "speed tests suggesting") are not sources.
SOURCE_NOUNS = frozenset(
    {
        "analyst", "expert", "official", "executive", "spokesperson", "spokesman", "spokeswoman",
        "source", "person", "people", "critic", "observer", "researcher", "scientist",
        "economist", "lawmaker", "legislator", "senator", "congressman", "minister", "ministry",
        "department", "company", "firm", "government", "regulator", "agency", "administration",
        "bureau", "commission", "leader", "professional", "insider", "investor", "ceo", "chief",
        "president", "chairman", "chairwoman", "founder", "director", "secretary", "diplomat",
        "envoy", "ambassador", "report", "statement", "filing", "paper", "study", "document",
        "notice", "guidance", "column", "columnist", "article", "survey", "letter", "memo",
        "release", "chipmaker", "maker", "manufacturer", "giant", "group", "developer",
        "supplier", "vendor", "startup", "customer", "trader", "banker", "strategist",
        "consultant", "academic", "professor", "author", "writer", "editor", "journalist",
        "reporter", "media", "newspaper", "outlet", "committee", "panel", "council", "house",
        "court", "judge", "lawyer", "attorney", "union", "association", "industry", "side",
        "party", "state", "country", "nation", "some", "many", "others", "few", "both", "member",
        "staff", "team", "engineer", "employee", "worker", "officer", "adviser", "advisor",
        "representative", "entrepreneur", "billionaire", "owner", "partner",
        "rival", "competitor", "authority", "authorities", "prosecutor", "office", "watchdog",
        "manager", "chair", "head", "boss"
    }
)  # fmt: skip

# The written forms of the cue verbs (a prefilter; the parse decides): each lemma with
# the regular endings, the irregular forms, and "according to".
_IRREGULAR = {"said", "told", "wrote", "written", "thought", "found", "according"}


def _forms(lemma: str) -> set[str]:
    """Regular forms of a verb: ``say says sayed saying``, ``note notes noted noting``,
    ``worry worries worried``, ``admit admitted`` (over-generating is harmless here)."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


_CUE_FORMS = sorted(_IRREGULAR.union(*(_forms(lemma) for lemma in CUE_LEMMAS)), key=len)
_CUE_WORD = re.compile(r"\b(?:" + "|".join(reversed(_CUE_FORMS)) + r")\b", re.IGNORECASE)


#: Longer "sentences" are tables, lists or run-together text, not reported speech; the
#: parser's cost grows with them, so they are not parsed.
MAX_SENTENCE = 2000

#: A dateline before the first sentence ("BEIJING, Dec 3 (Reuters) - "): not part of the
#: sentence's syntax, and the parser takes the city for its subject.
_DATELINE = re.compile(
    r"[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,40}\))?\s*[-—–]+\s+"
)


def cue_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` (``sentences.sentence_spans``) that hold a quotation mark
    or a word that may be a reporting cue: the only ones the parser will read (from
    after a dateline, when one opens the sentence)."""
    spans = []
    for start, end in sentence_spans(text):
        piece = text[start:end]
        if len(piece) > MAX_SENTENCE:
            continue
        if any(mark in piece for mark in QUOTE_MARKS) or _CUE_WORD.search(piece):
            dateline = _DATELINE.match(piece)
            spans.append((start + dateline.end() if dateline else start, end))
    return spans
