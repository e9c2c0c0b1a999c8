"""Idioms and constructions the second widening pass reads (objects README, "Widened again,
and idioms"): a garment noun in a fixed phrase is no thing; a person after "on" is dressed;
a causative's bare infinitive misread as a noun still acts; ownership said as a predicate."""

from __future__ import annotations

import pytest

from storylint.families.objects.engine import WORLD
from world_helpers import model_of


def _world(text, nlp):
    return model_of(text, nlp).get(WORLD)


def _lemmas(text, nlp):
    return [m.lemma for o in _world(text, nlp).objects for m in o.mentions]


@pytest.mark.parametrize(
    "text",
    [
        "She was in the habit of writing to her solicitor every day.",
        "Out of habit he checked the lock twice.",
        "When the Colonel sat, the young man followed suit.",
        "He was in full dress, as pompous as an undertaker.",
        "The coat of arms hung over the fireplace.",
    ],
)
def test_a_garment_noun_in_an_idiom_is_no_thing(text, nlp):
    assert not {"habit", "suit", "dress", "coat"} & set(_lemmas(text, nlp))


def test_a_habit_worn_is_still_a_garment(nlp):
    assert "habit" in _lemmas("Sister Agnes wore the grey habit of her order.", nlp)


def test_put_it_on_her_dresses_her(nlp):
    events = _world("Tom took off his cloak and put it on her.", nlp).events
    put = [e for e in events if e.key == "put on (a person)"]
    assert put and put[0].effects == {"worn": True} and put[0].wearer is not None


def test_put_it_on_the_table_is_a_place(nlp):
    events = _world("Tom took off his hat and put it on the table.", nlp).events
    assert not any(e.key == "put on (a person)" for e in events)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("He let the candle gutter out and sat on in the dark.", "gutter out"),
        ("She turned the lamp down and out.", "turn out"),
        ("She let the lamp die.", "die (a light)"),
    ],
)
def test_a_light_put_out_through_a_misparse(text, key, nlp):
    events = _world(text, nlp).events
    assert any(e.key == key and e.effects.get("lit") is False for e in events)


def test_the_coat_she_wore_was_his(nlp):
    world = _world("Ivy came in. The coat she wore was Tom's.", nlp)
    (coat,) = [o for o in world.objects if o.lemma == "coat"]
    assert coat.owner is not None and coat.owner.label == "Tom"


def test_the_cloak_he_had_lent_her_is_his(nlp):
    world = _world("Ivy was cold. She huddled in the cloak which Tom had lent her.", nlp)
    (cloak,) = [o for o in world.objects if o.lemma == "cloak"]
    assert cloak.owner is not None and cloak.owner.label == "Tom"
