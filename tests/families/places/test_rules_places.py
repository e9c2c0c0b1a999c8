"""PLC001-PLC005: registration, documentation and severities.

The passages that must fire and those that must stay quiet (something published novels do
all the time) are data, in src/storylint/families/places/cases/, run by
tests/test_rule_cases.py.
"""

from __future__ import annotations

from storylint.rules.registry import find_rule

PLACES_RULES = ("PLC001", "PLC002", "PLC003", "PLC004", "PLC005")


def test_rules_are_registered_with_docs():
    for rule_id in PLACES_RULES:
        registered = find_rule(rule_id)
        assert registered is not None and registered.family == "places"
        doc = registered.doc
        for part in ("What it catches", "Why it matters", "Example that fires",
                     "Example that does not"):  # fmt: skip
            assert part in doc, (rule_id, part)


def test_default_severities():
    assert find_rule("PLC003").severity.value == "info"
    assert find_rule("PLC005").severity.value == "info"
    assert find_rule("addressed-but-absent").id == "PLC005"
    assert find_rule("absent-character-acts").id == "PLC001"
