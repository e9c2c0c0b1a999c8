"""The world-state engine: replay the story's events in order and keep each object's state.

Stage `build_world(model)` stores a `World` in model.get(WORLD). Only
narrated, affirmed events change state (dialogue, hypotheticals, wishes,
negation and questions do not); states that need upkeep (worn, held, lit, on,
open) are trusted less after a scene break or a time jump and forgotten at a
chapter break. When an event needs a state an earlier event ended, or the
owner of an object changes with nothing giving it away, the engine records a
`Conflict`; the OBJ rules turn conflicts into findings.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import IS_ALPHA

from storylint.families.objects.canon import canon_owners
from storylint.families.objects.events import (
    PARTICLE_WORDS,
    Event,
    confidence_of,
    is_hypothetical,
    lookup,
    object_under_around,
    person_in_prep,
    quote_span,
    recipient_of,
    subject_of,
)
from storylint.families.objects.identity import (
    NEW_OBJECT_WORDS,
    IdentityTracker,
    ObjectMention,
    Person,
    WorldObject,
    person_of,
    short_name,
)
from storylint.families.objects.lexicon import IMMOBILE, Lexicon, load_lexicon
from storylint.nlp.modes import is_narrated_fact
from storylint.pipeline.layers import CANON, PRONOUNS, QUOTES, SPEAKERS, Layer
from storylint.pipeline.stages import stage

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from storylint.families.objects.lexicon import VerbEffect
    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex

# States that characters change off the page all the time: a door is opened,
# a lamp switched on, without the text saying so. Contradictions about them
# are reported with lower confidence.
REVERSIBLE = frozenset({"open", "running", "held", "wet", "clean", "locked", "powered"})
# States that need someone to keep them up; they fade across scene breaks.
UPKEEP = frozenset({"worn", "held", "lit", "running", "open"})
SCENE_DECAY = {"upkeep": 0.6, "lasting": 0.85}
# A smashed jug does not mend itself between chapters: damage fades across a chapter break
# as across a scene break (it matters only for a thing carried over, WorldBuilder._carried).
CHAPTER_DECAY = {"upkeep": 0.0, "lasting": 0.6, "damage": 0.85}
ELAPSED_DECAY = 0.6
# Lasting damage a new chapter may still show ("smashed the jug" ... next chapter "filled
# the jug"): WorldBuilder._carried.
CARRIED_STATES = ("pieces", "broken")
CARRIED_CATEGORIES = frozenset(
    {"container", "device", "tool", "weapon", "vehicle", "furniture", "light", "accessory"}
)
MIN_CONFLICT = 0.15
# Named entities that say time passed ("at half past seven", "an hour later"): closeness
# stops at them (WorldBuilder._closeness).
TIME_ENTITIES = frozenset({"TIME", "DATE"})
# A contradiction of a state people restore off the page (REVERSIBLE) counts at this factor.
REVERSIBLE_FACTOR = 0.45
# How close two passages are, by sentences apart (0: the same sentence): the share of an
# off-page discount (REVERSIBLE_FACTOR, OFF_PAGE_WORN, weak handling, an eating that may have
# left some) that closeness takes back (WorldBuilder._closeness, _lift).
CLOSE_SENTENCES = (1.0, 1.0, 0.9, 0.8, 0.7, 0.55, 0.4)
# Further apart in one scene, with no time jump and no mention of the thing in between
# (within SCENE_CLOSE_PARAGRAPHS paragraphs): a little of the discount is taken back.
SCENE_CLOSE = 0.3
# ...more of it for a coat put back on or a candle relit: acts a writer narrates, and with the
# thing not mentioned in between nothing did them (on the 24-novel sample no clean finding
# about a worn or lit state sits where this lifts it over the threshold).
SCENE_CLOSE_BY_STATE = {"worn": 0.4, "lit": 0.4}
SCENE_CLOSE_PARAGRAPHS = 25
# Closeness to a state set through "it" ("kicked the ball too hard and popped it") counts half.
PRONOUN_CLOSE = 0.5
# Clothes are put back on off the page: a worn-state contradiction from an action is
# discounted, unless it comes within NEAR_PARAGRAPHS paragraphs in the same scene (_near).
OFF_PAGE_WORN = 0.45
# ...less for an act that needs it on ("buttoned his coat", "pulled it tighter", "hands in its
# pockets") than for a second taking off, the usual retelling: on the first 12 novels of the
# corpus no finding of the first kind was found at any confidence, two of the second were.
OFF_PAGE_WORN_ACT = 0.62
# ...and for a garment taken off and then handed to someone else, which must come back first.
HANDED_WORN = 0.75
# A garment borrowed or lent, not said to be worn, called by the borrower's possessive: the
# same garment, a little less surely than one they are wearing (WorldBuilder._owner_link).
LOAN_LINK = 0.85
# Verbs that, like "be", say a state of their subject: "the door stood open", "the lamp
# remained lit", "the vase lay shattered" (WorldBuilder._descriptions).
STATE_COPULAS = frozenset(
    {"be", "remain", "stay", "lie", "stand", "sit", "seem", "look", "appear", "hang", "rest",
     "keep"}
)  # fmt: skip
# "pushed the door open": the adjective of a resultative (WorldBuilder._resultative)
# What a thing breaks into: "cracked in two", "went to pieces" name no object (_targets).
PIECE_WORDS = frozenset(
    {"piece", "pieces", "bit", "bits", "fragment", "fragments", "shard", "shards", "smithereens",
     "splinter", "splinters", "half", "halves", "atom", "atoms"}
)  # fmt: skip
# Verbs whose object a description after it is said of: "kept her coat buttoned", "left the
# door open" (WorldBuilder._descriptions).
KEEP_VERBS = frozenset({"keep", "leave", "wear", "hold"})
# ...and verbs of finding, whose object's description after it is what was found: "found the
# teapot broken on the floor", "found the cup smashed" (WorldBuilder._descriptions).
FOUND_VERBS = KEEP_VERBS | frozenset({"find", "discover"})
RESULT_DEPS = frozenset({"advcl", "oprd", "acomp", "xcomp", "ccomp", "advmod"})
MISREAD_PRESENT = 0.9  # "the candle gutters" recovered from a misparse (_misread_verb)
UNSETTLED = 0.5  # a state a hypothetical or intended change would end (_unsettle)
NEAR_PARAGRAPHS = 3
NEAR_PARAGRAPHS_WITH_TALK = 6
# A paragraph counts as talk when at least this share of its words is quoted speech (_near).
TALK_SHARE = 0.6
MIN_LINK = 0.3
OPEN_QUOTES, CLOSE_QUOTES = "“", "”"


@dataclass(eq=False)
class Fact:
    value: bool
    confidence: float
    event: Event
    person: Person | None = None
    faded: bool = False  # a scene break or a time jump came since (WorldBuilder._decay)
    # Handed on after it came off ("removed her cloak and handed it to the maid"): known
    # only of who took it off; the one it went to may put it on (WorldBuilder._apply).
    handed_to: Person | None = None
    handed: bool = False


@dataclass(eq=False)
class Conflict:
    """Two passages the engine cannot reconcile. kind: owner | ended | two-places."""

    kind: str
    obj: WorldObject
    attribute: str
    established: Event
    contradiction: Event
    confidence: float
    chapter_index: int
    between: list[Event] = field(default_factory=list)
    reason: str = ""
    person: Person | None = None  # who was wearing it, for the message
    on_loan: bool = False  # lent to them, not said to be worn (WorldBuilder._owner_link)


@dataclass(eq=False)
class World:
    objects: list[WorldObject] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def events_of(self, obj: WorldObject) -> list[Event]:
        return [e for e in self.events if e.mention.obj is obj]


def quote_mask(doc: Doc) -> list[bool]:
    """Fallback when the quotes stage is absent: which tokens sit inside quotation marks."""
    inside, mask = False, []
    for tok in doc:
        text = tok.text
        if OPEN_QUOTES in text:
            inside = True
        elif text == '"':
            inside = not inside
            mask.append(True)
            continue
        mask.append(inside)
        if CLOSE_QUOTES in text:
            inside = False
    return mask


COMPLETE_WORDS = frozenset(
    {"all", "up", "whole", "entire", "every", "rest", "last", "off", "remaining"}
)
PRONOUN_TARGET = 0.75  # "it" is resolved by recency, so trusted less than a noun
PRONOUNS_OF_THINGS = frozenset({"it", "them", "they"})
# Likelier antecedents of "it": subjects and objects, and what an event acted on ("slipped
# out of his cloak and laid it aside": the cloak; ACTED_ON marks such a mention).
ACTED_ON = "acted-on"
SALIENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "conj", ACTED_ON})


def _complete(verb: Token) -> bool:
    """'ate all the bread', 'drank it up', 'finished the whole pie'."""
    return any(
        t.lower_ in COMPLETE_WORDS for c in verb.children for t in c.subtree if t.i - verb.i < 6
    )


def _bound_possessive(
    poss: Token, owner: Person, pi: int, characters: CharacterIndex | None
) -> Person:
    """'Marta took off her raincoat' with 'her' tied to no one: a possessive pronoun is
    most often its own clause's subject, when that subject is a named character of the
    pronoun's gender."""
    verb = poss.head
    hops = 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and hops < 4:
        verb, hops = verb.head, hops + 1
    subject = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
    if subject is None or subject.pos_ != "PROPN":
        return owner
    person = person_of(subject, pi, characters)
    if person is None or not person.named or person.speaker:
        return owner
    if person.gender not in (owner.gender, "unknown"):
        return owner
    return person


def _still_off(fact: Fact, event: Event) -> bool:
    """Does a garment taken off and handed on still contradict `event` wearing it? Only
    when the later wearer is known, is not whom it was handed to, and is not surely someone
    other than who took it off ("removed her cloak and handed it to the maid" ... "Amy
    pulled her cloak tighter"; not "... handed it to Ivy. She pulled it tighter")."""
    wearer = event.wearer
    if wearer is None:
        return False
    if fact.handed_to is not None and wearer.same_as(fact.handed_to) is not False:
        return False
    return fact.person is None or wearer.same_as(fact.person) is not False


def _restated(earlier: Event, later: Event) -> bool:
    return earlier.key.split(" (")[0] == later.key.split(" (")[0] or (
        earlier.parsed_index == later.parsed_index and earlier.verb_i == later.verb_i
    )


def _near(fact: Fact, event: Event, dialogue: set[int] | frozenset[int] = frozenset()) -> bool:
    """The same person acts again within a few paragraphs, in the same scene and with no
    time jump between: too soon for anything to have happened off the page. Paragraphs of
    talk ('"Whiskey," he said.') narrate no dressing: they do not count, up to
    NEAR_PARAGRAPHS_WITH_TALK paragraphs in all."""
    first, last = fact.event.parsed_index, event.parsed_index
    if fact.faded or last - first > NEAR_PARAGRAPHS_WITH_TALK:
        return False
    narrated = sum(1 for pi in range(first + 1, last + 1) if pi not in dialogue)
    if narrated > NEAR_PARAGRAPHS:
        return False
    if any(event.effects.get(attr) == fact.value for attr in event.requires):
        return False  # taking it off again: a retelling, or someone else's, as often as a slip
    # (with no subject read, "his hat": its owner, who acts on it as a rule)
    before, now = fact.event.actor, event.wearer or event.actor or event.mention.owner
    return before is not None and now is not None and before.same_as(now) is True


def _lift(factor: float, close: float) -> float:
    """An off-page discount, taken back by closeness: 0.45 stays 0.45 far apart, is 1.0 a
    sentence apart."""
    return factor + (1.0 - factor) * close


def _partial_ratio(fact: Fact) -> float:
    """The discount of a change that may be partial ("ate the bread": maybe not all of it,
    `unless_complete`), which closeness may take back; not an explicit part ("ate some of
    the bread", "half opened"), which stays."""
    event = fact.event
    if event.effect_confidence is None or event.confidence <= 0 or PART_NOTE in event.notes:
        return 1.0
    return min(1.0, max(0.05, event.effect_confidence / event.confidence))


def _description_confidence(tok: Token, mention: ObjectMention) -> float:
    """'the lamp was lit' asserts a state; 'the broken boats' may be other boats than the
    ones broken before, but 'the burning candle', 'his full glass' name the one known."""
    if tok.dep_ != "amod":
        return 0.8
    known = mention.determiner in ("def", "poss") and not mention.plural
    return 0.7 if known else 0.5


def _names_own(mention: ObjectMention, person: Person) -> bool:
    """'dress myself in my worst clothes' after someone else put on 'the clothes': a thing
    called the wearer's own is likelier their own than the other's (OBJ001 judges owners)."""
    return mention.owner is not None and mention.owner.same_as(person) is True


MENTION_POS = frozenset({"NOUN", "PROPN", "ADJ", "ADV", "VERB"})
# The small model tags a rare noun as an adverb or a verb now and then ("the decanter/ADV"):
# with a determiner or possessive before it, in a noun's place, it is a noun.
NOMINAL_DEPS = frozenset({"dobj", "pobj", "nsubj", "nsubjpass"})
# "ate some of the bread", "drank half of it": a part, said so (_part_of).
PART_NOTE = "part of it"
PRONOUN_NOTE = "it"  # the event's object is "it"/"them", resolved by recency
# An earlier event with one of these notes may not have finished what it changes.
UNSURE_NOTES = frozenset({"past perfect", "present perfect", "progressive", "partial"})
PART_WORDS = frozenset({"some", "half", "part", "bit", "piece", "slice", "most", "corner", "bite"})
QUANTIFIERS = frozenset(
    {"all", "some", "most", "rest", "half", "part", "piece", "bit", "slice", "none", "remainder"}
)


