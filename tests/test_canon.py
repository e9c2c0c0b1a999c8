"""Reading a story bible: what each part becomes, and one clear line for every bad bible."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylint.canon import BibleError, load_bible, parse_bible
from storylint.cli import cli

BIBLE = """\
title: To Marilyn
characters:
  - name: Ivy Lynn
    aliases: [Ivy, Miss Lynn]
    gender: female
    attributes:
      eyes: Brown
      hair: long red
      scars:
        - left cheek
        - right hand
      glasses: no
      handedness: Left-handed
      age: 34
      birthday: 1990-05-12
      occupation: Stage actress
    relationships:
      mother: Ann Lynn
      sisters: [Jo, Meg]
    notes: Never drinks coffee.
    first_appearance: {chapter: Chapter 1, line: 3}
    mentions: 12
  - name: Derek Wills
    aliases: [Derek, Mr. Wills]
    died: {book: Book One, chapter: 12, how: the fire}
  - Gran
  - name: Old Tom
    dead: "in the war"
distinct:
  - [Tom Wills, Mr. Wills Senior]
objects:
  - name: coat
    owner: Derek
  - the locket
places:
  - name: The Rusty Anchor
    aliases: [the Anchor]
    notes: The pub on the quay.
notes:
  - Ivy's flat is on the fourth floor.
