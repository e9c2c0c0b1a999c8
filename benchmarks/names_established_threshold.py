"""How many name-spelling variants a 20,000-word text gives at two "established" thresholds.

Why: names_spelling.yaml's `dominant_words_per_use` decides how often a name must be used in a
short text before a near spelling of it is reported. This cuts the middle 20,000 words of each
novel (at paragraph breaks) and lists the variants found with the shipped setting and with
another, so a change of the setting is measured on prose nobody tuned for.

Usage: python benchmarks/names_established_threshold.py NOVELS_DIR [--words-per-use 4000]
       [--other 2500] [--part K --parts N]   (run N parts side by side on N cores)
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

CHUNK_WORDS = 20_000


def middle_chunk(text: str, words: int = CHUNK_WORDS) -> str:
    """About `words` words from the middle of `text`, cut at paragraph breaks."""
    size = max(1, len(text.split()))
    span = int(words / size * len(text))
    start = text.rfind("\n\n", 0, max(0, len(text) // 2 - span // 2))
    start = max(start, 0)
    end = text.find("\n\n", start + span)
    return text[start : end if end >= 0 else len(text)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("novels")
    parser.add_argument("--words-per-use", type=int, default=None, help="default: shipped")
    parser.add_argument("--other", type=int, default=2500)
    parser.add_argument("--part", type=int, default=0)
    parser.add_argument("--parts", type=int, default=1)
    args = parser.parse_args()

    from storylint.families.names import spelling
    from storylint.families.names.settings import settings
    from storylint.ingest import manuscript_from_text
    from storylint.pipeline.build import build_model

    shipped = settings()
    if args.words_per_use is not None:
        shipped = dataclasses.replace(shipped, dominant_words_per_use=args.words_per_use)
    other = dataclasses.replace(shipped, dominant_words_per_use=args.other)
    totals = {"shipped": 0, "other": 0}
    paths = sorted(Path(args.novels).glob("*.txt"))[args.part :: args.parts]
    for path in paths:
        chunk = middle_chunk(path.read_text(encoding="utf-8"))
        model = build_model(manuscript_from_text(chunk, str(path)))
        census = model.get(spelling.NAME_CENSUS)
        found = {}
        for name, config in (("shipped", shipped), ("other", other)):
            layer = spelling._Analysis(model, census, config).run(spelling.SpellingLayer())
            found[name] = {f"{v.variant}/{v.dominant}" for v in layer.variants}
            totals[name] += len(found[name])
        only = sorted(found["shipped"] ^ found["other"])
        print(f"{path.name}: shipped {len(found['shipped'])}, other {len(found['other'])}", only)
    print(f"all: shipped {totals['shipped']}, other ({args.other}) {totals['other']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
