"""The intermediate form every reader produces: a source text cut into blocks.

Readers differ in how they find paragraphs (blank lines, Word paragraphs, HTML
elements) but all end with the same thing: a `SourceText` and a list of
`Block`s with exact offsets into it. Structure detection, note detection and
assembly into chapters then work on blocks alone, so they are shared by every
format and tested once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum

from storylint.errors import InputError
from storylint.ingest.settings import budget, budget_note
from storylint.manuscript import Role, SourceText

# The file being read, for a TextBuilder whose reader did not name it (see `reading`).
_READING: ContextVar[str | None] = ContextVar("storylint_reading_file", default=None)


class Kind(StrEnum):
    TEXT = "text"  # a paragraph; may turn out to be a heading or a break
    HEADING = "heading"
    BREAK = "break"  # a scene break glyph ("* * *") or a format's rule (<hr>)
    CHAPTER = "chapter"  # a chapter boundary with no text (an EPUB spine document)


@dataclass(eq=False)
class Block:
    start: int
    end: int
    kind: Kind = Kind.TEXT
    # Set by a format that knows (an AO3 summary); None lets the heuristics decide.
    role: Role | None = None
    # Heading level the format declared (Markdown #, Word "Heading 2", <h2>);
    # 0 for headings found by their wording ("Chapter 12").
    level: int = 0
    # Newlines between the previous block and this one: a blank line is 2.
    gap: int = 0
    # Title to show for a heading when it differs from the raw text ("# Title").
    title: str | None = None


@dataclass(eq=False)
class Parsed:
    """One file read: its text, its blocks, and how to read gaps in it."""

    source: SourceText
    blocks: list[Block]
    title: str | None = None
    # A gap of at least this many newlines is a scene break; None: gaps mean nothing.
    break_gap: int | None = 3
    warnings: list[str] = field(default_factory=list)
    # Whether the format already told us which text is not story (AO3 downloads).
    roles_known: bool = False


def normalize_paragraph(text: str) -> str:
    """A paragraph as the extracted text holds it: each line stripped, no blank edges."""
    return "\n".join(line.strip() for line in text.strip().splitlines()).strip()


def normalized_positions(text: str) -> list[int]:
    """For each character of `normalize_paragraph(text)`, its index in `text`.

    Why: a format that can be written back (Word comments) must find a passage
    of the extracted text in the original paragraph. A newline joining two
    lines maps to the line break it stands for.
    """
    kept: list[list[int]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        content = (line.splitlines() or [""])[0]  # without its line break
        lead = len(content) - len(content.lstrip())
        stripped = content.strip()
        kept.append([position + lead + k for k in range(len(stripped))] + [position + len(content)])
        position += len(line)
    # Lines that strip to nothing at either edge vanish with the paragraph's own strip().
    while kept and len(kept[0]) == 1:
        kept.pop(0)
    while kept and len(kept[-1]) == 1:
        kept.pop()
    positions: list[int] = []
    for index, offsets in enumerate(kept):
        positions.extend(offsets if index < len(kept) - 1 else offsets[:-1])
    return positions


@contextmanager
def reading(path: str) -> Iterator[None]:
    """Name the file being read, for the messages of TextBuilders made while the block runs.

    Why: a reader that builds its text deep inside a format library's walk
    may not pass its path to the TextBuilder; the one place every file is
    read through (ingest._read_file) names it here instead.
    """
    token = _READING.set(path)
    try:
        yield
    finally:
        _READING.reset(token)


def paragraphs_problem(limit: int) -> str:
    """The one-line problem when a file has more paragraphs than the budget allows."""
    return (
        f"has more than {limit:,} paragraphs; refused as too many to check "
        f"{budget_note('paragraphs')}"
    )


def check_paragraph_count(count: int, path: str | None = None) -> None:
    """Refuse a file (one line naming `path`, else the file `reading` names) whose
    paragraphs, counted so far, pass budget("paragraphs").

    For readers that cut paragraphs without a TextBuilder (plain text, Markdown):
    call it as the count grows, or with a cheap upper bound before a parser that
    builds objects per paragraph.
    """
    limit = budget("paragraphs")
    if count > limit:
        raise InputError(path or _READING.get() or "<input>", paragraphs_problem(limit))


class TextBuilder:
    """Builds an extracted text paragraph by paragraph, recording each block's offsets.

    Paragraphs are separated by one blank line. Empty paragraphs in the
    original (how many writers mark a scene break in Word) add one more
    newline, so that the extracted text shows the gap and the shared
    gap rule (3+ newlines) can treat it as a break.

    Every paragraph counts against budget("paragraphs"), empty ones, headings,
    breaks and chapter boundaries included, and the file is refused (one line
    naming `path`, an `InputError`) at the first one over it. Why here: every
    extracted format (HTML, EPUB, Word, OpenDocument, RTF) builds its blocks
    through this class, so no format can build millions of them, and the
    count stops the reader as soon as it passes, before the blocks are
    classified. Empty paragraphs count because the walk over them costs the
    same; a novel spaced with empty paragraphs has twice as many, still far
    under the default.
    """

    def __init__(self, path: str | None = None) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self._pending_empty = False
        self.path = path if path is not None else _READING.get()
        self._paragraphs = 0
        self._limit = budget("paragraphs")

    def _count(self) -> None:
        """One more paragraph of the original; past the budget, the file is refused."""
        self._paragraphs += 1
        if self._paragraphs > self._limit:
            check_paragraph_count(self._paragraphs, self.path)

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)

    @property
    def length(self) -> int:
        return self._length

    def add(
        self,
        text: str,
        kind: Kind = Kind.TEXT,
        role: Role | None = None,
        level: int = 0,
    ) -> Block | None:
        text = normalize_paragraph(text)
        if not text:
            self.empty()
            return None
        self._count()
        if self.blocks or self._parts:
            self._append("\n\n\n" if self._pending_empty else "\n\n")
        self._pending_empty = False
        block = Block(self._length, self._length + len(text), kind, role, level)
        block.gap = 0
        self._append(text)
        self.blocks.append(block)
        return block

    def empty(self) -> None:
        """An empty paragraph in the original: a possible scene break."""
        self._count()
        if self.blocks:
            self._pending_empty = True

    def scene_break(self) -> None:
        self.add("* * *", Kind.BREAK)

    def chapter_boundary(self) -> None:
        """Start a new chapter here (a new EPUB document), with or without a heading."""
        self._count()
        self._pending_empty = False
        self.blocks.append(Block(self._length, self._length, Kind.CHAPTER))

    def text(self) -> str:
        return "".join(self._parts)
