"""Ordered lookups over one segment, so that the places rules cost time in proportion to
the text rather than to its square.

A segment is one place and time; most are a few hundred events, but a manuscript with no
chapter or scene breaks (or one 10 MB line, split into paragraphs by the reader) is a
single segment of hundreds of thousands. Scanning the whole segment again for every leave
made `absent_character_acts` quadratic there: 400 KB on one line took 25 s in that rule
alone. Everything here answers exactly what the full scans answered.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator

from storylint.families.places.presence import EventKind, PresenceEvent, Segment

Order = tuple[int, int]


class SegmentIndex:
    """A segment's marks (narrator, unnamed people, group returns, narrator moves) sorted,
    for "is there one between these two points?" in logarithmic time; and where in each
    paragraph each character last comes back in ("said from the doorway")."""

    def __init__(self, segment: Segment) -> None:
        self.narrator = sorted(segment.narrator)
        self.unnamed = sorted(segment.unnamed)
        self.group_returns = sorted(segment.group_returns)
        self.narrator_moves = sorted(segment.narrator_moves)
        self._last_back: dict[tuple[int, int], int] = {}
        self._located: dict[int, list[int]] = {}
        for k, event in enumerate(segment.events):
            if event.kind is EventKind.ACT and event.back:
                self._last_back[event.parsed_index, event.character_id] = k
            elif event.kind is EventKind.LOCATED:
                self._located.setdefault(event.parsed_index, []).append(k)

    def located_after(self, events: list[PresenceEvent], i: int) -> list[PresenceEvent]:
        """The events placing someone ("stayed at the table") after event `i` in its
        paragraph."""
        return [events[k] for k in self._located.get(events[i].parsed_index, ()) if k > i]

    def comes_back_from(self, events: list[PresenceEvent], n: int, who: int) -> bool:
        """Does `who` act their way back in ("said from the doorway") at event `n` or later
        in its paragraph?"""
        return self._last_back.get((events[n].parsed_index, who), -1) >= n

    @staticmethod
    def between(marks: list[Order], low: Order, high: Order) -> bool:
        """A mark strictly between `low` and `high`."""
        k = bisect_right(marks, low)
        return k < len(marks) and marks[k] < high

    @staticmethod
    def before(marks: list[Order], high: Order, low: Order | None = None) -> bool:
        """A mark before `high` (and at or after `low`, when given)."""
        k = 0 if low is None else bisect_left(marks, low)
        return k < len(marks) and marks[k] < high


def backwards(events: list[PresenceEvent], i: int) -> Iterator[PresenceEvent]:
    """The events before `i`, nearest first, without copying the segment's prefix (the
    callers stop at the paragraph's start)."""
    for k in range(i - 1, -1, -1):
        yield events[k]


def window_end(events: list[PresenceEvent], i: int, reach: int) -> int:
    """The index just past the last event at most `reach` paragraphs after event `i`
    (events are in story order): nothing further can be a contradiction of it."""
    last = events[i].parsed_index + reach
    end = i + 1
    while end < len(events) and events[end].parsed_index <= last:
        end += 1
    return end


class PresentSoFar:
    """Who has been shown here so far, event by event: acting, speaking or placed here puts
    a character in; going (`goes`: leaving, driving off) takes them out. Fed in story
    order, it holds for every leave what a scan of all the events before it would find."""

    def __init__(self, goes: Callable[[PresenceEvent], bool]) -> None:
        self._goes = goes
        self._in: dict[int, bool] = {}

    def see(self, event: PresenceEvent) -> None:
        if event.kind in (EventKind.ACT, EventKind.SPEAK, EventKind.LOCATED):
            self._in[event.character_id] = True
        elif self._goes(event):
            self._in[event.character_id] = False

    def others_than(self, leave: PresenceEvent) -> set[int]:
        """Everyone shown here and not gone, but the one who leaves and those going along."""
        going = {leave.character_id, *leave.others}
        return {c for c, here in self._in.items() if here and c not in going}


class FirstShown:
    """Where each character is first shown in a segment's narration (not in dialogue), at
    all and by name, and who of each gender was shown first: enough to answer "was X
    named before event i, with nobody else of X's gender (or of unknown gender) shown
    before it?" without reading the segment's events again for every leave."""

    def __init__(self, events: list[PresenceEvent], gender_of: Callable[[int], str]) -> None:
        self._named: dict[int, int] = {}
        seen: dict[int, int] = {}
        for k, event in enumerate(events):
            if event.quoted or event.character_id < 0:
                continue
            seen.setdefault(event.character_id, k)
            if not event.by_pronoun:
                self._named.setdefault(event.character_id, k)
        self._by_gender: dict[str, list[tuple[int, int]]] = {}
        for character, k in seen.items():
            self._by_gender.setdefault(gender_of(character), []).append((k, character))
        for firsts in self._by_gender.values():
            firsts.sort()

    def named_before(self, character: int, i: int) -> bool:
        return self._named.get(character, i) < i

    def rival_before(self, character: int, genders: tuple[str, ...], i: int) -> bool:
        """Someone other than `character`, of one of `genders`, shown before event `i`."""
        for gender in genders:
            for k, other in self._by_gender.get(gender, ()):
                if k >= i:
                    break
                if other != character:
                    return True
        return False
