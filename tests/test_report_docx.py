"""Word comments (`--format docx`): a reviewed copy a writer opens in Word or LibreOffice.

The documents are built here with python-docx (nothing binary is committed):
formatted runs across a passage, passages spanning runs and paragraphs, line
breaks, tables. Each output is reopened with python-docx and lxml and checked
the way a writer would notice: every comment by "storylint" sits on exactly
the quoted words, the text and its bold and italics are untouched, and the
original file is byte-identical afterwards.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from lxml import etree

from report_helpers import marilyn_docx
from storylint.cli import cli
from storylint.findings import Evidence, Finding, Severity
from storylint.ingest import extract_text, read_manuscript
from storylint.ingest.blocks import normalize_paragraph
from storylint.ingest.readers.docx_format import paragraph_blocks, read_docx
from storylint.manuscript import SourceText
from storylint.report import REPORTERS, ManuscriptResult, Report
from storylint.report.docx_comments import AUTHOR, INITIALS

MARILYN = Path(__file__).parent / "fixtures" / "to-marilyn.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- building manuscripts -------------------------------------------------------------


def formatted_docx(folder: Path) -> Path:
    """A short story whose passages cross bold, italic, line breaks, paragraphs and a table."""
    document = docx.Document()
    document.add_paragraph("Chapter One", style="Heading 1")
    p = document.add_paragraph("Tom dropped ")
    p.add_run("his grey coat").bold = True
    p.add_run(" over Mara's ").italic = True
    p.add_run("shoulders.")
    p = document.add_paragraph("She walked to the station ")
    p.add_run("alone").italic = True
    p.add_run(".")
    document.add_paragraph("")  # a scene break, as writers make one in Word
    p = document.add_paragraph("  The letter read: ")
    p.add_run("Dear Tom,").add_break(WD_BREAK.LINE)
    p.add_run("   come home.  ")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Tom's list"
    table.cell(0, 1).text = "coat, hat, gloves"
    document.add_paragraph("Chapter Two", style="Heading 1")
    p = document.add_paragraph("At home ")
    p.add_run("she hung").bold = True
    p.add_run(" her coat by the door.")
    path = folder / "formatted.docx"
    document.save(str(path))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def evidence(source: SourceText, needle: str, role: str) -> Evidence:
    start = source.text.index(needle)
    return Evidence(source, start, start + len(needle), role)


def report_for(path: Path, findings_of) -> Report:
    manuscript = read_manuscript(str(path))
    source = manuscript.sources[0]
    result = ManuscriptResult(
        path=manuscript.path,
        findings=findings_of(source),
        sources=[s.path for s in manuscript.sources],
    )
    return Report(results=[result])


def finding(rule: str, *evidences: Evidence, message: str = "A coat changes hands.") -> Finding:
    return Finding(
        rule=rule,
        name="test-rule",
        severity=Severity.WARNING,
        confidence=0.8,
        message=message,
        evidence=list(evidences),
        explanation="Nothing between the passages explains it.",
    )


# --- reading the output back ----------------------------------------------------------


def comments(data: bytes) -> dict[str, dict]:
    """Comment id -> author, initials, text, from word/comments.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/comments.xml"))
    found = {}
    for comment in root.iter(f"{W}comment"):
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in comment.iter(f"{W}p")]
        found[comment.get(f"{W}id")] = {
            "author": comment.get(f"{W}author"),
            "initials": comment.get(f"{W}initials"),
            "text": "\n".join(paragraphs).strip(),
        }
    return found


def anchored_text(data: bytes) -> dict[str, str]:
    """Comment id -> the document text between its commentRangeStart and commentRangeEnd."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    open_ids: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag
        if event == "start" and tag == f"{W}commentRangeStart":
            open_ids[element.get(f"{W}id")] = []
        elif event == "start" and tag == f"{W}commentRangeEnd":
            done[element.get(f"{W}id")] = "".join(open_ids.pop(element.get(f"{W}id")))
        elif event == "start" and tag in (f"{W}t", f"{W}tab", f"{W}br"):
            piece = {f"{W}tab": "\t", f"{W}br": "\n"}.get(tag, element.text or "")
            for parts in open_ids.values():
                parts.append(piece)
        elif event == "end" and tag == f"{W}p":
            for parts in open_ids.values():
                parts.append("\n")
    assert not open_ids, "a comment range was never closed"
    return done


def referenced_ids(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    return [e.get(f"{W}id") for e in body.iter(f"{W}commentReference")]


def all_paragraphs(document) -> list:
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for cell in table._cells:
            paragraphs.extend(cell.paragraphs)
    return paragraphs


def styled_characters(document) -> list[tuple[str, bool | None, bool | None]]:
    """Every character of the text with its run's bold and italic: what formatting looks like."""
    return [
        (char, run.bold, run.italic)
        for paragraph in all_paragraphs(document)
        for run in paragraph.runs
        for char in run.text
    ]


