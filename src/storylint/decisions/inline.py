"""Inline acceptance: markers in the manuscript that turn rules off where the writer says.

In the style of `<!-- vale off -->` and `<!-- textlint-disable rule -->`, a
writer puts a marker on a line of its own:

    <!-- storylint-disable-next OBJ001 -- the coat is a loan she never returns -->
    She took off her coat.

The syntax (delimiters and directive words) is data, data/inline_markers.yaml,
and docs/accepting-findings.md explains it to writers. Two parts of storylint
read markers: ingest, so that a marker line is never read as a story paragraph
(`marker_spans`), and acceptance, which turns markers into the regions where a
finding counts as accepted (`InlineAcceptance`). Both use the same line pattern,
so whatever is stripped from the story is exactly what is obeyed.

A finding is accepted when its primary passage (the contradicting one, where
the report points) lies in a region where its rule is off. The established
passage does not count: accepting it would silence every later contradiction
of it, which the writer never looked at.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storylint import lexicons

if TYPE_CHECKING:
    from storylint.findings import Finding
    from storylint.manuscript import Manuscript, SourceText
    from storylint.rules.registry import Rule

DISABLE, ENABLE, NEXT = "disable", "enable", "next"
_WORD = re.compile("storylint", re.IGNORECASE)


@dataclass(frozen=True)
class _Syntax:
    line: re.Pattern[str]
    directive: re.Pattern[str]
    actions: dict[str, str]
    reason: str
    names: str  # the directives, for warnings


@lexicons.cache
def _syntax() -> _Syntax:
    data = lexicons.load_lexicon_data("inline_markers")
    forms = []
    for n, (opener, closer) in enumerate(data["delimiters"]):
        forms.append(
            rf"{re.escape(opener)}[ \t]*(?P<b{n}>storylint\b[^\n]*?)[ \t]*{re.escape(closer)}"
        )
    line = re.compile(rf"^[ \t]*(?:{'|'.join(forms)})[ \t]*\r?$", re.MULTILINE | re.IGNORECASE)
    actions = {" ".join(k.lower().split()): v for k, v in data["directives"].items()}
    # Longest first, so that "storylint-disable-next" is not read as "storylint-disable".
    words = sorted(actions, key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    directive = re.compile(rf"^(?P<word>{alternation})(?=\s|$)(?P<rest>.*)$", re.IGNORECASE)
    names = ", ".join(sorted(k for k in actions if "-" in k))
    return _Syntax(line, directive, actions, data["reason_separator"], names)


@dataclass(frozen=True)
class Marker:
    """One marker as written: where it is, what it does, and to which rules (None: all)."""

    path: str
    start: int
    end: int
    line: int
    action: str
    rules: frozenset[str] | None
    text: str

    def applies_to(self, rule_id: str) -> bool:
        return self.rules is None or rule_id in self.rules

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def marker_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Offsets of the marker lines in text[start:end], without surrounding whitespace.

    Ingest calls this on every paragraph block; a quick test for the word keeps
    it free for the great majority of paragraphs that have no marker.
    """
    end = len(text) if end is None else end
    if not _WORD.search(text, start, end):
        return []
    spans = []
    for match in _syntax().line.finditer(text, start, end):
        a, b = match.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        spans.append((a, b))
    return spans


def read_markers(source: SourceText, rules: Iterable[Rule]) -> tuple[list[Marker], list[str]]:
    """The markers in one source text, and a warning for each one storylint cannot obey."""
    from storylint.decisions.config import rule_keys, select_rules, suggestion

    text = source.text
    if not _WORD.search(text):
        return [], []
    syntax = _syntax()
    rules = list(rules)
    markers: list[Marker] = []
    warnings: list[str] = []
    for match in syntax.line.finditer(text):
        body = next(value for name, value in match.groupdict().items() if value is not None)
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        line, _ = source.line_col(start)
        where = f"{source.path}:{line}"
        body = body.split(f" {syntax.reason}", 1)[0].strip()
        found = syntax.directive.match(body)
        if found is None:
            warnings.append(
                f"{where}: warning: {body.split()[0]!r} is not a storylint marker "
                f"(use {syntax.names}); ignored"
            )
            continue
        action = syntax.actions[" ".join(found.group("word").lower().split())]
        keys = [k for k in re.split(r"[\s,]+", found.group("rest").strip()) if k]
        selected: frozenset[str] | None = None
        if keys:
            ids: set[str] = set()
            for key in keys:
                named = select_rules(key, rules)
                if not named:
                    warnings.append(
                        f"{where}: warning: no rule, rule name or family is called {key!r}"
                        f"{suggestion(key, rule_keys(rules))}; it is not turned off"
                    )
                ids.update(r.id for r in named)
            selected = frozenset(ids)
        markers.append(Marker(source.path, start, match.end(), line, action, selected, body))
    return markers, warnings


class InlineAcceptance:
    """The regions of a manuscript where the writer turned rules off."""

    def __init__(self, markers: Iterable[Marker], paragraphs: dict[str, list[tuple[int, int]]]):
        self._markers: dict[str, list[Marker]] = {}
        for marker in sorted(markers, key=lambda m: (m.path, m.start)):
            self._markers.setdefault(marker.path, []).append(marker)
        # Each disable-next marker's paragraph: the first story paragraph after it.
        self._next: dict[int, tuple[int, int]] = {}
        self.warnings: list[str] = []
        for path, found in self._markers.items():
            spans = sorted(paragraphs.get(path, []))
            starts = [s for s, _ in spans]
            for marker in found:
                if marker.action != NEXT:
                    continue
                i = bisect.bisect_left(starts, marker.end)
                if i < len(spans):
                    self._next[id(marker)] = spans[i]
                else:
                    self.warnings.append(
                        f"{marker.where}: warning: storylint-disable-next has no paragraph "
                        "after it; nothing is turned off"
                    )

    @classmethod
    def from_manuscript(cls, manuscript: Manuscript, rules: Iterable[Rule]) -> InlineAcceptance:
        """Markers from every source file, `warnings` saying which ones cannot be obeyed."""
        rules = list(rules)
        markers: list[Marker] = []
        warnings: list[str] = []
        for source in manuscript.sources:
            found, problems = read_markers(source, rules)
            markers.extend(found)
            warnings.extend(problems)
        paragraphs: dict[str, list[tuple[int, int]]] = {}
        for paragraph in manuscript.paragraphs():
            paragraphs.setdefault(paragraph.source.path, []).append(
                (paragraph.start, paragraph.end)
            )
        acceptance = cls(markers, paragraphs)
        acceptance.warnings[:0] = warnings
        return acceptance

    def __bool__(self) -> bool:
        return bool(self._markers)

    def accepting(self, finding: Finding) -> Marker | None:
        """The marker that accepts this finding, or None when its rule is on where it points."""
        primary = finding.primary
        markers = self._markers.get(primary.source.path)
        if not markers:
            return None
        at, rule = primary.start, finding.rule
        every_off: Marker | None = None  # the "disable" (all rules) in force
        per_rule: dict[str, Marker | None] = {}  # explicit on (None) or off for this rule
        for marker in markers:
            if marker.start > at:
                break
            if marker.action == NEXT:
                span = self._next.get(id(marker))
                if span is not None and span[0] <= at < span[1] and marker.applies_to(rule):
                    return marker
                continue
            if marker.rules is None:
                every_off = marker if marker.action == DISABLE else None
                per_rule.clear()
            elif rule in marker.rules:
                per_rule[rule] = marker if marker.action == DISABLE else None
        return per_rule[rule] if rule in per_rule else every_off
