"""Word comments: a copy of the writer's .docx with each finding as an editor's comment.

Why: most writers never open a terminal; they review an editor's notes in
Word, LibreOffice or Google Docs. So the findings arrive the same way, as
comments by "storylint" anchored on the passages they quote.

Why this shape:
- The manuscript is only read. The reviewed copy is built in memory and
  returned as bytes; the CLI writes it to `-o`, which may never be the
  manuscript itself (`check_request`).
- Formatting survives because nothing is rebuilt: a passage's edges are made
  run boundaries by splitting the existing runs there (both halves keep the
  run's properties), and the comment markers go between runs.
- Offsets in findings refer to storylint's extracted text; the reader's own
  walk (`paragraph_blocks`) and its paragraph normalisation
  (`normalized_positions`) lead back from them to Word paragraphs and runs.
  The walk runs under the `[input]` settings the manuscript was checked with
  (`ManuscriptResult.read_settings`: tracked changes accepted or rejected,
  budgets), so it finds exactly the text the findings point into; a file
  that no longer reads so has changed since, and is refused, not guessed at.
- Reproducible: with `SOURCE_DATE_EPOCH` set (https://reproducible-builds.org/
  specs/source-date-epoch/), every date the copy would take from the clock
  (each comment's date, docProps/core.xml's modified date, the zip members'
  timestamps) is that moment instead, so two runs give the same bytes and a
  build that keeps the reviewed copy can check it. Without it, the comments
  are dated now, as an editor's would be.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storylint.errors import StorylintError
from storylint.findings import Evidence, Finding
from storylint.report.base import ManuscriptResult, Report, one_line

if TYPE_CHECKING:
    from docx.document import Document

    from storylint.ingest.blocks import Block
    from storylint.ingest.settings import ReadSettings

AUTHOR = "storylint"
INITIALS = "SL"
SUFFIX = ".docx"
# Quotes inside comments are reminders of where the other passage is, not the passage itself.
MAX_QUOTE = 120
# Run children that can hold text (see `docx_walk.piece_text`), in document order.
_RUN_TEXT = "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab | w:delText | w:sym"
# Characters XML 1.0 cannot hold; a finding's message must never make the file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A zip member's timestamp must lie within these (the DOS date format: 1980 to 2107).
_ZIP_EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
_ZIP_LATEST = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)


def check_request(paths: Sequence[str], output: str | None) -> None:
    """Refuse what cannot work before a long check runs: one .docx in, a new file out."""
    if output is None:
        raise StorylintError("--format docx writes a Word document; name it with -o FILE.docx")
    if len(paths) != 1:
        raise StorylintError(
            f"--format docx annotates one .docx manuscript at a time; got {len(paths)} paths"
        )
    path = paths[0]
    if os.path.isdir(path) or os.path.splitext(path)[1].lower() != SUFFIX:
        kind = "a folder" if os.path.isdir(path) else f"a '{os.path.splitext(path)[1]}' file"
        raise StorylintError(
            f"{path}: --format docx needs a .docx manuscript, not {kind};"
            " use --format markdown or html instead"
        )
    if os.path.exists(output) and os.path.exists(path) and os.path.samefile(path, output):
        raise StorylintError(f"{output}: is the manuscript being checked; not overwriting it")
    source_date()  # a malformed SOURCE_DATE_EPOCH fails now, not after the check


def render(report: Report, **_: Any) -> bytes:
    """The reviewed copy of the one checked .docx manuscript, or b"" when none was checked."""
    checked = [r for r in report.results if r.checked]
    if not checked:
        return b""  # the CLI has already said why on stderr
    if len(report.results) != 1 or not checked[0].path.lower().endswith(SUFFIX):
        raise StorylintError("--format docx annotates exactly one .docx manuscript")
    return annotate(checked[0])


def annotate(result: ManuscriptResult) -> bytes:
    """Read the manuscript again, attach every finding as a comment, return the new file."""
    import docx

    from storylint.ingest.readers.common import library_errors

    when = source_date()
    with library_errors(result.path, SUFFIX):
        document = docx.Document(result.path)
    paths = {result.path, *result.sources}
    anchors = _Anchors(document, result.path, result.read_settings)
    planned = [_plan(finding, paths, anchors) for finding in result.findings]
    anchors.split_runs([n for notes in planned for n in notes])
    for notes in planned:
        for note in notes:
            _add_comment(document, anchors, note, when)
    if when is not None:
        properties = document.core_properties
        properties.modified = when
        if properties.created is None:
            properties.created = when
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    return data if when is None else _restamp(data, when)


# --- reproducible output --------------------------------------------------------------


def source_date() -> dt.datetime | None:
    """The moment `SOURCE_DATE_EPOCH` names (UTC), or None when it is unset or empty.

    A value that is not a whole number of seconds is refused (one line, exit 2)
    rather than ignored: a build that sets it wants reproducible bytes, and
    silently getting the clock instead would break that without a word.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise StorylintError(
            f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970-01-01"
        ) from None


