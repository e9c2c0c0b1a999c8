"""EPUB front matter is limited to what is plainly front matter (issue 17).

Real Standard Ebooks books (tests/fixtures/real/epub/SOURCES.md) carry a title page,
imprint, dedication and half-title before the story and a colophon after it. A
dedication page must never take the novel after it with it: the story is read whole,
with and without the publisher's `epub:type` marks.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from storylint.ingest import extract_text, read_manuscript
from storylint.manuscript import Manuscript, Role

REAL = Path(__file__).parent / "fixtures" / "real" / "epub"
DOLITTLE = REAL / "the-story-of-doctor-dolittle.epub"
HAUNTED = REAL / "the-haunted-hotel-trimmed.epub"
# Standard Ebooks' own count for the Doctor Dolittle text (schema:wordCount in content.opf).
DOLITTLE_WORDS = 25_140
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def story_words(manuscript: Manuscript) -> int:
    return sum(len(p.text.split()) for c in manuscript.chapters for p in c.paragraphs())


def apart(manuscript: Manuscript, role: Role) -> list[str]:
    return [p.text for p in manuscript.apart if p.role is role]


def rewrite(source: Path, target: Path, change: Callable[[str, str], str | None]) -> Path:
    """A copy of an EPUB with each text member passed through change(name, text)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename.endswith((".xhtml", ".opf")):
                changed = change(info.filename, data.decode("utf-8"))
                if changed is None:
                    continue
                data = changed.encode("utf-8")
            kind = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            new.writestr(info.filename, data, compress_type=kind)
    return target


def unmarked(name: str, text: str) -> str:
    """The document without its EPUB 3 structural semantics (as many EPUB makers write it)."""
    return re.sub(r'\sepub:type="[^"]*"', "", text)


def test_dedication_page_never_swallows_the_novel():
    manuscript = read_manuscript(DOLITTLE)
    assert story_words(manuscript) > 0.97 * DOLITTLE_WORDS
    assert len(manuscript.chapters) == 21
    first = manuscript.chapters[0]
    assert first.title == "I: Puddleby"  # <hgroup>: the number and the title, one heading
    assert next(first.paragraphs()).text.startswith("Once upon a time, many years ago")
    dedication = apart(manuscript, Role.DEDICATION)
    assert dedication == [
        "To\nall children\nChildren in years and children in heart\nI dedicate this story"
    ]
    front = apart(manuscript, Role.FRONT_MATTER)
    assert "Imprint" in front and "Colophon" in front and "Uncopyright" in front
    assert any(text.startswith("This ebook is the product of many hours") for text in front)


def test_every_chapter_after_marked_front_matter_is_story():
    """The Haunted Hotel: title page, imprint, dedication, half-title, then a part page."""
    manuscript = read_manuscript(HAUNTED)
    titles = [c.title for c in manuscript.chapters]
    assert titles[:2] == ["I", "II"]  # part pages ("The First Part") give way to chapters
    assert apart(manuscript, Role.DEDICATION)[0].startswith("To\nMr.")
    assert "The Haunted Hotel\nA Mystery of Modern Venice" in apart(manuscript, Role.FRONT_MATTER)
    story = " ".join(p.text for c in manuscript.chapters for p in c.paragraphs())
    assert story.startswith("In the year 1860, the reputation of Doctor Wybrow")
    assert "He carried his terrible secret with him to the grave." in story  # the Postscript
    assert "Standard Ebooks" not in story


def test_without_epub_type_marks_the_heuristics_keep_the_story(tmp_path):
    manuscript = read_manuscript(rewrite(DOLITTLE, tmp_path / "plain.epub", unmarked))
    assert story_words(manuscript) > 0.97 * DOLITTLE_WORDS
    assert apart(manuscript, Role.DEDICATION)[0].startswith("To\nall children")  # by its words
    front = apart(manuscript, Role.FRONT_MATTER)
    assert "The Story of Doctor Dolittle" in front  # the title page, by its length
    assert "Colophon" in front  # by its heading


