"""Table-driven tests of PLC001-PLC005: passages that must fire and must stay quiet.

Each passage is realistic prose. A "fires" case names the rule and the two
passages a writer would be shown; a "quiet" case is something published
novels do all the time and must not be reported.
"""

from __future__ import annotations

import pytest

from places_helpers import build
from storylint.engine import run_rules
from storylint.rules.registry import find_rule

PLACES_RULES = ("PLC001", "PLC002", "PLC003", "PLC004", "PLC005")


def findings(text: str, nlp, rule_id: str | None = None):
    model = build(text, nlp)
    ids = [rule_id] if rule_id else list(PLACES_RULES)
    return run_rules(model, [find_rule(i) for i in ids])


TEA = (
    "Margaret poured the tea while Henry stood by the fireplace. Clara sat on the sofa "
    "with her hands folded in her lap.\n\n"
    '"You cannot mean to sell the house," Clara said.\n\n'
    '"I mean exactly that," said Henry. Henry set down his cup and left the room.\n\n'
    'Margaret sighed and handed Clara a biscuit. "He will come round."\n\n'
    'Clara shook her head. "He never does."\n\n'
)

# Three people at tea; Edmund exists in the story (he comes home in the next
# scene) but is never in this room.
PARLOUR = (
    "Margaret poured the tea while Henry stood by the fireplace. Clara sat on the sofa with "
    "her hands folded in her lap.\n\n"
    '"You cannot mean to sell the house," Clara said.\n\n'
    '"I mean exactly that," said Henry. He set down his cup.\n\n'
)
LATER = "\n\n* * *\n\nEdmund came home late that night and went straight to bed."

FIRES = [
    pytest.param(
        "PLC001",
        TEA + "Henry laughed and took another biscuit from the plate.",
        ("left the room", "Henry laughed"),
        id="three-people-dialogue-leaver-laughs",
    ),
    pytest.param(
        "PLC001",
        "Tom and Ellen washed the dishes while their father read by the stove.\n\n"
        "At nine Tom put on his coat and went home.\n\n"
        "Ellen wiped the counter and hung the towel on its hook. Their father nodded at her "
        "over the newspaper.\n\n"
        'Tom grinned at his sister. "You missed a spot."',
        ("went home", "Tom grinned"),
        id="went-home-then-grins",
    ),
    pytest.param(
        "PLC002",
        "Clara sat in the kitchen, peeling apples for the pie. Margaret stood at the window "
        "and watched the rain.\n\n"
        '"It will flood the lane again," Margaret said.\n\n'
        "Clara was in the library, reading aloud to the children.",
        ("Clara sat in the kitchen", "Clara was in the library"),
        id="kitchen-and-library",
    ),
    pytest.param(
        "PLC003",
        "After the toast Ivy went back inside. Bobby handed her a glass of champagne and she "
        "drank half of it at once.\n\n"
        '"To Marilyn," Bobby said.\n\n'
        "Ivy laughed, set the glass on the piano and went back inside.",
        ("Ivy went back inside", "went back inside"),
        id="inside-twice",
    ),
    pytest.param(
        "PLC004",
        "Ivy stood in the hall, the door behind her. Derek waited by the stairs with his hands "
        "in his pockets.\n\n"
        '"You\'re leaving," he said.\n\n'
        '"I am." The door was in front of her, and the cold came in under it.',
        ("door behind her", "door was in front of her"),
        id="door-behind-then-in-front",
    ),
    pytest.param(
        "PLC005",
        PARLOUR + 'Margaret shook her head. "Edmund, tell him he is being absurd."\n\n'
        "Clara sighed and looked at the rain." + LATER,
        ("Margaret poured", "Edmund"),
        id="fourth-person-addressed-at-tea",
    ),
    pytest.param(
        "PLC005",
        "Margaret and Henry sat at the table while Clara cut the bread.\n\n"
        '"Pass the salt, Edmund," said Henry.\n\n'
        "Clara handed him the salt herself." + LATER,
        ("Henry sat at the table", "Edmund"),
        id="addressed-at-the-end-of-a-line",
    ),
]