def expand_targets(tokens: list[Token]) -> list[Token]:
    """Conjoined objects count ("the apple and the banana"); "all of the milk" is the milk."""
    out: list[Token] = []
    for tok in tokens:
        if tok.lemma_.lower() in QUANTIFIERS:
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            if of is not None:
                tok = next((g for g in of.children if g.dep_ == "pobj"), tok)
        out.append(tok)
        out.extend(c for c in tok.children if c.dep_ == "conj")
    return out


def _part_of(tok: Token) -> bool:
    """'some of the bread', 'half of the pie', 'a bite of the sandwich'."""
    return (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "of"
        and tok.head.head.lemma_.lower() in PART_WORDS
    )


def _worn_plural(tok: Token, lexicon: Lexicon) -> bool:
    """'her glasses', 'his shorts': a possessed plural whose plural form is itself an entry
    for something worn names that, not several of the singular ("glass")."""
    if tok.tag_ != "NNS" or tok.lower_ == tok.lemma_.lower():
        return False
    if lexicon.objects.get(tok.lower_) not in ("accessory", "garment"):
        return False
    return any(c.dep_ == "poss" for c in tok.children)


def _in_idiom(tok: Token, lemma: str, lexicon: Lexicon) -> bool:
    """'in the habit of', 'followed suit', 'in full dress': the noun inside one of its fixed
    phrases (lexicon `idioms`) names no thing, so it is no mention. Each word of the phrase
    matches a token's text or lemma, in a row, with the noun where the phrase has it."""
    doc = tok.doc
    for phrase in lexicon.idioms.get(lemma, ()):
        for k, word in enumerate(phrase):
            if word not in (lemma, tok.lower_):
                continue
            start = tok.i - k
            if start < 0 or start + len(phrase) > len(doc):
                continue
            if all(
                w in (doc[start + j].lower_, doc[start + j].lemma_.lower())
                for j, w in enumerate(phrase)
            ):
                return True
    return False


def _absolute_object(verb: Token) -> list[Token]:
    """'sat with her coat drawn tight about her': in an absolute "with" phrase the noun
    right before a past participle is what the participle was done to (the parser hangs
    both on the main verb)."""
    if verb.tag_ != "VBN" or verb.dep_ not in ("advcl", "acl", "conj", "ccomp"):
        return []
    for prep in verb.head.children:
        if prep.dep_ != "prep" or prep.lower_ != "with" or prep.i > verb.i:
            continue
        nouns = [g for g in prep.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
        if nouns and nouns[-1].right_edge.i == verb.i - 1:
            return [nouns[-1]]
    return []


def _object_relative(verb: Token, found: list[Token]) -> bool:
    """'the coat she wore', 'the cloak that he had lent her': a relative clause whose own
    subject is someone else, with no object or only a relative word as its object, acts on
    the noun it describes (not "the grate, where it broke": "where" says a place)."""
    if verb.dep_ != "relcl" or verb.head.pos_ != "NOUN":
        return False
    if not all(c.lower_ in RELATIVE_WORDS for c in found):
        return False
    if any(c.lower_ in ("where", "when", "why", "how") for c in verb.children):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and all(
        c.lower_ not in RELATIVE_WORDS and c.lower_ not in PRONOUNS_OF_THINGS for c in subjects
    )


def _found_state(tok: Token, by_token) -> bool:
    """'found the teapot broken on the floor': a participle or adjective right after the
    object of a verb of finding or keeping (the parser hangs it under the object) says the
    object's state, not a clause of its own ("found the jug knocked from the shelf, broken"
    has a comma and is not read)."""
    obj = tok.head
    return (
        tok.dep_ == "acl"
        and tok.tag_ in ("VBN", "JJ")
        and obj.i in by_token
        and obj.dep_ == "dobj"
        and obj.head.lemma_ in FOUND_VERBS
        and obj.i + 1 == tok.i
    )


def _acted_on(verb: Token) -> list[Token]:
    """The verb's direct objects and the objects of its prepositions ("fumbled at X")."""
    found = []
    for child in verb.children:
        if child.dep_ == "dobj":
            found.append(child)
        elif child.dep_ == "prep":
            found.extend(g for g in child.children if g.dep_ == "pobj")
    return found


def _whose_part(part: Token) -> list[Token]:
    """'the buttons of his jacket', "his coat's buttons", "his coat pockets": the thing a part
    belongs to."""
    found = [c for c in part.children if c.dep_ in ("poss", "compound") and c.pos_ == "NOUN"]
    for prep in part.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            found.extend(g for g in prep.children if g.dep_ == "pobj")
    return found


def _present_forms(lexicon: Lexicon) -> dict[str, tuple[VerbEffect, ...]]:
    """'gutters', 'flashes', 'flies' -> the senses of one-word verbs said of their subject
    ("the candle gutters"), for verbs the small model misreads as plural nouns."""
    forms: dict[str, list[VerbEffect]] = {}
    for key, senses in lexicon.senses.items():
        subject_senses = [e for e in senses if e.target == "subject"]
        if " " in key or not subject_senses:
            continue
        for form in (key + "s", key + "es", key[:-1] + "ies" if key.endswith("y") else ""):
            if form:
                forms.setdefault(form, []).extend(subject_senses)
    return {form: tuple(senses) for form, senses in forms.items()}


# Verbs of taking that the lexicon marks as transfers ("take from", "collect", "snatch"):
# said of the owner, they hand nothing over (WorldBuilder._owner_link).
TAKING_VERBS = frozenset({"take", "collect", "snatch", "grab", "retrieve", "fetch"})
# An event a relative clause tells of the noun it describes (_object_relative) is trusted
# this much: enough to say who wears or owns it ("The coat she wore was Tom's"), not enough
# to contradict on its own ("took off the coat she wore" ... "the coat she wore").
RELATIVE_OBJECT = 0.45
# "the coat (that) she wore": words that stand for the noun a relative clause describes.
RELATIVE_WORDS = frozenset({"that", "which", "whom"})
# "sat in her coat", "hunched inside his cloak": a person in a garment (_in_preps).
WEARING_IN_PREPS = frozenset({"in", "inside"})
# "The coat was his": possessives that stand alone as a predicate (_predicate_owner).
INDEPENDENT_POSSESSIVES = frozenset({"his", "hers", "theirs", "mine", "yours", "ours"})
# Verbs whose object a bare infinitive follows: "let the candle gutter out", "watched the
# lamp die" (_after_causative).
CAUSATIVES = frozenset({"let", "watch", "see", "make", "hear", "leave"})


def _after_causative(tok: Token) -> bool:
    """'let the candle/compound gutter/NOUN out': a word the small model read as a noun that
    stands where a causative's bare infinitive stands (its complement, or the subject of the
    particle that is)."""
    head = tok.head
    if tok.dep_ == "nsubj" and head.pos_ in ("ADP", "ADV") and head.dep_ in ("ccomp", "xcomp"):
        head = head.head
    elif tok.dep_ not in ("ccomp", "xcomp", "dobj"):
        return False
    return head.lemma_.lower() in CAUSATIVES


def _still_theirs(obj: WorldObject, transfer: Event) -> bool:
    """'Jonah held out his hoodie ... Mia pulled on his hoodie': after the thing changed
    hands the narration still names it by its owner before, so it was lent, not given."""
    owner = obj.owner
    if owner is None:
        return False
    return any(
        (m.parsed_index, m.start) > (transfer.parsed_index, transfer.end)
        and m.owner is not None
        and m.owner.same_as(owner) is True
        for m in obj.mentions
    )


def _conjoined_antecedent(pronoun: Token, mention: ObjectMention, pi: int) -> bool:
    """'unbuttoned his coat and tossed it onto the sofa': "it" is the object of a verb
    conjoined to one whose direct object is the thing it was resolved to, so it is sure."""
    verb = pronoun.head
    if pronoun.dep_ != "dobj" or verb.dep_ != "conj" or mention.parsed_index != pi:
        return False
    return any(c.dep_ == "dobj" and c.i == mention.token_i for c in verb.head.children)


def _nounlike(tok: Token) -> bool:
    """A noun, or a word the small model mistagged in a noun's place ("The decanter/ADV
    slipped"): lowercase, with a determiner or possessive (MENTION_POS, NOMINAL_DEPS)."""
    return tok.pos_ == "NOUN" or (
        tok.pos_ in ("ADV", "VERB", "ADJ", "PROPN")
        and tok.text.islower()
        and any(c.dep_ in ("det", "poss") and c.i < tok.i for c in tok.children)
    )


def _misread_comparative(tok: Token, lexicon: Lexicon) -> bool:
    """'let the decanter fall': the small model reads a rare noun in -er as a comparative
    adjective of the next word ("decanter/JJR fall/NOUN"). A word of the object lexicon so
    tagged, before a noun that is no object, is the noun."""
    return (
        tok.tag_ == "JJR"
        and tok.dep_ == "amod"
        and tok.text.islower()
        and tok.lower_ in lexicon.objects
        and tok.head.i > tok.i
        and tok.head.lemma_.lower() not in lexicon.objects
    )


# Things a person stands at or sits by, which an "in" phrase after them does not describe
# ("stood at the window in her coat": she is in the coat, not the window) (_in_preps).
PLACE_CATEGORIES = frozenset({"door", "furniture", "structure"})


def _just_before(noun: Token, tok: Token) -> bool:
    """Only particles, adverbs and the comma between the noun's phrase and tok: "the jug,
    brimming", "the jug down, brimming"; not "the jug on the table, brimming"."""
    between = noun.doc[noun.right_edge.i + 1 : tok.i]
    return (
        noun.i < tok.i
        and len(between) <= 3
        and all(t.dep_ in ("prt", "advmod", "punct") for t in between)
    )


def _weather_subject(verb: Token, weather: frozenset[str]) -> bool:
    """Is the verb's subject the weather ("the wind caught her cloak")?"""
    return verb.pos_ == "VERB" and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in weather for c in verb.children
    )


def _in_preps(
    verb: Token, by_token: dict, own: Callable[[Token], bool] = lambda poss: False
) -> list[Token]:
    """The "in" phrases of a verb, and those the parser hung on a place the verb names:
    "stood at the window in her coat", "sat by the fire in his cloak" ("in" under "window").
    Not under a thing the engine tracks ("the letter in his coat"), and only a garment whose
    possessive `own` accepts as the subject's ("sat by the man in his coat" is his)."""
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in WEARING_IN_PREPS]
    for c in verb.children:
        if c.dep_ != "prep" or c.lower_ in WEARING_IN_PREPS:
            continue
        for place in c.children:
            if place.dep_ != "pobj" or place.pos_ != "NOUN":
                continue
            if place.i in by_token and by_token[place.i].category not in PLACE_CATEGORIES:
                continue
            preps.extend(
                g for g in place.children
                if g.dep_ == "prep" and g.lower_ == "in"
                # "her coat", not "the man in the coat": worn by the one it is said of
                and any(
                    o.dep_ == "pobj" and any(p.dep_ == "poss" and own(p) for p in o.children)
                    for o in g.children
                )
            )  # fmt: skip
    return preps


def _its_light(poss: Token, nouns: frozenset[str]) -> Token | None:
    """The light noun a possessive is of: "its flame", and "its flame bending" when the
    small model hangs "its" on the participle and reads "flame" as its compound."""
    if poss.head.lemma_.lower() in nouns:
        return poss.head
    if poss.i + 1 < len(poss.doc):
        nxt = poss.doc[poss.i + 1]
        if nxt.dep_ == "compound" and nxt.head.i == poss.head.i and nxt.lemma_.lower() in nouns:
            return nxt
    return None


def _of_light(noun: Token, nouns: frozenset[str]) -> bool:
    """'a pool of light', 'a shaft of yellow light': a noun measuring out a light's light."""
    return any(
        c.dep_ == "prep" and c.lower_ == "of"
        and any(g.dep_ == "pobj" and g.lemma_.lower() in nouns for g in c.children)
        for c in noun.children
    )  # fmt: skip


def _object_under_adverb(verb: Token) -> list[Token]:
    """'pulled his shawl tighter': the small model reads "shawl" as a compound of the adverb,
    or as its npadvmod with the adverb the verb's object ("her/poss shawl/npadvmod
    tighter/dobj")."""
    return [
        g
        for c in verb.children
        if c.dep_ == "advmod" or (c.dep_ == "dobj" and c.pos_ == "ADV")
        for g in c.children
        if g.dep_ in ("compound", "npadvmod") and g.pos_ == "NOUN" and g.i < c.i
    ]


