"""Finding the few tokens of a novel that hold given words, without touching the rest.

Why: a Python loop over every token of a 120,000-word novel costs more than
most analysis stages together (each token access builds a Python object).
Splitting each paragraph's text into words runs at C speed and rules out the
paragraphs that cannot matter; in the rest, numpy compares the parser's
lower-case hashes and only the matching tokens become Python objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.model import StoryModel

WORD_RE = re.compile(r"[a-z]+")


def tokens_with_words(
    model: StoryModel, words: frozenset[str]
) -> Iterator[tuple[int, list[Token]]]:
    """(parsed index, tokens whose lower-case text is in `words`) for each paragraph with any.

    `words` are lower-case surface forms, each a single token as spaCy splits it.
    """
    from spacy.attrs import LOWER
    from spacy.strings import hash_string  # type: ignore[attr-defined]  # not in strings.pyi

    hashes: dict[str, int] = {}
    for pi, parsed in enumerate(model.parsed):
        text = parsed.paragraph.text.lower()
        found = words.intersection(WORD_RE.findall(text))
        if not found:
            continue
        doc = parsed.doc
        lowers = doc.to_array(LOWER)
        wanted = np.fromiter(
            (hashes.setdefault(w, hash_string(w)) for w in found), dtype=lowers.dtype
        )
        hits = [doc[int(i)] for i in np.flatnonzero(np.isin(lowers, wanted))]
        if hits:
            yield pi, hits


def texts_of_tokens_with(model_parsed: list, flag_ids: list[int]) -> frozenset[str]:
    """The distinct texts of tokens that carry every one of the boolean lexical flags
    `flag_ids` (spacy.attrs IS_LOWER, IS_ALPHA...), over the whole book.

    Token boundaries stay the parser's (a regex over the text would take "don" from
    "don't"); numpy picks the rows, and only the distinct strings are looked up.
    """
    from spacy.attrs import ORTH

    hashes: set[int] = set()
    strings = None
    for parsed in model_parsed:
        doc = parsed.doc
        if not len(doc):
            continue
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, *flag_ids])
        keep = np.all(rows[:, 1:] == 1, axis=1)
        hashes.update(rows[keep, 0].tolist())
    if strings is None:
        return frozenset()
    return frozenset(strings[h] for h in hashes)
