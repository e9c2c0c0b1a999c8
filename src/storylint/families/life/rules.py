"""Life and death: a character who has died acts or speaks again.

Both rules read `model.get(LIFE)` (see `storylint.families.life.stage`): the
deaths the narration tells, and what each dead character does afterwards
(only affirmed narration, by name, with an action or speech verb, outside
dreams, ghosts, memories, letters and flashback chapters). A character who
goes on acting page after page was not dead after all (a son with his
father's name, a false report, a return): the stage marks them `doubtful` and
no rule reports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylint.families.life.layer import LIFE
from storylint.families.life.lexicon import load_lexicon
from storylint.findings import Evidence, Severity
from storylint.rules.registry import rule

if TYPE_CHECKING:
    from storylint.families.life.stage import Act, Death, LifeLayer
    from storylint.model import StoryModel
    from storylint.rules.context import RuleContext

FAMILY = "life"
# A finding quotes the death and at most this many of the acts after it.
MAX_ACTS_QUOTED = 3
SPEECH = frozenset(
    "say ask answer reply whisper shout exclaim argue agree insist retort snap interrupt "
    "grumble".split()
)


def _has_given_name(name: tuple[str, ...]) -> bool:
    """ "Tom Hale", "Tom", "Mr. Tom Hale": yes; "Mr. Bell", "Bell", a pronoun: no."""
    from storylint.people.names import is_first_name, parse_name

    form = parse_name(list(name)) if name else None
    if form is None:
        return False
    if len(form.words) >= 2:
        return True
    return form.title is None and is_first_name(form.words[0])


def _short(death: Death) -> str:
    quote = " ".join(death.source.text[death.start : death.end].split())
    return quote if len(quote) <= 60 else quote[:57] + "..."


def _doing(act: Act) -> str:
    return "speaks" if act.lemma in SPEECH else "acts"


def _act_evidence(model: StoryModel, act: Act) -> Evidence:
    source = model.parsed[act.parsed_index].paragraph.source
    return Evidence(source, act.start, act.end, "contradiction")


def _acts_evidence(model: StoryModel, acts: list[Act]) -> list[Evidence]:
    """Every act a finding rests on, one per paragraph: a writer fixing the first should see
    the second, and the act the writer slipped on may be either."""
    seen: set[int] = set()
    found = []
    for act in acts:
        if act.parsed_index not in seen:
            seen.add(act.parsed_index)
            found.append(_act_evidence(model, act))
    return found


def _first_by_name(acts: list[Act]) -> Act:
    """The act to name in the message: the first told by name, else the first."""
    return next((a for a in acts if not a.by_pronoun), acts[0])


# --- LIF001 ----------------------------------------------------------------------


@rule(
    "LIF001",
    "dead-character-acts",
    Severity.WARNING,
    "A character whose death the story tells later acts or speaks as if alive.",
    FAMILY,
    requires=[LIFE],
    messages={"dead": "{name} {doing} here, but the story has already told their death."},
)
def dead_character_acts(ctx: RuleContext) -> None:
    layer = ctx.model.get(LIFE)
    if layer.characters is None:
        return
    from storylint.families.life.stage import death_anchors

    anchors = layer.anchors or death_anchors(layer.deaths)
    drop = load_lexicon().doubtful_confidence_drop
    for cid, acts in layer.acts.items():
        if cid in layer.revived or not acts:
            continue
        death = anchors.get(cid)
        if death is None:
            continue
        if cid in layer.doubtful:
            # a life going on after the death: only a death told by name as an event, and
            # less sure (the death may be the wrong passage, or someone else's)
            if drop >= 1.0 or not death.event or death.by_pronoun or death.hearsay:
                continue
            if death.frame or not _has_given_name(death.name):
                continue
            _report_dead(ctx, layer, death, acts[:1], drop)
            continue
        _report_dead(ctx, layer, death, acts)


def _report_dead(
    ctx: RuleContext, layer: LifeLayer, death: Death, acts: list[Act], drop: float = 0.0
) -> None:
    assert layer.characters is not None  # the rule returns early without them
    name = layer.characters.by_id(death.character_id).name
    act = _first_by_name(acts)
    confidence = 0.75 if death.event else 0.65
    if act.by_pronoun:
        confidence -= 0.1  # "he came in": anchored to the name just before, still a pronoun
    if death.anchored:
        confidence -= 0.1  # "He died in May." after the name: the same, for the death
    if not _has_given_name(death.name):
        # "the late Mr. Bell": a son of the same name may be Mr. Bell now, and "the late Lady
        # Crawley" is often the one before the present Lady Crawley (0.2). A funeral, a
        # grave or a burial of "Mrs. Hammond" takes the event's 0.15 (base 0.65 -> 0.5):
        # until issue 13 it took 0.2 too, which kept every such pair at 0.45, under the
        # default report ("The funeral of Madame Quesnel ... Madame Quesnel answered").
        confidence -= 0.2 if death.kind == "the late" else 0.15
    if death.hearsay:
        # "news came that he had drowned": the news may be wrong, and a false report and a
        # return is a plot, not a slip
        confidence = min(confidence - 0.2, 0.45)
    if death.frame:
        confidence = min(confidence, 0.45)  # a narrator looking back may tell it early
    if death.by_pronoun:
        confidence = min(confidence, 0.4)  # "he died": the "he" may be someone else
    confidence -= drop
    more = len({a.parsed_index for a in acts}) - 1
    also = " (and once more after that)" if more == 1 else ""
    ctx.report(
        at=act.parsed_index,
        confidence=confidence,
        message_id="dead",
        data={"name": name, "doing": _doing(act)},
        evidence=[death.evidence, *_acts_evidence(ctx.model, acts)[:MAX_ACTS_QUOTED]],
        explanation=(
            f'The narration tells {name}\'s death ("{_short(death)}"), then shows {name} '
            f"{'speaking' if _doing(act) == 'speaks' else 'acting'} in the story's present"
            f"{also}, not in a memory, a dream or a flashback. Either the death or this "
            "passage is wrong, or the return needs a word of explanation."
        ),
    )


# --- LIF002 ----------------------------------------------------------------------


@rule(
    "LIF002",
    "bible-dead-character-acts",
    Severity.WARNING,
    "A character the story bible declares dead acts or speaks as if alive.",
    FAMILY,
    requires=[LIFE],
    messages={
        "bible-dead": "{name} {doing} here, but the story bible says {name} died {when}.",
    },
)
def bible_dead_character_acts(ctx: RuleContext) -> None:
    layer = ctx.model.get(LIFE)
    if layer.characters is None:
        return
    for cid, (fact, acts) in layer.canon_acts.items():
        if not acts or cid in layer.revived:
            continue
        if cid in layer.acts and cid not in layer.doubtful:
            continue  # the text tells the death too: LIF001 reports it with the text's passage
        _report_bible(ctx, layer, cid, fact, acts)


def _report_bible(ctx: RuleContext, layer: LifeLayer, cid: int, fact, acts: list[Act]) -> None:
    assert layer.characters is not None  # the rule returns early without them
    name = layer.characters.by_id(cid).name
    act = _first_by_name(acts)
    dead = fact.attribute == "dead"
    when = "before the story begins" if dead else f"in chapter {fact.written or fact.value}"
    count = len({a.parsed_index for a in acts})
    ctx.report(
        at=act.parsed_index,
        confidence=(0.7 if count <= 2 else 0.6) - (0.1 if act.by_pronoun else 0.0),
        message_id="bible-dead",
        data={"name": name, "doing": _doing(act), "when": when},
        evidence=[
            Evidence(fact.evidence.source, fact.evidence.start, fact.evidence.end, "canon"),
            *_acts_evidence(ctx.model, acts)[:MAX_ACTS_QUOTED],
        ],
        explanation=(
            f"The story bible records {name}'s death {when}; the narration shows {name} "
            f"{'speaking' if _doing(act) == 'speaks' else 'acting'} afterwards"
            + (f" ({count} passages)" if count > 1 else "")
            + ", not in a memory, a dream or a flashback. Correct the text or the bible."
        ),
    )
