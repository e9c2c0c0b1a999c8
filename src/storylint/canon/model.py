"""The writer's canon as storylint reads it: characters, facts, objects, places, notes.

Why facts carry an `Evidence` into the bible file: a rule that finds "her blue
eyes" against a bible saying brown must show the writer both passages, and the
bible line is the established one ("eyes: brown", story-bible.yaml line 12).
Values are normalised lower-case so that a bible fact and a fact read from the
story compare; `written` keeps the writer's own spelling for messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from storylint.findings import Evidence
from storylint.manuscript import SourceText
from storylint.people.entities import Gender
from storylint.people.names import parse_name

if TYPE_CHECKING:
    from storylint.people.entities import Character


def name_key(name: str) -> str:
    """How a name is matched: its title normalised ("Mr." = "Mr"), whitespace and case folded.

    The same key as the characters stage's name forms (`NameForm.key`), folded, so that the
    bible's "Mr. Wills" finds the text's "Mr Wills"."""
    words = name.split()
    form = parse_name(words) if words else None
    return (form.key if form is not None else " ".join(words)).casefold()


def normalise(value: str) -> str:
    """A value as facts compare it: lower case, single spaces."""
    return " ".join(value.split()).lower()


@dataclass(frozen=True, eq=False)
class CanonFact:
    """One thing the canon says about a character: Ivy's eyes are brown."""

    character: str  # the bible entry's `name` (or, carried from an earlier book, its name there)
    aliases: tuple[str, ...]  # the entry's other names
    attribute: str  # a shared attribute key: eyes, hair, age, mother, dead ... (schema)
    value: str  # normalised lower-case: "brown", "34", "ann lynn", "true"
    evidence: Evidence = field(repr=False)  # the bible's `key: value` (or an earlier book's)
    written: str = ""  # the value as the writer wrote it: "Brown", "Ann Lynn"
    book: str | None = None  # the earlier book it was established in; None for the bible

    @property
    def names(self) -> tuple[str, ...]:
        return (self.character, *self.aliases)


@dataclass(frozen=True, eq=False)
class CanonCharacter:
    """A `characters:` entry: one person, by every name the writer gives them."""

    name: str
    aliases: tuple[str, ...]
    gender: Gender | None  # None when the bible does not say
    distinct_from: tuple[str, ...]
    evidence: Evidence = field(repr=False)  # the `name: ...` line
    index: int = 0  # position in `characters:` (0-based), for messages

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, eq=False)
class CanonDeath:
    """`died: {book: ..., chapter: ..., how: ...}`: a death at a known point of the story.

    Only a death before the story (`died: true` or a description) becomes a `dead` fact
    at load time; one dated to a chapter or a book depends on which book is being checked
    (`Canon.for_book`)."""

    character: str
    aliases: tuple[str, ...]
    book: str | None
    chapter: str | None
    how: str
    evidence: Evidence = field(repr=False)


@dataclass(frozen=True, eq=False)
class CanonObject:
    """An `objects:` entry: a thing of note and, if the bible says, whose it is."""

    name: str
    owner: str | None
    aliases: tuple[str, ...]
    evidence: Evidence = field(repr=False)  # the `name:` line
    owner_evidence: Evidence | None = field(default=None, repr=False)  # `owner: Derek`


@dataclass(frozen=True, eq=False)
class CanonPlace:
    """A `places:` entry. Kept for the writer and for future checks; not checked today."""

    name: str
    aliases: tuple[str, ...]
    evidence: Evidence = field(repr=False)


@dataclass(frozen=True, eq=False)
class CanonNote:
    """Free canon notes: kept, shown by `storylint bible --bible`, never checked."""

    text: str
    evidence: Evidence = field(repr=False)
    about: str | None = None  # the character, object or place the note belongs to


@dataclass(eq=False)
class Canon:
    """Everything one story bible declares. See docs/story-bible.md."""

    path: str
    source: SourceText = field(repr=False)
    title: str | None = None
    characters: list[CanonCharacter] = field(default_factory=list)
    facts: list[CanonFact] = field(default_factory=list)
    deaths: list[CanonDeath] = field(default_factory=list)
    # Groups of names that are NOT one person (top-level `distinct:` and each `distinct_from`).
    distinct: list[tuple[str, ...]] = field(default_factory=list)
    objects: list[CanonObject] = field(default_factory=list)
    places: list[CanonPlace] = field(default_factory=list)
    notes: list[CanonNote] = field(default_factory=list)
    # The plain data of the file, for `storylint bible --bible` to carry the writer's keys over.
    data: dict = field(default_factory=dict, repr=False)

    @property
    def aliases(self) -> dict[str, tuple[str, ...]]:
        """Entry name -> its other names: names the characters stage makes one person."""
        return {c.name: c.aliases for c in self.characters}

    @property
    def owners(self) -> dict[str, str | None]:
        """Object name -> owner's name (None when the bible names no owner)."""
        return {o.name: o.owner for o in self.objects}

    def entry_named(self, name: str) -> CanonCharacter | None:
        """The entry a name or alias belongs to (names are unique across entries)."""
        key = name_key(name)
        for entry in self.characters:
            if any(name_key(n) == key for n in entry.names):
                return entry
        return None

    def entry_of(self, character: Character) -> CanonCharacter | None:
        """The bible entry for a character of the analysis, by any name they share; None when
        no entry or more than one fits (never a guess)."""
        keys = _character_keys(character)
        found = [e for e in self.characters if keys & {name_key(n) for n in e.names}]
        return found[0] if len(found) == 1 else None

    def facts_of(self, character: Character) -> list[CanonFact]:
        """Canon facts about a character of the analysis, matched by name or alias.

        A fact whose names fit this character and no other entry of the bible is theirs;
        `rules` compare them with what the text says, citing `fact.evidence`."""
        keys = _character_keys(character)
        entry = self.entry_of(character)
        entry_key = name_key(entry.name) if entry is not None else None
        out = []
        for fact in self.facts:
            if fact.book is None:  # the bible's own: the entry must be this character's
                if entry_key is not None and name_key(fact.character) == entry_key:
                    out.append(fact)
            elif keys & {name_key(n) for n in fact.names}:  # carried from an earlier book
                out.append(fact)
        return out

    def for_book(self, book_names: Iterable[str], earlier: Iterable[Iterable[str]] = ()) -> Canon:
        """The canon as it applies to one book of a series.

        `book_names` are the names the book goes by (title, path, file name); `earlier` the
        names of each book checked before it. A death dated to an earlier book makes the
        character dead here (`dead`); one in this book (or with no book) gives `died_in` with
        its chapter, so a LIF rule can tell alive-before from alive-after."""
        if not self.deaths:
            return self
        here = {normalise(n) for n in book_names}
        before = {normalise(n) for names in earlier for n in names}
        facts = list(self.facts)
        for death in self.deaths:
            book = normalise(death.book) if death.book else None
            if book is not None and book in before:
                facts.append(_death_fact(death, "dead", "true", death.how or "true"))
            elif (book is None or book in here) and death.chapter:
                facts.append(_death_fact(death, "died_in", normalise(death.chapter), death.chapter))
        return replace(self, facts=facts)


def _death_fact(death: CanonDeath, attribute: str, value: str, written: str) -> CanonFact:
    return CanonFact(
        death.character, death.aliases, attribute, value, death.evidence, written=written
    )


def _character_keys(character: Character) -> set[str]:
    return {name_key(n) for n in (character.name, *character.aliases)}
