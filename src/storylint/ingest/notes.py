"""Marking the text around a story that is not story: notes, titles, dedications.

Fan fiction and drafts carry author's notes at the top and bottom, and
published work has dedications and epigraphs. None of it is narrated fact, so
a rule reporting on it would be a false alarm; it is kept (reports and
`extract` show it) but given a non-story Role. Every heuristic here is
conservative: marking a story paragraph as a note only hides it from checks,
but the reverse produces findings about "A/N: sorry for the late update".

The heuristics (docs/formats.md repeats them for writers):
- anywhere: a paragraph starting "A/N", "AN:", "Author's note" is a note;
- at the start of a file or chapter: paragraphs starting with a note marker
  ("Note:", "Disclaimer", "Warnings:", "Summary:", "Rating:" ...), and the
  unmarked paragraphs that follow them up to the next scene break (at most 3);
- before the first chapter heading: up to 3 short lines that do not end like
  sentences are the title and byline;
- at the start of a file, before any heading: a first paragraph of at most 40
  words standing alone before a scene break (a blank-line gap or a glyph),
  with the story continuing after it, is a title or dedication by its shape, or
  a note when it talks about the story or to the reader (`leading_note_words`:
  "I", "you", "story", "chapter", "set in", ...); otherwise it is the story's
  opening scene. "Dedicated to"/"In memory of", or a short "For ..."/"To ..."
  line without final punctuation, is a dedication;
- at the start of a chapter: a quotation followed by an attribution line
  ("— Author") is an epigraph;
- at the end of a file or chapter: a final run of bulleted paragraphs after a
  scene break, or everything from an end-note marker ("Notes:", "Thanks for
  reading") among the last paragraphs, is a note.
"""

from __future__ import annotations

from storylint.ingest.blocks import Block, Kind, Parsed
from storylint.ingest.patterns import patterns
from storylint.manuscript import Role

LEADING_NOTE_MAX_WORDS = 40
CONTINUATION_MAX_BLOCKS = 3
CONTINUATION_MAX_WORDS = 150
DEDICATION_MAX_WORDS = 8
STRONG_DEDICATION_MAX_WORDS = 15
TITLE_MAX_WORDS = 10
FRONT_MATTER_MAX_BLOCKS = 3
FRONT_MATTER_MAX_WORDS = 15
EPIGRAPH_MAX_WORDS = 80
ATTRIBUTION_MAX_WORDS = 8
TRAILING_WINDOW = 10
# Gaps this common are the writer's spacing, not scene breaks.
SPACING_GAP_SHARE = 0.25
_TERMINAL = tuple(".!?…\"”’'")


class _View:
    """The blocks of one file with the questions the heuristics ask of them."""

    def __init__(self, parsed: Parsed) -> None:
        self.text = parsed.source.text
        self.blocks = parsed.blocks
        self.break_gap = parsed.break_gap
        self.roles_known = parsed.roles_known

    def words(self, i: int) -> int:
        b = self.blocks[i]
        return len(self.text[b.start : b.end].split())

    def first_line(self, i: int) -> str:
        b = self.blocks[i]
        nl = self.text.find("\n", b.start, b.end)
        return self.text[b.start : b.end if nl == -1 else nl]

    def body(self, i: int) -> str:
        b = self.blocks[i]
        return self.text[b.start : b.end]

    def open_text(self, i: int) -> bool:
        """A paragraph whose role the format did not fix."""
        b = self.blocks[i]
        return b.kind is Kind.TEXT and b.role is None

    def break_before(self, i: int) -> bool:
        """Whether a scene break, heading or the end of the file separates block i-1 from i."""
        if i >= len(self.blocks):
            return True
        if i <= 0:
            return False
        bounds = (Kind.BREAK, Kind.HEADING, Kind.CHAPTER)
        if self.blocks[i - 1].kind in bounds or self.blocks[i].kind in bounds:
            return True
        return self.break_gap is not None and self.blocks[i].gap >= self.break_gap

    def story_after(self, i: int, end: int) -> int:
        return sum(1 for j in range(i, end) if self.open_text(j))