def _restamp(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every member dated `when` (python-docx dates them with the clock).

    Member order, names, compression and attributes are kept; only the date
    changes. Zip dates run from 1980 to 2107, so a moment outside is stored as
    the nearest end.
    """
    stamp = min(max(when, _ZIP_EARLIEST), _ZIP_LATEST).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = info.compress_type
            member.external_attr = info.external_attr
            member.create_system = info.create_system
            target.writestr(member, source.read(info))
    return out.getvalue()


# --- where passages are in the Word document ------------------------------------------


@dataclass(frozen=True)
class _Point:
    """A character of the extracted text, found in a Word paragraph's own text."""

    paragraph: int  # index into _Anchors.paragraphs
    char: int  # index into that paragraph's `.text`


def _order(point: _Point) -> tuple[int, int]:
    return point.paragraph, point.char


@dataclass
class _Note:
    """One comment to add: its span (first and last character) and its paragraphs."""

    first: _Point
    last: _Point
    heading: str
    lines: list[str]


class _Anchors:
    """Maps extracted-text offsets to Word paragraphs, runs and characters."""

    def __init__(self, document: Document, path: str, settings: ReadSettings | None = None) -> None:
        self.document = document
        self.path = path
        self._load(settings)
        self._positions: dict[int, list[int]] = {}
        self._checked_against: str | None = None

    def _load(self, settings: ReadSettings | None) -> None:
        """The reader's walk under the settings the file was checked with (None: those in
        force), so that tracked changes are taken or left exactly as the check read them."""
        from storylint.ingest.blocks import normalize_paragraph
        from storylint.ingest.readers.docx_format import paragraph_blocks
        from storylint.ingest.settings import use_settings

        with use_settings(settings):
            pairs = paragraph_blocks(self.document)
        self.paragraphs = [paragraph for paragraph, _ in pairs]
        self.blocks: list[Block] = [block for _, block in pairs]
        self._starts = [block.start for block in self.blocks]
        self._texts = [normalize_paragraph(p.text) for p in self.paragraphs]

    def _matches(self, source_text: str) -> bool:
        return all(
            source_text[block.start : block.end] == text
            for block, text in zip(self.blocks, self._texts, strict=True)
        )

    def verify(self, source_text: str) -> None:
        """The findings' offsets hold only if the file still reads as it did when checked.

        The walk used the settings of the check, so a mismatch means the file changed.
        """
        if self._checked_against is source_text:
            return
        if not self._matches(source_text):
            raise StorylintError(
                f"{self.path}: changed while it was being checked; run storylint again"
            )
        self._checked_against = source_text

    def _block_at(self, offset: int, forward: bool) -> int | None:
        """The block holding `offset`, else the next (forward) or previous block."""
        import bisect

        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.blocks[index].end:
            return index
        index = index + 1 if forward else index
        return index if 0 <= index < len(self.blocks) else None

    def point(self, offset: int, forward: bool) -> _Point | None:
        from storylint.ingest.blocks import normalized_positions

        index = self._block_at(offset, forward)
        if index is None:
            return None
        block = self.blocks[index]
        local = min(max(offset, block.start), block.end - 1) - block.start
        if index not in self._positions:
            self._positions[index] = normalized_positions(self.paragraphs[index].text)
        return _Point(index, self._positions[index][local])

    def span(self, evidence: Evidence) -> tuple[_Point, _Point] | None:
        self.verify(evidence.source.text)
        first = self.point(evidence.start, forward=True)
        last = self.point(max(evidence.end - 1, evidence.start), forward=False)
        if first is None or last is None or _order(last) < _order(first):
            return None  # the passage lies wholly between paragraphs
        return first, last

    # Runs -----------------------------------------------------------------------------

    def chars(self, index: int) -> list[tuple[Any, int]]:
        """For each character of paragraph `index`'s text: (element holding it, offset in it).

        The reader's own walk (`docx_walk`) says which elements hold text, so a
        passage inside a tracked insertion, a content control, a smart tag or a
        drop cap is found where Word shows it.
        """
        return self.paragraphs[index].chars()

    def split_runs(self, notes: list[_Note]) -> None:
        """Make every passage edge a run boundary, so comments start and end between runs."""
        cuts: dict[int, set[int]] = {}
        for note in notes:
            cuts.setdefault(note.first.paragraph, set()).add(note.first.char)
            cuts.setdefault(note.last.paragraph, set()).add(note.last.char + 1)
        for index, chars in cuts.items():
            table = self.chars(index)
            # Right to left: a cut leaves every character before it where it was.
            for char in sorted(chars, reverse=True):
                if 0 < char < len(table):
                    _split_before(*table[char])

    def run_of(self, point: _Point) -> Any:
        element, _ = self.chars(point.paragraph)[point.char]
        return element.getparent()


def _split_before(element: Any, offset: int) -> None:
    """Split `element`'s run so that its character `offset` begins a new run.

    The new run copies the run's attributes and properties (bold, italics,
    font, style), so the text looks exactly as before; nothing else moves.
    """
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    from storylint.ingest.readers.docx_walk import piece_text

    run = element.getparent()
    before = [e for e in run.xpath(_RUN_TEXT) if e is not element]
    earlier = sum(len(piece_text(e)) for e in before if _precedes(e, element))
    if offset == 0 and earlier == 0:
        return  # already the first character of its run
    if offset > 0:  # only a <w:t> (or a deleted run's <w:delText>) holds more than one
        text = element.text or ""
        tail = OxmlElement("w:delText" if element.tag == qn("w:delText") else "w:t")
        tail.text = text[offset:]
        element.text = text[:offset]
        for part in (element, tail):
            part.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        element.addnext(tail)
        element = tail
    new_run = OxmlElement("w:r")
    for name, value in run.attrib.items():
        new_run.set(name, value)
    properties = run.find(qn("w:rPr"))
    if properties is not None:
        new_run.append(copy.deepcopy(properties))
    for moving in [element, *element.itersiblings()]:
        new_run.append(moving)
    run.addnext(new_run)


def _precedes(a: Any, b: Any) -> bool:
    parent = b.getparent()
    return parent.index(a) < parent.index(b)


# --- what the comments say ------------------------------------------------------------


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _short(text: str) -> str:
    text = one_line(text)
    if len(text) > MAX_QUOTE:
        text = text[: MAX_QUOTE - 1].rstrip() + "…"
    return f"“{text}”"


def _heading(finding: Finding) -> str:
    return (
        f"{finding.rule} {finding.name} "
        f"({finding.severity.value}, confidence {finding.confidence:.2f})"
    )


def _plan(finding: Finding, paths: set[str], anchors: _Anchors) -> list[_Note]:
    """One full comment on the contradicting passage, one short linked comment per other."""
    placed: list[tuple[Evidence, tuple[_Point, _Point]]] = []
    elsewhere: list[Evidence] = []
    for evidence in finding.evidence:
        span = anchors.span(evidence) if evidence.source.path in paths else None
        if span is None:
            elsewhere.append(evidence)
        elif all(span != s or evidence.role != e.role for e, s in placed):
            placed.append((evidence, span))
    if not placed:
        return []  # nothing of it is in this document
    main = next((p for p in placed if p[0] is finding.primary), placed[-1])
    lines = [one_line(finding.message)]
    if finding.explanation:
        lines.append("Why: " + one_line(finding.explanation))
    for evidence, _ in placed:
        if evidence is not main[0]:
            lines.append(
                f"{evidence.role.capitalize()}: {_short(evidence.quote)} (see the comment there)"
            )
    for evidence in elsewhere:
        where = os.path.basename(evidence.source.path)
        line, _ = evidence.source.line_col(evidence.start)
        lines.append(
            f"{evidence.role.capitalize()} in {where}, line {line}: {_short(evidence.quote)}"
        )
    notes = [_Note(*main[1], heading=_heading(finding), lines=lines)]
    for evidence, span in placed:
        if evidence is main[0]:
            continue
        notes.append(
            _Note(
                *span,
                heading=f"{finding.rule} {finding.name}: {evidence.role} here",
                lines=[f"See the comment on {_short(main[0].quote)}: {one_line(finding.message)}"],
            )
        )
    return notes


def _add_comment(
    document: Document, anchors: _Anchors, note: _Note, when: dt.datetime | None = None
) -> None:
    from docx.text.run import Run

    first = Run(anchors.run_of(note.first), anchors.paragraphs[note.first.paragraph])
    last = Run(anchors.run_of(note.last), anchors.paragraphs[note.last.paragraph])
    comment = document.add_comment([first, last], text="", author=AUTHOR, initials=INITIALS)
    if when is not None:  # python-docx dates a comment with the clock
        comment._comment_elm.date = when
    comment.paragraphs[0].add_run(_xml_safe(note.heading)).bold = True
    for line in note.lines:
        comment.add_paragraph(_xml_safe(line))
