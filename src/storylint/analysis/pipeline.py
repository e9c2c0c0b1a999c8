"""Build a StoryModel from a Manuscript: parse, then run the analysis stages in order.

A stage is a function `stage(model: StoryModel) -> None` that stores its
result in `model.layers[<name>]`. Stages are listed here, in the order they
depend on each other, as "module:function" strings so that importing this
module stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from storylint.analysis.nlp import load_nlp, parse_texts
from storylint.analysis.parse_cache import ParseCache, cache_enabled
from storylint.model import ParsedParagraph, StoryModel

if TYPE_CHECKING:
    from spacy.language import Language

    from storylint.canon import Canon
    from storylint.manuscript import Manuscript

STAGES: list[str] = [
    "storylint.analysis.quotes:detect_quotes",  # first: every later stage asks in_quote
    "storylint.analysis.characters:find_characters",
    # pronouns and speakers need the CharacterIndex: keep them after find_characters
    "storylint.analysis.pronouns:resolve_pronouns",
    "storylint.analysis.speakers:attribute_speakers",
    "storylint.world.engine:build_world",  # last: reads characters, quotes, modes
    "storylint.world.places:track_presence",
    "storylint.analysis.name_spelling:find_spelling_variants",  # reads the name census
    "storylint.facts.stage:extract_facts",  # character attributes: reads characters, modes
    "storylint.timeline.build:build_timeline",  # time and ages: reads quotes, modes, characters
    "storylint.analysis.relations:extract_relations",  # "his sister Mary": characters, modes
    "storylint.analysis.life:find_deaths",  # deaths and acts after them: characters, modes, canon
]


def parse_manuscript(manuscript: Manuscript, nlp: Language | None = None) -> list[ParsedParagraph]:
    """Parse every story paragraph once; later stages reuse these docs."""
    located = []
    for chapter_index, chapter in enumerate(manuscript.chapters):
        for scene in chapter.scenes:
            for paragraph in scene.paragraphs:
                located.append((paragraph, chapter_index, scene.index))
    texts = [p.text for p, _, _ in located]
    nlp = nlp or load_nlp()
    if cache_enabled():
        docs = ParseCache(manuscript.path).parse(texts, nlp, parse_texts)
    else:
        docs = parse_texts(texts, nlp)
    return [
        ParsedParagraph(paragraph, doc, chapter_index, scene_index)
        for (paragraph, chapter_index, scene_index), doc in zip(located, docs, strict=True)
    ]


def build_model(
    manuscript: Manuscript, nlp: Language | None = None, canon: Canon | None = None
) -> StoryModel:
    """Parse, then run every stage. `canon` (the writer's story bible, `storylint.canon`) is
    stored as model.layers["canon"] before any stage runs, so every stage and rule can read it."""
    model = StoryModel(manuscript, parse_manuscript(manuscript, nlp or load_nlp()))
    if canon is not None:
        model.layers["canon"] = canon
    for spec in STAGES:
        module_name, function_name = spec.split(":")
        stage = getattr(importlib.import_module(module_name), function_name)
        stage(model)
    return model
