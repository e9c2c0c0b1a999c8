"""Lexical data the world engine runs on: which nouns are physical objects, what verbs do.

Both live in data files (objects.tsv generated from WordNet, lexicon `objects`;
verb_effects.yaml written by hand, lexicon `verbs`, over verb_effects.verbnet.yaml generated
from VerbNet for the verbs the hand-written file leaves out) so that a writer can read and extend
them without touching code: their own files, named under `[lexicons]` in storylint.toml,
are merged over the built-in ones (storylint.lexicons).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storylint import lexicons

# Verb entries generated from VerbNet 3.3 (docs/verbnet.md; licence: data/VERBNET-LICENSE.txt),
# loaded under the hand-written and the writer's verb files.
GENERATED_VERBS = lexicons.PACKAGE / "families/objects/data/verb_effects.verbnet.yaml"
# Categories that are places or scenery rather than things a character handles.
IMMOBILE = frozenset({"structure"})
# "burn (a light)": a second sense of a verb, after its key (docs/verb-effects.md, Senses).
SENSE_OPEN = " ("


def base_key(key: str) -> str:
    """The verb a key is a sense of: "burn (a light)" -> "burn"."""
    return key.split(SENSE_OPEN, 1)[0] if key.endswith(")") else key


@dataclass(frozen=True)
class VerbEffect:
    """One entry of verb_effects.yaml."""

    key: str
    requires: dict[str, bool] = field(default_factory=dict)
    effects: dict[str, bool] = field(default_factory=dict)
    target: str = "object"
    categories: frozenset[str] = frozenset()
    wearer: str = "subject"
    holder: str = "subject"
    confidence: float = 1.0
    with_adverb: frozenset[str] = frozenset()
    with_prep: frozenset[str] = frozenset()
    with_pobj: frozenset[str] = frozenset()
    unless_complete: float | None = None
    state: bool = False
    transfer: bool = False
    form: str = "any"  # transitive (has a direct object), intransitive, or any
    parts: frozenset[str] = frozenset()  # acts on the garment whose part this is ("button")
    # moves the object to someone for a while ("lent him her coat"): it does not explain a
    # new owner, unless the passage says it is a gift (Lexicon.gift_words)
    loan: bool = False
    # the entry applies only with an infinitive of purpose on one of these verbs ("gave him
    # her coat to wear")
    with_purpose: frozenset[str] = frozenset()

    def applies_to(self, category: str) -> bool:
        return not self.categories or category in self.categories


@dataclass(frozen=True)
class Lexicon:
    objects: dict[str, str]
    verbs: dict[str, VerbEffect]
    descriptions: dict[str, dict[str, bool]]
    wearing_participles: frozenset[str]
    elapsed_time: tuple[str, ...]
    handling: dict
    people: dict
    negated_absence: frozenset[str]
    absence_requires: dict[str, bool]
    # "took a bite of the cake" (light verb + noun + of), "the ring on her finger"
    partaking: dict = field(default_factory=dict)
    on_body: dict = field(default_factory=dict)
    # "thrust his hands into the pockets of his coat": a garment worn by the hands' owner
    hands_in: dict = field(default_factory=dict)
    worn_signs: dict = field(default_factory=dict)
    # "by the light of the candle": a light whose light is seen is lit
    light_of: dict = field(default_factory=dict)
    contents_in: dict = field(default_factory=dict)
    poured_from: dict = field(default_factory=dict)
    # words in a passage that make a loan a gift ("Here. Keep it.")
    gift_words: tuple[str, ...] = ()
    # description word -> the only categories it describes ("full (container)")
    description_categories: dict[str, frozenset[str]] = field(default_factory=dict)
    # base key -> every sense of it, in file order ("burn", then "burn (a light)")
    senses: dict[str, tuple[VerbEffect, ...]] = field(default_factory=dict)
    # the verbs some key starts with, and those with a "put round"-like key (wearer: prep)
    verb_heads: frozenset[str] = frozenset()
    wearer_prep_heads: frozenset[str] = frozenset()
    # "sat there in his coat": verbs whose subject, "in" a garment, is wearing it
    wearing_in: frozenset[str] = frozenset()
    verb_forms: dict[str, str] = field(default_factory=dict)
    # noun -> fixed phrases it is no object in ("in the habit of", "follow suit"), as words
    idioms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def category(self, lemma: str) -> str | None:
        return self.objects.get(lemma)


def _objects() -> dict[str, str]:
    """Noun -> category, from the `objects` lexicon's rows in order ("-" removes a noun)."""
    objects: dict[str, str] = {}
    for line in lexicons.load_lexicon_lines("objects"):
        lemma, _, category = line.partition("\t")
        if category.strip() == "-":
            objects.pop(lemma.strip(), None)
        else:
            objects[lemma.strip()] = category.strip()
    return objects


