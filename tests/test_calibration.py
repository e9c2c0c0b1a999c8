"""Calibrated confidence: what a writer is shown is the family's map of the rule's raw number.

The maps themselves are fitted by benchmarks/calibration.py; these tests pin down how a map is
read and applied, so a malformed map stops a run and a raw number never leaks out.
"""

from __future__ import annotations

import pytest

from storylint.rules import calibration
from storylint.rules.calibration import CalibrationError, calibrate, interpolate

KNOTS = ((0.3, 0.1), (0.4, 0.6), (0.7, 0.9))


def test_a_map_is_straight_lines_between_knots_and_flat_beyond_them():
    assert interpolate(KNOTS, 0.1) == 0.1  # below the first knot: its value
    assert interpolate(KNOTS, 0.35) == pytest.approx(0.35)
    assert interpolate(KNOTS, 0.55) == pytest.approx(0.75)
    assert interpolate(KNOTS, 0.95) == 0.9  # above the last knot: its value


def _with_maps(monkeypatch, maps):
    monkeypatch.setattr(calibration, "calibration_maps", lambda: maps)
    monkeypatch.setattr(calibration, "calibration_scopes", dict)


def test_a_family_with_a_map_reports_the_calibrated_number(monkeypatch):
    monkeypatch.delenv(calibration.RAW_ENV, raising=False)
    _with_maps(monkeypatch, {"objects": KNOTS})
    assert calibrate("objects", 0.4) == 0.6
    assert calibrate("time", 0.4) == 0.4  # no map: the raw number stands


def test_the_fitting_script_can_ask_for_raw_numbers(monkeypatch):
    _with_maps(monkeypatch, {"objects": KNOTS})
    monkeypatch.setenv(calibration.RAW_ENV, "1")
    assert calibrate("objects", 0.4) == 0.4


def test_every_finding_a_rule_reports_is_calibrated(monkeypatch):
    """A slip the objects rules find at raw confidence 0.45 reaches the writer mapped."""
    from rule_case_helpers import CASE_PATH
    from storylint.engine import check_manuscript
    from storylint.ingest import manuscript_from_text

    text = (
        "Maya blew out the candle and climbed into bed.\n\n"
        "She lay awake for a long time. The candle flickered on the nightstand.\n"
    )
    monkeypatch.setenv(calibration.RAW_ENV, "1")
    _, raw = check_manuscript(manuscript_from_text(text, CASE_PATH))
    raw_objects = [f.confidence for f in raw if f.rule.startswith("OBJ")]
    assert raw_objects, "the candle slip should be found at some confidence"
    monkeypatch.delenv(calibration.RAW_ENV)
    _with_maps(monkeypatch, {"objects": ((0.0, 0.05), (1.0, 0.06))})
    _, mapped = check_manuscript(manuscript_from_text(text, CASE_PATH))
    assert [f.confidence for f in mapped if f.rule.startswith("OBJ")] == [
        round(0.05 + 0.01 * c, 3) for c in raw_objects
    ]


@pytest.mark.parametrize(
    "knots, problem",
    [
        ([], "non-empty"),
        ([[0.2, 0.5], [0.1, 0.6]], "rise"),
        ([[0.2, 0.5], [0.3, 0.4]], "rise"),
        ([[0.2, 1.5]], "0..1"),
        ([[0.2]], "0..1"),
    ],
)
def test_a_malformed_map_is_refused_with_its_family_named(knots, problem):
    with pytest.raises(CalibrationError, match=f"objects: .*{problem}"):
        calibration._validated("objects", knots)


def test_the_maps_file_is_read_and_a_bad_one_stops_the_run(monkeypatch, tmp_path):
    """The fitted file is what `calibrate` uses, and a malformed one names its family."""
    path = tmp_path / "calibration.yaml"
    monkeypatch.setattr(calibration, "CALIBRATION_FILE", path)
    monkeypatch.delenv(calibration.RAW_ENV, raising=False)
    path.write_text("families:\n  objects:\n    knots: [[0.3, 0.1], [0.7, 0.9]]\n")
    calibration.clear_cache()
    try:
        assert calibrate("objects", 0.5) == pytest.approx(0.5)
        assert calibrate("objects", 0.3) == 0.1
        path.write_text("families:\n  time:\n    knots: [[0.7, 0.9], [0.3, 0.1]]\n")
        calibration.clear_cache()
        with pytest.raises(CalibrationError, match="time: .*rise"):
            calibrate("time", 0.5)
    finally:
        calibration.clear_cache()


def test_a_map_limited_to_some_rules_leaves_the_family_s_other_rules_raw(monkeypatch, tmp_path):
    """Places' map is fitted on PLC001 alone: a PLC003 finding keeps its raw confidence."""
    path = tmp_path / "calibration.yaml"
    monkeypatch.setattr(calibration, "CALIBRATION_FILE", path)
    monkeypatch.delenv(calibration.RAW_ENV, raising=False)
    path.write_text(
        "families:\n  places:\n    rules: [PLC001]\n    knots: [[0.4, 0.2], [0.6, 0.9]]\n"
    )
    calibration.clear_cache()
    try:
        assert calibrate("places", 0.4, "PLC001") == 0.2
        assert calibrate("places", 0.4, "PLC003") == 0.4
        path.write_text("families:\n  places:\n    rules: PLC001\n    knots: [[0.4, 0.2]]\n")
        calibration.clear_cache()
        with pytest.raises(CalibrationError, match="places: rules"):
            calibrate("places", 0.4, "PLC001")
    finally:
        calibration.clear_cache()


@pytest.fixture
def fitter(monkeypatch):
    """benchmarks/calibration.py, imported without leaking its raw-confidence switch."""
    monkeypatch.setenv(calibration.RAW_ENV, "restored-after-the-test")
    monkeypatch.syspath_prepend(str(calibration.Path(__file__).resolve().parents[3]))
    from benchmarks import calibration as fitting

    return fitting


def _scored(fitting, raw, right, n=1, quiet=False):
    return [
        fitting.Scored("objects", "OBJ002", "warning", raw, right, "suite", quiet=quiet)
        for _ in range(n)
    ]


def test_no_knot_rests_on_a_handful_of_findings(fitter):
    # Two findings at raw 0.45, both wrong, between a wrong band and a right band: alone they
    # would make a knot of their own (shrunk towards 0.45, about 0.3); pooled with the nearer
    # neighbour, 0.45 maps to what the twenty findings at 0.40 measured.
    scored = (
        _scored(fitter, 0.40, False, n=20)
        + _scored(fitter, 0.45, False, n=2)
        + _scored(fitter, 0.50, True, n=30)
    )
    value_at = dict(tuple(k) for k in fitter.fit_family(scored))
    assert value_at[0.45] == value_at[0.40] < 0.1
    assert value_at[0.50] > 0.9


def test_a_map_that_would_show_a_must_stay_quiet_finding_is_caught(fitter):
    quiet = _scored(fitter, 0.45, False, quiet=True)
    assert fitter.quiet_crossings([[0.4, 0.2], [0.45, 0.6]], quiet) == quiet
    assert fitter.quiet_crossings([[0.4, 0.2], [0.45, 0.4]], quiet) == []
