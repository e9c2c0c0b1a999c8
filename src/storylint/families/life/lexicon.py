"""The life-and-death lexicon (data/life.yaml, lexicon `life`), loaded once.

Everything the life stage knows about words - which verbs tell a death, which
idioms are not one, which verbs count as acting, which words mark a dream or a
ghost - is data, so a writer can extend it without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storylint import lexicons
from storylint.nlp.grammar import regular_forms


@dataclass(frozen=True)
class LifeLexicon:
    death_verbs: frozenset[str]
    death_phrasal: dict[str, frozenset[str]]
    death_verb_objects: dict[str, frozenset[str]]
    killing_verbs: frozenset[str]
    burial_verbs: frozenset[str]
    burial_places: frozenset[str]
    dead_words: frozenset[str]
    dead_verbs: frozenset[str]
    dead_firm_adverbs: frozenset[str]
    death_nouns: frozenset[str]
    death_nouns_need_time: frozenset[str]
    death_time_preps: frozenset[str]
    late_adjectives: frozenset[str]
    death_nouns_not_after: dict[str, frozenset[str]]
    body_nouns: frozenset[str]
    body_verbs: frozenset[str]
    wound_verbs: frozenset[str]
    mortal_adverbs: frozenset[str]
    wound_nouns: frozenset[str]
    mortal_adjectives: frozenset[str]
    wound_receiving_verbs: frozenset[str]
    survival_verbs: frozenset[str]
    not_live_adverbs: frozenset[str]
    near_adverbs: frozenset[str]
    figurative_causes: frozenset[str]
    non_death_particles: frozenset[str]
    revival_re: re.Pattern
    frame_re: re.Pattern
    hearsay_words: frozenset[str]
    acting_verbs: frozenset[str]
    acting_verbs_with: dict[str, frozenset[str]]
    past_adverbs: frozenset[str]
    unreal_words: frozenset[str]
    unreal_nouns: frozenset[str]
    unreal_reach: int
    unreal_nouns_reach: int
    flashback_re: re.Pattern
    max_acts_after_death: int
    max_scenes_after_death: int
    retold_reach: int
    kin_titles: frozenset[str]
    triggers: frozenset[str]
    # verbs that are no act even with one's own thing as object ("had her doubts", "lost his
    # wife", "left his fortune")
    not_acting_verbs: frozenset[str] = frozenset()
    # unreal words that frame only their own paragraph (a funeral, a coffin)
    unreal_own_words: frozenset[str] = frozenset()
    # unreal words of any part of speech that frame only from the act's own sentence or the
    # `unreal_nouns_sentences` before it ("wrote", "heaven": a prayer to heaven or a letter
    # written a page ago is no frame for the next act)
    unreal_near_words: frozenset[str] = frozenset()
    # a doubtful death told by name as an event: reported this much less sure (1.0: never)
    doubtful_confidence_drop: float = 1.0
    # "never woke up", "never woke again": a death told by the waking that never came
    never_waking: dict[str, frozenset[str]] = field(default_factory=dict)
    never_waking_from: frozenset[str] = frozenset()
    # "found him dead in his bed the next morning": where and when, not an idiom
    dead_place_preps: frozenset[str] = frozenset()
    dead_not_places: frozenset[str] = frozenset()
    dead_time_nouns: frozenset[str] = frozenset()
    # a death told by a pronoun the narration names just before counts as told by name
    death_pronoun_anchor: bool = True
    # how many sentences before an act, in its paragraph, a document or spirit noun frames
    # it (-1: the whole paragraph, as until issue 13)
    unreal_nouns_sentences: int = 1
    # "did not survive the night": periods read as adverbial nouns (issue 13, fourth pass)
    survived_periods: frozenset[str] = frozenset()
    # "succumbed to his wounds", "was lost at sea": a verb that tells a death only with one of
    # these nouns in a prepositional phrase (sixth pass)
    death_verb_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    # "the household mourned Tom", "mourned for Tom": the one mourned has died (sixth pass)
    mourning_verbs: frozenset[str] = frozenset()
    # "the news of Tom's death": a death noun these nouns carry is told, as news (sixth pass)
    news_nouns: frozenset[str] = frozenset()
    # "Tom was at the door", "on the stairs": being in the scene is acting in it (sixth pass)
    presence_places: dict[str, frozenset[str]] = field(default_factory=dict)
    # '"More bread?" asked Tom', the name parsed as the object: a speech tag (sixth pass)
    speech_tag_verbs: frozenset[str] = frozenset()


def _triggers(lex: dict[str, frozenset[str]], irregular: dict[str, list[str]]) -> frozenset[str]:
    """Every written form worth a closer look: lemmas, regular inflections, irregular forms."""
    lemmas = set().union(*lex.values())
    forms = regular_forms(lemmas)
    for lemma in lemmas:
        forms.update(irregular.get(lemma, ()))
    return frozenset(forms)


@lexicons.cache
def load_lexicon() -> LifeLexicon:
    raw = lexicons.load_lexicon_data("life")

    def words(key: str) -> frozenset[str]:
        return lexicons.word_set(raw.get(key))

    def table(key: str) -> dict[str, frozenset[str]]:
        return {k: frozenset(v) for k, v in (raw.get(key) or {}).items()}

    trigger_lists = {
        key: words(key)
        for key in (
            "death_verbs",
            "killing_verbs",
            "burial_verbs",
            "dead_words",
            "death_nouns",
            "late_adjectives",
            "body_nouns",
            "wound_verbs",
            "wound_nouns",
            "survival_verbs",
            "mourning_verbs",
        )
    }
    trigger_lists["waking"] = frozenset(raw.get("never_waking") or ())
    trigger_lists["phrasal"] = frozenset(raw.get("death_phrasal") or ())
    trigger_lists["objects"] = frozenset(raw.get("death_verb_objects") or ())
    trigger_lists["preps"] = frozenset(raw.get("death_verb_preps") or ())
    triggers = _triggers(trigger_lists, raw.get("irregular_forms") or {})
    return LifeLexicon(
        death_verbs=words("death_verbs"),
        death_phrasal=table("death_phrasal"),
        death_verb_objects=table("death_verb_objects"),
        killing_verbs=words("killing_verbs"),
        burial_verbs=words("burial_verbs"),
        burial_places=words("burial_places"),
        dead_words=words("dead_words"),
        dead_verbs=words("dead_verbs"),
        dead_firm_adverbs=words("dead_firm_adverbs"),
        death_nouns=words("death_nouns"),
        death_nouns_need_time=words("death_nouns_need_time"),
        death_time_preps=words("death_time_preps"),
        late_adjectives=words("late_adjectives"),
        death_nouns_not_after=table("death_nouns_not_after"),
        body_nouns=words("body_nouns"),
        body_verbs=words("body_verbs"),
        wound_verbs=words("wound_verbs"),
        mortal_adverbs=words("mortal_adverbs"),
        wound_nouns=words("wound_nouns"),
        mortal_adjectives=words("mortal_adjectives"),
        wound_receiving_verbs=words("wound_receiving_verbs"),
        survival_verbs=words("survival_verbs"),
        not_live_adverbs=words("not_live_adverbs"),
        near_adverbs=words("near_adverbs"),
        figurative_causes=words("figurative_causes"),
        non_death_particles=words("non_death_particles"),
        revival_re=re.compile("|".join(f"(?:{p})" for p in raw["revival_patterns"])),
        frame_re=re.compile("|".join(f"(?:{p})" for p in raw["frame_patterns"])),
        hearsay_words=words("hearsay_words"),
        acting_verbs=words("acting_verbs"),
        acting_verbs_with=table("acting_verbs_with"),
        past_adverbs=words("past_adverbs"),
        unreal_words=words("unreal_words"),
        unreal_nouns=words("unreal_nouns"),
        unreal_reach=int(raw.get("unreal_reach", 1)),
        unreal_nouns_reach=int(raw.get("unreal_nouns_reach", 0)),
        flashback_re=re.compile("|".join(f"(?:{p})" for p in raw["flashback_patterns"])),
        max_acts_after_death=int(raw.get("max_acts_after_death", 2)),
        max_scenes_after_death=int(raw.get("max_scenes_after_death", 1)),
        retold_reach=int(raw.get("retold_reach", 10)),
        kin_titles=words("kin_titles"),
        triggers=triggers,
        not_acting_verbs=words("not_acting_verbs"),
        unreal_own_words=words("unreal_own_words"),
        unreal_near_words=words("unreal_near_words"),
        doubtful_confidence_drop=float(raw.get("doubtful_confidence_drop", 1.0)),
        never_waking=table("never_waking"),
        never_waking_from=words("never_waking_from"),
        dead_place_preps=words("dead_place_preps"),
        dead_not_places=words("dead_not_places"),
        dead_time_nouns=words("dead_time_nouns"),
        death_pronoun_anchor=bool(raw.get("death_pronoun_anchor", True)),
        unreal_nouns_sentences=int(raw.get("unreal_nouns_sentences", 1)),
        survived_periods=words("survived_periods"),
        death_verb_preps=table("death_verb_preps"),
        mourning_verbs=words("mourning_verbs"),
        news_nouns=words("news_nouns"),
        presence_places=table("presence_places"),
        speech_tag_verbs=words("speech_tag_verbs"),
    )
