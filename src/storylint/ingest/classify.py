"""Finding headings and scene breaks among a file's paragraph blocks.

Works on blocks rather than raw text so that every format shares it: plain
text gets all its structure here, Markdown what its parser leaves, Word and HTML get
the structure their styles did not declare (a "Chapter 3" typed as a normal
paragraph, a "* * *" line).
"""

from __future__ import annotations

from dataclasses import replace

from storylint.decisions.inline import marker_spans
from storylint.ingest.blocks import Block, Kind, Parsed
from storylint.ingest.patterns import patterns
from storylint.manuscript import Role

_MAX_HEADING_CHARS = 120
_MAX_SUBTITLE_WORDS = 8
_TERMINAL = tuple(".!?,;:…\"”’'")


def heading_of(line: str) -> tuple[int, str, bool] | None:
    """(declared level or 0, title, whether a subtitle line may follow a bare 'Chapter 1').

    None when the line is not a heading.
    """
    line = line.strip()
    if not line or len(line) > _MAX_HEADING_CHARS:
        return None
    p = patterns()
    atx = p.atx_heading.match(line)
    if atx:
        title = atx.group("title").strip()
        return (len(atx.group("hashes")), title, False) if title else None
    for pattern in (p.chapter_heading, p.part_heading, p.standalone_heading):
        match = pattern.match(line)
        if match:
            has_title = bool(match.groupdict().get("title") or match.groupdict().get("bare"))
            return 0, line, not has_title
    if p.bare_number.match(line):
        return 0, line, True
    return None


def _subtitle_like(line: str) -> bool:
    line = line.strip()
    return (
        bool(line)
        and len(line.split()) <= _MAX_SUBTITLE_WORDS
        and line[0].isupper()
        and not line.endswith(_TERMINAL)
        and not patterns().is_break_line(line)
    )


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the non-empty lines in text[start:end], trimmed."""
    spans = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        a, b = pos, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
        pos = stop + 1
    return spans


def _classify_block(text: str, block: Block) -> list[Block]:
    p = patterns()
    if text.find("\n", block.start, block.end) == -1:
        line = text[block.start : block.end]
        if p.is_break_line(line):
            return [replace(block, kind=Kind.BREAK)]
        heading = heading_of(line)
        if heading:
            level, title, _bare = heading
            return [replace(block, kind=Kind.HEADING, level=level, title=title)]
        return [block]
    lines = _lines(text, block.start, block.end)
    # Setext heading: "Title" underlined with === or ---.
    if len(lines) == 2 and p.setext_underline.match(text[lines[1][0] : lines[1][1]]):
        first = text[lines[0][0] : lines[0][1]]
        if _subtitle_like(first) or heading_of(first):
            level = 1 if text[lines[1][0]] == "=" else 2
            return [replace(block, kind=Kind.HEADING, level=level, title=first.strip())]
    # A break line inside a block: split around it.
    for i, (a, b) in enumerate(lines):
        if p.is_break_line(text[a:b]):
            out: list[Block] = []
            if i:
                out += _classify_block(text, replace(block, end=lines[i - 1][1]))
            out.append(Block(a, b, Kind.BREAK, gap=1))
            if i + 1 < len(lines):
                out += _classify_block(text, Block(lines[i + 1][0], block.end, gap=1))
            return out
    # A heading as the first line: split it off, taking a subtitle line with it.
    first = text[lines[0][0] : lines[0][1]]
    heading = heading_of(first)
    if heading is None:
        return [block]
    level, title, bare = heading
    used = 1
    if bare and len(lines) > 2 and _subtitle_like(text[lines[1][0] : lines[1][1]]):
        title = f"{title.rstrip('.')}: {text[lines[1][0] : lines[1][1]]}"
        used = 2
    head = replace(block, end=lines[used - 1][1], kind=Kind.HEADING, level=level, title=title)
    rest = Block(lines[used][0], block.end, gap=1)
    return [head, *_classify_block(text, rest)]


def _merge_subtitles(text: str, blocks: list[Block]) -> list[Block]:
    """'Chapter 1' then a blank line then 'The Beginning': one heading."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        after = blocks[i + 2] if i + 2 < len(blocks) else None
        if (
            block.kind is Kind.HEADING
            and block.level == 0
            and nxt is not None
            and after is not None
            and after.kind is Kind.TEXT
            and nxt.kind is Kind.TEXT
            and nxt.role is None
            and text.count("\n", block.end, nxt.start) <= 2
            and text.find("\n", nxt.start, nxt.end) == -1
            and _subtitle_like(text[nxt.start : nxt.end])
            and (heading_of(text[block.start : block.end]) or (0, "", False))[2]
        ):
            title = f"{(block.title or '').rstrip('.')}: {text[nxt.start : nxt.end]}"
            out.append(replace(block, end=nxt.end, title=title))
            i += 2
            continue
        out.append(block)
        i += 1
    return out


def _split_markers(text: str, blocks: list[Block]) -> tuple[list[Block], set[tuple[int, int]]]:
    """Cut acceptance-marker lines (storylint.decisions.inline) out of paragraph blocks.

    A marker is the writer talking to storylint, never story: it becomes a
    block of its own (its span is returned; dropped once gaps are counted), and the
    lines around it stay paragraphs with their exact offsets.
    """
    out: list[Block] = []
    markers: set[tuple[int, int]] = set()
    for block in blocks:
        spans = marker_spans(text, block.start, block.end) if block.kind is Kind.TEXT else []
        if not spans:
            out.append(block)
            continue
        pos = block.start
        for a, b in [*spans, (block.end, block.end)]:
            lines = _lines(text, pos, a)
            if lines:
                out.append(replace(block, start=lines[0][0], end=lines[-1][1]))
            if a < b:
                markers.add((a, b))
                out.append(Block(a, b, Kind.TEXT, Role.NOTE))
            pos = b
    return out, markers


def classify(parsed: Parsed) -> None:
    """Turn TEXT blocks that are headings or scene breaks into HEADING/BREAK blocks.

    Markdown's own structure (front matter, comments, `#` headings, thematic
    breaks) is read by its parser first (readers/markdown_blocks.py); what is
    left here is shared by every format.
    """
    text = parsed.source.text
    blocks, markers = _split_markers(text, parsed.blocks)
    out: list[Block] = []
    for block in blocks:
        if block.kind is Kind.TEXT and block.role is None:
            out.extend(_classify_block(text, block))
        elif block.kind is Kind.HEADING and block.title is None:
            line = text[block.start : block.end]
            block.title = " ".join(line.split())
            out.append(block)
        else:
            out.append(block)
    out = _merge_subtitles(text, out)
    previous_end = 0
    for block in out:
        block.gap = text.count("\n", previous_end, block.start)
        previous_end = max(previous_end, block.end)
    # Markers counted for the gaps (the paragraph after one is not after a blank
    # stretch), but no note heuristic or chapter may see them.
    parsed.blocks = [block for block in out if (block.start, block.end) not in markers]
