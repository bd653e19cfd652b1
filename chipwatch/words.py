"""A document's words: its tokens merged and re-read before they form phrases.

The tagger's tokens are not yet the words a keyword is made of:

* hyphen-joined tokens are one word ("self-reliance"), and a number spaCy split from
  its unit is rejoined ("7nm");
* a headline-case line ("Tech Sector Amidst US Export Controls") is re-read word by
  word against how the article's body writes each word;
* a lower-case common noun followed by a capitalised proper noun ("chip maker Nvidia")
  and a person's title followed by a full name ("Rep. Jan Meyers") are phrase
  boundaries, and a capitalised verb or number inside a name ("the Shining Path",
  "Third World") is a name's word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from chipwatch.gazetteer import load_gazetteer
from chipwatch.lexicon import FUNCTION_WORDS, HYPHENS, strip_plural_s
from chipwatch.models import Token

__all__ = [
    "ALPHA_RE",
    "DIGIT_RE",
    "HEADLINE_MIN_WORDS",
    "HEADLINE_SHARE",
    "NOUN_POS",
    "PHRASE_POS",
    "Word",
    "document_words",
    "is_name_word",
]

#: Parts of speech that may form a candidate phrase; a phrase must end in a noun.
PHRASE_POS = frozenset({"ADJ", "NOUN", "PROPN"})
NOUN_POS = frozenset({"NOUN", "PROPN"})

_URL_RE = re.compile(r"(?i)^(?:https?:|www\.)|\.(?:com|org|net|cn|io|html?)(?:/|$)|/")
_EMAIL_RE = re.compile(r"@")
DIGIT_RE = re.compile(r"\d")
#: An amount written with its magnitude ("12.9bn", "71.6million", "$40m"): a number, not
#: a name or a code, so never a keyword's word.
_AMOUNT_RE = re.compile(
    r"^[$£€¥]?\d[\d.,]*(?:bn|mn|m|k|tn|million|billion|trillion|thousand|lakh|crore)$"
)
#: Currencies named in words: next to a number they are part of the amount ("Dollars
#: 40m", "3 billion yuan"), not a keyword of their own.
_CURRENCY_WORDS = frozenset(
    """
