"""The project file (storylint.toml / [tool.storylint]) as a writer meets it.

End-to-end checks use the example story, tests/fixtures/to-marilyn.txt, which
gives two findings (OBJ001: the coat is later called hers; OBJ002: the coat
slid off yet is still draped on her), both at severity warning.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storylint.cli import cli
from storylint.decisions.config import (
    NO_CONFIG,
    Config,
    ConfigError,
    enabled_rules,
    find_config,
    load_config,
    starter_text,
)
from storylint.findings import Severity
from storylint.rules.registry import all_rules

MARILYN = Path(__file__).parent / "fixtures" / "to-marilyn.txt"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def rule_ids(output: str) -> list[str]:
    """Rule ids in `--format line` output, in order."""
    return [line.split(": ", 1)[1].split()[0] for line in output.splitlines() if line]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writer's project folder holding the story, as the current folder."""
    shutil.copy(MARILYN, tmp_path / "to-marilyn.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_config(folder: Path, text: str, name: str = "storylint.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# Finding the file -------------------------------------------------------------


def test_found_by_walking_up_from_the_manuscript(tmp_path: Path) -> None:
    book = tmp_path / "book"
    chapters = book / "chapters"
    chapters.mkdir(parents=True)
    (chapters / "ch1.md").write_text("Text.\n")
    config = write_config(book, 'min_severity = "info"\n')
    assert find_config(chapters / "ch1.md") == config.resolve()
    assert find_config(chapters) == config.resolve()
    # The nearest file wins over one further up.
    near = write_config(chapters, 'min_severity = "error"\n', ".storylint.toml")
    assert find_config(chapters / "ch1.md") == near.resolve()


def test_pyproject_counts_only_with_a_tool_storylint_table(tmp_path: Path) -> None:
    outer = write_config(tmp_path, 'min_severity = "info"\n')
    inner = tmp_path / "draft"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "draft"\n')
    assert find_config(inner) == outer.resolve()  # not ours: keep walking
    (inner / "pyproject.toml").write_text(
        '[project]\nname = "draft"\n\n[tool.storylint]\nmin_severity = "error"\n'
    )
    assert find_config(inner) == (inner / "pyproject.toml").resolve()
    config = load_config(inner / "pyproject.toml")
    assert config.min_severity is Severity.ERROR
    assert config.label.endswith("pyproject.toml [tool.storylint]")


def test_every_key_is_read_and_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    config = load_config(
        write_config(
            tmp_path,
            'manuscript = ["one.md", "two.md"]\nbible = "canon/bible.yaml"\n'
            'baseline = "accepted.json"\nmin_severity = "Info"\nfail_on = "error"\n'
            "min_confidence = 0.7\n[rules]\nPLC003 = false\n"
            'object-state-ended = "error"\nplaces = "info"\n',
        )
    )
    folder = tmp_path.resolve()
    assert config.manuscript == (folder / "one.md", folder / "two.md")
    assert config.manuscript_is_list
    assert config.bible == folder / "canon" / "bible.yaml"
    assert config.baseline == folder / "accepted.json"
    assert (config.min_severity, config.fail_on) == (Severity.INFO, Severity.ERROR)
    assert config.min_confidence == 0.7
    assert config.rules == {
        "PLC003": False,
        "object-state-ended": Severity.ERROR,
        "places": Severity.INFO,
    }


def test_rule_settings_most_specific_wins() -> None:
    rules = all_rules()
    ids = {r.id for r in rules}
    config = Config(rules={"PLC002": True, "places": False, "OBJ001": Severity.ERROR})
    enabled, severities = enabled_rules(config, rules)
    on = {r.id for r in enabled}
    assert "PLC002" in on and "PLC001" not in on  # the family is off but PLC002 is named
    assert severities == {"OBJ001": Severity.ERROR}
    only_objects, _ = enabled_rules(Config(rules={"all": False, "objects": True}), rules)
    assert {r.id for r in only_objects} == {i for i in ids if i.startswith("OBJ")}
    assert enabled_rules(NO_CONFIG, rules)[0] == rules


# What the settings do, end to end ---------------------------------------------


def test_check_without_a_config_shows_both_coat_findings(project: Path) -> None:
    result = run("check", "to-marilyn.txt", "--format", "line")
    assert result.exit_code == 1
    assert rule_ids(result.stdout) == ["OBJ002", "OBJ001"]


def test_a_rule_turned_off_by_id_or_name_is_not_reported(project: Path) -> None:
    write_config(project, "[rules]\nOBJ001 = false\n")
    result = run("check", "to-marilyn.txt", "--format", "line")
    assert rule_ids(result.stdout) == ["OBJ002"]
    write_config(project, '[rules]\n"object-state-ended" = "off"\n')
    assert rule_ids(run("check", "to-marilyn.txt", "--format", "line").stdout) == ["OBJ001"]
    write_config(project, "[rules]\nobjects = false\n")
    off = run("check", "to-marilyn.txt")
    assert off.exit_code == 0 and "No findings in 1 manuscript." in off.stdout


def test_severity_per_rule_and_the_minimum_severity(project: Path) -> None:
    write_config(project, 'min_severity = "error"\n[rules]\nOBJ002 = "error"\n')
    result = run("check", "to-marilyn.txt")
    assert result.exit_code == 1
    assert "error   OBJ002 object-state-ended" in result.stdout
    assert "OBJ001" not in result.stdout  # still a warning: below the minimum
    # The command line overrides the file.
    both = run("check", "to-marilyn.txt", "--severity", "warning", "--format", "line")
    assert rule_ids(both.stdout) == ["OBJ002", "OBJ001"]


def test_fail_on_decides_the_exit_status_not_what_is_shown(project: Path) -> None:
    write_config(project, 'fail_on = "error"\n')
    result = run("check", "to-marilyn.txt")
    assert result.exit_code == 0
    assert "2 findings (2 warnings)" in result.stdout
    assert run("check", "to-marilyn.txt", "--fail-on", "warning").exit_code == 1


def test_min_confidence_from_the_file_and_the_command_line(project: Path) -> None:
    # Both coat findings are calibrated to 0.92 (rules/data/calibration.yaml): the file's
    # threshold hides them, and the command line's brings them back.
    write_config(project, "min_confidence = 0.95\n")
    assert rule_ids(run("check", "to-marilyn.txt", "--format", "line").stdout) == []
    assert run("check", "to-marilyn.txt").exit_code == 0
    result = run("check", "to-marilyn.txt", "--min-confidence", "0.5", "--format", "line")
    assert sorted(rule_ids(result.stdout)) == ["OBJ001", "OBJ002"]


def test_no_config_and_explicit_config(project: Path) -> None:
    write_config(project, "[rules]\nall = false\n")
    assert run("check", "to-marilyn.txt").exit_code == 0
    assert run("check", "to-marilyn.txt", "--no-config").exit_code == 1
    elsewhere = project / "settings"
    elsewhere.mkdir()
    other = write_config(elsewhere, "[rules]\nOBJ002 = false\n", "strict.toml")
    result = run("check", "to-marilyn.txt", "--config", str(other), "--format", "line")
    assert rule_ids(result.stdout) == ["OBJ001"]


def test_check_with_no_path_reads_the_configured_manuscript_in_order(project: Path) -> None:
    story = (project / "to-marilyn.txt").read_text(encoding="utf-8")
    cut = story.index("Women. They'd made sense")  # before the coat comes into the story
    (project / "opening.txt").write_text(story[:cut], encoding="utf-8")
    (project / "the-coat.txt").write_text(story[cut:], encoding="utf-8")
    (project / "to-marilyn.txt").unlink()
    write_config(project, 'manuscript = ["the-coat.txt", "opening.txt"]\n')
    result = run("check", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["files"][0]["path"] == "."
    assert report["files"][0]["sources"] == ["the-coat.txt", "opening.txt"]
    assert [f["rule"] for f in report["findings"]] == ["OBJ002", "OBJ001"]
    assert {f["file"] for f in report["findings"]} == {"the-coat.txt"}


def test_check_with_no_path_and_a_folder_manuscript(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chapters = project / "chapters"
    chapters.mkdir()
    shutil.move(project / "to-marilyn.txt", chapters / "01.txt")
    write_config(project, 'manuscript = "chapters"\n')
    (project / "notes").mkdir()
    monkeypatch.chdir(project / "notes")  # any folder below the file finds it
    result = run("check", "--format", "line")
    assert result.exit_code == 1
    assert result.stdout.startswith(str(Path("..", "chapters", "01.txt")) + ":")


def test_check_with_no_path_and_no_manuscript_is_one_line(project: Path) -> None:
    result = run("check")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "no PATH given" in result.stderr and "manuscript" in result.stderr


def test_bible_path_is_passed_to_the_story_bible_loader(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    canon = pytest.importorskip("storylint.canon")
    loaded: list[str] = []

    def load_bible(path):
        loaded.append(str(path))
        return None  # as if the bible were empty: the check goes on as without one

    monkeypatch.setattr(canon, "load_bible", load_bible)
    (project / "canon").mkdir()
    write_config(project, 'bible = "canon/bible.yaml"\n')
    assert run("check", "to-marilyn.txt").exit_code == 1
    # Relative to the current folder, as the writer would type it: findings quote it.
    assert loaded == [str(Path("canon", "bible.yaml"))]
    # --bible on the command line wins over the file.
    run("check", "to-marilyn.txt", "--bible", "other.yaml")
    assert loaded[-1] == "other.yaml"


def test_bible_without_the_canon_module_is_one_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "storylint.canon", None)  # as if not installed
    write_config(project, 'bible = "bible.yaml"\n')
    result = run("check", "to-marilyn.txt")
    assert result.exit_code == 2
    assert result.stderr == "storylint: the story bible is not available in this installation\n"


# Bad files: one line naming the file and the key, exit 2, never a traceback --------

BAD_CONFIGS = [
    ('min_severty = "info"\n', "storylint.toml: min_severty: is not a storylint setting"),
    ('min_confidence = "high"\n', "storylint.toml: min_confidence: expected a number"),
    ("min_confidence = 1.5\n", "storylint.toml: min_confidence: expected a number from 0 to 1"),
    ('min_severity = "fatal"\n', "storylint.toml: min_severity: expected one of"),
    ("fail_on = 2\n", "storylint.toml: fail_on: expected one of"),
    ("[rules]\nOBJ009 = false\n", "storylint.toml: rules.OBJ009: no rule, rule name or family"),
    ('[rules]\nOBJ001 = "loud"\n', "storylint.toml: rules.OBJ001: expected true, false or a"),
    ("rules = 1\n", "storylint.toml: rules: expected a table"),
    ("manuscript = 3\n", "storylint.toml: manuscript: expected a file or folder path"),
    ("manuscript = []\n", "storylint.toml: manuscript: the list of files is empty"),
    ("bible = true\n", "storylint.toml: bible: expected a file path"),
    ('min_severity = "info\n', "storylint.toml: is not valid TOML"),
    ("[rules\n", "storylint.toml: is not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD_CONFIGS)
def test_bad_config_is_one_line_exit_2(project: Path, text: str, message: str) -> None:
    write_config(project, text)
    result = run("check", "to-marilyn.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"storylint: {message}")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_unknown_key_suggests_the_right_one(project: Path) -> None:
    write_config(project, 'min_severty = "info"\n')
    assert "did you mean 'min_severity'?" in run("check", "to-marilyn.txt").stderr


def test_bad_pyproject_table_names_the_table(project: Path) -> None:
    write_config(project, '[tool.storylint]\nfail_on = "never"\n', "pyproject.toml")
    result = run("check", "to-marilyn.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "storylint: pyproject.toml [tool.storylint]: fail_on: expected one of"
    )


def test_unreadable_configs_are_one_line(project: Path) -> None:
    (project / "latin1.toml").write_bytes(b'min_severity = "caf\xe9"\n')
    cases = [
        (["--config", "latin1.toml"], "storylint: latin1.toml: is not UTF-8 text\n"),
        (["--config", "missing.toml"], "storylint: missing.toml: no such configuration file\n"),
        (
            ["--config", "latin1.toml", "--no-config"],
            "storylint: --config and --no-config cannot be used together\n",
        ),
    ]
    for args, message in cases:
        result = run("check", "to-marilyn.txt", *args)
        assert (result.exit_code, result.stderr) == (2, message)


def test_load_config_raises_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"storylint.toml: rules.places: expected true"):
        load_config(write_config(tmp_path, "[rules]\nplaces = 3\n"))


# storylint init -----------------------------------------------------------------


def test_init_writes_a_starter_that_loads_cleanly(project: Path) -> None:
    result = run("init")
    assert result.exit_code == 0, result.output
    written = project / "storylint.toml"
    assert written.read_text(encoding="utf-8") == starter_text()
    config = load_config(written)
    assert config.min_severity is Severity.WARNING and config.min_confidence == 0.5
    assert config.baseline == project.resolve() / "storylint-baseline.json"
    # Every commented example in it is a valid setting too.
    uncommented = "\n".join(
        line[2:]
        if line.startswith("# ")
        and (" = " in line or line.startswith("# [rule_options"))
        and "manuscript" not in line
        else line
        for line in starter_text().splitlines()
    )
    (project / "examples").mkdir()
    load_config(write_config(project / "examples", uncommented))
    # And a check with it behaves as with no file at all (its baseline does not exist yet).
    assert rule_ids(run("check", "to-marilyn.txt", "--format", "line").stdout) == [
        "OBJ002",
        "OBJ001",
    ]


def test_init_refuses_to_overwrite_and_takes_a_folder(project: Path) -> None:
    (project / "storylint.toml").write_text("# mine\n")
    result = run("init")
    assert result.exit_code == 2
    assert result.stderr == (
        "storylint: storylint.toml: already exists; not overwriting it "
        "(edit it, or delete it first)\n"
    )
    assert (project / "storylint.toml").read_text() == "# mine\n"
    (project / "book").mkdir()
    assert run("init", "book").exit_code == 0
    assert (project / "book" / "storylint.toml").is_file()
    missing = run("init", "nowhere")
    assert (missing.exit_code, missing.stderr) == (2, "storylint: nowhere: no such folder\n")
