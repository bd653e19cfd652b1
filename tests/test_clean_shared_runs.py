"""Site chrome on only two pages: a run of lines two stories share is chrome, while a
headline that another page lists among its links stays its own page's headline."""

from __future__ import annotations

from chipwatch.clean import Cleaner
from chipwatch.clean.shared import learn_shared_lines
from chipwatch.lexicon import text_key
from chipwatch.models import CleanDocument, Document

PROMO = [
    "Our online news desk",
    "publishes a local news story every day.",
    "Come and see us again soon.",
]


def _story(topic: str) -> list[str]:
    return [
        f"The {topic} council said on Tuesday that it would review its budget for the "
        "coming year, after members asked for more money for roads and schools.",
        f"Officials of the {topic} council said that the review would take two months, and "
        "that residents could send their comments to the council until the end of May.",
        f"The {topic} council last changed its budget three years ago, when it cut the money "
        "for the libraries and raised the fees for parking in the town centre.",
    ]


def _clean_all(pages: dict[str, list[str]]) -> dict[str, CleanDocument]:
    documents = [Document(name, "\n".join(lines) + "\n") for name, lines in pages.items()]
    cleaner = Cleaner().fit(documents)
    return {document.name: cleaner.clean(document) for document in documents}


def test_a_promo_box_on_two_pages_of_a_site_is_chrome() -> None:
    pages = {
        "a.txt": ["Harbour council reviews its budget", *PROMO, *_story("harbour")],
        "b.txt": ["Valley council reviews its budget", *PROMO, *_story("valley")],
        "c.txt": ["Forest council reviews its budget", *_story("forest")],
    }
    learned = learn_shared_lines(
        [Document(name, "\n".join(lines) + "\n") for name, lines in pages.items()],
        min_shared_docs=3,
    )
    assert learned.lines == {text_key(line) for line in PROMO}
    cleaned = _clean_all(pages)
    for name in ("a.txt", "b.txt"):
        assert cleaned[name].lines[1:] == tuple(pages[name][4:])
        reasons = {drop.text: drop.reason for drop in cleaned[name].drops}
        assert reasons[PROMO[1]] == "shared_across_corpus"


def test_one_shared_line_or_two_are_not_chrome() -> None:
    learned = learn_shared_lines(
        [
            Document("a.txt", "\n".join([*_story("harbour"), *PROMO[:2]]) + "\n"),
            Document("b.txt", "\n".join([*_story("valley"), *PROMO[:2]]) + "\n"),
        ],
        min_shared_docs=3,
    )
    assert not learned.lines


def test_a_headline_listed_on_another_page_stays_its_own_pages_headline() -> None:
    # The site's "Most read" list, on both pages, holds page a's headline: the list is a
    # run two stories share, but on page a the headline also stands on its own.
    headline = "Harbour council reviews its budget"
    links = ["Most read", headline, "Valley school opens a new library", "Forest fair draws crowds"]
    cleaned = _clean_all(
        {
            "a.txt": ["Home", headline, "By Jane Roe", *_story("harbour"), *links],
            "b.txt": ["Home", "Valley council reviews its budget", *_story("valley"), *links],
            "c.txt": ["Home", "Forest council reviews its budget", *_story("forest")],
        }
    )
    assert cleaned["a.txt"].title == headline
    assert "Valley school opens a new library" not in cleaned["b.txt"].lines


def test_each_documents_shared_keys_are_the_objects_of_lines() -> None:
    # Equal strings would give the same answers; the same objects keep one copy in
    # memory. The last page holds fewer lines than the corpus shares, so its own line
    # objects are the ones a set intersection would keep.
    menu = ["Home", "World news", "Business", "Sport", "Weather", *PROMO]
    pages = {
        f"{topic}.txt": [*menu, f"{topic.title()} council reviews its budget", *_story(topic)]
        for topic in ("harbour", "valley", "forest")
    }
    pages["short.txt"] = PROMO
    learned = learn_shared_lines(
        [Document(name, "\n".join(lines) + "\n") for name, lines in pages.items()],
        min_shared_docs=3,
    )
    canonical = {key: key for key in learned.lines}
    assert learned.by_document[-1] == tuple(sorted(text_key(line) for line in PROMO))
    assert all(canonical[key] is key for keys in learned.by_document for key in keys)
