"""`storylint explain FILE:LINE`: what the story model read from one paragraph, and why.

Why this exists: when a writer asks "why didn't it catch this?" (or "why did it say that?"),
the answer is nearly always in one layer of the model: a pronoun tied to the wrong person or
to nobody, a clause read as dialogue or negation, an object no verb of the lexicon acted on,
two coats taken for one, a finding that was found but sits below the confidence threshold.
Reading those layers used to mean a debugger. This module builds the model exactly as
`storylint check` does (same reader, same project file, same story bible, same rules), then
reads every layer back for one paragraph and its neighbours.

How it is built: one `*_here` function per layer, each returning JSON-ready data (dicts,
lists, strings, numbers) for one paragraph; `render_text` only formats that data, so the
text and `--format json` can never disagree. Nothing here changes the model or analyses
anything again: what it prints is what the rules saw. Line numbers are those of the text
`storylint extract FILE` prints, as in every report.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storylint.errors import StorylintError
from storylint.manuscript import Role

if TYPE_CHECKING:
    from storylint.decisions.acceptance import Options, Settings
    from storylint.decisions.inline import InlineAcceptance
    from storylint.families.objects.engine import Event, World
    from storylint.families.objects.identity import Person
    from storylint.findings import Evidence, Finding
    from storylint.manuscript import Manuscript, Paragraph, SourceText
    from storylint.model import StoryModel

# A paragraph's role as a writer would name it, for "that line is not story".
ROLE_PHRASES = {
    Role.HEADING: "a heading",
    Role.NOTE: "an author's note",
    Role.SUMMARY: "a summary",
    Role.EPIGRAPH: "an epigraph",
    Role.DEDICATION: "a dedication",
    Role.TITLE: "the title",
    Role.FRONT_MATTER: "front matter",
}
UNTIED_PLURAL = "plural: a mention is tied to one character, so they/them/their never are"
UNTIED_QUOTED = (
    "in dialogue: he/she there is tied only to a name said earlier in the same quotation"
)
UNTIED_UNSURE = (
    "no one character was clearly meant: none of that gender in the last sentences, two "
    'equally likely, or an unnamed person ("the old man") as likely as a named one'
)
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u2014"
SEGMENT_REASONS = {
    "start": "the start of the story",
    "chapter": "a chapter break",
    "scene": "a scene break",
    "time-shift": "a shift of time",
    "place-shift": "a shift of place",
}
NO_EVENT = "no verb of the objects lexicon (verb_effects.yaml) acts on it here"

# --- where: FILE:LINE to a story paragraph -----------------------------------------------


@dataclass(frozen=True)
class Location:
    """A FILE:LINE as the writer typed it; LINE is 1-based, in `storylint extract` text."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def parse_location(text: str) -> Location:
    """Split FILE:LINE at the last colon, so a Windows drive letter survives."""
    path, colon, line = text.rpartition(":")
    if not colon or not path or not line.strip().isdigit() or int(line) < 1:
        raise StorylintError(
            f"{text}: expected FILE:LINE, a file and a line number of the text "
            "`storylint extract FILE` prints (e.g. story.txt:12)"
        )
    return Location(path, int(line))


def line_span(source: SourceText, line: int) -> tuple[int, int]:
    """Offsets (start, end) of one 1-based line of the source, without its newline.

    Why not `str.splitlines`: it also splits at form feeds and other separators, and then
    the numbers would no longer be the ones reports print (`SourceText.line_col`).
    """
    text = source.text
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    if line > lines:
        raise StorylintError(
            f"{source.path}:{line}: past the end of the text, which has {lines} "
            f"line{'s' if lines != 1 else ''} (see `storylint extract {source.path}`)"
        )
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def find_paragraph(manuscript: Manuscript, location: Location) -> Paragraph:
    """The story paragraph holding the line; a line outside the story is a one-line error.

    Notes, headings and front matter are kept by the readers but never analysed, so there
    is nothing to explain there: saying so is the answer.
    """
    if len(manuscript.sources) != 1:
        raise StorylintError(
            f"{location.path}: explain reads one file; name the chapter file and line"
        )
    source = manuscript.sources[0]
    start, end = line_span(source, location.line)
    holding = [
        p
        for p in manuscript.all_paragraphs()
        if p.source is source and p.start < end and p.end > start
    ]
    if not holding:
        what = (
            "a blank line between paragraphs"
            if not source.text[start:end].strip()
            else "not part of any paragraph (a scene break, or markup storylint does not read)"
        )
        raise StorylintError(f"{location}: {what}; name a line of a story paragraph")
    paragraph = holding[0]
    if not paragraph.is_story:
        phrase = ROLE_PHRASES.get(paragraph.role, f"marked {paragraph.role.value}")
        raise StorylintError(
            f"{location}: {phrase}, outside the story; storylint reads nothing there"
        )
    return paragraph


# --- the whole explanation -------------------------------------------------------------


