"""EPUB via ebooklib: spine documents in reading order, each one a chapter.

What is front matter is decided, in this order:

1. EPUB 3 structural semantics. A publisher that marks its documents
   (`<body epub:type="frontmatter">`, `<section epub:type="dedication">`,
   Standard Ebooks marks every one) has said what each part is, so we believe it:
   a dedication is a dedication, an imprint or colophon front matter, notes are
   notes, and a part marked `bodymatter` or `chapter` is story whatever its
   length or heading. The tokens and roles are `epub_types` in
   data/markers.yaml; the innermost marked element decides.
2. For documents with no such marks only, the heuristics: a document whose first
   heading is "Contents", "Copyright", "Dedication", "About the Author"...
   (`matter_titles`) is front matter, and so are short documents (under 150
   words) before the first longer one.

Why the order matters: the heuristics misfired on real books. A dedication
page whose own heading was checked against the whole rest of the book took the
novel with it (192 of ~50,000 words were checked). Each judgement now covers
one document only, and a document the publisher marked as story is never
judged by length.

Note references (`<a epub:type="noteref">1</a>`) and the back-links of notes
are dropped from the text: they are the book's apparatus, not the writer's
words, and would otherwise glue a digit onto the word before them.

An `<hgroup>` (a chapter number and its title) is one heading titled
"I: Puddleby"; that is read where every HTML reader walks its markup
(htmlblocks, headings.py), so a standalone HTML page reads it the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import ebooklib
from bs4 import BeautifulSoup, Tag
from ebooklib import epub

from storylint import lexicons
from storylint.ingest.blocks import Block, Kind, Parsed, TextBuilder
from storylint.ingest.classify import heading_of
from storylint.ingest.containers import check_epub_drm, open_container
from storylint.ingest.patterns import patterns
from storylint.ingest.readers.common import check_text_size, finish, library_errors
from storylint.ingest.readers.headings import HEADING_TAGS, heading_group
from storylint.ingest.readers.htmlblocks import BLOCK_TAGS, SKIP_TAGS, emit_blocks, parse_html
from storylint.manuscript import Role

# A document with fewer words than this, before any longer one, is front matter.
FRONT_MATTER_MAX_WORDS = 150
# Marked parts nested deeper than this (no real book comes close) are read with the
# role of the part around them, so that a hostile nest costs no deep recursion.
MAX_MARKED_DEPTH = 32

# Elements whose epub:type can say what a part of a document is (never inline ones:
# `<b epub:type="z3998:author">` names a person, it does not start a section).
_SECTIONING = (BLOCK_TAGS - set(HEADING_TAGS)) | {"body"}
_APPARATUS = re.compile(r"^(?:noteref|backlink|se:noteref)$")
STORY = "story"


class _Semantics:
    """The `epub_types` of data/markers.yaml, compiled: token -> 'story' or a Role."""

    def __init__(self) -> None:
        groups = lexicons.load_lexicon_data("markers").get("epub_types", {})
        self._groups: list[tuple[str | Role, re.Pattern[str]]] = []
        for name, tokens in groups.items():
            meaning: str | Role = STORY if name == STORY else Role(name)
            self._groups.append((meaning, re.compile("|".join(f"(?:{t})" for t in tokens))))

    def meaning(self, tag: Tag) -> str | Role | None:
        """What this element says it is: 'story', a Role, or None (it says nothing)."""
        if tag.name not in _SECTIONING:
            return None
        tokens = _tokens(tag)
        found = [m for m, pattern in self._groups for tok in tokens if pattern.fullmatch(tok)]
        if STORY in found:
            return STORY  # "bodymatter" beats anything else said on the same element
        return found[0] if found else None


@lexicons.cache
def _semantics() -> _Semantics:
    return _Semantics()


def _tokens(tag: Tag) -> list[str]:
    value = tag.get("epub:type") or ""
    if isinstance(value, list):
        value = " ".join(value)
    return value.lower().split()


@dataclass
class _Document:
    """One spine document: its block index range and what its marks said."""

    first: int
    end: int
    marked_story: bool = False
    marked: bool = False


def _is_nav(item: epub.EpubItem) -> bool:
    return isinstance(item, epub.EpubNav) or "nav" in (getattr(item, "properties", None) or [])


def _drop_apparatus(body: Tag) -> None:
    """Note references and back-links are not the writer's words."""
    for link in body.find_all("a"):
        if any(_APPARATUS.match(token) for token in _tokens(link)):
            link.decompose()


def _one_heading(tag: Tag) -> bool:
    """An <hgroup> read as one heading: emitted whole, whatever its parts are marked
    (`<p epub:type="title">`), so that its title line never becomes a paragraph."""
    return tag.name == "hgroup" and heading_group(tag) is not None


def _marked_inside(tag: Tag) -> bool:
    semantics = _semantics()
    return any(semantics.meaning(t) is not None for t in tag.find_all(_SECTIONING))


