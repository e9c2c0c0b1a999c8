"""Accepting findings inline: markers a writer puts in the manuscript, and what they accept.

Unit tests build findings by hand on a small story (filtering is pure logic on
Finding objects); end-to-end tests run the real rules on the example story,
tests/fixtures/to-marilyn.txt, whose two findings are OBJ002 (the coat slid
off, yet "loosely draped in his coat") and OBJ001 ("She took off her coat").
"""

from __future__ import annotations

import html
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylint import engine
from storylint.cli import cli
from storylint.decisions.acceptance import BASELINE, INLINE, Policy, decide
from storylint.decisions.baseline import Baseline, fingerprints
from storylint.decisions.inline import InlineAcceptance
from storylint.findings import Evidence, Finding, Severity
from storylint.ingest import manuscript_from_text, read_manuscript
from storylint.rules.registry import all_rules

MARILYN = Path(__file__).parent / "fixtures" / "to-marilyn.txt"
OWNER_PASSAGE = "She took off her coat."  # OBJ001's contradiction
DRAPED_PASSAGE = "Under his hand, loosely draped in his coat"  # starts OBJ002's paragraph

STORY = (
    "Derek dropped his coat over Ivy's shoulders.\n"
    "\n"
    "<!-- storylint-disable-next OBJ001 -- she keeps it, that is the point -->\n"
    "She took off her coat.\n"
    "\n"
    "She folded her coat over the chair.\n"
    "\n"
    "[storylint-disable places]\n"
    "\n"
    "Ivy was in the kitchen.\n"
    "\n"
    "%% storylint-enable %%\n"
    "\n"
    "Ivy was in the garden.\n"
    "\n"
    "<!-- storylint-disable -->\n"
    "\n"
    "Derek waited by the door until the show was over.\n"
)


def finding(source, rule: str, contradiction: str, established: str | None = None) -> Finding:
    """A finding of `rule` pointing at `contradiction` (and quoting `established`)."""
    evidence = []
    if established is not None:
        at = source.text.index(established)
        evidence.append(Evidence(source, at, at + len(established), "established"))
    at = source.text.index(contradiction)
    evidence.append(Evidence(source, at, at + len(contradiction), "contradiction"))
    return Finding(rule, rule.lower(), Severity.WARNING, 0.9, "A message.", evidence)


@pytest.fixture(scope="module")
def story():
    manuscript = manuscript_from_text(STORY, "story.txt")
    inline = InlineAcceptance.from_manuscript(manuscript, all_rules())
    return manuscript, manuscript.sources[0], inline


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


# Markers are never story -------------------------------------------------------


