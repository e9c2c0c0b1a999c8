"""Scrivener projects (`Novel.scriv`) read as one manuscript: the Draft, in binder order.

Projects are built in tmp_path by tests/scrivener_projects.py. What a writer
expects: the Draft's folders are chapters titled as in the binder, its texts
are scenes, and nothing from Research, the Trash, notes, synopses, texts left
out of compile or inline annotations is ever checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scrivener_projects import (
    NOT_STORY,
    Folder,
    Project,
    Text,
    annotation,
    content_file,
    inline_footnote,
)
from storylint.cli import cli
from storylint.errors import InputError
from storylint.ingest import extract_text, read_manuscript
from storylint.manuscript import Manuscript, Role


def novel(version: int = 3) -> Project:
    """Two parts, chapters of scenes, a cut scene, Research and Trash full of words."""
    return Project(
        "Novel",
        version=version,
        title="The Long Coat",
        draft=[
            Folder(
                "Part One",
                [
                    Folder(
                        "Chapter 1",
                        [
                            Text("Arrival", ("Derek dropped his coat over Ivy's shoulders.",)),
                            Text("Cut scene", ("This scene was cut.",), include=False),
                            Text("The Party", ("Ivy took off her coat.",)),
                        ],
                    ),
                ],
            ),
            Folder(
                "Part Two",
                [Folder("Chapter 2", [Text("Departure", ("They walked home.",))])],
            ),
        ],
        research=[Text("Coats", ("Research text that is never read.",))],
        trash=[Text("Old opening", ("Trashed text that is never read.",))],
    )


def chapters(manuscript: Manuscript) -> list[tuple[str, list[list[str]]]]:
    """Each chapter's label and its scenes' story paragraphs."""
    return [
        (c.label, [[p.text for p in s.paragraphs] for s in c.scenes]) for c in manuscript.chapters
    ]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storylint.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


# What is read ------------------------------------------------------------------------


@pytest.mark.parametrize("version", [3, 2])
def test_draft_folders_are_chapters_and_texts_are_scenes(tmp_path, version) -> None:
    root, _keys = novel(version).write(tmp_path)
    manuscript = read_manuscript(root)
    assert chapters(manuscript) == [
        (
            "Chapter 1",
            [["Derek dropped his coat over Ivy's shoulders."], ["Ivy took off her coat."]],
        ),
        ("Chapter 2", [["They walked home."]]),
    ]
    assert manuscript.title == "The Long Coat"
    assert [s.path for s in manuscript.sources] == [
        f"{root}/Part One/Chapter 1/Arrival",
        f"{root}/Part One/Chapter 1/The Party",
        f"{root}/Part Two/Chapter 2/Departure",
    ]


def test_research_trash_notes_synopses_and_cut_scenes_are_never_read(tmp_path) -> None:
    root, _keys = novel().write(tmp_path)
    text = extract_text(root)
    for never in ("never read", "This scene was cut", NOT_STORY, "butler"):
        assert never not in text
    assert "Derek dropped his coat" in text and "Ivy took off her coat." in text


def test_an_excluded_folder_leaves_out_its_own_text_but_not_its_scenes(tmp_path) -> None:
    """As Scrivener's compile does: each document is decided by its own checkbox."""
    project = Project(
        "Novel",
        draft=[
            Folder(
                "Chapter 1",
                [Text("Scene", ("The scene is kept.",))],
                include=False,
                paragraphs=("The folder's own text is left out.",),
            ),
        ],
    )
    root, _keys = project.write(tmp_path)
    assert chapters(read_manuscript(root)) == [("Chapter 1", [["The scene is kept."]])]


