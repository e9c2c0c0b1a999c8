"""The story bible decides who is who: its aliases merge, `distinct` and separate entries split.

Each passage is one the analysis alone gets wrong (checked in the first assertion), so
the bible visibly changes the character model.
"""

from __future__ import annotations

import yaml

from storylint.bible import build_bible
from storylint.canon import parse_bible
from storylint.ingest import manuscript_from_text, read_manuscript
from storylint.pipeline.build import build_model
from storylint.pipeline.layers import CANON, CHARACTERS

# A nickname no name list links to the given name.
BUNNY = (
    "Bernadette Shaw had run the bakery on Mill Lane for twenty years. Bernadette opened "
    "the shop at six every morning.\n\n"
    "Her brother called her Bunny, and so did half the town. Bunny kneaded the dough while "
    "the ovens warmed.\n\n"
    "At noon Bunny locked the door and walked down to the river. She sat on the bench and "
    "ate her lunch.\n\n"
    "Bernadette went home early that evening."
)
# A father and son of one surname: the son is the only full-named man of the family.
WILLS = (
    "Tom Wills came home from school at four. Tom dropped his bag in the hall.\n\n"
    "Mr. Wills was reading in the kitchen. Mr. Wills looked up from his paper and frowned.\n\n"
    "Tom Wills said nothing. He went up to his room and shut the door.\n\n"
    "Mr. Wills folded the paper and followed him up the stairs."
)


def characters(text: str, nlp, bible: str | None = None) -> dict[str, tuple[set[str], str]]:
    canon = parse_bible(bible) if bible is not None else None
    model = build_model(manuscript_from_text(text, "story.txt"), nlp, canon=canon)
    if canon is not None:
        assert model.get(CANON) is canon
    return {c.name: (c.aliases, c.gender.value) for c in model.get(CHARACTERS).characters}


def test_bible_aliases_merge_a_nickname(nlp) -> None:
    alone = characters(BUNNY, nlp)
    assert "Bunny" in alone and "Bernadette Shaw" in alone  # two people without the bible
    bible = "characters:\n  - name: Bernadette Shaw\n    aliases: [Bernadette, Bunny]\n"
    merged = characters(BUNNY, nlp, bible)
    assert list(merged) == ["Bernadette Shaw"]
    assert merged["Bernadette Shaw"][0] >= {"Bunny", "Bernadette", "Bernadette Shaw"}


def test_bible_name_that_the_text_never_writes_names_the_character(nlp) -> None:
    text = "Bunny kneaded the dough. Bunny smiled at the oven and hummed to herself."
    bible = "characters:\n  - name: Bernadette Shaw\n    aliases: [Bunny]\n    gender: female\n"
    found = characters(text, nlp, bible)
    assert found == {"Bernadette Shaw": ({"Bunny", "Bernadette Shaw"}, "female")}


def test_distinct_splits_father_and_son(nlp) -> None:
    alone = characters(WILLS, nlp)
    assert list(alone) == ["Tom Wills"] and "Mr. Wills" in alone["Tom Wills"][0]
    split = characters(WILLS, nlp, "distinct:\n  - [Tom Wills, Mr. Wills]\n")
    assert set(split) == {"Tom Wills", "Mr. Wills"}
    assert "Mr. Wills" not in split["Tom Wills"][0]
    assert "Tom" in split["Tom Wills"][0]  # an entry's names all stay with it


def test_two_entries_are_two_people(nlp) -> None:
    bible = (
        "characters:\n  - name: Tom Wills\n    aliases: [Tom]\n"
        "  - name: Mr. Wills\n    gender: male\n    relationships: {son: Tom Wills}\n"
    )
    split = characters(WILLS, nlp, bible)
    assert set(split) == {"Tom Wills", "Mr. Wills"}
    assert split["Mr. Wills"] == ({"Mr. Wills"}, "male")


def test_distinct_from_on_an_entry_splits_too(nlp) -> None:
    bible = "characters:\n  - name: Tom Wills\n    distinct_from: [Mr. Wills]\n"
    assert set(characters(WILLS, nlp, bible)) == {"Tom Wills", "Mr. Wills"}


def test_declared_gender_replaces_the_guess(nlp) -> None:
    # The given-name list calls Robin a woman's name; this Robin is a man.
    text = "Robin Reed locked the office. Robin walked to the car park in the rain."
    assert characters(text, nlp)["Robin Reed"][1] == "female"
    bible = "characters:\n  - name: Robin Reed\n    aliases: [Robin]\n    gender: male\n"
    assert characters(text, nlp, bible)["Robin Reed"][1] == "male"


def test_a_bible_of_the_analysis_changes_nothing(nlp, fixtures_dir) -> None:
    """`storylint bible` fed back as canon gives the very characters it was made from."""
    manuscript = read_manuscript(fixtures_dir / "to-marilyn.txt")
    before = build_model(manuscript, nlp)
    text = yaml.safe_dump(build_bible(before), sort_keys=False)
    after = build_model(manuscript, nlp, canon=parse_bible(text))

    def people(model):
        return sorted(
            (c.name, sorted(c.aliases), c.gender.value, len(c.mentions))
            for c in model.get(CHARACTERS).characters
        )

    assert people(after) == people(before)


def test_canon_facts_reach_the_right_character(nlp) -> None:
    bible = (
        "characters:\n  - name: Tom Wills\n    aliases: [Tom]\n    attributes: {eyes: grey}\n"
        "  - name: Mr. Wills\n    attributes: {eyes: brown}\n"
    )
    canon = parse_bible(bible)
    model = build_model(manuscript_from_text(WILLS, "story.txt"), nlp, canon=canon)
    by_name = {c.name: c for c in model.get(CHARACTERS).characters}
    tom, father = by_name["Tom Wills"], by_name["Mr. Wills"]
    assert canon.entry_of(tom).name == "Tom Wills"
    assert [(f.attribute, f.value) for f in canon.facts_of(tom)] == [("eyes", "grey")]
    assert [(f.attribute, f.value) for f in canon.facts_of(father)] == [("eyes", "brown")]
