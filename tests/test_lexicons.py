"""Lexicons: one schema-checked loader, and a writer's own files from `[lexicons]`.

A writer extends a lexicon by naming a file in storylint.toml; a misspelt key in it is
one line, `file:line: key: problem`, and exit status 2, never a word list silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from storylint import lexicons
from storylint.cli import cli
from storylint.decisions.config import ConfigError, load_config
from storylint.lexicons import LEXICONS, LexiconError

DOCS = Path(__file__).resolve().parent.parent / "docs"

# "snarf" is no verb of the built-in lexicon; the user's file makes it break a thing, so the
# lamp switched on afterwards is an object used in a state it can no longer be in (OBJ002).
STORY = (
    "Martha snarfed the lamp against the kitchen wall.\n\n"
    "She swept the floor and sat down at the table.\n\n"
    "She switched on the lamp and read the letter again.\n"
)
SNARF = "verbs:\n  snarf: {requires: {gone: false}, effects: {broken: true}}\n"


@pytest.fixture(autouse=True)
def built_in_lexicons() -> Iterator[None]:
    """Every test starts and ends with the built-in lexicons only."""
    lexicons.configure({})
    yield
    lexicons.configure({})


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writer's project folder holding the story, as the current folder."""
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def check(*args: str):
    return CliRunner().invoke(cli, ["check", *args])


def problem(name: str, path: Path) -> str:
    with pytest.raises(LexiconError) as err:
        lexicons.read_file(name, path)
    return str(err.value)


# The built-in lexicons ----------------------------------------------------------------


def test_every_built_in_lexicon_validates_against_its_schema() -> None:
    lexicons.check_builtin()


@pytest.mark.parametrize("name", [n for n, info in LEXICONS.items() if info.is_yaml])
def test_every_yaml_lexicon_has_a_schema_declaring_all_its_keys(name: str) -> None:
    info = LEXICONS[name]
    schema = yaml.safe_load(info.schema_path.read_text(encoding="utf-8"))
    data = lexicons.load_lexicon_data(name, ())
    assert set(data) <= set(schema)


def test_the_loaded_data_is_what_yaml_reads() -> None:
    """Checking changes nothing: the values are YAML's own (word lists quote yes/no/on/off)."""
    for name, info in LEXICONS.items():
        if info.is_yaml:
            assert lexicons.load_lexicon_data(name, ()) == yaml.safe_load(
                info.path.read_text(encoding="utf-8")
            ), name
    assert "no" in lexicons.load_lexicon_data("modes")["negative_determiners"]


def test_every_lexicon_is_documented() -> None:
    """In docs/configuration.md's table, or (a family's own lexicon) in its family README."""
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")

    def documented(name: str) -> bool:
        if f"| `{name}` |" in text:
            return True
        path = LEXICONS[name].path
        readme = path.parent.parent / "README.md"
        return path.parent.parent.parent.name == "families" and f"`{name}`" in (
            readme.read_text(encoding="utf-8") if readme.is_file() else ""
        )

    assert [name for name in LEXICONS if not documented(name)] == []


def test_the_documented_verb_file_is_valid(tmp_path: Path) -> None:
    doc = LEXICONS["verbs"].path.parent.parent / "docs" / "verb-effects.md"
    example = doc.read_text(encoding="utf-8").split("```yaml\n")[-1].split("```")[0]
    assert "incinerate" in lexicons.read_file("verbs", write(tmp_path, "v.yaml", example))["verbs"]


# A writer's file: merged, and checked -------------------------------------------------------


