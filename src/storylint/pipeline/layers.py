"""Typed layer keys: what the analysis stages store in the StoryModel and the rules read.

Why keys and not strings: with `model.layers["charaters"]` a typo read nothing and a rule
went silently quiet. A `Layer` is an object imported by name, so a misspelt key is an
ImportError or NameError at start-up, and its type parameter tells the type checker what a
stage stores and what a rule gets back. Each layer key lives beside the type it holds (the
world's key in `families/objects/engine.py`, the quotes' in `nlp/quotes.py`, ...); this
module holds the key class and the one input layer, the writer's story bible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from storylint.canon import Canon
    from storylint.nlp.quotes import QuoteIndex
    from storylint.people.entities import CharacterIndex
    from storylint.people.name_mentions import NameCensus

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class Layer(Generic[T]):
    """One named result of the analysis. Compared by identity: two keys never collide.

    `input=True` marks a layer handed to `build_model` rather than computed by a stage (the
    story bible); reading an input layer that was not given returns None instead of failing.
    """

    name: str
    doc: str
    input: bool = False

    def __repr__(self) -> str:
        return f"Layer({self.name})"


class LayerMissingError(LookupError):
    """A layer was read before the stage that provides it ran: a pipeline bug, never input."""


CANON: Layer[Canon] = Layer(
    "canon", "the writer's story bible (storylint.canon), when one is given", input=True
)

# The shared layers every family reads. Family layers are declared in their family's folder.
QUOTES: Layer[QuoteIndex] = Layer("quotes", "dialogue spans of every paragraph (nlp.quotes)")
CHARACTERS: Layer[CharacterIndex] = Layer(
    "characters", "who the people are, by every name they go by (people.characters)"
)
NAME_CENSUS: Layer[NameCensus] = Layer(
    "name_census", "every capitalised name and how it behaves (people.name_mentions)"
)
PRONOUNS: Layer[CharacterIndex] = Layer(
    "pronouns", "the character index with pronoun mentions resolved (people.pronouns)"
)
SPEAKERS: Layer[QuoteIndex] = Layer(
    "speakers", "the quote index with each quotation's speaker (people.speakers)"
)
