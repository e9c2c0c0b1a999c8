"""Name spelling rules: NAM001 name-misspelled, NAM002 place-or-thing-name-misspelled,
NAM003 name-spelling-drift.

The analysis (`storylint.families.names.spelling`) compares the spellings of every
name the characters stage counted and keeps only what looks like a slip of the
pen; these rules phrase it for the writer, quoting the established spelling and
the variant. A misspelled name is the author's text wherever it stands, so
dialogue counts too - except where the speech is written in dialect.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from storylint.families.names.spelling import (
    Frame,
    SpellingDrift,
    SpellingVariant,
    VariantKind,
    spelling_layer,
)
from storylint.findings import Evidence, Finding, Severity
from storylint.rules.registry import rule

if TYPE_CHECKING:
    from storylint.model import StoryModel
    from storylint.people.name_mentions import NameOccurrence

FAMILY = "names"
# Variant uses quoted as evidence; the message counts them all.
MAX_QUOTED = 3
TIMES = {1: "once", 2: "twice"}


def _times(n: int) -> str:
    return TIMES.get(n, f"{n} times")


def _line(model: StoryModel, occurrence: NameOccurrence) -> int:
    return model.parsed[occurrence.parsed_index].paragraph.source.line_col(occurrence.start)[0]


def _lines(model: StoryModel, occurrences: list[NameOccurrence]) -> str:
    lines = sorted({_line(model, o) for o in occurrences})
    if len(lines) == 1:
        return f"line {lines[0]}"
    return "lines " + ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"


def _evidence(model: StoryModel, occurrence: NameOccurrence, role: str) -> Evidence:
    source = model.parsed[occurrence.parsed_index].paragraph.source
    return Evidence(source, occurrence.start, occurrence.end, role)


def _chapter(model: StoryModel, occurrence: NameOccurrence) -> str | None:
    parsed = model.parsed[occurrence.parsed_index]
    chapters = model.manuscript.chapters
    if 0 <= parsed.chapter_index < len(chapters):
        return chapters[parsed.chapter_index].label
    return None


def _established(
    occurrences: list[NameOccurrence], before: NameOccurrence
) -> NameOccurrence | None:
    """The established spelling's use nearest before the variant (else its first use): the
    passage a writer compares with."""
    at = (before.parsed_index, before.start)
    earlier = [o for o in occurrences if (o.parsed_index, o.start) < at]
    if earlier:
        return earlier[-1]
    return occurrences[0] if occurrences else None


def _explanation(variant: SpellingVariant) -> str:
    frame = {
        Frame.FULL: "it stands where the text usually writes the other spelling",
        Frame.BARE: "both are used on their own, the same way",
        Frame.SLOT: "both are used as surnames",
    }[variant.frame]
    parts = [
        f'"{variant.variant}" differs from "{variant.dominant}" by a slip of one or two '
        f"letters and {frame}.",
        "It is not a pet form, a plural or possessive, an ordinary word, or the name of "
        "another character, and the two never appear in one sentence.",
    ]
    if variant.in_dialogue:
        parts.append(
            "It is only in dialogue; the speech shows no dialect, so it is taken as the "
            "author's spelling. If the speaker says it this way on purpose, accept the finding."
        )
    if variant.bible is not None:
        parts.append("The story bible declares the other spelling.")
    return " ".join(parts)


def variant_finding(
    model: StoryModel, variant: SpellingVariant, rule_id: str, name: str
) -> Finding:
    uses = variant.variant_occurrences
    first = uses[0]
    if variant.kind is VariantKind.PLACE:
        what = "the place name "
    elif variant.kind is VariantKind.OTHER:
        what = "the name "
    else:
        what = ""
    if variant.dominant_count:
        established_count = _times(variant.dominant_count)
        if variant.bible is not None:
            established_count += ", and the story bible's spelling"
    else:
        established_count = "the story bible's spelling"
    message = (
        f'"{variant.variant}" ({_times(variant.variant_count)}, {_lines(model, uses)}) '
        f'looks like a misspelling of {what}"{variant.dominant}" ({established_count}).'
    )
    evidence = []
    established = _established(variant.dominant_occurrences, first)
    if variant.bible is not None and (established is None or variant.dominant_count < 2):
        evidence.append(
            Evidence(variant.bible.source, variant.bible.start, variant.bible.end, "canon")
        )
    elif established is not None:
        evidence.append(_evidence(model, established, "established"))
    evidence.extend(_evidence(model, o, "contradiction") for o in uses[:MAX_QUOTED])
    return Finding(
        rule=rule_id,
        name=name,
        severity=Severity.WARNING,
        confidence=variant.confidence,
        message=message,
        evidence=evidence,
        chapter=_chapter(model, first),
        explanation=_explanation(variant),
        paragraph=model.parsed[first.parsed_index].paragraph,
    )


@rule(
    "NAM001",
    "name-misspelled",
    Severity.WARNING,
    "A character's name is spelled once or twice in a way that differs by a slip from its "
    "usual spelling.",
    FAMILY,
)
def name_misspelled(model: StoryModel) -> Iterator[Finding]:
    for variant in spelling_layer(model).variants:
        if variant.kind is VariantKind.PERSON:
            yield variant_finding(model, variant, "NAM001", "name-misspelled")


@rule(
    "NAM002",
    "place-or-thing-name-misspelled",
    Severity.WARNING,
    "The name of a place or a named thing (a house, a ship, an inn) is spelled once or twice "
    "in a way that differs by a slip from its usual spelling.",
    FAMILY,
)
def place_or_thing_name_misspelled(model: StoryModel) -> Iterator[Finding]:
    for variant in spelling_layer(model).variants:
        if variant.kind is not VariantKind.PERSON:
            yield variant_finding(model, variant, "NAM002", "place-or-thing-name-misspelled")


def drift_finding(model: StoryModel, drift: SpellingDrift) -> Finding:
    stop, start = drift.last_earlier, drift.first_later
    message = (
        f'A name is spelled "{drift.earlier}" ({_times(drift.earlier_count)}, up to line '
        f'{_line(model, stop)}) and then "{drift.later}" ({_times(drift.later_count)}, '
        f"from line {_line(model, start)}): one spelling seems to have replaced the other."
    )
    return Finding(
        rule="NAM003",
        name="name-spelling-drift",
        severity=Severity.INFO,
        confidence=drift.confidence,
        message=message,
        evidence=[
            _evidence(model, stop, "established"),
            _evidence(model, start, "contradiction"),
        ],
        chapter=_chapter(model, start),
        explanation=(
            "Both spellings are used regularly, never side by side, and one takes over where "
            "the other stops - the mark of a name whose spelling changed while the book was "
            "written. If they are two different names, accept the finding."
        ),
        paragraph=model.parsed[start.parsed_index].paragraph,
    )


@rule(
    "NAM003",
    "name-spelling-drift",
    Severity.INFO,
    "A name is spelled one way in one part of the story and another way later.",
    FAMILY,
)
def name_spelling_drift(model: StoryModel) -> Iterator[Finding]:
    for drift in spelling_layer(model).drifts:
        yield drift_finding(model, drift)