def explain(
    location_text: str,
    context: int = 0,
    options: Options | None = None,
    warn: Callable[[Manuscript, str], None] | None = None,
) -> dict[str, Any]:
    """Read FILE, find LINE's paragraph, build the model and check it as `storylint check`
    would, and explain that paragraph and `context` paragraphs either side of it.

    `options` are the command line's (project file, story bible); `warn` receives the
    reader's warnings about the file (e.g. that it was decoded as Windows-1252).
    """
    from storylint import lexicons
    from storylint.canon.series import SeriesRun
    from storylint.decisions.acceptance import Options, Session
    from storylint.engine import check_manuscript

    location = parse_location(location_text)
    if os.path.isdir(location.path):
        raise StorylintError(f"{location.path}: is a folder; explain one file (FILE:LINE)")
    session = Session(options or Options())
    target = session.targets([location.path])[0]
    settings = target.settings
    # The project's own lexicons hold while its manuscript is read and checked (as in check).
    lexicons.configure(settings.config.lexicons)
    try:
        manuscript = target.read()
        for warning in manuscript.warnings:
            if warn is not None:
                warn(manuscript, warning)
        paragraph = find_paragraph(manuscript, location)
        canon = SeriesRun(several=False).canon_for(settings.canon, manuscript)
        # As `check` does: the words budget first, parsing and analysis on the stage clock.
        model, findings = check_manuscript(
            manuscript, session.all_rules, canon=canon, options=settings.config.rule_options
        )
        judged = judge_findings(findings, settings, session.inline(manuscript))
        index = next(i for i, p in enumerate(model.parsed) if p.paragraph is paragraph)
        window = range(max(0, index - context), min(len(model.parsed), index + context + 1))
        return {
            "file": location.path,
            "line": location.line,
            "settings": {
                "min_severity": settings.policy.min_severity.value,
                "min_confidence": settings.policy.min_confidence,
                "bible": str(settings.bible) if settings.bible is not None else None,
                "config": str(settings.config.path) if settings.config.path else None,
            },
            "paragraphs": [explain_paragraph(model, i, judged, i == index) for i in window],
        }
    finally:
        lexicons.configure({})


def explain_paragraph(
    model: StoryModel, parsed_index: int, judged: list[tuple[Finding, dict]], target: bool
) -> dict[str, Any]:
    """Every layer's reading of one paragraph, in the order the pipeline builds them."""
    return {
        **place_here(model, parsed_index),
        "target": target,
        "modes": modes_here(model, parsed_index),
        "quotes": quotes_here(model, parsed_index),
        "characters": characters_here(model, parsed_index),
        "objects": objects_here(model, parsed_index),
        "places": places_here(model, parsed_index),
        "facts": facts_here(model, parsed_index),
        "life": life_here(model, parsed_index),
        "relations": relations_here(model, parsed_index),
        "timeline": timeline_here(model, parsed_index),
        "findings": findings_here(model, parsed_index, judged),
    }


# --- small shared helpers ----------------------------------------------------------------


def _line(source: SourceText, offset: int) -> int:
    return source.line_col(offset)[0]


def _quote(source: SourceText, start: int, end: int) -> str:
    """A passage on one line, as reports quote it."""
    return " ".join(source.text[start:end].split())


def _name(model: StoryModel, character_id: int | None) -> str | None:
    """A character's fullest name, from the index every stage shares."""
    from storylint.people.entities import NARRATOR_ID
    from storylint.pipeline.layers import PRONOUNS

    if character_id is None:
        return None
    if character_id == NARRATOR_ID:
        return "the narrator (first person)"
    index = model.peek(PRONOUNS)
    if index is None or not 0 <= character_id < len(index.characters):
        return f"character {character_id}"
    return index.by_id(character_id).name


def _person(person: Person | None) -> str | None:
    """The objects engine's idea of a person: a character, or only a pronoun's gender."""
    if person is None:
        return None
    return person.label if person.named else f"{person.label} (a pronoun tied to no character)"


def _modes_of(model: StoryModel, parsed_index: int, token_i: int) -> list[str]:
    """The clause's modes other than plain narration: why a clause is not a narrated fact."""
    from storylint.nlp.modes import Mode, clause_modes

    token = model.parsed[parsed_index].doc[token_i]
    modes = clause_modes(model, parsed_index, token)
    return [m.value for m in Mode if m in modes and m is not Mode.NARRATION]


# --- one function per layer ----------------------------------------------------------------


def place_here(model: StoryModel, parsed_index: int) -> dict[str, Any]:
    """Where the paragraph is: chapter, scene and paragraph number, its lines and its text.

    Scenes and chapters matter to every family: presence and held or worn states do not
    carry over a scene break, and a chapter break forgets them.
    """
    parsed = model.parsed[parsed_index]
    paragraph = parsed.paragraph
    chapters = model.manuscript.chapters
    chapter = chapters[parsed.chapter_index] if parsed.chapter_index < len(chapters) else None
    source = paragraph.source
    return {
        "file": source.path,
        "chapter": chapter.label if chapter is not None else None,
        "scene": parsed.scene_index + 1,
        "paragraph": paragraph.index + 1,
        "lines": [
            _line(source, paragraph.start),
            _line(source, max(paragraph.start, paragraph.end - 1)),
        ],
        "text": paragraph.text,
    }


def modes_here(model: StoryModel, parsed_index: int) -> list[dict[str, Any]]:
    """Stretches of the paragraph that are not plain narration (nlp.modes), with their modes.

    Every family builds the world from affirmed narration only: a clause in dialogue, a
    hypothetical, a wish, a negation, a question or a marked memory states no fact, so an
    object taken off "in" one of them changes nothing. This is the first place to look
    when something was not caught.
    """
    doc = model.parsed[parsed_index].doc
    source = model.parsed[parsed_index].paragraph.source
    offset = model.parsed[parsed_index].offset
    tokens = [t for t in doc if not t.is_space]
    modes_of = [_modes_of(model, parsed_index, t.i) for t in tokens]
    runs: list[list[Any]] = []  # [modes, first token, last token]
    for n, token in enumerate(tokens):
        modes = modes_of[n]
        # Punctuation joins the stretch it ends ("she did not look at him."), unless it
        # opens the next one (the opening mark of a quotation).
        opens_next = token.is_punct and modes == next(
            (modes_of[k] for k in range(n + 1, len(tokens)) if not tokens[k].is_punct), None
        )
        if runs and (runs[-1][0] == modes or (token.is_punct and not opens_next)):
            runs[-1][2] = token.i
        else:
            runs.append([modes, token.i, token.i])
    out = []
    for modes, first, last in runs:
        if not modes:
            continue
        start = offset + doc[first].idx
        end = offset + doc[last].idx + len(doc[last].text)
        text = _quote(source, start, end)
        out.append({"line": _line(source, start), "modes": modes, "text": text})
    return out


