"""Markdown typed with one paragraph per line (single newlines between paragraphs).

Many writers type Markdown that way: Obsidian, iA Writer and most note apps show a
single newline as a new line, so the writer sees separate paragraphs. CommonMark
joins such lines into one paragraph, and a novel became seven paragraphs of
hundreds of thousands of characters (2.4 GB and two minutes to check, and
spaCy's length limit). The plain-text reader already reads unwrapped
one-paragraph-per-line text per line (segment.py); this is the same judgement for
Markdown: when CommonMark's paragraphs average ten or more lines and those lines
are not hard-wrapped at a fixed width, each line is a paragraph.

Why not always per line: prose written with one sentence per line ("semantic line
breaks") separates paragraphs with blank lines; its paragraphs are a few lines
each, so they stay whole. Hard-wrapped prose (cut at 72 columns by an editor)
is told apart by its line lengths, as in plain text.

Whitespace is Python's, as in plain text (segment.py): a form feed (a page break
from a word processor), U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR, U+0085
NEXT LINE, a vertical tab or a no-break space at either end of a line is left out
of that line's paragraph, so no paragraph starts or ends with one, and offsets stay
a slice of the file. A line holding only such characters is a blank line (the
parser is shown it as one, markdown_blocks.py): between paragraphs it is a gap, so
in one-paragraph-per-line text it is a scene break, as a blank line is and as it
is in plain text. Inside a line these characters are text, as in plain text.
"""

from __future__ import annotations

import re

from storylint.ingest.blocks import Block
from storylint.ingest.segment import LINE_MODE_MAX_BLANK_RATIO, is_hard_wrapped

# What a line starts with before its content: indentation and a block quote's `>`s.
# Any whitespace but a newline counts as indentation, as in plain text: a form feed
# (a page break), U+2028/U+2029, U+0085, a vertical tab or a no-break space at the
# start of a line is never part of the paragraph.
QUOTE_PREFIX = re.compile(r"[^\S\n]*(?:>[^\S\n]*)*")
MIN_LINES = 3


def unwrapped_lines(text: str, paragraphs: list[Block]) -> bool:
    """Whether these CommonMark paragraphs are really one paragraph per line."""
    if not paragraphs:
        return False
    lines = sum(text.count("\n", b.start, b.end) + 1 for b in paragraphs)
    if lines < MIN_LINES:
        return False
    # The plain-text rule: at most one blank-line gap per ten lines.
    if len(paragraphs) > max(1, LINE_MODE_MAX_BLANK_RATIO * lines):
        return False
    sample: list[str] = []
    size = 0
    for block in paragraphs:
        sample.append(text[block.start : block.end])
        size += block.end - block.start
        if size > 200_000:
            break
    return not is_hard_wrapped("\n".join(sample))


def split_lines(text: str, block: Block) -> list[Block]:
    """One block per non-blank line of a paragraph, after any `>` quote markers."""
    out: list[Block] = []
    position = block.start
    while position < block.end:
        newline = text.find("\n", position, block.end)
        stop = block.end if newline == -1 else newline
        prefix = QUOTE_PREFIX.match(text, position, stop)
        start = prefix.end() if prefix else position
        end = stop
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Block(start, end, block.kind, block.role, gap=1 if out else block.gap))
        position = stop + 1
    return out
