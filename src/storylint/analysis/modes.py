"""Narrative mode of a clause: is this a narrated, affirmed fact of the story world?

PLACEHOLDER INTERFACE (to be replaced by the full implementation): later
stages call `is_narrated_fact` and `clause_modes`; their signatures are fixed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.model import StoryModel


class Mode(StrEnum):
    NARRATION = "narration"
    DIALOGUE = "dialogue"
    HYPOTHETICAL = "hypothetical"
    WISH = "wish"
    NEGATED = "negated"
    QUESTION = "question"
    MEMORY = "memory"


def clause_modes(model: StoryModel, parsed_index: int, token: Token) -> frozenset[Mode]:
    """Every mode that applies to the clause headed by (or containing) `token`."""
    modes = {Mode.NARRATION}
    if any(child.dep_ == "neg" for child in token.children):
        modes = {Mode.NEGATED}
    return frozenset(modes)


def is_narrated_fact(model: StoryModel, parsed_index: int, token: Token) -> bool:
    """True when the clause of `token` is affirmed narration (not hypothetical, wish, memory)."""
    return clause_modes(model, parsed_index, token) == {Mode.NARRATION}