def quotes_here(model: StoryModel, parsed_index: int) -> list[dict[str, Any]]:
    """Each quotation (QUOTES) and who says it (SPEAKERS), with how the speaker was found.

    A quotation with no speaker is attributed to no one on purpose: a wrong speaker is
    worse than none. Its words never move anyone or anything.
    """
    from storylint.pipeline.layers import QUOTES, SPEAKERS

    index = model.peek(SPEAKERS) or model.peek(QUOTES)
    if index is None:
        return []
    source = model.parsed[parsed_index].paragraph.source
    return [
        {
            "line": _line(source, q.start),
            "text": _quote(source, q.start, q.end),
            "speaker": _name(model, q.speaker_id),
            "speaker_id": q.speaker_id,
            "how": q.evidence,
            "closed": q.closed,
            "continued": q.continued,
        }
        for q in index.in_paragraph(parsed_index)
    ]


def characters_here(model: StoryModel, parsed_index: int) -> dict[str, Any]:
    """Every name and pronoun the character model tied to a character here, and the personal
    pronouns it left untied (CHARACTERS, PRONOUNS).

    An untied "she" is invisible to every rule that asks who wore, said or did something;
    a pronoun tied to the wrong character makes a rule compare the wrong person.
    """
    from storylint import lexicons
    from storylint.pipeline.layers import PRONOUNS, QUOTES

    index = model.peek(PRONOUNS)
    parsed = model.parsed[parsed_index]
    source = parsed.paragraph.source
    quotes = model.peek(QUOTES)
    pronouns = lexicons.load_lexicon_data("pronouns")
    gendered = set(pronouns["gender"])
    plural = set(pronouns["plural"])
    mentions: list[dict[str, Any]] = []
    untied: list[dict[str, Any]] = []
    seen: set[int] = set()
    for token in parsed.doc:
        mention = index.mention_at(parsed_index, token.i) if index is not None else None
        if mention is not None and index is not None:
            if id(mention) not in seen:
                seen.add(id(mention))
                character = index.by_id(mention.character_id)
                mentions.append(
                    {
                        "line": _line(source, mention.start),
                        "text": source.text[mention.start : mention.end],
                        "kind": mention.kind.value,
                        "character": character.name,
                        "character_id": character.id,
                        "gender": character.gender.value,
                    }
                )
            continue
        lower = token.lower_
        if lower not in gendered and lower not in plural:
            continue
        quoted = quotes is not None and quotes.in_quote(parsed_index, token.i)
        why = UNTIED_PLURAL if lower in plural else UNTIED_QUOTED if quoted else UNTIED_UNSURE
        start = parsed.offset + token.idx
        untied.append({"line": _line(source, start), "text": token.text, "why": why})
    return {"mentions": mentions, "untied": untied}


def _replay_states(model: StoryModel, world: World) -> dict[int, tuple[dict, dict]]:
    """Each event's object state before and after it, replaying the world's events in order.

    The engine keeps only the current state, so the states an event met are rebuilt here
    the way `WorldBuilder._apply` writes them (except that a passage the engine takes for
    the same act told twice is replayed as a second act). Like the engine, a chapter break forgets
    states that need upkeep (worn, held, lit...); the engine's lowered confidence across
    scene breaks and time jumps is not shown.
    """
    from storylint.families.objects.engine import UPKEEP

    states: dict[int, dict[str, tuple[bool, Person | None]]] = {}
    out: dict[int, tuple[dict, dict]] = {}
    chapter = None
    for event in world.events:
        here = model.parsed[event.parsed_index].chapter_index
        if here != chapter:
            for facts in states.values():
                for attr in UPKEEP & set(facts):
                    del facts[attr]
            chapter = here
        obj = event.mention.obj
        facts = states.setdefault(obj.id if obj is not None else -1, {})
        before = dict(facts)
        _meet_requirements(event, facts)
        for attr, value in event.effects.items():
            if value is None:
                facts.pop(attr, None)
                continue
            person = event.wearer if attr == "worn" else event.holder if attr == "held" else None
            facts[attr] = (value, person)
        if event.effects.get("gone"):
            facts.pop("worn", None)
            facts.pop("held", None)
        out[id(event)] = (before, dict(facts))
    return out


def _meet_requirements(event: Event, facts: dict[str, tuple[bool, Person | None]]) -> None:
    """What the engine does when an event needs a state that an earlier event ended: it
    records the conflict, then believes the later passage (buttoning a coat means it is
    worn again). Backstory in the past perfect is told out of order and changes nothing."""
    for attr, wanted in event.requires.items():
        fact = facts.get(attr)
        if fact is None or fact[0] == wanted:
            continue
        if "past perfect" not in event.notes:
            person = event.wearer if attr == "worn" else event.holder
            facts[attr] = (wanted, person)
        return


def _state_text(facts: dict[str, tuple[bool, Person | None]]) -> dict[str, Any]:
    """{"worn": "yes (Ivy)"}-style data for one state."""
    shown: dict[str, Any] = {}
    for attr, (value, person) in sorted(facts.items()):
        who = _person(person)
        shown[attr] = ("yes" if value else "no") + (f" ({who})" if who and value else "")
    return shown


