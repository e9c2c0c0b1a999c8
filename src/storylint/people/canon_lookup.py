"""Which story-bible facts belong to a character of the analysis.

Why a helper: the relationship and life rules compare the text with the
writer's bible (`model.get(CANON)`, see `storylint.canon`). The canon
decides the match itself (`Canon.facts_of`: through the one bible entry that
shares a name with the character, never a guess); a simpler canon object (in
tests, or an older bible reader) with only `facts` is matched here by name
and alias, case-insensitively, and only when exactly one character fits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storylint.people.entities import Character, CharacterIndex


def canon_facts_of(canon: Any, index: CharacterIndex, character: Character) -> list[Any]:
    """The bible's facts about `character` (an empty list when none, or no bible)."""
    if canon is None:
        return []
    facts_of = getattr(canon, "facts_of", None)
    if callable(facts_of):
        return list(facts_of(character))
    mine = []
    for fact in getattr(canon, "facts", None) or ():
        names = {str(n).strip().lower() for n in (fact.character, *(fact.aliases or ()))}
        fits = [c for c in index.characters if names & _names(c)]
        if len(fits) == 1 and fits[0].id == character.id:
            mine.append(fact)
    return mine


def _names(character: Character) -> set[str]:
    return {n.strip().lower() for n in (character.name, *character.aliases)}
