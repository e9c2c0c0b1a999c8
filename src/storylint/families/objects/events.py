"""Events: a verb (with its particle or preposition) acting on an object, as the text narrates it.

An event carries what it requires of the object and what it changes, taken
from verb_effects.yaml, plus who acts, who ends up wearing or holding it, and
how sure we are ("his coat sliding off" in an absolute clause is weaker than
"She took off her coat").
"""

from __future__ import annotations

from collections.abc import Callable
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
PARTICLE_WORDS = frozenset(
    {"off", "on", "up", "out", "away", "down", "over", "apart", "in", "aside", "together"}
)
# "began to read", "used the knife to cut": the infinitive happens; so does one that the
# subject stopped to do ("paused to do up her coat", "stooped to pick it up").
ONGOING_HEADS = frozenset(
    {"start", "begin", "continue", "proceed", "keep", "resume", "use", "manage", "pause",
     "stop", "stoop", "halt"}
)  # fmt: skip
OBJECT_DEPS = ("dobj", "obj", "nsubjpass")
MEMORY_HEADS = frozenset({"remember", "recall", "recollect", "think", "dream", "imagine"})
HYPOTHETICAL_AUX = frozenset(
    {"would", "could", "might", "should", "must", "may", "can", "shall", "will", "'d"}
)
# "she could see the whole room by its light": "could" of a verb of perceiving is what was
# seen, not a hypothetical; with "if" in the sentence ("if she had a lamp she could see") it
# stays one (is_hypothetical).
PERCEIVING_VERBS = frozenset(
    {"see", "hear", "feel", "smell", "read", "discern", "distinguish", "watch", "glimpse"}
)
PERCEIVING_AUX = frozenset({"could", "can"})
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
    loan: bool = False  # ...for a while: explains a new owner only with gift words
    notes: list[str] = field(default_factory=list)
    # The part of `confidence` that stands for what may have happened off the page (weak
    # handling evidence: "sat in the chair" needs it whole only if nothing mended it). A
    # contradiction a sentence or two after the state was set lifts it (engine._close).
    weak: float = 1.0
    sentence: int = -1  # the story's running sentence number (engine.WorldBuilder._sentence)


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, inherited through conjunctions and participle clauses."""
    seen = 0
    while verb is not None and seen < 6:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        for child in verb.children:
            # "She sat huddled in her coat" misread as "She/nsubj<-sat/aux huddled": the
            # subject hangs under the verb read as an auxiliary
            if child.dep_ == "aux" and child.i < verb.i:
                found = next((g for g in child.children if g.dep_ == "nsubj"), None)
                if found is not None:
                    return found
        for child in verb.children:
            # "Amy borrowed his shawl" misread as "Amy/npadvmod": a name standing right
            # before a finite verb with no subject is its subject.
            if (
                child.dep_ == "npadvmod" and child.pos_ == "PROPN"
                and child.i < verb.i and verb.tag_ in ("VBD", "VBZ", "VBP")
                and all(t.dep_ in ("compound", "punct") for t in child.doc[child.i + 1 : verb.i])
            ):  # fmt: skip
                return child
        before = verb.doc[verb.i - 1] if verb.i > 0 else None
        if (
            before is not None and before.dep_ == "compound" and before.head.i == verb.i
            and before.pos_ in ("NOUN", "PROPN")
        ):  # fmt: skip
            # "let the candle/compound die/VERB": a verb never has a compound; the noun
            # right before it is its subject, misread
            return before
        if (
            verb.dep_ in ("conj", "advcl", "xcomp", "acl", "amod", "ccomp")
            and verb.head.i != verb.i
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
            if child.dep_ == "aux" and _perceived(tok, child, sent):
                continue
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in HYPOTHETICAL_AUX):
                return True
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_ in INTENT_HEADS:
        return True
    if _recalled(verb):
        return True
    if _reported_instruction(verb):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "began to read" happens; "tried to turn it on" may not have.
        return not (verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_ in ONGOING_HEADS)
    return (sent if sent is not None else verb.sent).text.rstrip().endswith("?")


def _perceived(verb: Token, aux: Token, sent: Span | None) -> bool:
    """'could see', 'could hear' in narration: what was perceived, not a hypothetical, unless
    the sentence says "if"."""
    if aux.lower_ not in PERCEIVING_AUX or verb.lemma_.lower() not in PERCEIVING_VERBS:
        return False
    return not any(t.lower_ in ("if", "unless") for t in (sent if sent is not None else verb.sent))


def _recalled(verb: Token) -> bool:
    """'She remembered the night the jug had smashed': a clause on a noun that a verb of
    memory governs is a memory, not an event of the story's present."""
    if verb.dep_ not in ("relcl", "acl"):
        return False
    noun = verb.head
    governor = noun.head
    if noun.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head  # "thought of the night the jug smashed"
    return noun.dep_ in ("dobj", "pobj", "npadvmod") and governor.lemma_ in MEMORY_HEADS


