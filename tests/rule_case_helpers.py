"""The rule tester's machinery: read cases files and rule docs, run a case as `storylint check`.

The cases files' schema is documented in `tests/test_rule_cases.py` (the tester) and in
docs/rule-cases.md. Other tests that check more than "fires / stays quiet" (a message, an
explanation, a confidence band) take their passage from the cases file with `case(rule, name)`,
so each passage is written once.

The story suite (`tests/story_suite/<family>.yaml`, tests/story_suite/README.md) uses the same
schema with one file per family instead of one per rule: `family:` instead of `rule:`, each
fires case names its own `rule:` (and `severity: info` for a rule seen only at info), a quiet
case must produce no finding of any rule of the family, and `known_noisy:` lists quiet cases
that fire for now, with the reason. `parse_suite` reads such a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

CASES_FOLDER = "cases"
DOCS_FOLDER = "docs"
CASE_PATH = "case.txt"  # the manuscript's path in findings and snapshots
BIBLE_PATH = "bible.yaml"  # the story bible's path, likewise

FILE_KEYS = ("rule", "fires", "quiet")
KINDS = ("fires", "quiet")
# key -> (type, kinds it may appear in, required)
CASE_KEYS: dict[str, tuple[type, tuple[str, ...], bool]] = {
    "name": (str, KINDS, True),
    "source": (str, KINDS, False),
    "text": (str, KINDS, True),
    "quotes": (list, ("fires",), True),
    "message": (str, ("fires",), False),
    "bible": (str, KINDS, False),
    "xfail": (str, KINDS, False),
}

# The story suite's files: one per family, and the case keys a family file adds.
SUITE_FILE_KEYS = ("family", "fires", "quiet", "known_noisy")
SUITE_CASE_KEYS: dict[str, tuple[type, tuple[str, ...], bool]] = {
    **CASE_KEYS,
    "rule": (str, ("fires",), True),  # the rule this passage must trigger
    "severity": (str, ("fires",), False),  # checked at this severity: "info" for an info rule
}
SUITE_SEVERITIES = ("info", "warning")
NOISY_KEYS = ("name", "reason")

FIRES_HEADING = "Example that fires"
QUIET_HEADING = "Example that does not"
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")


class CasesError(ValueError):
    """A cases file that does not follow the schema: `file: key: problem`."""


@dataclass(frozen=True)
class Case:
    """One passage for one rule: it must fire (with these quotes), or stay quiet."""

    rule: str
    kind: str  # "fires" or "quiet"
    name: str
    text: str
    origin: str  # the cases file or rule doc it came from
    quotes: tuple[str, ...] = ()
    message: str | None = None
    bible: str | None = None
    source: str | None = None
    xfail: str | None = None
    family: str | None = None  # story suite cases: the family file they come from
    severity: str | None = None  # story suite fires cases: "info" to check at --severity info

    @property
    def id(self) -> str:
        return f"{self.family or self.rule}-{self.kind}-{slug(self.name)}"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# --- finding the files ------------------------------------------------------------------


def families_root() -> Traversable:
    return resources.files("storylint.families")


def family_folders() -> list[Traversable]:
    return sorted(
        (f for f in families_root().iterdir() if f.is_dir() and f.name[0] not in "_."),
        key=lambda f: f.name,
    )


def case_files() -> list[tuple[str, Traversable]]:
    """(family, file) for every `families/<family>/cases/*.yaml`, in a stable order."""
    found = []
    for family in family_folders():
        folder = family.joinpath(CASES_FOLDER)
        if folder.is_dir():
            found += [(family.name, f) for f in folder.iterdir() if f.name.endswith(".yaml")]
    return sorted(found, key=lambda item: (item[0], item[1].name))


def shown_path(path: Traversable) -> str:
    """A cases file or doc as a writer finds it in the repository: src/storylint/families/..."""
    text = str(path)
    at = text.rfind("storylint/families/")
    return ("src/" + text[at:]) if at >= 0 else text


def doc_file(rule: Any) -> Traversable:
    return families_root().joinpath(rule.family, DOCS_FOLDER, f"{rule.id}.md")


# --- reading and validating a cases file ------------------------------------------------


def _failer(where: str):
    def fail(key: str, problem: str) -> CasesError:
        return CasesError(f"{where}: {key}: {problem}")

    return fail


def _load_mapping(text: str, where: str, file_keys: tuple[str, ...]) -> dict:
    """The file's YAML mapping, with no key outside `file_keys`."""
    fail = _failer(where)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else "yaml"
        raise fail(line, f"not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict):
        raise CasesError(f"{where}: expected a mapping with keys {', '.join(file_keys)}")
    for key in data:
        if key not in file_keys:
            raise fail(str(key), f"unknown key (expected one of {', '.join(file_keys)})")
    return data


def _parse_entries(
    data: dict, where: str, case_keys: dict[str, tuple[type, tuple[str, ...], bool]]
) -> list[tuple[str, dict]]:
    """(kind, entry) for every case under fires and quiet, each checked against `case_keys`."""
    fail = _failer(where)
    found: list[tuple[str, dict]] = []
    for kind in KINDS:
        entries = data.get(kind)
        if not isinstance(entries, list) or not entries:
            raise fail(kind, "required: a list of at least one case")
        names: set[str] = set()
        for i, entry in enumerate(entries):
            at = f"{kind}[{i}]"
            if not isinstance(entry, dict):
                raise fail(at, "expected a mapping with name and text")
            for key, value in entry.items():
                spec = case_keys.get(key)
                if spec is None:
                    allowed = ", ".join(k for k, s in case_keys.items() if kind in s[1])
                    raise fail(f"{at}.{key}", f"unknown key (expected one of {allowed})")
                kind_of, kinds, _ = spec
                if kind not in kinds:
                    raise fail(f"{at}.{key}", f"only {' and '.join(kinds)} cases take {key}")
                if not isinstance(value, kind_of) or not value:
                    raise fail(f"{at}.{key}", f"expected non-empty {kind_of.__name__}")
            for key, (_, kinds, required) in case_keys.items():
                if required and kind in kinds and key not in entry:
                    raise fail(f"{at}.{key}", "required")
            name = entry["name"]
            if slug(name) in names:
                raise fail(f"{at}.name", f"{name!r} is used twice (test ids must be unique)")
            names.add(slug(name))
            quotes = entry.get("quotes", [])
            for j, quote in enumerate(quotes):
                if not isinstance(quote, str) or not quote:
                    raise fail(f"{at}.quotes[{j}]", "expected non-empty text")
                if quote not in entry["text"] and quote not in entry.get("bible", ""):
                    raise fail(f"{at}.quotes[{j}]", f"{quote!r} is not in the text or bible")
            found.append((kind, entry))
    return found


def _case(rule: str, kind: str, entry: dict, where: str, family: str | None = None) -> Case:
    return Case(
        rule=rule,
        kind=kind,
        name=entry["name"],
        text=entry["text"],
        origin=where,
        quotes=tuple(entry.get("quotes", [])),
        message=entry.get("message"),
        bible=entry.get("bible"),
        source=entry.get("source"),
        xfail=entry.get("xfail"),
        family=family,
        severity=entry.get("severity"),
    )


def parse_cases(text: str, where: str, expect_rule: str | None = None) -> tuple[str, list[Case]]:
    """(rule id, cases) from a cases file's text; CasesError names the file, key and problem."""
    fail = _failer(where)
    data = _load_mapping(text, where, FILE_KEYS)
    rule = data.get("rule")
    if not isinstance(rule, str) or not rule:
        raise fail("rule", "required: the rule id, e.g. OBJ001")
    if expect_rule is not None and rule != expect_rule:
        raise fail("rule", f"{rule} in a file named for {expect_rule}")
    entries = _parse_entries(data, where, CASE_KEYS)
    return rule, [_case(rule, kind, entry, where) for kind, entry in entries]


@dataclass(frozen=True)
class Suite:
    """One story suite file: a family's cases, and the quiet cases known to fire (name: why)."""

    family: str
    cases: tuple[Case, ...]
    known_noisy: dict[str, str]


def parse_suite(text: str, where: str, expect_family: str | None = None) -> Suite:
    """A story suite file (one family, each fires case naming its rule); CasesError names the
    file, key and problem, as parse_cases does."""
    fail = _failer(where)
    data = _load_mapping(text, where, SUITE_FILE_KEYS)
    family = data.get("family")
    if not isinstance(family, str) or not family:
        raise fail("family", "required: the rule family, e.g. objects")
    if expect_family is not None and family != expect_family:
        raise fail("family", f"{family} in a file named for {expect_family}")
    entries = _parse_entries(data, where, SUITE_CASE_KEYS)
    for i, entry in enumerate(e for kind, e in entries if kind == "fires"):
        severity = entry.get("severity")
        if severity is not None and severity not in SUITE_SEVERITIES:
            raise fail(f"fires[{i}].severity", f"expected one of {', '.join(SUITE_SEVERITIES)}")
    quiet_names = {e["name"] for kind, e in entries if kind == "quiet"}
    noisy: dict[str, str] = {}
    listed = data.get("known_noisy", [])
    if not isinstance(listed, list):
        raise fail("known_noisy", "expected a list of {name, reason}")
    for i, item in enumerate(listed):
        at = f"known_noisy[{i}]"
        if not isinstance(item, dict) or set(item) != set(NOISY_KEYS):
            raise fail(at, f"expected a mapping with exactly {', '.join(NOISY_KEYS)}")
        if not all(isinstance(item[k], str) and item[k] for k in NOISY_KEYS):
            raise fail(at, "name and reason must be non-empty text")
        if item["name"] not in quiet_names:
            raise fail(f"{at}.name", f"{item['name']!r} is not a quiet case of this file")
        noisy[item["name"]] = item["reason"]
    cases = tuple(
        _case(entry.get("rule", ""), kind, entry, where, family) for kind, entry in entries
    )
    return Suite(family, cases, noisy)


@cache
def all_cases() -> dict[str, list[Case]]:
    """Every cases file's cases, by rule id (the file's stem)."""
    by_rule: dict[str, list[Case]] = {}
    for _, path in case_files():
        rule_id = path.name.removesuffix(".yaml")
        _, cases = parse_cases(path.read_text(encoding="utf-8"), shown_path(path), rule_id)
        by_rule[rule_id] = cases
    return by_rule


def case(rule_id: str, name: str) -> Case:
    """One named case, for a test that checks more than the tester does."""
    for c in all_cases()[rule_id]:
        if c.name == name:
            return c
    raise KeyError(f"{rule_id} has no case named {name!r}")


# --- rule docs --------------------------------------------------------------------------


def doc_examples(rule_id: str, doc: str, where: str) -> list[Case]:
    """The blockquotes under "## Example that fires" (fires) and "## Example that does not"
    (quiet), one case each. A ```yaml block in the fires section is the story bible for every
    example of the doc (LIF002, REL002)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in doc.splitlines():
        if line.startswith("## "):
            title = next((h for h in (FIRES_HEADING, QUIET_HEADING) if line[3:].startswith(h)), "")
            current = sections.setdefault(title, []) if title else None
        elif current is not None:
            current.append(line)
    bible = _fenced_yaml(sections.get(FIRES_HEADING, []))
    found = []
    for heading, kind in ((FIRES_HEADING, "fires"), (QUIET_HEADING, "quiet")):
        quotes = _blockquotes(sections.get(heading, []))
        for i, text in enumerate(quotes):
            name = "doc" if len(quotes) == 1 else f"doc {i + 1}"
            found.append(Case(rule_id, kind, name, text, where, bible=bible))
    return found


def _blockquotes(lines: list[str]) -> list[str]:
    """Each blockquote as manuscript text: `>` alone separates paragraphs, wrapped lines join."""
    quotes: list[list[list[str]]] = []
    inside = False
    for line in lines:
        if not line.startswith(">"):
            inside = False
            continue
        body = line[1:].removeprefix(" ").rstrip()
        if not inside:
            quotes.append([[]])
            inside = True
        paragraphs = quotes[-1]
        if not body:
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            paragraphs[-1].append(MARKDOWN_ESCAPE.sub(r"\1", body))
    return ["\n\n".join(" ".join(p) for p in q if p) for q in quotes]


def _fenced_yaml(lines: list[str]) -> str | None:
    inside, body = False, []
    for line in lines:
        if not inside and line.strip() in ("```yaml", "```yml"):
            inside = True
        elif inside and line.strip() == "```":
            return "\n".join(body) + "\n"
        elif inside:
            body.append(line)
    return None


# --- running a case as `storylint check` does -------------------------------------------


@dataclass(frozen=True)
class Checked:
    """What `storylint check` shows for one passage (every rule), and the text report."""

    shown: tuple[Any, ...]
    report: str


def min_severity_for(rule: Any) -> Any:
    """The default report's severity (warning), or the rule's own when it is lower: an info
    rule is seen with `storylint check --severity info`, never at the default."""
    from storylint.decisions.acceptance import DEFAULT_SEVERITY

    return rule.severity if rule.severity.rank < DEFAULT_SEVERITY.rank else DEFAULT_SEVERITY


@cache
def check_text(text: str, bible: str | None, min_severity: Any) -> Checked:
    """Run the default pipeline and every rule on `text`, then the default reporting policy."""
    from storylint.canon import parse_bible
    from storylint.canon.series import SeriesRun
    from storylint.decisions.acceptance import DEFAULT_CONFIDENCE, Policy, decide
    from storylint.engine import check_manuscript
    from storylint.ingest import manuscript_from_text
    from storylint.report import REPORTERS, ManuscriptResult, Report
    from storylint.rules.registry import all_rules

    manuscript = manuscript_from_text(text, CASE_PATH)
    canon = parse_bible(bible, BIBLE_PATH) if bible is not None else None
    canon = SeriesRun(several=False).canon_for(canon, manuscript)  # as the CLI does
    _, findings = check_manuscript(manuscript, canon=canon)
    policy = Policy(min_severity=min_severity, min_confidence=DEFAULT_CONFIDENCE)
    outcome = decide(findings, policy)
    result = ManuscriptResult(
        path=manuscript.path,
        findings=outcome.shown,
        sources=[s.path for s in manuscript.sources],
        words=manuscript.word_count,
        accepted=outcome.accepted,
    )
    report = REPORTERS["text"](Report(results=[result], rules=all_rules()), color=False)
    return Checked(tuple(outcome.shown), report)


def run_case(c: Case, rule: Any) -> Checked:
    return check_text(c.text, c.bible, min_severity_for(rule))
