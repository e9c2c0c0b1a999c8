"""A minimal character index for when the character stages have not run.

Why this exists: presence tracking needs to know who "Tom" and "he" are. The
real answer comes from the characters and pronoun stages
(`model.layers["characters"]`); this fallback only keeps the places engine
usable (and testable) on a pipeline without them. It is deliberately timid:
names from spaCy PERSON entities, and he/she resolved to the last named
character of that gender in the same scene, genders taken from honorifics or
from the pronoun that follows a character's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylint.analysis.entities import (
    Character,
    CharacterIndex,
    Gender,
    Mention,
    MentionKind,
)

if TYPE_CHECKING:
    from storylint.model import StoryModel

_MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "mister", "uncle", "father"})
_FEMALE_TITLES = frozenset({"mrs", "mrs.", "miss", "ms", "ms.", "lady", "madam", "aunt"})
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})


def fallback_index(model: StoryModel) -> CharacterIndex:
    index = CharacterIndex()
    by_alias: dict[str, int] = {}
    names: list[tuple[int, int, int, int]] = []  # parsed_index, start, end, character id
    for pi, parsed in enumerate(model.parsed):
        for ent in parsed.doc.ents:
            if ent.label_ != "PERSON":
                continue
            words = [t.text for t in ent if t.is_alpha and t.text[0].isupper()]
            if not words:
                continue
            cid = next((by_alias[w] for w in words if w in by_alias), None)
            if cid is None:
                cid = len(index.characters)
                index.characters.append(Character(cid, " ".join(words)))
            for w in words:
                by_alias.setdefault(w, cid)
                index.characters[cid].aliases.add(w)
            before = parsed.doc[ent.start - 1].lower_ if ent.start else ""
            if before in _MALE_TITLES:
                index.characters[cid].gender = Gender.MALE
            elif before in _FEMALE_TITLES:
                index.characters[cid].gender = Gender.FEMALE
            names.append((pi, ent.start, ent.end, cid))
    name_at = {(pi, s): (e, cid) for pi, s, e, cid in names}
    _learn_genders(model, index, name_at)
    _add_mentions(model, index, name_at)
    return index


def _learn_genders(model: StoryModel, index: CharacterIndex, name_at: dict) -> None:
    """The first he/she after a name, with no other name between, votes its gender."""
    votes: dict[int, list[int]] = {}
    for pi, parsed in enumerate(model.parsed):
        pending: int | None = None
        for tok in parsed.doc:
            hit = name_at.get((pi, tok.i))
            if hit is not None:
                pending = hit[1]
                continue
            if pending is not None and tok.lower_ in ("he", "she"):
                pair = votes.setdefault(pending, [0, 0])
                pair[0 if tok.lower_ == "he" else 1] += 1
                pending = None
    for cid, (male, female) in votes.items():
        character = index.characters[cid]
        if character.gender is Gender.UNKNOWN and male != female:
            character.gender = Gender.MALE if male > female else Gender.FEMALE


def _add_mentions(model: StoryModel, index: CharacterIndex, name_at: dict) -> None:
    scene = None
    last: dict[Gender, int] = {}
    for pi, parsed in enumerate(model.parsed):
        if (parsed.chapter_index, parsed.scene_index) != scene:
            scene = (parsed.chapter_index, parsed.scene_index)
            last.clear()
        doc = parsed.doc
        skip_to = -1
        for tok in doc:
            if tok.i < skip_to:
                continue
            hit = name_at.get((pi, tok.i))
            if hit is not None:
                end, cid = hit
                _mention(index, parsed, pi, tok.i, end, cid, MentionKind.NAME)
                gender = index.characters[cid].gender
                if gender is not Gender.UNKNOWN:
                    last[gender] = cid
                skip_to = end
                continue
            word = tok.lower_
            gender = Gender.MALE if word in _MALE else Gender.FEMALE if word in _FEMALE else None
            if gender is not None and gender in last:
                _mention(index, parsed, pi, tok.i, tok.i + 1, last[gender], MentionKind.PRONOUN)


def _mention(index, parsed, pi: int, start: int, end: int, cid: int, kind: MentionKind) -> None:
    span = parsed.doc[start:end]
    s, e = parsed.source_span(span)
    index.add_mention(Mention(pi, start, end, s, e, cid, kind))
