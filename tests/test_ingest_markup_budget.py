"""Dense markup and too many paragraphs (issue 17): refused with one line, or read whole.

Within the byte budgets, markup can still be too dense to parse: 64 MB of
`<p>a</p>` is 16 million tags and would take BeautifulSoup some 12 minutes
and many GB. The tag budgets (html_tags, xml_tags) refuse it before any
parser sees it, and the paragraph budget refuses a file that would build
millions of blocks, in every extracted format. Each refusal is checked as a
writer meets it: `storylint extract FILE` in a subprocess, exit 2, one line
naming the file and the budget, in at most 30 s and far under 1.5 GB of
memory (measured with getrusage). Real-sized novels are read whole.

Also here: a story bible, baseline or project file that is a named pipe is
refused before it is opened (opening it would block for ever).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from fixtures.ingest import make_fixtures as make
from storylint.errors import InputError
from storylint.ingest import limits, read_manuscript
from storylint.ingest.blocks import TextBuilder, reading
from storylint.ingest.settings import ReadSettings, use_settings

SECONDS = 30
# Peak memory a refusal may take: a small fraction of the 1.5 GB promise.
REFUSAL_MB = 400
HTML = "<html><head><title>T</title></head><body>{}</body></html>"
BUDGET_NOTE = "budget; raise it in storylint.toml [input.budgets])"


# The child reports its own peak: VmHWM, the high-water mark of the memory it mapped
# after exec. (getrusage's ru_maxrss would not do: on Linux a child's starts at its
# parent's size when it is forked, and pytest may hold hundreds of MB.)
_CHILD = """
import atexit, os, runpy, sys

def _peak():
    try:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
    except OSError:
        return
    with open(os.environ["STORYLINT_TEST_PEAK"], "w") as out:
        out.write(line.split()[1])

atexit.register(_peak)
sys.argv = ["storylint", *sys.argv[1:]]
runpy.run_module("storylint.cli", run_name="__main__")
"""


def extract(path: Path, cwd: Path) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """`storylint extract PATH` in a child: its result, seconds, and peak memory in MB."""
    peak_file = cwd / "peak.kb"
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, "extract", str(path)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "STORYLINT_TEST_PEAK": str(peak_file)},
    )
    seconds = time.perf_counter() - started
    peak_mb = int(peak_file.read_text()) / 1024 if peak_file.exists() else 0.0  # 0: no /proc
    return result, seconds, peak_mb


def refused_by_cli(path: Path, budget: str, *words: str) -> str:
    result, seconds, peak_mb = extract(path, path.parent)
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert str(path.name) in result.stderr, result.stderr
    assert f"(the {budget} {BUDGET_NOTE}" in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert seconds < SECONDS, seconds
    assert 0 < peak_mb < REFUSAL_MB or not Path("/proc/self/status").exists(), peak_mb
    return result.stderr


def refused(path: Path, budget: str, *words: str) -> str:
    """read_manuscript refuses `path`: one InputError line naming it and the budget."""
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_manuscript(path)
    assert time.perf_counter() - started < SECONDS
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: "), message
    assert f"(the {budget} {BUDGET_NOTE}" in message, message
    for word in words:
        assert word in message, message
    return message


# --- builders ----------------------------------------------------------------------


def xhtml(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>c</title></head><body>{body}</body></html>"
    ).encode()


def replace_member(source: Path, target: Path, member: str, edit) -> Path:
    """A copy of a container with one member rewritten (stored: no ratio check applies)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == member:
                copy.writestr(info.filename, edit(data), compress_type=zipfile.ZIP_STORED)
            else:
                copy.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def docx_with_body(folder: Path, name: str, body: bytes) -> Path:
    """A Word file (python-docx's own template) whose document body is `body`."""
    template = make.make_docx(folder, "template.docx", paragraphs=[("Normal", "x")])

    def edit(xml: bytes) -> bytes:
        start = xml.index(b"<w:body>") + len(b"<w:body>")
        return xml[:start] + body + xml[xml.index(b"<w:sectPr") :]

    return replace_member(template, folder / name, "word/document.xml", edit)


