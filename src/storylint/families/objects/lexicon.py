"""Lexical data the world engine runs on: which nouns are physical objects, what verbs do.

Both live in data files (objects.tsv generated from WordNet, lexicon `objects`;
verb_effects.yaml written by hand, lexicon `verbs`) so that a writer can read and extend
them without touching code: their own files, named under `[lexicons]` in storylint.toml,
are merged over the built-in ones (storylint.lexicons).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storylint import lexicons

# Categories that are places or scenery rather than things a character handles.
IMMOBILE = frozenset({"structure"})


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
    )


@lexicons.cache
def load_lexicon(user_verbs: Path | None = None) -> Lexicon:
    """Built-in data, with the writer's verb files (`[lexicons] verbs`, or the argument)
    merged over it; a verb file's `objects:` adds nouns to the object lexicon."""
    spec = lexicons.load_lexicon_data("verbs", None if user_verbs is None else [user_verbs])
    objects = _objects()
    objects.update(spec.get("objects") or {})
    return Lexicon(
        objects=objects,
        verbs={key: _verb(key, value or {}) for key, value in spec["verbs"].items()},
        descriptions={k: dict(v or {}) for k, v in spec["descriptions"].items()},
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
    )
