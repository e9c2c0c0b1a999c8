"""Speaker attribution: explicit tags, two-person exchanges, and honest unknowns."""

from __future__ import annotations

from dialogue_helpers import story_model
from storylint.people.entities import Gender
from storylint.pipeline.layers import CHARACTERS, QUOTES

CAST = {"Derek": Gender.MALE, "Ivy": Gender.FEMALE, "Karen": Gender.FEMALE}


def speakers(model) -> list[tuple[str, str | None, str | None]]:
    text = model.manuscript.sources[0].text
    index = model.get(CHARACTERS)
    return [
        (
            text[q.start : q.end],
            None if q.speaker_id is None else index.by_id(q.speaker_id).name,
            q.evidence,
        )
        for q in model.get(QUOTES).quotes
    ]


def test_explicit_tags_after_and_before_the_quote(nlp) -> None:
    text = '"Go home," said Derek.\n\nIvy said, "I will."\n\n"Good," Derek whispered.'
    result = speakers(story_model(nlp, text, CAST))
    assert [(name, how) for _, name, how in result] == [
        ("Derek", "explicit"),
        ("Ivy", "explicit"),
        ("Derek", "explicit"),
    ]


def test_pronoun_speaker_is_resolved_through_the_character_index(nlp) -> None:
    text = 'Ivy shivered at Derek.\n\n"What am I to you?" he countered.'
    result = speakers(story_model(nlp, text, CAST))
    assert result[0][1:] == ("Derek", "explicit")


def test_unattributed_lines_alternate_between_two_speakers(nlp) -> None:
    text = (
        '"Where were you?" Ivy asked.\n\n'
        '"Out," said Derek.\n\n'
        '"All night?"\n\n'
        '"All night."\n\n'
        '"I see."'
    )
    result = speakers(story_model(nlp, text, CAST))
    assert [name for _, name, _ in result] == ["Ivy", "Derek", "Ivy", "Derek", "Ivy"]
    assert result[2][2] == "alternation"


def test_a_third_character_in_narration_ends_the_alternation(nlp) -> None:
    text = (
        '"Where were you?" Ivy asked.\n\n'
        '"Out," said Derek.\n\n'
        "Karen came in and sat down.\n\n"
        '"All night?"'
    )
    result = speakers(story_model(nlp, text, CAST))
    assert result[-1][1] is None


def test_scene_break_ends_the_exchange(nlp) -> None:
    text = '"Where were you?" Ivy asked.\n\n"Out," said Derek.\n\n* * *\n\n"All night?"'
    result = speakers(story_model(nlp, text, CAST))
    assert result[-1][1] is None


def test_action_beat_names_the_speaker(nlp) -> None:
    text = 'Derek stood by the door.\n\nIvy pulled the coat tighter. "It\'s cold."'
    result = speakers(story_model(nlp, text, CAST))
    assert result[0][1:] == ("Ivy", "beat")


def test_unknown_speaker_stays_unknown(nlp) -> None:
    result = speakers(story_model(nlp, '"Is anyone there?"', CAST))
    assert result == [('"Is anyone there?"', None, None)]


def test_a_new_sentence_after_the_quote_is_not_its_tag(nlp) -> None:
    # "Derek said" starts a new sentence: it tags no quote, and with two
    # people acting in the paragraph nobody is named the speaker.
    text = 'Ivy leaned on the bar. "Tell me." Derek said nothing.'
    result = speakers(story_model(nlp, text, CAST))
    assert result[0][1:] == (None, None)


def test_verb_first_tag_names_its_speaker_whatever_the_parse(nlp) -> None:
    """'"...," repeated Derek;' - spaCy reads "repeated Derek" as part of the quote's
    sentence, with Derek its object; the name after a verb-first tag still speaks."""
    text = (
        "Ivy sat by the fire. Derek stood at the window.\n\n"
        '"I wish you every happiness," repeated Derek; adding, with a touch of solemnity, '
        '"I hope that neither of you may ever regret your choice."'
    )
    result = speakers(story_model(nlp, text, CAST))
    assert [name for _, name, _ in result] == ["Derek", "Derek"]
