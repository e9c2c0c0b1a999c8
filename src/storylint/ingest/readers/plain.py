"""Plain text and Markdown: the offsets are into the file's own decoded text."""

from __future__ import annotations

from pathlib import Path

from storylint.ingest.blocks import Parsed
from storylint.ingest.classify import classify
from storylint.ingest.decode import decode_text, read_bytes
from storylint.ingest.notes import mark_not_story
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
    # Markdown joins consecutive lines into one paragraph, so never split per line.
    blocks, line_mode = split_paragraphs(text, line_mode=False if markdown else None)
    parsed = Parsed(
        SourceText(path, text, extracted=False, encoding=encoding),
        blocks,
        break_gap=2 if line_mode else 3,
        warnings=list(warnings or []),
    )
    classify(parsed, markdown=markdown)
    mark_not_story(parsed)
    return parsed


def read_txt(path: Path) -> Parsed:
    text, encoding, warnings = decode_text(read_bytes(path), str(path))
    return parse_plain(text, str(path), encoding, warnings)


def read_markdown(path: Path) -> Parsed:
    text, encoding, warnings = decode_text(read_bytes(path), str(path))
    return parse_plain(text, str(path), encoding, warnings, markdown=True)
