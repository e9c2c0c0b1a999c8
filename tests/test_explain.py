"""`storylint explain FILE:LINE`: what the model read from one paragraph, and why.

The passages are written here, small, so each explanation builds its model in well under
a second once spaCy is loaded; the bad-input tests fail before any model is built.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from storylint.cli import cli
from storylint.decisions.acceptance import Policy
from storylint.decisions.config import NO_CONFIG
from storylint.explain import judge_findings, parse_location
from storylint.findings import Evidence, Finding, Severity
from storylint.manuscript import SourceText

COAT = (
    "It was cold on the steps. Derek dropped his coat over Ivy's shoulders.\n\n"
    "They argued for a long time, and she did not look at him.\n\n"
    "At the door Ivy took off her coat and went inside."
)


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a manuscript in an empty folder, run from there: no project file, no baseline."""
    monkeypatch.chdir(tmp_path)

    def write(text: str, name: str = "story.txt") -> str:
        (tmp_path / name).write_text(text, encoding="utf-8")
        return name

    return write


def explain(*args: str):
    return CliRunner().invoke(cli, ["explain", *args])


def test_coat_line_5_ties_her_to_ivy_shows_the_take_off_and_obj001(story) -> None:
    path = story(COAT)
    result = explain(f"{path}:5")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"{path}:5  Chapter 1, scene 1, paragraph 3 (line 5)" in out
    assert "'her' (pronoun) -> Ivy" in out
    assert "event 'take off' (took) on 'her coat'" in out
    assert "owner Derek; actor Ivy; holder Ivy; wearer Ivy; called Ivy's here" in out
    assert "before: worn yes (Ivy)" in out and "after:  worn no" in out
    assert "OBJ001 object-owner-changed (warning, confidence 0.96) [shown]" in out
    assert "line 1 established:" in out


def test_json_has_every_layer_and_context_shows_an_untied_plural(story) -> None:
    path = story(COAT)
    result = explain(f"{path}:5", "--context", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    before, here = report["paragraphs"]
    assert (before["target"], here["target"]) == (False, True)
    assert before["lines"] == [3, 3]
    assert {"text": "They", "line": 3}.items() <= before["characters"]["untied"][0].items()
    assert before["modes"][0]["modes"] == ["negated"]

    tied = {m["text"]: m["character"] for m in here["characters"]["mentions"]}
    assert tied == {"Ivy": "Ivy", "her": "Ivy"}
    take_off = next(e for e in here["objects"]["events"] if e["key"] == "take off")
    assert (take_off["owner"], take_off["owner_written"], take_off["wearer"]) == (
        "Derek",
        "Ivy",
        "Ivy",
    )
    assert take_off["before"] == {"worn": "yes (Ivy)"} and take_off["after"] == {"worn": "no"}
    conflict = here["objects"]["conflicts"][0]
    assert (conflict["kind"], conflict["here"], conflict["other"]["line"]) == (
        "owner",
        "contradiction",
        1,
    )
    (finding,) = here["findings"]
    assert (finding["rule"], finding["status"]) == ("OBJ001", "shown")
    for layer in ("places", "facts", "life", "relations", "timeline", "quotes"):
        assert layer in here
    assert here["timeline"]["at_start"]["day"] == "Day 1"


def test_an_untied_pronoun_says_it_is_untied(story) -> None:
    path = story("She opened the window.\n")
    result = explain(f"{path}:1")
    assert result.exit_code == 0, result.output
    assert "'She' untied: no one character was clearly meant" in result.stdout


def test_a_line_of_dialogue_shows_its_speaker(story) -> None:
    path = story('Ivy came in from the rain.\n\n"I am cold," Ivy said.\n')
    result = explain(f"{path}:3")
    assert result.exit_code == 0, result.output
    assert '"I am cold,"  said by Ivy (explicit)' in result.stdout
    assert "dialogue:" in result.stdout


def test_a_project_file_threshold_marks_the_finding_hidden(story) -> None:
    path = story(COAT)
    story("min_confidence = 0.99\n", "storylint.toml")
    result = explain(f"{path}:1")
    assert result.exit_code == 0, result.output
    assert "[hidden: confidence 0.96 is below --min-confidence 0.99]" in result.stdout


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("story.txt", "story.txt: expected FILE:LINE"),
        ("story.txt:0", "story.txt:0: expected FILE:LINE"),
        ("story.txt:x", "story.txt:x: expected FILE:LINE"),
        ("story.txt:9", "story.txt:9: past the end of the text, which has 5 lines"),
        ("story.txt:1", "story.txt:1: a heading, outside the story"),
        ("story.txt:2", "story.txt:2: a blank line between paragraphs"),
        ("missing.txt:1", "missing.txt: no such file or directory"),
    ],
)
def test_a_bad_line_is_one_line_and_exit_2(story, location: str, message: str) -> None:
    story("Chapter One\n\nIvy ran.\n\nDerek walked.\n")
    result = explain(location)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"storylint: {message}")
    assert result.stderr.count("\n") == 1


def test_location_splits_at_the_last_colon() -> None:
    assert parse_location(r"C:\books\story.txt:12").path == r"C:\books\story.txt"
    assert parse_location("story.txt:12").line == 12


def test_findings_are_judged_as_check_would_show_them() -> None:
    source = SourceText("story.txt", "Ivy took off her coat.")

    def finding(rule: str, confidence: float, severity: Severity = Severity.WARNING) -> Finding:
        evidence = [Evidence(source, 0, 21)]
        return Finding(rule, rule.lower(), severity, confidence, f"{rule} says so.", evidence)

    settings = SimpleNamespace(
        config=NO_CONFIG,
        rules=[SimpleNamespace(id=r) for r in ("AAA001", "BBB001", "CCC001")],
        policy=Policy(),
    )
    found = [
        finding("AAA001", 0.8),
        finding("BBB001", 0.3),
        finding("CCC001", 0.9, Severity.INFO),
        finding("DDD001", 0.9),
    ]
    verdicts = [v for _, v in judge_findings(found, settings, None)]  # type: ignore[arg-type]
    assert [v["status"] for v in verdicts] == ["shown", "hidden", "hidden", "off"]
    assert verdicts[1]["why"] == "confidence 0.30 is below --min-confidence 0.50"
    assert verdicts[2]["why"].startswith("severity info is below the lowest shown (warning")
