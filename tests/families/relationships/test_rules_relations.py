"""Table-driven tests of REL001-REL002: a relative's name that changes.

Each passage is realistic prose. A "fires" case names the two passages a
writer would be shown; a "quiet" case is what published novels do all the
time - several sisters, a remarriage after a death, a relative named once by
title and once by given name, a pet form, talk in dialogue - and must not be
reported.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dialogue_helpers import manuscript
from places_helpers import build
from storylint.canon import parse_bible
from storylint.engine import run_rules
from storylint.families.relationships.stage import relations, relations_by_character
from storylint.findings import Evidence
from storylint.manuscript import SourceText
from storylint.pipeline.build import build_model
from storylint.rules.registry import find_rule

RELATION_RULES = ("REL001", "REL002")
DEFAULT = 0.5


def findings(text: str, nlp, rule_id: str = "REL001", canon=None):
    if canon is None:
        model = build(text, nlp)
    else:
        model = build_model(manuscript(text, "story.txt"), nlp, canon=canon)
    return [f for f in run_rules(model, [find_rule(rule_id)]) if f.confidence >= DEFAULT]


FARM = (
    "Martha Hale had kept the farm for thirty years. Her husband, Tom Hale, drove the "
    "cattle to market every spring.\n\n"
)

FIRES = [
    pytest.param(
        FARM + "After church Martha walked home with her husband, John, and sat by the fire "
        "until supper.",
        ("Her husband, Tom Hale", "her husband, John"),
        id="husband-tom-then-john",
    ),
    pytest.param(
        "Daniel Price ran the hardware store on Elm Street. Daniel's wife, Sarah, kept the "
        "books and knew every customer by name.\n\n"
        "* * *\n\n"
        "That Saturday, Daniel closed early. His wife Rebecca had made a roast, and the "
        "children were already at the table.",
        ("Daniel's wife, Sarah", "His wife Rebecca"),
        id="wife-sarah-then-rebecca",
    ),
    pytest.param(
        "Clara Webb grew up above the bakery. Her mother, Helen, rose at four every morning "
        "to light the ovens.\n\n"
        "* * *\n\n"
        "Years later Clara still dreamed of bread. Her mother Dorothy had taught her to "
        "knead before she could read.",
        ("Her mother, Helen", "Her mother Dorothy"),
        id="mother-helen-then-dorothy",
    ),
    pytest.param(
        "Edward Carey was a country parson's son. His only sister, Margaret, kept house for "
        "their father.\n\n"
        "When Edward came home at Christmas, his sister Lucy met him at the gate.",
        ("His only sister, Margaret", "his sister Lucy"),
        id="only-sister-margaret-then-lucy",
    ),
]

QUIET = [
    pytest.param(
        FARM + "Tom Hale died in the winter of the great snow. They buried him beside the "
        "chapel.\n\n"
        "Two years later Martha married again. Her husband, John Pryor, was a quiet man "
        "from the valley.",
        id="widowed-and-remarried",
    ),
    pytest.param(
        "Edward Carey had three sisters. His sister Margaret kept house for their father.\n\n"
        "When Edward came home at Christmas, his sister Lucy met him at the gate.",
        id="several-sisters",
    ),
    pytest.param(
        FARM + "On Sunday Martha sat in the family pew beside her husband, Mr. Hale, who "
        "sang louder than anyone.",
        id="title-and-surname-may-be-the-same-man",
    ),
    pytest.param(
        "Clara Webb grew up above the bakery. Her mother, Margaret, rose at four every "
        "morning to light the ovens.\n\n"
        "Her mother Peggy had taught her to knead before she could read.",
        id="pet-form-of-the-same-name",
    ),
    pytest.param(
        FARM + '"My husband, John, will see to it," Martha told the auctioneer.',
        id="dialogue",
    ),
    pytest.param(
        FARM + "Martha sometimes imagined that her husband, John, the blacksmith's son, had "
        "asked her first.",
        id="hypothetical",
    ),
    pytest.param(
        "Daniel Price ran the hardware store on Elm Street. His late wife, Sarah, had kept "
        "the books.\n\n"
        "Now his wife Rebecca kept them, and knew every customer by name.",
        id="late-wife-then-new-wife",
    ),
    pytest.param(
        "Clara Webb grew up above the bakery. Her mother, Helen, rose at four every morning "
        "to light the ovens.\n\n"
        "At the wedding Clara met her mother-in-law, Dorothy, for the first time.",
        id="mother-in-law",
    ),
    pytest.param(
        "Clara Webb grew up above the bakery. Her mother, Helen, rose at four every morning "
        "to light the ovens.\n\n"
        "When Clara was twelve her father married again, and her stepmother Dorothy moved "
        "into the flat.",
        id="stepmother",
    ),
]


@pytest.mark.parametrize(("text", "quotes"), FIRES)
def test_fires(nlp, text, quotes):
    found = findings(text, nlp)
    assert len(found) == 1, [f.message for f in found]
    first, second = (ev.quote for ev in found[0].evidence)
    assert quotes[0] in first or first in quotes[0], first
    assert quotes[1] in second or second in quotes[1], second
    assert [ev.role for ev in found[0].evidence] == ["established", "contradiction"]


@pytest.mark.parametrize("text", QUIET)
def test_quiet(nlp, text):
    assert [f.message for f in findings(text, nlp)] == []


def test_message_names_both_given_names(nlp):
    (finding,) = findings(FIRES[0].values[0], nlp)
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
        assert model.characters.by_id(r.character_id).name == "Edward Carey"
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

BIBLE = """characters:
  - name: Ivy Lynn
    relationships:
      mother: Ann Lynn
"""


def test_bible_mother_contradicted(nlp):
    canon = parse_bible(BIBLE, "bible.yaml")
    text = (
        "Ivy Lynn drove north on Friday. Her mother, Ruth, was waiting on the porch with the dog."
    )
    found = findings(text, nlp, "REL002", canon=canon)
    assert len(found) == 1, [f.message for f in found]
    bible, story = found[0].evidence
    assert bible.role == "canon" and "Ann Lynn" in bible.quote
    assert story.role == "contradiction" and "Ruth" in story.quote


def test_bible_mother_agreed(nlp):
    canon = parse_bible(BIBLE, "bible.yaml")
    for mother in ("Ann", "Annie", "Mrs. Lynn"):
        text = (
            f"Ivy Lynn drove north on Friday. Her mother, {mother}, was waiting on the porch "
            "with the dog."
        )
        assert findings(text, nlp, "REL002", canon=canon) == [], mother


def test_bible_from_a_minimal_canon_object(nlp):
    source = SourceText("bible.yaml", "Ivy Lynn:\n  mother: Ann Lynn\n")
    fact = SimpleNamespace(
        character="Ivy Lynn", aliases=("Ivy",), attribute="mother", value="ann lynn",
        written="Ann Lynn", evidence=Evidence(source, 12, 28, "established"),
    )  # fmt: skip
    model = build(
        "Ivy Lynn drove north on Friday. Her mother, Ruth, was waiting on the porch.", nlp
    )
    model.layers["canon"] = SimpleNamespace(facts=[fact])
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
