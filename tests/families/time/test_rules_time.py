"""TIM001-TIM006 beyond firing and staying quiet: one rule per contradiction, the story bible.

The passages that must fire and those that must stay quiet (dialogue, plans, memories,
flashbacks, time that the text lets pass) are data, in src/storylint/families/time/cases/,
run by tests/test_rule_cases.py.
"""

from __future__ import annotations

from rule_case_helpers import all_cases
from storylint.canon import parse_bible
from storylint.engine import run_rules
from storylint.rules.registry import all_rules, find_rule
from timeline_helpers import build, canon

TIME_RULES = ("TIM001", "TIM002", "TIM003", "TIM004", "TIM005", "TIM006")


def findings(text: str, nlp, rule_id: str | None = None, bible=None):
    model = build(text, nlp, canon=bible)
    ids = [rule_id] if rule_id else list(TIME_RULES)
    return run_rules(model, [find_rule(i) for i in ids])


def test_fires_cases_fire_only_their_rule(nlp):
    """Each must-fire passage is one contradiction: no other time rule joins in."""
    for rule_id in TIME_RULES:
        for case in all_cases()[rule_id]:
            if case.kind != "fires":
                continue
            bible = parse_bible(case.bible, "bible.yaml") if case.bible else None
            others = {f.rule for f in findings(case.text, nlp, bible=bible)} - {rule_id}
            assert not others, (case.id, others)


# --- the story bible --------------------------------------------------------------------


def test_canon_age_contradicted(nlp):
    text = "Anna Keller was twenty-six. She kept the accounts for her uncle's shop."
    found = findings(text, nlp, "TIM005", canon([("Anna Keller", "age", "30")]))
    assert len(found) == 1
    assert found[0].evidence[0].source.path == "bible.yaml"
    assert found[0].evidence[0].quote == "age: 30"
    assert "Anna Keller was twenty-six" in found[0].evidence[1].quote


def test_canon_birth_date_against_the_story_year(nlp):
    text = "On the 4th of June, 1887, Anna Keller arrived in Bath. Anna was twenty-six."
    assert findings(text, nlp, "TIM005", canon([("Anna Keller", "birth_date", "1861-05-01")])) == []
    found = findings(text, nlp, "TIM005", canon([("Anna Keller", "birth_date", "1850-05-01")]))
    assert len(found) == 1 and "1850" in found[0].message


def test_canon_birthday_on_another_day(nlp):
    text = "On the 4th of June, Anna Keller woke early. It was Anna's thirtieth birthday."
    found = findings(text, nlp, "TIM005", canon([("Anna Keller", "birth_date", "09-12")]))
    assert len(found) == 1
    assert "birthday" in found[0].message


def test_no_canon_no_canon_findings(nlp):
    assert findings("Anna Keller was twenty-six.", nlp, "TIM005") == []


# --- registry and docs --------------------------------------------------------------------


def test_rules_registered_with_docs():
    rules = {r.id: r for r in all_rules() if r.family == "time"}
    assert set(rules) == set(TIME_RULES)
    for r in rules.values():
        doc = r.doc
        for part in ("## What it catches", "## Why it matters", "## Example that fires",
                     "## Example that does not"):  # fmt: skip
            assert part in doc, (r.id, part)
