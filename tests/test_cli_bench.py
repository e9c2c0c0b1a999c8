"""benchmarks/bench_check.py: the numbers it reports add up and name the file's real size."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

BENCH = Path(__file__).parent.parent / "benchmarks" / "bench_check.py"


def _load():
    spec = importlib.util.spec_from_file_location("bench_check", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_reports_stages_words_and_memory(tmp_path, capsys) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Ivy wore the red coat.\n\nDerek opened the door and left.\n", encoding="utf-8"
    )
    bench = _load()
    assert bench.main([str(story), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["words"] == 11
    parts = result["parse_s"] + result["analysis_s"] + result["rules_s"]
    assert abs(result["check_s"] - parts) < 1e-9
    assert result["words_per_s"] > 0
    assert result["peak_rss_mib"] > 10  # spaCy alone needs more than this


def test_bench_table_and_missing_file(tmp_path, capsys) -> None:
    bench = _load()
    assert bench.main([str(tmp_path / "none.txt")]) == 2
    assert "none.txt" in capsys.readouterr().err
    story = tmp_path / "s.txt"
    story.write_text("She sat down.\n", encoding="utf-8")
    assert bench.main([str(story)]) == 0
    table = capsys.readouterr().out
    assert "words per second" in table and "peak RSS" in table
