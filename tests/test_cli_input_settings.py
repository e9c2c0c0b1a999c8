"""Every command that reads a manuscript reads it as `check` does: `[input]` in force.

A writer who sets `tracked_changes = "reject"` or a words budget in storylint.toml expects
`extract`, `bible`, `timeline` and `explain` to read the manuscript under it too, and the
Word review (`check --format docx`) to put its comments on the words the check read. The
manuscripts and project files are written here, next to each other, in an empty folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storylint.cli import cli
from test_report_docx import anchored_text, comments
from word_fixtures import build_docx, deleted, ins, p, r

REJECT = '[input]\ntracked_changes = "reject"\n'
WORDS_100 = "[input.budgets]\nwords = 100\n"
# 50 paragraphs of 10 words: 500 words, five times the budget above.
FIVE_HUNDRED_WORDS = "\n\n".join(
    "Ivy walked to the station and waited for the train." for _ in range(50)
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder to run in: no project file above it but the one a test writes."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def changes_docx(folder: Path) -> Path:
    """One paragraph with a tracked deletion ("red") and insertion ("grey")."""
    return build_docx(
        folder / "changes.docx",
        p(r("Mara took the "), deleted("red"), ins(r("grey")), r(" coat and left.")),
    )


# --- extract ---------------------------------------------------------------------------


def test_extract_rejects_tracked_changes_when_the_project_file_says_so(folder: Path) -> None:
    path = changes_docx(folder)
    (folder / "storylint.toml").write_text(REJECT, encoding="utf-8")
    result = run("extract", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Mara took the red coat and left."
    ignored = run("extract", str(path), "--no-config")
    assert ignored.exit_code == 0, ignored.output
    assert ignored.stdout == "Mara took the grey coat and left."


def test_extract_reads_the_project_file_named_by_config(folder: Path) -> None:
    path = changes_docx(folder)
    settings = folder / "elsewhere" / "review.toml"
    settings.parent.mkdir()
    settings.write_text(REJECT, encoding="utf-8")
    result = run("extract", str(path), "--config", str(settings))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Mara took the red coat and left."


@pytest.mark.parametrize("command", ["extract", "bible", "timeline"])
def test_config_and_no_config_together_are_one_line_exit_2(folder: Path, command: str) -> None:
    (folder / "story.txt").write_text("Ivy ran.\n", encoding="utf-8")
    (folder / "storylint.toml").write_text(REJECT, encoding="utf-8")
    result = run(command, "story.txt", "--config", "storylint.toml", "--no-config")
    assert result.exit_code == 2
    assert result.stderr == "storylint: --config and --no-config cannot be used together\n"


# --- the words budget -------------------------------------------------------------------

BUDGETED = {
    "bible": ("bible", "story.txt"),
    "timeline": ("timeline", "story.txt"),
    "explain": ("explain", "story.txt:1"),
}


@pytest.mark.parametrize("command", sorted(BUDGETED))
def test_over_the_words_budget_is_one_line_naming_the_file_and_exit_2(
    folder: Path, command: str
) -> None:
    (folder / "story.txt").write_text(FIVE_HUNDRED_WORDS, encoding="utf-8")
    (folder / "storylint.toml").write_text(WORDS_100, encoding="utf-8")
    result = run(*BUDGETED[command])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("storylint: story.txt: has 500 words, more than 100;")
    assert "(the words budget; raise it in storylint.toml [input.budgets])" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", sorted(BUDGETED))
def test_no_config_ignores_the_words_budget(folder: Path, command: str) -> None:
    (folder / "story.txt").write_text(FIVE_HUNDRED_WORDS, encoding="utf-8")
    (folder / "storylint.toml").write_text(WORDS_100, encoding="utf-8")
    result = run(*BUDGETED[command], "--format", "json", "--no-config")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)  # the bible, the timeline, the paragraph explained


def test_bible_is_built_from_the_text_as_the_project_file_reads_it(folder: Path) -> None:
    """The rejected insertion names a character who must not appear in the bible."""
    build_docx(
        folder / "story.docx",
        p(r("Mara took the coat."), ins(r(" Derek watched her go."))),
    )
    (folder / "storylint.toml").write_text(REJECT, encoding="utf-8")
    rejected = run("bible", "story.docx", "--format", "json")
    assert rejected.exit_code == 0, rejected.output
    assert "Derek" not in rejected.stdout
    accepted = run("bible", "story.docx", "--format", "json", "--no-config")
    assert accepted.exit_code == 0, accepted.output
    assert "Derek" in accepted.stdout


# --- the Word review ----------------------------------------------------------------------


def coat_docx(folder: Path) -> Path:
    """The coat story, with tracked changes in its first paragraph before the coat passage:
    the passages the findings quote sit at other offsets when the changes are accepted."""
    body = (
        p(
            r("It was cold on the steps. "),
            deleted("It was very late by then. "),
            ins(r("Rain fell. ")),
            r("Derek dropped his coat over Ivy's shoulders."),
        )
        + p(r("They argued for a long time, and she did not look at him."))
        + p(r("At the door Ivy took off her coat and went inside."))
    )
    return build_docx(folder / "coat.docx", body)


def test_word_review_anchors_comments_on_the_text_read_with_changes_rejected(
    folder: Path,
) -> None:
    manuscript = coat_docx(folder)
    (folder / "storylint.toml").write_text(REJECT, encoding="utf-8")
    assert "It was very late by then." in run("extract", str(manuscript)).stdout
    output = folder / "reviewed.docx"
    result = run("check", str(manuscript), "--format", "docx", "-o", str(output))
    assert result.exit_code == 1, result.output  # the coat changes hands: OBJ001
    data = output.read_bytes()
    notes = comments(data)
    by_anchor = {text: notes[i]["text"] for i, text in anchored_text(data).items()}
    assert by_anchor["At the door Ivy took off her coat"].startswith("OBJ001")
    assert by_anchor["Derek dropped his coat over Ivy's shoulders"].startswith(
        "OBJ001 object-owner-changed: established here"
    )