class WorldBuilder:
    """One pass over the parsed story; see the module docstring."""

    def __init__(self, model: StoryModel, lexicon: Lexicon) -> None:
        self.model = model
        self.lexicon = lexicon
        self.characters = model.get(PRONOUNS)
        self.quotes = model.get(QUOTES)
        self.identity = IdentityTracker(canon_owners(model, lexicon))
        self.world = World()
        self.states: dict[int, dict[str, Fact]] = {}
        self.recent: list[ObjectMention] = []
        self._current: dict[int, ObjectMention] = {}
        self._mask: list[bool] | None = None
        self._q: list[bool] = []
        self._time_ents: list[tuple[int, int]] = []  # this paragraph's, narrated (_time_entity_in)
        self._sent: Span | None = None
        self._has_objects = False
        self._asleep = False
        self._people_verbs = frozenset(k.split()[0] for k in lexicon.people.get("effects", {}))
        self._present_verbs = _present_forms(lexicon)
        self._pi = 0
        self._sentence_no = 0
        self._time_marks: list[int] = []  # sentences naming a time or date (_closeness)
        self._people: dict[str, WorldObject] = {}
        self._dialogue: set[int] = set()  # paragraphs mostly of quoted speech (_near)
        # (object, state) -> (the fact a contradiction set, the fact it replaced) (_apply)
        self._replaced: dict[tuple[int, str], tuple[Fact, Fact]] = {}

    # --- context: chapters, scenes, time jumps ------------------------------

    def _decay(self, upkeep: float, lasting: float, damage: float | None = None) -> None:
        """Trust what is known less after a break: upkeep states (worn, lit) most, lasting
        ones (gone, asleep) less, damage (broken, in pieces) as the caller says."""
        for facts in self.states.values():
            for attr in list(facts):
                if attr in UPKEEP:
                    factor = upkeep
                elif attr in CARRIED_STATES and damage is not None:
                    factor = damage
                else:
                    factor = lasting
                if factor == 0.0:
                    del facts[attr]
                else:
                    facts[attr].confidence *= factor
                    facts[attr].faded = True

    def run(self) -> World:
        chapter = scene = None
        for pi, parsed in enumerate(self.model.parsed):
            if not parsed.paragraph.is_story:
                continue
            if parsed.chapter_index != chapter:
                self._decay(**CHAPTER_DECAY)
                self.identity.new_chapter(parsed.chapter_index, self._carried())
                self.recent = []
            elif parsed.scene_index != scene:
                self._decay(SCENE_DECAY["upkeep"], SCENE_DECAY["lasting"])
                self.recent = []
            chapter, scene = parsed.chapter_index, parsed.scene_index
            lower = parsed.paragraph.text.lower()
            if any(phrase in lower for phrase in self.lexicon.elapsed_time):
                self._decay(ELAPSED_DECAY, 1.0)
            self._paragraph(pi, parsed.doc, parsed.offset, parsed.chapter_index)
        self.world.objects = list(self.identity.objects)
        return self.world

    def _carried(self) -> dict[str, tuple[WorldObject, str]]:
        """What a new chapter's "the jug" may still mean: a thing the chapter just ended (or
        one before it, not mentioned since) left broken, when it was the only one of its
        noun there and was introduced as "the jug" or "his jug". Only damage to things that
        are not used up and replaced all the time (food, drink, papers) carries over."""
        carried = {
            lemma: entry
            for lemma, entry in self.identity.carried.items()
            if lemma not in self.identity.live_objects()
        }
        for lemma, objs in self.identity.live_objects().items():
            if len(objs) != 1 or objs[0].category not in CARRIED_CATEGORIES:
                continue
            if objs[0].mentions[0].determiner not in ("def", "poss"):
                continue  # "she broke a cup": one of many; "the cup" later may be another
            facts = self.states.get(objs[0].id, {})
            damage = next((facts[a] for a in CARRIED_STATES if a in facts and facts[a].value), None)
            if damage is not None and damage.confidence >= MIN_LINK:
                why = (
                    f"the {lemma} broken in an earlier chapter ('{self._quote(damage.event)}'), "
                    f"the only {lemma} there, with no other {lemma} mentioned since"
                )
                carried[lemma] = (objs[0], why)
        return carried

    def _quoted(self, pi: int, doc: Doc, mask: list[bool] | None, i: int) -> bool:
        if self.quotes is not None and hasattr(self.quotes, "in_quote"):
            return bool(self.quotes.in_quote(pi, i))
        return bool(mask and mask[i])

    # --- mentions -----------------------------------------------------------

    def _mention(self, pi: int, tok: Token, offset: int) -> ObjectMention | None:
        if tok.pos_ != "NOUN" and not (
            tok.pos_ in ("PROPN", "ADJ")
            and tok.text.islower()
            and tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass")
        ):
            if not (
                tok.pos_ in ("ADV", "VERB")
                and tok.text.islower()
                and tok.dep_ in NOMINAL_DEPS
                and any(c.dep_ in ("det", "poss") and c.i < tok.i for c in tok.children)
            ) and not _misread_comparative(tok, self.lexicon):
                return None  # the small model sometimes tags "the oven" ADJ or PROPN
        lemma = tok.lemma_.lower()
        if lemma not in self.lexicon.objects and tok.lower_ in self.lexicon.objects:
            lemma = tok.lower_  # "scissors", "eyeglasses": the plural is the entry
        elif _worn_plural(tok, self.lexicon):
            lemma = tok.lower_  # "her glasses" are spectacles, not two tumblers
        if self._misread_verb(tok) is not None:
            return None  # "the candle gutters": a verb, not gutters
        if _in_idiom(tok, lemma, self.lexicon):
            return None  # "in the habit of", "followed suit": no thing
        if (
            tok.dep_ == "compound"
            and (
                tok.head.lemma_.lower() in self.lexicon.objects or lemma not in self.lexicon.objects
            )
            and self._misread_verb(tok.head) is None
            and tok.head.pos_ != "VERB"  # "let the candle/compound die/VERB": its subject
            and not self._garment_of_part(tok, lemma)
        ):
            # a modifier ("coat pocket"), unless the head is a misparse ("skateboard home")
            return None
        category = self.lexicon.category(lemma)
        for child in tok.children:
            if child.dep_ == "compound" and child.i == tok.i - 1:
                joined = f"{child.lower_} {lemma}"
                if joined in self.lexicon.objects:
                    lemma, category = joined, self.lexicon.objects[joined]
        if category is None or category in IMMOBILE:
            return None
        left = tok.i
        owner, own, determiner = None, False, "bare"
        for child in tok.children:
            if child.i > tok.i:
                continue
            if child.dep_ in ("det", "poss", "amod", "compound", "nummod", "predet"):
                left = min(left, child.left_edge.i)
            low = child.lower_
            if child.dep_ == "poss":
                owner = person_of(child, pi, self.characters)
                if owner is not None and owner.key.startswith("pron:"):
                    owner = _bound_possessive(child, owner, pi, self.characters)
                determiner = "poss"
            elif low == "own":
                own = True
            elif low in NEW_OBJECT_WORDS:
                determiner = "new"
            elif child.dep_ == "det" and low in ("a", "an", "some", "one"):
                determiner = "indef"
            elif child.dep_ == "det" and determiner == "bare":
                determiner = "def"
        head_poss = (
            # "her coat pockets": the possessive on the part is the garment's
            (tok.dep_ == "compound" and self._garment_of_part(tok, lemma))
            # "pulled her shawl tighter" read as "her/poss shawl/npadvmod tighter"
            or (tok.dep_ in ("compound", "npadvmod") and tok.head.pos_ == "ADV")
        )
        if owner is None and head_poss:
            poss = next((c for c in tok.head.children if c.dep_ == "poss" and c.i < tok.i), None)
            if poss is not None:
                owner = person_of(poss, pi, self.characters)
                if owner is not None and owner.key.startswith("pron:"):
                    owner = _bound_possessive(poss, owner, pi, self.characters)
                determiner = "poss"
                left = min(left, poss.i)
        if owner is None:
            owner = self._lender(pi, tok) or self._predicate_owner(pi, tok)
        doc = tok.doc
        start = offset + doc[left].idx
        end = offset + tok.idx + len(tok.text)
        return ObjectMention(
            pi, tok.i, start, end, lemma, category,
            doc[left : tok.i + 1].text,  # a span: doc.text would join the paragraph
            owner=owner, own=own, determiner=determiner,
            plural=tok.tag_ in ("NNS", "NNPS"),
            # "let the decanter/JJR fall/NOUN": it stands where the noun it modifies stands
            dep=tok.head.dep_ if _misread_comparative(tok, self.lexicon) else tok.dep_,
        )  # fmt: skip

    def _narrated_between(self, earlier: Event, later: Event) -> int:
        """Paragraphs of narration after the earlier passage up to the later one; paragraphs
        of talk narrate no dressing and do not count (as in _near)."""
        return sum(
            1
            for pi in range(earlier.parsed_index + 1, later.parsed_index + 1)
            if pi not in self._dialogue
        )

    def _garment_of_part(self, tok: Token, lemma: str) -> bool:
        """'her coat pockets', 'his coat collar': a garment named as the compound of a part
        of it (`hands_in: parts`, `worn_signs: parts`) is the garment, not a modifier."""
        if tok.dep_ != "compound" or self.lexicon.objects.get(lemma) not in ("garment",):
            return False
        parts = (self.lexicon.hands_in.get("parts") or frozenset()) | (
            self.lexicon.worn_signs.get("parts") or frozenset()
        )
        return tok.head.lemma_.lower() in parts

    def _body_part(self, tok: Token) -> bool:
        """A part of the body (`on_body: parts`): 'shoulders', 'hands'."""
        return tok.lemma_.lower() in (self.lexicon.on_body.get("parts") or ())

    def _predicate_owner(self, pi: int, tok: Token) -> Person | None:
        """'The coat she wore was his', 'the jacket was Tom's', 'the coat belonged to Tom': a
        possessive said of the thing as its predicate, or "belong to", names its owner."""
        head = tok.head
        if tok.dep_ not in ("nsubj", "nsubjpass") or head.lemma_ not in ("be", "belong"):
            return None
        if any(c.dep_ == "neg" for c in head.children):
            return None  # "the coat was not his"
        if head.lemma_ == "belong":
            to = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "to"), None)
            return person_in_prep(to, pi, self.characters) if to is not None else None
        for attr in head.children:
            if attr.dep_ not in ("attr", "acomp") or attr.i < head.i:
                continue
            if attr.lower_ in INDEPENDENT_POSSESSIVES or any(
                c.dep_ == "case" and c.lower_ in ("'s", "’s") for c in attr.children
            ):
                return person_of(attr, pi, self.characters)
        return None

    def _lender(self, pi: int, tok: Token) -> Person | None:
        """'the coat she had borrowed from him' belongs to him; 'the coat that he had lent her'
        to the one who lent it."""
        for clause in tok.children:
            if clause.dep_ == "relcl" and clause.lemma_ in ("borrow", "take", "steal"):
                for prep in clause.children:
                    if prep.dep_ == "prep" and prep.lower_ == "from":
                        return person_in_prep(prep, pi, self.characters)
            if clause.dep_ == "relcl" and clause.lemma_ in ("lend", "loan"):
                subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
                if subject is not None and subject.lower_ not in RELATIVE_WORDS:
                    return person_of(subject, pi, self.characters)
        return None

    def _pronoun_target(
        self, tok: Token, fits: Callable[[str], bool] | None = None
    ) -> tuple[ObjectMention | None, str]:
        """'it'/'them' -> the object mentioned last, preferring subjects and direct objects;
        with `fits`, the last in this sentence or the one before whose category the event
        applies to ("took the cup and drank it": the drink)."""
        plural = tok.lower_ in ("them", "they")
        tok_pi = self._pi
        earlier = [m for i, m in sorted(self._current.items()) if i < tok.i]
        # Only this paragraph and the one before: "it" rarely reaches further back.
        pool = [
            m
            for m in self.recent + earlier
            if m.plural == plural and m.parsed_index >= tok_pi - 1 and m.category != "person"
            and (fits is None or (fits(m.category) and m.sentence >= self._sentence_no - 1))
        ]  # fmt: skip
        if not pool:
            return None, ""
        salient = [m for m in pool[-3:] if m.dep in SALIENT_DEPS]
        mention = (salient or pool)[-1]
        return mention, f"'{tok.text}' refers back to '{mention.text}' just before it"

    # --- events ---------------------------------------------------------------

    def _targets(self, verb: Token, entry_target: str, prep: Token | None) -> list[Token]:
        if entry_target == "subject":
            if verb.dep_ == "amod" and verb.lower_ in self.lexicon.descriptions:
                return []  # "the burning candle": a description (_descriptions) says it
            if verb.dep_ in ("acl", "amod") and verb.head.pos_ == "NOUN":
                return [verb.head]  # "her cell phone ringing", "the clock ticking"
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects and verb.pos_ == "VERB":
                # "The candle/compound burns/VERB on the sill": present tense misread, the
                # subject hung on the verb as a compound
                subjects = [
                    c
                    for c in verb.children
                    if c.dep_ == "compound" and c.i < verb.i and _nounlike(c)
                ]
            if not subjects and verb.dep_ == "conj":
                # "the candle guttered and died": the conjunct shares its head's subject
                subjects = [
                    c
                    for c in verb.head.children
                    if c.dep_ == "nsubj" and (_nounlike(c) or c.lower_ in ("it", "they"))
                ]
            return subjects
        if entry_target == "prep":
            # The preposition the entry matched ("out of": "of" hangs under "out"), else any.
            preps = [prep] if prep is not None else [c for c in verb.children if c.dep_ == "prep"]
            return [p for c in preps for p in c.children if p.dep_ == "pobj"]
        found = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ != "ADV"]
        if not found:  # "turned on the oven" parsed with the oven under the particle
            found = [
                g for c in verb.children if c.dep_ == "prt" for g in c.children if g.dep_ == "pobj"
            ]
        if not found:
            found = _object_under_adverb(verb) or object_under_around(verb)
        if not found:
            found = _absolute_object(verb)
        if _object_relative(verb, found):
            found = [verb.head]  # "the coat (that) she wore": the noun it describes
        if not found and prep is not None and prep.lower_ in PARTICLE_WORDS:
            found = [
                g
                for g in prep.children
                if g.dep_ == "pobj" and g.pos_ != "NUM" and g.lemma_.lower() not in PIECE_WORDS
            ]  # "switched on" read as a preposition (not "cracked in two", "fell to pieces")
        if not found:
            # Ergative use: "the plate fell and smashed", "the candle flickered", "where it
            # broke" ("it" resolved as for an object, and trusted less).
            found = [
                c
                for c in verb.children
                if c.dep_ == "nsubj" and (_nounlike(c) or c.lower_ in PRONOUNS_OF_THINGS)
            ]
            has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
            if not found and verb.dep_ == "conj" and not has_subject:
                # "it fell and smashed": the conjunct shares its head's subject
                found = [
                    c
                    for c in verb.head.children
                    if c.dep_ == "nsubj" and (_nounlike(c) or c.lower_ in ("it", "they"))
                ]
        return expand_targets(found)

    def _fact(self, pi: int, verb: Token) -> bool:
        if self._q[verb.i]:
            return False
        # The modes stage already keeps a narrated verb conjoined to a quoted one
        # ('"Don't be silly," and dropped his coat') free of the quotation's negation.
        if not is_narrated_fact(self.model, pi, verb):
            return False
        return not is_hypothetical(verb, self._q[verb.head.i], self._sent)

    def _events_for_verb(self, pi, verb, offset, by_token) -> list[Event]:
        found = lookup(verb, self.lexicon)
        # "..., wrapped in his cloak"; not "wrapped Amy in his cloak" (`wrap in`: she wears it)
        wearing_participle = (
            verb.lemma_.lower() in self.lexicon.wearing_participles
            and any(c.dep_ == "prep" and c.lower_ == "in" for c in verb.children)
            and not any(c.dep_ == "dobj" for c in verb.children)
        )
        # "sat there in his coat", "was still in her cloak": a person in a garment wears it
        own = self._subject_owns(pi, verb)
        wearing_in = (
            not wearing_participle
            and verb.lemma_.lower() in self.lexicon.wearing_in
            and not any(
                c.dep_ in ("dobj", "nsubjpass") and not self._body_part(c)
                for c in verb.children
            )  # "hunched her shoulders inside her coat": her own body, not a thing
            and any(
                g.dep_ == "pobj" and by_token.get(g.i) is not None
                and by_token[g.i].category in ("garment", "accessory")
                for c in _in_preps(verb, by_token, own)
                for g in c.children
            )
        )  # fmt: skip
        if wearing_in:
            subject = subject_of(verb)
            wearing_in = subject is not None and person_of(subject, pi, self.characters) is not None
        wearing_participle = wearing_participle or wearing_in
        if verb.pos_ != "VERB" and found is None and not wearing_participle:
            return []
        if self._q[verb.i]:
            return []
        lemma = verb.lemma_.lower()
        people_matter = lemma in self._people_verbs or self._asleep
        if not self._has_objects and not people_matter:
            return []  # nothing here the engine tracks: skip the costly checks
        if verb.lemma_.lower() in self.lexicon.negated_absence:
            return self._absence(pi, verb, offset, by_token)
        if not self._fact(pi, verb):
            if found is not None:
                self._unsettle(verb, found, by_token)
            return []
        if not self._has_objects and not people_matter:
            return []
        confidence, notes = confidence_of(verb)
        start, end = quote_span(verb, offset, self._sent)
        subject = subject_of(verb)
        actor = person_of(subject, pi, self.characters) if subject is not None else None
        if actor is None and wearing_participle:
            actor = self._set_off_subject(pi, verb)
        events: list[Event] = []
        if actor is not None and subject is not None and people_matter and not actor.speaker:
            # (an actor found through a set-off participle has no subject token to quote:
            # its sleeping and waking are not read)
            # (the narrator's sleep is not tracked: "I" is in every sentence of a
            # first-person novel, and its waking is rarely narrated)
            events.extend(self._person_event(pi, verb, subject, actor, start, end, confidence))
        targets: list = []
        entry = None
        if wearing_participle:
            targets = [
                p for c in _in_preps(verb, by_token, own) for p in c.children if p.dep_ == "pobj"
            ]
            entry_requires, entry_effects = {"worn": True}, {"worn": True}
            entry, kind, key = None, "description", f"{verb.lemma_} in"
        elif found is not None:
            entry, targets = self._choose_sense(verb, found[0], found[1], by_token)
            prep = found[1]
            entry_requires, entry_effects, key = entry.requires, entry.effects, entry.key
            kind = "description" if entry.state else "event"
            if entry.state:
                confidence, notes = confidence_of(verb, state=True)
            confidence *= entry.confidence
        if verb.dep_ == "relcl" and verb.head in targets:
            # "the coat she wore": as often the thing named by a habit ("the dress she wore
            # to the ball") as a state now; and "the candle she had blown out" is backstory
            confidence *= RELATIVE_OBJECT
            notes = [*notes, "relative clause"]
        effect_confidence = confidence
        if entry is not None and entry.unless_complete is not None and not _complete(verb):
            effect_confidence = confidence * entry.unless_complete
        for tok in targets:
            mention = self._target_mention(tok, by_token)
            if mention is None:
                continue
            if wearing_in and mention.category not in ("garment", "accessory"):
                continue
            if entry is not None and not entry.applies_to(mention.category):
                if tok.lower_ in PRONOUNS_OF_THINGS:
                    # "took the cup and drank it": the drink mentioned last, not the cup
                    mention, reason = self._pronoun_target(tok, entry.applies_to)
                    if mention is None or mention.obj is None:
                        continue
                    mention.obj.merge_reasons.append((mention.start, reason))
                else:
                    # "drank the whole can of cola", "ate a bowl of soup": the contents
                    mention = self._contents(tok, mention, entry, by_token)
                    if mention is None:
                        continue
            if mention.dep == "pobj" and mention.token_i == tok.i:
                mention.dep = ACTED_ON  # "slipped out of his cloak": the thing acted on
            event = Event(pi, verb.i, key, mention, dict(entry_requires), dict(entry_effects),
                          start, end, confidence, actor=actor, kind=kind, notes=list(notes),
                          effect_confidence=effect_confidence,
                          transfer=bool(entry and entry.transfer),
                          loan=bool(entry and entry.loan))  # fmt: skip
            if (
                any(c.dep_ == "nsubjpass" and c.i == tok.i for c in verb.children)
                and entry is not None
            ):
                # "The radio was broken", "the arch is mended": the change, with no actor
                # and no precondition (the passive often states a result).
                event.actor, event.requires = None, {}
            if tok.lower_ in ("it", "them", "they"):
                event.confidence *= PRONOUN_TARGET
                event.notes.append(PRONOUN_NOTE)
            if _part_of(tok):
                event.notes.append(PART_NOTE)
            # An entry comes from `found`, with the preposition it matched.
            if entry is not None and entry.wearer == "prep" and prep is not None:
                event.wearer = person_in_prep(prep, pi, self.characters)
                if event.wearer is None:
                    continue  # "threw his coat over the chair": no one wears it
            elif entry is not None and entry.wearer == "object":
                # "helped him into her cloak": the person dressed; "wrapped herself in it"
                dressed = next((c for c in verb.children if c.dep_ == "dobj"), None)
                if dressed is None or dressed.lower_.endswith(("self", "selves")):
                    event.wearer = actor
                else:
                    event.wearer = person_of(dressed, pi, self.characters)
                if event.wearer is None:
                    continue  # "wrapped the parcel in his coat": no one wears it
            elif entry is not None and entry.wearer == "recipient":
                event.wearer = recipient_of(verb, pi, self.characters)
                if event.wearer is None:
                    event.effects.pop("worn", None)  # lent to someone we cannot name
            else:
                event.wearer = actor
            event.holder = (
                recipient_of(verb, pi, self.characters)
                if entry and entry.holder == "recipient"
                else actor
            )
            events.append(event)
        events.extend(self._partaking(pi, verb, by_token, start, end, confidence, actor))
        events.extend(self._resultative(pi, verb, by_token, events, start, end, confidence, actor))
        events.extend(
            self._handling(pi, verb, offset, by_token, targets, start, end, confidence, actor)
        )
        return events

    def _subject_owns(self, pi: int, verb: Token) -> Callable[[Token], bool]:
        """Does a possessive name the verb's subject ("she ... in her coat")?"""

        def own(poss: Token) -> bool:
            subject = subject_of(verb)  # looked up only when a possessive asks
            who = person_of(subject, pi, self.characters) if subject is not None else None
            if who is None:
                return False
            person = person_of(poss, pi, self.characters)
            return person is not None and person.same_as(who) is True

        return own

    def _partaking(self, pi, verb, by_token, start, end, confidence, actor) -> list[Event]:
        """'took a bite of the sandwich', 'had a sip of her tea': some of it is eaten, so it
        must still be there (lexicon `partaking`)."""
        spec = self.lexicon.partaking
        if not spec or verb.lemma_.lower() not in spec["verbs"]:
            return []
        events = []
        for noun in verb.children:
            if noun.dep_ != "dobj" or noun.lemma_.lower() not in spec["nouns"]:
                continue
            for prep in noun.children:
                if prep.dep_ != "prep" or prep.lower_ != "of":
                    continue
                for tok in expand_targets([g for g in prep.children if g.dep_ == "pobj"]):
                    mention = self._target_mention(tok, by_token)
                    if mention is None or mention.category not in spec["categories"]:
                        continue
                    events.append(
                        Event(pi, verb.i, f"{verb.lemma_} a {noun.lemma_} of", mention,
                              dict(spec["requires"]), {}, start, end,
                              confidence * float(spec.get("confidence", 0.9)), actor=actor,
                              holder=actor, notes=[PART_NOTE])
                    )  # fmt: skip
        return events

    def _on_body(self, pi, sent, offset, by_token, events) -> list[Event]:
        """'twisting the ring on her finger', 'the scarf round his neck': a garment or
        accessory on a part of someone's body is worn by them; 'slid the ring back onto her
        finger' puts it on them (lexicon `on_body`). Not for a thing this sentence already
        puts on or takes off."""
        spec = self.lexicon.on_body
        if not spec:
            return []
        done = {id(e.mention) for e in events if "worn" in e.requires or "worn" in e.effects}
        found = []
        for tok_i, mention in by_token.items():
            if mention.category not in ("garment", "accessory") or id(mention) in done:
                continue
            if mention.obj is None:
                continue
            tok = sent.doc[tok_i]
            heads = [tok]
            if tok.dep_ == "dobj":  # "slid the ring back onto her finger": under "back" too
                heads.append(tok.head)
                heads.extend(c for c in tok.head.children if c.dep_ in ("advmod", "prt"))
            hanging = tok.dep_ == "nsubj" and tok.head.lemma_.lower() in spec.get("hanging", ())
            if hanging:  # "his coat hung from her shoulders"
                heads.append(tok.head)
            preps = spec["preps"] | spec["put_preps"]
            for head in heads:
                for prep in head.children:
                    low = prep.lower_
                    wanted = (
                        preps | spec.get("hanging_preps", frozenset())
                        if head is not tok and hanging
                        else preps
                    )
                    if prep.dep_ != "prep" or low not in wanted:
                        continue
                    part = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    if part is None or part.lemma_.lower() not in spec["parts"]:
                        continue
                    poss = next((c for c in part.children if c.dep_ == "poss"), None)
                    person = person_of(poss, pi, self.characters) if poss is not None else None
                    if person is None:
                        continue
                    found.append((tok, mention, low, person))
                    break
                else:
                    continue
                break
        out = []
        for tok, mention, low, person in found:
            verb = tok.head
            if verb.pos_ in ("VERB", "AUX") and not self._fact(pi, verb):
                continue
            putting = (
                low in spec["put_preps"]
                or verb.lemma_.lower() in spec["putting"]
                or any(c.lower_ in spec.get("again", ("back",)) for c in verb.children)
            )
            assert self._sent is not None
            start = offset + self._sent.start_char
            end = offset + self._sent.end_char
            confidence = float(spec.get("confidence", 0.8))
            if mention.determiner not in ("def", "poss"):
                confidence *= 0.7  # "a ring on her finger": maybe another one
            if putting:
                event = Event(
                    pi,
                    verb.i,
                    f"{verb.lemma_} {low} (body)",
                    mention,
                    {},
                    {"worn": True},
                    start,
                    end,
                    confidence,
                    actor=person,
                )
            else:
                event = Event(
                    pi,
                    tok.i,
                    f"{mention.lemma} {low} (body)",
                    mention,
                    {"worn": True},
                    {"worn": True},
                    start,
                    end,
                    confidence,
                    actor=person,
                    kind="description",
                )
            event.wearer = person
            out.append(event)
        return out

    def _hands_in(self, pi, sent, offset, by_token, events) -> list[Event]:
        """'thrust his hands into the pockets of his coat', 'her hands deep in the pockets of
        her jacket': both hands in a garment's pockets is said of a garment the hands' owner has
        on (lexicon `hands_in`). One hand into a pocket may reach into a coat on a hook, so the
        hands must be plural."""
        spec = self.lexicon.hands_in
        if not spec:
            return []
        done = {id(e.mention) for e in events if "worn" in e.requires or "worn" in e.effects}
        out = []
        for part in sent:
            if part.lemma_.lower() not in spec["parts"] or part.dep_ != "pobj":
                continue
            prep = part.head
            if prep.lower_ not in spec["preps"]:
                continue
            head = prep.head
            if head.pos_ == "ADV" and head.head.i != head.i:  # "deep in the pockets"
                head = head.head
            hands = next(
                (
                    t
                    for t in (
                        head,
                        *head.children,
                        *(g for c in head.children if c.lower_ == "with" for g in c.children),
                    )
                    if t.lemma_.lower() in spec["hands"] and t.tag_ == "NNS" and t.pos_ == "NOUN"
                ),
                None,
            )
            if hands is None:
                continue
            verb = head if head.pos_ in ("VERB", "AUX") else hands.head
            if verb.pos_ in ("VERB", "AUX") and not self._fact(pi, verb):
                continue
            poss = next((c for c in hands.children if c.dep_ == "poss"), None)
            owner = poss if poss is not None else subject_of(verb)
            person = person_of(owner, pi, self.characters) if owner is not None else None
            if person is None:
                continue
            for tok in _whose_part(part):
                mention = by_token.get(tok.i)
                if mention is None or mention.obj is None or id(mention) in done:
                    continue
                if mention.category != "garment":
                    continue
                start, end = quote_span(verb, offset, self._sent)
                confidence = float(spec.get("confidence", 0.8))
                event = Event(pi, verb.i, f"{verb.lemma_} hands in (pocket)", mention,
                              {"worn": True}, {"worn": True}, start, end, confidence,
                              actor=person, holder=None)  # fmt: skip
                event.wearer = person
                out.append(event)
        return out

    def _worn_signs(self, pi, sent, offset, by_token, events) -> list[Event]:
        """'Snow had gathered on the shoulders of his cloak', 'her cloak billowed behind her',
        'the hem of his coat trailed in the mud as he crossed the yard': a garment weather
        lands on, or that moves with its owner, is worn by its owner (lexicon `worn_signs`).
        Only a garment with a possessive that names a person."""
        spec = self.lexicon.worn_signs
        if not spec:
            return []
        done = {id(e.mention) for e in events if "worn" in e.requires or "worn" in e.effects}
        out = []
        for tok_i, mention in by_token.items():
            if mention.obj is None or id(mention) in done or mention.category != "garment":
                continue
            tok = sent.doc[tok_i]
            poss = next((c for c in tok.children if c.dep_ == "poss"), None)
            if poss is None:
                continue
            person = person_of(poss, pi, self.characters)
            if person is None:
                continue
            # the garment, or the part of it it is "of": "the shoulders of his cloak"
            head = tok
            if (
                tok.dep_ == "pobj" and tok.head.lower_ == "of"
                and tok.head.head.lemma_.lower() in spec["parts"]
            ):  # fmt: skip
                head = tok.head.head
            verb = None
            if head.dep_ == "nsubj" and head.head.lemma_.lower() in spec["motion"]:
                verb = head.head
                if self._on_a_place(verb, by_token, spec["places"]):
                    continue  # "his coat swung on the peg"
                owner_again = any(
                    t.i != poss.i and not (head.left_edge.i <= t.i <= head.right_edge.i)
                    and (p := person_of(t, pi, self.characters)) is not None
                    and p.same_as(person) is True
                    for t in sent
                )  # fmt: skip
                if not owner_again:
                    continue
            elif head.dep_ == "dobj" and _weather_subject(head.head, spec["weather"]):
                # "the wind caught her cloak", "the rain soaked his coat"
                verb = head.head
                if self._on_a_place(verb, by_token, spec["places"]):
                    continue  # "the wind tore his coat from the line"
            elif head.dep_ == "pobj" and head.head.lower_ in spec["weather_preps"]:
                prep = head.head
                cand = prep.head
                if cand.pos_ in ("VERB", "AUX"):
                    subj = next((c for c in cand.children if c.dep_ == "nsubj"), None)
                    if subj is not None and subj.lemma_.lower() in spec["weather"]:
                        verb = cand
                elif cand.lemma_.lower() in spec["weather"] and cand.dep_ == "nsubj":
                    verb = cand.head  # "the snow on his coat melted"
            if verb is None or (verb.pos_ in ("VERB", "AUX") and not self._fact(pi, verb)):
                continue
            start, end = quote_span(verb, offset, self._sent)
            confidence = float(spec.get("confidence", 0.8))
            event = Event(pi, verb.i, f"{verb.lemma_} (a garment worn)", mention,
                          {"worn": True}, {"worn": True}, start, end, confidence,
                          kind="description")  # fmt: skip
            event.wearer = person
            out.append(event)
        return out

    @staticmethod
    def _on_a_place(verb: Token, by_token: dict, places: frozenset[str]) -> bool:
        """Does the verb put the garment on or by a place or a thing ("swung on the peg",
        "flapped on the line")? Then it is not on anyone."""
        return any(
            g.dep_ == "pobj" and (
                g.lemma_.lower() in places
                or (by_token.get(g.i) is not None
                    and by_token[g.i].category not in ("garment", "accessory"))
            )
            for c in verb.children if c.dep_ == "prep" for g in c.children
        )  # fmt: skip

    def _light_of(self, pi, sent, offset, by_token, events) -> list[Event]:
        """'By the light of the candle, he read on', 'in the glow of the lamp', 'the candle's
        flame': a light whose light is seen is lit (lexicon `light_of`)."""
        spec = self.lexicon.light_of
        if not spec:
            return []
        done = {id(e.mention) for e in events if "lit" in e.requires or "lit" in e.effects}
        out = []
        found = list(by_token.items())
        for tok in sent:
            # "by its flame": the light "its" refers back to
            if tok.lower_ == "its" and tok.dep_ == "poss":
                if _its_light(tok, spec["nouns"]) is not None:
                    mention, _ = self._pronoun_target(tok, lambda c: c in spec["categories"])
                    if mention is not None:
                        found.append((tok.i, mention))
        nouns = spec["nouns"]
        from_nouns = nouns | spec.get("from_nouns", frozenset())
        for tok_i, mention in found:
            if mention.obj is None or id(mention) in done:
                continue
            if mention.category not in spec["categories"]:
                continue
            tok = sent.doc[tok_i]
            if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "from"):
                shine = tok.head.head
                wanted = nouns if tok.head.lower_ == "of" else from_nouns
                if tok.head.lower_ == "from" and _of_light(shine, nouns):
                    wanted = {shine.lemma_.lower()}  # "a pool of light from the lamp"
            elif tok.dep_ == "pobj" and tok.head.dep_ == "agent":
                # "her face, lit by the candle": what a light lights up
                shine, wanted = tok.head.head, spec.get("lit_by", frozenset())
            elif tok.dep_ == "poss":
                shine, wanted = _its_light(tok, nouns) or tok.head, nouns
            elif tok.dep_ == "pobj" and tok.head.lower_ == "by":
                # "read the note by the lamp": the verb is done in its light
                shine, wanted = tok.head.head, spec.get("by_verbs", frozenset())
            elif tok.dep_ == "nsubj" and tok.head.lemma_.lower() in spec.get("shed_verbs", ()):
                # "the lamp cast long shadows": what the light casts
                shine = next((c for c in tok.head.children if c.dep_ == "dobj"), tok)
                wanted = from_nouns
            else:
                continue
            if shine.lemma_.lower() not in wanted:
                continue
            verb = shine
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            if verb.pos_ in ("VERB", "AUX") and not self._fact(pi, verb):
                # "bent closer to the lamp to read by its flame": the purpose is not done
                # yet, but the flame she bends to is there.
                if not (
                    verb.dep_ in ("advcl", "xcomp")
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
                    and self._fact(pi, verb.head)
                ):
                    continue
            assert self._sent is not None
            start = offset + self._sent.start_char
            end = offset + self._sent.end_char
            confidence = float(spec.get("confidence", 0.8))
            event = Event(pi, shine.i, f"{shine.lemma_} of (light)", mention, {"lit": True},
                          {"lit": True}, start, end, confidence, kind="description")  # fmt: skip
            if tok.lower_ == "its":
                event.confidence *= PRONOUN_TARGET
                event.notes.append(PRONOUN_NOTE)
            out.append(event)
        return out

    def _contents_in(self, pi, sent, offset, by_token, events) -> list[Event]:
        """'There was milk left in the teapot', 'the tea in the pot', 'the jug held water':
        food or drink in a vessel says the vessel is whole and at hand (lexicon
        `contents_in`)."""
        spec = self.lexicon.contents_in
        if not spec:
            return []
        keys = ("broken", "pieces", "gone")
        done = {
            id(e.mention) for e in events if any(k in e.requires or k in e.effects for k in keys)
        }
        out = []
        for tok_i, mention in by_token.items():
            if mention.obj is None or id(mention) in done or mention.category != "container":
                continue
            tok = sent.doc[tok_i]
            if any(c.dep_ in ("amod", "acomp") and c.lemma_.lower() in spec["broken"]
                   for c in tok.children):  # fmt: skip
                continue
            content = None
            if tok.dep_ == "pobj" and tok.head.lower_ in spec["preps"]:
                content = tok.head.head
                if content.dep_ == "acl":  # "milk left in the teapot"
                    content = content.head
            elif tok.dep_ == "nsubj" and tok.head.lemma_.lower() in spec["holding"]:
                content = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
            held = by_token.get(content.i) if content is not None else None
            if content is None or held is None or held.category not in spec["categories"]:
                continue
            if any(c.dep_ == "det" and c.lower_ == "no" for c in content.children):
                continue  # "there was no milk in the jug"
            verb = content
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            if verb.pos_ not in ("VERB", "AUX") or not self._fact(pi, verb):
                continue
            if any(c.dep_ == "neg" for c in verb.children):
                continue
            start, end = quote_span(verb, offset, self._sent)
            state = {"broken": False, "pieces": False, "gone": False}
            out.append(Event(pi, verb.i, f"{content.lemma_} in (a vessel)", mention, dict(state),
                             dict(state), start, end, float(spec.get("confidence", 0.8)),
                             kind="description"))  # fmt: skip
        return out

    def _poured_from(self, pi, sent, offset, by_token, events) -> list[Event]:
        """'took the jug from the shelf and poured a glass', 'reached for the teapot and
        poured': a pouring that names no vessel pours from the vessel its head verb acted on
        (lexicon `poured_from`), which must be whole."""
        spec = self.lexicon.poured_from
        if not spec:
            return []
        out = []
        for verb in sent:
            if verb.lemma_.lower() not in spec["verbs"] or verb.dep_ != "conj":
                continue
            if any(
                c.dep_ in ("prep", "prt") and c.lower_ in ("from", "out") for c in verb.children
            ):
                continue  # "poured from the pitcher", "poured it out of the can"
            vessel = next(
                (
                    by_token[t.i]
                    for t in _acted_on(verb.head)
                    if t.i in by_token and by_token[t.i].category in spec["categories"]
                ),
                None,
            )
            if vessel is None or vessel.obj is None or not self._fact(pi, verb):
                continue
            start, end = quote_span(verb, offset, self._sent)
            state = {"broken": False, "pieces": False, "gone": False}
            out.append(Event(pi, verb.i, f"{verb.lemma_} (from the {vessel.lemma})", vessel,
                             state, {}, start, end, float(spec.get("confidence", 0.8)),
                             actor=None))  # fmt: skip
        return out

    def _flame_out(self, pi, sent, offset, by_token, events) -> list[Event]:
        """'blew on the lamp until the flame died', 'its flame went out', 'the flame of the
        candle died': a light whose flame goes out is out (lexicon `light_of.out_verbs`). The
        light is the one the flame is "of", or "its", or the last light named before the flame
        in this sentence."""
        spec = self.lexicon.light_of
        if not spec or not spec.get("out_verbs"):
            return []
        done = {id(e.mention) for e in events if e.effects.get("lit") is False}
        out = []
        for flame in sent:
            if flame.dep_ != "nsubj" or flame.lemma_.lower() not in spec["nouns"]:
                continue
            verb = flame.head
            particles = [c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod")]
            lemma = verb.lemma_.lower()
            if lemma not in spec["out_verbs"] and not any(
                f"{lemma} {p}" in spec["out_verbs"] for p in particles
            ):
                continue
            if self._q[verb.i] or not self._fact(pi, verb):
                continue
            mention, pronoun = None, False
            for child in flame.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    mention = next((by_token[g.i] for g in child.children if g.i in by_token), None)
                elif child.dep_ == "poss":
                    if child.i in by_token:
                        mention = by_token[child.i]
                    elif child.lower_ == "its":
                        mention, _ = self._pronoun_target(child, lambda c: c in spec["categories"])
                        pronoun = True
            if mention is None and not any(c.dep_ in ("prep", "poss") for c in flame.children):
                before = [m for i, m in sorted(by_token.items()) if i < flame.i]
                mention = next(
                    (m for m in reversed(before) if m.category in spec["categories"]), None
                )
            if mention is None or mention.obj is None or id(mention) in done:
                continue
            if mention.category not in spec["categories"]:
                continue
            start, end = quote_span(verb, offset, self._sent)
            confidence = float(spec.get("confidence", 0.8))
            event = Event(pi, verb.i, f"{flame.lemma_} {lemma} (light)", mention, {},
                          {"lit": False}, start, end, confidence)  # fmt: skip
            if pronoun:
                event.confidence *= PRONOUN_TARGET
                event.notes.append(PRONOUN_NOTE)
            out.append(event)
        return out

    def _laid_down(self, pi, sent, offset, by_token, events) -> list[Event]:
        """'tossed it onto the sofa', 'threw his coat over the chair', 'stuffed the gloves into
        his pocket': a garment or accessory put onto, over or into a thing or a place is off
        (lexicon `on_body`: `putting` and `laying` verbs, `place_preps`, `places`). Not onto a
        part of the body or a person, and not for a thing this sentence already puts on or
        takes off."""
        spec = self.lexicon.on_body
        if not spec or not spec.get("place_preps"):
            return []
        # (by verb: "unbuttoned his coat and tossed it onto the sofa" is two acts on one coat;
        # but "took off his coat and threw it on the bed" takes it off once, not twice)
        done = {
            (e.verb_i, id(e.mention)) for e in events if "worn" in e.requires or "worn" in e.effects
        }
        off = {id(e.mention.obj) for e in events if e.effects.get("worn") is False}
        verbs = spec["putting"] | spec.get("laying", frozenset())
        not_places = spec["parts"] | spec.get("not_places", frozenset())
        out = []
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs or self._q[verb.i]:
                continue
            place = None
            for prep in verb.children:
                if prep.dep_ != "prep" or prep.lower_ not in spec["place_preps"]:
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    of = [g for c in pobj.children if c.lower_ == "of" for g in c.children]
                    if of and pobj.lemma_.lower() in ("back", "arm", "foot", "end", "edge"):
                        pobj = of[0]  # "over the back of a chair"
                    lemma = pobj.lemma_.lower()
                    if pobj.pos_ != "NOUN" or lemma in not_places:
                        continue
                    category = self.lexicon.category(lemma)
                    if category in ("garment", "accessory", "person"):
                        continue
                    if category is not None or lemma in spec.get("places", ()):
                        place = pobj
            if place is None or any(
                c.dep_ == "dative"
                or (c.dep_ == "prep" and c.lower_ == "to" and any(
                    g.dep_ == "pobj" and g.pos_ in ("PRON", "PROPN") for g in c.children
                ))
                for c in verb.children
            ):  # fmt: skip
                continue  # "pushed it to me across the table": handed over, not laid down
            for obj in verb.children:
                if obj.dep_ != "dobj":
                    continue
                mention = self._peek_mention(obj, by_token)
                if mention is None or (verb.i, id(mention)) in done or id(mention.obj) in off:
                    continue
                if mention.category not in ("garment", "accessory"):
                    continue
                if not self._fact(pi, verb):
                    break
                mention = self._target_mention(obj, by_token)
                if mention is None:
                    continue
                start, end = quote_span(verb, offset, self._sent)
                subject = subject_of(verb)
                actor = person_of(subject, pi, self.characters) if subject is not None else None
                event = Event(pi, verb.i, f"{verb.lemma_} {place.head.lower_} (a place)",
                              mention, {}, {"worn": False}, start, end,
                              float(spec.get("confidence", 0.8)), actor=actor)  # fmt: skip
                event.wearer = actor
                if obj.lower_ in PRONOUNS_OF_THINGS and not _conjoined_antecedent(obj, mention, pi):
                    event.confidence *= PRONOUN_TARGET
                    event.notes.append(PRONOUN_NOTE)
                out.append(event)
        return out

    def _resultative(self, pi, verb, by_token, events, start, end, confidence, actor):
        """'pushed the door open', 'kicked the door shut', 'wrenched the lid open': the
        object ends in the state the adjective names (a description word), needing what the
        verb of that name needs ("open": not locked)."""
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if len(objects) != 1 or objects[0].i not in by_token:
            return []
        obj_tok = objects[0]
        state_word = next(
            (c for c in verb.children
             if c.dep_ in RESULT_DEPS and c.i > obj_tok.i
             and c.lower_ in self.lexicon.descriptions and not list(c.children)),
            None,
        )  # fmt: skip
        if state_word is None:
            return []
        mention = self._target_mention(obj_tok, by_token)
        if mention is None or any(e.mention is mention and e.effects for e in events):
            return []
        state = dict(self.lexicon.descriptions[state_word.lower_])
        only = self.lexicon.description_categories.get(state_word.lower_)
        if only and mention.category not in only:
            return []
        senses = self.lexicon.senses.get(state_word.lower_, ())
        requires = dict(senses[0].requires) if senses else {}
        return [
            Event(pi, verb.i, f"{verb.lemma_} {state_word.lower_}", mention, requires, state,
                  start, end, confidence * 0.9, actor=actor, holder=actor)
        ]  # fmt: skip

    def _contents(self, tok: Token, mention: ObjectMention, entry: VerbEffect, by_token):
        """The food or drink a container names as a measure ("a can of cola", "the bowl of
        soup"), when the entry is said of food or drink and not of the container."""
        if mention.category != "container":
            return None
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    content = by_token.get(pobj.i) if pobj.dep_ == "pobj" else None
                    if content is not None and content.obj is not None:
                        if entry.applies_to(content.category):
                            return content
        return None

    def _set_off_subject(self, pi: int, verb: Token) -> Person | None:
        """'Sam came out with two cans of cola, hair everywhere, wrapped in the denim
        jacket': a participle set off by a comma describes the clause's subject, wherever
        the parser hung it ("the parcel wrapped in his coat", with no comma, does not)."""
        if verb.i == 0 or verb.doc[verb.i - 1].text != "," or verb.dep_ not in ("acl", "advcl"):
            return None
        root = verb.sent.root
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        return person_of(subject, pi, self.characters) if subject is not None else None

    def _choose_sense(
        self, verb: Token, senses: tuple[VerbEffect, ...], prep: Token | None, by_token
    ) -> tuple[VerbEffect, list[Token]]:
        """The first sense of the verb whose categories fit one of its objects ("burned the
        letter": destroyed; "the lamp burned": lit), with its target tokens; the first sense
        when none fits, so that its targets are still not read as mere handling."""
        first: tuple[VerbEffect, list[Token]] | None = None
        for sense in senses:
            if sense.parts:  # "fumbled at the buttons of his jacket": the jacket
                targets = [g for p in _acted_on(verb) if p.lemma_.lower() in sense.parts
                           for g in _whose_part(p)]  # fmt: skip
            else:
                targets = self._targets(verb, sense.target, prep)
            if first is None:
                first = (sense, targets)
            for tok in targets:
                mention = self._peek_mention(tok, by_token)
                if mention is not None and sense.applies_to(mention.category):
                    return sense, targets
        assert first is not None  # lookup returns at least one sense
        return first

    def _misread_verb(self, tok: Token) -> VerbEffect | None:
        """'The candle gutters', 'her phone rings': in present-tense narration the small
        model reads the verb as a plural noun whose compound is the subject. The verb's
        sense that is said of its subject, when the subject's category fits it."""
        if tok.i == 0:
            return None
        if tok.tag_ == "NNS" and tok.dep_ in ("ROOT", "pobj", "conj"):
            senses = self._present_verbs.get(tok.lower_)
        elif tok.pos_ == "NOUN" and _after_causative(tok):
            senses = self._bare_infinitive(tok)
        else:
            return None
        subject = tok.doc[tok.i - 1]
        if not senses or subject.dep_ != "compound" or subject.head.i != tok.i:
            return None
        category = self.lexicon.category(subject.lemma_.lower())
        return next((e for e in senses if category and e.applies_to(category)), None)

    def _bare_infinitive(self, tok: Token) -> tuple[VerbEffect, ...]:
        """'let the candle/compound gutter/NOUN out': the senses said of their subject of the
        verb a bare infinitive read as a noun spells, with its particle ("gutter out") when
        one hangs under it or it is the particle's subject."""
        particles = [c.lower_ for c in tok.children if c.dep_ in ("prt", "advmod")]
        if tok.dep_ == "nsubj" and tok.head.pos_ in ("ADP", "ADV"):
            particles.append(tok.head.lower_)
        for key in [f"{tok.lower_} {p}" for p in particles] + [tok.lower_]:
            # said of the subject, or ergative ("heard the jug break": broken)
            senses = [
                e
                for e in self.lexicon.senses.get(key, ())
                if e.target == "subject" or (e.target == "object" and e.form != "transitive")
            ]
            if senses:
                return tuple(senses)
        return ()

    def _present_wearing_in(self, pi: int, tok: Token, offset: int, by_token) -> list[Event]:
        """'Clerval huddles in his cloak': a present-tense `wearing_in` verb the small model
        reads as a plural noun after the name; the name is its subject."""
        if tok.lemma_.lower() not in self.lexicon.wearing_in or tok.i == 0:
            return []
        subject = tok.doc[tok.i - 1]
        if subject.head.i != tok.i or subject.dep_ not in ("compound", "amod", "nsubj"):
            return []
        person = person_of(subject, pi, self.characters) or self._named(subject)
        if person is None or not self._fact(pi, tok):
            return []
        out = []
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in WEARING_IN_PREPS:
                continue
            for g in prep.children:
                mention = by_token.get(g.i)
                if mention is None or mention.obj is None:
                    continue
                if g.dep_ != "pobj" or mention.category not in ("garment", "accessory"):
                    continue
                start, end = offset + tok.left_edge.idx, offset + prep.right_edge.idx
                event = Event(pi, tok.i, f"{tok.lemma_} in", mention, {"worn": True},
                              {"worn": True}, start, end + len(prep.right_edge.text),
                              MISREAD_PRESENT, actor=person, kind="description",
                              notes=["present tense read as a noun"])  # fmt: skip
                event.wearer = person
                out.append(event)
        return out

    def _named(self, tok: Token) -> Person | None:
        """The character a capitalised word names when the parser lost it as a name
        ("Clerval/compound huddles/NNS"): the one character whose name has that word."""
        if self.characters is None or not tok.text[:1].isupper():
            return None
        found = [
            c
            for c in self.characters.characters
            if short_name(c.name) == tok.text or tok.text in c.name.split()
        ]
        if len(found) != 1:
            return None
        gender = getattr(found[0].gender, "value", str(found[0].gender))
        return Person(f"c{found[0].id}", tok.text, gender)

    def _present_misread(self, pi: int, tok: Token, offset: int, by_token) -> list[Event]:
        """The event of a present-tense verb read as a noun (_misread_verb), trusted less."""
        wearing = self._present_wearing_in(pi, tok, offset, by_token)
        if wearing:
            return wearing
        entry = self._misread_verb(tok)
        mention = by_token.get(tok.i - 1)
        if entry is None or mention is None or mention.obj is None or not self._fact(pi, tok):
            return []
        start = offset + tok.left_edge.idx
        end = offset + tok.idx + len(tok.text)
        return [
            Event(pi, tok.i, entry.key, mention, dict(entry.requires), dict(entry.effects),
                  start, end, MISREAD_PRESENT, notes=["present tense read as a noun"])
        ]  # fmt: skip

    def _unsettle(
        self, verb: Token, found: tuple[tuple[VerbEffect, ...], Token | None], by_token
    ) -> None:
        """A change the narration only mentions ("it took eleven days to reforge the sword",
        "she meant to relight the candle") is not a fact, but what was known before is less
        sure afterwards: the states it would change are trusted at UNSETTLED. A negated
        change ("he never mended the jug") leaves them as they were."""
        if any(c.dep_ == "neg" for t in (verb, verb.head) for c in t.children):
            return
        entry, targets = self._choose_sense(verb, found[0], found[1], by_token)
        for tok in targets:
            mention = self._peek_mention(tok, by_token)
            if mention is None or not entry.applies_to(mention.category):
                continue
            facts = self.states.get(mention.obj.id, {})  # type: ignore[union-attr]
            for attr, value in entry.effects.items():
                fact = facts.get(attr)
                if fact is not None and value is not None and fact.value != value:
                    fact.confidence *= UNSETTLED

    def _peek_mention(self, tok: Token, by_token) -> ObjectMention | None:
        """The object a token names or "it" refers to, without recording the link."""
        mention = by_token.get(tok.i)
        if mention is None and tok.lower_ in PRONOUNS_OF_THINGS:
            mention, _ = self._pronoun_target(tok)
        return mention if mention is not None and mention.obj is not None else None

    def _target_mention(self, tok: Token, by_token) -> ObjectMention | None:
        mention, reason = by_token.get(tok.i), ""
        if mention is None and tok.lower_ in ("it", "them", "they"):
            mention, reason = self._pronoun_target(tok)
        if mention is None or mention.obj is None:
            return None
        if reason:
            mention.obj.merge_reasons.append((mention.start, reason))
        return mention

    def _handling(
        self, pi, verb, offset, by_token, done, start, end, confidence, actor
    ) -> list[Event]:
        """Any other action on an object needs it at hand and whole (weak evidence alone)."""
        handling = self.lexicon.handling
        if not handling or verb.pos_ != "VERB":
            return []
        preps = set(handling.get("preps") or ())
        lemma = verb.lemma_.lower()
        if lemma in handling["instrument_except"]:
            return []
        targets = (
            []
            if done or lemma in handling["except"]
            else [c for c in verb.children if c.dep_ == "dobj"]
        )
        prep_heads = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
        for child in (c for head in prep_heads for c in head.children):
            if child.dep_ == "prep" and child.lower_ in preps:
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        targets.append(grand)
                    elif grand.dep_ == "prep":  # "out of the box"
                        targets.extend(g for g in grand.children if g.dep_ == "pobj")
        targets = expand_targets(targets)
        weak = float(handling.get("confidence", 0.45))
        events = []
        for tok in targets:
            if any(tok.i == d.i for d in done):
                continue
            mention = self._target_mention(tok, by_token)
            if mention is None:
                continue
            requires = dict(
                handling["food_requires"]
                if mention.category in ("food", "drink")
                else handling["requires"]
            )
            if mention.category == "container" and tok.head.lower_ in handling.get(
                "container_preps", ()
            ):
                requires.update(handling.get("container_requires") or {})
            if mention.category == "device":
                requires.update(handling.get("device_requires") or {})
            events.append(
                Event(pi, verb.i, f"{verb.lemma_} (handling)", mention, dict(requires), {},
                      start, end, confidence * weak, actor=actor, holder=actor, weak=weak,
                      notes=[PRONOUN_NOTE] if tok.lower_ in PRONOUNS_OF_THINGS else [])
            )  # fmt: skip
        return events

    def _absence(self, pi, verb, offset, by_token) -> list[Event]:
        """'Tom could not find the screwdriver': the screwdriver is not at hand."""
        if not any(c.dep_ == "neg" for c in verb.children):
            return []
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
            return []
        start, end = quote_span(verb, offset, self._sent)
        events = []
        for tok in verb.children:
            if tok.dep_ != "dobj":
                continue
            mention = self._target_mention(tok, by_token)
            if mention is not None:
                requires = dict(self.lexicon.absence_requires)
                events.append(
                    Event(
                        pi,
                        verb.i,
                        f"not {verb.lemma_}",
                        mention,
                        requires,
                        {"gone": True},
                        start,
                        end,
                        0.8,
                    )
                )
        return events

    def _person_event(self, pi, verb, subject, actor, start, end, confidence) -> list[Event]:
        """Falling asleep, fainting, waking; and acting, which needs a character awake."""
        people = self.lexicon.people
        lemma = verb.lemma_.lower()
        keys = [lemma]
        for child in verb.children:
            if child.dep_ in ("prt", "acomp", "advmod", "oprd") and not any(
                g.dep_ == "prep" for g in child.children
            ):  # "passed out of doors" is a way out, not a faint
                keys.append(f"{lemma} {child.lower_}")
            if child.dep_ == "prep":
                keys.extend(
                    f"{lemma} {child.lower_} {g.lower_}" for g in child.children if g.dep_ == "pobj"
                )
        matched = next((k for k in reversed(keys) if k in people.get("effects", {})), None)
        effect = people["effects"][matched] if matched else None
        person_obj = self._person_object(actor)
        mention = ObjectMention(pi, subject.i, start, end, actor.label, "person", subject.text)
        mention.obj = person_obj
        if effect is not None:
            assert matched is not None  # `effect` is looked up by `matched`
            return [
                Event(
                    pi,
                    verb.i,
                    matched,
                    mention,
                    {},
                    dict(effect),
                    start,
                    end,
                    confidence,
                    actor=actor,
                )
            ]
        if lemma in people.get("passive", ()) or verb.tag_ in ("VBG", "VBN"):
            return []
        weak = float(people.get("confidence", 0.45))
        return [
            Event(pi, verb.i, lemma, mention, {"conscious": True}, {}, start, end,
                  confidence * weak, actor=actor, weak=weak)
        ]  # fmt: skip

    def _person_object(self, person: Person) -> WorldObject:
        obj = self._people.get(person.key)
        if obj is None:
            obj = WorldObject(-1 - len(self._people), person.label, "person", -1)
            self._people[person.key] = obj
        return obj

    def _descriptions(self, pi: int, tok: Token, offset: int, by_token) -> list[Event]:
        """'the radio was broken', 'the broken radio': the text asserting a state."""
        state = self.lexicon.descriptions.get(tok.lower_)
        if not state:
            return []
        target = None
        verb = tok.head if tok.dep_ != "amod" else tok.head.head
        if tok.dep_ == "pobj":
            # "the jug lay in pieces", "the vase was in fragments": only words of breaking
            prep = tok.head
            if not state.get("pieces") or prep.lower_ not in ("in", "to"):
                return []
            verb = prep.head
            if verb.lemma_ not in STATE_COPULAS:
                return []
            target = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if target is None and verb.dep_ == "conj":  # "fell and lay in pieces"
                target = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        elif tok.dep_ == "amod" and tok.head.i in by_token:
            target = tok.head
        elif (
            tok.dep_ == "acl"
            and tok.head.i in by_token
            and tok.i > 0
            and tok.nbor(-1).lower_ == ","
            and tok.nbor(-1).i == tok.head.i + 1
        ):
            target = tok.head  # "handed him the jug, brimming with cider"
        elif _found_state(tok, by_token):
            target = tok.head  # "found the teapot broken on the floor"
        elif (
            tok.dep_ == "ccomp"
            and tok.head.lemma_ in FOUND_VERBS
            and tok.tag_ in ("VBN", "JJ")
            and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)
        ):
            # "found the cup smashed", read as a clause with the cup as its subject
            target = next(
                (c for c in tok.children if c.dep_ == "nsubj" and c.right_edge.i + 1 == tok.i),
                None,
            )
        elif tok.dep_ in ("oprd", "xcomp", "ccomp") and tok.head.lemma_ in KEEP_VERBS:
            # "kept her jacket buttoned to the chin", "left the door open" (right after the
            # object: not "leaving the door ajar in her haste to be gone")
            target = next(
                (c for c in tok.head.children if c.dep_ == "dobj" and c.right_edge.i + 1 == tok.i),
                None,
            )
        elif (
            tok.dep_ in ("acomp", "oprd")
            or (tok.dep_ in ("advcl", "xcomp") and tok.tag_ in ("VBN", "JJ", "VBG"))
            # "the teapot lies shattered by the sink", the participle read as a clause
            or (tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("VERB", "AUX"))
            # "the candle was alight", read as a noun: bare, with no determiner
            or (tok.dep_ == "attr" and not any(c.dep_ in ("det", "poss") for c in tok.children))
        ) and tok.head.lemma_ in STATE_COPULAS:
            # "the radio was broken", "the door stood open", "the lamp remained lit", "the jug
            # stood brimming"
            target = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        elif (
            tok.dep_ == "advcl"
            and tok.tag_ in ("JJ", "VBG")
            and tok.i > 0
            and tok.nbor(-1).lower_ == ","
        ):
            # "carried the jug, full to the brim, into the kitchen", "handed him the jug,
            # brimming with cider": said of the object just before the comma (not a past
            # participle, which as often describes the subject: "shattered by the news")
            # ("set the jug down, brimming with water": a particle may come between)
            target = next(
                (c for c in tok.head.children if c.dep_ == "dobj" and _just_before(c, tok)), None
            )
        if target is None:
            return []
        mention = by_token.get(target.i)
        if mention is None and target.lower_ == "it":
            mention, _ = self._pronoun_target(target)
        if mention is None or mention.obj is None:
            return []
        only = self.lexicon.description_categories.get(tok.lower_)
        if only and mention.category not in only:
            return []  # "a full skirt" is not a full jug
        if not self._fact(pi, verb):
            return []
        sent = self._sent
        assert sent is not None  # set by _sentence before it looks for descriptions
        start, end = offset + sent.start_char, offset + sent.end_char
        event = Event(
            pi,
            tok.i,
            tok.lower_,
            mention,
            dict(state),
            dict(state),
            start,
            end,
            _description_confidence(tok, mention),
            kind="description",
        )
        if state.get("worn"):
            # who has it on: the subject of "kept her jacket buttoned", else its possessive
            # ("his coat was buttoned"), so that a garment handed on after it was taken off
            # is still known to be back on the one who took it off (_still_off)
            wearer_tok = None
            if tok.head.lemma_ in KEEP_VERBS and tok.dep_ in ("oprd", "xcomp", "ccomp"):
                wearer_tok = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if wearer_tok is None:
                wearer_tok = next((c for c in target.children if c.dep_ == "poss"), None)
            if wearer_tok is not None:
                event.wearer = person_of(wearer_tok, pi, self.characters)
        return [event]

    # --- state ------------------------------------------------------------------

    def _owner_link(self, event: Event) -> None:
        """'She took off her coat' while wearing his: the same coat, called by a new owner."""
        mention = event.mention
        obj = mention.obj
        assert obj is not None  # an event's mention has its object (_target_mention)
        # An act said of a garment its actor has on ("buttoned his coat"), or one that ends
        # their wearing it ("hung his coat on the peg", "took off his coat").
        ends_wearing = event.effects.get("worn") is False and event.kind == "event"
        if not (event.requires.get("worn") or ends_wearing or event.kind == "mention"):
            return
        if mention.owner is None or len(obj.mentions) != 1:
            return
        wearer = event.wearer or event.actor
        if wearer is None:
            return
        for other in reversed(self.identity.live(obj.lemma)):
            if other is obj or other.owner is None:
                continue
            fact = self.states.get(other.id, {}).get("worn")
            on_loan = False
            if fact is None or not fact.value:
                # "Amy borrowed John's shawl": a garment lent to someone is theirs to hand
                # (held, not known to be worn), and linked a little less surely.
                held = self.states.get(other.id, {}).get("held")
                if held is not None and held.value and held.event.loan:
                    fact, on_loan = held, True
            if fact is None or not fact.value or fact.confidence < MIN_LINK:
                continue
            if fact.person is None or not fact.person.could_be(wearer):
                continue
            sure = 1.0 if fact.person.same_as(wearer) is True else 0.85
            if on_loan:
                sure *= LOAN_LINK
            if other.owner.same_as(mention.owner) is not False:
                continue
            if any(
                e.transfer
                and e.mention.obj is other
                and (not e.loan or self._gift(e))
                and not _still_theirs(other, e)
                # "Davy took his cloak from the peg": its owner taking it is no handover
                # (holding it out to someone is, though the holder is still its owner)
                and not (
                    e.key.split()[0] in TAKING_VERBS
                    and e.holder is not None
                    and other.owner.same_as(e.holder) is True
                )
                for e in self.world.events
            ):
                return  # given or sold on the page: the new owner is explained
            worn_by = fact.person.label
            has = "has" if fact.person.be() == "is" else "have"
            reason = (
                f"'{mention.text}' is taken to be the {other.lemma} {worn_by} "
                f"{fact.person.be()} wearing ('{self._quote(fact.event)}'): it is the only "
                f"{other.lemma} {worn_by} {has} on "
                if not on_loan
                else f"'{mention.text}' is taken to be the {other.lemma} {worn_by} {has} on "
                f"loan ('{self._quote(fact.event)}'): it is the only such {other.lemma} "
            ) + (
                f"and no other {other.lemma} of {mention.owner.independent_possessive()} "
                "appears before"
            )
            self.identity.reassign(mention, other, reason)
            established = next(
                (
                    e
                    for e in self.world.events
                    if e.mention.obj is other and e.mention.owner is not None
                ),
                fact.event,
            )
            self.world.conflicts.append(
                Conflict("owner", other, "owner", established, event,
                         0.8 * sure * min(1.0, fact.confidence + 0.2)
                         * (0.8 if event.kind == "mention" else 1.0),
                         self.model.parsed[event.parsed_index].chapter_index,
                         reason=reason, person=fact.person, on_loan=on_loan)
            )  # fmt: skip
            return

    def _mention_links(self, pi, sent, offset, by_token, events) -> None:
        """'Ivy brushed the snow from her coat', 'She turned up the collar of her coat': a
        garment called by the possessive of the subject of the clause it is in, whatever the
        verb, is something its owner has to hand; while they wear someone else's garment of
        that kind and no garment of theirs of it has appeared, it is that one (OBJ001, less
        sure than an act that needs the garment worn). Only narrated, affirmed clauses."""
        # An act that puts it on or hands it over says nothing of a garment already worn.
        acted = {id(e.mention) for e in events if e.effects.get("worn") or e.transfer}
        for mention in list(by_token.values()):
            if id(mention) in acted or mention.category != "garment" or mention.own:
                continue
            if mention.owner is None or mention.obj is None or mention.determiner != "poss":
                continue
            tok = sent.doc[mention.token_i]
            verb = tok.head
            hops = 0
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and hops < 4:
                verb = verb.head
                hops += 1
            if verb.pos_ not in ("VERB", "AUX") or not self._fact(pi, verb):
                continue
            subject = subject_of(verb)
            actor = person_of(subject, pi, self.characters) if subject is not None else None
            if actor is None or actor.same_as(mention.owner) is not True:
                continue
            start, end = quote_span(verb, offset, self._sent)
            event = Event(pi, verb.i, f"{verb.lemma_} (mention)", mention, {}, {}, start, end,
                          0.75, actor=actor, kind="mention")  # fmt: skip
            event.wearer = actor
            event.sentence = self._sentence_no
            self._owner_link(event)

    def _gift(self, event: Event) -> bool:
        """A loan the passage, or the one after it, calls a gift ("Here. Keep it.")."""
        words = self.lexicon.gift_words
        parsed = self.model.parsed
        for pi in (event.parsed_index, event.parsed_index + 1):
            if pi < len(parsed):
                text = " ".join(parsed[pi].paragraph.source.text.lower().replace("’", "'").split())
                if any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
                    return True
        return False

    def _closeness(self, attr: str, fact: Fact, event: Event) -> float:
        """How little room the text leaves for an off-page change between the passage that
        set a state and the one that contradicts it: 1.0 a sentence apart, less with each
        sentence after (CLOSE_SENTENCES), 0.0 across a scene break or time jump, when the
        object is mentioned in between (it may have been seen to off the page there, in
        words the engine does not read) or when the state was set in backstory."""
        earlier = fact.event
        if fact.faded or earlier.sentence < 0 or event.sentence < 0:
            return 0.0
        if earlier.parsed_index > event.parsed_index:
            return 0.0
        if earlier.mention.category == "person":
            # People wake off the page, and come round in words the lexicon does not know
            # ("When she came to herself", "Presently he came to himself again"): on the 98
            # novels, lifting a faint or a sleep by closeness, even only for the very next
            # sentence after a "people: certain" effect, gave 16 findings at default and
            # every one was false. A person's state is never lifted.
            return 0.0
        if UNSURE_NOTES.intersection(earlier.notes):
            return 0.0  # under way, partial or backstory
        if PRONOUN_NOTE in event.notes:
            return 0.0  # "it" resolved by recency: maybe another thing
        trust = PRONOUN_CLOSE if PRONOUN_NOTE in earlier.notes else 1.0
        if earlier.mention.plural != event.mention.plural:
            return 0.0  # "destroyed their boats" ... "the boat": maybe another one
        if event.effects.get(attr) == fact.value:
            return 0.0  # taken off twice: a retelling, or someone else's, as often as a slip
        apart = event.sentence - earlier.sentence
        if event.parsed_index - earlier.parsed_index > SCENE_CLOSE_PARAGRAPHS:
            return 0.0
        obj = event.mention.obj
        if obj is not None and any(
            earlier.sentence < m.sentence < event.sentence for m in obj.mentions
        ):
            return 0.0
        for mark in reversed(self._time_marks):
            if mark <= earlier.sentence:
                break
            if mark <= event.sentence:
                return 0.0  # "At half past seven the doorbell went": time passed
        if apart >= len(CLOSE_SENTENCES):
            # Further on in the same scene, with the thing not mentioned in between.
            return SCENE_CLOSE_BY_STATE.get(attr, SCENE_CLOSE) * trust
        return CLOSE_SENTENCES[apart] * trust

    def _quote(self, event: Event) -> str:
        return self.model.parsed[event.parsed_index].paragraph.source.text[event.start : event.end]

    def _add_conflict(self, conflict: Conflict) -> None:
        """One slip, one finding: "She set the full jug on the table" after the jug was
        smashed is one contradiction, though both "set" and "full" say the jug is whole.
        Of conflicts about one object in one passage, the most confident is kept."""
        later = conflict.contradiction
        conflicts = self.world.conflicts
        for i in range(max(0, len(conflicts) - 4), len(conflicts)):
            other = conflicts[i]
            seen = other.contradiction
            if (
                other.obj is conflict.obj
                and other.kind == conflict.kind
                and seen.parsed_index == later.parsed_index
                and seen.start < later.end
                and later.start < seen.end
            ):
                if conflict.confidence > other.confidence:
                    conflicts[i] = conflict
                return
        conflicts.append(conflict)

    def _apply(self, event: Event) -> None:
        self._owner_link(event)
        obj = event.mention.obj
        assert obj is not None  # an event's mention has its object (_target_mention)
        facts = self.states.setdefault(obj.id, {})
        for attr, wanted in event.requires.items():
            fact = facts.get(attr)
            if fact is None:
                continue
            if fact.handed and not _still_off(fact, event):
                continue
            replaced = self._replaced.get((obj.id, attr))
            if (
                replaced is not None
                and replaced[0] is fact
                and fact.event.sentence == self._sentence_no
                and fact.event.start < event.end
                and event.start < fact.event.end
            ):
                # A contradiction earlier in this sentence adopted its state ("set the full
                # jug": "set"); a later one of the same passage ("full") is weighed against
                # the same earlier state, and the surer of the two reported (_add_conflict).
                fact = replaced[1]
            person = event.wearer if attr == "worn" else event.holder
            if fact.value != wanted and _restated(fact.event, event):
                break  # "sold his books ... selling the books he had": the same act told twice
            if fact.value != wanted and "past perfect" in event.notes:
                break  # backstory is told out of order: it cannot contradict what came before
            if fact.value != wanted:
                # What may have happened off the page between the two passages: a state
                # people restore (a door opened again), clothes put back on, weak handling
                # evidence, an eating that may have left some. The closer the two passages,
                # the less room for it (_closeness); a sentence apart, none.
                close = self._closeness(attr, fact, event)
                off_page = REVERSIBLE_FACTOR if attr in REVERSIBLE else 1.0
                far = self._narrated_between(fact.event, event) > SCENE_CLOSE_PARAGRAPHS
                if (
                    attr == "worn"
                    and (event.kind != "description" or far)
                    and not _near(fact, event, self._dialogue)
                ):
                    # Taking off or buttoning a coat that came off earlier: people put
                    # clothes back on off the page. Only a narrated state ("draped in
                    # his coat") within SCENE_CLOSE_PARAGRAPHS, or an act a few paragraphs
                    # on in the same scene ("took off his coat" ... "pulled his coat
                    # tighter"), contradicts firmly. ("took off her bonnet" ... sixty
                    # paragraphs and a week on, "she had on her Sunday bonnet": put on.)
                    # Handed to someone else first ("handed it to the maid"): it must be
                    # handed back before it is put on again, which is less often left out.
                    if fact.handed:
                        off_page *= HANDED_WORN
                    elif event.effects.get("worn") is False or far:
                        off_page *= OFF_PAGE_WORN  # taken off again, or long after
                    else:
                        off_page *= OFF_PAGE_WORN_ACT
                # A character's eating, told as done: closeness says they ate it all. ("The
                # cake eaten, healths drunk": no one in particular, a custom as often.)
                partial = _partial_ratio(fact)
                confidence = (
                    fact.confidence
                    * _lift(partial, close if fact.event.actor is not None else 0.0)
                    / partial
                    * event.confidence
                    * _lift(event.weak, close)
                    / event.weak
                    * _lift(off_page, close)
                )
                if confidence >= MIN_CONFLICT:
                    self._add_conflict(
                        Conflict("ended", obj, attr, fact.event, event, confidence,
                                 self.model.parsed[event.parsed_index].chapter_index)
                    )  # fmt: skip
                self._replaced[(obj.id, attr)] = (
                    Fact(wanted, event.confidence, event, person),
                    fact,
                )
                facts[attr] = self._replaced[(obj.id, attr)][0]
                # The later passage's state is adopted, all of it ("filled the jug" after
                # it smashed: neither broken nor in pieces), so one slip gives one finding.
                # What else the contradicted passage set is in doubt too ("smashed": broken
                # and in pieces; "rinsed the jug and filled it" is one slip, not two).
                ended = fact.event
                for other_attr in [a for a, f in facts.items() if f.event is ended]:
                    del facts[other_attr]
                for other_attr, other_wanted in event.requires.items():
                    known = facts.get(other_attr)
                    if known is not None and known.value != other_wanted:
                        who = event.wearer if other_attr == "worn" else event.holder
                        facts[other_attr] = Fact(other_wanted, event.confidence, event, who)
                break
            if (
                wanted and attr in ("worn", "held") and event.kind == "description"
                and fact.person is not None and person is not None
                and fact.person.same_as(person) is False
                and not _names_own(event.mention, person)
            ):  # fmt: skip
                confidence = fact.confidence * event.confidence * 0.8
                if confidence >= MIN_CONFLICT:
                    self._add_conflict(
                        Conflict("two-places", obj, attr, fact.event, event, confidence,
                                 self.model.parsed[event.parsed_index].chapter_index)
                    )  # fmt: skip
        effect_confidence = (
            event.confidence if event.effect_confidence is None else event.effect_confidence
        )
        for attr, value in event.effects.items():
            if value is None:
                known = facts.pop(attr, None)
                if (
                    attr == "worn" and event.transfer and known is not None
                    and not known.value and not known.handed
                ):  # fmt: skip
                    # Taken off, then handed on: still off the one who took it off (not
                    # when it is handed on again: "gave it back").
                    facts[attr] = dataclasses.replace(known, handed=True, handed_to=event.holder)
                continue
            person = event.wearer if attr == "worn" else event.holder if attr == "held" else None
            facts[attr] = Fact(value, effect_confidence, event, person)
            handed = facts.get("worn")
            if (
                attr == "held" and value and handed is not None and handed.handed
                and not event.transfer
                and (person is None or handed.handed_to is None
                     or person.same_as(handed.handed_to) is False)
            ):  # fmt: skip
                del facts["worn"]  # taken back from whom it was handed to
        if event.effects.get("gone"):
            facts.pop("worn", None)
            facts.pop("held", None)
        self.world.events.append(event)

    # --- one paragraph -------------------------------------------------------------

    def _paragraph(self, pi: int, doc: Doc, offset: int, chapter_index: int) -> None:
        mask = None if self.quotes is not None else quote_mask(doc)
        self._mask = mask
        self._pi = pi
        if self.quotes is not None and hasattr(self.quotes, "flags"):
            self._q = self.quotes.flags(pi, len(doc))
        else:
            self._q = [self._quoted(pi, doc, mask, i) for i in range(len(doc))]
        # Arrays, not a loop over Token objects: this runs for every paragraph of a novel.
        words = [int(i) for i in np.flatnonzero(doc.to_array(IS_ALPHA))]
        if words and sum(self._q[i] for i in words) >= TALK_SHARE * len(words):
            self._dialogue.add(pi)
        # Once per paragraph: `Span.ents` walks the whole paragraph's entities for every
        # sentence, which is quadratic in a paragraph of thousands of sentences.
        self._time_ents = [
            (e.start, e.end) for e in doc.ents if e.label_ in TIME_ENTITIES and not self._q[e.start]
        ]
        for sent in doc.sents:
            self._sentence(pi, sent, offset, doc)

    def _time_entity_in(self, sent: Span) -> bool:
        """A date or time named in narration inside the sentence (entities never overlap,
        so the first one starting in it is the only one that can end in it first)."""
        k = bisect.bisect_left(self._time_ents, (sent.start, -1))
        return k < len(self._time_ents) and self._time_ents[k][1] <= sent.end

    def _sentence(self, pi: int, sent: Span, offset: int, doc: Doc) -> None:
        self._sentence_no += 1
        by_token: dict[int, ObjectMention] = {}
        quoted = self._q
        pronouns = False
        for tok in sent:
            if quoted[tok.i]:
                continue
            pos = tok.pos_
            if pos in MENTION_POS:
                mention = self._mention(pi, tok, offset)
                if mention is not None:
                    mention.sentence = self._sentence_no
                    self.identity.resolve(mention)
                    by_token[tok.i] = mention
            elif pos == "PRON" and tok.lower_ in ("it", "them", "they"):
                pronouns = True
        if self._time_entity_in(sent):
            self._time_marks.append(self._sentence_no)
        self._current = by_token
        self._sent = sent
        self._has_objects = bool(by_token) or (pronouns and bool(self.recent))
        self._asleep = any(
            f.value is False for o in self._people.values()
            for f in [self.states.get(o.id, {}).get("conscious")] if f is not None
        )  # fmt: skip
        events: list[Event] = []
        for tok in sent:
            if quoted[tok.i]:
                continue
            pos = tok.pos_
            if pos in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBG", "VBD"):
                events.extend(self._events_for_verb(pi, tok, offset, by_token))
            elif tok.tag_ in ("NNS", "NN") and by_token:
                events.extend(self._present_misread(pi, tok, offset, by_token))
            if (pos in ("ADJ", "VERB") or tok.dep_ in ("pobj", "attr")) and by_token:
                events.extend(self._descriptions(pi, tok, offset, by_token))
        if by_token:
            events.extend(self._on_body(pi, sent, offset, by_token, events))
            events.extend(self._hands_in(pi, sent, offset, by_token, events))
            events.extend(self._light_of(pi, sent, offset, by_token, events))
            events.extend(self._worn_signs(pi, sent, offset, by_token, events))
            events.extend(self._contents_in(pi, sent, offset, by_token, events))
            events.extend(self._poured_from(pi, sent, offset, by_token, events))
            events.extend(self._laid_down(pi, sent, offset, by_token, events))
        if by_token or self.recent:
            events.extend(self._flame_out(pi, sent, offset, by_token, events))
        for event in _in_time_order(sent, events):
            event.sentence = self._sentence_no
            self._apply(event)
        if by_token:
            self._mention_links(pi, sent, offset, by_token, events)
        self.recent = (self.recent + list(by_token.values()))[-6:]


