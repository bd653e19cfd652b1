"""Keyword candidates, scoring and corpus aggregation, through the real model."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from chipwatch.keywords import (
    KeywordScorer,
    corpus_keywords,
    english_idf,
    is_general_word,
    name_key,
)
from chipwatch.models import DOC_KEYWORD_COLUMNS, KEYWORD_COLUMNS, ParsedDocument
from chipwatch.nlp import parse
from chipwatch.phrases import extract_candidates

CHIPS = (
    "Export controls hit the H20 accelerator\n"
    "The new export controls stop sales of the H20 and the Ascend 910C to Chinese buyers.\n"
    "Analysts say the export control regime pushes 7nm production at domestic foundries.\n"
    "Visit https://example.com/story or write to desk@example.com for 2024 figures.\n"
    "Share\n"
    "Subscribe\n"
)
BATTERIES = (
    "Battery makers expand solid-state research\n"
    "Solid-state batteries promise longer range for electric cars and cheaper storage.\n"
    "Battery makers in Europe are building new gigafactories for electric cars.\n"
)
ROBOTS = (
    "Humanoid robots enter car factories\n"
    "Humanoid robots now sort parts on assembly lines at several car factories.\n"
    "Robot makers say humanoid robots will learn new tasks from video demonstrations.\n"
)


def _parse(nlp: Any, *texts: tuple[str, str]) -> list[ParsedDocument]:
    return list(parse(nlp, list(texts), entities=False, tokens=True))


@pytest.fixture(scope="module")
def corpus(nlp: Any) -> list[ParsedDocument]:
    return _parse(nlp, ("chips.txt", CHIPS), ("batteries.txt", BATTERIES), ("robots.txt", ROBOTS))


def test_candidates_keep_digit_tokens_and_merge_variants(corpus: list[ParsedDocument]) -> None:
    cands = {c.key: c for c in extract_candidates(corpus[0])}
    assert "h20" in cands
    assert any("910c" in key for key in cands)
    assert any("7nm" in key for key in cands)
    # "Export controls" (title), "export controls" and "export control" are one candidate.
    assert cands["export control"].count == 3
    assert cands["export control"].display.lower() == "export controls"
    assert cands["export control"].first == 0


def test_candidates_drop_junk(corpus: list[ParsedDocument]) -> None:
    keys = {c.key for c in extract_candidates(corpus[0])}
    words = {w for key in keys for w in key.split()}
    assert not any("example.com" in w or "@" in w for w in words)
    assert "2024" not in keys
    assert "share" not in keys and "subscribe" not in keys
    assert all(len(key) > 1 for key in keys)
    assert not any(key.split()[0] in {"the", "new"} and key.startswith("the ") for key in keys)


def test_candidates_never_cross_a_line_start(nlp: Any) -> None:
    (doc,) = _parse(nlp, ("lines.txt", "Quarterly memory prices\nSamsung raised output\n"))
    keys = {c.key for c in extract_candidates(doc)}
    assert "memory price" in keys
    assert not any("price samsung" in key for key in keys)


def test_hyphenated_words_stay_one_word(nlp: Any) -> None:
    (doc,) = _parse(nlp, ("h.txt", "Beijing wants chip self-reliance within a decade.\n"))
    keys = {c.key for c in extract_candidates(doc)}
    assert any("self-reliance" in key for key in keys)
    assert "reliance" not in keys


def test_score_columns_ranks_and_redundancy(corpus: list[ParsedDocument]) -> None:
    frame = KeywordScorer().fit(corpus).score(corpus, top=8)
    assert tuple(frame.columns) == DOC_KEYWORD_COLUMNS
    for _, group in frame.groupby("file"):
        assert list(group["rank"]) == list(range(1, len(group) + 1))
        assert list(group["score"]) == sorted(group["score"], reverse=True)
    chips = [k.lower() for k in frame[frame["file"] == "chips.txt"]["keyword"]]
    # One phrase about export controls, not several overlapping ones.
    assert sum("export control" in k for k in chips) == 1
    assert "controls" not in chips and "export" not in chips


def test_without_dedupe_parts_of_phrases_return(corpus: list[ParsedDocument]) -> None:
    frame = KeywordScorer(dedupe=False).fit(corpus).score(corpus[:1], top=None)
    keys = [k.lower() for k in frame["keyword"]]
    assert "export controls" in keys and "controls" in keys


def test_score_is_deterministic(nlp: Any, corpus: list[ParsedDocument]) -> None:
    first = KeywordScorer().fit(corpus).score(corpus, top=10)
    again = _parse(nlp, ("chips.txt", CHIPS), ("batteries.txt", BATTERIES), ("robots.txt", ROBOTS))
    second = KeywordScorer().fit(list(reversed(again))).score(again, top=10)
    pd.testing.assert_frame_equal(first, second)


def test_score_before_fit_fails(corpus: list[ParsedDocument]) -> None:
    with pytest.raises(RuntimeError, match="fit"):
        KeywordScorer().score(corpus)


def test_fit_returns_self_and_learns_idf(corpus: list[ParsedDocument]) -> None:
    scorer = KeywordScorer()
    assert scorer.fit(corpus) is scorer
    assert scorer.n_docs_ == 3
    # A word in two documents ("car") is less informative than one in a single document.
    assert scorer.idf_["car"] < scorer.idf_["battery"]


def _scores(*rows: tuple[str, int, str, float]) -> pd.DataFrame:
    """Per-document keyword rows (file, rank, keyword, score), as ``score`` gives them."""
    return pd.DataFrame(list(rows), columns=list(DOC_KEYWORD_COLUMNS))


def test_corpus_keywords_counts_documents() -> None:
    doc_scores = _scores(
        ("a.txt", 1, "export controls", 4.0),
        ("a.txt", 2, "Nvidia", 1.0),
        ("b.txt", 1, "Export Controls", 2.0),
        ("c.txt", 1, "Nvidia", 0.5),
        ("c.txt", 2, "HBM", 0.25),
    )
    frame = corpus_keywords(doc_scores, top=2)
    assert tuple(frame.columns) == KEYWORD_COLUMNS
    # Case variants are one keyword; on a tie the display form is the first in sort order.
    assert list(frame["keyword"]) == ["Export Controls", "Nvidia"]
    assert list(frame["docs"]) == [2, 2]
    # Each document votes relative to its best keyword, whatever its raw scale.
    assert list(frame["score"]) == [2.0, 1.25]
    assert corpus_keywords(doc_scores.iloc[:0]).empty


def test_corpus_keywords_only_count_each_documents_top() -> None:
    rows = [("a.txt", r, f"term{r}", 10.0 - r) for r in range(1, 6)]
    doc_scores = _scores(*rows)
    assert list(corpus_keywords(doc_scores, top=None, per_doc=3)["keyword"]) == [
        "term1",
        "term2",
        "term3",
    ]


def test_general_words_and_dates_are_no_corpus_keywords() -> None:
    assert is_general_word("people") and is_general_word("years")
    assert not is_general_word("lithium") and not is_general_word("battery makers")
    assert not is_general_word("Apple")  # a capitalised word is a name
    doc_scores = _scores(
        ("a.txt", 1, "people", 5.0),
        ("a.txt", 2, "lithium", 4.0),
        ("b.txt", 1, "time", 3.0),
        ("b.txt", 2, "solid-state batteries", 2.0),
    )
    assert set(corpus_keywords(doc_scores)["keyword"]) == {"lithium", "solid-state batteries"}


def test_a_word_that_follows_its_phrase_does_not_vote_again() -> None:
    # "ban" after "export ban" repeats its phrase for the corpus; written as a keyword
    # of its own in another document it votes. A name's short form is left to the
    # entity layer's canonical names.
    doc_scores = _scores(
        ("a.txt", 1, "export ban", 4.0),
        ("a.txt", 2, "ban", 4.0),
        ("a.txt", 3, "Holliday", 2.0),
        ("b.txt", 1, "Matt Holliday", 2.0),
        ("b.txt", 2, "Holliday", 2.0),
        ("c.txt", 1, "ban", 1.0),
        ("c.txt", 2, "tech sector", 1.0),
        ("c.txt", 3, "sectors", 1.0),
    )
    frame = corpus_keywords(doc_scores, top=None)
    votes = dict(zip(frame["keyword"], frame["docs"], strict=True))
    # The word and its phrase meet in the singular: "sectors" after "tech sector".
    assert votes == {
        "export ban": 1,
        "ban": 1,
        "Holliday": 2,
        "Matt Holliday": 1,
        "tech sector": 1,
    }


def test_name_variants_merge_under_the_canonical_name() -> None:
    names = {
        "trump": ("Donald Trump", "PERSON"),
        "donald trump": ("Donald Trump", "PERSON"),
        "korea": ("South Korea", "GPE"),
    }
    assert name_key("President Trump", names) == "Donald Trump"
    assert name_key("President Donald Trump", names) == "Donald Trump"
    assert name_key("Trump", names) == "Donald Trump"
    # A place is matched whole only: "North Korea" is not "Korea".
    assert name_key("North Korea", names) is None
    assert name_key("trade war", names) is None
    doc_scores = _scores(
        ("a.txt", 1, "President Trump", 2.0),
        ("a.txt", 2, "Trump", 1.0),
        ("b.txt", 1, "President Donald Trump", 2.0),
        ("c.txt", 1, "tariffs", 2.0),
    )
    frame = corpus_keywords(doc_scores, names=names)
    assert list(frame["keyword"]) == ["Donald Trump", "tariffs"]
    # Two keywords of one document naming one person are one vote.
    assert list(frame["docs"]) == [2, 1]
    assert list(frame["score"]) == [2.0, 1.0]


HEADLINED = (
    "Battery Makers Race Ahead Amidst Glorious Lithium Rally\n"
    "Battery makers in Europe are adding new production lines as lithium prices rise.\n"
    "Makers of cathode material say the lithium rally helps Panasonic and other suppliers.\n"
    "The battery makers expect the rally to last into next year, analyst Maria Keller said.\n"
)


def test_headline_case_words_are_read_against_the_body(nlp: Any) -> None:
    (doc,) = _parse(nlp, ("headline.txt", HEADLINED))
    cands = {c.key: c for c in extract_candidates(doc)}
    keys = set(cands)
    # "Amidst" is a function word: no phrase runs across it.
    assert not any("amidst" in key for key in keys)
    # "Glorious" never appears in the body: headline rhetoric, not a keyword.
    assert not any("glorious" in key for key in keys)
    # Words the body writes in lower case merge with the body's lemma and show in lower case.
    assert cands["battery maker"].first == 0
    assert cands["battery maker"].display == "battery makers"
    assert "lithium rally" in keys


def test_noun_to_proper_noun_boundary_splits_titles_from_names(nlp: Any) -> None:
    (doc,) = _parse(nlp, ("names.txt", HEADLINED))
    keys = {c.key for c in extract_candidates(doc)}
    assert "maria keller" in keys
    assert not any(key.endswith("analyst maria keller") for key in keys)
    assert not any("analyst maria" in key for key in keys)


def test_sentence_case_title_keeps_its_proper_nouns(nlp: Any) -> None:
    text = "Samsung expands memory output\nSamsung said memory output would grow.\n"
    (doc,) = _parse(nlp, ("sentence.txt", text))
    keys = {c.key for c in extract_candidates(doc)}
    assert "memory output" in keys and "samsung" in keys


def test_english_prior_ranks_rare_words_above_common_ones() -> None:
    assert english_idf("lithium") > english_idf("year") > english_idf("the")
    assert english_idf("the") >= 1.0


def test_single_document_uses_the_english_prior(nlp: Any) -> None:
    text = (
        "Officials said the tanker spilled oil near the harbour on Monday.\n"
        "Officials told the tanker that oil reached the harbour early on Monday.\n"
    )
    (doc,) = _parse(nlp, ("one.txt", text))
    with_prior = KeywordScorer(dedupe=False).fit([doc])
    flat = KeywordScorer(dedupe=False, prior_pivot=0.0).fit([doc])  # a prior of 1 for every word
    assert with_prior._idf("tanker") > with_prior._idf("official") > 1.0
    assert flat._idf("tanker") == flat._idf("official") == 1.0

    def ranked(scorer: KeywordScorer) -> list[str]:
        return [k.lower() for k in scorer.score([doc], top=None)["keyword"]]

    # Without the prior, the first word wins on position; with it, the rarer word does.
    assert ranked(flat).index("officials") < ranked(flat).index("tanker")
    assert ranked(with_prior).index("tanker") < ranked(with_prior).index("officials")


def _ranking(nlp: Any, text: str, **params: Any) -> list[str]:
    """Keywords of ``text`` fitted with two unrelated documents, best first, lower case."""
    docs = _parse(nlp, ("t.txt", text), ("b.txt", BATTERIES), ("r.txt", ROBOTS))
    frame = KeywordScorer(**params).fit(docs).score(docs[:1], top=None)
    return [k.lower() for k in frame["keyword"]]


STANDALONE = (
    "Cardinals sign outfielder\n"
    "The Cardinals signed outfielder Matt Holliday while an oil spill closed the park.\n"
    "Holliday said the deal felt right. Holliday hit well in spring.\n"
    "Fans cheered when Holliday arrived, and the oil spill was gone.\n"
)


def test_a_word_that_stands_alone_is_kept_next_to_its_phrase(nlp: Any) -> None:
    keys = _ranking(nlp, STANDALONE)
    assert "holliday" in keys and "matt holliday" in keys
    # "spill" is only ever written inside "oil spill": never a keyword on its own.
    assert "oil spill" in keys and "spill" not in keys


BALLGAME = (
    "Cardinals beat the Cubs\n"
    "Matt Holliday hit a home run as the Cardinals beat the Chicago Cubs on a cold night.\n"
    "Holliday said the swing felt easy. Holliday has hit well all spring.\n"
    "The Cubs led early, but Holliday tied the game in the sixth inning.\n"
    "Fans stood and cheered when Holliday came back to bat.\n"
    "An oil spill near the river closed the parking lot, and the oil spill was cleaned.\n"
)


def test_a_word_written_alone_often_ranks_on_its_own(nlp: Any) -> None:
    # Written alone four times, "Holliday" earns a rank above its phrase on its own;
    # "spill" is never written alone, so it never follows "oil spill".
    keys = _ranking(nlp, BALLGAME, part_after=0)
    assert keys.index("holliday") < keys.index("matt holliday")
    assert "oil spill" in keys and "spill" not in keys


SHORT_FORMS = (
    "Cardinals sign outfielder\n"
    "The Cardinals signed outfielder Matt Holliday after an oil spill closed the park.\n"
    "Holliday said the deal felt right, though the spill left tar near the gates.\n"
    "Fans cheered when Holliday arrived. Workers said the spill would take days to clean.\n"
)


def test_a_word_written_alone_twice_follows_its_phrase(nlp: Any) -> None:
    # "Holliday" alone twice after one "Matt Holliday": how the story goes on naming the
    # player, right after him; "the spill" twice after one "oil spill" the same way. The
    # words are scored down hard here (``alone_power``) so that they rank below their
    # phrases on their own.
    low = {"part_after": 0, "alone_power": 2.0}
    keys = _ranking(nlp, SHORT_FORMS, **low)
    assert keys.index("holliday") == keys.index("matt holliday") + 1
    assert keys[keys.index("oil spill") + 1] == "spill"
    # Without the rule "Holliday" has to earn its own rank further down.
    plain = _ranking(nlp, SHORT_FORMS, **low, part_min=99, name_part_min=99)
    assert plain.index("holliday") > plain.index("matt holliday") + 1
    # Once alone is the phrase said again for short: the word does not follow it.
    once = SHORT_FORMS.replace(" Workers said the spill would take days to clean.", "")
    keys = _ranking(nlp, once, **low)
    assert keys[keys.index("oil spill") + 1] != "spill"
    # Asked for three uses alone, neither word follows its phrase.
    strict = _ranking(nlp, SHORT_FORMS, **low, part_min=3, name_part_min=3)
    assert strict.index("holliday") != strict.index("matt holliday") + 1
    assert strict[strict.index("oil spill") + 1] != "spill"


def test_a_name_written_alone_once_follows_its_phrase(nlp: Any) -> None:
    # After the first full mention news names a person by the surname: once is enough
    # for a name's word (a common word written alone once is the phrase said again for
    # short, see above).
    once = SHORT_FORMS.replace("Fans cheered when Holliday arrived. ", "")
    low = {"part_after": 0, "alone_power": 2.0}
    keys = _ranking(nlp, once, **low)
    assert keys.index("holliday") == keys.index("matt holliday") + 1
    keys = _ranking(nlp, once, **low, name_part_min=2)
    assert keys[keys.index("matt holliday") + 1] != "holliday"


def test_a_date_is_no_part_of_a_keyword(nlp: Any) -> None:
    text = (
        "Storm damage\n"
        "Hurricane Hugo last year destroyed homes, and the crash early Wednesday closed roads.\n"
        "Residents said Hurricane Hugo was the worst storm they had seen.\n"
    )
    keys = _ranking(nlp, text)
    assert "hurricane hugo" in keys and "crash" in keys
    assert not [k for k in keys if "year" in k or "wednesday" in k]


def test_a_word_that_follows_its_phrase_keeps_the_scores_in_order(nlp: Any) -> None:
    docs = _parse(nlp, ("t.txt", BALLGAME), ("b.txt", BATTERIES), ("r.txt", ROBOTS))
    frame = KeywordScorer(part_after=0).fit(docs).score(docs[:1], top=None)
    scores = list(frame["score"])
    assert scores == sorted(scores, reverse=True)
    assert list(frame["rank"]) == list(range(1, len(frame) + 1))


def test_a_word_only_seen_inside_phrases_ranks_below_them(nlp: Any) -> None:
    keys = _ranking(nlp, STANDALONE, dedupe=False)
    assert keys.index("oil spill") < keys.index("spill")
    assert keys.index("holliday") < keys.index("fans")


def test_a_fragment_of_a_longer_phrase_ranks_below_it(nlp: Any) -> None:
    text = (
        "Tanker crews fight the biggest oil spill in years.\n"
        "The biggest oil spill left tar on beaches, and the biggest oil spill cost millions.\n"
    )
    keys = _ranking(nlp, text, dedupe=False)
    assert keys.index("biggest oil spill") < keys.index("biggest oil")


def test_a_frequent_word_does_not_carry_one_off_phrases(nlp: Any) -> None:
    # "trust" is everywhere, but each phrase around it is written once; "peer review"
    # is the phrase the text keeps returning to.
    text = (
        "Peer review and trust\n"
        "Peer review builds professional trust. The trust situation changes with peer review.\n"
        "Trust impacts how editors run peer review, and mutual trust grows with peer review.\n"
        "Researchers said trust matters, and institutional trust follows open peer review.\n"
    )
    keys = _ranking(nlp, text)
    one_offs = ("professional trust", "trust situation", "mutual trust", "institutional trust")
    assert all(keys.index("peer review") < keys.index(k) for k in one_offs if k in keys)


def test_no_word_fills_the_top_list_with_its_variants(nlp: Any) -> None:
    text = (
        "Trust in science\n"
        "Public trust and mutual trust shape science. Public trust fell, mutual trust rose.\n"
        "Trust levels and trust signals vary. Trust levels rise when trust signals are clear.\n"
        "Institutional trust matters, and institutional trust needs open data.\n"
    )
    keys = _ranking(nlp, text, max_shared=2)
    assert sum("trust" in key.split() for key in keys) <= 2
    loose = _ranking(nlp, text, max_shared=99)
    assert sum("trust" in key.split() for key in loose) > 2


def test_a_word_read_two_ways_is_listed_once(nlp: Any) -> None:
    # "Cardinals" opens the headline as a noun and names the club below: one keyword.
    keys = _ranking(nlp, SHORT_FORMS)
    assert keys.count("cardinals") == 1


def test_phrase_evidence_weighs_more_in_longer_documents() -> None:
    scorer = KeywordScorer(own_weight=0.2, long_own_weight=0.6, short_tokens=100, long_tokens=400)
    weights = [scorer._own_weight(n) for n in (50, 100, 150, 200, 300, 400, 5000)]
    assert weights[0] == weights[1] == 0.2 and weights[-2] == weights[-1] == 0.6
    assert weights == sorted(weights) and len(set(weights)) == 5
    # Log-linear: twice the short length is half way.
    assert weights[3] == pytest.approx(0.4)
