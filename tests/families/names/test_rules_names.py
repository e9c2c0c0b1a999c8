"""NAM001-NAM003: misspelled and drifting names, from passages a writer might send us.

"Fires" cases are slips an editor would circle ("Karen Cartright" once among
many "Karen Cartwright"); "quiet" cases are things novels do on purpose: pet
forms, Mr. and Mrs. of one family, two people with close names, a dialect
speaker, the plural of a family, a spelling the story bible declares.
"""

from __future__ import annotations

import pytest

from dialogue_helpers import manuscript
from storylint.canon import parse_bible
from storylint.engine import run_rules
from storylint.families.names.distance import NearIndex, osa_distance, plausible_slip
from storylint.families.names.settings import settings
from storylint.families.names.spelling import find_spelling_variants
from storylint.findings import Severity
from storylint.model import StoryModel
from storylint.nlp.quotes import detect_quotes
from storylint.people.characters import find_characters
from storylint.pipeline.build import parse_manuscript
from storylint.rules.registry import all_rules

NAMES = [r for r in all_rules() if r.family == "names"]


def build(text: str, nlp, canon=None) -> StoryModel:
    """The stages the names rules read: quotes, characters (with the name census), spelling."""
    source = manuscript(text, "story.txt")
    model = StoryModel(source, parse_manuscript(source, nlp))
    if canon is not None:
        model.layers["canon"] = canon
    detect_quotes(model)
    find_characters(model)
    find_spelling_variants(model)
    return model


def findings(text: str, nlp, canon=None, rule_id: str | None = None):
    rules = [r for r in NAMES if rule_id is None or r.id == rule_id]
    return run_rules(build(text, nlp, canon), rules)


def shown(found):
    """What a writer sees by default: warning and above, confidence >= 0.5."""
    return [f for f in found if f.severity.rank >= Severity.WARNING.rank and f.confidence >= 0.5]


# --- must fire ----------------------------------------------------------------------------

CARTWRIGHT = """\
Karen Cartwright had lived above the bakery on Fulton Street for three years before anyone \
thought to ask her name.

The audition notice went up on a Tuesday. Karen Cartwright read it twice, folded it into her \
coat pocket, and walked the long way home.

Derek was waiting outside the studio when she arrived. "Miss Cartwright," he said, not quite \
smiling. "You're early."

"I'm always early," said Karen Cartwright. She stepped past him and set her bag on the bench.

The pianist played the opening bars. Karen Cartwright closed her eyes and let the first phrase \
rise out of her as if she had known it all her life.

Derek said nothing for a long moment. Then he wrote something on his clipboard and turned to \
the window.

By the end of the week the whole company knew the name. Karen Cartwright, the girl from the \
bakery, had been called back.

Ivy heard it from the stage manager. She put down her coffee, looked at the cast list, and \
read it again: Karen Cartwright.

That night Karen Cartright sat on the fire escape with a cold cup of tea and did not sleep \
until the trucks began to roll down Fulton Street.

In the morning Karen Cartwright went back to the studio. Derek was already there.

"Again," he said. Karen Cartwright began again.

When the rehearsal ended, Karen Cartwright gathered her things and walked out into the rain.
"""


def test_a_surname_misspelled_once_among_many_is_reported(nlp):
    found = shown(findings(CARTWRIGHT, nlp))
    assert [f.rule for f in found] == ["NAM001"]
    finding = found[0]
    assert finding.message == (
        '"Cartright" (once, line 17) looks like a misspelling of "Cartwright" (10 times).'
    )
    roles = [(e.role, e.quote) for e in finding.evidence]
    assert roles == [("established", "Karen Cartwright"), ("contradiction", "Karen Cartright")]
    # The established passage is the nearest use before the slip (line 15).
    assert finding.evidence[0].to_dict()["line"] == 15
    assert finding.confidence >= 0.7


