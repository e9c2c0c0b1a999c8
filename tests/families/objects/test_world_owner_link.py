"""OBJ001's setups and re-attributions beyond "took off her coat": dressing someone else
("helped him into her cloak", "covered him with her jacket", "spread his coat over her"),
and the wearer's possessive on the garment after any verb whose subject is the wearer
("brushed the snow from her coat"), less sure than an act that needs it worn."""

from __future__ import annotations

from storylint.families.objects.engine import WORLD
from world_helpers import model_of

START = "Ivy and Derek walked down to the harbour. The wind had turned cold.\n\n"
MIDDLE = "\n\nThey watched the boats come in for a while.\n\n"


def _owner_conflicts(setup, later, nlp):
    world = model_of(START + setup + MIDDLE + later, nlp).get(WORLD)
    return [c for c in world.conflicts if c.kind == "owner"]


def _wearer(text, nlp):
    events = model_of(START + text, nlp).get(WORLD).events
    worn = [e for e in events if e.effects.get("worn") and e.mention.lemma == "coat"]
    return worn[0].wearer.label if worn and worn[0].wearer is not None else None


def test_dressing_someone_else_puts_it_on_them(nlp):
    assert _wearer("Derek helped Ivy into his coat.", nlp) == "Ivy"
    assert _wearer("Derek covered Ivy with his coat.", nlp) == "Ivy"
    assert _wearer("Derek spread his coat over Ivy.", nlp) == "Ivy"


def test_the_wearers_possessive_after_any_verb(nlp):
    (conflict,) = _owner_conflicts(
        "Derek draped his coat over Ivy's shoulders.", "Ivy brushed the snow from her coat.", nlp
    )
    assert 0.5 <= conflict.confidence < 0.8  # less sure than "took off her coat"
    (sure,) = _owner_conflicts(
        "Derek draped his coat over Ivy's shoulders.", "Ivy took off her coat.", nlp
    )
    assert sure.confidence > conflict.confidence


def test_possessive_not_said_of_the_wearer_stays_quiet(nlp):
    setup = "Derek draped his coat over Ivy's shoulders."
    assert not _owner_conflicts(setup, "Her coat was still at home on its hook.", nlp)
    assert not _owner_conflicts(setup, "Ivy put on her coat and went out.", nlp)
    returned = setup + "\n\nShe slipped the coat off and handed it back to him."
    assert not _owner_conflicts(returned, "Ivy brushed the snow from her coat.", nlp)
