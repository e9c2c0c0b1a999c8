"""Helpers for the places tests: the full pipeline's model of a passage.

Scenes are controlled exactly by the shared builder in `dialogue_helpers`
(a line "* * *" or "#" starts a scene), so a test never depends on how the
ingest readers guess structure.
"""

from __future__ import annotations

from dialogue_helpers import manuscript
from storylint.model import StoryModel
from storylint.pipeline.build import build_model


def build(text: str, nlp, canon=None) -> StoryModel:
    """The full pipeline's model of `text`, presence included."""
    return build_model(manuscript(text, "story.txt"), nlp, canon=canon)
