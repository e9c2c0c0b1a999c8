"""Name spelling rules: NAM001 name-misspelled, NAM002 place-or-thing-name-misspelled,
NAM003 name-spelling-drift.

The analysis (`storylint.families.names.spelling`) compares the spellings of every
name the characters stage counted and keeps only what looks like a slip of the
pen; these rules phrase it for the writer, quoting the established spelling and
the variant. A misspelled name is the author's text wherever it stands, so
dialogue counts too - except where the speech is written in dialect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylint.families.names.spelling import (
    NAME_SPELLING,
    Frame,
    SpellingDrift,
    SpellingVariant,
    VariantKind,
)
from storylint.findings import Evidence, Severity
from storylint.rules.registry import Option, rule

if TYPE_CHECKING:
    from storylint.model import StoryModel
    from storylint.people.name_mentions import NameOccurrence
    from storylint.rules.context import RuleContext

FAMILY = "names"
# Variant uses quoted as evidence; the message counts them all.
MAX_QUOTED = Option(
    "max_quoted",
    3,
    "how many uses of the variant spelling are quoted as passages (the message counts them all)",
)
TIMES = {1: "once", 2: "twice"}
VARIANT_MESSAGES = {
    "variant": '"{variant}" ({times}, {lines}) looks like a misspelling of {what}"{dominant}" '
    "({established}).",
}


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


def _report_variant(ctx: RuleContext, variant: SpellingVariant) -> None:
    model = ctx.model
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
    evidence = []
    established = _established(variant.dominant_occurrences, first)
    if variant.bible is not None and (established is None or variant.dominant_count < 2):
        evidence.append(
            Evidence(variant.bible.source, variant.bible.start, variant.bible.end, "canon")
        )
    elif established is not None:
        evidence.append(_evidence(model, established, "established"))
    evidence.extend(_evidence(model, o, "contradiction") for o in uses[: ctx.option("max_quoted")])
    ctx.report(
        at=first.parsed_index,
        confidence=variant.confidence,
        message_id="variant",
        data={
            "variant": variant.variant,
            "times": _times(variant.variant_count),
            "lines": _lines(model, uses),
            "what": what,
            "dominant": variant.dominant,
            "established": established_count,
        },
        evidence=evidence,
        explanation=_explanation(variant),
    )


@rule(
    "NAM001",
    "name-misspelled",
    Severity.WARNING,
    "A character's name is spelled once or twice in a way that differs by a slip from its "
    "usual spelling.",
    FAMILY,
    requires=[NAME_SPELLING],
    messages=VARIANT_MESSAGES,
    options=[MAX_QUOTED],
)
def name_misspelled(ctx: RuleContext) -> None:
    for variant in ctx.model.get(NAME_SPELLING).variants:
        if variant.kind is VariantKind.PERSON:
            _report_variant(ctx, variant)


@rule(
    "NAM002",
    "place-or-thing-name-misspelled",
    Severity.WARNING,
    "The name of a place or a named thing (a house, a ship, an inn) is spelled once or twice "
    "in a way that differs by a slip from its usual spelling.",
    FAMILY,
    requires=[NAME_SPELLING],
    messages=VARIANT_MESSAGES,
    options=[MAX_QUOTED],
)
def place_or_thing_name_misspelled(ctx: RuleContext) -> None:
    for variant in ctx.model.get(NAME_SPELLING).variants:
        if variant.kind is not VariantKind.PERSON:
            _report_variant(ctx, variant)


def _report_drift(ctx: RuleContext, drift: SpellingDrift) -> None:
    model = ctx.model
    stop, start = drift.last_earlier, drift.first_later
    ctx.report(
        at=start.parsed_index,
        confidence=drift.confidence,
        message_id="drift",
        data={
            "earlier": drift.earlier,
            "earlier_times": _times(drift.earlier_count),
            "earlier_line": _line(model, stop),
            "later": drift.later,
            "later_times": _times(drift.later_count),
            "later_line": _line(model, start),
        },
        evidence=[
            _evidence(model, stop, "established"),
            _evidence(model, start, "contradiction"),
        ],
        explanation=(
            "Both spellings are used regularly, never side by side, and one takes over where "
            "the other stops - the mark of a name whose spelling changed while the book was "
            "written. If they are two different names, accept the finding."
        ),
    )


@rule(
    "NAM003",
    "name-spelling-drift",
    Severity.INFO,
    "A name is spelled one way in one part of the story and another way later.",
    FAMILY,
    requires=[NAME_SPELLING],
    messages={
        "drift": 'A name is spelled "{earlier}" ({earlier_times}, up to line {earlier_line}) '
        'and then "{later}" ({later_times}, from line {later_line}): one spelling seems to '
        "have replaced the other.",
    },
)
def name_spelling_drift(ctx: RuleContext) -> None:
    for drift in ctx.model.get(NAME_SPELLING).drifts:
        _report_drift(ctx, drift)