def odt_with_text(folder: Path, name: str, body: bytes) -> Path:
    """An OpenDocument text (odfpy's) whose office:text content is `body`."""
    template = make.make_odt(folder, "template.odt")

    def edit(xml: bytes) -> bytes:
        start = xml.index(b"<office:text>") + len(b"<office:text>")
        return xml[:start] + body + xml[xml.index(b"</office:text>") :]

    return replace_member(template, folder / name, "content.xml", edit)


def word_paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


# --- html_tags: HTML files and EPUB chapters ------------------------------------------


def test_dense_html_within_the_file_budget_is_refused_before_parsing(tmp_path: Path) -> None:
    """1,200,000 tags in 4.8 MB: before the budget, more than a minute and 1.2 GB."""
    page = tmp_path / "dense.html"
    page.write_text(HTML.format("<p>a</p>" * 600_000), encoding="utf-8")
    refused_by_cli(
        page, "html_tags", f"HTML tags and attributes, over the {limits.MAX_HTML_TAGS:,} limit"
    )


def test_an_epub_of_dense_chapters_within_the_text_budget_is_refused_at_the_scan(
    tmp_path: Path,
) -> None:
    """The issue's EPUB, within unpacked_text_mb: 40 chapters of 1,000,000 bytes of `<p>a</p>`.

    Each chapter is under the ratio check and together they are 40 MB of text;
    parsed, they would be 10 million tags. The zip scan counts them first.
    """
    chapter = xhtml("<p>a</p>" * 125_000)
    book = make.write_epub(
        tmp_path / "dense.epub", {f"c{i}.xhtml": chapter for i in range(40)}, stored=True
    )
    refused_by_cli(book, "html_tags", f"more than {limits.MAX_HTML_TAGS:,} HTML tags")


def test_an_epub_is_refused_for_its_chapters_together(tmp_path: Path) -> None:
    chapters = {f"c{i}.xhtml": xhtml("<p>Anna lit the lamp.</p>" * 100) for i in range(5)}
    book = make.write_epub(tmp_path / "book.epub", chapters, stored=True)
    assert "Anna lit the lamp." in read_manuscript(book).sources[0].text
    with use_settings(ReadSettings(budgets={"html_tags": 600})):
        refused(book, "html_tags", "HTML tags and attributes in its members")
    with use_settings(ReadSettings(budgets={"html_tags": 150})):
        refused(book, "html_tags", "member OEBPS/c0.xhtml has more than 150 HTML tags")


def test_html_at_the_tag_budget_is_read_whole_and_one_more_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    paragraphs = [f"Paragraph {i} of the story." for i in range(200)]
    page.write_text(HTML.format("".join(f"<p>{p}</p>" for p in paragraphs)), encoding="utf-8")
    tags = page.read_bytes().count(b"<")
    with use_settings(ReadSettings(budgets={"html_tags": tags})):
        text = read_manuscript(page).sources[0].text
    assert all(p in text for p in paragraphs)
    with use_settings(ReadSettings(budgets={"html_tags": tags - 1})):
        refused(page, "html_tags", f"has {tags:,} HTML tags and attributes, over the {tags - 1:,}")


def test_a_long_archive_of_our_own_download_is_read_whole(tmp_path: Path) -> None:
    """100,000 short paragraphs with emphasis (a 600,000-word work): about 260,000 tags."""
    lines = [
        f"<p>“Not yet,” she said, and the <em>door</em> closed behind her ({i}).</p>"
        for i in range(100_000)
    ]
    page = tmp_path / "work.html"
    page.write_text(HTML.format("\n".join(lines)), encoding="utf-8")
    text = read_manuscript(page).sources[0].text
    assert "(0)." in text and "(99999)." in text
    assert text.count("she said") == 100_000


