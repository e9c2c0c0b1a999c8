"""Lexical data the world engine runs on: which nouns are physical objects, what verbs do.

Both live in data files (objects.tsv generated from WordNet, verb_effects.yaml
written by hand) so that a writer can read and extend them without touching
code. A user verb file (env STORYLINT_VERBS) is merged over the built-in one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from storylint.errors import InputError

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


def _read_tsv(text: str, into: dict[str, str]) -> None:
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, _, category = line.partition("\t")
        if category.strip() == "-":
            into.pop(lemma.strip(), None)
        else:
            into[lemma.strip()] = category.strip()


def _check_states(key: str, states: dict) -> None:
    # YAML 1.1 reads a bare `on:`/`off:` as a boolean; catch it before it silently does nothing.
    for name in states:
        if not isinstance(name, str):
            raise ValueError(f"verb effect {key!r}: state name {name!r} must be quoted text")


def _verb(key: str, spec: dict) -> VerbEffect:
    _check_states(key, spec.get("requires") or {})
    _check_states(key, spec.get("effects") or {})
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


def _user_verbs_path() -> Path | None:
    value = os.environ.get("STORYLINT_VERBS")
    return Path(value) if value else None


@lru_cache(maxsize=4)
def load_lexicon(user_verbs: Path | None = None) -> Lexicon:
    """Built-in data, with the user's verb file (argument or STORYLINT_VERBS) merged over it."""
    data = resources.files("storylint.families.objects") / "data"
    objects: dict[str, str] = {}
    _read_tsv((data / "objects.tsv").read_text(encoding="utf-8"), objects)
    _read_tsv((data / "objects_overrides.tsv").read_text(encoding="utf-8"), objects)
    spec = yaml.safe_load((data / "verb_effects.yaml").read_text(encoding="utf-8"))
    user_path = user_verbs or _user_verbs_path()
    if user_path is not None:
        try:
            user = yaml.safe_load(user_path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(str(user_path), f"cannot read verb-effect file: {exc}") from None
        if not isinstance(user, dict):
            raise InputError(
                str(user_path), "verb-effect file must be a mapping with a 'verbs' key"
            )
        spec["verbs"].update(user.get("verbs") or {})
        spec["descriptions"].update(user.get("descriptions") or {})
        for lemma, category in (user.get("objects") or {}).items():
            objects[lemma] = category
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
