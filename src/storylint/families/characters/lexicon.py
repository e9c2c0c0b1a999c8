"""The attributes lexicon (data/attributes.yaml) and what it says about values.

Both the text extractors and the story-bible comparison read values through
this one module, so "hazel" in a bible and "hazel" in chapter 3 are the same
value, and whether two descriptions contradict each other is decided in one
place: by families of words and the pairs of families the data file declares
compatible (no finding) or near (a low-confidence finding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storylint import lexicons


def _pairs(rows: list[list[str]]) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(row) for row in rows)


def _groups(groups: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for key, words in groups.items():
        for word in words:
            found.setdefault(word, set()).add(key)
    return {word: frozenset(keys) for word, keys in found.items()}


def _invert(groups: dict[str, list[str]]) -> dict[str, str]:
    return {word: key for key, words in groups.items() for word in words}


@dataclass(frozen=True)
class Palette:
    """The colours of one feature (eyes or hair) and how they relate."""

    words: dict[str, str]  # word -> family
    compatible: frozenset[frozenset[str]]
    near: frozenset[frozenset[str]]
    ignored: frozenset[str] = frozenset()  # families never compared (grey hair)
    # Whether "dark"/"light" beside a colour stay a family of their own: "light brown"
    # hair is near fair, but "dark blue" eyes are blue (and not compatible with brown).
    keep_shades: bool = False

    def combine(self, found: set[str]) -> frozenset[str]:
        if not self.keep_shades and len(found) > 1:
            found = set(found)
            found.discard("dark")
            if len(found) > 1:
                found.discard("light")
        return frozenset(found)

    def family(self, word: str) -> str | None:
        """The family of one word; a hyphenated compound by its parts ("sky-blue", "blue-grey")."""
        found = self.words.get(word)
        if found is not None or "-" not in word:
            return found
        parts = [p for p in word.split("-") if p]
        if not parts:
            return None
        return self.words.get(parts[-1])

    def families(self, word: str) -> frozenset[str]:
        """Every family a word names: "blue-grey" is blue and grey."""
        whole = self.words.get(word)
        if whole is not None:
            return frozenset({whole})
        if "-" not in word:
            return frozenset()
        parts = [p for p in word.split("-") if p]
        if not parts or parts[-1] not in self.words:
            return frozenset()  # "red-rimmed", "blue-eyed": not a colour
        return frozenset(self.words[p] for p in parts if p in self.words)

    def relation(self, first: frozenset[str], second: frozenset[str]) -> str:
        """'same', 'compatible', 'near', 'conflict' or 'ignored' for two family sets."""
        if first & self.ignored or second & self.ignored:
            return "ignored"
        if first & second:
            return "same"
        pairs = {frozenset((a, b)) for a in first for b in second}
        if pairs & self.compatible:
            return "compatible"
        if pairs <= self.near:
            return "near"
        return "conflict"


@dataclass(frozen=True)
class BodyParts:
    part_region: dict[str, str]
    adjacent: frozenset[frozenset[str]]
    sides: dict[str, str]

    def region(self, part: str) -> str | None:
        return self.part_region.get(part)

    def same_place(
        self,
        part_a: str,
        side_a: str | None,
        part_b: str,
        side_b: str | None,
        adjacent: bool = True,
    ) -> bool | None:
        """Could two descriptions be one mark? None when we cannot tell.

        `adjacent`: whether neighbouring regions (neck and shoulder) may be one place, as
        for a wound, which is told loosely ("a wound in his shoulder", "his wounded arm");
        a scar, tattoo or birthmark named on the neck and then on the shoulder has moved."""
        region_a, region_b = self.region(part_a), self.region(part_b)
        if region_a is None or region_b is None:
            return None
        if part_a == part_b or _singular(part_a) == _singular(part_b):
            return side_a is None or side_b is None or side_a == side_b
        if region_a == region_b:
            return True
        return adjacent and frozenset((region_a, region_b)) in self.adjacent


def _singular(word: str) -> str:
    return {"feet": "foot", "toes": "toe", "fingers": "finger", "knuckles": "knuckle"}.get(
        word, word
    )


@dataclass(frozen=True)
class Lexicon:
    raw: dict
    stability: dict[str, str]
    memory_counts: frozenset[str]
    eyes: Palette
    hair: Palette
    heights: dict[str, str]
    builds: dict[str, str]
    handedness: dict[str, str]
    occupations: dict[str, frozenset[str]]  # word -> every group it belongs to
    body: BodyParts
    rank_titles: dict[str, str]
    rank_ladders: dict[str, list[str]]
    regions: frozenset[str]

    @property
    def people(self) -> frozenset[str]:
        """Nouns for a person ("man", "father"): someone else's eyes in "the eyes of X"."""
        return _people()

    def words(self, key: str) -> frozenset[str]:
        """A plain word list of the data file, as a set."""
        return _word_set(key)

    def rank_relation(self, earlier: str, later: str) -> str:
        """'same', 'higher', 'lower' or 'unknown' (not on one ladder)."""
        if earlier == later:
            return "same"
        for ladder in self.rank_ladders.values():
            if earlier in ladder and later in ladder:
                return "higher" if ladder.index(later) > ladder.index(earlier) else "lower"
        return "unknown"

    def is_region(self, place: str) -> bool:
        return place in self.regions

    def places_agree(self, first: str, second: str) -> bool:
        """Two hometowns agree when equal, when one contains the other's name
        ("boston" / "boston, massachusetts") or when either is a region that may
        contain the other: without a gazetteer we only trust town against town."""
        a, b = _place_key(first), _place_key(second)
        if not a or not b or a == b or a in b or b in a:
            return True
        return self.is_region(a) or self.is_region(b)


