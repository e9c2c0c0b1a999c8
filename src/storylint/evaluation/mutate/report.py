"""Recall tables: per family, per half, per distance band and per operator; clean-text findings.

`summarize(run)` turns the per-slip records into counts (stored in the JSON as "summary");
`format_report(run)` prints them for people. Recall is caught / placed slips; slips an operator
could not place in a text (no room at any of its bands) are counted apart, never as misses.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from storylint.evaluation.mutate.operators import FAMILIES
from storylint.evaluation.mutate.templates import BANDS, HALVES

LEVELS = ("default", "loosest")


def _cell(slips: list[dict], level: str) -> dict:
    caught = sum(1 for s in slips if s["caught"][level])
    return {
        "n": len(slips),
        "caught": caught,
        "recall": round(caught / len(slips), 4) if slips else None,
    }


def _group(slips: Iterable[dict], *keys: str) -> dict:
    groups: dict = defaultdict(list)
    for s in slips:
        groups["|".join(s[k] for k in keys)].append(s)
    return groups


def summarize(run: dict) -> dict:
    slips = run["slips"]
    summary: dict = {"slips": len(slips)}
    for level in LEVELS:
        summary[level] = {
            "all": _cell(slips, level),
            "by_family": {k: _cell(v, level) for k, v in sorted(_group(slips, "family").items())},
            "by_half": {k: _cell(v, level) for k, v in sorted(_group(slips, "half").items())},
            "by_band": {k: _cell(v, level) for k, v in sorted(_group(slips, "band").items())},
            "by_family_half": {
                k: _cell(v, level) for k, v in sorted(_group(slips, "family", "half").items())
            },
            "by_family_band": {
                k: _cell(v, level) for k, v in sorted(_group(slips, "family", "band").items())
            },
            "by_operator": {
                k: _cell(v, level) for k, v in sorted(_group(slips, "operator").items())
            },
            "by_operator_half": {
                k: _cell(v, level) for k, v in sorted(_group(slips, "operator", "half").items())
            },
        }
    words = sum(n["words"] for n in run["novels"])
    clean: dict = {"words": words}
    for level in LEVELS:
        by_rule: Counter = Counter()
        for n in run["novels"]:
            by_rule.update(n["clean_findings"][level])
        total = sum(by_rule.values())
        clean[level] = {
            "findings": total,
            "per_10k_words": round(total * 10_000 / words, 3) if words else None,
            "by_rule": dict(sorted(by_rule.items())),
        }
    summary["clean"] = clean
    unplaced: Counter = Counter(u["operator"] for n in run["novels"] for u in n["unplaced"])
    summary["unplaced"] = dict(sorted(unplaced.items()))
    return summary


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _fmt(cell: dict | None) -> str:
    if not cell or not cell["n"]:
        return "-"
    return f"{cell['caught']}/{cell['n']} {cell['recall']:.0%}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(
        h.ljust(w) if i == 0 else h.rjust(w)
        for i, (h, w) in enumerate(zip(header, widths, strict=True))
    )
    out = [line, "-" * len(line)]
    for row in rows:
        out.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return out


def format_report(run: dict) -> str:
    summary = run.get("summary") or summarize(run)
    opts = run["options"]
    excerpt = f"first {opts['words']:,} words of each" if opts["words"] else "whole texts"
    d, loose = summary["default"], summary["loosest"]
    families = [f for f in FAMILIES if f in d["by_family"]]
    lines = [
        f"storylint eval mutate: {_count(len(run['novels']), 'novel')} ({excerpt}), "
        f"{_count(opts['per_operator'], 'slip')} per operator per novel, seed {opts['seed']}, "
        f"half {opts['half']}; {summary['slips']} slips in {run['seconds']:.0f} s",
        "",
        "Recall: caught/slips. default = severity >= warning and confidence >= 0.5 (as "
        "`storylint check` shows); loosest = --severity info --min-confidence 0.",
        "",
    ]
    rows = []
    for fam in families:
        rows.append(
            [
                fam,
                *(_fmt(d["by_family_half"].get(f"{fam}|{h}")) for h in HALVES),
                _fmt(d["by_family"][fam]),
                *(_fmt(loose["by_family_half"].get(f"{fam}|{h}")) for h in HALVES),
                _fmt(loose["by_family"][fam]),
            ]
        )
    rows.append(
        [
            "all",
            *(_fmt(d["by_half"].get(h)) for h in HALVES),
            _fmt(d["all"]),
            *(_fmt(loose["by_half"].get(h)) for h in HALVES),
            _fmt(loose["all"]),
        ]
    )
    header = ["family", "tuning", "held-out", "default", "tuning", "held-out", "loosest"]
    lines += ["Per family and half (default settings | loosest settings)", ""]
    lines += _table(header, rows)

    bands = [b for b in BANDS if b in d["by_band"]]
    rows = [
        [fam, *(_fmt(d["by_family_band"].get(f"{fam}|{b}")) for b in bands)] for fam in families
    ]
    rows.append(["all", *(_fmt(d["by_band"].get(b)) for b in bands)])
    rows.append(["all, loosest", *(_fmt(loose["by_band"].get(b)) for b in bands)])
    lines += ["", "Per distance band (default settings)", ""]
    lines += _table(["family", *bands], rows)

    rows = [
        [
            op,
            *(_fmt(d["by_operator_half"].get(f"{op}|{h}")) for h in HALVES),
            _fmt(d["by_operator"][op]),
            _fmt(loose["by_operator"][op]),
        ]
        for op in d["by_operator"]
    ]
    lines += ["", "Per operator", ""]
    lines += _table(["operator", "tuning", "held-out", "default", "loosest"], rows)

    clean = summary["clean"]
    lines += ["", f"Findings on the clean texts ({clean['words']:,} words): false alarms", ""]
    for level in LEVELS:
        c = clean[level]
        rules = ", ".join(f"{rule} {n}" for rule, n in c["by_rule"].items()) or "none"
        rate = c["per_10k_words"] if c["per_10k_words"] is not None else 0.0
        lines.append(f"  {level}: {c['findings']} = {rate:.2f} per 10k words ({rules})")
    if summary["unplaced"]:
        lines += [
            "",
            "Not placed (no room in the text at any of the operator's bands): "
            + ", ".join(f"{op} {n}" for op, n in summary["unplaced"].items()),
        ]
    return "\n".join(lines) + "\n"
