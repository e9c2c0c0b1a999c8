"""Word documents are read as Word shows them: nothing the writer sees is dropped or spliced.

Issue 17's rows for .docx: tracked changes (insertions and moves in, deletions
out; the opposite with `tracked_changes = "reject"`), smart tags, content
controls, custom XML, simple fields and hyperlinks, text boxes, drop caps,
footnotes and endnotes. Each is shown twice where we can: on a document built
here as Word writes it (tests/word_fixtures.py), and on pandoc's own test
file (tests/fixtures/real/docx/, see SOURCES.md). Then the Word comments
reporter, which maps findings back to Word runs through the same walk, is
shown anchoring comments on words that come from those places.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from storylint.ingest import extract_text, read_manuscript
from storylint.ingest.blocks import normalize_paragraph
from storylint.ingest.readers.docx_format import paragraph_blocks, read_docx
from storylint.ingest.settings import ReadSettings, use_settings
from storylint.manuscript import Role
from word_fixtures import build_docx, deleted, ins, p, r, textbox

REAL = Path(__file__).parent / "fixtures" / "real" / "docx"
REJECT = ReadSettings(tracked_changes="reject")


def text_of(path: Path, settings: ReadSettings | None = None) -> str:
    with use_settings(settings):
        return extract_text(path)


def story(path: Path) -> list[str]:
    """The text of every story paragraph, in order: what the checks read."""
    manuscript = read_manuscript(path)
    return [para.text for chapter in manuscript.chapters for para in chapter.paragraphs()]


# --- 1. tracked changes ------------------------------------------------------------------


def test_tracked_insertions_in_and_deletions_out_or_the_reverse_when_rejected(tmp_path):
    path = build_docx(
        tmp_path / "changes.docx",
        p(r("Mara took the "), deleted("red"), ins(r("grey")), r(" coat and left.")),
    )
    assert text_of(path) == "Mara took the grey coat and left."
    assert text_of(path, REJECT) == "Mara took the red coat and left."


def test_a_moved_paragraph_is_read_where_it_went_or_where_it_was(tmp_path):
    moved = "The letter came on Tuesday."
    body = (
        p(
            '<w:moveFrom w:id="3" w:author="Ed" w:date="2024-01-01T00:00:00Z">' + r(moved),
            "</w:moveFrom>",
            ppr='<w:rPr><w:moveFrom w:id="4" w:author="Ed" w:date="2024-01-01T00:00:00Z"/></w:rPr>',
        )
        + p(r("Tom read it twice."))
        + p(
            '<w:moveTo w:id="5" w:author="Ed" w:date="2024-01-01T00:00:00Z">' + r(moved),
            "</w:moveTo>",
            ppr='<w:rPr><w:moveTo w:id="6" w:author="Ed" w:date="2024-01-01T00:00:00Z"/></w:rPr>',
        )
        + p(r("Then he burned it."))
    )
    path = build_docx(tmp_path / "move.docx", body)
    assert text_of(path).split("\n\n") == [
        "Tom read it twice.",
        moved,
        "Then he burned it.",
    ]
    assert text_of(path, REJECT).split("\n\n") == [
        moved,
        "Tom read it twice.",
        "Then he burned it.",
    ]


def test_a_deleted_paragraph_mark_joins_the_paragraph_to_the_next(tmp_path):
    """Accepting a deleted paragraph mark runs the two paragraphs together, as Word does."""
    mark = '<w:rPr><w:del w:id="7" w:author="Ed" w:date="2024-01-01T00:00:00Z"/></w:rPr>'
    body = p(r("She waited by the door "), ppr=mark) + p(r("until dark."))
    path = build_docx(tmp_path / "joined.docx", body)
    assert text_of(path) == "She waited by the door until dark."
    assert text_of(path, REJECT) == "She waited by the door\n\nuntil dark."


def test_a_wholly_deleted_paragraph_leaves_no_gap_that_reads_as_a_scene_break(tmp_path):
    mark = '<w:rPr><w:del w:id="8" w:author="Ed" w:date="2024-01-01T00:00:00Z"/></w:rPr>'
    body = p(r("One.")) + p(deleted("Cut this."), ppr=mark) + p(r("Two."))
    assert text_of(build_docx(tmp_path / "cut.docx", body)) == "One.\n\nTwo."


def test_a_tracked_deleted_table_row_is_out(tmp_path):
    row = "<w:tr>{}<w:tc>" + p(r("{}")) + "</w:tc></w:tr>"
    gone = '<w:trPr><w:del w:id="9" w:author="Ed" w:date="2024-01-01T00:00:00Z"/></w:trPr>'
    body = "<w:tbl>" + row.format("", "kept") + row.format(gone, "dropped") + "</w:tbl>"
    path = build_docx(tmp_path / "rows.docx", body)
    assert text_of(path) == "kept"
    assert text_of(path, REJECT) == "kept\n\ndropped"


@pytest.mark.parametrize(
    ("name", "accepted", "rejected"),
    [
        (
            "track_changes_insertion.docx",
            "This is a text with two exciting insertions.",
            "This is a text with insertions.",
        ),
        (
            "track_changes_deletion.docx",
            "This is a text with a deletion.",
            "This is a text with an excessively modified deletion.",
        ),
        (
            "track_changes_move.docx",
            "Here is some text.\n\n\nHere is the text to be moved.\n\n\nHere is some more text.",
            "Here is some text.\n\n\nHere is some more text.\n\n\nHere is the text to be moved.",
        ),
        ("paragraph_insertion_deletion.docx", "This is a\n\nsplitParagraph.", None),
    ],
)
def test_pandocs_tracked_change_files(name, accepted, rejected):
    assert text_of(REAL / name) == accepted
    if rejected is not None:
        assert text_of(REAL / name, REJECT) == rejected


# --- 2. smart tags, content controls, custom XML, fields, hyperlinks ------------------------


def test_words_inside_wrappers_are_read(tmp_path):
    body = p(
        r("The king of "),
        '<w:smartTag w:uri="urn:places" w:element="place">'
        '<w:smartTag w:uri="urn:places" w:element="country">' + r("Egypt") + "</w:smartTag>"
        "</w:smartTag>",
        r(" died; the children of "),
        "<w:sdt><w:sdtPr><w:alias w:val='People'/></w:sdtPr><w:sdtContent>"
        + r("Israel")
        + "</w:sdtContent></w:sdt>",
        r(" sighed in "),
        '<w:customXml w:element="town">' + r("Goshen") + "</w:customXml>",
        r(" on "),
        '<w:fldSimple w:instr=" DATE \\@ &quot;dddd&quot; ">' + r("Monday") + "</w:fldSimple>",
        r(" at "),
        '<w:hyperlink r:id="rIdNone" w:anchor="x">' + r("dawn") + "</w:hyperlink>",
        r("."),
    )
    path = build_docx(tmp_path / "wrapped.docx", body)
    assert text_of(path) == (
        "The king of Egypt died; the children of Israel sighed in Goshen on Monday at dawn."
    )


def test_a_complex_field_shows_its_result_never_its_instructions(tmp_path):
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + r("page four")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    path = build_docx(tmp_path / "field.docx", p(r("See "), field, r(".")))
    assert text_of(path) == "See page four."


def test_a_body_that_is_all_content_controls_is_read_whole(tmp_path):
    """Templates often wrap every paragraph, and tables, in content controls."""
    cell = "<w:tc>" + p(r("Name: Mara")) + "</w:tc>"
    body = (
        "<w:sdt><w:sdtContent>"
        + p(r("Chapter One"), style="Heading1")
        + "<w:sdt><w:sdtContent>"
        + p(r("Mara lit the lamp."))
        + "</w:sdtContent></w:sdt>"
        + f"<w:tbl><w:tr><w:sdt><w:sdtContent>{cell}</w:sdtContent></w:sdt></w:tr></w:tbl>"
        + "</w:sdtContent></w:sdt>"
    )
    path = build_docx(tmp_path / "controls.docx", body)
    assert text_of(path) == "Chapter One\n\nMara lit the lamp.\n\nName: Mara"
    manuscript = read_manuscript(path)
    assert manuscript.chapters[0].title == "Chapter One"


def test_a_content_control_showing_its_placeholder_is_not_read(tmp_path):
    prompt = (
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + r("Click or tap here to enter text.")
        + "</w:sdtContent></w:sdt>"
    )
    path = build_docx(tmp_path / "prompt.docx", p(r("Mara left.")) + p(prompt))
    assert text_of(path) == "Mara left."


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("nested_smart_tags.docx", ["the king of Egypt died", "the children of Israel sighed"]),
        ("nested_sdt.docx", ["Test Paragraph1", "Test Paragraph2", "Test Paragraph3"]),
        ("sdt_elements.docx", ["col1 content", "Body copy", "col3 content"]),
    ],
)
def test_pandocs_wrapper_files(name, words):
    text = text_of(REAL / name)
    for phrase in words:
        assert phrase in text


# --- 3. text boxes ------------------------------------------------------------------------


def test_a_text_box_is_read_once_as_its_own_paragraphs_after_its_anchor(tmp_path):
    body = p(
        r("Tom pinned the note to the door."),
        textbox(p(r("GONE TO THE STATION.")), p(r("BACK BY NINE."))),
    ) + p(r("Mara read it and laughed."))
    path = build_docx(tmp_path / "box.docx", body)
    assert text_of(path).split("\n\n") == [
        "Tom pinned the note to the door.",
        "GONE TO THE STATION.",
        "BACK BY NINE.",
        "Mara read it and laughed.",
    ]


def test_pandocs_text_box_files_are_read_once():
    text = text_of(REAL / "text_in_shape_format.docx")
    assert "Valter Kiisk" in text and text.count("Valter Kiisk") == 1
    caption = text_of(REAL / "image_with_textbox_caption.docx")
    assert caption.count("Cantor'sches Diagonalverfahren") == 1


# --- 4. drop caps -------------------------------------------------------------------------


def test_a_drop_cap_joins_its_paragraph(tmp_path):
    drop = '<w:framePr w:dropCap="drop" w:lines="3" w:wrap="around" w:vAnchor="text"/>'
    body = p(r("O"), ppr=drop) + p(r("nce upon a time, Mara lived by the sea."))
    path = build_docx(tmp_path / "dropcap.docx", body)
    assert text_of(path) == "Once upon a time, Mara lived by the sea."
    assert story(path) == ["Once upon a time, Mara lived by the sea."]


def test_pandocs_drop_cap_file():
    assert text_of(REAL / "drop_cap.docx").split("\n\n\n") == [
        "Drop cap.",
        "Next paragraph.",
        "Drop cap in margin.",
        "Drop cap (not really).",
    ]


# --- 5. footnotes and endnotes ------------------------------------------------------------


def notes_docx(folder: Path) -> Path:
    body = (
        p(r("Chapter One"), style="Heading1")
        + p(
            r("Mara kept the coat"),
            '<w:r><w:footnoteReference w:id="1"/></w:r>',
            r(" until spring."),
        )
        + p(r("Tom never asked"), '<w:r><w:endnoteReference w:id="1"/></w:r>', r(" for it."))
        + p(r("She sold it in May."))
    )
    return build_docx(
        folder / "notes.docx",
        body,
        footnotes={1: "The coat was grey wool."},
        endnotes={1: "He had three others."},
    )


def test_notes_stay_out_of_the_sentence_and_are_not_story(tmp_path):
    path = notes_docx(tmp_path)
    assert text_of(path).split("\n\n") == [
        "Chapter One",
        "Mara kept the coat until spring.",
        "Tom never asked for it.",
        "She sold it in May.",
        "The coat was grey wool.",  # notes at the end, in the order they are cited
        "He had three others.",
    ]
    assert story(path) == [
        "Mara kept the coat until spring.",
        "Tom never asked for it.",
        "She sold it in May.",
    ]
    apart = {para.text: para.role for para in read_manuscript(path).apart}
    assert apart["The coat was grey wool."] is Role.NOTE
    assert apart["He had three others."] is Role.NOTE


def test_a_note_that_reads_like_an_end_note_takes_no_story_with_it(tmp_path):
    """A footnote "Note: ..." cited near a chapter's end leaves the last paragraphs story."""
    body = (
        p(r("Chapter One"), style="Heading1")
        + "".join(p(r(f"Paragraph {n} of the story goes on.")) for n in range(8))
        + p(r("She said carpe diem"), '<w:r><w:footnoteReference w:id="1"/></w:r>', r(" and left."))
        + p(r("Tom stayed behind."))
        + p(r("The end came soon."))
    )
    path = build_docx(
        tmp_path / "latin.docx", body, footnotes={1: "Note: Latin for seize the day."}
    )
    assert story(path)[-3:] == [
        "She said carpe diem and left.",
        "Tom stayed behind.",
        "The end came soon.",
    ]


