"""REL001-REL002 beyond firing and staying quiet: messages, the relations layer, the bible.

The passages that must fire and those that must stay quiet (several sisters, a remarriage
after a death, a relative named once by title and once by given name, a pet form, talk in
dialogue) are data, in src/storylint/families/relationships/cases/, run by
tests/test_rule_cases.py.
"""

from __future__ import annotations

from types import SimpleNamespace

from dialogue_helpers import manuscript
from places_helpers import build
from rule_case_helpers import case
from storylint.canon import parse_bible
from storylint.engine import run_rules
from storylint.families.relationships.stage import relations, relations_by_character
from storylint.findings import Evidence
from storylint.manuscript import SourceText
from storylint.pipeline.build import build_model
from storylint.pipeline.layers import CANON, CHARACTERS
from storylint.rules.registry import find_rule

RELATION_RULES = ("REL001", "REL002")
DEFAULT = 0.5


def findings(text: str, nlp, rule_id: str = "REL001", canon=None):
    if canon is None:
        model = build(text, nlp)
    else:
        model = build_model(manuscript(text, "story.txt"), nlp, canon=canon)
    return [f for f in run_rules(model, [find_rule(rule_id)]) if f.confidence >= DEFAULT]


def test_message_names_both_given_names(nlp):
    (finding,) = findings(case("REL001", "husband tom then john").text, nlp)
    assert "Martha Hale" in finding.message
    assert "John" in finding.message and "Tom" in finding.message


def test_relations_layer_and_helper(nlp):
    text = (
        "Edward Carey had three sisters. His sister Margaret kept house for their father, "
        "and Edward's brother, Charles Carey, farmed the glebe.\n\n"
        "When Edward came home at Christmas, his sister Lucy met him at the gate."
    )
    model = build(text, nlp)
    found = relations(model)
    assert {(r.attribute, r.given) for r in found} == {
        ("sister", "Margaret"),
        ("brother", "Charles"),
        ("sister", "Lucy"),
    }
    for r in found:
        assert r.evidence.quote in text and r.mode == "narration"
        assert model.get(CHARACTERS).by_id(r.character_id).name == "Edward Carey"
    table = relations_by_character(model)
    (edward,) = table.values()
    assert edward == {"sister": ["Margaret", "Lucy"], "brother": ["Charles Carey"]}


def test_titles_are_not_relations(nlp):
    text = (
        "Sister Mary Agnes rang the bell, and Father Brown came in out of the rain. Edward "
        "Carey bowed to them both."
    )
    assert relations(build(text, nlp)) == []


# --- REL002: the story bible -----------------------------------------------------


def test_bible_mother_contradicted(nlp):
    contradicted = case("REL002", "the bible's mother is another woman")
    canon = parse_bible(contradicted.bible, "bible.yaml")
    found = findings(contradicted.text, nlp, "REL002", canon=canon)
    assert len(found) == 1, [f.message for f in found]
    bible, story = found[0].evidence
    assert bible.role == "canon" and "Ann Lynn" in bible.quote
    assert story.role == "contradiction" and "Ruth" in story.quote


def test_bible_from_a_minimal_canon_object(nlp):
    source = SourceText("bible.yaml", "Ivy Lynn:\n  mother: Ann Lynn\n")
    fact = SimpleNamespace(
        character="Ivy Lynn", aliases=("Ivy",), attribute="mother", value="ann lynn",
        written="Ann Lynn", evidence=Evidence(source, 12, 28, "established"),
    )  # fmt: skip
    model = build(
        "Ivy Lynn drove north on Friday. Her mother, Ruth, was waiting on the porch.", nlp
    )
    model.set(CANON, SimpleNamespace(facts=[fact]))
    found = [f for f in run_rules(model, [find_rule("REL002")]) if f.confidence >= DEFAULT]
    assert len(found) == 1 and found[0].evidence[0].quote == "mother: Ann Lynn"


# --- registration -----------------------------------------------------------------


def test_rules_are_registered_with_docs():
    for rule_id in RELATION_RULES:
        registered = find_rule(rule_id)
        assert registered is not None and registered.family == "relationships"
        doc = registered.doc
        for part in ("What it catches", "Why it matters", "Example that fires",
                     "Example that does not"):  # fmt: skip
            assert part in doc, (rule_id, part)
    assert find_rule("relative-name-changed").id == "REL001"