def _reported_instruction(verb: Token) -> bool:
    """'She said when I had read it and destroyed it, I must...': a future, not an event."""
    clause = verb
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ not in ("advcl", "ccomp"):
        return False
    marks = {c.lower_ for c in clause.children if c.dep_ in ("mark", "advmod")}
    if not marks & TEMPORAL_MARKS:
        return False
    governor = clause.head
    if clause.dep_ == "ccomp":  # "said when I had read it ...": the parser's other reading
        return governor.lemma_ in SPEECH_HEADS
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
            and child.lower_ not in AROUND_WORDS  # "hugged his coat round/ccomp him"
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
    left = min(t.left_edge.i if t.i != verb.i else t.i for t in keep)
    right = max(t.right_edge.i if t.i != verb.i else t.i for t in keep)
    left, right = max(left, sent.start), min(right, sent.end - 1)
    doc = verb.doc
    return offset + doc[left].idx, offset + doc[right].idx + len(doc[right].text)


def _modifier_words(verb: Token) -> set[str]:
    return {
        c.lower_
        for c in verb.children
        if c.dep_ in ("advmod", "acomp", "oprd", "xcomp", "prt", "ccomp")
        # "pulled her shawl tighter" misread with "tighter" the object
        or (c.dep_ == "dobj" and c.pos_ == "ADV")
    }


def _pobj_lemmas(prep: Token) -> set[str]:
    """The preposition's objects' words and lemmas, and "someone" for a name ("put it on
    Ivy"), which `with_pobj` lists may name."""
    found: set[str] = set()
    for g in prep.children:
        if g.dep_ == "pobj":
            found.update((g.lemma_.lower(), g.lower_))
            if g.pos_ == "PROPN":
                found.add("someone")
    return found


def has_object(verb: Token, lexicon: Lexicon, particle: str | None = None) -> bool:
    """Does the clause act on something: a direct object, a passive subject, or an object
    the parser hung under the key's particle ("turned on the oven", "slipped off/IN her
    cloak"; but "the lamp burned on the table" acts on nothing)?"""
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS:
            return True
        if child.dep_ == "prt" and any(g.dep_ == "pobj" for g in child.children):
            return True
        if child.dep_ == "prep" and child.lower_ == particle:
            objects = lexicon.objects
            if any(g.dep_ == "pobj" and g.lemma_.lower() in objects for g in child.children):
                return True
    return False


def fits_form(entry: VerbEffect, verb: Token, lexicon: Lexicon) -> bool:
    """An entry for one use of a verb only: "she slipped off her coat" (transitive) is not
    "the coat slipped off the hook" (intransitive)."""
    if entry.with_purpose and not any(
        c.dep_ in ("xcomp", "advcl", "relcl", "acl")
        and c.lemma_.lower() in entry.with_purpose
        and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        for t in (verb, *(o for o in verb.children if o.dep_ == "dobj"))
        for c in t.children
    ):
        return False  # "gave him her coat to wear"
    if entry.form == "any":
        return True
    words = entry.key.split(" (")[0].split()
    particle = words[1] if len(words) == 2 and words[1] in PARTICLE_WORDS else None
    return has_object(verb, lexicon, particle) == (entry.form == "transitive")


def _senses(
    lexicon: Lexicon, key: str, verb: Token, also: Callable[[VerbEffect], bool] | None = None
) -> tuple[VerbEffect, ...]:
    """The senses of `key` that fit this clause (and `also`, the caller's own condition)."""
    senses = lexicon.senses.get(key)
    if not senses:
        return ()
    return tuple(e for e in senses if fits_form(e, verb, lexicon) and (also is None or also(e)))


