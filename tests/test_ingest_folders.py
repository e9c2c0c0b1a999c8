"""A folder manuscript: its chapter files are read, the writer's notes and anything outside are not.

Issue 17: `overview.md` and other notes files were checked as chapters, and a
symbolic link to /etc/passwd was read as a chapter.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylint.cli import cli
from storylint.ingest import read_manuscript
from storylint.ingest.settings import DEFAULT_SETTINGS, ReadSettings, use_settings

CHAPTERS = {
    "chapter 1.txt": "Chapter 1\n\nAnna lit the lamp.\n",
    "chapter 2.md": "# Chapter 2\n\nBen took the keys.\n",
    "chapter 10.txt": "Chapter 10\n\nMara waited by the door.\n",
}
NOTES = {
    "Notes.md": "Remember: Anna dies in chapter 12.\n",
    "overview.txt": "Anna meets Ben. Ben leaves.\n",
    "OUTLINE.md": "1. Anna\n2. Ben\n",
    "synopsis.txt": "A woman lights a lamp.\n",
    "todo.md": "- fix chapter 2\n",
    "README.md": "My novel.\n",
    "book-notes.txt": "The lamp is brass.\n",
}


def book(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def read_names(folder: Path) -> list[str]:
    return [Path(source.path).name for source in read_manuscript(folder).sources]


def test_notes_files_are_skipped_with_a_warning_naming_each(tmp_path: Path) -> None:
    folder = book(tmp_path / "novel", {**CHAPTERS, **NOTES})
    started = time.perf_counter()
    manuscript = read_manuscript(folder)
    assert [Path(s.path).name for s in manuscript.sources] == list(CHAPTERS)  # natural order
    text = "\n".join(source.text for source in manuscript.sources)
    for chapter in CHAPTERS.values():
        assert chapter.strip().split("\n\n")[-1] in text  # each chapter read whole
    assert "Anna dies" not in text and "brass" not in text
    for name in NOTES:
        assert sum(1 for w in manuscript.warnings if w.startswith(f"{folder / name}: skipped")) == 1
    assert all("named like notes" in w for w in manuscript.warnings)
    assert time.perf_counter() - started < 30


def test_skip_files_from_settings_replace_the_defaults(tmp_path: Path) -> None:
    folder = book(tmp_path / "novel", {**CHAPTERS, "Notes.md": "Anna dies.\n", "cut-1.txt": "x\n"})
    with use_settings(ReadSettings(skip_files=("cut-*",))):
        names = read_names(folder)
    assert "Notes.md" in names and "cut-1.txt" not in names


def test_the_default_notes_patterns_leave_chapter_names_alone(tmp_path: Path) -> None:
    names = [
        "01 - The Notes of Summer.txt",  # a chapter title containing a notes word
        "prologue.txt",
        "epilogue.txt",
        "part-one.txt",
        "ch03.md",
    ]
    folder = book(tmp_path / "novel", {name: f"{name}\n\nAnna lit the lamp.\n" for name in names})
    with use_settings(DEFAULT_SETTINGS):
        assert sorted(read_names(folder)) == sorted(names)


def test_a_folder_of_only_notes_is_one_line_naming_them(tmp_path: Path) -> None:
    folder = book(tmp_path / "novel", {"notes.txt": "x\n", "outline.md": "y\n"})
    result = CliRunner().invoke(cli, ["extract", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert str(folder) in result.stderr and "notes.txt" in result.stderr


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symlink_out_of_the_folder_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    folder = book(tmp_path / "novel", CHAPTERS)
    (folder / "chapter 3.txt").symlink_to(secret)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "up.txt").symlink_to(Path("..") / "secret.txt")
    manuscript = read_manuscript(folder)
    text = "".join(source.text for source in manuscript.sources)
    assert "root:" not in text
    assert [Path(s.path).name for s in manuscript.sources] == list(CHAPTERS)
    for name in ("chapter 3.txt", "passwd.txt", "up.txt"):
        assert any(
            w.startswith(f"{folder / name}: skipped") and "outside the folder" in w
            for w in manuscript.warnings
        ), manuscript.warnings


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symlink_inside_the_folder_is_read_once(tmp_path: Path) -> None:
    folder = book(tmp_path / "novel", CHAPTERS)
    drafts = folder / "drafts"
    drafts.mkdir()
    (drafts / "ch11.txt").write_text("Chapter 11\n\nBen came back.\n", encoding="utf-8")
    (folder / "chapter 11.txt").symlink_to(Path("drafts") / "ch11.txt")
    (folder / "chapter 12.txt").symlink_to("chapter 1.txt")  # the same file again
    (folder / "gone.txt").symlink_to("missing.txt")
    manuscript = read_manuscript(folder)
    names = [Path(s.path).name for s in manuscript.sources]
    assert names == [*CHAPTERS, "chapter 11.txt"]
    assert "Ben came back." in manuscript.sources[-1].text
    assert any(
        "chapter 12.txt: skipped (the same file as chapter 1.txt" in w for w in manuscript.warnings
    )
    assert any("gone.txt: skipped (a broken symbolic link)" in w for w in manuscript.warnings)


def test_word_lock_files_are_not_chapters(tmp_path: Path) -> None:
    folder = book(tmp_path / "novel", CHAPTERS)
    (folder / "~$apter 1.docx").write_bytes(b"\x05writer\x00" * 20)  # what Word leaves
    manuscript = read_manuscript(folder)
    assert [Path(s.path).name for s in manuscript.sources] == list(CHAPTERS)
    assert any("lock file" in w for w in manuscript.warnings)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_a_folder_is_skipped_not_opened(tmp_path: Path) -> None:
    folder = book(tmp_path / "novel", CHAPTERS)
    os.mkfifo(folder / "chapter 4.txt")
    started = time.perf_counter()
    manuscript = read_manuscript(folder)  # opening the pipe would block for ever
    assert [Path(s.path).name for s in manuscript.sources] == list(CHAPTERS)
    assert any("chapter 4.txt: skipped (a named pipe" in w for w in manuscript.warnings)
    assert time.perf_counter() - started < 30
