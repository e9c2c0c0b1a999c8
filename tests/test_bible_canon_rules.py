"""End to end: a story bible's facts are checked against the text by the character rules.

A bible saying Ivy's eyes are brown makes "her blue eyes" a finding whose established
passage is the bible's line; a bible agreeing with the text adds nothing. Skipped until
the character-attribute rules (CHR, storylint.families.characters) are installed.
"""

from __future__ import annotations

import pytest

from storylint.canon import parse_bible
from storylint.engine import run_rules
from storylint.ingest import manuscript_from_text
from storylint.pipeline.build import build_model
from storylint.rules.registry import all_rules

pytest.importorskip("storylint.families.characters")
CHR = [r for r in all_rules() if r.id.startswith("CHR")]
if not CHR:
    pytest.skip("the character-attribute rules (CHR) are not installed", allow_module_level=True)

STORY = (
    "Chapter One\n\n"
    "Ivy Lynn stood at the stage door in the rain. Derek Wills came out at midnight.\n\n"
    "Ivy looked up at him with her blue eyes and smiled.\n"
)
BIBLE = """\
characters:
  - name: Ivy Lynn
    aliases: [Ivy]
    attributes:
      eyes: {eyes}
  - name: Derek Wills
    aliases: [Derek]
"""


def findings(eyes: str, nlp):
    canon = parse_bible(BIBLE.format(eyes=eyes), "story-bible.yaml")
    model = build_model(manuscript_from_text(STORY, "story.txt"), nlp, canon=canon)
    return run_rules(model, CHR)


def test_bible_eye_colour_contradicted_by_the_text(nlp) -> None:
    found = [f for f in findings("brown", nlp) if f.confidence >= 0.5]
    assert len(found) == 1, [f.message for f in found]
    (finding,) = found
    bible = [e for e in finding.evidence if e.source.path == "story-bible.yaml"]
    assert len(bible) == 1
    assert bible[0].quote == "eyes: brown"
    assert bible[0].source.line_col(bible[0].start)[0] == 5
    assert "blue" in finding.primary.quote and finding.primary.source.path == "story.txt"
    assert "Ivy" in finding.message


def test_bible_agreeing_with_the_text_adds_nothing(nlp) -> None:
    assert [f for f in findings("blue", nlp) if f.confidence >= 0.5] == []


def test_a_series_carries_eye_colour_from_book_one_to_book_two(tmp_path) -> None:
    """Book one's narration established brown eyes; book two's blue eyes contradict it."""
    import json

    from click.testing import CliRunner

    from storylint.cli import cli

    bible = tmp_path / "series.yaml"
    bible.write_text("characters:\n  - name: Ivy Lynn\n    aliases: [Ivy]\n", encoding="utf-8")
    one = tmp_path / "book-one.txt"
    one.write_text(
        "Chapter One\n\nIvy Lynn stood at the stage door. Ivy had brown eyes and a quick smile.\n",
        encoding="utf-8",
    )
    two = tmp_path / "book-two.txt"
    two.write_text(
        "Chapter One\n\nIvy Lynn came back to the theatre a year later. Ivy looked up with "
        "her blue eyes and laughed.\n",
        encoding="utf-8",
    )
    args = ["check", "--no-config", "--format", "json", "--bible", str(bible)]
    result = CliRunner().invoke(cli, [*args, str(one), str(two)])
    data = json.loads(result.stdout)
    chr_findings = [f for f in data["findings"] if f["rule"].startswith("CHR")]
    assert len(chr_findings) == 1, data["findings"]
    (finding,) = chr_findings
    assert finding["book"] == "book-two.txt"
    established = finding["evidence"][0]
    assert established["file"].endswith("book-one.txt")
    assert established["quote"] == "Ivy had brown eyes"
    # book two alone is clean: nothing established the brown eyes
    alone = CliRunner().invoke(cli, [*args, str(two)])
    assert not [f for f in json.loads(alone.stdout)["findings"] if f["rule"].startswith("CHR")]
