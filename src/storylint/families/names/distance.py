"""How far apart two spellings are, and whether the difference looks like a slip of the pen.

`NearIndex` finds, for a rare word, the frequent words within one or two edits of it without
comparing every pair: each frequent word is indexed under every string made by deleting up to
two of its letters (the symmetric-deletion method), and two words within edit distance d share
such a string. `plausible_slip` then asks whether the difference is the kind a hand makes
(a dropped, doubled or swapped letter, a neighbouring key, a vowel for a vowel) rather than
the kind that makes another name (Harry/Larry, Rodney/Romney).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storylint.families.names.settings import SpellingSettings


def osa_distance(a: str, b: str, limit: int) -> int:
    """Edit distance with swaps of neighbouring letters ("Dacry"/"Darcy" is one slip);
    anything above `limit` is reported as limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _deletions(word: str, depth: int) -> set[str]:
    """The word and every string made by deleting up to `depth` letters: two words within
    edit distance d share at least one such string (the symmetric-deletion index)."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


class NearIndex:
    """Frequent words by their deletions, so a rare word finds its near spellings in time
    proportional to its own length, not to the number of frequent words."""

    def __init__(self, words: list[str], config: SpellingSettings) -> None:
        self.config = config
        self.by_key: dict[str, set[str]] = {}
        for word in words:
            depth = config.distance_for(len(word))
            for key in _deletions(word.lower(), depth):
                self.by_key.setdefault(key, set()).add(word)

    def near(self, word: str) -> list[tuple[str, int]]:
        """Frequent words within the allowed distance of `word`, with the distance."""
        lower = word.lower()
        depth = self.config.distance_for(len(word))
        candidates: set[str] = set()
        for key in _deletions(lower, depth):
            candidates |= self.by_key.get(key, set())
        found = []
        for other in candidates:
            if other == word:
                continue
            limit = self.config.distance_for(min(len(word), len(other)))
            distance = osa_distance(lower, other.lower(), limit)
            if 0 < distance <= limit or (distance == 0 and other != word):
                found.append((other, distance))
        return sorted(found)


def plausible_slip(rare: str, common: str, config: SpellingSettings) -> bool:
    """Does the difference look like a slip (a letter dropped, doubled, swapped, a
    neighbouring key, a vowel for a vowel) rather than another name?"""
    a, b = rare.lower(), common.lower()
    if config.same_first_letter and a[:1] != b[:1]:
        return False
    if same_sound(a, b, config):
        return True  # one sound spelled another way: "Farebrother", "Filips"
    x, y, at = difference(a, b)
    if not x or not y:
        return len(x) + len(y) <= 2  # letters dropped or added: "Browlow", "Atheney"
    if len(x) == 2 and x == y[::-1]:
        return True  # two letters swapped: "Dacry"
    if len(x) == 2 and len(y) == 2 and len(a) >= 9:
        # Two letters changed in a long name: each must be a slip ("Hippomachus" is not
        # "Hippolochus" misspelled: l/m and o/a are another name).
        return all(_letter_slip(p, q, config) for p, q in zip(x, y, strict=True) if p != q)
    if len(x) != 1 or len(y) != 1:
        return len(a) >= 9 and len(x) <= 2 and len(y) <= 2
    if _letter_slip(x, y, config):
        return True
    window = b[max(0, at - config.echo_window) : at + config.echo_window + 1]
    return x in window  # "Norword": the r of "Nor-" written again


def _letter_slip(x: str, y: str, config: SpellingSettings) -> bool:
    """One letter written for another by a slip: a neighbouring key, a vowel for a vowel,
    a letter that sounds the same (c/k, s/z)."""
    return (
        x in config.keyboard.get(y, ())
        or {x, y} <= config.vowels
        or frozenset((x, y)) in config.sound_alikes
    )


def difference(a: str, b: str) -> tuple[str, str, int]:
    """What differs between two spellings once their common start and end are set aside:
    ("norword", "norwood") -> ("r", "o", 5)."""
    i = 0
    limit = min(len(a), len(b))
    while i < limit and a[i] == b[i]:
        i += 1
    j = 0
    while j < limit - i and a[len(a) - 1 - j] == b[len(b) - 1 - j]:
        j += 1
    return a[i : len(a) - j], b[i : len(b) - j], i


def same_sound(a: str, b: str, config: SpellingSettings) -> bool:
    """Do two (lower-case) spellings differ only by one sound written two ways ("air" and
    "are": "fairbrother"/"farebrother"; `sound_spellings` in the data file)?"""
    x, y, at = difference(a, b)
    if not x and not y:
        return False
    for group in config.sound_spellings:
        for one in group:
            for other in group:
                if one == other:
                    continue
                # Widen the difference to the spellings of the sound on each side.
                for start in range(max(0, at - len(one) + 1), at + 1):
                    if a[start : start + len(one)] != one:
                        continue
                    if a[:start] + other + a[start + len(one) :] == b:
                        return True
    return False


def respelling_shape(a: str, b: str, config: SpellingSettings) -> bool:
    """Two (lower-case) spellings of one given name: a letter written double or single
    ("harriet"/"harriett"), or one of the data file's `respelling_pairs` ("anneliese" /
    "annelise", "lizzy"/"lizzie")."""
    x, y, at = difference(a, b)
    if config.respelling_doubles:
        longer, shorter, extra = (a, b, x) if len(x) > len(y) else (b, a, y)
        if len(extra) == 1 and not (x and y) and len(longer) == len(shorter) + 1:
            # The extra letter doubles the one before or after it.
            i = at
            if (i > 0 and longer[i - 1] == extra) or longer[i + 1 : i + 2] == extra:
                return True
    for one, other in config.respelling_pairs:
        for p, q in ((one, other), (other, one)):
            for start in range(max(0, at - len(p) + 1), at + 1):
                if start + len(p) >= len(a):
                    continue  # at the end of the name: "Kate"/"Katie" is a pet form
                if a[start : start + len(p)] == p and a[:start] + q + a[start + len(p) :] == b:
                    return True
    return False
