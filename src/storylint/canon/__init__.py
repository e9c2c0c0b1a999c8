"""The writer's canon: a story bible read, validated, and handed to the analysis and rules.

`load_bible(path)` returns a `Canon` (see `canon.model`) or raises `BibleError` with one
line naming the file, the line and the key. `build_model(manuscript, canon=...)` stores it
as `model.get(CANON)` before any stage runs: the characters stage merges the names the
bible says are one person and keeps apart those it says are not; rules compare what the
text says with `canon.facts_of(character)`. The schema is documented in docs/story-bible.md.
"""

from storylint.canon.loader import BibleError, load_bible, parse_bible
from storylint.canon.model import (
    Canon,
    CanonCharacter,
    CanonDeath,
    CanonFact,
    CanonNote,
    CanonObject,
    CanonPlace,
    name_key,
)

__all__ = [
    "BibleError",
    "Canon",
    "CanonCharacter",
    "CanonDeath",
    "CanonFact",
    "CanonNote",
    "CanonObject",
    "CanonPlace",
    "load_bible",
    "name_key",
    "parse_bible",
]
