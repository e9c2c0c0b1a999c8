"""The timeline stage: segments, flashbacks, the clock, ages, and dialogue "tomorrow"s.

Segments. A new segment starts at every chapter and scene break, and at a
paragraph whose first narrated sentence opens with a time shift ("The next
morning", "Three days later", "That night", "On Monday", "In June 1887").

Flashbacks. A segment is set before the story's now, and never moves the
clock, when
- its chapter heading says so ("Ten Years Earlier", "Two weeks before"),
- its first sentence opens by looking back ("Two years earlier, ...",
  "Years before, ...", "The summer before, ..."), or
- it is a new scene whose first two sentences are in the past perfect ("She had
  been seventeen that summer. Her father had taken the house by the sea."),
  the classic way of stepping into a flashback; a scene that merely opens with
  one such sentence is not enough.
A flashback lasts to the end of its segment.

The stage reads the quotes layer, narrative modes and (for ages) the
characters layer; it runs after the character stages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storylint import lexicons
from storylint.families.time.ages import paragraph_ages
from storylint.families.time.clock import Clock, night_passing_re
from storylint.families.time.expressions import (
    Statement,
    dialogue_tomorrows,
    paragraph_expressions,
    statements,
)
from storylint.families.time.layer import TIMELINE, Flashback, TimelineLayer, TimeSegment
from storylint.families.time.lexicon import load_lexicon
from storylint.families.time.patterns import ParagraphWords, find_candidates
from storylint.nlp.modes import NARR, paragraph_mode_bits
from storylint.pipeline.layers import CANON, PRONOUNS, QUOTES, SPEAKERS
from storylint.pipeline.stages import stage

if TYPE_CHECKING:
    from storylint.model import StoryModel

HEADING_BACK = re.compile(
    r"\b(?:years?|months?|weeks?|days?|decades?|summers?|winters?)\s+"
    r"(?:earlier|before|ago|previously|in\s+the\s+past)\b|\bflashback\b|^\s*the\s+past\s*$",
    re.I,
)


@stage(requires=[PRONOUNS, SPEAKERS, QUOTES, CANON], provides=[TIMELINE])
def build_timeline(model: StoryModel) -> None:
    """When each scene happens: segments, flashbacks, the clock, ages (a TimelineLayer)."""
    layer = TimelineLayer()
    by_paragraph: list[list[Statement]] = []
    texts: list[ParagraphWords] = []
    for parsed_index, parsed in enumerate(model.parsed):
        words = ParagraphWords.of(parsed.paragraph.text)
        texts.append(words)
        by_paragraph.append(statements(paragraph_expressions(model, parsed_index, words)))
        layer.ages.extend(paragraph_ages(model, parsed_index, words))
        layer.tomorrows.extend(dialogue_tomorrows(model, parsed_index, words))
    layer.segments = split_segments(model, by_paragraph)
    for segment in layer.segments:
        layer.segment_by_paragraph.extend([segment.index] * (segment.last - segment.first + 1))
    _mark_flashbacks(model, layer.segments)
    _run_clock(model, layer, by_paragraph, texts)
    layer.finish()
    model.set(TIMELINE, layer)


def split_segments(model: StoryModel, by_paragraph: list[list[Statement]]) -> list[TimeSegment]:
    segments: list[TimeSegment] = []
    previous = None
    for parsed_index, parsed in enumerate(model.parsed):
        scene = (parsed.chapter_index, parsed.scene_index)
        opener = next((s for s in by_paragraph[parsed_index] if s.opens_paragraph), None)
        reason = None
        if previous is None:
            reason = "start"
        elif scene[0] != previous[0]:
            reason = "chapter"
        elif scene != previous:
            reason = "scene"
        elif opener is not None and opener.shifts:
            reason = "time-shift"
        previous = scene
        if reason is None:
            segments[-1].last = parsed_index
            segments[-1].statements.extend(by_paragraph[parsed_index])
            continue
        segment = TimeSegment(
            len(segments), parsed.chapter_index, parsed.scene_index,
            parsed_index, parsed_index, reason,
            opener=opener if opener is not None and opener.shifts else None,
        )  # fmt: skip
        segment.statements.extend(by_paragraph[parsed_index])
        segments.append(segment)
    return segments


def _mark_flashbacks(model: StoryModel, segments: list[TimeSegment]) -> None:
    chapters = model.manuscript.chapters
    flagged_chapters: dict[int, Flashback] = {}
    for index, chapter in enumerate(chapters):
        title = chapter.title or ""
        if title and HEADING_BACK.search(title):
            heading = chapter.heading
            if heading is not None:
                flagged_chapters[index] = Flashback(
                    "heading", None, heading.start, heading.end, heading.source.path
                )
    for segment in segments:
        if segment.chapter_index in flagged_chapters:
            segment.flashback = flagged_chapters[segment.chapter_index]
            continue
        opener = segment.opener
        if opener is not None and opener.back and opener.opens_paragraph:
            first = opener.expressions[0]
            if first.pattern in ("count", "back") and _looks_far_back(first):
                segment.flashback = Flashback("opening", first.parsed_index, first.start, first.end)
                continue
        if segment.reason in ("scene", "chapter") and opener is None:
            evidence = _pluperfect_opening(model, segment.first)
            if evidence is not None:
                segment.flashback = Flashback("pluperfect", segment.first, *evidence)


def _looks_far_back(expression) -> bool:
    """ "Two years earlier," "Years before," "Long ago,": a flashback; "The day before," and
    "Yesterday" are a recap inside the story's now."""
    candidate = expression.candidate
    if candidate.pattern == "count":
        return candidate.gap is not None and candidate.gap[1] <= -1
    return bool(re.match(r"(?:long|years|months|weeks)\b", candidate.text.lower()))


