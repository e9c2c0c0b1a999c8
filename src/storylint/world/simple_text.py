"""A minimal plain-text manuscript builder for the engine's tests and the TRIP evaluation.

Why here: the TRIP evaluation turns each 5-sentence story into a manuscript,
and the tests need manuscripts from short passages; both must work whether
or not the full ingest layer (storylint.ingest) is present. When
`storylint.ingest.manuscript_from_text` exists, `manuscript_from_text` uses it.
"""

from __future__ import annotations

import re

from storylint.manuscript import Chapter, Manuscript, Paragraph, Role, Scene, SourceText

SCENE_BREAK = re.compile(r"^\s*(\*\s*){3}$|^\s*#\s*$|^\s*~+\s*$")
CHAPTER = re.compile(r"^\s*chapter\s+\w+\.?\s*$", re.IGNORECASE)


def simple_manuscript(text: str, path: str = "<text>") -> Manuscript:
    """Blank lines separate paragraphs; '* * *' separates scenes; 'Chapter N' starts a chapter."""
    source = SourceText(path, text)
    manuscript = Manuscript(path, [source])
    chapter = Chapter(0, scenes=[Scene(0)])
    manuscript.chapters.append(chapter)
    for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        block = match.group(0)
        if not block.strip():
            continue
        if SCENE_BREAK.match(block):
            chapter.scenes.append(Scene(len(chapter.scenes)))
            continue
        paragraph = Paragraph(source, match.start(), match.end())
        if CHAPTER.match(block):
            if any(chapter.paragraphs()):
                chapter = Chapter(len(manuscript.chapters), scenes=[Scene(0)])
                manuscript.chapters.append(chapter)
            paragraph.role = Role.HEADING
            chapter.title, chapter.heading = block.strip(), paragraph
            continue
        chapter.scenes[-1].paragraphs.append(paragraph)
    manuscript.number_paragraphs()
    return manuscript


def manuscript_from_text(text: str, path: str = "<text>") -> Manuscript:
    """The project's reader when it is available, else `simple_manuscript`."""
    try:
        from storylint.ingest import manuscript_from_text as ingest_reader  # type: ignore[attr-defined]
    except ImportError:
        return simple_manuscript(text, path)
    return ingest_reader(text, path)
