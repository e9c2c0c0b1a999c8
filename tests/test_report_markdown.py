"""`--format markdown`: a review a writer reads as is, or pastes into an issue tracker.

Rendered here with markdown-it-py (CommonMark plus GitHub's tables and
strikethrough, the way trackers render it), so the tests check what the
writer sees, not only the raw text: a passage full of `*`, `#`, `|` and `<`
stays the writer's words, never emphasis, headings, broken tables or HTML.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from report_helpers import sample_report
from storylint.cli import cli
from storylint.findings import Evidence, Finding, Severity
from storylint.manuscript import SourceText
from storylint.report import REPORTERS, ManuscriptResult, Report
from storylint.report.base import one_line
from storylint.report.markdown import escape

markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py (a rich dependency)")
MARILYN = Path(__file__).parent / "fixtures" / "to-marilyn.txt"


def rendered(markdown: str) -> html.HtmlElement:
    md = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return html.fromstring(f"<div>{md.render(markdown)}</div>")


def test_markdown_is_registered() -> None:
    assert "markdown" in REPORTERS
    assert isinstance(REPORTERS["markdown"](sample_report()), str)


def test_review_has_title_summary_table_and_one_section_per_finding() -> None:
    out = REPORTERS["markdown"](sample_report())
    page = rendered(out)
    assert page.xpath("string(//h1)") == "storylint review"
    assert "2 findings (1 error, 1 info) in 1 manuscript (1 could not be read)." in out
    # The summary table: one row per rule, most severe first.
    rows = [[c.text_content() for c in tr.xpath("td")] for tr in page.xpath("//tbody/tr")]
    assert rows == [
        ["OBJ900", "owner-changed", "error", "1"],
        ["OBJ901", "coat-mention", "info", "1"],
    ]
    assert [h.text_content() for h in page.xpath("//h2")] == [
        "stories/to marilyn.txt",
        "missing.docx",
    ]
    assert [h.text_content() for h in page.xpath("//h3")] == [
        "1. OBJ901 coat-mention",
        "2. OBJ900 owner-changed",
    ]
    assert "Could not be read: missing.docx: no such file or directory" in page.text_content()


def test_finding_quotes_both_passages_with_file_line_and_explanation() -> None:
    out = REPORTERS["markdown"](sample_report())
    section = out[out.index("### 2. OBJ900") :]
    assert "**error**, confidence 0.90, in Chapter Two" in section
    assert "The coat was established as Derek's, but is later called hers." in section
    assert "**Established**, stories/to marilyn.txt:3:15:\n\n> his coat" in section
    assert "**Contradiction**, stories/to marilyn.txt:8:14:\n\n> her coat" in section
    assert "*Why:* Nothing between the passages gives the coat to Ivy." in section
    # A message written over two lines stays one paragraph.
    assert "The coat is mentioned again." in out
    quotes = [q.text_content().strip() for q in rendered(out).xpath("//blockquote")]
    assert quotes == ["his coat", "his coat", "her coat"]


TRICKY = (
    "# Chapter *7* | the <script>alert(1)</script> & _notes_ [link](http://x) `code` ~~gone~~",
    "- a list? 1. no. > no. @mention #12 \\ back\\slash &amp; entity",
    "1. Numbered start",
    "> quoted start",
    "---",
)


@pytest.mark.parametrize("passage", TRICKY)
def test_passages_full_of_markup_stay_the_writers_words(passage: str) -> None:
    text = f"Before.\n\n{passage}\n\nAfter."
    source = SourceText("odd|name_*.md", text)
    start = text.index(passage)
    finding = Finding(
        rule="OBJ900",
        name="owner-changed",
        severity=Severity.WARNING,
        confidence=0.7,
        message=f"The message quotes {passage!s} too.",
        evidence=[Evidence(source, start, start + len(passage), "contradiction")],
        chapter=passage,
        explanation=passage,
    )
    result = ManuscriptResult(path=source.path, findings=[finding], sources=[source.path])
    page = rendered(REPORTERS["markdown"](Report(results=[result])))
    (quote,) = page.xpath("//blockquote")
    assert quote.text_content().strip() == one_line(passage)
    assert [child.tag for child in quote] == ["p"] and len(quote[0]) == 0
    # Nothing of the writer's text became markup: only our own emphasis is there.
    assert page.xpath("//script | //a | //code | //s | //ul | //ol | //hr | //h4") == []
    assert [e.text_content() for e in page.xpath("//em")] == ["Why:"]
    assert page.xpath("string(//h2)") == "odd|name_*.md"
    assert len(page.xpath("//h1")) == 1 and len(page.xpath("//h3")) == 1
    assert f"The message quotes {one_line(passage)} too." in page.text_content()


def test_escape_keeps_plain_prose_readable() -> None:
    assert (
        escape("She said, \"It's 5 o'clock (or so).\"") == "She said, \"It's 5 o'clock (or so).\""
    )
    assert escape("line one\nline two") == "line one line two"


def test_no_findings_says_so() -> None:
    source = SourceText("clean.txt", "Nothing happens.\n")
    report = Report(results=[ManuscriptResult(path=source.path, sources=[source.path])])
    out = REPORTERS["markdown"](report)
    assert "No findings in 1 manuscript." in out
    assert "| Rule |" not in out
    assert "## clean.txt\n\nNo findings." in out


def test_check_writes_a_markdown_review_of_the_real_story(tmp_path) -> None:
    output = tmp_path / "review.md"
    result = CliRunner().invoke(
        cli, ["check", str(MARILYN), "--format", "markdown", "-o", str(output)]
    )
    assert result.exit_code == 1, result.output
    out = output.read_text(encoding="utf-8")
    assert out.startswith("# storylint review\n")
    assert "| OBJ001 | object\\-owner\\-changed |" not in out  # names stay readable
    assert "| OBJ001 | object-owner-changed | warning | 1 |" in out
    assert "> She took off her coat" in out
    assert "> dropped his coat over her shoulders" in out