def effective_break_gap(parsed: Parsed) -> int | None:
    """The file's break gap, unless such gaps are everywhere (then they are spacing)."""
    if parsed.break_gap is None:
        return None
    gaps = [b.gap for b in parsed.blocks[1:] if b.kind is Kind.TEXT]
    wide = sum(1 for g in gaps if g >= parsed.break_gap)
    if wide > 3 and wide > SPACING_GAP_SHARE * len(gaps):
        return None
    return parsed.break_gap


def _sections(blocks: list[Block]) -> list[tuple[int, int]]:
    """[start, end) index ranges between chapter boundaries and headings."""
    bounds = [i for i, b in enumerate(blocks) if b.kind in (Kind.HEADING, Kind.CHAPTER)]
    sections = []
    start = 0
    for i in bounds:
        sections.append((start, i))
        start = i + 1
    sections.append((start, len(blocks)))
    return [(a, b) for a, b in sections if a < b]


def _set(block: Block, role: Role) -> None:
    if block.role is None:
        block.role = role


def _mark_strong_notes(view: _View) -> None:
    strong = patterns().strong_note
    for i, block in enumerate(view.blocks):
        if view.open_text(i) and strong.match(view.body(i)):
            block.role = Role.NOTE


def _next_break(view: _View, i: int, end: int) -> int:
    j = i
    while j < end and not (j > i and view.break_before(j)) and view.blocks[j].kind is Kind.TEXT:
        j += 1
    return j


def _mark_leading(view: _View, start: int, end: int, at_file_start: bool) -> None:
    p = patterns()
    i = start
    marked = False
    while i < end and view.blocks[i].kind is Kind.TEXT:
        block = view.blocks[i]
        if block.role is not None and block.role is not Role.NOTE:
            break  # the format decided (an AO3 summary): not ours to extend
        role = p.leading_role(view.body(i))
        if role is None:
            break
        _set(block, role)
        marked = True
        i += 1
    if marked:
        if i < end and not view.break_before(i):
            stop = _next_break(view, i, end)
            span = range(i, stop)
            if (
                stop < end
                and len(span) <= CONTINUATION_MAX_BLOCKS
                and sum(view.words(j) for j in span) <= CONTINUATION_MAX_WORDS
                and view.story_after(stop, end) > 0
            ):
                for j in span:
                    _set(view.blocks[j], Role.NOTE)
        return
    if at_file_start and not view.roles_known and i < end and view.open_text(i):
        _mark_opening(view, i, end)


def _dedication(view: _View, i: int) -> bool:
    p = patterns()
    text = view.body(i)
    words = view.words(i)
    if p.strong_dedication.match(text) and words <= STRONG_DEDICATION_MAX_WORDS:
        return True
    return (
        bool(p.dedication.match(text))
        and words <= DEDICATION_MAX_WORDS
        and "\n" not in text
        and not text.endswith(_TERMINAL)
    )


def _mark_opening(view: _View, i: int, end: int) -> None:
    """The first paragraph of a file: dedication, or a short note before a break."""
    if _dedication(view, i):
        view.blocks[i].role = Role.DEDICATION
        return
    if (
        view.words(i) <= LEADING_NOTE_MAX_WORDS
        and view.break_before(i + 1)
        and i + 1 < end
        and view.story_after(i + 1, end) >= 2
    ):
        text = view.body(i)
        if patterns().dedication.match(text) and view.words(i) <= DEDICATION_MAX_WORDS:
            role = Role.DEDICATION
        elif "\n" not in text and view.words(i) <= TITLE_MAX_WORDS and not text.endswith(_TERMINAL):
            role = Role.TITLE
        elif patterns().note_words.search(text):
            role = Role.NOTE
        else:
            return  # a short opening scene, not a note: its facts count
        view.blocks[i].role = role


