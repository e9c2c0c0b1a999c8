"""`storylint bible --import novelcrafter codex.zip`: a Novelcrafter codex becomes a bible.

What a writer sees: the bible YAML on stdout (names, aliases, the fields the bible has a
key for), one warning line on stderr for each thing left out, a bible that `check --bible`
uses to find a contradiction, and one line with exit 2 for a broken export.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from novelcrafter_codex import ENTRIES, IVY, write_codex
from storylint import lexicons
from storylint.canon import parse_bible
from storylint.canon.importers.novelcrafter import DATA_FILE, field_map, import_codex
from storylint.canon.schema import schema
from storylint.cli import cli

IMPORT = ["bible", "--no-config", "--import", "novelcrafter"]

EXPECTED_CHARACTERS = [
    {
        "name": "Bernadette Shaw",
        "aliases": ["Bee", "Bunny"],
        "gender": "female",
        "attributes": {"handedness": "left-handed"},
    },
    {
        "name": "Derek Wills",
        "aliases": ["Derek", "Mr. Wills"],
        "gender": "male",
        "attributes": {
            "occupation": "harbour master",
            "hair": "grey",
            "birth_date": "1961-03-09",
            "glasses": True,
        },
        "notes": "Runs the harbour.",
    },
    {
        "name": "Ivy Lynn",
        "aliases": ["Ivy", "Miss Lynn"],
        "gender": "female",
        "attributes": {"eyes": "brown", "age": 34},
        "relationships": {"mother": "Ann Lynn"},
        "notes": "The lighthouse keeper's daughter. Never drinks coffee.",
    },
]

EXPECTED_WARNINGS = [
    "codex.zip: characters/ivy-lynn.md: warning: Ivy Lynn: field 'Personality' skipped: "
    "the bible has no key for it",
    "codex.zip: characters/ivy-lynn.md: warning: Ivy Lynn: field 'Eyes' skipped: "
    "eyes is already given by another field",
    "codex.zip: characters/untitled.md: warning: skipped: the entry has no name",
    "codex.zip: lore/the-weave.md: warning: skipped 'The Weave': a lore entry has no place "
    "in a story bible (it holds characters, objects and places)",
    "codex.zip: objects/locket.md: warning: locket: field 'Material' skipped: "
    "the bible has no key for it",
]


def run_import(folder: Path, *extra: str, entries: dict[str, str] | None = None):
    """`storylint bible --import novelcrafter codex.zip` in `folder`, in process."""
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=folder):
        write_codex(Path("codex.zip"), entries)
        return runner.invoke(cli, [*IMPORT, "codex.zip", *extra])


def test_the_writer_gets_names_aliases_and_mapped_fields(tmp_path: Path) -> None:
    result = run_import(tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "# Imported by `storylint bible --import novelcrafter`: codex.zip\n"
    )
    data = yaml.safe_load(result.stdout)
    assert data["title"] == "The Lighthouse Keeper"  # novel.md's heading
    assert data["characters"] == EXPECTED_CHARACTERS
    assert data["objects"] == [
        {
            "name": "locket",
            "owner": "Ivy Lynn",
            "aliases": ["the silver locket"],
            "notes": "A silver locket with a photograph of Ann.",
        }
    ]
    assert data["places"] == [
        {"name": "The Rusty Anchor", "aliases": ["the Anchor"], "notes": "The pub on the quay."}
    ]
    assert "The Weave" not in result.stdout and "the stranger" not in result.stdout


def test_every_thing_left_out_is_one_warning_line_on_stderr(tmp_path: Path) -> None:
    result = run_import(tmp_path)
    assert result.stderr.splitlines() == EXPECTED_WARNINGS
    assert "warning" not in result.stdout


def test_the_printed_bible_loads_as_canon(tmp_path: Path) -> None:
    canon = parse_bible(run_import(tmp_path).stdout, "bible.yaml")
    ivy = canon.entry_named("Miss Lynn")
    assert ivy is not None and ivy.name == "Ivy Lynn"
    facts = {(f.character, f.attribute): f.value for f in canon.facts}
    assert facts[("Ivy Lynn", "eyes")] == "brown"
    assert facts[("Ivy Lynn", "mother")] == "ann lynn"
    assert facts[("Derek Wills", "birth_date")] == "1961-03-09"
    assert [o.owner for o in canon.objects] == ["Ivy Lynn"]


def test_json_output_is_the_same_bible(tmp_path: Path) -> None:
    result = run_import(tmp_path, "--format", "json")
    data = json.loads(result.stdout)
    assert data["characters"] == EXPECTED_CHARACTERS
    assert result.stderr.splitlines() == EXPECTED_WARNINGS


def test_a_name_or_alias_of_another_character_is_left_out(tmp_path: Path) -> None:
    """One name, one person: the bible would refuse two entries sharing a name."""
    twin = "---\ntype: character\nname: Ivy Cole\naliases: [Ivy, Cole]\n---\n"
    again = "---\ntype: Character\nname: ivy lynn\n---\n"
    entries = {
        "characters/ivy-lynn.md": IVY,
        "characters/ivy-cole.md": twin,
        "characters/z-again.md": again,
    }
    result = run_import(tmp_path, entries=entries)
    names = [(c["name"], c.get("aliases")) for c in yaml.safe_load(result.stdout)["characters"]]
    assert names == [("Ivy Cole", ["Cole", "Ivy"]), ("Ivy Lynn", ["Miss Lynn"])]
    assert (
        "codex.zip: characters/ivy-lynn.md: warning: Ivy Lynn: alias 'Ivy' skipped: "
        "it already names Ivy Cole (characters/ivy-cole.md)" in result.stderr.splitlines()
    )
    assert (
        "codex.zip: characters/z-again.md: warning: skipped 'ivy lynn': the name already "
        "belongs to Ivy Lynn (characters/ivy-lynn.md); one name, one person"
        in result.stderr.splitlines()
    )
    parse_bible(result.stdout, "bible.yaml")  # loads: no name given twice


def test_a_value_the_bible_would_refuse_is_left_out(tmp_path: Path) -> None:
    entry = (
        "---\ntype: character\nname: Tom Hale\nfields:\n  Eye Colour: piercing\n"
        "  Age: thirty-ish\n  Gender: non-binary\n---\n"
    )
    result = run_import(tmp_path, entries={"characters/tom.md": entry})
    assert yaml.safe_load(result.stdout)["characters"] == [{"name": "Tom Hale"}]
    prefix = "codex.zip: characters/tom.md: warning: Tom Hale: field"
    assert result.stderr.splitlines() == [
        f"{prefix} 'Eye Colour' skipped: expected a colour word (brown, blue, hazel...), "
        "got 'piercing'",
        f"{prefix} 'Age' skipped: expected a whole number of years, got 'thirty-ish'",
        f"{prefix} 'Gender' skipped: 'non-binary' is not a gender the bible knows "
        "(female, male, unknown)",
    ]


def test_an_entry_without_a_type_takes_its_folders(tmp_path: Path) -> None:
    entry = "---\nname: Gran\n---\n"
    result = run_import(tmp_path, entries={"characters/gran.md": entry, "notes.md": entry})
    assert yaml.safe_load(result.stdout)["characters"] == [{"name": "Gran"}]
    assert result.stderr.splitlines() == [
        "codex.zip: notes.md: warning: skipped: the entry has no type "
        "(character, location, object...)"
    ]


def test_a_member_path_outside_the_export_is_ignored(tmp_path: Path) -> None:
    hostile = "---\ntype: character\nname: Intruder\n---\n"
    entries = {"../evil.md": hostile, "/abs/evil.md": hostile, "characters/ivy.md": IVY}
    result = run_import(tmp_path, entries=entries)
    assert result.exit_code == 0
    assert "Intruder" not in result.stdout
    assert [c["name"] for c in yaml.safe_load(result.stdout)["characters"]] == ["Ivy Lynn"]
    ignored = [line for line in result.stderr.splitlines() if "outside the export" in line]
    assert len(ignored) == 2


def test_import_cannot_start_from_another_bible(tmp_path: Path) -> None:
    result = run_import(tmp_path, "--bible", "other.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "storylint: --import makes a new bible; it cannot start from --bible FILE\n"
    )


# --- the round trip: import, save, check ---------------------------------------------------

STORY = (
    "Chapter One\n\n"
    "Ivy Lynn stood at the stage door in the rain. Derek Wills came out at midnight.\n\n"
    "Ivy looked up at him with her {eyes} eyes and smiled.\n"
)


def chr_findings(tmp_path: Path, eyes: str) -> list[dict]:
    pytest.importorskip("storylint.families.characters")
    bible = tmp_path / "bible.yaml"
    bible.write_text(run_import(tmp_path).stdout, encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text(STORY.format(eyes=eyes), encoding="utf-8")
    args = ["check", "--no-config", "--format", "json", "--bible", str(bible), str(story)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    return [f for f in json.loads(result.stdout)["findings"] if f["rule"].startswith("CHR")]


def test_a_story_contradicting_the_imported_codex_is_a_finding(tmp_path: Path) -> None:
    found = chr_findings(tmp_path, "blue")
    assert len(found) == 1, found
    (finding,) = found
    assert "Ivy" in finding["message"]
    quotes = [e["quote"] for e in finding["evidence"]]
    assert "eyes: brown" in quotes  # the bible's line, as the established passage


def test_a_story_agreeing_with_the_imported_codex_has_no_finding(tmp_path: Path) -> None:
    assert chr_findings(tmp_path, "brown") == []


# --- bad exports: one line, exit 2 ---------------------------------------------------------


def bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("characters/ivy.md", IVY + "\n" * (8 * 1024 * 1024))


def members(**entries: str):
    return lambda path: write_codex(path, {**ENTRIES, **entries})


BAD = {
    "not a zip": (
        lambda path: path.write_bytes(b"PK\x03\x04 this is not really a zip"),
        "storylint: codex.zip: is not a valid Novelcrafter codex file "
        "(corrupt or truncated zip archive)",
    ),
    "zip bomb": (
        bomb,
        "storylint: codex.zip: member characters/ivy.md would expand",
    ),
    "bad YAML": (
        members(**{"characters/ivy-lynn.md": "---\ntype: character\nname: [Ivy\n---\n"}),
        "storylint: codex.zip: characters/ivy-lynn.md:4: front matter is not valid YAML:",
    ),
    "front matter never ends": (
        members(**{"objects/locket.md": "---\ntype: object\nname: locket\n"}),
        "storylint: codex.zip: objects/locket.md: the front matter opened by --- on line 1 "
        "never ends",
    ),
    "front matter a list": (
        members(**{"objects/locket.md": "---\n- locket\n---\n"}),
        "storylint: codex.zip: objects/locket.md:2: front matter is a list, not keys",
    ),
    "nested too deep": (
        members(**{"lore/deep.md": "---\nfields: " + "[" * 5000 + "]" * 5000 + "\n---\n"}),
        "storylint: codex.zip: lore/deep.md: front matter is nested more than 1,000 deep",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_broken_export_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    make, expected = BAD[case]
    make(tmp_path / "codex.zip")
    result = subprocess.run(
        [sys.executable, "-m", "storylint.cli", *IMPORT, "codex.zip"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(expected), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


# --- the mapping table -----------------------------------------------------------------------


def test_the_field_map_validates_against_its_schema() -> None:
    """Checked by the lexicons' own schema checker, as every data file is."""
    assert lexicons.read_file("novelcrafter", DATA_FILE) == yaml.safe_load(
        DATA_FILE.read_text(encoding="utf-8")
    )


