"""The DOCX reader: our own DOCX reads back as the model it was written from; documents made
by LibreOffice and by python-docx read to the models they show (goldens); what the model
cannot hold is a warning with its place (an error with --strict); hostile files are one
line, exit 2."""

from __future__ import annotations

import base64
import dataclasses
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from conftest import FIXTURES, ROOT
from converter import model as m
from converter.convert import read_document, read_item, render
from converter.errors import R2PError
from converter.readers import docx as docx_reader
from converter.transforms import apply_all
from converter.writers import WriteOptions
from golden import check_golden, model_json

DOCX = FIXTURES / "docx"
# Every document source of the project and the tests (packs are not documents).
SOURCES = sorted(
    [
        *(ROOT / "source").glob("*.yaml"),
        *(ROOT / "source" / "samples").glob("*.yaml"),
        *(ROOT / "source" / "languages").glob("*.yaml"),
        *FIXTURES.glob("*.yaml"),
        *FIXTURES.glob("*.txt"),
        *(FIXTURES / "un").glob("*.yaml"),
        *(FIXTURES / "un").glob("*.txt"),
        *(FIXTURES / "nasty").glob("*.yaml"),
    ]
)


def read_docx(data: bytes, name: str = "draft.docx") -> tuple[m.Document, list[str]]:
    warnings: list[R2PError] = []
    doc = apply_all(docx_reader.read(data, name, warnings.append))
    return doc, [str(warning) for warning in warnings]


