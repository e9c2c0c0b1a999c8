"""The timeline: time expressions, what counts as the story's now, the clock, flashbacks, ages."""

from __future__ import annotations

import pytest

from dialogue_helpers import manuscript
from storylint.families.time import describe_timeline, is_flashback
from storylint.families.time.layer import TIMELINE
from storylint.families.time.patterns import find_candidates
from storylint.pipeline.build import build_model
from storylint.pipeline.layers import QUOTES
from timeline_helpers import build

# --- reading expressions (no parse) ---------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The next morning, Anna went out.", {"gap": (1.0, 1.0), "phase": "morning"}),
        ("Three days later, she came back.", {"gap": (3.0, 3.0)}),
        ("A day or two later, the letter came.", {"gap": (1.0, 2.0)}),
        ("Some weeks later the house was sold.", {"gap": (14.0, 70.0)}),
        ("That night she wrote to him.", {"same_day": True, "phase": "night"}),
        ("Later that day they walked.", {"same_day": True, "phase": None}),
        ("At dawn the boats went out.", {"phase": "dawn"}),
        ("It was nearly midnight.", {"phase": "night", "state": True}),
        ("The rising sun lit the hills.", {"phase": "dawn", "state": True}),
        ("On Monday she rode to town.", {"weekday": 0}),
        ("The following Sunday he preached.", {"weekday": 6, "next_occurrence": True}),
        ("It was Monday, June 4th, 1887.", {"weekday": 0, "month": 6, "day": 4, "year": 1887}),
        ("On the 4th of June the ship sailed.", {"month": 6, "day": 4}),
        ("That winter was hard.", {"season": "winter", "same_period": True}),
        ("The following spring, they married.", {"season": "spring", "gap": (1.0, 365.0)}),
        ("In May 1850 he arrived.", {"month": 5, "year": 1850}),
        ("Two years ago she had left.", {"back": True}),
        ("At half past four in the afternoon he came.", {"phase": "afternoon", "hour": 16}),
        ("An hour later he was back.", {"same_day": True}),
    ],
)
def test_expression_reading(text, expected):
    found = find_candidates(text)
    assert found, text
    c = found[0]
    for key, value in expected.items():
        assert getattr(c, key) == value, (text, key, getattr(c, key))


@pytest.mark.parametrize(
    "text",
    [
        "She may come when she likes.",
        "They march at first light is what he said.",  # lower-case month words are verbs
        "Two days after the wedding she left.",  # relative to the wedding, not the scene
        "It was a summer house with a green roof.",
        "He came at three.",  # no o'clock, no a.m./p.m.: not a time
        "They heard of the fall of the house.",
    ],
)
def test_not_time_expressions(text):
    found = [c for c in find_candidates(text) if c.pattern != "phase-at"]
    assert not [c for c in found if c.moves or c.month or c.season or c.hour], text


# --- what counts as the story's now ----------------------------------------------------


def statement_texts(model):
    layer = model.get(TIMELINE)
    return [
        model.manuscript.sources[0].text[e.start : e.end]
        for segment in layer.segments
        for e in segment.expressions
    ]


@pytest.mark.parametrize(
    "text",
    [
        '"We will ride out the next morning," said Anna.',
        "She would leave the next morning, she decided.",
        "He meant to come on Monday.",
        "She remembered that night at the opera.",
        "He wore the coat she had bought that winter.",
        "She was to leave the next morning.",
        "Had it been Monday?",
        "In a fortnight they were to be gone.",  # after Pride and Prejudice, ch. 39
        "The bell rang for the Sunday school.",
        "She had a sensation that it was Sunday, and somebody was dead.",
    ],
)
def test_not_the_story_now(nlp, text):
    model = build("Anna Keller sat by the window.\n\n" + text, nlp)
    assert statement_texts(model) == [], text


def test_narrated_shift_counts(nlp):
    model = build("Anna Keller sat by the window.\n\nThe next morning, Anna rode to town.", nlp)
    assert statement_texts(model) == ["The next morning"]


# --- the clock -------------------------------------------------------------------------

