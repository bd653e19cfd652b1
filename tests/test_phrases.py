"""Pure tests of keyword candidates on hand-made tokens (no spaCy model needed).

The real-model tests of candidates live with the keyword tests; these pin the word
merging rules one at a time.
"""

from __future__ import annotations

from dataclasses import replace

from chipwatch.models import ParsedDocument, Token
from chipwatch.phrases import UI_WORDS, extract_candidates, word_stats


def tokens(*spec: tuple[str, str, str]) -> tuple[Token, ...]:
    """Tokens from ``(text, lemma, pos)``; a leading "\\n" in text starts a new line."""
    out: list[Token] = []
    idx = 0
    for text, lemma, pos in spec:
        new_line = text.startswith("\n")
        glued = text.startswith("~")  # "~" glues a token to the previous one
        text = text.lstrip("\n~")
        if out and not glued:
            idx += 1
        punct = pos == "PUNCT"
        out.append(
            Token(text, lemma, pos, "", idx, False, punct, text.isdigit(), new_line or not out)
        )
        idx += len(text)
    return tuple(out)


def doc(*spec: tuple[str, str, str]) -> ParsedDocument:
    return ParsedDocument(name="t.txt", text="", tokens=tokens(*spec))


def test_hyphen_glued_tokens_are_one_word() -> None:
    d = doc(("chip", "chip", "NOUN"), ("~-", "-", "PUNCT"), ("~making", "making", "NOUN"))
    assert [c.key for c in extract_candidates(d)] == ["chip-making"]


def test_spaced_hyphen_does_not_join() -> None:
    d = doc(("chip", "chip", "NOUN"), ("-", "-", "PUNCT"), ("making", "making", "NOUN"))
    assert {c.key for c in extract_candidates(d)} == {"chip", "making"}


def test_compound_ending_in_a_verb_form_acts_as_adjective() -> None:
    d = doc(
        ("state", "state", "NOUN"),
        ("~-", "-", "PUNCT"),
        ("~backed", "back", "VERB"),
        ("funds", "fund", "NOUN"),
    )
    # The key lemmatises the last part only; users read the surface form.
    cands = {c.key: c for c in extract_candidates(d)}
    assert cands["state-back fund"].display == "state-backed funds"


def test_compound_read_as_a_finite_verb_is_a_verb() -> None:
    spec = (
        ("Democrats", "Democrats", "PROPN"),
        ("re", "re", "VERB"),
        ("~-", "-", "VERB"),
        ("~elected", "elect", "VERB"),
        ("Governor", "Governor", "PROPN"),
    )
    tags = ["NNPS", "VBD", "VBN", "VBN", "NNP"]
    tagged = tuple(replace(t, tag=g) for t, g in zip(tokens(*spec), tags, strict=True))
    marked = ParsedDocument("t.txt", "", tokens=tagged)
    keys = {c.key for c in extract_candidates(marked)}
    assert keys == {"democrats", "governor"}


def test_number_and_unit_are_rejoined() -> None:
    d = doc(("7", "7", "NUM"), ("~nm", "nm", "NOUN"), ("chips", "chip", "NOUN"))
    keys = {c.key for c in extract_candidates(d)}
    assert "7nm chip" in keys


def test_candidates_group_by_lemma_and_keep_first_position() -> None:
    d = doc(
        ("export", "export", "NOUN"),
        ("controls", "control", "NOUN"),
        ("\nexport", "export", "NOUN"),
        ("control", "control", "NOUN"),
    )
    (cand,) = [c for c in extract_candidates(d) if c.key == "export control"]
    assert (cand.count, cand.first, cand.n_words) == (2, 0, 2)


def test_page_furniture_is_no_candidate() -> None:
    assert "share" in UI_WORDS
    d = doc(("Share", "share", "NOUN"), ("\nnewsletter", "newsletter", "NOUN"))
    assert extract_candidates(d) == []
    assert word_stats(d) == {}


