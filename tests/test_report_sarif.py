"""SARIF output, validated against the official OASIS SARIF 2.1.0 schema (see fixtures README)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from report_helpers import STORY, sample_report
from storylint.report import REPORTERS, Report
from storylint.report.sarif import artifact_uri

SCHEMA = Path(__file__).parent / "fixtures" / "report" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_schema_fixture_is_the_official_one(sarif_schema: dict) -> None:
    assert (
        sarif_schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    )
    assert sarif_schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")


def test_sarif_validates_against_official_schema(sarif_schema: dict) -> None:
    jsonschema.validate(json.loads(REPORTERS["sarif"](sample_report())), sarif_schema)
    jsonschema.validate(json.loads(REPORTERS["sarif"](Report())), sarif_schema)


def test_official_schema_catches_a_broken_log(sarif_schema: dict) -> None:
    log = json.loads(REPORTERS["sarif"](sample_report()))
    log["runs"][0]["results"][0]["level"] = "info"  # SARIF says "note"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, sarif_schema)


def test_results_carry_rule_level_and_exact_region() -> None:
    run = json.loads(REPORTERS["sarif"](sample_report()))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "storylint"
    assert run["columnKind"] == "unicodeCodePoints"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"OBJ900": "error", "OBJ901": "note"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    owner = next(r for r in run["results"] if r["ruleId"] == "OBJ900")
    region = owner["locations"][0]["physicalLocation"]["region"]
    start = region["charOffset"]
    assert STORY[start : start + region["charLength"]] == region["snippet"]["text"] == "her coat"
    assert (region["startLine"], region["startColumn"]) == (8, 14)
    assert (region["endLine"], region["endColumn"]) == (8, 22)
    related = owner["relatedLocations"]
    assert [r["message"]["text"] for r in related] == ["established"]
    assert related[0]["physicalLocation"]["region"]["startLine"] == 3
    assert owner["properties"]["confidence"] == 0.9


def test_columns_count_code_points_after_curly_quotes_and_accents() -> None:
    run = json.loads(REPORTERS["sarif"](sample_report()))["runs"][0]
    mention = next(r for r in run["results"] if r["ruleId"] == "OBJ901")
    region = mention["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 28)


def test_failed_manuscript_is_an_unsuccessful_invocation() -> None:
    run = json.loads(REPORTERS["sarif"](sample_report()))["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "missing.docx" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_artifact_uris_are_valid_references() -> None:
    assert artifact_uri("stories/to marilyn.txt") == "stories/to%20marilyn.txt"
    assert artifact_uri("/home/ann/Novel/ch1.md") == "file:///home/ann/Novel/ch1.md"
