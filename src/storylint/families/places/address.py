"""Who a line of dialogue talks *to*: vocative names inside quotations.

Why it is built this way: precision first. A name only counts as an address
when it stands at the very start of a quote (after an "Oh," or "Well,") or at
its very end, set off by punctuation, and the parser gives it a role a
vocative can have ("Derek, stop." / "Come here, Jo." / "Jo, are you coming?").
A name in the middle of a sentence, a list ("Derek, Jo and I went"), a quote
inside a quote, a prayer or an apostrophe to the absent or the dead ("Oh,
Father, if only you could see me now") is never an address. Whether the
addressee is in the room is the rule's business (rules/places.py, PLC005);
this module only finds who is spoken to, and where.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from storylint.families.places.lexicon import PlacesLexicon
    from storylint.nlp.quotes import Quote
    from storylint.people.entities import CharacterIndex

# Roles that make a name part of the sentence rather than a vocative beside it:
# "Derek, Jo and I went" (nsubj + conj), "I gave it to Margaret, Henry" (pobj).
# spaCy's small model labels true vocatives erratically (npadvmod, intj, dep,
# advmod, ROOT), so the rule is "not a clause role" rather than "a vocative role".
CLAUSE_DEPS = frozenset(
    {"nsubj", "nsubjpass", "conj", "dobj", "iobj", "pobj", "poss", "compound", "attr",
     "agent", "appos", "nmod"}
)  # fmt: skip
QUOTE_MARKS = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "``", "''", "`"})
INNER_OPENERS = ("\u2018", "\u201c", ' "', " '")


@dataclass(frozen=True)
class Address:
    """One vocative: `character_id` is spoken to in `quote`, at tokens [token_start, token_end)."""

    character_id: int
    parsed_index: int
    token_start: int
    token_end: int
    start: int  # source offsets of the name
    end: int
    quote: Quote


def addresses_in(
    quote: Quote, doc: Doc, book: NameBook, lex: PlacesLexicon, offset: int
) -> list[Address]:
    """Vocative names of characters in one quotation (empty when the quote is unsafe).

    `offset` is the paragraph's source offset (ParsedParagraph.offset).
    """
    text = doc.text[quote.start - offset : quote.end - offset]
    if _nested(text) or _absent_talk(text, lex):
        return []
    end = min(quote.token_end, len(doc))
    words = [i for i in range(quote.token_start, end) if not _is_mark(doc[i])]
    if not words:
        return []
    found: list[Address] = []
    for named in (_name_at_start(words, doc, quote, book, lex),
                  _name_at_end(words, doc, quote, book, lex)):  # fmt: skip
        if named is not None and all(a.token_start != named[0].start for a in found):
            span, character_id = named
            found.append(
                Address(
                    character_id, quote.parsed_index, span.start, span.end,
                    offset + span.start_char, offset + span.end_char, quote,
                )
            )  # fmt: skip
    return found


def _is_mark(tok: Token) -> bool:
    return tok.text in QUOTE_MARKS or tok.is_space


def _nested(text: str) -> bool:
    """A quote inside the quote: whoever is named there is spoken to in a story being told."""
    return any(mark in text[1:-1] for mark in INNER_OPENERS)


def _absent_talk(text: str, lex: PlacesLexicon) -> bool:
    """Apostrophe or searching: the quote itself says the addressee is not here."""
    flat = " ".join(text.lower().replace("\u2019", "'").split())
    return any(phrase in flat for phrase in lex.address_absent_phrases)


class NameBook:
    """Every name form of every character, for reading names inside dialogue.

    The character stage records mentions in narration; inside a quotation a
    name is matched against the characters' aliases. A form two characters
    share ("Mr. Bennet" for father and daughter-in-law) names nobody.
    """

    def __init__(self, characters: CharacterIndex):
        self.characters = characters
        forms: dict[tuple[str, ...], set[int]] = {}
        for character in characters.characters:
            for alias in {character.name, *character.aliases}:
                words = tuple(alias.lower().split())
                if words:
                    forms.setdefault(words, set()).add(character.id)
        self.forms = {w: next(iter(ids)) for w, ids in forms.items() if len(ids) == 1}
        self.longest = max((len(w) for w in self.forms), default=0)

    def starting_at(self, doc: Doc, pi: int, i: int, end: int) -> tuple[Span, int] | None:
        mention = self.characters.mention_at(pi, i)
        if mention is not None and mention.kind == "name" and mention.token_start == i:
            return doc[i : mention.token_end], mention.character_id
        for n in range(min(self.longest, end - i), 0, -1):
            cid = self._lookup(doc[i : i + n])
            if cid is not None:
                return doc[i : i + n], cid
        return None

    def ending_at(self, doc: Doc, pi: int, i: int, start: int) -> tuple[Span, int] | None:
        mention = self.characters.mention_at(pi, i)
        if mention is not None and mention.kind == "name" and mention.token_end == i + 1:
            return doc[mention.token_start : i + 1], mention.character_id
        for n in range(min(self.longest, i + 1 - start), 0, -1):
            cid = self._lookup(doc[i + 1 - n : i + 1])
            if cid is not None:
                return doc[i + 1 - n : i + 1], cid
        return None

    def _lookup(self, span: Span) -> int | None:
        if not span[0].text[:1].isupper():
            return None  # "will", "hope", "rose" as words are not names
        return self.forms.get(tuple(t.lower_ for t in span))


def _name_at_start(
    words: list[int], doc: Doc, quote: Quote, book: NameBook, lex: PlacesLexicon
) -> tuple[Span, int] | None:
    """ "Derek, stop." / "Oh, Derek, don't." / "Jo, are you coming?" / "Derek! Stop it." """
    k = 0
    # skip "Oh," "Well," "Hey," openers, each set off by a comma
    while (
        k + 1 < len(words)
        and doc[words[k]].lower_ in lex.address_lead_words
        and doc[words[k + 1]].text == ","
    ):
        k += 2
    if k >= len(words):
        return None
    named = book.starting_at(doc, quote.parsed_index, words[k], words[-1] + 1)
    if named is None or named[0].text.lower() in lex.address_prayer_names:
        return None
    span = named[0]
    after = span.end
    if after > words[-1]:
        return None
    punct = doc[after].text
    root = span.root
    if punct == ",":
        if any(c.dep_ == "conj" for c in root.children) or _names_next(doc, after + 1, book):
            return None  # a list of names
        if root.dep_ not in CLAUSE_DEPS:
            return named
        if root.dep_ == "nsubj" and _you_subject_beside(root):
            return named  # "Jo, are you coming?"
        if root.dep_ == "nsubj" and after + 1 < len(doc) and doc[after + 1].tag_ == "VB":
            return named  # "Ivy, look at me.": the parser took the name for the subject
        return None
    if punct == "!" and root.dep_ not in CLAUSE_DEPS:
        return named
    if punct == "?" and root.dep_ not in CLAUSE_DEPS and _you_next(doc, after + 1, words[-1] + 1):
        return named  # "Derek? Are you all right?"
    return None


def _name_at_end(
    words: list[int], doc: Doc, quote: Quote, book: NameBook, lex: PlacesLexicon
) -> tuple[Span, int] | None:
    """ "Come here, Jo." / "Are you all right, Derek?" """
    i = words[-1]
    while i > words[0] and doc[i].is_punct:
        i -= 1
    named = book.ending_at(doc, quote.parsed_index, i, words[0] + 1)
    if named is None or named[0].text.lower() in lex.address_prayer_names:
        return None
    span = named[0]
    if doc[span.start - 1].text != ",":
        return None
    root = span.root
    if root.dep_ not in CLAUSE_DEPS:
        return named
    if root.dep_ == "appos" and root.head.lower_ == "you":
        return named  # "Was that you, Derek?"
    return None


def _names_next(doc: Doc, i: int, book: NameBook) -> bool:
    """ "Derek, Jo and I": another name right after the comma."""
    if i >= len(doc):
        return False
    return book.starting_at(doc, -1, i, len(doc)) is not None or doc[i].pos_ == "PROPN"


def _you_subject_beside(name: Token) -> bool:
    return any(
        c.dep_ == "nsubj" and c.lower_ == "you" and c.i != name.i for c in name.head.children
    )


def _you_next(doc: Doc, start: int, end: int) -> bool:
    """A question put to 'you' straight after the name: "Derek? Are you hurt?" """
    sent_end = min(end, len(doc))
    for i in range(start, sent_end):
        tok = doc[i]
        if tok.lower_ == "you":
            return True
        if tok.text in (".", "!", "?") and i > start:
            return False
    return False
