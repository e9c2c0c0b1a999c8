"""Parsing each paragraph once for a clean text and all its mutated copies.

The clean excerpt is checked through storylint's parse cache (nlp/parse_cache.py), so a
second run of the harness does not parse it again. Its mutated copies differ from it in one
or two paragraphs, so instead of writing the whole cache file back after every slip (which
costs more than the check itself), the harness keeps the parsed paragraphs in memory and
hands `build_model` a parser that parses only the paragraphs it has not seen. Nothing in
storylint writes to a parsed Doc, and a paragraph's parse does not depend on its neighbours,
so a mutated copy gets the very model a fresh parse would give.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any


class ParagraphMemo:
    """A stand-in for the spaCy pipeline that remembers every paragraph it parsed."""

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp
        self._docs: dict[str, Any] = {}
        self.parsed = 0

    def remember(self, parsed: Iterable[Any]) -> None:
        """Seed it with a model's parsed paragraphs (model.parsed)."""
        for item in parsed:
            self._docs.setdefault(item.doc.text, item.doc)

    def pipe(self, texts: Iterable[str], **_: Any) -> Iterator[Any]:
        texts = list(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self._docs]
        if missing:
            self.parsed += len(missing)
            for text, doc in zip(missing, self._nlp.pipe(missing, batch_size=64), strict=True):
                self._docs[text] = doc
        return iter([self._docs[t] for t in texts])

    def __call__(self, text: str) -> Any:
        return next(self.pipe([text]))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


@contextmanager
def disk_cache_off() -> Iterator[None]:
    """Mutated copies bypass the on-disk parse cache (the memo above serves them)."""
    before = os.environ.get("STORYLINT_CACHE")
    os.environ["STORYLINT_CACHE"] = "off"
    try:
        yield
    finally:
        if before is None:
            del os.environ["STORYLINT_CACHE"]
        else:
            os.environ["STORYLINT_CACHE"] = before
