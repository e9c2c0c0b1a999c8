"""Markdown cut into blocks as CommonMark reads it (markdown-it-py), with raw offsets.

Why a real parser: paragraphs, headings, block quotes, lists, code and thematic
breaks are what a Markdown renderer shows the writer, and guessing them from
blank lines misreads a `---` under a paragraph, a list, a fenced block. Why raw
offsets: docs/formats.md promises that a Markdown file's offsets are into the file
itself (quotes keep `*emphasis*`), so a finding can be found in the writer's
editor. markdown-it gives each block the lines it came from (`Token.map`); each
block here is those lines of the raw text, trimmed. Inline parsing is switched
off: nothing here needs it, and it is most of the parser's time.

Decisions where CommonMark and a manuscript disagree (docs/formats.md repeats them):
- A setext heading whose text is not heading-like (it ends like a sentence, or has
  several lines) is read as a paragraph and a scene break: "She left.\\n---" is a
  writer's scene break more often than a heading, and a heading would hide the
  paragraph from every check.
- An empty ATX heading (`#` alone on a line) is a scene break.
- Indented code (lines indented four spaces or a tab) is prose: writers indent
  paragraphs; nobody puts code in a novel without a fence.
- A fenced block with an info string or backtick fences (```` ```python ````) is not
  story (a note). A `~~~` fence without an info string is a writer's scene break:
  its lines are paragraphs, the fence lines breaks.
- Headings inside lists and block quotes are paragraphs.
- One paragraph per line (markdown_lines.py): where CommonMark paragraphs run
  to ten or more unwrapped lines each, the writer put one paragraph on each line.
- Whitespace is Python's, as in plain text. CommonMark knows only spaces and tabs,
  so a form feed (a page break), U+2028, U+2029, U+0085, a vertical tab or a
  no-break space would start a paragraph, and a line of only those would glue two
  paragraphs into one. The parser is shown such characters at the start of a line
  as spaces (one for one, so lines and columns still agree): a line of only them is
  a blank line, a paragraph break as in plain text, and `\f# Chapter 2` is a
  heading. Every block's offsets then leave them out at both ends, as plain text's do.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from itertools import islice

from markdown_it import MarkdownIt
from markdown_it.token import Token

from storylint.ingest.blocks import Block, Kind, check_paragraph_count
from storylint.ingest.classify import heading_of
from storylint.ingest.readers.markdown_lines import QUOTE_PREFIX, split_lines, unwrapped_lines
from storylint.ingest.segment import split_paragraphs
from storylint.ingest.settings import budget
from storylint.manuscript import Role

_NON_BLANK_LINE = re.compile(r"^[ \t]*\S", re.MULTILINE)

# YAML front matter: `---` on the first line, up to a `---` or `...` line.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# markdown-it's own line splitting (its `normalize` rule), so that map lines agree.
_NEWLINE = re.compile(r"\r\n|\r|\n")
# Whitespace at a line's start that CommonMark does not count as such (not a space or
# tab): a form feed, U+2028, U+2029, U+0085, a vertical tab, a no-break space.
# Lines start after `\n` (`^`); only a text with `\r` needs the slower look-behind.
_ODD_LEADING_SPACE = re.compile(r"^[ \t]*[^\S\r\n \t][^\S\r\n]*", re.MULTILINE)
_ODD_LEADING_SPACE_CR = re.compile(r"(?:^|(?<=\r))[ \t]*[^\S\r\n \t][^\S\r\n]*", re.MULTILINE)
_NOT_SPACE_OR_TAB = re.compile(r"[^ \t]")
# Block tokens that become blocks here (containers only hold them).
_LEAVES = frozenset("paragraph_open heading_open hr code_block fence html_block".split())
# A line of container markers only ("> >", "- ", "1.") holds no text.
_MARKERS_ONLY = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)[ \t>]*)*")
# A link reference definition ("[1]: https://...") is not text either.
_LINK_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S")
_SENTENCE_END = tuple(".!?,;:…\"”’'")
_MAX_HEADING_CHARS = 120


@functools.cache
def _parser() -> MarkdownIt:
    """One parser for every file (parsing keeps no state in it). CommonMark's preset
    caps block nesting (`maxNesting`), so a hostile nest of `>` or lists stays shallow."""
    parser = MarkdownIt("commonmark")
    parser.disable("inline")
    parser.disable("text_join")
    return parser


@dataclass(frozen=True)
class Lines:
    """Where each line of a text starts and ends (without its line break)."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> Lines:
        starts, ends = [0], []
        for match in _NEWLINE.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
        return cls(starts, ends)

    def span(self, text: str, first: int, stop: int) -> tuple[int, int]:
        """Lines [first, stop) of text, trimmed of surrounding whitespace."""
        start, end = self.starts[first], self.ends[max(first, stop - 1)]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end


