"""Quotations: which stretches of each paragraph are a character speaking.

Dialogue is not narration: a character may lie, guess or be wrong, so every
later stage asks `QuoteIndex.in_quote` before treating a sentence as a fact.
Detection works on characters, not tokens, because the marks are what the
writer typed:

- double quotes, straight or curly, with the classic convention that a speech
  running over several paragraphs leaves each paragraph open and reopens the
  next one;
- British single quotes, telling apostrophes ("don't", "'em", "the Joneses'")
  from quotation marks by their neighbours;
- European dash dialogue: a paragraph opening with an em dash (or "--") is
  speech up to the next dash that interrupts it.

An unbalanced mark never leaks: an unclosed quote ends with its paragraph.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from storylint.pipeline.layers import QUOTES
from storylint.pipeline.stages import stage

if TYPE_CHECKING:
    from storylint.model import StoryModel

DOUBLE_OPEN = "\u201c\u201e\u00ab"  # “ „ «
DOUBLE_CLOSE = "\u201d\u00bb"  # ” »
SINGLE_OPEN = "\u2018"  # ‘
SINGLE_CLOSE = "\u2019"  # ’ (also the typographic apostrophe)
DASHES = ("\u2014", "\u2015", "--", "\u2013 ")  # — ― -- "– "
# Words that begin with an elided letter, so a leading apostrophe is not a quote.
ELISIONS = frozenset(
    "em tis twas twere twill cause cos til till bout round n nuff ere neath gainst "
    "im er ow e re ll ve d s t appen owt nowt cept fraid spect".split()
)
OPENERS_BEFORE = ' \t\n([{\u2014\u2013-/\u201c\u201e"'
CLOSE_PUNCT = ".,!?;:\u2026\u2014\u2013-)"
_DOUBLE_MARKS = re.compile('["\u201c\u201e\u00ab\u201d\u00bb]')
_SINGLE_MARKS = re.compile("['\u2018\u2019]")


class QuoteStyle(StrEnum):
    DOUBLE = "double"
    SINGLE = "single"
    DASH = "dash"


@dataclass(eq=False)
class Quote:
    """One quotation inside one paragraph, marks included."""

    parsed_index: int
    start: int  # source offsets of the quoted text including its marks
    end: int
    token_start: int  # doc token range, end exclusive
    token_end: int
    style: QuoteStyle = QuoteStyle.DOUBLE
    closed: bool = True  # False when the paragraph ends with the quote still open
    continued: bool = False  # True when it continues an unclosed quote of the previous paragraph
    speaker_id: int | None = None
    evidence: str | None = None  # how the speaker was found: "explicit", "alternation", ...

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(eq=False)
class QuoteIndex:
    """Every quotation, with a per-paragraph token mask for O(1) `in_quote`."""

    quotes: list[Quote] = field(default_factory=list)
    _by_paragraph: dict[int, list[Quote]] = field(default_factory=dict, repr=False)
    _masks: dict[int, bytearray] = field(default_factory=dict, repr=False)

    def add(self, quote: Quote, doc_length: int) -> None:
        self.quotes.append(quote)
        self._by_paragraph.setdefault(quote.parsed_index, []).append(quote)
        mask = self._masks.get(quote.parsed_index)
        if mask is None:
            mask = self._masks[quote.parsed_index] = bytearray(doc_length)
        mask[quote.token_start : quote.token_end] = b"\x01" * (quote.token_end - quote.token_start)

    def in_quote(self, parsed_index: int, token_i: int) -> bool:
        mask = self._masks.get(parsed_index)
        return mask is not None and 0 <= token_i < len(mask) and mask[token_i] == 1

    def flags(self, parsed_index: int, doc_length: int) -> list[bool]:
        """`in_quote` for every token of one paragraph at once (hot loops index this list)."""
        mask = self._masks.get(parsed_index)
        if mask is None:
            return [False] * doc_length
        return [b == 1 for b in mask[:doc_length]] + [False] * max(0, doc_length - len(mask))

    def in_paragraph(self, parsed_index: int) -> list[Quote]:
        return self._by_paragraph.get(parsed_index, [])

    def quote_at(self, parsed_index: int, token_i: int) -> Quote | None:
        for quote in self._by_paragraph.get(parsed_index, ()):
            if quote.token_start <= token_i < quote.token_end:
                return quote
        return None

    def has_quotes(self, parsed_index: int) -> bool:
        return parsed_index in self._masks


@stage(provides=[QUOTES])
def detect_quotes(model: StoryModel) -> None:
    """Dialogue spans of every paragraph: first, since every later stage asks in_quote."""
    texts = [p.paragraph.text for p in model.parsed]
    style = document_style(texts)
    index = QuoteIndex()
    previous_open = False
    previous_scene = None
    for parsed_index, parsed in enumerate(model.parsed):
        text = texts[parsed_index]
        scene = (parsed.chapter_index, parsed.scene_index)
        carry = previous_open and scene == previous_scene
        spans = find_quote_spans(text, style, carry)
        previous_open = bool(spans) and not spans[-1][2]
        previous_scene = scene
        starts = [t.idx for t in parsed.doc] if spans else []
        for span_start, span_end, closed, quote_style in spans:
            token_start, token_end = _token_range(starts, span_start, span_end)
            if token_start >= token_end:
                continue
            quote = Quote(
                parsed_index=parsed_index,
                start=parsed.offset + span_start,
                end=parsed.offset + span_end,
                token_start=token_start,
                token_end=token_end,
                style=quote_style,
                closed=closed,
                continued=carry and span_start == _first_mark_or_zero(text),
            )
            index.add(quote, len(parsed.doc))
    model.set(QUOTES, index)


def document_style(texts: list[str]) -> QuoteStyle:
    """Double unless single-quote openers clearly dominate (British typesetting)."""
    doubles = singles = 0
    for text in texts:
        doubles += sum(text.count(c) for c in DOUBLE_OPEN) + text.count('"') // 2
        singles += len(_single_openers(text))
    if singles > 2 * doubles and singles >= 2:
        return QuoteStyle.SINGLE
    return QuoteStyle.DOUBLE


def find_quote_spans(
    text: str, style: QuoteStyle = QuoteStyle.DOUBLE, carry: bool = False
) -> list[tuple[int, int, bool, QuoteStyle]]:
    """(start, end, closed, style) of each quotation in one paragraph's text.

    `carry` says the previous paragraph ended inside a quotation; a paragraph
    that then starts without an opening mark is still speech up to its first
    closing mark (some typesetters omit the reopening mark).
    """
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    has_double = any(c in text for c in DOUBLE_OPEN + DOUBLE_CLOSE + '"')
    if stripped.startswith(DASHES) and not has_double:
        return _dash_spans(text, lead)
    if style is QuoteStyle.SINGLE:
        spans = _single_spans(text, carry)
        if spans or not has_double:
            return spans
    if has_double:
        return _double_spans(text, carry)
    if style is QuoteStyle.DOUBLE and (SINGLE_OPEN in text or "'" in text):
        # A double-quote book may still set one paragraph in single quotes.
        return _single_spans(text, carry=False, strict=True)
    return []


def _double_spans(text: str, carry: bool) -> list[tuple[int, int, bool, QuoteStyle]]:
    spans: list[tuple[int, int, bool, QuoteStyle]] = []
    open_at: int | None = None
    first_mark = True
    for match in _DOUBLE_MARKS.finditer(text):
        i = match.start()
        ch = text[i]
        if ch in DOUBLE_OPEN:
            if open_at is None:
                open_at = i
            first_mark = False
        elif ch in DOUBLE_CLOSE:
            if open_at is not None:
                spans.append((open_at, i + 1, True, QuoteStyle.DOUBLE))
                open_at = None
            elif first_mark and carry:
                # Continuation paragraph typed without its reopening mark.
                spans.append((0, i + 1, True, QuoteStyle.DOUBLE))
            first_mark = False
        elif ch == '"':
            if open_at is None:
                if _looks_closing(text, i) and first_mark and carry:
                    spans.append((0, i + 1, True, QuoteStyle.DOUBLE))
                else:
                    open_at = i
            else:
                spans.append((open_at, i + 1, True, QuoteStyle.DOUBLE))
                open_at = None
            first_mark = False
    if open_at is not None:
        end = len(text.rstrip())
        if end > open_at + 1:
            spans.append((open_at, end, False, QuoteStyle.DOUBLE))
    return spans


def _looks_closing(text: str, i: int) -> bool:
    """A straight mark right after a word/punctuation and before a space closes."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in CLOSE_PUNCT)


