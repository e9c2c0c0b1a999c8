"""The bundled example story: the cast a writer expects, and nothing that is not a person.

Fixture: tests/fixtures/to-marilyn.txt, a copy of examples/to-marilyn.txt.
"""

from __future__ import annotations

import pytest

from storylint.bible import build_bible, character_entry
from storylint.ingest import read_manuscript
from storylint.people.entities import Gender
from storylint.pipeline.build import build_model
from storylint.pipeline.layers import CHARACTERS


@pytest.fixture(scope="module")
def bible(nlp, fixtures_dir):
    manuscript = read_manuscript(fixtures_dir / "to-marilyn.txt")
    model = build_model(manuscript, nlp, until=CHARACTERS)
    return build_bible(model)


@pytest.mark.parametrize(
    "name, full_name",
    [
        ("Derek", None),
        ("Ivy", "Ivy Lynn"),
        ("Karen", "Karen Cartwright"),
        ("Tom", None),
        ("Eileen", None),
        ("Bobby", None),
        ("Jessica", None),
        ("JFK", None),
    ],
)
def test_the_cast_is_listed(bible, name, full_name):
    entry = character_entry(bible, name)
    assert entry is not None, f"{name} missing from the bible"
    if full_name:
        assert entry["name"] == full_name
        assert name in entry["aliases"]


@pytest.mark.parametrize(
    "not_a_character",
    [
        "Marilyn",
        "Hit List",
        "Broadway",
        "Chanel",
        "Henry Higgins",
        "Smith",
        "Mrs. Smith",
        "New York",
        "Bombshell",
    ],
)
def test_roles_shows_places_and_brands_are_not_characters(bible, not_a_character):
    assert character_entry(bible, not_a_character) is None


def test_each_person_is_one_entry(bible):
    names = [alias for e in bible["characters"] for alias in [e["name"], *e["aliases"]]]
    assert len(names) == len(set(names))


def test_genders(bible):
    assert character_entry(bible, "Ivy")["gender"] == Gender.FEMALE.value
    assert character_entry(bible, "Derek")["gender"] == Gender.MALE.value
    assert character_entry(bible, "Karen")["gender"] == Gender.FEMALE.value
