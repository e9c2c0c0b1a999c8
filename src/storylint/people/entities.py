"""Characters and their mentions: the shared vocabulary of the character model.

The characters stage creates the `CharacterIndex` (names and aliases), the
pronoun stage adds resolved pronoun mentions to it, and every later stage asks
it "who is this token?". A mention that could not be resolved is simply absent:
we never guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storylint.model import ParsedParagraph


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class MentionKind(StrEnum):
    NAME = "name"  # "Karen Cartwright", "Karen", "Ms. Cartwright"
    DESCRIPTOR = "descriptor"  # a description used as a name: "JFK" for the man dressed as JFK
    PRONOUN = "pronoun"  # he, she, him, her, his, hers, they...


@dataclass(eq=False)
class Mention:
    """A stretch of text that refers to one character."""

    parsed_index: int  # index into StoryModel.parsed
    token_start: int  # doc token indices, end exclusive
    token_end: int
    start: int  # source offsets
    end: int
    character_id: int
    kind: MentionKind

    @classmethod
    def of_token(
        cls,
        parsed: ParsedParagraph,
        parsed_index: int,
        token_i: int,
        character_id: int,
        kind: MentionKind,
    ) -> Mention:
        """A one-word mention (a pronoun, a name the tagger mistook, a kin word)."""
        start, end = parsed.source_span(parsed.doc[token_i])
        return cls(parsed_index, token_i, token_i + 1, start, end, character_id, kind)


@dataclass(eq=False)
class Character:
    id: int
    name: str  # the fullest name used, e.g. "Karen Cartwright"
    aliases: set[str] = field(default_factory=set)  # every name form, incl. `name`
    gender: Gender = Gender.UNKNOWN
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first_mention(self) -> Mention | None:
        return min(self.mentions, key=lambda m: m.start, default=None)

    @property
    def last_mention(self) -> Mention | None:
        return max(self.mentions, key=lambda m: m.start, default=None)


# The first-person narrator: nobody in the CharacterIndex (the narrator may never be named),
# yet "my wounded leg" in narration is as much a fact about them as "his wounded leg" is
# about Derek. Facts may carry this id; `CharacterIndex.by_id` refuses it.
NARRATOR_ID = -2


@dataclass(eq=False)
class CharacterIndex:
    characters: list[Character] = field(default_factory=list)
    # Name form key ("mr darcy", "London") -> why that name form is no character's
    # ("place", "ambiguous", ...: characters.NOT_CHARACTER_REASONS), where the model knows.
    not_characters: dict[str, str] = field(default_factory=dict)
    # (parsed_index, token_i) -> Mention, for every token inside a mention
    _by_token: dict[tuple[int, int], Mention] = field(default_factory=dict, repr=False)
    # parsed_index -> the tokens of that paragraph inside some mention: stages that want
    # "the characters named here" visit these few tokens, not every token of the book.
    _tokens_by_paragraph: dict[int, set[int]] = field(default_factory=dict, repr=False)

    def add_mention(self, mention: Mention) -> None:
        self.by_id(mention.character_id).mentions.append(mention)
        tokens = self._tokens_by_paragraph.setdefault(mention.parsed_index, set())
        for token_i in range(mention.token_start, mention.token_end):
            self._by_token[(mention.parsed_index, token_i)] = mention
            tokens.add(token_i)

    def mentioned_tokens(self, parsed_index: int) -> list[int]:
        """Token indices of one paragraph that lie inside a mention, in text order."""
        return sorted(self._tokens_by_paragraph.get(parsed_index, ()))

    def by_id(self, character_id: int) -> Character:
        # Negative ids are markers (NARRATOR_ID), never list positions: Python's negative
        # indexing would otherwise hand back the second-to-last character without a word.
        if character_id < 0:
            raise KeyError(f"character id {character_id} is a marker, not a character")
        return self.characters[character_id]

    def mention_at(self, parsed_index: int, token_i: int) -> Mention | None:
        return self._by_token.get((parsed_index, token_i))

    def character_at(self, parsed_index: int, token_i: int) -> Character | None:
        mention = self.mention_at(parsed_index, token_i)
        return None if mention is None else self.by_id(mention.character_id)
