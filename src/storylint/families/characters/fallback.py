"""Owners the people stage left untied, for descriptions and relations only.

The pronoun stage ties a pronoun only when it is sure, and the name stage does not always
link a bare given name to the full name it belongs to ("Marisol" of "Marisol Vega" in "At
the funeral Marisol kept touching ..."). A short story then loses most of its descriptions:
"He rubbed the scar on his right cheek" after a scene break is nobody's. This module gives a
second, humbler answer, used only when the index has none:

- a capitalised word that is the first or last word of exactly one character's name (and
  of no other character's) is that character;
- a gendered pronoun is the character of its gender named last before it in its sentence
  (nobody else of that gender named or pronoun-tied in between); failing that, for a
  pronoun before any name of its gender in its paragraph, the last subject of its gender
  in the paragraph before (nobody else of that gender mentioned after it there); failing
  that, the only character of its gender named in the chapter so far, when there is
  exactly one.

Owners found so are marked `by_pronoun` (a name found so as well: the link is ours, not the
people stage's), so the rules treat them with a pronoun's confidence. The people stage is
the place to fix these links for every family; this is the characters and relationships
families' stopgap (see the family README).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from storylint.people.entities import Gender, MentionKind

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex

PRONOUN_GENDER = {
    "he": Gender.MALE, "him": Gender.MALE, "his": Gender.MALE, "himself": Gender.MALE,
    "she": Gender.FEMALE, "her": Gender.FEMALE, "hers": Gender.FEMALE,
    "herself": Gender.FEMALE,
}  # fmt: skip
SENTENCE_REACH = 40  # tokens back from a pronoun to its sentence's name


class Fallback:
    """Second-chance character links for one story (built once per model)."""

    def __init__(self, model: StoryModel, index: CharacterIndex) -> None:
        self.model = model
        self.index = index
        words: dict[str, set[int]] = {}
        for character in index.characters:
            for alias in {character.name, *character.aliases}:
                parts = [p for p in alias.replace(".", " ").split() if p[:1].isupper()]
                for part in {parts[0], parts[-1]} if parts else ():
                    words.setdefault(part, set()).add(character.id)
        # a word several characters share ("Walsh" of two brothers) names none of them
        self.words = {w: next(iter(ids)) for w, ids in words.items() if len(ids) == 1}
        # the first named (not pronoun) mention of each character: (parsed_index, token)
        firsts: list[tuple[int, int, int]] = []
        for character in index.characters:
            named = [
                (m.parsed_index, m.token_start)
                for m in character.mentions
                if m.kind is not MentionKind.PRONOUN
            ]
            if named:
                pi, ti = min(named)
                firsts.append((pi, ti, character.id))
        firsts.sort()
        self._firsts = firsts
        self._first_keys = [(pi, ti) for pi, ti, _ in firsts]

    def name_at(self, parsed_index: int, token: Token) -> int | None:
        """The character a capitalised word names, by the words of the full names."""
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            return None
        if self.index.mention_at(parsed_index, token.i) is not None:
            return None
        # "Finn Doyle" when only "Finn" is known: the head word or its compounds
        found = {
            self.words[t.text]
            for t in (token, *token.children)
            if (t.i == token.i or (t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"))
            and t.text in self.words
        }
        return next(iter(found)) if len(found) == 1 else None

    def _named_at(self, parsed_index: int, i: int) -> int | None:
        mention = self.index.mention_at(parsed_index, i)
        if mention is not None:
            return mention.character_id
        return self.name_at(parsed_index, self.model.parsed[parsed_index].doc[i])

    def pronoun_at(self, parsed_index: int, token: Token) -> int | None:
        """The character an untied gendered pronoun most likely is, or None."""
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender is None or token.pos_ != "PRON":
            return None
        if self.index.mention_at(parsed_index, token.i) is not None:
            return None
        doc = token.doc
        start = token.i
        while start > 0 and not doc[start].is_sent_start and token.i - start < SENTENCE_REACH:
            start -= 1
        for i in range(token.i - 1, start - 1, -1):
            cid = self._named_at(parsed_index, i)
            if cid is None:
                continue
            if self.index.by_id(cid).gender is gender:
                return cid
            if self.index.by_id(cid).gender is Gender.UNKNOWN:
                return None  # someone who may be the one meant
        previous = self._previous_subject(parsed_index, token.i, gender)
        if previous is not None:
            return previous
        return self._only_of_gender(parsed_index, token.i, gender)

    def _previous_subject(self, parsed_index: int, token_i: int, gender: Gender) -> int | None:
        """For a pronoun before any name of its gender in its paragraph: the last subject of
        that gender in the paragraph before, in the same scene, when nobody else of that
        gender is mentioned after it there ("Nora read the paper by the window. ... // She
        pushed her red hair out of her eyes")."""
        for i in range(token_i):
            cid = self._named_at(parsed_index, i)
            if cid is not None and self.index.by_id(cid).gender in (gender, Gender.UNKNOWN):
                return None
        if parsed_index == 0:
            return None
        here = self.model.parsed[parsed_index]
        before = self.model.parsed[parsed_index - 1]
        if (before.chapter_index, before.scene_index) != (here.chapter_index, here.scene_index):
            return None
        seen: set[int] = set()
        doc = before.doc
        for tok in reversed(doc):
            mention = self.index.mention_at(parsed_index - 1, tok.i)
            if mention is None or mention.token_start != tok.i:
                continue
            other = self.index.by_id(mention.character_id).gender
            if other is Gender.UNKNOWN:
                return None
            if other is not gender:
                continue
            seen.add(mention.character_id)
            if len(seen) > 1:
                return None
            if tok.dep_ in ("nsubj", "nsubjpass") or doc[mention.token_end - 1].dep_ in (
                "nsubj",
                "nsubjpass",
            ):
                return mention.character_id
        return None

    def _only_of_gender(self, parsed_index: int, token_i: int, gender: Gender) -> int | None:
        """The one character of a gender named in the chapter before this token."""
        chapter = self.model.parsed[parsed_index].chapter_index
        found: set[int] = set()
        stop = bisect_right(self._first_keys, (parsed_index, token_i))
        for pi, _, cid in self._firsts[:stop]:
            if self.model.parsed[pi].chapter_index != chapter:
                # named in an earlier chapter: still a candidate if named again in this one
                if not self._named_in_chapter(cid, chapter, parsed_index, token_i):
                    continue
            other = self.index.by_id(cid).gender
            if other is gender or other is Gender.UNKNOWN:
                found.add(cid)
        if len(found) != 1:
            return None
        cid = next(iter(found))
        return cid if self.index.by_id(cid).gender is gender else None

    def _named_in_chapter(self, cid: int, chapter: int, parsed_index: int, token_i: int) -> bool:
        for m in self.index.by_id(cid).mentions:
            if m.kind is MentionKind.PRONOUN:
                continue
            if self.model.parsed[m.parsed_index].chapter_index != chapter:
                continue
            if (m.parsed_index, m.token_start) < (parsed_index, token_i):
                return True
        return False


_CACHE: dict[int, tuple[object, Fallback]] = {}


def fallback_for(model: StoryModel, index: CharacterIndex) -> Fallback:
    """One Fallback per model (the extractors of both families share it)."""
    key = id(model)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is model:
        return cached[1]
    found = Fallback(model, index)
    _CACHE.clear()
    _CACHE[key] = (model, found)
    return found


def narrator_id(model: StoryModel, index: CharacterIndex) -> int | None:
    """The character a first-person narrator names themself as, in narration: "My name is
    Juno Fairweather", "I'm Juno", "I am Juno Fairweather", "Call me Juno". None when the
    narration never says, or names two (letters, journals: several narrators)."""
    from storylint.nlp.modes import NARR, paragraph_mode_bits

    fallback = fallback_for(model, index)
    found: set[int] = set()
    for pi, parsed in enumerate(model.parsed):
        doc = parsed.doc
        candidates = [t for t in doc if t.lower_ in ("i", "name", "me") and t.i + 4 < len(doc)]
        if not candidates:
            continue
        bits = None
        for tok in candidates:
            head = tok.head
            if tok.lower_ == "name":
                ok = tok.dep_ == "nsubj" and any(
                    c.dep_ == "poss" and c.lower_ == "my" for c in tok.children
                )
            elif tok.lower_ == "i":
                ok = tok.dep_ == "nsubj"
            else:  # "call me Juno"
                ok = tok.dep_ == "dobj" and head.lemma_ == "call" and head.i == 0
            if not ok or (tok.lower_ != "me" and head.lemma_ != "be"):
                continue
            names = [c for c in head.children if c.dep_ in ("attr", "oprd") and c.pos_ == "PROPN"]
            for name in names:
                mention = index.mention_at(pi, name.i)
                cid = mention.character_id if mention is not None else fallback.name_at(pi, name)
                if cid is None:
                    continue
                if bits is None:
                    bits = paragraph_mode_bits(model, pi)
                if bits[tok.i] & NARR and bits[name.i] & NARR:
                    found.add(cid)
    return next(iter(found)) if len(found) == 1 else None
