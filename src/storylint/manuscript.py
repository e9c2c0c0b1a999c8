"""The manuscript model every reader produces and every later stage reads.

A manuscript is chapters -> scenes -> paragraphs. Every paragraph points back
into a `SourceText` with exact character offsets, so a finding can always quote
the author's own words and say where they are. For plain text and Markdown the
source text is the decoded file; for other formats it is the text storylint
extracted (see `storylint extract FILE`), because offsets into a zip of XML are
of no use to a writer.

Paragraphs that are not story (author's notes, summaries, dedications,
epigraphs, headings) are kept, so reports and `extract` can show them, but are
marked so that no rule ever reports on them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """What a paragraph is to the story. Only STORY paragraphs are analysed."""

    STORY = "story"
    HEADING = "heading"
    NOTE = "note"
    SUMMARY = "summary"
    EPIGRAPH = "epigraph"
    DEDICATION = "dedication"
    TITLE = "title"
    FRONT_MATTER = "front-matter"


@dataclass(eq=False)
class SourceText:
    """One file's text, decoded (or extracted), with a line index for reports."""

    path: str
    text: str
    extracted: bool = False
    encoding: str = "utf-8"
    _line_starts: list[int] | None = field(default=None, repr=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        return line_index + 1, offset - self._line_starts[line_index] + 1


@dataclass(eq=False)
class Paragraph:
    """A block of text with its exact place in the source."""

    source: SourceText
    start: int
    end: int
    role: Role = Role.STORY
    index: int = 0  # position in the manuscript's paragraph order

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    @property
    def is_story(self) -> bool:
        return self.role is Role.STORY


@dataclass(eq=False)
class Scene:
    index: int
    paragraphs: list[Paragraph] = field(default_factory=list)


_BARE_NUMBER = re.compile(r"[0-9]+|[IVXLCDM]+", re.IGNORECASE)


@dataclass(eq=False)
class Chapter:
    """A chapter; `title` is the heading as written, or None when there is none."""

    index: int
    title: str | None = None
    scenes: list[Scene] = field(default_factory=list)
    heading: Paragraph | None = None

    @property
    def label(self) -> str:
        """How a message names the chapter. Messages end in a full stop, so a heading's own
        closing stop goes ("III." would read "in III.."), and a bare number reads as one."""
        title = (self.title or "").strip().rstrip(".:")
        if not title:
            return f"Chapter {self.index + 1}"
        if _BARE_NUMBER.fullmatch(title):
            return f"Chapter {title}"
        return title

    def paragraphs(self) -> Iterator[Paragraph]:
        for scene in self.scenes:
            yield from scene.paragraphs


@dataclass(eq=False)
class Manuscript:
    """A whole work: one file, or a folder whose files are its chapters."""

    path: str
    sources: list[SourceText] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    # Paragraphs outside the story: notes, summaries, front matter. Kept, never checked.
    apart: list[Paragraph] = field(default_factory=list)
    title: str | None = None
    warnings: list[str] = field(default_factory=list)

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every story paragraph, in reading order."""
        for chapter in self.chapters:
            yield from chapter.paragraphs()

    def all_paragraphs(self) -> list[Paragraph]:
        """Story and non-story paragraphs alike, in source order."""
        every = [p for p in self.paragraphs()] + list(self.apart)
        every.extend(c.heading for c in self.chapters if c.heading is not None)
        order = {id(s): i for i, s in enumerate(self.sources)}
        return sorted(every, key=lambda p: (order.get(id(p.source), 0), p.start))

    @property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs())

    def number_paragraphs(self) -> None:
        """Give story paragraphs consecutive indices; readers call this once at the end."""
        for i, paragraph in enumerate(self.paragraphs()):
            paragraph.index = i

    def chapter_of(self, paragraph: Paragraph) -> Chapter | None:
        for chapter in self.chapters:
            for p in chapter.paragraphs():
                if p is paragraph:
                    return chapter
        return None