def test_every_mapped_field_names_a_key_of_the_bible() -> None:
    bible = schema()
    for field, target in field_map().character_fields.items():
        group, _, key = target.partition(".")
        assert (
            target in ("gender", "aliases")
            or (group == "attributes" and key in bible.attributes)
            or (group == "relationships" and key in bible.relationships)
        ), (field, target)
    assert set(field_map().object_fields.values()) <= {"owner"}


def test_import_codex_returns_the_bible_and_what_was_skipped(tmp_path: Path) -> None:
    imported = import_codex(write_codex(tmp_path / "codex.zip"))
    assert imported.bible["characters"] == EXPECTED_CHARACTERS
    assert [s.line("codex.zip") for s in imported.skipped] == EXPECTED_WARNINGS


def test_a_writers_own_lexicon_extends_the_mapping(tmp_path: Path) -> None:
    """A writer whose codex keeps its places as lore entries says so in a lexicon file
    (`[lexicons] novelcrafter = [...]` in storylint.toml), and they come across."""
    own = tmp_path / "my-codex.yaml"
    own.write_text("types:\n  lore: places\n", encoding="utf-8")
    lexicons.configure({"novelcrafter": [own]})
    try:
        imported = import_codex(write_codex(tmp_path / "codex.zip"))
    finally:
        lexicons.configure({})
    assert "The Weave" in [place["name"] for place in imported.bible.get("places", [])]
    assert not any("lore entry" in s.line("codex.zip") for s in imported.skipped)
    assert field_map().types.get("lore") is None  # the built-in table again
