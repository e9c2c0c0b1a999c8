"""The rule tester: every rule's cases, its doc's examples and a snapshot of its report.

In the manner of ESLint's RuleTester and Ruff's fixtures and snapshots, a rule's tests are
data, not code: `src/storylint/families/<family>/cases/<RULEID>.yaml`, one file per rule.

    rule: OBJ001              # required: the file's name, and a rule of this family
    fires:                    # required: passages that must produce a finding of this rule
      - name: his coat becomes hers while she wears it   # required; unique in the file
        source: "storylint's own example"   # optional: where the prose was adapted from,
                                            # with its licence
        text: |                             # required: the passage as a plain-text file
          It was cold on the steps. Derek dropped his coat over Ivy's shoulders.

          At the door Ivy took off her coat and went inside.
        quotes: ["dropped his coat over Ivy's shoulders", "took off her coat"]
        message: "The coat"   # optional
    quiet:                    # required: near misses that must produce no finding of this rule
      - name: given, then called hers
        text: |
          Derek took off his coat and gave it to Ivy. ...

In `text`, blank lines separate paragraphs and a line "* * *" is a scene break. Each of
`quotes` (required in fires cases) is a substring of one of the evidence quotes of one
finding, whose message starts with `message` when that is given. Optional in any case:
`bible:` the story bible (YAML text, docs/story-bible.md) to check against, quoted in findings
as bible.yaml; `xfail: "reason"` a known miss (a strict xfail: it fails if it passes).

Any other key is an error, reported as `file: key: problem`.

Each case runs as `storylint check case.txt` would: the default pipeline and every rule
(`storylint.engine.check_manuscript`) over `storylint.ingest.manuscript_from_text`, then the
default reporting policy (`storylint.decisions.acceptance`: warning and above, confidence
0.5 and above). A rule whose own severity is info is seen only with `--severity info`, so its
cases run at that severity (and the default confidence).

Also run: each rule doc's blockquotes under "## Example that fires" (must fire) and
"## Example that does not" (must stay quiet; each blockquote when there are several); a
```yaml block in the fires section is the story bible for the doc's examples.

Snapshots: the text report (`storylint check --format text`, no colour) of each rule's first
fires case is `families/<family>/cases/<RULEID>.report.txt`, beside the cases; any change
of wording fails. Rewrite them with
`STORYLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_rule_cases.py`.

docs/rule-cases.md says the same for rule writers.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import storylint.families
from rule_case_helpers import (
    CASES_FOLDER,
    Case,
    CasesError,
    case_files,
    doc_examples,
    doc_file,
    parse_cases,
    run_case,
    shown_path,
)
from storylint.rules.registry import all_rules

FAMILIES = Path(storylint.families.__file__).parent
UPDATE = os.environ.get("STORYLINT_UPDATE_SNAPSHOTS") == "1"

RULES = {r.id: r for r in all_rules()}


def _load() -> tuple[dict[str, list[Case]], list[str], list[tuple[str, str, str]]]:
    """(cases by rule, schema errors, (family, rule id, file) of every cases file)."""
    by_rule: dict[str, list[Case]] = {}
    errors: list[str] = []
    files = []
    for family, path in case_files():
        where = shown_path(path)
        stem = path.name.removesuffix(".yaml")
        try:
            rule_id, cases = parse_cases(path.read_text(encoding="utf-8"), where, stem)
        except CasesError as exc:
            errors.append(str(exc))
            continue
        files.append((family, rule_id, where))
        by_rule[rule_id] = cases
    return by_rule, errors, files


CASES, SCHEMA_ERRORS, FILES = _load()


def _param(case: Case):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


def _doc_cases() -> list[Case]:
    found = []
    for rule in RULES.values():
        path = doc_file(rule)
        if path.is_file():
            found += doc_examples(rule.id, path.read_text(encoding="utf-8"), shown_path(path))
    return found


def _describe(checked) -> str:
    """What `storylint check` showed, for a failure message."""
    return "storylint check showed:\n" + checked.report


def _assert_case(case: Case) -> None:
    rule = RULES.get(case.rule)
    assert rule is not None, f"{case.origin}: {case.rule} is not a registered rule"
    checked = run_case(case, rule)
    mine = [f for f in checked.shown if f.rule == case.rule]
    if case.kind == "quiet":
        assert not mine, f"{case.rule} fired on a quiet case ({case.origin}).\n{_describe(checked)}"
        return
    assert mine, f"{case.rule} did not fire ({case.origin}).\n{_describe(checked)}"

    def matches(finding) -> bool:
        quotes = [e.quote for e in finding.evidence]
        return all(any(q in quote for quote in quotes) for q in case.quotes) and (
            case.message is None or finding.message.startswith(case.message)
        )

    assert any(matches(f) for f in mine), (
        f"{case.rule} fired, but no finding quotes {list(case.quotes)}"
        + (f" with a message starting {case.message!r}" if case.message else "")
        + f" ({case.origin}).\n{_describe(checked)}"
    )


# --- the cases files ---------------------------------------------------------------------


@pytest.mark.parametrize("case", [_param(c) for cases in CASES.values() for c in cases])
def test_case(case: Case) -> None:
    _assert_case(case)


@pytest.mark.parametrize("case", [_param(c) for c in _doc_cases()])
def test_doc_example(case: Case) -> None:
    _assert_case(case)


def test_cases_files_follow_the_schema() -> None:
    assert SCHEMA_ERRORS == []


def test_every_rule_has_a_cases_file_in_its_family() -> None:
    missing = [
        f"{rule.id}: no families/{rule.family}/{CASES_FOLDER}/{rule.id}.yaml"
        for rule in RULES.values()
        if not any(family == rule.family and rid == rule.id for family, rid, _ in FILES)
    ]
    assert missing == []


def test_every_cases_file_names_a_rule_of_its_family() -> None:
    wrong = []
    for family, rule_id, where in FILES:
        rule = RULES.get(rule_id)
        if rule is None:
            wrong.append(f"{where}: rule: {rule_id} is not a registered rule")
        elif rule.family != family:
            wrong.append(f"{where}: rule: {rule_id} belongs to the {rule.family} family")
    assert wrong == []


def test_every_rule_doc_has_examples() -> None:
    kinds: dict[str, set[str]] = {rule_id: set() for rule_id in RULES}
    for case in _doc_cases():
        kinds[case.rule].add(case.kind)
    lacking = [rule_id for rule_id, found in kinds.items() if found != {"fires", "quiet"}]
    assert lacking == [], "rule docs without a blockquote under each example heading"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param(
            "rule: OBJ001\nfires:\n  - name: a\n    text: x\n    quotes: [x]\n    qoutes: [x]\n"
            "quiet:\n  - name: b\n    text: y\n",
            "OBJ001.yaml: fires[0].qoutes: unknown key",
            id="unknown-case-key",
        ),
        pytest.param(
            "rule: OBJ001\nfires: []\nquiet: []\nexamples: []\n",
            "OBJ001.yaml: examples: unknown key",
            id="unknown-file-key",
        ),
        pytest.param(
            "rule: OBJ001\nfires:\n  - name: a\n    text: x\n    quotes: [x]\n"
            "quiet:\n  - name: b\n    text: y\n    quotes: [y]\n",
            "OBJ001.yaml: quiet[0].quotes: only fires cases take quotes",
            id="quotes-on-a-quiet-case",
        ),
        pytest.param(
            "rule: OBJ001\nfires:\n  - name: a\n    text: x\nquiet:\n  - name: b\n    text: y\n",
            "OBJ001.yaml: fires[0].quotes: required",
            id="fires-without-quotes",
        ),
        pytest.param(
            "rule: OBJ001\nfires:\n  - name: a\n    text: the coat\n    quotes: [the hat]\n"
            "quiet:\n  - name: b\n    text: y\n",
            "OBJ001.yaml: fires[0].quotes[0]: 'the hat' is not in the text or bible",
            id="quote-not-in-the-text",
        ),
        pytest.param(
            "rule: OBJ002\nfires:\n  - name: a\n    text: x\n    quotes: [x]\n"
            "quiet:\n  - name: b\n    text: y\n",
            "OBJ001.yaml: rule: OBJ002 in a file named for OBJ001",
            id="rule-of-another-file",
        ),
        pytest.param(
            "rule: OBJ001\nfires:\n  - name: a\n    text: x\n    quotes: [x]\n"
            "quiet:\n  - name: b\n    text: y\n  - name: B\n    text: z\n",
            "OBJ001.yaml: quiet[1].name: 'B' is used twice",
            id="duplicate-name",
        ),
    ],
)
def test_cases_schema_errors_name_file_key_and_problem(text: str, problem: str) -> None:
    with pytest.raises(CasesError) as raised:
        parse_cases(text, "OBJ001.yaml", "OBJ001")
    assert str(raised.value).startswith(problem), str(raised.value)


# --- snapshots ---------------------------------------------------------------------------


def _first_fires(rule_id: str) -> Case | None:
    return next((c for c in CASES.get(rule_id, []) if c.kind == "fires"), None)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_snapshot(rule_id: str) -> None:
    case = _first_fires(rule_id)
    assert case is not None, f"{rule_id} has no fires case to snapshot"
    report = run_case(case, RULES[rule_id]).report
    path = FAMILIES / RULES[rule_id].family / "cases" / f"{rule_id}.report.txt"
    if UPDATE:
        if not path.is_file() or path.read_text(encoding="utf-8") != report:
            path.write_text(report, encoding="utf-8")
        return
    assert path.is_file(), f"no snapshot {path}: run with STORYLINT_UPDATE_SNAPSHOTS=1"
    assert report == path.read_text(encoding="utf-8"), (
        f"{rule_id}'s report on {case.id} changed; if the new wording is right, rerun with "
        "STORYLINT_UPDATE_SNAPSHOTS=1 and commit the snapshot"
    )


def test_no_snapshot_without_a_rule() -> None:
    stale = sorted(
        p.name
        for p in FAMILIES.glob("*/cases/*.report.txt")
        if p.name.removesuffix(".report.txt") not in RULES
    )
    assert stale == [], "snapshots of rules that no longer exist: delete them"
