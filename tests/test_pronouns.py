"""Pronoun resolution: the right character, or none at all - never a guess."""

from __future__ import annotations

import pytest

from dialogue_helpers import MARILYN_COAT_PRONOUNS, pronoun_target, story_model
from storylint.people.entities import Gender, MentionKind
from storylint.pipeline.layers import CHARACTERS

F, M = Gender.FEMALE, Gender.MALE
MARILYN_CAST = {
    "Derek": M,
    "Ivy": F,
    "Karen": F,
    "Tom": M,
    "Eileen": F,
    "JFK": M,
    "Marilyn": F,
    "Bobby": M,
    "Jessica": F,
}


@pytest.fixture(scope="module")
def marilyn(nlp, fixtures_dir):
    """The story as ingest would give it: without the author's notes before and after."""
    text = (fixtures_dir / "to-marilyn.txt").read_text(encoding="utf-8")
    story = text[text.index("Nothing ever") : text.index("- Title from")]
    return story_model(nlp, story, MARILYN_CAST)


@pytest.mark.parametrize(
    ("phrase", "word", "name"),
    [
        *MARILYN_COAT_PRONOUNS,
        ("She pulled the material tighter", "She", "Ivy"),
        ("as she tugged his coat tighter", "his", "Derek"),
        ("He caught at her arm", "He", "Derek"),
        ("He caught at her arm", "her", "Ivy"),
        ("loosely draped in his coat, she stood", "his", "Derek"),
        ("loosely draped in his coat, she stood", "she", "Ivy"),
        ('"What am I to you?" he countered', "he", "Derek"),
    ],
)
def test_to_marilyn_coat_passages(marilyn, phrase: str, word: str, name: str) -> None:
    assert pronoun_target(marilyn, phrase, word) == name


def test_to_marilyn_him_is_never_ivy_or_jfk(marilyn) -> None:
    wrong = [
        m
        for c in marilyn.get(CHARACTERS).characters
        if c.name in ("Ivy", "JFK")
        for m in c.mentions
        if m.kind is MentionKind.PRONOUN
        and marilyn.manuscript.sources[0].text[m.start : m.end].lower() in ("he", "him", "his")
    ]
    assert wrong == []


def test_gender_picks_the_antecedent(nlp) -> None:
    model = story_model(nlp, "Tom gave Anna his coat. She thanked him.", {"Tom": M, "Anna": F})
    assert pronoun_target(model, "his coat", "his") == "Tom"
    assert pronoun_target(model, "She thanked him", "She") == "Anna"
    assert pronoun_target(model, "She thanked him", "him") == "Tom"


def test_a_character_called_she_once_is_not_his(nlp) -> None:
    """Orla's gender is not learnt from one "she", but that "she" is enough to keep "his"
    away from her ("Orla traced the scar above his eyebrow")."""
    U = Gender.UNKNOWN
    text = (
        "Kian Walsh had a scar above his left eyebrow.\n\n"
        '"Very mysterious," Orla said, the first time she saw it.\n\n* * *\n\n'
        "Orla traced the scar above his right eyebrow with one finger."
    )
    model = story_model(nlp, text, {"Kian Walsh": M, "Orla": U})
    assert pronoun_target(model, "above his right", "his") != "Orla"


def test_object_pronoun_is_not_its_own_subject(nlp) -> None:
    model = story_model(nlp, "Derek came home late. Derek saw him in the mirror.", {"Derek": M})
    assert pronoun_target(model, "saw him", "him") is None


def test_reflexive_binds_to_its_subject(nlp) -> None:
    text = "Tom met Derek at the bar. Derek looked at himself in the glass."
    model = story_model(nlp, text, {"Tom": M, "Derek": M})
    assert pronoun_target(model, "looked at himself", "himself") == "Derek"


def test_two_equally_salient_women_leave_she_unresolved(nlp) -> None:
    text = "Anna and Mary waited at the station. She smiled."
    model = story_model(nlp, text, {"Anna": F, "Mary": F})
    assert pronoun_target(model, "She smiled", "She") is None


def test_subject_continues_the_chain(nlp) -> None:
    text = "Anna found Mary in the kitchen. She took off her apron and sat down."
    model = story_model(nlp, text, {"Anna": F, "Mary": F})
    assert pronoun_target(model, "She took off", "She") == "Anna"


def test_an_unnamed_man_takes_he_away_from_a_named_one(nlp) -> None:
    text = "Tom waited at the bar. A stranger came in. The stranger sat down. He took off his hat."
    model = story_model(nlp, text, {"Tom": M})
    assert pronoun_target(model, "He took off his hat", "He") is None
    assert pronoun_target(model, "his hat", "his") is None


def test_a_passing_unnamed_object_does_not_block(nlp) -> None:
    text = "Tom waited at the bar. He ordered a drink from the waiter. He took off his hat."
    model = story_model(nlp, text, {"Tom": M})
    assert pronoun_target(model, "He took off his hat", "He") == "Tom"


def test_a_predicate_name_takes_the_unnamed_chain(nlp) -> None:
    text = "His coat was old. His name was Gabriel, and he was a farmer."
    model = story_model(nlp, text, {"Gabriel": M})
    assert pronoun_target(model, "His coat", "His") == "Gabriel"
    assert pronoun_target(model, "he was a farmer", "he") == "Gabriel"


def test_scene_break_forgets_who_was_there(nlp) -> None:
    text = "Tom closed the shop.\n\n* * *\n\nThe next morning he opened it again."
    model = story_model(nlp, text, {"Tom": M})
    assert pronoun_target(model, "he opened", "he") is None


def test_he_in_dialogue_needs_a_name_in_the_same_quote(nlp) -> None:
    text = 'Tom sat down. "Derek? I saw him yesterday," Anna said. "He looked tired."'
    model = story_model(nlp, text, {"Tom": M, "Derek": M, "Anna": F})
    assert pronoun_target(model, "I saw him", "him") == "Derek"
    assert pronoun_target(model, "He looked tired", "He") is None


def test_gender_is_learnt_for_a_surname(nlp) -> None:
    text = (
        "Strether arrived at noon. He was tired. Strether lit his cigar and he smiled. "
        "Strether sat down; he waited."
    )
    model = story_model(nlp, text, {"Strether": Gender.UNKNOWN})
    assert model.get(CHARACTERS).characters[0].gender is M
    assert pronoun_target(model, "He was tired", "He") == "Strether"
