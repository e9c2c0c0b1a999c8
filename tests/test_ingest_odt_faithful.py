"""OpenDocument text is read whole and as LibreOffice shows it.

Issue 17's rows for .odt: a file written by pandoc (pretty-printed XML, with
whitespace between elements) used to read as "contains no text"; footnotes
were spliced into the sentence ("Some text1Footnote text"). Files are built
here (with pandoc through pypandoc, or as raw content.xml) or are pandoc's own
test files (tests/fixtures/real/odt/, see SOURCES.md).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from storylint.ingest import extract_text, read_manuscript
from storylint.ingest.settings import ReadSettings, use_settings
from storylint.manuscript import Role

REAL = Path(__file__).parent / "fixtures" / "real" / "odt"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
NAMESPACES = (
    f'xmlns:office="{OFFICE}" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def build_odt(path: Path, body: str, automatic_styles: str = "") -> Path:
    """An .odt whose office:text is `body`, as any ODF writer lays it out."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {NAMESPACES} office:version="1.3">'
        f"<office:automatic-styles>{automatic_styles}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content)
    return path


def story(path: Path) -> list[str]:
    manuscript = read_manuscript(path)
    return [para.text for chapter in manuscript.chapters for para in chapter.paragraphs()]


# --- 6. pandoc's pretty-printed ODT, read whole ---------------------------------------------


def novel_markdown(chapters: int = 40, paragraphs: int = 40) -> tuple[str, list[str]]:
    """A novel-sized Markdown text (about Pride and Prejudice's 120,000 words), and its words."""
    parts: list[str] = []
    words: list[str] = []
    for c in range(1, chapters + 1):
        parts.append(f"# Chapter {c}")
        words += ["Chapter", str(c)]
        for n in range(paragraphs):
            sentence = (
                f"It is a truth universally acknowledged, said Elizabeth in chapter {c}, that "
                f"paragraph {n} of a good fortune must be in want of a wife, and Mr. Darcy "
                "walked on across the room without a word to anyone there."
            )
            text = " ".join([sentence] * 2)
            parts.append(text)
            words += re.findall(r"\w+", text)
    return "\n\n".join(parts) + "\n", words


def test_a_novel_written_by_pandoc_is_read_whole(tmp_path):
    pypandoc = pytest.importorskip("pypandoc")
    markdown, words = novel_markdown()
    path = tmp_path / "novel.odt"
    pypandoc.convert_text(markdown, "odt", format="md", outputfile=str(path))
    with zipfile.ZipFile(path) as archive:
        assert b">\n<text:p" in archive.read("content.xml")  # pretty-printed, as in the issue
    manuscript = read_manuscript(path)
    read = re.findall(r"\w+", manuscript.sources[0].text)
    assert read == words
    assert len(manuscript.chapters) == 40
    assert sum(len(p.text.split()) for ch in manuscript.chapters for p in ch.paragraphs()) > 100_000


def test_pandoc_footnotes_are_notes_at_the_end(tmp_path):
    pypandoc = pytest.importorskip("pypandoc")
    markdown = (
        "Mara kept the coat[^1] until spring.\n\nTom never asked for it.\n\n"
        "[^1]: The coat was grey wool.\n"
    )
    path = tmp_path / "notes.odt"
    pypandoc.convert_text(markdown, "odt", format="md", outputfile=str(path))
    assert extract_text(path) == (
        "Mara kept the coat until spring.\n\nTom never asked for it.\n\nThe coat was grey wool."
    )
    assert story(path) == ["Mara kept the coat until spring.", "Tom never asked for it."]


# --- spaces inside paragraphs ---------------------------------------------------------------


def test_spaces_tabs_and_line_breaks_are_the_writers(tmp_path):
    body = """
      <text:p>
        Mara  said,<text:s text:c="3"/>"Wait."<text:tab/>Tom
        <text:span>turned</text:span> <text:span>around.</text:span><text:line-break/>
        Then   he left.
      </text:p>
    """
    path = build_odt(tmp_path / "spaces.odt", body)
    assert extract_text(path) == 'Mara said,   "Wait."\tTom turned around.\nThen he left.'


def test_headings_lists_tables_and_sections_are_read(tmp_path):
    body = """
      <text:h text:outline-level="1">Chapter One</text:h>
      <text:section text:name="s1">
        <text:p>Mara packed.</text:p>
        <text:list><text:list-item><text:p>a coat</text:p></text:list-item>
          <text:list-item><text:p>a lamp</text:p></text:list-item></text:list>
        <table:table><table:table-column/>
          <table:table-row><table:table-cell><text:p>Tom</text:p></table:table-cell>
          <table:covered-table-cell/></table:table-row>
        </table:table>
      </text:section>
    """
    path = build_odt(tmp_path / "structure.odt", body)
    assert extract_text(path) == "Chapter One\n\nMara packed.\n\na coat\n\na lamp\n\nTom"
    assert read_manuscript(path).chapters[0].title == "Chapter One"


def test_title_style_through_an_automatic_style(tmp_path):
    styles = (
        '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>'
    )
    body = '<text:p text:style-name="P1">The Borrowed Coat</text:p><text:p>Mara left.</text:p>'
    manuscript = read_manuscript(build_odt(tmp_path / "title.odt", body, styles))
    assert manuscript.title == "The Borrowed Coat"


