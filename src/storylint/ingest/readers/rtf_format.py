"""RTF: `rtf_walk` reads what Word shows; one paragraph per RTF paragraph, notes last.

Where things go in the extracted text (docs/formats.md, "RTF files", says the
same for writers):
- body paragraphs and table cells in reading order, an empty paragraph kept
  as a possible scene break, as in every extracted format;
- footnotes and endnotes after everything else, in the order they are cited,
  exactly as the Word and OpenDocument readers place them. They are
  Role.NOTE: kept and shown, never checked as story, and never spliced into
  the sentence that cites them; the reference mark (`\\chftn`) leaves no
  character behind ("Some text1Footnote" was the bug). Why not each note
  right after its paragraph: a note among a chapter's last paragraphs that
  begins like an end note ("Note: Latin for...") would make the end-note
  heuristics (ingest/notes.py) take the story paragraphs after it for notes;
- hidden text, field instructions and every destination a writer does not
  see as body text are left out (the list is in `rtf_walk`'s docstring).

Offsets are into the extracted text, built through `TextBuilder`, so every
paragraph's text is exactly `source.text[start:end]`.
"""

from __future__ import annotations

from pathlib import Path

from storylint.errors import InputError
from storylint.ingest.blocks import Parsed, TextBuilder
from storylint.ingest.decode import decode_text, read_bytes
from storylint.ingest.readers.common import finish, library_errors
from storylint.ingest.readers.rtf_walk import walk_rtf
from storylint.manuscript import Role


def read_rtf(path: Path) -> Parsed:
    raw, _encoding, warnings = decode_text(read_bytes(path), str(path))
    if not raw.lstrip().startswith("{\\rtf"):
        raise InputError(str(path), "is not an RTF file (it does not start with {\\rtf)")
    with library_errors(str(path), ".rtf"):
        document = walk_rtf(raw.lstrip(), str(path))
    builder = TextBuilder(str(path))
    for paragraph in document.body:
        builder.add(paragraph)  # an empty paragraph is a possible scene break
    for note in document.notes:
        for paragraph in note:
            builder.add(paragraph, role=Role.NOTE)
    return finish(str(path), builder, warnings=warnings)
