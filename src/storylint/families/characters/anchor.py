"""Re-tying a possessive pronoun to the subject a reader ties it to.

The people stage sometimes ties "his" or "her" to someone named further back, where a
reader ties it to the character just named as a clause subject: "When Tryon had known
Warwick for a week, he was ready to swear by him. Indeed, Warwick was a man people liked at
once. His black hair ..." is Warwick's hair. Two cues agree there, recency and subjecthood,
and nobody else of the pronoun's gender is named between. Used by the character facts
(context.py) and by the relationships stage (the holder of "her father, Robert").
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from storylint.families.characters.owners import NARRATOR
from storylint.nlp.modes import NARR, paragraph_mode_bits

if TYPE_CHECKING:
    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex, Mention

SUBJECT_DEPS = ("nsubj", "nsubjpass")
OBJECT_DEPS = ("dobj", "pobj", "dative", "iobj")  # "smiled at him": someone else is there
GENDERED = ("male", "female")


def subject_anchor(
    model: StoryModel, index: CharacterIndex, pi: int, pronoun_i: int, resolved: int
) -> int:
    """The character a pronoun at token `pronoun_i` of paragraph `pi`, tied by the people
    stage to `resolved`, is read as: the last name of its gender in narration before it
    when that name is a clause subject in the sentence before (or earlier in the pronoun's
    own sentence), or in the last sentence of the paragraph before when the pronoun's
    paragraph names nobody of that gender before it (same scene); and nobody else of the
    gender is named, or there as an object pronoun, in between. Else `resolved`."""
    if resolved < 0:
        return resolved
    gender = index.by_id(resolved).gender
    if gender not in GENDERED:
        return resolved
    anchor_pi = pi
    found = last_name_of_gender(model, index, pi, pronoun_i, gender)
    if found is None:
        if pi == 0 or not _same_scene(model, pi - 1, pi):
            return resolved
        anchor_pi = pi - 1
        found = last_name_of_gender(model, index, anchor_pi, None, gender)
    if found is None or found.character_id in (resolved, NARRATOR):
        return resolved
    if index.by_id(found.character_id).gender != gender:
        return resolved  # a name of no known gender (a dog, a ship) never takes a "his"
    if not _subject_near(model, anchor_pi, found, pi, pronoun_i):
        return resolved
    if _someone_between(model, index, anchor_pi, found, pi, pronoun_i, gender):
        return resolved
    return found.character_id


def _same_scene(model: StoryModel, a: int, b: int) -> bool:
    first, second = model.parsed[a], model.parsed[b]
    return (first.chapter_index, first.scene_index) == (second.chapter_index, second.scene_index)


def _same_gender(index: CharacterIndex, character_id: int, gender: str) -> bool:
    if character_id < 0:
        return False
    other = index.by_id(character_id).gender
    return other == gender or "unknown" in (other, gender)


def last_name_of_gender(
    model: StoryModel, index: CharacterIndex, pi: int, before: int | None, gender: str
) -> Mention | None:
    """The last name mention (not a pronoun) in narration of the gender before token
    `before` of paragraph `pi` (its end when None)."""
    bits = paragraph_mode_bits(model, pi)
    stop = len(model.parsed[pi].doc) if before is None else before
    for i in range(stop - 1, -1, -1):
        mention = index.mention_at(pi, i)
        if mention is None or mention.kind == "pronoun" or not bits[i] & NARR:
            continue
        if mention.character_id >= 0 and _same_gender(index, mention.character_id, gender):
            return mention
    return None


def _subject_near(
    model: StoryModel, anchor_pi: int, found: Mention, pi: int, pronoun_i: int
) -> bool:
    """The name (any word of it: "Sir James") is a clause subject in the pronoun's
    sentence or the one before, or in the last sentence of the paragraph before."""
    doc = model.parsed[anchor_pi].doc
    if not any(w.dep_ in SUBJECT_DEPS for w in doc[found.token_start : found.token_end]):
        return False
    starts = [sent.start for sent in doc.sents]
    k = bisect.bisect_right(starts, found.token_start) - 1
    if anchor_pi != pi:
        return k == len(starts) - 1
    here = bisect.bisect_right(starts, pronoun_i) - 1
    return here - k in (0, 1)


def _someone_between(
    model: StoryModel,
    index: CharacterIndex,
    anchor_pi: int,
    found: Mention,
    pi: int,
    pronoun_i: int,
    gender: str,
) -> bool:
    """Anyone else of the gender, the stage's choice included, named between the anchoring
    name and the pronoun, or there as an object pronoun ("Warwick smiled at him. His hair
    ..."). A subject or possessive pronoun between is the reader's same binding ("He ran a
    hand through his hair"), whoever the stage tied it to."""
    spans = [(anchor_pi, found.token_end, pronoun_i if anchor_pi == pi else None)]
    if anchor_pi != pi:
        spans.append((pi, 0, pronoun_i))
    for p, start, end in spans:
        doc = model.parsed[p].doc
        for i in range(start, len(doc) if end is None else end):
            mention = index.mention_at(p, i)
            if mention is None or mention.character_id == found.character_id:
                continue
            if mention.kind == "pronoun" and doc[i].dep_ not in OBJECT_DEPS:
                continue
            if _same_gender(index, mention.character_id, gender):
                return True
    return False
