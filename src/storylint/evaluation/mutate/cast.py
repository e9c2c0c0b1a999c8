"""The characters a mutation is about: real characters of the novel, from storylint's own model.

The clean text is checked once; its CharacterIndex (people/entities.py) gives each character's
names, gender and mentions. Operators pick among the most mentioned characters of known gender,
call them by the name form the text itself uses most ("Elizabeth", "Mr. Darcy"), and refer to
them with the pronouns of their gender.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

PRONOUNS = {
    "male": {"he": "he", "him": "him", "his": "his", "himself": "himself"},
    "female": {"he": "she", "him": "her", "his": "her", "himself": "herself"},
}
# How many of the most mentioned characters an operator chooses among.
LEADS = 6
# Fewer name mentions than this and a cluster is too thin to call a character.
MIN_NAME_MENTIONS = 3
TITLES = frozenset({"Mr.", "Mrs.", "Miss", "Ms.", "Dr.", "Lady", "Lord", "Sir", "Captain", "Mr"})


@dataclass(frozen=True)
class Person:
    id: int
    name: str  # the name form the text uses most for them
    gender: str  # "male" | "female"
    mentions: int  # name mentions

    def slots(self, suffix: str = "") -> dict[str, str]:
        """{name}, {he}, {his}, ... (with a suffix: {name2}, {he2}, ...)."""
        words = PRONOUNS[self.gender]
        values = {"name": self.name, **words}
        values.update({"He": words["he"].capitalize(), "His": words["his"].capitalize()})
        return {f"{key}{suffix}": value for key, value in values.items()}


def character_index(model):
    """The model's CharacterIndex, whichever way this version of the pipeline stores it."""
    try:
        from storylint.pipeline.layers import CHARACTERS
    except ImportError:
        return model.layers["characters"]
    return model.get(CHARACTERS)


def name_mention_kind(mention) -> bool:
    return str(getattr(mention, "kind", "name")) == "name"


def people(model) -> list[Person]:
    """Characters of known gender with enough name mentions, most mentioned first."""
    source = model.manuscript.sources[0].text if model.manuscript.sources else ""
    found = []
    for character in character_index(model).characters:
        gender = str(character.gender)
        if gender not in PRONOUNS:
            continue
        forms = Counter(source[m.start : m.end] for m in character.mentions if name_mention_kind(m))
        total = sum(forms.values())
        if total < MIN_NAME_MENTIONS:
            continue
        # The commonest form; a tie goes to the longer, then the alphabetically first one.
        form = min(forms, key=lambda f: (-forms[f], -len(f), f))
        if not re.fullmatch(r"[A-Z][\w.' -]*\w\.?", form) or form.isupper():
            continue
        found.append(Person(character.id, form, gender, total))
    found.sort(key=lambda p: (-p.mentions, p.id))
    return found


def number_words(n: int) -> str:
    """1..99 as an author writes ages: "twenty-six"."""
    ones = (
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen"
    ).split()
    tens = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
    if n < 20:
        return ones[n]
    ten, one = divmod(n, 10)
    return tens[ten] + ("" if one == 0 else "-" + ones[one])


VOWELS = "aeiou"


def misspell(word: str, rng: random.Random, avoid: set[str]) -> str | None:
    """One slip of the pen in a name: two letters swapped, a letter dropped or doubled, or
    a vowel changed; never the first letter, never a word the text already uses."""
    if len(word) < 4 or not word.isalpha():
        return None
    candidates: list[str] = []
    for i in range(1, len(word) - 1):
        a, b = word[i], word[i + 1]
        if a != b:
            candidates.append(word[:i] + b + a + word[i + 2 :])
    for i in range(1, len(word)):
        if len(word) > 4:
            candidates.append(word[:i] + word[i + 1 :])
        if word[i] not in VOWELS:
            candidates.append(word[: i + 1] + word[i] + word[i + 1 :])
        if word[i] in VOWELS:
            candidates.extend(word[:i] + v + word[i + 1 :] for v in VOWELS if v != word[i])
    options = sorted({c for c in candidates if c.lower() not in avoid and c != word})
    return rng.choice(options) if options else None


def misspelt_form(name: str, rng: random.Random, avoid: set[str]) -> str | None:
    """The name form with its longest non-title word misspelt: "Mr. Darcy" -> "Mr. Dracy"."""
    words = name.split()
    choices = [i for i, w in enumerate(words) if w not in TITLES and w.isalpha() and len(w) >= 4]
    if not choices:
        return None
    index = max(choices, key=lambda i: (len(words[i]), -i))
    slipped = misspell(words[index], rng, avoid)
    if slipped is None:
        return None
    words[index] = slipped
    return " ".join(words)