def _single_openers(text: str) -> list[int]:
    return [m.start() for m in _SINGLE_MARKS.finditer(text) if _is_single_opener(text, m.start())]


def _is_single_opener(text: str, i: int) -> bool:
    ch = text[i]
    if ch != SINGLE_OPEN and ch != "'":
        return False
    before = text[i - 1] if i > 0 else " "
    if before not in OPENERS_BEFORE:
        return False
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace():
        return False
    if after.isdigit() and ch == "'":  # '90s
        return False
    word = _word_after(text, i + 1)
    if word in ELISIONS:
        return False
    return True


def _word_after(text: str, i: int) -> str:
    j = i
    while j < len(text) and text[j].isalpha():
        j += 1
    return text[i:j].lower()


def _is_single_closer(text: str, i: int) -> int:
    """0 = not a closer, 1 = weak closer (after a letter), 2 = strong (after punctuation)."""
    ch = text[i]
    if ch != SINGLE_CLOSE and ch != "'":
        return 0
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace():
        return 0
    if after.isalpha():  # don't, Derek's
        return 0
    if before in CLOSE_PUNCT or before in '\u201d"':
        return 2
    return 1


def _single_spans(
    text: str, carry: bool, strict: bool = False
) -> list[tuple[int, int, bool, QuoteStyle]]:
    spans: list[tuple[int, int, bool, QuoteStyle]] = []
    open_at: int | None = None
    if carry and not _is_single_opener(text, _first_mark_or_zero(text)):
        open_at = 0
    for match in _SINGLE_MARKS.finditer(text):
        i = match.start()
        if open_at is None:
            if _is_single_opener(text, i):
                open_at = i
        elif i > open_at:
            strength = _is_single_closer(text, i)
            if strength == 2 or (strength == 1 and not _later_strong_closer(text, i)):
                spans.append((open_at, i + 1, True, QuoteStyle.SINGLE))
                open_at = None
    if open_at is not None and not strict:
        end = len(text.rstrip())
        if end > open_at + 1:
            spans.append((open_at, end, False, QuoteStyle.SINGLE))
    return spans


