"""Plain text and Markdown: the offsets are into the file's own decoded text.

Plain text is cut into paragraphs at blank lines (or per line, segment.py);
Markdown is read by a CommonMark parser (markdown_blocks.py). Both then share
structure detection (classify) and not-story marking (notes).
"""

from __future__ import annotations

from pathlib import Path

from storylint.ingest.blocks import Parsed
from storylint.ingest.classify import classify
from storylint.ingest.decode import decode_text, read_bytes
from storylint.ingest.notes import mark_not_story
from storylint.ingest.readers.markdown_blocks import markdown_blocks
from storylint.ingest.segment import split_paragraphs
from storylint.manuscript import SourceText


def parse_plain(
    text: str,
    path: str,
    encoding: str = "utf-8",
    warnings: list[str] | None = None,
    markdown: bool = False,
) -> Parsed:
    """Structure and notes of a plain or Markdown text (no file needed)."""
    if markdown:
        blocks, line_mode = markdown_blocks(text)
    else:
        blocks, line_mode = split_paragraphs(text)
    parsed = Parsed(
        SourceText(path, text, extracted=False, encoding=encoding),
        blocks,
        # One paragraph per line: a blank line is already a gap the writer made on purpose.
        break_gap=2 if line_mode else 3,
        warnings=list(warnings or []),
    )
    classify(parsed)
    mark_not_story(parsed)
    return parsed


def read_txt(path: Path) -> Parsed:
    text, encoding, warnings = decode_text(read_bytes(path), str(path))
    return parse_plain(text, str(path), encoding, warnings)


def read_markdown(path: Path) -> Parsed:
    text, encoding, warnings = decode_text(read_bytes(path), str(path))
    return parse_plain(text, str(path), encoding, warnings, markdown=True)
