"""Regenerate the screenshots of docs/html-report.md from the real report of to-marilyn.txt.

Usage:
    python tools/screenshot_report.py [--out docs/images] [--chromium /usr/bin/chromium]

Runs `storylint check examples/to-marilyn.txt --format html -o ...` (the same
command a writer runs), opens the page in Debian's Chromium through Playwright,
and saves:
    html-report-findings.png    the findings list beside the text, the first finding selected
    html-report-finding.png     the coat-owner finding's card: message, both passages, why
    html-report-characters.png  the characters tab
Screenshots are PNG at one device pixel per CSS pixel, in the light colour
scheme, each well under 200 KB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "examples" / "to-marilyn.txt"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Greyscale anti-aliasing: fewer distinct colours, so the PNGs compress to a third.
    "--disable-lcd-text",
    "--font-render-hinting=none",
]
VIEWPORT = {"width": 1040, "height": 620}
MAX_BYTES = 200_000


def build_report(out: Path) -> None:
    """The real report, through the CLI: exit status 1 means findings were written."""
    # Run from the examples folder so the page names the story as a writer would see it.
    command = [sys.executable, "-m", "storylint.cli", "check", STORY.name]
    done = subprocess.run(
        [*command, "--format", "html", "-o", str(out)],
        cwd=STORY.parent,
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1) or not out.exists():
        raise SystemExit(f"storylint check failed ({done.returncode}): {done.stderr.strip()}")


def shoot(page_path: Path, out_dir: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, color_scheme="light")
        page.goto(page_path.as_uri(), wait_until="load")

        # The first finding selected: the text scrolls to its contradicting passage.
        page.locator(".finding").first.locator(".msg").click()
        page.wait_for_timeout(2500)  # let the highlight's flash fade
        saved.append(out_dir / "html-report-findings.png")
        page.screenshot(path=saved[-1])

        # The coat that changes owner, the story's own slip, as one card.
        card = page.locator(".finding", has_text="established as Derek's")
        saved.append(out_dir / "html-report-finding.png")
        card.screenshot(path=saved[-1])

        page.click("#tab-characters")
        page.locator("#panel-characters tr", has_text="Ivy Lynn").locator(".appear a").first.click()
        page.wait_for_timeout(2500)
        saved.append(out_dir / "html-report-characters.png")
        page.screenshot(path=saved[-1])
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "to-marilyn.html"
        build_report(page_path)
        saved = shoot(page_path, args.out, args.chromium)
    for path in saved:
        size = path.stat().st_size
        warning = "  (over 200 KB: shrink the viewport)" if size > MAX_BYTES else ""
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{size / 1000:.0f} KB{warning}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
