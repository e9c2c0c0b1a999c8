"""OpenDocument .odt: content.xml read with lxml, as LibreOffice shows it.

Why not odfpy any more: its tree walk stopped at the whitespace between
elements that pretty-printed files (pandoc's, for one) have, so a whole
novel read as "contains no text"; and its text extraction spliced footnotes
into the sentence that cites them ("Some text1Footnote text with a footnote").

How the text is read (docs/formats.md, "OpenDocument", says it for writers):
- `text:h` are headings with their outline level; `text:p` paragraphs, in
  lists, sections, tables and text boxes (a text box's paragraphs come right
  after the paragraph it is anchored in, as paragraphs of their own);
- whitespace follows the OpenDocument rule (section 6.1.2 of the standard):
  runs of spaces, tabs and newlines in the XML are one space and leading
  ones are dropped, while `text:s` (c="N" spaces), `text:tab` and
  `text:line-break` are the writer's own spaces, tabs and line breaks;
- footnotes and endnotes (`text:note`) are not spliced into the sentence:
  their citation mark is dropped and their body read as not-story
  (Role.NOTE) paragraphs after everything else, in the order they are
  cited, as in Word documents (docx_format says why not after each paragraph);
- tracked changes: the body already holds the text with the changes made,
  which is what a writer sees with changes shown ("accept", the default);
  under `tracked_changes = "reject"` insertions are left out and deletions
  (kept in `text:tracked-changes`) put back at their marks, a deleted
  paragraph break splitting the paragraph again;
- not read: comments (`office:annotation`), text hidden by a condition
  (`text:hidden-text`, `text:hidden-paragraph` marked hidden), ruby
  annotations, and generated indexes (a table of contents).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from storylint.ingest.blocks import Kind, Parsed, TextBuilder
from storylint.ingest.containers import check_odf_encryption, open_container
from storylint.ingest.readers.common import check_text_size, finish, library_errors
from storylint.ingest.settings import current
from storylint.ingest.xmlsafe import parse_xml
from storylint.manuscript import Role

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


def _t(name: str) -> str:
    return "{" + TEXT + "}" + name


# Block containers whose children are paragraphs.
_TEXT_CONTAINERS = {_t(n) for n in ("list", "list-item", "list-header", "section")} | {
    _t("numbered-paragraph")
}
# Table parts that hold no text, and cells that another cell covers (their text,
# if any, is hidden under the merged cell).
_TABLE_SKIP = {"{" + TABLE + "}" + n for n in ("covered-table-cell", "table-column")}
# Inline elements whose content is not shown as part of the paragraph.
_INLINE_SKIP = {
    "{" + OFFICE + "}annotation",
    "{" + OFFICE + "}annotation-end",
    _t("ruby-text"),
    _t("tracked-changes"),
    _t("note-citation"),
}
_WHITESPACE = re.compile(r"[ \t\r\n]+")
# `text:s c="N"`: more spaces than any page holds is a hostile file, not layout.
_MAX_SPACES = 1000


# Stands for a paragraph break restored inside a paragraph (a rejected deletion of one).
_PARAGRAPH_BREAK = "\u2029"


@dataclass
class _Changes:
    """Tracked changes, for reading a file with them rejected (`tracked_changes = "reject"`).

    ODF keeps the changed text in the body and the deleted text in
    `text:tracked-changes`; the body marks where each change is. Rejecting
    them leaves out what lies between an insertion's start and end marks
    (which may span paragraphs) and puts each deletion's text back at its mark.
    """

    insertions: set[str] = field(default_factory=set)
    deletions: dict[str, Any] = field(default_factory=dict)
    open: set[str] = field(default_factory=set)  # insertions being skipped

    @classmethod
    def of(cls, body: Any) -> _Changes:
        changes = cls()
        for region in body.iter(_t("changed-region")):
            ident = region.get(_t("id")) or ""
            if region.find(_t("insertion")) is not None:
                changes.insertions.add(ident)
            deletion = region.find(_t("deletion"))
            if deletion is not None:
                changes.deletions[ident] = deletion
        return changes

    def mark(self, tag: str, ident: str) -> None:
        if tag == _t("change-start") and ident in self.insertions:
            self.open.add(ident)
        elif tag == _t("change-end"):
            self.open.discard(ident)


@dataclass
class _Paragraph:
    """One paragraph's text being built, with the ODF whitespace rule applied."""

    parts: list[str] = field(default_factory=list)
    # Whether a space from character data (which collapses) would be redundant here.
    collapse: bool = True
    hidden: bool = False
    extras: list[tuple[str, Any]] = field(default_factory=list)
    changes: _Changes | None = None  # set when changes are rejected
    skipped: bool = False  # some text was left out as a rejected insertion

    def _skipping(self) -> bool:
        if self.changes is not None and self.changes.open:
            self.skipped = True
            return True
        return False

    def characters(self, text: str) -> None:
        if self._skipping():
            return
        text = _WHITESPACE.sub(" ", text)
        if self.collapse and text.startswith(" "):
            text = text[1:]
        if text:
            self.parts.append(text)
            self.collapse = text.endswith(" ")

    def literal(self, text: str) -> None:
        if self._skipping():
            return
        self.parts.append(text)
        self.collapse = False

    def text(self) -> str:
        return "".join(self.parts)