def squash(text: str) -> str:
    return " ".join(text.split())


def reviewed(path: Path, findings_of) -> bytes:
    data = REPORTERS["docx"](report_for(path, findings_of))
    assert isinstance(data, bytes) and data.startswith(b"PK")
    return data


# --- the reader's walk agrees with the reader ----------------------------------------


def test_paragraph_blocks_agree_with_the_reader_on_every_paragraph(tmp_path) -> None:
    from fixtures.ingest import make_fixtures

    for path in (formatted_docx(tmp_path), make_fixtures.make_docx(tmp_path)):
        text = extract_text(str(path))
        parsed = read_docx(path)
        pairs = paragraph_blocks(docx.Document(str(path)))
        assert [(b.start, b.end) for _, b in pairs] == [(b.start, b.end) for b in parsed.blocks]
        for paragraph, block in pairs:
            assert text[block.start : block.end] == normalize_paragraph(paragraph.text)
    # The table's cells and the line break inside a paragraph are part of the walk.
    text = extract_text(str(tmp_path / "formatted.docx"))
    assert "Tom's list\n\ncoat, hat, gloves" in text
    assert "The letter read: Dear Tom,\ncome home." in text


# --- anchoring ------------------------------------------------------------------------


def test_comment_spans_plain_bold_and_italic_runs_and_keeps_their_formatting(tmp_path) -> None:
    path = formatted_docx(tmp_path)
    before = docx.Document(str(path))
    data = reviewed(
        path, lambda s: [finding("OBJ900", evidence(s, "dropped his grey coat over", "x"))]
    )
    (only,) = comments(data).values()
    assert only["author"] == AUTHOR == "storylint" and only["initials"] == INITIALS == "SL"
    assert list(anchored_text(data).values()) == ["dropped his grey coat over"]
    after = docx.Document(io.BytesIO(data))
    assert styled_characters(after) == styled_characters(before)
    bold = [r for r in after.paragraphs[1].runs if r.bold]
    assert [r.text for r in bold] == ["his grey coat"]


def test_passage_inside_one_bold_run_splits_it_into_bold_halves(tmp_path) -> None:
    path = formatted_docx(tmp_path)
    data = reviewed(path, lambda s: [finding("OBJ900", evidence(s, "grey", "contradiction"))])
    assert list(anchored_text(data).values()) == ["grey"]
    runs = docx.Document(io.BytesIO(data)).paragraphs[1].runs
    texts = [(r.text, r.bold) for r in runs if r.text]
    assert texts[:4] == [("Tom dropped ", None), ("his ", True), ("grey", True), (" coat", True)]


def test_passage_across_two_paragraphs_and_across_a_line_break(tmp_path) -> None:
    path = formatted_docx(tmp_path)

    def findings(source: SourceText) -> list[Finding]:
        return [
            finding("OBJ900", evidence(source, "shoulders.\n\nShe walked", "contradiction")),
            finding("OBJ901", evidence(source, "Dear Tom,\ncome", "contradiction")),
        ]

    data = reviewed(path, findings)
    texts = sorted(squash(t) for t in anchored_text(data).values())
    # Word's own text keeps the spaces around the line break that the extracted text strips.
    assert texts == ["Dear Tom, come", "shoulders. She walked"]


def test_passage_in_a_table_cell_and_text_unchanged(tmp_path) -> None:
    path = formatted_docx(tmp_path)
    before = [p.text for p in all_paragraphs(docx.Document(str(path)))]
    data = reviewed(path, lambda s: [finding("OBJ900", evidence(s, "hat", "contradiction"))])
    assert list(anchored_text(data).values()) == ["hat"]
    after = [p.text for p in all_paragraphs(docx.Document(io.BytesIO(data)))]
    assert after == before
    out = tmp_path / "reviewed.docx"
    out.write_bytes(data)
    assert extract_text(str(out)) == extract_text(str(path))


