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
# Words in one manuscript: over three times War and Peace (587,000), and more than the
# longest novels in print. Why not more: a check holds every parsed paragraph, and
# peak memory grows with the words (benchmarks/bench_memory.py, case "largest": 1.9
# million words on one line 1.0 GB, 3 million in paragraphs 1.66 GB, over the 1.5 GB
# promise). A longer series is checked book by book (several PATHs, one bible).
MAX_WORDS = 2_000_000
# Tags and attributes in one parsed markup document (every `<` is a tag: `<p>` and
# `</p>` are two; every `=` an attribute, and HTML's attributes without one too),
# counted before any parser sees it, and in all the text members of a container
# together (ingest/markup.py). Why: the parsers' cost is per node, not per byte, and
# 64 MB of dense markup (`<p>a</p>` repeated) is 16 million tags. Two budgets,
# because the two parsers differ several times over. Measured with `storylint
# extract` (peak RSS, on a 2-core machine under load; docs/formats.md has the table):
# BeautifulSoup (HTML files, EPUB chapters) at 800,000 tags, the worst shapes
# (`<p>word` or `a<br>` repeated) took 38-43 s and 0.95 GB; at 1,000,000, 59 s and
# 1.17 GB, too close to the 1.5 GB promise. A 600,000-word Archive of Our Own
# download of 100,000 short paragraphs has about 260,000. lxml (Word, OpenDocument)
# at 5,000,000 took 27 s and 0.6 GB as tags but 1.26 GB as attributes (4,000
# paragraphs of 1,240), so 4,000,000 (about 1.0 GB at worst). pandoc writes 660,000
# for a 300,000-word Word file (550,000 tags: runs split at every emphasis); Word
# splits runs at every edit and adds an attribute or two per tag, so a 600,000-word
# heavily formatted novel comes to some 3 million.
MAX_HTML_TAGS = 800_000
MAX_XML_TAGS = 4_000_000
# Paragraphs (text or empty, headings, breaks) in one file, counted as they are built
# (blocks.TextBuilder). Why: every paragraph becomes a block that structure
# detection, note marking and the language parser visit, and an HTML, Word or
# OpenDocument file within its tag budget can hold millions (4,000,000 `<w:p/>`),
# plain text 21 million (64 MB of "a\n\n"). And every paragraph with text is parsed
# into a spaCy document, which reserves room for at least 30 tokens (about 5 KB) however
# short it is: 200,000 one-word paragraphs took the check to 1.25 GB, 1.6 GB with its
# parse workers (benchmarks/bench_memory.py, "tiny-paragraphs"). 150,000 keeps that case
# under the 1.5 GB promise; it is one and a half times a 600,000-word novel of short
# dialogue paragraphs (about 100,000), and 30 times most novels. Reading alone: plain
# text, 200,000 paragraphs in 3.4 s and 122 MB.
MAX_PARAGRAPHS = 150_000
# Seconds any one stage (reading, parsing, analysis) may take before the check
# stops with a message naming the stage.
MAX_STAGE_SECONDS = 1800