def _mark_front_matter(view: _View) -> None:
    """A title and byline before the first chapter heading."""
    first_heading = next(
        (i for i, b in enumerate(view.blocks) if b.kind is Kind.HEADING and b.role is None), None
    )
    if first_heading is None or first_heading == 0:
        return
    before = [i for i in range(first_heading) if view.blocks[i].kind is Kind.TEXT]
    open_before = [i for i in before if view.blocks[i].role is None]
    if not open_before or len(before) > FRONT_MATTER_MAX_BLOCKS:
        return
    if any(view.words(i) > FRONT_MATTER_MAX_WORDS for i in open_before):
        return
    # Titles and bylines are not sentences: no line of them ends like one.
    if any(
        line.rstrip().endswith(_TERMINAL) for i in open_before for line in view.body(i).split("\n")
    ):
        return
    for n, i in enumerate(open_before):
        single = "\n" not in view.body(i)
        view.blocks[i].role = Role.TITLE if n == 0 and single else Role.FRONT_MATTER


def _mark_epigraph(view: _View, start: int, end: int) -> None:
    """A quotation and an '— Author' line opening a chapter."""
    p = patterns()
    content = [i for i in range(start, min(end, start + 4)) if view.open_text(i)]
    if not content:
        return
    first = content[0]
    if view.blocks[first].kind is not Kind.TEXT or view.story_after(first + 1, end) == 0:
        return

    def attribution(line: str) -> bool:
        line = line.strip()
        return (
            bool(p.attribution.match(line))
            and len(line.split()) <= ATTRIBUTION_MAX_WORDS + 1
            and not line.endswith(("?", "!"))
        )

    body = view.body(first)
    lines = body.split("\n")
    if len(lines) >= 2 and attribution(lines[-1]) and view.words(first) <= EPIGRAPH_MAX_WORDS:
        if view.story_after(first + 1, end) >= 1:
            view.blocks[first].role = Role.EPIGRAPH
        return
    second = first + 1
    if (
        second < end
        and view.open_text(second)
        and "\n" not in view.body(second)
        and attribution(view.body(second))
        and view.words(first) <= EPIGRAPH_MAX_WORDS
        and view.story_after(second + 1, end) >= 1
    ):
        view.blocks[first].role = Role.EPIGRAPH
        view.blocks[second].role = Role.EPIGRAPH


def _mark_trailing(view: _View, start: int, end: int) -> None:
    p = patterns()
    texts = [i for i in range(start, end) if view.blocks[i].kind is Kind.TEXT]
    if len(texts) < 2:
        return
    # End notes begun by a marker among the last paragraphs.
    window = texts[-TRAILING_WINDOW:]
    for n, i in enumerate(window):
        if not view.open_text(i) and view.blocks[i].role is not Role.NOTE:
            continue
        body = view.body(i)
        strong = p.strong_note.match(body) is not None
        weak = p.trailing.match(body) is not None
        near_end = len(window) - n <= 3
        if not (strong or weak) or i == texts[0] or _next_break(view, i, end) < end:
            continue
        if view.break_before(i) or near_end:
            for j in texts[texts.index(i) :]:
                _set(view.blocks[j], Role.NOTE)
            return
    # A final run of bulleted paragraphs after a break.
    run_start = None
    for i in reversed(texts):
        if view.open_text(i) and p.bullet.match(view.body(i)):
            run_start = i
        else:
            break
    if run_start is None or run_start == texts[0]:
        return
    if view.break_before(run_start):
        for j in texts[texts.index(run_start) :]:
            _set(view.blocks[j], Role.NOTE)


def mark_not_story(parsed: Parsed) -> None:
    """Give non-story roles to notes, titles, dedications and epigraphs in one file."""
    parsed.break_gap = effective_break_gap(parsed)
    view = _View(parsed)
    _mark_strong_notes(view)
    sections = _sections(view.blocks)
    for n, (start, end) in enumerate(sections):
        at_file_start = n == 0 and start == 0
        _mark_leading(view, start, end, at_file_start)
        _mark_epigraph(view, start, end)
        _mark_trailing(view, start, end)
    if not parsed.roles_known:
        _mark_front_matter(view)
