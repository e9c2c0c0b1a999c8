"""Small questions about a parse and about word forms that several families ask alike.

Why one module: the subject of a verb and the inflections of a lemma were written twice
(life and places; narrative modes and the life lexicon); two copies drift apart, and a fix
to one (a conjoined verb, an "-ied" form) must reach both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is conjoined to ("smiled and died")."""
    head = verb
    for _ in range(4):
        for child in head.children:
            if child.dep_ in SUBJECTS:
                return child
        if head.dep_ != "conj" or head.head.i == head.i:
            return None
        head = head.head
    return None


def regular_forms(lemmas: Iterable[str]) -> set[str]:
    """Each lemma with its regular inflections (-s, -ed, -d, -ing, -ied, -ies): the small model
    mis-lemmatises some ("hoped" -> "hop"), so callers match the surface form too."""
    forms: set[str] = set()
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms.update({lemma, lemma + "s", lemma + "ed", lemma + "d", stem + "ing", stem + "ed"})
        if lemma.endswith("y"):
            forms.update({lemma[:-1] + "ied", lemma[:-1] + "ies"})
    return forms
