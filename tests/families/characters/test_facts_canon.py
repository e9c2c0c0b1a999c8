"""The CHR rules against a story bible: the bible line is the established passage.

The bible is a small fake with the `storylint.canon` interface (`facts`, each a
CanonFact-like record with character, aliases, attribute, value, evidence into
the bible file), so these tests pin the contract between the two modules, not
the bible loader. One test goes through the real loader when it is present.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from places_helpers import build
from storylint.engine import run_rules
from storylint.findings import Evidence, Severity
from storylint.manuscript import SourceText
from storylint.pipeline.layers import CANON
from storylint.rules.registry import find_rule

CHR_RULES = ("CHR001", "CHR002", "CHR003", "CHR004", "CHR005")


@dataclass(frozen=True)
class FakeFact:
    character: str
    aliases: tuple[str, ...]
    attribute: str
    value: str
    evidence: Evidence
    written: str = ""


@dataclass
class FakeCanon:
    facts: list[FakeFact] = field(default_factory=list)


def bible(entries: list[tuple[str, str, str]]) -> tuple[FakeCanon, SourceText]:
    """A bible file with one `attribute: value` line per (character, attribute, value)."""
    lines = []
    spans = []
    for character, attribute, value in entries:
        line = f"  {attribute}: {value}"
        start = sum(len(x) + 1 for x in lines) + 2
        spans.append((character, attribute, value, start, start + len(line) - 2))
        lines.append(line)
    source = SourceText("story-bible.yaml", "\n".join(lines) + "\n")
    facts = [
        FakeFact(character, (), attribute, value, Evidence(source, start, end, "established"))
        for character, attribute, value, start, end in spans
    ]
    return FakeCanon(facts), source


def check(text: str, nlp, canon: FakeCanon) -> list:
    model = build(text, nlp)
    model.set(CANON, canon)
    found = run_rules(model, [find_rule(i) for i in CHR_RULES])
    return [f for f in found if f.severity.rank >= Severity.WARNING.rank and f.confidence >= 0.5]


IVY = (
    "Ivy Marsh came down the stairs with the letter in her hand. Ivy Marsh had blue eyes and "
    "a quick, nervous smile, and she held the letter out to her father."
)
DEREK = (
    "Derek Hale sat across from her. Derek touched the scar on his right cheek, as he always "
    "did when he lied. Derek Hale grew up in Bristol, and his hair was black."
)


@pytest.mark.parametrize(
    ("text", "entry", "rule_id", "message", "quote"),
    [
        pytest.param(
            IVY,
            ("Ivy Marsh", "eyes", "brown"),
            "CHR001",
            "Ivy Marsh's eyes are blue here, but the story bible says brown.",
            "Ivy Marsh had blue eyes",
            id="eyes",
        ),
        pytest.param(
            IVY + " Ivy waited.",
            ("Ivy", "eyes", "brown"),
            "CHR001",
            "Ivy Marsh's eyes are blue here, but the story bible says brown.",
            "Ivy Marsh had blue eyes",
            id="entry-named-by-alias",
        ),
        pytest.param(
            DEREK,
            ("Derek Hale", "scar", "left cheek"),
            "CHR002",
            "Derek Hale's scar is on his right cheek here, but the story bible puts it on his "
            "left cheek.",
            "scar on his right cheek",
            id="scar",
        ),
        pytest.param(
            DEREK,
            ("Derek Hale", "hair", "red"),
            "CHR003",
            "Derek Hale's hair is black here, but the story bible says red.",
            "his hair was black",
            id="hair",
        ),
        pytest.param(
            DEREK,
            ("Derek Hale", "hometown", "leeds"),
            "CHR005",
            "Derek Hale grew up in Bristol here, but the story bible says leeds.",
            "grew up in Bristol",
            id="hometown",
        ),
        pytest.param(
            "Ivy Marsh was a teacher at the village school, and Ivy Marsh loved the work.",
            ("Ivy Marsh", "occupation", "nurse"),
            "CHR005",
            "Ivy Marsh is a teacher here, but the story bible says nurse.",
            "teacher",
            id="occupation",
        ),
        pytest.param(
            "Henry Crane pushed his spectacles up his nose and frowned at the page.",
            ("Henry Crane", "glasses", "no"),
            "CHR001",
            "Henry Crane wears glasses here, but the story bible says Henry Crane has never "
            "needed glasses.",
            "spectacles",
            id="glasses",
        ),
    ],
)
def test_text_contradicts_bible(nlp, text, entry, rule_id, message, quote):
    canon, source = bible([entry])
    found = check(text, nlp, canon)
    assert [f.rule for f in found] == [rule_id], [f.message for f in found]
    finding = found[0]
    assert finding.message == message
    established, contradiction = finding.evidence
    assert established.role == "established"
    assert established.source is source  # the bible passage, quoted from the bible file
    assert established.quote == f"{entry[1]}: {entry[2]}"
    assert contradiction.role == "contradiction"
    assert quote in contradiction.quote
    assert text[contradiction.start : contradiction.end] == contradiction.quote


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        pytest.param(IVY, ("Ivy Marsh", "eyes", "blue"), id="same-eyes"),
        pytest.param(IVY, ("Ivy Marsh", "eyes", "grey-blue"), id="compatible-eyes"),
        pytest.param(IVY, ("Rose Marsh", "eyes", "brown"), id="another-character"),
        pytest.param(DEREK, ("Derek Hale", "scar", "right cheek"), id="same-scar"),
        pytest.param(DEREK, ("Derek Hale", "hair", "dark"), id="dark-is-black"),
        pytest.param(DEREK, ("Derek Hale", "hometown", "England"), id="region-of-town"),
        pytest.param(DEREK, ("Derek Hale", "hometown", "bristol"), id="same-town"),
        pytest.param(
            "Ivy Marsh was a physician in the town, and Ivy Marsh loved the work.",
            ("Ivy Marsh", "occupation", "doctor"),
            id="synonym-occupation",
        ),
    ],
)
def test_bible_agreeing_with_text_is_silent(nlp, text, entry):
    canon, _ = bible([entry])
    assert check(text, nlp, canon) == []


def test_no_bible_no_canon_findings(nlp):
    model = build(IVY, nlp)
    assert model.get(CANON) is None
    assert run_rules(model, [find_rule(i) for i in CHR_RULES]) == []


def test_real_bible_loader(nlp):
    canon_module = pytest.importorskip("storylint.canon")
    text = "characters:\n  - name: Ivy Marsh\n    attributes:\n      eyes: brown\n"
    canon = canon_module.parse_bible(text, "story-bible.yaml")
    model = build(IVY, nlp)
    model.set(CANON, canon)
    found = run_rules(model, [find_rule("CHR001")])
    assert [f.rule for f in found] == ["CHR001"]
    assert "eyes: brown" in found[0].evidence[0].quote
    assert found[0].evidence[0].source.path == "story-bible.yaml"
