"""The facts stage: what `model.get(FACTS)` holds for realistic descriptions.

Rules only compare facts, so these tests pin what is (and is not) a fact:
the value, the body part and side, who it belongs to, and exact offsets.
"""

from __future__ import annotations

import pytest

from places_helpers import build
from storylint.families.characters import CharacterFact, facts_by_character
from storylint.families.characters.layer import FACTS
from storylint.pipeline.layers import CHARACTERS
from storylint.pipeline.stages import all_stages


def facts_of(text: str, nlp, attribute: str | None = None) -> list[CharacterFact]:
    model = build(text, nlp)
    facts = [f for f in model.get(FACTS) if not f.event]
    return [f for f in facts if attribute is None or f.attribute == attribute]


def names(text: str, nlp, attribute: str) -> list[tuple[str, str]]:
    model = build(text, nlp)
    index = model.get(CHARACTERS)
    return [
        (index.by_id(f.character_id).name, f.value)
        for f in model.get(FACTS)
        if f.attribute == attribute and not f.event
    ]


def test_stage_is_registered_after_the_character_stages():
    stages = [s.module for s in all_stages()]
    assert "storylint.families.characters.stage" in stages
    facts = stages.index("storylint.families.characters.stage")
    assert facts > stages.index("storylint.people.pronouns")


@pytest.mark.parametrize(
    ("text", "attribute", "value"),
    [
        ("Ivy Marsh looked up. Ivy's eyes were blue.", "eyes", "blue"),
        ("Ivy Marsh looked up, her grey-green eyes narrowed.", "eyes", "green/grey"),
        ("Ivy Marsh had eyes as blue as the sea.", "eyes", "blue"),
        ("Ivy Marsh had eyes of the deepest brown.", "eyes", "brown"),
        ("Derek Hale was a tall man with grey eyes the colour of slate.", "eyes", "grey"),
        ("Ivy Marsh came in. Ivy Marsh was a blue-eyed girl of nineteen.", "eyes", "blue"),
        ("Derek Hale, a dark-haired man, waited by the gate.", "hair", "dark"),
        ("Derek Hale ran a hand through his sandy hair.", "hair", "sandy"),
        ("Derek Hale was a tall man with grey eyes.", "height", "tall"),
        ("Margaret Pell was a stout woman of fifty.", "build", "heavy"),
        ("Derek Hale was left-handed.", "handedness", "left"),
        ("Henry Crane wore spectacles.", "glasses", "yes"),
        ("Henry Crane had never needed glasses.", "glasses", "no"),
        ("Derek Hale grew up in Leeds.", "hometown", "leeds"),
        ("Derek Hale was brought up in New York by his aunt.", "hometown", "new york"),
        ("Derek Hale, a doctor from Leeds, sat down.", "occupation", "doctor"),
        ("Captain Robert Hale saluted.", "rank", "captain"),
    ],
)
def test_values(nlp, text, attribute, value):
    found = facts_of(text, nlp, attribute)
    assert [f.value for f in found] == [value]


def test_scar_place_side_and_exact_offsets(nlp):
    text = "Derek Hale had a scar on his left cheek, a thin white line from an old fight."
    [fact] = facts_of(text, nlp, "scar")
    assert (fact.body_part, fact.side, fact.value) == ("cheek", "left", "left cheek")
    assert not fact.definite
    assert fact.evidence.quote == text[fact.evidence.start : fact.evidence.end]
    assert fact.evidence.quote == "Derek Hale had a scar on his left cheek"
    assert fact.mode == "narration" and not fact.by_pronoun


