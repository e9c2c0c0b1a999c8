"""Walking WordprocessingML as Word shows it: which elements hold the writer's words.

Why our own walker rather than python-docx's `paragraph.text`: python-docx
reads only runs that are direct children of a paragraph (and hyperlinks), so
the words inside smart tags, content controls (`w:sdt`), custom XML, simple
fields and tracked insertions were silently dropped ("the king of  died"),
and a document whose body is one content control read as empty. This module
reads the lxml tree python-docx has already parsed, and decides for every
element whether Word would show its text.

What is read, and why:
- runs anywhere inside a paragraph, through any wrapper (hyperlink, smart
  tag, content control, custom XML, simple field, bidi overrides);
- `w:t` text, `w:tab`/`w:ptab` as a tab, `w:br`/`w:cr` as a line break,
  `w:noBreakHyphen` as "-", `w:sym` as the character it names; a soft
  hyphen is invisible unless a line breaks there, so it adds nothing;
- a complex field's shown result, never its instructions (`w:instrText`,
  or anything between a field's begin and separate marks);
- tracked changes as `ReadSettings.tracked_changes` says: "accept" (the
  default) reads what Word shows with changes shown, insertions and moved-to
  text in, deletions and moved-from text out; "reject" reads the text as it
  was before the changes. A paragraph whose mark is deleted (accept) or
  inserted (reject) runs into the next paragraph, as it would once the
  changes were accepted or rejected; so does a table row;
- a drop cap (a framed paragraph with `w:dropCap`) joins the paragraph it
  begins, with no space: Word made it by cutting that paragraph's first letter;
- text boxes (`w:txbxContent`): their paragraphs become paragraphs of their
  own, right after the paragraph they are anchored in. Where Word stores a
  shape twice (`mc:AlternateContent`), only the first `mc:Choice` is read
  (the `mc:Fallback` is the same shape for older readers);
- footnote and endnote references carry no text into the sentence; the
  notes themselves are read by the reader as not-story paragraphs;
- a content control still showing its placeholder ("Click or tap here to
  enter text.") is Word's prompt, not the writer's words: skipped. Equations
  (`m:oMath`) are not read: their text is symbols, not sentences.

Each paragraph is kept as `pieces`: (element, text) pairs in reading order.
The reader joins the texts; the Word comments reporter expands them to find
the element that holds any character of the extracted text, so both use the
same walk and cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{" + W + "}"
_MC = "{" + MC + "}"


def w(name: str) -> str:
    return _W + name


# Inline wrappers whose content Word shows as part of the paragraph.
_INLINE_WRAPPERS = {w(n) for n in ("hyperlink", "smartTag", "customXml", "fldSimple", "bdo", "dir")}
# Tracked changes: which wrappers each choice keeps.
_KEEP = {
    "accept": {w("ins"), w("moveTo")},
    "reject": {w("del"), w("moveFrom")},
}
_DROP = {
    "accept": {w("del"), w("moveFrom")},
    "reject": {w("ins"), w("moveTo")},
}
_NOTE_REFERENCES = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}
_DROP_CAPS = {"drop", "margin"}


def piece_text(element: Any) -> str:
    """The text one run child shows (the same whatever the tracked-changes choice)."""
    tag = element.tag
    if tag in (w("t"), w("delText")):
        return element.text or ""
    if tag in (w("tab"), w("ptab")):
        return "\t"
    if tag in (w("br"), w("cr")):
        return "\n"
    if tag == w("noBreakHyphen"):
        return "-"
    if tag == w("sym"):
        try:
            code = int(element.get(w("char")) or "", 16)
        except ValueError:
            return ""
        # A control character or half a surrogate pair is no glyph, and could not be printed.
        if code < 0x20 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            return ""
        return chr(code)
    return ""


@dataclass(eq=False)
class WordParagraph:
    """One paragraph of the extracted text, as Word elements.

    `elements` holds more than one `w:p` when paragraphs were joined (a drop
    cap, a deleted paragraph mark). `where` is "body" (the document body and
    its tables), "textbox" or "note" (a footnote or endnote).
    """

    elements: list[Any]
    pieces: list[tuple[Any, str]]
    style_id: str | None
    where: str = "body"
    part: Any = None  # the python-docx part holding it (for comments anchored here)
    mode: str = "accept"  # the tracked-changes choice it was read under

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.pieces)

    def chars(self) -> list[tuple[Any, int]]:
        """For each character of `text`: (element holding it, offset in that element).

        Re-walks the elements, so it stays right after runs are split.
        """
        walker = Walker(mode=self.mode)
        table: list[tuple[Any, int]] = []
        for p in self.elements:
            pieces, _extras = walker.inline(p)
            for element, text in pieces:
                table.extend((element, k) for k in range(len(text)))
        return table


@dataclass
class Extra:
    """Something anchored in a paragraph that is read after it: a text box or a note."""

    kind: str  # "textbox", "footnote" or "endnote"
    element: Any  # w:txbxContent, or the note's reference
    note_id: str = ""  # for notes: the id in footnotes.xml / endnotes.xml


@dataclass
class _Fields:
    """Complex-field state within one paragraph: a stack of 'instr'/'result'."""

    stack: list[str] = field(default_factory=list)

    def showing(self) -> bool:
        return "instr" not in self.stack

    def mark(self, kind: str | None) -> None:
        if kind == "begin":
            self.stack.append("instr")
        elif kind == "separate" and self.stack:
            self.stack[-1] = "result"
        elif kind == "end" and self.stack:
            self.stack.pop()


def _chosen(alternate: Any) -> Any | None:
    """The branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    for child in alternate:
        if child.tag == _MC + "Choice":
            return child
    for child in alternate:
        if child.tag == _MC + "Fallback":
            return child
    return None