STORY = (
    "On Monday morning, Anna Keller walked to the market. It was noon when she came home.\n\n"
    "That night she wrote a letter to her sister.\n\n"
    "The next morning, Anna left the house early.\n\n"
    "* * *\n\n"
    "Three days later, Tom Miller came to the door.\n\n"
    "* * *\n\n"
    "Tom waited in the rain.\n\n"
)


def test_days_counted(nlp):
    rows = describe_timeline(build(STORY, nlp))
    assert [r["day_label"] for r in rows] == ["Day 1", "Day 1", "Day 2", "Day 5", "Day 5?"]
    assert [r["time_of_day"] for r in rows] == ["morning", "night", "morning", None, None]
    assert [r["weekday"] for r in rows] == ["Monday", "Monday", "Tuesday", "Friday", None]


def test_describe_timeline_shape(nlp):
    rows = describe_timeline(build(STORY, nlp))
    keys = {"chapter", "scene", "day", "day_label", "time_of_day", "weekday", "date", "season",
            "evidence"}  # fmt: skip
    for row in rows:
        assert keys <= set(row)
    evidence = rows[2]["evidence"][0]
    assert evidence["quote"] == "The next morning"
    assert evidence["line"] == 5
    assert STORY[evidence["start"] : evidence["end"]] == "The next morning"
    assert evidence["file"] == "story.txt"


def test_dates_advance(nlp):
    text = (
        "On Monday, the 4th of June, 1888, Anna Keller arrived in Bath.\n\n"
        "The next day she walked by the river.\n\n"
    )
    rows = describe_timeline(build(text, nlp))
    assert rows[0]["date"] == "1888-06-04"
    assert rows[1]["date"] == "1888-06-05"
    assert rows[1]["weekday"] == "Tuesday"
    assert rows[1]["season"] == "summer"


def test_night_in_between_makes_the_count_uncertain(nlp):
    text = (
        "On Monday, Anna Keller rode to town.\n\n"
        "She slept badly in the inn.\n\n"
        "Anna paid the landlord and rode home.\n\n"
        "That evening she wrote to Tom.\n\n"
    )
    rows = describe_timeline(build(text, nlp))
    assert rows[-1]["day_label"] == "Day 1?"
    assert rows[-1]["weekday"] is None


# --- flashbacks --------------------------------------------------------------------------


def test_flashback_opening(nlp):
    text = (
        "The next morning, Anna Keller left for Vienna.\n\n"
        "* * *\n\n"
        "Ten years earlier, Anna had lived in Vienna with her aunt.\n\n"
        "The house stood by the canal.\n\n"
        "* * *\n\n"
        "Three days later, Anna reached the city.\n\n"
    )
    model = build(text, nlp)
    rows = describe_timeline(model)
    assert [r["day_label"] for r in rows] == ["Day 1", "before Day 1", "Day 4"]
    assert rows[1]["flashback"] is True
    assert is_flashback(model, 1) and is_flashback(model, 2)
    assert not is_flashback(model, 0) and not is_flashback(model, 3)


def test_pluperfect_scene_is_a_flashback(nlp):
    text = (
        "Anna Keller closed the shutters.\n\n"
        "* * *\n\n"
        "She had been seventeen that summer. Her father had taken a house by the sea.\n\n"
        "Every morning she swam out to the rocks.\n\n"
        "* * *\n\n"
        "Anna opened the shutters again.\n\n"
    )
    model = build(text, nlp)
    assert [is_flashback(model, i) for i in range(4)] == [False, True, True, False]


def test_forward_past_perfect_scene_is_not_a_flashback(nlp):
    text = (
        "Carrie sat by the window.\n\n"
        "* * *\n\n"
        "By the evening of the 16th Hurstwood had made his move. He had written twice.\n\n"
    )  # after Sister Carrie, ch. 14
    model = build(text, nlp)
    assert not is_flashback(model, 1)


def test_one_past_perfect_sentence_is_not_a_flashback(nlp):
    text = (
        "Anna Keller closed the shutters.\n\n"
        "* * *\n\n"
        "Tom had gone to bed. Anna sat up with the letter.\n\n"
    )
    model = build(text, nlp)
    assert not is_flashback(model, 1)


