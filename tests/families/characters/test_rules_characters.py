"""Table-driven tests of CHR001-CHR005: passages that must fire and must stay quiet.

Each passage is realistic prose. A "fires" case names the rule and two
fragments of the passages a writer would be shown (the established one, then
the contradicting one); a "quiet" case is something novels do all the time
(dialogue, passing states, dyed hair, a new wound, a child who grows up) and
must not be reported.
"""

from __future__ import annotations

import pytest

from places_helpers import build
from storylint.engine import run_rules
from storylint.findings import Severity
from storylint.rules.registry import find_rule

CHR_RULES = ("CHR001", "CHR002", "CHR003", "CHR004", "CHR005")
BREAK = "\n\n* * *\n\n"


def findings(text: str, nlp, rule_id: str | None = None):
    model = build(text, nlp)
    ids = [rule_id] if rule_id else list(CHR_RULES)
    return run_rules(model, [find_rule(i) for i in ids])


def reported(found) -> list:
    """What the default report shows: warning and above, confidence >= 0.5."""
    return [f for f in found if f.severity.rank >= Severity.WARNING.rank and f.confidence >= 0.5]


IVY = (
    "Ivy Marsh came down the stairs with the letter in her hand. Ivy Marsh had brown eyes "
    "and a quick, nervous smile, and she held the letter out to her father without a word."
)
DEREK = (
    "Derek Hale leaned in the doorway of the kitchen. Derek Hale had a scar on his left "
    "cheek, a thin white line from an old fight, and it pulled when he smiled."
)

FIRES = [
    pytest.param(
        "CHR001",
        IVY + BREAK + "Ivy sat by the fire. Ivy's eyes were blue, and the fire made them "
        "brighter as she read the letter again.",
        ("Ivy Marsh had brown eyes", "Ivy's eyes were blue"),
        "Ivy Marsh's eyes are blue here, but were brown",
        id="eyes-brown-then-blue",
    ),
    pytest.param(
        "CHR001",
        "Derek Hale signed the register with a flourish. Derek was left-handed, and the ink "
        "smeared under the side of his hand." + BREAK + "Derek Hale picked up the pen. "
        "Derek was right-handed, like everyone in his family, and he wrote quickly.",
        ("Derek was left-handed", "Derek was right-handed"),
        "Derek Hale is right-handed here, but was left-handed",
        id="left-then-right-handed",
    ),
    pytest.param(
        "CHR001",
        "Margaret Pell stood in the doorway. Margaret was a tall woman, and she had to stoop "
        "under the beam." + BREAK + "Margaret Pell came to the window. Margaret was short, "
        "and she had to stand on tiptoe to see out.",
        ("Margaret was a tall woman", "Margaret was short"),
        "Margaret Pell is short here, but was tall",
        id="tall-then-short",
    ),
    pytest.param(
        "CHR001",
        "Henry Crane read the small print without effort. Henry had never needed glasses, "
        "and he was vain about it." + BREAK + "Henry Crane pushed his spectacles up his nose "
        "and frowned at the page.",
        ("Henry had never needed glasses", "spectacles"),
        "Henry Crane wears glasses here, but had never needed glasses",
        id="never-needed-glasses-then-spectacles",
    ),
    pytest.param(
        "CHR002",
        DEREK + BREAK + "Derek Hale sat across from her. Derek touched the scar on his right "
        "cheek, as he always did when he lied.",
        ("scar on his left cheek", "scar on his right cheek"),
        "Derek Hale's scar is on his right cheek here, but was on his left cheek",
        id="scar-left-then-right-cheek",
    ),
    pytest.param(
        "CHR002",
        "Tom Reilly lay on the cot. Tom Reilly had a wound in his shoulder that had been "
        "dressed twice that day, and he would not let the nurse near it again."
        + BREAK
        + "Tom Reilly limped to the window. The wound in his leg throbbed with every step.",
        ("wound in his shoulder", "wound in his leg"),
        "Tom Reilly's wound is on his leg here, but was on his shoulder",
        id="wound-shoulder-then-leg",
    ),
    pytest.param(
        "CHR002",
        "Jack Dunn rolled up his sleeve. Jack Dunn had a tattoo of an anchor on his left "
        "forearm, blue and blurred with age." + BREAK + "Jack Dunn sat on the bunk. Jack "
        "Dunn scratched the tattoo on his neck and laughed.",
        ("tattoo of an anchor on his left forearm", "tattoo on his neck"),
        "Jack Dunn's tattoo is on his neck here, but was on his left forearm",
        id="tattoo-forearm-then-neck",
    ),
    pytest.param(
        "CHR005",
        "Robert Hale was a captain in the Guards, and Robert Hale never let anyone forget it."
        + BREAK
        + "Robert Hale, a lieutenant in the same regiment, waited outside the colonel's tent.",
        ("Robert Hale was a captain", "Robert Hale, a lieutenant"),
        "Robert Hale is a lieutenant here, but was already a captain",
        id="rank-drops",
    ),
    # Dr Watson's wound: the shoulder in A Study in Scarlet (1887), the leg in The Sign of
    # the Four (1890); Conan Doyle, public domain, shortened.
    pytest.param(
        "CHR002",
        "I was removed from my brigade and attached to the Berkshires, with whom I served at "
        "the fatal battle of Maiwand. There I was struck on the shoulder by a Jezail bullet, "
        "which shattered the bone." + BREAK + "Holmes made no remark, however, but sat "
        "smoking in the corner. I sat nursing my wounded leg and watched the fog.",
        ("I was struck on the shoulder", "my wounded leg"),
        "The narrator's wound is on their leg here, but the narrator was hurt in the shoulder",
        id="watson-shoulder-then-leg",
    ),
    pytest.param(
        "CHR003",
        "Clara Bell was pinning up her red hair when the bell rang. Clara went to the door "
        "with the pins still in her mouth." + BREAK + "Clara Bell walked home along the "
        "river. The wind pulled at Clara's black hair and she let it.",
        ("her red hair", "Clara's black hair"),
        "Clara Bell's hair is black here, but was red",
        id="red-then-black-hair",
    ),
    pytest.param(
        "CHR003",
        "Peter Lang came in from the yard. Peter's hair was fair, and he wore it too "
        "long, like a poet." + BREAK + "Peter Lang sat on the step. Peter Lang "
        "ran a hand through his dark hair and sighed.",
        ("Peter's hair was fair", "his dark hair"),
        "Peter Lang's hair is dark here, but was blonde",
        id="fair-then-dark-hair",
    ),
    pytest.param(
        "CHR005",
        "Derek Hale grew up in Leeds, in a terraced house by the canal, and Derek Hale never "
        "lost the accent." + BREAK + "Derek Hale looked out at the sea. Derek had grown up in "
        "Bristol, and the smell of the harbour always brought it back.",
        ("grew up in Leeds", "grown up in Bristol"),
        "Derek Hale grew up in Bristol here, but in Leeds",
        id="grew-up-leeds-then-bristol",
    ),
]


