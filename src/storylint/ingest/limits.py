"""Size limits for what storylint will read.

They exist so that a hostile or broken file (a zip bomb, a 2 GB log renamed
.txt) is refused quickly with one clear line instead of exhausting memory.
They are far above any real manuscript: a 500,000-word novel is about 3 MB of
text. docs/formats.md documents them; change both together.
"""

from __future__ import annotations

MB = 1024 * 1024

# Plain-text formats (.txt, .md, .html, .rtf) on disk.
MAX_TEXT_FILE_BYTES = 64 * MB
# Zip containers (.docx, .odt, .epub) on disk.
MAX_CONTAINER_BYTES = 200 * MB
# Sum of the sizes the zip directory declares for its members once decompressed.
MAX_UNCOMPRESSED_BYTES = 400 * MB
# One member's declared uncompressed size may be at most this many times its
# compressed size; ordinary XML compresses 5-20x, zip bombs 1000x and more.
MAX_COMPRESSION_RATIO = 200
# ...but only members bigger than this are judged by ratio (tiny files can
# legitimately compress very well).
RATIO_CHECK_MIN_BYTES = 1 * MB
MAX_ZIP_MEMBERS = 20_000
# Characters of text extracted from one file, whatever its format.
MAX_EXTRACTED_CHARS = 100 * MB


def human_size(n: int) -> str:
    """Sizes in the unit a writer reads in a file manager."""
    if n >= MB:
        return f"{n / MB:.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"

# Nesting depth of HTML, XML and JSON elements; real documents stay under 100,
# and Python's parsers recurse, so a hostile 100,000-deep file must stop here.
MAX_NESTING_DEPTH = 1000
# One paragraph handed to the parser. spaCy refuses texts over 1,000,000
# characters (E088) and its memory grows with a paragraph's length, so longer
# paragraphs are split at a sentence or space boundary below this.
MAX_PARAGRAPH_CHARS = 100_000
# Words in one manuscript: about five times the longest novels in print.
MAX_WORDS = 3_000_000
# Seconds any one stage (reading, parsing, analysis) may take before the check
# stops with a message naming the stage.
MAX_STAGE_SECONDS = 1800