def _event_data(model: StoryModel, event: Event, states: dict[int, tuple[dict, dict]]) -> dict:
    source = model.parsed[event.parsed_index].paragraph.source
    doc = model.parsed[event.parsed_index].doc
    obj = event.mention.obj
    before, after = states.get(id(event), ({}, {}))
    return {
        "line": _line(source, event.start),
        "quote": _quote(source, event.start, event.end),
        "verb": doc[event.verb_i].text if 0 <= event.verb_i < len(doc) else None,
        "key": event.key,
        "kind": event.kind,
        "object": event.mention.text,
        "object_id": obj.id if obj is not None else None,
        "category": event.mention.category,
        "owner": _person(obj.owner) if obj is not None else None,
        "owner_written": _person(event.mention.owner),
        "actor": _person(event.actor),
        "holder": _person(event.holder),
        "wearer": _person(event.wearer),
        "requires": {k: ("yes" if v else "no") for k, v in event.requires.items()},
        "effects": {
            k: ("yes" if v else "no" if v is not None else "forgotten")
            for k, v in event.effects.items()
        },
        "before": _state_text(before),
        "after": _state_text(after),
        "confidence": round(event.confidence, 3),
        "transfer": event.transfer,
        "notes": list(event.notes),
    }


def objects_here(model: StoryModel, parsed_index: int) -> dict[str, Any]:
    """Objects (WORLD): each object mention and the object it was taken to be, each event
    with its verb, owner, holder, wearer and the state before and after, the conflicts the
    engine recorded here, and mentions that produced no event, with the reason.

    Only narrated, affirmed events change the world, and identity is conservative (a
    mention joins an earlier object only for a stated reason, shown here): an object the
    engine never connected, or never saw change, is why an OBJ rule stays quiet.
    """
    from storylint.families.objects.engine import WORLD

    world = model.peek(WORLD)
    if world is None:
        return {"mentions": [], "events": [], "conflicts": []}
    source = model.parsed[parsed_index].paragraph.source
    states = _replay_states(model, world)
    events = [e for e in world.events if e.parsed_index == parsed_index]
    acted = {id(e.mention) for e in events}
    mentions: list[dict[str, Any]] = []
    for obj in world.objects:
        for position, mention in enumerate(obj.mentions):
            if mention.parsed_index != parsed_index:
                continue
            why_same = next((why for at, why in obj.merge_reasons if at == mention.start), None)
            modes = _modes_of(model, parsed_index, mention.token_i)
            no_event = None
            if id(mention) not in acted:
                no_event = (
                    f"its clause is {', '.join(modes)}: only narrated, affirmed events count"
                    if modes
                    else NO_EVENT
                )
            first = obj.mentions[0]
            mentions.append(
                {
                    "start": mention.start,
                    "line": _line(source, mention.start),
                    "text": mention.text,
                    "object_id": obj.id,
                    "object": obj.lemma,
                    "category": obj.category,
                    "owner": _person(obj.owner),
                    "owner_written": _person(mention.owner),
                    "new_object": position == 0,
                    "same_as": None if position == 0 else _mention_place(model, first),
                    "why_same": why_same,
                    "no_event": no_event,
                }
            )
    mentions.sort(key=lambda m: m["start"])
    conflicts = [
        _conflict_data(model, c, parsed_index)
        for c in world.conflicts
        if parsed_index in (c.established.parsed_index, c.contradiction.parsed_index)
    ]
    return {
        "mentions": mentions,
        "events": [_event_data(model, e, states) for e in events],
        "conflicts": conflicts,
    }


def _mention_place(model: StoryModel, mention: Any) -> dict[str, Any]:
    source = model.parsed[mention.parsed_index].paragraph.source
    return {"line": _line(source, mention.start), "text": mention.text}


def _conflict_data(model: StoryModel, conflict: Any, parsed_index: int) -> dict[str, Any]:
    """A conflict the engine recorded, from this paragraph's side of it."""
    here_is_later = conflict.contradiction.parsed_index == parsed_index
    other = conflict.established if here_is_later else conflict.contradiction
    source = model.parsed[other.parsed_index].paragraph.source
    return {
        "kind": conflict.kind,
        "attribute": conflict.attribute,
        "object": conflict.obj.lemma,
        "object_id": conflict.obj.id,
        "confidence": round(conflict.confidence, 3),
        "here": "contradiction" if here_is_later else "established",
        "other": {
            "line": _line(source, other.start),
            "quote": _quote(source, other.start, other.end),
        },
        "reason": conflict.reason or None,
    }


def places_here(model: StoryModel, parsed_index: int) -> dict[str, Any] | None:
    """Places and presence (PLACES): the segment (a stretch in one place and time), what
    the text says characters do here that bears on where they are, who the segment has
    shown present so far, and the places and fixtures named here.

    Presence never carries across a segment boundary: a new scene starts empty, so a
    character "still" in the room after a break is not a contradiction.
    """
    from storylint.families.places.presence import PLACES, EventKind

    layer = model.peek(PLACES)
    segment = layer.segment_of(parsed_index) if layer is not None else None
    if segment is None:
        return None
    source = model.parsed[parsed_index].paragraph.source
    events = [
        {
            "line": _line(source, e.start),
            "character": _name(model, e.character_id),
            "kind": e.kind.value,
            "verb": e.lemma or None,
            "area": e.area,
            "back": e.back,
            "by_pronoun": e.by_pronoun,
            "quoted": e.quoted,
            "weak": e.weak,
            "quote": _quote(source, e.start, e.end),
        }
        for e in segment.events
        if e.parsed_index == parsed_index
    ]
    # Each character's last event bearing on where they are, up to the end of this
    # paragraph: what the PLC rules compare a later act against.
    last: dict[int, Any] = {}
    for e in segment.events:
        if e.parsed_index <= parsed_index and e.kind is not EventKind.MENTION:
            last[e.character_id] = e
    so_far = [
        {
            "character": _name(model, e.character_id),
            "last": e.kind.value + (f" {e.area}" if e.area else ""),
            "line": _line(model.parsed[e.parsed_index].paragraph.source, e.start),
        }
        for e in last.values()
    ]
    return {
        "segment": segment.index,
        "reason": segment.reason,
        "setting": segment.setting,
        "first_line": _line(
            model.parsed[segment.first].paragraph.source,
            model.parsed[segment.first].paragraph.start,
        ),
        "events": events,
        "so_far": so_far,
        "places": [
            {
                "line": _line(source, p.start),
                "text": p.text,
                "kind": p.kind,
                "owner": _name(model, p.owner_id),
            }
            for p in segment.places
            if p.parsed_index == parsed_index
        ],
        "fixtures": [
            {
                "line": _line(source, f.start),
                "fixture": f.noun,
                "relation": f.relation,
                "character": _name(model, f.anchor_id),
                "quote": _quote(source, f.start, f.end),
            }
            for f in segment.fixtures
            if f.parsed_index == parsed_index
        ],
    }


