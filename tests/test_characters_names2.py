"""The character model, round two: nicknames, fathers and sons, wives, institutions.

Each passage is written in the manner of the novels the rule was found in (Melville's
"Bartleby", Austen's "Mansfield Park", Wells's "The Invisible Man", Lewis's "Main
Street", Fielding's "Tom Jones", Hardy's "Far from the Madding Crowd", James's "Daisy
Miller"), with names changed or kept where they are ordinary English names.
"""

from __future__ import annotations

from tests.test_characters import characters_of, holder


def test_a_nickname_that_is_a_common_noun_is_a_person_when_it_acts(nlp):
    text = (
        "I had two copyists in my employment. First, Turkey; second, Nippers.\n\n"
        "Nippers, the second on my list, was a whiskered young man. As Nippers once "
        "observed, the table never suited him. In short, Nippers knew not what he "
        "wanted. Though of an ingenious turn, Nippers could never get his table right.\n\n"
        "Turkey was a short, pursy Englishman. Turkey blotted his copies in the afternoon. "
        "Turkey spilled his ink and mended his pens with impatience."
    )
    _, characters = characters_of(text, nlp)
    assert holder(characters, "Nippers") is not None
    assert holder(characters, "Turkey") is not None


def test_a_full_name_that_introduces_a_man_is_not_a_second_man(nlp):
    text = (
        "You must picture Mr. Thomas Marvel as a person of copious, flexible visage. "
        "Mr. Thomas Marvel was sitting with his feet in a ditch. Mr. Thomas Marvel "
        "stared at his boots.\n\n"
        + " ".join(
            f'"{line}" said Mr. Marvel.'
            for line in (
                "Am I drunk?",
                "Have I had visions?",
                "Ow!",
                "Who's there?",
                "I'm off!",
                "Don't!",
                "Leave me be.",
                "Not the boots.",
                "What is it?",
                "Where are you?",
            )
        )
    )
    _, characters = characters_of(text, nlp)
    marvel = holder(characters, "Mr. Marvel")
    assert marvel is not None and "Mr. Thomas Marvel" in marvel.aliases


FATHER_AND_SON = "\n\n".join(
    [
        "Sir Thomas Bertram returned from Antigua in the autumn. Tom Bertram was the elder son.",
    ]
    + [
        f"Sir Thomas looked at the {room} in silence. Tom laughed and went out to the "
        f"stables. Sir Thomas sent for Mr. Bertram later, and Tom came in whistling."
        for room in (
            "theatre",
            "library",
            "billiard-room",
            "drawing-room",
            "breakfast-room",
            "hall",
            "study",
            "gallery",
            "terrace",
            "parlour",
            "shrubbery",
            "stairs",
            "park",
            "chapel",
            "stable-yard",
            "garden",
            "east room",
            "dining-room",
            "avenue",
            "lodge",
            "wilderness",
        )
    ]
)


def test_a_father_and_son_of_one_given_name_stay_two_people(nlp):
    _, characters = characters_of(FATHER_AND_SON, nlp)
    father = holder(characters, "Sir Thomas")
    son = holder(characters, "Tom")
    assert father is not None and son is not None
    assert father is not son
    assert "Sir Thomas Bertram" in father.aliases
    assert "Tom Bertram" in son.aliases


def test_lady_and_surname_is_the_wife_not_the_daughter(nlp):
    text = (
        "Sir Thomas Bertram had two daughters, Maria Bertram and Julia Bertram.\n\n"
        "Lady Bertram sat on the sofa with her pug. Lady Bertram did not stir. "
        "Lady Bertram thought the evening very long.\n\n"
        "Miss Bertram played the harp. Miss Bertram was admired by everyone, and "
        "Miss Bertram knew it."
    )
    _, characters = characters_of(text, nlp)
    lady = holder(characters, "Lady Bertram")
    assert lady is not None
    assert "Miss Bertram" not in lady.aliases


