"""Bible objects with owners: "the coat" the text leaves unowned is the bible's owner's.

OBJ001 then treats "her coat" on Ivy as a contradiction and quotes the bible's
`owner:` line; a bible that agrees with the text, a coat the text gives Ivy outright,
dialogue, and an owner who is no character of the story stay silent.
"""

from __future__ import annotations

import pytest

from storylint.canon import parse_bible
from storylint.engine import run_rules
from storylint.ingest import manuscript_from_text, read_manuscript
from storylint.pipeline.build import build_model
from storylint.rules.registry import find_rule

BASE = (
    "Ivy Lynn waited on the step in the rain. Derek Wills came out of the theatre.\n\n"
    "Derek dropped the coat over Ivy's shoulders and she pulled it close.\n\n"
)
HER_COAT = BASE + (
    "They walked down to the river without a word. Ivy pulled her coat tighter against the wind.\n"
)
DEREKS = (
    "characters:\n  - name: Derek Wills\n    aliases: [Derek]\n"
    "  - name: Ivy Lynn\n    aliases: [Ivy]\n"
    "objects:\n  - name: coat\n    owner: Derek\n"
)


def owner_findings(text: str, nlp, bible: str | None = None):
    canon = parse_bible(bible, "story-bible.yaml") if bible else None
    model = build_model(manuscript_from_text(text, "story.txt"), nlp, canon=canon)
    return [f for f in run_rules(model, [find_rule("OBJ001")])]


def test_her_coat_contradicts_the_bibles_owner(nlp) -> None:
    assert owner_findings(HER_COAT, nlp) == []  # the text alone never says whose coat
    (finding,) = owner_findings(HER_COAT, nlp, DEREKS)
    canon, established, contradiction = finding.evidence
    assert (canon.role, canon.quote, canon.source.path) == (
        "canon",
        "owner: Derek",
        "story-bible.yaml",
    )
    assert canon.source.line_col(canon.start)[0] == 8
    assert established.quote == "Derek dropped the coat over Ivy's shoulders"
    assert contradiction.quote.startswith("Ivy pulled her coat tighter")
    assert finding.primary is contradiction
    assert "Derek's by the story bible ('owner: Derek', story-bible.yaml line 8" in finding.message
    assert "later called Ivy's" in finding.message


@pytest.mark.parametrize(
    ("text", "bible"),
    [
        # the bible agrees with "her coat"
        (HER_COAT, "objects:\n  - name: the coat\n    owner: Ivy\n"),
        # an owner the story never names: not a guess
        (HER_COAT, "objects:\n  - name: coat\n    owner: Mr. Hale\n"),
        # Ivy's own coat, named so from the start: another coat of the same kind
        (
            "Ivy Lynn waited on the step in the rain. She buttoned her coat. Derek Wills came "
            "out of the theatre.\n\nThey walked down to the river without a word. Ivy pulled "
            "her coat tighter against the wind.\n",
            DEREKS,
        ),
        # "her coat" in dialogue is not narration
        (
            BASE + "\u201cYou can keep her coat,\u201d Derek said to the doorman. Ivy pulled it "
            "tighter against the wind.\n",
            DEREKS,
        ),
        # she gives it back: no owner is contradicted
        (
            BASE + "They walked to the river. She took off the coat and gave it back to him.\n",
            DEREKS,
        ),  # fmt: skip
    ],
)
def test_no_finding(text: str, bible: str, nlp) -> None:
    assert owner_findings(text, nlp, bible) == []


def test_a_bible_agreeing_with_to_marilyn_changes_nothing(nlp, fixtures_dir) -> None:
    manuscript = read_manuscript(fixtures_dir / "to-marilyn.txt")
    plain = run_rules(build_model(manuscript, nlp))
    canon = parse_bible("objects:\n  - name: coat\n    owner: Derek\n")
    with_bible = run_rules(build_model(manuscript, nlp, canon=canon))
    assert [(f.rule, f.primary.start) for f in with_bible] == [
        (f.rule, f.primary.start) for f in plain
    ]