def test_comments_deletions_and_hidden_text_are_not_read(tmp_path):
    body = """
      <text:tracked-changes><text:changed-region text:id="c1"><text:deletion>
        <text:p>deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes>
      <text:p>Mara<text:change text:change-id="c1"/> left<office:annotation>
        <dc:creator>Ed</dc:creator><text:p>Cut this?</text:p></office:annotation> early.
        <text:hidden-text text:condition="ooow:x" text:string-value="secret" text:is-hidden="true"/>
      </text:p>
    """
    assert extract_text(build_odt(tmp_path / "hidden.odt", body)) == "Mara left early."


def test_a_text_box_is_its_own_paragraph_after_its_anchor(tmp_path):
    body = """
      <text:p>Tom pinned the note up.<draw:frame draw:name="f1"><draw:text-box>
        <text:p>GONE TO THE STATION.</text:p></draw:text-box></draw:frame></text:p>
      <text:p>Mara laughed.</text:p>
    """
    path = build_odt(tmp_path / "box.odt", body)
    assert extract_text(path).split("\n\n") == [
        "Tom pinned the note up.",
        "GONE TO THE STATION.",
        "Mara laughed.",
    ]


def test_a_hostile_space_count_is_bounded(tmp_path):
    body = '<text:p>a<text:s text:c="999999999"/>b</text:p>'
    text = extract_text(build_odt(tmp_path / "spaces.odt", body))
    assert text.startswith("a ") and text.endswith(" b") and len(text) < 2000


# --- tracked changes ------------------------------------------------------------------------


def test_tracked_changes_shown_by_default_and_rejected_when_asked(tmp_path):
    """LibreOffice keeps the changed text in the body and deletions in a change record."""
    body = """
      <text:tracked-changes>
        <text:changed-region text:id="c1"><text:deletion><office:change-info/>
          <text:p>red</text:p></text:deletion></text:changed-region>
        <text:changed-region text:id="c2"><text:insertion><office:change-info/>
          </text:insertion></text:changed-region>
        <text:changed-region text:id="c3"><text:deletion><office:change-info/>
          <text:p/><text:p/></text:deletion></text:changed-region>
        <text:changed-region text:id="c4"><text:insertion><office:change-info/>
          </text:insertion></text:changed-region>
      </text:tracked-changes>
      <text:p>Mara took the <text:change text:change-id="c1"/><text:change-start
        text:change-id="c2"/>grey<text:change-end text:change-id="c2"/> coat.<text:change
        text:change-id="c3"/>She left at dawn.</text:p>
      <text:p><text:change-start text:change-id="c4"/>Tom waved.</text:p>
      <text:p><text:change-end text:change-id="c4"/>The door shut.</text:p>
    """
    path = build_odt(tmp_path / "changes.odt", body)
    assert extract_text(path) == (
        "Mara took the grey coat.She left at dawn.\n\nTom waved.\n\nThe door shut."
    )
    with use_settings(ReadSettings(tracked_changes="reject")):
        assert extract_text(path) == (
            "Mara took the red coat.\n\nShe left at dawn.\n\nThe door shut."
        )


def test_pandocs_tracked_changes_file_rejected():
    with use_settings(ReadSettings(tracked_changes="reject")):
        assert extract_text(REAL / "trackedChanges.odt") == "Some text with deleted text."


# --- 7. footnotes and endnotes --------------------------------------------------------------


def test_odt_notes_are_not_spliced_into_the_sentence(tmp_path):
    body = """
      <text:p>Mara kept the coat<text:note text:id="n1" text:note-class="footnote">
        <text:note-citation>1</text:note-citation>
        <text:note-body><text:p>The coat was grey wool.</text:p></text:note-body>
      </text:note> until spring.</text:p>
      <text:p>Tom never asked<text:note text:id="n2" text:note-class="endnote">
        <text:note-citation>i</text:note-citation>
        <text:note-body><text:p>He had three others.</text:p></text:note-body>
      </text:note> for it.</text:p>
      <text:p>She sold it in May.</text:p>
    """
    path = build_odt(tmp_path / "notes.odt", body)
    assert extract_text(path).split("\n\n") == [
        "Mara kept the coat until spring.",
        "Tom never asked for it.",
        "She sold it in May.",
        "The coat was grey wool.",
        "He had three others.",
    ]
    manuscript = read_manuscript(path)
    assert {p.text: p.role for p in manuscript.apart} == {
        "The coat was grey wool.": Role.NOTE,
        "He had three others.": Role.NOTE,
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("footnote.odt", "Some text with a footnote.\n\nFootnote text"),
        ("endnote.odt", "Some text with an endnote.\n\nEndnote text"),
        ("simpleTable.odt", "Content\n\nMore content"),
        ("tab.odt", "Three tabs between A and B will be converted to one Space: A\t\t\tB."),
        ("trackedChanges.odt", "Some text with  and inserted text."),
    ],
)
def test_pandocs_odt_files(name, expected):
    assert extract_text(REAL / name) == expected


def test_a_whole_book_written_to_odt_by_pandoc_reads_like_pandoc_reads_it(tmp_path):
    """Every word pandoc reads back from the ODT it wrote, storylint reads too."""
    import collections

    pypandoc = pytest.importorskip("pypandoc")
    book = (
        Path(__file__).parent / "fixtures" / "real" / "epub" / "the-story-of-doctor-dolittle.epub"
    )
    path = tmp_path / "dolittle.odt"
    pypandoc.convert_file(str(book), "odt", outputfile=str(path))
    words = re.compile(r"\w+")
    ours = collections.Counter(words.findall(extract_text(path).casefold()))
    theirs = collections.Counter(
        words.findall(pypandoc.convert_file(str(path), "plain").casefold())
    )
    assert sum((ours & theirs).values()) / sum(theirs.values()) >= 0.99
    assert sum(len(p.split()) for p in story(path)) > 20_000
