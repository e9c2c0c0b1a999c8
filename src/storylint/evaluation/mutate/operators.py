"""Mutation operators: each makes one continuity slip of its family in a clean text.

An operator picks a real character (cast.py), an establishing place and a slip place at the
distance band it was asked for (placement.py), and a phrasing of the half it was asked for
(templates.py), and returns the sentences to insert. It never changes the clean text itself;
the slip is always a new sentence whose offsets in the mutated text are known exactly.

Placement rules, by what a reader needs for the slip to be a slip:

- `anchored` (most operators): both sentences go right after a narration sentence whose
  subject is the character, naming nobody else of their gender, so "she" in them means who
  the author would have meant.
- `absent` (places): the character leaves; the slip goes one to three paragraphs later in the
  same scene, with no mention of them (name or pronoun) in between.
- `dead` (life): the death goes after the character's last mention in the text; the act later,
  at the band's distance. Minor characters qualify, since leads are mentioned to the end.
- `slip-only` (names): no establishing sentence; the text's own spelling, used everywhere
  else, is what the slip contradicts.

Where a sentence lands after a slot that does not name the character as its subject (or names
someone else a pronoun of their gender could mean), only phrasings that name them before any
pronoun are used; and a phrasing with speech in it never goes inside a paragraph that already
has someone's speech in it (a new speaker starts a new paragraph).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from storylint.evaluation.mutate.cast import (
    LEADS,
    Person,
    misspelt_form,
    number_words,
)
from storylint.evaluation.mutate.placement import (
    Insertion,
    MentionIndex,
    Slot,
    band_of,
)
from storylint.evaluation.mutate.templates import (
    CHARACTER_SLOTS,
    SECOND_CHARACTER_SLOTS,
    OperatorPhrasings,
    OperatorSlots,
    Phrasing,
    load_phrasings,
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Tries at a placement before an operator gives up on a character.
PAIR_TRIES = 40
QUOTE_MARKS = ('"', "\u201c", "\u201d")


@dataclass
class Novel:
    """What the operators know about one clean text."""

    text: str
    people: list[Person]
    slots: list[Slot]
    mentions: MentionIndex
    words: set[str]  # every word of the text, lower-cased
    genders: dict[int, str] = field(default_factory=dict)  # every character's, by id
    only: frozenset[str] = frozenset()  # phrasing ids to draw from (debugging); empty: all
    # Slots after a sentence whose subject is the character and that names nobody a "he" or
    # "she" of the character's gender could also mean: where their pronouns are theirs.
    anchored: dict[int, list[Slot]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for slot in self.slots:
            for cid in slot.anchors:
                gender = self.genders.get(cid, "unknown")
                rivals = [
                    other
                    for other in slot.named
                    if other != cid and self.genders.get(other, "unknown") in (gender, "unknown")
                ]
                if not rivals:
                    self.anchored.setdefault(cid, []).append(slot)

        self._anchored_sets = {cid: set(slots) for cid, slots in self.anchored.items()}

    def anchored_to(self, person: Person, slot: Slot) -> bool:
        return slot in self._anchored_sets.get(person.id, ())


@dataclass
class Mutation:
    operator: str
    family: str
    half: str
    band: str
    character: str
    insertions: list[Insertion]
    phrasings: dict[str, str]  # role -> phrasing id
    other: str | None = None
    values: dict[str, str] = field(default_factory=dict)

    def sentence(self, role: str) -> str | None:
        for ins in self.insertions:
            if ins.role == role:
                return ins.sentence
        return None


Builder = Callable[["Operator", Novel, random.Random, str, str], Mutation | None]


@dataclass(frozen=True)
class Operator:
    family: str
    name: str
    placement: str  # anchored | absent | dead | slip-only
    value_slots: frozenset[str] = frozenset()
    second_character: bool = False

    @property
    def key(self) -> str:
        return f"{self.family}.{self.name}"

    @property
    def slot_names(self) -> OperatorSlots:
        slots = set(CHARACTER_SLOTS) | set(self.value_slots)
        if self.second_character:
            slots |= SECOND_CHARACTER_SLOTS
        named_first = frozenset({"slip"}) if self.placement in ("absent", "dead") else frozenset()
        return OperatorSlots(frozenset(slots), named_first)

    @property
    def phrasings(self) -> OperatorPhrasings:
        return phrasebook()[self.key]

    def make(self, novel: Novel, rng: random.Random, half: str, band: str) -> Mutation | None:
        """One slip, or None when the text offers no place for it at this band."""
        return BUILDERS[self.key](self, novel, rng, half, band)


OPERATORS: list[Operator] = [
    Operator("objects", "owner_changed", "anchored", frozenset({"object"}), True),
    Operator("objects", "broken_then_used", "anchored", frozenset({"object"})),
    Operator("objects", "put_out_then_burning", "anchored", frozenset({"object"})),
    Operator("objects", "taken_off_then_worn", "anchored", frozenset({"object"})),
    Operator("places", "left_then_acts", "absent"),
    Operator("life", "died_then_acts", "dead"),
    Operator("characters", "eye_colour", "anchored", frozenset({"colour", "colour2"})),
    Operator("characters", "hair_colour", "anchored", frozenset({"colour", "colour2"})),
    Operator("characters", "scar_side", "anchored", frozenset({"side", "side2", "part"})),
    Operator(
        "relationships",
        "relative_renamed",
        "anchored",
        frozenset({"relation", "relative", "relative2"}),
    ),
    Operator("names", "misspelt_name", "slip-only", frozenset({"misspelt"})),
    Operator("time", "weekday_shift", "anchored", frozenset({"weekday", "weekday2"})),
    Operator("time", "time_of_day_backwards", "anchored", frozenset({"late", "early"})),
    Operator("time", "season_backwards", "anchored", frozenset({"season", "season2", "Season"})),
    Operator("time", "age_younger", "anchored", frozenset({"age", "age2"})),
]
FAMILIES = ("objects", "places", "life", "characters", "relationships", "names", "time")


@cache
def phrasebook() -> dict[str, OperatorPhrasings]:
    return load_phrasings({op.key: op.slot_names for op in OPERATORS})


def operators_for(families: Sequence[str] | None = None) -> list[Operator]:
    return [op for op in OPERATORS if not families or op.family in families]


# --- choosing phrasings and places ---------------------------------------------------------


def _named_first(phrasing: Phrasing) -> bool:
    people = [s for s in phrasing.slots if s in CHARACTER_SLOTS]
    return not people or people[0] == "name"


def _speaks(phrasing: Phrasing) -> bool:
    return any(mark in phrasing.text for mark in QUOTE_MARKS)


def _phrasing(
    op: Operator, novel: Novel, role: str, half: str, rng: random.Random, person, slot: Slot
) -> Phrasing | None:
    """A phrasing that fits the place: one naming the character first where the sentence
    before does not make the pronoun theirs, and no speech inside another speaker's turn."""
    options = op.phrasings.phrasings(role, half)
    if novel.only:
        options = [p for p in options if p.id in novel.only]
    if not novel.anchored_to(person, slot):
        options = [p for p in options if _named_first(p)]
    if slot.dialogue:
        options = [p for p in options if not _speaks(p)]
    return rng.choice(options) if options else None


