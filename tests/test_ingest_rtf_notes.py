"""RTF files are read as Word shows them: notes kept apart, hidden text and codes left out.

Each RTF here is written by hand, as Word, TextEdit or pandoc write it, and
the assertions are what a writer would notice in `storylint extract`: a
footnote's words never inside the sentence that cites it (and no stray "1"
where its number was), the footnote itself kept as a note at the end, text
Word hides never read, a link read as the words Word shows and not as its
address. Every paragraph's text is exactly its slice of the extracted text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storylint.errors import InputError
from storylint.ingest import extract_text, read_manuscript
from storylint.ingest.settings import ReadSettings, use_settings
from storylint.manuscript import Manuscript, Role

REAL = Path(__file__).parent / "fixtures" / "real" / "rtf"
HEAD = r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}" + "\n"


def write(folder: Path, body: str, name: str = "story.rtf") -> Path:
    path = folder / name
    path.write_text(HEAD + body + "}", encoding="ascii")
    return path


def paragraphs(path: Path, settings: ReadSettings | None = None) -> list[str]:
    with use_settings(settings):
        return extract_text(path).split("\n\n")


def story(manuscript: Manuscript) -> list[str]:
    return [p.text for p in manuscript.paragraphs()]


def assert_offsets_exact(manuscript: Manuscript) -> None:
    for p in manuscript.all_paragraphs():
        assert 0 <= p.start < p.end <= len(p.source.text)
        assert p.text == p.source.text[p.start : p.end] == p.text.strip()


# --- footnotes and endnotes ---------------------------------------------------------------

NOTES = (
    r"\pard\plain Chapter One\par"
    "\n"
    r"\pard\plain Mara kept the coat{\super\chftn}"
    r"{\footnote\pard\plain\s246\fs20{\super\chftn} The coat was grey wool.}"
    r" until spring.\par"
    "\n"
    r"\pard\plain Tom never asked{\super\chftn}"
    r"{\footnote\ftnalt\pard\plain\s246{\super\chftn} He had three others.\par}"
    r" for it.\par"
    "\n"
    r"\pard\plain She sold it in May.\par"
)


def test_a_footnote_stays_out_of_its_sentence_and_is_kept_as_a_note(tmp_path):
    path = write(tmp_path, NOTES)
    assert paragraphs(path) == [
        "Chapter One",
        "Mara kept the coat until spring.",  # not "coat1The coat was grey wool. until"
        "Tom never asked for it.",
        "She sold it in May.",
        "The coat was grey wool.",  # notes at the end, in the order they are cited
        "He had three others.",  # an endnote (\ftnalt) too
    ]
    manuscript = read_manuscript(path)
    assert story(manuscript) == [
        "Mara kept the coat until spring.",
        "Tom never asked for it.",
        "She sold it in May.",
    ]
    apart = {p.text: p.role for p in manuscript.apart}
    assert apart["The coat was grey wool."] is Role.NOTE
    assert apart["He had three others."] is Role.NOTE
    assert_offsets_exact(manuscript)


def test_a_footnote_of_several_paragraphs_and_pandocs_starred_footnote(tmp_path):
    """pandoc writes {\\*\\footnote ...}: Word knows the destination, so it is read."""
    body = (
        r"\pard Ivy laughed.{\super\chftn}{\*\footnote\chftn\~\plain\pard"
        r"{\pard First part of the note.\par}{\pard Second part.\par}}"
        r" Then she left.\par"
    )
    assert paragraphs(write(tmp_path, body)) == [
        "Ivy laughed. Then she left.",
        "First part of the note.",
        "Second part.",
    ]


def test_pandocs_footnote_file_reads_its_sentence_whole_and_its_notes_after():
    manuscript = read_manuscript(REAL / "footnote.rtf")
    (sentence,) = story(manuscript)
    assert sentence.startswith("Mead's landmark study has been amply annotated. It was her work")
    assert "As others have noted, this period was a turning point" in sentence
    assert "bibliography" not in sentence
    notes = [p.text for p in manuscript.apart if p.role is Role.NOTE]
    assert notes == [
        "See Sahlins, Bateson, and Geertz for a complete bibliography.",
        "A complete bibliography will be found at the end of this chapter.",
    ]
    assert_offsets_exact(manuscript)


# --- hidden text -----------------------------------------------------------------------------


def test_hidden_text_is_not_read(tmp_path):
    body = (
        r"\pard Anna lit the lamp.\v  She is the killer.\v0  Ben came in.\par"
        "\n"
        r"\pard The door {\v (check the date) }was open.\par"
        "\n"
        r"\pard\plain {\v Cut scene that Word hides.\par}"
        r"\pard She left.\par"
    )
    path = write(tmp_path, body)
    assert paragraphs(path) == [
        "Anna lit the lamp. Ben came in.",
        "The door was open.",
        "She left.",  # the hidden paragraph leaves no empty paragraph (no scene break)
    ]
    assert "killer" not in extract_text(path)


def test_plain_ends_hidden_text(tmp_path):
    body = r"\pard\v Secret.\plain  Shown.\par"
    assert paragraphs(write(tmp_path, body)) == ["Shown."]


# --- fields and destinations a writer does not see -------------------------------------------


def test_a_field_reads_as_its_result_never_its_instruction(tmp_path):
    body = (
        r"\pard See {\field{\*\fldinst{HYPERLINK \"http://example.com/\"}}"
        r"{\fldrslt{\ul the map}}} of the city.\par"
        "\n"
        r"\pard Page {\field{\fldinst PAGE}{\fldrslt 7}} ends here.\par"
    )
    path = write(tmp_path, body)
    assert paragraphs(path) == ["See the map of the city.", "Page 7 ends here."]
    text = extract_text(path)
    assert "HYPERLINK" not in text and "example" not in text and "PAGE" not in text


def test_tables_styles_info_pictures_and_unknown_destinations_are_not_story(tmp_path):
    path = tmp_path / "story.rtf"
    path.write_text(
        r"{\rtf1\ansi\deff0{\fonttbl{\f0\fswiss Helvetica;}{\f1 Courier;}}"
        r"{\colortbl;\red255\green0\blue0;}"
        r"{\stylesheet{\s0 Normal;}{\s1 heading 1;}}"
        r"{\info{\title The Secret Title}{\author Jane Writer}}"
        r"{\header \pard Running Head\par}{\footer \pard Footer Text\par}"
        r"{\*\generator Some Writer App;}{\*\unknownthing Mystery words}"
        r"\pard Before the picture.{\pict\pngblip 89504e470d0a1a0a}"
        r"{\*\bkmkstart mark}{\*\bkmkend mark} After it.\par"
        r"{\listtext 1.\tab}\pard Item one.\par"
        "}",
        encoding="ascii",
    )
    assert paragraphs(path) == ["Before the picture. After it.", "Item one."]


def test_binary_picture_data_is_skipped_by_its_length(tmp_path):
    body = r"\pard Start.{\pict\bin5 }{{{ \par}end.\par"
    assert paragraphs(write(tmp_path, body)) == ["Start.end."]


def test_a_text_box_is_read_after_its_paragraph_once(tmp_path):
    """Word writes the box twice: the shape's \\shptxt and a \\shprslt fallback copy."""
    box = (
        r"{\shp{\*\shpinst\shpleft0{\sp{\sn shapeType}{\sv 202}}"
        r"{\shptxt \pard\plain WANTED: Tom Reed\par \pard Reward offered.\par}}"
        r"{\shprslt{\*\do\dobxcolumn{\dptxbx{\pard WANTED: Tom Reed\par}}}}}"
    )
    body = r"\pard The sign on the door" + box + r" was new.\par \pard Ivy read it.\par"
    assert paragraphs(write(tmp_path, body)) == [
        "The sign on the door was new.",
        "WANTED: Tom Reed",
        "Reward offered.",
        "Ivy read it.",
    ]


