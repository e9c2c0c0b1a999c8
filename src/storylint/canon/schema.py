"""What a story bible may say: attribute and relationship keys, and what their values must be.

The lists live in `data/bible_schema.yaml` (lexicon `bible_schema`) so that a writer or
translator can add a colour word or a synonym without touching code (`[lexicons]` in
storylint.toml). `check_attribute` turns one written value into the
normalised values the facts compare, or says in a few words what was expected.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storylint import lexicons

DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_FILE = lexicons.lexicon("bible_schema").path
DATE = re.compile(r"^(?:(\d{4})-)?(\d{1,2})-(\d{1,2})$")
MAX_AGE = 150


@dataclass(frozen=True)
class Schema:
    attributes: dict[str, dict[str, Any]]
    attribute_synonyms: dict[str, str]
    relationships: tuple[str, ...]
    relationship_synonyms: dict[str, str]
    colours: frozenset[str]
    informational: frozenset[str]
    carried_in_series: frozenset[str]


@lexicons.cache
def schema() -> Schema:
    raw = lexicons.load_lexicon_data("bible_schema")
    return Schema(
        attributes=raw["attributes"],
        attribute_synonyms=raw["attribute_synonyms"],
        relationships=tuple(raw["relationships"]),
        relationship_synonyms=raw["relationship_synonyms"],
        colours=frozenset(raw["colours"]) | _facts_colours(),
        informational=frozenset(raw["informational"]),
        carried_in_series=frozenset(raw["carried_in_series"]),
    )


def _facts_colours() -> frozenset[str]:
    """Every word of the attributes lexicon's `*_colours` families: any colour the text
    extractors (storylint.families.characters) read, a bible may say."""
    raw = lexicons.load_lexicon_data("attributes") or {}
    words: set[str] = set()
    for key, families in raw.items():
        if key.endswith("_colours") and isinstance(families, dict):
            for members in families.values():
                words.update(str(word).lower() for word in members or ())
    return frozenset(words)


class ValueProblem(ValueError):
    """A value of the wrong kind; `str()` says what was expected."""


def describe(value: Any) -> str:
    """How an error names what the writer wrote: "a list", "true", "'pretty'"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, int | float):
        return f"a number ({value})"
    return repr(str(value))


def check_attribute(key: str, value: Any, raw: str | None) -> list[tuple[str, str]]:
    """(normalised value, as written) for each fact an attribute gives; raises ValueProblem.

    `raw` is the scalar exactly as written in the file (a date stays "1990-05-12")."""
    spec = schema().attributes[key]
    kind = spec["kind"]
    if kind == "list":
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise ValueProblem(
                    f"expected where it is (text such as 'left cheek'), got {describe(item)}"
                )
            out.append((_norm(item), item.strip()))
        return out
    if isinstance(value, list | dict) or value is None:
        raise ValueProblem(f"expected {_expected(kind, spec)}, got {describe(value)}")
    if kind == "colour":
        text = value if isinstance(value, str) else ""
        if not _has_colour(text):
            raise ValueProblem(
                f"expected a colour word (brown, blue, hazel...), got {describe(value)}"
            )
        return [(_norm(text), text.strip())]
    if kind == "text":
        if isinstance(value, bool) or not str(value).strip():
            raise ValueProblem(f"expected text, got {describe(value)}")
        text = raw if raw is not None else str(value)
        return [(_norm(text), text.strip())]
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueProblem(f"expected yes or no, got {describe(value)}")
        word = "yes" if value else "no"
        return [(word, word)]
    if kind == "choice":
        choices = spec["choices"]
        chosen = choices.get(_norm(value)) if isinstance(value, str) else None
        if chosen is None:
            raise ValueProblem(f"expected {_expected(kind, spec)}, got {describe(value)}")
        return [(chosen, value.strip())]
    if kind == "age":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AGE:
            raise ValueProblem(f"expected a whole number of years, got {describe(value)}")
        return [(str(value), str(value))]
    if kind == "date":
        text = raw if raw is not None else str(value)
        return [(_date(text), text)]
    raise AssertionError(f"unknown attribute kind {kind!r} in {SCHEMA_FILE.name}")


def _has_colour(text: str) -> bool:
    """ "long red", "grey-green", "salt-and-pepper": a word, or a part of one, is a colour."""
    colours = schema().colours
    for word in text.lower().replace(",", " ").split():
        if word in colours or any(part in colours for part in word.split("-")):
            return True
    return False


def _expected(kind: str, spec: dict[str, Any]) -> str:
    return {
        "colour": "a colour word (brown, blue, hazel...)",
        "text": "text",
        "boolean": "yes or no",
        "choice": " or ".join(sorted(set(spec.get("choices", {}).values()))),
        "age": "a whole number of years",
        "date": "a date, YYYY-MM-DD or MM-DD",
    }[kind]


def _date(text: str) -> str:
    """'1990-05-12' or '05-12' (month-day, for a birthday without a year), checked."""
    match = DATE.match(text.strip())
    problem = f"expected a date, YYYY-MM-DD or MM-DD, got {describe(text)}"
    if match is None:
        raise ValueProblem(problem)
    year, month, day = match.groups()
    try:
        datetime.date(int(year) if year else 2000, int(month), int(day))  # 2000: Feb 29 exists
    except ValueError:
        raise ValueProblem(problem) from None
    return f"{year}-{int(month):02d}-{int(day):02d}" if year else f"{int(month):02d}-{int(day):02d}"


def _norm(text: str) -> str:
    return " ".join(str(text).split()).lower()