def facts_here(model: StoryModel, parsed_index: int) -> list[dict[str, Any]]:
    """What the text states about a character here (FACTS): eyes, hair, scars, occupation...

    The CHR rules compare these statements per character and attribute in reading order;
    a description that is missing here was not read, and one tied to the wrong character
    came from a pronoun (`by_pronoun`).
    """
    from storylint.families.characters.layer import FACTS

    facts = model.peek(FACTS) or []
    return [
        {
            "line": _line(f.evidence.source, f.evidence.start),
            "character": _name(model, f.character_id),
            "attribute": f.attribute,
            "value": f.value,
            "mode": f.mode,
            "confidence": round(f.confidence, 3),
            "event": f.event,
            "by_pronoun": f.by_pronoun,
            "quote": _quote(f.evidence.source, f.evidence.start, f.evidence.end),
        }
        for f in facts
        if f.parsed_index == parsed_index
    ]


def life_here(model: StoryModel, parsed_index: int) -> dict[str, Any]:
    """Deaths narrated here, acts here of a character already dead (LIFE), and which of the
    characters named here the text has killed earlier.

    A death told as hearsay, or undone later in the text (`revived`, `doubtful`), does not
    make later acts a contradiction.
    """
    from storylint.families.life.layer import LIFE

    life = model.peek(LIFE)
    if life is None:
        return {"deaths": [], "acts_after_death": [], "dead_earlier": []}
    source = model.parsed[parsed_index].paragraph.source
    deaths = [
        {
            "line": _line(d.source, d.start),
            "character": _name(model, d.character_id),
            "kind": d.kind,
            "event": d.event,
            "hearsay": d.hearsay,
            "by_pronoun": d.by_pronoun,
            "quote": _quote(d.source, d.start, d.end),
        }
        for d in life.deaths
        if d.parsed_index == parsed_index
    ]
    acts = [
        {
            "line": _line(source, a.start),
            "character": _name(model, a.character_id),
            "verb": a.lemma,
            "quote": _quote(source, a.start, a.end),
        }
        for found in life.acts.values()
        for a in found
        if a.parsed_index == parsed_index
    ]
    dead: list[dict[str, Any]] = []
    for character_id in _characters_named(model, parsed_index):
        death = life.first_death(character_id)
        if death is None or death.parsed_index >= parsed_index:
            continue
        dead.append(
            {
                "character": _name(model, character_id),
                "died_line": _line(death.source, death.start),
                "quote": _quote(death.source, death.start, death.end),
                "counted": life.dead_before(character_id, parsed_index),
            }
        )
    return {"deaths": deaths, "acts_after_death": acts, "dead_earlier": dead}


def _characters_named(model: StoryModel, parsed_index: int) -> list[int]:
    """Characters with a mention in the paragraph, in order of first mention."""
    from storylint.pipeline.layers import PRONOUNS

    index = model.peek(PRONOUNS)
    if index is None:
        return []
    found: list[int] = []
    for token in model.parsed[parsed_index].doc:
        character = index.character_at(parsed_index, token.i)
        if character is not None and character.id not in found:
            found.append(character.id)
    return found


def relations_here(model: StoryModel, parsed_index: int) -> list[dict[str, Any]]:
    """Relationships the narration states here (RELATIONS): "his sister Mary".

    Only affirmed narration with a capitalised name beside the kinship word counts; a
    speaker's "my sister" never does.
    """
    from storylint.families.relationships.stage import RELATIONS

    relations = model.peek(RELATIONS) or []
    return [
        {
            "line": _line(r.evidence.source, r.evidence.start),
            "character": _name(model, r.character_id),
            "relation": r.attribute,
            "name": r.name,
            "relative": _name(model, r.other_id),
            "mode": r.mode,
            "confidence": round(r.confidence, 3),
            "by_pronoun": r.by_pronoun,
            "quote": _quote(r.evidence.source, r.evidence.start, r.evidence.end),
        }
        for r in relations
        if r.parsed_index == parsed_index
    ]


def timeline_here(model: StoryModel, parsed_index: int) -> dict[str, Any] | None:
    """When the paragraph happens (TIMELINE): its time segment, the clock as the paragraph
    opens and as it ends (day, time of day, weekday, date, season), the time expressions
    read here, the time words seen but not read (with why), a "tomorrow" said in dialogue
    (what TIM006 compares with the next scene), and ages stated here.

    A time word in dialogue, a plan, a memory or a phrase naming something else ("the
    Sunday school") does not move the clock: that is the usual reason a TIM rule is quiet.
    """
    from storylint.families.time.layer import TIMELINE

    layer = model.peek(TIMELINE)
    segment = layer.segment_of(parsed_index) if layer is not None else None
    if layer is None or segment is None:
        return None
    paragraph = model.parsed[parsed_index].paragraph
    source = paragraph.source
    read = [e for s in segment.statements if s.parsed_index == parsed_index for e in s.expressions]
    flashback = segment.flashback
    return {
        "segment": segment.index,
        "reason": segment.reason,
        "flashback": flashback.reason if flashback is not None else None,
        "at_start": _clock(layer.point_at(parsed_index, paragraph.start)),
        "at_end": _clock(layer.point_at(parsed_index, paragraph.end)),
        "expressions": [
            {
                "line": _line(source, e.start),
                "text": _quote(source, e.start, e.end),
                "pattern": e.candidate.pattern,
                "says": _says(e.candidate),
                "opens_paragraph": e.opens_paragraph,
            }
            for e in read
        ],
        "not_read": _time_words_not_read(model, parsed_index, read),
        "dialogue_tomorrows": [
            {
                "line": _line(source, t.start),
                "quote": _quote(source, t.start, t.end),
                "verb": t.verb_lemma,
            }
            for t in layer.tomorrows
            if t.parsed_index == parsed_index
        ],
        "ages": [
            {
                "line": _line(source, a.start),
                "character": _name(model, a.character_id),
                "kind": a.kind,
                "age": a.age_text,
                "quote": _quote(source, a.start, a.end),
            }
            for a in layer.ages
            if a.parsed_index == parsed_index
        ],
    }