def _as_commonmark_spaces(text: str) -> str:
    """`text` with whitespace at each line's start that CommonMark ignores made spaces.

    Why: plain text reads a line of only a form feed or U+2029 as blank and never
    starts a paragraph with one; CommonMark would not. One character for one keeps
    markdown-it's line map and every offset valid in the writer's own text.
    """
    pattern = _ODD_LEADING_SPACE_CR if "\r" in text else _ODD_LEADING_SPACE
    return pattern.sub(lambda m: _NOT_SPACE_OR_TAB.sub(" ", m.group()), text)


def _heading_like(content: str) -> bool:
    """A setext heading's text that a writer means as a heading, not a paragraph."""
    content = content.strip()
    return (
        bool(content)
        and "\n" not in content
        and len(content) <= _MAX_HEADING_CHARS
        and (heading_of(content) is not None or not content.endswith(_SENTENCE_END))
    )


class _Reader:
    """Walks the token stream once, turning block tokens into Blocks."""

    def __init__(self, text: str, lines: Lines) -> None:
        self.text = text
        self.lines = lines
        self.blocks: list[Block] = []
        # Paragraphs outside lists, by block index: the ones line mode may split.
        self.paragraphs: list[int] = []
        # Lines some leaf block was made from; the rest is checked by `uncovered`.
        self.covered: set[int] = set()

    def add(self, start: int, end: int, kind: Kind = Kind.TEXT, **fields: object) -> None:
        if start < end:
            self.blocks.append(Block(start, end, kind, **fields))  # type: ignore[arg-type]

    def raw_paragraphs(self, first: int, stop: int) -> None:
        """Lines read as plain paragraphs (split at blank lines), exact offsets."""
        if stop <= first:
            return
        start, end = self.lines.starts[first], self.lines.ends[max(first, stop - 1)]
        found, _line_mode = split_paragraphs(self.text[start:end], line_mode=False)
        for block in found:
            self.add(start + block.start, start + block.end)

    def read(self, tokens: list[Token]) -> None:
        items: list[Token] = []  # open list items
        quotes = 0
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if token.map is not None and kind in _LEAVES:
                self.covered.update(range(*token.map))
            if kind == "list_item_open":
                items.append(token)
            elif kind == "list_item_close":
                items.pop()
            elif kind == "blockquote_open":
                quotes += 1
            elif kind == "blockquote_close":
                quotes -= 1
            elif token.map is None:
                pass
            elif kind == "paragraph_open":
                self.paragraph(token, tokens[i + 1], items)
                i += 2
            elif kind == "heading_open":
                self.heading(token, tokens[i + 1].content, nested=bool(items or quotes))
                i += 2
            elif kind == "hr":
                self.add(*self.lines.span(self.text, *token.map), Kind.BREAK)
            elif kind == "code_block":
                self.raw_paragraphs(*token.map)
            elif kind == "fence":
                self.fence(token)
            elif kind == "html_block":
                start, end = self.lines.span(self.text, *token.map)
                note = self.text.startswith("<!--", start)
                self.add(start, end, role=Role.NOTE if note else None)
            i += 1

    def uncovered(self) -> None:
        """Text no block was made from is read as paragraphs, never dropped.

        CommonMark leaves nothing out, but the parser stops at its nesting cap
        (a hostile nest of `>` or list markers), and storylint must never check
        less than the writer wrote without saying so.
        """
        text, lines = self.text, self.lines
        run: list[int] = []
        for number in range(len(lines.starts)):
            line = text[lines.starts[number] : lines.ends[number]]
            empty = (
                not line.strip()
                or _MARKERS_ONLY.fullmatch(line) is not None
                or _LINK_DEFINITION.match(line) is not None
            )
            if number in self.covered or empty:
                if run:
                    self.raw_paragraphs(run[0], run[-1] + 1)
                    run = []
                continue
            run.append(number)
        if run:
            self.raw_paragraphs(run[0], run[-1] + 1)
        self.blocks.sort(key=lambda block: block.start)

    def paragraph(self, token: Token, inline: Token, items: list[Token]) -> None:
        assert token.map is not None
        first, stop = token.map
        start, end = self.lines.span(self.text, first, stop)
        in_item_start = bool(items) and items[-1].map is not None and items[-1].map[0] == first
        if not in_item_start:
            # Start at the content, after any `>` markers (a list item keeps its bullet,
            # which the end-note heuristics read).
            line_start = self.lines.starts[first]
            prefix = QUOTE_PREFIX.match(self.text, line_start, self.lines.ends[first])
            start = max(start, prefix.end() if prefix else start)
        if not items:
            self.paragraphs.append(len(self.blocks))
        self.add(start, end)

    def heading(self, token: Token, content: str, nested: bool) -> None:
        assert token.map is not None
        first, stop = token.map
        start, end = self.lines.span(self.text, first, stop)
        setext = token.markup in ("=", "-")
        if nested:
            self.add(start, end)
        elif not content.strip() and not setext:
            self.add(start, end, Kind.BREAK)  # "#" alone: a scene break
        elif setext and not _heading_like(content):
            self.paragraphs.append(len(self.blocks))
            self.add(*self.lines.span(self.text, first, stop - 1))
            self.add(*self.lines.span(self.text, stop - 1, stop), Kind.BREAK)
        else:
            level = int(token.tag[1:])
            self.add(start, end, Kind.HEADING, level=level, title=" ".join(content.split()))

    def fence(self, token: Token) -> None:
        assert token.map is not None
        first, stop = token.map
        if token.info.strip() or token.markup.startswith("`"):
            self.add(*self.lines.span(self.text, first, stop), role=Role.NOTE)
            return
        # A `~~~` line without an info string: the writer's scene break, not code.
        closed = stop - first >= 2 and self.text[
            slice(*self.lines.span(self.text, stop - 1, stop))
        ].startswith(token.markup)
        self.add(*self.lines.span(self.text, first, first + 1))
        self.raw_paragraphs(first + 1, stop - 1 if closed else stop)
        if closed:
            self.add(*self.lines.span(self.text, stop - 1, stop))


