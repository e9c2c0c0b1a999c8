"""The baseline: findings a writer accepted all at once, recognised again after edits.

`storylint baseline` writes every current finding to a JSON file; `storylint
check` with that file reports only findings not in it. A finding is recognised
by a fingerprint of its rule and its quoted passages, never by offsets or line
numbers, so writing a new scene in chapter 2 leaves chapter 9's accepted
finding accepted, while rewording one of the finding's own passages changes
the fingerprint and brings it back for a fresh look. docs/accepting-findings.md
explains this to writers.

Fingerprint: sha256 of the rule id, each passage's role and its quote
(whitespace collapsed, case and typographic quotes folded), and an occurrence
number that tells apart findings whose rule and quotes are identical (the
second "her coat" finding of the same kind is occurrence 1). Occurrences are
counted over all of a manuscript's findings in text order, before any filter,
so changing --severity or --min-confidence never changes a fingerprint.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storylint import __version__
from storylint.errors import StorylintError
from storylint.findings import Finding
from storylint.ingest.filekind import not_a_file, special_kind
from storylint.ingest.nesting import NestingError, check_json_depth, recursion_room, too_deep

FORMAT = 1
FORMAT_KEY = "storylint_baseline"
# Smart quotes, dashes and non-breaking spaces are typography, not an edit.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


class BaselineError(StorylintError):
    """A baseline file storylint cannot use: one line, exit status 2."""


def normalise(quote: str) -> str:
    return " ".join(quote.translate(_FOLD).split()).casefold()


def _identity(finding: Finding) -> str:
    passages = "\x1e".join(f"{ev.role}\x1f{normalise(ev.quote)}" for ev in finding.evidence)
    return f"{finding.rule}\x1d{passages}"


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """One fingerprint per finding, in the order given (a manuscript's findings, text order)."""
    seen: Counter[str] = Counter()
    out = []
    for finding in findings:
        identity = _identity(finding)
        occurrence = seen[identity]
        seen[identity] += 1
        digest = hashlib.sha256(f"{identity}\x1d{occurrence}".encode()).hexdigest()
        out.append(digest[:32])
    return out


@dataclass
class Baseline:
    """A loaded baseline: how many times each fingerprint was accepted.

    `take` uses an acceptance up, so two identical findings need two entries
    and a third one appearing later is reported.
    """

    path: str
    counts: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._left = Counter(self.counts)

    def take(self, fingerprint: str) -> bool:
        if self._left[fingerprint] > 0:
            self._left[fingerprint] -= 1
            return True
        return False

    def __len__(self) -> int:
        return sum(self.counts.values())


def entry(finding: Finding, fingerprint: str) -> dict[str, Any]:
    """A baseline entry: the fingerprint decides; the rest lets a person review the file."""
    primary = finding.primary
    line, _ = primary.source.line_col(primary.start)
    return {
        "fingerprint": fingerprint,
        "rule": finding.rule,
        "name": finding.name,
        "file": primary.source.path,
        "line": line,
        "message": finding.message,
        "quotes": [ev.quote for ev in finding.evidence],
    }


def render(entries: list[dict[str, Any]]) -> str:
    data = {FORMAT_KEY: FORMAT, "version": __version__, "accepted": entries}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: str | Path, entries: list[dict[str, Any]]) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(render(entries))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write: {exc.strerror or exc}") from None


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; anything wrong with it is one `BaselineError` line."""
    name = str(path)
    # Before opening: a named pipe would block the open for ever (ingest/filekind).
    if kind := special_kind(path):
        raise BaselineError(f"{name}: {not_a_file(kind)}")
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        # json recurses once per level: a file nested 100,000 deep must be refused first.
        check_json_depth(text)
        with recursion_room():
            data = json.loads(text)
    except NestingError as exc:
        raise BaselineError(f"{name}: {exc}") from None
    except RecursionError:
        raise BaselineError(f"{name}: is nested too deeply to read; {too_deep()}") from None
    except FileNotFoundError:
        raise BaselineError(
            f"{name}: no such baseline file (write one with `storylint baseline`)"
        ) from None
    except IsADirectoryError:
        raise BaselineError(f"{name}: is a folder, not a baseline file") from None
    except OSError as exc:
        raise BaselineError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{name}: is not a storylint baseline (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{name}: is not a storylint baseline (invalid JSON at line {exc.lineno}, "
            f"column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(data, dict) or FORMAT_KEY not in data:
        raise BaselineError(f"{name}: is not a storylint baseline (no {FORMAT_KEY!r} key)")
    if data[FORMAT_KEY] != FORMAT:
        raise BaselineError(
            f"{name}: baseline format {data[FORMAT_KEY]!r} is not one this storylint reads "
            f"(it reads {FORMAT}); write it again with `storylint baseline`"
        )
    accepted = data.get("accepted")
    if not isinstance(accepted, list):
        raise BaselineError(f"{name}: is not a storylint baseline ('accepted' is not a list)")
    counts: Counter[str] = Counter()
    for n, item in enumerate(accepted, start=1):
        fingerprint = item.get("fingerprint") if isinstance(item, dict) else None
        if not isinstance(fingerprint, str) or not fingerprint:
            raise BaselineError(f"{name}: accepted entry {n} has no fingerprint")
        counts[fingerprint] += 1
    return Baseline(name, counts)
