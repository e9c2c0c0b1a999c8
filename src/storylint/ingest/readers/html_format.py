"""HTML pages, including Archive of Our Own work downloads.

The page is walked by htmlblocks, the code that walks every EPUB chapter, so a
page and an EPUB read the same markup alike: an `<hgroup>` (`<h2>I</h2>
<p>Puddleby</p>`) is one heading titled "I: Puddleby" (headings.py), not a
heading and a story paragraph.
"""

from __future__ import annotations

from pathlib import Path

from storylint.ingest.blocks import Parsed, TextBuilder
from storylint.ingest.decode import decode_text, read_bytes
from storylint.ingest.readers.ao3 import is_ao3, read_ao3
from storylint.ingest.readers.common import finish, library_errors
from storylint.ingest.readers.htmlblocks import emit_blocks, parse_html
from storylint.ingest.xmlsafe import refuse_entities


def _decoded(path: Path) -> tuple[str, list[str]]:
    """The page's text and decoding warnings; its bytes are let go on return.

    Why a function of its own: a 64 MB page held as bytes, as text and as
    BeautifulSoup's tree at once was 1.37 GB at peak; letting the bytes and
    then the text go before the tree is walked saves two copies.
    """
    data = read_bytes(path)
    # Before decoding: an entity declaration is refused in whatever encoding it is written.
    refuse_entities(data, str(path))
    text, _encoding, warnings = decode_text(data, str(path))
    return text, warnings


def read_html(path: Path) -> Parsed:
    text, warnings = _decoded(path)
    with library_errors(str(path), "HTML"):
        soup = parse_html(text, str(path))
        del text  # the tree holds what is needed
        if is_ao3(soup):
            return read_ao3(path, soup, warnings)
        builder = TextBuilder(str(path))
        title_tag = soup.find("title")
        title = " ".join(title_tag.get_text().split()) if title_tag else None
        emit_blocks(soup.body or soup, builder)
    return finish(str(path), builder, title=title or None, warnings=warnings)