def comparable(node: Any) -> Any:
    """A model as the round trip keeps it.  What a DOCX cannot carry: the source's note
    labels (notes are numbered), whether a heading's missing label was asked for
    (``unlabelled``; ``heading_labels`` in the metadata), and what the writers change on
    purpose: the typography's no-break spaces, tabs and line breaks inside a text as
    spaces."""
    if isinstance(node, m.FootnoteRef):
        return dataclasses.replace(node, label=str(node.number))
    if isinstance(node, m.Footnote):
        return dataclasses.replace(node, label=str(node.number), children=comparable(node.children))
    if isinstance(node, m.Text):
        text = node.text.replace("\u00a0", " ").replace("\u202f", " ").replace("\t", " ").replace("\n", " ")
        return dataclasses.replace(node, text=text)
    if isinstance(node, m.Heading):
        return dataclasses.replace(node, unlabelled=False, children=comparable(node.children))
    if isinstance(node, m.Metadata):
        return dataclasses.replace(node, heading_labels="")
    if isinstance(node, tuple):
        return tuple(comparable(item) for item in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {
            f.name: comparable(getattr(node, f.name))
            for f in dataclasses.fields(node)
            if f.name != "pos" and isinstance(getattr(node, f.name), (tuple, m.Metadata))
        }
        return dataclasses.replace(node, **changes)
    return node


def _merged_text(doc: m.Document) -> m.Document:
    """Adjacent texts joined (the writers' spaces for tabs can meet a text of their own)."""

    def merge(children: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        out: list[m.Inline] = []
        for node in children:
            if isinstance(node, m.Text) and out and isinstance(out[-1], m.Text):
                out[-1] = m.Text(out[-1].text + node.text)
            else:
                out.append(node)
        return tuple(out)

    from converter.transforms import _map_document

    return _map_document(doc, merge)


# --- round trip: yaml -> docx -> yaml --------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.name)
def test_our_docx_reads_back_as_the_model_it_was_written_from(source: Path) -> None:
    doc = read_document(source)
    back, warnings = read_docx(render(doc, "docx", WriteOptions()))
    assert warnings == []
    assert comparable(back.meta) == comparable(doc.meta)
    assert m.words(m.plain_text(back)) == m.words(m.plain_text(doc))
    assert _merged_text(comparable(back)).summary == _merged_text(comparable(doc)).summary
    assert _merged_text(comparable(back)).blocks == _merged_text(comparable(doc)).blocks
    assert comparable(back.notes) == comparable(doc.notes)


def test_the_seed_docx_round_trips_to_the_same_canonical_source(tmp_path: Path) -> None:
    """yaml -> docx -> yaml: the YAML written from the DOCX reads as the seed does."""
    seed = ROOT / "source" / "r2p-2015-presidents-summary.yaml"
    docx_path = tmp_path / "seed.docx"
    yaml_path = tmp_path / "seed.yaml"
    for source, target, fmt in ((seed, docx_path, "docx"), (docx_path, yaml_path, "yaml")):
        done = _cli("-q", "--to", fmt, "-o", str(target), str(source))
        assert done.returncode == 0, done.stderr
    assert read_document(yaml_path) == read_document(seed)


# --- documents made by other programs ---------------------------------------------------------


@pytest.mark.parametrize("name", ["lo-report", "lo-from-10", "hand-numbered"])
def test_documents_from_other_programs_read_to_their_golden_model(name: str, accept: bool) -> None:
    doc, warnings = read_docx((DOCX / f"{name}.docx").read_bytes(), f"{name}.docx")
    check_golden(f"docx/{name}.model.json", model_json(doc), accept)
    check_golden(f"docx/{name}.warnings.txt", "".join(f"{w}\n" for w in warnings), accept)


def _assert_the_report_masthead(meta: m.Metadata) -> None:
    """The masthead of the UN-shaped report the fixtures lay out in several ways."""
    assert (meta.symbol, meta.organ, meta.distribution, meta.original_language) == (
        "A/70/100", "General Assembly", "General", "English",
    )  # fmt: skip
    assert meta.organs[0].session == "Seventieth session"
    assert meta.organs[0].agenda == (m.AgendaItem("5", "Prevention of atrocity crimes"),)


def test_libreoffice_numbering_headings_lists_and_notes() -> None:
    doc, warnings = read_docx((DOCX / "lo-report.docx").read_bytes())
    assert warnings == []
    _assert_the_report_masthead(doc.meta)
    assert doc.meta.kind == "Report of the Secretary-General"
    headings = [(b.level, b.label, m.inline_text(b.children)) for b in doc.blocks if isinstance(b, m.Heading)]
    assert headings == [
        (1, "I.", "Introduction"),
        (1, "II.", "Measures taken"),
        (2, "A.", "National measures"),
    ]
    # One list style continued over headings and other lists: 1, 2, then 3 and 4.
    assert [b.number for b in doc.blocks if isinstance(b, m.NumberedPara)] == [1, 2, 3, 4]
    lists = [b for b in doc.blocks if isinstance(b, m.EnumList)]
    assert [[item.label for item in lst.items] for lst in lists] == [["(a)", "(b)"], ["•", "•"]]
    assert lists[0].scheme == "lower-alpha"
    assert any(isinstance(b, m.Quote) for b in doc.blocks)
    first_note = doc.notes[0]
    links = [node for node in first_note.children if isinstance(node, m.Link)]
    assert [link.url for link in links] == ["https://www.un.org/en/genocideprevention/"]
    assert any(isinstance(node, m.SymbolRef) and node.symbol == "A/69/981" for node in first_note.children)
    assert [n.number for n in doc.notes] == [1, 2]


def test_a_start_of_10_and_an_annex_that_restarts() -> None:
    doc, _warnings = read_docx((DOCX / "lo-from-10.docx").read_bytes())
    numbered = [b.number for b in doc.blocks if isinstance(b, m.NumberedPara)]
    assert numbered == [10, 11, 1, 2]
    annex = next(b for b in doc.blocks if isinstance(b, m.Annex))
    assert annex.label == "Annex" and annex.restart
    text = m.plain_text(doc)
    assert "risk factors in twelve situations" in text  # the insertion accepted
    assert "draft" not in text  # and the deletion
    assert "Check the number" not in text  # a comment is not text
    for word in ("Region", "Situations", "Africa", "A boxed remark.", "Assessments made in 2015."):
        assert word in text  # a table's cells, a text box, an endnote: kept, with warnings


def test_what_the_model_cannot_hold_is_named_with_its_place() -> None:
    _doc, warnings = read_docx((DOCX / "lo-from-10.docx").read_bytes(), "lo-from-10.docx")
    expected = [
        "tracked changes are read as accepted (2 insertion(s) or deletion(s), the first in paragraph 10)",
        "a comment left out, in paragraph 10",
        "a table (2 × 2) read as its cells' paragraphs, after paragraph 11",
        "a field (DATE) read as the text it shows",
        "a text box read as paragraphs after the one it is anchored in, after paragraph 11",
        "an endnote read as footnote 1, in paragraph 11",
    ]
    for fragment in expected:
        assert any(fragment in warning for warning in warnings), (fragment, warnings)
    assert all(warning.startswith("lo-from-10.docx:") and ": docx: " in warning for warning in warnings)


def test_strict_makes_a_warning_an_error(tmp_path: Path) -> None:
    done = _cli("--strict", "--to", "html", "-o", str(tmp_path / "out.html"), str(DOCX / "lo-from-10.docx"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "tracked changes are read as accepted" in done.stderr
    assert "(--strict)" in done.stderr
    assert not (tmp_path / "out.html").exists()


def test_a_hand_numbered_document_without_styles() -> None:
    doc, warnings = read_docx((DOCX / "hand-numbered.docx").read_bytes())
    assert [b.number for b in doc.blocks if isinstance(b, m.NumberedPara)] == [51, 52, 53, 54]
    heading = next(b for b in doc.blocks if isinstance(b, m.Heading))
    assert (heading.label, m.inline_text(heading.children)) == ("III.", "Observations")
    assert any(
        isinstance(b, m.Para) and m.inline_text(b.children).startswith("7. This line") for b in doc.blocks
    )  # a typed number that does not follow is text, kept as typed
    items = next(b for b in doc.blocks if isinstance(b, m.EnumList)).items
    assert [item.label for item in items] == ["(a)", "(b)"]
    assert (doc.meta.symbol, doc.meta.organ) == ("S/2015/500", "Security Council")
    assert doc.meta.title.startswith("Letter dated 2 July 2015")
    assert any("no paragraph is in the Title style" in warning for warning in warnings)
    symbols = [
        n.symbol
        for b in doc.blocks
        for line in m.block_inlines(b)
        for n in line
        if isinstance(n, m.SymbolRef)
    ]
    assert "A/RES/60/1" in symbols and "S/RES/2150 (2014)" in symbols


def test_kept_fixtures_are_what_their_sources_give(tmp_path: Path) -> None:
    """The .docx files are LibreOffice's and python-docx's output of the kept sources."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs it")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "tools" / "make_docx_fixtures.py"), str(tmp_path)],
        capture_output=True, text=True, timeout=400, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for kept in sorted(DOCX.glob("*.docx")):
        made = tmp_path / kept.name
        assert read_docx(made.read_bytes())[0] == read_docx(kept.read_bytes())[0], kept.name


# --- Word's numbering, built by hand --------------------------------------------------------------


def _numbered_document(numbering: str, paragraphs: list[tuple[str, str]]) -> bytes:
    """A package whose numbering part is ``numbering`` and whose body holds paragraphs
    (numPr XML, text)."""
    document = docx.Document()
    body = document.element.body
    for properties, text in paragraphs:
        paragraph = document.add_paragraph(text)
        if properties:
            from docx.oxml import parse_xml

            paragraph._p.get_or_add_pPr().append(parse_xml(properties))
    del body
    part = document.part.numbering_part
    from docx.oxml import parse_xml as parse

    part._element = parse(numbering)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _num_pr(num_id: int, level: int = 0) -> str:
    return f'<w:numPr {_W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'


def _abstract(abstract_id: int, levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'


def _level(level: int, fmt: str, text: str, start: int = 1, restart: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{restart}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def test_word_numbering_shared_counters_start_overrides_and_level_restarts() -> None:
    levels = _level(0, "decimal", "%1.", start=3) + _level(1, "lowerLetter", "(%2)")
    bullets = _abstract(2, _level(0, "bullet", "\uf0b7"))
    numbering = (
        f"<w:numbering {_W}>{_abstract(1, levels)}{bullets}"
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="4"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        "</w:numbering>"
    )
    data = _numbered_document(
        numbering,
        [
            ("", "Title of the sample"),
            (_num_pr(1), "Starts at three."),
            (_num_pr(1, 1), "A sub-paragraph."),
            (_num_pr(1, 1), "Another."),
            (_num_pr(2), "A second instance counts on: four."),
            (_num_pr(2, 1), "Its level 2 restarted: (a)."),
            (_num_pr(3), "A bullet."),
            ("", "Annex"),
            (_num_pr(4), "Restarted at one."),
        ],
    )
    doc, _warnings = read_docx(data)
    assert [b.number for b in doc.blocks if isinstance(b, m.NumberedPara)] == [3, 4, 1]
    labels = [[item.label for item in b.items] for b in doc.blocks if isinstance(b, m.EnumList)]
    assert labels == [["(a)", "(b)"], ["(a)"], ["•"]]


def test_a_document_numbered_from_51_reads_from_51() -> None:
    numbering = (
        f"<w:numbering {_W}>{_abstract(1, _level(0, 'decimal', '%1.', start=51))}"
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    data = _numbered_document(numbering, [("", "Excerpt"), (_num_pr(1), "First."), (_num_pr(1), "Second.")])
    doc, _warnings = read_docx(data)
    assert [b.number for b in doc.blocks if isinstance(b, m.NumberedPara)] == [51, 52]


# --- what the model cannot hold, one by one -----------------------------------------------------

_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_an_image_and_hidden_text_are_warned_of() -> None:
    document = docx.Document()
    document.add_paragraph("A title")
    paragraph = document.add_paragraph("1. Before the picture. ")
    paragraph.add_run().add_picture(io.BytesIO(_PNG))
    hidden = paragraph.add_run("Secret words.")
    hidden.font.hidden = True
    out = io.BytesIO()
    document.save(out)
    doc, warnings = read_docx(out.getvalue())
    assert any("an image left out" in w and "in paragraph 1" in w for w in warnings), warnings
    assert any("hidden text left out ('Secret words.')" in w for w in warnings), warnings
    assert "Secret words" not in m.plain_text(doc)


# --- the command line -------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "converter", *args],
        capture_output=True, text=True, timeout=120, check=False, cwd=ROOT,
    )  # fmt: skip


def test_a_word_document_converts_directly(tmp_path: Path) -> None:
    done = _cli("--to", "pdf,html", "--verify", "--outdir", str(tmp_path), str(DOCX / "lo-report.docx"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "lo-report.pdf").stat().st_size > 1000
    assert "Strengthening national capacity" in (tmp_path / "lo-report.html").read_text(encoding="utf-8")


def test_standard_input_with_from_docx(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "converter", "--from", "docx", "--to", "yaml", "-o", "-", "-"],
        input=(DOCX / "hand-numbered.docx").read_bytes(),
        capture_output=True, timeout=120, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert b"number: 51" in done.stdout


def test_a_pack_may_hold_a_word_document(tmp_path: Path) -> None:
    shutil.copy(DOCX / "lo-report.docx", tmp_path / "report.docx")
    (tmp_path / "pack.yaml").write_text(
        "pack: r2p-pack/1\ntitle: A pack\ndocuments:\n- report.docx\n", encoding="utf-8"
    )
    pack = read_item(tmp_path / "pack.yaml")
    assert isinstance(pack, m.Pack) and pack.documents[0].meta.symbol == "A/70/100"


def test_reading_changes_nothing_in_the_package() -> None:
    """The reader never writes: the file's bytes are the same after a conversion."""
    data = (DOCX / "lo-report.docx").read_bytes()
    read_docx(data)
    assert (DOCX / "lo-report.docx").read_bytes() == data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "word/document.xml" in package.namelist()


def test_a_masthead_in_the_first_page_header() -> None:
    """Documents made from a template often carry the masthead in the first page's header:
    "United Nations" and the symbol, the organ and the distribution block, in a table."""
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    table = header.add_table(rows=2, cols=2, width=docx.shared.Inches(6))
    cells = [
        ["United Nations", "A/70/100"],
        ["General Assembly", "Distr.: General\n1 June 2015\nOriginal: English"],
    ]
    for row, texts in zip(table.rows, cells, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    for text in ("Seventieth session", "Agenda item 5", "Prevention of atrocity crimes", ""):
        document.add_paragraph(text)
    document.add_paragraph("Strengthening national capacity", style="Title")
    document.add_paragraph("Report of the Secretary-General")
    document.add_paragraph("1. The present report is submitted pursuant to resolution 69/1.")
    out = io.BytesIO()
    document.save(out)
    doc, warnings = read_docx(out.getvalue())
    assert warnings == []
    _assert_the_report_masthead(doc.meta)
    assert (doc.meta.title, doc.meta.kind) == (
        "Strengthening national capacity",
        "Report of the Secretary-General",
    )
    assert [b.number for b in doc.blocks if isinstance(b, m.NumberedPara)] == [1]


def test_a_briefing_packs_docx_is_refused_as_one_document(tmp_path: Path) -> None:
    pack = read_item(ROOT / "source" / "packs" / "r2p-2015-briefing-pack.yaml")
    data = render(pack, "docx", WriteOptions())
    with pytest.raises(
        R2PError, match="is a briefing pack of 2 documents; the DOCX reader reads one document"
    ):
        docx_reader.read(data, "pack.docx")


def test_the_numbers_and_labels_libreoffice_shows_are_the_ones_read(tmp_path: Path) -> None:
    """LibreOffice is the judge of what a reader sees: every paragraph number and heading or
    sub-paragraph label its text export of each fixture shows, our model has, in order."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs it")
    sys.path.insert(0, str(ROOT / "bench"))
    from compare_docx_readers import kept, labels, libreoffice_text

    for path in sorted(DOCX.glob("*.docx")):
        reference = labels(libreoffice_text(path, tmp_path))
        ours = labels(m.plain_text(read_docx(path.read_bytes())[0]))
        assert reference and kept(reference, ours) == len(reference), (path.name, reference, ours)
