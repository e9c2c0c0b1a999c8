"""Facts per character as plain data, for the story bible (`storylint bible`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storylint.model import StoryModel


def facts_by_character(model: StoryModel) -> dict[str, dict[str, list[str]]]:
    """{character name: {attribute: [distinct values, in order of first statement]}}.

    Only lasting statements: events ("dyed", "wounded") and negated glasses
    are left out. Values are what a writer would type in a bible ("blue",
    "left cheek", "leeds").
    """
    facts = model.layers.get("facts") or []
    index = model.layers.get("characters")
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