def test_a_writers_file_is_merged_key_by_key(tmp_path: Path) -> None:
    user = write(
        tmp_path,
        "time.yaml",
        "hemisphere: south\nweekdays: [sabbath]\nphases: {dawn: [cockcrow]}\nunits: {dozen: 12}\n",
    )
    built_in = lexicons.load_lexicon_data("time", ())
    merged = lexicons.load_lexicon_data("time", [user])
    assert merged["hemisphere"] == "south"  # a single value is replaced
    assert merged["weekdays"] == [*built_in["weekdays"], "sabbath"]  # a list is extended
    assert merged["phases"]["dawn"] == ["cockcrow"]  # an entry is replaced whole
    assert merged["phases"]["night"] == built_in["phases"]["night"]
    assert merged["units"] == {**built_in["units"], "dozen": 12}  # a mapping gets the entries
    assert "sabbath" not in lexicons.load_lexicon_data("time", ())["weekdays"]  # not changed


def test_configure_rebuilds_what_was_built_from_a_lexicon(tmp_path: Path) -> None:
    from storylint.families.places.lexicon import load_lexicon

    assert "gangway" not in load_lexicon().room_nouns
    lexicons.configure({"places": [write(tmp_path, "p.yaml", "room_nouns: [Gangway]\n")]})
    assert "gangway" in load_lexicon().room_nouns
    lexicons.configure({})
    assert "gangway" not in load_lexicon().room_nouns


def test_a_text_lexicon_takes_the_writers_lines_last(tmp_path: Path) -> None:
    from storylint.people import names

    user = write(tmp_path, "names.tsv", "# mine\nZorkina\tF\nAaron\tF\n")
    lexicons.configure({"first_names": [user]})
    assert names.first_names()["Zorkina"].value == "female"
    assert names.first_names()["Aaron"].value == "female"  # the writer's row wins
    assert lexicons.load_lexicon_lines("first_names")[-1] == "Aaron\tF"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "verbz:\n  snarf: {}\n",
            "u.yaml:1: verbz: is not a key of the verbs lexicon (did you mean 'verbs'?)",
        ),
        (
            "verbs:\n  snarf: {efects: {broken: true}}\n",
            "u.yaml:2: verbs.snarf.efects: is not a field of verbs.snarf (did you mean 'effects'?)",
        ),
        (
            "verbs:\n  snarf:\n    target: objet\n",
            "u.yaml:3: verbs.snarf.target: expected one of object, subject, prep, got 'objet' "
            "(did you mean 'object'?)",
        ),
        (
            "verbs:\n  snarf: {requires: {on: true}}\n",
            "u.yaml:2: verbs.snarf.requires.on: a key must be text, and YAML reads a bare on as "
            "true/false: quote it ('on')",
        ),
        (
            "verbs:\n  snarf: {categories: garment}\n",
            "u.yaml:2: verbs.snarf.categories: expected a list, got 'garment'",
        ),
        (
            "verbs:\n  snarf: {confidence: high}\n",
            "u.yaml:2: verbs.snarf.confidence: expected a number, got 'high'",
        ),
        (
            "elapsed_time: [later, no]\n",
            "u.yaml:1: elapsed_time[1]: expected text, got no (YAML reads it as true/false",
        ),
        (
            "verbs:\n  snarf: {}\n  snarf: {}\n",
            "u.yaml:3: verbs.snarf: appears twice in this mapping (first on line 2)",
        ),
        ("- snarf\n", "u.yaml:1: expected a mapping, got a list"),
        ("verbs: [unclosed\n", "u.yaml:1: is not valid YAML"),
    ],
)
def test_a_bad_file_is_one_line_naming_file_line_and_key(
    project: Path, text: str, expected: str
) -> None:
    assert problem("verbs", write(project, "u.yaml", text)).startswith(expected)


def test_a_bare_yes_or_no_in_a_word_list_is_refused(project: Path) -> None:
    """YAML 1.1 reads a bare `off` as false, which would never match "he went off"."""
    user = write(project, "p.yaml", "leave_particles: [away, off]\n")
    assert problem("places", user).startswith(
        "p.yaml:1: leave_particles[1]: expected a word, got off (YAML reads it as true/false"
    )


