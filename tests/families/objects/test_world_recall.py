"""What the world engine reads beyond past-tense verbs with a noun object: senses of one
verb, pronoun subjects, descriptions, present tense, first person, garment parts, a broken
thing in a later chapter (docs/verb-effects.md). The rule cases (cases/OBJ00x.yaml) hold
the passages that must fire and stay quiet; these tests pin the engine's reasons."""

from __future__ import annotations

import pytest

from storylint import lexicons
from storylint.errors import InputError
from storylint.families.objects.engine import WORLD
from storylint.families.objects.identity import Person
from storylint.families.objects.lexicon import load_lexicon
from world_helpers import model_of


def _events(text, nlp, key=None):
    events = model_of(text, nlp).get(WORLD).events
    return [e for e in events if key is None or e.key == key]


def test_one_verb_two_senses_chosen_by_the_object(nlp):
    letter = _events("He burned the letter in the grate.", nlp, "burn")
    assert letter and letter[0].effects == {"gone": True}
    (lamp,) = _events("The lamp burned on the table.", nlp, "burn (a light)")
    assert lamp.requires == {"lit": True} and lamp.mention.lemma == "lamp"


def test_form_keeps_a_verb_to_its_use(nlp):
    # "hung his coat on the peg" takes it off; "the coat hung on him" does not
    assert _events("He hung his coat on the peg.", nlp, "hang")
    assert not _events("The coat hung on him like a sack.", nlp, "hang")


def test_it_as_the_subject_of_breaking(nlp):
    (event,) = _events("She flung the teapot into the grate, where it broke.", nlp, "break")
    assert event.mention.lemma == "teapot" and event.effects == {"broken": True}
    assert event.confidence < 1.0  # "it" is resolved by recency


def test_still_burning_and_the_burning_candle(nlp):
    (event,) = _events("The candle was still burning when she looked up.", nlp, "burn (a light)")
    assert event.requires == {"lit": True}
    (description,) = _events("He carried the burning candle to the window.", nlp, "burning")
    assert description.kind == "description" and description.confidence == 0.7


def test_full_describes_only_vessels(nlp):
    assert _events("She set the full jug on the table.", nlp, "full")
    assert not _events("She wore a full skirt.", nlp, "full")


def test_present_tense_verb_read_as_a_noun(nlp):
    (event,) = _events("I blow out the candle.\n\nOn the sill the candle gutters.", nlp, "gutter")
    assert event.mention.lemma == "candle" and "present tense" in event.notes[0]


def test_the_narrator_is_one_person_and_never_he():
    narrator = Person("narrator", "I")
    assert narrator.same_as(Person("narrator", "I")) is True
    assert narrator.same_as(Person("pron:male", "he", "male")) is False
    assert narrator.possessive() == "my" and narrator.object_form() == "me"


def test_first_person_owner_and_wearer(nlp):
    (event,) = _events("Leon put his jacket round my shoulders.", nlp, "put round")
    assert event.wearer is not None and event.wearer.key == "narrator"


def test_garment_part_says_the_garment_is_worn(nlp):
    (event,) = _events("He fumbled at the buttons of his jacket.", nlp, "fumble (a fastening)")
    assert event.mention.lemma == "jacket" and event.requires == {"worn": True}


def test_broken_thing_carries_into_the_next_chapter(nlp):
    text = "Chapter 1\n\nTom smashed the jug.\n\nChapter 2\n\nTom filled the jug at the pump."
    (conflict,) = model_of(text, nlp).get(WORLD).conflicts
    assert conflict.confidence == pytest.approx(0.85)  # damage fades as across a scene break
    assert any("earlier chapter" in reason for _, reason in conflict.obj.merge_reasons)


def test_a_mentioned_repair_unsettles_what_was_known(nlp):
    text = (
        "The sword snapped in two.\n\n"
        "It took the smith nine days to reforge the sword.\n\n"
        "She swung the sword."
    )
    (conflict,) = model_of(text, nlp).get(WORLD).conflicts
    assert conflict.confidence < 0.5  # "to reforge" is not narrated, but makes it unsure


def test_one_passage_one_conflict(nlp):
    text = "Tom smashed the jug.\n\nHe set the full jug on the table."
    (conflict,) = model_of(text, nlp).get(WORLD).conflicts
    # A sentence after the smashing, "set" (handling, 0.45 far off) is as sure as can be
    # (closeness), and outranks "full" (0.7); far apart, "full" does.
    assert conflict.attribute == "broken" and conflict.confidence == 1.0
    far = "Tom smashed the jug.\n\n" + "Rain fell.\n\n" * 8 + "He set the full jug on the table."
    (conflict,) = model_of(far, nlp).get(WORLD).conflicts
    # ("set" adopts "not broken" for what follows, but "full", in the same passage, is weighed
    # against the smashing too, and is the surer of the two)
    assert conflict.contradiction.key.startswith("full")
    assert conflict.attribute in ("broken", "pieces") and conflict.confidence >= 0.7


def test_user_file_may_add_senses_and_forms(tmp_path):
    user = tmp_path / "verbs.yaml"
    user.write_text(
        "verbs:\n  fizz (a drink): {requires: {gone: false}, target: subject,"
        " form: intransitive}\n",
        encoding="utf-8",
    )
    lexicons.configure({"verbs": [user]})
    try:
        (sense,) = load_lexicon().senses["fizz"]
        assert sense.form == "intransitive" and sense.target == "subject"
    finally:
        lexicons.configure({})


def test_a_misspelt_form_is_one_clear_error(tmp_path):
    user = tmp_path / "verbs.yaml"
    user.write_text("verbs:\n  fizz: {form: transitiv}\n", encoding="utf-8")
    load_lexicon.cache_clear()
    with pytest.raises(InputError) as err:
        load_lexicon(user)
    assert "form" in str(err.value)
    load_lexicon.cache_clear()
