"""The manuscript text of the HTML report, rendered once on the server side with highlights.

Why static HTML and not JavaScript: a 200,000-word novel is thousands of
paragraphs, and a page that builds them in the browser is slow to open and
shows nothing without scripts. Here every paragraph is written out once, and
each highlighted passage is cut into *segments* (the stretches of text covered
by the same set of passages), so overlapping or nested passages from several
findings still produce well-formed HTML. Each segment gets an id; a passage is
the list of its segment ids, which the findings list links to.

The text is the manuscript's own paragraphs (story, notes, headings) in source
order; when a report has no manuscript (a programmatic caller built findings
by hand) the evidence's source texts are split on blank lines instead.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise
from pathlib import PurePath

from storylint.manuscript import Manuscript, Role, SourceText

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
# Text kept around a passage in the findings list, so the quote reads in context.
CONTEXT_CHARS = 70
# The text pane is cut into chunks of this many paragraphs; the browser skips
# laying out chunks that are off screen (CSS content-visibility), so opening a
# whole novel costs about as much as opening one chapter.
CHUNK_BLOCKS = 40


@dataclass(frozen=True)
class Block:
    """One paragraph of the text pane, with its place in the manuscript's structure."""

    source: SourceText
    start: int
    end: int
    role: Role
    chapter: int | None  # index into Manuscript.chapters; None outside any chapter
    scene: int | None
    chapter_heading: bool = False


@dataclass(frozen=True)
class Span:
    """A stretch of source text to mark: a finding's passage, or an anchor for a link."""

    key: Hashable
    path: str
    start: int
    end: int
    classes: str = ""  # CSS classes of an evidence mark; "" for a plain anchor
    finding: int | None = None  # the finding's index in the report, for evidence


@dataclass
class RenderedText:
    """The text pane's HTML and how to find things in it."""

    html: str
    segments: dict[Hashable, list[str]] = field(default_factory=dict)  # span key -> segment ids
    span_blocks: dict[Hashable, int] = field(default_factory=dict)  # span key -> block index
    blocks: list[Block] = field(default_factory=list)
    block_ids: list[str] = field(default_factory=list)
    chapter_ids: dict[int, str] = field(default_factory=dict)  # chapter index -> element id
    scene_ids: dict[tuple[int, int], str] = field(default_factory=dict)
    _index: dict[str, tuple[list[int], list[int]]] | None = field(default=None, repr=False)

    def block_at(self, path: str, offset: int) -> int | None:
        """Index of the block of `path` containing `offset` (or the next one), for links."""
        if self._index is None:
            self._index = {}
            for i, block in enumerate(self.blocks):
                starts, indices = self._index.setdefault(block.source.path, ([], []))
                starts.append(block.start)
                indices.append(i)
        if path not in self._index:
            return None
        starts, indices = self._index[path]
        k = bisect.bisect_right(starts, offset) - 1
        if k >= 0 and offset < self.blocks[indices[k]].end:
            return indices[k]
        return indices[k + 1] if k + 1 < len(indices) else None


def manuscript_blocks(manuscript: Manuscript) -> list[Block]:
    """Every paragraph (story or not) in source order, tagged with its chapter and scene."""
    where: dict[int, tuple[int, int | None, bool]] = {}
    for ci, chapter in enumerate(manuscript.chapters):
        if chapter.heading is not None:
            where[id(chapter.heading)] = (ci, None, True)
        for scene in chapter.scenes:
            for paragraph in scene.paragraphs:
                where[id(paragraph)] = (ci, scene.index, False)
    blocks = []
    for paragraph in manuscript.all_paragraphs():
        chapter_index, scene_index, heading = where.get(id(paragraph), (None, None, False))
        blocks.append(
            Block(
                paragraph.source,
                paragraph.start,
                paragraph.end,
                paragraph.role,
                chapter_index,
                scene_index,
                heading,
            )
        )
    return blocks


def plain_blocks(sources: Iterable[SourceText]) -> list[Block]:
    """Blank-line paragraphs of bare source texts, when no Manuscript came with the report."""
    blocks = []
    for source in sources:
        text = source.text
        start = 0
        for gap in [*_BLANK_LINE.finditer(text), None]:
            end = gap.start() if gap is not None else len(text)
            if text[start:end].strip():
                blocks.append(Block(source, start, end, Role.STORY, None, None))
            if gap is not None:
                start = gap.end()
    return blocks


