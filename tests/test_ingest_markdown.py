"""Markdown read as CommonMark means it, with offsets into the raw file (issue 17).

Paragraphs, emphasis, lists, block quotes, code and thematic breaks come from a real
CommonMark parser (markdown-it-py); every offset stays into the Markdown file itself.
Markdown typed with single newlines between paragraphs (Obsidian and most note apps
show each line as a paragraph) is read one paragraph per line, as plain text is.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storylint.ingest import read_manuscript
from storylint.manuscript import Manuscript, Role

REAL = Path(__file__).parent / "fixtures" / "real" / "markdown"


def read_md(tmp_path: Path, text: str, name: str = "story.md") -> Manuscript:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    manuscript = read_manuscript(path)
    assert manuscript.sources[0].text == text  # offsets are into the file itself
    for p in manuscript.all_paragraphs():
        assert p.text == text[p.start : p.end] == p.text.strip()
    return manuscript


def story(manuscript: Manuscript) -> list[str]:
    return [p.text for p in manuscript.paragraphs()]


def scenes(manuscript: Manuscript) -> list[list[list[str]]]:
    return [[[p.text for p in s.paragraphs] for s in c.scenes] for c in manuscript.chapters]


def apart(manuscript: Manuscript) -> dict[str, Role]:
    return {p.text: p.role for p in manuscript.apart}


def test_emphasis_block_quotes_and_lists_keep_raw_offsets(tmp_path):
    text = (
        "Anna *lit* the lamp and __waited__.\n\n"
        "> The letter said: *come home*.\n> It was signed only M.\n\n"
        "She made a list:\n\n- the coat\n- the keys\n\n1. first the door\n2. then the stairs\n"
    )
    manuscript = read_md(tmp_path, text)
    assert story(manuscript) == [
        "Anna *lit* the lamp and __waited__.",
        "The letter said: *come home*.\n> It was signed only M.",
        "She made a list:",
        "- the coat",
        "- the keys",
        "1. first the door",
        "2. then the stairs",
    ]


def test_thematic_break_under_a_sentence_is_a_scene_break_not_a_heading(tmp_path):
    """CommonMark reads "She left.\\n---" as a heading; a writer means a scene break."""
    text = "Anna sat by the fire.\n---\nBen came home late.\n\nHe said nothing.\n"
    manuscript = read_md(tmp_path, text)
    assert scenes(manuscript) == [
        [["Anna sat by the fire."], ["Ben came home late.", "He said nothing."]]
    ]
    assert manuscript.chapters[0].title is None


def test_lazy_glyph_breaks_and_empty_heading_are_scene_breaks(tmp_path):
    text = "Anna sat.\n* * *\nBen left.\n\n#\n\nCara stayed.\n\n~~~\n\nDan ran.\n"
    manuscript = read_md(tmp_path, text)
    assert scenes(manuscript) == [[["Anna sat."], ["Ben left."], ["Cara stayed."], ["Dan ran."]]]


def test_headings_setext_and_atx_and_chapter_wording(tmp_path):
    text = (
        "The Coat\n========\n\n## Chapter One\n\nAnna sat.\n\nChapter 2\n\nBen left.\n\n"
        "Part of the Plan\n----------------\n\nCara stayed.\n"
    )
    manuscript = read_md(tmp_path, text)
    titles = ["Chapter One", "Chapter 2", "Part of the Plan"]
    assert [c.title for c in manuscript.chapters] == titles
    assert manuscript.title == "The Coat"
    assert apart(manuscript)["The Coat\n========"] is Role.TITLE
    assert story(manuscript) == ["Anna sat.", "Ben left.", "Cara stayed."]


def test_fenced_code_is_not_story_but_indented_prose_is(tmp_path):
    text = (
        "Anna sat.\n\n```\nTODO: fix the timeline\n```\n\n"
        "    Ben, who always indented his paragraphs, left.\n\n"
        "    So did Cara.\n"
    )
    manuscript = read_md(tmp_path, text)
    assert story(manuscript) == [
        "Anna sat.",
        "Ben, who always indented his paragraphs, left.",
        "So did Cara.",
    ]
    assert apart(manuscript) == {"```\nTODO: fix the timeline\n```": Role.NOTE}


def test_front_matter_and_comments_with_windows_line_endings(tmp_path):
    text = (
        "---\r\ntitle: The Coat\r\n---\r\n\r\n<!-- fix the door -->\r\n\r\n"
        "Anna sat.\r\nShe *waited*.\r\n\r\nBen left.\r\n"
    )
    manuscript = read_md(tmp_path, text)
    assert apart(manuscript) == {
        "---\r\ntitle: The Coat\r\n---": Role.FRONT_MATTER,
        "<!-- fix the door -->": Role.NOTE,
    }
    assert story(manuscript) == ["Anna sat.\r\nShe *waited*.", "Ben left."]


def test_text_past_the_parsers_nesting_cap_is_still_read(tmp_path):
    """markdown-it stops at 20 nested containers; the text inside is never dropped."""
    text = "> " * 30 + "Anna sat by the fire.\n\nBen left.\n\n[1]: https://example.org\n"
    manuscript = read_md(tmp_path, text)
    paragraphs = story(manuscript)
    assert len(paragraphs) == 2
    assert paragraphs[0].endswith("Anna sat by the fire.") and paragraphs[1] == "Ben left."


def _novel(paragraphs: int) -> tuple[str, list[str]]:
    """Chapters whose paragraphs are separated by single newlines (as typed in Obsidian)."""
    lines = [
        "“Where did you leave the coat?” Anna asked, without looking up from the letter.",
        "Ben shrugged and went on cutting the bread, slowly, as if the question were a test "
        "he had failed many times before and expected to fail again tonight.",
        "“By the door.”",
        "She folded the letter twice and put it in her pocket, and for a while neither of "
        "them said anything at all while the rain came down on the roof of the shed.",
    ]
    body = [f"{lines[i % 4]} ({i})" for i in range(paragraphs)]
    chapters = []
    per_chapter = 200
    for n, first in enumerate(range(0, paragraphs, per_chapter)):
        chapters.append(f"# Chapter {n + 1}\n\n" + "\n".join(body[first : first + per_chapter]))
    return "\n\n".join(chapters) + "\n", body


def test_single_newlines_between_paragraphs_are_paragraph_breaks(tmp_path):
    text, body = _novel(1000)
    manuscript = read_md(tmp_path, text)
    assert story(manuscript) == body
    assert len(manuscript.chapters) == 5
    assert all(len(c.scenes) == 1 for c in manuscript.chapters)


def test_in_one_per_line_markdown_a_blank_line_is_a_scene_break(tmp_path):
    _text, body = _novel(40)
    text = "\n".join(body[:20]) + "\n\n" + "\n".join(body[20:]) + "\n"
    manuscript = read_md(tmp_path, text)
    assert scenes(manuscript) == [[body[:20], body[20:]]]


def test_a_novel_without_any_blank_line_is_read_per_line_quickly(tmp_path):
    """The issue's case: one CommonMark paragraph of 1.3 million characters."""
    _text, body = _novel(10_000)
    text = "\n".join(body) + "\n"
    assert len(text) > 1_000_000
    started = time.perf_counter()
    manuscript = read_md(tmp_path, text)
    assert time.perf_counter() - started < 30
    paragraphs = story(manuscript)
    assert len(paragraphs) == 10_000
    assert max(len(p) for p in paragraphs) < 1000


