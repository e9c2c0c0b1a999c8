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

from storylint.people.entities import Mention, MentionKind
from storylint.pipeline.layers import CHARACTERS, QUOTES

if TYPE_CHECKING:
    from storylint.canon import Canon
    from storylint.model import StoryModel

QUOTE_CHARS = 160  # longest sentence quoted in an appearance before it is shortened


def build_bible(model: StoryModel) -> dict[str, Any]:
    """The documented bible shape, characters sorted by how often they are named."""
    index = model.get(CHARACTERS)
    characters = index.characters if index is not None else []
    speeches = _dialogue_lines(model)
    entries: list[dict[str, Any]] = []
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
    quotes = model.get(QUOTES)
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


# --- a bible to start from, and one kept up to date -------------------------------------

HEADER = """\
# Story bible for {title}, started by `storylint bible`.
# Edit it, then check the story against it: storylint check --bible THIS-FILE PATH
# (the schema is in docs/story-bible.md). To each character you may add:
#   aliases, distinct_from, gender (female/male/unknown), notes, died (true, a description,
#   or {{book: ..., chapter: ..., how: ...}}),
#   attributes: eyes, hair, height, build, scars, tattoos, injuries, birthmarks, glasses,
#     handedness, age, birth_date (YYYY-MM-DD or MM-DD), occupation, rank, hometown
#   relationships: mother, father, sister, brother, wife, husband, son, daughter, spouse
# At the top level: distinct ([[Tom Wills, Mr. Wills]]: not one person),
#   objects ([{{name: coat, owner: Derek}}]), places, notes.
# first_appearance, last_appearance, mentions, pronoun_mentions and dialogue_lines
# describe the text as storylint read it; they are ignored when the bible is read.
"""
# What the writer declares about a character, carried over by `storylint bible --bible`.
DECLARED_KEYS = ("distinct_from", "attributes", "relationships", "died", "dead", "notes")
TOP_LEVEL_KEYS = ("distinct", "objects", "places", "notes")


def bible_yaml(data: dict[str, Any]) -> str:
    """The bible as YAML, under a comment saying what a writer may add."""
    import yaml

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return HEADER.format(title=data.get("title") or "this story") + body


def with_canon(data: dict[str, Any], canon: Canon) -> dict[str, Any]:
    """The analysis' bible with everything the writer declared in `canon` kept.

    Why: a writer regenerates the bible after writing more chapters; their attributes,
    relationships, notes, objects and places must survive, and characters they listed
    that the text does not (yet) name stay in it."""
    written = canon.data.get("characters") if isinstance(canon.data, dict) else None
    written = written if isinstance(written, list) else []
    used: set[int] = set()
    for entry in data["characters"]:
        found = None
        for name in (entry["name"], *entry["aliases"]):
            found = canon.entry_named(name)
            if found is not None:
                break
        if found is None or found.index in used:
            continue
        used.add(found.index)
        extra = sorted(set(found.names) - {entry["name"], *entry["aliases"]})
        entry["aliases"] = sorted({*entry["aliases"], *extra} - {entry["name"]})
        if found.gender is not None:
            entry["gender"] = found.gender.value
        raw = written[found.index] if found.index < len(written) else None
        if isinstance(raw, dict):
            for key in DECLARED_KEYS:
                if key in raw:
                    entry[key] = _plain(raw[key])
    for index, raw in enumerate(written):
        if index not in used:
            data["characters"].append(_plain(raw))  # the writer's, not (yet) in the text
    for key in TOP_LEVEL_KEYS:
        if isinstance(canon.data, dict) and key in canon.data:
            data[key] = _plain(canon.data[key])
    return data


def _plain(value: Any) -> Any:
    """YAML dates as the writer typed them, so that JSON output works too."""
    import datetime

    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
