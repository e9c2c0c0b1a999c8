"""The VerbNet-generated verb lexicon (data/verb_effects.verbnet.yaml) and its generator.

The file is written by tools/build_verb_lexicon.py from VerbNet 3.3 (docs/verbnet.md beside
the objects family). These tests need no VerbNet: they check the shipped file's shape, and
run the generator on a two-class VerbNet written here.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from storylint import lexicons
from storylint.evaluation.simple_text import simple_manuscript
from storylint.families.objects.engine import WORLD
from storylint.pipeline.build import build_model

ROOT = Path(__file__).parent.parent
GENERATED = ROOT / "src/storylint/families/objects/data/verb_effects.verbnet.yaml"
TOOL = ROOT / "tools" / "build_verb_lexicon.py"
CATEGORIES = {"garment", "accessory", "food", "drink", "device", "light", "container",
              "document", "tool", "weapon", "vehicle", "furniture", "door", "artifact"}  # fmt: skip


def _tool():
    spec = importlib.util.spec_from_file_location("build_verb_lexicon", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_verb_lexicon"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_generated_file_is_a_valid_verbs_file():
    """Same shape as verb_effects.yaml's `verbs:` (the lexicon's own schema check)."""
    data = lexicons.read_file("verbs", GENERATED)
    assert set(data) == {"verbs"} and len(data["verbs"]) > 100
    for key, spec in data["verbs"].items():
        assert re.fullmatch(r"[a-z]+( [a-z]+)?", key), key
        assert set(spec.get("categories") or ()) <= CATEGORIES, key


def test_every_entry_names_its_verbnet_class_and_predicate():
    lines = GENERATED.read_text(encoding="utf-8").splitlines()
    start = lines.index("verbs:")
    entries = [i for i in range(start + 1, len(lines)) if not lines[i].lstrip().startswith("#")]
    for i in entries:
        above = lines[i - 1].strip()
        assert re.match(r"# VerbNet [a-z_]+-[\d.\-]+: \S+\(", above), lines[i]


def test_loaded_as_a_verbs_file_its_verbs_change_state(nlp):
    """The generated file is loaded under the hand-written one by default (docs/verbnet.md),
    so "pulverized the vase" breaks it, and filling it after is the OBJ002 slip; loading it
    again as a writer's file changes nothing."""
    text = "Ann pulverized the vase.\n\nLater Ann filled the vase with roses."

    def world():
        return build_model(simple_manuscript(text), nlp, until=WORLD).get(WORLD)

    def broken_by_pulverize(w):
        return ("pulverize", {"broken": True}) in [(e.key, e.effects) for e in w.events]

    before = world()
    assert broken_by_pulverize(before)
    assert [(c.kind, c.attribute) for c in before.conflicts] == [("ended", "broken")]
    lexicons.configure({"verbs": [GENERATED]})
    try:
        after = world()
        assert broken_by_pulverize(after)
        assert [(c.kind, c.attribute) for c in after.conflicts] == [("ended", "broken")]
    finally:
        lexicons.configure({})


VERBNET_CLASS = """<!DOCTYPE VNCLASS SYSTEM "vn_class-3.dtd">
<VNCLASS ID="{id}">
  <MEMBERS>{members}</MEMBERS>
  <THEMROLES>
    <THEMROLE type="Agent"><SELRESTRS/></THEMROLE>
    <THEMROLE type="Patient"><SELRESTRS>{patient}</SELRESTRS></THEMROLE>
  </THEMROLES>
  <FRAMES><FRAME>
    <DESCRIPTION primary="NP V NP" secondary="Basic Transitive"/>
    <EXAMPLES><EXAMPLE>Tony {verb} the thing.</EXAMPLE></EXAMPLES>
    <SYNTAX><NP value="Agent"/><VERB/><NP value="Patient"/></SYNTAX>
    <SEMANTICS>{preds}</SEMANTICS>
  </FRAME></FRAMES>
</VNCLASS>
"""


def _pred(name: str, event: str, *roles: str, negated: bool = False) -> str:
    args = f'<ARG type="Event" value="{event}"/>' + "".join(
        f'<ARG type="ThemRole" value="{r}"/>' for r in roles
    )
    neg = ' bool="!"' if negated else ""
    return f'<PRED value="{name}"{neg}><ARGS>{args}</ARGS></PRED>'


@pytest.fixture
def tiny_verbnet(tmp_path):
    folder = tmp_path / "verbnet"
    folder.mkdir()
    smash = VERBNET_CLASS.format(
        id="smash-1", verb="smashed",
        members='<MEMBER name="splinterize"/><MEMBER name="eat"/><MEMBER name="pan-fry"/>',
        patient="",
        preds=_pred("degradation_material_integrity", "result(E)", "Patient")
        + _pred("physical_form", "result(E)", "Patient"),
    )  # fmt: skip
    gulp = VERBNET_CLASS.format(
        id="gulp-2", verb="gulped",
        members='<MEMBER name="glug"/><MEMBER name="glug_down"/>',
        patient='<SELRESTR Value="+" type="comestible"/><SELRESTR Value="-" type="solid"/>',
        preds=_pred("take_in", "during(E)", "Agent", "Patient"),
    )  # fmt: skip
    (folder / "smash-1.xml").write_text(smash, encoding="utf-8")
    (folder / "gulp-2.xml").write_text(gulp, encoding="utf-8")
    hand = tmp_path / "verb_effects.yaml"
    hand.write_text("verbs:\n  eat: {effects: {gone: true}}\n", encoding="utf-8")
    return folder, hand


def test_generator_maps_predicates_to_entries(tiny_verbnet, tmp_path):
    tool = _tool()
    folder, hand = tiny_verbnet
    out = tmp_path / "out.yaml"
    assert tool.main([str(folder), "--out", str(out), "--hand-written", str(hand)]) == 0
    verbs = lexicons.read_file("verbs", out)["verbs"]
    # degradation_material_integrity + physical_form at result(E): broken
    assert verbs["splinterize"] == {"requires": {"gone": False}, "effects": {"broken": True}}
    # take_in by the Agent of a comestible, not solid Patient: drunk up
    assert verbs["glug"]["effects"] == {"gone": True} and verbs["glug"]["categories"] == ["drink"]
    assert "glug down" in verbs  # a multiword member keeps its particle
    assert "eat" not in verbs  # the hand-written file has it, and wins
    assert "pan-fry" not in verbs and "pan fry" not in verbs  # the lookup never sees it
    text = out.read_text(encoding="utf-8")
    assert "# VerbNet smash-1: degradation_material_integrity(result(E), Patient)" in text


def test_event_phases_of_old_and_new_verbnet():
    tool = _tool()
    frame = tool.Frame("", "", "", (), ())
    assert [tool.phase(e, frame) for e in ("start(E)", "during(E)", "result(E)", "end(E)")] == [
        "start", "during", "end", "end"
    ]  # fmt: skip
    first, last = tool.Pred("p", False, ("e1",), (), ()), tool.Pred("q", False, ("e3",), (), ())
    numbered = tool.Frame("", "", "", (), (first, last))
    assert [tool.phase(e, numbered) for e in ("e1", "e2", "e3")] == ["start", "during", "end"]