def _spans_by_block(blocks: list[Block], spans: Iterable[Span]) -> list[list[Span]]:
    """Each block's spans, clipped to it; a span across paragraphs lands in each of them."""
    per_block: list[list[Span]] = [[] for _ in blocks]
    by_path: dict[str, tuple[list[int], list[int]]] = {}
    for i, block in enumerate(blocks):
        starts, indices = by_path.setdefault(block.source.path, ([], []))
        starts.append(block.start)
        indices.append(i)
    for path, (starts, indices) in by_path.items():
        order = sorted(range(len(starts)), key=starts.__getitem__)
        by_path[path] = ([starts[j] for j in order], [indices[j] for j in order])
    for span in spans:
        if span.path not in by_path or span.end <= span.start:
            continue
        starts, indices = by_path[span.path]
        k = max(bisect.bisect_right(starts, span.start) - 1, 0)
        while k < len(starts) and starts[k] < span.end:
            block = blocks[indices[k]]
            lo, hi = max(span.start, block.start), min(span.end, block.end)
            if lo < hi:
                per_block[indices[k]].append(
                    Span(span.key, span.path, lo, hi, span.classes, span.finding)
                )
            k += 1
    return per_block


class _Writer:
    """Accumulates the text pane's HTML and the ids of everything linked to."""

    def __init__(self, prefix: str, rendered: RenderedText) -> None:
        self.prefix = prefix
        self.rendered = rendered
        self.parts: list[str] = []
        self.segment_count = 0

    def segment(self, text: str, cover: list[Span]) -> str:
        self.segment_count += 1
        sid = f"{self.prefix}s{self.segment_count}"
        for span in cover:
            self.rendered.segments.setdefault(span.key, []).append(sid)
        evidence = [s for s in cover if s.finding is not None]
        if not evidence:
            return f'<span id="{sid}" class="anchor">{text}</span>'
        findings = sorted({s.finding for s in evidence if s.finding is not None})
        classes = _merge_classes(s.classes for s in evidence)
        data = " ".join(map(str, findings))
        return f'<mark id="{sid}" class="ev {classes}" data-f="{data}">{text}</mark>'

    def inline(self, block: Block, spans: list[Span]) -> str:
        """The block's text with its spans cut into segments."""
        text = block.source.text
        if not spans:
            return escape(text[block.start : block.end], quote=False)
        cuts = {block.start, block.end}
        for span in spans:
            cuts.update((span.start, span.end))
        out = []
        for lo, hi in pairwise(sorted(cuts)):
            piece = escape(text[lo:hi], quote=False)
            cover = [s for s in spans if s.start <= lo and s.end >= hi]
            out.append(self.segment(piece, cover) if cover else piece)
        return "".join(out)


_SEVERITY_ORDER = ("sev-info", "sev-warning", "sev-error")


def _merge_classes(class_lists: Iterable[str]) -> str:
    """One mark for several passages: the most severe finding's colour, contradiction first."""
    classes: set[str] = set()
    for item in class_lists:
        classes.update(item.split())
    severity = max(
        (c for c in classes if c in _SEVERITY_ORDER), key=_SEVERITY_ORDER.index, default=""
    )
    role = "role-contradiction" if "role-contradiction" in classes else "role-established"
    return f"{severity} {role}".strip()


_APART_LABEL = {
    Role.NOTE: "note",
    Role.SUMMARY: "summary",
    Role.EPIGRAPH: "epigraph",
    Role.DEDICATION: "dedication",
    Role.FRONT_MATTER: "front matter",
    Role.TITLE: "title",
    Role.HEADING: "heading",
}


