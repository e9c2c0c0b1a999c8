"""The recall harness (`storylint eval mutate`): phrasings, placement, offsets, scoring.

The fixture is a short clean story written for these tests (tests/fixtures/mutate/).
"""

from __future__ import annotations

import json
import random
import re

import pytest
from click.testing import CliRunner

from storylint.evaluation.mutate.cast import misspell, number_words
from storylint.evaluation.mutate.operators import FAMILIES, OPERATORS, phrasebook
from storylint.evaluation.mutate.placement import (
    Slot,
    apply,
    band_of,
    quote_spans,
)
from storylint.evaluation.mutate.report import format_report, summarize
from storylint.evaluation.mutate.runner import (
    Options,
    _lands_in_story,
    _novel_context,
    excerpt,
    run_text,
)
from storylint.evaluation.mutate.templates import (
    HALVES,
    TemplateError,
    parse_family,
)

STORY = "mutate/clean-story.txt"
SEEDS = range(6)


@pytest.fixture(scope="module")
def story(fixtures_dir) -> str:
    return (fixtures_dir / STORY).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def novel(story, nlp):
    from storylint.ingest import manuscript_from_text
    from storylint.pipeline.build import build_model

    model = build_model(manuscript_from_text(story, "<clean-story>"), nlp)
    return _novel_context(story, model)


def _mutations(novel):
    """Every operator, both halves, each of its bands, a few seeds."""
    for op in OPERATORS:
        for half in HALVES:
            for band in op.phrasings.bands:
                for seed in SEEDS:
                    rng = random.Random(f"{seed}|{op.key}|{half}|{band}")
                    mutation = op.make(novel, rng, half, band)
                    if mutation is not None:
                        yield op, mutation


# --- phrasings -----------------------------------------------------------------------------


def test_every_family_has_an_operator_and_twenty_phrasings_in_two_halves():
    book = phrasebook()
    for family in FAMILIES:
        ops = [op for op in book.values() if op.family == family]
        assert ops, f"no operator for {family}"
        slips = [p for op in ops for p in op.slip]
        assert len(slips) >= 20, f"{family}: {len(slips)} slip phrasings"
        halves = {h: [p for p in slips if p.half == h] for h in HALVES}
        assert all(len(v) >= 8 for v in halves.values()), (family, halves)
        # Alternating, then tuning-only additions (docs/recall-harness.md): every list has both
        # halves, and the held-out half is never the larger by more than one.
        for op in ops:
            for role in ("setup", "slip"):
                tuning, held_out = (len(op.phrasings(role, h)) for h in HALVES)
                if tuning or held_out:
                    assert tuning and held_out, (op.key, role)
                    assert held_out <= tuning + 1, (op.key, role, tuning, held_out)


def test_phrasing_ids_are_unique_and_texts_distinct():
    phrasings = [p for op in phrasebook().values() for p in (*op.setup, *op.slip)]
    assert len({p.id for p in phrasings}) == len(phrasings)
    # Report ids only: a failure must never print held-out texts into a tuning session.
    first: dict[str, str] = {}
    twice = []
    for p in phrasings:
        if p.text in first:
            twice.append(f"{p.id} repeats {first[p.text]}")
        first.setdefault(p.text, p.id)
    assert not twice, "; ".join(twice)


GOOD = {
    "family": "names",
    "operators": {
        "misspelt_name": {
            "summary": "x",
            "bands": ["same-scene"],
            "slip": [
                {"text": "{misspelt} nodded.", "half": "tuning"},
                {"text": "{misspelt} sighed.", "half": "held-out"},
            ],
        }
    },
}


def _slots():
    return {op.key: op.slot_names for op in OPERATORS}


