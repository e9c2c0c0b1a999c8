"""The long fuzz run: many more mutated and random files than CI tries, for a set time.

    python tools/fuzz_long.py --minutes 15 [--out FOLDER] [--seed N]

Same seeds, mutations and properties as the CI suite (tests/fuzz_helpers.py):
each example is a mutated seed file (docx, odt, epub, rtf, html, txt, md, and
every real file under tests/fixtures/real/) or a file of random Unicode,
thrown at the readers (`read_manuscript`, `extract`); one example in
`--check-every` also goes through `storylint check --format X`, X taking every
format in turn. A failure is an exception other than storylint's own
(InputError/StorylintError), a broken property (offsets, quotes, schema), or
an example over 30 s.

Failures are grouped by signature (exception type, message head, innermost
storylint frame); the first few files of each are saved under --out with a
FAILURES.md that says how to replay them (`storylint extract FILE`). The
summary prints examples tried per format and the failures.

Why not Hypothesis here: a long run wants fresh random examples for as long as
it is given and a record of every failure, not one shrunk failure and a stop.
Each example's file and mutation seed are in the saved record, so a failure
replays exactly: `fuzz_helpers.mutate(seed_bytes, suffix, seed, steps)`.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import random
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fuzz_helpers as fz  # noqa: E402

SAVED_PER_SIGNATURE = 3
RANGES = [
    (0x20, 0x7E),
    (0x00, 0x1F),
    (0xA0, 0x2FF),
    (0x2000, 0x206F),
    (0x0300, 0x036F),
    (0x4E00, 0x4FFF),
    (0x1F300, 0x1F64F),
    (0xFFF0, 0xFFFF),
    (0xD800, 0xDFFF),
]


def random_text(rng: random.Random) -> str:
    """Random Unicode, weighted towards prose-like ASCII with odd characters mixed in."""
    out = []
    for _ in range(rng.randint(0, 600)):
        if rng.random() < 0.7:
            out.append(rng.choice("abcdefghij klmnop qrstu vwxyz ,.\"'\n"))
        else:
            low, high = rng.choice(RANGES)
            out.append(chr(rng.randint(low, high)))
    return "".join(out)


def random_file(rng: random.Random) -> tuple[str, bytes]:
    suffix = rng.choice([".txt", ".md", ".html", ".rtf"])
    text = random_text(rng)
    if suffix == ".rtf":
        text = "{\\rtf1\\ansi " + text + "}"
    encoding = rng.choice(["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252"])
    try:
        return suffix, text.encode(encoding)
    except UnicodeEncodeError:
        return suffix, text.encode("utf-8", "surrogatepass")


def signature(exc: BaseException) -> str:
    """What groups failures: type, first line of the message, innermost storylint frame."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if "storylint" in f.filename or "fuzz_helpers" in f.filename
    ]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    if isinstance(exc, AssertionError | fz.Timeout):
        # A broken property: its message says which one.
        return f"{type(exc).__name__}: {str(exc).split(':')[0][:80]}"
    return f"{type(exc).__name__} at {where}"


