"""Table-driven tests of TIM001-TIM006: passages that must fire and passages that must not.

Each passage is realistic prose. A "fires" case names the rule and the two
passages a writer would be shown; a "quiet" case is something published
novels do all the time (dialogue, plans, memories, flashbacks, time that the
text lets pass) and must not be reported.
"""

from __future__ import annotations

import pytest

from storylint.engine import run_rules
from storylint.rules.registry import all_rules, find_rule
from timeline_helpers import build, canon

TIME_RULES = ("TIM001", "TIM002", "TIM003", "TIM004", "TIM005", "TIM006")


def findings(text: str, nlp, rule_id: str | None = None, bible=None):
    model = build(text, nlp, canon=bible)
    ids = [rule_id] if rule_id else list(TIME_RULES)
    return run_rules(model, [find_rule(i) for i in ids])


FIRES = [
    # TIM001: the calendar
    pytest.param(
        "TIM001",
        "On Monday, the 4th of June, 1887, Clara Hale arrived in Bath with two trunks and a "
        "parrot.\n\nThe landlady showed her to a room above the baker's shop.",
        ("Monday", "the 4th of June, 1887"),
        id="calendar-1887",
    ),
    pytest.param(
        "TIM001",
        "On Monday, the 3rd of June, Clara Hale arrived in Bath.\n\n"
        "The landlady showed her to a room above the baker's shop.\n\n"
        "On Friday, the 8th of June, Clara left for London.",
        ("Monday, the 3rd of June", "Friday, the 8th of June"),
        id="two-dated-weekdays",
    ),
    # TIM002: counting days
    pytest.param(
        "TIM002",
        "On Monday morning, Anna Keller walked to the market and bought bread.\n\n"
        "The next morning, Anna left the house early and took the coach to Lyon.\n\n"
        "* * *\n\n"
        "Two days later, on Friday, Tom Miller came to the door with her letters.",
        ("On Monday morning", "on Friday"),
        id="monday-plus-three-is-not-friday",
    ),
    pytest.param(
        "TIM002",
        "On Sunday the whole village went to church, and Anna Keller sang louder than anyone.\n\n"
        "The next day Anna scrubbed the floors.\n\n"
        "It was Wednesday, and the rain had not stopped.",
        ("On Sunday", "It was Wednesday"),
        id="it-was-wednesday-after-sunday-plus-one",
    ),
    # TIM003: time of day in one scene
    pytest.param(
        "TIM003",
        "It was noon. Anna Keller sat on the porch with the ledger on her knees.\n\n"
        "Tom Miller came up the path with the mail and sat beside her.\n\n"
        '"Nothing from your brother," he said.\n\n'
        "The rising sun threw their shadows across the boards.",
        ("It was noon", "The rising sun"),
        id="noon-then-sunrise",
    ),
    pytest.param(
        "TIM003",
        "The afternoon sun lay across the orchard. Anna Keller picked apples until her "
        "basket was full.\n\n"
        "Tom Miller carried the basket to the cart. It was early morning, and the grass was "
        "wet under the wheels.",
        ("The afternoon sun", "It was early morning"),
        id="afternoon-then-morning",
    ),
    # TIM004: seasons
    pytest.param(
        "TIM004",
        "It was autumn, and the orchards were heavy with apples. Anna Keller took the "
        "early coach to town.\n\n"
        "Two weeks later, Anna came home. That summer she planted roses along the wall.",
        ("It was autumn", "That summer"),
        id="autumn-then-that-summer",
    ),
    pytest.param(
        "TIM004",
        "That autumn the mill closed, and Anna Keller took in sewing.\n\n"
        "A month later, winter came early to the valley.\n\n"
        "Three weeks later, the river froze. That autumn Anna sold the mill to Tom Miller.",
        ("winter", "That autumn"),
        id="winter-then-that-autumn",
    ),
    pytest.param(
        "TIM004",
        "It was high summer, and the hay stood tall in the fields. Anna Keller worked with "
        "the mowers.\n\n"
        "Three days later, it was winter, and snow lay on the fields.",
        ("It was high summer", "it was winter"),
        id="summer-then-winter-in-three-days",
    ),
    # TIM005: ages
    pytest.param(
        "TIM005",
        "Anna Keller was twenty-six. She kept the accounts for her uncle's shop.\n\n"
        "* * *\n\n"
        "Two years later, Anna was twenty-five and still unmarried.",
        ("Anna Keller was twenty-six", "Anna was twenty-five"),
        id="younger-two-years-later",
    ),
    pytest.param(
        "TIM005",
        "Anna Keller was twenty-six. She kept the accounts for her uncle's shop.\n\n"
        "A week later, Anna was thirty, and tired of the ledgers.",
        ("Anna Keller was twenty-six", "Anna was thirty"),
        id="four-years-in-a-week",
    ),
    # TIM006: tomorrow
    pytest.param(
        "TIM006",
        '"We leave for Paris tomorrow," Tom Miller said.\n\n'
        "Anna Keller went upstairs to pack her trunk.\n\n"
        "An hour later they left for Paris on the evening train.",
        ("leave for Paris tomorrow", "left for Paris"),
        id="paris-tomorrow-same-evening",
    ),
]

