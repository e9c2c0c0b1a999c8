"""An <hgroup> chapter title reads the same in an HTML page as in an EPUB.

Standard Ebooks and many EPUB makers title a chapter with `<hgroup><h2>I</h2>
<p>Puddleby</p></hgroup>`. The EPUB reader joined it into one heading, "I: Puddleby";
a standalone .html/.xhtml manuscript read the same markup as a heading and a story
paragraph ("Puddleby" checked as prose, the chapter titled "I"). Both now read it
through one shared walker (readers/htmlblocks.py, readers/headings.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.ingest import make_fixtures as make
from storylint.ingest import extract_text, read_manuscript
from storylint.manuscript import Manuscript

CHAPTERS = [
    (
        "<hgroup><h2>I</h2><p>Puddleby</p></hgroup>",
        ["Once upon a time, many years ago, there was a doctor.", "He was fond of animals."],
    ),
    (
        "<hgroup>\n  <h2>II.</h2>\n  <p>Animal <em>Language</em></p>\n</hgroup>",
        ["It happened one day that the doctor was sitting in his kitchen."],
    ),
]


def chapter_markup(heading: str, paragraphs: list[str]) -> str:
    return f"<section>{heading}" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</section>"


def page(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Doctor Dolittle</title>'
        f"</head><body>{body}</body></html>"
    )


def read_page(tmp_path: Path, body: str, name: str = "story.html") -> Manuscript:
    path = tmp_path / name
    path.write_text(page(body), encoding="utf-8")
    return read_manuscript(path)


def titles_and_story(manuscript: Manuscript) -> list[tuple[str | None, list[str]]]:
    return [(c.title, [p.text for p in c.paragraphs()]) for c in manuscript.chapters]


EXPECTED = [
    ("I: Puddleby", CHAPTERS[0][1]),
    ("II: Animal Language", CHAPTERS[1][1]),
]


@pytest.mark.parametrize("name", ["story.html", "story.xhtml", "story.htm"])
def test_hgroup_in_an_html_page_is_one_chapter_title(tmp_path, name):
    manuscript = read_page(tmp_path, "".join(chapter_markup(*c) for c in CHAPTERS), name)
    assert titles_and_story(manuscript) == EXPECTED
    story = [p.text for p in manuscript.paragraphs()]
    assert "Puddleby" not in story and "Animal Language" not in story


def test_the_extracted_text_keeps_the_number_and_title_lines(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(page(chapter_markup(*CHAPTERS[0])), encoding="utf-8")
    assert extract_text(path).startswith("I\nPuddleby\n\nOnce upon a time")


def test_an_epub_and_an_html_page_of_the_same_markup_read_alike(tmp_path):
    documents = {
        f"chapter-{n}.xhtml": page(chapter_markup(*c)).encode("utf-8")
        for n, c in enumerate(CHAPTERS, start=1)
    }
    epub = read_manuscript(make.write_epub(tmp_path / "book.epub", documents))
    html = read_page(tmp_path, "".join(chapter_markup(*c) for c in CHAPTERS))
    assert titles_and_story(epub) == titles_and_story(html) == EXPECTED


def test_a_title_before_the_number_and_a_deeper_subtitle(tmp_path):
    body = (
        "<hgroup><p>Part One</p><h1>The Storm</h1><h3>in which it rains</h3></hgroup>"
        "<p>The rain began at noon and did not stop.</p>"
    )
    manuscript = read_page(tmp_path, body)
    assert titles_and_story(manuscript) == [
        ("Part One: The Storm: in which it rains", ["The rain began at noon and did not stop."])
    ]


def test_a_heading_of_two_lines_is_titled_like_an_hgroup(tmp_path):
    body = (
        "<h2>Chapter 1<br/>The Storm</h2><p>The rain began at noon.</p>"
        "<h2>Chapter 2</h2><p>It stopped at dawn.</p>"
    )
    manuscript = read_page(tmp_path, body)
    assert [c.title for c in manuscript.chapters] == ["Chapter 1: The Storm", "Chapter 2"]


def test_an_hgroup_holding_other_blocks_is_read_as_its_blocks(tmp_path):
    """Not a heading group by the standard's rules: nothing is guessed, nothing is lost."""
    body = (
        "<h1>Chapter 1</h1><p>Anna lit the lamp.</p>"
        "<hgroup><h2>A list</h2><ul><li>the coat</li><li>the keys</li></ul></hgroup>"
    )
    manuscript = read_page(tmp_path, body)
    text = manuscript.sources[0].text
    assert "the coat" in text and "the keys" in text
    assert "A list\nthe coat" not in text


def test_an_empty_part_of_an_hgroup_leaves_no_blank_line(tmp_path):
    body = "<hgroup><h2>III</h2><p> </p><p>The Rock</p></hgroup><p>They landed at dawn.</p>"
    manuscript = read_page(tmp_path, body)
    assert titles_and_story(manuscript) == [("III: The Rock", ["They landed at dawn."])]
    assert manuscript.sources[0].text.startswith("III\nThe Rock\n\n")