class Run:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.tried: collections.Counter[str] = collections.Counter()
        self.refused: collections.Counter[str] = collections.Counter()
        self.reports: collections.Counter[str] = collections.Counter()
        self.failures: dict[str, list[str]] = {}
        self.counts: collections.Counter[str] = collections.Counter()
        self.failed: collections.Counter[str] = collections.Counter()

    def fail(self, exc: BaseException, data: bytes, suffix: str, how: str) -> None:
        sig = signature(exc)
        self.counts[sig] += 1
        self.failed[suffix.lstrip(".")] += 1
        saved = self.failures.setdefault(sig, [])
        if len(saved) >= SAVED_PER_SIGNATURE:
            return
        folder = self.out / hashlib.sha1(sig.encode()).hexdigest()[:10]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{len(saved) + 1}{suffix}"
        path.write_bytes(data)
        (folder / f"{len(saved) + 1}.txt").write_text(
            f"{sig}\n{how}\n{str(exc)[:300]}\n\n{''.join(traceback.format_exception(exc))}",
            encoding="utf-8",
        )
        saved.append(f"{path} ({how})")

    def write_index(self) -> None:
        lines = [
            "# Fuzz failures",
            "",
            "Replay one: `storylint extract FILE` (or the `check` command in its .txt).",
            "",
        ]
        for sig, paths in sorted(self.failures.items(), key=lambda kv: -self.counts[kv[0]]):
            lines.append(f"## {sig} ({self.counts[sig]} examples)")
            lines.extend(f"- {p}" for p in paths)
            lines.append("")
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "FAILURES.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=15.0, help="how long to run")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "storylint-fuzz-failures",
        help="where failures are saved (default: a folder in the system temp folder)",
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: time)")
    parser.add_argument(
        "--check-every", type=int, default=25, help="one example in N also runs `check`"
    )
    args = parser.parse_args()

    import os

    from storylint.report import REPORTERS

    os.environ.setdefault("STORYLINT_CACHE", "off")
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    seeds = fz.seeds()
    names = sorted(seeds)
    formats = list(REPORTERS)
    run = Run(args.out)
    deadline = time.monotonic() + args.minutes * 60
    work = Path(tempfile.mkdtemp(prefix="storylint-fuzz-"))
    examples = 0
    slowest: tuple[float, str] = (0.0, "")
    print(f"fuzz_long: seed {seed}, {len(names)} seed files, until {args.minutes} min", flush=True)
    while time.monotonic() < deadline:
        examples += 1
        if rng.random() < 0.1:
            suffix, data = random_file(rng)
            how = f"random {suffix}"
        else:
            # Each format equally often, whatever number of real files it has.
            suffix = rng.choice(sorted({seeds[n][0] for n in names}))
            name = rng.choice([n for n in names if seeds[n][0] == suffix])
            suffix, original = seeds[name]
            mseed, steps = rng.randrange(2**32), rng.randint(1, 4)
            data, kinds = fz.mutate(original, suffix, mseed, steps)
            how = f"mutate({name}, seed={mseed}, steps={steps}): {'+'.join(kinds)}"
        label = suffix.lstrip(".")
        run.tried[label] += 1
        path = work / f"example{suffix}"
        path.write_bytes(data)
        started = time.monotonic()
        try:
            error = fz.check_read(path)
        except BaseException as exc:  # noqa: BLE001 - everything is a finding here
            if isinstance(exc, KeyboardInterrupt):
                break
            run.fail(exc, data, suffix, how)
            continue
        took = time.monotonic() - started
        if took > slowest[0]:
            slowest = (took, how)
        if error is not None:
            run.refused[label] += 1
        if examples % args.check_every == 0:
            fmt = formats[(examples // args.check_every) % len(formats)]
            run.reports[fmt] += 1
            extracted = None if error is not None else fz.extract_or_none(path)
            try:
                fz.check_report(path, fmt, extracted, work)
            except BaseException as exc:  # noqa: BLE001
                if isinstance(exc, KeyboardInterrupt):
                    break
                run.fail(exc, data, suffix, f"{how}; storylint check --format {fmt}")
        if examples % 500 == 0:
            print(f"  {examples} examples, {sum(run.counts.values())} failures", flush=True)
    run.write_index()

    print(f"\n{examples} examples in {args.minutes} min (seed {seed})\n")
    print(f"{'format':8} {'tried':>7} {'refused':>8} {'failed':>7}")
    for label in sorted(run.tried):
        print(f"{label:8} {run.tried[label]:7} {run.refused[label]:8} {run.failed[label]:7}")
    print("\nreporters (storylint check --format X):")
    for fmt in formats:
        print(f"  {fmt:8} {run.reports[fmt]:5}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nslowest read: {slowest[0]:.2f} s ({slowest[1]}); peak memory {peak:.0f} MB")
    print(f"\nfailures: {sum(run.counts.values())} in {len(run.counts)} kinds")
    for sig, count in run.counts.most_common():
        print(f"  {count:5}  {sig}")
        for p in run.failures[sig]:
            print(f"         {p}")
    print(f"\nreproducers: {args.out}/FAILURES.md")
    return 1 if run.counts else 0


if __name__ == "__main__":
    raise SystemExit(main())
