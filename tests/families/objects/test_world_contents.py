"""Issue 13 (recall), by class: food or drink in a vessel says the vessel is whole; a clause
that says what happened first ("shattered when he knocked it off") is read first; a source
the parser hangs under the object ("poured the last of the milk from the jug"); drawing the
body into a garment ("huddled deeper into his coat") says it is on, out of it takes it off;
"kept her cloak buttoned" names who has it on."""

from __future__ import annotations

import pytest

from storylint.families.objects.engine import WORLD
from world_helpers import model_of, object_findings


def _events(text, nlp):
    return model_of(text, nlp).get(WORLD).events


def _requires(text, nlp, lemma):
    return [e.requires for e in _events(text, nlp) if e.mention.lemma == lemma]


@pytest.mark.parametrize(
    "text",
    [
        "There was milk left in the teapot, and he finished it.",
        "The milk in the pitcher was sour.",
        "The jug still held a little water.",
        "He topped up the jug and set it back on the tray.",
    ],
)
def test_contents_in_a_vessel_say_it_is_whole(text, nlp):
    lemma = next(w for w in ("teapot", "pitcher", "jug") if w in text)
    assert any(r.get("broken") is False for r in _requires(text, nlp, lemma))


@pytest.mark.parametrize(
    "text",
    [
        "There was no milk left in the jug.",
        "There was still milk in the broken jug.",
        "The milk from the jug soaked into the rug.",
    ],
)
def test_no_contents_or_a_broken_vessel_say_nothing(text, nlp):
    assert not any(r.get("broken") is False for r in _requires(text, nlp, "jug"))


def test_a_when_clause_after_its_main_clause_happened_first(nlp):
    text = "The jug shattered when Tom knocked it off the sill.\n\nHe filled the jug."
    findings = object_findings(text, nlp, default_only=False)
    # one slip, about the filling, not the knocking inside the sentence that broke it
    assert [f.evidence[1].quote for f in findings] == ["He filled the jug"]


@pytest.mark.parametrize(
    "text",
    [
        "Amy lit the candle.\n\nShe was reading by the candle when it went out.",
        "Amy filled the jug.\n\nShe had just filled the jug when it cracked in two.",
    ],
)
def test_a_when_clause_interrupting_what_was_under_way_comes_after(text, nlp):
    assert not object_findings(text, nlp, default_only=False)


def test_as_clause_pouring_before_it_broke(nlp):
    text = "The teapot broke as she was pouring from it, and tea went everywhere."
    assert not object_findings(text, nlp, default_only=False)


def test_a_source_under_the_object_is_read(nlp):
    text = "The jug shattered.\n\nTom poured the last of the milk from the jug into both mugs."
    (finding,) = object_findings(text, nlp)
    assert "poured the last of the milk from the jug" in finding.evidence[1].quote


@pytest.mark.parametrize(
    "text",
    ["Tom huddled deeper into his coat.", "Tom burrowed into his coat and said nothing."],
)
def test_drawing_oneself_into_a_garment_says_it_is_on(text, nlp):
    assert {"worn": True} in _requires(text, nlp, "coat")


@pytest.mark.parametrize(
    "text", ["She stepped out of her jacket.", "She squirmed out of her wet jacket."]
)
def test_getting_the_body_out_of_a_garment_takes_it_off(text, nlp):
    assert any(e.effects.get("worn") is False for e in _events(text, nlp))


def test_kept_buttoned_after_handing_it_on_names_who_has_it_on(nlp):
    text = (
        "Amy removed her cloak and handed it to the maid.\n\n"
        "Amy kept her cloak buttoned to the chin."
    )
    (finding,) = object_findings(text, nlp)
    assert "kept her cloak buttoned" in finding.evidence[1].quote
    quiet = "Amy removed her cloak and handed it to Kate.\n\nKate kept the cloak buttoned."
    assert not object_findings(quiet, nlp)
