"""How much of a manuscript a check read as story, and what it set aside.

Why: the worst failure a checker can have is to check less than the writer
wrote and say "no findings" (an EPUB whose dedication swallowed the novel:
192 words of 50,000 checked). So every check says how much it read
("checked 121,409 words in 61 chapters"), and a check that reads less than
half of the file's words as story warns and names what it set aside, so the
writer can see a misreading at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storylint.manuscript import Manuscript, Paragraph, Role

# How a warning names the words set aside, by role.
ROLE_NAMES: dict[Role, str] = {
    Role.HEADING: "headings",
    Role.NOTE: "notes",
    Role.SUMMARY: "summaries",
    Role.EPIGRAPH: "epigraphs",
    Role.DEDICATION: "dedications",
    Role.TITLE: "title",
    Role.FRONT_MATTER: "front matter",
}
# Below this share of the file's words read as story, the check warns.
STORY_SHARE_WARNING = 0.5


def _words(paragraph: Paragraph) -> int:
    return len(paragraph.text.split())


@dataclass
class Coverage:
    """Story words, all words, and the words set aside by what they were taken for."""

    story_words: int = 0
    chapters: int = 0
    total_words: int = 0
    set_aside: dict[str, int] = field(default_factory=dict)


def checked_phrase(words: int, chapters: int) -> str:
    """'checked 121,409 words in 61 chapters' (singulars where they belong)."""
    word = "word" if words == 1 else "words"
    chapter = "chapter" if chapters == 1 else "chapters"
    return f"checked {words:,} {word} in {chapters:,} {chapter}"


def coverage(manuscript: Manuscript) -> Coverage:
    """Count the story words and, by role, every other paragraph's words."""
    found = Coverage(chapters=len(manuscript.chapters))
    for paragraph in manuscript.all_paragraphs():
        words = _words(paragraph)
        found.total_words += words
        if paragraph.is_story:
            found.story_words += words
        else:
            name = ROLE_NAMES.get(paragraph.role, str(paragraph.role))
            found.set_aside[name] = found.set_aside.get(name, 0) + words
    return found


def coverage_warning(manuscript: Manuscript) -> str | None:
    """A warning when less than half the words were read as story, naming what was set aside."""
    found = coverage(manuscript)
    if found.total_words == 0 or found.story_words >= STORY_SHARE_WARNING * found.total_words:
        return None
    aside = sorted(found.set_aside.items(), key=lambda item: (-item[1], item[0]))
    named = ", ".join(f"{name}: {words:,} words" for name, words in aside if words)
    return (
        f"only {found.story_words:,} of {found.total_words:,} words were read as story and "
        f"checked; set aside: {named} (`storylint extract` shows the text)"
    )


__all__ = ["Coverage", "checked_phrase", "coverage", "coverage_warning"]
