"""Reading text back out of outputs, for ``--verify`` and the tests."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any, ClassVar

from lxml import etree


def extract_text(fmt: str, data: bytes) -> str:
    return _EXTRACT[fmt](data)


class _TextParser(HTMLParser):
    """Visible text of a page: everything in <body> but scripts and styles."""

    SKIP: ClassVar[set[str]] = {"style", "script", "head", "title", "template"}
    BREAKS: ClassVar[set[str]] = set(
        [
            "p",
            "div",
            "li",
            "br",
            "h1",
            "h2",
            "h3",
            "h4",
            "section",
            "header",
            "footer",
            "main",
            "nav",
            "aside",
            "blockquote",
            "ol",
            "ul",
            "dt",
            "dd",
            "tr",
            "td",
            "th",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(data: bytes) -> str:
    parser = _TextParser()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return "".join(parser.parts)


_EXTRACT = {"html": html_text}


# --- DOCX ------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """Body text as Word shows it: automatic numbers and labels ("1.", "(a)", "II.")
    and footnote numbers put back, then each footnote as "N text" (a footnote with a
    mark of its own, "*", as that mark)."""
    import docx  # only --verify of DOCX pays for python-docx

    from .wordnumbering import read_numbering

    document = docx.Document(io.BytesIO(data))
    try:
        numbering_xml = document.part.numbering_part.element
    except (KeyError, NotImplementedError):  # a document without lists
        numbering_xml = None
    numbering = read_numbering(numbering_xml, document.styles.element)
    note_numbers: dict[str, str] = {}
    shown = 0
    lines = []
    for paragraph in document.element.body.iter(f"{W}p"):
        label = numbering.label(paragraph)
        text, shown = _paragraph_text(paragraph, note_numbers, shown)
        lines.append(f"{label} {text}" if label else text)
        section = paragraph.find(f"{W}pPr/{W}sectPr")
        if (
            section is not None
            and section.find(f"{W}footnotePr/{W}numRestart[@{W}val='eachSect']") is not None
        ):
            shown = 0  # this section numbers its footnotes afresh (the next one too, as Word reads it)
    return "\n".join(lines) + "\n" + _footnotes_text(document, note_numbers)


def _paragraph_text(paragraph: Any, note_numbers: dict[str, str], shown: int) -> tuple[str, int]:
    parts = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}footnoteReference"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}footnoteReference":
            if node.get(f"{W}customMarkFollows") in ("1", "true", "on"):
                note_numbers[node.get(f"{W}id")] = ""  # its mark is the text that follows
                continue
            shown += 1
            note_numbers[node.get(f"{W}id")] = str(shown)
            parts.append(str(shown))
        else:
            parts.append(" " if node.tag == f"{W}tab" else "\n")
    return "".join(parts), shown


def _footnotes_text(document: Any, note_numbers: dict[str, str]) -> str:
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            root = etree.fromstring(rel.target_part.blob)
            break
    else:
        return ""
    lines = []
    for note in root.iter(f"{W}footnote"):
        number = note_numbers.get(str(note.get(f"{W}id")))
        if number is None:
            continue  # separators
        text = " ".join(_paragraph_text(p, {}, 0)[0] for p in note.iter(f"{W}p"))
        lines.append(f"{number} {text.strip()}" if number else text.strip())
    return "\n".join(lines)


_EXTRACT["docx"] = docx_text


# --- PDF ---------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The text of every page, in order, as pypdf reads it; where marked content says
    what it reads as (/ActualText: the right-to-left lines, whose glyphs stand in display
    order), that text instead of its glyphs', as a screen reader or Acrobat takes it."""
    from pypdf import PdfReader  # only --verify of PDF pays for pypdf

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(_page_text(page) for page in reader.pages)


def _page_text(page: Any) -> str:
    contents = page.get_contents()
    if contents is None or b"/ActualText" not in contents.get_data():
        return page.extract_text() or ""
    parts: list[str] = []
    depth = 0  # how deep inside marked content with /ActualText the operators are
    last_y: list[float] = []

    def before(operator: bytes, operands: list[Any], cm: Any, tm: Any) -> None:
        nonlocal depth
        if operator == b"BDC":
            properties: Any = operands[1] if len(operands) > 1 else {}
            actual = properties.get("/ActualText") if hasattr(properties, "get") else None
            if depth:
                depth += 1
            elif actual is not None:
                parts.append(f"\n{actual}\n")
                depth = 1
        elif operator == b"BMC" and depth:
            depth += 1
        elif operator == b"EMC" and depth:
            depth -= 1

    def text(piece: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if depth or not piece:
            return
        y = float(tm[5]) * float(cm[3]) + float(cm[5])
        if last_y and abs(y - last_y[0]) > 1:
            parts.append("\n")
        last_y[:] = [y]
        parts.append(piece)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return "".join(parts)


_EXTRACT["pdf"] = pdf_text
