"""The ProPara evaluation's reading and scoring, on a two-paragraph fixture in its shape."""

from __future__ import annotations

import json

import pytest

from storylint.errors import InputError
from storylint.evaluation.propara import (
    change_of,
    evaluate,
    format_report,
    gold_changes,
    read_paragraphs,
)

MINI = "propara-mini.json"


def test_changes_from_neighbouring_states():
    assert change_of("kitchen", "-") == "destroyed"
    assert change_of("-", "shop") == "created"
    assert change_of("floor", "Anna") == "moved"
    assert change_of("?", "table") is None  # from somewhere unknown: not counted as a move
    assert change_of("Desk", " desk ") is None
    assert change_of("-", "-") is None


def test_gold_changes_per_sentence(fixtures_dir):
    first, second = read_paragraphs(fixtures_dir / MINI)
    assert gold_changes(first) == [(0, 0, "moved"), (0, 1, "destroyed"), (1, 2, "created"),
                                   (2, 3, "destroyed")]  # fmt: skip
    assert gold_changes(second) == [(0, 0, "moved"), (0, 1, "moved")]


def test_scores_the_world_engine_against_the_fixture(fixtures_dir):
    result = evaluate(fixtures_dir / MINI)
    assert (result["paragraphs"], result["sentences"]) == (2, 7)
    # "sunlight" is no object storylint tracks; "lamp; desk lamp" is, by either name
    assert (result["participants"], result["tracked_participants"]) == (6, 5)
    destroyed, created, moved = (result["by_type"][c] for c in ("destroyed", "created", "moved"))
    # ate the cake, smashed the vase; "broke the lamp" is broken, but ProPara keeps it on the desk
    assert (destroyed["gold"], destroyed["correct"], destroyed["predicted"]) == (2, 2, 3)
    # bought a candle; "picked up the key" also says it is there (gone: false)
    assert (created["gold"], created["correct"], created["predicted"]) == (1, 1, 2)
    # picked up and gave the key; "put the cake on the table" changes nothing the engine keeps
    assert (moved["gold"], moved["correct"], moved["predicted"]) == (3, 2, 2)
    assert moved["recall"] == pytest.approx(2 / 3) and moved["precision"] == 1.0
    (miss,) = result["misses"]["moved"]
    assert miss["participant"] == "cake" and miss["sentence"].startswith("Tom put")
    report = format_report(result)
    assert "moved          3      2      2" in report and "Ben broke the lamp." in report


def test_bad_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "grids.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_paragraphs(bad)
    assert str(bad) in str(err.value)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"sentences": []}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a ProPara grid"):
        read_paragraphs(wrong)