def _idioms(spec: dict) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Noun -> the fixed phrases (split into lower-case words) that use it as no object."""
    return {
        noun.lower(): tuple(tuple(phrase.lower().split()) for phrase in phrases)
        for noun, phrases in spec.items()
    }


def _verb(key: str, spec: dict) -> VerbEffect:
    # State names are text: the lexicon's schema rejects a bare `on:` (YAML's true).
    return VerbEffect(
        key=key,
        requires=dict(spec.get("requires") or {}),
        effects=dict(spec.get("effects") or {}),
        target=spec.get("target", "object"),
        categories=frozenset(spec.get("categories") or ()),
        wearer=spec.get("wearer", "subject"),
        holder=spec.get("holder", "subject"),
        confidence=float(spec.get("confidence", 1.0)),
        with_adverb=frozenset(spec.get("with_adverb") or ()),
        with_prep=frozenset(spec.get("with_prep") or ()),
        with_pobj=frozenset(spec.get("with_pobj") or ()),
        unless_complete=spec.get("unless_complete"),
        state=bool(spec.get("state", False)),
        transfer=bool(spec.get("transfer", False)),
        form=spec.get("form", "any"),
        parts=frozenset(spec.get("parts") or ()),
        loan=bool(spec.get("loan", False)),
        with_purpose=frozenset(spec.get("with_purpose") or ()),
    )


def _descriptions(spec: dict) -> tuple[dict[str, dict[str, bool]], dict[str, frozenset[str]]]:
    """Description word -> state, and word -> the only categories it describes, from keys
    such as "full (container)" or "lit (light, device)"."""
    states: dict[str, dict[str, bool]] = {}
    only: dict[str, frozenset[str]] = {}
    for key, state in spec.items():
        word = base_key(key)
        states[word] = dict(state or {})
        if word != key:
            only[word] = frozenset(c.strip() for c in key[len(word) + 2 : -1].split(","))
        else:
            only.pop(word, None)  # a later plain entry (a writer's file) describes anything
    return states, only


def _word_sets(spec: dict, lists: tuple[str, ...]) -> dict:
    """A section with its word lists as frozensets."""
    return {key: frozenset(value) if key in lists else value for key, value in spec.items()}


def _senses(verbs: dict[str, VerbEffect]) -> dict[str, tuple[VerbEffect, ...]]:
    """Group "burn" and "burn (a light)" under "burn", in the order the file gives them."""
    grouped: dict[str, list[VerbEffect]] = {}
    for key, entry in verbs.items():
        grouped.setdefault(base_key(key), []).append(entry)
    return {key: tuple(entries) for key, entries in grouped.items()}


def _generated_verbs(taken: Iterable[str]) -> dict[str, Any]:
    """VerbNet's entries (docs/verbnet.md) for the verbs no other verb file names: a
    hand-written or writer's entry for a verb decides all of that verb (its senses and its
    particles), not only its own key."""
    verbs = {base_key(key).split()[0] for key in taken}
    generated = lexicons.read_file("verbs", GENERATED_VERBS).get("verbs") or {}
    return {key: spec for key, spec in generated.items() if key.split()[0] not in verbs}


def _wearer_prep_entries(entries: dict[str, Any], on_body: dict) -> dict[str, Any]:
    """'slung his coat across her shoulders', 'slipped his cloak round Ivy': each `putting`
    verb with each of `wearer_preps` puts a garment on the person the preposition names, as
    the hand-written "put round" does; only for the pairs no verb file names, and not for a
    verb with an entry of its own ("hung his coat over the chair", "the lamp threw a circle
    across the bed": the verb's own senses read those)."""
    bases = {base_key(key) for key in entries}
    generated = {}
    for verb in on_body.get("putting") or ():
        for prep in on_body.get("wearer_preps") or ():
            if f"{verb} {prep}" in bases or verb in bases:
                continue  # a verb with its own bare senses ("throw (a light)") keeps them
            generated[f"{verb} {prep} (on someone)"] = {
                "effects": {"worn": True},
                "wearer": "prep",
                "categories": ["garment", "accessory"],
                "form": "transitive",
            }
    return generated


@lexicons.cache
def load_lexicon(user_verbs: Path | None = None) -> Lexicon:
    """Built-in data, with the writer's verb files (`[lexicons] verbs`, or the argument)
    merged over it; a verb file's `objects:` adds nouns to the object lexicon."""
    spec = lexicons.load_lexicon_data("verbs", None if user_verbs is None else [user_verbs])
    objects = _objects()
    objects.update(spec.get("objects") or {})
    entries = {**_generated_verbs(spec["verbs"]), **spec["verbs"]}
    entries.update(_wearer_prep_entries(entries, spec.get("handling", {}).get("on_body") or {}))
    verbs = {key: _verb(key, value or {}) for key, value in entries.items()}
    descriptions = _descriptions(spec["descriptions"])
    return Lexicon(
        objects=objects,
        verbs=verbs,
        senses=_senses(verbs),
        verb_heads=frozenset(key.split()[0] for key in verbs),
        wearer_prep_heads=frozenset(k.split()[0] for k, e in verbs.items() if e.wearer == "prep"),
        descriptions=descriptions[0],
        wearing_participles=frozenset(spec.get("wearing_participles") or ()),
        elapsed_time=tuple(spec.get("elapsed_time") or ()),
        handling={
            **spec.get("handling", {}),
            "except": frozenset(spec.get("handling", {}).get("except") or ()),
            "instrument_except": frozenset(spec.get("handling", {}).get("instrument_except") or ()),
        },
        people=spec.get("people") or {"effects": {}, "passive": []},
        negated_absence=frozenset(spec.get("negated_absence") or ()),
        absence_requires=dict(spec.get("absence_requires") or {}),
        partaking=_word_sets(
            spec.get("handling", {}).get("partaking") or {}, ("verbs", "nouns", "categories")
        ),
        on_body=_word_sets(
            spec.get("handling", {}).get("on_body") or {},
            (
                "parts",
                "preps",
                "putting",
                "put_preps",
                "again",
                "wearer_preps",
                "laying",
                "place_preps",
                "places",
                "not_places",
                "hanging",
                "hanging_preps",
            ),
        ),
        hands_in=_word_sets(
            spec.get("handling", {}).get("hands_in") or {}, ("hands", "parts", "preps")
        ),
        worn_signs=_word_sets(
            spec.get("handling", {}).get("worn_signs") or {},
            ("parts", "weather", "weather_preps", "motion", "places"),
        ),
        light_of=_word_sets(
            spec.get("handling", {}).get("light_of") or {},
            ("nouns", "categories", "out_verbs", "by_verbs", "from_nouns", "shed_verbs", "lit_by"),
        ),
        contents_in=_word_sets(
            spec.get("handling", {}).get("contents_in") or {},
            ("categories", "preps", "holding", "broken"),
        ),
        poured_from=_word_sets(
            spec.get("handling", {}).get("poured_from") or {}, ("verbs", "categories")
        ),
        gift_words=tuple(w.lower() for w in spec.get("gift_words") or ()),
        description_categories=descriptions[1],
        wearing_in=frozenset(spec.get("wearing_in") or ()),
        verb_forms={k.lower(): v.lower() for k, v in (spec.get("verb_forms") or {}).items()},
        idioms=_idioms(spec.get("idioms") or {}),
    )
