"""TRIP evaluation: does the world engine find the physically implausible story, and why?

TRIP (Storks et al., Findings of EMNLP 2021) pairs two 5-7 sentence stories
that differ in one sentence; one is implausible, and `confl_pairs` names the
two sentences that conflict. Each story becomes a small manuscript, one
paragraph per sentence, so a finding's paragraph index is a sentence index.

Decisions (documented in docs/rules-objects.md):
- Only the OBJ rules run, at every severity and confidence: TRIP measures the
  engine's reasoning, not the default reporting threshold for novels.
- The story whose strongest finding has the higher confidence is called
  implausible. When neither story has a finding (or both tie), the pair is a
  tie, broken deterministically toward the first story; `decided` counts the
  pairs that were not ties.
- Consistency (as in TRIP): the pair counts only when the story is right AND
  the strongest finding's two passages are exactly a labelled conflicting
  sentence pair (in either order).

The user's path (`user_path`, reported beside the engine's figures): what a writer who
pastes each story into a file and runs `storylint check` sees. Each story is ONE paragraph,
read by the ordinary plain-text reader, every rule runs, and only the findings the default
policy shows count (warning and above, confidence 0.5 and above). A pair is decided when
exactly one story gets a finding; that story is called implausible. Pairs with findings on
both stories or on neither are undecided and count as coin flips in the accuracy.

Usage: python -m storylint.evaluation.trip [PATH]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from storylint.engine import run_rules
from storylint.errors import InputError
from storylint.evaluation.simple_text import simple_manuscript
from storylint.findings import Finding
from storylint.pipeline.build import build_model
from storylint.rules.registry import all_rules


def read_pairs(path: str | Path) -> list[dict]:
    """The file is JSON Lines (one pair per line); a JSON array is accepted too."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read TRIP data: {exc.strerror}") from None
    try:
        if text.lstrip().startswith("["):
            return json.loads(text)
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not TRIP JSON: {exc}") from None


def story_findings(sentences: list[str], nlp=None) -> tuple[list[Finding], dict[int, int]]:
    """Run the OBJ rules on one story; map each finding's paragraphs back to sentence indices."""
    text = "\n\n".join(" ".join(s.split()) for s in sentences)
    manuscript = simple_manuscript(text, "<trip>")
    starts = {p.start: i for i, p in enumerate(manuscript.paragraphs())}
    model = build_model(manuscript, nlp)
    rules = [r for r in all_rules() if r.family == "objects"]
    return run_rules(model, rules), starts


def user_path_flags(story: str) -> bool:
    """Whether `storylint check` at default settings reports anything on this story."""
    from storylint.decisions.acceptance import DEFAULT_CONFIDENCE, DEFAULT_SEVERITY
    from storylint.engine import check_manuscript
    from storylint.ingest import manuscript_from_text

    _, findings = check_manuscript(manuscript_from_text(story, "story.txt"))
    return any(
        f.severity.rank >= DEFAULT_SEVERITY.rank and f.confidence >= DEFAULT_CONFIDENCE
        for f in findings
    )


def evaluate_user_path(pairs: list[dict]) -> dict:
    """The user's path (module docstring): one paragraph a story, all rules, default policy."""
    decided = right = flagged_plausible = 0
    for pair in pairs:
        flags = [
            user_path_flags(" ".join(" ".join(s.split()) for s in story["sentences"]))
            for story in pair["stories"]
        ]
        implausible = 1 - pair["pair_plausible_story"]
        flagged_plausible += flags[1 - implausible]
        if flags[0] != flags[1]:
            decided += 1
            right += flags[implausible]
    n = len(pairs) or 1
    return {
        "pairs": len(pairs),
        "decided": decided,
        "decided_correct": right,
        "accuracy_ties_halved": (right + 0.5 * (len(pairs) - decided)) / n,
        "plausible_stories_flagged": flagged_plausible,
    }


def _sentence_of(offset: int, starts: dict[int, int]) -> int:
    return max((i for start, i in starts.items() if start <= offset), default=0)


def evaluate(path: str | Path, limit: int | None = None) -> dict:
    pairs = read_pairs(path)[:limit]
    correct = consistent = decided = decided_correct = 0
    examples = []
    for pair in pairs:
        scored = []
        for story in pair["stories"]:
            findings, starts = story_findings(story["sentences"])
            best = max(findings, key=lambda f: f.confidence, default=None)
            conflict = None
            if best is not None:
                ev = {e.role: e for e in best.evidence}
                a = _sentence_of(ev["established"].start, starts)
                b = _sentence_of(ev["contradiction"].start, starts)
                conflict = sorted((a, b))
            scored.append((best.confidence if best else 0.0, best, conflict))
        implausible = 1 - pair["pair_plausible_story"]
        top = max(scored[0][0], scored[1][0])
        if scored[0][0] == scored[1][0]:
            picked = 0
        else:
            picked = 0 if scored[0][0] == top else 1
            decided += 1
        right = picked == implausible
        correct += right
        if scored[0][0] != scored[1][0]:
            decided_correct += right
        labelled = [sorted(p) for p in pair["pair_confl_pairs"]]
        pair_ok = right and scored[picked][2] is not None and scored[picked][2] in labelled
        consistent += pair_ok
        picked_finding = scored[picked][1]
        examples.append(
            {
                "id": pair["example_id"],
                "picked": picked,
                "implausible": implausible,
                "predicted_conflict": scored[picked][2],
                "labelled_conflicts": labelled,
                "message": picked_finding.message if picked_finding else None,
                "plausible_story_flagged": scored[1 - implausible][1] is not None,
            }
        )
    n = len(pairs) or 1
    return {
        "pairs": len(pairs),
        "accuracy": correct / n,
        "consistency": consistent / n,
        "decided": decided,
        "decided_correct": decided_correct,
        # Ties counted as coin flips: what the findings alone earn, whatever the tie rule.
        "accuracy_ties_halved": (decided_correct + 0.5 * (len(pairs) - decided)) / n,
        "false_alarm_stories": sum(e["plausible_story_flagged"] for e in examples),
        "user_path": evaluate_user_path(pairs),
        "examples": examples,
    }


def format_report(result: dict) -> str:
    lines = [
        f"TRIP pairs: {result['pairs']}",
        f"accuracy: {result['accuracy']:.1%}  (implausible story picked; ties -> first story)",
        f"consistency: {result['consistency']:.1%}  (story and conflicting sentence pair right)",
        f"decided (not ties): {result['decided']}, of which right: {result['decided_correct']}",
        f"accuracy with ties as coin flips: {result['accuracy_ties_halved']:.1%}",
        f"plausible stories with a finding: {result['false_alarm_stories']}",
    ]
    user = result.get("user_path")
    if user:
        lines += [
            "user's path (one paragraph a story, every rule, `storylint check` defaults):",
            f"  decided: {user['decided']} of {user['pairs']}, of which right: "
            f"{user['decided_correct']}",
            f"  accuracy with undecided pairs as coin flips: {user['accuracy_ties_halved']:.1%}",
            f"  plausible stories flagged: {user['plausible_stories_flagged']}",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m storylint.evaluation.trip TRIP_JSONL", file=sys.stderr)
        return 2
    result = evaluate(args[0])
    print(format_report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