@pytest.mark.parametrize(("rule_id", "text", "quotes", "message"), FIRES)
def test_rule_fires(nlp, rule_id, text, quotes, message):
    found = reported(findings(text, nlp, rule_id))
    assert len(found) == 1, [f.message for f in found]
    finding = found[0]
    assert finding.rule == rule_id
    assert finding.message.startswith(message), finding.message
    established, contradiction = finding.evidence
    assert established.role == "established" and contradiction.role == "contradiction"
    assert quotes[0] in established.quote, established.quote
    assert quotes[1] in contradiction.quote, contradiction.quote
    assert established.start < contradiction.start
    for ev in finding.evidence:
        assert text[ev.start : ev.end] == ev.quote  # exact offsets into the source


def test_build_change_is_info_only(nlp):
    text = (
        "Arthur Pell settled into the armchair. Arthur was stout, and the chair creaked "
        "under him." + BREAK + "Arthur Pell got up to poke the fire. Arthur was thin, "
        "and the firelight showed every bone of his wrist."
    )
    found = findings(text, nlp, "CHR004")
    assert [f.rule for f in found] == ["CHR004"]
    assert found[0].severity is Severity.INFO
    assert "Arthur Pell is thin here, but was stout" in found[0].message
    assert reported(found) == []


QUIET = [
    pytest.param(
        IVY + BREAK + '"Your eyes are blue," Derek Hale said, "bluer than the sea."\n\n'
        "Ivy laughed at him.",
        id="eye-colour-in-dialogue",
    ),
    pytest.param(
        IVY + BREAK + "Ivy Marsh had cried all night. Ivy's eyes were red with weeping, "
        "and her face was blotched.",
        id="eyes-red-with-weeping",
    ),
    pytest.param(
        IVY + BREAK + "Ivy Marsh stood on the ice. Ivy's eyes were blue with cold and "
        "her lips were blue too.",
        id="blue-with-cold",
    ),
    pytest.param(
        IVY + BREAK + "Ivy Marsh looked up. Her eyes darkened, and Ivy's eyes went black "
        "with fury.",
        id="eyes-darkened-and-went-black",
    ),
    pytest.param(
        IVY + BREAK + "Ivy Marsh smiled. Ivy's eyes were dark and warm in the lamplight.",
        id="dark-and-brown-are-compatible",
    ),
    pytest.param(
        "Ivy Marsh had blue-grey eyes. Ivy Marsh rarely wore colour." + BREAK + "Ivy Marsh "
        "smiled. Ivy's grey eyes were calm.",
        id="blue-grey-then-grey",
    ),
    pytest.param(
        IVY + BREAK + "If Ivy Marsh had blue eyes, she would have been a beauty, her mother "
        "always said.",
        id="hypothetical-eyes",
    ),
    pytest.param(
        IVY + BREAK + "Ivy Marsh wished that she had blue eyes like her sister.",
        id="wished-for-eyes",
    ),
    pytest.param(
        "Ivy Marsh had blue eyes. Ivy Marsh laughed at the dog." + BREAK + "Rose Marsh, "
        "her sister, came in from the garden. Rose Marsh had brown eyes.",
        id="two-sisters-two-colours",
    ),
    pytest.param(
        "Clara Bell had red hair and a temper to match." + BREAK + "That spring, "
        "Clara Bell dyed her hair black, and nobody on the boat knew her." + BREAK + "Clara "
        "Bell walked home along the river. The wind pulled at Clara's black hair.",
        id="hair-dyed-in-between",
    ),
    pytest.param(
        "Edward Lane had black hair and combed it in the mirror." + BREAK + "Years went by. "
        "Edward Lane sat by the window, Edward Lane's grey hair thin on his scalp.",
        id="hair-greys-with-age",
    ),
    pytest.param(
        "Clara Bell had red hair and a temper to match." + BREAK + "Clara Bell "
        "stood in the sun. Clara's hair was gold in the sunlight.",
        id="hair-gold-in-the-sunlight",
    ),
    pytest.param(
        "Clara Bell had red hair and a temper to match." + BREAK + "Clara Bell "
        "came in from the storm. Clara's hair was black with rain and stuck to her face.",
        id="hair-black-with-rain",
    ),
    pytest.param(
        DEREK + BREAK + "Derek Hale came back from the war with a new scar on his chin. "
        "Derek Hale did not talk about it.",
        id="a-new-scar-elsewhere",
    ),
    pytest.param(
        DEREK + BREAK + "Derek Hale sat across from her. Derek touched the scar on his "
        "cheek, as he always did when he lied.",
        id="scar-on-the-cheek-same-place",
    ),
    pytest.param(
        "Tom Reilly lay on the cot. The wound in his shoulder had been dressed twice that "
        "day." + BREAK + "At Ypres Tom Reilly was shot in the leg. The wound in his leg "
        "throbbed with every step.",
        id="second-wound-narrated",
    ),
    pytest.param(
        "Tom Reilly lay on the cot. The wound in his shoulder had been dressed twice that "
        "day." + BREAK + "Tom Reilly lifted his arm. The wound in his arm had begun to heal.",
        id="shoulder-and-arm-are-adjacent",
    ),
    pytest.param(
        "Tom Webb was a short boy, the smallest in the village school." + BREAK + "Twenty "
        "years later Tom Webb came home from the sea. Tom Webb was tall now, and broad.",
        id="child-grows-up",
    ),
    pytest.param(
        "Derek Hale grew up in Leeds, in a terraced house by the canal." + BREAK + "Derek "
        "Hale had grown up in England, and he missed the rain.",
        id="town-and-country",
    ),
    pytest.param(
        "Ivy Marsh, a nurse at the county hospital, came off her shift at six."
        + BREAK
        + "Years later Ivy Marsh was a teacher, and she loved it.",
        id="career-change",
    ),
    pytest.param(
        "Lieutenant Robert Hale saluted the colonel." + BREAK + "After the battle Captain "
        "Robert Hale was given a company of his own.",
        id="promotion",
    ),
    pytest.param(
        "Robert Hale was a captain in the Guards, and Robert Hale never let anyone forget it."
        + BREAK
        + "After the court-martial Robert Hale was demoted. Robert Hale, a lieutenant again, "
        "waited outside the colonel's tent.",
        id="demotion-narrated",
    ),
    pytest.param(
        "Jack Dunn had a tattoo of an anchor on his left forearm." + BREAK + "In Hong Kong "
        "Jack Dunn got a new tattoo on his neck, a dragon, and showed it to everyone.",
        id="a-new-tattoo",
    ),
    pytest.param(
        '"I was shot in the shoulder at Maiwand," said Derek Hale, and Derek Hale laughed.'
        + BREAK
        + "I sat by the fire nursing my wounded leg while Derek Hale talked.",
        id="first-person-in-dialogue-is-not-the-narrator",
    ),
    pytest.param(
        "It struck me that the house was too quiet. I was hurt by his silence."
        + BREAK
        + "I sat by the fire nursing my wounded leg.",
        id="figurative-struck-and-hurt",
    ),
    pytest.param(
        "Henry Crane pushed his spectacles up his nose and frowned at the page."
        + BREAK
        + "Henry Crane took the glasses of wine from the tray and handed one to his wife.",
        id="drinking-glasses",
    ),
]