# --- characters --------------------------------------------------------------------------------


def test_characters_escapes_and_code_pages(tmp_path):
    path = tmp_path / "story.rtf"
    path.write_text(
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times;}{\f1\fcharset204 Times Cyr;}}"
        r"\pard Caf\'e9 \u8212? the end.\line Next line.\par"
        r"\pard {\f1 \'cf\'f0\'e8\'e2\'e5\'f2}, said {\uc0\u8220 Ivy\u8221}.\par"
        r"\pard Emoji \u-10179?\u-8694? here.\par"
        r"\pard x\~y co\-operate e\_mail\tab end\par"
        "}",
        encoding="ascii",
    )
    # \uc0 in a group skips no fallback there; outside it, the "?" after \uN is skipped.
    assert paragraphs(path) == [
        "Café \u2014 the end.\nNext line.",
        "Привет, said \u201cIvy\u201d.",
        "Emoji \U0001f60a here.",
        "x\xa0y cooperate e-mail\tend",
    ]


def test_table_cells_are_paragraphs(tmp_path):
    body = (
        r"\trowd\cellx2000\cellx4000\pard\intbl North\cell\pard\intbl South\cell\row"
        r"\pard After.\par"
    )
    assert paragraphs(write(tmp_path, body)) == ["North", "South", "After."]


# --- tracked changes ---------------------------------------------------------------------------


def test_tracked_changes_follow_the_setting(tmp_path):
    body = r"\pard Tom dropped his {\deleted red}{\revised blue} coat.\par"
    path = write(tmp_path, body)
    assert paragraphs(path) == ["Tom dropped his blue coat."]
    assert paragraphs(path, ReadSettings(tracked_changes="reject")) == ["Tom dropped his red coat."]


# --- broken input ------------------------------------------------------------------------------


def test_a_file_nested_too_deep_is_refused_in_one_line(tmp_path):
    path = write(tmp_path, "{" * 5000 + "deep" + "}" * 5000)
    with pytest.raises(InputError, match=r"story\.rtf: is nested more than 1,000 deep"):
        read_manuscript(path)


def test_unbalanced_and_truncated_rtf_still_reads(tmp_path):
    path = tmp_path / "cut.rtf"
    path.write_text(r"{\rtf1\ansi \pard First.\par \pard Second\'", encoding="ascii")
    assert paragraphs(path) == ["First.", "Second"]
    path.write_text(r"{\rtf1\ansi \pard Only this.\par}} After the end.\par", encoding="ascii")
    assert paragraphs(path) == ["Only this."]


def test_cli_extract_shows_the_note_after_the_story(tmp_path):
    path = write(tmp_path, NOTES)
    result = subprocess.run(
        [sys.executable, "-m", "storylint.cli", "extract", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Mara kept the coat until spring." in result.stdout
    assert result.stdout.rstrip().endswith("He had three others.")
