"""The baseline: accept every current finding once, and be told only about new ones.

The example story (tests/fixtures/to-marilyn.txt) is split into two chapter
files so that "an edit in another chapter" is a real edit a writer makes:
chapter 1 ends before the coat enters the story; both findings (OBJ002, the
coat slid off yet still draped; OBJ001, "She took off her coat") live in
chapter 2.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylint.cli import cli
from storylint.decisions.baseline import (
    Baseline,
    BaselineError,
    entry,
    fingerprints,
    load_baseline,
    normalise,
    render,
)
from storylint.findings import Evidence, Finding, Severity
from storylint.manuscript import SourceText

MARILYN = Path(__file__).parent / "fixtures" / "to-marilyn.txt"
SPLIT_AT = "Women. They'd made sense"  # chapter 2 starts here, before any coat


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def coat_finding(text: str, established: str, contradiction: str, rule: str = "OBJ001"):
    source = SourceText("story.txt", text)
    a, b = text.index(established), text.index(contradiction)
    return Finding(
        rule,
        "object-owner-changed",
        Severity.WARNING,
        0.8,
        "The coat is later called hers.",
        [
            Evidence(source, a, a + len(established), "established"),
            Evidence(source, b, b + len(contradiction), "contradiction"),
        ],
    )


# Fingerprints ---------------------------------------------------------------------


def test_fingerprint_ignores_offsets_and_typography_but_not_words() -> None:
    base = coat_finding(
        "He dropped his coat over her shoulders. Later she took off her coat.",
        "dropped his coat over her shoulders",
        "she took off her coat",
    )
    moved = coat_finding(
        "A new opening line.\n\nHe dropped  his coat\nover her shoulders. Then: She took off "
        "her coat.",
        "dropped  his coat\nover her shoulders",
        "She took off her coat",
    )
    reworded = coat_finding(
        "He dropped his coat over her bare shoulders. Later she took off her coat.",
        "dropped his coat over her bare shoulders",
        "she took off her coat",
    )
    other_rule = coat_finding(
        "He dropped his coat over her shoulders. Later she took off her coat.",
        "dropped his coat over her shoulders",
        "she took off her coat",
        rule="OBJ002",
    )
    [fp] = fingerprints([base])
    assert fingerprints([moved]) == [fp]
    assert fingerprints([reworded]) != [fp]
    assert fingerprints([other_rule]) != [fp]
    assert (
        normalise("She said, \u201cIt\u2019s\u00a0his  coat\u201d") == 'she said, "it\'s his coat"'
    )


def test_identical_findings_are_counted_not_merged() -> None:
    text = "He dropped his coat. She took off her coat. She took off her coat."
    one = coat_finding(text, "dropped his coat", "She took off her coat")
    two = coat_finding(text, "dropped his coat", "She took off her coat")
    first, second = fingerprints([one, two])
    assert first != second
    baseline = Baseline("b.json", Counter([first]))
    assert baseline.take(first) and not baseline.take(first)  # a third copy is new
    assert not baseline.take(second)


def test_entry_is_readable_by_a_person() -> None:
    finding = coat_finding(
        "He dropped his coat.\nShe took off her coat.", "dropped his coat", "She took off her coat"
    )
    [fp] = fingerprints([finding])
    assert entry(finding, fp) == {
        "fingerprint": fp,
        "rule": "OBJ001",
        "name": "object-owner-changed",
        "file": "story.txt",
        "line": 2,
        "message": "The coat is later called hers.",
        "quotes": ["dropped his coat", "She took off her coat"],
    }


# Bad baseline files: one line, exit 2 -----------------------------------------------

BAD_BASELINES = [
    ("{not json", "bad.json: is not a storylint baseline (invalid JSON at line 1, column 2"),
    ("[]", "bad.json: is not a storylint baseline (no 'storylint_baseline' key)"),
    ('{"accepted": []}', "bad.json: is not a storylint baseline (no 'storylint_baseline' key)"),
    (
        '{"storylint_baseline": 2, "accepted": []}',
        "bad.json: baseline format 2 is not one this storylint reads",
    ),
    (
        '{"storylint_baseline": 1, "accepted": {}}',
        "bad.json: is not a storylint baseline ('accepted' is not a list)",
    ),
    (
        '{"storylint_baseline": 1, "accepted": [{"fingerprint": "ab"}, {"rule": "OBJ001"}]}',
        "bad.json: accepted entry 2 has no fingerprint",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_BASELINES)
def test_bad_baseline_is_one_line_exit_2(tmp_path, monkeypatch, text: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("story.txt").write_text("She sat down.\n", encoding="utf-8")
    Path("bad.json").write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError, match="^bad.json: "):
        load_baseline("bad.json")
    result = run("check", "story.txt", "--no-config", "--baseline", "bad.json")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"storylint: {message}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_missing_or_binary_baseline_is_one_line(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("story.txt").write_text("She sat down.\n", encoding="utf-8")
    missing = run("check", "story.txt", "--no-config", "--baseline", "none.json")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "storylint: none.json: no such baseline file (write one with `storylint baseline`)\n",
    )
    Path("binary.json").write_bytes(b"\xff\xfe\x00{")
    binary = run("check", "story.txt", "--no-config", "--baseline", "binary.json")
    assert binary.exit_code == 2
    assert binary.stderr == "storylint: binary.json: is not a storylint baseline (not UTF-8 text)\n"


# End to end -------------------------------------------------------------------------


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """to-marilyn as a folder of two chapter files, with a project file naming a baseline."""
    monkeypatch.chdir(tmp_path)
    story = MARILYN.read_text(encoding="utf-8")
    cut = story.index(SPLIT_AT)
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    (chapters / "1.txt").write_text(story[:cut], encoding="utf-8")
    (chapters / "2.txt").write_text(story[cut:], encoding="utf-8")
    (tmp_path / "storylint.toml").write_text(
        'manuscript = "chapters"\nbaseline = "accepted.json"\n', encoding="utf-8"
    )
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def shown_rules(*args: str) -> list[str]:
    result = run("check", *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return [f["rule"] for f in json.loads(result.stdout)["findings"]]


def test_baseline_accepts_everything_then_survives_and_resurfaces(book: Path) -> None:
    assert shown_rules() == ["OBJ002", "OBJ001"]
    written = run("baseline")
    assert written.exit_code == 0, written.output
    assert written.stdout == "accepted.json: 2 findings accepted (OBJ001 1, OBJ002 1)\n"
    data = json.loads((book / "accepted.json").read_text(encoding="utf-8"))
    assert [e["rule"] for e in data["accepted"]] == ["OBJ002", "OBJ001"]

    clean = run("check")
    assert clean.exit_code == 0
    assert "No findings in 1 manuscript; 2 accepted (baseline 2)." in clean.stdout

    # Another chapter is rewritten, and a paragraph lands above the findings in
    # their own chapter: every offset and line number moves, nothing comes back.
    edit(
        book / "chapters" / "1.txt",
        "Nothing ever quite makes sense to him.",
        "Nothing ever quite makes sense to him, least of all tonight.\n\n"
        "The rain had stopped before the curtain came down.",
    )
    edit(
        book / "chapters" / "2.txt",
        SPLIT_AT,
        "The party was louder than the show had been.\n\n" + SPLIT_AT,
    )
    assert run("check").exit_code == 0

    # Rewording one passage of OBJ001 brings OBJ001 back, and only it.
    edit(book / "chapters" / "2.txt", "She took off her coat.", "She took off her coat, finally.")
    result = run("check")
    assert result.exit_code == 1
    assert "“She took off her coat, finally”" in result.stdout
    assert "OBJ002" not in result.stdout
    assert "1 finding (1 warning) in 1 manuscript; 1 accepted (baseline 1)." in result.stdout
    # --no-baseline shows what the baseline hides.
    assert shown_rules("--no-baseline") == ["OBJ002", "OBJ001"]


def test_baseline_holds_in_every_format_and_for_the_exit_status(book: Path) -> None:
    assert run("baseline").exit_code == 0
    edit(book / "chapters" / "2.txt", "loosely draped in his coat", "still draped in his coat")
    line = run("check", "--format", "line")
    assert line.exit_code == 1 and line.stdout.count("\n") == 1 and "OBJ002" in line.stdout
    data = json.loads(run("check", "--format", "json").stdout)
    assert [f["rule"] for f in data["findings"]] == ["OBJ002"]
    assert data["files"][0]["accepted_by"] == {"inline": 0, "baseline": 1}
    sarif = json.loads(run("check", "--format", "sarif").stdout)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["OBJ002"]
    assert sarif["runs"][0]["properties"]["accepted"] == {"inline": 0, "baseline": 1}


def test_baseline_records_what_the_check_shows(book: Path) -> None:
    """Inline-accepted and below-threshold findings are not written; thresholds apply."""
    edit(
        book / "chapters" / "2.txt",
        "She took off her coat.",
        "<!-- storylint-disable-next OBJ001 -->\nShe took off her coat.",
    )
    result = run("baseline", "-o", "only-new.json")
    assert result.stdout.startswith("only-new.json: 1 finding accepted (OBJ002 1)\n")
    assert "--baseline only-new.json" in result.stdout  # not the file storylint.toml names
    assert shown_rules("--baseline", "only-new.json") == []
    empty = run("baseline", "-o", "none.json", "--min-confidence", "0.95")  # the coat: 0.92
    assert empty.stdout.startswith("none.json: 0 findings accepted\n")
    assert json.loads((book / "none.json").read_text())["accepted"] == []


def test_configured_baseline_that_does_not_exist_yet_accepts_nothing(book: Path) -> None:
    assert shown_rules() == ["OBJ002", "OBJ001"]  # accepted.json is not written yet


def test_baseline_is_not_written_when_a_manuscript_cannot_be_read(book: Path) -> None:
    result = run("baseline", "chapters", "missing.txt", "-o", "accepted.json")
    assert result.exit_code == 2
    assert "storylint: accepted.json: not written, because a manuscript could not be read" in (
        result.stderr
    )
    assert not (book / "accepted.json").exists()


def test_baseline_never_overwrites_a_manuscript(book: Path) -> None:
    target = str(Path("chapters", "2.txt"))
    result = run("baseline", "-o", target)
    assert result.exit_code == 2
    assert "is a manuscript being checked; not overwriting it" in result.stderr
    assert (book / "chapters" / "2.txt").read_text(encoding="utf-8").startswith(SPLIT_AT)


def test_render_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(render([{"fingerprint": "aa"}, {"fingerprint": "aa"}, {"fingerprint": "b"}]))
    loaded = load_baseline(path)
    assert loaded.counts == Counter({"aa": 2, "b": 1}) and len(loaded) == 3


def test_a_baseline_written_here_is_used_here_without_a_project_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`storylint baseline story.txt` then `storylint check story.txt`: accepted stays accepted."""
    monkeypatch.chdir(tmp_path)
    Path("story.txt").write_text(MARILYN.read_text(encoding="utf-8"), encoding="utf-8")
    written = run("baseline", "story.txt")
    assert written.stdout == "storylint-baseline.json: 2 findings accepted (OBJ001 1, OBJ002 1)\n"
    clean = run("check", "story.txt")
    assert clean.exit_code == 0
    assert "2 accepted (baseline 2)" in clean.stdout
    assert run("check", "story.txt", "--no-baseline").exit_code == 1
