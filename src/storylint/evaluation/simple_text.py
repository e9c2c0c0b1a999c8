"""A minimal plain-text manuscript builder for the TRIP evaluation.

Why not the ingest reader: TRIP stories are five bare sentences, one a line,
and the evaluation must map each paragraph back to its sentence index; the
ingest reader's guesses (a short first line may be an author's note) would
shift that mapping.
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
