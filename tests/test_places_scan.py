"""The places rules' ordered lookups answer exactly what a scan of the whole segment did.

`storylint.families.places.scan` replaced, for speed on manuscripts with no scene breaks
(one 10 MB line), scans of every earlier or later event with sorted lookups and a running
tally. A writer would notice any difference as a finding gained or lost, so each lookup is
checked here against the plain scan it replaced, on random segments.
"""

from __future__ import annotations

import random

import pytest

from storylint.families.places.presence import EventKind, PresenceEvent, Segment
from storylint.families.places.scan import FirstShown, PresentSoFar, SegmentIndex

KINDS = list(EventKind)


def random_segment(rng: random.Random) -> Segment:
    events = []
    for pi in range(rng.randint(1, 6)):
        tokens = sorted(rng.sample(range(200), rng.randint(0, 12)))
        for token in tokens:
            events.append(
                PresenceEvent(
                    rng.choice(KINDS),
                    rng.randint(-2, 4),
                    pi,
                    token,
                    token - token % 20,
                    0,
                    0,
                    lemma=rng.choice(["walk", "drive", "sit", "stay"]),
                    back=rng.random() < 0.3,
                    others=tuple(rng.sample(range(5), rng.randint(0, 2))),
                )
            )
    marks = lambda: [(rng.randint(0, 6), rng.randint(0, 200)) for _ in range(rng.randint(0, 8))]  # noqa: E731
    return Segment(
        0, 0, 0, 0, 6, "start",
        events=events, narrator=marks(), unnamed=marks(),
        group_returns=marks(), narrator_moves=marks(),
    )  # fmt: skip


def goes(event: PresenceEvent) -> bool:
    return event.kind is EventKind.LEAVE or (
        event.kind is EventKind.MOVE and event.lemma == "drive"
    )


def stayers_by_scan(before: list[PresenceEvent], leave: PresenceEvent) -> set[int]:
    """The scan `_stayers` made over every event before the leave."""
    stayers: set[int] = set()
    for e in before:
        if e.character_id == leave.character_id or e.character_id in leave.others:
            continue
        if e.kind in (EventKind.ACT, EventKind.SPEAK, EventKind.LOCATED):
            stayers.add(e.character_id)
        elif goes(e):
            stayers.discard(e.character_id)
    return stayers


@pytest.mark.parametrize("seed", range(40))
def test_who_is_present_before_each_event_matches_a_scan_of_all_before_it(seed: int) -> None:
    segment = random_segment(random.Random(seed))
    present = PresentSoFar(goes)
    for i, event in enumerate(segment.events):
        if i:
            present.see(segment.events[i - 1])
        assert present.others_than(event) == stayers_by_scan(segment.events[:i], event)


@pytest.mark.parametrize("seed", range(40))
def test_marks_between_and_before_match_a_scan(seed: int) -> None:
    rng = random.Random(seed)
    segment = random_segment(rng)
    index = SegmentIndex(segment)
    for _ in range(30):
        low = (rng.randint(0, 6), rng.randint(-1, 200))
        high = (rng.randint(0, 6), rng.randint(-1, 200))
        for marks, sorted_marks in (
            (segment.narrator, index.narrator),
            (segment.unnamed, index.unnamed),
            (segment.group_returns, index.group_returns),
            (segment.narrator_moves, index.narrator_moves),
        ):
            assert SegmentIndex.between(sorted_marks, low, high) == any(
                low < m < high for m in marks
            )
            assert SegmentIndex.before(sorted_marks, high) == any(m < high for m in marks)
            assert SegmentIndex.before(sorted_marks, high, low) == any(
                low <= m < high for m in marks
            )


@pytest.mark.parametrize("seed", range(40))
def test_paragraph_lookups_match_a_scan_of_the_paragraph(seed: int) -> None:
    segment = random_segment(random.Random(seed))
    events = segment.events
    index = SegmentIndex(segment)
    for n, event in enumerate(events):
        rest = [e for e in events[n:] if e.parsed_index == event.parsed_index]
        for who in range(-2, 5):
            assert index.comes_back_from(events, n, who) == any(
                e.kind is EventKind.ACT and e.back and e.character_id == who for e in rest
            )
        assert index.located_after(events, n) == [
            e for e in rest[1:] if e.kind is EventKind.LOCATED
        ]


@pytest.mark.parametrize("seed", range(40))
def test_named_with_no_rival_matches_a_scan_of_all_before(seed: int) -> None:
    rng = random.Random(seed)
    segment = random_segment(rng)
    for event in segment.events:
        event.quoted = rng.random() < 0.2
        event.by_pronoun = rng.random() < 0.5
    genders = {c: rng.choice(["male", "female", "unknown"]) for c in range(-2, 5)}
    first = FirstShown(segment.events, genders.__getitem__)
    for i, leave in enumerate(segment.events):
        gender = genders[leave.character_id]
        shown, rival = False, False
        for e in segment.events[:i]:  # the scan `_pronoun_unambiguous` made
            if e.quoted or e.character_id < 0:
                continue
            if e.character_id == leave.character_id:
                shown = shown or not e.by_pronoun
            elif genders[e.character_id] in (gender, "unknown"):
                rival = True
        assert first.rival_before(leave.character_id, (gender, "unknown"), i) == rival
        assert first.named_before(leave.character_id, i) == shown
