"""Name knowledge for the character model: titles, given names, pet forms, person behaviour.

Everything here is read from data files under `storylint/people/data/names/` (see its
PROVENANCE.md; lexicons `titles`, `first_names`, `nicknames`, `behaviour`, `calendar_words`,
`not_persons`, `institution_words`) so that a writer can extend the lists without touching
code (`[lexicons]` in storylint.toml).
`NameForm` splits a written name into title, given name and surname, because
clustering decides on those parts: "Mrs. Bennet" and "Mr. Bennet" share a
surname yet a title says they are two people.
"""

from __future__ import annotations

from dataclasses import dataclass

from storylint import lexicons
from storylint.people.entities import Gender

# Lower-case particles that belong inside a surname ("Lady Catherine de Bourgh").
PARTICLES = frozenset({"de", "van", "von", "der", "den", "du", "la", "le", "di", "da", "del"})


@dataclass(frozen=True)
class Title:
    gender: Gender
    before_first: bool  # usually precedes a given name: "Lady Catherine", "Miss Eliza"
    married: bool | None  # Mrs. True, Miss False, others None


@lexicons.cache
def titles() -> dict[str, Title]:
    raw = lexicons.load_lexicon_data("titles")["titles"]
    table = {}
    for key, spec in raw.items():
        spec = spec or {}
        gender = {"female": Gender.FEMALE, "male": Gender.MALE}.get(
            spec.get("gender", ""), Gender.UNKNOWN
        )
        table[key] = Title(gender, bool(spec.get("before_first")), spec.get("married"))
    return table


def title_of(word: str) -> Title | None:
    """The title a word is ("Mrs." -> Mrs), or None. Titles must be capitalised."""
    if not word[:1].isupper():
        return None
    return titles().get(word.rstrip(".").lower())


def title_key(word: str) -> str:
    return word.rstrip(".").lower()


@lexicons.cache
def first_names() -> dict[str, Gender]:
    table = {}
    for name, code in lexicons.load_lexicon_rows("first_names"):
        table[name] = {"F": Gender.FEMALE, "M": Gender.MALE}.get(code, Gender.UNKNOWN)
    return table


def is_first_name(word: str) -> bool:
    return word in first_names() or word in _nickname_families()


def first_name_gender(word: str) -> Gender:
    """The listed gender; for an unlisted pet form ("Loo"), the gender its full forms share."""
    listed = first_names().get(word)
    if listed is not None:
        return listed
    families = _nickname_families().get(word, frozenset())
    genders = {_family_head_gender(f) for f in families}
    return genders.pop() if len(genders) == 1 else Gender.UNKNOWN


@lexicons.cache
def _family_heads() -> list[str]:
    return [row[0].strip() for row in lexicons.load_lexicon_rows("nicknames")]


def _family_head_gender(family_id: int) -> Gender:
    return first_names().get(_family_heads()[family_id], Gender.UNKNOWN)


@lexicons.cache
def _nickname_families() -> dict[str, frozenset[int]]:
    """Given name -> ids of the families it belongs to ("Kit" is Catherine's and Christopher's)."""
    families: dict[str, set[int]] = {}
    for family_id, row in enumerate(lexicons.load_lexicon_rows("nicknames")):
        for name in row:
            families.setdefault(name.strip(), set()).add(family_id)
    return {name: frozenset(ids) for name, ids in families.items()}


def same_given_name(a: str, b: str) -> bool:
    """True for "Lizzy"/"Elizabeth", "Bob"/"Robert" and identical names."""
    if a == b:
        return True
    families = _nickname_families()
    return bool(families.get(a, frozenset()) & families.get(b, frozenset()))


@lexicons.cache
def behaviour() -> dict[str, frozenset[str]]:
    raw = lexicons.load_lexicon_data("behaviour")
    return {key: frozenset(values) for key, values in raw.items()}


@lexicons.cache
def calendar_words() -> dict[str, frozenset[str]]:
    """Weekdays, months and the words that make a month a date (calendar_words.yaml)."""
    data = lexicons.load_lexicon_data("calendar_words")
    return {key: frozenset(words) for key, words in data.items()}


@lexicons.cache
def not_persons() -> frozenset[str]:
    """Capitalised words that are never characters (not_persons.txt, first column)."""
    return frozenset(not_person_kinds())


@lexicons.cache
def not_person_kinds() -> dict[str, str]:
    """Each never-a-person word and what it is instead ("God": deity, "Madam": address): the
    optional second, tab-separated column of not_persons.txt; "word" when none is given."""
    kinds = {}
    for line in lexicons.load_lexicon_lines("not_persons"):
        word, _, kind = line.partition("\t")
        kinds[word.strip()] = kind.strip() or "word"
    return kinds


@lexicons.cache
def institution_words() -> frozenset[str]:
    """Last words of the names of institutions and places ("Blodgett College")."""
    return frozenset(lexicons.load_lexicon_lines("institution_words"))


@dataclass(frozen=True)
class NameForm:
    """A name as written, split into its parts. `key` identifies the form across the text."""

    title: str | None  # normalised title key, e.g. "mrs"
    words: tuple[str, ...]  # name words without the title; a particle joins the surname

    @property
    def key(self) -> str:
        return " ".join(((self.title,) if self.title else ()) + self.words)

    @property
    def first(self) -> str | None:
        return self.words[0] if len(self.words) >= 2 else None

    @property
    def last(self) -> str | None:
        return self.words[-1] if len(self.words) >= 2 else None

    @property
    def single(self) -> str | None:
        return self.words[0] if len(self.words) == 1 else None

    @property
    def title_info(self) -> Title | None:
        return titles().get(self.title) if self.title else None

    @property
    def gender(self) -> Gender:
        info = self.title_info
        return info.gender if info else Gender.UNKNOWN


def parse_name(words: list[str]) -> NameForm | None:
    """Split written words ("Lady", "Catherine", "de", "Bourgh") into a NameForm."""
    title = None
    rest = list(words)
    while rest and title_of(rest[0]) is not None and len(rest) > 1:
        title = title or title_key(rest[0])  # "Mr. Frank Churchill": keep the outer title
        rest = rest[1:]
    joined: list[str] = []
    for word in rest:
        if joined and joined[-1].split(" ")[-1].lower() in PARTICLES:
            joined[-1] = f"{joined[-1]} {word}"
        elif word.lower() in PARTICLES:
            joined.append(word.lower())
        else:
            joined.append(word)
    # A particle left dangling at the end is not part of a name.
    while joined and joined[-1] in PARTICLES:
        joined.pop()
    if not joined:
        return None
    return NameForm(title, tuple(joined))
