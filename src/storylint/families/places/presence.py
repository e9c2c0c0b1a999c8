"""Places and presence: who is in the scene, where they go, where the door is.

The stage `track_presence` stores a `PlacesLayer` in `model.get(PLACES)`:

- `segments`: stretches of the story in one place and time. A segment starts
  at every scene break or heading and at every paragraph that opens with a
  shift of time ("The next morning") or place ("In the kitchen,"). Presence
  never carries across a segment boundary: a new scene starts empty.
- `events`: what the text says characters do that bears on where they are:
  a bodily action or speech (present), leaving, arriving, going inside or
  outside, up or down the stairs, being led, a stated location ("Mary was in
  the kitchen"), turning round, or merely being named (which the rules treat
  as "something may have happened to them").
- `fixtures`: stated positions of things that do not move (the door behind
  her, the piano in front of him, her hand on the door).
- `places`: named places and rooms the text puts the story in.

Only narrated, affirmed clauses count (see `places_extract.affirmed`): what a
character says, wishes, imagines, remembers or might do moves nobody.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from storylint.families.places.lexicon import PlacesLexicon, load_lexicon
from storylint.people.entities import CharacterIndex
from storylint.pipeline.layers import PRONOUNS, QUOTES, SPEAKERS, Layer
from storylint.pipeline.stages import stage

if TYPE_CHECKING:
    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex


class EventKind(StrEnum):
    ACT = "act"  # a narrated bodily action or spoken line: the character is here
    SPEAK = "speak"  # a quotation the quotes stage attributes to the character
    LEAVE = "leave"  # left, walked out, went home, was led away
    ARRIVE = "arrive"  # arrived, came in, returned, joined them
    AREA = "area"  # went inside/outside, up/down the stairs (see `area`)
    MOVE = "move"  # any other movement: whereabouts now unknown
    LOCATED = "located"  # "was in the kitchen", "sat upstairs" (see `area`)
    TURN = "turn"  # turned, spun round, faced: which way they face changed
    MENTION = "mention"  # named, but not as the doer of anything above


# A first-person narrator, among those who stay or go along (never a character's id).
NARRATOR = -1
# Everyone shown, going along with one who leaves ("walked home with them": the party goes
# and the narration with it); never a character's id.
COMPANY = -3

# Kinds after which a character may be somewhere else.
MOVES = frozenset({EventKind.LEAVE, EventKind.ARRIVE, EventKind.AREA, EventKind.MOVE})


@dataclass(eq=False)
class PresenceEvent:
    kind: EventKind
    character_id: int
    parsed_index: int
    token_i: int  # the verb (or the mention, for MENTION)
    sentence_start: int  # token index where the sentence starts, for ordering
    start: int  # source offsets of the evidence
    end: int
    segment: int = -1
    lemma: str = ""
    area: str | None = None  # inside/outside/upstairs/downstairs or a room noun
    back: bool = False  # "went back inside", "came back down"
    by_pronoun: bool = False  # the doer was a pronoun, not a name
    body_part: bool = False  # "her hand", "his eyes" did it
    others: tuple[int, ...] = ()  # characters moved along with this one
    quoted: bool = False  # a MENTION inside dialogue: talked about, not shown
    weak: bool = False  # an ACT outside the presence verbs ("washed the dishes")
    posture: bool = False  # a MOVE that is getting up or sitting down: still in the room
    possessive: bool = False  # a MENTION as a possessor ("his sister"): not doing anything
    subject: bool = False  # a MENTION as the subject of a verb no event was read from
    evidence: str | None = None  # a SPEAK's attribution (explicit, beat, alternation...)

    @property
    def order(self) -> tuple[int, int]:
        return self.parsed_index, self.token_i


@dataclass(eq=False)
class FixtureStatement:
    """Where a fixture is relative to a character, as the narration states it."""

    noun: str
    relation: str  # behind, front, left, right (comparable) or near, at, gaze
    anchor_id: int
    parsed_index: int
    token_i: int
    start: int
    end: int
    segment: int = -1


@dataclass(eq=False)
class PlaceMention:
    text: str
    kind: str  # named, room, area, home
    parsed_index: int
    start: int
    end: int
    owner_id: int | None = None  # "her apartment"
    segment: int = -1


@dataclass(eq=False)
class Segment:
    """A stretch of story in one place and time."""

    index: int
    chapter_index: int
    scene_index: int
    first: int  # parsed indices, inclusive
    last: int
    reason: str  # start, scene, time-shift, place-shift
    setting: str | None = None  # "outside" when it opens "Outside, ..."
    events: list[PresenceEvent] = field(default_factory=list)
    fixtures: list[FixtureStatement] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    # (parsed index, verb token) of each act of a first-person narrator ("I asked"): no
    # character of the index, but someone in the room all the same
    narrator: list[tuple[int, int]] = field(default_factory=list)
    # (parsed index, verb token) of each act of an unnamed person ("said the policeman")
    unnamed: list[tuple[int, int]] = field(default_factory=list)
    # (parsed index, verb token) of each return of an unresolved "they" ("they returned"):
    # any of those who went out together may be back
    group_returns: list[tuple[int, int]] = field(default_factory=list)
    # (parsed index, verb token) of each way a first-person narrator goes ("I followed her
    # into the kitchen", "we went down to dinner"): the narration goes with them
    narrator_moves: list[tuple[int, int]] = field(default_factory=list)
    # the narration says "I" or "we" somewhere in the segment (a first-person scene)
    first_person: bool = False

    def present(self) -> dict[int, PresenceEvent]:
        """Each character the text shows here, with the first evidence of it."""
        seen: dict[int, PresenceEvent] = {}
        for event in self.events:
            if event.kind in (EventKind.ACT, EventKind.SPEAK, EventKind.LOCATED):
                seen.setdefault(event.character_id, event)
        return seen


@dataclass(eq=False)
class PlacesLayer:
    segments: list[Segment] = field(default_factory=list)
    characters: CharacterIndex | None = None

    @property
    def events(self) -> Iterator[PresenceEvent]:
        for segment in self.segments:
            yield from segment.events

    @property
    def fixtures(self) -> Iterator[FixtureStatement]:
        for segment in self.segments:
            yield from segment.fixtures

    def segment_of(self, parsed_index: int) -> Segment | None:
        for segment in self.segments:
            if segment.first <= parsed_index <= segment.last:
                return segment
        return None

    def name(self, character_id: int) -> str:
        if self.characters is None:
            return f"character {character_id}"
        return self.characters.by_id(character_id).name


PLACES: Layer[PlacesLayer] = Layer("places", "scene segments and who is where (families.places)")


@stage(requires=[PRONOUNS, SPEAKERS, QUOTES], provides=[PLACES])
def track_presence(model: StoryModel) -> None:
    """Scene segments, who is in each and where, and where the doors are (a PlacesLayer)."""
    from storylint.families.places.extract import Extractor

    lex = load_lexicon()
    characters = model.get(PRONOUNS)
    layer = PlacesLayer(segments=split_segments(model, lex), characters=characters)
    extractor = Extractor(model, characters, lex)
    for segment in layer.segments:
        for parsed_index in range(segment.first, segment.last + 1):
            extractor.paragraph(parsed_index, segment)
    model.set(PLACES, layer)


def split_segments(model: StoryModel, lex: PlacesLexicon) -> list[Segment]:
    """Scene breaks, headings and paragraph-opening shifts of time or place."""
    segments: list[Segment] = []
    previous = None
    for parsed_index, parsed in enumerate(model.parsed):
        scene = (parsed.chapter_index, parsed.scene_index)
        opening = parsed.paragraph.text[:40].lstrip(" \t\"'\u201c\u2018").lower()
        reason = None
        if scene != previous:
            reason = "start" if previous is None else "scene"
        elif opening.startswith(lex.time_shift_openings) or time_clause(
            next(iter(parsed.doc.sents), None), lex
        ):
            reason = "time-shift"
        elif opening.startswith(lex.place_shift_openings) and not _in_the_room(opening, lex):
            reason = "place-shift"
        previous = scene
        if reason is None and segments:
            segments[-1].last = parsed_index
            continue
        setting = None
        first_word = opening.split(" ", 1)[0].strip(",.;:") if opening else ""
        if first_word in lex.area_words:
            setting = lex.area_words[first_word]
        segments.append(
            Segment(
                len(segments), parsed.chapter_index, parsed.scene_index,
                parsed_index, parsed_index, reason or "start", setting,
            )
        )  # fmt: skip
    return segments


def time_clause(sent, lex: PlacesLexicon) -> bool:
    """A sentence whose first clause is time coming on ("Christmas morning broke on a white
    world", "Night fell", "The next day dawned"): its subject a time of day or year
    (`time_nouns`), its verb one of time arriving (`time_arrival_verbs`)."""
    if sent is None or not lex.time_nouns:
        return False
    root = sent.root
    if root.lemma_.lower() not in lex.time_arrival_verbs:
        return False
    return any(
        c.dep_ == "nsubj" and c.lemma_.lower() in lex.time_nouns and c.i - sent.start <= 3
        for c in root.children
    )


def _in_the_room(opening: str, lex: PlacesLexicon) -> bool:
    """ "Across the table, ...", "At the window, ...", "At the far end of the table, ...":
    somewhere inside the scene's room, not a move of the scene elsewhere (a word of the
    opening phrase, up to its comma, or the two words after the opening)."""
    if opening.startswith(lex.place_shift_local_openings):
        return True
    prefix = next(p for p in lex.place_shift_openings if opening.startswith(p))
    rest = opening[len(prefix) :]
    words = [w.strip(",.;:") for w in rest.split()[:2]]
    if "," in rest:  # the whole opening phrase: "at the far end of the table,"
        phrase = rest.split(",", 1)[0].split()
        if len(phrase) <= 7:
            words += phrase
    return any(w in lex.place_shift_local_nouns for w in words)


def describe(layer: PlacesLayer, model: StoryModel) -> str:
    """A plain account of who the engine puts where, segment by segment."""
    lines = []
    for segment in layer.segments:
        if not segment.events and not segment.fixtures:
            continue
        first = model.parsed[segment.first].paragraph
        line, _ = first.source.line_col(first.start)
        setting = f", setting {segment.setting}" if segment.setting else ""
        lines.append(f"segment {segment.index} (line {line}, {segment.reason}{setting}):")
        present = ", ".join(layer.name(c) for c in segment.present()) or "nobody shown"
        lines.append(f"  present: {present}")
        for event in segment.events:
            if event.kind in (EventKind.MENTION, EventKind.ACT, EventKind.SPEAK):
                continue
            quote = first.source.text[event.start : event.end].replace("\n", " ")
            extra = f" [{event.area}]" if event.area else ""
            back = " (back)" if event.back else ""
            who = layer.name(event.character_id)
            lines.append(f"  {who}: {event.kind}{extra}{back}: {quote!r}")
        for fixture in segment.fixtures:
            quote = first.source.text[fixture.start : fixture.end].replace("\n", " ")
            who = layer.name(fixture.anchor_id)
            lines.append(f"  fixture {fixture.noun}: {fixture.relation} {who}: {quote!r}")
    return "\n".join(lines)
