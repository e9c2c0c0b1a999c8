"""Who is who, for objects and the people who own, hold and wear them.

Merging is conservative: a mention joins an earlier object only for a stated
reason (same noun and owner, the only such object in the chapter, "it" right
after it), and every merge records that reason, because a finding that rests
on "these two mentions are the same coat" must say why it thinks so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storylint.people.names import titles

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.findings import Evidence
    from storylint.people.entities import CharacterIndex

PRONOUN_GENDER = {
    "he": "male", "him": "male", "his": "male", "himself": "male",
    "she": "female", "her": "female", "hers": "female", "herself": "female",
}  # fmt: skip
PRONOUN_LABEL = {"male": ("he", "him", "his"), "female": ("she", "her", "hers")}
# The narrator of a first-person story ("I took off my coat") and the "you" of a
# second-person one, in narration (dialogue never reaches the engine): one person each.
# key -> (label, object form, possessive) and the words that name them.
SPEAKER_PEOPLE = {
    "narrator": ("I", "me", "my"),
    "addressee": ("you", "you", "your"),
}
SPEAKER_WORDS = {
    **dict.fromkeys(("i", "me", "my", "mine", "myself"), "narrator"),
    **dict.fromkeys(("you", "your", "yours", "yourself"), "addressee"),
}
# Entity types that are surely not characters (the small model often tags a
# character GPE: "borrowed from Derek").
NOT_PEOPLE = frozenset(
    {"LOC", "FAC", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"}
)
NEW_OBJECT_WORDS = frozenset({"another", "other", "second", "new", "different", "spare", "own"})


@dataclass(frozen=True)
class Person:
    """A character as far as the engine can tell: a known character, or only a pronoun's gender."""

    key: str
    label: str  # "Derek", or "he"/"she" when only the pronoun is known
    gender: str = "unknown"

    @property
    def named(self) -> bool:
        return not self.key.startswith("pron:")

    @property
    def speaker(self) -> bool:
        """The narrator ("I") or the reader addressed ("you"), not a third person."""
        return self.key in SPEAKER_PEOPLE

    def possessive(self) -> str:
        if self.speaker:
            return SPEAKER_PEOPLE[self.key][2]
        if self.named:
            return f"{self.label}'s"
        return PRONOUN_LABEL.get(self.gender, ("they", "them", "their"))[2]

    def independent_possessive(self) -> str:
        """'mine', 'yours', "Derek's", 'hers': the possessive standing alone."""
        if self.speaker:
            return {"narrator": "mine", "addressee": "yours"}[self.key]
        if self.named:
            return f"{self.label}'s"
        return {"male": "his", "female": "hers"}.get(self.gender, "theirs")

    def be(self) -> str:
        """'I am', 'you are', 'Derek is': the verb after this person as subject."""
        return {"narrator": "am", "addressee": "are"}.get(self.key, "is")

    def object_form(self) -> str:
        if self.speaker:
            return SPEAKER_PEOPLE[self.key][1]
        if self.named:
            return self.label
        return PRONOUN_LABEL.get(self.gender, ("they", "them", "their"))[1]

    def could_be(self, other: Person) -> bool:
        """Surely the same, or a pronoun whose gender fits a named character."""
        same = self.same_as(other)
        return same is True or (same is None and self.gender == other.gender != "unknown")

    def same_as(self, other: Person) -> bool | None:
        """True: surely the same; False: surely different; None: can't tell."""
        if self.key == other.key:
            return True if self.named or self.gender != "unknown" else None
        if self.speaker or other.speaker:
            # In narration "I" is never "he", nor a character the narrator names.
            return False
        if "unknown" not in (self.gender, other.gender) and self.gender != other.gender:
            return False
        if self.named and other.named:
            return False
        return None


def short_name(name: str) -> str:
    """What a message calls a character: the first word of the name, unless it is a title
    ("Mrs. Jellyby", "Sir James": the title stays with the next word, never "Mrs." alone)."""
    words = name.split()
    if len(words) > 1 and words[0].rstrip(".").lower() in titles():
        return " ".join(words[:2])
    return words[0] if words else name


