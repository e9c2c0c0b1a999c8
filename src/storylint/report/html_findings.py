"""The findings list of the HTML report: one card per finding, and the filter bar above them.

Each card is static HTML (the page shows everything without scripts); the
script only hides cards and jumps between a card and its passages. A card
shows the message, then every passage side by side (the established one and
the contradicting one) with a little of the surrounding text, then the
explanation, so a writer sees both ends of the contradiction at once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import PurePath

from storylint.findings import Finding, Severity
from storylint.report.html_text import Block, context

_ROLE_CLASS = re.compile(r"[^a-z0-9]+")


def role_class(role: str) -> str:
    """A CSS-safe class for a passage role ("established" -> "role-established")."""
    return "role-" + (_ROLE_CLASS.sub("-", role.lower()).strip("-") or "passage")


@dataclass
class FindingView:
    """Everything a card and the filters need about one finding."""

    index: int
    finding: Finding
    manuscript: int
    manuscript_label: str
    characters: list[str] = field(default_factory=list)  # character keys ("m0-3")
    chapters: list[str] = field(default_factory=list)  # chapter keys ("m0-c2")
    chapter_label: str = ""
    segments: list[list[str]] = field(default_factory=list)  # per evidence: segment ids
    blocks: list[Block | None] = field(default_factory=list)  # per evidence: its paragraph
    primary: int = 0
    show_files: bool = False

    def data(self) -> dict:
        """The finding's entry in the page's JSON blob (short keys: it is read, not shown)."""
        f = self.finding
        return {
            "r": f.rule,
            "s": f.severity.value,
            "c": self.characters,
            "h": self.chapters,
            "m": self.manuscript,
            "e": self.segments,
            "p": self.primary,
        }


def card(view: FindingView, character_names: dict[str, str], several: bool) -> str:
    f = view.finding
    sev = f.severity.value
    where = [escape(view.chapter_label)] if view.chapter_label else []
    if several:
        where.insert(0, escape(view.manuscript_label))
    where.append(f"confidence {f.confidence:.2f}")
    parts = [
        f'<article class="finding sev-{sev}" id="f{view.index}" data-i="{view.index}" '
        f'tabindex="0">',
        "<header>",
        f'<span class="badge sev-{sev}">{sev}</span> ',
        f'<span class="rule">{escape(f.rule)}</span> ',
        f'<span class="rname">{escape(f.name)}</span>',
        f'<span class="meta">{" · ".join(where)}</span>',
        "</header>",
        f'<p class="msg">{escape(f.message)}</p>',
        f'<div class="passages n{min(len(f.evidence), 3)}">',
    ]
    parts.extend(_passage(view, ei) for ei in range(len(f.evidence)))
    parts.append("</div>")
    if f.explanation:
        parts.append(f'<p class="why"><span>Why</span> {escape(f.explanation)}</p>')
    names = [character_names[k] for k in view.characters if k in character_names]
    if names:
        parts.append(f'<p class="who"><span>Characters</span> {escape(", ".join(names))}</p>')
    parts.append("</article>")
    return "".join(parts)


def _passage(view: FindingView, ei: int) -> str:
    evidence = view.finding.evidence[ei]
    block = view.blocks[ei] if ei < len(view.blocks) else None
    segments = view.segments[ei] if ei < len(view.segments) else []
    line, column = evidence.source.line_col(evidence.start)
    place = f"line {line}, column {column}"
    if block is None or view.show_files:
        place = f"{PurePath(evidence.source.path).name}, {place}"
    before, after = context(evidence.source, evidence.start, evidence.end, block)
    quote = escape(evidence.quote, quote=False)
    if segments:
        quote = f'<a class="q" href="#{segments[0]}" data-e="{ei}">{quote}</a>'
    else:
        quote = f'<span class="q">{quote}</span>'
    return (
        f'<figure class="passage {role_class(evidence.role)}">'
        f'<figcaption><span class="role">{escape(evidence.role)}</span> '
        f'<span class="loc">{escape(place)}</span></figcaption>'
        f"<blockquote>{escape(before, quote=False)}{quote}{escape(after, quote=False)}"
        "</blockquote></figure>"
    )


def filters(
    views: list[FindingView],
    character_names: dict[str, str],
    chapter_labels: dict[str, str],
    manuscript_labels: list[str],
) -> str:
    """The filter bar: one select per facet, options only for values some finding has."""
    rules: Counter[str] = Counter(v.finding.rule for v in views)
    rule_names = {v.finding.rule: v.finding.name for v in views}
    severities: Counter[str] = Counter(v.finding.severity.value for v in views)
    people: Counter[str] = Counter(k for v in views for k in v.characters)
    chapters: Counter[str] = Counter(k for v in views for k in v.chapters)
    selects = [
        _select(
            "f-rule",
            "Rule",
            "All rules",
            [(r, f"{r} {rule_names[r]} ({rules[r]})") for r in sorted(rules)],
        ),
        _select(
            "f-sev",
            "Severity",
            "All severities",
            [
                (s.value, f"{s.value} ({severities[s.value]})")
                for s in sorted(Severity, key=lambda s: -s.rank)
                if severities[s.value]
            ],
        ),
        _select(
            "f-char",
            "Character",
            "All characters",
            [
                (k, f"{character_names.get(k, k)} ({n})")
                for k, n in sorted(people.items(), key=lambda kv: (-kv[1], character_names[kv[0]]))
                if k in character_names
            ],
        ),
        _select(
            "f-chap",
            "Chapter",
            "All chapters",
            [(k, f"{chapter_labels[k]} ({chapters[k]})") for k in chapter_labels if chapters[k]],
        ),
    ]
    if len(manuscript_labels) > 1:
        counts = Counter(v.manuscript for v in views)
        selects.insert(
            0,
            _select(
                "f-ms",
                "Manuscript",
                "All manuscripts",
                [(str(i), f"{label} ({counts[i]})") for i, label in enumerate(manuscript_labels)],
            ),
        )
    total = len(views)
    return (
        '<form class="filters" id="filters">'
        + "".join(selects)
        + '<button type="reset" id="f-clear">Clear filters</button>'
        + f'<p class="count" id="f-count" aria-live="polite">{total} of {total} '
        + ("finding" if total == 1 else "findings")
        + "</p></form>"
    )


def _select(element_id: str, label: str, everything: str, options: list[tuple[str, str]]) -> str:
    items = [f'<option value="">{escape(everything)}</option>']
    items.extend(
        f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options
    )
    return (
        f'<label for="{element_id}">{escape(label)}'
        f'<select id="{element_id}" name="{element_id}">{"".join(items)}</select></label>'
    )
