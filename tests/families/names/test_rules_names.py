"""NAM001-NAM003: messages, the story bible, severity, and the pieces the rules are built of.

The passages that must fire (slips an editor would circle: "Karen Cartright" once among many
"Karen Cartwright") and those that must stay quiet (things novels do on purpose: pet forms,
Mr. and Mrs. of one family, two people with close names, a dialect speaker, the plural of a
family, a spelling the story bible declares) are data, in src/storylint/families/names/cases/,
run by tests/test_rule_cases.py; the tests here take their passages from there.
"""

from __future__ import annotations

import pytest

from dialogue_helpers import manuscript
from rule_case_helpers import case
from storylint.canon import parse_bible
from storylint.engine import run_rules
from storylint.families.names.distance import NearIndex, osa_distance, plausible_slip
from storylint.families.names.settings import settings
from storylint.families.names.spelling import NAME_SPELLING
from storylint.findings import Severity
from storylint.model import StoryModel
from storylint.pipeline.build import build_model
from storylint.rules.registry import all_rules

NAMES = [r for r in all_rules() if r.family == "names"]


def build(text: str, nlp, canon=None) -> StoryModel:
    """The stages the names rules read: quotes, characters (with the name census), spelling."""
    return build_model(manuscript(text, "story.txt"), nlp, canon=canon, until=NAME_SPELLING)


def findings(text: str, nlp, canon=None, rule_id: str | None = None):
    rules = [r for r in NAMES if rule_id is None or r.id == rule_id]
    return run_rules(build(text, nlp, canon), rules)


def shown(found):
    """What a writer sees by default: warning and above, confidence >= 0.5."""
    return [f for f in found if f.severity.rank >= Severity.WARNING.rank and f.confidence >= 0.5]


CARTWRIGHT = case("NAM001", "a surname misspelled once among many").text


def test_a_surname_misspelled_once_among_many_is_reported(nlp):
    found = shown(findings(CARTWRIGHT, nlp))
    assert [f.rule for f in found] == ["NAM001"]
    finding = found[0]
    assert finding.message == (
        '"Cartright" (once, line 17) looks like a misspelling of "Cartwright" (10 times).'
    )
    roles = [(e.role, e.quote) for e in finding.evidence]
    assert roles == [("established", "Karen Cartwright"), ("contradiction", "Karen Cartright")]
    # The established passage is the nearest use before the slip (line 15).
    assert finding.evidence[0].to_dict()["line"] == 15
    assert finding.confidence >= 0.7


MERYTON = case("NAM002", "a place misspelled once").text


def test_a_place_misspelled_once_is_reported_as_a_place(nlp):
    found = shown(findings(MERYTON, nlp))
    assert [f.rule for f in found] == ["NAM002"]
    assert found[0].message == (
        '"Merryton" (once, line 15) looks like a misspelling of the place name "Meryton" (9 times).'
    )
    assert [e.quote for e in found[0].evidence] == ["Meryton", "Merryton"]


PEQUOD = case("NAM002", "a ship misspelled once").text


def test_a_ship_misspelled_once_is_reported(nlp):
    found = shown(findings(PEQUOD, nlp))
    assert [f.rule for f in found] == ["NAM002"]
    assert '"Pequot" (once, line 13) looks like a misspelling of' in found[0].message
    assert '"Pequod"' in found[0].message


PLAIN_DIALOGUE = case("NAM001", "a misspelling in plain dialogue is the author's").text


def test_a_misspelling_in_plain_dialogue_is_the_authors_and_is_reported(nlp):
    found = shown(findings(PLAIN_DIALOGUE, nlp))
    assert [f.rule for f in found] == ["NAM001"]
    assert found[0].evidence[-1].quote == "Mr. Earnshew"
    assert "only in dialogue" in found[0].explanation


BIBLE = case("NAM001", "a bible alias is never a misspelling").bible


def test_a_name_close_to_the_bible_spelling_is_reported_with_the_bible_line(nlp):
    text = CARTWRIGHT.replace("Karen Cartwright", "Karen").replace("Miss Cartwright", "Karen")
    text = text.replace("Karen Cartright", "Karen Cartright")
    found = shown(findings(text, nlp, parse_bible(BIBLE)))
    assert [f.rule for f in found] == ["NAM001"]
    assert "the story bible's spelling" in found[0].message
    assert found[0].evidence[0].source.path == "story-bible.yaml"
    assert found[0].evidence[0].role == "canon"  # the bible line, as the other rules quote it


# --- NAM003: drift ------------------------------------------------------------------------

DRIFT = case("NAM003", "a spelling that replaces another").text


def test_a_spelling_that_replaces_another_is_reported_as_info(nlp):
    found = findings(DRIFT, nlp)
    assert [f.rule for f in found] == ["NAM003"]
    assert found[0].severity is Severity.INFO
    assert found[0].message.startswith('A name is spelled "Haliburton" (5 times, up to line 9)')
    assert [e.quote for e in found[0].evidence] == ["Mr. Haliburton", "Mr. Halliburton"]
    assert shown(found) == []  # not in the default report


# --- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("cartwright", "cartright", 1),
        ("darcy", "dacry", 1),  # two letters swapped is one slip
        ("meryton", "merryton", 1),
        ("norwood", "norword", 1),
        ("rodney", "romney", 1),
        ("cartwright", "cartrigt", 2),
        ("elizabeth", "lizzy", 3),  # beyond the limit of 2: reported as 3
    ],
)
def test_edit_distance(a, b, distance):
    assert osa_distance(a, b, 2) == distance


def test_near_index_finds_only_close_spellings():
    index = NearIndex(["Cartwright", "Brownlow", "Meryton"], settings())
    assert index.near("Cartright") == [("Cartwright", 1)]
    assert index.near("Browlow") == [("Brownlow", 1)]
    assert index.near("Merton") == [("Meryton", 1)]
    assert index.near("Bingley") == []


# --- the PDNC evaluation ------------------------------------------------------------------


def test_the_names_evaluation_counts_a_gold_alias_reported_as_a_misspelling(fixtures_dir):
    from storylint.evaluation import names

    # The fixture's gold list (names_pdnc/Rehearsal) deliberately lists "Karen Cartright" as
    # one of Karen's names, so reporting it as a slip of "Cartwright" is a gold violation.
    result = names.evaluate(fixtures_dir / "names_pdnc")
    total = result["total"]
    assert (total["findings"], total["default_findings"], total["gold_violations"]) == (1, 1, 1)
    report = names.format_report(result)
    assert "GOLD VIOLATION" in report
    assert '"Cartright" (once, line 17)' in report


@pytest.mark.parametrize(
    ("rare", "common", "slip"),
    [
        ("Browlow", "Brownlow", True),  # a letter dropped
        ("Merryton", "Meryton", True),  # a letter doubled
        ("Dacry", "Darcy", True),  # two letters swapped
        ("Norword", "Norwood", True),  # a letter of the word written again
        ("Selvyn", "Selwyn", True),  # a letter that sounds alike (v/w)
        ("Larry", "Harry", False),  # another first letter: another name
        ("Romney", "Rodney", False),  # an unrelated letter
        ("Hippomachus", "Hippolochus", False),  # two unrelated letters
    ],
)
def test_what_a_slip_of_the_pen_looks_like(rare, common, slip):
    assert plausible_slip(rare, common, settings()) is slip
