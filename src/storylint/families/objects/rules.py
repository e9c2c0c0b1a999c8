"""Object continuity rules: OBJ001 owner changed, OBJ002 state ended, OBJ003 in two places.

The world engine (storylint.families.objects.engine) does the reasoning and records
conflicts; these rules only phrase them for a writer and attach the passages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from storylint.families.objects.engine import WORLD
from storylint.findings import Evidence, Severity
from storylint.rules.registry import rule

if TYPE_CHECKING:
    from storylint.families.objects.engine import Conflict
    from storylint.families.objects.events import Event
    from storylint.model import StoryModel
    from storylint.rules.context import RuleContext

FAMILY = "objects"

# What each state means in words: (true, false) for "the coat is ___".
STATE_WORDS = {
    "worn": ("worn", "no longer worn"),
    "held": ("held", "put down"),
    "gone": ("gone", "at hand"),
    "broken": ("broken", "in working order"),
    "pieces": ("in pieces", "whole"),
    "running": ("switched on", "switched off"),
    "lit": ("lit", "put out"),
    "open": ("open", "closed"),
    "locked": ("locked", "unlocked"),
    "wet": ("wet", "dry"),
    "clean": ("clean", "dirty"),
    "powered": ("powered", "without power"),
    "conscious": ("awake", "asleep or unconscious"),
}


def _quote(model: StoryModel, event: Event) -> str:
    text = model.parsed[event.parsed_index].paragraph.source.text[event.start : event.end]
    return " ".join(text.split())


def _line(model: StoryModel, event: Event) -> int:
    return model.parsed[event.parsed_index].paragraph.source.line_col(event.start)[0]


def _evidence(model: StoryModel, event: Event, role: str) -> Evidence:
    source = model.parsed[event.parsed_index].paragraph.source
    return Evidence(source, event.start, event.end, role)


def _explanation(conflict: Conflict) -> str:
    limit = conflict.contradiction.end
    reasons = list(dict.fromkeys(text for at, text in conflict.obj.merge_reasons if at <= limit))
    if conflict.reason and conflict.reason not in reasons:
        reasons.insert(0, conflict.reason)
    lead = f"Taken to be the same {conflict.obj.lemma}: "
    return lead + "; ".join(reasons[:4]) + "." if reasons else ""


def _report(ctx: RuleContext, conflict: Conflict, message: str, canon: Evidence | None = None):
    model = ctx.model
    # The story bible's line, when the bible set up what the text contradicts.
    before = [Evidence(canon.source, canon.start, canon.end, "canon")] if canon else []
    ctx.report(
        at=conflict.contradiction.parsed_index,
        chapter_index=conflict.chapter_index,
        confidence=conflict.confidence,
        message=message,
        evidence=[
            *before,
            _evidence(model, conflict.established, "established"),
            _evidence(model, conflict.contradiction, "contradiction"),
        ],
        explanation=_explanation(conflict),
    )


def _conflicts(model: StoryModel, kind: str) -> Iterator[Conflict]:
    for conflict in model.get(WORLD).conflicts:
        if conflict.kind == kind:
            yield conflict


@rule(
    "OBJ001",
    "object-owner-changed",
    Severity.WARNING,
    "An object's owner changes with no passage giving, lending or selling it.",
    FAMILY,
    requires=[WORLD],
    messages={
        "owner-changed": "The {thing} {who} {be} {how} {source} but is later called {new_owner} "
        "('{later}', line {later_line}), with no passage giving it to {recipient}.",
    },
)
def object_owner_changed(ctx: RuleContext) -> None:
    model = ctx.model
    for conflict in _conflicts(model, "owner"):
        est, later = conflict.established, conflict.contradiction
        first_owner = est.mention.owner
        # "the coat" with no owner in the text, Derek's by the story bible (canon/objects.py)
        canon = conflict.obj.canon_owner if first_owner is None else None
        if canon is not None:
            first_owner = conflict.obj.owner
        new_owner = later.mention.owner
        lemma = conflict.obj.lemma
        wearer = conflict.person or later.wearer or later.actor
        who = wearer.label if wearer is not None else "the character"
        be = wearer.be() if wearer is not None else "is"
        if canon is not None:
            line = canon.source.line_col(canon.start)[0]
            source = (
                f"is {first_owner.possessive() if first_owner else 'someone else'} by the story "
                f"bible ('{canon.quote}', {canon.source.path} line {line}; worn from "
                f"'{_quote(model, est)}', line {_line(model, est)})"
            )
        else:
            source = (
                f"was established as {first_owner.possessive() if first_owner else 'someone else'}"
                f" ('{_quote(model, est)}', line {_line(model, est)})"
            )
        message = ctx.message(
            "owner-changed",
            thing=lemma,
            who=who,
            be=be,
            how="borrowing" if conflict.on_loan else "wearing",
            source=source,
            new_owner=new_owner.independent_possessive() if new_owner else "another's",
            later=_quote(model, later),
            later_line=_line(model, later),
            recipient=new_owner.object_form() if new_owner else "them",
        )
        _report(ctx, conflict, message, canon)


@rule(
    "OBJ002",
    "object-state-ended",
    Severity.WARNING,
    "An object is used, worn or described in a state an earlier event ended, "
    "with nothing restoring it.",
    FAMILY,
    requires=[WORLD],
    messages={
        "state-ended": "'{later}' (line {later_line}) describes {subject} as {needed}, but "
        "earlier '{earlier}' (line {earlier_line}) left {it} {state_then}, and nothing in "
        "between changes that.",
    },
)
def object_state_ended(ctx: RuleContext) -> None:
    model = ctx.model
    for conflict in _conflicts(model, "ended"):
        est, later = conflict.established, conflict.contradiction
        if (est.parsed_index, est.start) >= (later.parsed_index, later.start):
            # The "earlier" passage starts no earlier than the one it contradicts: one
            # sentence read twice ("the curtains which closed the open doorway") or a clause
            # the reading order moved. On the 98 novels all 7 such findings were false.
            continue
        attr = conflict.attribute
        now_true, now_false = STATE_WORDS.get(attr, (attr, f"not {attr}"))
        value = est.effects.get(attr, not later.requires.get(attr, True))
        state_then = now_true if value else now_false
        needed = now_true if later.requires.get(attr, True) else now_false
        # Characters (asleep, awake) are named; objects take "the".
        person = conflict.obj.category == "person"
        subject = conflict.obj.lemma if person else f"the {conflict.obj.lemma}"
        message = ctx.message(
            "state-ended",
            later=_quote(model, later),
            later_line=_line(model, later),
            subject=subject,
            needed=needed,
            earlier=_quote(model, est),
            earlier_line=_line(model, est),
            it=conflict.obj.lemma if person else "it",
            state_then=state_then,
        )
        _report(ctx, conflict, message)


@rule(
    "OBJ003",
    "object-in-two-places",
    Severity.WARNING,
    "One object is worn or held by two characters at once, with no passage moving it.",
    FAMILY,
    requires=[WORLD],
    messages={
        "two-places": "The {thing} is {verb} by {first} ('{earlier}', line {earlier_line}) and "
        "then by {second} ('{later}', line {later_line}) with no passage passing it over.",
    },
)
def object_in_two_places(ctx: RuleContext) -> None:
    model = ctx.model
    for conflict in _conflicts(model, "two-places"):
        est, later = conflict.established, conflict.contradiction
        verb = "worn" if conflict.attribute == "worn" else "held"
        first = est.wearer if conflict.attribute == "worn" else est.holder
        second = later.wearer if conflict.attribute == "worn" else later.holder
        message = ctx.message(
            "two-places",
            thing=conflict.obj.lemma,
            verb=verb,
            first=first.object_form() if first else "one character",
            earlier=_quote(model, est),
            earlier_line=_line(model, est),
            second=second.object_form() if second else "another",
            later=_quote(model, later),
            later_line=_line(model, later),
        )
        _report(ctx, conflict, message)
