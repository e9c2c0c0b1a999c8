"""The story bible's shape: what `storylint bible` prints and a writer edits."""

from __future__ import annotations

from storylint.bible import build_bible, character_entry
from storylint.ingest import manuscript_from_text, read_manuscript
from storylint.pipeline.build import build_model
from storylint.pipeline.layers import CHARACTERS

TEXT = (
    "Chapter One\n\n"
    "Anna Petrova unlocked the shop. Anna hung her coat on the hook.\n\n"
    "Chapter Two\n\n"
    'Mr. Hale came in at noon. "Morning, Anna," he said.\n\n'
    "Anna smiled at Mr. Hale and poured his tea."
)


def bible_of(manuscript, nlp):
    model = build_model(manuscript, nlp, until=CHARACTERS)
    return build_bible(model)


def test_entries_are_sorted_by_mentions_and_locate_first_and_last_appearance(nlp):
    bible = bible_of(manuscript_from_text(TEXT, "shop.txt"), nlp)
    assert bible["title"]
    first, second = bible["characters"][:2]
    assert first["name"] == "Anna Petrova" and second["name"] == "Mr. Hale"
    assert first["mentions"] == 4 and first["aliases"] == ["Anna"]
    assert first["gender"] == "female" and second["gender"] == "male"
    assert first["first_appearance"]["line"] == 3
    assert "unlocked the shop" in first["first_appearance"]["quote"]
    assert first["last_appearance"]["line"] == 9
    assert "poured his tea" in first["last_appearance"]["quote"]
    assert first["first_appearance"]["chapter"] != first["last_appearance"]["chapter"]
    assert first["dialogue_lines"] == 0  # no speaker attribution ran


def test_bible_values_are_plain_data(nlp, fixtures_dir):
    import json

    bible = bible_of(read_manuscript(fixtures_dir / "to-marilyn.txt"), nlp)
    assert json.loads(json.dumps(bible)) == bible
    counts = [e["mentions"] for e in bible["characters"]]
    assert counts == sorted(counts, reverse=True)
    assert character_entry(bible, "Ivy")["first_appearance"]["quote"].startswith("Ivy was someone")