def person_of(token: Token, parsed_index: int, characters: CharacterIndex | None) -> Person | None:
    """The person a token names (a name or a personal pronoun), or None."""
    if characters is not None:
        character = characters.character_at(parsed_index, token.i)
        if character is not None:
            gender = getattr(character.gender, "value", str(character.gender))
            return Person(f"c{character.id}", short_name(character.name), gender)
    lower = token.lower_
    if lower in SPEAKER_WORDS:
        key = SPEAKER_WORDS[lower]
        return Person(key, SPEAKER_PEOPLE[key][0])
    if lower in PRONOUN_GENDER:
        gender = PRONOUN_GENDER[lower]
        return Person(f"pron:{gender}", PRONOUN_LABEL[gender][0], gender)
    if token.pos_ == "PROPN" and token.text[:1].isupper() and token.ent_type_ not in NOT_PEOPLE:
        return Person(f"name:{token.text}", token.text)
    return None


@dataclass(eq=False)
class ObjectMention:
    parsed_index: int
    token_i: int
    start: int  # source offsets of the noun phrase
    end: int
    lemma: str
    category: str
    text: str
    owner: Person | None = None
    own: bool = False  # "her own coat": insists on a second object
    determiner: str = "bare"  # def, indef, poss, new, pronoun, bare
    plural: bool = False
    dep: str = ""  # the noun's dependency: subjects and objects are likelier antecedents of "it"
    obj: WorldObject | None = None
    sentence: int = -1  # the story's running sentence number


@dataclass(eq=False)
class WorldObject:
    id: int
    lemma: str
    category: str
    chapter_index: int
    mentions: list[ObjectMention] = field(default_factory=list)
    owner: Person | None = None
    owner_mention: ObjectMention | None = None
    # (source offset of the mention, why it joined this object)
    merge_reasons: list[tuple[int, str]] = field(default_factory=list)
    # The story bible's `owner:` line when the owner came from the bible (canon/objects.py).
    canon_owner: Evidence | None = None

    @property
    def name(self) -> str:
        return self.lemma


def _replaced(obj: WorldObject, candidates: list[WorldObject]) -> bool:
    """'drained his coffee ... came back with another coffee ... sipped his coffee': after
    "another" or "a new" one of the same noun, "his coffee" may be either, so it is taken
    to be neither (a new object with no history)."""
    return any(
        o.id > obj.id and o.owner is None and o.mentions[0].determiner == "new" for o in candidates
    )