def test_flashback_heading(nlp):
    from storylint.manuscript import Chapter, Manuscript, Paragraph, Role, Scene, SourceText

    text = "One\n\nAnna left.\n\nTen Years Earlier\n\nAnna was a girl.\n"
    source = SourceText("story.txt", text)
    chapters = []
    for i, (title, body) in enumerate(
        [("One", "Anna left."), ("Ten Years Earlier", "Anna was a girl.")]
    ):
        h = text.index(title)
        b = text.index(body)
        chapter = Chapter(i, title, [Scene(0, [Paragraph(source, b, b + len(body))])],
                          Paragraph(source, h, h + len(title), Role.HEADING))  # fmt: skip
        chapters.append(chapter)
    script = Manuscript("story.txt", [source], chapters)
    script.number_paragraphs()
    model = build_model(script, nlp, until=TIMELINE)
    assert [is_flashback(model, i) for i in range(2)] == [False, True]
    rows = describe_timeline(model)
    assert rows[1]["evidence"][0]["quote"] == "Ten Years Earlier"


def test_a_layer_read_before_its_stage_ran_is_an_error_not_silence(nlp):
    from storylint.pipeline.layers import LayerMissingError

    model = build_model(
        manuscript("Years before, Anna Keller had lived in Vienna.\n\nShe was happy.", "s.txt"),
        nlp,
        until=QUOTES,
    )
    with pytest.raises(LayerMissingError, match="timeline"):
        is_flashback(model, 0)


# --- ages ----------------------------------------------------------------------------------


def ages(text, nlp):
    model = build(text, nlp)
    layer = model.get(TIMELINE)
    return [(a.kind, a.lo, a.hi, a.birth_year) for a in layer.ages]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Anna Keller was twenty-six.", [("age", 26, 26, None)]),
        ("Anna Keller was now five and twenty, and restless.", [("age", 25, 25, None)]),
        ("Anna Keller was nearly thirty.", [("age", 28, 29, None)]),
        ("Anna Keller was twenty-six years old.", [("age", 26, 26, None)]),
        ("It was Anna Keller's thirtieth birthday.", [("birthday", 30, 30, None)]),
        # the age holds from that spring on, as "had turned forty in the spring" (not a birthday
        # on a known day)
        ("Anna Keller turned forty that spring.", [("age", 40, 40, None)]),
        ("Anna Keller was a forty-year-old with a van.", [("age", 40, 40, None)]),
        ("Anna Keller was in her early thirties.", [("age", 30, 33, None)]),
        ("Anna Keller, a woman of forty, ran the shop.", [("age", 40, 40, None)]),
        ("Being only twenty, Anna Keller said nothing.", [("age", 20, 20, None)]),
        ('"I\'m twenty," said Anna Keller.', [("age", 20, 20, None)]),
        ('"I\'m twenty," Anna Keller lied.', []),
        ("Anna Keller was a girl of ten when her father died.", []),
        ("Anna Keller was a man of two minds.", []),
        ("Anna Keller, now forty-one, ran the shop.", [("age", 41, 41, None)]),
        ("Anna Keller, then forty-one, ran the shop.", []),
        ("The shop on Mill Street, twenty yards on, was shut.", []),
        ("Anna Keller turned forty.", [("birthday", 40, 40, None)]),
        ("Anna Keller was born in 1850.", [("born", None, None, 1850)]),
        ("Anna Keller was twenty yards from the gate.", []),
        ("Anna Keller was one of twenty guests.", []),
        ("Anna Keller was twenty when she married.", []),
        ("Tom had known Anna Keller since she was four.", []),
        ('"I was twenty-five then," said Anna Keller.', []),
        ("Anna Keller would be thirty soon.", []),
        ("If Anna Keller was twenty, she hid it well.", []),
    ],
)
def test_age_statements(nlp, text, expected):
    assert ages("Tom Miller waited.\n\n" + text, nlp) == expected


# --- storylint timeline ---------------------------------------------------------------------


