"""Generated long pages for the benchmarks: text dense with names, in any layout.

Every sentence names people, companies, agencies and places and carries a number of its
own, so no two lines of a page or of a corpus are alike (the cleaner drops lines it sees
on many pages). The same seed gives the same text, in one line or in paragraphs.
"""

from __future__ import annotations

import random

FIRST = ["Jane", "Carlos", "Priya", "Tomas", "Omar", "Lena", "Wei", "Aiko", "Hugo", "Sara"]
LAST = ["Doe", "Moreno", "Patel", "Novak", "Haddad", "Fischer", "Zhang", "Tanaka", "Costa"]
SENTENCES = [
    "According to officials, {p} of Nvidia said that Huawei had shipped {n} chips to "
    "Shenzhen last year, officials said.",
    "In a statement, Commerce Secretary {p} said the Bureau of Industry and Security "
    "would review {n} licences, the statement said.",
    "On the record, {p} said TSMC and Samsung were racing to add {n} wafers a month in "
    "Arizona, the report said.",
    "In other news, the Commerce Department met {n} officials from the Netherlands and "
    "Japan in Washington, people said.",
    "{p}, an analyst at Bernstein in Hong Kong, said SMIC and ASML faced {n} new rules "
    "under the CHIPS and Science Act.",
]


def long_page(chars: int, *, seed: int = 0, paragraph: int = 0) -> str:
    """About ``chars`` characters of sentences; one line, or paragraphs of ``paragraph``
    sentences."""
    rnd = random.Random(seed)
    out: list[str] = []
    size = i = 0
    while size < chars:
        person = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
        sentence = rnd.choice(SENTENCES).format(p=person, n=rnd.randrange(2, 10**6))
        if out:
            out.append("\n" if paragraph and i % paragraph == 0 else " ")
        out.append(sentence)
        size += len(sentence) + 1
        i += 1
    return "".join(out) + "\n"
