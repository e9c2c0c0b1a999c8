"""A series: several books checked against one bible, each finding naming its book, and
what an earlier book established counting as canon in the later ones."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import jsonschema
from click.testing import CliRunner

from storylint.canon import parse_bible
from storylint.canon.series import Series, SeriesRun, book_label
from storylint.cli import cli
from storylint.families.characters.layer import FACTS
from storylint.families.life.layer import LIFE
from storylint.findings import Evidence
from storylint.manuscript import Manuscript, SourceText
from storylint.model import StoryModel
from storylint.people.entities import Character, CharacterIndex
from storylint.pipeline.layers import CHARACTERS

SCHEMA = Path(__file__).parent.parent / "docs" / "storylint-output.schema.json"
BIBLE = (
    "characters:\n  - name: Derek Wills\n    aliases: [Derek]\n"
    "  - name: Ivy Lynn\n    aliases: [Ivy]\n"
    "objects:\n  - name: coat\n    owner: Derek\n"
)
BOOK_ONE = "Ivy Lynn opened the shop at nine. Derek Wills brought the bread at ten.\n"
BOOK_TWO = (
    "Ivy Lynn waited on the step in the rain. Derek Wills came out of the theatre.\n\n"
    "Derek dropped the coat over Ivy's shoulders and she pulled it close.\n\n"
    "They walked down to the river without a word. Ivy pulled her coat tighter against "
    "the wind.\n"
)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_each_finding_names_its_book(tmp_path: Path) -> None:
    bible = write(tmp_path, "series-bible.yaml", BIBLE)
    one = write(tmp_path, "book-one.txt", BOOK_ONE)
    two = write(tmp_path, "book-two.txt", BOOK_TWO)
    runner = CliRunner()
    args = ["check", "--no-config", "--bible", bible, one, two]
    result = runner.invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    (finding,) = [f for f in data["findings"] if f["rule"] == "OBJ001"]
    assert finding["book"] == "book-two.txt" and finding["manuscript"] == two
    canon = finding["evidence"][0]
    assert (canon["role"], canon["quote"]) == ("canon", "owner: Derek")
    assert Path(canon["file"]).resolve() == Path(bible).resolve()  # as the writer would type it
    text = runner.invoke(cli, args)
    assert "      book: book-two.txt" in text.stdout
    # one manuscript: no book to name
    alone = json.loads(runner.invoke(cli, ["check", "--no-config", "--bible", bible, two,
                                           "--format", "json"]).stdout)  # fmt: skip
    assert all("book" not in f for f in alone["findings"]) and alone["findings"]


def _book(path: str, text: str, names: dict[int, tuple[str, set[str]]], facts=(), life=None):
    """A stand-in for a checked book's model: its characters and the issue-6 layers."""
    source = SourceText(path, text)
    index = CharacterIndex()
    for cid, (name, aliases) in names.items():
        index.characters.append(Character(cid, name, {name, *aliases}))
    model = StoryModel(Manuscript(path, [source]))
    model.set(CHARACTERS, index)
    model.set(FACTS, list(facts))
    if life is not None:
        model.set(LIFE, life)
    return model, source


def _fact(source, text, phrase, cid, attribute, value, mode="narration", index=0):
    start = text.index(phrase)
    return SimpleNamespace(
        character_id=cid,
        attribute=attribute,
        value=value,
        evidence=Evidence(source, start, start + len(phrase)),
        parsed_index=index,
        token_i=0,
        mode=mode,
        confidence=0.8,
        event=None,
    )


def test_lasting_facts_of_an_earlier_book_are_canon_in_the_next() -> None:
    canon = parse_bible("characters:\n  - name: Ivy Lynn\n    attributes: {handedness: right}\n")
    text = (
        "Ivy had grey eyes. Ivy was twenty. Ivy wrote with her left hand. She dreamt of blue eyes."
    )
    model, source = _book("book-one.txt", text, {0: ("Ivy Lynn", {"Ivy"})})
    model.set(
        FACTS,
        [
            _fact(source, text, "grey eyes", 0, "eyes", "grey", index=0),
            _fact(source, text, "twenty", 0, "age", "20", index=1),  # ages change: not carried
            _fact(source, text, "left hand", 0, "handedness", "left", index=2),  # the bible wins
            _fact(source, text, "blue eyes", 0, "eyes", "blue", mode="memory", index=3),
        ],
    )
    series = Series(canon)
    first = series.canon_for(model.manuscript)
    assert [(f.attribute, f.value) for f in first.facts] == [("handedness", "right")]
    series.learn(model)
    two = Manuscript("book-two.txt", [SourceText("book-two.txt", "")])
    later = series.canon_for(two)
    carried = [f for f in later.facts if f.book is not None]
    assert [(f.character, f.attribute, f.value, f.book) for f in carried] == [
        ("Ivy Lynn", "eyes", "grey", "book-one.txt")
    ]
    assert carried[0].evidence.quote == "grey eyes"
    assert carried[0].evidence.source.path == "book-one.txt"
    assert ("handedness", "right") in [(f.attribute, f.value) for f in later.facts]
    # matched to book two's character by name, like the bible's own facts
    ivy = Character(0, "Ivy Lynn", {"Ivy Lynn", "Ivy"})
    assert ("eyes", "grey") in [(f.attribute, f.value) for f in later.facts_of(ivy)]


