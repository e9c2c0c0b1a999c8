"""The character model, round three: frequent names that mapped to nobody.

Every rule is blind where the character model is. Each passage shows one way a name used
again and again resolved to no character (benchmarks/name_coverage.py measures it on
published novels): a bare surname blocked by a heading, a bare name placed before the
names that tell its people apart, a doubled name, a greeting taken for a woman. The
passages are written for these tests.
"""

from __future__ import annotations

import pytest
from tests.test_characters import characters_of, holder

from storylint.ingest import manuscript_from_text
from storylint.people.characters import GARBLED, NOT_CHARACTER_REASONS, UNRESOLVED_REASONS
from storylint.people.entities import Gender
from storylint.people.names import not_person_kinds, not_persons
from storylint.pipeline.build import build_model
from storylint.pipeline.layers import CHARACTERS, NAME_CENSUS


def census_of(text: str, nlp):
    model = build_model(manuscript_from_text(text, "passage.txt"), nlp, until=CHARACTERS)
    return model.get(NAME_CENSUS), model.get(CHARACTERS)


# A heading ("Captain Marlow Second Report") writes the surname as if it were a given
# name; that one line used to leave the protagonist's commonest form, "Marlow", to nobody.
MARLOW = (
    "Captain Marlow Second Report\n\n"
    "Charles Marlow came up the river in the spring of that year. Marlow said nothing for a "
    "long time. Captain Marlow had seen rivers before.\n\n"
    "Marlow lit his pipe. Marlow looked at the bank and the trees. Marlow knew the river "
    "was longer than the map said.\n\n"
    'The manager met Captain Marlow at the station. Marlow shook his hand. "You are late," '
    "said the manager. Marlow shrugged his shoulders.\n\n"
    "Charles Marlow wrote to his aunt that night. Marlow told her nothing of the manager. "
    "Marlow slept badly. Captain Marlow rose at dawn and Marlow went down to the boat. "
    "Charles Marlow never went back."
)


def test_a_bare_surname_the_text_writes_as_a_surname_maps_to_its_man(nlp):
    _, characters = characters_of(MARLOW, nlp)
    marlow = holder(characters, "Marlow")
    assert marlow is not None and "Charles Marlow" in marlow.aliases
    assert marlow.gender is Gender.MALE


# "Gale" is the commonest form and comes before "Mr. Gale" in the order names are placed:
# with only the father and the son's full names (one use each) it fitted both. Tried
# again against the finished clusters, it is the Mr. Gale of the narration.
GALE = (
    "Rudolph Gale had kept the shop before his son. Harold Gale was the son.\n\n"
    "Gale walked down the street in the rain. Gale bought a paper and read it standing. "
    "Gale thought of his father and the shop.\n\n"
    "Gale went home by the river. Gale stopped at the bridge. Gale looked at the gulls and "
    "threw them a crust.\n\n"
    "Mr. Gale was known in every shop of the town. The butcher nodded to Mr. Gale. Mr. Gale "
    "nodded back. Mr. Gale paid for the kidney.\n\n"
    "Gale ate his breakfast alone. Gale read the letter twice. Mr. Gale put on his hat. "
    "Gale went out."
)


def test_a_bare_surname_placed_too_early_is_tried_again(nlp):
    _, characters = characters_of(GALE, nlp)
    gale = holder(characters, "Gale")
    assert gale is not None and "Mr. Gale" in gale.aliases
    assert "Rudolph Gale" not in gale.aliases and "Harold Gale" not in gale.aliases


JIM = (
    "Jim was asleep on the raft when I came back. Jim woke up and Jim looked at me hard.\n\n"
    '"Is that you, Huck?" said Jim. Jim said he thought I was dead.\n\n'
    "Jim Turner kept the store at the landing.\n\n"
    "Jim cooked the fish and Jim told me about the ghosts. Jim knew all the signs. Jim said "
    "it was bad luck to count the things you were going to cook.\n\n"
    "A man named Jim Hornback owned the ferry.\n\n"
    "Jim laughed at that. Jim went to sleep again and Jim snored. Jim was the best friend "
    "I had.\n\n"
    "In the morning Jim was up first. Jim had the coffee on. Jim said the river was rising "
    "and Jim showed me the mark on the stick. Jim was right. Jim always was. Jim and me "
    "pushed off at noon, and Jim steered."
)


def test_a_name_used_far_more_than_its_namesakes_is_a_person_of_its_own(nlp):
    _, characters = characters_of(JIM, nlp)
    jim = holder(characters, "Jim")
    assert jim is not None
    assert "Jim Turner" not in jim.aliases and "Jim Hornback" not in jim.aliases
    assert holder(characters, "Jim Turner") is not jim


DOUBLED = (
    "The boys had a dog called Nelson Nelson barked at every cart that came up the lane.\n\n"
    "There was a man in the village called John Smith John Smith kept the inn and he kept "
    "it well. John Smith was a widower."
)