def test_texts_directly_in_the_draft_are_chapters_and_a_typed_heading_starts_one(
    tmp_path,
) -> None:
    project = Project(
        "Novel",
        draft=[
            Text("Prologue", ("It began at sea.",)),
            Folder(
                "Chapter 1",
                [
                    Text("Scene", ("The first scene.",)),
                    Text("Scene", ("The second scene.", "Chapter Two", "A new chapter.")),
                ],
            ),
            Text("Empty scene", ()),
            Text("Epilogue", ("It ended on land.",)),
        ],
    )
    root, _keys = project.write(tmp_path)
    manuscript = read_manuscript(root)
    assert chapters(manuscript) == [
        ("Prologue", [["It began at sea."]]),
        ("Chapter 1", [["The first scene."], ["The second scene."]]),
        ("Chapter Two", [["A new chapter."]]),
        ("Epilogue", [["It ended on land."]]),
    ]
    # Two scenes with one title are two places, never one.
    paths = [s.path for s in manuscript.sources]
    assert paths[1:3] == [f"{root}/Chapter 1/Scene", f"{root}/Chapter 1/Scene (2)"]


def test_inline_annotations_are_dropped_and_inline_footnotes_are_notes(tmp_path) -> None:
    scene = Text(
        "Scene",
        (
            "She smiled " + annotation("check her age in ch 2") + " and left.",
            "He read the letter" + inline_footnote("Written in 1921.") + ".",
            "<$Scr_Ps::0>Styled paragraph.<!$Scr_Ps::0>",
        ),
        raw=True,  # RTF already: the annotation and footnote markers are escaped text
    )
    root, _keys = Project("Novel", draft=[Folder("Chapter 1", [scene])]).write(tmp_path)
    manuscript = read_manuscript(root)
    assert chapters(manuscript) == [
        ("Chapter 1", [["She smiled and left.", "He read the letter.", "Styled paragraph."]])
    ]
    notes = [p.text for p in manuscript.apart if p.role is Role.NOTE]
    assert notes == ["Written in 1921."]
    assert "Scrv" not in extract_text(root) and "check her age" not in extract_text(root)


def test_a_picture_in_the_draft_is_skipped_with_a_warning(tmp_path) -> None:
    project = Project("Novel", draft=[Folder("Chapter 1", [Text("Scene", ("Words.",))])])
    root, _keys = project.write(tmp_path)
    scrivx = root / "Novel.scrivx"
    scrivx.write_text(
        scrivx.read_text().replace(
            "</Children></BinderItem><BinderItem",
            '<BinderItem UUID="IMG1" Type="Image"><Title>Map</Title></BinderItem>'
            "</Children></BinderItem><BinderItem",
            1,
        )
    )
    manuscript = read_manuscript(root)
    assert chapters(manuscript) == [("Chapter 1", [["Words."]])]
    assert any("'Map' skipped (a binder item of type Image" in w for w in manuscript.warnings)


def test_the_scrivx_file_itself_names_the_project(tmp_path) -> None:
    root, _keys = novel().write(tmp_path)
    assert chapters(read_manuscript(root / "Novel.scrivx")) == chapters(read_manuscript(root))


# The command line ----------------------------------------------------------------------


