"""The `storylint` command as a writer meets it: outputs, exit codes and one-line errors.

Real rules arrive from other modules; these tests register a throwaway rule,
TEST001, that flags garments, so the CLI's behaviour is pinned down whatever
the real rules find.
"""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from storylint import engine
from storylint.cli import cli
from storylint.findings import Evidence, Severity
from storylint.rules import registry

ROOT = Path(__file__).parent.parent
OUR_SCHEMA = ROOT / "docs" / "storylint-output.schema.json"
SARIF_SCHEMA = Path(__file__).parent / "fixtures" / "report" / "sarif-schema-2.1.0.json"

# word -> (severity, confidence) the throwaway rule reports it with
GARMENTS = {
    "coat": (Severity.WARNING, 0.9),
    "hat": (Severity.INFO, 0.9),
    "glove": (Severity.ERROR, 0.3),
}

COAT_STORY = (
    "Chapter One\n"
    "\n"
    "Derek dropped his coat over Ivy's shoulders.\n"
    "\n"
    "Chapter Two\n"
    "\n"
    "She took off her coat.\n"
)
CLEAN_STORY = "The rain fell on the harbour all night.\n\nNobody came to the door.\n"


def _garment_check(ctx):
    """Flag every garment word after the first mention, quoting the first one too."""
    first: dict[str, Evidence] = {}
    for index, parsed in enumerate(ctx.model.parsed):
        paragraph = parsed.paragraph
        text = paragraph.text
        for word, (severity, confidence) in GARMENTS.items():
            at = text.find(word)
            if at < 0:
                continue
            here = Evidence(
                paragraph.source, paragraph.start + at, paragraph.start + at + len(word)
            )
            if word not in first:
                first[word] = Evidence(here.source, here.start, here.end, "established")
                continue
            ctx.report(
                at=index,
                severity=severity,
                confidence=confidence,
                message=f"The {word} is mentioned again.",
                evidence=[first[word], here],
            )


@pytest.fixture
def garment_rule(monkeypatch):
    """Only TEST001 runs, so findings from real rules cannot change these tests."""
    registry.rule(
        "TEST001", "garment-again", Severity.WARNING, "A garment is mentioned again.", "test"
    )(_garment_check)
    only = registry._REGISTRY["TEST001"]
    monkeypatch.setattr(engine, "all_rules", lambda: [only])
    monkeypatch.setattr(registry, "all_rules", lambda: [only])
    yield only
    registry._REGISTRY.pop("TEST001", None)


@pytest.fixture
def story(tmp_path: Path):
    def write(text: str, name: str = "story.txt") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_clean_story_exits_0(garment_rule, story) -> None:
    result = run("check", story(CLEAN_STORY))
    assert result.exit_code == 0, result.output
    assert "No findings in 1 manuscript." in result.stdout


def test_findings_exit_1_and_text_quotes_both_passages(garment_rule, story) -> None:
    path = story(COAT_STORY)
    result = run("check", path)
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "\x1b[" not in out  # not a terminal: plain text
    assert "warning TEST001 garment-again" in out
    assert "The coat is mentioned again." in out
    assert f"{path}:3:19  established" in out
    assert f"{path}:7:18  contradiction" in out
    assert "  Chapter Two" in out


def test_severity_threshold_decides_what_shows_and_the_exit_code(garment_rule, story) -> None:
    path = story("He wore a hat.\n\nHe lost the hat.\n")
    assert run("check", path).exit_code == 0  # info hides under the default (warning)
    shown = run("check", path, "--severity", "info")
    assert shown.exit_code == 1 and "info    TEST001" in shown.stdout
    coat = story(COAT_STORY, "coat.txt")
    assert run("check", coat, "--severity", "error").exit_code == 0


def test_min_confidence_hides_unsure_findings(garment_rule, story) -> None:
    path = story("One glove lay there.\n\nThe glove was gone.\n")
    assert run("check", path).exit_code == 0  # confidence 0.3 < default 0.5
    result = run("check", path, "--min-confidence", "0.2")
    assert result.exit_code == 1 and "error   TEST001" in result.stdout


def test_missing_path_is_one_line_and_exit_2(garment_rule) -> None:
    result = run("check", "no/such/story.txt")
    assert result.exit_code == 2
    assert result.stderr == "storylint: no/such/story.txt: no such file or directory\n"


