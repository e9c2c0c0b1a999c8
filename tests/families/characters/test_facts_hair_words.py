"""Hair read by class (issue 13): hair nouns that name a way of wearing it ("her auburn
fringe", "blonde curls"), people named by their hair ("Ivy, the redhead,"), "red-headed",
hair under a hat, and possessives bound across a participle and a line of dialogue."""

from __future__ import annotations

import pytest

from places_helpers import build
from storylint.families.characters.layer import FACTS
from storylint.pipeline.layers import CHARACTERS


def facts(text: str, nlp, attribute: str = "hair") -> list[tuple[str, str, str]]:
    model = build(text, nlp)
    index = model.get(CHARACTERS)
    return [
        (index.by_id(f.character_id).name, f.value, f.extra.get("owner", ""))
        for f in model.get(FACTS)
        if f.attribute == attribute and not f.event
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Nora Quinn came in. She pushed her auburn fringe out of her eyes.", "auburn"),
        ("Nora Quinn came in. Her red plait swung as she walked.", "red"),
        ("Nora Quinn came in. She had blonde curls and a wide smile.", "blonde"),
        ("Nora Quinn came in. Nora, the redhead, sat down.", "red"),
        ("Nora Quinn came in. She was a redhead, and proud of it.", "red"),
        ("Tom Hale came in. Tom was a red-headed boy of ten.", "red"),
        ("Tom Hale came in. A shock of black hair stuck out from under Tom's cap.", "black"),
        ("Nora Quinn came in. Her hair, dark as ever, was pinned up.", "dark"),
    ],
)
def test_hair_read_by_class(nlp, text: str, value: str) -> None:
    found = facts(text, nlp)
    assert [(name, v) for name, v, _ in found] == [(text.split(" came")[0], value)]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Hale came in. He felt light-headed.",  # dizzy, not fair
        "Tom Hale came in. His gold braid glittered.",  # a uniform's trim
        "Nora Quinn came in. Ivy Bell followed her. The redhead laughed.",  # nobody we know
        "Nora Quinn looked out at a fringe of dark trees.",
    ],
)
def test_no_hair_fact(nlp, text: str) -> None:
    assert facts(text, nlp) == []


def test_a_participle_after_a_speech_tag_is_the_speakers(nlp) -> None:
    text = '"We should go," Tom Hale said to Derek Wills, rubbing his brown eyes.'
    assert facts(text, nlp, "eyes") == [("Tom Hale", "brown", "name")]


def test_a_line_of_dialogue_between_does_not_break_the_anchor(nlp) -> None:
    text = (
        "Nora Quinn sat at the kitchen table with her coffee. Nora read the paper.\n\n"
        '"Morning," said Tom Hale, coming in with the milk.\n\n'
        "She pushed her red hair out of her eyes and smiled at him."
    )
    assert facts(text, nlp) == [("Nora Quinn", "red", "anchored")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Ivy Bell came in. 'Well?' said Ivy, blue eyes narrowed.", "blue"),
        ("Ivy Bell came in. Ivy had the green eyes of her father.", "green"),
        ("Ivy Bell came in. Ivy, grey-eyed and pale, sat down by the stove.", "grey"),
    ],
)
def test_eyes_set_off_after_a_name_or_had_like_someone_elses(nlp, text: str, value: str) -> None:
    assert [(n, v) for n, v, _ in facts(text, nlp, "eyes")] == [("Ivy Bell", value)]


def test_the_eyes_of_her_father_are_nobody_we_know_when_nobody_has_them(nlp) -> None:
    assert facts("Ivy Bell looked into the green eyes of her father.", nlp, "eyes") == []


def test_an_unnamed_woman_in_the_paragraph_before_unanchors_her(nlp) -> None:
    text = (
        "Nora Quinn read the paper by the window. A woman came in with a dog.\n\n"
        "She pushed her red hair out of her eyes."
    )
    assert [how for _, _, how in facts(text, nlp)] in ([], ["pronoun"], ["doubted"])
