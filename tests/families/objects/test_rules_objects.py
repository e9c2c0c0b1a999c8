"""OBJ001-OBJ003 beyond firing and staying quiet: messages, explanations, documentation.

The passages that must fire and those that must not are data, in
src/storylint/families/objects/cases/, run by tests/test_rule_cases.py.
"""

from __future__ import annotations

from rule_case_helpers import case
from world_helpers import object_findings


def test_owner_message_names_both_owners_and_lines(nlp):
    text = case("OBJ001", "his coat becomes hers while she wears it").text
    (finding,) = [f for f in object_findings(text, nlp) if f.rule == "OBJ001"]
    assert "line 1" in finding.message and "line 5" in finding.message
    assert "with no passage giving it to" in finding.message
    assert "wearing" in finding.explanation


def test_rules_have_documentation():
    from storylint.rules.registry import find_rule

    for rule_id in ("OBJ001", "OBJ002", "OBJ003"):
        doc = find_rule(rule_id).doc
        for part in (
            "What it catches",
            "Why it matters",
            "Example that fires",
            "Example that does not",
        ):
            assert part in doc, (rule_id, part)


def test_messages_read_as_plain_english(nlp) -> None:
    """A writer reads the message first: it names who and quotes where, in grammatical English."""
    two_wearers = (
        "Derek dropped the coat over Ivy's shoulders and stepped back.\n\n"
        "Karen stood in the doorway, wrapped in the coat, and laughed."
    )
    (finding,) = object_findings(two_wearers, nlp)
    assert "The coat is worn by Ivy" in finding.message
    assert "then by Karen" in finding.message


def test_a_character_state_is_named_not_treated_as_a_thing(nlp) -> None:
    text = "Beth fell asleep by the fire.\n\nBeth opened her lips and sang."
    found = [f for f in object_findings(text, nlp, default_only=False) if "Beth" in f.message]
    assert found, "waking with nothing to wake her is reported at low confidence"
    assert "describes Beth as awake" in found[0].message
    assert "the Beth" not in found[0].message
