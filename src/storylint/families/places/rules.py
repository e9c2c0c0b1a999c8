"""Blocking continuity: who is in the scene, where they are, where the door is.

Every rule here reads `model.get(PLACES)` (see storylint.families.places.presence)
and reasons only inside one segment (a stretch of one place and time), only
from affirmed narration, and stops reasoning about a character at the first
thing that might have moved them: any movement, being led or followed, even
being named by someone else. A missed problem costs the writer a re-read; a
false alarm costs their trust.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from storylint.families.places.extract import GONE, PERFECT
from storylint.families.places.lexicon import PlacesLexicon, load_lexicon
from storylint.families.places.presence import (
    COMPANY,
    MOVES,
    NARRATOR,
    PLACES,
    EventKind,
    PresenceEvent,
    Segment,
    time_clause,
)
from storylint.families.places.scan import FirstShown, PresentSoFar, SegmentIndex, backwards
from storylint.findings import Evidence, Severity
from storylint.pipeline.layers import QUOTES
from storylint.rules.registry import Option, rule

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.families.places.presence import PlacesLayer
    from storylint.model import StoryModel
    from storylint.rules.context import RuleContext

FAMILY = "places"
# How far (in paragraphs) a contradiction may reach back inside one segment, by default.
# Further than this, an unnarrated return or move is too likely.
REACH = Option(
    "reach",
    12,
    "how many paragraphs apart, inside one scene, the two passages may be; further apart, "
    "an unnarrated return or move is too likely",
)
REACH_FIXTURE = Option(
    "reach",
    6,
    "how many paragraphs apart, inside one scene, the two statements of where the fixture is "
    "may be",
)


def _evidence(model: StoryModel, start: int, end: int, role: str, parsed_index: int) -> Evidence:
    return Evidence(model.parsed[parsed_index].paragraph.source, start, end, role)


def _report(
    ctx: RuleContext,
    confidence: float,
    message: str,
    first: tuple[int, int, int],  # parsed index, start, end
    second: tuple[int, int, int],
    explanation: str,
) -> None:
    """Report at the second passage: the first established it, the second contradicts it."""
    model = ctx.model
    ctx.report(
        at=second[0],
        confidence=confidence,
        message=message,
        evidence=[
            _evidence(model, first[1], first[2], "established", first[0]),
            _evidence(model, second[1], second[2], "contradiction", second[0]),
        ],
        explanation=explanation,
    )


def _where(event: PresenceEvent) -> tuple[int, int, int]:
    return event.parsed_index, event.start, event.end


# --- PLC001 ---------------------------------------------------------------------

# An unnamed person ("the policeman") among those who stay (never a character's id).
UNNAMED = -2


@rule(
    "PLC001",
    "absent-character-acts",
    Severity.WARNING,
    "A character who left the scene acts or speaks in it again without coming back.",
    FAMILY,
    requires=[PLACES],
    messages={"absent": "{name} left the scene but acts in it again without coming back."},
    options=[REACH],
)
def absent_character_acts(ctx: RuleContext) -> None:
    layer = ctx.model.get(PLACES)
    for segment in layer.segments:
        _absent_in(ctx, layer, segment)


def _absent_in(ctx: RuleContext, layer: PlacesLayer, segment: Segment) -> None:
    reach = ctx.option("reach")
    lex = load_lexicon()
    events = segment.events
    index = SegmentIndex(segment)
    present = PresentSoFar(lambda e: _goes(e, lex))
    narrator_line = None if ctx.model.get(QUOTES) is None else _narrator_line(ctx.model, segment)
    shown = _first_shown(layer, events)
    for i, leave in enumerate(events):
        if i:
            present.see(events[i - 1])
        if not _leaves(leave, lex) or leave.body_part or {NARRATOR, COMPANY} & set(leave.others):
            continue  # ("she and I left the nursery", "walked home with them": all go)
        if _told_already(events, i, lex):
            continue  # "left the kitchen and walked off down the lane": one leave, told once
        stayers = _stayers(present, leave, index, lex)
        stayers |= _staying(index.located_after(events, i), leave, lex)
        if narrator_line is not None and narrator_line < leave.order:
            stayers.add(NARRATOR)  # a first-person narrator's own lines before the leave
        infer = lex.absent_stayer_after and not stayers
        if lex.absent_stayer_before and not stayers and not infer:
            continue  # nobody stayed behind: the narration went with the one who left
        if leave.by_pronoun and _rival_before(layer, backwards(events, i), leave):
            continue  # "Marie sprang up ... She ran away": the "she" may be the other one
        anchored = (  # not when led or accompanied ("pulled her away"): the pair may be followed
            leave.by_pronoun
            and not leave.others
            and leave.evidence not in (GONE, PERFECT)  # "She was gone directly": a state
            and (
                _named_just_before(layer, backwards(events, i), leave)
                or _pronoun_unambiguous(layer, shown, i, leave, index, lex)
                and not _quote_before(ctx.model, leave)
            )
        )
        found = _back_in_scene(
            events,
            i,
            _LoosePronouns(layer, events, i),
            stayers,
            index,
            reach,
            lex,
            infer,
            anchored,
        )
        if (
            found is not None
            and found[0].by_pronoun
            and _rival_between(layer, _after(events, i, reach), leave, found[0])
        ):
            continue  # "He gave a short laugh" with another "he" shown since: can't tell
        if found is not None and _waited(ctx.model, leave, found[0], lex):
            continue  # "I sat in the ball-room in the interval": the return is implied
        if found is not None and _returned(ctx.model, layer, leave, found[0], lex):
            continue  # "He disappeared, and presently returned with the wagon": back again
        if found is not None and _time_passed(ctx.model, leave, found[0], lex):
            continue  # "In the morning she was not beside him": a later stretch of time
        if found is not None and _went_along(ctx.model, leave, found[0], lex):
            continue  # "slipped out into the garden. The garden was cold": the narration went
        if found is not None:
            _report_absent(ctx, layer, leave, *found)


def _waited(model: StoryModel, leave: PresenceEvent, act: PresenceEvent, lex) -> bool:
    """Does the narration from the leave to the act wait for the return ("in the interval",
    "meanwhile", "waited")?"""
    import re

    if not lex.waiting_phrases:
        return False
    phrases = "|".join(re.escape(p) for p in sorted(lex.waiting_phrases))
    # not "went on without waiting for a reply", "must not be kept waiting"
    pattern = re.compile(r"(?<!without )(?<!kept )(?<!keep )(?<!keeping )\b(?:" + phrases + r")\b")
    quotes = model.get(QUOTES)
    for pi in range(leave.parsed_index, act.parsed_index + 1):
        doc = model.parsed[pi].doc
        words = [
            t.text_with_ws
            for t in doc
            if quotes is None or not quotes.in_quote(pi, t.i)
            if not (pi == leave.parsed_index and t.i < leave.token_i)
            if not (pi == act.parsed_index and t.i >= act.token_i)
        ]
        if pattern.search("".join(words).lower()):
            return True
    return False


def _returned(
    model: StoryModel, layer: PlacesLayer, leave: PresenceEvent, act: PresenceEvent, lex
) -> bool:
    """Is a return told after the leave, up to the act's own sentence ("He disappeared, and
    presently returned with the wagon", "asked Jellyband, as he returned with a bottle"), or
    someone said to go after the one who left before it ("cried Fagin, following him")?
    A return (`return_verbs`, or "come back") with no object, by the one who left or a
    pronoun that may be theirs; in a sentence with a quotation only with a way or a time
    phrase ('"Yes," returned Meg' is a speech tag, not a way back)."""
    quotes = model.get(QUOTES)
    name = layer.name(leave.character_id).lower()
    for pi in range(leave.parsed_index, act.parsed_index + 1):
        for tok in model.parsed[pi].doc:
            if pi == leave.parsed_index and tok.i <= leave.token_i:
                continue
            if pi == act.parsed_index and tok.sent.start > act.sentence_start:
                break
            if quotes is not None and quotes.in_quote(pi, tok.i):
                continue
            own = (pi, tok.sent.start) == (act.parsed_index, act.sentence_start)
            if _follows_someone(tok, lex) and not own:
                return True  # "cried Fagin, following him hastily": the narration may go too
            if _is_return(tok, lex) and _may_be_leaver(tok, name):
                spoken = quotes is not None and any(quotes.in_quote(pi, t.i) for t in tok.sent)
                if not spoken or any(c.dep_ in ("prep", "advmod") for c in tok.children):
                    return True
    return False


def _follows_someone(tok: Token, lex: PlacesLexicon) -> bool:
    """ "following him hastily", "went after her": someone goes the way the one who left went
    (any form of the verb: the participle is no event of its own)."""
    if tok.pos_ != "VERB":
        return False
    if tok.lemma_.lower() in lex.follow_verbs:
        people = [c for c in tok.children if c.dep_ == "dobj"]
    elif tok.lemma_.lower() in lex.travel_verbs:
        people = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "after"
                  for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    else:
        return False
    return any(p.lower_ in ("him", "her", "them") for p in people)


def _is_return(tok: Token, lex: PlacesLexicon) -> bool:
    """ "returned", "reappeared", "came back": a way back, not "returned the book"."""
    if tok.pos_ not in ("VERB", "AUX") or any(c.dep_ == "dobj" for c in tok.children):
        return False
    lemma = tok.lemma_.lower()
    if lemma == "come":
        return any(c.lower_ in lex.return_particles for c in tok.children)
    return lemma in lex.return_verbs


def _may_be_leaver(verb: Token, name: str) -> bool:
    """The subject of a return may be the one who left: a third-person pronoun, their name,
    or none of its own (a conjunct sharing the subject: "disappeared, and presently
    returned")."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return verb.dep_ == "conj" or verb.dep_ == "advcl"
    if subj.tag_ == "PRP":
        return subj.lower_ in ("he", "she", "they")
    return subj.lower_ in name.split()  # (a name the parser tags as a noun: "Ravi" NN)


def _time_passed(model: StoryModel, leave: PresenceEvent, act: PresenceEvent, lex) -> bool:
    """Does a sentence of narration between the leave and the act open a later stretch of
    time ("In the morning she was not beside him", `time_shift_openings`) or a summary
    ("Every morning we held exactly this conversation", `summary_openings`; "They always
    looked back", `summary_adverbs` on its main verb)? A paragraph
    that opens so already starts a new segment; inside a paragraph it is a sentence."""
    openings = lex.time_shift_openings + lex.summary_openings
    if not openings:
        return False
    quotes = model.get(QUOTES)
    for pi in range(leave.parsed_index, act.parsed_index + 1):
        for sent in model.parsed[pi].doc.sents:
            if pi == leave.parsed_index and sent.start <= leave.sentence_start:
                continue
            # the act's own sentence counts by its opening only: "Next morning Alpatych
            # donned a jacket" is a later stretch, whatever it then says
            own = pi == act.parsed_index and sent.start >= act.sentence_start
            if own and sent.start > act.sentence_start:
                break
            first = next((t for t in sent if not t.is_punct and not t.is_space), None)
            if first is None or quotes is not None and quotes.in_quote(pi, first.i):
                continue
            text = sent[first.i - sent.start :].text.lower().replace("\n", " ")
            if text.startswith(openings) or _later_day(text, lex) or time_clause(sent, lex):
                return True
            if own:
                break
            if any(c.lower_ in lex.summary_adverbs for c in sent.root.children):
                return True  # "They always looked back before turning the corner": a habit
    return False


def _later_day(text: str, lex) -> bool:
    """A next or following day or part of one among the first words of a sentence ("At six
    o'clock next morning, Mr. Bumble ...", "The very next evening Matthew ..."): a later
    stretch told with more words than `time_shift_openings` lists."""
    head = " ".join(text.split()[: lex.later_day_words])
    return any(phrase in head for phrase in lex.later_day_phrases)


def _went_along(model: StoryModel, leave: PresenceEvent, act: PresenceEvent, lex) -> bool:
    """Is the place the leaver went to ("out into the garden", "up to her room", "to the
    stables") named in the narration between the leave and the act ("The garden was cold
    and smelt of cut grass")? Then the narration went there with them."""
    if not lex.absent_destination_follows:
        return False
    doc = model.parsed[leave.parsed_index].doc
    if leave.token_i >= len(doc):
        return False
    verb = doc[leave.token_i]
    ways = {"to", "into", "toward", "towards", "onto", "along", "down", "up", "across"}
    preps = [c for c in verb.children if c.dep_ in ("prep", "prt", "advmod")]
    preps += [g for c in preps for g in c.children if g.dep_ == "prep"]  # "out into"
    places = {
        g.lemma_.lower()
        for p in preps
        if p.lower_ in ways
        for g in p.children
        if g.dep_ == "pobj" and g.pos_ == "NOUN"
    }
    if leave.area in ("upstairs", "downstairs", "outside", "inside"):
        places.add(leave.area)
    if not places:
        return False
    quotes = model.get(QUOTES)
    for pi in range(leave.parsed_index, act.parsed_index + 1):
        for tok in model.parsed[pi].doc:
            if pi == leave.parsed_index and tok.sent.start <= leave.sentence_start:
                continue
            if pi == act.parsed_index and tok.i >= act.sentence_start:
                break
            if quotes is not None and quotes.in_quote(pi, tok.i):
                continue
            if tok.lemma_.lower() in places and tok.pos_ in ("NOUN", "ADV"):
                return True
    return False


def _rival_between(
    layer: PlacesLayer, events: Iterable[PresenceEvent], leave: PresenceEvent, act: PresenceEvent
) -> bool:
    """Someone else the act's pronoun could mean (same or unknown gender), named since the
    leave: the pronoun may be theirs."""
    if layer.characters is None:
        return True
    gender = str(layer.characters.by_id(leave.character_id).gender)
    for e in events:  # in story order
        if e.order >= act.order:
            break
        if e.order <= leave.order or e.character_id == leave.character_id:
            continue
        if e.quoted or e.by_pronoun or e.character_id < 0:
            continue
        other = str(layer.characters.by_id(e.character_id).gender)
        if other == gender or "unknown" in (other, gender):
            return True
    return False


def _leaves(event: PresenceEvent, lex) -> bool:
    """Left the room, or went up, down, in or out of it on foot ("went upstairs to bed")."""
    if event.kind is EventKind.LEAVE:
        return True
    return event.kind is EventKind.AREA and event.lemma in lex.travel_verbs


def _goes(event: PresenceEvent, lex) -> bool:
    """Leaves, or drives off ("drove over to"): gone from here."""
    return _leaves(event, lex) or event.kind is EventKind.MOVE and event.lemma in lex.vehicle_verbs


def _told_already(events: list[PresenceEvent], i: int, lex) -> bool:
    """Is leave `i` the same way out as an earlier leave by the same character in its own
    sentence ("left the kitchen and walked off down the lane")? Events are in story order,
    so only those of its sentence, just before it, can be."""
    leave = events[i]
    for e in backwards(events, i):
        if (e.parsed_index, e.sentence_start) != (leave.parsed_index, leave.sentence_start):
            return False
        if _leaves(e, lex) and e.character_id == leave.character_id:
            if _part_of_leave(leave, e, lex):
                return True
    return False


def _stayers(present: PresentSoFar, leave: PresenceEvent, index: SegmentIndex, lex) -> set[int]:
    """Everyone else shown here before the leave who did not go with the one who left (or
    went before it); a first-person narrator shown here counts as NARRATOR."""
    stayers = present.others_than(leave)
    if index.before(index.narrator, leave.order):
        stayers.add(NARRATOR)
    if lex.absent_unnamed_stay and index.before(
        index.unnamed, leave.order, (leave.parsed_index - 3, -1)
    ):
        stayers.add(UNNAMED)  # "pursued the policeman" just before: someone else is here
    return stayers


def _staying(located: list[PresenceEvent], leave: PresenceEvent, lex) -> set[int]:
    """Those the leave's own paragraph says stay, after it ("Marcus went out to the car.
    Elena and her grandmother stayed at the kitchen table")."""
    return {
        e.character_id
        for e in located
        if e.lemma in lex.stay_verbs
        and e.character_id != leave.character_id
        and e.character_id not in leave.others
    }


def _narrator_line(model: StoryModel, segment: Segment) -> tuple[int, int] | None:
    """In a first-person scene, the first line of dialogue nobody else is given ('"I'm not
    sighing."'): the narrator's own, so from there on the narrator is in the room."""
    if not segment.first_person:
        return None
    quotes = model.get(QUOTES)
    if not hasattr(quotes, "in_paragraph"):
        return None
    for pi in range(segment.first, segment.last + 1):
        starts = [
            quote.token_start
            for quote in quotes.in_paragraph(pi)
            if getattr(quote, "speaker_id", None) is None and _alone_in_paragraph(model, pi, quote)
        ]
        if starts:
            return pi, min(starts)
    return None


def _alone_in_paragraph(model: StoryModel, pi: int, quote) -> bool:
    """The quote is its paragraph's only text (a bare line of dialogue)."""
    text = model.parsed[pi].paragraph.text.strip()
    return len(text) - (quote.end - quote.start) <= 4


def _back_in_scene(
    events: list[PresenceEvent],
    i: int,
    loose: _LoosePronouns,
    stayers: set[int],
    index: SegmentIndex,
    reach: int,
    lex,
    infer: bool = False,
    anchored: bool = False,
) -> tuple[PresenceEvent, bool, bool] | None:
    """The leaver's first act here after leaving, before anything that may have brought them
    back or taken the narration away (the leaver named doing anything else, someone else
    moving), once the scene has shown it stayed (`_stayed_enough`); whether one of those
    who stayed acted or spoke in between; and whether those who stayed were only inferred
    (`infer`: nobody was shown before the leave, so someone who acts or speaks in a later
    paragraph, first shown doing so and while the one who left is not named, is taken as
    one who stayed). The events read are those after leave `i` but the `loose` pronouns."""
    leave = events[i]
    who = leave.character_id
    stayers = set(stayers)
    stayed = False  # someone who stayed behind acted or spoke since the leave
    newcomer = False  # someone not shown before the leave acted or spoke since
    first_seen: set[int] = set()  # those already shown since the leave
    inferred = False
    for n in range(i + 1, len(events)):
        later = events[n]
        if loose(n):
            continue
        if later.parsed_index - leave.parsed_index > reach:
            return None
        if index.between(index.narrator_moves, leave.order, later.order):
            return None  # "I followed her into the kitchen": the narration went elsewhere
        if index.between(index.group_returns, leave.order, later.order):
            return None  # "they returned": the one who left may be among them
        if not stayed and NARRATOR in stayers:
            stayed = index.between(index.narrator, leave.order, later.order)  # "I asked"
        elif not stayed and infer and lex.absent_narrator_after:
            if index.between(index.narrator, leave.order, later.order):
                stayed = inferred = True  # "He hurried out. ... I stared at Holmes": I stayed
                stayers.add(NARRATOR)
        if not stayed and lex.absent_unnamed_stay and (UNNAMED in stayers or infer):
            if index.between(index.unnamed, (leave.parsed_index + 1, -1), later.order):
                stayed = True  # "said the policeman" since the leave: the scene stayed
                if UNNAMED not in stayers:
                    stayers.add(UNNAMED)
                    inferred = True
        elif not newcomer and UNNAMED not in stayers and not infer:
            if index.between(index.unnamed, (leave.parsed_index + 1, -1), later.order):
                newcomer = True  # "said the colonel", not shown before: met where they went
        if later.quoted or later.possessive:
            continue  # the others talking about the one who left, or "his sister"
        if later.character_id == who and _part_of_leave(later, leave, lex):
            continue  # "went out, closing the door behind him": the way out itself
        if later.character_id == who and stayed and later.by_pronoun:
            if later.kind is EventKind.MENTION or later.kind is EventKind.ACT and later.weak:
                continue  # "her mother picked hers up": with others here, a loose pronoun
        if later.character_id == who and stayed and later.kind is EventKind.SPEAK:
            if later.evidence == "alternation":
                continue  # a line given by turn-taking alone: a guess, not the leaver back
        if (
            infer
            and later.kind is not EventKind.MENTION
            and later.character_id != who
            and later.character_id not in first_seen
            and later.character_id not in leave.others
        ):
            first_seen.add(later.character_id)
            if (
                later.parsed_index > leave.parsed_index
                and (
                    later.kind is EventKind.SPEAK or later.kind is EventKind.ACT and not later.weak
                )
                and not later.by_pronoun
            ):
                stayers.add(later.character_id)
                inferred = True
        if later.character_id == who:
            if index.comes_back_from(events, n, who):
                return None  # "said from the doorway": the way back in
            if later.kind is EventKind.SPEAK and later.evidence == "beat":
                continue  # attributed from the narration beside it, read next
            act = _with_tag(events, n) if _here_again(later, lex) else None
            if act is None and later.kind is EventKind.SPEAK:
                continue  # a line given them with no tag of presence: neither back nor here
            if act is None or (later.parsed_index, later.sentence_start) == (
                leave.parsed_index,
                leave.sentence_start,
            ):
                return None  # anything else the leaver does may be the way back
            if not _stayed_enough(lex, stayed, newcomer, leave, act, anchored):
                return None
            if infer and not (inferred and stayed):
                return None  # nobody was shown staying, before or since
            return act, stayed, inferred
        if later.character_id in leave.others:
            return None
        if later.posture and later.character_id in stayers:
            stayed = True  # one who stayed gets up: still this room
            continue
        if later.kind in MOVES or later.kind is EventKind.TURN and later.lemma != "turn":
            return None  # someone else moves: the narration may be following them
        if later.kind in (EventKind.ACT, EventKind.SPEAK, EventKind.LOCATED):
            if later.character_id in stayers:
                stayed = stayed or later.kind is not EventKind.LOCATED
            else:
                newcomer = True
    return None


def _after(events: list[PresenceEvent], i: int, reach: int) -> Iterator[PresenceEvent]:
    """The events after leave `i`, in story order, up to `reach` paragraphs on (nothing
    further can be its contradiction), one at a time: `_back_in_scene` usually stops within
    a few, and a paragraph of a hundred thousand characters holds thousands."""
    last = events[i].parsed_index + reach
    for k in range(i + 1, len(events)):
        if events[k].parsed_index > last:
            return
        yield events[k]


def _in_paragraph_after(events: list[PresenceEvent], i: int) -> Iterator[PresenceEvent]:
    """The events after `i` in its own paragraph."""
    return _after(events, i, 0)


class _LoosePronouns:
    """Is a later event one of the leaver's pronouns that is no act of theirs ("There were
    still hiatuses for her", not its subject), where the last character of that (or
    unknown) gender named in narration before it, in its paragraph, is someone else ("Mr.
    Jackson glanced at Janey")? The pronoun may well be that other one's. Asked event by
    event, as `_back_in_scene` reads on, so a long paragraph costs only what is read."""

    def __init__(self, layer: PlacesLayer, events: list[PresenceEvent], i: int) -> None:
        self.characters = layer.characters
        self.events = events
        self.who = events[i].character_id
        self.gender = "" if self.characters is None else self._gender(self.who)

    def _gender(self, character_id: int) -> str:
        assert self.characters is not None
        return str(self.characters.by_id(character_id).gender)

    def __call__(self, n: int) -> bool:
        e = self.events[n]
        if self.characters is None:
            return False
        if e.character_id != self.who or not e.by_pronoun or e.kind is not EventKind.MENTION:
            return False
        if e.subject or e.quoted:
            return False
        for before in backwards(self.events, n):
            if before.parsed_index != e.parsed_index:
                return False
            if before.quoted or before.by_pronoun or before.character_id < 0:
                continue
            if before.kind is EventKind.SPEAK:
                continue
            if before.character_id == self.who:
                return False
            other = self._gender(before.character_id)
            if other == self.gender or "unknown" in (other, self.gender):
                return True
        return False


def _rival_before(
    layer: PlacesLayer, before: Iterable[PresenceEvent], leave: PresenceEvent
) -> bool:
    """A leave told by a pronoun, with someone else the pronoun could mean (same or unknown
    gender) named in narration earlier in its paragraph, after the one who leaves was last
    named there ("Marie sprang up ... She ran away", with the "she" resolved to Alexandra)."""
    if layer.characters is None:
        return False
    gender = str(layer.characters.by_id(leave.character_id).gender)
    for e in before:  # nearest first
        if e.parsed_index < leave.parsed_index:
            return False
        if e.quoted or e.by_pronoun or e.character_id < 0 or e.kind is EventKind.SPEAK:
            continue
        if e.character_id == leave.character_id:
            return False
        if e.possessive or e.kind is EventKind.MENTION and not e.subject:
            continue  # "handed Dev the brush", "his sister": not who the "he" would be
        other = str(layer.characters.by_id(e.character_id).gender)
        if other == gender or "unknown" in (other, gender):
            return True
    return False


def _named_just_before(
    layer: PlacesLayer, before: Iterable[PresenceEvent], leave: PresenceEvent
) -> bool:
    """Is a leave told by a pronoun ("She got up and left.") anchored to its name: the one
    who leaves named in narration earlier in the leave's own paragraph, with nobody else
    the pronoun could mean (same or unknown gender) named since? (A pronoun that opens its
    paragraph is not: "He left the room." alone, with nobody shown after it, may be the
    narration going with him.)"""
    if layer.characters is None:
        return False
    gender = str(layer.characters.by_id(leave.character_id).gender)
    for e in before:  # nearest first
        if e.quoted or e.character_id < 0 or e.kind is EventKind.SPEAK:
            continue  # a line of dialogue names nobody
        if e.parsed_index < leave.parsed_index:
            return False
        if e.character_id == leave.character_id:
            if not e.by_pronoun:
                return True
            continue
        if e.by_pronoun:
            continue
        other = str(layer.characters.by_id(e.character_id).gender)
        if other == gender or "unknown" in (other, gender):
            return False
    return False


def _pronoun_unambiguous(
    layer: PlacesLayer,
    shown: Callable[[], FirstShown],
    i: int,
    leave: PresenceEvent,
    index: SegmentIndex,
    lex,
) -> bool:
    """May a leave told by a pronoun that opens its paragraph ("He left the room.") count as
    told by name (`absent_pronoun_leave_needs`, README "sixth pass")? "anchored": no, only
    one named earlier in its own paragraph does; "unambiguous": yes, when the one who leaves
    was named in the paragraph before, and nobody else the pronoun could mean (same or
    unknown gender, or anyone unnamed: "the visitor") has been shown in the scene before it;
    "nothing": always."""
    needs = lex.absent_pronoun_leave_needs
    if needs == "nothing":
        return True
    if needs != "unambiguous" or layer.characters is None:
        return False
    gender = str(layer.characters.by_id(leave.character_id).gender)
    if gender == "unknown":
        return False
    if index.before(index.unnamed, leave.order):
        return False  # "said the visitor": someone the character model does not name
    first = shown()
    if first.rival_before(leave.character_id, (gender, "unknown"), i):
        return False
    return first.named_before(leave.character_id, i)  # named, with no rival for the pronoun


def _first_shown(layer: PlacesLayer, events: list[PresenceEvent]) -> Callable[[], FirstShown]:
    """The segment's `FirstShown`, built the first time a leave asks for it (most never do)."""
    built: list[FirstShown] = []

    def get() -> FirstShown:
        if not built:
            characters = layer.characters
            assert characters is not None  # (asked only when there is a character model)
            built.append(FirstShown(events, lambda c: str(characters.by_id(c).gender)))
        return built[0]

    return get


def _quote_before(model: StoryModel, leave: PresenceEvent) -> bool:
    """A line of dialogue in the leave's paragraph before it ('"Keep out of my grip," he
    snarled, and he strode out'): the pronoun is the speaker's, whoever the tag gave it to."""
    quotes = model.get(QUOTES)
    if quotes is None or not hasattr(quotes, "in_paragraph"):
        return True
    return any(q.token_start < leave.token_i for q in quotes.in_paragraph(leave.parsed_index))


def _part_of_leave(event: PresenceEvent, leave: PresenceEvent, lex) -> bool:
    """In the leave's own sentence, after it: the one who leaves named again ("closing the
    door behind him") or passing through the door on the way ("and shut the door behind
    her"): the way out, not a way back. (Anything else they do there - "and talked to
    Mrs. Medlock in the library" - may be the narration going with them.)"""
    if (event.parsed_index, event.sentence_start) != (leave.parsed_index, leave.sentence_start):
        return False
    if event.token_i <= leave.token_i:
        return False  # "took Mary by the arm and pulled her away": before the way out
    if event.kind is EventKind.MENTION:
        return not event.subject  # "and when he talked to Mrs. Pike": doing something else
    if event.kind is EventKind.LEAVE or event.kind is EventKind.AREA and not event.back:
        return True  # "took his leave and drove back to town": further on the way out
    if event.kind is EventKind.MOVE and event.lemma in lex.travel_verbs and not event.back:
        return not event.posture  # "left them and walked down the lane"
    return event.kind is EventKind.MOVE and event.lemma in lex.pass_through_verbs


def _stayed_enough(
    lex,
    stayed: bool,
    newcomer: bool,
    leave: PresenceEvent,
    act: PresenceEvent,
    anchored: bool = False,
) -> bool:
    """Has the scene shown that it stayed where it was, rather than going with the leaver?

    `absent_return_needs` (data/places.yaml): "stayer-act" - one of those who stayed acted
    or spoke in between; "named-or-stayer-act" - that, or else the leave and the act both
    by name, in different paragraphs, with nobody new shown in between (the narration did
    not meet anyone elsewhere, and "Marie went out to the porch. Marie stood looking at the
    orchard" in one paragraph is the narration going with her); "nothing" - no condition.
    The ablation is in the README ("Gates").
    """
    needs = lex.absent_return_needs
    if stayed or needs == "nothing":
        return True
    if needs == "named-or-stayer-act":
        return (
            not newcomer
            and (not leave.by_pronoun or anchored)
            and not act.by_pronoun
            and act.parsed_index > leave.parsed_index
        )
    return False


def _here_again(event: PresenceEvent, lex: PlacesLexicon) -> bool:
    """Does this event put the character in the room: a bodily act, getting up, or a line of
    dialogue a speech tag gives them ("said Tom")? Any other narrated, affirmed, finite verb
    whose subject is the character by name ("Tom folded the letter") counts too
    (`absent_any_act`), unless its verb is of a class done from anywhere
    (`absent_act_exclusions`: knowing, deciding, habits, states)."""
    if event.kind is EventKind.ACT:
        if event.body_part:
            return False
        if not event.weak:
            return True
        return (
            lex.absent_any_act
            and not event.by_pronoun
            and event.lemma not in lex.absent_act_exclusions
        )
    if event.kind is EventKind.MOVE:
        return event.posture
    return event.kind is EventKind.SPEAK and event.evidence == "explicit"


def _with_tag(events: list[PresenceEvent], n: int) -> PresenceEvent | None:
    """Event `n`, and when it is a quoted line, with its speech tag ('"Nonsense," said
    Tom'), quoted as one passage; None when its tag is no presence verb ('"I am sure,"
    thought Celia': a thought may be had anywhere). The tag is later in its paragraph."""
    event = events[n]
    if event.kind is not EventKind.SPEAK:
        return event
    tag = next(
        (
            e
            for e in _in_paragraph_after(events, n)
            if e.character_id == event.character_id and e.kind is EventKind.ACT
        ),
        None,
    )
    if tag is None or abs(tag.start - event.end) > 80 and abs(event.start - tag.end) > 80:
        return None
    end = max(event.end, tag.end)
    for e in _in_paragraph_after(events, n):  # '"...," Sophie said, and rolled her eyes'
        if e.sentence_start > tag.sentence_start:
            break  # (events are in story order) past the tag's sentence: the whole beat read
        if (
            e.sentence_start == tag.sentence_start
            and e.character_id == event.character_id
            and e.kind is EventKind.ACT
            and not e.weak
        ):
            end = max(end, e.end)
    return replace(
        event,
        start=min(event.start, tag.start),
        end=end,
        by_pronoun=tag.by_pronoun,  # '"No," he said': the speaker is only a pronoun
    )


def _report_absent(
    ctx: RuleContext,
    layer: PlacesLayer,
    leave: PresenceEvent,
    act: PresenceEvent,
    stayed: bool,
    inferred: bool = False,
) -> None:
    name = layer.name(leave.character_id)
    confidence = 0.75 - 0.1 * leave.by_pronoun - 0.15 * act.by_pronoun - 0.05 * inferred
    if leave.evidence == PERFECT:
        confidence -= 0.05  # "had already left": told from after it, the leave may be older
    if act.kind is EventKind.SPEAK:
        confidence -= 0.05  # the speech tag may have been read against the wrong quote
        if act.by_pronoun:
            # '"No," he said': in dialogue the pronouns change hands line by line
            confidence = min(confidence, 0.45)
    if not stayed:
        confidence -= 0.1  # nobody was shown staying in between: the narration may have moved
    _report(
        ctx,
        confidence,
        ctx.message("absent", name=name),
        _where(leave),
        _where(act),
        f"{name} leaves here, the scene stays with the others, and then {name} "
        "acts in it again; nothing in between brings them back.",
    )


# --- PLC002 ---------------------------------------------------------------------


@rule(
    "PLC002",
    "character-in-two-places",
    Severity.WARNING,
    "A character is stated to be in two different places at the same time.",
    FAMILY,
    requires=[PLACES],
    messages={"two-places": "{name} is in the {before} and in the {after} at the same time."},
    options=[REACH],
)
def character_in_two_places(ctx: RuleContext) -> None:
    layer = ctx.model.get(PLACES)
    reach = ctx.option("reach")
    lex = load_lexicon()
    for segment in layer.segments:
        last: dict[int, PresenceEvent] = {}
        for event in segment.events:
            who = event.character_id
            if event.kind is EventKind.LOCATED:
                before = last.get(who)
                if (
                    before is not None
                    and event.parsed_index - before.parsed_index <= reach
                    and lex.exclusive(before.area or "", event.area or "")
                ):
                    _report_two_places(ctx, layer, before, event)
                    last.pop(who)
                    continue
                last[who] = event
            elif event.kind in MOVES or (
                event.kind is EventKind.MENTION and _may_move(ctx.model, event, lex)
            ):
                # moved, or named in a clause we do not understand: it may have moved them
                last.pop(who, None)
            for other in event.others:
                last.pop(other, None)


def _may_move(model: StoryModel, event: PresenceEvent, lex) -> bool:
    """Might the clause that names this character have moved them? Only as the subject of a
    verb of the story's present that is no perception, speech at a distance or state ("she
    shouted back", "his phone buzzed" and "he'd got as far as" move nobody)."""
    if event.quoted or event.possessive:
        return False
    tok = model.parsed[event.parsed_index].doc[event.token_i]
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return tok.dep_ in ("dobj", "pobj") and tok.head.lemma_.lower() in lex.motion_verbs
    verb = tok.head
    if verb.lemma_.lower() in lex.distance_verbs:
        return False
    perfect = verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and (c.lemma_ == "have" and c.tag_ == "VBD" or c.lower_ == "'d")
        for c in verb.children
    )
    return not perfect


