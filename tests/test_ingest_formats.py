"""Every format reader: chapters, scenes, paragraphs, roles, and exact offsets.

Binary formats are generated here with the same libraries writers' tools use
(tests/fixtures/ingest/make_fixtures.py), so nothing binary is committed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.ingest import make_fixtures as make
from storylint.ingest import READERS, extract_text, read_manuscript
from storylint.manuscript import Manuscript, Role

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def assert_offsets_exact(manuscript: Manuscript) -> None:
    for p in manuscript.all_paragraphs():
        assert 0 <= p.start < p.end <= len(p.source.text)
        assert p.text == p.source.text[p.start : p.end] == p.text.strip()


def shape(manuscript: Manuscript) -> list[tuple[str | None, list[list[str]]]]:
    return [
        (c.title, [[p.text for p in s.paragraphs] for s in c.scenes]) for c in manuscript.chapters
    ]


def roles(manuscript: Manuscript) -> dict[str, Role]:
    return {p.text: p.role for p in manuscript.apart}


def test_registry_covers_every_documented_format():
    assert {".txt", ".md", ".markdown", ".docx", ".odt", ".rtf", ".epub", ".html", ".htm"} <= set(
        READERS
    )


def test_docx_headings_title_notes_and_breaks(tmp_path):
    manuscript = read_manuscript(make.make_docx(tmp_path))
    source = manuscript.sources[0]
    assert source.extracted is True
    assert source.path.endswith("story.docx")
    assert manuscript.title == "The Borrowed Coat"
    assert shape(manuscript) == [
        (
            "Chapter One",
            [
                [
                    "The party spilled out onto the steps.",
                    "Tom dropped his grey coat over Mara's shoulders.",
                ],
                ["She walked to the station alone."],  # after an empty paragraph
            ],
        ),
        ("Chapter Two", [["The train was late."], ["At home she hung the coat by the door."]]),
    ]
    assert roles(manuscript) == {
        "The Borrowed Coat": Role.TITLE,
        "A/N: written for a winter exchange.": Role.NOTE,
    }
    assert "\n\nThe party spilled out onto the steps.\n\n" in source.text
    assert_offsets_exact(manuscript)


def test_docx_chapter_paragraphs_without_heading_styles(tmp_path):
    paragraphs = [
        ("Normal", "Chapter 1"),
        ("Normal", "Anna lit the lamp."),
        ("Normal", "Chapter 2"),
        ("Normal", "Ben took the keys."),
    ]
    manuscript = read_manuscript(make.make_docx(tmp_path, "plain.docx", paragraphs))
    assert shape(manuscript) == [
        ("Chapter 1", [["Anna lit the lamp."]]),
        ("Chapter 2", [["Ben took the keys."]]),
    ]


def test_odt(tmp_path):
    manuscript = read_manuscript(make.make_odt(tmp_path))
    assert manuscript.sources[0].extracted is True
    assert shape(manuscript) == [
        ("Chapter 1", [["Anna lit the lamp.", "She set her keys on the table."]]),
        ("Chapter 2", [["Ben took the keys."], ["Later, the lamp went out."]]),
    ]
    assert_offsets_exact(manuscript)


def test_rtf():
    manuscript = read_manuscript(FIXTURES / "story.rtf")
    assert manuscript.sources[0].extracted is True
    assert shape(manuscript) == [
        (
            "Chapter 1",
            [
                ["The lamp was lit when Anna came in.", "She set her keys on the table."],
                ["Later, Ben found the keys and took them."],
            ],
        ),
        ("Chapter 2", [["The café was closed."]]),
    ]
    assert_offsets_exact(manuscript)


def test_epub_spine_order_nav_skipped_title_page_front_matter(tmp_path):
    manuscript = read_manuscript(make.make_epub(tmp_path))
    assert manuscript.title == "The Borrowed Coat"
    chapters = shape(manuscript)
    assert [title for title, _ in chapters] == ["Chapter 1", "Chapter 2"]
    first_scenes = chapters[0][1]
    assert len(first_scenes) == 2  # <hr/> is a scene break
    assert first_scenes[0][0] == "Tom dropped his grey coat over Mara's shoulders."
    assert chapters[1][1] == [["The train was late.", "Mara waited."]]
    assert roles(manuscript) == {
        "The Borrowed Coat": Role.FRONT_MATTER,
        "by A. Writer": Role.FRONT_MATTER,
    }
    text = manuscript.sources[0].text
    assert "Table of Contents" not in text and text.index("Chapter 1") < text.index("Chapter 2")
    assert_offsets_exact(manuscript)


def test_ao3_download_roles_and_chapters():
    manuscript = read_manuscript(FIXTURES / "ao3-work.html")
    assert manuscript.title == "The Borrowed Coat"
    assert shape(manuscript) == [
        (
            "Chapter 1: The Party",
            [
                [
                    "The party spilled out onto the steps, loud and bright.",
                    "Tom dropped his grey coat over Mara's shoulders. "
                    '"You\'re shivering," he said.',
                ],
                ["She pulled the grey coat tighter and walked to the station."],
            ],
        ),
        (
            "Chapter 2: The Station",
            [
                ["The train was late.\nMara waited on the platform."],
                ["At home she hung the grey coat by the door."],
            ],
        ),
    ]
    r = roles(manuscript)
    assert r["The Borrowed Coat"] is Role.TITLE
    assert r["Mara borrows a coat on the coldest night of the year."] is Role.SUMMARY
    assert r["Written for a winter exchange. Thanks to my beta!"] is Role.NOTE
    assert r["Mind the snow."] is Role.NOTE  # chapter notes
    assert r["More soon, I promise."] is Role.NOTE  # chapter end notes
    assert r["Thank you for reading! Comments are always welcome."] is Role.NOTE  # afterword
    assert r["Rating: General Audiences"] is Role.FRONT_MATTER
    assert "Chapter Text" not in manuscript.sources[0].text
    assert_offsets_exact(manuscript)


def test_generic_html(tmp_path):
    path = tmp_path / "story.htm"
    path.write_text(
        "<html><head><title>Snow</title><style>p{}</style></head><body>"
        "<h2>Chapter 1</h2><p>Anna   lit\n the <em>lamp</em>.</p><p>Ben left.</p>"
        "<p align='center'>* * *</p><p>She slept.</p>"
        "<h2>Chapter 2</h2><div>Morning came.</div></body></html>",
        encoding="utf-8",
    )
    manuscript = read_manuscript(path)
    assert manuscript.title == "Snow"
    assert shape(manuscript) == [
        ("Chapter 1", [["Anna lit the lamp.", "Ben left."], ["She slept."]]),
        ("Chapter 2", [["Morning came."]]),
    ]
    assert "p{}" not in manuscript.sources[0].text


def test_folder_of_chapters_natural_order_each_file_its_own_source(tmp_path):
    folder = tmp_path / "novel"
    folder.mkdir()
    (folder / "chapter 10.txt").write_text("Ben came back.\n")
    (folder / "chapter 2.md").write_text("# Two\n\nAnna waited.\n")
    (folder / "chapter 1.txt").write_text("A/N: hello!\n\nAnna lit the lamp.\n")
    (folder / ".hidden.txt").write_text("not a chapter\n")
    (folder / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    manuscript = read_manuscript(folder)
    assert [Path(s.path).name for s in manuscript.sources] == [
        "chapter 1.txt",
        "chapter 2.md",
        "chapter 10.txt",
    ]
    assert shape(manuscript) == [
        (None, [["Anna lit the lamp."]]),
        ("Two", [["Anna waited."]]),
        (None, [["Ben came back."]]),
    ]
    assert [Path(c.scenes[0].paragraphs[0].source.path).name for c in manuscript.chapters] == [
        "chapter 1.txt",
        "chapter 2.md",
        "chapter 10.txt",
    ]
    assert roles(manuscript) == {"A/N: hello!": Role.NOTE}
    assert manuscript.chapters[1].heading.text == "# Two"
    assert any("cover.jpg" in w for w in manuscript.warnings)
    extracted = extract_text(folder)
    assert extracted.splitlines()[0] == f"==> {folder / 'chapter 1.txt'} <=="
    assert extracted.index("chapter 2.md <==") < extracted.index("chapter 10.txt <==")


@pytest.mark.parametrize("name", ["story.docx", "story.odt", "story.epub"])
def test_extract_text_is_the_text_offsets_refer_to(tmp_path, name):
    builder = {"docx": make.make_docx, "odt": make.make_odt, "epub": make.make_epub}
    path = builder[name.split(".")[1]](tmp_path)
    manuscript = read_manuscript(path)
    text = extract_text(path)
    assert text == manuscript.sources[0].text
    for p in manuscript.paragraphs():
        assert text[p.start : p.end] == p.text
    # Extracted paragraphs are separated by blank lines.
    first, second = list(manuscript.paragraphs())[:2]
    assert text[first.end : second.start].strip() == "" and "\n\n" in text[first.end : second.start]


def test_extract_plain_is_the_file():
    path = FIXTURES.parent / "to-marilyn.txt"
    assert extract_text(path) == path.read_text("utf-8")