def _fill(phrasing: Phrasing, values: dict[str, str]) -> str:
    sentence = phrasing.fill(values)
    return sentence[0].upper() + sentence[1:]


def _candidates(rng: random.Random, pool: Sequence[Person]) -> list[Person]:
    people = list(pool)
    rng.shuffle(people)
    return people


def _pair_anchored(
    novel: Novel, person: Person, band: str, rng: random.Random
) -> tuple[Slot, Slot] | None:
    slots = novel.anchored.get(person.id, [])
    if len(slots) < 2:
        return None
    for _ in range(PAIR_TRIES):
        setup = rng.choice(slots)
        later = [s for s in slots if s.offset > setup.offset and band_of(setup, s) == band]
        if later:
            return setup, rng.choice(later)
    return None


def _pair_absent(
    novel: Novel, person: Person, band: str, rng: random.Random
) -> tuple[Slot, Slot] | None:
    """Leave after a sentence naming them; act one to three paragraphs on, unmentioned."""
    slots = novel.anchored.get(person.id, [])
    for _ in range(PAIR_TRIES if slots else 0):
        setup = rng.choice(slots)
        later = [
            s
            for s in novel.slots
            if s.para > setup.para
            and band_of(setup, s) == band
            and not novel.mentions.between(person.id, setup.offset, s.offset + 1)
        ]
        if later:
            return setup, rng.choice(later)
    return None


