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


def test_closing_door_behind_is_a_leave_not_a_position(nlp):
    # the whole of its sentence: the way out (README "sixth pass")
    model = build("Ivy closed the door behind her.", nlp)
    layer = model.get(PLACES)
    assert list(layer.fixtures) == []
    assert [e.kind for e in layer.events if e.kind is not EventKind.MENTION] == [EventKind.LEAVE]


def test_closing_door_behind_after_coming_in_is_no_leave(nlp):
    model = build("Ivy came in and closed the door behind her.", nlp)
    layer = model.get(PLACES)
    assert EventKind.LEAVE not in [e.kind for e in layer.events]
    model = build("Ivy closed the door behind her and sat down at the desk.", nlp)
    assert EventKind.LEAVE not in [e.kind for e in model.get(PLACES).events]


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


def _events(text, nlp, kinds=None):
    model = build(text, nlp)
    layer = model.get(PLACES)
    source = model.manuscript.sources[0].text
    return [
        (layer.name(e.character_id).split()[0], e.kind, e.lemma, e.posture, source[e.start : e.end])
        for e in layer.events
        if (kinds is None or e.kind in kinds) and e.kind is not EventKind.MENTION
    ]


def test_seeing_or_letting_oneself_out_is_a_leave(nlp):
    saw = _leaves("Priya sat with Tom. Tom saw himself out.", nlp)
    assert [who for who, _ in saw] == ["Tom"]
    let = _leaves(
        "Jess sat on the floor, and Nadia sat at the ironing board. Jess smiled at Nadia.\n\n"
        '"I am dead," said Nadia.\n\n'
        "Nadia let herself out without answering, and the door clicked shut behind her.",
        nlp,
    )
    assert [who for who, _ in let] == ["Nadia"]
    assert _leaves("Tom sat with Nadia. Nadia let herself in. Tom smiled at Nadia.", nlp) == []


def test_going_off_home_read_as_a_preposition_is_a_leave(nlp):
    went = _leaves(
        "Gran sat in her chair, and Callum sat on the rug. Gran smiled at Callum.\n\n"
        "Callum stuffed his books into his bag and went off home.",
        nlp,
    )
    assert [who for who, _ in went] == ["Callum"]


def test_crossing_to_the_window_is_a_move_about_the_room(nlp):
    moves = _events("Grace sat with Tom. Tom crossed to the window.", nlp, {EventKind.MOVE})
    assert [(who, posture) for who, _, _, posture, _ in moves] == [("Tom", True)]
    door = _events("Grace sat with Tom. Tom crossed to the door.", nlp, {EventKind.MOVE})
    assert [(who, posture) for who, _, _, posture, _ in door] == [("Tom", False)]


def test_going_on_with_the_hem_is_no_movement(nlp):
    events = _events("Gran sat by the fire. Gran went on with her knitting.", nlp)
    assert ("Gran", EventKind.ACT, "continue") in [e[:3] for e in events]
    assert not [e for e in events if e[1] is EventKind.MOVE]
    road = _events("Gran sat by the fire. Tom went on down the road.", nlp, {EventKind.MOVE})
    assert [e[0] for e in road] == ["Tom"]


def test_past_tenses_the_parser_misreads(nlp):
    events = _events("Grace sat with Tom. Tom leant forward. Tom stared at the fire.", nlp)
    lemmas = {e[2] for e in events if e[0] == "Tom" and e[1] is EventKind.ACT}
    assert {"lean", "stare"} <= lemmas


def test_a_speech_tag_told_verb_first_is_the_speaker_here(nlp):
    text = (
        "Warwick and Rena sat by the fire.\n\n"
        '"I think you ought to know, George," continued Warwick, without waiting for a reply, '
        '"that she can bring you nothing but herself."\n\n'
        '"It makes me glad to hear you speak in that way," returned Warwick.'
    )
    events = [e[:3] for e in _events(text, nlp, {EventKind.ACT, EventKind.ARRIVE})]
    assert ("Warwick", EventKind.ACT, "continue") in events
    assert ("Warwick", EventKind.ACT, "return") in events
    assert not [e for e in events if e[1] is EventKind.ARRIVE]


def test_a_local_opening_phrase_keeps_the_segment(nlp):
    model = build(
        "Grace sat with Tom at the table.\n\nAt the far end of the table, Tom sighed.\n\n"
        "At the end of the garden, Grace sighed.",
        nlp,
    )
    layer = model.get(PLACES)
    assert [s.reason for s in layer.segments] == ["start", "place-shift"]


def _plc001(text, nlp):
    model = build(text, nlp)
    return [f for f in run_rules(model, [find_rule("PLC001")]) if f.rule == "PLC001"]


def test_a_later_day_in_the_acts_own_sentence_ends_the_search(nlp):
    """ "Alpatych went to bed. / All night long troops passed. Next morning Alpatych donned a
    jacket": the act opens a later stretch; "At six o'clock next morning" too. Without the
    later day the same pair fires."""
    leave = "Marta sat with Jakob by the stove. Jakob went to bed.\n\nMarta stirred the soup. "
    slip = "Jakob poured himself a glass of milk."
    assert _plc001(leave + slip, nlp)
    for opening in ("Next morning ", "At six o'clock next morning, ", "The very next evening "):
        assert _plc001(leave + opening + slip, nlp) == [], opening
