"""Scrivener projects (`Novel.scriv/`, Scrivener 3 and 2) read as one manuscript.

A project is a folder: `Novel.scrivx` (XML, the binder) and each text's
content in its own RTF file, `Files/Data/<UUID>/content.rtf` (Scrivener 3)
or `Files/Docs/<ID>.rtf` (Scrivener 2). Beside them lie each text's notes
(`notes.rtf`, `<ID>_notes.rtf`), synopsis, snapshots and comments: none of
them story, none ever opened. Which texts are read, in what order, and how
folders become chapters: `scrivener_binder`. Scrivener's marks inside the
RTF (inline annotations, inline footnotes): `scrivener_marks`.

How a project becomes a Manuscript:
- every text is read by the RTF reader's walk (`rtf_walk`, the one RTF
  parser), through the same TextBuilder, classification and note marking as
  an .rtf file, so a scene reads exactly as the same text saved as RTF;
- every text is a source of its own, named by its place in the binder under
  the project's path: `Novel.scriv/Part One/Chapter 3/The Party`. A finding
  says `Novel.scriv/Part One/Chapter 3/The Party:4:12` (line 4, column 12 of
  that scene's text, as `storylint extract Novel.scriv` prints it). Two texts
  with the same place get " (2)", " (3)" so every place is one text;
- the texts of one chapter (`scrivener_binder`) become one chapter, each
  text a scene; a heading the writer typed inside a text ("Chapter Three")
  starts a chapter there, as it does in every other format;
- a text with no words (an empty scene, a folder with no text of its own) is
  skipped; a Draft with no words at all is an error.

What is refused, one line naming the file, exit 2: a folder with no
`.scrivx` (or several, none named after the folder), a `.scrivx` that is not
well-formed or declares entities (read through `xmlsafe.parse_xml`), a
binder with no Draft folder, a binder item whose UUID/ID is not a plain name,
and any file that is, or lies behind, a symbolic link leading out of the project
(it is never read). Nothing is ever written into the project.

A text in the Draft with no content file is read as empty, with a warning naming
it: Scrivener writes no file for a document that was never typed in (a placeholder
scene), and refusing the whole project for one would stop a writer checking any
draft with a scene still to write. A project copied or synced only in part warns
once per missing scene, and the check's "Checked N words" line shows what was read;
one with no text left at all is refused. (Issue 15 listed a missing content file
among the damaged projects to refuse; this is the decision against that, for the
reason above.) A folder's own content file is optional, as Scrivener writes none
for most folders.

Budgets: each file passes `read_bytes` (the text file size limit) and its
own paragraph and extracted-size budgets, as an .rtf file does; the whole
project's paragraphs and extracted characters count against the same
budgets once more, so ten thousand small texts cannot add up to what one
file may not hold.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from storylint.errors import InputError
from storylint.ingest.assemble import assemble
from storylint.ingest.blocks import Parsed, TextBuilder, check_paragraph_count, reading
from storylint.ingest.decode import decode_text, read_bytes
from storylint.ingest.filekind import require_regular_file
from storylint.ingest.nesting import too_deep
from storylint.ingest.readers.common import check_text_size, finish, library_errors
from storylint.ingest.readers.rtf_walk import walk_rtf
from storylint.ingest.readers.scrivener_binder import (
    SAFE_KEY,
    BinderText,
    find_draft,
    walk_draft,
)
from storylint.ingest.readers.scrivener_marks import strip_scrivener_marks
from storylint.ingest.xmlsafe import parse_xml
from storylint.manuscript import Chapter, Manuscript, Role


def is_scrivener_project(path: Path) -> bool:
    """A folder named `.scriv`, or any folder holding a `.scrivx` file: a Scrivener project.

    Why also the second: Windows shows a project as a plain folder, and a
    writer may have renamed it; a folder of chapter files never has one.
    """
    if not path.is_dir():
        return False
    if path.suffix.casefold() == ".scriv":
        return True
    try:
        return any(entry.suffix.casefold() == ".scrivx" for entry in path.iterdir())
    except OSError:
        return False


def _inside(project: Path, path: Path) -> bool:
    try:
        return path.resolve(strict=True).is_relative_to(project.resolve())
    except (OSError, RuntimeError):
        return False


def _project_file(project: Path, path: Path) -> Path | None:
    """`path` if it is a regular file inside the project; None if it does not exist.

    A link leading out of the project (the file, or a folder above it), or a
    broken one, is refused: a project's files are its own, and a planted link
    to /etc/passwd is never read.
    """
    outside = InputError(
        str(path),
        "is a symbolic link (or lies behind one) leading outside the Scrivener project; "
        "refused (storylint reads only the project's own files)",
    )
    if not os.path.lexists(path):
        above = path.parent
        while not os.path.lexists(above) and above != project:
            above = above.parent
        if not _inside(project, above):
            raise outside
        return None
    try:
        path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise InputError(str(path), "is a broken symbolic link; refused") from None
    if not _inside(project, path):
        raise outside
    require_regular_file(path)
    return path


def _scrivx(project: Path) -> Path:
    """The project's binder file: the one `.scrivx`, or the one named after the folder."""
    try:
        found = sorted(e for e in project.iterdir() if e.suffix.casefold() == ".scrivx")
    except OSError as exc:
        raise InputError(str(project), f"cannot be read ({exc.strerror or exc})") from exc
    named = [e for e in found if e.stem == project.stem]
    if len(found) == 1 or len(named) == 1:
        chosen = named[0] if named else found[0]
        checked = _project_file(project, chosen)
        if checked is not None:
            return checked
    if not found:
        problem = "is a Scrivener project with no .scrivx file (its binder); is it complete?"
    else:
        names = ", ".join(e.name for e in found)
        problem = f"holds several .scrivx files ({names}) and none is named after the folder"
    raise InputError(str(project), problem)


