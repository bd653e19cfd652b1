"""Reading a parsed sentence: children, subtrees, spans, and who a cue's subject is.

The parse is plain data (``models.DepToken``, heads as indexes within the sentence), so
these rules run, and are tested, without spaCy.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from chipwatch.models import DepToken, ParsedSentence
from chipwatch.quotes.cues import SOURCE_NOUNS

__all__ = ["Sentence"]

#: Relations through which a cue inherits the subject of the word it depends on:
#: "NVIDIA issued a statement saying …", "… are confident, asserting that …".
_CLIMB = frozenset({"conj", "xcomp", "advcl", "acl", "dobj", "pobj", "prep", "pcomp", "npadvmod"})
_RELATIVE = frozenset({"who", "which", "that", "whose", "whom"})
#: Parts of a subject phrase that are not its name: "Rebecca Fannin, author of …".
_NOT_NAME = frozenset({"relcl", "acl", "appos", "punct", "advcl", "cc"})
#: Pronouns that can stand for a source. "I", "we" and "you" outside quotation marks are
#: the writer and the reader ("I think …", "you may find …"), not a reported source.
_PRONOUNS = frozenset({"he", "she", "they", "it", "some", "many", "others"})


class Sentence:
    """One parsed sentence with its tree at hand."""

    def __init__(self, parsed: ParsedSentence) -> None:
        self.start = parsed.start
        self.end = parsed.end
        self.tokens: tuple[DepToken, ...] = parsed.tokens
        self.children: list[list[int]] = [[] for _ in self.tokens]
        for i, token in enumerate(self.tokens):
            if token.head != i:
                self.children[token.head].append(i)

    def kids(self, i: int, *deps: str) -> list[int]:
        """Children of token ``i`` (only those with one of ``deps``, when given)."""
        return [c for c in self.children[i] if not deps or self.tokens[c].dep in deps]

    def subtree(self, i: int, skip: Collection[str] = ()) -> list[int]:
        """Token ``i`` and its descendants, leaving out children whose relation is in ``skip``."""
        out, todo = [], [i]
        while todo:
            j = todo.pop()
            out.append(j)
            todo.extend(c for c in self.children[j] if self.tokens[c].dep not in skip)
        return sorted(out)

    def chars(self, ids: Iterable[int]) -> tuple[int, int]:
        """Character span from the first to the last of the tokens ``ids``."""
        ids = sorted(ids)
        last = self.tokens[ids[-1]]
        return self.tokens[ids[0]].idx, last.idx + len(last.text)

    def negated(self, i: int) -> bool:
        """'did not say', 'never said': not a statement."""
        return bool(self.kids(i, "neg"))

    def subject(self, cue: int) -> int | None:
        """The head of the phrase that makes the statement of ``cue``, or None.

        Its own subject; else that of the word it depends on (a participle, a second
        verb, a noun); a relative pronoun ("who", "whose developer") stands for the noun
        its clause belongs to. A participle ("…, saying …", "…, adding that …") may sit
        inside the clause its speaker reported: subjects that cannot speak are passed
        over on the way up to the one that can.
        """
        participle = self.tokens[cue].tag == "VBG"
        climb = _CLIMB | {"ccomp"} if participle else _CLIMB
        cur = cue
        for _ in range(6):
            found = self.kids(cur, "nsubj")
            if found:
                head = self._antecedent(cue, found[0])
                if cur == cue or not participle or (head is not None and self.is_source(head)):
                    return head
            if self.tokens[cur].dep not in climb or self.tokens[cur].head == cur:
                return None
            cur = self.tokens[cur].head
        return None

    def _antecedent(self, cue: int, subj: int) -> int | None:
        """``subj``, or the noun a relative clause hangs on when ``subj`` is (or is owned
        by) a relative pronoun."""
        words = {self.tokens[j].text.lower() for j in self.subtree(subj)[:2]}
        if not words & _RELATIVE:
            return subj
        cur = cue
        for _ in range(5):
            token = self.tokens[cur]
            if token.dep == "relcl":
                return token.head
            if token.head == cur:
                return None
            cur = token.head
        return None

    def phrase(self, head: int) -> list[int]:
        """The tokens of the subject phrase headed by ``head``, without appositions or
        relative clauses."""
        ids = self.subtree(head, skip=_NOT_NAME)
        if self.tokens[head].pos == "NOUN":
            # "AI chip maker NVIDIA": a name in apposition to a description is the name.
            for child in self.kids(head, "appos"):
                if self.tokens[child].pos == "PROPN":
                    ids = sorted({*ids, *self.subtree(child, skip=_NOT_NAME)})
        while len(ids) > 1 and self.tokens[ids[-1]].pos == "PUNCT":
            ids.pop()
        return ids

    def is_source(self, head: int) -> bool:
        """Can ``head`` make a statement: a pronoun, a name, a person, body or document
        noun ("analysts", "the ministry", "a filing"), or a noun with a named part or
        member ("Analyst Doug O'Laughlin", "those …, such as Bryan Burack", "the
        sentiment among industry professionals"); not "the finding" or "speed tests"."""
        if self._source_word(head):
            return True
        for child in self.children[head]:
            dep = self.tokens[child].dep
            if dep in ("compound", "poss") and self.tokens[child].pos == "PROPN":
                return True
            if dep == "prep" and any(self._source_word(o) for o in self.kids(child, "pobj")):
                return True
        return False

    def _source_word(self, i: int) -> bool:
        token = self.tokens[i]
        word = token.lemma.lower()
        if token.pos == "PROPN" or token.text.lower() in _PRONOUNS:
            return True
        if token.pos in ("NOUN", "PRON", "DET", "ADJ"):
            return word in SOURCE_NOUNS or word.endswith(("ist", "ian"))
        return False