def test_one_unreadable_file_does_not_hide_the_others(garment_rule, story) -> None:
    path = story(COAT_STORY)
    result = run("check", "gone.txt", path, "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["storylint: gone.txt: no such file or directory"]
    data = json.loads(result.stdout)
    assert [f.get("error") is not None for f in data["files"]] == [True, False]
    assert [f["rule"] for f in data["findings"]] == ["TEST001"]


def test_each_file_is_its_own_manuscript(garment_rule, story) -> None:
    # "coat" once in each file: no file mentions it twice, so nothing is found.
    one = story("His coat was wet.\n", "one.txt")
    two = story("Her coat was dry.\n", "two.txt")
    result = run("check", one, two, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [f["path"] for f in data["files"]] == [one, two]
    assert data["findings"] == []


def test_json_output_validates_against_our_schema(garment_rule, story) -> None:
    path = story(COAT_STORY)
    result = run("check", path, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(OUR_SCHEMA.read_text(encoding="utf-8")))
    finding = data["findings"][0]
    assert finding["file"] == path and finding["chapter"] == "Chapter Two"
    text = Path(path).read_text(encoding="utf-8")
    for ev in finding["evidence"]:
        assert text[ev["start"] : ev["end"]] == ev["quote"] == "coat"


def test_sarif_output_validates_against_official_schema(garment_rule, story) -> None:
    result = run("check", story(COAT_STORY), "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    (sarif_result,) = log["runs"][0]["results"]
    assert sarif_result["ruleId"] == "TEST001" and sarif_result["level"] == "warning"
    assert sarif_result["relatedLocations"][0]["message"]["text"] == "established"


def test_line_output_shape(garment_rule, story) -> None:
    path = story(COAT_STORY)
    result = run("check", path, "--format", "line")
    assert result.exit_code == 1
    assert result.stdout == f"{path}:7:18: TEST001 The coat is mentioned again.\n"


def test_output_file_receives_the_report(garment_rule, story, tmp_path) -> None:
    target = tmp_path / "report.txt"
    result = run("check", story(COAT_STORY), "--format", "line", "--output", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "TEST001 The coat is mentioned again." in target.read_text(encoding="utf-8")


def test_usage_errors_exit_2(garment_rule, story) -> None:
    assert run("check").exit_code == 2
    assert run("check", story(CLEAN_STORY), "--format", "pdf").exit_code == 2
    assert run("check", story(CLEAN_STORY), "--min-confidence", "2").exit_code == 2


def test_windows_1252_file_is_read_with_a_warning(garment_rule, tmp_path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\xe9 lights. His coat.\n\nHer coat.\n".encode("cp1252"))
    result = run("check", str(path))
    assert result.exit_code == 1
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith(f"{path}: warning: ")]
    assert warnings, result.stderr
    assert f"warning: {path}" not in result.stderr  # the path is said once, up front


def test_rules_lists_and_documents_rules(garment_rule) -> None:
    listing = run("rules")
    assert listing.exit_code == 0
    row = next(ln for ln in listing.stdout.splitlines() if "TEST001" in ln)
    assert "garment-again" in row and "warning" in row and "A garment is mentioned again." in row
    by_name = run("rules", "GARMENT-AGAIN")
    assert by_name.exit_code == 0
    assert by_name.stdout == run("rules", "test001").stdout == garment_rule.doc


def test_unknown_rule_is_one_line_exit_2(garment_rule) -> None:
    result = run("rules", "NOPE999")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "NOPE999" in result.stderr


def test_extract_prints_the_text_offsets_refer_to(story) -> None:
    path = story(COAT_STORY)
    result = run("extract", path)
    assert result.exit_code == 0
    assert result.stdout == COAT_STORY
    missing = run("extract", "nowhere.docx")
    assert missing.exit_code == 2
    assert missing.stderr == "storylint: nowhere.docx: no such file or directory\n"


@pytest.fixture
def fake_bible(monkeypatch):
    """The bible module is another helper's; the command only has to print what it builds."""
    module = types.ModuleType("storylint.bible")
    seen = []

    def build_bible(model):
        seen.append(model)
        return {"characters": [{"name": "Renée", "aliases": ["Ren"]}], "objects": []}

    module.build_bible = build_bible
    monkeypatch.setitem(sys.modules, "storylint.bible", module)
    return seen


def test_bible_prints_yaml_then_json(fake_bible, story) -> None:
    path = story(COAT_STORY)
    result = run("bible", path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("characters:\n- name: Renée\n  aliases:\n  - Ren\n")
    assert fake_bible[0].manuscript.path == path  # built from the real model of the file
    as_json = run("bible", path, "--format", "json")
    assert json.loads(as_json.stdout)["characters"][0]["name"] == "Renée"


@pytest.fixture
def fake_trip(monkeypatch):
    module = types.ModuleType("storylint.evaluation.trip")
    module.evaluate = lambda path: {"path": path, "accuracy": 0.75}
    module.format_report = lambda result: f"TRIP accuracy {result['accuracy']:.2f}"
    monkeypatch.setitem(sys.modules, "storylint.evaluation.trip", module)


def test_eval_prints_the_evaluation_report(fake_trip, tmp_path) -> None:
    data = tmp_path / "trip.json"
    data.write_text("[]", encoding="utf-8")
    text = run("eval", "trip", str(data))
    assert (text.exit_code, text.stdout) == (0, "TRIP accuracy 0.75\n")
    as_json = run("eval", "trip", str(data), "--format", "json")
    assert json.loads(as_json.stdout) == {"path": str(data), "accuracy": 0.75}
    missing = run("eval", "trip", str(tmp_path / "none.json"))
    assert missing.exit_code == 2 and missing.stderr.count("\n") == 1


def test_installed_command_exit_code_and_no_traceback(tmp_path) -> None:
    """The real process, not CliRunner: exit status and stderr as a shell sees them."""
    proc = subprocess.run(
        [sys.executable, "-m", "storylint.cli", "check", str(tmp_path / "missing.md")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"storylint: {tmp_path / 'missing.md'}: no such file or directory\n"
    assert proc.stdout == ""


def test_output_never_overwrites_a_manuscript(garment_rule, story) -> None:
    path = story(COAT_STORY)
    result = run("check", path, "--output", path)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not overwriting" in result.stderr
    assert Path(path).read_text(encoding="utf-8") == COAT_STORY


def test_missing_evaluation_module_is_one_line(monkeypatch, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "storylint.evaluation.pdnc", None)  # import now fails
    result = run("eval", "pdnc", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == "storylint: the pdnc evaluation is not available in this installation\n"


def test_colour_only_on_a_terminal_and_never_against_no_color(monkeypatch) -> None:
    from storylint import cli as cli_module

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert cli_module.use_color(no_color=False, output=None) is True
    assert cli_module.use_color(no_color=True, output=None) is False
    assert cli_module.use_color(no_color=False, output="report.txt") is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli_module.use_color(no_color=False, output=None) is False
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    monkeypatch.delenv("NO_COLOR")
    assert cli_module.use_color(no_color=False, output=None) is False


def test_progress_bar_only_for_long_manuscripts_on_a_terminal() -> None:
    from storylint.cli import PROGRESS_WORDS, ProgressDisplay

    off = ProgressDisplay(2, enabled=False)
    with off.item("novel.txt", PROGRESS_WORDS * 5):
        assert off._progress is None
    bar = ProgressDisplay(2, enabled=True)
    with bar.item("story.txt", 2_000):
        assert bar._progress is None  # a short story finishes before a bar is readable
    with bar.item("novel.txt", PROGRESS_WORDS + 1):
        assert bar._progress is not None
    bar.close()
    assert bar._progress is None and bar.done == 2


def test_folder_is_one_manuscript_with_findings_across_its_files(garment_rule, tmp_path) -> None:
    folder = tmp_path / "novel"
    folder.mkdir()
    (folder / "01-arrival.txt").write_text("Derek dropped his coat over her.\n", encoding="utf-8")
    (folder / "02-departure.txt").write_text("She took off her coat.\n", encoding="utf-8")
    result = run("check", str(folder), "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    (entry,) = data["files"]
    assert entry["path"] == str(folder) and len(entry["sources"]) == 2
    (finding,) = data["findings"]
    assert finding["manuscript"] == str(folder)
    assert finding["file"] == str(folder / "02-departure.txt")
    assert [Path(e["file"]).name for e in finding["evidence"]] == [
        "01-arrival.txt",
        "02-departure.txt",
    ]
