"""What the text states about a character: one `CharacterFact` per statement.

Why a flat list of small records: the rules compare statements about one
character and one attribute in reading order, the story bible lists them, and
other extractors (relations, life and death) add their own attributes to the
same list without knowing about physical attributes. Each fact keeps its
evidence (exact source offsets) so a finding can quote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storylint.findings import Evidence
from storylint.pipeline.layers import Layer


@dataclass(eq=False)
class CharacterFact:
    """One statement of the text about one character.

    `attribute` is a key of the shared list (eyes, hair, height, build, scar,
    tattoo, injury, glasses, handedness, occupation, rank, hometown, ... and
    the relations' keys). `value` is normalised lower case ("blue", "left",
    "yes", "leeds"); `families` are the colour or value families it belongs to
    (how rules decide compatibility). A fact with `event` set narrates a
    change ("dyed", "wounded", "promoted"): it explains a new value rather
    than stating a lasting one.
    """

    character_id: int
    attribute: str
    value: str
    evidence: Evidence
    parsed_index: int  # index into StoryModel.parsed
    paragraph_index: int  # Paragraph.index in the manuscript
    chapter_index: int
    scene_index: int
    mode: str = "narration"  # narration, memory, negated (only "never needed glasses")
    confidence: float = 0.8
    body_part: str | None = None
    side: str | None = None  # left / right, for paired body parts
    families: frozenset[str] = frozenset()
    event: str | None = None
    definite: bool = False  # "the scar", "his wound": refers back to one already known
    plural: bool = False  # "scars", "wounds": more than one
    by_pronoun: bool = False  # the owner was a pronoun ("her eyes"), not a name
    token_i: int = 0  # the token that triggered the fact, for ordering within a paragraph
    note: str = ""  # e.g. "child" for a height given on "a tall boy"
    other_id: int | None = None  # for relations: the character the value names
    extra: dict = field(default_factory=dict)

    @property
    def order(self) -> tuple[int, int]:
        return self.parsed_index, self.token_i

    @property
    def quote(self) -> str:
        return self.evidence.quote


FACTS: Layer[list[CharacterFact]] = Layer(
    "facts", "what the text states about each character, in reading order (families.characters)"
)