def _report_two_places(
    ctx: RuleContext, layer: PlacesLayer, before: PresenceEvent, event: PresenceEvent
) -> None:
    name = layer.name(event.character_id)
    _report(
        ctx,
        0.6 - 0.1 * (before.by_pronoun and event.by_pronoun),
        ctx.message("two-places", name=name, before=before.area, after=event.area),
        _where(before),
        _where(event),
        f"The text puts {name} in the {before.area}, then in the {event.area}, "
        "with nothing in between that moves them.",
    )


# --- PLC003 ---------------------------------------------------------------------


@rule(
    "PLC003",
    "move-contradicts-location",
    Severity.INFO,
    "A character goes somewhere they already are (back inside while inside).",
    FAMILY,
    requires=[PLACES],
    messages={"already-there": "{name} goes {area}, but is already {area}."},
    options=[REACH],
)
def move_contradicts_location(ctx: RuleContext) -> None:
    layer = ctx.model.get(PLACES)
    reach = ctx.option("reach")
    for segment in layer.segments:
        state: dict[int, PresenceEvent] = {}  # what last put each character in an area
        for event in segment.events:
            who = event.character_id
            if event.kind is EventKind.AREA:
                before = state.get(who)
                if (
                    before is not None
                    and before.area == event.area
                    and event.parsed_index - before.parsed_index <= reach
                ):
                    _report_already_there(ctx, layer, before, event)
                state[who] = event
            elif event.kind is EventKind.LOCATED and event.area in (
                "inside",
                "outside",
                "upstairs",
                "downstairs",
            ):
                state[who] = event
            elif event.kind in MOVES:
                state.pop(who, None)