class _Emitter:
    """Emits a document's blocks, giving each marked part the role its epub:type says."""

    def __init__(self, soup: BeautifulSoup, builder: TextBuilder, document: _Document) -> None:
        self.soup = soup
        self.builder = builder
        self.document = document

    def role_of(self, tag: Tag, inherited: Role | None) -> Role | None:
        meaning = _semantics().meaning(tag)
        if meaning is None:
            return inherited
        self.document.marked = True
        if meaning == STORY:
            self.document.marked_story = True
            return None
        return Role(meaning)

    def _emit_wrapped(self, children: list, role: Role | None) -> None:
        """Emit some of a node's children as if they were all of it (emit_blocks walks a node)."""
        if not children:
            return
        wrapper = self.soup.new_tag("div")
        for child in children:
            wrapper.append(child.extract())
        emit_blocks(wrapper, self.builder, role)

    def emit(self, node: Tag, role: Role | None, depth: int = 0) -> None:
        """Emit node's children; marked descendants get their own role."""
        if depth > MAX_MARKED_DEPTH or not _marked_inside(node):
            emit_blocks(node, self.builder, role)
            return
        run: list = []
        for child in list(node.children):
            if not isinstance(child, Tag) or child.name in SKIP_TAGS or _one_heading(child):
                run.append(child)
                continue
            own = _semantics().meaning(child) is not None
            if not own and not _marked_inside(child):
                run.append(child)
                continue
            self._emit_wrapped(run, role)
            run = []
            child_role = self.role_of(child, role)
            if _marked_inside(child):
                self.emit(child, child_role, depth + 1)
            else:
                self._emit_wrapped([child], child_role)
        self._emit_wrapped(run, role)


def read_epub(path: Path) -> Parsed:
    archive = open_container(path, ".epub")
    try:
        check_epub_drm(archive, path)
    finally:
        archive.close()
    builder = TextBuilder()
    documents: list[_Document] = []
    with library_errors(str(path), ".epub"):
        book = epub.read_epub(str(path), options={"ignore_ncx": True})
        titles = book.get_metadata("DC", "title")
        title = titles[0][0] if titles else None
        for idref, _linear in book.spine:
            item = book.get_item_with_id(idref)
            if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT or _is_nav(item):
                continue
            # The member's own bytes, not item.get_content(): ebooklib re-serialises
            # a document through libxml2, which silently drops everything nested more
            # than 256 deep, so a hostile chapter would lose text instead of being refused.
            soup = parse_html(item.content, path=str(path))
            body = soup.body or soup
            document = _Document(len(builder.blocks), 0)
            builder.chapter_boundary()
            _drop_apparatus(body)
            emitter = _Emitter(soup, builder, document)
            role = emitter.role_of(body, None) if isinstance(body, Tag) else None
            emitter.emit(body, role)
            document.end = len(builder.blocks)
            documents.append(document)
            check_text_size(str(path), builder.length)
    text = builder.text()
    for document in documents:
        if not document.marked:
            _mark_matter(builder, document, text)
    _mark_front_documents(builder, documents, text)
    return finish(str(path), builder, title=title)


def _mark_matter(builder: TextBuilder, document: _Document, text: str) -> None:
    """An unmarked document whose first heading names it as matter, not story.

    Only this document's blocks: its heading is looked for, and its role given,
    within the document and never beyond it.
    """
    blocks = builder.blocks[document.first : document.end]
    heading = next((b for b in blocks if b.kind is Kind.HEADING), None)
    if heading is not None and patterns().matter_title.match(text[heading.start : heading.end]):
        titled = text[heading.start : heading.end].strip().lower()
        for block in blocks:
            if block.kind in (Kind.TEXT, Kind.HEADING) and block.role is None:
                dedication = titled == "dedication" and block.kind is Kind.TEXT
                block.role = Role.DEDICATION if dedication else Role.FRONT_MATTER


def _mark_front_documents(builder: TextBuilder, documents: list[_Document], text: str) -> None:
    """Short unmarked documents before the first real chapter: cover, title page, copyright.

    Only when a longer document follows (a collection of flash fiction keeps its
    short chapters), and never a document whose heading reads as a chapter or one
    its publisher marked as story (`bodymatter`, `chapter`): the first of those
    ends the search. Documents marked as matter, or found to be matter by their
    heading ("Imprint"), were given their roles already and are passed over.
    """
    front: list[list[Block]] = []
    for document in documents:
        if document.marked_story:
            break
        if document.marked:
            continue
        blocks = [
            b
            for b in builder.blocks[document.first : document.end]
            if b.kind in (Kind.TEXT, Kind.HEADING)
        ]
        open_text = [b for b in blocks if b.kind is Kind.TEXT and b.role is None]
        if blocks and not open_text:
            continue  # all matter already (its heading said so): neither story nor a stop
        words = sum(len(text[b.start : b.end].split()) for b in open_text)
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
        role = Role.DEDICATION if _dedication_page(blocks, text) else Role.FRONT_MATTER
        for block in blocks:
            if block.role is None:
                block.role = role


def _dedication_page(blocks: list[Block], text: str) -> bool:
    """A short unmarked page of one paragraph that opens like a dedication ("To ...")."""
    paragraphs = [b for b in blocks if b.kind is Kind.TEXT]
    if len(paragraphs) != 1:
        return False
    body = text[paragraphs[0].start : paragraphs[0].end]
    p = patterns()
    return bool(p.dedication.match(body) or p.strong_dedication.match(body))
