"""Every check says how much it read, and warns when it read less than half the words as story.

Why: a check that read 192 words of a 50,000-word novel and said "no findings"
is the worst failure a checker can have; the summary makes it visible at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylint.cli import cli
from storylint.ingest import manuscript_from_text
from storylint.ingest.coverage import checked_phrase, coverage, coverage_warning

STORY = (
    "Chapter One\n\n"
    "The rain fell on the harbour all night.\n\n"
    "Chapter Two\n\n"
    "Nobody came to the door, and Mara slept.\n"
)
NOTE = (
    "A/N: Thank you all so much for reading and for every kind review; "
    "this chapter took me months to write and I rewrote it four times.\n\n"
)


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINT_CACHE", "off")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_the_text_summary_says_how_many_words_in_how_many_chapters(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        "No findings in 1 manuscript. Checked 16 words in 2 chapters."
    )
    assert "warning" not in result.stderr


def test_the_markdown_summary_says_it_too(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    result = run("check", "--format", "markdown", str(path))
    assert "No findings in 1 manuscript. Checked 16 words in 2 chapters." in result.output


def test_the_json_report_gives_words_and_chapters(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    data = json.loads(run("check", "--format", "json", str(path)).output)
    [entry] = data["files"]
    assert (entry["words"], entry["chapters"]) == (16, 2)


def test_a_check_that_reads_less_than_half_as_story_warns_and_names_what_it_set_aside(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mostly-notes.txt"
    path.write_text(NOTE * 3 + STORY, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 0
    [warning] = [ln for ln in result.stderr.splitlines() if "read as story" in ln]
    assert warning == (
        f"{path}: warning: only 16 of 98 words were read as story and checked; "
        "set aside: notes: 78 words, headings: 4 words (`storylint extract` shows the text)"
    )
    assert result.output.splitlines()[-1].endswith("Checked 16 words in 2 chapters.")


def test_coverage_counts_story_and_set_aside_words_by_role() -> None:
    manuscript = manuscript_from_text(NOTE + STORY)
    found = coverage(manuscript)
    assert (found.story_words, found.chapters, found.total_words) == (16, 2, 46)
    assert found.set_aside == {"notes": 26, "headings": 4}
    warning = coverage_warning(manuscript)
    assert warning is not None and warning.startswith("only 16 of 46 words")
    assert coverage_warning(manuscript_from_text(STORY)) is None


def test_checked_phrase_uses_singulars() -> None:
    assert checked_phrase(1, 1) == "checked 1 word in 1 chapter"
    assert checked_phrase(121_409, 61) == "checked 121,409 words in 61 chapters"