def lookup(verb: Token, lexicon: Lexicon) -> tuple[tuple[VerbEffect, ...], Token | None] | None:
    """The lexicon entries for this verb: particle first, then preposition, then the bare verb.

    Several senses of one key may fit ("burn": a letter is destroyed, a lamp is lit); the
    engine picks the first whose categories fit the object (WorldBuilder._choose_sense).
    """
    lemma = verb.lemma_.lower()
    lemma = lexicon.verb_forms.get(lemma, lemma)  # "relit": relight
    if lemma not in lexicon.verb_heads:
        return None  # most verbs: nothing in the lexicon starts with them
    for child in verb.children:
        if child.lower_ == "out" and child.dep_ in ("prt", "prep", "advmod"):
            inner = next((g for g in child.children if g.dep_ == "prep" and g.lower_ == "of"), None)
            entries = _senses(lexicon, f"{lemma} out of", verb)
            if entries and inner is not None:
                return entries, inner
    for child in verb.children:
        if child.dep_ == "conj" and child.lower_ in PARTICLE_WORDS and child.pos_ in ("ADV", "ADP"):
            # "turned the candle low, and then out": the particle read as a conjoined verb
            entries = _senses(lexicon, f"{lemma} {child.lower_}", verb, lambda e: not e.with_pobj)
            if entries:
                return entries, None
    for child in verb.children:
        if child.lower_ in ("open", "shut") and child.dep_ in OPEN_DEPS:
            entries = _senses(lexicon, f"{lemma} {child.lower_}", verb)
            if entries:
                return entries, None  # "tore it open"
        if child.dep_ in PARTICLE_DEPS or (
            child.dep_ == "advmod" and child.lower_ in PARTICLE_WORDS
        ):
            for particle in _joined_particles(child):
                entries = _senses(
                    lexicon, f"{lemma} {particle.lower_}", verb, lambda e: not e.with_pobj
                )
                if entries:
                    return entries, None
    # "wrapped her coat tighter around herself", "drew his cloak closer about him": an adverb
    # that says the garment is already on wins over the preposition that would put it on.
    entries = _senses(lexicon, lemma, verb, lambda e: bool(e.with_adverb) and _bare_fits(e, verb))
    if entries:
        return entries, None
    for child in _source_preps(verb):
        # "poured the last of the milk from the jug" with "from the jug" under "milk" (read
        # before "into both mugs")
        entries = _senses(
            lexicon, f"{lemma} {child.lower_}", verb, _prep_target_fits(verb, child, lexicon)
        )
        if entries:
            return entries, child
    for child in verb.children:
        if child.dep_ == "prep":
            entries = _senses(
                lexicon, f"{lemma} {child.lower_}", verb, _prep_fits(verb, child, lexicon)
            )
            if entries:
                return entries, child
    for child in _misparsed_preps(verb) if lemma in lexicon.wearer_prep_heads else ():
        # "wrapped her shawl about Marlow" with "about Marlow" under "shawl"; "put it round
        # her" with "round" read as a verb
        entries = _senses(lexicon, f"{lemma} {child.lower_}", verb, lambda e: e.wearer == "prep")
        if entries:
            return entries, child
    entries = _senses(lexicon, lemma, verb, lambda e: _bare_fits(e, verb))
    if not entries:
        return None
    if any(c.dep_ in PARTICLE_DEPS for c in verb.children) and lemma not in BARE_WITH_PARTICLE:
        # "put up", "take in": a phrasal verb we do not know is not the bare verb.
        return None
    return entries, None


def _joined_particles(particle: Token) -> list[Token]:
    """'turned the lamp down and out': the particles joined to this one, the last first (what
    the verb ends in is its result), then this one."""
    joined = [g for g in particle.children if g.dep_ == "conj" and g.lower_ in PARTICLE_WORDS]
    return [*reversed(joined), particle]


def _prep_fits(verb: Token, prep: Token, lexicon: Lexicon) -> Callable[[VerbEffect], bool]:
    """A "verb prep" entry's conditions: the preposition's object ("threw it into the fire"),
    and a particle entry not read through a preposition that names a place (_located)."""
    pobj_fits = _pobj_fits(_pobj_lemmas(prep))
    located = _located(verb, prep, lexicon)
    return lambda e: pobj_fits(e) and not (located and _particle_entry(e))


