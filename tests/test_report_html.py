"""The HTML report without a browser: one self-contained file, every finding, everything escaped.

The browser tests (test_report_html_browser.py) check what a writer does with
the page; these check what the file is, and run everywhere.
"""

from __future__ import annotations

import json
import re
import sys
import types
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from html_report_helpers import STORY, passage, story_report
from report_helpers import sample_report
from storylint.cli import cli
from storylint.families.time.layer import TIMELINE
from storylint.findings import Evidence, Finding, Severity
from storylint.ingest import manuscript_from_text
from storylint.pipeline.layers import CHARACTERS
from storylint.report import REPORTERS, ManuscriptResult, Report
from storylint.report.html import render

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "source", "col", "area", "base"}


class TagChecker(HTMLParser):
    """Collects elements, ids, URLs and nesting errors of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.urls: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text_by_id: dict[str, str] = {}
        self._open_ids: list[tuple[str, int]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        for name in ("src", "href", "action", "data", "poster"):
            if attributes.get(name):
                self.urls.append(attributes[name])
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag not in VOID:
            self.stack.append(tag)
            if "id" in attributes and tag in {"mark", "span"}:
                self._open_ids.append((attributes["id"], len(self._text)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if tag in {"mark", "span"} and self._open_ids:
            element_id, at = self._open_ids.pop()
            self.text_by_id[element_id] = "".join(self._text[at:])

    def handle_data(self, data):
        self._text.append(data)


def parse(page: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(page)
    checker.close()
    return checker


def page_data(page: str) -> dict:
    blob = re.search(
        r'<script type="application/json" id="storylint-data">(.*?)</script>', page, re.S
    )
    assert blob is not None
    return json.loads(blob.group(1))


@pytest.fixture(scope="module")
def story_model():
    from storylint.nlp.parse import load_nlp
    from storylint.pipeline.build import build_model

    return build_model(manuscript_from_text(STORY, "stories/ivy.txt"), load_nlp())


@pytest.fixture(scope="module")
def story_page(story_model) -> str:
    return render(story_report(story_model))


def test_html_is_a_registered_format_that_keeps_the_story_model() -> None:
    assert REPORTERS["html"] is render
    assert getattr(render, "needs_model", False) is True


def test_page_is_self_contained(story_page: str) -> None:
    checker = parse(story_page)
    # No external resource of any kind: links only point inside the page.
    assert all(url.startswith("#") for url in checker.urls), checker.urls
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", story_page)
    assert "<link" not in story_page and "@import" not in story_page
    assert "url(" not in story_page
    assert re.search(r"<script\b[^>]*\bsrc=", story_page) is None
    # The policy forbids loading anything and runs only the page's own script.
    csp = next(
        a["content"] for t, a in checker.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp


def test_page_is_well_formed_with_unique_ids(story_page: str) -> None:
    checker = parse(story_page)
    assert checker.errors == []
    assert checker.stack == []
    assert len(checker.ids) == len(set(checker.ids))


def test_every_finding_has_a_card_and_an_entry_in_the_data(story_model, story_page) -> None:
    findings = story_report(story_model).results[0].findings
    data = page_data(story_page)
    assert len(data["findings"]) == len(findings) == 5
    for i, finding in enumerate(findings):
        assert f'id="f{i}"' in story_page
        assert data["findings"][i]["r"] == finding.rule
        assert data["findings"][i]["s"] == finding.severity.value
    assert "5 of 5 findings" in story_page
    assert "Nothing between the passages gives the coat to Ivy." in story_page


def test_each_passage_is_highlighted_in_the_text_with_its_exact_words(
    story_model, story_page
) -> None:
    findings = story_report(story_model).results[0].findings
    checker = parse(story_page)
    data = page_data(story_page)
    for i, finding in enumerate(findings):
        for e, evidence in enumerate(finding.evidence):
            segments = data["findings"][i]["e"][e]
            assert segments, (finding.rule, evidence.quote)
            shown = "".join(checker.text_by_id[s] for s in segments)
            assert shown == evidence.quote


def test_overlapping_passages_share_segments_without_breaking_the_markup(story_model) -> None:
    manuscript = story_model.manuscript
    outer = passage(manuscript, "Derek dropped his coat over her shoulders", "contradiction")
    inner = passage(manuscript, "his coat", "established")
    crossing = passage(manuscript, "her shoulders and kissed", "contradiction")
    findings = [
        Finding("OBJ001", "a", Severity.ERROR, 0.9, "outer", [outer]),
        Finding("OBJ002", "b", Severity.WARNING, 0.9, "inner", [inner]),
        Finding("OBJ003", "c", Severity.INFO, 0.9, "crossing", [crossing]),
    ]
    result = ManuscriptResult(
        path=manuscript.path, findings=findings, manuscript=manuscript, model=story_model
    )
    page = render(Report(results=[result]))
    checker = parse(page)
    assert checker.errors == []
    data = page_data(page)
    for i, evidence in enumerate((outer, inner, crossing)):
        shown = "".join(checker.text_by_id[s] for s in data["findings"][i]["e"][0])
        assert shown == evidence.quote
    # "his coat" lies inside the outer passage: one mark carries both findings.
    assert re.search(
        r'<mark id="[^"]+" class="ev sev-error [^"]+" data-f="0 1">his coat</mark>', page
    )


def test_markup_in_the_story_and_the_findings_is_shown_as_text(story_page: str) -> None:
    text_pane = story_page.split('<div class="text" id="text"', 1)[1]
    assert "<script>window" not in text_pane
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in text_pane
    assert "<img src=x" not in story_page
    assert "&lt;img src=x onerror=" in text_pane
    assert "again &lt;b&gt;here&lt;/b&gt; &amp; there" in story_page
    # The data blob cannot close its script element early.
    blob = story_page.split('id="storylint-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in blob
    assert page_data(story_page)["findings"]
    # Only two scripts: the data and the page's own code.
    assert story_page.count("<script") == 2


def test_author_notes_are_shown_and_marked_as_not_story(story_page: str) -> None:
    assert re.search(
        r'<p id="[^"]+" class="apart" data-role="note"[^>]*>A/N: This is a draft', story_page
    )


def test_characters_tab_lists_the_story_model_characters(story_page: str) -> None:
    panel = story_page.split('id="panel-characters"', 1)[1].split("</section>", 1)[0]
    for name in ("Ivy Lynn", "Derek Shaw", "Karen Cartwright"):
        assert f"<b>{name}</b>" in panel
    assert "also Ivy" in panel
    assert "Characters (3)" in story_page
    # First and last appearances link into the text.
    checker = parse(story_page)
    links = [a["href"] for t, a in checker.tags if t == "a" and "goto" in (a.get("class") or "")]
    assert links and all(href[1:] in checker.ids for href in links)


def test_a_finding_is_filed_under_the_characters_its_passages_and_message_name(
    story_model, story_page
) -> None:
    index = story_model.get(CHARACTERS)
    key = {c.name: f"m0-{c.id}" for c in index.characters}
    findings = story_report(story_model).results[0].findings
    data = page_data(story_page)["findings"]
    by_message = {f.message.split(" ")[1]: d["c"] for f, d in zip(findings, data, strict=True)}
    # "dropped his coat over her shoulders": his -> Derek, her -> Ivy; the message names Ivy.
    assert set(by_message["coat"]) == {key["Ivy Lynn"], key["Derek Shaw"]}
    assert by_message["eyes"] == [key["Karen Cartwright"]]
    # A passage naming nobody, with a message naming nobody, is about nobody.
    assert by_message["note"] == []


def test_chapter_filter_offers_the_chapters_with_findings_in_reading_order(story_page) -> None:
    select = story_page.split('id="f-chap"', 1)[1].split("</select>", 1)[0]
    labels = re.findall(r'<option value="m0-c\d">([^<]+)</option>', select)
    assert labels == ["Chapter One (3)", "Chapter Two (3)", "Chapter Three (2)"]


def test_no_timeline_tab_without_a_timeline(story_model, monkeypatch) -> None:
    monkeypatch.delitem(story_model.layers, TIMELINE, raising=False)
    assert 'id="tab-timeline"' not in render(story_report(story_model))


def test_timeline_tab_dates_each_scene_and_links_to_the_words_that_say_so(story_page) -> None:
    pytest.importorskip("storylint.families.time", reason="the timeline is not installed")
    panel = story_page.split('id="panel-timeline"', 1)[1].split("</section>", 1)[0]
    assert "<b>Day 2</b> morning" in panel
    checker = parse(story_page)
    link = re.search(r'<a class="goto" href="#([^"]+)">\u201cThe next morning\u201d', panel)
    assert link is not None
    assert checker.text_by_id[link.group(1)] == "The next morning"


def test_timeline_tab_shows_each_scene_when_the_model_has_one(story_model, monkeypatch) -> None:
    rows = [
        {
            "chapter": "Chapter One",
            "scene": 1,
            "day": 1,
            "day_label": "Day 1",
            "time_of_day": "evening",
            "weekday": "Friday",
            "date": None,
            "season": None,
            "evidence": [{"quote": "walked down the stairs", "line": 5}],
        },
        {
            "chapter": "Chapter Two",
            "scene": 1,
            "day": 2,
            "day_label": "Day 2",
            "time_of_day": "morning",
            "weekday": None,
            "date": None,
            "season": None,
            "evidence": ["The next <morning>"],
        },
    ]
    fake = types.ModuleType("storylint.families.time")
    fake.describe_timeline = lambda model: rows
    monkeypatch.setitem(sys.modules, "storylint.families.time", fake)
    monkeypatch.setitem(story_model.layers, TIMELINE, object())
    page = render(story_report(story_model))
    assert 'id="tab-timeline"' in page
    panel = page.split('id="panel-timeline"', 1)[1].split("</section>", 1)[0]
    assert "<b>Day 1</b> Friday · evening" in panel
    assert "The next &lt;morning&gt;" in panel
    checker = parse(page)
    assert checker.errors == []
    links = re.findall(r'class="goto" href="#([^"]+)"', panel)
    assert len(links) >= 2 and all(link in checker.ids for link in links)


def test_timeline_tab_is_absent_when_the_timeline_module_is_missing(
    story_model, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "storylint.families.time", None)  # import raises ImportError
    monkeypatch.setitem(story_model.layers, TIMELINE, object())
    assert 'id="tab-timeline"' not in render(story_report(story_model))


def test_same_input_same_page(story_model) -> None:
    assert render(story_report(story_model)) == render(story_report(story_model))


def test_without_a_manuscript_the_evidence_sources_are_shown() -> None:
    """Findings built by hand (no manuscript, no model) still get a readable, linked page."""
    page = render(sample_report())
    checker = parse(page)
    assert checker.errors == []
    data = page_data(page)
    assert len(data["findings"]) == 2
    assert all(segments for f in data["findings"] for segments in f["e"])
    assert "Derek dropped " in page and " over Ivy's shoulders." in page
    assert "missing.docx: no such file or directory" in page  # the unreadable one is named
    assert "No characters were found" in page


def test_several_manuscripts_get_a_manuscript_filter_and_distinct_ids(story_model) -> None:
    other = manuscript_from_text("Chapter One\n\nTom lost his hat.\n\nTom wore his hat.\n", "b.txt")
    hat = other.sources[0].text.index("his hat")
    second = ManuscriptResult(
        path="b.txt",
        findings=[
            Finding(
                "OBJ002",
                "object-state-ended",
                Severity.WARNING,
                0.8,
                "The hat was lost.",
                [Evidence(other.sources[0], hat, hat + 7, "contradiction")],
            )
        ],
        manuscript=other,
    )
    first = story_report(story_model).results[0]
    page = render(Report(results=[first, second]))
    checker = parse(page)
    assert checker.errors == []
    assert len(checker.ids) == len(set(checker.ids))
    assert 'id="f-ms"' in page and "b.txt (1)" in page
    assert page_data(page)["findings"][5]["m"] == 1


def test_empty_report_says_there_is_nothing_to_show(story_model) -> None:
    manuscript = story_model.manuscript
    result = ManuscriptResult(path=manuscript.path, manuscript=manuscript, model=story_model)
    page = render(Report(results=[result]))
    assert "No findings at the chosen severity and confidence." in page
    assert 'id="filters"' not in page
    assert "Karen Cartwright" in page  # the text and characters are still there


def test_cli_writes_the_html_report(tmp_path: Path, monkeypatch) -> None:
    from storylint import engine
    from storylint.rules import registry

    def coat_again(ctx):
        manuscript = ctx.model.manuscript
        parsed = ctx.model.parsed
        at = next(i for i, p in enumerate(parsed) if "Ivy wore her coat" in p.paragraph.text)
        ctx.report(
            at=at,
            confidence=0.9,
            message="The coat is worn by Ivy.",
            evidence=[passage(manuscript, "Ivy wore her coat", "contradiction")],
        )

    rule = registry.Rule("TEST002", "coat-again", Severity.WARNING, "Coat.", "test", coat_again)
    monkeypatch.setattr(engine, "all_rules", lambda: [rule])
    monkeypatch.setattr(registry, "all_rules", lambda: [rule])
    story = tmp_path / "ivy.txt"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["check", str(story), "--format", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "The coat is worn by Ivy." in page
    assert "<b>Karen Cartwright</b>" in page  # the CLI handed the model to the reporter
