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
# Lowered from 400 MB: pictures and fonts do not compress, so a container within the
# 200 MB on-disk limit unpacks to little more than 200 MB; only text compresses far.
MAX_UNCOMPRESSED_BYTES = 256 * MB
# ...of which the text members (XML, XHTML, HTML: what the readers parse into Python
# objects). Why a budget of its own: parsing costs time and memory per element, not
# per byte on disk. An EPUB of 95 members of 1,000,000 bytes of `<p>a</p>`, each too
# small for the ratio check, is 938 KB on disk and 12 million paragraphs: measured,
# every 1 MB member took about 12 s and 120 MB to parse and structure, so the book
# ran for some 19 minutes. A long novel's markup is under 20 MB (a 600,000-word
# Word file with heavy formatting, about 40 MB; an EPUB of it, about 10 MB).
MAX_UNPACKED_TEXT_BYTES = 64 * MB
# One member's declared uncompressed size may be at most this many times its
# compressed size; ordinary XML compresses 5-20x, zip bombs 1000x and more.
MAX_COMPRESSION_RATIO = 200
# ...but only members bigger than this are judged by ratio (tiny files can
# legitimately compress very well).
RATIO_CHECK_MIN_BYTES = 1 * MB
# Members in one container. Lowered from 20,000: a Word or OpenDocument file has a few
# dozen, an EPUB one per chapter plus its pictures (a 2,000-chapter web serial stays
# under 2,500), and every member costs a library an object or a read.
MAX_ZIP_MEMBERS = 5_000
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
