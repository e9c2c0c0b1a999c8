"""Splitting over-long paragraphs before anything parses them.

Why: spaCy refuses a text over 1,000,000 characters (error E088, which used to
reach the writer as a traceback), and its memory and time grow with a
paragraph's length well before that. A real paragraph is a few hundred
characters; one of 100,000 is a file with no paragraph breaks (a novel on one
line, a text exported without newlines). Such a block is cut into several
paragraphs, each below the `paragraph_chars` budget, at the last sentence end
inside the budget, else the last space, else at the budget itself (a run with
no space at all, such as a line of emoji), and the writer is told which line.

It runs once, in `assemble`, after every reader, so every format behaves the
same. Offsets stay exact: each piece is a slice of the source text with its
edge whitespace left out, exactly as the readers' own paragraphs are.
"""

from __future__ import annotations

import re

from storylint.ingest.blocks import Block, Kind, Parsed

# spaCy's own ceiling (nlp.max_length): a budget set above it in storylint.toml
# must still never give E088.
SPACY_MAX_CHARS = 999_999
# A sentence end: a stop, then closing quotes or brackets, then whitespace.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")


def cut_point(text: str, start: int, end: int, limit: int) -> int:
    """Where the piece starting at `start` ends: a sentence end, else a space, else hard."""
    window_end = start + limit
    if end <= window_end:
        return end
    last = None
    for match in _SENTENCE_END.finditer(text, start, window_end):
        last = match
    if last is not None and last.end() > start:
        return last.end()
    for match in _SPACE.finditer(text, start, window_end):
        last = match
    if last is not None and last.start() > start:
        return last.end()
    return window_end


def _pieces(text: str, block: Block, limit: int) -> list[Block]:
    """`block` cut into blocks of at most `limit` characters, edge whitespace left out."""
    pieces: list[Block] = []
    position = block.start
    while position < block.end:
        cut = cut_point(text, position, block.end, limit)
        piece_start, piece_end = position, cut
        while piece_start < piece_end and text[piece_start].isspace():
            piece_start += 1
        while piece_end > piece_start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > piece_start:
            piece = Block(piece_start, piece_end, block.kind, block.role, block.level)
            piece.gap = block.gap if not pieces else 0
            piece.title = block.title
            pieces.append(piece)
        position = cut
    return pieces


def split_long_paragraphs(parsed: Parsed, limit: int) -> None:
    """Cut every paragraph of `parsed` longer than `limit` characters, with a warning for each.

    Headings, breaks and chapter boundaries are never parsed, so only text
    blocks are cut. The budget is clamped to spaCy's own ceiling.
    """
    limit = max(1, min(limit, SPACY_MAX_CHARS))
    text = parsed.source.text
    if not any(b.end - b.start > limit for b in parsed.blocks):
        return
    blocks: list[Block] = []
    for block in parsed.blocks:
        if block.kind is not Kind.TEXT or block.end - block.start <= limit:
            blocks.append(block)
            continue
        pieces = _pieces(text, block, limit)
        line, _column = parsed.source.line_col(block.start)
        parsed.warnings.append(
            f"{parsed.source.path}: line {line}: a paragraph of {block.end - block.start:,} "
            f"characters was split into {len(pieces)} paragraphs of at most {limit:,} "
            "(the paragraph_chars budget)"
        )
        blocks.extend(pieces)
    parsed.blocks = blocks


__all__ = ["SPACY_MAX_CHARS", "cut_point", "split_long_paragraphs"]
