"""Helpers for the places tests: a manuscript from a string, and its model.

Why by hand when ingest can do it: the places tests must not depend on how
the ingest readers split files; a scene break here is a line "* * *" and
nothing else, so each test controls its scenes exactly.
"""

from __future__ import annotations

import importlib
import re

from storylint.analysis import pipeline
from storylint.manuscript import Chapter, Manuscript, Paragraph, Scene, SourceText

STAGE = "storylint.world.places:track_presence"


def manuscript(text: str, path: str = "story.txt") -> Manuscript:
    source = SourceText(path, text)
    chapter = Chapter(0)
    scene = Scene(0)
    for match in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        block = match.group().strip()
        if not block:
            continue
        if block in ("* * *", "***", "#"):
            chapter.scenes.append(scene)
            scene = Scene(len(chapter.scenes))
            continue
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        scene.paragraphs.append(Paragraph(source, start, start + len(block)))
    chapter.scenes.append(scene)
    result = Manuscript(path, [source], [chapter])
    result.number_paragraphs()
    return result


# The analysis stages presence tracking reads, by their documented names. Used
# only when the pipeline does not list them yet (the stages land separately).
ANALYSIS = (
    "storylint.analysis.quotes:detect_quotes",
    "storylint.analysis.characters:find_characters",
    "storylint.analysis.pronouns:resolve_pronouns",
    "storylint.analysis.speakers:attribute_speakers",
)


def stages() -> list[str]:
    """The pipeline's stages, with the analysis ones it lacks put first, and ours last."""
    listed = list(pipeline.STAGES)
    modules = {spec.split(":")[0] for spec in listed}
    missing = []
    for spec in ANALYSIS:
        module_name, function_name = spec.split(":")
        if module_name in modules:
            continue
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if hasattr(module, function_name):
            missing.append(spec)
    listed = missing + [s for s in listed if s != STAGE]
    return [*listed, STAGE]


def build(text: str, nlp):
    """The full pipeline's model of `text`, with presence tracked."""
    saved = list(pipeline.STAGES)
    pipeline.STAGES[:] = stages()
    try:
        return pipeline.build_model(manuscript(text), nlp)
    finally:
        pipeline.STAGES[:] = saved
