"""Character facts: what the text states about each character (issue 6).

The stage `storylint.families.characters.stage:extract_facts` stores a list of
`CharacterFact` in `model.layers["facts"]`, in reading order. See
docs/rules-characters.md for what is extracted and how the CHR rules use it.
"""

from __future__ import annotations

from storylint.families.characters.layer import CharacterFact
from storylint.families.characters.summary import facts_by_character

__all__ = ["CharacterFact", "facts_by_character"]