def _pluperfect_opening(model: StoryModel, parsed_index: int) -> tuple[int, int] | None:
    parsed = model.parsed[parsed_index]
    quotes = model.get(QUOTES)
    sentences = [s for s in parsed.doc.sents if not quotes.in_quote(parsed_index, s.root.i)][:2]
    if len(sentences) < 2:
        return None
    for sent in sentences:
        root = sent.root
        if root.tag_ != "VBN" or not any(
            c.dep_ == "aux" and c.lower_ in ("had", "'d", "\u2019d") for c in root.children
        ):
            return None
    first = sentences[0]
    if first[0].lower_ in ("by", "already", "now", "soon"):
        return None  # "By the evening of the 16th Hurstwood had made his move": forward
    for candidate in find_candidates(first.text):
        if candidate.moves or candidate.phase is not None:
            return None  # "The next morning he had gone": the story moved on, in the past perfect
    start, end = parsed.source_span(first)
    return start, end


def _run_clock(
    model: StoryModel,
    layer: TimelineLayer,
    by_paragraph: list[list[Statement]],
    texts: list[ParagraphWords],
) -> None:
    clock = Clock()
    night_re = night_passing_re()
    night_words = _night_words()
    quotes = model.get(QUOTES)
    drift_words = load_lexicon().data["drift_words"]
    since = 0  # narrated words since the clock last moved

    def drift(parsed_index: int, offset: int) -> None:
        nonlocal since
        if since > drift_words and clock.points:
            clock.drift(parsed_index, offset)
        since = 0

    for segment in layer.segments:
        if segment.flashback is not None:
            segment.before_point = clock.points[-1] if clock.points else None
            continue
        parsed = model.parsed[segment.first]
        opener = segment.opener
        drift(segment.first, parsed.paragraph.start)
        if not clock.points:
            clock.start(segment.first, parsed.paragraph.start)
            if opener is not None:
                # The story's first scene is day 1 whatever it opens with.
                point = clock.apply(opener, scene_start=True)
                point.gap = (0.0, 0.0)
                point.exact = True
                point.cum_lo = point.cum_hi = 0.0
                point.unbounded = point.inexact = 0
        elif opener is not None:
            clock.apply(opener, scene_start=segment.reason != "time-shift")
        elif segment.reason in ("scene", "chapter"):
            clock.scene_break(segment.first, parsed.paragraph.start)
        segment.start_point = clock.points[-1]
        for parsed_index in range(segment.first, segment.last + 1):
            events: list[tuple[int, Statement | None]] = [
                (s.start, s) for s in by_paragraph[parsed_index] if s is not opener
            ]
            timed_sentences = {s.sentence_start for s in by_paragraph[parsed_index]}
            if not texts[parsed_index].words.isdisjoint(night_words):
                for offset in _night_offsets(
                    model, parsed_index, night_re, quotes, timed_sentences
                ):
                    events.append((offset, None))
            events.sort(key=lambda e: e[0])
            for offset, statement in events:
                drift(parsed_index, offset)
                if statement is None:
                    clock.night(parsed_index, offset)
                else:
                    clock.apply(statement, scene_start=False)
            since += _narrated_words(model, quotes, parsed_index)
        segment.end_point = clock.points[-1]
    clock.settle_night()
    layer.points = clock.points


def _narrated_words(model: StoryModel, quotes, parsed_index: int) -> int:
    """Tokens of narration (not dialogue) in a paragraph: how much story time it may cover."""
    doc = model.parsed[parsed_index].doc
    quoted = sum(q.token_end - q.token_start for q in quotes.in_paragraph(parsed_index))
    return len(doc) - quoted


@lexicons.cache
def _night_words() -> frozenset[str]:
    """First words of the night-passing phrases: a paragraph without any is skipped."""
    phrases = load_lexicon().data["night_passing_words"]
    return frozenset(re.findall(r"[a-z]+", p.lower())[0] for p in phrases)


def _night_offsets(model, parsed_index, night_re, quotes, timed_sentences) -> list[int]:
    """Source offsets of narrated sleeping or waking in sentences with no time expression."""
    parsed = model.parsed[parsed_index]
    text = parsed.paragraph.text
    offsets = []
    for match in night_re.finditer(text):
        span = parsed.doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or not len(span):
            continue
        token = span[0]
        if quotes.in_quote(parsed_index, token.i) or token.sent.start in timed_sentences:
            continue
        bits = paragraph_mode_bits(model, parsed_index)[token.i]
        if bits != NARR:
            continue
        offsets.append(parsed.offset + match.start())
    return offsets


def is_flashback(model: StoryModel, parsed_index: int) -> bool:
    """True when the paragraph belongs to a scene the timeline reads as a flashback.

    For other rules (life and death, presence): what happens in a flashback is
    set before the story's now. Builds the timeline layer on first use.
    """
    layer = model.get(TIMELINE)
    return layer is not None and layer.is_flashback(parsed_index)


__all__ = ["build_timeline", "is_flashback", "split_segments", "load_lexicon"]
