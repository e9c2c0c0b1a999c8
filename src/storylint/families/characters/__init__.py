"""The characters family: what the text states about each character (eyes, hair, marks, ...).

`stage.extract_facts` provides the FACTS layer (a list of `CharacterFact`, in reading order),
which the CHR rules read. Who the characters are is the character model's (`storylint.people`).
What is extracted and how the rules use it: README.md beside this file.
"""

from __future__ import annotations

from storylint.families.characters.layer import CharacterFact
from storylint.families.characters.summary import facts_by_character

__all__ = ["CharacterFact", "facts_by_character"]

# The modules whose @stage / @rule declarations register when the pipeline discovers this
# package (storylint.pipeline.stages.discover); importing the package itself stays light.
MODULES = ("stage", "rules")
