"""Compiled patterns for headings, scene breaks, bullets and note markers.

The words come from data/markers.yaml (lexicon `markers`) so a writer's conventions can
be added without touching code; this module only turns them into regexes once.
"""

from __future__ import annotations

import re

from storylint import lexicons
from storylint.manuscript import Role

_ROMAN = r"(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_ANY_CASE = r"(?=[ivxlcdmIVXLCDM])(?:[ivxlcdmIVXLCDM]+)"
# Characters that make up a scene-break line: "* * *", "#", "~", "-----", "§", "⁂", "•••".
_BREAK_CHARS = "*#~-_=+•·∙◦§⁂※❖◆◇○●✦✧★☆♦♥♠♣❦❧⁓–—<>:/\\|^°¤%"
_QUOTES = "\"'“”‘’«»„"


def _data() -> dict:
    return lexicons.load_lexicon_data("markers")


def _alternation(items: list[str]) -> str:
    return "(?:" + "|".join(items) + ")"


@lexicons.cache
def _number_pattern() -> str:
    words = _data()["number_words"]
    unit = _alternation(words["units"])
    simple = _alternation(words["teens"] + words["tens"] + words["units"])
    compound = rf"{_alternation(words['tens'])}[\s-]+{unit}"
    big = _alternation(words["big"])
    hundred = rf"{unit}[\s-]+{big}(?:(?:[\s-]+and)?[\s-]+(?:{compound}|{simple}))?"
    return rf"(?:\d{{1,4}}|{_ROMAN_ANY_CASE}|{hundred}|{compound}|{simple})"


class Patterns:
    """All ingest regexes, built once."""

    def __init__(self) -> None:
        data = _data()
        number = _number_pattern()
        chapter_kw = _alternation(data["heading_keywords"]["chapter"])
        part_kw = _alternation(data["heading_keywords"]["part"])
        # Title after the number: after a separator anything short; after a bare
        # space only something that starts with a capital and is not a sentence.
        title = (
            r"(?:\s*[:.\-–—]\s*(?P<title>.{0,120}?)"
            r"|\s+(?P<bare>(?-i:[A-Z\"“'‘]).{0,120}?(?<![.!?,;:])))?"
        )
        self.chapter_heading = re.compile(
            rf"^(?P<kw>{chapter_kw})\s*(?P<num>{number})\b\.?{title}\s*$", re.IGNORECASE
        )
        self.part_heading = re.compile(
            rf"^(?P<kw>{part_kw})\s+(?P<num>{number})\b\.?{title}\s*$", re.IGNORECASE
        )
        standalone = _alternation(data["standalone_headings"])
        self.standalone_heading = re.compile(
            rf"^(?P<kw>{standalone})\b(?:\s*[:.\-–—]\s*(?P<title>.{{0,120}}?))?\s*$", re.IGNORECASE
        )
        # "12", "12.", "XII", "XII." alone on a line (uppercase roman numerals only).
        self.bare_number = re.compile(rf"^(?:\d{{1,3}}|{_ROMAN})\.?$")
        self.atx_heading = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.*?)[ \t]*#*[ \t]*$")
        self.setext_underline = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
        self.break_line = re.compile(
            "^[" + re.escape(_BREAK_CHARS) + r"\s]+$"
            r"|^(?:[oOxX0]{3,}|x-x|o-o)(?:\s*(?:[oOxX0]{3,}|x-x|o-o))*$"
        )
        self.bullet = re.compile(r"^[ \t]*(?:[-*•+–—]|\d{1,2}[.)])[ \t]+\S")
        self.strong_note = re.compile(_alternation(data["strong_note_markers"]), re.IGNORECASE)
        self.leading: list[tuple[Role, re.Pattern[str]]] = [
            (Role(role), re.compile(_alternation(items), re.IGNORECASE))
            for role, items in data["leading_markers"].items()
        ]
        self.trailing = re.compile(_alternation(data["trailing_markers"]), re.IGNORECASE)
        self.note_words = re.compile(
            r"\b" + _alternation(data["leading_note_words"]) + r"\b", re.IGNORECASE
        )
        self.dedication = re.compile(_alternation(data["dedication_openers"]), re.IGNORECASE)
        self.strong_dedication = re.compile(
            _alternation(data["strong_dedication_openers"]), re.IGNORECASE
        )
        self.attribution = re.compile(r"^[ \t]*(?:—|–|--|-|~)[ \t]*[A-Z\"“'‘(][^\n]{0,80}$")
        self.quotes = _QUOTES
        self.matter_title = re.compile(
            r"^\s*" + _alternation(data["matter_titles"]) + r"\s*$", re.IGNORECASE
        )
        self.ao3_labels: list[tuple[Role, re.Pattern[str]]] = [
            (Role(role), re.compile(r"^\s*" + _alternation(items) + r"\s*:?\s*$", re.IGNORECASE))
            for role, items in data["ao3_labels"].items()
        ]

    def is_break_line(self, line: str) -> bool:
        """A line that is only scene-break glyphs (not dots, not a quote like '...')."""
        stripped = line.strip()
        if not stripped or len(stripped) > 40:
            return False
        if any(ch in _QUOTES for ch in stripped):
            return False
        return bool(self.break_line.match(stripped))

    def ao3_label_role(self, text: str) -> Role | None:
        for role, pattern in self.ao3_labels:
            if pattern.match(text):
                return role
        return None

    def leading_role(self, text: str) -> Role | None:
        if self.strong_note.match(text):
            return Role.NOTE
        for role, pattern in self.leading:
            if pattern.match(text):
                return role
        return None


@lexicons.cache
def patterns() -> Patterns:
    return Patterns()
