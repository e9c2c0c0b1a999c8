"""Word .docx: python-docx opens the package, `docx_walk` reads what Word shows.

Paragraph styles give headings and the title. Where things go in the
extracted text (docs/formats.md, "Word documents", says the same for writers):
- body paragraphs and table cells in reading order;
- a text box's paragraphs right after the paragraph it is anchored in, as
  paragraphs of their own (their role is left to the usual heuristics: a
  letter or a sign in a text box is often story);
- footnotes and endnotes after everything else, in the order they are cited
  (as pandoc prints them). They are Role.NOTE: kept and shown, never checked
  as story, and never spliced into the sentence that cites them ("Some
  text1Footnote" was how they used to read). Why not each footnote right
  after its paragraph: a note placed among the last paragraphs of a chapter
  that begins like an end note ("Note: Latin for...") would make the end-note
  heuristics (ingest/notes.py) take the story paragraphs after it for notes.

`paragraph_blocks` re-walks a document exactly as `read_docx` does, so the Word
comments reporter can map offsets in the extracted text back to Word
paragraphs and runs: both go through `_walk`, so they cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from storylint.ingest.blocks import Block, Kind, Parsed, TextBuilder
from storylint.ingest.containers import open_container
from storylint.ingest.readers.common import check_text_size, finish, library_errors
from storylint.ingest.readers.docx_walk import Walker, WordParagraph, w
from storylint.ingest.settings import current
from storylint.ingest.xmlsafe import parse_xml
from storylint.manuscript import Role

_HEADING_STYLE = re.compile(r"^heading\s*(\d)?", re.IGNORECASE)
# Notes Word keeps for its own layout (the rule above footnotes), not the writer's.
_LAYOUT_NOTES = {"separator", "continuationSeparator", "continuationNotice"}


@dataclass
class _State:
    document: Any
    walker: Walker
    title: str | None = None
    styles: dict[str | None, str] = field(default_factory=dict)
    footnotes: dict[str, Any] = field(default_factory=dict)
    endnotes: dict[str, Any] = field(default_factory=dict)
    # Each note is read once, however often it is cited; all come at the end.
    read_notes: set[tuple[str, str]] = field(default_factory=set)
    notes_cited: list[tuple[str, str]] = field(default_factory=list)


def _style_name(style_id: str | None, state: _State) -> str:
    """The paragraph style's name, looked up once per style id.

    Why: python-docx resolves a style by scanning every style in the document
    each time, which took most of half a minute for a 7,000-paragraph novel.
    """
    if style_id not in state.styles:
        style = state.document.part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
        state.styles[style_id] = style.name if style is not None else ""
    return state.styles[style_id]


def _add_paragraph(builder: TextBuilder, paragraph: WordParagraph, state: _State) -> Block | None:
    text = paragraph.text
    if paragraph.where == "note":
        return builder.add(text, role=Role.NOTE)
    style = _style_name(paragraph.style_id, state)
    if style == "Title":
        if state.title is None and text.strip():
            state.title = " ".join(text.split())
        return builder.add(text, role=Role.TITLE)
    if style == "Subtitle":
        return builder.add(text, role=Role.FRONT_MATTER)
    heading = _HEADING_STYLE.match(style or "")
    if heading and text.strip() and paragraph.where == "body":
        return builder.add(text, Kind.HEADING, level=int(heading.group(1) or 1))
    return builder.add(text)


def _notes(document: Any, reltype: str, tag: str, path: str) -> dict[str, Any]:
    """Note id -> w:footnote / w:endnote element, from the part the document relates to.

    python-docx keeps notes parts as bytes; they are parsed through storylint's
    one hardened XML entry point, like every other XML a manuscript holds.
    """
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype != reltype:
            continue
        part = rel.target_part
        if hasattr(part, "element"):
            root = part.element
        else:
            root = parse_xml(part.blob, path, str(part.partname).lstrip("/"))
        return {
            note.get(w("id")) or "": note
            for note in root.iter(w(tag))
            if note.get(w("type")) not in _LAYOUT_NOTES
        }
    return {}


def _emit(
    pairs: Iterator[tuple[WordParagraph, list]], builder: TextBuilder, state: _State
) -> Iterator[tuple[WordParagraph, Block | None]]:
    """Add paragraphs, each followed by its text boxes; note the notes they cite."""
    for paragraph, extras in pairs:
        yield paragraph, _add_paragraph(builder, paragraph, state)
        for extra in extras:
            if extra.kind == "textbox":
                where = "note" if paragraph.where == "note" else "textbox"
                yield from _emit(state.walker.blocks(extra.element, where), builder, state)
            elif (extra.kind, extra.note_id) not in state.read_notes:
                state.read_notes.add((extra.kind, extra.note_id))
                state.notes_cited.append((extra.kind, extra.note_id))


def _walk(
    document: Any, builder: TextBuilder, state: _State
) -> Iterator[tuple[WordParagraph, Block | None]]:
    """Every paragraph in reading order, with the block it became; notes last."""
    body = document.element.body
    yield from _emit(state.walker.blocks(body), builder, state)
    done = 0
    while done < len(state.notes_cited):  # a note may cite another (rare, but Word allows it)
        kind, note_id = state.notes_cited[done]
        done += 1
        note = (state.footnotes if kind == "footnote" else state.endnotes).get(note_id)
        if note is not None:
            yield from _emit(state.walker.blocks(note, "note"), builder, state)


def _state(document: Any, path: str = "") -> _State:
    walker = Walker(current().tracked_changes, document.part)
    return _State(
        document,
        walker,
        footnotes=_notes(document, RT.FOOTNOTES, "footnote", path),
        endnotes=_notes(document, RT.ENDNOTES, "endnote", path),
    )


def paragraph_blocks(document: Any) -> list[tuple[WordParagraph, Block]]:
    """Each body paragraph that reached the extracted text, with its offsets in that text.

    Why: findings point into the extracted text; annotating the Word file
    needs the way back. Empty paragraphs produce no block and are left out,
    and so are text boxes and notes: Word anchors no comment there, so a
    finding quoting one is listed by line in a nearby comment instead.
    """
    walked = _walk(document, TextBuilder(), _state(document))
    return [
        (paragraph, block)
        for paragraph, block in walked
        if block is not None and paragraph.where == "body"
    ]


def read_docx(path: Path) -> Parsed:
    open_container(path, ".docx").close()
    builder = TextBuilder()
    with library_errors(str(path), ".docx"):
        document = docx.Document(str(path))
        state = _state(document, str(path))
        for _ in _walk(document, builder, state):
            check_text_size(str(path), builder.length)
    return finish(str(path), builder, title=state.title)
