"""Helpers for the timeline tests: a model with only the stages the timeline reads.

Scenes are controlled exactly by the shared builder in `dialogue_helpers` (a
line "* * *" starts a scene). The stages run are quotes, characters, pronouns
and the timeline itself, so a failure here is the timeline's, not another
family's.
"""

from __future__ import annotations

from dialogue_helpers import manuscript
from storylint.families.time.layer import TIMELINE
from storylint.model import StoryModel
from storylint.pipeline.build import build_model


def build(text: str, nlp, canon=None) -> StoryModel:
    return build_model(manuscript(text, "story.txt"), nlp, canon=canon, until=TIMELINE)


def canon(entries: list[tuple[str, str, str]]):
    """A story bible (storylint.canon) with one character entry per name and these attributes."""
    from storylint.canon import parse_bible

    lines = ["characters:"]
    by_name: dict[str, list[tuple[str, str]]] = {}
    for name, attribute, value in entries:
        by_name.setdefault(name, []).append((attribute, value))
    for name, attributes in by_name.items():
        lines += [f"  - name: {name}", "    attributes:"]
        lines += [f"      {attribute}: {value}" for attribute, value in attributes]
    return parse_bible("\n".join(lines) + "\n", "bible.yaml")
