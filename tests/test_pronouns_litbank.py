"""The LitBank evaluation reads brat files correctly and scores what it should."""

from __future__ import annotations

import pytest

from storylint.errors import InputError
from storylint.evaluation.litbank import evaluate, format_report, read_gold


def test_reads_gold_pronouns_with_a_named_chain(fixtures_dir) -> None:
    gold = read_gold(fixtures_dir / "dialogue/litbank_mini/coref/brat/0001_mini_brat.ann")
    words = [gold.text[s:e] for s, e, _ in gold.pronouns]
    # "He" belongs to the unnamed stranger's chain: it is not counted.
    assert words == ["his", "She", "him", "her", "he"]
    assert sorted(gold.names) == ["Anna-1", "Tom-0"]


def test_scores_the_resolver_on_gold_names(fixtures_dir) -> None:
    result = evaluate(fixtures_dir / "dialogue/litbank_mini", gold_names=True)
    assert result["gold"] == 5
    # his/She/him are resolved right; "her" follows the stranger (left unresolved
    # or right), and the quoted "he" has no name in its quote: unresolved.
    assert result["correct"] >= 3
    assert result["correct"] == result["resolved"]
    assert result["accuracy"] == pytest.approx(result["correct"] / 5)
    report = format_report(result)
    assert "accuracy" in report and "coverage" in report


def test_a_folder_without_annotations_is_one_clear_error(tmp_path) -> None:
    with pytest.raises(InputError, match="no LitBank .ann files"):
        evaluate(tmp_path)
