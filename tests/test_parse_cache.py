"""The parse cache: a re-check parses only edited paragraphs and reports exactly the same."""

from __future__ import annotations

from pathlib import Path

import pytest

import storylint.pipeline.build as pipeline
from storylint.engine import check_manuscript
from storylint.ingest import read_manuscript


@pytest.fixture
def story(tmp_path: Path, fixtures_dir: Path) -> Path:
    path = tmp_path / "to-marilyn.txt"
    path.write_text((fixtures_dir / "to-marilyn.txt").read_text(encoding="utf-8"), "utf-8")
    return path


@pytest.fixture
def cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("STORYLINT_CACHE", "on")
    monkeypatch.setenv("STORYLINT_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def parsed_counts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many paragraphs each check sent to spaCy."""
    counts: list[int] = []
    real = pipeline.parse_texts

    def counting(texts, nlp=None):
        counts.append(len(texts))
        return real(texts, nlp)

    monkeypatch.setattr(pipeline, "parse_texts", counting)
    return counts


def summary(path: Path, nlp) -> list[tuple]:
    _, findings = check_manuscript(read_manuscript(str(path)))
    return [(f.rule, f.message, [(e.start, e.end) for e in f.evidence]) for f in findings]


def test_second_check_parses_nothing_and_reports_the_same(
    story: Path, cache_on: Path, parsed_counts: list[int], nlp
) -> None:
    first = summary(story, nlp)
    second = summary(story, nlp)
    assert parsed_counts[0] > 50 and parsed_counts[1] == 0
    assert first == second
    assert {rule for rule, _, _ in first} == {"OBJ001", "OBJ002"}
    assert len(list(cache_on.iterdir())) == 1


def test_an_edited_paragraph_is_the_only_one_parsed_again(
    story: Path, cache_on: Path, parsed_counts: list[int], nlp
) -> None:
    summary(story, nlp)
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("Outside it was cold", "Outside it was bitter"), "utf-8")
    edited = summary(story, nlp)
    assert parsed_counts[1] == 1
    assert {rule for rule, _, _ in edited} == {"OBJ001", "OBJ002"}


def test_cached_and_uncached_checks_agree(
    story: Path, cache_on: Path, monkeypatch: pytest.MonkeyPatch, nlp
) -> None:
    summary(story, nlp)  # fill the cache
    cached = summary(story, nlp)
    monkeypatch.setenv("STORYLINT_CACHE", "off")
    assert summary(story, nlp) == cached


def test_a_damaged_cache_file_is_ignored_and_rewritten(
    story: Path, cache_on: Path, parsed_counts: list[int], nlp
) -> None:
    expected = summary(story, nlp)
    (cache_file,) = cache_on.iterdir()
    cache_file.write_bytes(b"not a spacy file")
    assert summary(story, nlp) == expected
    assert parsed_counts[1] == parsed_counts[0]
    assert summary(story, nlp) == expected and parsed_counts[2] == 0


def test_turned_off_writes_nothing(
    story: Path, cache_on: Path, monkeypatch: pytest.MonkeyPatch, nlp
) -> None:
    monkeypatch.setenv("STORYLINT_CACHE", "off")
    summary(story, nlp)
    assert not cache_on.exists()


def test_an_unwritable_cache_directory_costs_only_time(
    story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", "utf-8")
    monkeypatch.setenv("STORYLINT_CACHE", "on")
    monkeypatch.setenv("STORYLINT_CACHE_DIR", str(blocker / "cache"))
    assert {rule for rule, _, _ in summary(story, nlp)} == {"OBJ001", "OBJ002"}


def test_the_manuscript_is_never_written(story: Path, cache_on: Path, nlp) -> None:
    before = story.read_bytes()
    summary(story, nlp)
    summary(story, nlp)
    assert story.read_bytes() == before
    assert sorted(p.name for p in story.parent.iterdir()) == ["cache", "to-marilyn.txt"]