def test_cli_timeline_table_and_json(tmp_path):
    import json

    from click.testing import CliRunner

    from storylint.cli import cli

    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["timeline", str(path)])
    assert result.exit_code == 0, result.output
    assert "Day 2" in result.output and "Day 5?" in result.output
    assert "\u201cThe next morning\u201d (line 5)" in result.output
    result = CliRunner().invoke(cli, ["timeline", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["day"] for r in rows] == [1, 1, 2, 5, 5]
    assert rows[2]["evidence"][0] == {
        "quote": "The next morning", "line": 5, "start": STORY.index("The next morning"),
        "end": STORY.index("The next morning") + 16, "file": str(path),
    }  # fmt: skip


def test_cli_timeline_missing_file(tmp_path):
    from click.testing import CliRunner

    from storylint.cli import cli

    result = CliRunner().invoke(cli, ["timeline", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2


def test_hemisphere_setting_shifts_seasons():
    from dataclasses import replace

    from storylint.families.time.lexicon import load_lexicon

    north = load_lexicon()
    south = replace(north, south=True)
    assert north.season_for_month(7) == "summer" and south.season_for_month(7) == "winter"
    assert north.season_for_month(1) == "winter" and south.season_for_month(1) == "summer"
    assert south.season_months("winter") == [6, 7, 8]


def test_long_summary_makes_the_count_uncertain(nlp):
    summary = " ".join(["Anna Keller worked at the mill and saved what she could."] * 90)
    text = f"On Monday, Anna Keller went to the mill.\n\n{summary}\n\nThat evening Anna wrote.\n\n"
    rows = describe_timeline(build(text, nlp))
    assert rows[-1]["day_label"] == "Day 1?"
    assert rows[-1]["weekday"] is None


# --- readings by kind (2026-12-03) ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Anna sat on through the afternoon, thinking.", ["through the afternoon"]),
        ("She was busy all morning.", ["all morning"]),
        ("The long morning stretched ahead of her.", ["The long morning"]),
        ("Anna did not get up until noon.", ["until noon"]),
        ("After supper Anna went up to her room.", ["After supper"]),
        ("Monday came, and Anna went down to the market.", ["Monday came"]),
        ("By Friday Anna had heard nothing.", ["By Friday"]),
        ("The summer morning was bright, and Anna walked out.", ["The summer morning"]),
        ("The summer wore on, and Anna grew restless.", ["The summer"]),
        ("By evening Anna had finished the letters.", ["By evening"]),
        ("Anna left the following day, a Wednesday.", ["the following day", "a Wednesday"]),
        ("Two days passed before Anna rang on the Friday.", ["Two days passed", "on the Friday"]),
    ],
)
def test_times_read_by_kind(nlp, text, expected):
    model = build("Anna Keller sat by the window.\n\n" + text, nlp)
    assert statement_texts(model) == expected, text


@pytest.mark.parametrize(
    "text",
    [
        "The afternoon was over, and Anna went out.",
        "The morning had been wet, and Anna stayed in.",
        "The morning went by slowly.",
        "The morning papers lay on the table.",
        "The morning of the wedding was fine.",
        "The evening would be long, Anna thought.",
        "Anna dropped a tray of cups at lunch.",
        "Anna would not leave until noon.",
        "He had worked all afternoon.",
        "The quarrel ruffled Anna all the afternoon.",
        "The summer was over, and Anna went back to town.",
        "The summer holidays began, and Anna went out.",
        "The fall hurt Anna more than she said.",
    ],
)
def test_times_by_kind_not_the_story_now(nlp, text):
    model = build("Anna Keller sat by the window.\n\n" + text, nlp)
    assert statement_texts(model) == [], text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Anna Keller, who was forty-one, had never married.", [("age", 41, 41, None)]),
        ("Anna Keller, only forty-one, said nothing.", [("age", 41, 41, None)]),
        ("Anna Keller, forty-one years old, said nothing.", [("age", 41, 41, None)]),
        ("Anna Keller was a mere twenty, and looked it.", [("age", 20, 20, None)]),
        ("Anna Keller, who was twelve when her father died, ran the shop.", []),
        ("For a thirty-year-old, Anna Keller was calm.", [("age", 30, 30, None)]),
        ("For a woman of thirty, Anna Keller would be thought old.", []),
    ],
)
def test_ages_read_by_kind(nlp, text, expected):
    assert ages("Tom Miller waited.\n\n" + text, nlp) == expected
