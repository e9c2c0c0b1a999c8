"""The places lexicon (data/places.yaml, lexicon `places`), loaded once and turned into fast sets.

Why a separate module: the tracker, the rules and the tests all need the same
word lists, and the yaml is the place a writer extends them, so nothing about
movement or rooms is hard-coded anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storylint import lexicons


@dataclass(frozen=True)
class PlacesLexicon:
    motion_verbs: frozenset[str]
    leave_verbs: frozenset[str]
    leave_particles: frozenset[str]
    travel_verbs: frozenset[str]
    arrive_verbs: frozenset[str]
    arrive_particles: frozenset[str]
    elsewhere_words: frozenset[str]
    inside_words: frozenset[str]
    outside_words: frozenset[str]
    up_words: frozenset[str]
    down_words: frozenset[str]
    stair_nouns: frozenset[str]
    climb_verbs: frozenset[str]
    descend_verbs: frozenset[str]
    lead_verbs: frozenset[str]
    follow_verbs: frozenset[str]
    return_particles: frozenset[str]
    presence_verbs: frozenset[str]
    distance_verbs: frozenset[str]
    remote_markers: frozenset[str]
    non_fact_heads: frozenset[str]
    factive_heads: frozenset[str]
    body_nouns: frozenset[str]
    non_fact_marks: frozenset[str]
    modal_words: frozenset[str]
    room_nouns: frozenset[str]
    area_nouns: frozenset[str]
    home_nouns: frozenset[str]
    place_entity_labels: frozenset[str]
    area_words: dict[str, str]  # "indoors" -> "inside"
    exclusive_pairs: frozenset[frozenset[str]]
    location_verbs: frozenset[str]
    fixture_nouns: frozenset[str]
    position_words: dict[str, str]  # phrase -> relation
    opposite_positions: frozenset[frozenset[str]]
    pass_through_verbs: frozenset[str]
    turn_verbs: frozenset[str]
    time_shift_openings: tuple[str, ...]
    place_shift_openings: tuple[str, ...]
    # PLC005: who is talked to without being in the room
    address_lead_words: frozenset[str] = frozenset()
    address_far_verbs: frozenset[str] = frozenset()
    address_far_words: frozenset[str] = frozenset()
    address_absent_phrases: frozenset[str] = frozenset()
    address_prayer_names: frozenset[str] = frozenset()
    # Segments: nouns after a place-shift opening that keep the scene in its room
    # ("Across the table, ...", "At the window, ...").
    place_shift_local_nouns: frozenset[str] = frozenset()
    # "took a few steps away": objects that make a movement too short to leave the room
    short_move_objects: frozenset[str] = frozenset()
    # "took his way" (a movement), "took his leave" (a leave): objects of a motion verb
    route_objects: frozenset[str] = frozenset()
    leave_objects: frozenset[str] = frozenset()
    # who goes along: "preceded by William" (participles), "went out to meet him" (purposes)
    companion_participles: frozenset[str] = frozenset()
    join_verbs: frozenset[str] = frozenset()
    # "drove over to the saloon": movements that always take one out of the room
    vehicle_verbs: frozenset[str] = frozenset()
    # "I declare", "I confess": a first-person narrator's asides, not acts in the room
    narrator_aside_verbs: frozenset[str] = frozenset()
    place_shift_local_openings: tuple[str, ...] = ()
    # Getting up or sitting down: the character is still here ("got up and stirred the fire").
    posture_verbs: dict[str, frozenset[str]] = field(default_factory=dict)
    # PLC001's gates (README "Gates"): someone must have been shown staying behind before
    # the leave; what must happen between the leave and the return (rules._stayed_enough).
    # Recall additions: destinations outside the scene ("went to the shop"), enclosed places
    # (PLC002: "in the car"), arrivals that need an object ("reached the house"), staying
    # ("Elena stayed at the table"), "on the way out".
    away_nouns: frozenset[str] = frozenset()
    enclosure_nouns: frozenset[str] = frozenset()
    arrive_needs_object: frozenset[str] = frozenset()
    stay_verbs: frozenset[str] = frozenset()
    way_out_words: frozenset[str] = frozenset()
    habit_words: frozenset[str] = frozenset()
    return_place_nouns: frozenset[str] = frozenset()
    waiting_phrases: frozenset[str] = frozenset()
    gaze_verbs: frozenset[str] = frozenset()
    room_objects: frozenset[str] = frozenset()
    # issue 13, third pass (README "Recall additions: third pass")
    quiet_leave_verbs: frozenset[str] = frozenset()
    gone_forms: frozenset[str] = frozenset()
    gaze_round_words: frozenset[str] = frozenset()
    summary_openings: tuple[str, ...] = ()
    # a next or following day among a sentence's first words (rules._later_day)
    later_day_phrases: tuple[str, ...] = ()
    later_day_words: int = 6
    time_nouns: frozenset[str] = frozenset()
    time_arrival_verbs: frozenset[str] = frozenset()
    # issue 13, fourth pass: any narrated act by name counts, minus these classes
    absent_act_exclusions: frozenset[str] = frozenset()
    absent_any_act: bool = True
    absent_stayer_before: bool = True
    absent_return_needs: str = "named-or-stayer-act"
    # Nobody shown before the leave: may someone who acts in a later paragraph, while the
    # one who left is not named, count as one who stayed? (README "Gates")
    absent_stayer_after: bool = True
    # May an unnamed person acting or speaking ("said the policeman") count as one who stays?
    absent_unnamed_stay: bool = True
    # Nobody shown before the leave: may a first-person narrator's own act since it ("I
    # stared at Holmes") count as one who stayed? (README "fifth pass")
    absent_narrator_after: bool = True
    # The place the one who leaves went to, named in the narration before their next act
    # ("The garden was cold"): the narration went with them. (README "fifth pass")
    absent_destination_follows: bool = True
    # issue 13, fifth pass: ways in or out a move may end at; "saw himself out"; past
    # tenses the parser reads as nouns ("leant")
    threshold_nouns: frozenset[str] = frozenset()
    reflexive_leave_verbs: frozenset[str] = frozenset()
    past_forms: dict[str, str] = field(default_factory=dict)
    continue_phrasals: dict[str, frozenset[str]] = field(default_factory=dict)
    summary_adverbs: frozenset[str] = frozenset()
    abstract_destinations: dict[str, str] = field(default_factory=dict)
    # issue 13, sixth pass: a document noun among the remote markers frames the paragraph
    # only when read, written or received, or what is "in" it (README "sixth pass")
    remote_document_nouns: frozenset[str] = frozenset()
    # A leave told by a pronoun that opens its paragraph: "anchored" (never as by name),
    # "unambiguous" (as by name when nobody else it could mean was shown), "nothing"
    absent_pronoun_leave_needs: str = "anchored"
    remote_document_verbs: frozenset[str] = frozenset()
    remote_document_preps: frozenset[str] = frozenset()
    # issue 13, eighth pass (README "eighth pass"): "set off for the village", "took the
    # train", "had already left", "left them and went down to the river"
    leave_phrasals: dict[str, frozenset[str]] = field(default_factory=dict)
    vehicle_take_verbs: frozenset[str] = frozenset()
    vehicle_objects: frozenset[str] = frozenset()
    perfect_leave_adverbs: frozenset[str] = frozenset()
    left_people_pronouns: frozenset[str] = frozenset()
    hand_round_verbs: frozenset[str] = frozenset()
    # tenth pass (precision on the novels): an errand ("went off to fetch the wine"), a
    # task resumed ("went back to his work"), a return told ("presently returned")
    errand_verbs: frozenset[str] = frozenset()
    task_nouns: frozenset[str] = frozenset()
    return_verbs: frozenset[str] = frozenset()
    recoil_verbs: frozenset[str] = frozenset()
    # eleventh pass (recall): "went back to the house" leaves; "storms out" read as a noun
    back_home_nouns: frozenset[str] = frozenset()

    @property
    def interesting_lemmas(self) -> frozenset[str]:
        """Verb lemmas the tracker looks at; every other verb is skipped cheaply."""
        return (
            self.motion_verbs
            | self.presence_verbs
            | self.location_verbs
            | self.turn_verbs
            | self.pass_through_verbs
            | frozenset(self.leave_phrasals)
            | self.vehicle_take_verbs
        )

    def exclusive(self, a: str, b: str) -> bool:
        """Can nobody be in `a` and `b` at the same moment?"""
        if a == b:
            return False
        if frozenset((a, b)) in self.exclusive_pairs:
            return True
        rooms = self.room_nouns | self.enclosure_nouns
        return a in rooms and b in rooms


@lexicons.cache
def load_lexicon() -> PlacesLexicon:
    data = lexicons.load_lexicon_data("places")
    area_words = {
        str(word).lower(): area for area, words in data["exclusive_areas"].items() for word in words
    }
    position_words = {
        str(phrase).lower(): relation
        for relation, phrases in data["position_words"].items()
        for phrase in phrases
    }
    sets = {
        name: lexicons.word_set(data.get(name))
        for name in PlacesLexicon.__dataclass_fields__
        if name
        not in {
            "area_words",
            "exclusive_pairs",
            "position_words",
            "opposite_positions",
            "time_shift_openings",
            "summary_openings",
            "later_day_phrases",
            "later_day_words",
            "place_shift_openings",
            "posture_verbs",
            "place_shift_local_openings",
            "absent_stayer_before",
            "absent_return_needs",
            "absent_stayer_after",
            "absent_unnamed_stay",
            "absent_any_act",
            "absent_narrator_after",
            "absent_destination_follows",
            "past_forms",
            "continue_phrasals",
            "abstract_destinations",
            "absent_pronoun_leave_needs",
            "leave_phrasals",
        }
    }
    return PlacesLexicon(
        **sets,
        area_words=area_words,
        exclusive_pairs=frozenset(frozenset(p) for p in data["exclusive_pairs"]),
        position_words=position_words,
        opposite_positions=frozenset(frozenset(p) for p in data["opposite_positions"]),
        time_shift_openings=tuple(s.lower() for s in data["time_shift_openings"]),
        summary_openings=tuple(str(s).lower() for s in data.get("summary_openings") or ()),
        later_day_phrases=tuple(str(s).lower() for s in data.get("later_day_phrases") or ()),
        later_day_words=int(data.get("later_day_words", 6)),
        place_shift_openings=tuple(s.lower() for s in data["place_shift_openings"]),
        place_shift_local_openings=tuple(
            str(s).lower() for s in data.get("place_shift_local_openings") or ()
        ),
        posture_verbs={
            str(verb): lexicons.word_set(parts)
            for verb, parts in (data.get("posture_verbs") or {}).items()
        },
        absent_stayer_before=bool(data.get("absent_stayer_before", True)),
        absent_return_needs=str(data.get("absent_return_needs", "named-or-stayer-act")),
        absent_stayer_after=bool(data.get("absent_stayer_after", True)),
        absent_unnamed_stay=bool(data.get("absent_unnamed_stay", True)),
        absent_any_act=bool(data.get("absent_any_act", True)),
        absent_narrator_after=bool(data.get("absent_narrator_after", True)),
        absent_destination_follows=bool(data.get("absent_destination_follows", True)),
        absent_pronoun_leave_needs=str(data.get("absent_pronoun_leave_needs", "anchored")),
        leave_phrasals={
            str(verb): lexicons.word_set(parts)
            for verb, parts in (data.get("leave_phrasals") or {}).items()
        },
        continue_phrasals={
            str(verb): lexicons.word_set(parts)
            for verb, parts in (data.get("continue_phrasals") or {}).items()
        },
        abstract_destinations={
            str(noun).lower(): str(verb).lower()
            for noun, verb in (data.get("abstract_destinations") or {}).items()
        },
        past_forms={
            str(form).lower(): str(verb).lower()
            for form, verb in (data.get("past_forms") or {}).items()
        },
    )
