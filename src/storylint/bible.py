"""The story bible: every character with their names, gender and where they appear.

`build_bible(model)` turns the character model into plain data (dicts, lists,
strings, ints) that `storylint bible PATH` prints as YAML or JSON. The shape is
documented in docs/story-bible.md; it is meant to be read, corrected by the
writer (merge two entries, fix a gender, add an alias) and fed back later as
declared canon, so keys are stable and values are what a writer would type.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storylint.analysis.entities import Mention, MentionKind

if TYPE_CHECKING:
    from storylint.model import StoryModel

QUOTE_CHARS = 160  # longest sentence quoted in an appearance before it is shortened


def build_bible(model: StoryModel) -> dict[str, Any]:
    """The documented bible shape, characters sorted by how often they are named."""
    index = model.layers.get("characters")
    characters = index.characters if index is not None else []
    speeches = _dialogue_lines(model)
    entries = []
    for character in characters:
        named = [m for m in character.mentions if m.kind is not MentionKind.PRONOUN]
        if not named:
            continue
        named.sort(key=lambda m: (m.parsed_index, m.start))
        entries.append(
            {
                "name": character.name,
                "aliases": sorted(a for a in character.aliases if a != character.name),
                "gender": character.gender.value,
                "first_appearance": _appearance(model, named[0]),
                "last_appearance": _appearance(model, named[-1]),
                "mentions": len(named),
                "pronoun_mentions": len(character.mentions) - len(named),
                "dialogue_lines": speeches[character.id],
            }
        )
    entries.sort(key=lambda e: (-e["mentions"], e["first_appearance"]["offset"]))
    return {"title": _title(model), "characters": entries}


def _title(model: StoryModel) -> str:
    manuscript = model.manuscript
    return manuscript.title or Path(manuscript.path).stem


def _dialogue_lines(model: StoryModel) -> Counter[int]:
    """Quotations attributed to each character by the speakers stage (none when it did not run)."""
    counts: Counter[int] = Counter()
    quotes = model.layers.get("quotes")
    for quote in getattr(quotes, "quotes", None) or []:
        speaker = getattr(quote, "speaker_id", None)
        if speaker is not None and not getattr(quote, "continued", False):
            counts[speaker] += 1
    return counts


def _appearance(model: StoryModel, mention: Mention) -> dict[str, Any]:
    parsed = model.parsed[mention.parsed_index]
    source = parsed.paragraph.source
    line, column = source.line_col(mention.start)
    sentence = parsed.doc[mention.token_start].sent
    quote = " ".join(sentence.text.split())
    if len(quote) > QUOTE_CHARS:
        quote = _around(quote, " ".join(source.text[mention.start : mention.end].split()))
    appearance = {
        "chapter": model.manuscript.chapters[parsed.chapter_index].label,
        "line": line,
        "column": column,
        "offset": mention.start,
        "quote": quote,
    }
    if len(model.manuscript.sources) > 1:
        appearance["file"] = source.path
    return appearance


def _around(text: str, name: str) -> str:
    """A QUOTE_CHARS window of a long sentence that keeps the name in view."""
    at = max(text.find(name), 0)
    start = max(0, min(at - QUOTE_CHARS // 3, len(text) - QUOTE_CHARS))
    window = text[start : start + QUOTE_CHARS]
    return (
        ("\u2026" if start else "") + window + ("\u2026" if start + QUOTE_CHARS < len(text) else "")
    )


def character_entry(bible: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The bible entry a name or alias belongs to (for tests and tools), or None."""
    for entry in bible["characters"]:
        if name == entry["name"] or name in entry["aliases"]:
            return entry
    return None