dollar dollars pound pounds euro euros yen yuan renminbi rmb rupee rupees rs franc francs
dm ecu ecus rouble roubles ruble rubles peso pesos usd gbp eur jpy cny
    """.split()  # noqa: SIM905 - a word list reads better as text
)
ALPHA_RE = re.compile(r"[^\W\d_]")

#: A line is headline case when at least this share of its words longer than three
#: letters are capitalised, and it has at least ``HEADLINE_MIN_WORDS`` of them.
HEADLINE_SHARE = 0.75
HEADLINE_MIN_WORDS = 3


@dataclass(frozen=True)
class Word:
    """A token, or several tokens joined by in-word hyphens ("self-reliance")."""

    text: str
    lemma: str
    pos: str
    start: int
    end: int
    is_stop: bool
    breaks_before: bool
    junk: bool


def is_name_word(word: Word) -> bool:
    """A capitalised proper noun: a word of a name ("Santa", "Ana", "H20")."""
    return word.pos == "PROPN" and word.text[:1].isupper()


def _has_digit_and_letter(text: str) -> bool:
    return bool(DIGIT_RE.search(text)) and bool(ALPHA_RE.search(text))


def _is_junk_token(tok: Token) -> bool:
    text = tok.text
    return bool(_URL_RE.search(text) or _EMAIL_RE.search(text)) and len(text) > 1


def document_words(tokens: Sequence[Token]) -> list[Word]:
    """Words of a document: tokens merged, headline case read, names bounded."""
    words = _read_amounts(_merge(tokens))
    lines = [(a, b, _is_headline_case(words[a:b])) for a, b in _line_spans(words)]
    words = _read_name_stop_words(_read_name_verbs(_read_headlines(words, lines), lines))
    words = _mark_datelines(words, lines)
    return _mark_title_boundaries(_mark_noun_proper_boundaries(words))


def _read_amounts(words: list[Word]) -> list[Word]:
    """A currency word next to a number is part of the amount ("Dollars 40m")."""
    out = list(words)
    for k, word in enumerate(words):
        if word.lemma not in _CURRENCY_WORDS and word.text.lower() not in _CURRENCY_WORDS:
            continue
        before = words[k - 1] if k > 0 and not word.breaks_before else None
        after = words[k + 1] if k + 1 < len(words) and not words[k + 1].breaks_before else None
        if any(w is not None and w.pos == "NUM" for w in (before, after)):
            out[k] = replace(word, pos="NUM")
    return out


def _glued(a: Token, b: Token) -> bool:
    """Whether ``b`` starts exactly where ``a`` ends (no space between them)."""
    return b.idx == a.idx + len(a.text)


def _hyphen_parts(tokens: Sequence[Token], i: int) -> list[Token]:
    """The tokens from ``i`` on glued by in-word hyphens: word, hyphen, word, ...

    "self-reliance", "chip-making", "F-16": no spaces around the hyphen, and the run
    never continues into a new line or across punctuation.
    """
    parts = [tokens[i]]
    j = i
    while (
        j + 2 < len(tokens)
        and tokens[j + 1].text in HYPHENS
        and _glued(tokens[j], tokens[j + 1])
        and _glued(tokens[j + 1], tokens[j + 2])
        and not tokens[j + 2].sent_start
        and not tokens[j + 2].is_punct
        and not tokens[j].is_punct
    ):
        parts.append(tokens[j + 1])
        parts.append(tokens[j + 2])
        j += 2
    return parts


def _unit_after(tokens: Sequence[Token], i: int) -> Token | None:
    """The unit spaCy split from the number at ``i`` ("7nm" -> "7", "nm"), if any."""
    tok = tokens[i]
    if not tok.text.isdigit() or i + 1 >= len(tokens):
        return None
    unit = tokens[i + 1]
    if _glued(tok, unit) and unit.text.isalpha() and len(unit.text) <= 3:
        return unit
    return None


def _number_word(tok: Token, unit: Token) -> Word:
    """A number and its unit as one word, read as a name ("7nm", "5G"), or as a number
    when the unit is a magnitude ("40m", "1bn")."""
    text = tok.text + unit.text
    return Word(
        text=text,
        lemma=text.lower(),
        pos="NUM" if _AMOUNT_RE.match(text) else "PROPN",
        start=tok.idx,
        end=unit.idx + len(unit.text),
        is_stop=False,
        breaks_before=tok.sent_start,
        junk=False,
    )


def _single_word(tok: Token) -> Word:
    """One token as a word; a code of digits and letters ("H20", "910C") is a name."""
    pos = tok.pos
    if _AMOUNT_RE.match(tok.text):
        pos = "NUM"
    elif _has_digit_and_letter(tok.text) and not _is_junk_token(tok):
        pos = "PROPN" if pos not in NOUN_POS else pos
    return Word(
        text=tok.text,
        lemma=tok.lemma.lower(),
        pos="PUNCT" if tok.is_punct else pos,
        start=tok.idx,
        end=tok.idx + len(tok.text),
        is_stop=tok.is_stop,
        breaks_before=tok.sent_start,
        junk=_is_junk_token(tok),
    )


def _compound_word(parts: Sequence[Token]) -> Word:
    """Hyphen-joined tokens as one word, lemmatised on its last part only."""
    first, last = parts[0], parts[-1]
    # A hyphenated compound ending in a participle ("state-backed") acts as an
    # adjective; one ending in a noun ("self-reliance") as that noun. One the tagger reads
    # as a finite past verb ("Democrats re-elected Governor X": a part tagged VBD) is that
    # verb.
    pos = last.pos if last.pos in PHRASE_POS else "ADJ"
    if pos == "ADJ" and last.pos == "VERB" and any(p.tag == "VBD" for p in parts):
        pos = "VERB"
    if any(_AMOUNT_RE.match(p.text) for p in parts):
        pos = "NUM"  # a range of amounts ("2.1bn-Pounds 3.1bn")
    lemmas = [p.text.lower() for p in parts[:-1]] + [last.lemma.lower()]
    return Word(
        text="".join(p.text for p in parts),
        lemma="".join(lemmas),
        pos=pos,
        start=first.idx,
        end=last.idx + len(last.text),
        is_stop=False,
        breaks_before=first.sent_start,
        junk=False,
    )


def _merge(tokens: Sequence[Token]) -> list[Word]:
    """Merge hyphen-joined tokens and split numbers into words; mark line starts."""
    words: list[Word] = []
    i = 0
    while i < len(tokens):
        parts = _hyphen_parts(tokens, i)
        unit = _unit_after(tokens, i) if len(parts) == 1 else None
        if unit is not None:
            words.append(_number_word(tokens[i], unit))
            i += 2
        elif len(parts) == 1:
            words.append(_single_word(tokens[i]))
            i += 1
        else:
            words.append(_compound_word(parts))
            i += len(parts)
    return words


def _is_title_word(text: str) -> bool:
    """Capitalised like a headline word ("Sector", "Self-Reliance"), not an acronym."""
    return text[:1].isupper() and not text.isupper() and any(c.islower() for c in text[1:])


def _line_spans(words: Sequence[Word]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for i, word in enumerate(words):
        if word.breaks_before and i > start:
            spans.append((start, i))
            start = i
    if start < len(words):
        spans.append((start, len(words)))
    return spans


def _is_headline_case(line: Sequence[Word]) -> bool:
    """Whether most content words of a line are capitalised ("Tech Sector Amidst ...").

    Only words longer than three letters vote, so short function words that headline
    styles leave in lower case ("of", "on", "the") do not hide a headline. A sentence
    starts with one capital and a few names; a headline has capitals nearly throughout.
    """
    voters = [w.text for w in line if len(w.text) > 3 and ALPHA_RE.match(w.text)]
    if len(voters) < HEADLINE_MIN_WORDS:
        return False
    capitalised = sum(1 for t in voters if t[:1].isupper())
    return capitalised >= HEADLINE_SHARE * len(voters)


def _read_headlines(words: list[Word], lines: Sequence[tuple[int, int, bool]]) -> list[Word]:
    """Re-read capitalised words of headline-case lines against the document's body.

    In "The Resilience of China's Tech Sector Amidst US Export Controls" the tagger
    calls nearly every word a proper noun, so phrases fuse across prepositions and
    common nouns look like names. The body of the same article says how each word is
    really written, so a capitalised headline word

    * whose lower-case form is a function word ("Amidst", "Of") becomes a boundary;
    * that the body writes in lower case ("sector") takes the body's lemma and part of
      speech, and is shown in lower case;
    * that the body writes capitalised ("China") stays a proper noun;
    * that the body never uses is headline rhetoric ("Resilient Pursuit") and does
      not enter a keyword.

    A document that is all headline (a lone title) has no body to ask and is left as
    the tagger read it. ``lines`` are the document's lines as ``(start, end, headline
    case)``.
    """
    if all(head for _, _, head in lines) or not any(head for _, _, head in lines):
        return words
    lower, capital = _body_forms(words, [(a, b) for a, b, head in lines if not head])
    out = list(words)
    for a, b, head in lines:
        if head:
            for k in range(a, b):
                out[k] = _reread(words[k], lower, capital)
    return out


def _body_forms(
    words: Sequence[Word], body: Sequence[tuple[int, int]]
) -> tuple[dict[str, Word], set[str]]:
    """How the body lines write each word: lower-case forms (by text and lemma) and
    the lower-cased texts of words it capitalises other than at a line start."""
    lower: dict[str, Word] = {}
    capital: set[str] = set()
    for a, b in body:
        for k in range(a, b):
            w = words[k]
            key = w.text.lower()
            if w.text[:1].islower():
                lower.setdefault(key, w)
                lower.setdefault(w.lemma, w)
            elif k > a:  # a capital at a line start says nothing
                capital.add(key)
    return lower, capital


def _reread(w: Word, lower: dict[str, Word], capital: set[str]) -> Word:
    """One word of a headline-case line, re-read as :func:`_read_headlines` describes."""
    if not _is_title_word(w.text):
        return w
    key = w.text.lower()
    if key in FUNCTION_WORDS:
        return replace(w, pos="ADP", is_stop=True)
    if key in lower or strip_plural_s(key) in lower:
        body = lower.get(key) or lower[strip_plural_s(key)]
        return replace(w, text=key, lemma=body.lemma, pos=body.pos, is_stop=body.is_stop)
    if key in capital:
        return w
    return replace(w, pos="X")


def _mark_noun_proper_boundaries(words: list[Word]) -> list[Word]:
    """Break phrases where a lower-case common noun meets a capitalised proper noun.

    "technology columnist Christopher Mims" and "chip maker Nvidia" are a title or
    description glued to a name; each half is a keyword, the whole rarely is.
    """
    out = list(words)
    for k in range(1, len(words)):
        prev, word = words[k - 1], words[k]
        if prev.pos == "NOUN" and prev.text[:1].islower() and is_name_word(word):
            out[k] = replace(word, breaks_before=True)
    return out


def _read_name_verbs(words: list[Word], lines: Sequence[tuple[int, int, bool]]) -> list[Word]:
    """A capitalised verb inside a sentence, after a lower-case word and before a proper
    noun, is a name's word: the tagger reads "Shining" in "the Shining Path" as a verb
    and would leave "Path rebels". Headline-case lines capitalise verbs too, and are
    left as :func:`_read_headlines` read them."""
    out = list(words)
    for a, b, head in lines:
        if head:
            continue
        for k in range(a + 1, b - 1):
            word, before, after = words[k], words[k - 1], words[k + 1]
            if (
                word.pos == "VERB"
                and _is_title_word(word.text)
                and not word.breaks_before
                and before.text[:1].islower()
                and is_name_word(after)
                and not after.breaks_before
            ):
                out[k] = replace(word, pos="PROPN", lemma=word.text.lower())
    return out


#: Stop words that may be a name's word: numbers, ordinals and a few content words
#: ("Third World", "First Lady", "Three Mile Island", "Next Generation", "Back Bay").
_NAME_STOP_WORDS = frozenset(
    """