def _place_key(place: str) -> str:
    place = place.lower().strip()
    place = re.sub(r"^(the )?(town|city|village|county|parish|hamlet) of ", "", place)
    return re.sub(r"[^a-z ]+", " ", place).strip()


def _data() -> dict:
    return lexicons.load_lexicon_data("attributes")


@lexicons.cache
def _word_set(key: str) -> frozenset[str]:
    return lexicons.word_set(_data()[key])


@lexicons.cache
def _people() -> frozenset[str]:
    data = _data()
    return frozenset(map(str, data["person_nouns"])) | frozenset(data["gendered_person_nouns"])


@lexicons.cache
def load_lexicon() -> Lexicon:
    data = _data()
    attributes = data["attributes"]
    body_region = _invert(data["body_parts"])
    return Lexicon(
        raw=data,
        stability={key: value["stability"] for key, value in attributes.items()},
        memory_counts=frozenset(key for key, value in attributes.items() if value["memory"]),
        eyes=Palette(
            _invert(data["eye_colours"]),
            _pairs(data["eye_compatible"]),
            _pairs(data["eye_near"]),
        ),
        hair=Palette(
            _invert(data["hair_colours"]),
            _pairs(data["hair_compatible"]),
            _pairs(data["hair_near"]),
            frozenset(data["hair_age_families"]),
            keep_shades=True,
        ),
        heights=_invert(data["heights"]),
        builds=_invert(data["builds"]),
        handedness=_invert(data["handedness"]),
        occupations=_groups(data["occupations"]),
        body=BodyParts(body_region, _pairs(data["body_adjacent"]), _invert(data["sides"])),
        rank_titles={str(k): v for k, v in data["rank_titles"].items()},
        rank_ladders=data["rank_ladders"],
        regions=frozenset(str(r).lower() for r in data["regions"]),
    )


# --- Reading a value written as words (a bible entry, a test) -------------------

WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")


def value_words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


def colour_families(palette: Palette, text: str) -> frozenset[str]:
    """The families named in free text ("dark brown", "blue-grey", "long red hair")."""
    found: set[str] = set()
    for word in value_words(text):
        found |= palette.families(word)
    return palette.combine(found)


def body_place(text: str) -> tuple[str | None, str | None]:
    """(part, side) named in free text: "left cheek", "a scar across the right hand"."""
    lex = load_lexicon()
    part = side = None
    for word in value_words(text):
        if word in lex.body.sides:
            side = lex.body.sides[word]
        elif word in lex.body.part_region and part is None:
            part = word
    return part, side
