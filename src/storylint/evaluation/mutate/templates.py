"""The phrasing files: how each mutation operator writes its sentences.

One YAML file per rule family, `storylint/evaluation/mutations/<family>.yaml`:

    family: objects                  # must equal the file's name
    description: ...                 # optional, free text
    operators:
      <operator>:                    # an operator the code knows (operators.OPERATORS)
        summary: one line            # what slip it makes
        bands: [same-scene, same-chapter, across-chapters]   # distances it may use
        values:                      # optional: the words its slots draw from
          object: [coat, cloak]      #   a list of words, or
          colours: [[grey, brown]]   #   a list of pairs (established, slipped)
        setup:                       # optional: the establishing sentence
          - text: "{name}'s eyes were {colour}."
            half: tuning             # tuning | held-out
        slip:                        # required: the sentence that contradicts it
          - text: "{name} looked up with {his} {colour2} eyes."
            half: held-out
            days: 2                  # only time.weekday_shift: days the slip counts

Slots are `{name}` (the character's usual name), `{he} {him} {his} {himself} {He} {His}`
(their pronouns), the same with a `2` for a second character (`{name2}`, `{his2}`), and
the operator's own value slots (listed in operators.OPERATORS). Unknown keys, unknown slots,
an unknown half or a list without both halves are errors: a typo must never silently drop a
phrasing from the measurement.

Halves. Every phrasing is in the tuning half or the held-out half; the files alternate them.
Extractors may be tuned on what the tuning half misses; the held-out half is never read while
tuning, so its recall is the honest one (docs/recall-harness.md).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from storylint.errors import StorylintError

HALVES = ("tuning", "held-out")
BANDS = ("same-scene", "same-chapter", "across-chapters")
PRONOUN_SLOTS = ("he", "him", "his", "himself", "He", "His")
CHARACTER_SLOTS = frozenset(["name", *PRONOUN_SLOTS])
SECOND_CHARACTER_SLOTS = frozenset(f"{slot}2" for slot in CHARACTER_SLOTS)
FAMILY_KEYS = frozenset({"family", "description", "operators"})
OPERATOR_KEYS = frozenset({"summary", "bands", "values", "setup", "slip"})
PHRASING_KEYS = frozenset({"text", "half", "days"})
ROLES = ("setup", "slip")


class TemplateError(StorylintError):
    """A phrasing file that does not follow the schema above."""


@dataclass(frozen=True)
class Phrasing:
    id: str  # "objects.owner_changed.slip.3": stable while the file is only appended to
    text: str
    half: str
    days: int = 1

    @property
    def slots(self) -> list[str]:
        return template_slots(self.text)

    def fill(self, values: Mapping[str, str]) -> str:
        return self.text.format_map(values)


@dataclass(frozen=True)
class OperatorPhrasings:
    family: str
    name: str
    summary: str
    bands: tuple[str, ...]
    values: Mapping[str, Any] = field(default_factory=dict)
    setup: tuple[Phrasing, ...] = ()
    slip: tuple[Phrasing, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.family}.{self.name}"

    def phrasings(self, role: str, half: str | None = None) -> list[Phrasing]:
        return [p for p in getattr(self, role) if half is None or p.half == half]


@dataclass(frozen=True)
class OperatorSlots:
    """What the code of one operator offers its phrasings."""

    slots: frozenset[str]
    # Roles placed where the character was not just named (they left, or died): their
    # phrasings must name the character before any pronoun refers to them.
    named_first: frozenset[str] = frozenset()


def template_slots(text: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def mutations_folder():
    return resources.files("storylint.evaluation") / "mutations"


def family_files() -> list[str]:
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in mutations_folder().iterdir()
        if entry.name.endswith(".yaml")
    )


def _fail(where: str, problem: str) -> TemplateError:
    return TemplateError(f"{where}: {problem}")


def _unknown_keys(where: str, data: Mapping, allowed: frozenset[str]) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise _fail(where, f"unknown key(s) {', '.join(map(str, extra))}")


def _phrasing(
    where: str, ident: str, entry: Any, slots: OperatorSlots, named_first: bool
) -> Phrasing:
    if not isinstance(entry, dict):
        raise _fail(where, "a phrasing is a mapping with `text` and `half`")
    _unknown_keys(where, entry, PHRASING_KEYS)
    text, half = entry.get("text"), entry.get("half")
    if not isinstance(text, str) or not text.strip():
        raise _fail(where, "`text` must be a non-empty string")
    if half not in HALVES:
        raise _fail(where, f"`half` must be one of {', '.join(HALVES)}, not {half!r}")
    days = entry.get("days", 1)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 6:
        raise _fail(where, "`days` must be a whole number from 1 to 6")
    try:
        used = template_slots(text)
    except ValueError as exc:
        raise _fail(where, f"bad template {text!r}: {exc}") from None
    unknown = [s for s in used if s not in slots.slots]
    if unknown:
        raise _fail(where, f"unknown slot(s) {', '.join('{' + s + '}' for s in unknown)}")
    if named_first:
        people = [s for s in used if s in CHARACTER_SLOTS]
        if people and people[0] != "name":
            raise _fail(where, "this role must name the character ({name}) before a pronoun")
    if re.search(r"\s{2,}", text) or text != text.strip():
        raise _fail(where, "stray whitespace in the text")
    return Phrasing(ident, text, half, days)


def parse_family(family: str, data: Any, operators: Mapping[str, OperatorSlots]) -> dict:
    """The operators of one family file, validated against the operators the code knows."""
    where = f"mutations/{family}.yaml"
    if not isinstance(data, dict):
        raise _fail(where, "the file must be a mapping")
    _unknown_keys(where, data, FAMILY_KEYS)
    if data.get("family") != family:
        raise _fail(where, f"`family` must be {family!r}")
    ops = data.get("operators")
    if not isinstance(ops, dict) or not ops:
        raise _fail(where, "`operators` must be a non-empty mapping")
    expected = {key.split(".", 1)[1] for key in operators if key.startswith(family + ".")}
    if set(ops) != expected:
        raise _fail(
            where,
            f"operators {sorted(ops)} do not match the code's {sorted(expected)}",
        )
    result: dict[str, OperatorPhrasings] = {}
    for name, spec in ops.items():
        here = f"{where}: {name}"
        key = f"{family}.{name}"
        slots = operators[key]
        if not isinstance(spec, dict):
            raise _fail(here, "an operator is a mapping")
        _unknown_keys(here, spec, OPERATOR_KEYS)
        if not isinstance(spec.get("summary"), str):
            raise _fail(here, "`summary` is required")
        bands = spec.get("bands")
        if not isinstance(bands, list) or not bands or any(b not in BANDS for b in bands):
            raise _fail(here, f"`bands` must be a non-empty list of {', '.join(BANDS)}")
        values = spec.get("values", {})
        if not isinstance(values, dict) or any(
            not isinstance(v, list) or not v for v in values.values()
        ):
            raise _fail(here, "`values` maps names to non-empty lists")
        roles: dict[str, tuple[Phrasing, ...]] = {}
        for role in ROLES:
            entries = spec.get(role, [])
            if role == "slip" and not entries:
                raise _fail(here, "`slip` needs at least one phrasing")
            if not isinstance(entries, list):
                raise _fail(here, f"`{role}` must be a list")
            parsed = tuple(
                _phrasing(
                    f"{here}: {role}[{i}]",
                    f"{key}.{role}.{i}",
                    entry,
                    slots,
                    role in slots.named_first,
                )
                for i, entry in enumerate(entries)
            )
            if parsed and {p.half for p in parsed} != set(HALVES):
                raise _fail(here, f"`{role}` needs phrasings in both halves")
            roles[role] = parsed
        result[name] = OperatorPhrasings(
            family, name, spec["summary"], tuple(bands), values, roles["setup"], roles["slip"]
        )
    return result


@cache
def _raw(family: str) -> Any:
    path = mutations_folder() / f"{family}.yaml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TemplateError(f"mutations/{family}.yaml: not valid YAML: {exc}") from None


def load_phrasings(operators: Mapping[str, OperatorSlots]) -> dict[str, OperatorPhrasings]:
    """Every operator's phrasings by "family.operator"; every known operator must have a file."""
    families = sorted({key.split(".", 1)[0] for key in operators})
    missing = [f for f in families if f not in family_files()]
    if missing:
        raise TemplateError(f"no phrasing file for {', '.join(missing)} in mutations/")
    loaded: dict[str, OperatorPhrasings] = {}
    for family in families:
        for name, op in parse_family(family, _raw(family), operators).items():
            loaded[f"{family}.{name}"] = op
    return loaded