first second third fourth fifth sixth seventh eighth ninth tenth one two three four five
six seven eight nine ten eleven twelve fifteen twenty forty fifty sixty hundred top whole
next back front full side part name show bottom empty serious former latter same
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def _read_name_stop_words(words: list[Word]) -> list[Word]:
    """A stop word the tagger reads as a proper noun before another proper noun, and
    that can be a name's word (:data:`_NAME_STOP_WORDS`), is not a stop word there: a
    phrase may not start with a stop word, so "Third World debtors" would otherwise give
    "World debtors". Articles, prepositions and pronouns stay stop words."""
    out = list(words)
    for k in range(len(words) - 1):
        word, after = words[k], words[k + 1]
        if (
            word.is_stop
            and word.pos == "PROPN"
            and _is_title_word(word.text)
            and word.text.lower() in _NAME_STOP_WORDS
            and is_name_word(after)
            and not after.breaks_before
        ):
            out[k] = replace(word, is_stop=False)
    return out


@lru_cache(maxsize=1)
def _person_titles() -> frozenset[str]:
    """The capitalised job titles of the shipped gazetteer ("President", "Rep.", "CEO")."""
    return frozenset(title for title in load_gazetteer().titles if title[:1].isupper())


def _mark_title_boundaries(words: list[Word]) -> list[Word]:
    """Break phrases between a person's title and a full name after it.

    "Rep. Jan Meyers" and "CEO Jensen Huang" name a person whose keyword is the name;
    the title changes from story to story. A title before one name word ("President
    Reagan", "Mr Clinton") is how the text names that person, and a title inside a run
    of titles ("Prime Minister") is not followed by the name yet: both stay whole.
    After a title and "of" the office runs into the name (:func:`_mark_office_boundary`).
    """
    titles = _person_titles()
    out = list(words)
    texts = Counter(w.text for w in words)
    for k in range(1, len(words)):
        if words[k - 1].text not in titles:
            continue
        if words[k].text == "of" and k + 1 < len(words):
            _mark_office_boundary(words, k + 1, out, texts)
            continue
        end = k
        while (
            end < len(words)
            and is_name_word(words[end])
            and not words[end].breaks_before
            and words[end].text not in titles
        ):
            end += 1
        if end - k >= 2:
            out[k] = replace(words[k], breaks_before=True)
    return out