def test_alone_counts_occurrences_that_are_a_whole_run() -> None:
    # "Holliday" once inside "Matt Holliday", twice on its own ("Holliday said").
    d = doc(
        ("Matt", "Matt", "PROPN"),
        ("Holliday", "Holliday", "PROPN"),
        ("signed", "sign", "VERB"),
        ("\nHolliday", "Holliday", "PROPN"),
        ("said", "say", "VERB"),
        ("\nHolliday", "Holliday", "PROPN"),
        ("smiled", "smile", "VERB"),
    )
    cands = {c.key: c for c in extract_candidates(d)}
    assert (cands["holliday"].count, cands["holliday"].alone) == (3, 2)
    assert (cands["matt holliday"].count, cands["matt holliday"].alone) == (1, 1)
    assert cands["matt"].alone == 0


def test_heads_count_occurrences_that_end_their_run() -> None:
    # In "biggest oil spill" the phrase "biggest oil" stops before the head noun.
    d = doc(
        ("biggest", "big", "ADJ"),
        ("oil", "oil", "NOUN"),
        ("spill", "spill", "NOUN"),
        ("\noil", "oil", "NOUN"),
        ("spill", "spill", "NOUN"),
    )
    cands = {c.key: c for c in extract_candidates(d)}
    assert (cands["big oil"].count, cands["big oil"].heads) == (1, 0)
    assert (cands["oil spill"].count, cands["oil spill"].heads) == (2, 2)
    assert (cands["oil"].count, cands["oil"].heads) == (2, 0)


def test_days_and_months_alone_are_no_candidate() -> None:
    d = doc(
        ("Monday", "Monday", "PROPN"),
        ("\nMarch", "March", "PROPN"),
        ("\ntoday", "today", "NOUN"),
        ("\nMonday", "Monday", "PROPN"),
        ("briefing", "briefing", "NOUN"),
    )
    assert {c.key for c in extract_candidates(d)} == {"monday briefing", "briefing"}


def test_a_day_ends_a_phrase() -> None:
    d = doc(
        ("crash", "crash", "NOUN"),
        ("early", "early", "ADJ"),
        ("Wednesday", "Wednesday", "PROPN"),
    )
    assert [c.key for c in extract_candidates(d)] == ["crash"]
    assert set(word_stats(d)) == {"crash"}
    d = doc(("crash", "crash", "NOUN"), ("Wednesday", "Wednesday", "PROPN"))
    assert [c.key for c in extract_candidates(d)] == ["crash"]
    # After a capital, a day is a name's word.
    d = doc(("Black", "Black", "PROPN"), ("Friday", "Friday", "PROPN"), ("sales", "sale", "NOUN"))
    assert "black friday sale" in {c.key for c in extract_candidates(d)}


def test_a_period_after_a_relative_word_ends_a_phrase() -> None:
    d = doc(
        ("Hurricane", "Hurricane", "PROPN"),
        ("Hugo", "Hugo", "PROPN"),
        ("last", "last", "ADJ"),
        ("year", "year", "NOUN"),
    )
    assert {c.key for c in extract_candidates(d)} == {"hurricane", "hugo", "hurricane hugo"}
    # Without a relative word before it, a month is a name's word like any other.
    d = doc(("Theresa", "Theresa", "PROPN"), ("May", "May", "PROPN"))
    assert "theresa may" in {c.key for c in extract_candidates(d)}
    d = doc(("fiscal", "fiscal", "ADJ"), ("year", "year", "NOUN"))
    assert "fiscal year" in {c.key for c in extract_candidates(d)}


def test_a_period_after_a_day_dates_the_story() -> None:
    d = doc(
        ("fire", "fire", "NOUN"),
        ("Monday", "Monday", "PROPN"),
        ("afternoon", "afternoon", "NOUN"),
        ("\nTuesday", "Tuesday", "PROPN"),
        ("night", "night", "NOUN"),
        ("crews", "crew", "NOUN"),
    )
    assert {c.key for c in extract_candidates(d)} == {"fire", "crew"}


