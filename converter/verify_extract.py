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
    """Body text as Word shows it: automatic paragraph numbers ("1.") and footnote
    numbers put back, then each footnote as "N text"."""
    import docx  # only --verify of DOCX pays for python-docx

    document = docx.Document(io.BytesIO(data))
    numbered_styles = _numbered_styles(document)
    counters: dict[str, int] = {}
    note_numbers: dict[str, str] = {}
    shown = 0
    lines = []
    for paragraph in document.element.body.iter(f"{W}p"):
        num_id = _num_id(paragraph, numbered_styles)
        prefix = ""
        if num_id is not None:
            counters[num_id] = counters.get(num_id, 0) + 1
            prefix = f"{counters[num_id]}. "
        text, shown = _paragraph_text(paragraph, note_numbers, shown)
        lines.append(prefix + text)
        if paragraph.find(f"{W}pPr/{W}sectPr") is not None:
            shown = 0  # footnote numbers restart with each section
    return "\n".join(lines) + "\n" + _footnotes_text(document, note_numbers)


def _numbered_styles(document: Any) -> dict[str, str]:
    """Style id -> numId for paragraph styles that number their paragraphs (also by inheritance)."""
    styles = {s.get(f"{W}styleId"): s for s in document.styles.element.iter(f"{W}style")}

    def num_of(style_id: str | None, depth: int = 0) -> str | None:
        style = styles.get(style_id)
        if style is None or depth > 10:
            return None
        num = style.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None:
            return str(num.get(f"{W}val"))
        based = style.find(f"{W}basedOn")
        return num_of(based.get(f"{W}val"), depth + 1) if based is not None else None

    return {sid: num for sid in styles if (num := num_of(sid)) is not None and num != "0"}


def _num_id(paragraph: Any, numbered_styles: dict[str, str]) -> str | None:
    direct = paragraph.find(f"{W}pPr/{W}numPr/{W}numId")
    if direct is not None:
        return None if direct.get(f"{W}val") == "0" else direct.get(f"{W}val")
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return numbered_styles.get(style.get(f"{W}val")) if style is not None else None


def _paragraph_text(paragraph: Any, note_numbers: dict[str, str], shown: int) -> tuple[str, int]:
    parts = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}footnoteReference"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}footnoteReference":
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
        lines.append(f"{number} {text.strip()}")
    return "\n".join(lines)


_EXTRACT["docx"] = docx_text


# --- PDF ---------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The text of every page, in order, as pypdf reads it."""
    from pypdf import PdfReader  # only --verify of PDF pays for pypdf

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


_EXTRACT["pdf"] = pdf_text