def _mark_office_boundary(
    words: Sequence[Word], start: int, out: list[Word], texts: Counter[str]
) -> None:
    """After "Secretary of", the office and the name run together: "Secretary of State
    Condoleezza Rice", "Secretary of Agriculture Richard E. Lyng". The name is the run's
    last two words, three with a middle initial, when the run is longer than that ("of
    the Treasury Steven Mnuchin" alike) and the text names the person by its last word
    elsewhere too ("Rice said"): "CEO of the Blue Bulls Company" ends with no name."""
    if start < len(words) and words[start].text == "the":
        start += 1
    end = start
    while end < len(words) and is_name_word(words[end]) and not words[end].breaks_before:
        end += 1
    name = 3 if end - start >= 3 and _is_initial(words[end - 2].text) else 2
    if end - start > name and texts[words[end - 1].text] > 1:
        out[end - name] = replace(words[end - name], breaks_before=True)


def _is_initial(text: str) -> bool:
    """A middle initial: "E." of "Richard E. Lyng"."""
    return len(text) == 2 and text[0].isupper() and text[1] == "."


#: What follows a dateline's place: "SAN ANTONIO -- You never know", "LONDON (Reuters)".
_DATELINE_ENDS = frozenset({"--", "\u2014", "\u2013", "-", "(", "_"})