QUIET = [
    pytest.param(
        TEA + "Henry came back with the newspaper and sat down beside Clara. Henry laughed.",
        id="leaver-comes-back",
    ),
    pytest.param(
        "Henry and Clara argued in the parlour until Henry left the room. He walked down the "
        "hall and opened the study door. Henry sat at his desk and laughed.",
        id="narration-follows-leaver",
    ),
    pytest.param(
        TEA.replace("left the room", "wanted to leave the room")
        + "Henry laughed and took another biscuit from the plate.",
        id="only-wanted-to-leave",
    ),
    pytest.param(
        TEA.replace("Henry set down his cup and left the room.", '"I am leaving," said Henry.')
        + "Henry laughed and took another biscuit from the plate.",
        id="leaving-said-in-dialogue",
    ),
    pytest.param(
        TEA.replace("set down his cup and left the room", "did not leave the room")
        + "Henry laughed and took another biscuit from the plate.",
        id="negated-leave",
    ),
    pytest.param(
        TEA + "* * *\n\nHenry laughed and took another biscuit from the plate.",
        id="scene-break-resets",
    ),
    pytest.param(
        TEA + "The next morning Henry laughed and took a biscuit from the tin.",
        id="time-shift-resets",
    ),
    pytest.param(
        TEA + "The telephone rang. It was Henry, and Henry laughed down the line at them.",
        id="telephone-is-not-presence",
    ),
    pytest.param(
        "Henry turned to leave. Clara caught his sleeve and Margaret put down the pot.\n\n"
        '"Stay," Clara said. Henry sighed and sat down again.',
        id="turned-to-leave-is-not-leaving",
    ),
    pytest.param(
        # After Alcott, "Little Women": walking into a room is usually an entrance.
        "Jo and Meg sat by the fire in the parlor, mending stockings.\n\n"
        "Laurie walked into the parlor. Meg looked up and smiled, and Jo put down her work.\n\n"
        "Laurie only put his hands in his pockets and said nothing.",
        id="walked-into-the-room-is-an-entrance",
    ),
    pytest.param(
        "Clara sat in the kitchen, peeling apples for the pie. Margaret stood at the window.\n\n"
        "Clara walked to the library. Clara was in the library, reading to the children.",
        id="walked-between-rooms",
    ),
    pytest.param(
        "Ivy went outside. Derek followed her onto the steps and gave her his coat.\n\n"
        "She shivered, then Ivy went back inside.",
        id="outside-then-back-inside",
    ),
    pytest.param(
        "Ivy stood in the hall, the door behind her. Derek waited by the stairs.\n\n"
        "Ivy turned round. The door was in front of her, and the cold came in under it.",
        id="door-after-turning",
    ),
    pytest.param(
        "She closed the door behind her and leaned on it. Tom stood at the top of the stairs."
        "\n\nThe door was in front of her when she looked up again.",
        id="closed-door-behind-her-is-a-move",
    ),
    # PLC005: spoken to, and there after all (or never meant to be)
    pytest.param(
        "Ivy met Derek at the theatre.\n\n* * *\n\n"
        "She sat on the edge of the bed. Derek leaned against the door frame and watched her."
        '\n\n"You\'re still angry," he said.\n\n'
        '"I\'m not angry," she said. "I\'m tired."\n\n'
        'He crossed the room and sat down beside her. "Ivy, look at me."\n\n'
        'She looked at him. "What?"',
        id="addressee-present-through-pronouns-only",
    ),
    pytest.param(
        PARLOUR + '"Edmund, what do you think?" Margaret asked.\n\n'
        '"I think you are all mad," Edmund said.' + LATER,
        id="addressee-answers",
    ),
    pytest.param(
        "Henry and Clara argued in the parlour until Henry left the room. Margaret put down "
        'her book.\n\n"Henry, come back!" Clara shouted after him.\n\n'
        "Margaret only shook her head.",
        id="calling-after-someone-who-left",
    ),
    pytest.param(
        "Margaret and Henry sat at the table. Clara went to the foot of the stairs.\n\n"
        '"Edmund, supper is ready!" Clara called up the stairs.\n\n'
        "Henry poured the wine." + LATER,
        id="calling-up-the-stairs",
    ),
    pytest.param(
        "The telephone rang in the hall. Clara picked up the receiver while Margaret went on "
        'with her sewing.\n\n"Edmund, why are you so late?" Clara said.\n\n'
        "Margaret looked up from her sewing." + LATER,
        id="telephone-call",
    ),
    pytest.param(
        "Clara knelt by the bed while Margaret drew the curtains.\n\n"
        '"Oh, Edmund, if only you could see me now," Clara said.\n\n'
        "Margaret said nothing." + LATER,
        id="apostrophe-to-the-absent",
    ),
    pytest.param(
        "Clara and Margaret sat by the fire. Clara sewed and Margaret read.\n\n"
        '"Henry says the frost will last," said Clara. "He told the boy, \'Edmund, fetch more '
        "wood,' and then he went out.\"" + LATER,
        id="address-inside-a-quoted-quote",
    ),
    pytest.param(
        "Margaret and Henry sat at the table while Clara cut the bread.\n\n"
        '"Lord, what a day," said Margaret. "Mother, sit down."\n\n'
        "Henry laughed.",
        id="prayer-and-names-that-are-not-characters",
    ),
]


@pytest.mark.parametrize(("rule_id", "text", "quotes"), FIRES)
def test_fires(nlp, rule_id, text, quotes):
    found = findings(text, nlp, rule_id)
    assert len(found) == 1, [f.message for f in found]
    finding = found[0]
    assert finding.rule == rule_id
    first, second = (ev.quote for ev in finding.evidence)
    assert quotes[0] in first or first in quotes[0], first
    assert quotes[1] in second or second in quotes[1], second
    assert finding.evidence[0].start < finding.evidence[1].start


@pytest.mark.parametrize("text", QUIET)
def test_quiet(nlp, text):
    assert [f.message for f in findings(text, nlp)] == []


def test_rules_are_registered_with_docs():
    for rule_id in PLACES_RULES:
        registered = find_rule(rule_id)
        assert registered is not None and registered.family == "places"
        doc = registered.doc
        for part in ("What it catches", "Why it matters", "Example that fires",
                     "Example that does not"):  # fmt: skip
            assert part in doc, (rule_id, part)


def test_default_severities():
    assert find_rule("PLC003").severity.value == "info"
    assert find_rule("PLC005").severity.value == "info"
    assert find_rule("addressed-but-absent").id == "PLC005"
    assert find_rule("absent-character-acts").id == "PLC001"
