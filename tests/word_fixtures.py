"""Building Word documents whose body is written as WordprocessingML, for reader tests.

python-docx cannot make tracked changes, content controls, smart tags, text
boxes, drop caps or notes, so the tests write the body XML themselves (as
Word would) and this module puts it into a real package: python-docx's own
blank document (styles included, so "Heading 1" and "Title" work), with its
`word/document.xml` body replaced and, when asked, footnotes and endnotes
parts added with their relationships and content types.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'mc:Ignorable="wps"'
)
_NOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"
_NOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/{}"


def r(text: str, tag: str = "w:t") -> str:
    """A run holding `text` in a w:t (or w:delText)."""
    return f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r>'


def p(*inline: str, style: str | None = None, ppr: str = "") -> str:
    """A paragraph of the given inline XML (use `r` for plain runs)."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    props += ppr
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(inline)}</w:p>"


def ins(*inline: str) -> str:
    return f'<w:ins w:id="1" w:author="Ed" w:date="2024-01-01T00:00:00Z">{"".join(inline)}</w:ins>'


def deleted(text: str) -> str:
    return (
        '<w:del w:id="2" w:author="Ed" w:date="2024-01-01T00:00:00Z">'
        f"{r(text, 'w:delText')}</w:del>"
    )


def textbox(*paragraphs: str) -> str:
    """A floating text box as Word 2010+ writes it: a DrawingML shape with a VML fallback."""
    content = f"<w:txbxContent>{''.join(paragraphs)}</w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def notes_xml(kind: str, notes: dict[int, str]) -> str:
    """footnotes.xml or endnotes.xml: Word's two layout notes, then one note per id."""
    layout = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{kind}>"
    )
    ref = "footnoteRef" if kind == "footnote" else "endnoteRef"
    body = "".join(
        f'<w:{kind} w:id="{n}"><w:p><w:r><w:{ref}/></w:r>{r(" " + text)}</w:p></w:{kind}>'
        for n, text in notes.items()
    )
    return f"<w:{kind}s {NAMESPACES}>{layout}{body}</w:{kind}s>"


def build_docx(
    path: Path,
    body: str,
    footnotes: dict[int, str] | None = None,
    endnotes: dict[int, str] | None = None,
) -> Path:
    """A .docx at `path` whose body is `body` (paragraphs, tables, content controls)."""
    import docx

    blank = io.BytesIO()
    docx.Document().save(blank)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {NAMESPACES}><w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    extra: dict[str, str] = {}
    if footnotes is not None:
        extra["footnotes"] = notes_xml("footnote", footnotes)
    if endnotes is not None:
        extra["endnotes"] = notes_xml("endnote", endnotes)
    with zipfile.ZipFile(blank) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = document.encode()
            elif info.filename == "[Content_Types].xml" and extra:
                overrides = "".join(
                    f'<Override PartName="/word/{name}.xml" '
                    f'ContentType="{_NOTES_TYPE.format(name)}"/>'
                    for name in extra
                )
                data = data.replace(b"</Types>", overrides.encode() + b"</Types>")
            elif info.filename == "word/_rels/document.xml.rels" and extra:
                rels = "".join(
                    f'<Relationship Id="rIdNotes{name}" Type="{_NOTES_REL.format(name)}" '
                    f'Target="{name}.xml"/>'
                    for name in extra
                )
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            out.writestr(info, data)
        for name, xml in extra.items():
            out.writestr(f"word/{name}.xml", xml)
    return path
