"""Issue 13 (recall): the world engine reads classes of phrasing, not single words - breaking
into pieces and lying in pieces, lights that go out and flames that die, garments put round
someone with any placing verb, laid on a thing (off), sat in (on), kept buttoned
(docs/verb-effects.md). These pin the reasons; the story suite holds whole passages."""

from __future__ import annotations

import pytest

from storylint.families.objects.engine import WORLD
from storylint.families.objects.lexicon import load_lexicon
from world_helpers import model_of


def _events(text, nlp, key=None):
    events = model_of(text, nlp).get(WORLD).events
    return [e for e in events if key is None or e.key == key]


def _states(text, nlp, lemma):
    return [(e.key, e.requires, e.effects) for e in _events(text, nlp) if e.mention.lemma == lemma]


@pytest.mark.parametrize(
    "text",
    [
        "The jug cracked in two when she set it down.",
        "He hurled the jug at the door, and it burst into fragments.",
        "She dropped the jug and it shattered into pieces.",
        "The jug fell from the dresser and lay in pieces on the floor.",
    ],
)
def test_breaking_into_pieces_is_broken(text, nlp):
    assert any(effects.get("pieces") for _, _, effects in _states(text, nlp, "jug"))


def test_the_pieces_are_not_the_object(nlp):
    # "two" and "pieces" are what it broke into, never a thing acted on
    assert all(e.mention.lemma == "jug" for e in _events("The jug cracked in two.", nlp))


@pytest.mark.parametrize(
    "text",
    [
        "The jug stood brimming on the sideboard.",
        "She carried the jug, full to the brim, back into the kitchen.",
        "She tipped the jug and poured a glass of water.",
    ],
)
def test_a_vessel_in_use_is_whole(text, nlp):
    assert any(requires.get("pieces") is False for _, requires, _ in _states(text, nlp, "jug"))


@pytest.mark.parametrize(
    "text",
    [
        "He leaned over and blew on the lamp until the flame died.",
        "He smothered the candle with his palm.",
        "The candle guttered out.",
        "The flame of the lamp went out.",
    ],
)
def test_a_light_put_or_going_out(text, nlp):
    assert any(effects.get("lit") is False for e in _events(text, nlp) for effects in [e.effects])


def test_a_flame_dying_with_no_light_named_is_nothing(nlp):
    assert not _events("The flame of her anger died.", nlp)


@pytest.mark.parametrize(
    ("text", "wearer"),
    [
        ("Without a word Tom slung his coat across Ivy's shoulders.", "Ivy"),
        ("Tom tucked his scarf about Ivy.", "Ivy"),
    ],
)
def test_any_placing_verb_puts_a_garment_round_someone(text, wearer, nlp):
    events = [e for e in _events(text, nlp) if e.effects.get("worn")]
    assert events and events[0].wearer is not None and events[0].wearer.label == wearer


@pytest.mark.parametrize(
    "text",
    [
        "He unbuttoned his coat and tossed it onto the sofa.",
        "She threw her cloak over the back of a chair.",
        "He stuffed his gloves into the drawer.",
    ],
)
def test_a_garment_laid_on_a_thing_is_off(text, nlp):
    assert any(e.effects.get("worn") is False for e in _events(text, nlp))


@pytest.mark.parametrize(
    "text",
    [
        "She slung her coat over her shoulder.",  # a part of the body: worn
        "He laid his coat over his arm.",  # carried, not a place: not read as laid down
    ],
)
def test_not_laid_on_a_place(text, nlp):
    assert not any(e.key.endswith("(a place)") for e in _events(text, nlp))


def test_sitting_in_a_coat_is_wearing_it(nlp):
    (event,) = [e for e in _events("Ivy sat there in her coat, still dripping.", nlp) if e.requires]
    assert event.requires == {"worn": True} and event.wearer.label == "Ivy"
    assert not [e for e in _events("Ivy sat in the chair.", nlp) if "worn" in e.requires]
    assert not [e for e in _events("The letter was in his coat.", nlp) if "worn" in e.requires]


def test_kept_buttoned_says_it_is_on(nlp):
    assert ("buttoned", {"worn": True}, {"worn": True}) in _states(
        "Ivy kept her jacket buttoned to the chin.", nlp, "jacket"
    )


def test_tighter_round_oneself_is_said_of_a_garment_already_on(nlp):
    (event,) = _events("She wrapped her coat more closely around herself.", nlp)
    assert event.requires == {"worn": True}


def test_generated_round_entries_leave_verbs_with_senses_alone():
    verbs = load_lexicon().verbs
    assert "sling across (on someone)" in verbs
    assert not any(k.startswith(("throw ", "hang ")) and "(on someone)" in k for k in verbs)
