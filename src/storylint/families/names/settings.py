"""The name-spelling rules' thresholds and word lists, read from `data/names_spelling.yaml`.

Why a data file: what counts as a slip of the pen (keyboard neighbours, sound-alikes), which
endings make another word ("Bennets", "Americans"), which spellings of one given name exist
("Katherine"/"Katharine") and how dialect is written are lists a writer or an editor may want
to extend for their own book, without touching code (lexicon `names_spelling`: `[lexicons]` in
storylint.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storylint import lexicons


@dataclass(frozen=True)
class SpellingSettings:
    """Everything in `data/names_spelling.yaml`, parsed once per process."""

    dominant_min: int
    dominant_words_per_use: int
    dominant_min_short: int
    dominance_ratio: float
    rare_max: int
    min_length: int
    max_distance: tuple[tuple[int, int], ...]  # (min_length, distance), ascending
    drift_min: int
    drift_overlap: float
    drift_gap: float
    drift_gap_min: int
    word_endings: tuple[tuple[str, str], ...]
    same_first_letter: bool
    keyboard: dict[str, frozenset[str]]
    vowels: frozenset[str]
    sound_alikes: frozenset[frozenset[str]]
    echo_window: int
    dialect_words: frozenset[str]
    dialect_markers: frozenset[str]
    dialect_markers_min: int
    dialect_patterns: tuple[re.Pattern[str], ...]
    spelling_groups: dict[str, int]  # given name -> its group of spellings of one name
    never_compared: frozenset[str]
    dialect_endings: tuple[tuple[str, str], ...]
    english_min_share: float
    respelling_doubles: bool
    respelling_pairs: tuple[tuple[str, str], ...]
    sound_spellings: tuple[tuple[str, ...], ...]
    naming_verbs: frozenset[str] = frozenset()
    person_appositions: frozenset[str] = frozenset()
    parentage_nouns: frozenset[str] = frozenset()
    participant_preps: frozenset[str] = frozenset()  # "arguing with Xuyr"

    def established_min(self, words: int) -> int:
        """How often the established spelling must be used in a text of `words` words:
        `dominant_min` in a novel, fewer in a short story (once per
        `dominant_words_per_use` words, never under `dominant_min_short`)."""
        if self.dominant_words_per_use <= 0:
            return self.dominant_min
        scaled = -(-words // self.dominant_words_per_use)
        return max(self.dominant_min_short, min(self.dominant_min, scaled))

    def ratio_for(self, established_min: int) -> float:
        """The dominance ratio, never above the established word's own minimum."""
        return min(self.dominance_ratio, float(established_min))

    def distance_for(self, length: int) -> int:
        allowed = 0
        for min_length, distance in self.max_distance:
            if length >= min_length:
                allowed = distance
        return allowed


@lexicons.cache
def settings() -> SpellingSettings:
    raw = lexicons.load_lexicon_data("names_spelling")
    return SpellingSettings(
        dominant_min=int(raw["dominant_min"]),
        dominant_words_per_use=int(raw.get("dominant_words_per_use", 0)),
        dominant_min_short=int(raw.get("dominant_min_short", raw["dominant_min"])),
        dominance_ratio=float(raw["dominance_ratio"]),
        rare_max=int(raw["rare_max"]),
        min_length=int(raw["min_length"]),
        max_distance=tuple(
            sorted((int(r["min_length"]), int(r["distance"])) for r in raw["max_distance"])
        ),
        drift_min=int(raw["drift_min"]),
        drift_overlap=float(raw["drift_overlap"]),
        drift_gap=float(raw.get("drift_gap", 1.0)),
        drift_gap_min=int(raw.get("drift_gap_min", 0)),
        word_endings=tuple((str(a), str(b)) for a, b in raw["word_endings"]),
        same_first_letter=bool(raw["same_first_letter"]),
        keyboard=_keyboard(raw["keyboard_rows"]),
        vowels=frozenset(raw["vowels"]),
        sound_alikes=frozenset(frozenset(pair) for pair in raw["sound_alikes"]),
        echo_window=int(raw["echo_window"]),
        dialect_words=frozenset(raw["dialect_words"]),
        dialect_markers=frozenset(m.lower() for m in raw["dialect_markers"]),
        dialect_markers_min=int(raw["dialect_markers_min"]),
        dialect_patterns=tuple(re.compile(p) for p in raw.get("dialect_patterns", ())),
        never_compared=frozenset(raw.get("never_compared", ())),
        dialect_endings=tuple((str(a), str(b)) for a, b in raw.get("dialect_endings", ())),
        english_min_share=float(raw.get("english_min_share", 0.0)),
        respelling_doubles=bool(raw.get("respelling_doubles", False)),
        respelling_pairs=tuple((str(a), str(b)) for a, b in raw.get("respelling_pairs", ())),
        sound_spellings=tuple(tuple(str(w) for w in g) for g in raw.get("sound_spellings", ())),
        naming_verbs=frozenset(str(w) for w in raw.get("naming_verbs", ())),
        person_appositions=frozenset(str(w) for w in raw.get("person_appositions", ())),
        parentage_nouns=frozenset(str(w) for w in raw.get("parentage_nouns", ())),
        participant_preps=frozenset(str(w) for w in raw.get("participant_preps", ())),
        spelling_groups={
            name: i for i, group in enumerate(raw.get("spelling_variants", ())) for name in group
        },
    )


def _keyboard(rows: list[str]) -> dict[str, frozenset[str]]:
    """Each key's neighbours on the same row and the rows above and below (QWERTY)."""
    position = {key: (r, c) for r, row in enumerate(rows) for c, key in enumerate(row)}
    neighbours: dict[str, set[str]] = {key: set() for key in position}
    for key, (r, c) in position.items():
        for other, (r2, c2) in position.items():
            if other != key and abs(r - r2) <= 1 and abs(c - c2) <= 1:
                neighbours[key].add(other)
    return {key: frozenset(near) for key, near in neighbours.items()}
