"""Turning classified blocks into the Manuscript: chapters, scenes, paragraphs.

Every file read starts a new chapter (a folder's files are its chapters, an
EPUB's documents are its chapters); headings start further chapters within a
file. A heading directly followed by another ("Part Two" then "Chapter 5",
"# Book Title" then "## Chapter 1") gives way to the later one, so no chapter
is ever empty; the earlier heading is kept as a non-story paragraph.
"""

from __future__ import annotations

from storylint.ingest.blocks import Block, Kind, Parsed
from storylint.ingest.classify import heading_of
from storylint.ingest.settings import budget
from storylint.ingest.split import split_long_paragraphs
from storylint.manuscript import Chapter, Manuscript, Paragraph, Role, Scene


def _declared_chapter_level(parsed: Parsed) -> int:
    """The heading level that starts chapters; a lone top heading first is the title.

    Headings found by wording (level 0) are always chapter headings. Among
    declared levels (Markdown #, Word Heading N, <hN>), the shallowest level
    is the chapter level, unless it is used once, before any text, with
    deeper headings after it: then it is the work's title.
    """
    declared = [b for b in parsed.blocks if b.kind is Kind.HEADING and b.level and b.role is None]
    if not declared:
        return 0
    levels = sorted({b.level for b in declared})
    top = levels[0]
    tops = [b for b in declared if b.level == top]
    if len(tops) == 1 and len(levels) > 1 and not _worded_as_chapter(tops[0]):
        first_text = next(
            (b for b in parsed.blocks if b.kind is Kind.TEXT and b.role is None), None
        )
        if first_text is None or tops[0].start < first_text.start:
            tops[0].role = Role.TITLE
            if parsed.title is None:
                parsed.title = tops[0].title
            return levels[1]
    return top


def _worded_as_chapter(block: Block) -> bool:
    """'Chapter Two' is a chapter whatever heading level the writer styled it with."""
    found = heading_of(block.title or "")
    return found is not None and found[0] == 0


class _Builder:
    def __init__(self, manuscript: Manuscript) -> None:
        self.manuscript = manuscript
        self.chapter: Chapter | None = None
        self.pending_break = False

    def new_chapter(self) -> Chapter:
        if self.chapter is None or any(True for _ in self.chapter.paragraphs()):
            self.chapter = Chapter(index=len(self.manuscript.chapters))
            self.manuscript.chapters.append(self.chapter)
        self.pending_break = False
        return self.chapter

    def apart(self, paragraph: Paragraph) -> None:
        self.manuscript.apart.append(paragraph)

    def heading(self, paragraph: Paragraph, title: str) -> None:
        chapter = self.new_chapter()
        if chapter.heading is not None:
            chapter.heading.role = Role.HEADING
            self.apart(chapter.heading)
        chapter.heading = paragraph
        chapter.title = title

    def story(self, paragraph: Paragraph) -> None:
        chapter = self.chapter or self.new_chapter()
        if not chapter.scenes or self.pending_break:
            if not chapter.scenes or chapter.scenes[-1].paragraphs:
                chapter.scenes.append(Scene(index=len(chapter.scenes)))
        chapter.scenes[-1].paragraphs.append(paragraph)
        self.pending_break = False

    def scene_break(self) -> None:
        self.pending_break = True


def _add_file(builder: _Builder, parsed: Parsed) -> None:
    source = parsed.source
    chapter_level = _declared_chapter_level(parsed)
    builder.new_chapter()
    break_gap = parsed.break_gap
    for block in parsed.blocks:
        if block.kind is Kind.CHAPTER:
            builder.new_chapter()
            continue
        if block.kind is Kind.BREAK:
            builder.scene_break()
            continue
        if block.kind is Kind.HEADING:
            paragraph = Paragraph(source, block.start, block.end, Role.HEADING)
            title = block.title or " ".join(paragraph.text.split())
            if block.role is not None:
                paragraph.role = block.role
                builder.apart(paragraph)
            elif block.level and block.level > chapter_level and not _worded_as_chapter(block):
                builder.apart(paragraph)  # a scene title under a chapter
                builder.scene_break()
            else:
                builder.heading(paragraph, title)
            continue
        role = block.role or Role.STORY
        paragraph = Paragraph(source, block.start, block.end, role)
        if role is not Role.STORY:
            builder.apart(paragraph)
            continue
        if break_gap is not None and block.gap >= break_gap:
            builder.scene_break()
        builder.story(paragraph)


def _drop_empty_chapters(manuscript: Manuscript) -> None:
    kept: list[Chapter] = []
    for chapter in manuscript.chapters:
        if any(True for _ in chapter.paragraphs()):
            chapter.index = len(kept)
            kept.append(chapter)
        elif chapter.heading is not None:
            manuscript.apart.append(chapter.heading)
    manuscript.chapters = kept


def assemble(path: str, files: list[Parsed]) -> Manuscript:
    """One Manuscript from one or more read files, in order."""
    manuscript = Manuscript(path=path)
    builder = _Builder(manuscript)
    for parsed in files:
        # Before anything parses it: no paragraph may exceed the budget (ingest/split.py).
        split_long_paragraphs(parsed, budget("paragraph_chars"))
        manuscript.sources.append(parsed.source)
        manuscript.warnings.extend(parsed.warnings)
        builder.chapter = None
        _add_file(builder, parsed)
        if manuscript.title is None:
            manuscript.title = parsed.title or _first_title(parsed)
    _drop_empty_chapters(manuscript)
    manuscript.number_paragraphs()
    return manuscript


def _first_title(parsed: Parsed) -> str | None:
    for block in parsed.blocks:
        if block.role is Role.TITLE:
            text = parsed.source.text[block.start : block.end]
            return block.title or " ".join(text.split())
    return None


__all__ = ["assemble", "Block"]