def test_unmarked_dedication_before_untitled_chapters_takes_only_itself(tmp_path):
    """The misfire: a dedication page's matter heading was looked for to the end of the book.

    With no marks and chapters that have no headings, the first heading after the
    dedication is the colophon's, so the dedication and every chapter up to the colophon
    were taken as front matter (the issue's 192 words checked of ~50,000).
    """

    def no_chapter_headings(name: str, text: str) -> str:
        text = unmarked(name, text)
        if "/chapter-" in name:
            text = re.sub(r"<hgroup>.*?</hgroup>", "", text, flags=re.DOTALL)
        return text

    manuscript = read_manuscript(rewrite(DOLITTLE, tmp_path / "untitled.epub", no_chapter_headings))
    assert story_words(manuscript) > 0.97 * DOLITTLE_WORDS
    assert len(manuscript.chapters) == 21


def test_unmarked_dedication_titled_dedication_takes_only_itself(tmp_path):
    def titled(name: str, text: str) -> str:
        text = unmarked(name, text)
        if name.endswith("dedication.xhtml"):
            text = text.replace("<blockquote>", "<h2>Dedication</h2><blockquote>")
        return text

    manuscript = read_manuscript(rewrite(DOLITTLE, tmp_path / "titled.epub", titled))
    assert story_words(manuscript) > 0.97 * DOLITTLE_WORDS
    assert "Dedication" in apart(manuscript, Role.FRONT_MATTER)
    assert apart(manuscript, Role.DEDICATION)[0].startswith("To\nall children")


def test_a_short_document_marked_bodymatter_is_never_front_matter(tmp_path):
    """A one-page prologue before the long chapters is story, though it is short."""

    def short_prologue(name: str, text: str) -> str:
        if name.endswith("halftitlepage.xhtml"):
            return re.sub(
                r"<body[^>]*>.*</body>",
                '<body epub:type="bodymatter z3998:fiction"><section epub:type="prologue">'
                "<p>The parrot had been waiting in the rain since noon.</p></section></body>",
                text,
                flags=re.DOTALL,
            )
        return text

    manuscript = read_manuscript(rewrite(DOLITTLE, tmp_path / "prologue.epub", short_prologue))
    first = next(manuscript.chapters[0].paragraphs())
    assert first.text == "The parrot had been waiting in the rain since noon."
    assert first.role is Role.STORY


def test_epigraph_in_a_chapter_and_note_references(tmp_path):
    def epigraph_and_noteref(name: str, text: str) -> str:
        if name.endswith("chapter-1.xhtml"):
            text = text.replace(
                "</hgroup>",
                '</hgroup><blockquote epub:type="epigraph"><p>Every creature has a voice.</p>'
                "</blockquote>",
                1,
            )
            text = text.replace(
                "knew a whole lot.",
                'knew a whole lot.<a href="endnotes.xhtml#note-1" epub:type="noteref">1</a>',
            )
        return text

    manuscript = read_manuscript(
        rewrite(DOLITTLE, tmp_path / "epigraph.epub", epigraph_and_noteref)
    )
    assert apart(manuscript, Role.EPIGRAPH) == ["Every creature has a voice."]
    first = next(manuscript.chapters[0].paragraphs())
    assert "knew a whole lot. He lived" not in first.text  # one paragraph, not spliced
    assert first.text.endswith("knew a whole lot.")


@pytest.mark.parametrize("path", [DOLITTLE, HAUNTED], ids=lambda p: p.stem)
def test_words_agree_with_pandoc(path):
    """The extracted text has the words pandoc's plain-text writer finds (goal >= 99%)."""
    pypandoc = pytest.importorskip("pypandoc")

    def words(text: str) -> Counter[str]:
        return Counter(w.lower().replace("’", "'") for w in WORD.findall(text))

    ours = words(extract_text(path))
    theirs = words(pypandoc.convert_file(str(path), "plain", extra_args=["--wrap=none"]))
    common = sum((ours & theirs).values())
    assert common >= 0.99 * sum(theirs.values())
    assert common >= 0.99 * sum(ours.values())