def _report_already_there(
    ctx: RuleContext, layer: PlacesLayer, before: PresenceEvent, event: PresenceEvent
) -> None:
    name = layer.name(event.character_id)
    area = event.area or ""
    _report(
        ctx,
        0.5,
        ctx.message("already-there", name=name, area=area),
        _where(before),
        _where(event),
        f"{name} is already {area} here, and nothing takes them out of it "
        "before they go there again.",
    )


# --- PLC004 ---------------------------------------------------------------------


@rule(
    "PLC004",
    "fixture-moved",
    Severity.WARNING,
    "A door, window or piano changes position relative to a character who has not moved.",
    FAMILY,
    requires=[PLACES],
    messages={
        "moved": "The {noun} is {first} {name}, then {second} {name}, and {name} has not "
        "turned or moved.",
    },
    options=[REACH_FIXTURE],
)
def fixture_moved(ctx: RuleContext) -> None:
    layer = ctx.model.get(PLACES)
    reach = ctx.option("reach")
    lex = load_lexicon()
    for segment in layer.segments:
        comparable = ("behind", "front", "left", "right")
        statements = [f for f in segment.fixtures if f.relation in comparable]
        # "his back to the door, the door behind him": one statement, quoted by its last words
        statements = [
            f
            for k, f in enumerate(statements)
            if not any(
                (g.noun, g.anchor_id, g.relation, g.parsed_index)
                == (f.noun, f.anchor_id, f.relation, f.parsed_index)
                for g in statements[k + 1 :]
            )
        ]
        answered: set[int] = set()  # second statements already reported
        for i, first in enumerate(statements):
            for second in statements[i + 1 :]:
                if second.parsed_index - first.parsed_index > reach:
                    break
                if second.noun != first.noun or second.anchor_id != first.anchor_id:
                    continue
                if id(second) in answered:
                    break
                if frozenset((first.relation, second.relation)) not in lex.opposite_positions:
                    continue
                if _anchor_moved(segment, first, second):
                    break
                _report_fixture(ctx, layer, first, second)
                answered.add(id(second))
                break


