"""Two checks of the same manuscript give the same bytes, however they were run.

Why: a writer (or a CI job) compares today's report with yesterday's; a
difference must mean the text changed, never that the parse came from the
cache, or from two worker processes instead of one, or that the clock moved.
The JSON report is compared byte for byte across: two uncached runs; a cold
and a warm parse cache in a temporary cache folder; and one parse process
against two. Every other text format is compared across two runs, and the
Word review (`--format docx`) across two runs with the same
`SOURCE_DATE_EPOCH`.

Manuscripts: the example story "To Marilyn" (tests/fixtures/to-marilyn.txt,
~2,200 words, with real findings) and a generated ~3,000-word story whose
people keep changing coats, hats and eye colours, so the rules have plenty to
report.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from report_helpers import marilyn_docx
from storylint.cli import cli
from storylint.nlp import parse

MARILYN = Path(__file__).parent / "fixtures" / "to-marilyn.txt"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


def generated_story(words: int = 3000, seed: int = 17) -> str:
    """A story of about `words` words in chapters, from a fixed seed (the same text every run)."""
    rng = random.Random(seed)
    people = [("Mara", "she", "her"), ("Tom", "he", "his"), ("Ivy", "she", "her")]
    things = ["coat", "hat", "scarf", "gloves", "umbrella", "lantern"]
    colours = ["blue", "green", "grey", "brown"]
    places = ["the station", "the harbour", "the library", "the orchard", "the kitchen"]
    templates = [
        "{name} walked to {place} in {pos} {colour} {thing}.",
        "{name} took off {pos} {thing} and hung it by the door.",
        "{Subj} looked at the rain with {pos} {colour} eyes.",
        "At {place}, {name} found {other}'s {thing} on a chair.",
        '"Where is my {thing}?" {name} asked. {Subj} had left it at {place}.',
        "{other} handed {name} the {thing}, and {subj} thanked {other2}.",
        "The clock in {place} struck nine while {name} waited.",
        "{name} dropped {pos} {thing} over {other}'s shoulders.",
    ]
    out: list[str] = []
    count = chapter = 0
    while count < words:
        chapter += 1
        out.append(f"Chapter {chapter}")
        for _ in range(rng.randint(6, 10)):
            sentences = []
            for _ in range(rng.randint(2, 5)):
                name, subj, pos = rng.choice(people)
                other = rng.choice([p[0] for p in people if p[0] != name])
                sentence = rng.choice(templates).format(
                    name=name,
                    subj=subj,
                    Subj=subj.capitalize(),
                    pos=pos,
                    other=other,
                    other2=other,
                    thing=rng.choice(things),
                    colour=rng.choice(colours),
                    place=rng.choice(places),
                )
                sentences.append(sentence)
            paragraph = " ".join(sentences)
            out.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
    return "\n\n".join(out) + "\n"


@pytest.fixture(scope="module")
def manuscripts(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("determinism")
    story = folder / "generated.txt"
    story.write_text(generated_story(), encoding="utf-8")
    marilyn = folder / "to-marilyn.txt"
    marilyn.write_bytes(MARILYN.read_bytes())
    return {"marilyn": marilyn, "generated": story}


@pytest.fixture
def processes(monkeypatch) -> list[int]:
    """Records the number of parse processes each parse used (spaCy's `n_process`)."""
    nlp = parse.load_nlp()
    used: list[int] = []
    original = nlp.pipe

    def pipe(texts, *args, **kwargs):
        used.append(kwargs.get("n_process", 1))
        return original(texts, *args, **kwargs)

    monkeypatch.setattr(nlp, "pipe", pipe)
    return used


def check_json(path: Path, *options: str) -> bytes:
    result = CliRunner().invoke(cli, ["check", str(path), "--format", "json", *options])
    assert result.exit_code in (0, 1), result.output
    return result.stdout_bytes


def test_generated_story_is_about_3000_words_and_has_findings(manuscripts) -> None:
    text = manuscripts["generated"].read_text(encoding="utf-8")
    assert 3000 <= len(text.split()) < 3300
    assert text == generated_story()  # the same text every run
    assert b'"rule"' in check_json(manuscripts["generated"], "--no-cache")


@pytest.mark.parametrize("name", ["marilyn", "generated"])
def test_two_uncached_runs_give_identical_json(manuscripts, name, monkeypatch) -> None:
    monkeypatch.setenv("STORYLINT_CACHE", "off")
    first = check_json(manuscripts[name], "--no-cache")
    assert b'"findings": [\n    {' in first, "the manuscript should have findings to compare"
    assert check_json(manuscripts[name], "--no-cache") == first


@pytest.mark.parametrize("name", ["marilyn", "generated"])
def test_cold_and_warm_cache_give_the_uncached_json(
    manuscripts, name, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("STORYLINT_CACHE", "off")
    uncached = check_json(manuscripts[name], "--no-cache")
    monkeypatch.setenv("STORYLINT_CACHE", "on")
    monkeypatch.setenv("STORYLINT_CACHE_DIR", str(tmp_path / "cache"))
    cold = check_json(manuscripts[name])
    assert any((tmp_path / "cache").iterdir()), "the cold run should have written the cache"
    warm = check_json(manuscripts[name])
    assert cold == uncached
    assert warm == uncached


@pytest.mark.parametrize("name", ["marilyn", "generated"])
def test_one_or_two_parse_processes_give_identical_json(
    manuscripts, name, monkeypatch, processes
) -> None:
    monkeypatch.setenv("STORYLINT_CACHE", "off")
    monkeypatch.setattr(parse, "PARALLEL_WORDS", 10**9)
    one = check_json(manuscripts[name], "--no-cache")
    monkeypatch.setattr(parse, "PARALLEL_WORDS", 1)
    two = check_json(manuscripts[name], "--no-cache")
    assert processes == [1, 2], "the runs should have parsed on one, then two processes"
    assert two == one


@pytest.mark.parametrize("fmt", ["text", "line", "sarif", "markdown", "html"])
def test_every_text_format_is_byte_identical_across_runs(manuscripts, fmt, monkeypatch) -> None:
    """No report embeds the time, a temporary path or a set's order."""
    monkeypatch.setenv("STORYLINT_CACHE", "off")
    args = ["check", str(manuscripts["marilyn"]), "--format", fmt, "--no-cache", "--no-color"]
    first = CliRunner().invoke(cli, args)
    second = CliRunner().invoke(cli, args)
    assert first.exit_code == second.exit_code == 1, first.output
    assert first.stdout_bytes == second.stdout_bytes


# --- the Word review ------------------------------------------------------------------


def review(manuscript: Path, output: Path) -> bytes:
    result = CliRunner().invoke(
        cli, ["check", str(manuscript), "--format", "docx", "-o", str(output)]
    )
    assert result.exit_code == 1, result.output
    return output.read_bytes()


def test_docx_review_is_byte_identical_under_source_date_epoch(tmp_path, monkeypatch) -> None:
    manuscript = marilyn_docx(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = review(manuscript, tmp_path / "first.docx")
    # A second later the clock differs; the document must not.
    import time

    time.sleep(1.1)
    second = review(manuscript, tmp_path / "second.docx")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        core = archive.read("docProps/core.xml").decode("utf-8")
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert "<dcterms:modified" in core and "2023-11-14T22:13:20Z</dcterms:modified>" in core
    assert 'w:date="2023-11-14T22:13:20Z"' in comments
    assert comments.count("w:date=") == comments.count("<w:comment ") > 0


def test_docx_review_dates_before_1980_still_make_a_valid_zip(tmp_path, monkeypatch) -> None:
    manuscript = marilyn_docx(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    data = review(manuscript, tmp_path / "review.docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "1970-01-01T00:00:00Z" in archive.read("word/comments.xml").decode("utf-8")


def test_malformed_source_date_epoch_is_one_line_exit_2_before_checking(
    tmp_path, monkeypatch
) -> None:
    manuscript = marilyn_docx(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    output = tmp_path / "review.docx"
    result = CliRunner().invoke(
        cli, ["check", str(manuscript), "--format", "docx", "-o", str(output)]
    )
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not output.exists()
