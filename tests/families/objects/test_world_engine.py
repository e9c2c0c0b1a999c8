"""The world-state engine: lexicon data, identity, ownership, events and their effects."""

from __future__ import annotations

import pytest

from storylint import lexicons
from storylint.errors import InputError
from storylint.families.objects.engine import WORLD
from storylint.families.objects.lexicon import load_lexicon
from world_helpers import model_of


def test_object_lexicon_comes_from_data():
    lexicon = load_lexicon()
    assert lexicon.category("coat") == "garment"
    assert lexicon.category("radio") == "device"
    assert lexicon.category("candle") == "light"
    assert lexicon.category("apple") == "food"
    assert lexicon.category("hand") is None  # body parts are not objects
    assert lexicon.category("party") is None


def test_user_verb_file_extends_the_lexicon(tmp_path):
    user = tmp_path / "verbs.yaml"
    user.write_text("verbs:\n  incinerate: {effects: {gone: true}}\n", encoding="utf-8")
    lexicons.configure({"verbs": [user]})  # what `[lexicons] verbs = ...` does
    try:
        assert load_lexicon().verbs["incinerate"].effects == {"gone": True}
        assert "take off" in load_lexicon().verbs
    finally:
        lexicons.configure({})


def test_unreadable_user_verb_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "verbs.yaml"
    bad.write_text("verbs: [unclosed", encoding="utf-8")
    load_lexicon.cache_clear()
    with pytest.raises(InputError) as err:
        load_lexicon(bad)
    assert f"{bad.name}:1: " in str(err.value)
    load_lexicon.cache_clear()


def _coat_objects(model):
    return [o for o in model.get(WORLD).objects if o.lemma == "coat"]


def test_same_owner_mentions_are_one_coat(nlp):
    model = model_of("Derek took off his coat. He folded his coat over his arm.", nlp)
    (coat,) = _coat_objects(model)
    assert len(coat.mentions) == 2
    assert any("same owner" in reason for _, reason in coat.merge_reasons)


def test_her_own_and_another_start_new_coats(nlp):
    model = model_of("Derek wore his coat. Ivy wore her own coat. Karen bought another coat.", nlp)
    assert len(_coat_objects(model)) == 3


def test_it_refers_back_with_a_recorded_reason(nlp):
    model = model_of("Tom found the radio in the attic. He switched it on.", nlp)
    events = [e for e in model.get(WORLD).events if e.key == "switch on"]
    assert events and events[0].mention.lemma == "radio"
    assert any("refers back" in reason for _, reason in events[0].mention.obj.merge_reasons)


def test_phrasal_verbs_set_and_need_states(nlp):
    model = model_of("Derek dropped his coat over her shoulders. She tugged his coat tighter.", nlp)
    keys = {e.key: e for e in model.get(WORLD).events}
    assert keys["drop over"].effects == {"worn": True}
    assert keys["drop over"].wearer is not None and keys["drop over"].wearer.gender == "female"
    assert keys["tug"].requires == {"worn": True}
    assert not model.get(WORLD).conflicts


def test_progressive_absolute_is_less_certain(nlp):
    model = model_of("She turned away, his coat sliding off.", nlp)
    (event,) = [e for e in model.get(WORLD).events if e.key == "slide off"]
    assert event.confidence < 0.8


def test_dialogue_and_hypotheticals_change_nothing(nlp):
    text = (
        '"I smashed the radio," he said.\n\n'
        "If she smashed the radio, he would leave.\n\n"
        "She switched on the radio."
    )
    model = model_of(text, nlp)
    assert not [e for e in model.get(WORLD).events if e.effects.get("broken")]
    assert not model.get(WORLD).conflicts


def test_borrowed_from_sets_the_owner(nlp):
    model = model_of("Ivy pulled on the coat she had borrowed from Derek.", nlp)
    (coat,) = _coat_objects(model)
    assert coat.owner is not None and coat.owner.label == "Derek"


def test_giving_moves_holding_not_ownership(nlp):
    model = model_of("Derek gave Ivy his coat.", nlp)
    (event,) = [e for e in model.get(WORLD).events if e.key == "give" and e.mention.lemma == "coat"]
    assert event.holder is not None and event.holder.label == "Ivy"
    assert event.transfer
    (coat,) = _coat_objects(model)
    assert coat.owner.gender == "male"