MERYTON = """\
The village of Meryton lay only a mile from Longbourn, and the Bennet girls walked there three \
or four times a week.

Kitty and Lydia went to Meryton every morning to visit their aunt, who lived in the main street.

A regiment of militia was quartered in Meryton for the whole winter, and the officers soon \
became the talk of the house.

Elizabeth walked to Meryton with her sisters on Tuesday. The road was muddy and her petticoat \
was six inches deep in it.

At Meryton they met Mr. Denny, who introduced his friend, a young man of most gentlemanlike \
appearance.

The assembly at Meryton was crowded. Elizabeth danced twice with the officers and sat down for \
two dances.

Mrs. Philips had lived in Meryton all her life and knew everybody worth knowing.

When the news reached Merryton, the whole town spoke of nothing else for a week.

The officers left Meryton in the spring, and the girls were inconsolable.

Elizabeth walked back from Meryton alone, thinking over everything she had heard.
"""


def test_a_place_misspelled_once_is_reported_as_a_place(nlp):
    found = shown(findings(MERYTON, nlp))
    assert [f.rule for f in found] == ["NAM002"]
    assert found[0].message == (
        '"Merryton" (once, line 15) looks like a misspelling of the place name "Meryton" (9 times).'
    )
    assert [e.quote for e in found[0].evidence] == ["Meryton", "Merryton"]


PEQUOD = """\
The Pequod sailed from Nantucket on a cold Christmas morning, with Captain Ahab still unseen \
below.

Ishmael stood at the rail of the Pequod and watched the island sink into the grey sea.

For three days the Pequod ran south before a steady wind, and the crew began to talk of the \
captain.

Starbuck walked the deck of the Pequod at night, listening for a step that never came.

On the fourth morning Ahab came up. The men of the Pequod fell silent as he passed.

The Pequod met the Albatross off the Cape, and the two captains spoke across the water.

That night the Pequot rolled heavily in the swell, and Ishmael could not sleep.

By the end of the month the Pequod had taken her first whale.

The Pequod ran on into the Indian Ocean, and the men grew used to the tap of the ivory leg.
"""


def test_a_ship_misspelled_once_is_reported(nlp):
    found = shown(findings(PEQUOD, nlp))
    assert [f.rule for f in found] == ["NAM002"]
    assert '"Pequot" (once, line 13) looks like a misspelling of' in found[0].message
    assert '"Pequod"' in found[0].message


EARNSHAW = """\
Mr. Earnshaw rode home from Liverpool late on the third night, and Mr. Earnshaw was so tired \
that he threw himself into a chair.

Mr. Earnshaw opened his greatcoat and showed the children what he had brought.

Catherine ran to him. Mr. Earnshaw lifted her on to his knee.

Hindley stood back by the door. Mr. Earnshaw did not look at him.

Nelly brought the supper. Mr. Earnshaw ate without speaking.

Mr. Earnshaw went up to bed early that night.

The next morning Mr. Earnshaw walked out to the fields before the servants were up.

Joseph was mending a hurdle in the yard. {line}

Mr. Earnshaw came back at noon with his boots full of mud.

Mr. Earnshaw sat by the fire until the evening.
"""
PLAIN_SPEECH = (
    '"Have you seen Mr. Earnshew this morning?" Nelly asked him. "The doctor is waiting in '
    'the parlour."'
)
DIALECT_SPEECH = (
    "\"Ther's noa use waitin' on Mr. Earnshew,\" muttered Joseph to the dog. \"He'll be off "
    "o'er t' moor afore noon, an' nobbut t' lad to show for it.\""
)


def test_a_misspelling_in_plain_dialogue_is_the_authors_and_is_reported(nlp):
    found = shown(findings(EARNSHAW.format(line=PLAIN_SPEECH), nlp))
    assert [f.rule for f in found] == ["NAM001"]
    assert found[0].evidence[-1].quote == "Mr. Earnshew"
    assert "only in dialogue" in found[0].explanation


def test_a_name_in_a_speech_written_in_dialect_is_not_reported(nlp):
    assert findings(EARNSHAW.format(line=DIALECT_SPEECH), nlp) == []