def markdown_blocks(text: str) -> tuple[list[Block], bool]:
    """Blocks of a Markdown text with offsets into it, and whether it is one paragraph per line.

    Front matter and HTML comments get their roles here (front matter, note);
    headings by wording ("Chapter 3" as a paragraph) and scene-break glyphs are
    left to classify(), which every format shares.
    """
    lines = Lines.of(text)
    blocks: list[Block] = []
    body = text
    front = FRONT_MATTER.match(text)
    if front:
        end = front.end()
        while end > 0 and text[end - 1].isspace():
            end -= 1
        blocks.append(Block(0, end, Kind.TEXT, role=Role.FRONT_MATTER))
        # Blank out the front matter, keeping its line breaks so that lines still agree.
        body = re.sub(r"[^\r\n]", " ", text[: front.end()]) + text[front.end() :]
    # markdown-it makes tokens for the whole text before we see one, so the
    # paragraphs budget is checked first, on an upper bound: the non-blank lines.
    limit = budget("paragraphs")
    check_paragraph_count(sum(1 for _ in islice(_NON_BLANK_LINE.finditer(body), limit + 1)))
    body = _as_commonmark_spaces(body)
    reader = _Reader(text, lines)
    reader.read(_parser().parse(body))
    if front:
        reader.covered.update(range(bisect.bisect_left(lines.starts, front.end())))
    reader.uncovered()
    paragraphs = [reader.blocks[i] for i in reader.paragraphs]
    line_mode = unwrapped_lines(text, paragraphs)
    if line_mode:
        keep = {id(block) for block in paragraphs}
        out: list[Block] = []
        for block in reader.blocks:
            out.extend(split_lines(text, block) if id(block) in keep else [block])
        reader.blocks = out
    blocks.extend(reader.blocks)
    return blocks, line_mode
