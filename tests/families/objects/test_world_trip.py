"""The TRIP evaluation's scoring, on a three-pair fixture in TRIP's shape."""

from __future__ import annotations

import pytest

from storylint.errors import InputError
from storylint.evaluation.trip import evaluate, format_report


def test_picks_the_broken_radio_and_the_thrown_away_shirt(fixtures_dir):
    result = evaluate(fixtures_dir / "world" / "trip-mini.jsonl")
    by_id = {e["id"]: e for e in result["examples"]}
    assert by_id["mini_1"]["picked"] == 1 and by_id["mini_1"]["predicted_conflict"] == [1, 2]
    assert by_id["mini_2"]["picked"] == 0 and by_id["mini_2"]["predicted_conflict"] == [0, 2]
    # no objects at all: a tie, broken toward the first story (wrong here)
    assert by_id["mini_3"]["picked"] == 0 and by_id["mini_3"]["predicted_conflict"] is None
    assert result["decided"] == 2
    assert result["accuracy"] == pytest.approx(2 / 3)
    assert result["consistency"] == pytest.approx(2 / 3)
    assert result["false_alarm_stories"] == 0
    report = format_report(result)
    assert "accuracy: 66.7%" in report and "consistency: 66.7%" in report


def test_users_path_counts_only_what_storylint_check_shows(fixtures_dir):
    """One paragraph a story, default settings: a pair is decided only when exactly one story
    gets a finding a writer would see, and undecided pairs count as coin flips."""
    result = evaluate(fixtures_dir / "world" / "trip-mini.jsonl")
    user = result["user_path"]
    assert user["pairs"] == 3 and user["plausible_stories_flagged"] == 0
    assert user["decided"] >= 1 and user["decided_correct"] == user["decided"]
    halved = (user["decided"] + 0.5 * (3 - user["decided"])) / 3
    assert user["accuracy_ties_halved"] == pytest.approx(halved)
    assert "user's path" in format_report(result)


def test_bad_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "trip.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError) as err:
        evaluate(bad)
    assert str(bad) in str(err.value)