def test_pandocs_notes_files():
    text = text_of(REAL / "notes.docx")
    assert "Test footnote. Test endnote." in text
    assert text.endswith("My note.\n\nThis is an endnote at the end of the document.")
    in_footnote = text_of(REAL / "sdt_in_footnote.docx")
    body, note = in_footnote.split("\n\n", 1)
    assert body == "Lorem ipsum dolor sit amet."
    assert note.strip().startswith("Vgl. Bitzios u. a.: Dissonance in the food traceability")


# --- the reader and the Word comments reporter agree ----------------------------------------


def wrapped_docx(folder: Path) -> Path:
    drop = '<w:framePr w:dropCap="drop" w:lines="3"/>'
    body = (
        p(r("Chapter One"), style="Heading1")
        + p(r("T"), ppr=drop)
        + p(r("om dropped his "), ins(r("grey")), deleted("red"), r(" coat."))
        + p(
            r("Mara wore it to "),
            "<w:sdt><w:sdtContent>"
            + '<w:smartTag w:element="place">'
            + r("the station")
            + "</w:smartTag></w:sdtContent></w:sdt>",
            r(" alone."),
            '<w:r><w:footnoteReference w:id="1"/></w:r>',
        )
        + p(r("The coat was blue."))
    )
    return build_docx(folder / "wrapped.docx", body, footnotes={1: "In winter."})