def _anchor_moved(segment: Segment, first, second) -> bool:
    """Did the anchor (or anyone) turn or move between the two statements?"""
    lo = (first.parsed_index, first.token_i)
    hi = (second.parsed_index, second.token_i)
    for event in segment.events:
        if not lo < event.order < hi:
            continue
        if (
            event.kind is EventKind.TURN
            and event.lemma == "face"
            and (event.parsed_index, event.sentence_start) == _sentence_of(segment, first)
        ):
            continue  # "the door behind him, and faced them": how he stands, not a turn
        if event.kind in MOVES or event.kind is EventKind.TURN:
            return True
        if event.kind is EventKind.ACT and event.character_id == first.anchor_id:
            if event.lemma in ("stand", "rise", "sit", "kneel", "lean", "bow"):
                return True
    return False


def _sentence_of(segment: Segment, fixture) -> tuple[int, int]:
    """(paragraph, sentence start) of a fixture statement, from an event of its sentence."""
    for event in segment.events:
        if event.parsed_index == fixture.parsed_index and event.token_i <= fixture.token_i:
            start = event.sentence_start
            if start <= fixture.token_i:
                best = (event.parsed_index, start)
                return best
    return (-1, -1)


def _report_fixture(ctx: RuleContext, layer: PlacesLayer, first, second) -> None:
    name = layer.name(first.anchor_id)
    words = {"behind": "behind", "front": "in front of", "left": "to the left of",
             "right": "to the right of"}  # fmt: skip
    _report(
        ctx,
        0.6,
        ctx.message(
            "moved",
            noun=first.noun,
            first=words[first.relation],
            second=words[second.relation],
            name=name,
        ),
        (first.parsed_index, first.start, first.end),
        (second.parsed_index, second.start, second.end),
        f"The {first.noun} cannot change sides unless {name} turns or moves, and the text "
        "says neither in between.",
    )