QUIET = [
    # TIM001
    pytest.param(
        "TIM001",
        "On Saturday, the 4th of June, 1887, Clara Hale arrived in Bath.",
        id="right-weekday",
    ),
    pytest.param(
        "TIM001",
        '"On Monday, the 4th of June, 1887, I arrived in Bath," said Clara Hale.',
        id="dialogue-date",
    ),
    pytest.param(
        "TIM001",
        "On Monday, the 3rd of June, Clara Hale arrived in Bath.\n\n"
        "On Saturday, the 8th of June, Clara left for London.",
        id="two-dated-weekdays-agree",
    ),
    # TIM002
    pytest.param(
        "TIM002",
        "On Monday morning, Anna Keller walked to the market.\n\n"
        "The next morning, Anna took the coach to Lyon.\n\n"
        "Three days later, on Friday, Tom Miller came to the door.",
        id="count-agrees",
    ),
    pytest.param(
        "TIM002",
        "On Monday morning, Anna Keller walked to the market.\n\n"
        "* * *\n\n"
        "Anna took the coach to Lyon.\n\n"
        "* * *\n\n"
        "Two days later, on Friday, Tom Miller came to the door.",
        id="unmarked-scene-break-in-between",
    ),
    pytest.param(
        "TIM002",
        "On Monday morning, Anna Keller walked to the market.\n\n"
        '"Two days later, on Friday, he came back," Tom Miller said.',
        id="count-in-dialogue",
    ),
    pytest.param(
        "TIM002",
        "On Monday morning, Anna Keller walked to the market.\n\n"
        "She slept badly that week.\n\n"
        "On Friday, Tom Miller came to the door.",
        id="weekday-without-a-count",
    ),
    pytest.param(
        "TIM002",
        "One Sunday Pip lay on the earthwork with his chin on his hand.\n\n"
        "The next day Joe gave him a half-holiday.\n\n"
        "Then came that singular calm which succeeds all uproars; and then, with the vague "
        "sensation which I have always connected with such a lull, namely, that it was Sunday, "
        "and somebody was dead, I went upstairs to dress myself.",
        id="a-feeling-that-it-was-sunday",  # after Great Expectations, ch. 16
    ),
    pytest.param(
        "TIM002",
        "On Friday morning I went out to the boat.\n\n"
        "After we had dined, I ordered Friday to take one of the canoes; and the next day I "
        "ordered him to bury the dead. I relied on Friday for everything.",
        id="a-man-called-friday",  # after Robinson Crusoe
    ),
    pytest.param(
        "TIM002",
        "It was now Wednesday. Thursday came, and Tom Miller looked at Anna Keller from a "
        "distance. Friday passed; Saturday.",
        id="weekdays-coming-in-turn",
    ),
    # TIM003
    pytest.param(
        "TIM003",
        "That night Anna Keller sat up with her brother, who had the fever.\n\n"
        "Tom Miller brought wood for the stove and sat with them.\n\n"
        "The morning sun found them both asleep in their chairs.",
        id="night-then-morning",
    ),
    pytest.param(
        "TIM003",
        "It was noon. Anna Keller sat on the porch with the ledger.\n\n"
        "The next morning, the rising sun woke her early.",
        id="next-morning-between",
    ),
    pytest.param(
        "TIM003",
        "It was noon. Anna Keller sat on the porch with the ledger.\n\n"
        "She slept badly that night, dreaming of the sea.\n\n"
        "The rising sun woke her early.",
        id="a-night-passes",
    ),
    pytest.param(
        "TIM003",
        "It was noon. Anna Keller sat on the porch with the ledger.\n\n"
        "* * *\n\n"
        "The rising sun woke her early.",
        id="scene-break",
    ),
    pytest.param(
        "TIM003",
        "It was noon. Anna Keller sat on the porch with the ledger.\n\n"
        "She remembered how the rising sun had looked over the harbour in Genoa.",
        id="memory",
    ),
    pytest.param(
        "TIM003",
        "That same evening they walked under the trees by the green. Paul talked fretfully.\n\n"
        "Miriam very rarely talked to the other lads.\n\n"
        "It was past midday when they climbed the steep path to the manor.",
        id="paragraph-opening-new-episode",  # after Sons and Lovers, ch. 7
    ),
    pytest.param(
        "TIM003",
        "I have been in the nursery this afternoon, and the babies are thriving.\n\n"
        "Sadie Kate brought me a drawing this morning.",
        id="letter-this-morning",  # present-tense letters, after Dear Enemy
    ),
    # TIM004
    pytest.param(
        "TIM004",
        "It was winter, and the river froze.\n\nThe following spring, Anna Keller married Tom.",
        id="following-spring",
    ),
    pytest.param(
        "TIM004",
        "It was winter, and the river froze.\n\n"
        "Two years later, Anna Keller came home. That autumn she planted roses.",
        id="years-later",
    ),
    pytest.param(
        "TIM004",
        "It was winter, and the river froze.\n\n* * *\n\nIt was summer, and Anna Keller swam.",
        id="unknown-gap",
    ),
    pytest.param(
        "TIM004",
        "That autumn the mill closed.\n\nWhen winter came, Anna Keller took in sewing. "
        "She remembered that autumn with longing.",
        id="remembered-autumn",
    ),
    pytest.param(
        "TIM004",
        "November 20th. Last week we had the first snow, and I sat by the fire.\n\n"
        "The overseer lives with them. I suppose they find it sleepy work; for certain it is "
        "that spring after spring the same thing happens. This spring, by some mistake, they "
        "arrived without their bundles.",
        id="diary-present-tense",  # after Elizabeth and her German Garden
    ),
    pytest.param(
        "TIM004",
        "About the third week in August, Arthur set out for Scotland.\n\n"
        "Arthur did not come home till several weeks after my return. He still has an "
        "unfortunate predilection for the pleasures of the table. But it is now January; spring "
        "is approaching.",
        id="diary-now-in-a-past-story",  # after The Tenant of Wildfell Hall, ch. 30
    ),
    pytest.param(
        "TIM004",
        "The Rostovs remained in Moscow till the first of September.\n\n"
        "After Petya had joined the regiment, the countess was seized with terror. The thought "
        "that both her sons were at the war struck her that summer for the first time.",
        id="till-september-that-summer",  # after War and Peace, book 11, ch. 12
    ),
    pytest.param(
        "TIM004",
        "It was winter, and the river froze. Anna Keller read by the fire.\n\n"
        "That spring the river flooded the lower fields.",
        id="winter-then-that-spring",
    ),
    pytest.param(
        "TIM004",
        "One day the following February Anna Keller was sent on an errand to the coal "
        "office. She soaked her shoes and came back feeling dull.\n\n"
        "In three weeks the worst was over, but it was nearly the first of May before her "
        "strength permitted her to leave.",
        id="nearly-may-before",  # after Sister Carrie, ch. 45
    ),
    # TIM005
    pytest.param(
        "TIM005",
        "Anna Keller was twenty-six.\n\n* * *\n\nTwo years later, Anna was twenty-eight.",
        id="ages-agree",
    ),
    pytest.param(
        "TIM005",
        "Then there was Miss Charlotte; she was twenty-five, and tall and proud and grand.\n\n"
        "So was her sister, Miss Sophia, but it was a different kind. She was gentle and sweet "
        "like a dove, and she was only twenty.",
        id="sisters-ages",  # after Huckleberry Finn, ch. 18
    ),
    pytest.param(
        "TIM005",
        "Captain Ashburnham, home on sick leave from India, was thirty-three; Mrs Ashburnham, "
        "Leonora, was thirty-one.",
        id="two-people-one-sentence",  # after The Good Soldier, ch. 1
    ),
    pytest.param(
        "TIM005",
        "Anna Keller was twenty-six.\n\n* * *\n\n"
        "Ten years earlier, Anna had lived in Vienna. Anna was sixteen and in love.",
        id="flashback-age",
    ),
    pytest.param(
        "TIM005",
        'Anna Keller was twenty-six.\n\n"I was twenty-five when I met him," Anna said.',
        id="dialogue-age",
    ),
    pytest.param(
        "TIM005",
        "Anna Keller was twenty-six.\n\nAnna was twenty when she married Tom Miller.",
        id="age-at-another-time",
    ),
    pytest.param(
        "TIM005",
        "Anna Keller was twenty-six.\n\nHer sister Clara Keller was nineteen.",
        id="different-people",
    ),
    # TIM006
    pytest.param(
        "TIM006",
        '"We leave for Paris tomorrow," Tom Miller said.\n\n'
        "That night Anna Keller packed her trunk.\n\n"
        "The next morning they left for Paris on the early train.",
        id="next-morning",
    ),
    pytest.param(
        "TIM006",
        '"We leave for Paris tomorrow," Tom Miller said.\n\n'
        '"No," said Anna Keller. "We leave tonight."\n\n'
        "An hour later they left for Paris on the evening train.",
        id="plans-changed",
    ),
    pytest.param(
        "TIM006",
        '"We leave for Paris tomorrow," Tom Miller said.\n\n'
        "* * *\n\n"
        "They left for Paris on the early train.",
        id="scene-break-between",
    ),
    pytest.param(
        "TIM006",
        '"We leave for Paris tomorrow," Tom Miller said.\n\n'
        "Anna Keller slept badly.\n\n"
        "They left for Paris on the early train.",
        id="night-between",
    ),
    pytest.param(
        "TIM006",
        '"We shall see Mr. Darcy tomorrow," said Mrs. Bennet.\n\n'
        "Elizabeth walked out alone. At the stile she saw Mr. Darcy coming across the park.",
        id="chance-meeting-sooner",
    ),
]


