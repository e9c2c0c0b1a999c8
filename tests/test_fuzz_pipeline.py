"""Random text and damaged files through the whole check and every reporter.

`storylint check FILE --format X`, for every X in the CLI's REPORTERS, on a short
story with two real findings (the coat from "To Marilyn") into which random
Unicode is woven, and on mutated seed files (tests/fuzz_helpers.py). The
properties: exit 0, 1 or 2 and nothing else; exit 2 comes with one line naming
the problem and no traceback; every finding's quote is the text at its offsets
in `storylint extract`'s text; JSON validates against
docs/storylint-output.schema.json and SARIF against the SARIF 2.1.0 schema; a
Word review reads back as the manuscript's text. Derandomized, no example
database: CI tries the same examples every run.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzz_helpers as fz
from storylint.report import REPORTERS

CI = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FORMATS = sorted(REPORTERS)
PARAGRAPHS = fz.STORY.split("\n\n")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-pipeline")


def write(folder, suffix: str, data: bytes):
    path = folder / f"story{suffix}"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", ["built/story.txt", "built/coat.docx"])
def test_every_reporter_on_the_story(workdir, seed, fmt) -> None:
    suffix, data = fz.seeds()[seed]
    path = write(workdir, suffix, data)
    code = fz.check_report(path, fmt, fz.extract_or_none(path), workdir)
    # docx annotates only a .docx manuscript; every other request finds the coat.
    assert code == (2 if fmt == "docx" and suffix != ".docx" else 1)


@pytest.mark.parametrize("seed", sorted(n for n in fz.seeds() if n.startswith("built/")))
def test_extract_command_prints_the_text_quotes_are_checked_against(workdir, seed) -> None:
    """The properties compare with `extract_text`; `storylint extract` prints exactly that."""
    suffix, data = fz.seeds()[seed]
    path = write(workdir, suffix, data)
    result = fz.run_cli("extract", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == fz.extract_or_none(path)


def test_the_story_has_findings_whose_quotes_hold(workdir) -> None:
    path = write(workdir, ".txt", fz.STORY.encode())
    result = fz.run_cli("check", str(path), "--format", "json")
    data = fz.check_json_report(result.stdout, fz.STORY)
    assert {f["rule"] for f in data["findings"]} >= {"OBJ001", "OBJ002"}


def woven(paragraphs: list[str], inserts: list[tuple[int, str]]) -> str:
    """The story's paragraphs with random text inserted into and between them."""
    out = list(paragraphs)
    for at, text in inserts:
        index = at % (len(out) + 1)
        if at % 2 and index < len(out):  # inside a paragraph
            middle = len(out[index]) // 2
            out[index] = out[index][:middle] + text + out[index][middle:]
        else:
            out.insert(index, text)
    return "\n\n".join(out)


INSERTS = st.lists(st.tuples(st.integers(0, 50), st.text(max_size=60)), max_size=4)


@settings(CI, max_examples=25)
@given(inserts=INSERTS)
def test_random_unicode_in_a_story_checks_with_exact_quotes(workdir, inserts) -> None:
    text = woven(PARAGRAPHS, inserts)
    path = write(workdir, ".txt", text.encode("utf-8", "surrogatepass"))
    fz.check_report(path, "json", fz.extract_or_none(path), workdir)


@settings(CI, max_examples=25)
@given(
    inserts=INSERTS,
    fmt=st.sampled_from(FORMATS),
    suffix=st.sampled_from([".txt", ".md", ".docx"]),
)
def test_random_unicode_stories_through_every_reporter(workdir, inserts, fmt, suffix) -> None:
    text = woven(PARAGRAPHS, inserts)
    if suffix == ".docx":
        # What a writer can type in Word: XML 1.0 characters only.
        text = "".join(c for c in text if c.isprintable() or c in "\n\t")
        data = fz.story_docx(text.replace("\n\n\n", "\n\n"))
    else:
        data = text.encode("utf-8", "surrogatepass")
    path = write(workdir, suffix, data)
    fz.check_report(path, fmt, fz.extract_or_none(path), workdir)


@settings(CI, max_examples=40)
@given(
    name=st.sampled_from(sorted(fz.seeds())),
    seed=st.integers(0, 2**32 - 1),
    fmt=st.sampled_from(FORMATS),
)
def test_mutated_files_through_every_reporter(workdir, name, seed, fmt) -> None:
    suffix, data = fz.seeds()[name]
    mutated, _ = fz.mutate(data, suffix, seed)
    path = write(workdir, suffix, mutated)
    fz.check_report(path, fmt, fz.extract_or_none(path), workdir)


def test_json_schema_rejects_a_broken_report() -> None:
    """The schema check has teeth: a report missing a field does not validate."""
    import jsonschema

    with pytest.raises(jsonschema.ValidationError):
        fz.check_json_report(json.dumps({"version": "0.1.0", "files": []}), "")
