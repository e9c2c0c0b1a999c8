"""Cutting plain text into paragraphs with exact offsets.

Most manuscripts separate paragraphs with blank lines. Some (copied from a web
page or a phone) put one paragraph per line with no blank lines at all; read
the usual way they would be one giant paragraph, so such files are split per
line. Hard-wrapped text (Project Gutenberg, 70-column e-mail) also has few
blank lines relative to its lines, but there the lines are wrapped sentences,
so it is told apart by its line lengths.
"""

from __future__ import annotations

import re

from storylint.ingest.blocks import Block, check_paragraph_count

# A paragraph: a maximal run of lines that are not blank. `.` stops at \n but
# takes \r, so Windows line endings need no special case.
_PARAGRAPH = re.compile(r"^[^\S\n]*\S.*(?:\n[^\S\n]*\S.*)*", re.MULTILINE)
_LINE = re.compile(r"^[^\S\n]*\S.*", re.MULTILINE)
_BLANK_SEPARATOR = re.compile(r"\n[^\S\n]*\n")

LINE_MODE_MAX_BLANK_RATIO = 0.1


def is_hard_wrapped(text: str) -> bool:
    """Lines are cut at a fixed width: almost none exceed it and most come close to it.

    The width is measured (the 95th percentile line length), since texts are
    wrapped anywhere from 50 to 80 columns.
    """
    lengths = sorted(len(line.rstrip()) for line in text[:200_000].split("\n") if line.strip())
    if len(lengths) < 3:
        return False
    width = lengths[int(0.95 * (len(lengths) - 1))]
    if not 40 <= width <= 100:
        return False
    filled = sum(1 for n in lengths if n >= 0.6 * width)
    return filled >= 0.6 * len(lengths)


def one_paragraph_per_line(text: str) -> bool:
    """Whether this text separates paragraphs by line breaks rather than blank lines."""
    lines = sum(1 for _ in _LINE.finditer(text))
    if lines < 3:
        return False
    blank_separators = len(_BLANK_SEPARATOR.findall(text))
    if blank_separators > max(1, LINE_MODE_MAX_BLANK_RATIO * lines):
        return False
    return not is_hard_wrapped(text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_paragraphs(text: str, line_mode: bool | None = None) -> tuple[list[Block], bool]:
    """Paragraph blocks (offsets exclude surrounding whitespace) and whether line mode was used."""
    if line_mode is None:
        line_mode = one_paragraph_per_line(text)
    pattern = _LINE if line_mode else _PARAGRAPH
    blocks: list[Block] = []
    previous_end = 0
    for match in pattern.finditer(text):
        start, end = _trimmed(text, match.start(), match.end())
        blocks.append(Block(start, end, gap=text.count("\n", previous_end, start)))
        previous_end = end
        if len(blocks) % 4096 == 0:  # before millions of blocks exist, not after
            check_paragraph_count(len(blocks))
    check_paragraph_count(len(blocks))
    return blocks, line_mode