def test_a_death_in_an_earlier_book_carries() -> None:
    text = "Gran died in the spring."
    source = SourceText("book-one.txt", text)
    death = SimpleNamespace(
        character_id=0,
        parsed_index=0,
        start=0,
        end=len(text),
        source=source,
        hearsay=False,
        by_pronoun=False,
    )
    # "he died", resolved to Tom by a pronoun only: too unsure to make Tom dead in book two.
    unsure = SimpleNamespace(**{**vars(death), "character_id": 1, "by_pronoun": True})
    life = SimpleNamespace(deaths=[death, unsure], revived=set(), doubtful=set())
    model, _ = _book("book-one.txt", text, {0: ("Gran", set()), 1: ("Tom", set())}, life=life)
    series = Series(parse_bible("notes: [a series]\n"))
    series.learn(model)
    later = series.canon_for(Manuscript("book-two.txt"))
    assert [(f.character, f.attribute, f.value, f.evidence.quote) for f in later.facts] == [
        ("Gran", "dead", "true", "Gran died in the spring.")
    ]


def test_a_dated_death_applies_from_the_next_book_on() -> None:
    canon = parse_bible("characters:\n  - name: Gran\n    died: {book: Book One, chapter: 3}\n")
    series = Series(canon)
    one = Manuscript("one.md", title="Book One")
    assert [(f.attribute, f.value) for f in series.canon_for(one).facts] == [("died_in", "3")]
    series.learn(StoryModel(one))
    two = Manuscript("two.md", title="Book Two")
    assert [(f.attribute, f.value) for f in series.canon_for(two).facts] == [("dead", "true")]
    assert book_label(one) == "Book One" and book_label(Manuscript("a/b.md")) == "b.md"


def test_unrelated_manuscripts_without_a_bible_carry_nothing() -> None:
    run = SeriesRun(several=True)
    assert run.canon_for(None, Manuscript("a.txt")) is None
    finding = SimpleNamespace(book=None)
    run.learn(None, StoryModel(Manuscript("a.txt")), [finding])
    assert finding.book == "a.txt"


def test_bible_regenerated_keeps_what_the_writer_declared(tmp_path: Path, fixtures_dir) -> None:
    bible = write(
        tmp_path,
        "story-bible.yaml",
        "characters:\n"
        "  - name: Ivy Lynn\n    aliases: [Ivy, Ives]\n    attributes: {eyes: brown, "
        "birth_date: 1990-05-12}\n    notes: the lead\n"
        "  - name: Grandma Rose\n    died: true\n"
        "objects:\n  - name: coat\n    owner: Derek\n"
        "notes: [Set in 1962.]\n",
    )
    story = str(fixtures_dir / "to-marilyn.txt")
    result = CliRunner().invoke(cli, ["bible", story, "--bible", bible, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ivy = next(c for c in data["characters"] if c["name"] == "Ivy Lynn")
    assert ivy["attributes"] == {"eyes": "brown", "birth_date": "1990-05-12"}
    assert ivy["notes"] == "the lead" and "Ives" in ivy["aliases"]
    assert ivy["mentions"] > 0
    assert data["characters"][-1] == {"name": "Grandma Rose", "died": True}
    assert data["objects"] == [{"name": "coat", "owner": "Derek"}]
    assert data["notes"] == ["Set in 1962."]
    # and the YAML form reads back as a bible
    yaml_out = CliRunner().invoke(cli, ["bible", story, "--bible", bible])
    again = write(tmp_path, "again.yaml", yaml_out.stdout)
    assert parse_bible(Path(again).read_text(encoding="utf-8")).entry_named("Ives") is not None


def test_a_first_person_narrators_eyes_are_not_carried_to_a_stranger(tmp_path: Path) -> None:
    """The narrator has no entry in the character index; their "my grey eyes" must not be
    filed under whichever character happens to sit second from the end of the list."""
    one = write(
        tmp_path,
        "book-one.txt",
        "Marta Quill ran the bakery. Tomas Reyes drove the van.\n\n"
        "I looked in the mirror. My eyes were grey and tired.\n",
    )
    two = write(
        tmp_path,
        "book-two.txt",
        "Marta Quill opened the shop. Marta Quill had brown eyes and a quick laugh.\n\n"
        "Tomas Reyes came in with the flour.\n",
    )
    bible = write(
        tmp_path, "series-bible.yaml", "characters:\n  - name: Marta Quill\n  - name: Tomas Reyes\n"
    )
    args = ["check", "--no-config", "--bible", bible, one, two, "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    data = json.loads(result.stdout)
    assert not [f for f in data["findings"] if f["rule"].startswith("CHR")], data["findings"]