def test_a_title_before_a_full_name_is_no_part_of_it() -> None:
    d = doc(
        ("said", "say", "VERB"),
        ("Rep.", "Rep.", "PROPN"),
        ("Jan", "Jan", "PROPN"),
        ("Meyers", "Meyers", "PROPN"),
        ("and", "and", "CCONJ"),
        ("President", "President", "PROPN"),
        ("Reagan", "Reagan", "PROPN"),
        ("and", "and", "CCONJ"),
        ("CEO", "CEO", "PROPN"),
        ("Jensen", "Jensen", "PROPN"),
        ("Huang", "Huang", "PROPN"),
    )
    keys = {c.key for c in extract_candidates(d)}
    # The name is the keyword; the title changes from story to story.
    assert "jan meyers" in keys and "rep. jan meyers" not in keys
    assert "jensen huang" in keys and "ceo jensen huang" not in keys
    # Before one name word the title is how the text names the person.
    assert "president reagan" in keys


def test_a_run_of_titles_waits_for_the_name() -> None:
    d = doc(
        ("Prime", "Prime", "PROPN"),
        ("Minister", "Minister", "PROPN"),
        ("Margaret", "Margaret", "PROPN"),
        ("Thatcher", "Thatcher", "PROPN"),
    )
    keys = {c.key for c in extract_candidates(d)}
    assert "margaret thatcher" in keys and "prime minister" in keys
    assert not [k for k in keys if k.endswith("minister margaret")]


def test_a_capitalised_verb_inside_a_name_is_a_name_word() -> None:
    d = doc(
        ("the", "the", "DET"),
        ("Shining", "shine", "VERB"),
        ("Path", "Path", "PROPN"),
        ("rebels", "rebel", "NOUN"),
        ("\nRunning", "run", "VERB"),
        ("Bull", "Bull", "PROPN"),
        ("fell", "fall", "VERB"),
    )
    keys = {c.key for c in extract_candidates(d)}
    assert "shining path rebel" in keys and "path rebel" not in keys
    # A capital at a line start says nothing: the verb stays a verb.
    assert "running bull" not in keys


def test_a_number_inside_a_name_is_a_name_word() -> None:
    spec = (
        ("of", "of", "ADP"),
        ("Third", "Third", "PROPN"),
        ("World", "World", "PROPN"),
        ("debtors", "debtor", "NOUN"),
        ("\nThe", "the", "PROPN"),
        ("Hague", "Hague", "PROPN"),
    )
    stop = {"of", "third", "the"}
    marked = tuple(replace(t, is_stop=t.text.lower() in stop) for t in tokens(*spec))
    keys = {c.key for c in extract_candidates(ParsedDocument("t.txt", "", tokens=marked))}
    assert "third world debtor" in keys
    # An article stays a stop word, capitalised or not.
    assert "the hague" not in keys and "hague" in keys


def test_a_phrase_neither_starts_nor_ends_inside_a_name() -> None:
    d = doc(
        ("U.S.", "U.S.", "PROPN"),
        ("Air", "Air", "PROPN"),
        ("Force", "Force", "PROPN"),
        ("jet", "jet", "NOUN"),
        ("\nthe", "the", "DET"),
        ("Air", "Air", "PROPN"),
        ("Force", "Force", "PROPN"),
        ("said", "say", "VERB"),
    )
    cands = {c.key: c for c in extract_candidates(d, max_words=4)}
    assert "u.s. air force jet" in cands and "u.s. air force" in cands
    assert "force jet" not in cands and "u.s. air" not in cands
    # "Air Force" counts where the text writes it as a name of its own, not inside one.
    assert cands["air force"].count == 1
    # A single word may: a name's last word is how a story goes on naming it.
    assert cands["force"].count == 2