"""


def line_of(evidence) -> int:
    return evidence.source.line_col(evidence.start)[0]


@pytest.fixture(scope="module")
def canon():
    return parse_bible(BIBLE, "story-bible.yaml")


def test_attributes_become_facts_quoting_their_bible_line(canon) -> None:
    facts = {(f.character, f.attribute, f.value): f for f in canon.facts}
    eyes = facts[("Ivy Lynn", "eyes", "brown")]
    assert eyes.written == "Brown" and eyes.aliases == ("Ivy", "Miss Lynn")
    assert eyes.evidence.quote == "eyes: Brown" and line_of(eyes.evidence) == 7
    assert eyes.evidence.source.path == "story-bible.yaml"
    assert eyes.book is None
    # a block list: each item is its own fact, quoted by itself
    scars = [f for f in canon.facts if f.attribute == "scar"]
    assert [(f.value, f.evidence.quote, line_of(f.evidence)) for f in scars] == [
        ("left cheek", "left cheek", 10),
        ("right hand", "right hand", 11),
    ]
    # synonyms and normalised values
    assert ("Ivy Lynn", "birth_date", "1990-05-12") in facts
    assert facts[("Ivy Lynn", "birth_date", "1990-05-12")].evidence.quote == (
        "birthday: 1990-05-12"
    )
    assert ("Ivy Lynn", "handedness", "left") in facts
    assert ("Ivy Lynn", "glasses", "no") in facts
    assert ("Ivy Lynn", "age", "34") in facts
    assert ("Ivy Lynn", "occupation", "stage actress") in facts
    assert ("Ivy Lynn", "hair", "long red") in facts


def test_relationships_are_facts_naming_people(canon) -> None:
    relations = [(f.attribute, f.value, f.written) for f in canon.facts if f.attribute in
                 ("mother", "sister")]  # fmt: skip
    assert relations == [
        ("mother", "ann lynn", "Ann Lynn"),
        ("sister", "jo", "Jo"),
        ("sister", "meg", "Meg"),
    ]
    sister = next(f for f in canon.facts if f.attribute == "sister")
    assert sister.evidence.quote == "sisters: [Jo, Meg]"


def test_characters_names_and_informational_keys(canon) -> None:
    names = [(c.name, c.aliases, c.gender and c.gender.value) for c in canon.characters]
    assert names == [
        ("Ivy Lynn", ("Ivy", "Miss Lynn"), "female"),
        ("Derek Wills", ("Derek", "Mr. Wills"), None),
        ("Gran", (), None),
        ("Old Tom", (), None),
    ]
    assert canon.aliases["Derek Wills"] == ("Derek", "Mr. Wills")
    assert canon.entry_named("Mr Wills").name == "Derek Wills"  # titles normalised
    assert canon.entry_named("ivy").name == "Ivy Lynn"
    assert canon.entry_named("Nobody") is None
    assert canon.title == "To Marilyn"


def test_deaths_before_the_story_and_during_it(canon) -> None:
    dead = [(f.character, f.value, f.written) for f in canon.facts if f.attribute == "dead"]
    assert dead == [("Old Tom", "true", "in the war")]
    (death,) = canon.deaths
    assert (death.character, death.book, death.chapter, death.how) == (
        "Derek Wills",
        "Book One",
        "12",
        "the fire",
    )
    in_book_one = canon.for_book(["Book One", "book-one.md"])
    assert [(f.attribute, f.value) for f in in_book_one.facts if f.character == "Derek Wills"] == [
        ("died_in", "12")
    ]
    later = canon.for_book(["Book Two"], [["Book One", "book-one.md"]])
    assert [(f.attribute, f.value) for f in later.facts if f.character == "Derek Wills"] == [
        ("dead", "true")
    ]
    earlier = canon.for_book(["Prequel"])
    assert not [f for f in earlier.facts if f.character == "Derek Wills"]


def test_distinct_objects_places_and_notes_are_kept(canon) -> None:
    assert canon.distinct == [("Tom Wills", "Mr. Wills Senior")]
    assert canon.owners == {"coat": "Derek", "the locket": None}
    coat = canon.objects[0]
    assert coat.owner_evidence.quote == "owner: Derek"
    assert [(p.name, p.aliases) for p in canon.places] == [("The Rusty Anchor", ("the Anchor",))]
    assert [(n.about, n.text) for n in canon.notes] == [
        ("Ivy Lynn", "Never drinks coffee."),
        ("The Rusty Anchor", "The pub on the quay."),
        (None, "Ivy's flat is on the fourth floor."),
    ]


def test_distinct_from_on_an_entry(canon) -> None:
    other = parse_bible("characters:\n  - name: Tom Wills\n    distinct_from: [Mr. Wills]\n")
    assert other.distinct == [("Tom Wills", "Mr. Wills")]
    assert other.characters[0].distinct_from == ("Mr. Wills",)


def test_json_is_accepted_and_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bible.json"
    path.write_bytes(
        b'\xef\xbb\xbf{"characters": [{"name": "Ivy", "attributes": {"eyes": "blue"}}]}'
    )
    canon = load_bible(path)
    (fact,) = canon.facts
    assert (fact.character, fact.attribute, fact.value) == ("Ivy", "eyes", "blue")
    assert fact.evidence.quote == '"eyes": "blue"'


def test_the_generated_bible_reads_back(tmp_path: Path, nlp, fixtures_dir) -> None:
    """`storylint bible` output is a valid bible: its counts are informational."""
    result = CliRunner().invoke(cli, ["bible", str(fixtures_dir / "to-marilyn.txt")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Story bible for to-marilyn")
    path = tmp_path / "story-bible.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    canon = load_bible(path)
    assert canon.entry_named("Ivy").name == "Ivy Lynn"
    assert canon.facts == []


# --- bad bibles: one line, the file, the line, the key ----------------------------------

BAD = [
    ("characters: [\n", "bible.yaml:2: not valid YAML: expected the node content"),
    (
        "- a\n- b\n",
        "bible.yaml:1: expected sections (title, characters, distinct, objects, "
        "places, notes) at the top level, got a list",
    ),  # fmt: skip
    ("", "bible.yaml:1: the bible is empty"),
    ("# only a comment\n", "bible.yaml:1: the bible is empty"),
    ("charcters: []\n", "bible.yaml:1: charcters: unknown key (did you mean 'characters'?)"),
    (
        "characters:\n  - name: Ivy\n    attributes:\n      eyes: [blue, green]\n",
        "bible.yaml:4: characters[0].attributes.eyes: expected a colour word (brown, blue, "
        "hazel...), got a list",
    ),
    (
        "characters:\n  - name: Ivy\n    attributes:\n      eye_shape: round\n",
        "bible.yaml:4: characters[0].attributes.eye_shape: unknown key (expected one of: eyes,",
    ),
    (
        "characters:\n  - name: Ivy\n    attributes:\n      eyes: pretty\n",
        "bible.yaml:4: characters[0].attributes.eyes: expected a colour word (brown, blue, "
        "hazel...), got 'pretty'",
    ),
    (
        "characters:\n  - name: Ivy\n    attributes:\n      age: thirty\n",
        "bible.yaml:4: characters[0].attributes.age: expected a whole number of years, "
        "got 'thirty'",
    ),
    (
        "characters:\n  - name: Ivy\n    attributes:\n      birth_date: 1990-02-30\n",
        "bible.yaml:4: characters[0].attributes.birth_date: expected a date, YYYY-MM-DD or "
        "MM-DD, got '1990-02-30'",
    ),
    (
        "characters:\n  - name: Ivy\n    attributes:\n      glasses: maybe\n",
        "bible.yaml:4: characters[0].attributes.glasses: expected yes or no, got 'maybe'",
    ),
    (
        "characters:\n  - name: Ivy\n    attributes:\n      scars: left cheek\n      scar: chin\n",
        "bible.yaml:5: characters[0].attributes.scar: 'scar' is given twice",
    ),
    (
        "characters:\n  - name: Ivy\n    gender: woman\n",
        "bible.yaml:3: characters[0].gender: expected female, male or unknown, got 'woman'",
    ),
    (
        "characters:\n  - name: Ivy\n    relationships:\n      aunt: May\n",
        "bible.yaml:4: characters[0].relationships.aunt: unknown key (expected one of: mother,",
    ),
    (
        "characters:\n  - name: Ivy\n    attributs: {}\n",
        "bible.yaml:3: characters[0].attributs: unknown key (did you mean 'attributes'?)",
    ),
    (
        "characters:\n  - aliases: [Ivy]\n",
        "bible.yaml:2: characters[0]: a character needs a name (name: ...)",
    ),
    (
        "characters:\n  - name: [Ivy]\n",
        "bible.yaml:2: characters[0].name: expected a name, got a list",
    ),  # fmt: skip
    ("characters: Ivy\n", "bible.yaml:1: characters: expected a list, got 'Ivy'"),
    (
        "characters:\n  - name: Ivy\n  - name: Ivy Lynn\n    aliases: [Ivy]\n",
        "bible.yaml:4: characters[1].aliases[0]: 'Ivy' already names characters[0] (Ivy, "
        "line 2); one name, one person",
    ),
    (
        "characters:\n  - name: Ivy Lynn\n  - name: ivy lynn\n",
        "bible.yaml:3: characters[1].name: 'ivy lynn' already names characters[0]",
    ),
    (
        "distinct:\n  - [Derek, Derek Wills]\ncharacters:\n  - name: Derek Wills\n"
        "    aliases: [Derek]\n",
        "bible.yaml:2: distinct[0]: 'Derek' and 'Derek Wills' both name characters[0] "
        "(Derek Wills); they cannot be distinct",
    ),
    ("distinct:\n  - [Derek]\n", "bible.yaml:2: distinct[0]: expected a list of two or more"),
    (
        "characters:\n  - name: Ivy\n    died: 12\n",
        "bible.yaml:3: characters[0].died: expected true, false, a description, or",
    ),
    (
        "objects:\n  - name: coat\n    owner: [Derek]\n",
        "bible.yaml:3: objects[0].owner: expected a character's name, got a list",
    ),
    ("objects:\n  - coat\n  - Coat\n", "bible.yaml:3: objects[1]: 'Coat' is already objects[0]"),
    ("places:\n  - aliases: [x]\n", "bible.yaml:2: places[0]: a place needs a name"),
    ("title: !!python/object/apply:os.system [ls]\n", "bible.yaml:1: title: expected text"),
    ("notes:\n  - !!python/name:os.system\n", "bible.yaml:2: notes[0]: "),
    (
        "characters:\n  - name: Ivy\n    name: Ivy Lynn\n",
        "bible.yaml:3: characters[0].name: 'name' is given twice",
    ),  # fmt: skip
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_bad_bible_is_one_clear_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bible.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BibleError) as caught:
        load_bible(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path).replace("bible.yaml", "") + expected), message


def test_distinct_may_name_people_the_bible_has_no_entry_for() -> None:
    canon = parse_bible("distinct:\n  - [Tom Wills, Mr. Wills]\n")
    assert canon.distinct == [("Tom Wills", "Mr. Wills")] and canon.characters == []


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(BibleError, match=r"nope\.yaml: no such file$"):
        load_bible(tmp_path / "nope.yaml")
    binary = tmp_path / "bible.yaml"
    binary.write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(BibleError, match="not UTF-8 text"):
        load_bible(binary)
    with pytest.raises(BibleError, match="is a folder"):
        load_bible(tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        "charcters: []\n",
        "characters:\n  - name: Ivy\n    attributes:\n      eyes: [blue, green]\n",
        "characters: [\n",
        "characters:\n  - name: Ivy\n  - name: Ivy\n",
        "characters:\n  - name: Ivy\n    attributes:\n      birth_date: 1990-02-30\n",
    ],
)
def test_check_with_a_bad_bible_exits_2_with_one_line(tmp_path: Path, text: str) -> None:
    bible = tmp_path / "bible.yaml"
    bible.write_text(text, encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text("Ivy looked out to sea.\n", encoding="utf-8")
    for command in ("check", "baseline"):
        result = CliRunner().invoke(
            cli, [command, "--no-config", "--bible", str(bible), str(story)]
        )
        assert result.exit_code == 2, result.output
        lines = result.stderr.splitlines()
        # the bible's path as the writer would type it (absolute, or relative when near)
        assert len(lines) == 1 and re.match(r"storylint: \S*bible\.yaml:\d+: ", lines[0]), lines
        assert "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["bible", "--bible", str(bible), str(story)])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