def test_paragraph_blocks_give_back_every_body_paragraph_with_its_offsets(tmp_path):
    path = wrapped_docx(tmp_path)
    text = extract_text(path)
    pairs = paragraph_blocks(docx.Document(str(path)))
    assert [text[b.start : b.end] for _, b in pairs] == [
        "Chapter One",
        "Tom dropped his grey coat.",
        "Mara wore it to the station alone.",
        "The coat was blue.",
    ]
    for paragraph, block in pairs:
        assert text[block.start : block.end] == normalize_paragraph(paragraph.text)
        assert len(paragraph.chars()) == len(paragraph.text)
    # The footnote is read, but is no place for a comment.
    assert "In winter." in text and len(pairs) == len(read_docx(path).blocks) - 1


def test_comments_anchor_on_words_from_insertions_content_controls_and_drop_caps(tmp_path):
    from test_report_docx import anchored_text, evidence, finding, reviewed

    path = wrapped_docx(tmp_path)
    data = reviewed(
        path,
        lambda s: [
            finding("OBJ900", evidence(s, "Tom dropped his grey", "x")),
            finding("OBJ901", evidence(s, "the station", "x")),
            finding("OBJ902", evidence(s, "grey coat", "x"), evidence(s, "blue", "y")),
        ],
    )
    anchored = sorted(anchored_text(data).values())
    assert anchored == sorted(["T\nom dropped his grey", "the station", "grey coat", "blue"])
    # The reviewed copy still reads the same.
    copy = tmp_path / "copy.docx"
    copy.write_bytes(data)
    assert extract_text(copy) == extract_text(path)