def _content_path(project: Path, text: BinderText) -> Path:
    """Where a binder text's words are: Scrivener 3 by UUID, Scrivener 2 by ID.

    An item with both (a project upgraded from Scrivener 2) is read by UUID
    when the project has Scrivener 3's `Files/Data` folder.
    """
    uuid, ident = text.element.get("UUID"), text.element.get("ID")
    by_uuid = uuid is not None and (ident is None or (project / "Files" / "Data").is_dir())
    key = uuid if by_uuid else ident
    if key is None:
        raise InputError(str(project), f"binder item '{text.place}' has neither a UUID nor an ID")
    if not SAFE_KEY.fullmatch(key) or not key.strip("."):
        raise InputError(str(project), f"binder item '{text.place}' has an unusable id {key!r}")
    if by_uuid:
        return project / "Files" / "Data" / key / "content.rtf"
    return project / "Files" / "Docs" / f"{key}.rtf"


def _read_text(content: Path, label: str, place: str) -> Parsed | None:
    """One text through the RTF walk; None when it holds no words (an empty scene)."""
    data = read_bytes(content)
    if not data.strip():
        return None  # an empty scene: Scrivener may write an empty file
    raw, _encoding, warnings = decode_text(data, str(content))
    if not raw.lstrip().startswith("{\\rtf"):
        raise InputError(
            str(content), f"is not an RTF file (the text of binder item '{place}'); refused"
        )
    with reading(str(content)), library_errors(str(content), ".rtf"):
        document = walk_rtf(raw.lstrip(), str(content))
    body, notes = strip_scrivener_marks(document.body, document.notes)
    builder = TextBuilder(str(content))
    for paragraph in body:
        builder.add(paragraph)  # an empty paragraph is a possible scene break
    for note in notes:
        for paragraph in note:
            builder.add(paragraph, role=Role.NOTE)
    if not builder.blocks:
        return None
    check_text_size(str(content), builder.length)
    return finish(label, builder, warnings=warnings)


def _labels(project: str, texts: list[BinderText]) -> list[str]:
    """Each text's place as a source path, unique: a second "Scene" is "Scene (2)"."""
    seen: dict[str, int] = {}
    labels = []
    for text in texts:
        label = f"{project}/{text.place}"
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return labels


def _read_texts(
    project: Path, texts: list[BinderText], warnings: list[str]
) -> list[tuple[BinderText, Parsed]]:
    read: list[tuple[BinderText, Parsed]] = []
    paragraphs = characters = 0
    for text, label in zip(texts, _labels(str(project), texts), strict=True):
        content = _content_path(project, text)
        found = _project_file(project, content)
        if found is None:
            if text.item_type == "Text":  # (most folders have no text of their own)
                warnings.append(
                    f"{project}: the binder text '{text.place}' has no content file "
                    f"({content.relative_to(project)}); read as empty, as Scrivener shows a "
                    "document never typed in"
                )
            continue
        try:
            parsed = _read_text(found, label, text.place)
        except RecursionError as exc:
            raise InputError(str(found), f"is nested too deeply to read; {too_deep()}") from exc
        except MemoryError as exc:
            raise InputError(str(found), "is too large to read (out of memory)") from exc
        if parsed is None:
            continue
        paragraphs += len(parsed.blocks)
        characters += len(parsed.source.text)
        check_paragraph_count(paragraphs, str(project))
        check_text_size(str(project), characters)
        read.append((text, parsed))
    return read


def _regroup(manuscript: Manuscript, read: list[tuple[BinderText, Parsed]]) -> None:
    """Chapters by the binder: a text's chapter joins the one before when they share a folder.

    `assemble` starts a chapter at every source; here a text's first chapter
    becomes scenes of the chapter before it when both are the same binder
    chapter and the text does not open with a heading of its own.
    """
    group_of = {id(parsed.source): text for text, parsed in read}
    chapters: list[Chapter] = []
    seen: set[int] = set()
    last_group: int | None = None
    for chapter in manuscript.chapters:
        source = next(chapter.paragraphs()).source
        text = group_of[id(source)]
        first = id(source) not in seen
        seen.add(id(source))
        if first and chapter.heading is None:
            if chapters and text.group == last_group:
                target = chapters[-1]
                for scene in chapter.scenes:
                    scene.index = len(target.scenes)
                    target.scenes.append(scene)
                continue
            chapter.title = text.group_title
        chapter.index = len(chapters)
        chapters.append(chapter)
        last_group = text.group
    manuscript.chapters = chapters
    manuscript.number_paragraphs()


def read_scrivener(project: Path) -> Manuscript:
    """A Scrivener project's Draft as one manuscript (see the module docstring)."""
    scrivx = _scrivx(project)
    root = parse_xml(read_bytes(scrivx), str(scrivx))
    draft = find_draft(root)
    if draft is None:
        raise InputError(str(scrivx), "has no Draft folder in its binder; nothing to check")
    binder = walk_draft(draft, str(project))
    missing: list[str] = []
    read = _read_texts(project, binder.texts, missing)
    if not read:
        raise InputError(str(project), "the Draft folder holds no text to check")
    manuscript = assemble(str(project), [parsed for _text, parsed in read])
    _regroup(manuscript, read)
    manuscript.title = _project_title(root) or manuscript.title or project.stem
    manuscript.warnings[:0] = binder.warnings + missing
    return manuscript


def _project_title(root: etree._Element) -> str | None:
    title = " ".join((root.findtext("ProjectProperties/ProjectTitle") or "").split())
    return title or None


__all__ = ["is_scrivener_project", "read_scrivener"]
