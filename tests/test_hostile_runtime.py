"""Hostile and pathological input at run time: what a writer (or CI) sees, and what is left behind.

Each test builds its own input: a paragraph with no newline, a run of emoji,
a manuscript over a budget, a crash inside the check, `-o` onto the
manuscript, a check killed while its parse workers run, and a cache folder
with temporary files left by killed runs.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import storylint.pipeline.build as pipeline
from storylint import engine
from storylint.cli import cli
from storylint.ingest import limits, read_manuscript
from storylint.nlp import parse_cache
from storylint.nlp.parse import LongRunTokenizer, parse_texts
from storylint.nlp.parse_cache import ParseCache, sweep_stale_temporaries

SENTENCES = (
    "Mara walked to the harbour before dawn. ",
    "The gulls were loud over the water! ",
    "Did anyone see the boat leave? ",
    "Her brother kept the lamp lit all night. ",
)
EMOJI = "😀🎉🚀🌍🔥"


def one_line_text(chars: int) -> str:
    """Prose of about `chars` characters with no newline at all."""
    parts, total, i = [], 0, 0
    while total < chars:
        part = SENTENCES[i % len(SENTENCES)]
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts).strip()


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STORYLINT_CACHE", "off")
    monkeypatch.setenv("STORYLINT_CACHE_DIR", str(tmp_path / "cache"))


# 1. Paragraph length ------------------------------------------------------------------


def test_ten_megabytes_without_a_newline_is_read_whole_in_paragraphs_below_the_budget(
    tmp_path: Path,
) -> None:
    text = one_line_text(10_000_000)
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    manuscript = read_manuscript(path)
    assert time.monotonic() - started < 30
    paragraphs = list(manuscript.paragraphs())
    assert len(paragraphs) > 100
    assert all(len(p.text) <= limits.MAX_PARAGRAPH_CHARS for p in paragraphs)
    # Offsets stay exact, and nothing is lost: the pieces are the text, spaces aside.
    assert all(p.text == p.source.text[p.start : p.end] for p in paragraphs)
    assert "".join(p.text for p in paragraphs).replace(" ", "") == text.replace(" ", "")
    # Cut at sentence ends.
    assert all(p.text.endswith((".", "!", "?")) for p in paragraphs)
    assert any(
        "line 1: a paragraph of" in w and "paragraph_chars" in w for w in manuscript.warnings
    )


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_an_over_long_paragraph_is_split_in_every_format_and_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setattr(limits, "MAX_PARAGRAPH_CHARS", 2_000)
    body = one_line_text(9_000)
    text = f"<html><body><p>{body}</p></body></html>" if suffix == ".html" else body + "\n"
    path = tmp_path / f"story{suffix}"
    path.write_text(text, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output + result.stderr
    assert f"{path}: warning: line 1: a paragraph of " in result.stderr
    manuscript = read_manuscript(path)
    assert all(len(p.text) <= 2_000 for p in manuscript.paragraphs())
    assert len(list(manuscript.paragraphs())) >= 5


def test_a_run_with_no_space_is_cut_hard_below_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_PARAGRAPH_CHARS", 1_000)
    path = tmp_path / "run.txt"
    path.write_text("x" * 4_500 + "\n", encoding="utf-8")
    paragraphs = list(read_manuscript(path).paragraphs())
    assert [len(p.text) for p in paragraphs] == [1_000, 1_000, 1_000, 1_000, 500]
    assert paragraphs[1].start == 1_000


def test_a_budget_above_spacys_ceiling_still_keeps_paragraphs_below_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_PARAGRAPH_CHARS", 5_000_000)
    path = tmp_path / "one-line.txt"
    path.write_text(one_line_text(1_500_000), encoding="utf-8")
    paragraphs = list(read_manuscript(path).paragraphs())
    assert len(paragraphs) == 2 and all(len(p.text) < 1_000_000 for p in paragraphs)


# 2. The emoji case ---------------------------------------------------------------------


def test_a_long_run_of_emoji_tokenizes_in_linear_time_with_exact_text(nlp) -> None:
    text = EMOJI * 3_000  # 15,000 emoji in one run: about 30 s in spaCy's own tokenizer
    started = time.monotonic()
    doc = nlp.make_doc(text)
    assert time.monotonic() - started < 5
    assert doc.text == text and len(doc) == 15_000


def test_the_tokenizer_gives_spacys_tokens_for_prose(nlp) -> None:
    text = "She said, “Don't go.” Then she left, at 5:30 p.m., for Paris."
    assert isinstance(nlp.tokenizer, LongRunTokenizer)
    assert [t.text for t in nlp.make_doc(text)] == [t.text for t in nlp.tokenizer.tokenizer(text)]


def test_a_long_paragraph_is_parsed_in_pieces_into_one_exact_doc(nlp) -> None:
    text = one_line_text(12_000) + " " + EMOJI * 2_000
    [doc] = list(parse_texts([text], nlp))
    assert doc.text == text
    assert doc.has_annotation("DEP") and doc.has_annotation("TAG")
    assert len(list(doc.sents)) > 50


# 3. Word and time budgets ------------------------------------------------------------


def test_a_manuscript_over_the_words_budget_gets_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_WORDS", 50)
    path = tmp_path / "long.txt"
    path.write_text(one_line_text(2_000) + "\n", encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"storylint: {path}: has ") and "more than 50; not checked" in line
    assert line.endswith("(the words budget; raise it in storylint.toml [input.budgets])")


def test_a_stage_over_its_time_budget_gets_one_line_naming_the_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp
) -> None:
    monkeypatch.setattr(limits, "MAX_STAGE_SECONDS", 1)
    real = pipeline.parse_texts

    def slow(texts, nlp=None):
        time.sleep(60)  # stopped by the stage's timer after 1 s
        return real(texts, nlp)

    monkeypatch.setattr(pipeline, "parse_texts", slow)
    path = tmp_path / "story.txt"
    path.write_text("The rain fell on the harbour all night.\n", encoding="utf-8")
    started = time.monotonic()
    result = run("check", str(path))
    assert time.monotonic() - started < 30
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"storylint: {path}: parsing took longer than 1 seconds; stopped "
        "(the stage_seconds budget; raise it in storylint.toml [input.budgets])"
    ]


# 4. Progress when stderr is not a terminal -------------------------------------------


def test_a_long_check_prints_plain_progress_lines_and_a_short_one_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storylint.cli as cli_module

    path = tmp_path / "story.txt"
    path.write_text("\n\n".join(SENTENCES * 40) + "\n", encoding="utf-8")
    quiet = run("check", str(path))
    assert "storylint: parsing" not in quiet.stderr
    monkeypatch.setattr(cli_module, "PROGRESS_SECONDS", 0.0)
    loud = run("check", str(path))
    lines = [ln for ln in loud.stderr.splitlines() if ln.startswith("storylint: parsing")]
    assert lines, loud.stderr
    assert re.fullmatch(
        rf"storylint: parsing {re.escape(str(path))}: 100% \(\S+ of \S+ words\)", lines[-1]
    )


# 5. Honest exit codes ------------------------------------------------------------------


def test_an_unexpected_error_is_exit_3_with_one_line_and_a_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the model fell over")

    monkeypatch.setattr(engine, "check_manuscript", broken)
    path = tmp_path / "story.txt"
    path.write_text("The rain fell on the harbour all night.\n", encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    match = re.fullmatch(
        r"storylint: internal error \(RuntimeError: the model fell over\); please report it\. "
        r"Details: (\S+)",
        line,
    )
    assert match, line
    log = Path(match.group(1))
    assert log.parent == tmp_path / "cache" / "logs"
    assert "Traceback" in log.read_text() and "the model fell over" in log.read_text()


def test_a_crash_in_another_command_is_exit_3_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storylint.ingest as ingest

    def broken(path):
        raise KeyError("oops")

    monkeypatch.setattr(ingest, "extract_text", broken)
    path = tmp_path / "story.txt"
    path.write_text("Text.\n", encoding="utf-8")
    result = run("extract", str(path))
    assert result.exit_code == 3
    assert result.stderr.startswith("storylint: internal error (KeyError: 'oops'); please report")


# 6. `-o` onto the manuscript, before any work -----------------------------------------


@pytest.mark.parametrize("folder", [False, True])
def test_output_onto_the_manuscript_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: bool
) -> None:
    def no_work(*args, **kwargs):
        raise AssertionError("the check ran")

    monkeypatch.setattr(engine, "check_manuscript", no_work)
    story = "The rain fell on the harbour all night.\n"
    if folder:
        (tmp_path / "book").mkdir()
        chapter = tmp_path / "book" / "01.txt"
        chapter.write_text(story, encoding="utf-8")
        target, output = tmp_path / "book", chapter
    else:
        target = output = tmp_path / "story.txt"
        output.write_text(story, encoding="utf-8")
    result = run("check", str(target), "-o", str(output))
    assert result.exit_code == 2
    assert result.stderr == (
        f"storylint: {output}: is a manuscript being checked; not overwriting it\n"
    )
    assert output.read_text(encoding="utf-8") == story


# 7. Parse workers die with their parent -----------------------------------------------


def _children(pid: int) -> set[int]:
    """Pids whose parent is `pid` (no psutil: /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead, only not yet reaped


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_parse_workers_die_with_a_killed_check(tmp_path: Path, how: signal.Signals) -> None:
    path = tmp_path / "long.txt"
    paragraphs = [one_line_text(600) for _ in range(1_500)]  # ~150,000 words: two workers
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    env = {**os.environ, "STORYLINT_CACHE": "off"}
    check = subprocess.Popen(
        [sys.executable, "-m", "storylint.cli", "check", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(workers) < 2:
            workers = {pid for pid in _children(check.pid) if _alive(pid)}
            time.sleep(0.2)
        assert len(workers) >= 2, "the check never started its parse workers"
        check.send_signal(how)
        check.wait(timeout=10)
        gone_by = time.monotonic() + 5
        while time.monotonic() < gone_by and any(_alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if check.poll() is None:
            check.kill()
            check.wait()
        for pid in workers:  # never leave an orphan behind, even when the test fails
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# 8. The cache: atomic writes, stale temporary files swept ----------------------------


def test_cache_writes_go_through_a_temporary_file_in_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp
) -> None:
    replaced: list[tuple[str, str]] = []
    real_replace = os.replace

    def recording(src, dst):
        replaced.append((str(src), str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(parse_cache.os, "replace", recording)
    cache = ParseCache(str(tmp_path / "story.txt"), directory=tmp_path / "cache")
    cache.parse(["The rain fell."], nlp, parse_texts)
    [(src, dst)] = replaced
    assert Path(src).parent == Path(dst).parent == tmp_path / "cache"
    assert re.fullmatch(rf"tmp{os.getpid()}-\S+\.tmp", Path(src).name)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [Path(dst).name]


def test_a_failed_cache_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp
) -> None:
    def failing(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(parse_cache.os, "replace", failing)
    cache = ParseCache(str(tmp_path / "story.txt"), directory=tmp_path / "cache")
    assert len(cache.parse(["The rain fell."], nlp, parse_texts)) == 1
    assert list((tmp_path / "cache").iterdir()) == []


def _dead_pid() -> int:
    pid = 4_000_000
    while Path(f"/proc/{pid}").exists():
        pid += 1
    return pid


def test_stale_temporary_files_are_swept_when_the_cache_is_opened(tmp_path: Path, nlp) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    dead_writer = folder / f"tmp{_dead_pid()}-abc.tmp"
    old = folder / "tmpq2w3e4.tmp"
    live_writer = folder / f"tmp{os.getpid()}-xyz.tmp"
    unrelated = folder / "notes.tmp"
    for path in (dead_writer, old, live_writer, unrelated):
        path.write_bytes(b"half a file")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    ParseCache(str(tmp_path / "story.txt"), directory=folder).parse(
        ["The rain fell."], nlp, parse_texts
    )
    assert not dead_writer.exists() and not old.exists()
    assert live_writer.exists() and unrelated.exists()
    # A fresh file with no pid in its name is another run's write in progress: kept.
    fresh = folder / "tmpfresh.tmp"
    fresh.write_bytes(b"")
    assert sweep_stale_temporaries(folder) == []
