"""Reading manuscripts: any supported file, or a folder of chapter files, into a Manuscript.

One reader per format, chosen by file extension from `READERS` (add a format
by adding a reader there). Every reader produces a source text and blocks;
structure detection (`classify`), not-story marking (`notes`) and assembly
into chapters (`assemble`) are shared. docs/formats.md describes the formats,
the heuristics, the size limits and what offsets refer to.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from pathlib import Path

from storylint.errors import InputError
from storylint.ingest.assemble import assemble
from storylint.ingest.blocks import Parsed, reading
from storylint.ingest.filekind import kind_of, require_regular_file
from storylint.ingest.nesting import too_deep
from storylint.ingest.readers.docx_format import read_docx
from storylint.ingest.readers.epub_format import read_epub
from storylint.ingest.readers.html_format import read_html
from storylint.ingest.readers.odt_format import read_odt
from storylint.ingest.readers.plain import parse_plain, read_markdown, read_txt
from storylint.ingest.readers.rtf_format import read_rtf
from storylint.ingest.readers.scrivener import is_scrivener_project, read_scrivener
from storylint.ingest.settings import current
from storylint.manuscript import Manuscript

Reader = Callable[[Path], Parsed]

READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".docx": read_docx,
    ".odt": read_odt,
    ".rtf": read_rtf,
    ".epub": read_epub,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
}


def supported_extensions() -> list[str]:
    return sorted(READERS)


def _natural_key(path: Path) -> list:
    """'chapter 2' before 'chapter 10': digit runs compare as numbers."""
    parts = re.split(r"(\d+)", path.name)
    return [int(part) if part.isdigit() else part.casefold() for part in parts]


def _read_file(path: Path) -> Parsed:
    """One file through its reader: every read passes here, so the checks all readers
    need (a known type, a regular file) are made here, before any reader opens it."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        kind = f"'{path.suffix}'" if path.suffix else "without an extension"
        raise InputError(
            str(path),
            f"unsupported file type {kind}; storylint reads {', '.join(supported_extensions())}",
        )
    require_regular_file(path)
    try:
        with reading(str(path)):  # budget messages name the file, however deep they arise
            return reader(path)
    except RecursionError as exc:  # a reader that recurses more than once per level
        raise InputError(str(path), f"is nested too deeply to read; {too_deep()}") from exc
    except MemoryError as exc:
        raise InputError(str(path), "is too large to read (out of memory)") from exc


def _skipped_as_notes(name: str, patterns: tuple[str, ...]) -> str | None:
    """The skip_files pattern a file's stem matches (case-insensitive), or None."""
    stem = Path(name).stem.casefold()
    for pattern in patterns:
        if fnmatch.fnmatchcase(stem, pattern.casefold()):
            return pattern
    return None


def _inside(entry: Path, folder: Path) -> bool:
    """Whether `entry`, symbolic links followed, lies inside `folder` (or a folder in it)."""
    try:
        target = entry.resolve(strict=True)
    except (OSError, RuntimeError):  # a broken link, or a loop of links
        return True  # nothing to follow: reported as broken, never read
    return target.is_relative_to(folder.resolve())


def _folder_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The chapter files in natural order, and a warning for each file skipped.

    A chapter file is a regular file of a type storylint reads. Skipped, each
    with a warning: files named like the writer's notes (settings skip_files),
    Word's lock files (`~$chapter.docx`), files of other types, anything that
    is not a regular file, and symbolic links that lead out of the folder
    (a link to /etc/passwd is never read). Hidden files and subfolders are
    ignored silently.
    """
    try:
        entries = sorted(folder.iterdir(), key=_natural_key)
    except OSError as exc:
        raise InputError(str(folder), f"cannot be read ({exc.strerror or exc})") from exc
    patterns = current().skip_files
    files, warnings, notes = [], [], []
    seen: dict[Path, Path] = {}  # each file once, however many links lead to it
    for entry in entries:
        if entry.name.startswith(".") or entry.is_dir():
            continue
        if entry.suffix.lower() not in READERS:
            warnings.append(f"{entry}: skipped (not a manuscript file type storylint reads)")
        elif entry.is_symlink() and not _inside(entry, folder):
            warnings.append(
                f"{entry}: skipped (a symbolic link to a file outside the folder; "
                "storylint reads only the folder's own files)"
            )
        elif not entry.exists():
            warnings.append(f"{entry}: skipped (a broken symbolic link)")
        elif not entry.is_file():
            kind = kind_of(entry.stat().st_mode)
            warnings.append(f"{entry}: skipped ({kind}, not a file)")
        elif entry.name.startswith("~$"):
            warnings.append(f"{entry}: skipped (a word processor's lock file, not a chapter)")
        elif pattern := _skipped_as_notes(entry.name, patterns):
            notes.append(entry.name)
            warnings.append(
                f"{entry}: skipped (named like notes, matching '{pattern}'; "
                "[input] skip_files in storylint.toml decides which files are notes)"
            )
        elif (target := entry.resolve()) in seen:
            warnings.append(f"{entry}: skipped (the same file as {seen[target].name}, read once)")
        else:
            seen[target] = entry
            files.append(entry)
    if not files:
        skipped = f"; skipped as notes: {', '.join(notes)}" if notes else ""
        raise InputError(
            str(folder),
            f"folder has no manuscript files ({', '.join(supported_extensions())}){skipped}",
        )
    return files, warnings


def read_manuscript(path: str | Path) -> Manuscript:
    """Read a manuscript file, or a folder whose files are its chapters in natural order."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    if path.suffix.casefold() == ".scrivx" and path.is_file():
        path = path.parent  # the binder file names its Scrivener project
    if is_scrivener_project(path):  # before the folder of chapters: a .scriv is a folder too
        return read_scrivener(path)
    if path.is_dir():
        files, warnings = _folder_files(path)
        manuscript = assemble(str(path), [_read_file(f) for f in files])
        manuscript.warnings[:0] = warnings
        return manuscript
    return assemble(str(path), [_read_file(path)])


def read_manuscript_files(paths: list[str | Path], path: str) -> Manuscript:
    """One manuscript from files in the order given (a project file's `manuscript` list).

    The writer named each file, so notes patterns do not apply; each must still
    be a regular file (`_read_file`).
    """
    files = [Path(p) for p in paths]
    for file in files:
        if not file.exists():
            raise InputError(str(file), "no such file or folder")
        if file.is_dir():
            raise InputError(
                str(file), "is a folder; a manuscript list names files (or name the folder alone)"
            )
    return assemble(path, [_read_file(f) for f in files])


def manuscript_from_text(text: str, path: str = "<text>") -> Manuscript:
    """A manuscript from a string, with the same structure detection as a .txt file."""
    return assemble(path, [parse_plain(text, path)])


def extract_text(path: str | Path) -> str:
    """The exact text that offsets refer to (what `storylint extract FILE` prints).

    For a folder, each file's text in order, preceded by a line `==> FILE <==`;
    offsets in findings are into each file's own text, not this concatenation.
    """
    manuscript = read_manuscript(path)
    if len(manuscript.sources) == 1 and not Path(path).is_dir():
        return manuscript.sources[0].text
    parts = []
    for source in manuscript.sources:
        body = source.text if source.text.endswith("\n") else source.text + "\n"
        parts.append(f"==> {source.path} <==\n{body}")
    return "\n".join(parts)


__all__ = [
    "READERS",
    "extract_text",
    "manuscript_from_text",
    "read_manuscript",
    "read_manuscript_files",
    "supported_extensions",
]
