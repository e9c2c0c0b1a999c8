"""Where an injected sentence may go, how far apart two go, and splicing them in.

A *slot* is a place in the clean text where a sentence can be inserted the way an author
would have written it:

- after a sentence of a story paragraph (`kind="sentence"`): the inserted sentence joins the
  paragraph, after a space. Only at a true sentence end (., ! or ? then a capital or the
  paragraph's end; not "Mr."), never inside dialogue quotes, and never just before speech
  that continues the paragraph (it would interrupt a speaker's turn);
- after a whole story paragraph (`kind="paragraph"`): the sentence becomes a short paragraph
  of its own. Never after a paragraph whose speech runs on into the next one.

Each slot knows the characters the narration named as the subject of the sentence before it
(`anchors`), so an operator can put "She took off her coat" where "she" is who the author
would have meant: after "Elizabeth went to the window.", not after "Mr. Bennet looked at
Elizabeth.".

Bands, between the establishing sentence and the slip (docs/recall-harness.md):
`same-scene` (same scene, at most SAME_SCENE_PARAGRAPHS paragraphs apart), `same-chapter`
(further apart or another scene of the chapter), `across-chapters`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SAME_SCENE_PARAGRAPHS = 3
DOUBLE_OPEN = "\u201c"
DOUBLE_CLOSE = "\u201d"
SINGLE_OPEN = "\u2018"
SINGLE_CLOSE = "\u2019"
SENTENCE_END = re.compile(r"[.!?][)\]\u201d\u2019\"']*$")
ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Mme|Mlle|Capt|Col|Gen|Rev|Prof|Sr|Jr)\.$")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of dialogue in one paragraph, quote marks included; an unclosed quote runs to the
    paragraph's end (speech continued in the next paragraph).

    Double quotes (straight or curly) and curly single quotes are matched. A straight single
    quote opening a word ('Tis aside) may be dialogue or an elision and cannot be told apart
    from an apostrophe when it closes, so from the first one on, the rest of the paragraph is
    taken as dialogue: the harness then only inserts before it."""
    spans: list[tuple[int, int]] = []
    start = -1
    closer = ""
    n = len(text)
    for i, ch in enumerate(text):
        if start < 0:
            if ch in ('"', DOUBLE_OPEN):
                start, closer = i, "double"
            elif ch == SINGLE_OPEN:
                start, closer = i, "single"
            elif ch == "'" and (i == 0 or not text[i - 1].isalnum()):
                if i + 1 < n and text[i + 1].isalpha():
                    spans.append((i, n))
                    return spans
            elif ch == DOUBLE_CLOSE:
                # A closing mark with no opening: the paragraph continues earlier speech.
                spans.append((0, i + 1))
            continue
        if closer == "double" and ch in ('"', DOUBLE_CLOSE):
            spans.append((start, i + 1))
            start = -1
        elif closer == "single" and ch == SINGLE_CLOSE:
            if i + 1 >= n or not text[i + 1].isalpha():
                spans.append((start, i + 1))
                start = -1
    if start >= 0:
        spans.append((start, n))
    return spans


def inside_quotes(spans: Sequence[tuple[int, int]], offset: int) -> bool:
    """Would text inserted at `offset` (between offset-1 and offset) sit inside dialogue?"""
    return any(start < offset < end for start, end in spans)


def open_at_end(text: str) -> bool:
    spans = quote_spans(text)
    return (
        bool(spans)
        and spans[-1][1] == len(text)
        and not text.rstrip().endswith(('"', DOUBLE_CLOSE, SINGLE_CLOSE))
    )


@dataclass(frozen=True)
class Slot:
    offset: int  # source offset in the clean text where the insertion goes
    kind: str  # "sentence" | "paragraph"
    para: int  # index into model.parsed of the paragraph it is in or after
    chapter: int
    scene: int
    anchors: frozenset[int] = field(default_factory=frozenset)  # subjects just named
    named: frozenset[int] = field(default_factory=frozenset)  # everyone just named
    dialogue: bool = False  # a sentence slot in a paragraph with speech in it


