"""Owners the people stage leaves untied: fallback.py, the narrator's name, marks' owners."""

from __future__ import annotations

from places_helpers import build
from storylint.families.characters.layer import FACTS
from storylint.pipeline.layers import CHARACTERS


def owned(text: str, nlp, attribute: str) -> list[tuple[str, str, str]]:
    model = build(text, nlp)
    index = model.get(CHARACTERS)
    return [
        (index.by_id(f.character_id).name, f.value, f.extra.get("owner", ""))
        for f in model.get(FACTS)
        if f.attribute == attribute and not f.event and f.character_id >= 0
    ]


def test_only_man_of_the_chapter_owns_an_untied_his(nlp):
    text = (
        "Captain Ilya Varga had a scar on his left cheek from the siege at Orsk.\n\n* * *\n\n"
        "When the letter came, he read it by the fire. He rubbed the scar on his right cheek."
    )
    facts = owned(text, nlp, "scar")
    assert [(name, value) for name, value, _ in facts] == [
        ("Captain Ilya Varga", "left cheek"),
        ("Captain Ilya Varga", "right cheek"),
    ]


def test_an_unnamed_man_close_by_doubts_the_guess(nlp):
    text = (
        "Captain Ilya Varga had a scar on his left cheek from the siege at Orsk.\n\n* * *\n\n"
        "An old man sat down by the fire. He rubbed the scar on his right cheek."
    )
    guessed = [how for _, value, how in owned(text, nlp, "scar") if value == "right cheek"]
    assert guessed in ([], ["doubted"])


def test_mark_belongs_to_the_body_part_owner(nlp):
    text = (
        "Kian Walsh had a scar above his left eyebrow.\n\n"
        "Orla Byrne traced the scar above Kian Walsh's right eyebrow."
    )
    assert [name for name, _, _ in owned(text, nlp, "scar")] == ["Kian Walsh", "Kian Walsh"]


def test_the_narrator_named_owns_my_eyes(nlp):
    text = (
        "My name is Juno Fairweather and I have grey eyes.\n\n* * *\n\n"
        "That morning, Juno Fairweather's eyes were grey and frightened."
    )
    assert [(name, value) for name, value, _ in owned(text, nlp, "eyes")] == [
        ("Juno Fairweather", "grey"),
        ("Juno Fairweather", "grey"),
    ]


def test_colour_in_a_mirror_is_the_colour_but_not_in_lamplight(nlp):
    mirror = "Rowan Ashby came in. Rowan Ashby's eyes were brown and tired in the mirror."
    assert [value for _, value, _ in owned(mirror, nlp, "eyes")] == ["brown"]
    lamp = "Rowan Ashby came in. Rowan Ashby's hair was brown in the lamplight."
    assert owned(lamp, nlp, "hair") == []
