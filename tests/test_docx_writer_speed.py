"""The DOCX writer's short cuts give what python-docx and zipfile would have given (the
paragraphs, tables, headers and footers it places itself, the zip it writes by hand),
what it keeps from one document to the next changes nothing, and the cost of a
paragraph does not grow with the document (issue 18)."""

from __future__ import annotations

import dataclasses
import datetime
import io
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from converter.convert import read_document, read_item
from converter.theme import load_theme
from converter.writers import WriteOptions
from converter.writers.docx import layout, package, write
from converter.writers.docx.styles import STYLE_NAMES

SEED = Path(__file__).resolve().parent.parent / "source" / "r2p-2015-presidents-summary.yaml"
LANGUAGES = SEED.parent / "languages"
PACK = SEED.parent / "packs" / "r2p-2015-briefing-pack.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
WHEN = datetime.datetime(2015, 9, 8, 12, 0, tzinfo=datetime.UTC)


def test_paragraphs_are_the_ones_python_docx_adds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(STYLE_NAMES, "plain", "Normal")  # the default style: python-docx names none
    ours, theirs = package.open_base(None), package.open_base(None)
    drawing = layout.Layout(ours, load_theme(), lambda warning: None)
    drawing.state.container = ours
    for key in ("body", "heading1", "numbered", "plain", "body"):
        drawing._paragraph(key)
        theirs.add_paragraph(style=theirs.styles[STYLE_NAMES[key]])
    assert etree.tostring(ours.element) == etree.tostring(theirs.element)


def test_tables_are_the_ones_python_docx_adds() -> None:
    ours, theirs = package.open_base(None), package.open_base(None)
    drawing = layout.Layout(ours, load_theme(), lambda warning: None)
    for rows, cols, style in (
        (2, 2, "Masthead Table"),
        (1, 3, "Masthead Sessions"),
        (2, 2, "Masthead Table"),
    ):
        drawing._table(rows, cols, style)
        table = theirs.add_table(rows=rows, cols=cols)
        table._tbl.tblStyle_val = theirs.styles[style].style_id
    assert etree.tostring(ours.element) == etree.tostring(theirs.element)


def test_headers_and_footers_are_the_ones_python_docx_adds() -> None:
    """Their parts, names, relationships and references, and each part's XML."""
    ours, theirs = package.open_base(None), package.open_base(None)
    for document in (ours, theirs):
        document.add_section()  # a second section: its own parts too
    for mine, its in zip(ours.sections, theirs.sections, strict=True):
        for kind in ("header", "first_page_header", "footer", "first_page_footer", "header"):
            layout._own_definition(getattr(mine, kind))
            getattr(its, kind).is_linked_to_previous = False
    assert etree.tostring(ours.element) == etree.tostring(theirs.element)
    assert dict(package._entries(ours)) == dict(package._entries(theirs))


@pytest.mark.parametrize("reference", [None, "lo-report.docx"])
def test_a_document_sees_nothing_of_the_ones_before(reference: str | None) -> None:
    """The base package, its styles' ids and the kept subsets, zips and parts serve every
    document of a process: each is written as it would be first."""
    options = WriteOptions(reference_docx=FIXTURES / "docx" / reference if reference else None)
    names = [
        SEED,
        FIXTURES / "features.yaml",
        LANGUAGES / "sample-ar.yaml",
        PACK,
        LANGUAGES / "sample-zh.yaml",
    ]
    first = {name: write(read_item(name), options) for name in names}
    for name in reversed(names):
        assert write(read_item(name), options) == first[name], name


def _zipfile_writes(entries: list[tuple[str, bytes]]) -> bytes:
    """How the package used to be zipped: each entry through ``zipfile``, dated and
    readable by all, the last content of a name for each of its entries."""
    latest = dict(entries)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, _ in entries:
            info = zipfile.ZipInfo(name, date_time=(2015, 9, 8, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, latest[name])
    return out.getvalue()


@pytest.mark.filterwarnings("ignore:Duplicate name")  # (zipfile's, for the name given twice)
def test_the_zip_is_the_one_zipfile_writes() -> None:
    entries = [
        ("[Content_Types].xml", b"<Types/>"),
        ("word/fonts/font1.odttf", bytes(range(256)) * 300),
        ("word/empty.xml", b""),
        ("word/fonts/font1.odttf", b"again"),  # a name twice: its last content, twice
        ("word/m\u00e9dia.xml", "\u00e9t\u00e9".encode()),  # a name in UTF-8, flagged so
    ]
    assert package._fixed_zip(entries, WHEN) == _zipfile_writes(entries)
    assert package._fixed_zip(entries, WHEN) == _zipfile_writes(entries)  # a font's kept deflation


def test_the_cost_of_a_paragraph_does_not_grow() -> None:
    """Ten times the blocks take at most ten times as long (about five: the fixed cost of a
    document is shared); a loose bound, against a cost that grows with the document, as
    when each paragraph searched the whole body for its place (nine times, then)."""
    short, long = _seconds(20), _seconds(200)  # times the seed's 16 blocks
    assert long < 15 * short, (short, long)


def _seconds(copies: int) -> float:
    seed = read_document(SEED)
    doc = dataclasses.replace(seed, blocks=seed.blocks * copies)
    write(doc, WriteOptions())
    start = time.perf_counter()
    write(doc, WriteOptions())
    return time.perf_counter() - start