def _covers(finding, quotes):
    texts = [e.quote for e in finding.evidence]
    return all(any(q in t for t in texts) for q in quotes)


@pytest.mark.parametrize("rule_id, text, quotes", FIRES)
def test_fires(nlp, rule_id, text, quotes):
    found = findings(text, nlp, rule_id)
    assert found, f"{rule_id} did not fire"
    assert any(_covers(f, quotes) for f in found), [(e.role, e.quote) for e in found[0].evidence]
    for f in found:
        assert f.confidence >= 0.5
        assert f.evidence[0].role == "established"
        assert f.evidence[-1].role == "contradiction"
        for e in f.evidence:
            assert e.source.text[e.start : e.end] == e.quote


@pytest.mark.parametrize("rule_id, text", QUIET)
def test_quiet(nlp, rule_id, text):
    assert findings(text, nlp, rule_id) == []


def test_fires_cases_fire_only_their_rule(nlp):
    """Each must-fire passage is one contradiction: no other time rule joins in."""
    for case in FIRES:
        rule_id, text, _ = case.values
        others = {f.rule for f in findings(text, nlp)} - {rule_id}
        assert not others, (case.id, others)


# --- the story bible --------------------------------------------------------------------


def test_canon_age_contradicted(nlp):
    text = "Anna Keller was twenty-six. She kept the accounts for her uncle's shop."
    found = findings(text, nlp, "TIM005", canon([("Anna Keller", "age", "30")]))
    assert len(found) == 1
    assert found[0].evidence[0].source.path == "bible.yaml"
    assert found[0].evidence[0].quote == "age: 30"
    assert "Anna Keller was twenty-six" in found[0].evidence[1].quote