def test_definite_wound_by_pronoun(nlp):
    text = "Tom Reilly lay still. The wound in his shoulder ached."
    [fact] = facts_of(text, nlp, "injury")
    assert fact.body_part == "shoulder" and fact.definite and fact.by_pronoun
    assert fact.confidence < 0.85  # a pronoun owner is less sure than a name


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('"Your eyes are blue," Derek Hale said to Ivy Marsh.', id="dialogue"),
        pytest.param("Ivy Marsh's eyes were red with weeping.", id="weeping"),
        pytest.param("Ivy Marsh's eyes were blue with cold.", id="cold"),
        pytest.param("Ivy Marsh had red-rimmed eyes.", id="red-rimmed"),
        pytest.param("Ivy Marsh's eyes went black with fury.", id="went-black"),
        pytest.param("Ivy Marsh's eyes darkened.", id="darkened"),
        pytest.param("Ivy Marsh's eyes were not blue.", id="negated"),
        pytest.param("If Ivy Marsh had blue eyes, she would be a beauty.", id="hypothetical"),
        pytest.param("Ivy Marsh wanted blue eyes.", id="wish"),
        pytest.param("Derek Hale had a black eye from the fight.", id="black-eye-bruise"),
        pytest.param("A tall man with blue eyes came in.", id="unnamed-person"),
    ],
)
def test_not_eye_colour(nlp, text):
    assert facts_of(text, nlp, "eyes") == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Henry Crane filled the glasses with wine.", id="wine-glasses"),
        pytest.param("Henry Crane looked through the opera glasses.", id="opera-glasses"),
        pytest.param("Henry Crane raised his glass.", id="a-glass"),
    ],
)
def test_not_eyesight_glasses(nlp, text):
    assert facts_of(text, nlp, "glasses") == []


def test_not_height(nlp):
    text = "Derek Hale was short of breath. Derek Hale was short with her. Derek looked tall."
    assert facts_of(text, nlp, "height") == []


def test_unnamed_woman_makes_her_ambiguous(nlp):
    text = (
        "Mercedes Castaneda sat by the fire.\n\nThen Gale saw a woman by the rocks. "
        "She was golden-haired."
    )
    facts = facts_of(text, nlp, "hair")
    assert all(f.confidence < 0.5 for f in facts)


def test_facts_by_character(nlp):
    text = (
        "Derek Hale had a scar on his left cheek and brown hair. Derek Hale was left-handed.\n\n"
        "Ivy Marsh had blue eyes."
    )
    model = build(text, nlp)
    summary = facts_by_character(model)
    assert summary["Derek Hale"] == {
        "scar": ["left cheek"],
        "hair": ["brown"],
        "handedness": ["left"],
    }
    assert summary["Ivy Marsh"] == {"eyes": ["blue"]}


@pytest.mark.parametrize(
    ("feature", "first", "second", "relation"),
    [
        ("eyes", "brown", "dark", "compatible"),
        ("eyes", "blue-grey", "grey", "same"),
        ("eyes", "blue", "brown", "conflict"),
        ("eyes", "dark", "blue", "near"),
        ("hair", "fair", "golden", "same"),
        ("hair", "red", "black", "conflict"),
        ("hair", "black", "grey", "ignored"),
        ("hair", "light brown", "fair", "compatible"),
    ],
)
def test_colour_relations(feature, first, second, relation):
    from storylint.families.characters.lexicon import colour_families, load_lexicon

    lex = load_lexicon()
    palette = lex.eyes if feature == "eyes" else lex.hair
    a, b = colour_families(palette, first), colour_families(palette, second)
    assert palette.relation(a, b) == relation


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (("cheek", "left"), ("cheek", "right"), False),
        (("cheek", "left"), ("cheek", None), True),
        (("shoulder", None), ("arm", None), True),
        (("shoulder", None), ("leg", None), False),
        (("cheek", None), ("chin", None), True),
    ],
)
def test_body_places(first, second, same):
    from storylint.families.characters.lexicon import load_lexicon

    assert load_lexicon().body.same_place(*first, *second) is same


def test_whose_and_like_similes(nlp):
    text = (
        "Ivy Marsh came in. Ivy Marsh, whose eyes were green, sat down.\n\n"
        "Derek Hale came in. Derek Hale had eyes like sapphires."
    )
    assert names(text, nlp, "eyes") == [("Ivy Marsh", "green"), ("Derek Hale", "blue")]


def test_eyes_of_someone_else(nlp):
    text = (
        "Katharine Hilbery had the quick movements of her mother, and the dark oval eyes of "
        "her father. Katharine Hilbery smiled."
    )
    assert names(text, nlp, "eyes") == []