# "The jug shattered when she knocked it off the sill": a clause that says what happened
# first or at the same moment, after the main clause it belongs to.
EARLIER_MARKS = frozenset({"when", "after", "as", "once", "whenever"})


def _clause_rank(sent: Span, i: int) -> int:
    """When token i's clause happened, against the rest of its sentence: 0 for an adverbial
    clause after its head that happened before or as the head did ("shattered when she
    knocked it off the sill"), 2 for one that interrupts a head under way ("was reading by
    the candle when it went out"), 1 otherwise."""
    tok = sent.doc[i]
    while tok.head.i != tok.i and sent.start <= tok.head.i < sent.end:
        # "relit the candle she had blown out": what the noun was before (not "flung it into
        # the grate, where it broke": that came after)
        if tok.dep_ == "relcl" and _object_relative(
            tok, [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        ):
            return 0
        if (
            tok.dep_ == "advcl" and tok.i > tok.head.i
            and any(
                c.dep_ in ("mark", "advmod") and c.lower_ in EARLIER_MARKS and c.i < tok.i
                for c in tok.children
            )
        ):  # fmt: skip
            return 2 if _under_way(tok.head) else 0
        tok = tok.head
    return 1


def _under_way(verb: Token) -> bool:
    """'She was reading by the candle when it went out', 'he had just filled the jug when it
    cracked': a main clause under way or done before, which the 'when' clause interrupts."""
    return verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _in_time_order(sent: Span, events: list[Event]) -> list[Event]:
    """A sentence's events in the order they happened: those of a 'when'/'after' clause that
    follows its main clause first, or last when it interrupts what was under way; the rest
    in the order they were read."""
    if len(events) < 2:
        return events
    return sorted(events, key=lambda e: _clause_rank(sent, e.verb_i))


WORLD: Layer[World] = Layer(
    "world", "objects, owners, holders, wearers and states (families.objects)"
)


@stage(requires=[PRONOUNS, SPEAKERS, QUOTES, CANON], provides=[WORLD])
def build_world(model: StoryModel) -> None:
    """Objects, who owns, holds and wears them, and their states over the story (a World)."""
    model.set(WORLD, WorldBuilder(model, load_lexicon()).run())