def test_an_amount_is_no_keyword_word() -> None:
    d = doc(
        ("Dollars", "Dollars", "PROPN"),
        ("40", "40", "NUM"),
        ("~m", "m", "NOUN"),
        ("listing", "listing", "NOUN"),
        ("\nthe", "the", "DET"),
        ("12.9bn", "12.9bn", "NOUN"),
        ("deal", "deal", "NOUN"),
        ("\nPounds", "Pounds", "PROPN"),
        ("2.1bn", "2.1bn", "NOUN"),
        ("~-", "-", "PUNCT"),
        ("~Pounds", "Pounds", "PROPN"),
        ("3.1bn", "3.1bn", "NOUN"),
        ("\nthe", "the", "DET"),
        ("7", "7", "NUM"),
        ("~nm", "nm", "NOUN"),
        ("node", "node", "NOUN"),
    )
    keys = {c.key for c in extract_candidates(d)}
    # Amounts and the currency written beside them are numbers; a unit that is no
    # magnitude still makes a name ("7nm").
    assert keys == {"listing", "deal", "7nm node", "7nm", "node"}


def test_a_relative_day_after_a_name_dates_the_story() -> None:
    d = doc(
        ("at", "at", "ADP"),
        ("Stamford", "Stamford", "PROPN"),
        ("Bridge", "Bridge", "PROPN"),
        ("today", "today", "NOUN"),
    )
    keys = {c.key for c in extract_candidates(d)}
    assert "stamford bridge" in keys and not [k for k in keys if "today" in k]


def test_an_office_before_a_full_name_is_no_part_of_it() -> None:
    def line(*names: str) -> tuple[tuple[str, str, str], ...]:
        """A sentence line (not headline case) ending in ``names``."""
        return (
            ("\nwhich", "which", "PRON"),
            ("pleased", "please", "VERB"),
            *((n, n, {"of": "ADP", "the": "DET", "and": "CCONJ"}.get(n, "PROPN")) for n in names),
        )

    d = doc(
        *line("Secretary", "of", "State", "Condoleezza", "Rice"),
        *line("Secretary", "of", "Agriculture", "Richard", "E.", "Lyng"),
        *line("Secretary", "of", "State", "Baker"),
        *line("CEO", "of", "the", "Blue", "Bulls", "Company"),
        *line("Rice", "and", "Lyng"),
    )
    keys = {c.key for c in extract_candidates(d)}
    assert "condoleezza rice" in keys and "state condoleezza rice" not in keys
    assert "richard e. lyng" in keys and "agriculture richard e. lyng" not in keys
    # With one name word, office and name cannot be told apart: the run stays whole.
    assert "state baker" in keys
    # A run whose last word the text never uses again names no person.
    assert "blue bulls company" in keys and "bulls company" not in keys


def test_a_dateline_gives_no_candidate() -> None:
    d = doc(
        ("SAN", "SAN", "PROPN"),
        ("FRANCISCO", "FRANCISCO", "PROPN"),
        ("(", "(", "PUNCT"),
        ("AP", "AP", "PROPN"),
        (")", ")", "PUNCT"),
        ("--", "--", "PUNCT"),
        ("Police", "police", "NOUN"),
        ("\nSMIC", "SMIC", "PROPN"),
        ("(", "(", "PUNCT"),
        ("0981.HK", "0981.HK", "PROPN"),
        (")", ")", "PUNCT"),
        ("said", "say", "VERB"),
        ("\nSMIC", "SMIC", "PROPN"),
        ("grew", "grow", "VERB"),
        ("\nNVIDIA", "NVIDIA", "PROPN"),
        (",", ",", "PUNCT"),
        ("the", "the", "DET"),
        ("chipmaker", "chipmaker", "NOUN"),
        ("--", "--", "PUNCT"),
    )
    keys = {c.key for c in extract_candidates(d)}
    assert not keys & {"san", "francisco", "san francisco", "ap"}
    # An acronym the text writes in capitals again is a subject, not a dateline.
    assert {"police", "smic"} <= keys
    # After a comma a dateline names a place, in capitals: this line opens a sentence.
    assert {"nvidia", "chipmaker"} <= keys
