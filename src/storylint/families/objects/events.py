"""Events: a verb (with its particle or preposition) acting on an object, as the text narrates it.

An event carries what it requires of the object and what it changes, taken
from verb_effects.yaml, plus who acts, who ends up wearing or holding it, and
how sure we are ("his coat sliding off" in an absolute clause is weaker than
"She took off her coat").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storylint.families.objects.identity import Person, person_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from storylint.families.objects.identity import ObjectMention
    from storylint.families.objects.lexicon import Lexicon, VerbEffect
    from storylint.people.entities import CharacterIndex

PARTICLE_DEPS = ("prt",)
OPEN_DEPS = frozenset({"acomp", "oprd", "xcomp", "advmod", "ccomp", "dobj", "prt"})
TEMPORAL_MARKS = frozenset({"when", "once", "after", "until", "till", "before", "whenever"})
SPEECH_HEADS = frozenset({"say", "tell", "ask", "promise", "write", "order", "beg", "insist"})
PARTICLE_WORDS = frozenset({"off", "on", "up", "out", "away", "down", "over", "apart", "in"})
# "began to read", "used the knife to cut": the infinitive happens.
ONGOING_HEADS = frozenset(
    {"start", "begin", "continue", "proceed", "keep", "resume", "use", "manage"}
)
OBJECT_DEPS = ("dobj", "obj", "nsubjpass")
HYPOTHETICAL_AUX = frozenset(
    {"would", "could", "might", "should", "must", "may", "can", "shall", "will", "'d"}
)
INTENT_HEADS = frozenset(
    {"want", "wish", "hope", "try", "plan", "decide", "intend", "mean", "need", "like", "love",
     "refuse", "forget", "remember", "going", "go", "able", "ready", "about", "have"}
)  # fmt: skip


@dataclass(eq=False)
class Event:
    parsed_index: int
    verb_i: int
    key: str
    mention: ObjectMention
    requires: dict[str, bool]
    effects: dict[str, bool]
    start: int  # source offsets of the passage to quote
    end: int
    confidence: float
    actor: Person | None = None
    wearer: Person | None = None
    holder: Person | None = None
    kind: str = "event"  # or "description"
    effect_confidence: float | None = None  # when the change is less sure than the act
    transfer: bool = False  # gives the object to someone (explains a new owner)
    notes: list[str] = field(default_factory=list)


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, inherited through conjunctions and participle clauses."""
    seen = 0
    while verb is not None and seen < 6:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if (
            verb.dep_ in ("conj", "advcl", "xcomp", "acl", "amod", "ccomp")
            and verb.head is not verb
        ):
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def is_hypothetical(verb: Token, head_quoted: bool = False, sent: Span | None = None) -> bool:
    """Cheap backstop for the narrative-mode stage: modals, negation, intended actions.

    A conjoined verb shares its head's modal or negation ("would go and buy"),
    unless the head is inside a quotation the narration merely follows.
    """
    shares_head = verb.dep_ == "conj" and not head_quoted
    for tok in (verb, verb.head) if shares_head else (verb,):
        for child in tok.children:
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_AUX):
                return True
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_ in INTENT_HEADS:
        return True
    if _reported_instruction(verb):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "began to read" happens; "tried to turn it on" may not have.
        return not (verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_ in ONGOING_HEADS)
    return (sent if sent is not None else verb.sent).text.rstrip().endswith("?")


def _reported_instruction(verb: Token) -> bool:
    """'She said when I had read it and destroyed it, I must...': a future, not an event."""
    clause = verb
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    if clause.dep_ != "advcl":
        return False
    marks = {c.lower_ for c in clause.children if c.dep_ in ("mark", "advmod")}
    if not marks & TEMPORAL_MARKS:
        return False
    governor = clause.head
    return governor.lemma_ in SPEECH_HEADS or any(
        c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX for c in governor.children
    )


def quote_span(verb: Token, offset: int, sent: Span | None = None) -> tuple[int, int]:
    """The clause around the verb, without the clauses hanging off it."""
    sent = sent if sent is not None else verb.sent
    keep = [verb]
    participle = verb.tag_ in ("VBN", "VBG")
    for child in verb.children:
        if (
            child.dep_ in ("conj", "cc", "advcl", "ccomp", "parataxis", "punct", "mark")
            and child.i > verb.i
        ):
            continue
        if participle and child.dep_ in ("prep", "npadvmod") and child.i < verb.i:
            continue
        if (
            child.dep_ in ("advcl", "ccomp", "parataxis", "punct", "mark", "cc")
            and child.i < verb.i
        ):
            continue
        keep.append(child)
    left = min(t.left_edge.i if t is not verb else t.i for t in keep)
    right = max(t.right_edge.i if t is not verb else t.i for t in keep)
    left, right = max(left, sent.start), min(right, sent.end - 1)
    doc = verb.doc
    return offset + doc[left].idx, offset + doc[right].idx + len(doc[right].text)