def _pair_dead(
    novel: Novel, person: Person, band: str, rng: random.Random
) -> tuple[Slot, Slot] | None:
    """Die after their last mention (just after it when a slot is there); act later."""
    last = novel.mentions.last(person.id)
    after = [s for s in novel.slots if s.offset > last]
    if not after:
        return None
    anchored = [s for s in after if novel.anchored_to(person, s)]
    setups = anchored or after[:3]
    for _ in range(PAIR_TRIES):
        setup = rng.choice(setups)
        later = [s for s in after if s.para > setup.para and band_of(setup, s) == band]
        if later:
            return setup, rng.choice(later)
    return None


PAIRERS = {"anchored": _pair_anchored, "absent": _pair_absent, "dead": _pair_dead}


def _two_sentences(
    op: Operator,
    novel: Novel,
    rng: random.Random,
    half: str,
    band: str,
    values: Callable[[Person], dict[str, str] | None],
    pool: Sequence[Person] | None = None,
    other: Callable[[Person, Slot], Person | None] | None = None,
) -> Mutation | None:
    """The common shape: a setup and a slip about one character, at `band`."""
    pairer = PAIRERS[op.placement]
    for person in _candidates(rng, pool if pool is not None else novel.people[:LEADS]):
        places = pairer(novel, person, band, rng)
        if places is None:
            continue
        setup_slot, slip_slot = places
        filled = values(person)
        if filled is None:
            continue
        slots = {**person.slots(), **filled}
        second = None
        if other is not None:
            second = other(person, setup_slot)
            if second is None:
                continue
            slots.update(second.slots("2"))
        setup = _phrasing(op, novel, "setup", half, rng, person, setup_slot)
        slip = _phrasing(op, novel, "slip", half, rng, person, slip_slot)
        if setup is None or slip is None:
            continue
        extra = _slip_values(op, slip, filled)
        slots.update(extra)
        return Mutation(
            op.key,
            op.family,
            half,
            band,
            person.name,
            [
                Insertion(setup_slot, _fill(setup, slots), "setup"),
                Insertion(slip_slot, _fill(slip, slots), "slip"),
            ],
            {"setup": setup.id, "slip": slip.id},
            second.name if second else None,
            {k: v for k, v in {**filled, **extra}.items() if not k.startswith("_")},
        )
    return None


def _slip_values(op: Operator, slip: Phrasing, filled: dict[str, str]) -> dict[str, str]:
    """Values that depend on the slip phrasing itself (the weekday a count of days lands on)."""
    if op.key != "time.weekday_shift":
        return {}
    right = (WEEKDAYS.index(filled["weekday"]) + slip.days) % len(WEEKDAYS)
    # `_shift` (1..6) days past the right weekday: any weekday but the right one.
    return {"weekday2": WEEKDAYS[(right + int(filled["_shift"])) % len(WEEKDAYS)]}


def _pick(values: Mapping[str, Any], key: str, rng: random.Random):
    return rng.choice(values[key])


# --- the operators -------------------------------------------------------------------------


def _objects(op: Operator, novel: Novel, rng: random.Random, half: str, band: str):
    vals = op.phrasings.values
    return _two_sentences(
        op, novel, rng, half, band, lambda p: {"object": _pick(vals, "object", rng)}
    )


def _owner_changed(op: Operator, novel: Novel, rng: random.Random, half: str, band: str):
    vals = op.phrasings.values

    def lender(person: Person, slot: Slot) -> Person | None:
        # Someone of the other gender (else "his coat" could still be the lender's, and
        # would be no slip), named in the same paragraph or the two before it if possible.
        near: set[int] = set()
        for s in novel.slots:
            if slot.para - 2 <= s.para <= slot.para and s.chapter == slot.chapter:
                near |= s.anchors
        others = [p for p in novel.people if p.gender != person.gender]
        pool = [p for p in others if p.id in near] or others[:LEADS]
        return rng.choice(pool) if pool else None

    return _two_sentences(
        op,
        novel,
        rng,
        half,
        band,
        lambda p: {"object": _pick(vals, "object", rng)},
        other=lender,
    )


def _places(op: Operator, novel: Novel, rng: random.Random, half: str, band: str):
    return _two_sentences(op, novel, rng, half, band, lambda p: {})


