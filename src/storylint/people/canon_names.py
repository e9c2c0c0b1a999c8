"""What the bible says about names, in the terms of the characters stage.

The characters stage groups name forms (`NameForm.key`: "mr Wills", "Tom Wills") into
people. The bible overrides it in three ways, all decided here and applied there:

- **one entry, one person**: every form the bible lists for an entry is that person,
  whatever the analysis would say ("Bunny" is Bernadette Shaw), and every listed form is a
  person even where the parser doubted it;
- **two entries, two people**: forms listed under different entries never share a cluster;
- **distinct**: names in a `distinct:` group (or an entry and its `distinct_from`) are
  never one person, so a form the analysis would have merged starts a character of its own
  ("Mr. Wills" the father, not Tom Wills the son).

A name in a distinct group that is an entry's name stands for all of that entry's names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storylint.canon.model import name_key
from storylint.people.entities import Gender
from storylint.people.names import NameForm, parse_name

if TYPE_CHECKING:
    from storylint.canon.model import Canon, CanonCharacter


@dataclass(eq=False)
class CanonNames:
    """The bible's names, keyed like the census (`NameForm.key`, case-folded)."""

    entries: list[CanonCharacter]
    entry_of_key: dict[str, int] = field(default_factory=dict)
    apart: dict[str, set[str]] = field(default_factory=dict)  # key -> keys never one person
    declared: set[str] = field(default_factory=set)  # keys that are people, whatever the parser

    @classmethod
    def of(cls, canon: Canon | None) -> CanonNames | None:
        if canon is None or not (canon.characters or canon.distinct):
            return None
        names = cls(list(canon.characters))
        for i, entry in enumerate(names.entries):
            for name in entry.names:
                key = name_key(name)
                names.entry_of_key.setdefault(key, i)
                names.declared.add(key)
        for group in canon.distinct:
            expanded = [names._keys_of(name) for name in group]
            for keys in expanded:
                names.declared.update(keys)
            for i, keys in enumerate(expanded):
                for other in expanded[:i] + expanded[i + 1 :]:
                    for key in keys:
                        names.apart.setdefault(key, set()).update(other)
        return names

    def _keys_of(self, name: str) -> set[str]:
        key = name_key(name)
        entry = self.entry_of_key.get(key)
        if entry is None:
            return {key}
        return {name_key(n) for n in self.entries[entry].names}

    def entry_of(self, form_key: str) -> int | None:
        return self.entry_of_key.get(form_key.casefold())

    def is_person(self, form_key: str) -> bool:
        return form_key.casefold() in self.declared

    def kept_apart(self, form_key: str, cluster_keys: list[str]) -> bool:
        """Whether the bible says this form is not the person these forms name."""
        key = form_key.casefold()
        entry = self.entry_of_key.get(key)
        never = self.apart.get(key, set())
        for other in cluster_keys:
            other = other.casefold()
            if other in never:
                return True
            other_entry = self.entry_of_key.get(other)
            if entry is not None and other_entry is not None and other_entry != entry:
                return True
        return False

    def forms_of(self, entry: int) -> list[NameForm]:
        """The entry's names as name forms (for given names and surnames absent from the text)."""
        forms = (parse_name(n.split()) for n in self.entries[entry].names)
        return [f for f in forms if f is not None]

    def gender_of(self, entry: int) -> Gender | None:
        gender = self.entries[entry].gender
        return None if gender is Gender.UNKNOWN else gender
