"""Walking RTF as Word shows it: which groups and characters are the writer's words.

Why our own walk rather than striprtf's `rtf_to_text`: striprtf drops every
footnote and endnote (its text is lost), reads hidden text (`\\v`) as if it
were shown, appends a hyperlink's address to its text, and writes table
cells as "|". This module reads the RTF token by token, keeping per group
what RTF scopes per group (the destination, hidden text, the `\\uc` count,
the font), and decides for every character whether Word would show it in
the body, in a note, or not at all.

What is read, and why:
- body text, one paragraph per `\\par` (and `\\<newline>`, which Cocoa
  writes for it); each table cell (`\\cell`, `\\nestcell`) is a paragraph of
  its own, as a Word table cell is;
- `\\line` and `\\page` are line breaks inside the paragraph (Word's reader
  reads a page break the same way); `\\sect` ends the paragraph only if it
  has text, so "end.\\par\\sect" makes no empty paragraph (which the
  extracted text would show as a possible scene break);
- `\\tab`, the quote, dash, space and bullet words as their characters;
  `\\~` a no-break space, `\\_` "-" and `\\-` (an optional hyphen, shown only
  where a line breaks) nothing: the same as the Word reader;
- `\\'hh` bytes in the code page of the font they are in (its `\\fcharset`
  or `\\cpg`), else the document's (`\\ansicpg`; `\\ansi`, `\\mac`, `\\pc`,
  `\\pca`); `\\uN` as the character it names, surrogate pairs joined, then
  the `\\ucN` fallback characters skipped;
- footnotes and endnotes (`{\\footnote ...}`; an endnote is the same group
  with `\\ftnalt`; pandoc writes `{\\*\\footnote ...}`): their text is never
  spliced into the sentence that cites them ("Some text1Footnote"), and
  each note's paragraphs are kept, in the order the notes are cited, for
  the reader to add after the body as notes. The reference mark `\\chftn`
  is a number Word draws, not text: it adds nothing, in the sentence or in
  the note. A custom mark (a literal "*" the writer typed) is text, and stays;
- text boxes (`\\shptxt` in a shape): their paragraphs come right after the
  paragraph the shape is anchored in, as the Word reader places them; the
  shape's other parts (`\\sp` properties, the `\\shprslt` fallback copy of the
  same box) are not read;
- field results (`\\fldrslt`, what Word shows), never field instructions
  (`\\fldinst`: "HYPERLINK http://...", "PAGE");
- hidden text (`\\v` ... `\\v0`, or a group `{\\v ...}`) is not read: Word
  does not show it, so the writer does not see it. A hidden paragraph mark
  joins its paragraph to the next, as it does in Word with hidden text not
  shown (so a hidden paragraph vanishes instead of leaving an empty one);
- tracked changes as `ReadSettings.tracked_changes` says, like the Word
  reader: "accept" leaves out deleted text (`\\deleted`), "reject" leaves
  out inserted text (`\\revised`);
- `\\plain` turns hidden, deleted and inserted off, as it resets all
  character formatting.

What is not read: every destination a writer does not see as body text:
the font, colour, style and list tables, `\\info`, pictures (`\\pict`, and
`\\bin` data, skipped by its length), headers and footers, footnote
separators, bookmarks, comments (`\\annotation`), index and contents
entries, objects, shapes but for their text boxes, equations, list
numbering that Word generates (`\\listtext`, `\\pntext`: the Word reader
does not read Word's numbering either), and any group starting with `\\*`
that is not a footnote or a shape's `\\shpinst` (the RTF rule: a reader
skips an ignorable destination it does not know). The list of destinations
is striprtf's (the RTF 1.9 specification's), less `footnote` and the shape
words handled here (`shp`, `shpgrp`, `shptxt`), plus `listtext`,
`nonshppict` and `pgdsctbl`. In `\\upr`,
which holds a paragraph twice, only its Unicode `\\ud` copy is read.

Groups are kept on a stack of immutable states, so a deep file costs one
reference per level; deeper than budget("nesting_depth") is refused, one
line naming the file. Text after the document's closing brace is ignored,
as Word ignores it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from striprtf.striprtf import charset_map, destinations

from storylint.errors import InputError
from storylint.ingest.nesting import depth_problem
from storylint.ingest.settings import budget, current

# Destinations whose text is not the writer's body text (see the module docstring).
SKIPPED = (frozenset(destinations) - {"footnote", "ud", "shp", "shpgrp", "shptxt"}) | {
    "listtext",
    "nonshppict",
    "pgdsctbl",
}
# Destinations read even when marked ignorable (`\*`): pandoc writes `{\*\footnote ...}`,
# Word `{\*\shpinst ...}` around a text box's `\shptxt`.
_READ_WHEN_STARRED = {"footnote", "ud", "shpinst"}
# A shape or group of shapes: nothing in it is read but a text box's text.
_SHAPES = {"shp", "shpgrp"}

_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # 1, 2: a control word and its parameter
    r"|\\'([0-9a-fA-F]{2})"  # 3: a byte in the code page
    r"|\\(.)"  # 4: a control symbol (\<newline> included)
    r"|([{}])"  # 5: a group
    r"|([\r\n]+)"  # 6: line ends, which RTF ignores
    r"|([^\\{}\r\n]+)",  # 7: text
    re.DOTALL,
)

# Control words that stand for a character (their Word-reader equivalents).
_CHARACTERS = {
    "line": "\n",
    "page": "\n",
    "tab": "\t",
    "emdash": "\u2014",
    "endash": "\u2013",
    "emspace": "\u2003",
    "enspace": "\u2002",
    "qmspace": "\u2005",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
    "zwj": "\u200d",
    "zwnj": "\u200c",
    "ltrmark": "\u200e",
    "rtlmark": "\u200f",
}
_SYMBOLS = {"\\": "\\", "{": "{", "}": "}", "~": "\xa0", "_": "-", "\t": "\t"}
_PARAGRAPH_ENDS = {"par", "cell", "nestcell"}
# Code pages a document may name instead of \ansicpg.
_DOCUMENT_CHARSETS = {"ansi": "cp1252", "mac": "mac_roman", "pc": "cp437", "pca": "cp850"}
# Font charsets that mean "the document's code page" (ANSI, default, symbol).
_DOCUMENT_CHARSET_IDS = {0, 1, 2}


class _Group(NamedTuple):
    """What RTF scopes to a group: restored when the group closes."""

    skip: bool = False  # in a destination that is not read
    hidden: bool = False  # \v
    deleted: bool = False  # \deleted (a tracked deletion)
    inserted: bool = False  # \revised (a tracked insertion)
    uc: int = 1  # fallback characters after \uN
    font: int | None = None
    sink: int = 0  # index in RtfWalker.sinks: 0 is the body
    upr: bool = False  # in \upr, whose \ud copy is read
    shape: bool = False  # in a shape outside any skipped destination: \shptxt is read
    fonttbl: bool = False  # in the font table


@dataclass
class _Sink:
    """Paragraphs of the body, of one note or of one text box, and the one being read."""

    paragraphs: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    # Text boxes anchored in the paragraph being read: their paragraphs follow it.
    boxes: list[_Sink] = field(default_factory=list)

    def end(self, keep_empty: bool = True) -> None:
        text = "".join(self.current)
        self.current = []
        if keep_empty or text.strip():
            self.paragraphs.append(text)
        for box in self.boxes:
            box.close()
            self.paragraphs.extend(box.paragraphs)
        self.boxes = []

    def close(self) -> None:
        """The group of a note or a text box has ended: no empty paragraphs kept."""
        if self.current or self.boxes:
            self.end(keep_empty=False)
        self.paragraphs = [p for p in self.paragraphs if p.strip()]

    def has_text(self) -> bool:
        return bool("".join(self.current).strip())


@dataclass
class RtfText:
    """A document read: the body's paragraphs ("" for an empty one) and each note's."""

    body: list[str]
    notes: list[list[str]]


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


class RtfWalker:
    """Reads one RTF document into body and note paragraphs (see the module docstring)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.state = _Group()
        self.stack: list[_Group] = []
        self.sinks = [_Sink()]
        self.notes: list[_Sink] = []
        self.codepage = "cp1252"
        self.default_font: int | None = None
        self.font_codepages: dict[int, str] = {}
        self._table_font: int | None = None
        self._bytes = bytearray()  # \'hh bytes waiting to be decoded together
        self._skip_chars = 0  # \uc fallback characters still to skip
        self._star = False  # the last token was \*
        self._high: int | None = None  # a \uN high surrogate waiting for its pair
        self._opened = False
        self._done = False
        self._max_depth = budget("nesting_depth")
        self._accept = current().tracked_changes != "reject"

    # --- the token loop ----------------------------------------------------------------

    def read(self, text: str) -> RtfText:
        position, length = 0, len(text)
        while position < length and not self._done:
            match = _TOKEN.match(text, position)
            if match is None:  # a lone backslash at the very end
                break
            position = match.end()
            word, param, byte, symbol, brace, _ends, chars = match.groups()
            if byte is not None:
                self._byte(int(byte, 16))
                continue
            self._flush_bytes()
            if word is not None:
                value = int(param) if param is not None else None
                if word == "bin" and value:
                    position += max(value, 0)  # binary data: never text
                    continue
                self._word(word, value)
            elif symbol is not None:
                self._symbol(symbol)
            elif brace is not None:
                self._brace(brace)
            elif chars is not None:
                self._text(chars)
        self._flush_bytes()
        for sink in reversed(self.sinks[1:]):  # groups left open by a cut file
            sink.close()
        body = self.sinks[0]
        if body.current or body.boxes:
            body.end(keep_empty=False)
        notes = [note.paragraphs for note in self.notes if note.paragraphs]
        return RtfText(self.sinks[0].paragraphs, notes)

    # --- what each token does ----------------------------------------------------------

    def _brace(self, brace: str) -> None:
        self._skip_chars = 0
        self._star = False
        if brace == "{":
            self._opened = True
            self.stack.append(self.state)
            if len(self.stack) > self._max_depth:
                raise InputError(self.path, depth_problem())
            return
        if not self.stack:  # the document's group has closed: Word reads no further
            self._done = True
            return
        inner, self.state = self.state, self.stack.pop()
        if inner.sink != self.state.sink:  # a note or a text box ends with its group
            self.sinks[inner.sink].close()
        if not self.stack and self._opened:
            self._done = True

    def _word(self, word: str, value: int | None) -> None:
        starred, self._star = self._star, False
        if self._skipping_fallback():
            return
        if starred and word not in _READ_WHEN_STARRED:
            self.state = self.state._replace(skip=True)
            return
        if self.state.fonttbl:
            self._font_table_word(word, value)
        if word in SKIPPED:
            self._destination(word)
        elif word in _CHARACTERS:
            self._emit(_CHARACTERS[word])
        elif word in _PARAGRAPH_ENDS:
            self._paragraph_end()
        elif word == "sect":
            if self._shown() and self.sinks[self.state.sink].has_text():
                self.sinks[self.state.sink].end()
        elif word == "u" and value is not None:
            self._unicode(value)
        elif word == "footnote":
            self._open_note()
        elif word in _SHAPES:
            self.state = self.state._replace(
                skip=True, shape=self.state.shape or not self.state.skip
            )
        elif word == "shptxt":
            self._open_textbox()
        elif word == "ud" and self.state.upr:
            self.state = self.state._replace(skip=False, upr=False)
        else:
            self._formatting(word, value)

    def _formatting(self, word: str, value: int | None) -> None:
        """Character formatting and document settings: no text of their own."""
        on = value != 0
        state = self.state
        if word == "v":
            self.state = state._replace(hidden=on)
        elif word == "deleted":
            self.state = state._replace(deleted=on)
        elif word == "revised":
            self.state = state._replace(inserted=on)
        elif word == "plain":
            self.state = state._replace(
                hidden=False, deleted=False, inserted=False, font=self.default_font
            )
        elif word == "uc" and value is not None:
            self.state = state._replace(uc=max(value, 0))
        elif word == "f" and not state.fonttbl:
            self.state = state._replace(font=value)
        elif word == "deff":
            self.default_font = value
            if state.font is None:
                self.state = state._replace(font=value)
        elif word == "ansicpg" and value is not None:
            self.codepage = _codec(f"cp{value}") or self.codepage
        elif word in _DOCUMENT_CHARSETS:
            self.codepage = _DOCUMENT_CHARSETS[word]

    def _font_table_word(self, word: str, value: int | None) -> None:
        """\\fN names a font; its \\fcharsetN or \\cpgN gives its code page."""
        if word == "f":
            self._table_font = value
        elif self._table_font is None or value is None:
            return
        elif word == "fcharset" and value not in _DOCUMENT_CHARSET_IDS:
            name = charset_map.get(value)
            if name and _codec(name):
                self.font_codepages[self._table_font] = name
        elif word == "cpg":
            name = _codec(f"cp{value}")
            if name:
                self.font_codepages[self._table_font] = name

    def _destination(self, word: str) -> None:
        if word == "fonttbl":
            self.state = self.state._replace(skip=True, fonttbl=True)
        elif word == "upr" and not self.state.skip:
            self.state = self.state._replace(skip=True, upr=True)
        else:
            self.state = self.state._replace(skip=True)

    def _open_note(self) -> None:
        """A footnote or endnote: its text goes to a note of its own, never the sentence."""
        if self.state.skip:
            return
        note = _Sink()
        self.notes.append(note)
        self.sinks.append(note)
        self.state = self.state._replace(sink=len(self.sinks) - 1)

    def _open_textbox(self) -> None:
        """A text box's text: paragraphs of its own, right after the paragraph it is in."""
        if not self.state.shape:
            self.state = self.state._replace(skip=True)
            return
        box = _Sink()
        self.sinks[self.state.sink].boxes.append(box)
        self.sinks.append(box)
        self.state = self.state._replace(sink=len(self.sinks) - 1, skip=False, shape=False)

    def _symbol(self, symbol: str) -> None:
        if symbol == "*":
            self._star = True
            return
        self._star = False
        if self._skipping_fallback():
            return
        if symbol in "\r\n":
            self._paragraph_end()
        elif symbol in _SYMBOLS:
            self._emit(_SYMBOLS[symbol])
        # \- (optional hyphen), \: and \| (index and formula marks): nothing shown

    def _text(self, chars: str) -> None:
        self._star = False
        if self._skip_chars:
            skipped = min(self._skip_chars, len(chars))
            self._skip_chars -= skipped
            chars = chars[skipped:]
        if chars:
            self._emit(chars)

    def _byte(self, value: int) -> None:
        self._star = False
        if self._skipping_fallback():
            return
        if self._shown():
            self._bytes.append(value)

    def _unicode(self, value: int) -> None:
        code = value + 0x10000 if value < 0 else value
        self._skip_chars = self.state.uc
        if 0xD800 <= code < 0xDC00:
            self._high = code
            return
        if 0xDC00 <= code < 0xE000:
            high, self._high = self._high, None
            if high is not None:
                self._emit(chr(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)))
            return
        if 0 <= code < 0x110000:
            self._emit(chr(code))

    # --- helpers -----------------------------------------------------------------------

    def _skipping_fallback(self) -> bool:
        """After \\uN, each control word, symbol or byte counts as one fallback character."""
        if self._skip_chars:
            self._skip_chars -= 1
            return True
        return False

    def _shown(self) -> bool:
        state = self.state
        if state.skip or state.hidden:
            return False
        return not (state.deleted if self._accept else state.inserted)

    def _emit(self, text: str) -> None:
        self._high = None
        if not self._shown():
            return
        text = _printable(text)
        if text:
            self.sinks[self.state.sink].current.append(text)

    def _paragraph_end(self) -> None:
        """A shown paragraph mark ends the paragraph; a hidden one joins it to the next."""
        if self._shown():
            self.sinks[self.state.sink].end()

    def _flush_bytes(self) -> None:
        if not self._bytes:
            return
        data, self._bytes = bytes(self._bytes), bytearray()
        font = self.state.font
        codepage = self.font_codepages.get(font, self.codepage) if font is not None else None
        self._emit(data.decode(codepage or self.codepage, errors="replace"))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _printable(text: str) -> str:
    """No control characters but tab and line break: prose has none, and a byte
    `\\'0d` or `\\u7` must not start a line or ring a bell in the extracted text."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def walk_rtf(text: str, path: str) -> RtfText:
    """The body and note paragraphs of an RTF document, as Word shows them."""
    return RtfWalker(path).read(text)