def test_a_name_run_on_into_the_next_sentence_is_not_doubled(nlp):
    census, index = census_of(DOUBLED, nlp)
    assert "John Smith John Smith" not in census.forms
    assert "Nelson Nelson" not in census.forms
    assert census.forms["John Smith"].count == 3
    assert census.forms["Nelson"].count == 2
    smith = holder(index.characters, "John Smith")
    assert smith is not None and smith.aliases == {"John Smith"}


GREETINGS = (
    '"Good morning, Madam Good morning," said John Smith at the door, and he bowed to the '
    "lady.\n\n"
    '"Madam Good morning to you," said the boy. "Good Morning!" cried the parrot. '
    '"Good-bye, Mary," said John Smith.'
)


def test_a_greeting_is_no_name_and_no_woman(nlp):
    census, index = census_of(GREETINGS, nlp)
    assert not any("Good" in key or "Morning" in key for key in census.forms)
    assert not [c for c in index.characters if c.gender is Gender.FEMALE]  # no "Madam Good"
    assert "Mary" in census.forms  # "Good-bye, Mary": the name after a greeting is kept


def test_a_neutral_title_on_the_same_full_name_is_the_same_man(nlp):
    text = (
        "Duncan Hale rode at the head of the column. Major Duncan Hale had never seen the "
        "forest before. Duncan looked at the trees.\n\n"
        "Duncan turned in his saddle. Duncan called to the scout. Duncan rode on."
    )
    _, characters = characters_of(text, nlp)
    duncan = holder(characters, "Duncan")
    assert duncan is not None
    assert {"Duncan Hale", "Major Duncan Hale"} <= duncan.aliases


def test_a_wife_named_by_a_husband_the_text_calls_mister_is_not_him(nlp):
    # "Ulick" is on no list of given names: "Mr. Ulick Brady" says it is a man's.
    text = (
        "Mr. Ulick Brady came home from the wars in June. Ulick Brady was a colonel by then. "
        "Ulick walked into the drawing-room and kissed his wife.\n\n"
        "Mrs. Ulick Brady had waited for him three years. Mrs. Ulick Brady poured the tea. "
        "Ulick drank it. Ulick told her about the siege, and Ulick laughed at his own "
        "wound.\n\nUlick Brady went to bed early. Ulick slept."
    )
    _, characters = characters_of(text, nlp)
    ulick = holder(characters, "Ulick")
    assert ulick is not None and ulick.gender is Gender.MALE
    assert {"Ulick Brady", "Mr. Ulick Brady"} <= ulick.aliases
    assert "Mrs. Ulick Brady" not in ulick.aliases


def test_forms_that_are_no_character_carry_their_reason(nlp):
    text = (
        "Tom Hardy took the train to London. In London Tom Hardy walked to Harley Street. "
        "Harley Street was empty. Tom looked up at the windows of Harley Street.\n\n"
        '"By Jove!" said Tom. "By Jove, it is late." Tom went back to London.\n\n'
        "Tom wore the Chanel that Kitty had given him. The Chanel was old."
    )
    census, index = census_of(text, nlp)
    reasons = index.not_characters
    assert reasons.get("London") == "place"
    assert reasons.get("Harley Street") == "institution"
    assert reasons.get("Jove") == "oath"
    assert reasons.get("Chanel") == "thing"
    assert set(reasons.values()) <= NOT_CHARACTER_REASONS.keys() | UNRESOLVED_REASONS.keys()
    assert holder(index.characters, "Tom") is not None


def test_the_pronoun_i_is_never_a_name(nlp):
    text = 'Then it was my turn, and so said I. "Yes," said I. I went home, said I.'
    census, index = census_of(text, nlp)
    assert "I." not in census.forms and "I" not in census.forms
    assert not index.characters
    assert not_person_kinds()["I"] == "pronoun"


def test_not_persons_keep_their_words_and_gain_kinds():
    assert {"God", "Sir", "Madam", "I"} <= not_persons()
    assert not_person_kinds()["God"] == "deity"
    assert all("\t" not in word for word in not_persons())


@pytest.mark.parametrize(
    ("word", "garbled"),
    [("P\u00c3", True), ("Den\u00c3\u00adsov", True), ("S\u00e3o", False), ("\u00c9lise", False)],
)
def test_mis_decoded_text_is_told_from_accented_names(word, garbled):
    assert bool(GARBLED.search(word)) is garbled


def test_the_coverage_benchmark_sorts_every_frequent_form(nlp):
    from benchmarks.name_coverage import cover_model, summarise

    model = build_model(
        manuscript_from_text(MARLOW + "\n\n" + DOUBLED, "passage.txt"), nlp, until=CHARACTERS
    )
    novel = {"forms": cover_model(model, 3)}
    by_form = {f["form"]: f for f in novel["forms"]}
    assert by_form["Marlow"]["status"] == "mapped"
    assert by_form["Marlow"]["character"] == "Charles Marlow"
    summary = summarise(novel)
    assert summary["forms"] == summary["mapped"] + summary["reason"] + summary["without"]
