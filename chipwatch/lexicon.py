"""Shared word knowledge: hyphens and dashes, singular forms, English function words.

Keyword extraction and theme matching both need to know which characters join a
compound word, how a plural meets its singular, and which words carry no subject. One
copy of each lives here so the two stages cannot drift apart. Where they deliberately
differ today, both variants are kept under names that say how they differ:

* :data:`HYPHENS` join the parts of a compound ("self-reliance", "2010–2020");
  :data:`DASHES` adds the em dash, which theme matching also skips but which never
  joins a compound word (it separates clauses).
* :func:`singular` knows a few English plural endings ("companies", "taxes");
  :func:`strip_plural_s` only drops a final "s", the cheaper guess keyword extraction
  uses when it looks a headline word up in the article body.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = [
    "CALENDAR_WORDS",
    "DASHES",
    "FUNCTION_WORDS",
    "HYPHENS",
    "STOP_WORDS",
    "singular",
    "strip_plural_s",
]

#: Characters that join the parts of a compound word when written without spaces:
#: hyphen-minus, Unicode hyphen, non-breaking hyphen and en dash.
HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2013"})
#: :data:`HYPHENS` plus the em dash: every dash a term may be written with or without.
DASHES = HYPHENS | {"\u2014"}

#: English stop words, lower-cased: spaCy's ``spacy.lang.en.stop_words.STOP_WORDS``
#: (spaCy 3.8), copied so that reading them does not import spaCy (a test checks the copy).
STOP_WORDS = frozenset(
    """
'd 'll 'm 're 's 've a about above across after afterwards again against all almost
alone along already also although always am among amongst amount an and another any
anyhow anyone anything anyway anywhere are around as at back be became because become
becomes becoming been before beforehand behind being below beside besides between beyond
both bottom but by ca call can cannot could did do does doing done down due during each
eight either eleven else elsewhere empty enough even ever every everyone everything
everywhere except few fifteen fifty first five for former formerly forty four from front
full further get give go had has have he hence her here hereafter hereby herein hereupon
hers herself him himself his how however hundred i if in indeed into is it its itself
just keep last latter latterly least less made make many may me meanwhile might mine
more moreover most mostly move much must my myself n't name namely neither never
nevertheless next nine no nobody none noone nor not nothing now nowhere n‘t n’t of off
often on once one only onto or other others otherwise our ours ourselves out over own
part per perhaps please put quite rather re really regarding same say see seem seemed
seeming seems serious several she should show side since six sixty so some somehow
someone something sometime sometimes somewhere still such take ten than that the their
them themselves then thence there thereafter thereby therefore therein thereupon these
they third this those though three through throughout thru thus to together too top
toward towards twelve twenty two under unless until up upon us used using various very
via was we well were what whatever when whence whenever where whereafter whereas whereby
wherein whereupon wherever whether which while whither who whoever whole whom whose why
will with within without would yet you your yours yourself yourselves ‘d ‘ll ‘m ‘re ‘s
‘ve ’d ’ll ’m ’re ’s ’ve
    """.split()  # noqa: SIM905 - 326 words read better as text than one per line
)

#: Function words in lower-cased form: in headline case they are capitalised and tagged
#: as proper nouns, yet they end a phrase. The stop words plus prepositions they lack.
FUNCTION_WORDS = STOP_WORDS | frozenset(
    {
        "amid",
        "amidst",
        "despite",
        "versus",
        "vs",
        "like",
        "unlike",
        "near",
        "inside",
        "outside",
        "plus",
        "toward",
        "towards",
        "onto",
        "upon",
        "within",
        "without",
    }
)

#: Names of days and months, their abbreviations that are no other English word ("Nov",
#: "Thurs"; not "Sun" or "Mar"), and the relative days ("today", "yesterday"): they date
#: a story but are never its subject, so no keyword is made of them alone.
CALENDAR_WORDS = frozenset(
    """
monday tuesday wednesday thursday friday saturday sunday weekday weekend
mon tue tues wed thu thur thurs fri
january february march april may june july august september october november december
jan feb apr jun jul aug sep sept oct nov dec
today yesterday tomorrow tonight
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def singular(word: str) -> str:
    """A crude English singular form, applied to both sides so plural and singular meet.

    Handles "-ies" ("companies" -> "company"), sibilant "-es" ("taxes" -> "tax") and a
    plain "-s", but leaves words ending in "ss", "us" or "is" ("process", "status",
    "analysis") and short words alone.

    Args:
        word: a lower-cased word.

    Returns:
        The singular guess, or ``word`` unchanged.
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def strip_plural_s(word: str) -> str:
    """``word`` without a final "s" (but not "ss"), when longer than three letters.

    Simpler than :func:`singular` on purpose: keyword extraction only uses it as a
    second guess when looking a headline word up in the article body ("Controls" ->
    "control"), and changing it would change which keywords are found.

    Args:
        word: a lower-cased word.

    Returns:
        ``word`` minus one trailing "s", or ``word`` unchanged.
    """
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def load_prose_function_words() -> frozenset[str]:
    """The shipped function words of the languages the cleaner knows (en, de, es, fr, pt,
    it), lower-cased: their density tells prose from menus on a page in any of them."""
    from importlib import resources

    text = resources.files("chipwatch.resources").joinpath("stopwords.txt").read_text("utf-8")
    words = (line.strip().lower() for line in text.splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def text_key(line: str) -> str:
    """Comparison key of a line: NFKC, case-folded, whitespace collapsed, edge punctuation off."""
    # ASCII needs neither NFKC nor full case folding; most lines are ASCII.
    text = line.lower() if line.isascii() else unicodedata.normalize("NFKC", line).casefold()
    # Every whitespace character but the space is unprintable, so most lines need no
    # split and join: their only whitespace is single spaces, and the strip below takes
    # off a space at either end with the punctuation.
    if "  " in text or not text.isprintable():
        text = " ".join(text.split())  # both split on exactly what ``\s`` matches
    return text.strip(" .:|-–—·•\"'“”‘’")