def test_an_html_attribute_bomb_is_refused(tmp_path: Path) -> None:
    """One `<p>` with 1,000,000 attributes without values (8 MB): 390 MB in BeautifulSoup."""
    page = tmp_path / "attributes.html"
    attributes = " ".join(f"a{i}" for i in range(1_000_000))
    page.write_text(HTML.format(f"<p {attributes}>Anna lit the lamp.</p>"), encoding="utf-8")
    refused_by_cli(page, "html_tags", "HTML tags and attributes, over the")


def test_attributes_in_an_epub_chapter_count_however_they_are_written(tmp_path: Path) -> None:
    """`<p a b/c d="1"e>`: HTML's attributes need neither a value nor a space between them."""
    chapter = xhtml("<p " + " ".join(f'a{i} b{i}/c{i} d{i}="1"e{i}' for i in range(100)) + ">x</p>")
    book = make.write_epub(tmp_path / "book.epub", {"c1.xhtml": chapter}, stored=True)
    with use_settings(ReadSettings(budgets={"html_tags": 300})):
        refused(book, "html_tags", "HTML tags and attributes, over the 300 limit")
    with use_settings(ReadSettings(budgets={"html_tags": 700})):
        assert "x" in read_manuscript(book).sources[0].text


# --- xml_tags: Word and OpenDocument --------------------------------------------------


def test_dense_word_xml_is_refused_at_the_scan(tmp_path: Path) -> None:
    """4,000,010 empty paragraphs, 24 MB: within every byte budget, over the tag budget."""
    document = docx_with_body(tmp_path, "dense.docx", b"<w:p/>" * 4_000_010)
    refused_by_cli(
        document, "xml_tags", f"member word/document.xml has more than {limits.MAX_XML_TAGS:,}"
    )


def test_an_xml_attribute_bomb_is_refused_at_the_scan(tmp_path: Path) -> None:
    """4,000 paragraphs of 1,100 attributes (49 MB): lxml would take over 1 GB."""
    attributes = " ".join(f'w:a{i}="1"' for i in range(1_100))
    body = f"<w:p {attributes}><w:r><w:t>Hi</w:t></w:r></w:p>".encode() * 4_000
    document = docx_with_body(tmp_path, "attributes.docx", body)
    refused_by_cli(document, "xml_tags", "XML tags and attributes")


def test_odt_content_over_the_tag_budget_is_refused(tmp_path: Path) -> None:
    body = b"<text:p>Anna lit the lamp.</text:p>" * 300
    document = odt_with_text(tmp_path, "story.odt", body)
    assert read_manuscript(document).sources[0].text.count("Anna lit the lamp.") == 300
    with use_settings(ReadSettings(budgets={"xml_tags": 500})):
        refused(document, "xml_tags", "member content.xml has more than 500 XML tags")


def test_a_long_word_file_made_by_pandoc_is_read_whole(tmp_path: Path) -> None:
    """300,000 words, two in 13 emphasised, through pandoc: about 1,050,000 tags.

    Heavier than most novels (pandoc splits a run at every emphasis), and a
    quarter of the budget: a 600,000-word book like it still fits.
    """
    pypandoc = pytest.importorskip("pypandoc")
    words = "the *rain* fell on the house by the **river** and she looked out".split()
    paragraphs = []
    for i in range(6_000):
        body = " ".join(words[(i + k) % len(words)] for k in range(48))
        paragraphs.append(f"Line {i} *said* {body}.")
    markdown = "\n\n".join(paragraphs)
    document = tmp_path / "novel.docx"
    pypandoc.convert_text(markdown, "docx", format="markdown", outputfile=str(document))
    with zipfile.ZipFile(document) as archive:
        tags = archive.read("word/document.xml").count(b"<")
    assert 400_000 < tags < limits.MAX_XML_TAGS / 3
    started = time.perf_counter()
    text = read_manuscript(document).sources[0].text
    assert time.perf_counter() - started < SECONDS
    assert len(text.split()) >= 300_000
    assert "Line 0 said" in text and "Line 5999 said" in text


