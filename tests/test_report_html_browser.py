"""The HTML report in a real headless Chromium: what a writer clicks, and what the page does.

Driven by Playwright for Python against Debian's Chromium (`apt-get install
chromium`; `.ci/run` installs it). Playwright's own browser download is never
used. Set STORYLINT_CHROMIUM to use another Chromium binary. Without a browser
or without the `playwright` package these tests skip, saying which is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from html_report_helpers import long_story, story_report
from storylint.ingest import manuscript_from_text
from storylint.report.html import render

CHROMIUM = os.environ.get("STORYLINT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) "
        "or set STORYLINT_CHROMIUM to a Chromium binary",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not installed (pip install -e '.[test]')",
)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    from storylint.nlp.parse import load_nlp
    from storylint.pipeline.build import build_model

    model = build_model(manuscript_from_text(long_story(), "stories/ivy.txt"), load_nlp())
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render(story_report(model)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class OpenPage:
    """A fresh tab on the report, recording console messages, page errors and requests."""

    def __init__(self, browser, path: Path) -> None:
        self.messages: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1200, "height": 700})
        self.page.on("console", lambda m: self.messages.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.messages.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri(), wait_until="load")

    def visible_findings(self) -> list[str]:
        """The rule id and message of every finding card shown, in order."""
        return self.page.eval_on_selector_all(
            ".finding",
            "cards => cards.filter(c => c.offsetParent !== null)"
            ".map(c => c.querySelector('.rule').textContent + ' ' +"
            " c.querySelector('.msg').textContent)",
        )

    def choose(self, select_id: str, label_start: str) -> None:
        """Pick the option of a filter whose label starts with `label_start`."""
        options = self.page.eval_on_selector_all(
            f"#{select_id} option", "os => os.map(o => [o.value, o.textContent])"
        )
        value = next(v for v, text in options if text.startswith(label_start))
        self.page.select_option(f"#{select_id}", value)

    IN_VIEW = """sel => {
      const el = document.querySelector(sel);
      const r = el.getBoundingClientRect();
      const pane = el.closest('.text, .side').getBoundingClientRect();
      // One pixel of slack: boxes sit at fractional positions, scroll offsets are whole.
      return r.height > 0 && r.top >= Math.max(0, pane.top) - 1 &&
        r.bottom <= Math.min(window.innerHeight, pane.bottom) + 1;
    }"""

    def in_view(self, selector: str) -> bool:
        """True when the element is inside both the window and its scrolling pane now."""
        return self.page.evaluate(self.IN_VIEW, selector)

    def comes_into_view(self, selector: str, timeout_ms: int = 2000) -> bool:
        """True when the element is (or within the timeout comes) into view and stays there.

        A jump may settle over a few frames while the browser lays out text it had skipped.
        """
        try:
            self.page.wait_for_function(self.IN_VIEW, arg=selector, timeout=timeout_ms)
        except sync_api.TimeoutError:
            return False
        self.page.wait_for_timeout(200)  # the page's own settling (8 frames) is over
        return self.in_view(selector)

    def segment_of(self, finding: int, evidence: int) -> str:
        """The id of the first highlighted segment of a finding's passage."""
        return self.page.evaluate(
            "([f, e]) => JSON.parse(document.getElementById('storylint-data').textContent)"
            ".findings[f].e[e][0]",
            [finding, evidence],
        )


@pytest.fixture
def opened(browser, report_file):
    page = OpenPage(browser, report_file)
    yield page
    page.page.close()


def test_page_loads_without_console_errors_or_network(opened: OpenPage) -> None:
    assert opened.page.title().startswith("ivy.txt")
    assert opened.messages == []
    assert all(url.startswith("file://") for url in opened.requests), opened.requests
    assert len(opened.visible_findings()) == 5
    assert opened.page.inner_text("#f-count") == "5 of 5 findings"


def test_markup_in_the_story_is_shown_and_never_run(opened: OpenPage) -> None:
    assert opened.page.evaluate("() => window.__pwned === undefined")
    text = opened.page.text_content("#text")
    assert "It read <script>window.__pwned = 1</script> and <img src=x onerror=" in text
    assert opened.page.locator("#text img").count() == 0


def test_filter_by_rule(opened: OpenPage) -> None:
    opened.choose("f-rule", "CHR001")
    shown = opened.visible_findings()
    assert len(shown) == 2 and all(s.startswith("CHR001 ") for s in shown)
    assert opened.page.inner_text("#f-count") == "2 of 5 findings"


def test_filter_by_severity(opened: OpenPage) -> None:
    opened.choose("f-sev", "error")
    assert opened.visible_findings() == [
        "OBJ001 The coat Ivy wears was established as Derek's, but is later called hers."
    ]
    opened.choose("f-sev", "info")
    assert opened.visible_findings() == ["OBJ002 The coat is mentioned again <b>here</b> & there."]


