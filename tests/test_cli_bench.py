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


def test_cache_bench_times_first_unchanged_and_edited_checks(
    tmp_path, capsys, monkeypatch, fixtures_dir
) -> None:
    monkeypatch.setenv("STORYLINT_CACHE", "off")  # restored after the bench turns it on
    monkeypatch.delenv("STORYLINT_CACHE_DIR", raising=False)
    spec = importlib.util.spec_from_file_location("bench_cache", BENCH.parent / "bench_cache.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    story = tmp_path / "story.txt"
    story.write_text((fixtures_dir / "to-marilyn.txt").read_text(encoding="utf-8"), "utf-8")
    assert bench.main([str(story), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["findings"] == 2 and result["cache_bytes"] > 0
    assert result["unchanged_recheck_s"] < result["first_check_s"]
    assert story.read_text(encoding="utf-8") == (fixtures_dir / "to-marilyn.txt").read_text(
        encoding="utf-8"
    )