# --- paragraphs: every extracted format -----------------------------------------------


def test_a_word_file_of_half_a_million_empty_paragraphs_is_refused(tmp_path: Path) -> None:
    body = word_paragraph("Anna lit the lamp.").encode() + b"<w:p/>" * 500_010
    document = docx_with_body(tmp_path, "empty.docx", body)
    refused_by_cli(document, "paragraphs", f"has more than {limits.MAX_PARAGRAPHS:,} paragraphs")


def _html(folder: Path, n: int) -> Path:
    page = folder / "story.html"
    page.write_text(HTML.format("".join(f"<p>Line {i}.</p>" for i in range(n))), "utf-8")
    return page


def _ao3(folder: Path, n: int) -> Path:
    page = folder / "work.html"
    chapters = "".join(f"<p>Line {i}.</p>" for i in range(n))
    page.write_text(
        HTML.format(
            '<div id="preface"><h2 class="title heading">T</h2></div>'
            f'<div id="chapters"><div class="userstuff">{chapters}</div></div>'
        ),
        "utf-8",
    )
    return page


def _epub(folder: Path, n: int) -> Path:
    body = "".join(f"<p>Line {i}.</p>" for i in range(n))
    return make.write_epub(folder / "story.epub", {"c1.xhtml": xhtml(body)}, stored=True)


def _docx(folder: Path, n: int) -> Path:
    body = "".join(word_paragraph(f"Line {i}.") for i in range(n))
    return docx_with_body(folder, "story.docx", body.encode())


def _odt(folder: Path, n: int) -> Path:
    body = "".join(f"<text:p>Line {i}.</text:p>" for i in range(n))
    return odt_with_text(folder, "story.odt", body.encode())


def _rtf(folder: Path, n: int) -> Path:
    page = folder / "story.rtf"
    page.write_text("{\\rtf1\\ansi " + "".join(f"Line {i}.\\par " for i in range(n)) + "}")
    return page


@pytest.mark.parametrize("build", [_html, _ao3, _epub, _docx, _odt, _rtf])
def test_every_extracted_format_counts_its_paragraphs(tmp_path: Path, build) -> None:
    path = build(tmp_path, 300)
    with use_settings(ReadSettings(budgets={"paragraphs": 400})):
        text = read_manuscript(path).sources[0].text
    assert "Line 0." in text and "Line 299." in text
    with use_settings(ReadSettings(budgets={"paragraphs": 200})):
        refused(path, "paragraphs", "has more than 200 paragraphs")


def test_empty_paragraphs_count_and_a_builder_names_the_file_being_read() -> None:
    with use_settings(ReadSettings(budgets={"paragraphs": 3})), reading("novel.docx"):
        builder = TextBuilder()
        builder.add("One.")
        builder.empty()
        builder.add("Two.")
        with pytest.raises(InputError, match=r"^novel\.docx: has more than 3 paragraphs"):
            builder.empty()


# --- bible, baseline and project file: only regular files ----------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize(
    ("option", "name"),
    [
        ("--bible", "bible.yaml"),
        ("--baseline", "baseline.json"),
        ("--config", "settings.toml"),
        (None, "storylint.toml"),
    ],
)
def test_a_named_pipe_as_bible_baseline_or_project_file_is_refused(
    tmp_path: Path, option: str | None, name: str
) -> None:
    (tmp_path / "story.txt").write_text("Anna lit the lamp.\n\nBen took the keys.\n")
    os.mkfifo(tmp_path / name)  # opening it would block until a writer came: never
    args = [sys.executable, "-m", "storylint.cli", "check", "story.txt"]
    if option is not None:
        args += [option, name] + (["--no-config"] if option != "--config" else [])
    started = time.perf_counter()
    result = subprocess.run(
        args, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert time.perf_counter() - started < SECONDS
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stderr.count("\n") == 1, result.stderr
    assert name in result.stderr and "named pipe" in result.stderr, result.stderr