def test_a_bad_row_in_a_table_names_its_line(project: Path) -> None:
    user = write(project, "n.tsv", "# mine\nZorkina\tF\tX\n")
    assert problem("first_names", user) == (
        "n.tsv:2: Zorkina: expected 2 tab-separated columns (name, gender), got 3"
    )


def test_an_empty_file_adds_nothing(project: Path) -> None:
    user = write(project, "empty.yaml", "# nothing yet\n")
    assert lexicons.load_lexicon_data("places", [user]) == lexicons.load_lexicon_data("places")


# Through storylint.toml and `storylint check` ---------------------------------------------


def test_misspelt_key_in_a_writers_lexicon_stops_check_with_exit_2(project: Path) -> None:
    write(project, "my-verbs.yaml", "verbs:\n  snarf: {requires: {gone: false}}\nverb: {}\n")
    write(project, "storylint.toml", '[lexicons]\nverbs = "my-verbs.yaml"\n')
    result = check("story.txt", "--format", "line")
    assert result.exit_code == 2
    # One line naming file, line and key, with the suggestion; the full key list follows
    # (its length grows with the lexicon, so only its ends are pinned here).
    line = result.stderr.strip()
    assert "\n" not in line
    assert line.startswith(
        "storylint: my-verbs.yaml:3: verb: is not a key of the verbs lexicon "
        "(did you mean 'verbs'?); the keys are verbs, handling, people, "
    )
    assert line.endswith(", objects")
    assert result.stdout == ""


def test_a_missing_lexicon_file_stops_check_with_exit_2(project: Path) -> None:
    write(project, "storylint.toml", '[lexicons]\nverbs = ["nope.yaml"]\n')
    result = check("story.txt")
    assert result.exit_code == 2
    assert "nope.yaml: no such file (named by `verbs` in [lexicons])" in result.stderr


def test_unknown_lexicon_name_is_a_config_error(project: Path) -> None:
    config = write(project, "storylint.toml", '[lexicons]\nverb = "my-verbs.yaml"\n')
    with pytest.raises(ConfigError) as err:
        load_config(config)
    assert str(err.value).startswith(
        "storylint.toml: lexicons.verb: no lexicon is called 'verb' (did you mean 'verbs'?); "
        "the lexicons are attributes, "
    )
    result = check("story.txt")
    assert result.exit_code == 2
    assert "lexicons.verb: no lexicon is called 'verb'" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", "lexicons.verbs: expected a file path in quotes, or a list of them, got 3"),
        ("[]", "lexicons.verbs: expected a file path in quotes, or a list of them, got []"),
    ],
)
def test_a_lexicon_value_must_be_paths(project: Path, value: str, expected: str) -> None:
    config = write(project, "storylint.toml", f"[lexicons]\nverbs = {value}\n")
    with pytest.raises(ConfigError, match="^storylint.toml: " + expected.replace("[]", r"\[\]")):
        load_config(config)


def test_paths_are_relative_to_the_project_file(project: Path) -> None:
    (project / "words").mkdir()
    config = write(project, "storylint.toml", '[lexicons]\nplaces = ["words/a.yaml", "b.yaml"]\n')
    assert load_config(config).lexicons == {
        "places": (project.resolve() / "words/a.yaml", project.resolve() / "b.yaml")
    }


def test_a_writers_verb_gives_the_finding_a_writer_sees(project: Path) -> None:
    assert check("story.txt", "--format", "line").exit_code == 0  # "snarf" means nothing yet
    write(project, "my-verbs.yaml", SNARF)
    write(project, "storylint.toml", '[lexicons]\nverbs = "my-verbs.yaml"\n')
    result = check("story.txt", "--format", "line")
    assert result.exit_code == 1, result.output
    (line,) = result.stdout.splitlines()
    assert line.startswith("story.txt:5:1: OBJ002 'She switched on the lamp'")
    assert "'Martha snarfed the lamp against the kitchen wall' (line 1) left it broken" in line
    # The project's lexicons held for its check only.
    assert lexicons.configured("verbs") == ()
