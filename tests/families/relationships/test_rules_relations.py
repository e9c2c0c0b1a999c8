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


def test_set_off_names_imply_the_one_relative(nlp):
    """ "her son, Ethan," and "Her son, Noah,": non-restrictive appositions, nothing plural."""
    text = (
        "Priya Shah's son, Ethan, was her whole world.\n\n* * *\n\n"
        "The call came at three. Priya Shah's son, Noah, had broken his arm."
    )
    (found,) = findings(text, nlp)
    assert "Noah" in found.message and "Ethan" in found.message
    plural = text.replace("was her whole world", "was the elder of her two sons")
    assert findings(plural, nlp) == []


def test_restrictive_names_are_several(nlp):
    text = (
        "Priya Shah's son Ethan was her whole world.\n\n* * *\n\n"
        "The call came at three. Priya Shah's son Noah had broken his arm."
    )
    assert findings(text, nlp) == []


def test_a_counted_sibling_is_the_only_one(nlp):
    model = build(
        "Karim Aziz had one sibling. His sister Amira lived in Leeds.\n\n"
        "Karim Aziz rang his sister Yasmin on Thursday.",
        nlp,
    )
    assert [(r.given, r.exclusive) for r in relations(model)] == [
        ("Amira", True),
        ("Yasmin", True),
    ]


def test_narrator_holder_and_parent_explanations(nlp):
    text = (
        "My mum, Janet, keeps every receipt.\n\n* * *\n\nAfter the funeral my mum, Carol, made tea."
    )
    (found,) = findings(text, nlp)
    assert found.message.startswith("The narrator's mother")
    remarried = text.replace("After the funeral", "After Dad married again,")
    assert findings(remarried, nlp) == []


def test_explanation_before_the_first_statement_does_not_count(nlp):
    text = (
        "Callum Fraser had been married to his wife, Beth, for one week.\n\n"
        "Callum Fraser's wife, Fiona, laughed at him from the doorway."
    )
    (found,) = findings(text, nlp)
    assert "Fiona" in found.message
