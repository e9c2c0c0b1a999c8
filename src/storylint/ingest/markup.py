"""The markup budgets: how many tags and attributes one parsed document may hold.

Why count tags and not bytes: a parser's time and memory grow with the
nodes it builds, not with the bytes on disk. 64 MB of `<p>a</p>` is 16
million tags; a 64 MB novel in HTML is a few hundred thousand. Attributes
count too: one `<p>` with a million attributes (`a1 a2 a3...`, 8 MB) took
BeautifulSoup 390 MB, and lxml 1 GB for 4 million in a Word file.

So markup is counted before any parser sees it, cheaply. Every `<` is a tag
(`<p>` and `</p>` are two; a comment or a declaration one), and every `=` an
attribute: XML allows no attribute without one. In UTF-16 or UTF-32 a `<` is
still one `<` byte; the few other characters whose code contains that byte,
and an `=` in the prose, only ever make the count higher, never lower.
HTML also allows attributes without a value or a space between them
(`<p a b/c>`), so a whole HTML document is counted tag by tag with the HTML
attribute grammar (`html_units`), after the cheap count has passed.

Two budgets, because the two parsers differ several times over (docs/formats.md,
limits.py): "html_tags" for what BeautifulSoup parses (an HTML or XHTML file,
each EPUB chapter, and an EPUB's text members together), "xml_tags" for what
lxml parses (each XML document of a Word or OpenDocument file, and their text
members together).
"""

from __future__ import annotations

import re

from storylint.ingest.settings import budget, budget_note

_LABEL = {"html_tags": "HTML tags and attributes", "xml_tags": "XML tags and attributes"}
# A tag from its `<` to (not including) its `>`, quoted values whole (they may hold `>`).
_HTML_TAG = re.compile(r"""<[^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*""")
# The tag's name, then each attribute: a name with or without `=value`, however separated.
_HTML_NAME = re.compile(r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")
_HTML_TAG_BYTES = re.compile(_HTML_TAG.pattern.encode())
_HTML_NAME_BYTES = re.compile(_HTML_NAME.pattern.encode())


class MarkupBudgetError(ValueError):
    """Markup over a tag budget; `str()` is the problem for one line."""


def count_tags(markup: str | bytes) -> int:
    """Tags and attributes at a glance: the `<` and `=` characters (bytes)."""
    if isinstance(markup, str):
        return markup.count("<") + markup.count("=")
    return markup.count(b"<") + markup.count(b"=")


def html_units(markup: str | bytes) -> int:
    """Tags and attributes of an HTML document by HTML's own rules (`<p a b/c>` is three).

    A Python loop over the tags, so only called once `count_tags` has found
    them within the budget. A comment or declaration (`<!...`) is one; a `<`
    that starts no tag counts as well (too many, never too few).
    """
    if isinstance(markup, str):
        return sum(
            1 if tag.startswith("<!") else max(sum(1 for _ in _HTML_NAME.finditer(tag)), 1)
            for tag in _HTML_TAG.findall(markup)
        )
    return sum(
        1 if tag.startswith(b"<!") else max(sum(1 for _ in _HTML_NAME_BYTES.finditer(tag)), 1)
        for tag in _HTML_TAG_BYTES.findall(markup)
    )


def over_budget(count: int, name: str, more_than: bool = False, where: str = "") -> str:
    """The one-line problem for `count` tags over the budget `name`.

    `more_than`: the count stopped at the budget (a streamed scan does not
    read on to the end), so the message says "more than" the limit.
    """
    limit = budget(name)
    amount = f"more than {limit:,}" if more_than else f"{count:,}"
    over = "" if more_than else f", over the {limit:,} limit"
    return (
        f"has {amount} {_LABEL[name]}{where}{over}; refused as too much markup to parse "
        f"{budget_note(name)}"
    )


def tags_problem(markup: str | bytes, name: str) -> str | None:
    """The problem if `markup` has more tags and attributes than budget `name` allows."""
    limit = budget(name)
    count = count_tags(markup)
    if count <= limit and name == "html_tags":
        count = html_units(markup)
    return over_budget(count, name) if count > limit else None


class TagCounter:
    """Counts a container's tags and attributes as its members stream: each member's and all.

    Why both: each member is one parsed document, and the members together are
    what one reader parses in turn (an EPUB's chapters), so both are bounded by
    the same budget; the scan stops at the first chunk that passes it, so a
    hostile member is never read to its end.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.limit = budget(name)
        self.total = 0
        self.member = 0

    def start(self) -> None:
        """A new member begins."""
        self.member = 0

    def feed(self, chunk: bytes, member: str) -> None:
        """Count a chunk of `member`; raise `MarkupBudgetError` once a count passes the budget."""
        count = count_tags(chunk)
        self.member += count
        self.total += count
        if self.member > self.limit:
            raise MarkupBudgetError(
                f"member {member} {over_budget(self.member, self.name, more_than=True)}"
            )
        if self.total > self.limit:
            raise MarkupBudgetError(
                over_budget(self.total, self.name, more_than=True, where=" in its members")
            )


__all__ = [
    "MarkupBudgetError",
    "TagCounter",
    "count_tags",
    "html_units",
    "over_budget",
    "tags_problem",
]
