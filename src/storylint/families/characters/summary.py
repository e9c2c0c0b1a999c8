"""Facts per character as plain data, for the story bible (`storylint bible`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylint.families.characters.layer import FACTS
from storylint.pipeline.layers import CHARACTERS

if TYPE_CHECKING:
    from storylint.model import StoryModel


def facts_by_character(model: StoryModel) -> dict[str, dict[str, list[str]]]:
    """{character name: {attribute: [distinct values, in order of first statement]}}.

    Only lasting statements: events ("dyed", "wounded") and negated glasses
    are left out. Values are what a writer would type in a bible ("blue",
    "left cheek", "leeds").
    """
    facts = model.get(FACTS) or []
    index = model.get(CHARACTERS)
    result: dict[str, dict[str, list[str]]] = {}
    for fact in facts:
        if fact.event or not fact.value or fact.character_id < 0 or index is None:  # narrator
            continue
        if fact.character_id >= len(index.characters):
            continue
        name = index.by_id(fact.character_id).name
        values = result.setdefault(name, {}).setdefault(fact.attribute, [])
        if fact.value not in values:
            values.append(fact.value)
    return result
