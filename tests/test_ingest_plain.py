"""Plain text and Markdown: structure, not-story text and exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylint.ingest import manuscript_from_text, read_manuscript
from storylint.manuscript import Manuscript, Role

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def assert_offsets_exact(manuscript: Manuscript) -> None:
    """Every paragraph is a trimmed, non-empty, non-overlapping span of its source."""
    last: dict[int, int] = {}
    for p in manuscript.all_paragraphs():
        assert 0 <= p.start < p.end <= len(p.source.text)
        assert p.text == p.source.text[p.start : p.end]
        assert p.text == p.text.strip()
        assert p.start >= last.get(id(p.source), 0), "paragraphs overlap"
        last[id(p.source)] = p.end


def story_texts(manuscript: Manuscript) -> list[str]:
    return [p.text for p in manuscript.paragraphs()]


def apart(manuscript: Manuscript) -> dict[str, Role]:
    return {p.text: p.role for p in manuscript.apart}


# --- the motivating story -------------------------------------------------


def test_to_marilyn_notes_are_not_story_and_everything_else_is():
    path = FIXTURES.parent / "to-marilyn.txt"
    raw = path.read_text("utf-8")
    manuscript = read_manuscript(path)
    assert manuscript.sources[0].text == raw  # offsets are into the file itself
    assert_offsets_exact(manuscript)
    notes = [p for p in manuscript.apart]
    assert [p.role for p in notes] == [Role.NOTE, Role.NOTE, Role.NOTE]
    assert notes[0].text.startswith("For the purposes of this story")
    assert notes[1].text == "- Title from R.I.P. by 3OH!3"
    assert notes[2].text.startswith("- There are a couple of technical issues")
    story = story_texts(manuscript)
    blocks = [b.strip() for b in raw.split("\n\n") if b.strip()]
    assert len(story) == len(blocks) - 3
    assert story[0] == "Nothing ever quite makes sense to him."
    assert story[-1].startswith("Marilyn stared down from on high")
    for line in ('"Derek-"', '"Please."', '"-Don\'t lie to me."', '"I know."'):
        assert line in story
    coat = next(p for p in manuscript.paragraphs() if "dropped his coat over her" in p.text)
    assert coat.start == raw.index(coat.text)
    assert [p.index for p in manuscript.paragraphs()] == list(range(len(story)))


# --- chapter headings ------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("Chapter 12", "Chapter 12"),
        ("CHAPTER XII", "CHAPTER XII"),
        ("Chapter Twelve", "Chapter Twelve"),
        ("Chapter Twenty-One: The Door", "Chapter Twenty-One: The Door"),
        ("12.", "12."),
        ("XII", "XII"),
        ("Part Two", "Part Two"),
        ("Prologue", "Prologue"),
        ("Epilogue", "Epilogue"),
        ("# The Door", "The Door"),
        ("ADVENTURE II. THE RED-HEADED LEAGUE", "ADVENTURE II. THE RED-HEADED LEAGUE"),
        ("STAVE III.", "STAVE III."),
        ("Letter 4", "Letter 4"),
    ],
)
def test_heading_forms_start_chapters(heading, title):
    text = f"Anna lit the lamp.\n\n{heading}\n\nBen took the keys.\n"
    manuscript = manuscript_from_text(text)
    assert [c.title for c in manuscript.chapters] == [None, title]
    second = manuscript.chapters[1]
    assert second.heading is not None and second.heading.role is Role.HEADING
    assert second.heading.start == text.index(heading)
    assert story_texts(manuscript) == ["Anna lit the lamp.", "Ben took the keys."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Part two of the plan was simple.",
        "Chapter one was over, he thought.",
        "Prologue was the word she hated.",
        "1999 was a good year.",
        "Letter two was never sent.",
        "Story time was at four.",
    ],
)
def test_sentences_that_start_like_headings_are_story(sentence):
    manuscript = manuscript_from_text(f"Anna lit the lamp.\n\n{sentence}\n\nBen left.\n")
    assert len(manuscript.chapters) == 1
    assert sentence in story_texts(manuscript)


def test_heading_with_subtitle_line_and_part_before_chapter():
    text = (
        "Part One\n\nChapter 1\n\nThe Beginning\n\nAnna lit the lamp.\n\n"
        "Chapter 2\nThe Middle\nBen took the keys.\n"
    )
    manuscript = manuscript_from_text(text)
    assert [c.title for c in manuscript.chapters] == [
        "Chapter 1: The Beginning",
        "Chapter 2: The Middle",
    ]
    assert story_texts(manuscript) == ["Anna lit the lamp.", "Ben took the keys."]
    assert apart(manuscript) == {"Part One": Role.HEADING}
    assert_offsets_exact(manuscript)


def test_title_and_byline_before_first_chapter_are_front_matter():
    text = "The Borrowed Coat\n\nby A. Writer\n\nChapter 1\n\nAnna lit the lamp.\n"
    manuscript = manuscript_from_text(text)
    assert apart(manuscript) == {
        "The Borrowed Coat": Role.TITLE,
        "by A. Writer": Role.FRONT_MATTER,
    }
    assert manuscript.title == "The Borrowed Coat"


# --- scene breaks ----------------------------------------------------------


@pytest.mark.parametrize("glyph", ["***", "* * *", "#", "~", "-----", "§", "⁂", "o0o", "xXx"])
def test_glyph_scene_breaks(glyph):
    text = f"Anna lit the lamp.\n\nShe sat.\n\n{glyph}\n\nBen took the keys.\n"
    manuscript = manuscript_from_text(text)
    scenes = manuscript.chapters[0].scenes
    assert [[p.text for p in s.paragraphs] for s in scenes] == [
        ["Anna lit the lamp.", "She sat."],
        ["Ben took the keys."],
    ]
    assert [s.index for s in scenes] == [0, 1]


def test_two_blank_lines_break_a_scene_and_one_does_not():
    manuscript = manuscript_from_text("Anna sat.\n\nShe waited.\n\n\n\nBen left.\n\nHe ran.\n")
    assert [len(s.paragraphs) for s in manuscript.chapters[0].scenes] == [2, 2]


@pytest.mark.parametrize("line", ['"..."', "...", "…", '"—"'])
def test_punctuation_paragraphs_are_story_not_breaks(line):
    manuscript = manuscript_from_text(f"Anna asked.\n\n{line}\n\nBen shrugged.\n")
    assert len(manuscript.chapters[0].scenes) == 1
    assert line in story_texts(manuscript)


def test_double_spacing_everywhere_is_not_a_break_everywhere():
    text = "\n\n\n".join(f"Paragraph number {i} of the story." for i in range(12))
    manuscript = manuscript_from_text(text)
    assert len(manuscript.chapters[0].scenes) == 1
    assert len(story_texts(manuscript)) == 12


# --- paragraphs ------------------------------------------------------------


def test_one_paragraph_per_line_without_blank_lines():
    lines = [
        "Anna lit the lamp in the kitchen and sat down to wait for the others to come home, "
        "listening to the wind worry at the shutters and the clock count out the minutes.",
        '"Where is everyone?"',
        "Ben came in at midnight, shaking snow from his coat, and said nothing at all to her.",
        "She watched him hang the coat by the door.",
    ]
    text = "\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]) + "\n"
    manuscript = manuscript_from_text(text)
    assert story_texts(manuscript) == lines
    # In one-paragraph-per-line text a single blank line is the scene break.
    assert [len(s.paragraphs) for s in manuscript.chapters[0].scenes] == [2, 2]
    assert_offsets_exact(manuscript)


def test_hard_wrapped_paragraphs_stay_whole():
    wrapped = (
        "It was a bright cold day in April, and the clocks were striking\n"
        "thirteen. Winston Smith, his chin nuzzled into his breast in an\n"
        "effort to escape the vile wind, slipped quickly through the glass\n"
        "doors of Victory Mansions, though not quickly enough to prevent a\n"
        "swirl of gritty dust from entering along with him.\n"
    )
    text = wrapped + "\n" + wrapped
    manuscript = manuscript_from_text(text)
    assert story_texts(manuscript) == [wrapped.strip(), wrapped.strip()]


def test_windows_line_endings_keep_offsets_exact():
    text = "Anna sat.\r\n\r\nShe waited\r\nfor Ben.\r\n\r\n* * *\r\n\r\nBen left.\r\n"
    manuscript = manuscript_from_text(text)
    assert story_texts(manuscript) == ["Anna sat.", "She waited\r\nfor Ben.", "Ben left."]
    assert len(manuscript.chapters[0].scenes) == 2
    assert_offsets_exact(manuscript)


# --- notes, dedications, epigraphs -----------------------------------------

STORY = "Anna lit the lamp.\n\nBen took the keys from the table.\n\nShe watched him go.\n"


@pytest.mark.parametrize(
    "opening",
    [
        "A/N: Sorry for the wait!",
        "Author's note: this is set after season two.",
        "Disclaimer: I own nothing.",
        "AN: thanks to my beta.",
    ],
)
def test_marked_leading_note(opening):
    manuscript = manuscript_from_text(f"{opening}\n\n{STORY}")
    assert apart(manuscript) == {opening: Role.NOTE}
    assert story_texts(manuscript)[0] == "Anna lit the lamp."


def test_marked_note_takes_following_paragraphs_up_to_the_break():
    text = "A/N: Written for Sam.\n\nShe asked for snow.\n\n* * *\n\n" + STORY
    manuscript = manuscript_from_text(text)
    assert apart(manuscript) == {
        "A/N: Written for Sam.": Role.NOTE,
        "She asked for snow.": Role.NOTE,
    }


def test_short_unmarked_first_paragraph_before_a_gap_is_a_note():
    opening = "Set in the gap between the two films, so the ending is ignored."
    manuscript = manuscript_from_text(f"{opening}\n\n\n{STORY}")
    assert apart(manuscript) == {opening: Role.NOTE}


def test_short_opening_scene_before_a_gap_is_story_not_a_note():
    """A note talks about the story or to the reader; a short first scene does neither."""
    opening = "Inspector Grey knelt by the body in the library. Lord Ashby had been murdered."
    manuscript = manuscript_from_text(f"{opening}\n\n* * *\n\n{STORY}")
    assert manuscript.apart == []
    assert story_texts(manuscript)[0] == opening


def test_short_first_paragraph_without_a_gap_is_story():
    opening = "Set in the gap between the two films, the house was quiet."
    manuscript = manuscript_from_text(f"{opening}\n\n{STORY}")
    assert manuscript.apart == []
    assert story_texts(manuscript)[0] == opening


def test_long_first_paragraph_before_a_gap_is_story():
    opening = " ".join(["The snow had fallen on the town for three whole days."] * 5)
    manuscript = manuscript_from_text(f"{opening}\n\n\n{STORY}")
    assert manuscript.apart == []


@pytest.mark.parametrize("dedication", ["For my mother", "In memory of Sam, who loved snow."])
def test_dedication(dedication):
    manuscript = manuscript_from_text(f"{dedication}\n\n{STORY}")
    assert apart(manuscript) == {dedication: Role.DEDICATION}


def test_story_opening_with_for_is_story():
    opening = "For three days it rained."
    manuscript = manuscript_from_text(f"{opening}\n\n{STORY}")
    assert story_texts(manuscript)[0] == opening


def test_epigraph_at_chapter_start():
    text = (
        'Chapter 1\n\n"Hell is other people."\n— Jean-Paul Sartre\n\n'
        + STORY
        + '\nChapter 2\n\n"All happy families are alike."\n\n— Leo Tolstoy\n\nBen came back.\n'
    )
    manuscript = manuscript_from_text(text)
    assert apart(manuscript) == {
        '"Hell is other people."\n— Jean-Paul Sartre': Role.EPIGRAPH,
        '"All happy families are alike."': Role.EPIGRAPH,
        "— Leo Tolstoy": Role.EPIGRAPH,
    }


def test_dialogue_with_dashes_is_not_an_epigraph():
    text = '"Derek-"\n\n"-Don\'t lie to me."\n\nShe turned away.\n'
    manuscript = manuscript_from_text(text)
    assert manuscript.apart == []


def test_trailing_bullets_after_a_gap_are_notes_but_not_without_one():
    with_gap = STORY + "\n\n- Title from a song.\n\n- Thanks to my beta.\n"
    manuscript = manuscript_from_text(with_gap)
    assert apart(manuscript) == {
        "- Title from a song.": Role.NOTE,
        "- Thanks to my beta.": Role.NOTE,
    }
    shopping = STORY + "\n- eggs\n\n- milk\n"
    assert manuscript_from_text(shopping).apart == []


@pytest.mark.parametrize(
    "ending",
    [
        "Notes:\n\nThe title is from a song.",
        "Thanks for reading! Reviews are love.",
        "A/N: more soon",
    ],
)
def test_trailing_end_notes(ending):
    manuscript = manuscript_from_text(STORY + "\n" + ending + "\n")
    assert set(apart(manuscript).values()) == {Role.NOTE}
    assert story_texts(manuscript)[-1] == "She watched him go."


def test_author_note_mid_story_hides_only_itself():
    text = "Anna sat.\n\nA/N: flashback ahead!\n\nBen left.\n\nHe ran.\n\nShe followed.\n"
    manuscript = manuscript_from_text(text)
    assert apart(manuscript) == {"A/N: flashback ahead!": Role.NOTE}
    assert story_texts(manuscript) == ["Anna sat.", "Ben left.", "He ran.", "She followed."]


def test_fanfic_header_block_is_front_matter():
    header = "Title: The Coat\nRating: T\nPairing: Derek/Ivy"
    manuscript = manuscript_from_text(f"{header}\n\nSummary: a coat changes hands.\n\n{STORY}")
    assert apart(manuscript) == {
        header: Role.FRONT_MATTER,
        "Summary: a coat changes hands.": Role.SUMMARY,
    }


# --- Markdown --------------------------------------------------------------


def test_markdown_headings_front_matter_and_comments(tmp_path):
    text = (
        "---\ntitle: The Coat\n\nauthor: me\n---\n\n"
        "# The Borrowed Coat\n\n"
        "<!-- remember to fix the door -->\n\n"
        "## Chapter One\n\nAnna *lit* the lamp.\n\n### Later\n\nBen took the keys.\n\n"
        "## Chapter Two\n\nShe waited.\n\n---\n\nHe came back.\n"
    )
    path = tmp_path / "story.md"
    path.write_text(text, encoding="utf-8")
    manuscript = read_manuscript(path)
    assert manuscript.sources[0].text == text
    assert manuscript.sources[0].extracted is False
    assert manuscript.title == "The Borrowed Coat"
    assert [c.title for c in manuscript.chapters] == ["Chapter One", "Chapter Two"]
    assert [[len(s.paragraphs) for s in c.scenes] for c in manuscript.chapters] == [[1, 1], [1, 1]]
    assert story_texts(manuscript)[0] == "Anna *lit* the lamp."  # raw Markdown
    roles = apart(manuscript)
    assert roles["---\ntitle: The Coat\n\nauthor: me\n---"] is Role.FRONT_MATTER
    assert roles["<!-- remember to fix the door -->"] is Role.NOTE
    assert roles["# The Borrowed Coat"] is Role.TITLE
    assert roles["### Later"] is Role.HEADING
    assert_offsets_exact(manuscript)


def test_markdown_setext_heading(tmp_path):
    path = tmp_path / "s.markdown"
    path.write_text("Chapter One\n===========\n\nAnna sat.\n\nChapter Two\n---\n\nBen left.\n")
    manuscript = read_manuscript(path)
    assert [c.title for c in manuscript.chapters] == ["Chapter One", "Chapter Two"]
    assert story_texts(manuscript) == ["Anna sat.", "Ben left."]


def test_narrow_hard_wrapped_text_without_blank_lines_is_not_split_per_line():
    wrapped = (
        "When Farmer Oak smiled, the corners of his mouth\n"
        "spread till they were within an unimportant distance of\n"
        "his ears, his eyes were reduced to chinks, and diverging\n"
        "wrinkles appeared round them, extending upon his\n"
        "countenance like the rays in a rudimentary sketch of\n"
        "the rising sun.\n"
    )
    manuscript = manuscript_from_text(wrapped * 3)
    assert len(story_texts(manuscript)) == 1  # never sentence fragments


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("III.", "Chapter III"),
        ("12.", "Chapter 12"),
        ("CHAPTER IV.", "CHAPTER IV"),
        ("Chapter 2: The Door.", "Chapter 2: The Door"),
    ],
)
def test_chapter_label_reads_inside_a_sentence(heading, label):
    """Messages say "was blue in {label}."; a heading's own stop must not double it."""
    manuscript = manuscript_from_text(f"Anna lit the lamp.\n\n{heading}\n\nBen took the keys.\n")
    assert manuscript.chapters[1].label == label