def _prep_target_fits(verb: Token, prep: Token, lexicon: Lexicon) -> Callable[[VerbEffect], bool]:
    """_prep_fits, for entries that act on the preposition's object only."""
    fits = _prep_fits(verb, prep, lexicon)
    return lambda e: e.target == "prep" and fits(e)


def _located(verb: Token, prep: Token, lexicon: Lexicon) -> bool:
    """'threw it on the bed', 'took his hat off the peg': the verb has a direct object and the
    preposition one of its own that is no part of a body, so it says where, not the particle
    of "throw on", "take off" ("pulled the ring off her finger" is still taken off)."""
    if prep.lower_ not in PARTICLE_WORDS or not any(c.dep_ == "dobj" for c in verb.children):
        return False
    parts = lexicon.on_body.get("parts") or frozenset()
    pobjs = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(pobjs) and not any(g.lemma_.lower() in parts for g in pobjs)


def _particle_entry(entry: VerbEffect) -> bool:
    """An entry for a phrasal verb said of its direct object ("throw on", "take off"), not one
    that reads the preposition's object (a wearer: "put it round her"; a target; a place)."""
    return (
        entry.target == "object"
        and entry.wearer != "prep"
        and not entry.with_pobj
        and entry.key.split(" (")[0].split()[-1] in PARTICLE_WORDS
    )


# Words that put a garment on someone ("round her shoulders"), which the small model
# sometimes reads as a verb or an adverb.
AROUND_WORDS = frozenset({"round", "around", "about", "over", "on"})
# How the small model may attach the person "round" names when it misreads "round"
# ("wrapped it round/ADJ Celia/npadvmod").
PERSON_MISREAD_DEPS = frozenset({"npadvmod", "dative", "dobj", "oprd", "attr"})
MISPARSED_PREP_DEPS = frozenset({"oprd", "advmod", "xcomp", "ccomp", "advcl", "dobj", "npadvmod"})


def _misparsed_preps(verb: Token) -> list[Token]:
    """Prepositions the parser hung under the verb's direct object, or read as another part
    of speech ("put it round/VERB her")."""
    found = []
    for child in verb.children:
        if child.lower_ in AROUND_WORDS and child.dep_ in MISPARSED_PREP_DEPS:
            found.append(child)
        elif child.dep_ == "dobj":
            found.extend(g for g in child.children if g.dep_ == "prep")
        if child.dep_ in PERSON_MISREAD_DEPS and child.pos_ in ("PROPN", "PRON"):
            # "wrapped it round/ADJ Celia/npadvmod": the word read as the person's modifier
            found.extend(g for g in child.children if g.lower_ in AROUND_WORDS and g.i < child.i)
    return found


# Prepositions naming where a thing comes from or goes, which the parser may hang under the
# verb's direct object or under what that object measures ("poured the last of the milk from
# the jug"); only entries that act on the preposition's object read them.
SOURCE_PREPS = frozenset({"from", "into"})


def _source_preps(verb: Token) -> list[Token]:
    found: list[Token] = []
    for obj in verb.children:
        if obj.dep_ != "dobj":
            continue
        heads = [obj] + [
            g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj"
        ]  # fmt: skip
        found.extend(
            c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in SOURCE_PREPS
        )
    return found


# Verbs that mean the same with a particle the lexicon has no entry for ("broke it up").
BARE_WITH_PARTICLE = frozenset(
    {"break", "smash", "shatter", "burn", "tear", "eat", "drink", "finish", "lock", "use", "read"}
)


# Pronouns by the person they stand for: "hugged his coat round him" (his ~ him).
PRONOUN_PERSONS = {
    **dict.fromkeys(("he", "him", "his", "himself"), "m"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "f"),
    **dict.fromkeys(("they", "them", "their", "themselves", "themself"), "p"),
    **dict.fromkeys(("i", "me", "my", "myself"), "1"),
    **dict.fromkeys(("you", "your", "yourself", "yourselves"), "2"),
    **dict.fromkeys(("we", "us", "our", "ourselves"), "1p"),
}


