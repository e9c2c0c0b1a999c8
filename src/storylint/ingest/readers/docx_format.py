"""Word .docx via python-docx: paragraph styles give headings and the title."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from storylint.ingest.blocks import Kind, Parsed, TextBuilder
from storylint.ingest.containers import open_container
from storylint.ingest.readers.common import check_text_size, finish, library_errors
from storylint.manuscript import Role

_HEADING_STYLE = re.compile(r"^heading\s*(\d)?", re.IGNORECASE)


def _add_paragraph(builder: TextBuilder, paragraph: DocxParagraph, state: dict) -> None:
    style = paragraph.style.name if paragraph.style is not None else ""
    text = paragraph.text
    if style == "Title":
        if state.get("title") is None and text.strip():
            state["title"] = " ".join(text.split())
        builder.add(text, role=Role.TITLE)
        return
    if style == "Subtitle":
        builder.add(text, role=Role.FRONT_MATTER)
        return
    heading = _HEADING_STYLE.match(style or "")
    if heading and text.strip():
        builder.add(text, Kind.HEADING, level=int(heading.group(1) or 1))
        return
    builder.add(text)


def _add_table(builder: TextBuilder, table: Table, state: dict) -> None:
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat
                continue
            seen.add(id(cell._tc))
            for paragraph in cell.paragraphs:
                _add_paragraph(builder, paragraph, state)


def read_docx(path: Path) -> Parsed:
    open_container(path, ".docx").close()
    builder = TextBuilder()
    state: dict = {"title": None}
    with library_errors(str(path), ".docx"):
        document = docx.Document(str(path))
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                _add_table(builder, item, state)
            else:
                _add_paragraph(builder, item, state)
            check_text_size(str(path), builder.length)
    return finish(str(path), builder, title=state["title"])
