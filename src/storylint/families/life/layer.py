"""The records of the life layer: deaths, acts after them, and the layer itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storylint.findings import Evidence
from storylint.pipeline.layers import Layer

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from storylint.manuscript import SourceText
    from storylint.people.entities import CharacterIndex, Mention


@dataclass(eq=False)
class Death:
    """One narrated death of a named character."""

    character_id: int
    kind: str  # died, killed, dead, funeral, late, ... (the word that says it)
    parsed_index: int
    start: int  # source offsets of the evidence (the clause or phrase)
    end: int
    source: SourceText
    by_pronoun: bool  # the dead character is named by a pronoun here ("he died")
    event: bool  # narrated as an event or state (died, was killed, lay dead), not a noun
    hearsay: bool = False  # reported ("news came that he had died")
    frame: bool = False  # told by a narrator looking back from after the story
    name: tuple[str, ...] = ()  # the name as written ("Aunt", "March"); () for a pronoun
    dying: bool = False  # a mortal wound: the dying may still speak in that chapter
    # told by a pronoun whose name the narration gives just before ("Tom was ill all
    # winter. He died in March."): counted as told by that name, a little less sure
    anchored: bool = False

    @property
    def evidence(self) -> Evidence:
        """The death passage, as a finding's established evidence."""
        return Evidence(self.source, self.start, self.end, "established")


@dataclass(eq=False)
class Act:
    """A dead character, by name, doing something in a later paragraph."""

    character_id: int
    parsed_index: int
    start: int
    end: int
    lemma: str
    name: tuple[str, ...] = ()  # the name as written; for a pronoun, the name it stands for
    by_pronoun: bool = False  # "he came in", the "he" anchored by the name just before
    verb_i: int = -1  # the acting verb's token in its paragraph


@dataclass(eq=False)
class LifeLayer:
    deaths: list[Death] = field(default_factory=list)
    # character id -> acts in paragraphs after their first death, in text order
    acts: dict[int, list[Act]] = field(default_factory=dict)
    revived: set[int] = field(default_factory=set)
    doubtful: set[int] = field(default_factory=set)
    # character id -> the death their acts are measured from (stage._measured)
    anchors: dict[int, Death] = field(default_factory=dict)
    # character id -> (the bible's `dead` or `died_in` fact, acts after that point)
    canon_acts: dict[int, tuple[Any, list[Act]]] = field(default_factory=dict)
    characters: CharacterIndex | None = None

    def first_death(self, character_id: int) -> Death | None:
        return next((d for d in self.deaths if d.character_id == character_id), None)

    def dead_before(self, character_id: int, parsed_index: int) -> bool:
        """Does the text (credibly) kill this character before that paragraph?"""
        if character_id in self.revived or character_id in self.doubtful:
            return False
        death = self.anchors.get(character_id) or self.first_death(character_id)
        return death is not None and death.parsed_index < parsed_index


def written_name(doc: Doc, mention: Mention) -> tuple[str, ...]:
    """A name mention's words as written, without line breaks or a possessive 's."""
    return tuple(
        t.text
        for t in doc[mention.token_start : mention.token_end]
        if not t.is_space and t.tag_ != "POS"
    )


LIFE: Layer[LifeLayer] = Layer("life", "deaths and what the dead do after (families.life)")