def test_established_passage_gets_a_short_comment_pointing_at_the_contradiction(
    tmp_path,
) -> None:
    path = formatted_docx(tmp_path)

    def findings(source: SourceText) -> list[Finding]:
        return [
            finding(
                "OBJ900",
                evidence(source, "his grey coat", "established"),
                evidence(source, "her coat", "contradiction"),
                message="The coat was Tom's but is later called hers.",
            )
        ]

    data = reviewed(path, findings)
    notes = comments(data)
    anchors = anchored_text(data)
    by_anchor = {anchors[i]: notes[i]["text"] for i in notes}
    main = by_anchor["her coat"]
    assert main.startswith("OBJ900 test-rule (warning, confidence 0.80)")
    assert "The coat was Tom's but is later called hers." in main
    assert "Why: Nothing between the passages explains it." in main
    assert "Established: “his grey coat”" in main
    linked = by_anchor["his grey coat"]
    assert linked.startswith("OBJ900 test-rule: established here")
    assert "See the comment on “her coat”" in linked
    assert sorted(referenced_ids(data)) == sorted(notes)


def test_passages_into_and_out_of_a_hyperlink(tmp_path) -> None:
    from docx.oxml.parser import OxmlElement

    document = docx.Document()
    paragraph = document.add_paragraph("They met at the ")
    link = OxmlElement("w:hyperlink", attrs={qn("w:anchor"): "hotel"})
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:t"))
    run[0].text = "Station Hotel bar"
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(" that night.")
    path = tmp_path / "link.docx"
    document.save(str(path))

    def findings(source: SourceText) -> list[Finding]:
        return [
            finding("OBJ900", evidence(source, "the Station", "contradiction")),
            finding("OBJ901", evidence(source, "Hotel bar that", "contradiction")),
        ]

    data = reviewed(path, findings)
    assert sorted(anchored_text(data).values()) == ["Hotel bar that", "the Station"]
    assert (
        docx.Document(io.BytesIO(data)).paragraphs[0].text
        == "They met at the Station Hotel bar that night."
    )


def test_findings_sharing_a_passage_each_get_their_own_comment(tmp_path) -> None:
    path = formatted_docx(tmp_path)

    def findings(source: SourceText) -> list[Finding]:
        return [
            finding("OBJ900", evidence(source, "her coat by", "contradiction")),
            finding("OBJ901", evidence(source, "coat", "contradiction")),
            finding("OBJ902", evidence(source, "her coat by", "contradiction")),
        ]

    data = reviewed(path, findings)
    assert len(comments(data)) == 3
    assert sorted(anchored_text(data).values()) == ["coat", "her coat by", "her coat by"]


def test_passage_from_the_story_bible_is_quoted_not_anchored(tmp_path) -> None:
    path = formatted_docx(tmp_path)
    bible = SourceText("bible.yaml", "Tom:\n  coat: grey\n")

    def findings(source: SourceText) -> list[Finding]:
        return [
            finding(
                "CHR900",
                Evidence(bible, 7, 17, "established"),
                evidence(source, "his grey coat", "contradiction"),
            )
        ]

    data = reviewed(path, findings)
    (note,) = comments(data).values()
    assert "Established in bible.yaml, line 2: “coat: grey”" in note["text"]
    assert list(anchored_text(data).values()) == ["his grey coat"]


def test_existing_editor_comments_are_kept(tmp_path) -> None:
    path = formatted_docx(tmp_path)
    document = docx.Document(str(path))
    document.add_comment(document.paragraphs[2].runs[0], text="Lovely.", author="Editor")
    document.save(str(path))
    data = reviewed(path, lambda s: [finding("OBJ900", evidence(s, "alone", "contradiction"))])
    notes = comments(data)
    assert sorted(n["author"] for n in notes.values()) == ["Editor", "storylint"]
    assert len(set(referenced_ids(data))) == 2


def test_a_changed_manuscript_is_refused_not_misannotated(tmp_path) -> None:
    from storylint.errors import StorylintError

    path = formatted_docx(tmp_path)
    report = report_for(path, lambda s: [finding("OBJ900", evidence(s, "alone", "x"))])
    document = docx.Document(str(path))
    document.paragraphs[1].runs[0].text = "Tom threw "
    document.save(str(path))
    with pytest.raises(StorylintError, match="changed while it was being checked"):
        REPORTERS["docx"](report)


def test_xml_control_characters_in_a_message_do_not_break_the_file(tmp_path) -> None:
    path = formatted_docx(tmp_path)
    data = reviewed(
        path,
        lambda s: [finding("OBJ900", evidence(s, "alone", "x"), message="Odd\x01 <message> & co")],
    )
    (note,) = comments(data).values()
    assert "Odd <message> & co" in note["text"]


