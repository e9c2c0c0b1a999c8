"""The StoryModel: the single source of truth the rules read.

Analysis stages (see `analysis/pipeline.py`) fill it in order: the parse, then
quotations and narrative modes, characters, pronouns, then the world state.
Each stage owns the attributes it sets; rules only read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storylint.manuscript import Manuscript, Paragraph

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(eq=False)
class ParsedParagraph:
    """A story paragraph and its spaCy parse. Token offsets + paragraph.start = source offsets."""

    paragraph: Paragraph
    doc: Doc
    chapter_index: int
    scene_index: int

    @property
    def offset(self) -> int:
        return self.paragraph.start

    def source_span(self, item: Token | Span) -> tuple[int, int]:
        """Exact (start, end) offsets of a token or span in the source text."""
        if hasattr(item, "start_char"):
            return self.offset + item.start_char, self.offset + item.end_char
        return self.offset + item.idx, self.offset + item.idx + len(item.text)


@dataclass(eq=False)
class StoryModel:
    manuscript: Manuscript
    parsed: list[ParsedParagraph] = field(default_factory=list)
    # Filled by analysis stages; each stage documents the type it stores.
    layers: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        # Stages store their results in `layers`; reading model.characters is
        # clearer in rules than model.layers["characters"].
        layers = self.__dict__.get("layers", {})
        if name in layers:
            return layers[name]
        raise AttributeError(name)