def test_marker_lines_are_not_read_as_story_and_offsets_stay_exact(story) -> None:
    manuscript, source, _ = story
    texts = [p.text for p in manuscript.paragraphs()]
    assert texts == [
        "Derek dropped his coat over Ivy's shoulders.",
        "She took off her coat.",
        "She folded her coat over the chair.",
        "Ivy was in the kitchen.",
        "Ivy was in the garden.",
        "Derek waited by the door until the show was over.",
    ]
    for paragraph in manuscript.paragraphs():
        assert source.text[paragraph.start : paragraph.end] == paragraph.text
    assert len(manuscript.chapters) == 1 and len(manuscript.chapters[0].scenes) == 1


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_marker_at_the_top_leaves_the_title_and_note_alone(tmp_path: Path, suffix: str) -> None:
    """A whole-file marker first must not turn the author's note into story."""
    plain = tmp_path / f"plain{suffix}"
    marked = tmp_path / f"marked{suffix}"
    shutil.copy(MARILYN, plain)
    marked.write_text(
        "<!-- storylint-disable OBJ001 -->\n\n" + MARILYN.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    before, after = read_manuscript(plain), read_manuscript(marked)
    shape = [(p.role, p.text) for p in before.all_paragraphs()]
    assert [(p.role, p.text) for p in after.all_paragraphs()] == shape
    assert after.word_count == before.word_count


def test_html_comment_marker_survives_extraction(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        "<html><body><p>She came in.</p>\n<!-- storylint-disable-next OBJ001 -->\n"
        "<p>She took off her coat.</p><!-- an ordinary comment --></body></html>",
        encoding="utf-8",
    )
    manuscript = read_manuscript(page)
    assert [p.text for p in manuscript.paragraphs()] == ["She came in.", "She took off her coat."]
    assert manuscript.sources[0].text == (
        "She came in.\n\n<!-- storylint-disable-next OBJ001 -->\n\nShe took off her coat."
    )
    inline = InlineAcceptance.from_manuscript(manuscript, all_rules())
    coat = finding(manuscript.sources[0], "OBJ001", "She took off her coat.")
    assert inline.accepting(coat) is not None


# Which findings a marker accepts -------------------------------------------------


def test_disable_next_accepts_its_rule_in_the_next_paragraph_only(story) -> None:
    _, source, inline = story
    marker = inline.accepting(finding(source, "OBJ001", "She took off her coat."))
    assert marker is not None and marker.where == "story.txt:3"
    assert inline.accepting(finding(source, "OBJ001", "She folded her coat")) is None
    assert inline.accepting(finding(source, "OBJ002", "She took off her coat.")) is None


def test_only_the_contradicting_passage_counts(story) -> None:
    _, source, inline = story
    # Established inside the accepted paragraph, contradicted outside: still reported.
    later = finding(source, "OBJ001", "She folded her coat", established="She took off her coat.")
    assert inline.accepting(later) is None


def test_a_range_turns_a_family_off_until_enable(story) -> None:
    _, source, inline = story
    assert inline.accepting(finding(source, "PLC002", "Ivy was in the kitchen.")) is not None
    assert inline.accepting(finding(source, "PLC001", "Ivy was in the kitchen.")) is not None
    assert inline.accepting(finding(source, "OBJ001", "Ivy was in the kitchen.")) is None
    assert inline.accepting(finding(source, "PLC002", "Ivy was in the garden.")) is None


def test_disable_without_enable_lasts_to_the_end_of_the_file(story) -> None:
    _, source, inline = story
    for rule in ("OBJ001", "OBJ003", "PLC004"):
        assert inline.accepting(finding(source, rule, "Derek waited by the door")) is not None
    assert inline.accepting(finding(source, "OBJ003", "Derek dropped his coat")) is None


def test_enable_one_rule_inside_an_all_rules_range() -> None:
    text = (
        "<!-- storylint off -->\n\nShe took off her coat.\n\n"
        "<!-- storylint-enable object-owner-changed -->\n\nShe put on her hat.\n\n"
        "<!-- storylint on -->\n\nShe sat down.\n"
    )
    manuscript = manuscript_from_text(text, "vale-style.txt")
    source = manuscript.sources[0]
    inline = InlineAcceptance.from_manuscript(manuscript, all_rules())
    assert inline.accepting(finding(source, "OBJ001", "She took off")) is not None
    assert inline.accepting(finding(source, "OBJ001", "She put on")) is None  # named: back on
    assert inline.accepting(finding(source, "OBJ002", "She put on")) is not None
    assert inline.accepting(finding(source, "OBJ002", "She sat down")) is None


def test_markers_apply_to_their_own_file_only() -> None:
    one = manuscript_from_text("<!-- storylint off -->\n\nShe took off her coat.\n", "one.txt")
    two = manuscript_from_text("She took off her coat.\n", "two.txt")
    one.sources += two.sources
    one.chapters += two.chapters
    inline = InlineAcceptance.from_manuscript(one, all_rules())
    assert inline.accepting(finding(one.sources[0], "OBJ001", "She took off")) is not None
    assert inline.accepting(finding(two.sources[0], "OBJ001", "She took off")) is None


def test_markers_it_cannot_obey_are_warnings_with_their_line() -> None:
    text = (
        "<!-- storylint-disable OBJ099, objects -->\n\nShe took off her coat.\n\n"
        "<!-- storylint-disabel -->\n\nShe sat down.\n\n<!-- storylint-disable-next -->\n"
    )
    manuscript = manuscript_from_text(text, "typos.txt")
    inline = InlineAcceptance.from_manuscript(manuscript, all_rules())
    first, second, third = inline.warnings
    # (A "did you mean" suggestion may follow the name.)
    assert first.startswith("typos.txt:1: warning: no rule, rule name or family is called 'OBJ099'")
    assert first.endswith("; it is not turned off")
    assert second == (
        "typos.txt:5: warning: 'storylint-disabel' is not a storylint marker "
        "(use storylint-disable, storylint-disable-next, storylint-enable); ignored"
    )
    assert third == (
        "typos.txt:9: warning: storylint-disable-next has no paragraph after it; "
        "nothing is turned off"
    )
    # The known family in the same marker still works.
    source = manuscript.sources[0]
    assert inline.accepting(finding(source, "OBJ002", "She took off")) is not None
    assert [p.text for p in manuscript.paragraphs()] == ["She took off her coat.", "She sat down."]


# decide(): thresholds, severities, inline before baseline ------------------------


@pytest.fixture(scope="module")
def marilyn_findings() -> list[Finding]:
    """The real findings of the example story, checked once for this module."""
    _, findings = engine.check_manuscript(read_manuscript(MARILYN))
    assert [f.rule for f in findings] == ["OBJ002", "OBJ001"]
    return findings


def test_decide_shows_everything_by_default(marilyn_findings) -> None:
    outcome = decide(marilyn_findings, Policy())
    assert [f.rule for f in outcome.shown] == ["OBJ002", "OBJ001"]
    assert outcome.accepted == [] and outcome.fails


def test_severity_override_and_thresholds(marilyn_findings) -> None:
    outcome = decide(
        marilyn_findings, Policy(min_severity=Severity.ERROR, severities={"OBJ001": Severity.ERROR})
    )
    assert [(f.rule, f.severity) for f in outcome.shown] == [("OBJ001", Severity.ERROR)]
    assert marilyn_findings[1].severity is Severity.WARNING  # the rule's finding is untouched
    hidden = decide(marilyn_findings, Policy(min_confidence=0.99))
    assert hidden.shown == [] and hidden.accepted == [] and not hidden.fails
    quiet = decide(marilyn_findings, Policy(fail_on=Severity.ERROR))
    assert len(quiet.shown) == 2 and not quiet.fails


def test_inline_is_asked_before_the_baseline(marilyn_findings) -> None:
    text = MARILYN.read_text(encoding="utf-8").replace(
        OWNER_PASSAGE, f"<!-- storylint-disable-next OBJ001 -->\n{OWNER_PASSAGE}"
    )
    manuscript = manuscript_from_text(text, "to-marilyn.txt")
    _, findings = engine.check_manuscript(manuscript)
    inline = InlineAcceptance.from_manuscript(manuscript, all_rules())
    both = Baseline("accepted.json", counts=Counter(fingerprints(findings)))
    outcome = decide(findings, Policy(baseline=both), inline)
    assert [(a.finding.rule, a.how) for a in outcome.accepted] == [
        ("OBJ002", BASELINE),
        ("OBJ001", INLINE),
    ]
    assert outcome.shown == [] and not outcome.fails
    assert outcome.counts() == {"inline": 1, "baseline": 1}


# End to end: the writer of to-marilyn handwaves the coat ---------------------------


@pytest.fixture
def marilyn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a marked-up copy of the story; returns its path (relative to the cwd)."""
    monkeypatch.chdir(tmp_path)

    def write(*replacements: tuple[str, str], name: str = "to-marilyn.txt") -> str:
        text = MARILYN.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text
            text = text.replace(old, new, 1)
        Path(name).write_text(text, encoding="utf-8")
        return name

    return write


def test_next_paragraph_marker_accepts_one_finding(marilyn) -> None:
    path = marilyn((OWNER_PASSAGE, f"<!-- storylint-disable-next OBJ001 -->\n{OWNER_PASSAGE}"))
    result = run("check", path, "--no-config")
    assert result.exit_code == 1
    assert "OBJ002" in result.stdout and "OBJ001" not in result.stdout
    assert f"{path}  1 finding  (1 accepted)" in result.stdout
    assert "1 finding (1 warning) in 1 manuscript; 1 accepted (inline 1)." in result.stdout


def test_a_marker_for_another_rule_accepts_nothing(marilyn) -> None:
    path = marilyn((OWNER_PASSAGE, f"[storylint-disable-next OBJ002]\n{OWNER_PASSAGE}"))
    result = run("check", path, "--no-config", "--format", "line")
    assert result.exit_code == 1
    assert [line.split(": ")[1][:6] for line in result.stdout.splitlines()] == [
        "OBJ002",
        "OBJ001",
    ]


def test_both_markers_make_the_check_pass_in_every_format(marilyn) -> None:
    path = marilyn(
        (OWNER_PASSAGE, f"%% storylint-disable-next object-owner-changed %%\n{OWNER_PASSAGE}"),
        (DRAPED_PASSAGE, f"<!-- storylint-disable OBJ002 -->\n\n{DRAPED_PASSAGE}"),
    )
    text = run("check", path, "--no-config")
    assert text.exit_code == 0
    assert "No findings in 1 manuscript; 2 accepted (inline 2)." in text.stdout
    line = run("check", path, "--no-config", "--format", "line")
    assert (line.exit_code, line.stdout) == (0, "")
    data = json.loads(run("check", path, "--no-config", "--format", "json").stdout)
    assert data["findings"] == []
    assert data["files"][0]["accepted"] == 2
    assert data["files"][0]["accepted_by"] == {"inline": 2, "baseline": 0}
    sarif = json.loads(run("check", path, "--no-config", "--format", "sarif").stdout)
    assert sarif["runs"][0]["results"] == []
    assert sarif["runs"][0]["properties"] == {"accepted": {"inline": 2, "baseline": 0}}


def test_rest_of_file_marker_in_markdown(marilyn) -> None:
    path = marilyn(
        (
            "Nothing ever quite makes sense",
            "<!-- storylint off -->\n\nNothing ever quite makes sense",
        ),
        name="to-marilyn.md",
    )
    result = run("check", path, "--no-config")
    assert result.exit_code == 0
    assert "2 accepted (inline 2)" in result.stdout


def test_html_manuscript_with_comment_markers(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    paragraphs = [p for p in MARILYN.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body = []
    for paragraph in paragraphs:
        if paragraph.startswith(OWNER_PASSAGE):
            body.append("<!-- storylint-disable-next OBJ001 -->")
        body.append(f"<p>{html.escape(paragraph)}</p>")
    Path("to-marilyn.html").write_text(
        "<html><body>\n" + "\n".join(body) + "\n</body></html>\n", encoding="utf-8"
    )
    result = run("check", "to-marilyn.html", "--no-config", "--format", "line")
    assert result.exit_code == 1
    assert "OBJ002" in result.stdout and "OBJ001" not in result.stdout


def test_unknown_rule_in_a_marker_is_a_warning_and_accepts_nothing(marilyn) -> None:
    path = marilyn((OWNER_PASSAGE, f"<!-- storylint-disable-next OBJ01 -->\n{OWNER_PASSAGE}"))
    result = run("check", path, "--no-config", "--format", "line")
    assert result.exit_code == 1
    assert "OBJ001" in result.stdout
    assert result.stderr.startswith(
        f"{path}:123: warning: no rule, rule name or family is called 'OBJ01'"
    )
