"""The pipeline: stage order computed from declarations, typed layers, build_model(until=)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from storylint.cli import cli
from storylint.families.objects.engine import WORLD
from storylint.ingest import manuscript_from_text
from storylint.model import StoryModel
from storylint.pipeline.build import build_model
from storylint.pipeline.layers import CANON, CHARACTERS, QUOTES, Layer, LayerMissingError
from storylint.pipeline.stages import PipelineError, Stage, _ordered, all_stages
from storylint.rules.registry import all_rules

A: Layer[int] = Layer("a", "test layer a")
B: Layer[int] = Layer("b", "test layer b")
C: Layer[int] = Layer("c", "test layer c")


def _stage(name: str, requires=(), provides=()) -> Stage:
    return Stage(name, lambda model: None, tuple(requires), tuple(provides), "")


def test_order_follows_requirements_not_declaration_order():
    late = _stage("late", requires=[B], provides=[C])
    early = _stage("early", provides=[A])
    middle = _stage("middle", requires=[A], provides=[B])
    assert [s.name for s in _ordered((late, early, middle))] == ["early", "middle", "late"]


def test_a_requirement_no_stage_provides_fails_at_start_up():
    with pytest.raises(PipelineError, match="requires layer 'b', which no stage provides"):
        _ordered((_stage("reader", requires=[B], provides=[A]),))


def test_a_circular_requirement_fails_at_start_up_and_names_the_stages():
    one = _stage("one", requires=[B], provides=[A])
    two = _stage("two", requires=[A], provides=[B])
    with pytest.raises(PipelineError, match="circular requirement between stages: one -> two"):
        _ordered((one, two))


def test_two_stages_cannot_provide_one_layer():
    with pytest.raises(PipelineError, match="provided by both"):
        _ordered((_stage("x", provides=[A]), _stage("y", provides=[A])))


def test_the_real_pipeline_puts_every_stage_after_what_it_reads():
    seen = {CANON}
    for s in all_stages():
        assert set(s.requires) <= seen, s.name
        seen.update(s.provides)


def test_every_rule_reads_only_layers_some_stage_provides():
    provided = {layer for s in all_stages() for layer in s.provides} | {CANON}
    for r in all_rules():
        assert r.requires, f"{r.id} declares no layers"
        assert set(r.requires) <= provided, r.id


def test_until_runs_only_the_stages_a_layer_needs(nlp):
    timings: dict[str, float] = {}
    text = 'Anna put on her coat. "Ready," she said.'
    model = build_model(manuscript_from_text(text, "s.txt"), nlp, until=CHARACTERS, timings=timings)
    assert list(timings) == ["detect_quotes", "find_characters"]
    assert model.get(CHARACTERS).characters[0].name == "Anna"
    with pytest.raises(LayerMissingError, match="world"):
        model.get(WORLD)


def test_a_missing_bible_reads_as_none_but_a_missing_stage_result_is_an_error():
    model = StoryModel(manuscript_from_text("Anna left.", "s.txt"))
    assert model.get(CANON) is None
    with pytest.raises(LayerMissingError, match="quotes"):
        model.get(QUOTES)


def test_debug_pipeline_prints_each_stage_with_its_layers_and_time(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Anna blew out the candle.\n\nThe candle flickered.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["debug", "pipeline", str(story)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:5] == ["#", "stage", "module", "requires", "provides"]
    assert lines[0].split()[-1] == "seconds"
    world = next(line for line in lines if "build_world" in line)
    assert "families.objects.engine" in world and "world" in world
    assert len(lines) == 2 + len(all_stages())