def test_two_pronoun_descriptions_stay_below_the_default_report(nlp):
    """ "her red hair" ... "her black hair": a misresolved "her" is likelier than the slip."""
    text = (
        "Clara Bell was pinning up her red hair when the bell rang." + BREAK + "Clara Bell "
        "walked home along the river. The wind pulled at her black hair and she let it."
    )
    found = findings(text, nlp, "CHR003")
    assert [f.rule for f in found] == ["CHR003"]
    assert 0.3 < found[0].confidence < 0.5


# False alarms once found on published novels (public domain, shortened): each names whose
# description it really is.
NOVELS = [
    pytest.param(
        "Paul Morel had blue eyes, like his mother." + BREAK + "Paul Morel threw the ball. "
        "Bill got up, panting with happiness, his brown eyes rolling in his white face, and "
        "lumbered after it.",
        id="sons-and-lovers-the-dog-bill",  # D. H. Lawrence, 1913
    ),
    pytest.param(
        "Nicholas Rostov had light-blue eyes, and Nicholas Rostov blushed easily."
        + BREAK
        + '"Not on any account!" exclaimed Nicholas Rostov.\n\nDenisov remained silent and '
        "did not move, but occasionally looked with his glittering black eyes at Rostov.",
        id="war-and-peace-denisovs-eyes",  # Tolstoy, tr. Maude
    ),
    pytest.param(
        "Leonora Ashburnham was tall, clean-run, golden-haired." + BREAK + "Leonora went "
        "to Maisie's rooms. Maisie had died in the effort to strap up a great portmanteau. "
        "The key was in her hand. Her dark hair, like the hair of a Japanese, had come down "
        "and covered her body and her face.",
        id="good-soldier-maisies-hair",  # Ford Madox Ford, 1915
    ),
    pytest.param(
        "I was surgeon to the Swallow, Captain Abraham Pannel, commander; with whom I "
        "continued three years. Captain Abraham Pannel was a good master.",
        id="gulliver-captain-and-commander",  # Swift, 1726
    ),
    pytest.param(
        "I looked: I saw a woman attired like a well-dressed servant, matronly, yet still "
        "young; very good-looking, with black hair and eyes, and lively complexion."
        + BREAK
        + "I would have liked to give to my changeable green eyes the sea-blue tint of his.",
        id="jane-eyre-bessies-eyes",  # Charlotte Bronte, 1847
    ),
    pytest.param(
        "Nicholas Bulstrode looked up with his light-grey eyes." + BREAK + "Raffles took his "
        "portmanteau and mounted the coach, relieving Nicholas Bulstrode's eyes of an ugly "
        "black spot on the landscape.",
        id="middlemarch-a-black-spot",  # George Eliot, 1871
    ),
]


@pytest.mark.parametrize("text", NOVELS)
def test_novel_false_alarms_stay_quiet(nlp, text):
    found = reported(findings(text, nlp))
    assert found == [], [f.message for f in found]


@pytest.mark.parametrize("text", QUIET)
def test_rule_quiet(nlp, text):
    found = reported(findings(text, nlp))
    assert found == [], [f.message for f in found]
