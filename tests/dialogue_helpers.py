"""Build small StoryModels for the dialogue, mode and pronoun tests.

The character stage is another module's job; these tests give it a fixed cast
(name -> gender) so that a failure here is a failure of quotes, modes,
pronouns or speakers, not of name finding.
"""

from __future__ import annotations

import re

from storylint.manuscript import Chapter, Manuscript, Paragraph, Scene, SourceText
from storylint.model import StoryModel
from storylint.people.entities import Character, CharacterIndex, Gender, Mention, MentionKind
from storylint.pipeline.build import parse_manuscript
from storylint.pipeline.layers import CHARACTERS

SCENE_BREAK = re.compile(r"^\s*(\*\s*){3}\s*$|^\s*#\s*$")


def manuscript(text: str, path: str = "test.txt") -> Manuscript:
    """Blank-line paragraphs; a line of three asterisks starts a new scene."""
    source = SourceText(path, text)
    chapter = Chapter(0)
    scene = Scene(0)
    chapter.scenes.append(scene)
    for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        block = match.group()
        if not block.strip():
            continue
        if SCENE_BREAK.match(block):
            scene = Scene(len(chapter.scenes))
            chapter.scenes.append(scene)
            continue
        start = match.start() + len(block) - len(block.lstrip())
        end = match.start() + len(block.rstrip())
        scene.paragraphs.append(Paragraph(source, start, end))
    result = Manuscript(path, [source], [chapter])
    result.number_paragraphs()
    return result


def cast_index(model: StoryModel, cast: dict[str, Gender]) -> CharacterIndex:
    """A CharacterIndex with a NAME mention for every token equal to a cast name."""
    index = CharacterIndex()
    ids = {}
    for name, gender in cast.items():
        ids[name] = len(index.characters)
        index.characters.append(Character(ids[name], name, {name}, gender))
    for parsed_index, parsed in enumerate(model.parsed):
        for token in parsed.doc:
            if token.text in ids:
                start, end = parsed.source_span(token)
                index.add_mention(
                    Mention(
                        parsed_index,
                        token.i,
                        token.i + 1,
                        start,
                        end,
                        ids[token.text],
                        MentionKind.NAME,
                    )
                )
    return index


def story_model(nlp, text: str, cast: dict[str, Gender] | None = None) -> StoryModel:
    """Parse, detect quotes, and (given a cast) resolve pronouns and speakers."""
    from storylint.pipeline.build import run_stages
    from storylint.pipeline.layers import QUOTES, SPEAKERS

    script = manuscript(text)
    model = StoryModel(script, parse_manuscript(script, nlp))
    if cast is None:
        return run_stages(model, until=QUOTES)
    run_stages(model, until=QUOTES)
    model.set(CHARACTERS, cast_index(model, cast))  # the character stage is skipped
    return run_stages(model, until=SPEAKERS)


def pronoun_target(model: StoryModel, phrase: str, word: str, nth: int = 0) -> str | None:
    """Name of the character `word` (inside the nth occurrence of `phrase`) resolves to."""
    text = model.manuscript.sources[0].text
    at = -1
    for _ in range(nth + 1):
        at = text.index(phrase, at + 1)
    offset = at + re.search(rf"\b{re.escape(word)}\b", phrase).start()
    for parsed_index, parsed in enumerate(model.parsed):
        if parsed.paragraph.start <= offset < parsed.paragraph.end:
            for token in parsed.doc:
                if parsed.offset + token.idx == offset:
                    character = model.get(CHARACTERS).character_at(parsed_index, token.i)
                    return None if character is None else character.name
    raise AssertionError(f"no token at {phrase!r}/{word!r}")


# The pronouns the coat findings of to-marilyn.txt rest on: (phrase, pronoun, character).
# Derek is never named in the narration: the unnamed "he" the story follows gets his
# name when Ivy calls him "Derek".
MARILYN_COAT_PRONOUNS = [
    ("dropped his coat over her shoulders", "his", "Derek"),
    ("dropped his coat over her shoulders", "her", "Ivy"),
    ("She took off her coat", "She", "Ivy"),
    ("She took off her coat", "her", "Ivy"),
    ("his coat sliding off", "his", "Derek"),
]
