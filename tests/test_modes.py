"""Narrative modes: only affirmed narration is a fact of the story world."""

from __future__ import annotations

import pytest

from dialogue_helpers import story_model
from storylint.nlp.modes import Mode, clause_modes, is_narrated_fact


def word_modes(nlp, text: str, word: str, nth: int = 0) -> tuple[frozenset[Mode], bool]:
    model = story_model(nlp, text)
    for parsed_index, parsed in enumerate(model.parsed):
        hits = [t for t in parsed.doc if t.text == word]
        if len(hits) > nth:
            token = hits[nth]
            return (
                clause_modes(model, parsed_index, token),
                is_narrated_fact(model, parsed_index, token),
            )
    raise AssertionError(f"{word!r} not in {text!r}")


NOT_FACTS = [
    # (passage, word, the mode it must have)
    ("If he could do it again he would have stayed right there.", "stayed", Mode.HYPOTHETICAL),
    ("If he could do it again he would have stayed right there.", "do", Mode.HYPOTHETICAL),
    ("She might have taken the coat.", "taken", Mode.HYPOTHETICAL),
    ("He looked as if he had seen a ghost.", "seen", Mode.HYPOTHETICAL),
    ("Unless she called, he would leave the coat.", "called", Mode.HYPOTHETICAL),
    ("Maybe there had been more, when he was younger.", "been", Mode.HYPOTHETICAL),
    ("He wanted to say you were Marilyn.", "say", Mode.WISH),
    ("He wanted to ask her about the coat.", "ask", Mode.WISH),
    ("She hoped he would give back the coat.", "give", Mode.WISH),
    ("He meant to return the ring.", "return", Mode.WISH),
    ("He tried to take the coat.", "take", Mode.WISH),
    ("He didn't take the coat.", "take", Mode.NEGATED),
    ("She never wore the necklace again.", "wore", Mode.NEGATED),
    ("Nobody took the coat.", "took", Mode.NEGATED),
    # "no" as a determiner: once lost because YAML read the bare word as false
    ("No one took the coat.", "took", Mode.NEGATED),
    ("She took no notice of the coat.", "took", Mode.NEGATED),
    ("She left without taking the coat.", "taking", Mode.NEGATED),
    ("He forgot to lock the door.", "lock", Mode.NEGATED),
    ("She wasn't wearing the Chanel.", "wearing", Mode.NEGATED),
    # a subjectless conjunct sharing the negated auxiliary: neither happened
    ("He didn't eat or drink anything.", "drink", Mode.NEGATED),
    ("He did not take off his coat and hang it up.", "hang", Mode.NEGATED),
    ("She never smiled and never laughed.", "laughed", Mode.NEGATED),
    ("What did he want with the coat?", "want", Mode.QUESTION),
    ("He remembered that she had worn the red coat.", "worn", Mode.MEMORY),
    ("Years ago, he had owned a dog.", "owned", Mode.MEMORY),
    ("Once, in his early 20s, he had lived in Paris.", "lived", Mode.MEMORY),
    ("He'd been everything he had. It had gone all wrong.", "gone", Mode.MEMORY),
    ('"I took the coat," she said.', "took", Mode.DIALOGUE),
    ("\u2018I burned the letter,\u2019 she said.", "burned", Mode.DIALOGUE),
]


@pytest.mark.parametrize(("text", "word", "mode"), NOT_FACTS)
def test_not_a_narrated_fact(nlp, text: str, word: str, mode: Mode) -> None:
    modes, fact = word_modes(nlp, text, word)
    assert mode in modes
    assert not fact


FACTS = [
    ("He dropped his coat over her shoulders.", "dropped"),
    ("She took off her coat.", "took"),
    ("She pulled the material tighter, still silent but considering.", "pulled"),
    ("She hardly gave him a second before she turned away, his coat sliding off.", "turned"),
    ("He wanted to say it.", "wanted"),  # the wanting is narrated; the saying is not
    ('"I took the coat," she said.', "said"),
    ("He would have stopped to congratulate Eileen but she was laughing.", "laughing"),
    ("He didn't take the coat, and she left.", "left"),
    # a finite second verb, or "but", is outside the first verb's "not"
    ("She didn't answer, and went out into the garden.", "went"),
    ("He never looked back, but walked out of the house.", "walked"),
    # a verb hung on a negated one by a loose arc after a comma
    ("He didn't say anything, just put his leather jacket around my shoulders.", "put"),
    ("He looked as if he had seen a ghost.", "looked"),
    ("She could see the door from the stage.", "see"),
    ("She left without taking the coat.", "left"),
    ("He caught at her arm, drawing her back.", "caught"),
    # to-marilyn.txt: a narrated verb joined to a quoted "Don't" is not negated by it
    ("He sighed. \"Don't be silly\" even though she wasn't, and dropped his coat.", "dropped"),
]


@pytest.mark.parametrize(("text", "word"), FACTS)
def test_affirmed_narration_is_a_fact(nlp, text: str, word: str) -> None:
    modes, fact = word_modes(nlp, text, word)
    assert modes == {Mode.NARRATION}
    assert fact


def test_modes_are_per_clause_not_per_sentence(nlp) -> None:
    text = "If he could do it again he would have stayed, but she took the coat."
    modes, fact = word_modes(nlp, text, "took")
    assert fact, modes
    assert not word_modes(nlp, text, "stayed")[1]