# --- PLC005 ---------------------------------------------------------------------


@rule(
    "PLC005",
    "addressed-but-absent",
    Severity.INFO,
    "Someone the scene never shows is spoken to in it as if they were in the room.",
    FAMILY,
    requires=[PLACES, QUOTES],
    messages={
        "addressed": "{name} is spoken to in this scene, but the scene never shows {name} there.",
    },
)
def addressed_but_absent(ctx: RuleContext) -> None:
    model = ctx.model
    layer = model.get(PLACES)
    quotes = model.get(QUOTES)
    if layer.characters is None:
        return
    from storylint.families.places.address import NameBook, addresses_in

    lex = load_lexicon()
    characters = layer.characters
    book = NameBook(characters)
    narrated = _named_in_narration(model, characters, quotes)
    for segment in layer.segments:
        shown: dict[int, PresenceEvent] = {}
        for event in segment.events:
            if not event.quoted:
                shown.setdefault(event.character_id, event)
        if not shown or _far_segment(model, segment, quotes, lex):
            continue
        reported: set[int] = set()
        for pi in range(segment.first, segment.last + 1):
            parsed = model.parsed[pi]
            for quote in quotes.in_paragraph(pi):
                for address in addresses_in(quote, parsed.doc, book, lex, parsed.offset):
                    who = address.character_id
                    if who in shown or who in reported or who not in narrated:
                        continue
                    witness = _witness(segment, shown, quote.speaker_id, who)
                    if witness is None or _far_call(model, segment, pi, quotes, lex):
                        continue
                    if _speaker_went(segment, quote.speaker_id, pi):
                        continue
                    if _unplaced_pronoun(model, segment, characters, quotes, who):
                        continue
                    reported.add(who)
                    _report_addressed(ctx, layer, witness, address, quote.speaker_id)


