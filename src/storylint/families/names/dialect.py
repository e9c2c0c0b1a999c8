"""Is a name spelled differently on purpose, in the speaker's voice or another language?

A misspelled name in dialogue is still the author's slip, except where the speech is written
in dialect: dialect words ("ain't", "'em", "waitin'"), a rustic ending ("Ezry" for Ezra), or
an accent that changes other words of the same speech the same way ("Merrylegth" beside
"thquire" - a lisp - or "Bloonderstone" beside "Sooffolk"). The accent check compares with
the narration: "thquire" is never narrated, "squire" is. A name in a passage of another
language ("traição de Gagoal") is not ours to judge either.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storylint.families.names.distance import difference
from storylint.pipeline.layers import QUOTES

if TYPE_CHECKING:
    from storylint.families.names.settings import SpellingSettings
    from storylint.model import StoryModel
    from storylint.nlp.quotes import QuoteIndex
    from storylint.people.name_mentions import NameCensus, NameOccurrence

DIALECT_TOKEN = re.compile(r"'[a-z]+|[a-z]+(?:'[a-z]+)*'?")


class DialectCheck:
    """The dialect and foreign-language checks of one story (narration words looked up lazily)."""

    def __init__(
        self,
        model: StoryModel,
        census: NameCensus,
        config: SpellingSettings,
        names: frozenset[str] | set[str] | dict,
    ) -> None:
        self.model = model
        self.census = census
        self.config = config
        self.names = names  # the story's name words ("Suffolk"): narrated, though capitalised
        self._narrated: dict[str, bool] = {}

    def in_dialect(self, occurrences: list[NameOccurrence], rare: str, common: str) -> bool:
        """A name in a speech written in dialect is the speaker's accent, not a slip: the
        speech has dialect words ("ain't", "'em"), or another word changed the same way
        ("Merrylegth" beside "thquire": an s lisped as th)."""
        quotes = self.model.get(QUOTES)
        markers = self.config.dialect_markers
        changed, to, _ = difference(rare.lower(), common.lower())
        for usual, spoken in self.config.dialect_endings:
            # "Ezry Stowbody" for Ezra: a rustic ending, written out in speech.
            if common.endswith(usual) and rare == common[: len(common) - len(usual)] + spoken:
                return True
        for o in occurrences:
            parsed = self.model.parsed[o.parsed_index]
            quote = quotes.quote_at(o.parsed_index, o.token_start) if quotes else None
            if quote is not None:
                text = parsed.paragraph.source.text[quote.start : quote.end]
            else:
                text = parsed.paragraph.text
            words = DIALECT_TOKEN.findall(text.lower().replace("\u2019", "'"))
            hits = sum(1 for token in words if self.dialect_word(token, markers))
            if hits >= self.config.dialect_markers_min:
                return True
            if self.accent_shape(changed, to) and self.same_change(
                words, changed, to, rare.lower()
            ):
                return True
        return False

    def accent_shape(self, changed: str, to: str) -> bool:
        """Can this change be an accent the speech writes out elsewhere? Not one vowel for
        another ("Marlew" for Marlow): English makes words of words that way by chance
        ("read"/"road", "ten"/"ton"), so another such word in the speech proves nothing. A
        consonant ("thquire": th for s) or a longer change ("Sooffolk": oo for u) can."""
        if not changed:
            return False
        vowels = self.config.vowels
        return not (len(changed) == 1 and len(to) == 1 and changed in vowels and to in vowels)

    def dialect_word(self, token: str, markers: frozenset[str]) -> bool:
        return token in markers or any(p.match(token) for p in self.config.dialect_patterns)

    def same_change(self, words: list[str], changed: str, to: str, name: str) -> bool:
        """Is there another word in the speech that the narration never writes, and that
        undoing the name's change turns into a word it does write ("thquire" -> "squire")?"""
        for word in set(words):
            if word == name or changed not in word:
                continue
            start = word.find(changed)
            while start != -1:
                undone = word[:start] + to + word[start + len(changed) :]
                if self.narrates(undone) and not self.narrates(word):
                    return True
                start = word.find(changed, start + 1)
        return False

    def narrates(self, word: str) -> bool:
        """Does the narration (outside quotations) write this lower-case word? Looked up
        only for the few words an accent check asks about."""
        known = self._narrated.get(word)
        if known is not None:
            return known
        known = False
        # A word the story writes in lower case, or a name ("Sooffolk" is the guard's Suffolk).
        if word in self.census.lowercase or word.capitalize() in self.names:
            quotes = self.model.get(QUOTES)
            for parsed_index, parsed in enumerate(self.model.parsed):
                text = parsed.paragraph.text.lower()
                at = text.find(word)
                while at != -1 and not known:
                    end = at + len(word)
                    whole = (at == 0 or not text[at - 1].isalpha()) and (
                        end == len(text) or not text[end].isalpha()
                    )
                    if whole and not _inside_quote(quotes, parsed_index, parsed.offset + at):
                        known = True
                    at = text.find(word, end)
                if known:
                    break
        self._narrated[word] = known
        return known

    def foreign(self, occurrence: NameOccurrence) -> bool:
        """Is the name in a paragraph of another language (few English function words)?"""
        doc = self.model.parsed[occurrence.parsed_index].doc
        # The words around the name (a paragraph may be a whole chapter long).
        window = doc[max(0, occurrence.token_start - 30) : occurrence.token_end + 30]
        words = [t for t in window if t.is_alpha]
        if len(words) < 8:
            return False
        english = sum(1 for t in words if t.is_stop)
        return english < self.config.english_min_share * len(words)


def _inside_quote(quotes: QuoteIndex | None, parsed_index: int, offset: int) -> bool:
    if quotes is None:
        return False
    return any(q.start <= offset < q.end for q in quotes.in_paragraph(parsed_index))