def _life(op: Operator, novel: Novel, rng: random.Random, half: str, band: str):
    # Any character will do: leads are usually mentioned to the excerpt's end, leaving no room.
    return _two_sentences(op, novel, rng, half, band, lambda p: {}, pool=novel.people)


def _colour(op: Operator, novel: Novel, rng: random.Random, half: str, band: str):
    vals = op.phrasings.values

    def values(person: Person) -> dict[str, str]:
        old, new = _pick(vals, "colours", rng)
        return {"colour": old, "colour2": new}

    return _two_sentences(op, novel, rng, half, band, values)


def _scar(op: Operator, novel: Novel, rng: random.Random, half: str, band: str):
    vals = op.phrasings.values

    def values(person: Person) -> dict[str, str]:
        old, new = _pick(vals, "sides", rng)
        return {"side": old, "side2": new, "part": _pick(vals, "part", rng)}

    return _two_sentences(op, novel, rng, half, band, values)


def _relative(op: Operator, novel: Novel, rng: random.Random, half: str, band: str):
    vals = op.phrasings.values

    def values(person: Person) -> dict[str, str] | None:
        relations = [
            (word, gender)
            for word, gender, holder in vals["relations"]
            if holder in ("any", person.gender)
        ]
        word, gender = rng.choice(relations)
        names = [n for n in vals[f"{gender}_names"] if n.lower() not in novel.words]
        if len(names) < 2:
            return None
        first, second = rng.sample(names, 2)
        return {"relation": word, "relative": first, "relative2": second}

    return _two_sentences(op, novel, rng, half, band, values)


def _misspelt(op: Operator, novel: Novel, rng: random.Random, half: str, band: str):
    for person in _candidates(rng, novel.people[:LEADS]):
        slots = novel.anchored.get(person.id, [])
        wrong = misspelt_form(person.name, rng, novel.words)
        if not slots or wrong is None:
            continue
        slot = rng.choice(slots)
        slip = _phrasing(op, novel, "slip", half, rng, person, slot)
        if slip is None:
            continue
        values = {**person.slots(), "misspelt": wrong}
        return Mutation(
            op.key,
            op.family,
            half,
            "same-scene",  # the usual spelling is in the sentence just before
            person.name,
            [Insertion(slot, _fill(slip, values), "slip")],
            {"slip": slip.id},
            values={"misspelt": wrong},
        )
    return None


def _weekday(op: Operator, novel: Novel, rng: random.Random, half: str, band: str):
    if any(word in WEEKDAYS for p in novel.people for word in p.name.split()):
        return None  # a character called Sunday: "on Sunday" would be about them

    def values(person: Person) -> dict[str, str]:
        return {"weekday": rng.choice(WEEKDAYS), "_shift": str(rng.randint(1, 6))}

    return _two_sentences(op, novel, rng, half, band, values)


def _pairs(first: str, second: str, key: str):
    def builder(op: Operator, novel: Novel, rng: random.Random, half: str, band: str):
        vals = op.phrasings.values

        def values(person: Person) -> dict[str, str]:
            old, new = _pick(vals, key, rng)
            found = {first: old, second: new}
            if first == "season":
                found["Season"] = old.capitalize()
            return found

        return _two_sentences(op, novel, rng, half, band, values)

    return builder


def _age(op: Operator, novel: Novel, rng: random.Random, half: str, band: str):
    def values(person: Person) -> dict[str, str]:
        age = rng.randint(19, 48)
        return {"age": number_words(age), "age2": number_words(age - rng.randint(1, 4))}

    return _two_sentences(op, novel, rng, half, band, values)


BUILDERS: dict[str, Builder] = {
    "objects.owner_changed": _owner_changed,
    "objects.broken_then_used": _objects,
    "objects.put_out_then_burning": _objects,
    "objects.taken_off_then_worn": _objects,
    "places.left_then_acts": _places,
    "life.died_then_acts": _life,
    "characters.eye_colour": _colour,
    "characters.hair_colour": _colour,
    "characters.scar_side": _scar,
    "relationships.relative_renamed": _relative,
    "names.misspelt_name": _misspelt,
    "time.weekday_shift": _weekday,
    "time.time_of_day_backwards": _pairs("late", "early", "times"),
    "time.season_backwards": _pairs("season", "season2", "seasons"),
    "time.age_younger": _age,
}


def words_of(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
