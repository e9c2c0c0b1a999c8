"""EPUB via ebooklib: spine documents in reading order, each one a chapter.

Navigation documents are skipped. Short documents before the first real
chapter (cover, title page, copyright) and documents titled "Contents",
"Acknowledgments", "About the Author"... are kept as front matter.
"""

from __future__ import annotations

from pathlib import Path

import ebooklib
from ebooklib import epub

from storylint.ingest.blocks import Kind, Parsed, TextBuilder
from storylint.ingest.classify import heading_of
from storylint.ingest.containers import check_epub_drm, open_container
from storylint.ingest.patterns import patterns
from storylint.ingest.readers.common import check_text_size, finish, library_errors
from storylint.ingest.readers.htmlblocks import emit_blocks, parse_html
from storylint.manuscript import Role

# A document with fewer words than this, before any longer one, is front matter.
FRONT_MATTER_MAX_WORDS = 150


def _is_nav(item: epub.EpubItem) -> bool:
    return isinstance(item, epub.EpubNav) or "nav" in (getattr(item, "properties", None) or [])


def _mark_matter(builder: TextBuilder, first: int, text: str) -> None:
    """Documents whose first heading names them as matter, not story."""
    blocks = builder.blocks[first:]
    heading = next((b for b in blocks if b.kind is Kind.HEADING), None)
    if heading is not None and patterns().matter_title.match(text[heading.start : heading.end]):
        for block in blocks:
            if block.kind in (Kind.TEXT, Kind.HEADING):
                block.role = Role.FRONT_MATTER


def read_epub(path: Path) -> Parsed:
    archive = open_container(path, ".epub")
    try:
        check_epub_drm(archive, path)
    finally:
        archive.close()
    builder = TextBuilder()
    documents: list[tuple[int, int]] = []  # block index ranges, one per spine document
    with library_errors(str(path), ".epub"):
        book = epub.read_epub(str(path), options={"ignore_ncx": True})
        titles = book.get_metadata("DC", "title")
        title = titles[0][0] if titles else None
        for idref, _linear in book.spine:
            item = book.get_item_with_id(idref)
            if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT or _is_nav(item):
                continue
            soup = parse_html(item.get_content())
            first = len(builder.blocks)
            builder.chapter_boundary()
            emit_blocks(soup.body or soup, builder)
            documents.append((first, len(builder.blocks)))
            check_text_size(str(path), builder.length)
    text = builder.text()
    for first, _end in documents:
        _mark_matter(builder, first, text)
    _mark_front_documents(builder, documents, text)
    return finish(str(path), builder, title=title)


def _mark_front_documents(
    builder: TextBuilder, documents: list[tuple[int, int]], text: str
) -> None:
    """Short documents before the first real chapter: cover, title page, copyright.

    Only when a longer document follows (a collection of flash fiction keeps its
    short chapters), and never a document whose heading reads as a chapter.
    """
    front: list[list] = []
    for first, end in documents:
        blocks = [b for b in builder.blocks[first:end] if b.kind in (Kind.TEXT, Kind.HEADING)]
        words = sum(len(text[b.start : b.end].split()) for b in blocks if b.kind is Kind.TEXT)
        if words >= FRONT_MATTER_MAX_WORDS:
            break
        if any(
            b.kind is Kind.HEADING and heading_of(text[b.start : b.end]) and b.role is None
            for b in blocks
        ):
            return
        front.append(blocks)
    else:
        return  # no long document: nothing to tell front matter from
    for blocks in front:
        for block in blocks:
            if block.role is None:
                block.role = Role.FRONT_MATTER
