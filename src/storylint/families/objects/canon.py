"""Bible objects with owners, in the terms of the world engine.

Why only this much: `objects: [{name: coat, owner: Derek}]` says the coat of the story is
Derek's. The world engine tracks objects by their noun, chapter by chapter, so the bible's
owner is given to a tracked object only where the text names no owner of its own: the
first "the coat" of a chapter becomes Derek's coat. A later "her coat" on Ivy while she
wears it is then the engine's ordinary owner conflict (OBJ001), with the bible's line as
evidence. A text that names another owner outright ("Ivy's coat") may mean another coat of
the same kind: that is not checked. Nor is an object the engine does not track (a noun
outside data/objects.tsv), an object two bible entries share a noun with, or an owner who
is no character of this text (never a guess).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from storylint.canon.model import name_key
from storylint.families.objects.identity import Person
from storylint.pipeline.layers import CANON, CHARACTERS

if TYPE_CHECKING:
    from storylint.canon.model import Canon
    from storylint.families.objects.lexicon import Lexicon
    from storylint.findings import Evidence
    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex

LEADING = frozenset({"the", "a", "an", "his", "her", "their", "its", "my", "our", "your"})


def canon_owners(model: StoryModel, lexicon: Lexicon) -> dict[str, tuple[Person, Evidence]]:
    """Tracked object lemma -> (its owner as the engine knows people, the bible's owner line)."""
    canon: Canon | None = model.get(CANON)
    characters = model.get(CHARACTERS)
    if canon is None or characters is None:
        return {}
    found: dict[str, tuple[Person, Evidence] | None] = {}
    for entry in canon.objects:
        if entry.owner is None or entry.owner_evidence is None:
            continue
        lemmas = cast(
            "set[str]", {lemma_of(name, lexicon) for name in (entry.name, *entry.aliases)} - {None}
        )
        owner = _person(canon, characters, entry.owner)
        for lemma in lemmas:
            if lemma in found or owner is None:
                found[lemma] = None  # two bible objects of one noun, or an unknown owner
            else:
                found[lemma] = (owner, entry.owner_evidence)
    return {lemma: value for lemma, value in found.items() if value is not None}


def lemma_of(name: str, lexicon: Lexicon) -> str | None:
    """The engine's lemma for a bible object's name: "the leather coat" -> "coat",
    "cell phone" -> "cell phone", "boots" -> "boot"; None when the engine does not track it."""
    words = [w for w in name.lower().split() if w not in LEADING and not w.endswith("'s")]
    if not words:
        return None
    if len(words) >= 2 and " ".join(words[-2:]) in lexicon.objects:
        return " ".join(words[-2:])
    last = words[-1]
    for candidate in (last, last[:-1] if last.endswith("s") else None):
        if candidate and candidate in lexicon.objects:
            return candidate
    return None


def _person(canon: Canon, characters: CharacterIndex, owner: str) -> Person | None:
    """The owner as the engine's `person_of` names a character: by the CharacterIndex id."""
    entry = canon.entry_named(owner)
    keys = {name_key(n) for n in (entry.names if entry is not None else (owner,))}
    matches = [
        c for c in characters.characters if keys & {name_key(n) for n in (c.name, *c.aliases)}
    ]
    if len(matches) != 1:
        return None
    character = matches[0]
    gender = getattr(character.gender, "value", str(character.gender))
    return Person(f"c{character.id}", character.name.split()[0], gender)
