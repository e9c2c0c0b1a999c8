"""Build a StoryModel from a Manuscript: parse, then run the analysis stages in order.

A stage is a function `stage(model: StoryModel) -> None` that stores its
result in `model.layers[<name>]`. Stages are listed here, in the order they
depend on each other, as "module:function" strings so that importing this
module stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from storylint.model import ParsedParagraph, StoryModel
from storylint.nlp.parse import load_nlp, parse_texts
from storylint.nlp.parse_cache import ParseCache, cache_enabled

if TYPE_CHECKING:
    from spacy.language import Language

    from storylint.canon import Canon
    from storylint.manuscript import Manuscript

STAGES: list[str] = [
    "storylint.nlp.quotes:detect_quotes",  # first: every later stage asks in_quote
    "storylint.people.characters:find_characters",
    # pronouns and speakers need the CharacterIndex: keep them after find_characters
    "storylint.people.pronouns:resolve_pronouns",
    "storylint.people.speakers:attribute_speakers",
    "storylint.families.objects.engine:build_world",  # last: reads characters, quotes, modes
    "storylint.families.places.presence:track_presence",
    "storylint.families.names.spelling:find_spelling_variants",  # reads the name census
    "storylint.families.characters.stage:extract_facts",  # character attributes: reads characters, modes
    "storylint.families.time.stage:build_timeline",  # time and ages: reads quotes, modes, characters
    "storylint.families.relationships.stage:extract_relations",  # "his sister Mary": characters, modes
    "storylint.families.life.stage:find_deaths",  # deaths and acts after them: characters, modes, canon
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
