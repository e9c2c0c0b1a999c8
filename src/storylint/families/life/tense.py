"""The tense a chapter is narrated in: past ("Tom walked in") or present ("Tom walks in").

Why the life family needs it: in a story told in the present tense, the simple past is the
tense of backstory. "Tom died last spring ... Tom walked the dog every morning" is then a
memory, not the dead walking; and a narrator's "I" in the present tense is the story's now,
not a narrator looking back from after it. (It belongs beside the narrative modes in nlp/;
it lives here until a second family needs it.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylint.pipeline.layers import QUOTES

if TYPE_CHECKING:
    from storylint.model import StoryModel

PAST = frozenset({"VBD"})
PRESENT = frozenset({"VBZ", "VBP"})
# A chapter with fewer narrated main verbs than this takes the whole text's tense.
MIN_VERBS = 20


def present_tense_chapters(model: StoryModel) -> frozenset[int]:
    """Chapters whose narration is mostly in the present tense.

    Counts the finite verbs heading narrated sentences (outside dialogue): a past-tense
    novel has a few present ones ("I confess"), a present-tense story a few past ones. A
    chapter with too few to judge takes the whole text's tense; a tie is the past.
    """
    counts = _tense_counts(model)
    past = sum(c[0] for c in counts.values())
    present = sum(c[1] for c in counts.values())
    whole = present > past
    return frozenset(
        chapter for chapter, (p, q) in counts.items() if (q > p if p + q >= MIN_VERBS else whole)
    )


def _tense_counts(model: StoryModel) -> dict[int, list[int]]:
    """Per chapter, [past, present] counts of the tensed verbs heading narrated sentences."""
    quotes = model.get(QUOTES)
    counts: dict[int, list[int]] = {}
    for pi, parsed in enumerate(model.parsed):
        tally = counts.setdefault(parsed.chapter_index, [0, 0])
        for sent in parsed.doc.sents:
            root = sent.root
            if quotes is not None and quotes.in_quote(pi, root.i):
                continue
            verb = next((c for c in root.children if c.dep_ == "aux"), root)
            if verb.tag_ in PAST:
                tally[0] += 1
            elif verb.tag_ in PRESENT:
                tally[1] += 1
    return counts