def _narrated_tokens(model: StoryModel, pi: int, quotes):
    for tok in model.parsed[pi].doc:
        if not quotes.in_quote(pi, tok.i):
            yield tok


def _named_in_narration(model: StoryModel, characters, quotes) -> set[int]:
    """Characters the narration names somewhere: only they can be expected on stage.

    Someone only ever talked about (a dead father, a friend abroad) is spoken to
    in apostrophe or on the telephone, never missing from the room.
    """
    named = set()
    for character in characters.characters:
        for mention in character.mentions:
            if mention.kind == "name" and not quotes.in_quote(
                mention.parsed_index, mention.token_start
            ):
                named.add(character.id)
                break
    return named


def _far_segment(model: StoryModel, segment: Segment, quotes, lex) -> bool:
    """A telephone, a letter, a grave: talk in this stretch may go beyond the room."""
    for pi in range(segment.first, segment.last + 1):
        for tok in _narrated_tokens(model, pi, quotes):
            if tok.lower_ in lex.address_far_words:
                return True
    return False


def _far_call(model: StoryModel, segment: Segment, pi: int, quotes, lex) -> bool:
    """ "she called up the stairs", "he shouted after her": the voice may leave the room."""
    for near in (pi - 1, pi, pi + 1):
        if segment.first <= near <= segment.last:
            for tok in _narrated_tokens(model, near, quotes):
                if tok.pos_ == "VERB" and tok.lemma_.lower() in lex.address_far_verbs:
                    return True
    return False