def test_filter_by_character_hides_other_findings_and_their_highlights(opened: OpenPage) -> None:
    opened.choose("f-char", "Karen Cartwright")
    assert opened.visible_findings() == [
        "CHR001 Karen's eyes were green, but later they are blue.",
        "OBJ002 The scarf was gone, yet Karen has it again with nothing bringing it back.",
    ]
    # Passages of the hidden findings are no longer highlighted in the text.
    lit = opened.page.eval_on_selector_all(
        "mark.ev:not(.off)", "ms => ms.map(m => m.textContent).join('|')"
    )
    assert "Karen had green eyes" in lit and "Ivy wore her coat" not in lit


def test_filter_by_chapter(opened: OpenPage) -> None:
    opened.choose("f-chap", "Chapter Three")
    assert [s.split(" ")[0] for s in opened.visible_findings()] == ["OBJ001", "OBJ002"]


def test_filters_combine_and_clear(opened: OpenPage) -> None:
    opened.choose("f-rule", "OBJ002")
    opened.choose("f-chap", "Chapter One")
    assert opened.visible_findings() == ["OBJ002 The coat is mentioned again <b>here</b> & there."]
    opened.page.click("#f-clear")
    opened.page.wait_for_function(
        "() => document.getElementById('f-count').textContent.startsWith('5')"
    )
    assert len(opened.visible_findings()) == 5
    assert opened.page.locator("mark.ev.off").count() == 0


def test_clicking_a_finding_scrolls_its_passage_into_view(opened: OpenPage) -> None:
    # The last finding's contradiction lies in the last chapter, far below the first screen.
    cards = opened.page.locator(".finding")
    last = cards.count() - 1
    index = int(cards.nth(last).get_attribute("data-i"))
    primary = opened.page.evaluate(
        f"() => JSON.parse(document.getElementById('storylint-data').textContent)"
        f".findings[{index}].p"
    )
    target = "#" + opened.segment_of(index, primary)
    assert not opened.in_view(target)
    cards.nth(last).locator(".msg").click()
    assert opened.comes_into_view(target)
    assert "flash" in opened.page.get_attribute(target, "class")
    assert "selected" in cards.nth(last).get_attribute("class")


def test_clicking_a_quoted_passage_scrolls_to_that_passage(opened: OpenPage) -> None:
    # OBJ001: its established passage is in chapter one, its contradiction in chapter three.
    card = opened.page.locator(".finding", has_text="The coat Ivy wears")
    index = int(card.get_attribute("data-i"))
    established = "#" + opened.segment_of(index, 0)
    contradiction = "#" + opened.segment_of(index, 1)
    card.locator('a.q[data-e="1"]').click()
    assert opened.comes_into_view(contradiction) and not opened.in_view(established)
    card.locator('a.q[data-e="0"]').click()
    assert opened.comes_into_view(established)


def test_clicking_a_highlight_shows_its_finding(opened: OpenPage) -> None:
    card = opened.page.locator(".finding", has_text="The scarf was gone")
    index = int(card.get_attribute("data-i"))
    mark = "#" + opened.segment_of(index, 1)
    opened.page.eval_on_selector(mark, "m => m.scrollIntoView({block: 'center'})")
    opened.page.locator(".side").evaluate("side => side.scrollTop = 0")
    opened.page.click(mark)
    assert "selected" in card.get_attribute("class")
    assert opened.comes_into_view(f"#f{index}")


def test_characters_tab_lists_the_characters_and_links_into_the_text(opened: OpenPage) -> None:
    opened.page.click("#tab-characters")
    assert opened.page.is_visible("#panel-characters")
    assert not opened.page.is_visible("#panel-findings")
    names = opened.page.eval_on_selector_all(
        "#panel-characters td.name b", "bs => bs.map(b => b.textContent)"
    )
    assert set(names) == {"Ivy Lynn", "Derek Shaw", "Karen Cartwright"}
    assert opened.page.is_visible("text=also Karen")
    # The last appearance of Karen is far down: its link scrolls the text to it.
    row = opened.page.locator("#panel-characters tr", has_text="Karen Cartwright")
    link = row.locator(".appear a").last
    target = link.get_attribute("href")
    link.click()
    assert opened.comes_into_view(target)
    assert opened.page.inner_text(target) == "Karen"


def test_a_characters_findings_button_filters_the_findings(opened: OpenPage) -> None:
    opened.page.click("#tab-characters")
    row = opened.page.locator("#panel-characters tr", has_text="Karen Cartwright")
    row.locator("button.char-findings").click()
    assert opened.page.is_visible("#panel-findings")
    assert len(opened.visible_findings()) == 2
    assert opened.page.inner_text("#f-count") == "2 of 5 findings"
