"""Tests for mention resolution: model spans → canonical mentions, rule by rule.

Rules that depend on the statistical model run through the real pipeline (the session
``nlp`` fixture); rules that work on plain data use hand-built ``RawEntity`` spans.
"""

from __future__ import annotations

from typing import Any

import pytest

from chipwatch.entities.mentions import resolve_mentions
from chipwatch.gazetteer import Gazetteer, load_gazetteer
from chipwatch.models import Mention, ParsedDocument, RawEntity
from chipwatch.nlp import parse


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def raw(text: str, spans: list[tuple[str, str]], name: str = "doc.txt") -> ParsedDocument:
    """A parsed document whose entities are the given (surface, label) spans, in order."""
    ents = []
    pos = 0
    for surface, label in spans:
        start = text.index(surface, pos)
        ents.append(RawEntity(text=surface, label=label, start=start, end=start + len(surface)))
        pos = start + len(surface)
    return ParsedDocument(name=name, text=text, entities=tuple(ents))


def names(mentions: list[Mention]) -> list[tuple[str, str]]:
    return [(m.entity, m.label) for m in mentions]


def run(nlp: Any, gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    (doc,) = parse(nlp, [("t.txt", text)], entities=True, tokens=False)
    return names(resolve_mentions(doc, gaz))


# --- canonicalisation on plain data -----------------------------------------------------


def test_possessives_and_aliases_merge(gaz: Gazetteer) -> None:
    text = "NVIDIA said Nvidia\u2019s chips and Nvidia's rivals differ."
    doc = raw(text, [("NVIDIA", "ORG"), ("Nvidia\u2019s", "GPE"), ("Nvidia's", "ORG")])
    mentions = resolve_mentions(doc, gaz)
    assert names(mentions) == [("Nvidia", "ORG")] * 3
    assert [m.surface for m in mentions] == ["NVIDIA", "Nvidia\u2019s", "Nvidia's"]


def test_country_variants_merge(gaz: Gazetteer) -> None:
    text = "The US and the U.S. economy, America's farms, USA fans and the United States'."
    spans = [("US", "GPE"), ("U.S.", "GPE"), ("America's", "GPE"), ("USA", "ORG")]
    spans.append(("the United States'", "GPE"))
    got = names(resolve_mentions(raw(text, spans), gaz))
    assert got == [("United States", "GPE")] * 5


def test_possessive_outside_span_is_attached_to_surface(gaz: Gazetteer) -> None:
    text = "Meridian's board met."
    (m,) = resolve_mentions(raw(text, [("Meridian", "ORG")]), gaz)
    assert (m.entity, m.surface, m.end) == ("Meridian", "Meridian's", len("Meridian's"))


def test_job_titles_are_stripped(gaz: Gazetteer) -> None:
    text = "Analyst Mara Quinlan spoke. Then Commerce Secretary Ollie Brandt spoke."
    doc = raw(
        text, [("Analyst Mara Quinlan", "PERSON"), ("Commerce Secretary Ollie Brandt", "PERSON")]
    )
    got = resolve_mentions(doc, gaz)
    assert names(got) == [("Mara Quinlan", "PERSON"), ("Ollie Brandt", "PERSON")]
    assert got[0].surface == "Mara Quinlan"


def test_company_before_title_is_kept(gaz: Gazetteer) -> None:
    text = "Huawei CEO Lina Vos said so."
    got = names(resolve_mentions(raw(text, [("Huawei CEO Lina Vos", "PERSON")]), gaz))
    assert got == [("Huawei", "ORG"), ("Lina Vos", "PERSON")]


def test_portfolio_before_government_title_is_not_an_org(gaz: Gazetteer) -> None:
    text = "Commerce Secretary Ollie Brandt and Treasury Secretary Ada Pike met Commerce."
    spans = [("Commerce", "ORG"), ("Ollie Brandt", "PERSON"), ("Treasury", "ORG")]
    spans += [("Ada Pike", "PERSON"), ("Commerce", "ORG")]
    got = names(resolve_mentions(raw(text, spans), gaz))
    assert got == [
        ("Ollie Brandt", "PERSON"),
        ("Ada Pike", "PERSON"),
        ("Department of Commerce", "ORG"),
    ]


def test_portfolio_after_title_of_is_not_an_org(gaz: Gazetteer) -> None:
    text = "Secretary of State Ada Pike met the Minister of Commerce and the Treasury."
    spans = [("State", "ORG"), ("Ada Pike", "PERSON"), ("Commerce", "ORG"), ("Treasury", "ORG")]
    got = names(resolve_mentions(raw(text, spans), gaz))
    assert got == [("Ada Pike", "PERSON"), ("Department of the Treasury", "ORG")]


def test_title_words_inside_an_org_name_stay(gaz: Gazetteer) -> None:
    text = "The Office of the President and Zeta Labs CEO spoke; Zeta Labs Director Bo Li too."
    spans = [("Office of the President", "ORG"), ("Zeta Labs CEO", "ORG")]
    spans.append(("Zeta Labs Director Bo Li", "PERSON"))
    got = names(resolve_mentions(raw(text, spans), gaz))
    assert got == [
        ("Office of the President", "ORG"),
        ("Zeta Labs", "ORG"),
        ("Zeta Labs", "ORG"),
        ("Bo Li", "PERSON"),
    ]


@pytest.mark.parametrize("word", ["AI", "GPU", "5G", "GPUs"])
def test_generic_terms_are_never_entities(gaz: Gazetteer, word: str) -> None:
    text = f"The {word} market grew."
    assert resolve_mentions(raw(text, [(word, "GPE")]), gaz) == []


def test_surname_resolves_to_fullest_name_in_same_document(gaz: Gazetteer) -> None:
    text = "Priya Okafor leads. Later Okafor said no; Okafor agreed."
    doc = raw(text, [("Priya Okafor", "PERSON"), ("Okafor", "PERSON"), ("Okafor", "ORG")])
    assert names(resolve_mentions(doc, gaz)) == [("Priya Okafor", "PERSON")] * 3
    other = raw("Okafor said no.", [("Okafor", "PERSON")], name="other.txt")
    assert names(resolve_mentions(other, gaz)) == [("Okafor", "PERSON")]


def test_family_name_first_resolves_for_chinese_names(gaz: Gazetteer) -> None:
    text = "Liu Haoran founded it. Liu said demand is high."
    doc = raw(text, [("Liu Haoran", "PERSON"), ("Liu", "PERSON")])
    assert names(resolve_mentions(doc, gaz)) == [("Liu Haoran", "PERSON")] * 2


def test_joined_places_are_split(gaz: Gazetteer) -> None:
    text = "The U.S.-China talks stalled."
    got = resolve_mentions(raw(text, [("U.S.-China", "GPE")]), gaz)
    assert names(got) == [("United States", "GPE"), ("China", "GPE")]
    assert [m.surface for m in got] == ["U.S.", "China"]


def test_camel_case_place_is_a_company(gaz: Gazetteer) -> None:
    text = "Shares of ZetaWorks rose."
    assert names(resolve_mentions(raw(text, [("ZetaWorks", "GPE")]), gaz)) == [("ZetaWorks", "ORG")]


def test_headline_phrase_is_not_an_org(gaz: Gazetteer) -> None:
    text = "The Quiet Rise of Domestic Lithography\nThe Board of Trade met today."
    doc = raw(
        text,
        [("The Quiet Rise of Domestic Lithography", "ORG"), ("The Board of Trade", "ORG")],
    )
    assert names(resolve_mentions(doc, gaz)) == [("Board of Trade", "ORG")]


def test_generic_word_glued_to_a_known_name_is_trimmed(gaz: Gazetteer) -> None:
    text = "The DeepSeek AI app and Quorvex AI grew."
    doc = raw(text, [("DeepSeek AI", "PRODUCT"), ("Quorvex AI", "ORG")])
    # Only a known name is trimmed: "Quorvex AI" may be a company's full name.
    assert names(resolve_mentions(doc, gaz)) == [("DeepSeek", "ORG"), ("Quorvex AI", "ORG")]


def test_known_name_inside_a_headline_phrase_still_counts(gaz: Gazetteer) -> None:
    text = "The Slow Thaw of Japan\u2019s Chip Ties\nBody text follows."
    doc = raw(text, [("The Slow Thaw of Japan\u2019s Chip Ties", "ORG")])
    got = resolve_mentions(doc, gaz)
    assert names(got) == [("Japan", "GPE")]
    assert got[0].surface == "Japan\u2019s"


def test_bare_surnames_the_model_missed_are_counted(gaz: Gazetteer) -> None:
    text = "Ravi Castellanos spoke.\nCastellanos\u2019s view: wait. Castellanosville is a town."
    got = resolve_mentions(raw(text, [("Ravi Castellanos", "PERSON")]), gaz)
    assert names(got) == [("Ravi Castellanos", "PERSON")] * 2
    assert got[1].surface == "Castellanos\u2019s"


def test_plural_part_number_is_the_product(gaz: Gazetteer) -> None:
    text = "It bought H30s and X9s."
    doc = raw(text, [("H30s", "PRODUCT"), ("X9s", "PRODUCT")])
    assert names(resolve_mentions(doc, gaz)) == [("H30", "PRODUCT"), ("X9", "PRODUCT")]


def test_numeric_labels_pass_through(gaz: Gazetteer) -> None:
    text = "In 2024 it sold 300 units."
    got = names(resolve_mentions(raw(text, [("2024", "DATE"), ("300", "CARDINAL")]), gaz))
    assert got == [("2024", "DATE"), ("300", "CARDINAL")]


# --- through the real model -------------------------------------------------------------


def test_real_model_label_fixes_and_chip_names(nlp: Any, gaz: Gazetteer) -> None:
    got = run(
        nlp,
        gaz,
        "Nvidia sold H20s in Shanghai while Huawei shipped its Ascend 910C and Kirin 9000S "
        "chips. Nvidia said AI demand for each GPU keeps rising.",
    )
    assert ("Nvidia", "ORG") in got
    assert ("H20", "PRODUCT") in got
    assert ("Ascend 910C", "PRODUCT") in got
    assert ("Kirin 9000S", "PRODUCT") in got
    assert not {name for name, _ in got} & {"AI", "GPU", "910C", "Ascend"}


def test_real_model_administration_is_one_org(nlp: Any, gaz: Gazetteer) -> None:
    got = run(nlp, gaz, "The Obama administration and the Trump administration disagreed.")
    assert ("Obama administration", "ORG") in got
    assert ("Trump administration", "ORG") in got
    assert not any(label == "PERSON" for _, label in got)
    # A capitalised stop word is no name: "Its administration" is not an organisation.
    assert run(nlp, gaz, "Its administration was slow to respond.") == []


def test_real_model_place_inside_a_longer_name_is_not_split(nlp: Any, gaz: Gazetteer) -> None:
    got = run(nlp, gaz, "Officials at the Bank of China met staff of Trivium China in Beijing.")
    entities = {name for name, _ in got}
    assert "Bank of China" in entities
    assert "China" not in entities


def test_real_model_title_and_surname(nlp: Any, gaz: Gazetteer) -> None:
    got = run(
        nlp,
        gaz,
        "Analyst Doreen McAllister said the rule was overdue. McAllister expects more "
        "restrictions next year.",
    )
    people = [name for name, label in got if label == "PERSON"]
    assert people and set(people) == {"Doreen McAllister"}


def test_real_model_multiword_product_with_number(nlp: Any, gaz: Gazetteer) -> None:
    got = run(nlp, gaz, "The RTX Pro 6000 and the CloudMatrix 384 AI system were shown.")
    assert ("RTX Pro 6000", "PRODUCT") in got
    assert ("CloudMatrix 384", "PRODUCT") in got


# --- rules found on pages about other beat topics ---------------------------------------


def test_company_glued_to_a_model_is_split(gaz: Gazetteer) -> None:
    text = "Tencent Z7 beat Acme Z7 in tests."
    doc = raw(text, [("Tencent Z7", "ORG"), ("Acme Z7", "ORG")])
    # Only a known organisation is split off: "Acme Z7" may be one name.
    assert names(resolve_mentions(doc, gaz)) == [
        ("Tencent", "ORG"),
        ("Z7", "PRODUCT"),
        ("Acme Z7", "ORG"),
    ]


def test_corporate_suffix_of_a_known_company_is_dropped(gaz: Gazetteer) -> None:
    text = "Baidu Group and Quorvex Group grew."
    doc = raw(text, [("Baidu Group", "ORG"), ("Quorvex Group", "ORG")])
    assert names(resolve_mentions(doc, gaz)) == [("Baidu", "ORG"), ("Quorvex Group", "ORG")]


def test_all_lower_case_span_is_not_a_name(gaz: Gazetteer) -> None:
    text = "The node was new and the foreign direct product rule applied."
    doc = raw(text, [("node", "GPE"), ("foreign direct product rule", "LAW")])
    assert names(resolve_mentions(doc, gaz)) == [("Foreign Direct Product Rule", "LAW")]


def test_lower_case_government_title_hides_its_portfolio(gaz: Gazetteer) -> None:
    text = "Trade minister Ada Pike spoke."
    got = names(resolve_mentions(raw(text, [("Trade", "ORG"), ("Ada Pike", "PERSON")]), gaz))
    assert got == [("Ada Pike", "PERSON")]


def test_listed_model_numbers_after_a_family_product(gaz: Gazetteer) -> None:
    text = "It named the Kirin 9100, 9200 and 9300 chips; the Ascend 910B, 2024 was busy."
    spans = [("Kirin 9100", "PRODUCT"), ("9200", "CARDINAL"), ("9300", "DATE")]
    spans += [("Ascend 910B", "PRODUCT"), ("2024", "DATE")]
    got = resolve_mentions(raw(text, spans), gaz)
    assert names(got) == [
        ("Kirin 9100", "PRODUCT"),
        ("Kirin 9200", "PRODUCT"),
        ("Kirin 9300", "PRODUCT"),
        ("Ascend 910B", "PRODUCT"),
        ("2024", "DATE"),  # a year is not a model number of the "910B" shape
    ]
    assert [m.surface for m in got[:3]] == ["Kirin 9100", "9200", "9300"]


def test_first_name_between_title_and_surname_is_taken_back(gaz: Gazetteer) -> None:
    text = "Zeta Labs Chief Executive Maren Ostrova said yes. Ostrova left."
    doc = raw(text, [("Zeta Labs", "ORG"), ("Ostrova", "PERSON"), ("Ostrova", "PERSON")])
    got = resolve_mentions(doc, gaz)
    assert names(got) == [("Zeta Labs", "ORG")] + [("Maren Ostrova", "PERSON")] * 2
    assert got[1].surface == "Maren Ostrova"


# Short paragraphs of our own about other beat topics, through the real pipeline.
BEAT_PAGES = {
    "litho.txt": (
        "Dutch officials widen licence rules for lithography tools\n"
        "The Dutch government said ASML must obtain a licence from The Hague before shipping "
        "its TWINSCAN NXT:2050i and NXT:2100i immersion scanners to China. Trade minister "
        "Lotte Vermeer said the step followed talks with Japan and the United States."
    ),
    "phones.txt": (
        "Teardown of a Huawei handset finds an SMIC processor\n"
        "A teardown of the Huawei Mate 60 Pro found a Kirin 9000S chip made by SMIC. In May "
        "the Bureau of Industry and Security warned that using Huawei Ascend chips, including "
        "the Ascend 910B, 910C and 910D, may violate U.S. export controls."
    ),
    "models.txt": (
        "DeepSeek R1 jolts investors as Alibaba orders H20s\n"
        "Hangzhou-based DeepSeek said R1 matched OpenAI's o1. Alibaba and Tencent ordered "
        "H20 chips from Nvidia, The Information reported, before the Trump administration "
        "required licences. Beijing later curbed gallium and germanium exports."
    ),
}


def test_real_model_on_other_beat_topics(nlp: Any, gaz: Gazetteer) -> None:
    docs = parse(nlp, list(BEAT_PAGES.items()), entities=True, tokens=False)
    got = {d.name: set(names(resolve_mentions(d, gaz))) for d in docs}
    assert {
        ("ASML", "ORG"),
        ("The Hague", "GPE"),
        ("NXT:2050i", "PRODUCT"),
        ("NXT:2100i", "PRODUCT"),
        ("Lotte Vermeer", "PERSON"),
    } <= got["litho.txt"]
    assert ("Trade", "ORG") not in got["litho.txt"]
    assert {
        ("Mate 60 Pro", "PRODUCT"),
        ("Kirin 9000S", "PRODUCT"),
        ("Ascend 910B", "PRODUCT"),
        ("Ascend 910C", "PRODUCT"),
        ("Ascend 910D", "PRODUCT"),
        ("Bureau of Industry and Security", "ORG"),
    } <= got["phones.txt"]
    assert {
        ("DeepSeek", "ORG"),
        ("R1", "PRODUCT"),
        ("o1", "PRODUCT"),
        ("H20", "PRODUCT"),
        ("The Information", "ORG"),
        ("Trump administration", "ORG"),
    } <= got["models.txt"]
    assert ("DeepSeek R1", "ORG") not in got["models.txt"]


# --- line breaks, articles, persons only, label evidence ------------------------------------


def test_no_mention_crosses_a_line_break(gaz: Gazetteer) -> None:
    text = (
        "Why readers trust Harbor Daily\nNadia Brandt joined the board.\n"
        "The board chair Dana\nKerr said no, and Kerr left.\nPhoto: Lumen\nOsric hall closed."
    )
    spans = [
        ("Harbor Daily\nNadia Brandt", "ORG"),
        ("Dana\nKerr", "PERSON"),
        ("Kerr", "ORG"),
        ("Lumen\nOsric", "PERSON"),
    ]
    mentions = resolve_mentions(raw(text, spans), gaz)
    assert all("\n" not in m.surface and "\n" not in m.entity for m in mentions)
    # Each line's part is resolved on its own. A hard-wrapped person's name counts
    # once, at the surname, named in full, and resolves the bare surname; a credit line
    # before a paragraph is no name.
    assert names(mentions) == [
        ("Harbor Daily", "ORG"),
        ("Nadia Brandt", "ORG"),
        ("Dana Kerr", "PERSON"),
        ("Dana Kerr", "PERSON"),
    ]
    assert [m.surface for m in mentions][2:] == ["Kerr", "Kerr"]


def test_single_words_cut_off_at_a_line_break_need_to_be_names_elsewhere(gaz: Gazetteer) -> None:
    text = "Photo: Glimmer\nMarble sales rose in Ellis.\nThey met in Port\nEllis."
    doc = raw(text, [("Glimmer\nMarble", "ORG"), ("Ellis", "GPE"), ("Port\nEllis", "GPE")])
    assert names(resolve_mentions(doc, gaz)) == [("Ellis", "GPE"), ("Ellis", "GPE")]


def test_a_lower_case_article_is_cut_and_a_listed_article_name_still_found(gaz: Gazetteer) -> None:
    text = "Judges in the Hague praised a Glint Works team."
    doc = raw(text, [("the Hague", "GPE"), ("a Glint Works", "ORG")])
    mentions = resolve_mentions(doc, gaz)
    assert names(mentions) == [("The Hague", "GPE"), ("Glint Works", "ORG")]
    assert [m.surface for m in mentions] == ["Hague", "Glint Works"]


def test_surnames_resolve_to_persons_only(gaz: Gazetteer) -> None:
    text = "The Vantabook Pro ships. Pro users and Orla Venn agree; Venn bought one."
    doc = raw(text, [("Vantabook Pro", "PERSON"), ("Pro", "ORG"), ("Orla Venn", "PERSON")])
    got = names(resolve_mentions(doc, gaz))
    assert got[:3] == [("Vantabook Pro", "PRODUCT"), ("Pro", "ORG"), ("Orla Venn", "PERSON")]
    assert got.count(("Orla Venn", "PERSON")) == 2


def test_a_surname_the_model_calls_a_product_is_the_person(gaz: Gazetteer) -> None:
    text = "Jonas Wexler testified. The Wexler interview aired."
    doc = raw(text, [("Jonas Wexler", "PERSON"), ("Wexler", "PRODUCT")])
    assert names(resolve_mentions(doc, gaz)) == [("Jonas Wexler", "PERSON")] * 2


def test_bare_surnames_inside_a_longer_name_are_not_counted(gaz: Gazetteer) -> None:
    text = "Lena Marsh spoke. Marsh said the Harbor Marsh Reserve and Marsh Lane will close."
    doc = raw(text, [("Lena Marsh", "PERSON")])
    mentions = resolve_mentions(doc, gaz)
    assert [m.surface for m in mentions] == ["Lena Marsh", "Marsh"]


def test_labels_need_evidence(gaz: Gazetteer) -> None:
    text = (
        "The Glide Pad is gone, says the Data Shield Act. Marlowe fans cheered; "
        "Orbix 7 shipped and Orbix sold out. Lightport 4 is faster."
    )
    spans = [
        ("Glide Pad", "LAW"),
        ("Data Shield Act", "LAW"),
        ("Marlowe", "PRODUCT"),
        ("Orbix 7", "PRODUCT"),
        ("Orbix", "PRODUCT"),
        ("Lightport 4", "PERSON"),
    ]
    assert names(resolve_mentions(raw(text, spans), gaz)) == [
        ("Data Shield Act", "LAW"),
        ("Orbix 7", "PRODUCT"),
        ("Orbix", "PRODUCT"),
        ("Lightport 4", "PRODUCT"),
    ]


def test_a_country_before_or_after_a_title_is_still_the_country(gaz: Gazetteer) -> None:
    text = (
        "US Secretary of State Lena Marsh met the prime minister of Ruritania "
        "and Trade Minister Jo Pell."
    )
    spans = [
        ("US", "GPE"),
        ("State", "ORG"),
        ("Lena Marsh", "PERSON"),
        ("Ruritania", "GPE"),
        ("Trade", "GPE"),
        ("Jo Pell", "PERSON"),
    ]
    assert names(resolve_mentions(raw(text, spans), gaz)) == [
        ("United States", "GPE"),
        ("Lena Marsh", "PERSON"),
        ("Ruritania", "GPE"),
        ("Jo Pell", "PERSON"),
    ]


def test_group_names_and_possessive_or_product_full_names_resolve_no_surname(
    gaz: Gazetteer,
) -> None:
    text = "Ohio Democrats met. Democrats cheered. Harbor's Ray spoke; Ray left. PixelBook Go, Go."
    spans = [
        ("Ohio Democrats", "PERSON"),
        ("Democrats", "NORP"),
        ("Harbor's Ray", "PERSON"),
        ("Ray", "ORG"),
        ("PixelBook Go", "PERSON"),
        ("Go", "ORG"),
    ]
    got = names(resolve_mentions(raw(text, spans), gaz))
    assert ("Democrats", "NORP") in got
    assert ("Ray", "ORG") in got
    assert ("Go", "ORG") in got


def test_short_forms_the_page_introduces_join_their_organisation(gaz: Gazetteer) -> None:
    text = (
        "Quorvex Technologies said sales rose; Quorvex expects more. The Harbor Department "
        "agreed, and Harbor officials said so. Vell said nothing; Vell Group declined."
    )
    spans = [
        ("Quorvex Technologies", "ORG"),
        ("Quorvex", "GPE"),
        ("Harbor Department", "ORG"),
        ("Harbor", "ORG"),
        ("Vell", "PERSON"),
        ("Vell Group", "ORG"),
    ]
    assert names(resolve_mentions(raw(text, spans), gaz)) == [
        ("Quorvex", "ORG"),
        ("Quorvex", "ORG"),
        ("Harbor Department", "ORG"),
        ("Harbor Department", "ORG"),
        ("Vell", "PERSON"),  # a person is never a short form of a company
        ("Vell", "ORG"),
    ]


def test_a_short_form_claimed_by_two_agencies_stays_alone(gaz: Gazetteer) -> None:
    text = "The Harbor Department and the Harbor Ministry met; Harbor said no."
    spans = [("Harbor Department", "ORG"), ("Harbor Ministry", "ORG"), ("Harbor", "ORG")]
    got = names(resolve_mentions(raw(text, spans), gaz))
    assert got == [("Harbor Department", "ORG"), ("Harbor Ministry", "ORG"), ("Harbor", "ORG")]


def test_on_a_hard_wrapped_page_a_name_is_whole_and_its_mention_on_one_line(
    gaz: Gazetteer,
) -> None:
    text = (
        "Officials from the Harbor Bureau of Trade\n"
        "and Security met with Dana\n"
        "Kerr on Monday and said that new rules for\n"
        "sensors would follow, according to people\n"
        "who asked not to be named because talks go on.\n"
    )
    spans = [("Harbor Bureau of Trade\nand Security", "ORG"), ("Dana\nKerr", "PERSON")]
    mentions = resolve_mentions(raw(text, spans), gaz)
    assert names(mentions) == [
        ("Harbor Bureau of Trade and Security", "ORG"),
        ("Dana Kerr", "PERSON"),
    ]
    assert [m.surface for m in mentions] == ["Harbor Bureau of Trade", "Kerr"]


def test_a_one_word_product_the_gazetteer_lists_needs_no_other_evidence(gaz: Gazetteer) -> None:
    text = "Buyers still want Hopper parts, and Marlowe parts too."
    spans = [("Hopper", "PRODUCT"), ("Marlowe", "PRODUCT")]
    assert names(resolve_mentions(raw(text, spans), gaz)) == [("Hopper", "PRODUCT")]