def _clock(point: Any) -> dict[str, Any] | None:
    """The clock's state at a point, as `storylint timeline` names it."""
    from storylint.families.time.lexicon import load_lexicon

    if point is None:
        return None
    lex = load_lexicon().data
    state = point.state
    date = None
    if state.month and state.day:
        year = f"{state.year:04d}" if state.year else "-"
        date = f"{year}-{state.month:02d}-{state.day:02d}"
    return {
        "day": f"Day {point.day}" + ("" if point.certain else "?"),
        "time_of_day": lex["report_phase"].get(state.phase) if state.phase else None,
        "weekday": lex["weekdays"][state.weekday].capitalize()
        if state.weekday is not None
        else None,
        "date": date,
        "season": state.season,
    }


def _says(candidate: Any) -> str:
    """What one time expression tells the clock, in words."""
    from storylint.families.time.lexicon import load_lexicon

    parts = []
    if candidate.back:
        parts.append("looks back (before now)")
    if candidate.gap is not None and tuple(candidate.gap) != (0.0, 0.0):
        lo, hi = candidate.gap
        span = f"{lo:g}" if lo == hi else f"{lo:g} to {hi:g}"
        parts.append(f"{span} days on" if hi != float("inf") else f"at least {lo:g} days on")
    if candidate.same_day:
        parts.append("the same day")
    if candidate.vague:
        parts.append("later, by how much unknown")
    if candidate.phase:
        parts.append(candidate.phase)
    if candidate.weekday is not None:
        parts.append(load_lexicon().data["weekdays"][candidate.weekday].capitalize())
    if candidate.month is not None:
        parts.append(
            f"month {candidate.month}" + (f" day {candidate.day}" if candidate.day else "")
        )
    if candidate.year is not None:
        parts.append(f"year {candidate.year}")
    if candidate.season:
        parts.append(candidate.season)
    if candidate.state:
        parts.append("states the present time")
    return ", ".join(parts) or "no change"


def _time_words_not_read(model: StoryModel, parsed_index: int, read: Iterable[Any]) -> list[dict]:
    """Time expressions the patterns find in the paragraph that the timeline did not accept."""
    from storylint.families.time.patterns import find_candidates

    parsed = model.parsed[parsed_index]
    accepted = {(e.candidate.start, e.candidate.end) for e in read}
    out = []
    for candidate in find_candidates(parsed.paragraph.text):
        if (candidate.start, candidate.end) in accepted:
            continue
        span = parsed.doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        modes = _modes_of(model, parsed_index, span[0].i) if span is not None and len(span) else []
        why = (
            f"its clause is {', '.join(modes)}: only narrated time moves the clock"
            if modes
            else "not read as when the scene happens (e.g. it names something, or is not "
            "adverbial to a narrated verb, or is a plan)"
        )
        start = parsed.offset + candidate.start
        out.append(
            {
                "line": _line(parsed.paragraph.source, start),
                "text": candidate.text or parsed.paragraph.text[candidate.start : candidate.end],
                "why": why,
            }
        )
    return out


# --- findings ------------------------------------------------------------------------------


def _finding_key(finding: Finding) -> tuple:
    """A finding by what it says and quotes: the acceptance step copies findings whose
    severity the project file changes, so identity cannot be used."""
    places = tuple((e.source.path, e.start, e.end, e.role) for e in finding.evidence)
    return finding.rule, finding.message, places


def judge_findings(
    findings: list[Finding], settings: Settings, inline: InlineAcceptance | None
) -> list[tuple[Finding, dict]]:
    """Each finding with what `storylint check` would do with it at these settings: shown,
    accepted (inline or by the baseline), hidden (below the lowest severity or confidence
    shown), or off (its rule is turned off in the project file), and why.

    All rules run here, even those turned off, because "it is off" is an answer too.
    """
    from storylint.decisions.acceptance import decide

    policy = settings.policy
    enabled = {r.id for r in settings.rules}
    outcome = decide([f for f in findings if f.rule in enabled], policy, inline)
    shown = {_finding_key(f) for f in outcome.shown}
    accepted = {_finding_key(a.finding): a for a in outcome.accepted}
    config = settings.config.label if settings.config.path else "the project file"
    judged: list[tuple[Finding, dict]] = []
    for finding in findings:
        key = _finding_key(finding)
        severity = policy.severities.get(finding.rule, finding.severity)
        why: str | None = None
        if finding.rule not in enabled:
            status, why = "off", f"{finding.rule} is turned off in {config}"
        elif key in shown:
            status = "shown"
        elif key in accepted:
            status, why = "accepted", f"accepted {accepted[key].how} ({accepted[key].where})"
        elif severity.rank < policy.min_severity.rank:
            status = "hidden"
            why = (
                f"severity {severity.value} is below the lowest shown "
                f"({policy.min_severity.value}; --severity)"
            )
        else:
            status = "hidden"
            why = (
                f"confidence {finding.confidence:.2f} is below --min-confidence "
                f"{policy.min_confidence:.2f}"
            )
        judged.append((finding, {"status": status, "why": why, "severity": severity.value}))
    return judged