# --- the command, on real findings ----------------------------------------------------


@pytest.fixture(scope="module")
def marilyn_review(tmp_path_factory) -> tuple[Path, Path, str, bytes]:
    """`storylint check to-marilyn.docx --format docx -o reviewed.docx`, run once."""
    folder = tmp_path_factory.mktemp("marilyn")
    manuscript = marilyn_docx(folder)
    before = digest(manuscript)
    output = folder / "reviewed.docx"
    result = CliRunner().invoke(
        cli, ["check", str(manuscript), "--format", "docx", "-o", str(output)]
    )
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    return manuscript, output, before, output.read_bytes()


def test_real_findings_become_comments_on_the_coat_passages(marilyn_review) -> None:
    manuscript, _, _, data = marilyn_review
    notes = comments(data)
    anchors = anchored_text(data)
    assert all(n["author"] == "storylint" and n["initials"] == "SL" for n in notes.values())
    by_anchor = {anchors[i]: notes[i]["text"] for i in notes}
    # OBJ001: the coat Derek lends Ivy becomes "her coat" (the slip the author admits).
    assert by_anchor["She took off her coat"].startswith("OBJ001 object-owner-changed")
    assert "“dropped his coat over her shoulders”" in by_anchor["She took off her coat"]
    assert by_anchor["dropped his coat over her shoulders"].startswith(
        "OBJ001 object-owner-changed: established here"
    )
    # OBJ002: the coat slid off, yet she stands draped in it.
    assert by_anchor["loosely draped in his coat"].startswith("OBJ002")
    assert "his coat sliding off" in by_anchor
    assert sorted(referenced_ids(data)) == sorted(notes)


def test_review_leaves_the_manuscript_and_its_text_untouched(marilyn_review) -> None:
    manuscript, output, before, _ = marilyn_review
    assert digest(manuscript) == before
    assert extract_text(str(output)) == extract_text(str(manuscript))
    original = docx.Document(str(manuscript))
    assert styled_characters(docx.Document(str(output))) == styled_characters(original)


def test_docx_request_errors_are_one_line_and_exit_2(tmp_path) -> None:
    manuscript = formatted_docx(tmp_path)
    before = digest(manuscript)
    text_file = tmp_path / "story.txt"
    text_file.write_text("Tom dropped his coat.\n", encoding="utf-8")
    cases = {
        (str(manuscript),): "name it with -o FILE.docx",
        (str(text_file), "-o", str(tmp_path / "x.docx")): "needs a .docx manuscript",
        (str(tmp_path), "-o", str(tmp_path / "x.docx")): "not a folder",
        (str(manuscript), str(manuscript), "-o", str(tmp_path / "x.docx")): "one .docx",
        (str(manuscript), "-o", str(manuscript)): "not overwriting it",
    }
    for args, expected in cases.items():
        result = CliRunner().invoke(cli, ["check", "--format", "docx", *args])
        assert result.exit_code == 2, args
        assert expected in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
        assert "Traceback" not in result.output
    assert digest(manuscript) == before
    assert not (tmp_path / "x.docx").exists()


def test_unreadable_docx_writes_no_file(tmp_path) -> None:
    output = tmp_path / "reviewed.docx"
    result = CliRunner().invoke(
        cli, ["check", str(tmp_path / "missing.docx"), "--format", "docx", "-o", str(output)]
    )
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    assert not output.exists()


# --- LibreOffice --------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui to run this);"
    " CI does not install it",
)
def test_libreoffice_opens_the_review_and_keeps_every_comment(marilyn_review, tmp_path) -> None:
    _, output, _, data = marilyn_review
    profile = tmp_path / "profile"  # a private profile: parallel runs must not share one
    result = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    converted = tmp_path / "reviewed.odt"
    assert result.returncode == 0 and converted.exists(), result.stderr
    with zipfile.ZipFile(converted) as archive:
        content = archive.read("content.xml").decode("utf-8")
    annotations = re.findall(r"<office:annotation\b.*?</office:annotation>", content, re.S)
    assert len(annotations) == len(comments(data))
    assert all("<dc:creator>storylint</dc:creator>" in a for a in annotations)
    assert any("OBJ001 object-owner-changed" in a for a in annotations)
    # The anchored range survives: it ends right after the quoted passage.
    plain = re.sub(r"<office:annotation\b.*?</office:annotation>", "", content, flags=re.S)
    assert re.search(r"She took off her coat<office:annotation-end", plain)
