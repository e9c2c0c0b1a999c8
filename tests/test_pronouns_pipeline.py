"""The motivating story through the real ingest and character stages."""

from __future__ import annotations

import pytest

from dialogue_helpers import MARILYN_COAT_PRONOUNS, pronoun_target
from storylint.pipeline.build import build_model
from storylint.pipeline.layers import CHARACTERS, SPEAKERS


@pytest.fixture(scope="module")
def marilyn(nlp, fixtures_dir):
    from storylint import ingest

    text = (fixtures_dir / "to-marilyn.txt").read_text(encoding="utf-8")
    manuscript = ingest.manuscript_from_text(text, "to-marilyn.txt")
    return build_model(manuscript, nlp, until=SPEAKERS)


@pytest.mark.parametrize(
    ("phrase", "word", "name"),
    MARILYN_COAT_PRONOUNS,
)
def test_coat_pronouns_through_the_whole_pipeline(marilyn, phrase, word, name) -> None:
    target = pronoun_target(marilyn, phrase, word)
    assert target is not None and target.split()[0] == name


def test_a_woman_near_a_man_does_not_give_him_her_gender(marilyn) -> None:
    # "until JFK stepped aside and she turned to see why": the she is Ivy, not JFK.
    characters = marilyn.get(CHARACTERS).characters
    jfk = next(c for c in characters if c.name == "JFK")
    assert jfk.gender != "female"
    derek = next(c for c in characters if c.name.startswith("Derek"))
    assert derek.gender == "male"
