"""A series: several books checked in order against one story bible.

Why carry facts forward: a reader of book two remembers book one. Eye colour, a mother's
name, where someone grew up and who has died stay true from one book to the next, so once
book one has said them, book two contradicting them is a slip like any other, and the
finding quotes book one's passage as the established one. Only attributes that do not
change over a life are carried (`carried_in_series` in data/bible_schema.yaml: not ages,
hair, jobs or marriages), only affirmed narration, and only the first statement in the
book; the bible's own word always wins over a carried one.

The facts come from the layers the issue-6 stages fill (`facts` and `relations`: lists of
CharacterFact; `life`: deaths); a layer that is absent carries nothing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storylint.canon.model import Canon, CanonFact, name_key
from storylint.canon.schema import schema
from storylint.families.life.layer import LIFE
from storylint.findings import Evidence
from storylint.pipeline.layers import CHARACTERS, Layer

if TYPE_CHECKING:
    from storylint.manuscript import Manuscript
    from storylint.model import StoryModel

MIN_CONFIDENCE = 0.5  # a fact the rules would not report on is not worth carrying


def book_label(manuscript: Manuscript) -> str:
    """How findings name a book: its title, else its file or folder name."""
    return manuscript.title or Path(manuscript.path).name


def book_names(manuscript: Manuscript) -> tuple[str, ...]:
    """Every name a bible's `died: {book: ...}` may use for this book."""
    path = Path(manuscript.path)
    names = [manuscript.path, path.name, path.stem]
    if manuscript.title:
        names.insert(0, manuscript.title)
    return tuple(dict.fromkeys(names))


class Series:
    """The canon for each book in turn: the bible, plus what earlier books established."""

    def __init__(self, canon: Canon) -> None:
        self.base = canon
        self.carried: list[CanonFact] = []
        self.earlier: list[tuple[str, ...]] = []

    def canon_for(self, manuscript: Manuscript) -> Canon:
        canon = self.base.for_book(book_names(manuscript), self.earlier)
        if not self.carried:
            return canon
        declared = {(name_key(f.character), f.attribute) for f in canon.facts}
        extra = [f for f in self.carried if (name_key(f.character), f.attribute) not in declared]
        return replace(canon, facts=[*canon.facts, *extra])

    def learn(self, model: StoryModel) -> None:
        """Remember what this book established, for the books after it."""
        book = book_label(model.manuscript)
        self.earlier.append(book_names(model.manuscript))
        index = model.peek(CHARACTERS)
        if index is None:
            return
        known = {(name_key(f.character), f.attribute) for f in self.carried}
        for character_id, attribute, value, evidence in _established(model):
            if not 0 <= character_id < len(index.characters):
                # The unnamed first-person narrator (NARRATOR_ID) has no name to carry to the
                # next book by; a series bible can name them.
                continue
            character = index.by_id(character_id)
            key = (name_key(character.name), attribute)
            if key in known:
                continue
            known.add(key)
            aliases = tuple(sorted(a for a in character.aliases if a != character.name))
            self.carried.append(
                CanonFact(
                    character.name,
                    aliases,
                    attribute,
                    value,
                    evidence,
                    written=value,
                    book=book,
                )
            )


def _established(model: StoryModel) -> list[tuple[int, str, str, Evidence]]:
    """(character id, attribute, value, evidence) of the first affirmed statement of each
    carried attribute, in reading order."""
    carried = schema().carried_in_series
    found: list[tuple[tuple[int, int], int, str, str, Evidence]] = []
    from storylint.families.characters.layer import FACTS
    from storylint.families.relationships.stage import RELATIONS

    layers: tuple[Layer[Any], ...] = (FACTS, RELATIONS)
    for layer in layers:
        for fact in model.peek(layer) or ():
            if not _usable(fact, carried):
                continue
            order = (getattr(fact, "parsed_index", 0), getattr(fact, "token_i", 0))
            ev = fact.evidence
            evidence = Evidence(ev.source, ev.start, ev.end, "established")
            found.append((order, fact.character_id, fact.attribute, fact.value, evidence))
    if model.peek(LIFE) is not None and "dead" in carried:
        from storylint.families.life.stage import deaths

        # Only deaths the life stage stands behind: not revived, not doubted, not told only
        # by a pronoun or as news, which would make a living character dead for every later book.
        for death in deaths(model):
            evidence = Evidence(death.source, death.start, death.end, "established")
            found.append(((death.parsed_index, 0), death.character_id, "dead", "true", evidence))
    found.sort(key=lambda item: item[0])
    return [(cid, attribute, value, ev) for _, cid, attribute, value, ev in found]


def _usable(fact: Any, carried: frozenset[str]) -> bool:
    return (
        getattr(fact, "attribute", None) in carried
        and getattr(fact, "mode", "narration") == "narration"
        and not getattr(fact, "event", None)
        and bool(getattr(fact, "value", ""))
        and getattr(fact, "confidence", 1.0) >= MIN_CONFIDENCE
        and getattr(fact, "evidence", None) is not None
    )


class SeriesRun:
    """One check run over several manuscripts: a `Series` per story bible, and the book
    named on every finding when more than one manuscript is checked."""

    def __init__(self, several: bool) -> None:
        self.several = several
        self._series: dict[int, Series] = {}

    def canon_for(self, canon: Canon | None, manuscript: Manuscript) -> Canon | None:
        if canon is None:
            return None
        series = self._series.setdefault(id(canon), Series(canon))
        return series.canon_for(manuscript)

    def learn(self, canon: Canon | None, model: StoryModel, findings: list) -> None:
        if self.several:
            book = book_label(model.manuscript)
            for finding in findings:
                finding.book = book
        if canon is not None and self.several:
            self._series.setdefault(id(canon), Series(canon)).learn(model)