SLEARY = """\
Mr. Sleary kept the circus, and the circus kept the dog. The dog was called Merrylegs, and \
Merrylegs was the cleverest dog in the county.

Merrylegs could walk on his hind legs. Merrylegs could count to ten.

Sissy had trained Merrylegs herself, and Merrylegs followed her everywhere.

When Sissy's father went away, Merrylegs went with him.

The squire who owned the field came to see the show. The squire laughed at Merrylegs.

Years later a dog that looked like Merrylegs came back to the circus, thin and lame.

Merrylegs died that night. Merrylegs had come back to find his master's child.

"Thquire," said Mr. Sleary, "Merrylegth wath the betht dog I ever thaw."
"""


def test_a_lisp_written_out_is_the_speakers_not_a_slip(nlp):
    # Adapted from Dickens, Hard Times (Sleary lisps: "Thquire", "Merrylegth").
    assert shown(findings(SLEARY, nlp)) == []


# --- must not fire ------------------------------------------------------------------------

LIZZY = """\
Elizabeth Bennet was the second of five daughters, and her father's favourite.

"Lizzy," said Mr. Bennet, "you must come and look at this letter."

Elizabeth put down her book. "What is it, Papa?"

"Lizzy, my dear, your cousin Mr. Collins is coming to stay."

Elizabeth laughed. Lizzy was never one to be frightened by a cousin.

"Oh, Lizzie, how can you laugh?" cried her mother. "He may turn us all out of the house!"

Elizabeth went up to Jane. "Lizzy," said Jane, "do be kind to him."

"I am always kind, Jane." Elizabeth sat on the bed. Lizzy smiled at her sister.

"Lizzy, you are impossible," said Jane, and Elizabeth laughed again.

Elizabeth went down to dinner with Jane. "Lizzy, sit here," said her father.

"Yes, Papa," said Lizzy. Elizabeth sat down.
"""


def test_pet_forms_and_their_spellings_are_not_misspellings(nlp):
    # "Lizzie" once among ten "Lizzy": two spellings of one pet form of Elizabeth.
    assert findings(LIZZY, nlp) == []


KATHARINE = """\
Katharine Hilbery poured out tea. Katharine was twenty-seven, and she did it well.

Mr. Denham watched her from the corner. Katharine did not look at him.

"You must come again," said Katharine, when he rose to go.

Katharine walked with him to the door and stood there while he found his hat.

Katharine went back to the drawing-room. Her mother was asleep in her chair.

Katharine sat down by the fire and took up the proofs of her grandfather's life.

The clock struck eleven. {name} put the proofs away and went upstairs.

Katharine lay awake for a long time, thinking of nothing in particular.

In the morning Katharine was down before anyone else.
"""


def test_a_second_spelling_of_one_given_name_is_reported(nlp):
    # Night and Day (Woolf) writes "Katherine" once among 1,200 "Katharine".
    found = shown(findings(KATHARINE.format(name="Katherine"), nlp))
    assert [f.rule for f in found] == ["NAM001"]
    assert found[0].message.startswith('"Katherine" (once, line 13) looks like a misspelling')


def test_two_pet_forms_of_one_name_are_not_misspellings(nlp):
    text = KATHARINE.replace("Katharine Hilbery", "Kate Hilbery").replace("Katharine", "Kate")
    assert findings(text.format(name="Katie"), nlp) == []


WILLS = """\
Mr. Wills came home at six, hung his hat in the hall, and went straight to the study.

Mrs. Wills was in the kitchen with the maid. She heard the door and called out to him.

Mr. Wills did not answer. He sat at his desk and opened the letter from the bank.

Mrs. Wills brought him a cup of tea and set it at his elbow. Mr. Wills thanked her without \
looking up.

"Bad news?" asked Mrs. Wills.

"The worst," said Mr. Wills. He handed her the letter.

Mrs. Wills read it twice. Then she sat down on the edge of the chair.

Mr. Wills rubbed his eyes. Mrs. Wills folded the letter and put it back in the envelope.

Mr. Wills went up to bed early. Mrs. Wills sat by the fire until midnight.
"""


