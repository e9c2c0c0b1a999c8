"""The places lexicon (data/places.yaml, lexicon `places`), loaded once and turned into fast sets.

Why a separate module: the tracker, the rules and the tests all need the same
word lists, and the yaml is the place a writer extends them, so nothing about
movement or rooms is hard-coded anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def interesting_lemmas(self) -> frozenset[str]:
        """Verb lemmas the tracker looks at; every other verb is skipped cheaply."""
        return (
            self.motion_verbs
            | self.presence_verbs
            | self.location_verbs
            | self.turn_verbs
            | self.pass_through_verbs
        )

    def exclusive(self, a: str, b: str) -> bool:
        """Can nobody be in `a` and `b` at the same moment?"""
        if a == b:
            return False
        if frozenset((a, b)) in self.exclusive_pairs:
            return True
        return a in self.room_nouns and b in self.room_nouns


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
            "place_shift_openings",
        }
    }
    return PlacesLexicon(
        **sets,
        area_words=area_words,
        exclusive_pairs=frozenset(frozenset(p) for p in data["exclusive_pairs"]),
        position_words=position_words,
        opposite_positions=frozenset(frozenset(p) for p in data["opposite_positions"]),
        time_shift_openings=tuple(s.lower() for s in data["time_shift_openings"]),
        place_shift_openings=tuple(s.lower() for s in data["place_shift_openings"]),
    )
