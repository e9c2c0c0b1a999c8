"""Who says each quotation.

Three sources of evidence, strongest first:
- "explicit": a speech verb next to the quotation, outside it, whose subject
  is a character ("..." said Derek / Derek said / he countered, with "he"
  resolved by the pronoun stage), or the name right after a verb-first tag
  ('"...," repeated Warwick') whatever the parse made of it;
- "beat": the paragraph's narration has exactly one character as a subject
  (an action beat: 'She sighed. "Fine."');
- "alternation": a paragraph holding only speech in a two-person exchange
  goes to whoever spoke the turn before last. Alternation restarts at scene
  breaks and after narration that brings in a third character.
Anything else stays None: a wrong speaker is worse than none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE

from storylint import lexicons
from storylint.pipeline.layers import PRONOUNS, QUOTES, SPEAKERS
from storylint.pipeline.stages import stage

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storylint.model import StoryModel
    from storylint.nlp.quotes import Quote, QuoteIndex
    from storylint.people.entities import CharacterIndex

SUBJECT_DEPS = ("nsubj", "nsubjpass")


@lexicons.cache
def speech_verbs() -> frozenset[str]:
    return frozenset(s.strip() for s in lexicons.load_lexicon_lines("speech_verbs"))


@stage(requires=[QUOTES, PRONOUNS], provides=[SPEAKERS])
def attribute_speakers(model: StoryModel) -> None:
    """Who says each quotation: Quote.speaker_id and Quote.evidence in the quote index."""
    quotes = model.get(QUOTES)
    index = model.get(PRONOUNS)
    model.set(SPEAKERS, quotes)
    exchange = _Exchange()
    scene = None
    for parsed_index, parsed in enumerate(model.parsed):
        here = (parsed.chapter_index, parsed.scene_index)
        if here != scene:
            exchange = _Exchange()
            scene = here
        paragraph_quotes = quotes.in_paragraph(parsed_index)
        doc = parsed.doc
        if not paragraph_quotes:
            exchange.narration(_narrated_characters(doc, parsed_index, index))
            continue
        speaker, evidence = _explicit(doc, parsed_index, paragraph_quotes, index, quotes)
        if speaker is None:
            speaker, evidence = _beat(doc, parsed_index, index, quotes)
        if speaker is None and paragraph_quotes[0].continued and exchange.last is not None:
            speaker, evidence = exchange.last, "continuation"
        if speaker is None and _only_speech(doc, parsed_index, quotes):
            speaker = exchange.other()
            evidence = "alternation" if speaker is not None else None
        for quote in paragraph_quotes:
            if quote.speaker_id is None:
                quote.speaker_id, quote.evidence = speaker, evidence
        exchange.turn(speaker)


class _Exchange:
    """The two people in the current conversation and who spoke last."""

    def __init__(self) -> None:
        self.participants: list[int] = []
        self.last: int | None = None

    def turn(self, speaker: int | None) -> None:
        self.last = speaker
        if speaker is None:
            return
        if speaker in self.participants:
            self.participants.remove(speaker)
        self.participants.append(speaker)
        del self.participants[:-2]

    def other(self) -> int | None:
        """The participant who did not speak last, when that is certain."""
        if len(self.participants) == 2 and self.last in self.participants:
            return (
                self.participants[0] if self.last == self.participants[1] else self.participants[1]
            )
        return None

    def narration(self, characters: set[int]) -> None:
        """Narration may bring in the second participant; a third person ends the exchange."""
        new = characters - set(self.participants)
        if not new:
            return
        if len(self.participants) + len(new) <= 2:
            self.participants.extend(sorted(new))
        else:
            self.participants = []
            self.last = None


def _explicit(
    doc: Doc,
    parsed_index: int,
    paragraph_quotes: list[Quote],
    index: CharacterIndex,
    quotes: QuoteIndex,
) -> tuple[int | None, str | None]:
    """A speech verb outside the quotes whose subject is a character.

    Each quote takes the tag nearest to it in its sentence (after it, else before
    it); the paragraph's speaker is the first tag found.
    """
    verbs = speech_verbs()
    found: int | None = None
    for quote in paragraph_quotes:
        speaker = None
        for token in _tag_window(doc, quote, parsed_index, quotes):
            if token.pos_ != "VERB" or (token.lemma_ not in verbs and token.lower_ not in verbs):
                continue
            for child in token.children:
                if child.dep_ in SUBJECT_DEPS and not quotes.in_quote(parsed_index, child.i):
                    character = index.character_at(parsed_index, child.i)
                    if character is not None:
                        speaker = character.id
                        break
            if speaker is None:
                speaker = _inverted_speaker(doc, token, quote, parsed_index, index)
            if speaker is not None:
                break
        if speaker is not None:
            quote.speaker_id, quote.evidence = speaker, "explicit"
            if found is None:
                found = speaker
    return found, ("explicit" if found is not None else None)


def _inverted_speaker(
    doc: Doc, verb: Token, quote: Quote, parsed_index: int, index: CharacterIndex
) -> int | None:
    """A verb-first tag right after the quote ('"...," repeated Warwick', "continued Mr.
    Brooke"): the name after the verb speaks, whatever the parse made of it (spaCy often
    takes "repeated Warwick" for a verb of the quote with "Warwick" its object)."""
    between = doc[quote.token_end : verb.i]
    if len(between) > 1 or any(t.text not in (",", "—", "-") for t in between):
        return None
    for i in range(verb.i + 1, min(verb.i + 4, len(doc))):
        character = index.character_at(parsed_index, i)
        if character is not None:
            return character.id
        if doc[i].pos_ not in ("PROPN", "DET") and doc[i].lower_ not in ("young", "old"):
            return None
    return None


def _tag_window(doc: Doc, quote: Quote, parsed_index: int, quotes: QuoteIndex):
    """Narration tokens right after the quote (same sentence), then right before it."""
    after = []
    i = quote.token_end
    if _closes_sentence(doc, quote) and i < len(doc) and doc[i].text[:1].isupper():
        i = len(doc)  # 'Go." It was late.' - a new sentence, not a speech tag
    while i < len(doc) and not quotes.in_quote(parsed_index, i):
        after.append(doc[i])
        if doc[i].is_sent_end and i > quote.token_end:
            break
        i += 1
    before = []
    i = quote.token_start - 1
    while i >= 0 and not quotes.in_quote(parsed_index, i):
        if doc[i].text in (".", "!", "?") and i < quote.token_start - 1:
            break
        before.append(doc[i])
        i -= 1
    return after[:12] + before[:12]


def _closes_sentence(doc: Doc, quote: Quote) -> bool:
    for i in range(quote.token_end - 1, quote.token_start - 1, -1):
        if not doc[i].is_quote:
            return doc[i].text[-1:] in ".!?\u2026"
    return False


def _beat(
    doc: Doc, parsed_index: int, index: CharacterIndex, quotes: QuoteIndex
) -> tuple[int | None, str | None]:
    """The one character who is a narrated subject in the paragraph."""
    subjects = set()
    for i in index.mentioned_tokens(parsed_index):  # only tokens inside a mention
        if doc[i].dep_ in SUBJECT_DEPS and not quotes.in_quote(parsed_index, i):
            character = index.character_at(parsed_index, i)
            if character is not None:
                subjects.add(character.id)
    if len(subjects) == 1:
        return subjects.pop(), "beat"
    return None, None


def _only_speech(doc: Doc, parsed_index: int, quotes: QuoteIndex) -> bool:
    """True when everything outside the quotes is punctuation or space."""
    # Arrays rather than a loop over Token objects: this is asked of most dialogue paragraphs.
    inside = np.array(quotes.flags(parsed_index, len(doc)), dtype=bool)
    marks = doc.to_array([IS_PUNCT, IS_SPACE]).any(axis=1)
    return bool((inside | marks).all())


def _narrated_characters(doc: Doc, parsed_index: int, index: CharacterIndex) -> set[int]:
    found = set()
    for i in index.mentioned_tokens(parsed_index):  # only tokens inside a mention
        character = index.character_at(parsed_index, i)
        if character is not None:
            found.add(character.id)
    return found