class Walker:
    """Reads paragraphs and block containers under one tracked-changes choice."""

    def __init__(self, mode: str = "accept", part: Any = None) -> None:
        self.mode = mode if mode in _KEEP else "accept"
        self.part = part
        self._keep = _KEEP[self.mode]
        self._drop = _DROP[self.mode]

    # --- inside a paragraph -----------------------------------------------------------

    def inline(self, p: Any) -> tuple[list[tuple[Any, str]], list[Extra]]:
        """A paragraph's shown text as (element, text) pieces, and what is anchored in it."""
        pieces: list[tuple[Any, str]] = []
        extras: list[Extra] = []
        self._inline_children(p, pieces, extras, _Fields())
        return pieces, extras

    def _inline_children(
        self, node: Any, pieces: list[tuple[Any, str]], extras: list[Extra], fields: _Fields
    ) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comments, processing instructions
            if tag == w("r"):
                self._run(child, pieces, extras, fields)
            elif tag in _INLINE_WRAPPERS or tag in self._keep:
                self._inline_children(child, pieces, extras, fields)
            elif tag == w("sdt"):
                if not _showing_placeholder(child):
                    content = child.find(w("sdtContent"))
                    if content is not None:
                        self._inline_children(content, pieces, extras, fields)
            elif tag == _MC + "AlternateContent":
                branch = _chosen(child)
                if branch is not None:
                    self._inline_children(branch, pieces, extras, fields)
            elif tag == w("ruby"):
                base = child.find(w("rubyBase"))
                if base is not None:
                    self._inline_children(base, pieces, extras, fields)
            # w:pPr, w:del (accept), bookmarks, comments, proofing marks, m:oMath: nothing

    def _run(
        self, run: Any, pieces: list[tuple[Any, str]], extras: list[Extra], fields: _Fields
    ) -> None:
        custom_mark = False
        for child in run:
            tag = child.tag
            if not isinstance(tag, str) or tag == w("rPr"):
                continue
            if tag == w("fldChar"):
                fields.mark(child.get(w("fldCharType")))
                continue
            if tag in _NOTE_REFERENCES:
                note_id = child.get(w("id")) or ""
                extras.append(Extra(_NOTE_REFERENCES[tag], child, note_id))
                # A custom mark ("*") follows in the run's text: it is the
                # reference, not a word of the sentence.
                custom_mark = child.get(w("customMarkFollows")) in ("1", "true", "on")
                continue
            if tag in (w("drawing"), w("pict"), w("object"), _MC + "AlternateContent"):
                extras.extend(Extra("textbox", box) for box in _textboxes([child]))
                continue
            if not fields.showing() or custom_mark:
                continue
            if tag == w("delText") and self.mode != "reject":
                continue
            text = piece_text(child)
            if text:
                pieces.append((child, text))

    # --- paragraphs and their containers ----------------------------------------------

    def mark_removed(self, p: Any) -> bool:
        """Whether this paragraph's mark is gone under the choice: it runs into the next."""
        rpr = p.find(f"{w('pPr')}/{w('rPr')}")
        if rpr is None:
            return False
        return any(rpr.find(tag) is not None for tag in self._drop)

    def style_id(self, p: Any) -> str | None:
        """The paragraph style; under "reject", the style before a tracked style change."""
        ppr = p.find(w("pPr"))
        if ppr is None:
            return None
        if self.mode == "reject":
            old = ppr.find(f"{w('pPrChange')}/{w('pPr')}")
            if old is not None:
                style = old.find(w("pStyle"))
                return style.get(w("val")) if style is not None else None
        style = ppr.find(w("pStyle"))
        return style.get(w("val")) if style is not None else None

    def blocks(self, container: Any, where: str = "body") -> Iterator[tuple[WordParagraph, list]]:
        """Each paragraph under a block container, with what is anchored in it.

        Paragraphs that Word joins (a drop cap, a removed paragraph mark) come
        out as one; a joined paragraph with nothing after it stands alone.
        """
        pending: tuple[WordParagraph, list] | None = None
        for p in self._paragraph_elements(container):
            if p is None:  # a table or other boundary: nothing joins across it
                if pending is not None:
                    yield pending
                    pending = None
                continue
            pieces, extras = self.inline(p)
            paragraph = WordParagraph([p], pieces, self.style_id(p), where, self.part, self.mode)
            if pending is not None:
                first, first_extras = pending
                paragraph.elements[:0] = first.elements
                paragraph.pieces[:0] = first.pieces
                extras = first_extras + extras
                pending = None
            if self.mark_removed(p) or _drop_cap(p):
                pending = (paragraph, extras)
                continue
            yield paragraph, extras
        if pending is not None:
            yield pending

    def _paragraph_elements(self, container: Any) -> Iterator[Any]:
        """w:p elements in reading order; None between a paragraph and a table."""
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == w("p"):
                yield child
            elif tag == w("tbl"):
                yield None
                yield from self._table(child)
                yield None
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None and not _showing_placeholder(child):
                    yield from self._paragraph_elements(content)
            elif tag == w("customXml") or tag in self._keep:
                yield from self._paragraph_elements(child)
            elif tag == _MC + "AlternateContent":
                branch = _chosen(child)
                if branch is not None:
                    yield from self._paragraph_elements(branch)

    def _table(self, table: Any) -> Iterator[Any]:
        for row in _descend(table, w("tr")):
            if self._row_removed(row):
                continue
            for cell in _descend(row, w("tc")):
                if _merged_continuation(cell):
                    continue  # the merged cell's text is in the cell above
                yield from self._paragraph_elements(cell)
                yield None

    def _row_removed(self, row: Any) -> bool:
        trpr = row.find(w("trPr"))
        return trpr is not None and any(trpr.find(tag) is not None for tag in self._drop)


def _descend(node: Any, tag: str) -> Iterator[Any]:
    """Children with `tag`, looking through content controls and custom XML around them."""
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _descend(content, tag)
        elif child.tag == w("customXml"):
            yield from _descend(child, tag)


def _merged_continuation(cell: Any) -> bool:
    merge = cell.find(f"{w('tcPr')}/{w('vMerge')}")
    return merge is not None and merge.get(w("val")) in (None, "continue")


def _showing_placeholder(sdt: Any) -> bool:
    return sdt.find(f"{w('sdtPr')}/{w('showingPlcHdr')}") is not None


def _drop_cap(p: Any) -> bool:
    frame = p.find(f"{w('pPr')}/{w('framePr')}")
    return frame is not None and frame.get(w("dropCap")) in _DROP_CAPS


def _textboxes(nodes: Any) -> Iterator[Any]:
    """w:txbxContent in or under `nodes`, reading one branch of each AlternateContent."""
    for child in nodes:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == w("txbxContent"):
            yield child
        elif tag == _MC + "AlternateContent":
            branch = _chosen(child)
            if branch is not None:
                yield from _textboxes(branch)
        else:
            yield from _textboxes(child)