def _speaker_went(segment: Segment, speaker: int | None, pi: int) -> bool:
    """ "Clara went to the foot of the stairs. 'Edmund, supper!'": she may be calling out."""
    return speaker is not None and any(
        e.character_id == speaker and e.kind in MOVES and pi - 1 <= e.parsed_index <= pi
        for e in segment.events
    )


def _witness(
    segment: Segment, shown: dict[int, PresenceEvent], speaker: int | None, who: int
) -> PresenceEvent | None:
    """What shows that the scene is a room with people in it: the speaker, or anyone else."""
    if speaker is not None and speaker in shown:
        return shown[speaker]
    others = [e for cid, e in shown.items() if cid != who]
    if speaker is None and not others:
        return None
    return min(others, key=lambda e: e.order, default=None)


MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})


def _unplaced_pronoun(model: StoryModel, segment: Segment, characters, quotes, who: int) -> bool:
    """A narrated he/she nobody was resolved to might be the addressee, present after all."""
    gender = characters.by_id(who).gender.value
    words = MALE if gender == "male" else FEMALE if gender == "female" else MALE | FEMALE
    for pi in range(segment.first, segment.last + 1):
        for tok in _narrated_tokens(model, pi, quotes):
            if tok.lower_ in words and characters.mention_at(pi, tok.i) is None:
                return True
    return False


def _report_addressed(
    ctx: RuleContext, layer: PlacesLayer, witness: PresenceEvent, address, speaker: int | None
) -> None:
    name = layer.name(address.character_id)
    _report(
        ctx,
        0.5 if speaker is not None else 0.4,
        ctx.message("addressed", name=name),
        _where(witness),
        (address.parsed_index, address.start, address.end),
        f"Nothing in this scene puts {name} in the room: no arrival, no action, no line of "
        f"their own, not even a 'he' or 'she' that means them; yet someone talks to {name} "
        "as if they were there. Either an entrance is missing or the wrong name is used.",
    )
