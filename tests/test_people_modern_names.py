"""Modern names the parser does not know, kin words used as names, and genders learnt from
pronouns (issue 13): people/README.md, "Which names are people" and "Kin words"."""

from __future__ import annotations

import pytest

from storylint.ingest import manuscript_from_text
from storylint.people.entities import Gender, MentionKind
from storylint.pipeline.build import build_model
from storylint.pipeline.layers import CHARACTERS, PRONOUNS


def _model(text: str, nlp, until=PRONOUNS):
    return build_model(manuscript_from_text(text, "passage.txt"), nlp, until=until)


def _named(model, alias: str):
    found = [c for c in model.get(CHARACTERS).characters if alias in c.aliases]
    return found[0] if found else None


@pytest.mark.parametrize(
    ("text", "alias", "gender"),
    [
        (
            "Priya ran up the stairs two at a time. Her red hair was tied back.\n\n"
            "An hour later Priya pushed her black hair out of her eyes.",
            "Priya",
            Gender.FEMALE,
        ),
        (
            "Noor pulled her coat tighter against the wind. The bus was late again.\n\n"
            "At the stop, Noor's brown eyes searched the road.",
            "Noor",
            None,  # one "her" of its own and one tied: too little to settle a gender
        ),
        (
            "Amara Osei locked her bike outside the library and checked her phone.\n\n"
            "Later, Amara's brown eyes scanned the shelves.",
            "Amara Osei",
            Gender.FEMALE,
        ),
    ],
)
def test_a_name_on_no_list_that_acts_with_a_pronoun_of_its_own_is_a_person(
    nlp, text: str, alias: str, gender: Gender | None
) -> None:
    character = _named(_model(text, nlp), alias)
    assert character is not None
    assert character.gender is (gender or Gender.UNKNOWN)


def test_a_full_name_used_once_joins_its_given_name(nlp) -> None:
    text = (
        "Elodie Price opened the laptop. Her green eyes narrowed at the screen.\n\n"
        "The next morning Elodie's eyes were puffy from lack of sleep."
    )
    character = _named(_model(text, nlp), "Elodie")
    assert character is not None and "Elodie Price" in character.aliases


def test_a_place_that_acts_once_is_still_no_person(nlp) -> None:
    text = "Leeds was grey that morning. Amara Osei walked to the station through Leeds."
    assert _named(_model(text, nlp), "Leeds") is None


def test_gender_is_settled_from_two_tied_pronouns(nlp) -> None:
    text = (
        "Quill opened the laptop. Quill sighed. Her eyes narrowed at the screen.\n\n"
        "Quill closed the laptop. She went to bed."
    )
    model = _model(text, nlp)
    quill = _named(model, "Quill")
    assert quill is not None
    assert quill.gender is Gender.FEMALE


def test_my_dad_in_narration_is_the_character_dad(nlp) -> None:
    text = (
        "I was fifteen when my dad died. Dad would have found that funny.\n\n"
        "A year later Dad came into the kitchen and put the kettle on."
    )
    model = _model(text, nlp)
    dad = _named(model, "Dad")
    assert dad is not None and dad.gender is Gender.MALE
    kinds = [m.kind for m in dad.mentions if m.kind is not MentionKind.PRONOUN]
    assert MentionKind.DESCRIPTOR in kinds  # "my dad"
    assert len(kinds) == 3


def test_my_mum_twice_in_narration_makes_a_character(nlp) -> None:
    text = (
        "My mum worked nights at the hospital. I hardly saw her.\n\n"
        "On Sundays my mum slept until noon, and I made the tea."
    )
    mum = _named(_model(text, nlp, until=CHARACTERS), "Mum")
    assert mum is not None and mum.gender is Gender.FEMALE


def test_my_dad_in_dialogue_is_the_speakers_father_not_a_character(nlp) -> None:
    text = (
        '"My dad says no," said Tom Hale. "My dad always says no."\n\n'
        "Tom Hale shrugged and went home."
    )
    assert _named(_model(text, nlp, until=CHARACTERS), "Dad") is None
