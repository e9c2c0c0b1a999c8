"""Random and damaged files thrown at every reader: storylint reads them or says why in one line.

The properties (tests/fuzz_helpers.py): nothing escapes but storylint's own
`StorylintError` (one line, exit 2 at the command line); a file that is read
has paragraphs that index exactly into its text, and `extract` prints that
text; every example finishes within 30 s.

Seeds are small docx, odt, epub, rtf, html, txt and md files built here plus
the real files under tests/fixtures/real/. Hypothesis is derandomized and keeps
no example database, so CI tries the same examples every run; the long run
(tools/fuzz_long.py) tries many more with fresh seeds.
"""

from __future__ import annotations

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzz_helpers as fz
from storylint.ingest import extract_text
from storylint.ingest.blocks import normalize_paragraph

CI = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SEED_NAMES = sorted(fz.seeds())


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-readers")


def test_every_format_has_a_seed() -> None:
    suffixes = {suffix for suffix, _ in fz.seeds().values()}
    assert {".docx", ".odt", ".epub", ".rtf", ".html", ".txt", ".md"} <= suffixes


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_seed_reads_unmutated(name, workdir) -> None:
    suffix, data = fz.seeds()[name]
    path = workdir / f"seed{suffix}"
    path.write_bytes(data)
    assert fz.check_read(path) is None  # every seed, real or built, is read


@settings(CI, max_examples=300)
@given(
    name=st.sampled_from(SEED_NAMES),
    seed=st.integers(0, 2**32 - 1),
    steps=st.integers(1, 3),
)
def test_mutated_files_are_read_or_refused_in_one_line(workdir, name, seed, steps) -> None:
    suffix, data = fz.seeds()[name]
    mutated, _ = fz.mutate(data, suffix, seed, steps)
    path = workdir / f"mutated{suffix}"
    path.write_bytes(mutated)
    fz.check_read(path)


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252"]


@settings(CI, max_examples=150)
@given(
    text=st.text(max_size=400),
    suffix=st.sampled_from([".txt", ".md", ".html", ".rtf"]),
    encoding=st.sampled_from(ENCODINGS),
)
def test_random_unicode_files_are_read_or_refused_in_one_line(
    workdir, text, suffix, encoding
) -> None:
    data = text.encode(encoding, "replace") if encoding == "cp1252" else None
    if data is None:
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:  # lone surrogates: write them as a broken file
            data = text.encode("utf-8", "surrogatepass")
    path = workdir / f"random{suffix}"
    path.write_bytes(data)
    fz.check_read(path)


# Word paragraphs hold any character XML 1.0 allows, which is what a writer can type.
WORD_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), min_size=1, max_size=80
)


def in_order(extracted: str, wanted: list[str]) -> None:
    """Each of `wanted` is in `extracted`, in order, whitespace runs counted as one space."""
    flat = " ".join(extracted.split())
    position = 0
    for text in wanted:
        text = " ".join(text.split())
        at = flat.find(text, position)
        assert at >= 0, (text, flat)
        position = at + len(text)


@settings(CI, max_examples=30)
@given(paragraphs=st.lists(WORD_TEXT, min_size=1, max_size=8))
def test_random_html_paragraphs_are_all_in_the_extracted_text(workdir, paragraphs) -> None:
    """No silent loss: every paragraph of a web page is in the text storylint reads."""
    import html

    body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    path = workdir / "random.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    error = fz.check_read(path)
    if error is not None:
        assert all(not t.split() for t in paragraphs), error
        return
    in_order(extract_text(path), paragraphs)


@settings(CI, max_examples=30)
@given(paragraphs=st.lists(WORD_TEXT, min_size=1, max_size=8))
def test_random_word_paragraphs_are_all_in_the_extracted_text(workdir, paragraphs) -> None:
    """No silent loss: every paragraph a writer typed in Word is in the text storylint reads."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = workdir / "random.docx"
    document.save(str(path))
    error = fz.check_read(path)
    if error is not None:
        assert all(not normalize_paragraph(t) for t in paragraphs), error
        return
    extracted = extract_text(path)
    position = 0
    for text in paragraphs:
        wanted = normalize_paragraph(text)
        at = extracted.find(wanted, position)
        assert at >= 0, (wanted, extracted)
        position = at + len(wanted)