def _modifier_words(verb: Token) -> set[str]:
    return {
        c.lower_
        for c in verb.children
        if c.dep_ in ("advmod", "acomp", "oprd", "xcomp", "prt", "ccomp")
    }


def _pobj_lemmas(prep: Token) -> set[str]:
    return {w for g in prep.children if g.dep_ == "pobj" for w in (g.lemma_.lower(), g.lower_)}


def lookup(verb: Token, lexicon: Lexicon) -> tuple[VerbEffect, Token | None] | None:
    """The lexicon entry for this verb: particle first, then preposition, then the bare verb."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.lower_ == "out" and child.dep_ in ("prt", "prep", "advmod"):
            inner = next((g for g in child.children if g.dep_ == "prep" and g.lower_ == "of"), None)
            entry = lexicon.verbs.get(f"{lemma} out of")
            if entry and inner is not None:
                return entry, inner
    for child in verb.children:
        if child.lower_ in ("open", "shut") and child.dep_ in OPEN_DEPS:
            entry = lexicon.verbs.get(f"{lemma} {child.lower_}")
            if entry:
                return entry, None  # "tore it open"
        if child.dep_ in PARTICLE_DEPS or (
            child.dep_ == "advmod" and child.lower_ in PARTICLE_WORDS
        ):
            entry = lexicon.verbs.get(f"{lemma} {child.lower_}")
            if entry and not entry.with_pobj:
                return entry, None
    for child in verb.children:
        if child.dep_ == "prep":
            entry = lexicon.verbs.get(f"{lemma} {child.lower_}")
            if entry and (not entry.with_pobj or _pobj_lemmas(child) & entry.with_pobj):
                return entry, child
    entry = lexicon.verbs.get(lemma)
    if entry is None:
        return None
    if entry.with_adverb and not (_modifier_words(verb) & entry.with_adverb):
        return None
    if entry.with_prep and not any(
        c.dep_ == "prep"
        and c.lower_ in entry.with_prep
        and (not entry.with_pobj or _pobj_lemmas(c) & entry.with_pobj)
        for c in verb.children
    ):
        return None
    if " " not in entry.key and any(c.dep_ in PARTICLE_DEPS for c in verb.children):
        # "put up", "take in": a phrasal verb we do not know is not the bare verb.
        if lemma not in (
            "break",
            "smash",
            "shatter",
            "burn",
            "tear",
            "eat",
            "drink",
            "finish",
            "lock",
            "use",
            "read",
        ):
            return None
    return entry, None


def person_in_prep(
    prep: Token, parsed_index: int, characters: CharacterIndex | None
) -> Person | None:
    """'over her shoulders' -> her; 'around Ivy' -> Ivy."""
    for pobj in prep.children:
        if pobj.dep_ != "pobj":
            continue
        person = person_of(pobj, parsed_index, characters)
        if person is not None:
            return person
        for child in pobj.children:
            if child.dep_ == "poss":
                return person_of(child, parsed_index, characters)
    return None


def recipient_of(
    verb: Token, parsed_index: int, characters: CharacterIndex | None
) -> Person | None:
    for child in verb.children:
        if child.dep_ == "dative":
            found = person_of(child, parsed_index, characters)
            if found is None:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = person_of(pobj, parsed_index, characters)
            if found is not None:
                return found
        if child.dep_ == "prep" and child.lower_ == "to":
            found = person_in_prep(child, parsed_index, characters)
            if found is not None:
                return found
    return None


def is_past_perfect(verb: Token) -> bool:
    """'who had stolen them', 'had been lost': backstory, told out of order."""
    return verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d") for c in verb.children
    )


def confidence_of(verb: Token) -> tuple[float, list[str]]:
    """Progressive and absolute constructions narrate something under way, not done."""
    notes = []
    confidence = 1.0
    if is_past_perfect(verb):
        confidence *= 0.6
        notes.append("past perfect")
    elif verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children
    ):
        # "He has stolen the horse!": in past-tense narration, almost always speech
        # that the quote stage missed (unbalanced quotation marks in the source)
        confidence *= 0.5
        notes.append("present perfect")
    if verb.tag_ == "VBG":
        confidence *= 0.75
        notes.append("progressive")
        if verb.dep_ in ("advcl", "acl", "conj", "npadvmod") and not any(
            c.dep_ == "aux" for c in verb.children
        ):
            confidence *= 0.9
            notes.append("absolute clause")
    if any(c.lower_ in ("almost", "nearly", "half", "partly", "barely") for c in verb.children):
        confidence *= 0.5
        notes.append("partial")
    return confidence, notes
