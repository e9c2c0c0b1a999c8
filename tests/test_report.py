"""Text, JSON and line reporters over hand-built findings (reporters never analyse)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from report_helpers import sample_report
from storylint import __version__
from storylint.report import REPORTERS, Report, get_reporter

ANSI = re.compile(r"\x1b\[[0-9;]*m")
OUR_SCHEMA = Path(__file__).parent.parent / "docs" / "storylint-output.schema.json"


def test_every_format_is_registered() -> None:
    assert {"text", "json", "line", "sarif", "markdown", "docx"} <= set(REPORTERS)
    with pytest.raises(ValueError, match="pdf"):
        get_reporter("pdf")


def test_line_format_points_at_the_contradicting_passage() -> None:
    out = REPORTERS["line"](sample_report())
    # Findings arrive in text order; the multi-line message is folded onto one line.
    assert out.splitlines() == [
        "stories/to marilyn.txt:4:28: OBJ901 The coat is mentioned again.",
        "stories/to marilyn.txt:8:14: OBJ900 The coat was established as Derek's, "
        "but is later called hers.",
    ]


def test_line_format_every_line_has_editor_shape() -> None:
    shape = re.compile(r"^.+:\d+:\d+: [A-Z]+\d+ \S.*$")
    lines = REPORTERS["line"](sample_report()).splitlines()
    assert lines and all(shape.match(line) for line in lines)


def test_text_groups_by_manuscript_then_chapter_in_text_order() -> None:
    out = REPORTERS["text"](sample_report(), color=False)
    assert not ANSI.search(out)
    lines = out.splitlines()
    assert lines[0].startswith("stories/to marilyn.txt")
    one, two = lines.index("  Chapter One"), lines.index("  Chapter Two")
    assert one < out.splitlines().index(next(ln for ln in lines if "OBJ901" in ln)) < two
    assert lines.index(next(ln for ln in lines if "OBJ900" in ln)) > two


def test_text_quotes_both_passages_with_file_line_and_role() -> None:
    out = REPORTERS["text"](sample_report(), color=False)
    assert "error   OBJ900 owner-changed" in out
    assert "The coat was established as Derek's, but is later called hers." in out
    assert "stories/to marilyn.txt:3:15  established" in out
    assert "stories/to marilyn.txt:8:14  contradiction" in out
    assert "“her coat”" in out
    assert "why: Nothing between the passages gives the coat to Ivy." in out
    assert out.rstrip().endswith(
        "2 findings (1 error, 1 info) in 1 manuscript (1 could not be read). Checked 30 words."
    )


def test_text_colours_only_when_asked() -> None:
    coloured = REPORTERS["text"](sample_report(), color=True)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == REPORTERS["text"](sample_report(), color=False)


def test_text_says_so_when_there_is_nothing_to_report() -> None:
    report = sample_report()
    for result in report.results:
        result.findings = []
    out = REPORTERS["text"](report)
    assert "stories/to marilyn.txt  no findings" in out
    assert "No findings in 1 manuscript" in out


def test_text_cuts_very_long_quotes_but_json_keeps_them() -> None:
    report = sample_report()
    finding = report.results[0].findings[1]
    ev = finding.evidence[0]
    long_source = type(ev.source)(ev.source.path, "word " * 200)
    finding.evidence[0] = type(ev)(long_source, 0, 1000, "established")
    text = REPORTERS["text"](report)
    assert "…”" in text and "word " * 60 not in text
    data = json.loads(REPORTERS["json"](report))
    assert data["findings"][1]["evidence"][0]["quote"] == "word " * 200


def test_json_top_level_and_finding_fields() -> None:
    data = json.loads(REPORTERS["json"](sample_report()))
    assert data["version"] == __version__
    assert [f["path"] for f in data["files"]] == ["stories/to marilyn.txt", "missing.docx"]
    assert data["files"][0]["findings"] == 2 and "error" not in data["files"][0]
    assert data["files"][1]["error"] == "missing.docx: no such file or directory"
    owner = data["findings"][1]
    assert owner["rule"] == "OBJ900" and owner["severity"] == "error"
    assert owner["file"] == "stories/to marilyn.txt"
    assert owner["manuscript"] == "stories/to marilyn.txt"
    assert [e["role"] for e in owner["evidence"]] == ["established", "contradiction"]
    for ev in owner["evidence"]:
        source = sample_report().results[0].findings[1].evidence[0].source.text
        assert source[ev["start"] : ev["end"]] == ev["quote"]


def test_json_validates_against_our_published_schema() -> None:
    schema = json.loads(OUR_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(REPORTERS["json"](sample_report())), schema)
    jsonschema.validate(json.loads(REPORTERS["json"](Report())), schema)


def test_our_schema_rejects_a_finding_without_evidence() -> None:
    schema = json.loads(OUR_SCHEMA.read_text(encoding="utf-8"))
    data = json.loads(REPORTERS["json"](sample_report()))
    data["findings"][0]["evidence"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