def test_a_finding_in_a_footnote_is_listed_not_misplaced(tmp_path):
    from test_report_docx import comments, evidence, finding, reviewed

    path = wrapped_docx(tmp_path)
    data = reviewed(
        path,
        lambda s: [finding("OBJ903", evidence(s, "blue", "x"), evidence(s, "In winter.", "y"))],
    )
    (only,) = comments(data).values()
    assert "In winter." in only["text"]


def test_comments_anchor_right_on_a_file_checked_with_changes_rejected(tmp_path):
    """The reporter reads the file with the settings recorded on the result, even though
    they are no longer in force when it renders."""
    from storylint.report import REPORTERS
    from test_report_docx import anchored_text, evidence, finding, report_for

    path = wrapped_docx(tmp_path)
    with use_settings(REJECT):
        report = report_for(path, lambda s: [finding("OBJ904", evidence(s, "red coat", "x"))])
    report.results[0].read_settings = REJECT  # as `storylint check` records it
    assert "Tom dropped his red coat." in report.results[0].findings[0].evidence[0].source.text
    data = REPORTERS["docx"](report)
    # The deleted word is w:delText, which the shared helper does not count; the comment
    # starts on it ("red" then " coat").
    assert list(anchored_text(data).values()) == [" coat"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    start = xml.index("<w:commentRangeStart")
    assert xml.index(">red</w:delText>") > start > xml.index(">om dropped his </w:t>")


# --- characters inside runs -----------------------------------------------------------------


def test_tabs_breaks_hyphens_and_symbols_read_as_word_shows_them(tmp_path):
    body = p(
        r("Mara"),
        "<w:r><w:tab/></w:r>",
        r("well"),
        "<w:r><w:noBreakHyphen/></w:r>",
        r("known, re"),
        "<w:r><w:softHyphen/></w:r>",
        r("turned"),
        "<w:r><w:br/></w:r>",
        r("home"),
        '<w:r><w:sym w:font="Wingdings" w:char="2014"/></w:r>',
        r("late"),
        '<w:r><w:sym w:font="Symbol" w:char="D800"/></w:r>',
        r("."),
    )
    path = build_docx(tmp_path / "chars.docx", body)
    assert text_of(path) == "Mara\twell-known, returned\nhome\u2014late."


# --- word agreement with pandoc on a whole book ---------------------------------------------


def agreement(path: Path) -> float:
    """Share of pandoc's words (`-t plain`) that storylint's extracted text also has."""
    import collections
    import re

    pypandoc = pytest.importorskip("pypandoc")
    words = re.compile(r"\w+")
    ours = collections.Counter(words.findall(extract_text(path).casefold()))
    theirs = collections.Counter(
        words.findall(pypandoc.convert_file(str(path), "plain").casefold())
    )
    return sum((ours & theirs).values()) / sum(theirs.values())


def test_a_whole_book_written_to_word_by_pandoc_reads_like_pandoc_reads_it(tmp_path):
    pypandoc = pytest.importorskip("pypandoc")
    book = (
        Path(__file__).parent / "fixtures" / "real" / "epub" / "the-story-of-doctor-dolittle.epub"
    )
    path = tmp_path / "dolittle.docx"
    pypandoc.convert_file(str(book), "docx", outputfile=str(path))
    assert agreement(path) >= 0.99
    assert sum(len(p.split()) for p in story(path)) > 20_000
