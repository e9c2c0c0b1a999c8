"""The StoryModel: the single source of truth the rules read.

Analysis stages (`storylint.pipeline`) fill it in an order computed from what each stage
declares it requires and provides. Each stage owns the layers it provides; rules only read.
Reading a layer goes through its typed key (`model.get(WORLD)`), never a string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from storylint.manuscript import Manuscript, Paragraph
from storylint.pipeline.layers import Layer, LayerMissingError

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

T = TypeVar("T")


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
            span = cast("Span", item)
            return self.offset + span.start_char, self.offset + span.end_char
        return self.offset + item.idx, self.offset + item.idx + len(item.text)


@dataclass(eq=False)
class StoryModel:
    manuscript: Manuscript
    parsed: list[ParsedParagraph] = field(default_factory=list)
    # Results of the stages, by typed key; read them with get/peek, write with set.
    layers: dict[Layer[Any], Any] = field(default_factory=dict)
    # Results computed on demand and kept for the model's life (e.g. each paragraph's narrative
    # modes): not layers, because no stage provides them and any stage may ask.
    memo: dict[str, Any] = field(default_factory=dict)

    def get(self, layer: Layer[T]) -> T:
        """The layer's value. A missing computed layer is a pipeline bug and raises; a missing
        input layer (no story bible given) is None."""
        try:
            return self.layers[layer]
        except KeyError:
            if layer.input:
                return None  # type: ignore[return-value]
            raise LayerMissingError(
                f"layer '{layer.name}' was read before any stage provided it; build the model "
                f"with build_model(..., until={layer.name.upper()}) or declare it in `requires`"
            ) from None

    def peek(self, layer: Layer[T]) -> T | None:
        """The layer if it was built, else None: for reporters that show whatever exists."""
        return self.layers.get(layer)

    def has(self, layer: Layer[Any]) -> bool:
        return layer in self.layers

    def set(self, layer: Layer[T], value: T) -> None:
        self.layers[layer] = value