def _is_caps_word(text: str) -> bool:
    return len(text) > 1 and text.isupper() and ALPHA_RE.match(text) is not None


def _mark_datelines(words: list[Word], lines: Sequence[tuple[int, int, bool]]) -> list[Word]:
    """A dateline's place is where the story was filed, not what it is about: a line
    that opens with capitals and a dash or an agency ("SAN ANTONIO -- ...", "LONDON,
    England (Reuters) - ...") gives no candidate from them. An acronym the text writes
    in capitals elsewhere ("SMIC (0981.HK) said") is no dateline."""
    out = list(words)
    caps = Counter(w.text for w in words if _is_caps_word(w.text))
    for a, b, _ in lines:
        k = a
        while k < b and k - a < 4 and caps[words[k].text] == 1:
            k += 1
        if k == a or k >= b:
            continue
        end = k
        if words[k].text == ",":  # "LONDON, England (Reuters)", "BOISE, Idaho --"
            end = next(
                (j for j in range(k + 1, min(k + 5, b)) if words[j].text in _DATELINE_ENDS), a
            )
            if not all(w.text[:1].isupper() for w in words[k + 1 : end]):
                continue  # "NVIDIA, the chipmaker - ..." names no place
        elif words[k].text not in _DATELINE_ENDS:
            continue
        if end > a and words[end].text == "(":  # the agency: "(Reuters)", "(AP)"
            end = next((j + 1 for j in range(end, min(end + 4, b)) if words[j].text == ")"), end)
        for j in range(a, end):
            out[j] = replace(words[j], junk=True)
    return out