def test_canon_age_agrees(nlp):
    text = "Anna Keller was twenty-six.\n\n* * *\n\nTwo years later, Anna was twenty-eight."
    assert findings(text, nlp, "TIM005", canon([("Anna Keller", "age", "26")])) == []


def test_canon_birth_date_against_the_story_year(nlp):
    text = "On the 4th of June, 1887, Anna Keller arrived in Bath. Anna was twenty-six."
    assert findings(text, nlp, "TIM005", canon([("Anna Keller", "birth_date", "1861-05-01")])) == []
    found = findings(text, nlp, "TIM005", canon([("Anna Keller", "birth_date", "1850-05-01")]))
    assert len(found) == 1 and "1850" in found[0].message


def test_canon_birthday_on_another_day(nlp):
    text = "On the 4th of June, Anna Keller woke early. It was Anna's thirtieth birthday."
    found = findings(text, nlp, "TIM005", canon([("Anna Keller", "birth_date", "09-12")]))
    assert len(found) == 1
    assert "birthday" in found[0].message


def test_canon_birth_year_in_the_text(nlp):
    text = "Anna Keller was born in 1850, the year of the great flood."
    found = findings(text, nlp, "TIM005", canon([("Anna Keller", "birth_date", "1852-03-01")]))
    assert len(found) == 1


def test_no_canon_no_canon_findings(nlp):
    assert findings("Anna Keller was twenty-six.", nlp, "TIM005") == []


# --- registry and docs --------------------------------------------------------------------


def test_rules_registered_with_docs():
    rules = {r.id: r for r in all_rules() if r.family == "time"}
    assert set(rules) == set(TIME_RULES)
    for r in rules.values():
        doc = r.doc
        for part in ("## What it catches", "## Why it matters", "## Example that fires",
                     "## Example that does not"):  # fmt: skip
            assert part in doc, (r.id, part)