def test_a_name_only_said_as_an_endearment_is_no_character_of_its_own(nlp):
    text = (
        "Winterbourne called on his aunt at the hotel. Mrs. Costello received him in "
        "her room.\n\n"
        "\"I can't, my dear Frederick. I would if I could, but I can't,\" she said.\n\n"
        '"Then, my dear Frederick," said Mrs. Costello, "I must decline the honour."\n\n'
        "Winterbourne bowed and went away."
    )
    _, characters = characters_of(text, nlp)
    assert holder(characters, "Frederick") is None
    assert holder(characters, "Winterbourne") is not None


def test_a_college_is_not_a_person(nlp):
    text = (
        "Carol Milford was fleeing for an hour from Blodgett College. Blodgett College "
        "is on the edge of Minneapolis. Blodgett protects its students from the "
        "wickedness of the university.\n\n"
        "Carol spent four years at Blodgett. Carol ran down the hill and Carol "
        "laughed at the river."
    )
    _, characters = characters_of(text, nlp)
    assert holder(characters, "Blodgett") is None
    carol = holder(characters, "Carol")
    assert carol is not None and "Carol Milford" in carol.aliases


def test_a_bare_surname_is_not_the_lady_of_the_family(nlp):
    text = (
        "There lived a gentleman whose name was Allworthy. Mr Allworthy had a large "
        "fortune. Allworthy was the favourite of both nature and fortune.\n\n"
        "Miss Bridget Allworthy, his sister, kept his house. Miss Bridget Allworthy "
        "was of that species of women whom you commend rather for good qualities than "
        "beauty."
    )
    _, characters = characters_of(text, nlp)
    squire = holder(characters, "Mr Allworthy")
    sister = holder(characters, "Miss Bridget Allworthy")
    assert squire is not None and sister is not None and squire is not sister
    assert "Allworthy" not in sister.aliases


def test_an_occupational_title_and_surname_join_the_full_name(nlp):
    text = (
        "When Farmer Oak smiled, the corners of his mouth spread till they were within "
        "an unimportant distance of his ears.\n\n"
        "Gabriel Oak walked unassumingly over the hill. Oak carried about him a huge "
        "silver watch. Oak looked over the hedge and Oak saw the waggon coming down. "
        "The old oak tree by the gate was dying."
    )
    _, characters = characters_of(text, nlp)
    oak = holder(characters, "Gabriel Oak")
    assert oak is not None
    assert {"Farmer Oak", "Oak"} <= oak.aliases


def test_a_gender_neutral_title_joins_the_only_man_of_that_name(nlp):
    text = (
        "Mr. Gabriel Syme was a poet. Mr. Syme sat at the table with the others.\n\n"
        '"I move, as an amendment, that Comrade Syme be appointed," said the chairman. '
        '"I beg to second the election of Comrade Syme," said another.'
    )
    _, characters = characters_of(text, nlp)
    syme = holder(characters, "Mr. Syme")
    assert syme is not None and "Comrade Syme" in syme.aliases


def test_a_name_introduced_as_someone_is_a_person_and_a_place_so_named_is_not(nlp):
    # In the manner of Irving's "The Legend of Sleepy Hollow".
    text = (
        "Not far from the river there lies a small market port, which is more generally "
        "known by the name of Tarry Town.\n\n"
        "In this by-place of nature there abode a worthy wight of the name of Ichabod "
        "Crane, who sojourned in the valley for the purpose of instructing the children. "
        "He was tall, but exceedingly lank, with narrow shoulders."
    )
    _, characters = characters_of(text, nlp)
    assert holder(characters, "Ichabod Crane") is not None
    assert holder(characters, "Tarry Town") is None


def test_a_weekday_or_a_dated_month_is_not_part_of_the_name_after_it(nlp):
    text = (
        "On Sunday Martha went to church with her brother. Martha sang loudly.\n\n"
        "In April Tom Hale came home. Tom Hale was tired, and Martha laughed at him.\n\n"
        "June Carter wrote to Martha. Martha and Tom walked to the river with June Carter."
    )
    _, characters = characters_of(text, nlp)
    names = {c.name for c in characters}
    assert {"Martha", "Tom Hale", "June Carter"} <= names
    assert not any(name.startswith(("Sunday", "April")) for name in names)