def test_extract_prints_each_scene_under_its_binder_place(tmp_path) -> None:
    root, _keys = novel().write(tmp_path)
    result = CliRunner().invoke(cli, ["extract", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == [
        f"==> {root}/Part One/Chapter 1/Arrival <==",
        "Derek dropped his coat over Ivy's shoulders.",
        "",
    ]


def test_check_finds_the_coat_slip_across_scenes_and_points_into_each(tmp_path) -> None:
    root, _keys = novel().write(tmp_path)
    before = sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*"))
    result = CliRunner().invoke(cli, ["check", str(root), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    (finding,) = [f for f in data["findings"] if f["rule"] == "OBJ001"]
    assert finding["file"] == f"{root}/Part One/Chapter 1/The Party"
    assert [e["file"] for e in finding["evidence"]] == [
        f"{root}/Part One/Chapter 1/Arrival",
        f"{root}/Part One/Chapter 1/The Party",
    ]
    assert sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*")) == before  # nothing written


# Bad projects: one line naming the file, exit 2 --------------------------------------


def _damage(case: str, root: Path, keys: dict[str, str]) -> Path:
    """Damage the project as `case` says; the file the message must name."""
    scrivx = root / "Novel.scrivx"
    if case == "no scrivx":
        scrivx.unlink()
        return root
    if case == "malformed":
        scrivx.write_text(scrivx.read_text()[:-40])
        return scrivx
    if case == "entity":
        text = scrivx.read_text().replace("?>\n", '?>\n<!DOCTYPE p [<!ENTITY a "aaaa">]>\n', 1)
        scrivx.write_text(text)
        return scrivx
    if case == "no draft":
        scrivx.write_text(scrivx.read_text().replace("DraftFolder", "Folder"))
        return scrivx
    content = content_file(root, keys["Departure"])
    if case == "link outside":
        secret = root.parent / "secret.rtf"
        secret.write_text("{\\rtf1 The secret.}")
        content.unlink()
        content.symlink_to(secret)
        return content
    if case == "path in uuid":
        scrivx.write_text(scrivx.read_text().replace(keys["Departure"], "../../../etc"))
        return root
    raise AssertionError(case)


PROBLEMS = {
    "no scrivx": "no .scrivx file",
    "malformed": "is not well-formed XML",
    "entity": "declares XML entities",
    "no draft": "has no Draft folder",
    "link outside": "leading outside the Scrivener project",
    "path in uuid": "has an unusable id",
}


@pytest.mark.parametrize("case", sorted(PROBLEMS))
def test_a_damaged_project_is_one_line_and_exit_2(tmp_path, case) -> None:
    root, keys = novel().write(tmp_path)
    named = _damage(case, root, keys)
    result = run_cli("check", str(root))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(named) in lines[0] and PROBLEMS[case] in lines[0]
    assert "The secret" not in result.stdout + result.stderr


def test_a_scene_with_no_content_file_is_read_as_empty_with_a_warning(tmp_path) -> None:
    """Scrivener writes no content file for a document never typed in: the placeholder
    scene must not stop the writer checking the rest (the decision in scrivener.py)."""
    root, keys = novel().write(tmp_path)
    content_file(root, keys["Departure"]).unlink()
    result = run_cli("check", str(root))
    assert result.returncode == 1, result.stderr  # the coat slip is still found
    assert "Traceback" not in result.stderr
    assert "the binder text 'Part Two/Chapter 2/Departure' has no content file" in result.stderr, (
        result.stderr
    )
    assert "They walked home" not in extract_text(root)
    assert "Ivy took off her coat." in extract_text(root)


def test_a_draft_with_no_words_is_an_error(tmp_path) -> None:
    root, _keys = Project("Novel", draft=[Folder("Chapter 1", [Text("Scene", ())])]).write(tmp_path)
    with pytest.raises(InputError, match="the Draft folder holds no text to check"):
        read_manuscript(root)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_a_link_inside_the_project_is_read(tmp_path) -> None:
    root, keys = novel().write(tmp_path)
    content = content_file(root, keys["Departure"])
    moved = root / "Files" / "moved.rtf"
    content.rename(moved)
    content.symlink_to(moved)
    assert "They walked home." in extract_text(root)


def test_many_small_scenes_count_against_the_paragraph_budget_together(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each scene is within the budget; the project as a whole is not, and is refused."""
    from storylint.ingest import limits

    monkeypatch.setattr(limits, "MAX_PARAGRAPHS", 50)
    scenes: list[Text | Folder] = [
        Text(f"Scene {n}", tuple(f"Line {k}." for k in range(10))) for n in range(8)
    ]
    root, _keys = Project("Novel", draft=[Folder("Chapter 1", scenes)]).write(tmp_path)
    with pytest.raises(InputError) as caught:
        read_manuscript(root)
    message = str(caught.value)
    assert message.startswith(str(root)) and "more than 50 paragraphs" in message