def _round_self(verb: Token, words: frozenset[str]) -> bool:
    """'hugged his coat round him', 'pulled the shawl about herself': the adverb an entry
    needs, as a preposition ("round", "about") whose object is the subject again - a
    reflexive, or a pronoun that agrees with the subject or the garment's possessive ("drew
    his coat round her" puts it round someone else)."""
    selves = set()
    subject = subject_of(verb)
    if subject is not None and subject.lower_ in PRONOUN_PERSONS:
        selves.add(PRONOUN_PERSONS[subject.lower_])
    for obj in [*(c for c in verb.children if c.dep_ == "dobj"), *object_under_around(verb)]:
        selves.update(
            PRONOUN_PERSONS[c.lower_]
            for c in obj.children
            if c.dep_ == "poss" and c.lower_ in PRONOUN_PERSONS
        )
    for prep in _preps_of(verb):
        if prep.lower_ not in words:
            continue
        for pobj in prep.children:
            if pobj.dep_ not in ("pobj", "dobj"):
                continue
            if pobj.lower_.endswith(("self", "selves")):
                return True
            if PRONOUN_PERSONS.get(pobj.lower_) in selves:
                return True
    return False


def object_under_around(verb: Token) -> list[Token]:
    """'hugged his coat round/VERB him': the small model reads "round" as a verb whose
    subject is the garment."""
    return [
        g
        for c in verb.children
        if c.lower_ in AROUND_WORDS and c.dep_ in MISPARSED_PREP_DEPS and c.pos_ == "VERB"
        for g in c.children
        if g.dep_ == "nsubj" and g.pos_ == "NOUN"
    ]


def _preps_of(verb: Token) -> list[Token]:
    """The verb's prepositions, and those the parser hung under its direct object."""
    found = [
        c
        for c in verb.children
        if c.dep_ in ("prep", "prt") or (c.lower_ in AROUND_WORDS and c.dep_ in MISPARSED_PREP_DEPS)
    ]
    for obj in verb.children:
        if obj.dep_ == "dobj":
            found.extend(g for g in obj.children if g.dep_ == "prep")
    return found


def _pobj_fits(pobjs: set[str]) -> Callable[[VerbEffect], bool]:
    """A "verb prep" entry's condition on the preposition's object ("threw it into the fire")."""
    return lambda e: not e.with_pobj or bool(pobjs & e.with_pobj)


def _bare_fits(entry: VerbEffect, verb: Token) -> bool:
    """A bare verb's own conditions: the adverb ("tug ... tighter") and the preposition
    ("left it at home") it needs."""
    if entry.with_adverb and not (
        _modifier_words(verb) & entry.with_adverb or _round_self(verb, entry.with_adverb)
    ):
        return False
    return not entry.with_prep or any(
        c.dep_ == "prep"
        and c.lower_ in entry.with_prep
        and (not entry.with_pobj or _pobj_lemmas(c) & entry.with_pobj)
        for c in verb.children
    )


def person_in_prep(
    prep: Token, parsed_index: int, characters: CharacterIndex | None
) -> Person | None:
    """'over her shoulders' -> her; 'around Ivy' -> Ivy ("round" is sometimes parsed as a
    verb with a direct object: 'round Abraham's shoulders')."""
    objects = [c for c in prep.children if c.dep_ in ("pobj", "dobj")]
    if not objects and prep.lower_ in AROUND_WORDS:
        objects = _next_noun(prep)  # "wrapped his scarf round/NOUN my neck/dobj"
    for pobj in objects:
        person = person_of(pobj, parsed_index, characters)
        if person is not None:
            return person
        for child in pobj.children:
            if child.dep_ == "poss":
                return person_of(child, parsed_index, characters)
    return None


def _next_noun(word: Token) -> list[Token]:
    """The noun or pronoun just after a misparsed preposition ("round my neck": neck)."""
    doc = word.doc
    for tok in doc[word.i + 1 : min(word.i + 4, len(doc))]:
        if tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.dep_ != "poss":
            return [tok]
    return []


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
        if child.dep_ == "dobj" and any(
            c.dep_ == "dobj" and c.i > child.i for c in verb.children
        ):  # "handed Mary his coat" read with two direct objects: the first is the dative
            found = person_of(child, parsed_index, characters)
            if found is not None:
                return found
    return None


def is_past_perfect(verb: Token) -> bool:
    """'who had stolen them', 'had been lost': backstory, told out of order."""
    return verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d") for c in verb.children
    )


def confidence_of(verb: Token, state: bool = False) -> tuple[float, list[str]]:
    """Progressive and absolute constructions narrate something under way, not done; a
    verb of state ("was wearing his coat", "wearing his coat, she left") is as sure in the
    progressive as in the simple past."""
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
    if verb.tag_ == "VBG" and not state:
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