def test_schema_accepts_a_minimal_file():
    ops = parse_family("names", GOOD, _slots())
    assert [p.half for p in ops["misspelt_name"].slip] == ["tuning", "held-out"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.update(colour="red"), "unknown key"),
        (lambda d: d["operators"]["misspelt_name"].update(weight=2), "unknown key"),
        (lambda d: d["operators"]["misspelt_name"]["slip"][0].update(tone="sad"), "unknown key"),
        (lambda d: d["operators"]["misspelt_name"]["slip"][0].update(text="{nmae} ran."), "slot"),
        (lambda d: d["operators"]["misspelt_name"]["slip"][0].update(half="dev"), "half"),
        (lambda d: d["operators"]["misspelt_name"]["slip"].pop(), "both halves"),
        (lambda d: d["operators"]["misspelt_name"].update(bands=["far"]), "bands"),
        (lambda d: d["operators"].update(typo_name={}), "do not match"),
    ],
)
def test_schema_rejects_what_it_does_not_know(change, problem):
    data = json.loads(json.dumps(GOOD))
    change(data)
    with pytest.raises(TemplateError, match=problem):
        parse_family("names", data, _slots())


def test_a_role_placed_away_from_the_character_must_name_them_first():
    data = {
        "family": "places",
        "operators": {
            "left_then_acts": {
                "summary": "x",
                "bands": ["same-scene"],
                "slip": [
                    {"text": "{He} laughed.", "half": "tuning"},
                    {"text": "{name} laughed.", "half": "held-out"},
                ],
            }
        },
    }
    with pytest.raises(TemplateError, match="name the character"):
        parse_family("places", data, _slots())


# --- placement -----------------------------------------------------------------------------


def test_quote_spans():
    text = 'He said, "Go home." She left. "Wait," he said, \u201cstay.\u201d'
    spans = quote_spans(text)
    assert [text[a:b] for a, b in spans] == ['"Go home."', '"Wait,"', "\u201cstay.\u201d"]
    assert quote_spans('"I will go on,') == [(0, 14)]  # speech continued next paragraph
    curly = "\u2018Don\u2019t go,\u2019 she said. It\u2019s late."
    assert [curly[a:b] for a, b in quote_spans(curly)] == ["\u2018Don\u2019t go,\u2019"]


def test_bands():
    a = Slot(0, "sentence", 10, chapter=1, scene=0)
    assert band_of(a, Slot(5, "sentence", 10, 1, 0)) == "same-scene"
    assert band_of(a, Slot(5, "sentence", 13, 1, 0)) == "same-scene"
    assert band_of(a, Slot(5, "sentence", 14, 1, 0)) == "same-chapter"
    assert band_of(a, Slot(5, "sentence", 11, 1, 1)) == "same-chapter"
    assert band_of(a, Slot(5, "sentence", 11, 2, 0)) == "across-chapters"


def test_every_operator_places_slips_in_the_fixture(novel):
    placed = {op.key for op, _ in _mutations(novel)}
    assert placed == {op.key for op in OPERATORS}


def test_the_injector_is_deterministic_for_a_seed(novel):
    def run():
        return [
            (m.operator, m.band, [(i.slot.offset, i.role, i.sentence) for i in m.insertions])
            for _, m in _mutations(novel)
        ]

    first = run()
    assert first and first == run()


def test_offsets_of_the_inserted_sentences_are_exact(novel):
    for _, mutation in _mutations(novel):
        mutated = apply(novel.text, mutation.insertions)
        rebuilt = mutated.text
        for ins in mutation.insertions:
            start, end = mutated.spans[ins.role]
            assert mutated.text[start:end] == ins.sentence
        # Taking the inserted pieces out again gives the clean text back.
        for start, end in sorted(mutated.spans.values(), reverse=True):
            glue = 1 if mutated.text[start - 1] == " " else 2
            rebuilt = rebuilt[: start - glue] + rebuilt[end:]
        assert rebuilt == novel.text


def test_inserted_sentences_never_land_inside_quotes(novel):
    from storylint.ingest import manuscript_from_text

    checked = 0
    for _, mutation in _mutations(novel):
        mutated = apply(novel.text, mutation.insertions)
        manuscript = manuscript_from_text(mutated.text, "<mutated>")
        assert _lands_in_story(manuscript, mutated.spans)
        for start, _end in mutated.spans.values():
            line_start = mutated.text.rfind("\n\n", 0, start) + 2
            before = mutated.text[line_start:start]
            # The fixture's dialogue uses straight double quotes: an even count before the
            # insertion means it is outside every quotation.
            assert before.count('"') % 2 == 0, before
            checked += 1
    assert checked > 100


