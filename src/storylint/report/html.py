"""HTML output: one self-contained page to read a manuscript with its findings.

Why one file with everything inlined: a writer opens it by double-clicking,
mails it to an editor or keeps it next to the draft, offline. The page loads
nothing (no fonts, no CDN, no images); a Content-Security-Policy allows only
this page's own style and script (by hash), so even a manuscript that
contains `<script>` could not run code, although all text is escaped anyway.

Layout: a sidebar with tabs (findings with filters, characters, timeline when
the model has one) beside the manuscript text, where every finding's passages
are highlighted. The text and the cards are rendered here as static HTML; the
findings' facets (rule, severity, characters, chapters, passage ids) travel as
one JSON blob that the script reads once, so a 200,000-word novel opens as
fast as its HTML parses and filtering only toggles classes.

The reporter needs the manuscript and the story model: the CLI keeps them on
`ManuscriptResult` for reporters marked `needs_model` (this one). Without them
(findings built by hand) the page shows the evidence's source texts split on
blank lines, and no characters.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import escape
from importlib import resources
from pathlib import PurePath

from storylint import __version__
from storylint.findings import Finding, Severity
from storylint.manuscript import SourceText
from storylint.report.base import ManuscriptResult, Report
from storylint.report.html_findings import FindingView, card, filters, role_class
from storylint.report.html_panels import character_key, characters_html, timeline_html
from storylint.report.html_story import FindingCharacters, characters, timeline
from storylint.report.html_text import (
    Block,
    RenderedText,
    Span,
    manuscript_blocks,
    plain_blocks,
    render_text,
)

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def _asset(name: str) -> str:
    return (resources.files("storylint.report") / "assets" / name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _json_for_script(data: object) -> str:
    """JSON that cannot end its <script> element early, whatever the manuscript contains."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Manuscript:
    """One checked manuscript on the page: its text, characters, timeline and findings."""

    def __init__(
        self, index: int, result: ManuscriptResult, first_finding: int, several: bool
    ) -> None:
        self.index = index
        self.several = several
        self.result = result
        self.first = first_finding
        self.prefix = f"m{index}-"
        self.label = result.path
        manuscript, model = result.manuscript, result.model
        self.chapter_labels = [c.label for c in manuscript.chapters] if manuscript else []
        self.characters = characters(model)
        self.names = {
            character_key(index, c.id): str(c.entry.get("name", "")) for c in self.characters
        }
        self.timeline = timeline(model)
        self.text: RenderedText = render_text(
            self._blocks(), self._spans(), prefix=self.prefix, manuscript=manuscript
        )
        about = FindingCharacters(model)
        self.views = [
            self._view(self.first + k, finding, about) for k, finding in enumerate(result.findings)
        ]

    def _blocks(self) -> list[Block]:
        if self.result.manuscript is not None:
            return manuscript_blocks(self.result.manuscript)
        sources: dict[str, SourceText] = {}
        for finding in self.result.findings:
            for evidence in finding.evidence:
                sources.setdefault(evidence.source.path, evidence.source)
        return plain_blocks(sources.values())

    def _spans(self) -> list[Span]:
        """What the text marks: every passage, each timeline phrase, each first/last mention."""
        spans: list[Span] = []
        for k, finding in enumerate(self.result.findings):
            i = self.first + k
            for e, evidence in enumerate(finding.evidence):
                classes = f"sev-{finding.severity.value} {role_class(evidence.role)}"
                spans.append(
                    Span((i, e), evidence.source.path, evidence.start, evidence.end, classes, i)
                )
        spans.extend(_timeline_spans(self.timeline))
        for info in self.characters:
            key = character_key(self.index, info.id)
            spans.append(Span(("first", key), info.first_path, info.first.start, info.first.end))
            spans.append(Span(("last", key), info.last_path, info.last.start, info.last.end))
        return spans

    def _view(self, i: int, finding: Finding, about: FindingCharacters) -> FindingView:
        view = FindingView(i, finding, self.index, self.label, chapter_label=finding.chapter or "")
        view.show_files = len(self.result.sources) > 1
        view.characters = [
            k for k in (character_key(self.index, c) for c in about.of(finding)) if k in self.names
        ]
        for e in range(len(finding.evidence)):
            view.segments.append(self.text.segments.get((i, e), []))
            bi = self.text.span_blocks.get((i, e))
            block = self.text.blocks[bi] if bi is not None else None
            view.blocks.append(block)
            if block is not None and block.chapter is not None:
                key = f"{self.prefix}c{block.chapter}"
                if key not in view.chapters:
                    view.chapters.append(key)
        if not view.chapters and finding.chapter:
            view.chapters.append(f"{self.prefix}l:{finding.chapter}")
        primary = finding.primary
        view.primary = next((k for k, ev in enumerate(finding.evidence) if ev is primary), 0)
        return view

    def chapter_options(self) -> dict[str, str]:
        """Chapter filter keys and labels, in reading order, prefixed when there are several."""
        options: dict[str, str] = {}
        prefix = f"{PurePath(self.label).name}: " if self.several else ""
        for ci, label in enumerate(self.chapter_labels):
            options[f"{self.prefix}c{ci}"] = prefix + label
        for view in self.views:
            for key in view.chapters:
                if key.startswith(f"{self.prefix}l:"):
                    options.setdefault(key, prefix + key.split("l:", 1)[1])
        return options

    def finding_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for view in self.views:
            for key in view.characters:
                counts[key] = counts.get(key, 0) + 1
        return counts