# Characters plain text takes for whitespace that CommonMark does not: a form feed (a
# page break pasted from a word processor), LINE SEPARATOR, PARAGRAPH SEPARATOR, NEXT
# LINE, a vertical tab.
ODD_BREAKS = ["\f", "\u2028", "\u2029", "\x85", "\x0b"]


def read_txt(tmp_path: Path, text: str) -> Manuscript:
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("utf-8"))
    return read_manuscript(path)


@pytest.mark.parametrize("odd", ODD_BREAKS, ids=lambda c: f"U+{ord(c):04X}")
def test_one_per_line_paragraphs_never_start_or_end_with_a_page_break(tmp_path, odd):
    """Obsidian-style text pasted from a word processor keeps its page breaks at line edges."""
    _text, body = _novel(40)
    lines = list(body)
    lines[3] = odd + lines[3]  # a page break before the paragraph
    lines[7] = lines[7] + odd
    lines[11] = f"{odd}  {lines[11]} {odd}{odd}"
    text = "\n".join(lines) + "\n"
    manuscript = read_md(tmp_path, text)  # offsets exact, no paragraph edge is whitespace
    assert story(manuscript) == body
    assert story(read_txt(tmp_path, text)) == body  # as plain text reads it


@pytest.mark.parametrize("odd", ODD_BREAKS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_page_break_on_its_own_line_is_a_scene_break_as_in_plain_text(tmp_path, odd):
    _text, body = _novel(40)
    text = "\n".join(body[:20]) + f"\n{odd}\n" + "\n".join(body[20:]) + "\n"
    manuscript = read_md(tmp_path, text)
    assert scenes(manuscript) == [[body[:20], body[20:]]]
    assert scenes(read_txt(tmp_path, text)) == scenes(manuscript)


@pytest.mark.parametrize("odd", ["\f", "\u2029"], ids=["form-feed", "U+2029"])
def test_a_page_break_line_between_lines_separates_paragraphs(tmp_path, odd):
    """CommonMark would glue the lines around it into one paragraph; plain text does not."""
    text = (
        "Anna lit the lamp.\nShe sat down to wait.\n"
        f"{odd}\n"
        "The clock struck nine.\nBen did not come.\n\n"
        f"> {odd}The letter said only: come home.{odd}\n"
    )
    manuscript = read_md(tmp_path, text)
    expected = [
        "Anna lit the lamp.\nShe sat down to wait.",
        "The clock struck nine.\nBen did not come.",
        "The letter said only: come home.",
    ]
    assert story(manuscript) == expected
    assert story(read_txt(tmp_path, text))[:2] == expected[:2]


def test_a_heading_after_a_page_break_is_a_heading(tmp_path):
    text = (
        "# Chapter 1\n\nAnna lit the lamp.\n\n"
        "\f# Chapter 2\n\nBen came home late.\n\n"
        "\u2029\n\n## Chapter 3\n\nNobody spoke.\n"
    )
    manuscript = read_md(tmp_path, text)
    assert [c.title for c in manuscript.chapters] == ["Chapter 1", "Chapter 2", "Chapter 3"]
    assert story(manuscript) == ["Anna lit the lamp.", "Ben came home late.", "Nobody spoke."]


def test_one_sentence_per_line_prose_keeps_its_paragraphs(tmp_path):
    """Semantic line breaks: blank lines separate paragraphs, so lines are not paragraphs."""
    paragraph = (
        "Anna lit the lamp.\nShe set the keys on the table and sat down to wait.\n"
        "The clock in the hall struck nine, then ten.\n"
    )
    text = "\n".join([paragraph] * 6)
    manuscript = read_md(tmp_path, text)
    assert story(manuscript) == [paragraph.strip()] * 6


def test_hard_wrapped_markdown_keeps_its_paragraphs(tmp_path):
    wrapped = (
        "When Farmer Oak smiled, the corners of his mouth spread till they were\n"
        "within an unimportant distance of his ears, his eyes were reduced to\n"
        "chinks, and diverging wrinkles appeared round them, extending upon his\n"
        "countenance like the rays in a rudimentary sketch of the rising sun.\n"
    )
    text = wrapped * 12  # one CommonMark paragraph of 48 wrapped lines
    manuscript = read_md(tmp_path, text)
    assert len(story(manuscript)) == 1


def test_real_obsidian_style_chapter(tmp_path):
    """A real public-domain text typed as in Obsidian (tests/fixtures/real/markdown)."""
    path = REAL / "the-time-machine-chapter-1.md"
    raw = path.read_text(encoding="utf-8")
    manuscript = read_manuscript(path)
    assert manuscript.sources[0].text == raw
    paragraphs = story(manuscript)
    lines = [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]
    assert paragraphs == lines
    assert [c.title for c in manuscript.chapters] == ["I"]
    emphasis = next(p for p in manuscript.paragraphs() if "*" in p.text)
    assert raw[emphasis.start : emphasis.end] == emphasis.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "Anna sat.",
                "*Ben* left, _slowly_.",
                "# Chapter 1",
                "##",
                "---",
                "===",
                "* * *",
                "~~~",
                "```",
                "```python",
                "> quoted",
                ">",
                "- item",
                "1. first",
                "    indented",
                "\t tabbed",
                "<!-- note",
                "-->",
                "<div>",
                "[ref]: http://x",
                "%% storylint-disable OBJ001 %%",
                "",
                " ",
                "\r",
                "Zoë\u00a0said “no”.",
                "\f",
                "\u2029",
                "\f> quoted\u2028",
                "\u2028Anna sat.\u2029",
                "\x85\x0b# Chapter 2",
                "\u00a0 \x0b",
            ]
        ),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_any_markdown_reads_with_exact_offsets(lines, newline):
    text = newline.join(lines) + newline
    if not text.strip():
        return
    from storylint.ingest.readers.plain import parse_plain

    parsed = parse_plain(text, "fuzz.md", markdown=True)
    previous = 0
    for block in parsed.blocks:
        assert 0 <= block.start <= block.end <= len(text)
        body = text[block.start : block.end]
        assert body == body.strip()
        assert block.start >= previous, "blocks overlap or go back"
        previous = block.end