def test_pronouns_and_speech_go_where_a_reader_expects_them(novel):
    from storylint.evaluation.mutate.operators import _named_first

    ids = {p.id: p for op in phrasebook().values() for p in (*op.setup, *op.slip)}
    people = {p.name: p for p in novel.people}
    pronoun_first = 0
    for _, mutation in _mutations(novel):
        person = people[mutation.character]
        for ins in mutation.insertions:
            phrasing = ids[mutation.phrasings[ins.role]]
            if not _named_first(phrasing):
                # "She blew out the candle" only right after a sentence about her.
                assert novel.anchored_to(person, ins.slot), ins.sentence
                pronoun_first += 1
            if ins.slot.kind == "sentence" and ins.slot.dialogue:
                assert '"' not in ins.sentence, ins.sentence
    assert pronoun_first > 20


def test_pronouns_follow_the_character_they_are_about(novel):
    genders = {p.name: p.gender for p in novel.people}
    for _, mutation in _mutations(novel):
        if mutation.other is not None:
            continue
        wrong = {"male": r"\b(she|her|herself)\b", "female": r"\b(he|him|his|himself)\b"}
        sentence = " ".join(i.sentence for i in mutation.insertions)
        assert not re.search(wrong[genders[mutation.character]], sentence, re.I), sentence


def test_misspellings_are_one_slip_away():
    rng = random.Random(0)
    for word in ("Elizabeth", "Darcy", "Wickham", "Clara"):
        slipped = misspell(word, rng, avoid=set())
        assert slipped and slipped != word and slipped[0] == word[0]
        assert abs(len(slipped) - len(word)) <= 1
    assert number_words(26) == "twenty-six" and number_words(40) == "forty"


def test_excerpt_cuts_at_a_paragraph_end():
    text = "one two three.\n\nfour five six.\n\nseven eight."
    assert excerpt(text, 4) == "one two three.\n\nfour five six.\n"
    assert excerpt(text, 0) == text


# --- end to end ----------------------------------------------------------------------------


def test_end_to_end_a_smashed_jug_filled_again_is_caught(story):
    """objects: a vessel smashed and later filled (OBJ002 catches it within a chapter)."""
    options = Options(
        per_operator=3,
        half="tuning",
        words=0,
        operators=("objects.broken_then_used",),
        phrasings=("objects.broken_then_used.setup.2", "objects.broken_then_used.slip.0"),
    )
    result = run_text(story, "clean-story.txt", options)
    assert len(result.slips) == 3
    caught = [s for s in result.slips if s["caught"]["default"]]
    assert caught, result.slips
    assert {f["rule"] for s in caught for f in s["findings"]} == {"OBJ002"}
    run = {
        "corpus": "fixture",
        "options": {"words": 0, "per_operator": 3, "seed": 0, "half": "tuning"},
        "seconds": 1.0,
        "novels": [
            {
                "novel": result.novel,
                "words": result.words,
                "clean_findings": result.clean,
                "unplaced": result.unplaced,
            }
        ],
        "slips": result.slips,
    }
    summary = summarize(run)
    assert summary["default"]["by_family"]["objects"]["caught"] == len(caught)
    assert summary["clean"]["default"]["findings"] == 0
    table = format_report(run)
    assert "objects" in table and "held-out" in table and "same-scene" in table


def test_cli_registers_the_command_and_rejects_bad_options(tmp_path):
    from storylint.cli import cli

    runner = CliRunner()
    assert runner.invoke(cli, ["eval", "mutate", "--help"]).exit_code == 0
    story = tmp_path / "story.txt"
    story.write_text("Clara walked home.\n", encoding="utf-8")
    result = runner.invoke(cli, ["eval", "mutate", str(story), "--families", "weather"])
    assert result.exit_code == 2
    assert "unknown famil" in result.output