def test_mr_and_mrs_of_one_family_are_not_misspellings(nlp):
    assert findings(WILLS, nlp) == []


MARIAN = """\
Marian Holcombe came down to breakfast before anyone else. Marion Fairlie followed her a moment \
later, still half asleep.

"You look pale," Marian said to Marion, pouring the tea.

Marion shook her head. "I dreamed about the lake again." Marian put down the pot and looked at \
her sister.

Marian walked to the window. Marion stayed at the table, turning her cup in her hands.

"Walter is coming today," said Marian. Marion did not answer.

Later Marian went out to the garden, and Marion followed her with a shawl.

Marian took the shawl from Marion and wrapped it round her shoulders.

In the evening Marion played the piano while Marian read aloud from the newspaper.

Marian laughed at something in the paper. Marion stopped playing and asked what it was.

Marian folded the paper. Marion closed the piano and said goodnight.
"""


def test_two_people_with_close_names_are_not_misspellings(nlp):
    assert findings(MARIAN, nlp) == []


BENNETS = """\
Mr. Bennet was among the earliest of those who waited on Mr. Bingley.

Mr. Bennet had always intended to visit him, though to the last always assuring his wife that \
he should not go.

Mrs. Bennet deigned not to make any reply. Mr. Bennet smiled at his daughters.

The Bennets were invited to dine at Netherfield on Tuesday.

Mr. Bennet went into his library. Mrs. Bennet followed him with a letter.

Mr. Bennet read the letter twice. Mrs. Bennet could not keep still.

Mr. Bennet laid the letter down. Mrs. Bennet began again at once.

Miss Bennet and Elizabeth walked to Meryton. Mr. Bennet watched them go.

Mr. Bennet returned to his book, and Mrs. Bennet went to find her daughters.
"""


def test_the_plural_of_a_family_is_not_a_misspelling(nlp):
    assert findings(BENNETS, nlp) == []


ROMNEY = """\
Rodney came to tea on Sunday. Rodney sat by the fire and talked of poetry.

Katharine poured the tea. Rodney took his cup and stirred it slowly.

Rodney had brought a manuscript. Rodney read a passage aloud.

Katharine listened politely. Rodney read another passage.

Rodney put the pages away. Rodney looked at the clock.

They went up to the drawing-room. Portraits by Romney hung on the walls, and a cabinet of \
china stood between the windows.

Rodney stood before the fire. Rodney began to speak of Shakespeare.

Rodney left at six. Katharine watched him walk down the street.
"""


def test_a_different_name_one_letter_away_is_not_a_slip(nlp):
    # Adapted from Virginia Woolf, Night and Day: Romney the painter is no "Rodney" misspelled.
    assert findings(ROMNEY, nlp) == []


BIBLE = """\
characters:
  - name: Karen Cartwright
    aliases: [Karen, Karin]
"""


def test_a_bible_alias_is_never_a_misspelling(nlp):
    text = CARTWRIGHT.replace("That night Karen Cartright", "That night Karin")
    assert findings(text, nlp, parse_bible(BIBLE)) == []


def test_a_name_close_to_the_bible_spelling_is_reported_with_the_bible_line(nlp):
    text = CARTWRIGHT.replace("Karen Cartwright", "Karen").replace("Miss Cartwright", "Karen")
    text = text.replace("Karen Cartright", "Karen Cartright")
    found = shown(findings(text, nlp, parse_bible(BIBLE)))
    assert [f.rule for f in found] == ["NAM001"]
    assert "the story bible's spelling" in found[0].message
    assert found[0].evidence[0].source.path == "story-bible.yaml"
    assert found[0].evidence[0].role == "canon"  # the bible line, as the other rules quote it


# --- NAM003: drift ------------------------------------------------------------------------

