"""A document's top list: repeats, parts and wholes left out, words used alone attached."""

from __future__ import annotations

from chipwatch.phrases import Candidate
from chipwatch.shortlist import Shortlist, parts_used_alone


def _cand(key: str, *, count: int = 1, alone: int = 0, display: str = "") -> Candidate:
    return Candidate(
        key=key,
        display=display or key,
        first=0,
        count=count,
        n_words=len(key.split(" ")),
        alone=alone,
    )


def test_words_written_alone_often_enough_are_parts_used_alone() -> None:
    singles = {
        "holliday": _cand("holliday", count=5, alone=4),
        "matt": _cand("matt", count=1, alone=0),
    }
    phrase = _cand("matt holliday")
    assert parts_used_alone(phrase, singles, least=4, share=0.0) == [singles["holliday"]]
    assert parts_used_alone(phrase, singles, least=5, share=0.0) == []
    assert parts_used_alone(phrase, singles, least=1, share=0.9) == []
    # A single word has no parts.
    assert parts_used_alone(singles["holliday"], singles, least=1, share=0.0) == []


def test_a_word_written_alone_twice_follows_and_once_does_not() -> None:
    singles = {
        "holliday": _cand("holliday", count=3, alone=2, display="Holliday"),
        "matt": _cand("matt", count=1, alone=0, display="Matt"),
        "spill": _cand("spill", count=2, alone=1, display="spill"),
        "oil": _cand("oil", count=1, alone=0, display="oil"),
    }
    # A name's short form written alone twice is how the story goes on naming him ...
    name = _cand("matt holliday", display="Matt Holliday")
    assert parts_used_alone(name, singles, least=2) == [singles["holliday"]]
    # ... however often the whole name is written too.
    assert parts_used_alone(_cand("matt holliday", count=4), singles, least=2) == [
        singles["holliday"]
    ]
    # "the spill" once after "oil spill" is the phrase said again for short.
    assert parts_used_alone(_cand("oil spill"), singles, least=2) == []
    singles["spill"] = _cand("spill", count=3, alone=2, display="spill")
    assert parts_used_alone(_cand("oil spill"), singles, least=2) == [singles["spill"]]
    assert parts_used_alone(_cand("oil spill"), singles, least=3) == []


def test_a_name_word_may_follow_after_fewer_uses_alone() -> None:
    singles = {
        "holliday": _cand("holliday", count=2, alone=1, display="Holliday"),
        "spill": _cand("spill", count=2, alone=1, display="spill"),
    }
    name = _cand("matt holliday", display="Matt Holliday")
    assert parts_used_alone(name, singles, least=2, least_name=1) == [singles["holliday"]]
    assert parts_used_alone(name, singles, least=2) == []
    # The lower bar is for names only: a common word still needs ``least``, and so
    # does a word capitalised only where it opens a sentence ("Organic materials").
    assert parts_used_alone(_cand("oil spill"), singles, least=2, least_name=1) == []
    singles["organic"] = _cand("organic", count=2, alone=1, display="Organic")
    opening = _cand("organic material", display="Organic materials")
    assert parts_used_alone(opening, singles, least=2, least_name=1) == []


def test_a_part_or_whole_of_a_chosen_key_is_left_out() -> None:
    picks = Shortlist(max_shared=4)
    picks.add(_cand("export control"), 2.0)
    assert not picks.accepts(_cand("control"), dedupe=True, alone=False)
    assert picks.accepts(_cand("control"), dedupe=True, alone=True)
    assert not picks.accepts(_cand("new export control"), dedupe=True, alone=False)
    assert picks.accepts(_cand("new export control"), dedupe=False, alone=False)


def test_a_phrase_may_follow_a_chosen_single_word_it_holds() -> None:
    # "Gray" ranked first because the story names him so; "William Gray" is no repeat.
    picks = Shortlist(max_shared=4)
    picks.add(_cand("gray", count=5, alone=5), 3.0)
    assert picks.accepts(_cand("william gray"), dedupe=True, alone=False)
    picks.add(_cand("william gray"), 2.0)
    # A phrase holding a chosen phrase still does not, nor a part of one.
    assert not picks.accepts(_cand("forecaster william gray"), dedupe=True, alone=False)
    assert not picks.accepts(_cand("william"), dedupe=True, alone=False)


def test_an_attached_word_waits_and_keeps_scores_in_order() -> None:
    picks = Shortlist(max_shared=4)
    waiting = [(_cand("holliday"), 5.0)]
    picks.add(_cand("matt holliday"), 5.0)
    picks.flush(waiting, after=2, limit=10)
    assert waiting  # only one key chosen yet
    picks.add(_cand("oil spill"), 3.0)
    picks.flush(waiting, after=2, limit=10)
    assert [(c.key, v) for c, v in picks.chosen][-1] == ("holliday", 3.0)
    # A phrase holding an attached word stays possible.
    assert picks.accepts(_cand("holliday homer"), dedupe=True, alone=False)


def test_no_word_sits_in_more_keys_than_allowed() -> None:
    picks = Shortlist(max_shared=2)
    picks.add(_cand("public trust"), 3.0)
    picks.add(_cand("mutual trust"), 2.0)
    assert not picks.accepts(_cand("trust level"), dedupe=True, alone=False)


def test_a_key_that_reads_like_a_listed_one_is_left_out() -> None:
    # The tagger read "Cardinals" as a noun in the headline and as a name below: two keys
    # that a reader sees as one word twice.
    picks = Shortlist(max_shared=4)
    picks.add(_cand("cardinal", display="Cardinals"), 2.0)
    assert not picks.accepts(_cand("cardinals", display="Cardinals"), dedupe=True, alone=True)
    assert not picks.accepts(_cand("cardinals", display="cardinal"), dedupe=False, alone=True)
    assert picks.accepts(_cand("cardinal fan", display="Cardinals fans"), dedupe=True, alone=True)
    # A word waiting to follow its phrase is left out the same way.
    waiting = [(_cand("cardinals", display="Cardinals"), 1.0)]
    picks.flush(waiting, after=0, limit=10)
    assert [cand.display for cand, _ in picks.chosen] == ["Cardinals"]