def findings_here(
    model: StoryModel, parsed_index: int, judged: list[tuple[Finding, dict]]
) -> list[dict[str, Any]]:
    """The findings that quote this paragraph, whatever their status, with their passages."""
    paragraph = model.parsed[parsed_index].paragraph
    out = []
    for finding, verdict in judged:
        here = [e for e in finding.evidence if _inside(e, paragraph)]
        if not here:
            continue
        out.append(
            {
                "rule": finding.rule,
                "name": finding.name,
                "severity": verdict["severity"],
                "confidence": round(finding.confidence, 3),
                "status": verdict["status"],
                "why": verdict["why"],
                "message": finding.message,
                "roles_here": sorted({e.role for e in here}),
                "evidence": [
                    {
                        "file": e.source.path,
                        "line": _line(e.source, e.start),
                        "role": e.role,
                        "quote": _quote(e.source, e.start, e.end),
                    }
                    for e in finding.evidence
                ],
                "explanation": finding.explanation,
            }
        )
    return out


def _inside(evidence: Evidence, paragraph: Paragraph) -> bool:
    return (
        evidence.source is paragraph.source
        and evidence.start < paragraph.end
        and evidence.end > paragraph.start
    )


# --- text --------------------------------------------------------------------------------


def render_text(report: dict[str, Any]) -> str:
    """The report for people: one block per paragraph, one section per layer."""
    blocks = [_render_paragraph(p) for p in report["paragraphs"]]
    settings = report["settings"]
    footer = (
        f"Findings are shown at severity {settings['min_severity']} or above and confidence "
        f"{settings['min_confidence']:.2f} or above"
        + (f"; story bible {settings['bible']}" if settings["bible"] else "")
        + "."
    )
    return "\n\n".join(blocks) + "\n\n" + footer + "\n"


def _render_paragraph(p: dict[str, Any]) -> str:
    first, last = p["lines"]
    lines = f"line {first}" if first == last else f"lines {first}-{last}"
    marker = "" if p["target"] else "  (context)"
    out = [
        f"{p['file']}:{first}  {p['chapter']}, scene {p['scene']}, paragraph {p['paragraph']} "
        f"({lines}){marker}",
    ]
    out += ["  | " + line for line in p["text"].splitlines()]
    for title, render in SECTIONS:
        body = render(p)
        out.append("")
        out.append(title)
        out += ["  " + line for line in body] if body else ["  (nothing read here)"]
    return "\n".join(out)


def _opened(reason: str) -> str:
    """A segment's reason as words: why presence and the clock start afresh there."""
    return SEGMENT_REASONS.get(reason, reason)


def _q(text: str) -> str:
    """A quoted passage; dialogue already carries its own quotation marks."""
    return text if text[:1] in QUOTE_MARKS else f'"{text}"'


def _render_modes(p: dict) -> list[str]:
    if not p["modes"]:
        return ["all plain narration: every clause can state a fact"]
    return [f"line {m['line']}  {', '.join(m['modes'])}: {_q(m['text'])}" for m in p["modes"]]


def _render_quotes(p: dict) -> list[str]:
    out = []
    for q in p["quotes"]:
        who = f"{q['speaker']} ({q['how']})" if q["speaker"] else "no speaker found"
        out.append(f"line {q['line']}  {q['text']}  said by {who}")
    return out


def _render_characters(p: dict) -> list[str]:
    chars = p["characters"]
    out = [
        f"line {m['line']}  {m['text']!r} ({m['kind']}) -> {m['character']} "
        f"(#{m['character_id']}, {m['gender']})"
        for m in chars["mentions"]
    ]
    out += [f"line {u['line']}  {u['text']!r} untied: {u['why']}" for u in chars["untied"]]
    return out


def _people(item: dict) -> str:
    roles = [
        f"{role} {item[role]}"
        for role in ("owner", "actor", "holder", "wearer")
        if item.get(role) is not None
    ]
    if item.get("owner_written") and item["owner_written"] != item.get("owner"):
        roles.append(f"called {item['owner_written']}'s here")
    return "; ".join(roles) or "no owner, holder or wearer known"


def _states(state: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in state.items()) or "nothing known"


def _render_objects(p: dict) -> list[str]:
    objects = p["objects"]
    out = []
    for m in objects["mentions"]:
        which = (
            f"a new {m['object']} (#{m['object_id']})"
            if m["new_object"]
            else f"the {m['object']} #{m['object_id']} of line {m['same_as']['line']} "
            f"({m['same_as']['text']!r})"
        )
        out.append(f"line {m['line']}  {m['text']!r}: {which}")
        if m["why_same"]:
            out.append(f"    same because {m['why_same']}")
        if m["no_event"]:
            out.append(f"    no event: {m['no_event']}")
    for e in objects["events"]:
        target = (
            f"{e['object']} (a person)"
            if e["category"] == "person"
            else f"{e['object']!r} #{e['object_id']}"
        )
        out.append(
            f"line {e['line']}  event {e['key']!r} ({e['verb']}) on {target}, "
            f"confidence {e['confidence']:.2f}: {_q(e['quote'])}"
        )
        out.append(f"    {_people(e)}")
        if e["requires"]:
            needs = ", ".join(f"{k} {v}" for k, v in e["requires"].items())
            out.append(f"    requires {needs}")
        out.append(f"    before: {_states(e['before'])}")
        out.append(f"    after:  {_states(e['after'])}")
        if e["notes"]:
            out.append(f"    notes: {', '.join(e['notes'])}")
    for c in objects["conflicts"]:
        kind = c["kind"] if c["kind"] == c["attribute"] else f"{c['kind']}, {c['attribute']}"
        out.append(
            f"conflict ({kind}) on the {c['object']} #{c['object_id']}, "
            f"confidence {c['confidence']:.2f}: this paragraph is the {c['here']}; the other "
            f"passage is line {c['other']['line']} {_q(c['other']['quote'])}"
        )
        if c["reason"]:
            out.append(f"    {c['reason']}")
    if out and p["quotes"]:
        out.append("(words inside quotations are never read as object events)")
    return out