class IdentityTracker:
    """Assigns every object mention to an object, one chapter at a time."""

    def __init__(self, canon_owners: dict[str, tuple[Person, Evidence]] | None = None) -> None:
        self.objects: list[WorldObject] = []
        self._live: dict[str, list[WorldObject]] = {}
        self._chapter = -1
        self.carried: dict[str, tuple[WorldObject, str]] = {}
        # lemma -> (owner, bible line): the story bible's owner for a "the coat" the text
        # gives no owner (canon/objects.py)
        self.canon_owners = canon_owners or {}

    def new_chapter(
        self, chapter_index: int, carried: dict[str, tuple[WorldObject, str]] | None = None
    ) -> None:
        """Unpossessed "the coat" in a new chapter is not assumed to be last chapter's coat;
        only `carried` objects (noun -> (object, why)), left broken there, may be meant."""
        self._chapter = chapter_index
        self._live = {}
        self.carried = dict(carried or {})

    def live_objects(self) -> dict[str, list[WorldObject]]:
        """This chapter's objects by noun."""
        return self._live

    def _from_earlier_chapter(self, mention: ObjectMention) -> WorldObject | None:
        """'the jug' in a chapter with no jug yet: the jug an earlier chapter left broken,
        when it was the only jug there (engine.WorldBuilder._carried decides which)."""
        if mention.plural or mention.determiner not in ("def", "poss"):
            return None
        found = self.carried.pop(mention.lemma, None)
        if found is None:
            return None
        obj, why = found
        owner = mention.owner
        if owner is not None and (obj.owner is None or obj.owner.same_as(owner) is not True):
            return None
        self._live[mention.lemma] = [obj]
        self.attach(mention, obj, f"'{mention.text}' is taken to be {why}")
        return obj

    def live(self, lemma: str) -> list[WorldObject]:
        return self._live.get(lemma, [])

    def create(self, mention: ObjectMention, reason: str | None = None) -> WorldObject:
        obj = WorldObject(len(self.objects), mention.lemma, mention.category, self._chapter)
        self.objects.append(obj)
        self._live.setdefault(mention.lemma, []).append(obj)
        self.attach(mention, obj, reason)
        canon = self.canon_owners.get(mention.lemma)
        if canon is not None and obj.owner is None and mention.determiner in ("def", "bare"):
            obj.owner, obj.canon_owner = canon
            obj.merge_reasons.append(
                (mention.start, f"the story bible says the {obj.lemma} is {canon[0].possessive()}")
            )
        return obj

    def attach(self, mention: ObjectMention, obj: WorldObject, reason: str | None) -> None:
        mention.obj = obj
        obj.mentions.append(mention)
        if reason:
            obj.merge_reasons.append((mention.start, reason))
        if mention.owner is not None and obj.owner is None:
            obj.owner, obj.owner_mention = mention.owner, mention

    def resolve(self, mention: ObjectMention) -> WorldObject:
        """Join the mention to an earlier object when the text makes it safe, else a new one."""
        if mention.own or mention.determiner in ("indef", "new"):
            return self.create(mention)
        candidates = self.live(mention.lemma)
        if not candidates and self.carried:
            earlier = self._from_earlier_chapter(mention)
            if earlier is not None:
                return earlier
        if mention.owner is not None:
            same = [
                o
                for o in candidates
                if o.owner is not None
                and (
                    o.owner.same_as(mention.owner)
                    # "his coat" for the bible's Derek's coat, "his" unresolved
                    or (o.canon_owner is not None and o.owner.could_be(mention.owner))
                )
            ]
            if same and _replaced(same[-1], candidates):
                return self.create(mention)
            if same:
                obj = same[-1]
                self.attach(
                    mention,
                    obj,
                    f"'{mention.text}' has the same owner as '{obj.mentions[0].text}' before it",
                )
                return obj
            owned = [o for o in candidates if o.owner is not None]
            first_owner = owned[0].owner if len(candidates) == 1 and len(owned) == 1 else None
            if (
                first_owner is not None
                and not (mention.owner.named and first_owner.named)
                and (first_owner.could_be(mention.owner) or mention.owner.could_be(first_owner))
            ):
                # "Xury took off his coat" ... "he thrust his hands into the pockets of his
                # coat" with that "he" tied to no one: the only coat in the chapter, and its
                # owner fits the pronoun.
                obj = owned[0]
                self.attach(
                    mention,
                    obj,
                    f"'{mention.text}' is the only {obj.lemma} in the chapter, and "
                    f"{first_owner.label} fits '{mention.text.split()[0]}'",
                )
                return obj
            unowned = [o for o in candidates if o.owner is None]
            if len(unowned) == 1 and not owned:
                obj = unowned[0]
                self.attach(
                    mention, obj, f"'{mention.text}' is the only {obj.lemma} in the chapter"
                )
                return obj
            return self.create(mention)
        if len(candidates) == 1:
            obj = candidates[0]
            self.attach(mention, obj, f"'{mention.text}' is the only {obj.lemma} in the chapter")
            return obj
        if candidates:
            obj = candidates[-1]
            self.attach(mention, obj, f"'{mention.text}' is the {obj.lemma} mentioned last")
            return obj
        return self.create(mention)

    def reassign(self, mention: ObjectMention, obj: WorldObject, reason: str) -> None:
        """Move a mention that had started its own object onto an earlier one (a state link)."""
        old = mention.obj
        if old is not None and old is not obj:
            old.mentions.remove(mention)
            if not old.mentions:
                self.objects.remove(old)
                lst = self._live.get(old.lemma, [])
                if old in lst:
                    lst.remove(old)
        mention.obj = obj
        obj.mentions.append(mention)
        obj.merge_reasons.append((mention.start, reason))
