"""What the HTML report takes from the story model: characters, and the timeline when there is one.

Reporters never re-analyse, so everything here only reads layers that the
analysis stages already stored: the `CharacterIndex` ("characters"), the story
bible built from it, and the timeline (the TIMELINE layer, described by
`storylint.families.time.describe_timeline` when that module is installed).

Which characters a finding is about: the characters *mentioned inside its
passages* (by name, or by a pronoun the pronoun stage resolved, so "his coat"
counts for the man it belongs to), plus the characters the finding's message
names ("The coat Ivy is wearing was established as Derek's"). Nothing is
guessed from the wider paragraph: a finding about a coat in a scene full of
people is filed only under the people its own words involve.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storylint.people.entities import Character, Mention, MentionKind
from storylint.pipeline.layers import CHARACTERS

if TYPE_CHECKING:
    from storylint.findings import Finding
    from storylint.model import StoryModel


@dataclass
class CharacterInfo:
    """One character as the report shows it, with the mentions its links point at."""

    id: int
    entry: dict[str, Any]  # the story bible's entry (docs/story-bible.md)
    first: Mention
    last: Mention
    first_path: str
    last_path: str
    chapters: Counter[int] = field(default_factory=Counter)  # chapter index -> named mentions


def characters(model: StoryModel | None) -> list[CharacterInfo]:
    """Characters in the story bible's order (most mentioned first), with their anchors."""
    index = model.peek(CHARACTERS) if model is not None else None
    if model is None or index is None:
        return []
    from storylint.bible import build_bible

    by_first: dict[tuple[str, int], Character] = {}
    for character in index.characters:
        named = [m for m in character.mentions if m.kind is not MentionKind.PRONOUN]
        if named:
            first = min(named, key=lambda m: (m.parsed_index, m.start))
            by_first[(character.name, first.start)] = character
    infos = []
    for entry in build_bible(model).get("characters", []):
        key = (entry.get("name"), entry.get("first_appearance", {}).get("offset"))
        if key not in by_first:
            continue
        character = by_first[key]
        named = sorted(
            (m for m in character.mentions if m.kind is not MentionKind.PRONOUN),
            key=lambda m: (m.parsed_index, m.start),
        )
        chapters: Counter[int] = Counter(model.parsed[m.parsed_index].chapter_index for m in named)
        infos.append(
            CharacterInfo(
                id=character.id,
                entry=entry,
                first=named[0],
                last=named[-1],
                first_path=_path_of(model, named[0]),
                last_path=_path_of(model, named[-1]),
                chapters=chapters,
            )
        )
    return infos


def _path_of(model: StoryModel, mention: Mention) -> str:
    return model.parsed[mention.parsed_index].paragraph.source.path


class FindingCharacters:
    """Answers "which characters is this finding about?" for many findings quickly."""

    def __init__(self, model: StoryModel | None) -> None:
        self._mentions: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}
        self._names: re.Pattern[str] | None = None
        self._name_ids: dict[str, int] = {}
        index = model.peek(CHARACTERS) if model is not None else None
        if model is None or index is None:
            return
        spans: dict[str, list[tuple[int, int, int]]] = {}
        named_ids: set[int] = set()
        for character in index.characters:
            for m in character.mentions:
                spans.setdefault(_path_of(model, m), []).append((m.start, m.end, character.id))
                if m.kind is not MentionKind.PRONOUN:
                    named_ids.add(character.id)
        for path, items in spans.items():
            items.sort()
            self._mentions[path] = ([s for s, _, _ in items], [(e, c) for _, e, c in items])
        self._compile_names([index.by_id(i) for i in sorted(named_ids)])

    def _compile_names(self, people: list[Character]) -> None:
        """Whole-word names for the message; a name two characters share is nobody's."""
        owners: dict[str, set[int]] = {}
        for character in people:
            for name in {character.name, *character.aliases}:
                if name and name[0].isupper():
                    owners.setdefault(name, set()).add(character.id)
        self._name_ids = {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1}
        if self._name_ids:
            names = sorted(self._name_ids, key=len, reverse=True)
            alternatives = "|".join(re.escape(n) for n in names)
            self._names = re.compile(rf"(?<![\w'’])(?:{alternatives})(?![\w])")

    def of(self, finding: Finding) -> list[int]:
        """Character ids: mentioned in the passages first (in order), then named in the message."""
        found: list[int] = []
        for evidence in finding.evidence:
            starts, rest = self._mentions.get(evidence.source.path, ([], []))
            k = bisect.bisect_left(starts, evidence.start)
            # A mention starting a little before the passage may still overlap it.
            k = max(0, k - 1)
            while k < len(starts) and starts[k] < evidence.end:
                end, character_id = rest[k]
                if end > evidence.start and character_id not in found:
                    found.append(character_id)
                k += 1
        if self._names is not None:
            for match in self._names.finditer(finding.message):
                character_id = self._name_ids[match.group(0)]
                if character_id not in found:
                    found.append(character_id)
        return found


def timeline(model: StoryModel | None) -> list[dict[str, Any]] | None:
    """The timeline's scene rows, or None when the model has no timeline (tab not shown)."""
    if model is None:
        return None
    try:
        from storylint.families.time import describe_timeline
        from storylint.families.time.layer import TIMELINE
    except ImportError:
        return None
    if model.peek(TIMELINE) is None:
        return None
    return list(describe_timeline(model))