def _later_strong_closer(text: str, i: int) -> bool:
    """A weak closer ("the Joneses' house") yields when a strong closer follows
    before the next opener: that strong one is the real end of the speech."""
    for match in _SINGLE_MARKS.finditer(text, i + 1):
        j = match.start()
        if _is_single_opener(text, j):
            return False
        if _is_single_closer(text, j) == 2:
            return True
    return False


def _dash_spans(text: str, lead: int) -> list[tuple[int, int, bool, QuoteStyle]]:
    """ "— Come up, Kinch! — he said. — Come up." alternates speech and narration at dashes."""
    spans: list[tuple[int, int, bool, QuoteStyle]] = []
    positions = []
    i = lead
    while i < len(text):
        for dash in DASHES:
            if text.startswith(dash, i):
                positions.append((i, i + len(dash)))
                i += len(dash) - 1
                break
        i += 1
    # Only dashes with a space on at least one side separate speech from narration.
    separators = [
        (a, b)
        for a, b in positions
        if a == lead or (a > 0 and text[a - 1].isspace()) or (b < len(text) and text[b].isspace())
    ]
    speaking = True
    seg_start = lead
    for a, _b in separators[1:]:
        if speaking:
            end = a
            while end > seg_start and text[end - 1].isspace():
                end -= 1
            if end > seg_start + 1:
                spans.append((seg_start, end, True, QuoteStyle.DASH))
        else:
            seg_start = a
        speaking = not speaking
    if speaking:
        end = len(text.rstrip())
        if end > seg_start + 1:
            spans.append((seg_start, end, True, QuoteStyle.DASH))
    return spans


def _first_mark_or_zero(text: str) -> int:
    return len(text) - len(text.lstrip())


def _token_range(starts: list[int], start: int, end: int) -> tuple[int, int]:
    """Tokens overlapping [start, end) of the paragraph text, from their start offsets."""
    first = bisect.bisect_right(starts, start) - 1
    if first < 0:
        first = 0
    last = bisect.bisect_left(starts, end)
    return first, last
