"""Peak memory and time of `storylint check` on generated pathological inputs.

Usage:
    python benchmarks/bench_memory.py [--quick] [--only NAME ...] [--json]

Why: every input within the reading budgets must check in under 1.5 GB
(issue 17). Each case is generated into a temporary folder and checked by
`python -m storylint.cli check FILE` in a subprocess, with the parse cache off.
Two memory figures are reported, because a long check parses on two worker
processes:
- `max_rss_mb`: the largest single process (resource.getrusage of the
  children, measured in a fresh wrapper process per case so cases do not mix);
- `tree_peak_mb`: the largest sum over the check and its workers, sampled
  from /proc every 0.1 s (Linux; 0 elsewhere).
Time is given as wall seconds and as CPU seconds (user + system, workers
included), which is steadier on a shared machine.

Cases (sizes with --quick in brackets):
- emoji-line: 480 KB of emoji on one line (the issue's 804 MB / 100 s case);
- emoji-spaced: 480 KB of emoji separated by spaces;
- one-line: 10 MB of prose with no newline [1 MB];
- sixty-mb: 60 MB of prose (under the 64 MB file budget, over the words
  budget: it must be refused quickly, with little memory);
- largest: prose at the words budget (limits.MAX_WORDS, 2,000,000 words) in
  paragraphs (about 11 MB; many minutes) [300,000 words];
- tiny-paragraphs: one-word paragraphs, as many as the paragraphs budget allows
  (limits.MAX_PARAGRAPHS, 150,000) [20,000].
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from storylint.ingest import limits

EMOJI = "😀🎉🚀🌍🔥"
SENTENCES = (
    "Mara walked to the harbour before dawn. ",
    "The gulls were loud over the water! ",
    "Did anyone see the boat leave? ",
    "Her brother kept the lamp lit all night. ",
)


def _prose(chars: int) -> str:
    parts, total, i = [], 0, 0
    while total < chars:
        part = SENTENCES[i % len(SENTENCES)]
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts).strip()


def _paragraphs(words: int) -> str:
    paragraph = _prose(600)  # about 110 words
    count = max(1, words // len(paragraph.split()))
    return "\n\n".join([paragraph] * count) + "\n"


def cases(quick: bool) -> dict[str, Callable[[], str]]:
    tiny = 20_000 if quick else limits.MAX_PARAGRAPHS
    return {
        "emoji-line": lambda: EMOJI * 24_000 + "\n",
        "emoji-spaced": lambda: " ".join(EMOJI * 19_200) + "\n",
        "one-line": lambda: _prose(1_000_000 if quick else 10_000_000) + "\n",
        "sixty-mb": lambda: _paragraphs(60 * 1024 * 1024 // 5),
        "largest": lambda: _paragraphs(300_000 if quick else limits.MAX_WORDS),
        "tiny-paragraphs": lambda: "\n\n".join(["Yes."] * tiny) + "\n",
    }


def _tree_rss_kb(root: int) -> int:
    """Resident memory of `root` and its descendants, from /proc (0 where there is none)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return 0
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            status = (entry / "status").read_text()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(stat[1])
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[pid] = int(line.split()[1])
    total = 0
    for pid in rss:
        walk = pid
        while walk not in (0, 1) and walk != root:
            walk = parents.get(walk, 0)
        if walk == root:
            total += rss[pid]
    return total


def measure_one(path: str) -> dict:
    """Check `path` in a subprocess: exit code, seconds, peak memory (run in a fresh wrapper)."""
    env = {**os.environ, "STORYLINT_CACHE": "off"}
    start = time.perf_counter()
    check = subprocess.Popen(
        [sys.executable, "-m", "storylint.cli", "check", path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    peak = 0
    while check.poll() is None:
        peak = max(peak, _tree_rss_kb(check.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    stderr = check.stderr.read() if check.stderr else ""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime  # the check and its workers, all CPUs
    scale = 1024 if sys.platform == "darwin" else 1  # bytes on macOS, KB elsewhere
    return {
        "exit": check.returncode,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "max_rss_mb": round(usage.ru_maxrss / scale / 1024),
        "tree_peak_mb": round(peak / 1024),
        "stderr": stderr.strip().splitlines()[-3:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs (minutes, not hours)")
    parser.add_argument("--only", nargs="*", help="case names to run")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one file
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one)))
        return
    results = {}
    with tempfile.TemporaryDirectory(prefix="storylint-bench-memory-") as folder:
        for name, build in cases(args.quick).items():
            if args.only and name not in args.only:
                continue
            path = Path(folder) / f"{name}.txt"
            path.write_text(build(), encoding="utf-8")
            size = path.stat().st_size
            # A fresh wrapper per case, so getrusage's children maximum is this case's alone.
            wrapper = subprocess.run(
                [sys.executable, __file__, "--one", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(wrapper.stdout)
            result["mb_on_disk"] = round(size / 1024 / 1024, 1)
            results[name] = result
            path.unlink()
            if not args.json:
                print(
                    f"{name:16} {result['mb_on_disk']:6.1f} MB  exit {result['exit']}  "
                    f"{result['seconds']:7.1f} s ({result['cpu_seconds']:.0f} s CPU)  "
                    f"max RSS {result['max_rss_mb']:5} MB  "
                    f"tree peak {result['tree_peak_mb']:5} MB",
                    flush=True,
                )
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
