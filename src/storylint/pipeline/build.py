"""Build a StoryModel from a Manuscript: parse once, then run the declared stages in order.

The order is computed from what each stage requires and provides (`pipeline.stages`);
`until=` runs only the stages one or more layers need, which is what tests, evaluations and
benchmarks use instead of copying the stage list.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from storylint.model import ParsedParagraph, StoryModel
from storylint.nlp.parse import load_nlp, parse_texts
from storylint.nlp.parse_cache import ParseCache, cache_enabled
from storylint.pipeline.layers import CANON, Layer
from storylint.pipeline.stages import all_stages, stages_for

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from storylint.canon import Canon
    from storylint.manuscript import Manuscript


def parse_manuscript(manuscript: Manuscript, nlp: Language | None = None) -> list[ParsedParagraph]:
    """Parse every story paragraph once; later stages reuse these docs."""
    located = []
    for chapter_index, chapter in enumerate(manuscript.chapters):
        for scene in chapter.scenes:
            for paragraph in scene.paragraphs:
                located.append((paragraph, chapter_index, scene.index))
    texts = [p.text for p, _, _ in located]
    nlp = nlp or load_nlp()
    docs: Iterable[Doc]
    if cache_enabled():
        docs = ParseCache(manuscript.path).parse(texts, nlp, parse_texts)
    else:
        docs = parse_texts(texts, nlp)
    return [
        ParsedParagraph(paragraph, doc, chapter_index, scene_index)
        for (paragraph, chapter_index, scene_index), doc in zip(located, docs, strict=True)
    ]


def build_model(
    manuscript: Manuscript,
    nlp: Language | None = None,
    canon: Canon | None = None,
    until: Layer[Any] | Iterable[Layer[Any]] | None = None,
    timings: dict[str, float] | None = None,
    given: Mapping[Layer[Any], Any] | None = None,
) -> StoryModel:
    """Parse, then run every stage, or only those that `until` (a layer or several) needs.

    `canon` (the writer's story bible, `storylint.canon`) is stored as the CANON input layer
    before any stage runs, so every stage and rule can read it. `given` supplies layers from
    outside (a fixed cast in a test): the stages that would provide them do not run.
    `timings`, when given, gets each stage's seconds by stage name (`storylint debug pipeline`).
    """
    model = StoryModel(manuscript, parse_manuscript(manuscript, nlp or load_nlp()))
    if canon is not None:
        model.set(CANON, canon)
    for layer, value in (given or {}).items():
        model.set(layer, value)
    return run_stages(model, until, timings)


def run_stages(
    model: StoryModel,
    until: Layer[Any] | Iterable[Layer[Any]] | None = None,
    timings: dict[str, float] | None = None,
) -> StoryModel:
    """Run the stages on a parsed model: all, or those `until` needs. A stage whose layers
    the model already holds (supplied from outside, e.g. a gold-standard index) is skipped."""
    present = set(model.layers)
    if until is None:
        stages = all_stages()
    else:
        stages = stages_for([until] if isinstance(until, Layer) else until, present)
    for s in stages:
        if present.intersection(s.provides):
            continue
        start = time.perf_counter()
        s(model)
        if timings is not None:
            timings[s.name] = time.perf_counter() - start
    return model
