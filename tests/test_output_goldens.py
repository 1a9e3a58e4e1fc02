"""Output goldens, compared part by part (as pandoc's test/Tests/Writers/OOXML.hs does).

For each source: the DOCX parts that carry the document (pretty-printed XML),
the HTML page, and the PDF's text, outline, named destinations and document
information.  ``pytest --accept`` rewrites them; read the diff before you
commit it.  A refactoring must leave them byte-identical.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import FIXTURES, ROOT, SOURCE_YAML
from converter.convert import read_item, render
from converter.writers import WriteOptions
from golden import check_golden

SOURCES = {
    "seed": SOURCE_YAML,
    "features": FIXTURES / "features.yaml",
    "undated": FIXTURES / "undated.yaml",
    "pack": ROOT / "source" / "packs" / "r2p-2015-briefing-pack.yaml",
}
DOCX_PARTS = (
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "word/footnotes.xml",
    "docProps/core.xml",
)


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def pretty_xml(data: bytes) -> str:
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    return etree.tostring(etree.fromstring(data, parser), pretty_print=True, encoding="unicode")


def docx_parts(data: bytes) -> dict[str, str]:
    package = zipfile.ZipFile(io.BytesIO(data))
    return {name.rsplit("/", 1)[1]: pretty_xml(package.read(name)) for name in DOCX_PARTS}


def pdf_parts(data: bytes) -> dict[str, str]:
    reader = PdfReader(io.BytesIO(data))
    pages = [f"--- page {n} ---\n{page.extract_text()}\n" for n, page in enumerate(reader.pages, 1)]
    outline: list[str] = []

    def walk(items: list, depth: int) -> None:
        for entry in items:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                page = reader.get_destination_page_number(entry) + 1
                outline.append(f"{'  ' * depth}{entry.title} -> page {page}")

    walk(reader.outline, 0)
    dests = [
        f"{name} -> page {reader.get_destination_page_number(dest) + 1}"
        for name, dest in sorted(reader.named_destinations.items())
    ]
    info = reader.metadata or {}
    meta = [f"{key} = {info[key]}" for key in sorted(info)]
    return {
        "text.txt": "".join(pages),
        "outline.txt": "\n".join(outline) + "\n",
        "dests.txt": "\n".join(dests) + "\n",
        "info.txt": "\n".join(meta) + "\n",
    }


@pytest.mark.parametrize("name", SOURCES)
def test_docx_parts(name: str, accept: bool) -> None:
    data = render(read_item(SOURCES[name]), "docx", WriteOptions())
    for part, text in docx_parts(data).items():
        check_golden(f"output/{name}/docx-{part}", text, accept)


@pytest.mark.parametrize("name", SOURCES)
def test_html_page(name: str, accept: bool) -> None:
    page = render(read_item(SOURCES[name]), "html", WriteOptions()).decode("utf-8")
    check_golden(f"output/{name}/page.html", re.sub(r"base64,([A-Za-z0-9+/=]+)", _font_digest, page), accept)


def _font_digest(found: re.Match[str]) -> str:
    """An embedded font as its size and digest: the golden stays lines a person can read."""
    data = found.group(1)
    return f"base64,<{len(data)} characters, sha256 {hashlib.sha256(data.encode()).hexdigest()[:12]}>"


@pytest.mark.parametrize("name", SOURCES)
def test_pdf_text_outline_and_info(name: str, accept: bool) -> None:
    data = render(read_item(SOURCES[name]), "pdf", WriteOptions())
    for part, text in pdf_parts(data).items():
        check_golden(f"output/{name}/pdf-{part}", text, accept)