def _inline(node: Any, out: _Paragraph) -> None:
    """Add the shown text of `node`'s content to `out`, collecting notes and text boxes.

    Walked with lxml's iterwalk rather than recursion, so a hostile file with
    spans nested hundreds deep reads like any other (within the nesting budget).
    """
    walker = etree.iterwalk(node, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if element is node:
            if event == "start" and node.text:
                out.characters(node.text)
            continue
        if event == "end":
            if element.tail:
                out.characters(element.tail)
            continue
        if not isinstance(tag, str):
            walker.skip_subtree()
            continue
        if _inline_element(element, tag, out):
            walker.skip_subtree()
        elif element.text:
            out.characters(element.text)


def _inline_element(child: Any, tag: str, out: _Paragraph) -> bool:
    """Handle an element whose content is not plain shown text; False: read its content."""
    if tag in (_t("change-start"), _t("change-end"), _t("change")):
        changes = out.changes
        ident = child.get(_t("change-id")) or ""
        if changes is not None:
            changes.mark(tag, ident)
            deletion = changes.deletions.get(ident) if tag == _t("change") else None
            if deletion is not None and not changes.open:
                _restore(deletion, out)
    elif tag == _t("s"):
        count = child.get(_t("c")) or "1"
        out.literal(" " * min(int(count) if count.isdigit() else 1, _MAX_SPACES))
    elif tag == _t("tab"):
        out.literal("\t")
    elif tag == _t("line-break"):
        out.literal("\n")
        out.collapse = True
    elif tag == _t("note"):
        kind = "endnote" if child.get(_t("note-class")) == "endnote" else "footnote"
        body = child.find(_t("note-body"))
        if body is not None:
            out.extras.append((kind, body))
    elif tag == _t("hidden-text"):
        if child.get(_t("is-hidden")) != "true":
            out.characters(child.get(_t("string-value")) or "")
    elif tag == _t("hidden-paragraph"):
        out.hidden = out.hidden or child.get(_t("is-hidden")) == "true"
    elif tag.startswith("{" + DRAW + "}"):
        out.extras.extend(("textbox", box) for box in _drawn_text(child))
    elif tag in _INLINE_SKIP:
        pass
    else:
        return False  # spans, links, fields (their shown value), metadata
    return True


def _restore(deletion: Any, out: _Paragraph) -> None:
    """Put a rejected deletion's text back: its first paragraph joins this one."""
    paragraphs = [p for p in deletion if p.tag in (_t("p"), _t("h"))]
    for n, paragraph in enumerate(paragraphs):
        if n:
            out.literal(_PARAGRAPH_BREAK)
            out.collapse = True
        _inline(paragraph, out)


def _drawn_text(node: Any) -> Iterator[Any]:
    """Elements whose paragraphs a drawing shows: text boxes, and shapes with text."""
    if node.tag == "{" + DRAW + "}text-box" or any(
        child.tag in (_t("p"), _t("h"), _t("list")) for child in node
    ):
        yield node
        if node.tag == "{" + DRAW + "}text-box":
            return
    for child in node:
        if isinstance(child.tag, str) and child.tag.startswith("{" + DRAW + "}"):
            yield from _drawn_text(child)


@dataclass
class _Reader:
    builder: TextBuilder
    path: str
    styles: dict[str, str]  # automatic style name -> the style it is based on
    title: str | None = None
    notes: list[Any] = field(default_factory=list)  # note bodies, read at the end
    changes: _Changes | None = None  # set when tracked changes are rejected

    def style(self, name: str) -> str:
        """A paragraph's style, seen through the automatic style LibreOffice wraps it in."""
        return self.styles.get(name, name).replace("_20_", " ").lower()

    def blocks(self, container: Any, role: Role | None = None) -> None:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in (_t("p"), _t("h")):
                self.paragraph(child, role)
            elif tag in _TEXT_CONTAINERS:
                self.blocks(child, role)
            elif tag.startswith("{" + TABLE + "}") and tag not in _TABLE_SKIP:
                self.blocks(child, role)
            elif tag.startswith("{" + DRAW + "}"):
                for box in _drawn_text(child):
                    self.blocks(box, role)
            elif tag in (_t("change-start"), _t("change-end"), _t("change")):
                self.block_change(child, tag, role)
            # tracked changes, declarations, forms, indexes: not the running text

    def block_change(self, element: Any, tag: str, role: Role | None) -> None:
        """A change mark between paragraphs: whole paragraphs inserted or deleted."""
        if self.changes is None:
            return
        ident = element.get(_t("change-id")) or ""
        self.changes.mark(tag, ident)
        deletion = self.changes.deletions.get(ident) if tag == _t("change") else None
        if deletion is not None and not self.changes.open:
            self.blocks(deletion, role)

    def paragraph(self, element: Any, role: Role | None) -> None:
        out = _Paragraph(changes=self.changes)
        if self.changes is not None and self.changes.open:
            out.skipped = True  # inside a rejected insertion from the start
        _inline(element, out)
        if out.hidden:
            return
        text = out.text()
        if out.skipped and not text.strip():
            return  # a paragraph wholly inserted: rejected, it leaves no gap
        first, *restored = text.split(_PARAGRAPH_BREAK)
        self.add(element, first, role)
        for piece in restored:  # paragraph breaks a rejected deletion puts back
            self.builder.add(piece, role=role)
        check_text_size(self.path, self.builder.length)
        for kind, body in out.extras:
            if kind == "textbox":
                self.blocks(body, role)
            else:
                self.notes.append(body)

    def add(self, element: Any, text: str, role: Role | None) -> None:
        if role is Role.NOTE:
            self.builder.add(text, role=Role.NOTE)
        elif element.tag == _t("h"):
            level = element.get(_t("outline-level")) or "1"
            if text.strip():
                self.builder.add(text, Kind.HEADING, level=int(level) if level.isdigit() else 1)
            else:
                self.builder.add("")
        else:
            style = self.style(element.get(_t("style-name")) or "")
            if style == "title":
                self.title = self.title or " ".join(text.split()) or None
                self.builder.add(text, role=Role.TITLE)
            elif style == "subtitle":
                self.builder.add(text, role=Role.FRONT_MATTER)
            else:
                self.builder.add(text, role=role)


def _automatic_styles(root: Any) -> dict[str, str]:
    styles = {}
    for style in root.iter("{" + STYLE + "}style"):
        name = style.get("{" + STYLE + "}name")
        parent = style.get("{" + STYLE + "}parent-style-name")
        if name and parent:
            styles[name] = parent
    return styles


def read_odt(path: Path) -> Parsed:
    archive = open_container(path, ".odt")
    try:
        check_odf_encryption(archive, path)
        with library_errors(str(path), ".odt"):
            content = archive.read("content.xml")
    finally:
        archive.close()
    root = parse_xml(content, str(path), "content.xml")
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    reader = _Reader(TextBuilder(), str(path), _automatic_styles(root))
    if body is not None and current().tracked_changes == "reject":
        reader.changes = _Changes.of(body)
    if body is not None:
        reader.blocks(body)
        done = 0
        while done < len(reader.notes):  # a note's own notes join the end of the list
            reader.blocks(reader.notes[done], Role.NOTE)
            done += 1
    return finish(str(path), reader.builder, title=reader.title)
