"""Plain data passed between chipwatch's stages, and the field names of its output.

Every stage takes and returns these frozen dataclasses rather than spaCy or pandas
objects, so stages can be tested alone, results can be cached, and the output field
names (a public contract relied on by users' scripts) live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- output field names (the csv/json contract; documented in the README) -----------
FILE = "file"
LINE = "line"
REASON = "reason"
TEXT = "text"
ENTITY = "entity"
LABEL = "label"
MENTIONS = "mentions"
DOCS = "docs"
ALIASES = "aliases"
KEYWORD = "keyword"
SCORE = "score"
RANK = "rank"
THEME = "theme"
TERMS = "terms"
SHARE = "share"
#: Dated documents in a trends period (what ``docs`` and ``share`` are out of).
PERIOD_DOCS = "period_docs"
MEAN_SCORE = "mean_score"
#: Character offset of a mention's first character in the file's cleaned text.
START = "start"
#: Character offset just past a mention's last character.
END = "end"
#: One line of context: the sentence around a mention, trimmed with "…".
SNIPPET = "snippet"
ENTITY_A = "entity_a"
LABEL_A = "label_a"
ENTITY_B = "entity_b"
LABEL_B = "label_b"
COUNT = "count"
#: With ``--dedupe``: distinct outlets (sources, else syndication clusters) per entity.
OUTLETS = "outlets"
TITLE = "title"
PUBLISHED = "published"
AUTHOR = "author"
SOURCE = "source"
WORDS_RAW = "words_raw"
WORDS_CLEAN = "words_clean"
#: How much a page is about the beat, in [0, 1] (see the README's ``themes``).
RELEVANCE = "relevance"
#: A taxonomy term that matched, and how often.
TERM = "term"
#: A term's contribution to its theme's evidence.
WEIGHT = "weight"

CLEAN_COLUMNS = (FILE, TEXT)
DROP_COLUMNS = (FILE, LINE, REASON, TEXT)
ENTITY_COLUMNS = (ENTITY, LABEL, MENTIONS, DOCS, ALIASES)
DOC_ENTITY_COLUMNS = (FILE, ENTITY, LABEL, MENTIONS, ALIASES)
KEYWORD_COLUMNS = (KEYWORD, SCORE, DOCS)
DOC_KEYWORD_COLUMNS = (FILE, RANK, KEYWORD, SCORE)
THEME_COLUMNS = (FILE, THEME, SCORE, RANK, TERMS)
THEME_SUMMARY_COLUMNS = (THEME, DOCS, SHARE, MEAN_SCORE)
#: ``themes --explain``: each matched term of a shown theme, with its first match in context.
THEME_EVIDENCE_COLUMNS = (FILE, THEME, SCORE, TERM, COUNT, WEIGHT, SNIPPET)
#: Mention-level data: where each canonical entity was found, and as what text.
MENTION_COLUMNS = (FILE, START, END, TEXT, ENTITY, LABEL)
#: The first mentions of each entity, with a snippet of their sentence.
EVIDENCE_COLUMNS = (ENTITY, LABEL, FILE, START, END, TEXT, SNIPPET)
#: Entities that appear together in a sentence (or document), with how often.
PAIR_COLUMNS = (ENTITY_A, LABEL_A, ENTITY_B, LABEL_B, COUNT, DOCS)
#: One row per document: what the page says about itself, and how much text was kept.
DOC_COLUMNS = (FILE, TITLE, PUBLISHED, AUTHOR, SOURCE, WORDS_RAW, WORDS_CLEAN, RELEVANCE)

#: Cluster number, 1-based, in the order of each cluster's first file name.
CLUSTER = "cluster"
#: Exact Jaccard similarity of a file's shingles with those of its cluster's first file.
SIMILARITY = "similarity"
#: One row per file in a cluster of near-duplicates.
DUP_COLUMNS = (CLUSTER, FILE, SIMILARITY, TITLE, SOURCE, PUBLISHED)

#: Context before the match, cut at a word boundary, "…" where text was left out.
LEFT = "left"
#: The matched text as written.
MATCH = "match"
#: Context after the match.
RIGHT = "right"
#: One row per occurrence; ``line`` is the 1-based line number in the raw input file.
KWIC_COLUMNS = (FILE, LINE, LEFT, MATCH, RIGHT)

#: Week (``2025-W03``, ISO 8601 week numbering) or month (``2025-01``).
PERIOD = "period"
#: What was counted: an entity, theme or keyword name.
ITEM = "item"
#: Which table the item came from: ``entity``, ``theme`` or ``keyword``.
KIND = "kind"
COUNT_BEFORE = "count_before"
COUNT_AFTER = "count_after"
#: Log-likelihood keyness of the change (higher = less likely to be chance).
G2 = "g2"
#: ``up`` when the item's relative frequency is higher after, ``down`` when lower.
DIRECTION = "direction"

#: Input rows: how often ``item`` (of ``kind``) occurs in ``file``.
COUNT_COLUMNS = (FILE, KIND, ITEM, COUNT)
#: One row per period and item: total count, documents with the item, and their share
#: of the period's dated documents.
TREND_COLUMNS = (PERIOD, PERIOD_DOCS, ITEM, COUNT, DOCS, SHARE)
#: One row per item seen in either period.
DIFF_COLUMNS = (ITEM, KIND, COUNT_BEFORE, COUNT_AFTER, G2, DIRECTION)
#: ``quotes``: the canonical entity who made a statement (empty for an unnamed source).
SPEAKER = "speaker"
#: The speaker's entity label (``PERSON``, ``ORG``, ``GPE``; empty when unnamed).
SPEAKER_LABEL = "speaker_label"
#: The phrase that governs the reporting cue, as written ("he", "analysts").
SPEAKER_TEXT = "speaker_text"
#: The reporting word(s) as written: "said", "according to", "warned".
CUE = "cue"
#: What was said: the text between the quotation marks, or the reported clause.
QUOTE = "quote"
#: The sentence(s) holding the quote and its cue.
SENTENCE = "sentence"
#: One row per reporting cue; ``kind`` is ``direct`` or ``indirect``.
QUOTE_COLUMNS = (FILE, SPEAKER, SPEAKER_LABEL, KIND, CUE, QUOTE, START, SENTENCE, SPEAKER_TEXT)
#: ``quotes --summary``: statements per speaker.
QUOTE_SUMMARY_COLUMNS = (SPEAKER, SPEAKER_LABEL, "direct", "indirect", COUNT, DOCS)

#: Columns whose values are lists; CSV joins them with ``LIST_SEPARATOR``.
LIST_COLUMNS = frozenset({ALIASES, TERMS})
LIST_SEPARATOR = "|"

#: The ``file`` name of text read from standard input.
STDIN = "-"

#: Labels that are counts and amounts rather than named things; left out unless asked for.
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


@dataclass(frozen=True)
class Document:
    """One input text after reading and decoding, before any cleaning.

    Attributes:
        name: the ``file`` field users see: path relative to the directory argument,
            the file argument as given, or ``-`` for standard input.
        text: decoded, mojibake-repaired, newline-normalised text.
        encoding: the encoding the bytes were decoded with.
        repaired: how many characters decoding or repair replaced or fixed (0 = clean).
    """

    name: str
    text: str
    encoding: str = "utf-8"
    repaired: int = 0

    @property
    def lines(self) -> list[str]:
        """Raw lines; line numbers in drops and reports are 1-based indexes into this."""
        return self.text.split("\n")


@dataclass(frozen=True)
class Skip:
    """An input that produced no results, with a reason from a fixed vocabulary."""

    name: str
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Drop:
    """A raw line the cleaner removed, and why (``reason`` is a short stable code)."""

    line: int
    reason: str
    text: str


@dataclass(frozen=True)
class Metadata:
    """What the page says about the article, taken from lines that are not body text.

    Attributes:
        title: the headline, kept once as the first clean line.
        published: ISO date ``YYYY-MM-DD`` of the main article, when an absolute date is stated.
        published_raw: the date string as shown on the page.
        author: byline name without "By"; a desk byline is kept as written.
        source: the outlet's name when the page states it (masthead, footer).
    """

    title: str | None = None
    published: str | None = None
    published_raw: str | None = None
    author: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class CleanDocument:
    """A document after boilerplate removal.

    Attributes:
        document: the document it came from.
        lines: kept lines (title first when one was found), each ``strip()``-ed.
        line_numbers: 1-based raw line number of each kept line.
        drops: every dropped non-blank line with its reason.
        title: the article title, when the cleaner identified one.
    """

    document: Document
    lines: tuple[str, ...]
    line_numbers: tuple[int, ...] = ()
    drops: tuple[Drop, ...] = ()
    title: str | None = None
    metadata: Metadata = field(default_factory=Metadata)

    @property
    def name(self) -> str:
        return self.document.name

    @property
    def text(self) -> str:
        """The cleaned text, one paragraph per line: what NLP stages analyse."""
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class Token:
    """The part of a spaCy token later stages need, as plain data (cacheable).

    Slotted: a corpus holds millions of these, and slots halve their memory."""

    text: str
    lemma: str
    pos: str
    tag: str
    idx: int
    is_stop: bool
    is_punct: bool
    like_num: bool
    #: True when a sentence or line boundary precedes this token.
    sent_start: bool = False


@dataclass(frozen=True)
class RawEntity:
    """An entity span as the pipeline (statistical NER + domain ruler) produced it."""

    text: str
    label: str
    start: int
    end: int
    #: The ruler's entity id (the gazetteer's canonical name) when it came from the gazetteer.
    ent_id: str = ""


@dataclass(frozen=True)
class ParsedDocument:
    """A cleaned document after the spaCy pipeline, reduced to plain data."""

    name: str
    text: str
    tokens: tuple[Token, ...] = ()
    entities: tuple[RawEntity, ...] = ()


@dataclass(frozen=True, slots=True)
class DepToken:
    """A token of a dependency-parsed sentence, as plain data.

    ``head`` is the index of the token's syntactic head within its sentence (itself for
    the root); ``idx`` is the offset of its first character in the document's text.
    """

    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    idx: int


@dataclass(frozen=True)
class ParsedSentence:
    """One sentence the parser read (only those that may hold a statement are parsed)."""

    start: int
    end: int
    tokens: tuple[DepToken, ...]


@dataclass(frozen=True)
class Statement:
    """One reported statement as the parse shows it, before its speaker is resolved.

    Offsets point into the document's analysed text. ``speaker_start``/``speaker_end``
    bound the phrase that governs the cue (the antecedent for "who"/"whose"), and
    ``head``/``head_pos`` describe its head word, which is what resolution reads
    ("he", "Huang", "the ministry", "analysts").
    """

    kind: str
    cue: str
    quote: str
    start: int
    sentence: str
    speaker_text: str = ""
    speaker_start: int = -1
    speaker_end: int = -1
    head: str = ""
    head_start: int = -1
    head_pos: str = ""


@dataclass(frozen=True)
class Mention:
    """One entity mention resolved to its canonical entity."""

    file: str
    entity: str
    label: str
    surface: str
    start: int
    end: int


@dataclass(frozen=True)
class Theme:
    """One theme of the taxonomy.

    ``threshold`` has no default here: the taxonomy loader fills in the configured
    default (``config.THEME_THRESHOLD``) for a theme that does not set one, so there is
    one default, not two.
    """

    name: str
    description: str
    terms: tuple[str, ...]
    threshold: float


@dataclass(frozen=True)
class Taxonomy:
    """A set of themes, loaded from TOML."""

    themes: tuple[Theme, ...] = field(default_factory=tuple)
