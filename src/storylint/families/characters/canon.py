"""The writer's story bible as character facts, so rules compare it like the text.

`model.get(CANON)` (built by `storylint.canon`, absent without a bible)
holds `CanonFact(character, aliases, attribute, value, evidence)` entries
whose evidence points into the bible file. Each is matched to a character of
the CharacterIndex by name or alias and normalised through the same lexicon as
the text ("brown", "left cheek", "yes"), so "eyes: hazel" in the bible and
"her hazel eyes" in chapter 3 are one value. A bible entry that matches no
character, or an attribute this module does not read, is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storylint.families.characters.layer import CharacterFact
from storylint.families.characters.lexicon import (
    body_place,
    colour_families,
    load_lexicon,
    value_words,
)
from storylint.pipeline.layers import CANON, CHARACTERS

if TYPE_CHECKING:
    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex

YES = frozenset({"yes", "true", "wears", "wear", "glasses", "spectacles", "reading", "always"})
NO = frozenset({"no", "false", "none", "never", "not"})
CANON_MODE = "canon"


def canon_facts(model: StoryModel) -> list[CharacterFact]:
    """Every bible fact this package can compare, as a CharacterFact of the matched character."""
    canon = model.get(CANON)
    index = model.get(CHARACTERS)
    if canon is None or index is None:
        return []
    result = []
    if hasattr(canon, "facts_of"):
        # storylint.canon matches entries to characters itself (names, aliases, titles)
        for character in index.characters:
            for entry in canon.facts_of(character):
                fact = canon_fact(character.id, entry)
                if fact is not None:
                    result.append(fact)
        return result
    for entry in getattr(canon, "facts", None) or []:
        character_id = match_character(index, entry.character, tuple(entry.aliases or ()))
        if character_id is None:
            continue
        fact = canon_fact(character_id, entry)
        if fact is not None:
            result.append(fact)
    return result


def match_character(index: CharacterIndex, name: str, aliases: tuple[str, ...] = ()) -> int | None:
    """The character a bible entry describes: its name first, then its aliases;
    among several candidates the most mentioned."""
    wanted = [n.strip().lower() for n in (name, *aliases) if n and n.strip()]
    for key in wanted:
        candidates = [
            c
            for c in index.characters
            if c.name.lower() == key or key in {a.lower() for a in c.aliases}
        ]
        if candidates:
            return max(candidates, key=lambda c: len(c.mentions)).id
    return None


def canon_fact(character_id: int, entry: Any) -> CharacterFact | None:
    """A bible entry normalised like a text fact, or None when its value says nothing we read."""
    attribute = str(entry.attribute).strip().lower()
    text = str(entry.value).strip().lower()
    normal = normalise(attribute, text)
    if normal is None:
        return None
    value, families, part, side = normal
    return CharacterFact(
        character_id=character_id,
        attribute=attribute,
        value=value,
        evidence=entry.evidence,
        parsed_index=-1,
        paragraph_index=-1,
        chapter_index=-1,
        scene_index=-1,
        mode=CANON_MODE,
        confidence=1.0,
        body_part=part,
        side=side,
        families=families,
        definite=True,
        token_i=-1,
        extra={"written": str(getattr(entry, "written", "") or entry.value)},
    )


def normalise(
    attribute: str, text: str
) -> tuple[str, frozenset[str], str | None, str | None] | None:
    """(value, families, body part, side) of a value written in words."""
    lex = load_lexicon()
    words = value_words(text)
    if attribute in ("eyes", "hair"):
        palette = lex.eyes if attribute == "eyes" else lex.hair
        families = colour_families(palette, text)
        if not families:
            return None
        return "/".join(sorted(families)), families, None, None
    if attribute in ("height", "build"):
        table = lex.heights if attribute == "height" else lex.builds
        for word in words:
            if word in table:
                return table[word], frozenset({table[word]}), None, None
        return None
    if attribute == "handedness":
        for word in words:
            value = lex.handedness.get(word) or {"left": "left", "right": "right"}.get(word)
            if word in ("ambidextrous", "both"):
                value = "both"
            if value:
                return value, frozenset({value}), None, None
        return None
    if attribute == "glasses":
        if set(words) & NO:
            return "no", frozenset({"no"}), None, None
        if set(words) & YES:
            return "yes", frozenset({"yes"}), None, None
        return None
    if attribute in ("scar", "tattoo", "birthmark", "injury"):
        part, side = body_place(text)
        if part is None:
            return None
        return (f"{side} {part}" if side else part), frozenset(), part, side
    if attribute == "hometown":
        return (text, frozenset(), None, None) if text else None
    if attribute == "occupation":
        for word in words:
            if word in lex.occupations:
                return word, lex.occupations[word], None, None
        return None
    if attribute == "rank":
        for word in words:
            rank = lex.rank_titles.get(word)
            if rank:
                return rank, frozenset({rank}), None, None
        return None
    return None