def render(report: Report, *, color: bool = False, width: int | None = None) -> str:
    """The whole page as one string (write it with `-o report.html`)."""
    checked = [r for r in report.results if r.checked]
    pages: list[_Manuscript] = []
    first = 0
    for mi, result in enumerate(checked):
        page = _Manuscript(mi, result, first, several=len(checked) > 1)
        first += len(result.findings)
        pages.append(page)
    views = [v for p in pages for v in p.views]
    names = {k: v for p in pages for k, v in p.names.items()}
    chapter_options = {k: v for p in pages for k, v in p.chapter_options().items()}
    several = len(pages) > 1
    timelines = [(p, p.timeline) for p in pages]
    has_timeline = any(rows is not None for _, rows in timelines)

    style = _asset("report.css")
    script = _asset("report.js")
    parts = {
        "title": escape(_title(report, pages)),
        "version": escape(__version__),
        "csp": f"default-src 'none'; style-src {_csp_hash(style)}; "
        f"script-src {_csp_hash(script)}; img-src data:",
        "style": style,
        "script": script,
        "summary": _summary(report, views),
        "errors": _errors(report),
        "tabs": _tabs(len(views), sum(len(p.characters) for p in pages), has_timeline),
        "filters": filters(views, names, chapter_options, [p.label for p in pages])
        if views
        else "",
        "findings": "".join(card(v, names, several) for v in views)
        if views
        else '<p class="empty">No findings at the chosen severity and confidence.</p>',
        "characters": "".join(
            (f"<h3>{escape(p.label)}</h3>" if several else "")
            + characters_html(p.index, p.characters, p.text, p.chapter_labels, p.finding_counts())
            for p in pages
        ),
        "timeline": _timeline_panel(timelines) if has_timeline else "",
        "text": "".join(_text_html(p, several) for p in pages),
        "data": _json_for_script({"version": __version__, "findings": [v.data() for v in views]}),
    }
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _asset("report.html"))


# Read by the CLI: keep the manuscript's story model for this reporter.
render.needs_model = True  # type: ignore[attr-defined]


def _timeline_spans(rows: list[dict] | None) -> list[Span]:
    """Anchors on the phrases that date each scene, so the timeline links to the exact words."""
    spans = []
    for r, row in enumerate(rows or []):
        evidence = row.get("evidence")
        for k, item in enumerate(evidence if isinstance(evidence, list | tuple) else []):
            if hasattr(item, "source") and hasattr(item, "start"):  # an Evidence
                spans.append(Span(("tl", r, k), item.source.path, item.start, item.end))
            elif isinstance(item, dict) and isinstance(item.get("file"), str):
                start, end = item.get("start"), item.get("end")
                if isinstance(start, int) and isinstance(end, int):
                    spans.append(Span(("tl", r, k), item["file"], start, end))
    return spans


def _title(report: Report, pages: list[_Manuscript]) -> str:
    if len(pages) == 1:
        manuscript = pages[0].result.manuscript
        title = manuscript.title if manuscript is not None and manuscript.title else None
        return f"{title or PurePath(pages[0].label).name} \u2014 storylint report"
    return f"storylint report \u2014 {len(pages)} manuscripts"


def _summary(report: Report, views: list[FindingView]) -> str:
    counts = {s: 0 for s in Severity}
    for view in views:
        counts[view.finding.severity] += 1
    words = sum(r.words for r in report.results if r.checked)
    parts = [
        f'<span class="badge sev-{s.value}">{counts[s]} {s.value}</span>'
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    ]
    total = len(views)
    head = f"{total} finding" if total == 1 else f"{total} findings"
    return (
        f'<span class="total">{head}</span> {" ".join(parts)} '
        f'<span class="words">{words:,} words</span>'
    )


def _errors(report: Report) -> str:
    failed = [r for r in report.results if not r.checked]
    if not failed:
        return ""
    items = "".join(f"<li>{escape(str(r.error))}</li>" for r in failed)
    return f'<div class="errors" role="alert"><b>Not checked:</b><ul>{items}</ul></div>'


def _tabs(findings: int, people: int, timeline_tab: bool) -> str:
    tabs = [
        ("findings", f"Findings ({findings})", True),
        ("characters", f"Characters ({people})", False),
    ]
    if timeline_tab:
        tabs.append(("timeline", "Timeline", False))
    return "".join(
        f'<button type="button" role="tab" id="tab-{name}" aria-controls="panel-{name}" '
        f'aria-selected="{"true" if selected else "false"}">{label}</button>'
        for name, label, selected in tabs
    )


def _timeline_panel(timelines: list[tuple[_Manuscript, list[dict] | None]]) -> str:
    several = len(timelines) > 1
    body = "".join(
        (f"<h3>{escape(p.label)}</h3>" if several else "")
        + timeline_html(rows, p.text, p.chapter_labels)
        for p, rows in timelines
        if rows is not None
    )
    return (
        '<section class="panel" id="panel-timeline" role="tabpanel" '
        f'aria-labelledby="tab-timeline" hidden>{body}</section>'
    )


def _text_html(page: _Manuscript, several: bool) -> str:
    heading = f'<h1 class="ms-title">{escape(page.label)}</h1>' if several else ""
    return f'<article class="manuscript" id="m{page.index}">{heading}{page.text.html}</article>'