def render_text(
    blocks: list[Block],
    spans: Iterable[Span],
    *,
    prefix: str,
    manuscript: Manuscript | None,
) -> RenderedText:
    """The text pane for one manuscript: a section per chapter, paragraphs in chunks."""
    rendered = RenderedText(html="", blocks=blocks)
    writer = _Writer(prefix, rendered)
    per_block = _spans_by_block(blocks, spans)
    chapters = manuscript.chapters if manuscript is not None else []
    several_sources = len({id(b.source) for b in blocks}) > 1
    parts = writer.parts
    state = _Sections(parts)
    current_chapter: int | None = None
    current_scene: int | None = None
    current_source: SourceText | None = None
    for bi, block in enumerate(blocks):
        block_id = f"{prefix}p{bi}"
        rendered.block_ids.append(block_id)
        for span in per_block[bi]:
            rendered.span_blocks.setdefault(span.key, bi)
        if block.chapter is not None and block.chapter != current_chapter:
            current_chapter, current_scene = block.chapter, None
            chapter_id = f"{prefix}c{block.chapter}"
            rendered.chapter_ids[block.chapter] = chapter_id
            state.open_section(f'<section class="part chapter" id="{chapter_id}">')
            if not block.chapter_heading and len(chapters) > 1:
                label = escape(chapters[block.chapter].label)
                parts.append(f'<h2 class="chapter-label">{label}</h2>')
        elif not state.section_open:
            state.open_section(f'<section class="part" id="{prefix}front">')
        if several_sources and block.source is not current_source:
            current_source = block.source
            state.close_chunk()
            parts.append(f'<p class="file-divider">{escape(PurePath(block.source.path).name)}</p>')
        if block.scene is not None:
            if current_scene is not None and block.scene != current_scene:
                state.close_chunk()
                parts.append('<hr class="scene-break">')
            if block.scene != current_scene and block.chapter is not None:
                rendered.scene_ids[(block.chapter, block.scene)] = block_id
            current_scene = block.scene
        state.add(_block_html(block, block_id, writer.inline(block, per_block[bi])))
    state.close_section()
    rendered.html = "".join(parts)
    return rendered


class _Sections:
    """Opens and closes chapter sections and the paragraph chunks inside them."""

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts
        self.section_open = False
        self.in_chunk = 0

    def open_section(self, tag: str) -> None:
        self.close_section()
        self.parts.append(tag)
        self.section_open = True

    def close_section(self) -> None:
        self.close_chunk()
        if self.section_open:
            self.parts.append("</section>")
            self.section_open = False

    def close_chunk(self) -> None:
        if self.in_chunk:
            self.parts.append("</div>")
            self.in_chunk = 0

    def add(self, html: str) -> None:
        if not self.in_chunk:
            self.parts.append('<div class="chunk">')
        self.parts.append(html)
        self.in_chunk += 1
        if self.in_chunk >= CHUNK_BLOCKS:
            self.close_chunk()


def _block_html(block: Block, block_id: str, inner: str) -> str:
    line = block.source.line_col(block.start)[0]
    if block.chapter_heading:
        return f'<h2 id="{block_id}" class="heading" data-l="{line}">{inner}</h2>'
    if block.role is Role.STORY:
        return f'<p id="{block_id}" data-l="{line}">{inner}</p>'
    if block.role is Role.TITLE:
        return f'<h1 id="{block_id}" class="title" data-l="{line}">{inner}</h1>'
    if block.role is Role.HEADING:
        return f'<h3 id="{block_id}" class="heading" data-l="{line}">{inner}</h3>'
    label = _APART_LABEL.get(block.role, str(block.role))
    return (
        f'<p id="{block_id}" class="apart" data-role="{escape(label)}" data-l="{line}">{inner}</p>'
    )


def context(source: SourceText, start: int, end: int, block: Block | None) -> tuple[str, str]:
    """Up to CONTEXT_CHARS of the paragraph before and after a passage, cut at word breaks."""
    lo = block.start if block is not None else max(0, start - CONTEXT_CHARS * 2)
    hi = block.end if block is not None else min(len(source.text), end + CONTEXT_CHARS * 2)
    before = source.text[max(lo, start - CONTEXT_CHARS) : start]
    after = source.text[end : min(hi, end + CONTEXT_CHARS)]
    if start - CONTEXT_CHARS > lo and " " in before:
        before = "\u2026" + before[before.index(" ") + 1 :]
    if end + CONTEXT_CHARS < hi and " " in after:
        after = after[: after.rindex(" ")]
        after += "" if after.endswith((".", "!", "?", "\u201d", '"')) else "\u2026"
    return before, after
