"""What the places engine concludes about who is where, as a writer would check it.

The story "To Marilyn" (tests/fixtures/to-marilyn.txt) is the case its
author flagged: "where the door is" went wrong. These tests pin down what the
engine reads from it: Derek and Ivy leave the party together, are outside
together, Ivy goes back inside, Derek's hand is on the door inside and Ivy's
eyes go back to the door outside - and that none of this is a contradiction
the text states, so no rule fires.
"""

from __future__ import annotations

from places_helpers import build
from storylint.engine import run_rules
from storylint.families.places.presence import PLACES, EventKind
from storylint.rules.registry import find_rule


def _names(layer, ids):
    return {layer.name(i).split()[0] for i in ids}


def test_to_marilyn_whereabouts(nlp, fixtures_dir):
    text = (fixtures_dir / "to-marilyn.txt").read_text(encoding="utf-8")
    model = build(text, nlp)
    layer = model.get(PLACES)
    source = model.manuscript.sources[0].text

    # "she let him lead her away": whoever the resolver names, it is a leave, never a finding
    leaves = [e for e in layer.events if e.kind is EventKind.LEAVE]
    assert all("lead her away" in source[e.start : e.end] for e in leaves)

    outside = next(s for s in layer.segments if s.setting == "outside")
    assert source[model.parsed[outside.first].paragraph.start :].startswith("Outside it was cold")
    inside_moves = [e for e in outside.events if e.kind is EventKind.AREA]
    assert all(e.area == "inside" and e.back for e in inside_moves)

    # The door: a hand on it at the party, eyes back to it outside - never compared.
    doors = [f for f in layer.fixtures if f.noun == "door"]
    assert {f.relation for f in doors} <= {"touch", "gaze"}
    assert len({f.segment for f in doors}) == len(doors)

    rules = [find_rule(i) for i in ("PLC001", "PLC002", "PLC003", "PLC004")]
    assert run_rules(model, rules) == []


def test_back_inside_after_going_out(nlp):
    model = build(
        "Derek led Ivy away from the piano. Outside it was cold. Ivy shivered.\n\n"
        "Ivy went back inside and took pictures with Bobby.",
        nlp,
    )
    layer = model.get(PLACES)
    moves = [e for e in layer.events if e.kind is EventKind.AREA]
    assert [(layer.name(e.character_id), e.area, e.back) for e in moves] == [
        ("Ivy", "inside", True)
    ]


def test_quoted_moves_are_not_events(nlp):
    model = build('"Now I\'m going back inside," Ivy said. "You should go home."', nlp)
    kinds = {e.kind for e in model.get(PLACES).events}
    assert EventKind.AREA not in kinds and EventKind.LEAVE not in kinds


def test_time_shift_and_scene_break_start_segments(nlp):
    model = build(
        "Henry sat in the parlour.\n\nThe next morning Henry rode to town.\n\n* * *\n\n"
        "Clara laughed.",
        nlp,
    )
    reasons = [s.reason for s in model.get(PLACES).segments]
    assert reasons == ["start", "time-shift", "scene"]


def test_led_away_moves_both(nlp):
    model = build("Ivy stood by the piano. Derek took her hand and led her away.", nlp)
    layer = model.get(PLACES)
    leaves = [e for e in layer.events if e.kind is EventKind.LEAVE]
    assert _names(layer, {e.character_id for e in leaves}) == {"Derek", "Ivy"}


def test_closing_door_behind_is_a_move_not_a_position(nlp):
    model = build("Ivy closed the door behind her.", nlp)
    layer = model.get(PLACES)
    assert list(layer.fixtures) == []
    assert [e.kind for e in layer.events if e.kind is not EventKind.MENTION] == [EventKind.MOVE]


def test_taking_off_a_coat_moves_nobody(nlp):
    model = build("Ivy took off her coat and pulled the shawl tighter.", nlp)
    kinds = {e.kind for e in model.get(PLACES).events}
    assert not kinds & {EventKind.LEAVE, EventKind.MOVE, EventKind.AREA}


def _leaves(text, nlp):
    model = build(text, nlp)
    layer = model.get(PLACES)
    source = model.manuscript.sources[0].text
    return [
        (layer.name(e.character_id).split()[0], source[e.start : e.end])
        for e in layer.events
        if e.kind is EventKind.LEAVE
    ]


def test_leaves_told_without_a_way_out(nlp):
    """ "was gone", "withdrew", a door closing behind someone: each one leave."""
    gone = _leaves("Priya and Tom sat at the table. A moment later Tom was gone.", nlp)
    assert [who for who, _ in gone] == ["Tom"]
    withdrew = _leaves("Fiona sat with her parents. Fiona made her excuses and withdrew.", nlp)
    assert [who for who, _ in withdrew] == ["Fiona"]
    door = _leaves("Grace sat with Tom. Tom nodded, and the door closed behind him.", nlp)
    assert door == [("Tom", "the door closed behind him")]
    # told twice in one sentence, it is one leave
    both = _leaves("Grace sat with Tom. Tom was gone, and the door closed behind him.", nlp)
    assert [quote for _, quote in both] == ["Tom was gone"]


def test_door_closing_behind_someone_coming_in_is_no_leave(nlp):
    assert _leaves("Sam sat there when Nadia came in, and the door closed behind her.", nlp) == []


def test_had_gone_is_no_leave(nlp):
    assert _leaves("Priya sat at the table. Tom had gone by then.", nlp) == []


def test_looking_round_the_room_is_presence(nlp):
    model = build("Grace sat at the table. Tom looked round at them all.", nlp)
    layer = model.get(PLACES)
    acts = [e for e in layer.events if e.kind is EventKind.ACT and e.lemma == "look"]
    assert [layer.name(e.character_id) for e in acts] == ["Tom"]


def test_time_coming_on_starts_a_segment(nlp):
    model = build(
        "Anne went to bed early.\n\nChristmas morning broke on a beautiful white world.", nlp
    )
    layer = model.get(PLACES)
    assert [s.reason for s in layer.segments] == ["start", "time-shift"]


def test_any_manner_of_going_off_is_a_leave(nlp):
    """VerbNet run-51.3.2 and escape-51.1 verbs with a particle or a place object."""
    scurried = _leaves("Priya sat with Tom. Tom scurried off.", nlp)
    assert [who for who, _ in scurried] == ["Tom"]
    fled = _leaves("Priya sat with Tom. Tom fled the house.", nlp)
    assert [who for who, _ in fled] == ["Tom"]


def test_any_named_act_is_here_again_but_not_knowing():
    """A narrated act by name counts for PLC001 unless its verb may be done anywhere."""
    from storylint.families.places.lexicon import load_lexicon
    from storylint.families.places.presence import PresenceEvent
    from storylint.families.places.rules import _here_again

    lex = load_lexicon()

    def act(lemma, **kw):
        return PresenceEvent(EventKind.ACT, 1, 3, 10, 8, 0, 5, lemma=lemma, weak=True, **kw)

    assert _here_again(act("fold"), lex)
    assert not _here_again(act("decide"), lex)
    assert not _here_again(act("fold", by_pronoun=True), lex)