@dataclass(frozen=True)
class Insertion:
    slot: Slot
    sentence: str
    role: str  # "setup" | "slip"

    @property
    def glue(self) -> str:
        return " " if self.slot.kind == "sentence" else "\n\n"


def band_of(first: Slot, second: Slot) -> str:
    if first.chapter != second.chapter:
        return "across-chapters"
    if first.scene == second.scene and second.para - first.para <= SAME_SCENE_PARAGRAPHS:
        return "same-scene"
    return "same-chapter"


def _sentence_ok(text: str, end: int) -> bool:
    """Is `end` a real sentence end in the paragraph text: punctuation, then a new sentence?"""
    head = text[:end].rstrip()
    if not SENTENCE_END.search(head) or ABBREVIATION.search(head):
        return False
    rest = text[end:].lstrip()
    # Not before speech that goes on in the same paragraph ('said he. "And then ...'): a
    # sentence there would interrupt one speaker's turn.
    return not rest or rest[0].isupper() or rest[0] in "_("


def find_slots(parsed: Sequence, names: Iterable) -> list[Slot]:
    """Every slot of the clean text, in text order.

    `parsed` is model.parsed (paragraph, doc, chapter_index, scene_index); `names` the
    characters' NAME mentions (start offset, character id, index into `parsed`, whether the
    name is the subject of its clause)."""
    named: dict[int, list[tuple[int, int, bool]]] = {}
    for start, character_id, para, subject in names:
        named.setdefault(para, []).append((start, character_id, subject))
    slots: list[Slot] = []
    for index, item in enumerate(parsed):
        paragraph = item.paragraph
        text = paragraph.text
        spans = quote_spans(text)
        unclosed = open_at_end(text)
        people = named.get(index, [])
        base = paragraph.start
        last: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())
        for sent in item.doc.sents:
            end = len(text[: sent.end_char].rstrip())
            begin = sent.start_char
            here = [
                (cid, subject)
                for start, cid, subject in people
                if begin <= start - base < end and not inside_quotes(spans, start - base)
            ]
            subjects = frozenset(cid for cid, subject in here if subject)
            everyone = frozenset(cid for cid, _ in here)
            last = (subjects, everyone)
            if end <= begin or not _sentence_ok(text, end):
                continue
            if inside_quotes(spans, end) or (unclosed and end > spans[-1][0]):
                continue
            slots.append(
                Slot(
                    base + end,
                    "sentence",
                    index,
                    item.chapter_index,
                    item.scene_index,
                    subjects,
                    everyone,
                    bool(spans),
                )
            )
        if text.strip() and not unclosed and _sentence_ok(text, len(text.rstrip())):
            slots.append(
                Slot(
                    base + len(text.rstrip()),
                    "paragraph",
                    index,
                    item.chapter_index,
                    item.scene_index,
                    *last,
                )
            )
    return slots


class MentionIndex:
    """Where each character is mentioned (names and resolved pronouns), for 'not in between'."""

    def __init__(self, mentions: dict[int, list[int]]) -> None:
        self._starts = {cid: sorted(starts) for cid, starts in mentions.items()}

    def between(self, character_id: int, start: int, end: int) -> bool:
        starts = self._starts.get(character_id, [])
        i = bisect_left(starts, start)
        return i < len(starts) and starts[i] < end

    def last(self, character_id: int) -> int:
        starts = self._starts.get(character_id, [])
        return starts[-1] if starts else -1


@dataclass
class Mutated:
    text: str
    spans: dict[str, tuple[int, int]]  # role -> (start, end) of the inserted sentence


def apply(text: str, insertions: Sequence[Insertion]) -> Mutated:
    """Splice the sentences into the clean text; their exact offsets in the result."""
    ordered = sorted(insertions, key=lambda ins: ins.slot.offset)
    pieces: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    cursor = 0
    length = 0
    for ins in ordered:
        pieces.append(text[cursor : ins.slot.offset])
        length += ins.slot.offset - cursor
        start = length + len(ins.glue)
        added = ins.glue + ins.sentence
        pieces.append(added)
        length += len(added)
        spans[ins.role] = (start, start + len(ins.sentence))
        cursor = ins.slot.offset
    pieces.append(text[cursor:])
    return Mutated("".join(pieces), spans)
