"""Word .docx via python-docx: paragraph styles give headings and the title.

`paragraph_blocks` re-walks a document exactly as `read_docx` does, so the Word
comments reporter can map offsets in the extracted text back to Word
paragraphs and runs: both go through `_walk`, so they cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from storylint.ingest.blocks import Block, Kind, Parsed, TextBuilder
from storylint.ingest.containers import open_container
from storylint.ingest.readers.common import check_text_size, finish, library_errors
from storylint.manuscript import Role

_HEADING_STYLE = re.compile(r"^heading\s*(\d)?", re.IGNORECASE)


def _style_name(paragraph: DocxParagraph, state: dict) -> str:
    """The paragraph style's name, looked up once per style id.

    Why: python-docx resolves a style by scanning every style in the document
    each time, which took most of half a minute for a 7,000-paragraph novel.
    """
    names = state.setdefault("styles", {})
    key = paragraph._p.style
    if key not in names:
        style = paragraph.style
        names[key] = style.name if style is not None else ""
    return names[key]


def _add_paragraph(builder: TextBuilder, paragraph: DocxParagraph, state: dict) -> Block | None:
    style = _style_name(paragraph, state)
    text = paragraph.text
    if style == "Title":
        if state.get("title") is None and text.strip():
            state["title"] = " ".join(text.split())
        return builder.add(text, role=Role.TITLE)
    if style == "Subtitle":
        return builder.add(text, role=Role.FRONT_MATTER)
    heading = _HEADING_STYLE.match(style or "")
    if heading and text.strip():
        return builder.add(text, Kind.HEADING, level=int(heading.group(1) or 1))
    return builder.add(text)


def _table_paragraphs(table: Table) -> Iterator[DocxParagraph]:
    # The cell elements themselves, not their id()s: an id can be reused once a
    # proxy is freed, which would skip a cell at random.
    seen: set = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # merged cells repeat
                continue
            seen.add(cell._tc)
            yield from cell.paragraphs


def _walk(
    document, builder: TextBuilder, state: dict
) -> Iterator[tuple[DocxParagraph, Block | None]]:
    """Every body and table-cell paragraph in reading order, with the block it became."""
    for item in document.iter_inner_content():
        paragraphs = _table_paragraphs(item) if isinstance(item, Table) else [item]
        for paragraph in paragraphs:
            yield paragraph, _add_paragraph(builder, paragraph, state)


def paragraph_blocks(document) -> list[tuple[DocxParagraph, Block]]:
    """Each Word paragraph that reached the extracted text, with its offsets in that text.

    Why: findings point into the extracted text; annotating the Word file
    needs the way back. Empty paragraphs produce no block and are left out.
    """
    walked = _walk(document, TextBuilder(), {"title": None})
    return [(paragraph, block) for paragraph, block in walked if block is not None]


def read_docx(path: Path) -> Parsed:
    open_container(path, ".docx").close()
    builder = TextBuilder()
    state: dict = {"title": None}
    with library_errors(str(path), ".docx"):
        document = docx.Document(str(path))
        for _ in _walk(document, builder, state):
            check_text_size(str(path), builder.length)
    return finish(str(path), builder, title=state["title"])