def _render_places(p: dict) -> list[str]:
    places = p["places"]
    if places is None:
        return []
    setting = f", set {places['setting']}" if places["setting"] else ""
    out = [
        f"segment {places['segment']} (from line {places['first_line']}, opened by "
        f"{_opened(places['reason'])}{setting})"
    ]
    for e in places["events"]:
        extra = [e["verb"] or "", e["area"] or "", "back" if e["back"] else ""]
        extra += ["in dialogue" if e["quoted"] else "", "weak" if e["weak"] else ""]
        detail = ", ".join(x for x in extra if x)
        out.append(
            f"line {e['line']}  {e['character']}: {e['kind']}"
            + (f" ({detail})" if detail else "")
            + f": {_q(e['quote'])}"
        )
    so_far = ", ".join(
        f"{c['character']} ({c['last']}, line {c['line']})" for c in places["so_far"]
    )
    out.append(f"in this segment up to here, each one's last: {so_far or 'nobody yet'}")
    for pl in places["places"]:
        owner = f", {pl['owner']}'s" if pl["owner"] else ""
        out.append(f"line {pl['line']}  place {pl['text']!r} ({pl['kind']}{owner})")
    for f in places["fixtures"]:
        out.append(
            f"line {f['line']}  {f['fixture']} {f['relation']} {f['character']}: {_q(f['quote'])}"
        )
    return out


def _render_facts(p: dict) -> list[str]:
    return [
        f"line {f['line']}  {f['character']}: {f['attribute']} = {f['value']} ({f['mode']}, "
        f"confidence {f['confidence']:.2f}"
        + (", by pronoun" if f["by_pronoun"] else "")
        + (f", change: {f['event']}" if f["event"] else "")
        + f"): {_q(f['quote'])}"
        for f in p["facts"]
    ]


def _render_life(p: dict) -> list[str]:
    life = p["life"]
    out = [
        f"line {d['line']}  death of {d['character']} ({d['kind']}"
        + (", hearsay" if d["hearsay"] else "")
        + f"): {_q(d['quote'])}"
        for d in life["deaths"]
    ]
    out += [
        f"line {a['line']}  {a['character']} acts after death ({a['verb']}): {_q(a['quote'])}"
        for a in life["acts_after_death"]
    ]
    for d in life["dead_earlier"]:
        counted = "" if d["counted"] else " (doubtful or undone later: not counted)"
        out.append(
            f"{d['character']} died earlier, line {d['died_line']}: {_q(d['quote'])}{counted}"
        )
    return out


def _render_relations(p: dict) -> list[str]:
    return [
        f"line {r['line']}  {r['character']}'s {r['relation']} is {r['name']}"
        + (f" (#{r['relative']})" if r["relative"] else "")
        + f" ({r['mode']}, confidence {r['confidence']:.2f}): {_q(r['quote'])}"
        for r in p["relations"]
    ]


def _clock_text(clock: dict | None) -> str:
    if clock is None:
        return "not on the main story's clock (a flashback, or before any time is known)"
    parts = [clock["day"], clock["time_of_day"], clock["weekday"], clock["date"], clock["season"]]
    return ", ".join(x for x in parts if x)


def _render_timeline(p: dict) -> list[str]:
    t = p["timeline"]
    if t is None:
        return []
    flashback = f", a flashback ({t['flashback']})" if t["flashback"] else ""
    out = [f"segment {t['segment']} (opened by {_opened(t['reason'])}{flashback})"]
    out.append(f"as the paragraph opens: {_clock_text(t['at_start'])}")
    if t["at_end"] != t["at_start"]:
        out.append(f"as it ends: {_clock_text(t['at_end'])}")
    out += [
        f"line {e['line']}  read {e['text']!r} ({e['pattern']}): {e['says']}"
        for e in t["expressions"]
    ]
    out += [f"line {e['line']}  not read {e['text']!r}: {e['why']}" for e in t["not_read"]]
    out += [
        f'line {d["line"]}  a "tomorrow" said in dialogue ({d["verb"]}), for TIM006: '
        f"{_q(d['quote'])}"
        for d in t["dialogue_tomorrows"]
    ]
    out += [
        f"line {a['line']}  age of {a['character']}: {a['age']} ({a['kind']}): {_q(a['quote'])}"
        for a in t["ages"]
    ]
    return out


def _render_findings(p: dict) -> list[str]:
    out = []
    for f in p["findings"]:
        status = f["status"] + (f": {f['why']}" if f["why"] else "")
        out.append(
            f"{f['rule']} {f['name']} ({f['severity']}, confidence {f['confidence']:.2f}) "
            f"[{status}]"
        )
        out.append(f"    {f['message']}")
        for e in f["evidence"]:
            out.append(f"    line {e['line']} {e['role']}: {_q(e['quote'])}")
        if f["explanation"]:
            out.append(f"    why: {f['explanation']}")
    return out


SECTIONS: list[tuple[str, Callable[[dict], list[str]]]] = [
    ("modes (nlp.modes: what is not plain narration)", _render_modes),
    ("quotes (QUOTES, SPEAKERS)", _render_quotes),
    ("characters (CHARACTERS, PRONOUNS)", _render_characters),
    ("objects (WORLD)", _render_objects),
    ("places and presence (PLACES)", _render_places),
    ("character facts (FACTS)", _render_facts),
    ("life and death (LIFE)", _render_life),
    ("relations (RELATIONS)", _render_relations),
    ("timeline (TIMELINE)", _render_timeline),
    ("findings (rules)", _render_findings),
]