DRIFT = """\
Mr. Haliburton kept the shop on the corner of Water Street.

Mr. Haliburton opened the shutters at seven every morning.

The boy swept the step while Mr. Haliburton counted the money in the till.

Mr. Haliburton went to church on Sunday and to the tavern on Monday.

Mr. Haliburton was a widower, and he did not mean to marry again.

* * *

Ten years later Mr. Halliburton was still in the shop, though his hair had turned white.

Mr. Halliburton opened the shutters at eight now, and closed them at five.

The new boy swept the step while Mr. Halliburton sat by the stove.

Mr. Halliburton still went to church on Sunday.

Mr. Halliburton died in the spring, and the shop was sold.
"""


def test_a_spelling_that_replaces_another_is_reported_as_info(nlp):
    found = findings(DRIFT, nlp)
    assert [f.rule for f in found] == ["NAM003"]
    assert found[0].severity is Severity.INFO
    assert found[0].message.startswith('A name is spelled "Haliburton" (5 times, up to line 9)')
    assert [e.quote for e in found[0].evidence] == ["Mr. Haliburton", "Mr. Halliburton"]
    assert shown(found) == []  # not in the default report


# --- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("cartwright", "cartright", 1),
        ("darcy", "dacry", 1),  # two letters swapped is one slip
        ("meryton", "merryton", 1),
        ("norwood", "norword", 1),
        ("rodney", "romney", 1),
        ("cartwright", "cartrigt", 2),
        ("elizabeth", "lizzy", 3),  # beyond the limit of 2: reported as 3
    ],
)
def test_edit_distance(a, b, distance):
    assert osa_distance(a, b, 2) == distance


def test_near_index_finds_only_close_spellings():
    index = NearIndex(["Cartwright", "Brownlow", "Meryton"], settings())
    assert index.near("Cartright") == [("Cartwright", 1)]
    assert index.near("Browlow") == [("Brownlow", 1)]
    assert index.near("Merton") == [("Meryton", 1)]
    assert index.near("Bingley") == []


BARNET = """\
Barney was the Jew's man, and Barney kept the door of the Three Cripples.

Barney brought the gin. Barney wiped the table with his sleeve.

"Is he here?" asked Barney, looking round the room.

Barney went out, and Barney came back with a candle.

Oliver had walked seven days to reach London. On the seventh morning he limped slowly into \
Barnet, and sat down on a doorstep.

Barney shut the shutters. Barney said nothing more that night.
"""


def test_a_place_one_letter_from_a_persons_name_is_not_a_misspelling(nlp):
    # Adapted from Dickens, Oliver Twist: Barnet the town, Barney the man.
    assert findings(BARNET, nlp) == []


# --- the PDNC evaluation ------------------------------------------------------------------


def test_the_names_evaluation_counts_a_gold_alias_reported_as_a_misspelling(fixtures_dir):
    from storylint.evaluation import names

    # The fixture's gold list (names_pdnc/Rehearsal) deliberately lists "Karen Cartright" as
    # one of Karen's names, so reporting it as a slip of "Cartwright" is a gold violation.
    result = names.evaluate(fixtures_dir / "names_pdnc")
    total = result["total"]
    assert (total["findings"], total["default_findings"], total["gold_violations"]) == (1, 1, 1)
    report = names.format_report(result)
    assert "GOLD VIOLATION" in report
    assert '"Cartright" (once, line 17)' in report


@pytest.mark.parametrize(
    ("rare", "common", "slip"),
    [
        ("Browlow", "Brownlow", True),  # a letter dropped
        ("Merryton", "Meryton", True),  # a letter doubled
        ("Dacry", "Darcy", True),  # two letters swapped
        ("Norword", "Norwood", True),  # a letter of the word written again
        ("Selvyn", "Selwyn", True),  # a letter that sounds alike (v/w)
        ("Larry", "Harry", False),  # another first letter: another name
        ("Romney", "Rodney", False),  # an unrelated letter
        ("Hippomachus", "Hippolochus", False),  # two unrelated letters
    ],
)
def test_what_a_slip_of_the_pen_looks_like(rare, common, slip):
    assert plausible_slip(rare, common, settings()) is slip
