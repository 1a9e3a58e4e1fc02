"""The DOCX writer: Word structure, fidelity, reproducibility, and LibreOffice as a real reader."""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from conftest import FIXTURES, ROOT, SOURCE_YAML
from converter.cli import cli
from converter.convert import read_item, render
from converter.errors import R2PError
from converter.model import Document, Footnote, FootnoteRef, Metadata, NumberedPara, Text
from converter.verify import verify_output
from converter.writers import WriteOptions

PACK = ROOT / "source" / "packs" / "r2p-2015-briefing-pack.yaml"
SOURCES = {"seed": SOURCE_YAML, "features": FIXTURES / "features.yaml", "pack": PACK}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("docx")
    result = CliRunner().invoke(
        cli, ["-q", "--to", "docx", "--outdir", str(out), *map(str, SOURCES.values())]
    )
    assert result.exit_code == 0, result.stderr
    return {name: out / (path.stem + ".docx") for name, path in SOURCES.items()}


def _open(files: dict[str, Path], name: str) -> docx.document.Document:
    return docx.Document(str(files[name]))


def _styles_used(document: docx.document.Document) -> list[str]:
    return [paragraph.style.name for paragraph in document.paragraphs]


def test_paragraphs_use_named_styles(files: dict[str, Path]) -> None:
    document = _open(files, "features")
    used = _styles_used(document)
    assert used[:3] == ["Title", "Document Kind", "Heading 1"]
    masthead = document.tables[0]
    assert masthead.style.name == "Masthead Table"
    (united, symbol), (left, right) = (row.cells for row in masthead.rows)
    assert [(p.style.name, p.text) for p in united.paragraphs + symbol.paragraphs] == [
        ("Masthead United Nations", "United Nations"),
        ("Masthead Symbol", "A/70/999"),
    ]
    assert [(p.style.name, p.text) for p in left.paragraphs] == [("Masthead Organ", "General Assembly")]
    assert [p.text for p in right.paragraphs] == [
        "Distr.: General",
        "Genève, 31 January 2016",
        "Original: French",
    ]
    assert {p.style.name for p in right.paragraphs} == {"Masthead Right"}
    sessions = document.tables[1]
    assert sessions.style.name == "Masthead Sessions"
    assert [(p.style.name, p.text) for p in sessions.rows[0].cells[0].paragraphs] == [
        ("Masthead", "Seventieth session")
    ]
    for name in ("Numbered Paragraph", "Body Text", "Heading 2", "Heading 3", "Quote", "List Item"):
        assert name in used


def test_no_direct_formatting(files: dict[str, Path]) -> None:
    body = zipfile.ZipFile(files["features"]).read("word/document.xml").decode()
    run_properties = re.findall(r"<w:rPr>(.*?)</w:rPr>", body)
    assert all(re.fullmatch(r'<w:rStyle w:val="[^"]+"/>', props) for props in run_properties), run_properties
    paragraph_properties = re.findall(r"<w:pPr>(.*?)</w:pPr>", body)
    numbering = r'(<w:numPr><w:ilvl w:val="\d"/><w:numId w:val="\d+"/></w:numPr>)?'  # Word's own lists
    assert all(
        re.fullmatch(rf'<w:pStyle w:val="[^"]+"/>{numbering}', props) for props in paragraph_properties
    )


def test_numbered_paragraphs_use_automatic_numbering(files: dict[str, Path]) -> None:
    document = _open(files, "seed")
    style = document.styles["Numbered Paragraph"]
    num_id = style.element.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id)
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstracts = numbering.iter(f"{W}abstractNum")
    abstract = next(a for a in abstracts if a.get(f"{W}abstractNumId") == abstract_id)
    assert abstract.find(f"{W}lvl/{W}lvlText").get(f"{W}val") == "%1."
    numbered = [p for p in document.paragraphs if p.style.name == "Numbered Paragraph"]
    assert len(numbered) == 12
    assert not any(re.match(r"\s*\d+\.", p.text) for p in numbered)  # no typed numbers
    assert numbered[1].text.startswith("H.E. Mr. Einar Gunnarson opened")


def test_pack_numbering_restarts_for_each_document(files: dict[str, Path]) -> None:
    document = _open(files, "pack")
    numbered = [p for p in document.paragraphs if p.style.name == "Numbered Paragraph"]
    direct = {p._p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") for p in numbered[4:]}
    assert len(direct) == 1  # the second document's own list...
    override = document.part.numbering_part.element.xpath(
        f"//w:num[@w:numId='{direct.pop()}']//w:startOverride"
    )
    assert override and override[0].get(f"{W}val") == "1"  # ...restarting at 1
    assert len(document.sections) == 3  # cover and contents, then one section per document


def test_footnotes_are_real(files: dict[str, Path]) -> None:
    package = zipfile.ZipFile(files["features"])
    notes = package.read("word/footnotes.xml").decode()
    assert notes.count("<w:footnoteRef/>") == 2
    assert "The second note, with " in notes
    body = package.read("word/document.xml").decode()
    assert re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body) == ["1", "2"]
    assert "footnotes.xml" in package.read("word/_rels/document.xml.rels").decode()
    assert 'w:footnote w:id="-1"' in package.read("word/settings.xml").decode()


def test_hyperlinks_and_bookmarks(files: dict[str, Path]) -> None:
    document = _open(files, "seed")
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert targets == ["https://undocs.org/A/RES/60/1"]
    names = [b.get(f"{W}name") for b in document.element.body.iter(f"{W}bookmarkStart")]
    assert [n for n in names if n.startswith("para-")] == [f"para-{i}" for i in range(1, 13)]
    features = zipfile.ZipFile(files["features"])
    note_rels = features.read("word/_rels/footnotes.xml.rels").decode()
    assert "https://undocs.org/A/RES/60/1" in note_rels  # a symbol inside a footnote links too


def test_page_setup_header_and_footer(files: dict[str, Path]) -> None:
    section = _open(files, "seed").sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert section.different_first_page_header_footer
    assert (
        section.header.paragraphs[0].text
        == "Responsibility to protect: informal interactive dialogue, 8 September 2015"
    )
    assert section.first_page_header.paragraphs[0].text == ""
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    assert "Page " in footer and " of " in footer


def test_properties_and_language(files: dict[str, Path]) -> None:
    document = _open(files, "features")
    core = document.core_properties
    assert core.title == "Features & <checks> of {{ r2p }}"
    assert core.subject == "NOTE BY THE SECRETARIAT" and core.author == "Secretariat"
    assert "A/70/999" in core.keywords and core.language == "en"
    assert core.created == core.modified == datetime.datetime(2016, 1, 31, 12, 0, tzinfo=datetime.UTC)
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "en"


def test_nothing_of_python_docx_leaks(files: dict[str, Path]) -> None:
    package = zipfile.ZipFile(files["seed"])
    for name in package.namelist():
        content = package.read(name)
        assert b"python-docx" not in content, name
        assert b"2013-12-23" not in content, name
        assert b"Macintosh" not in content, name
    assert not any(
        "thumbnail" in n or "customXml" in n or "stylesWithEffects" in n for n in package.namelist()
    )


def test_hostile_text_stays_text(files: dict[str, Path]) -> None:
    text = "\n".join(p.text for p in _open(files, "features").paragraphs)
    assert "An unnumbered paragraph with <script>alert(1)</script>, & and {{ 7*7 }} and {% raw %}." in text


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_word_in_order(files: dict[str, Path], name: str) -> None:
    verify_output(read_item(SOURCES[name]), "docx", files[name].read_bytes())


def test_characters_xml_cannot_hold_are_dropped_with_a_warning() -> None:
    from converter.model import Pos

    where = Pos("made-in-code.yaml", 7, 3)
    doc = Document(
        Metadata(title="T\x01itle"),
        (NumberedPara((Text("bell\x07 and\ttab\nline", pos=where), FootnoteRef("n", 1, 1)), number=1),),
        (Footnote("n", (Text("half \ud800 surrogate"),), number=1),),
    )
    warnings: list[R2PError] = []
    data = render(doc, "docx", WriteOptions(warn=warnings.append))
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[-1].text == "bell and tab line"
    assert any(w.pos == where and "U+0007" in w.message for w in warnings)
    assert {"U+0001", "U+0007", "U+D800"} <= {re.search(r"U\+\w+", w.message).group() for w in warnings}


def test_same_input_gives_the_same_bytes(files: dict[str, Path], tmp_path: Path) -> None:
    first = render(read_item(SOURCE_YAML), "docx", WriteOptions())
    assert first == render(read_item(SOURCE_YAML), "docx", WriteOptions())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "random"}
    for run in ("a", "b"):
        target = str(tmp_path / f"{run}.docx")
        command = [sys.executable, "-m", "converter", "-q", "--to", "docx", "-o", target, str(SOURCE_YAML)]
        subprocess.run(command, check=True, env=env)
    digests = {hashlib.sha256((tmp_path / f"{run}.docx").read_bytes()).hexdigest() for run in ("a", "b")}
    assert digests == {hashlib.sha256(first).hexdigest()}
    infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {info.date_time for info in infos} == {(2015, 9, 8, 12, 0, 0)}


def test_source_date_epoch_sets_the_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    document = docx.Document(io.BytesIO(render(read_item(SOURCE_YAML), "docx", WriteOptions())))
    assert document.core_properties.created == datetime.datetime(
        2023, 11, 14, 22, 13, 20, tzinfo=datetime.UTC
    )


def _convert_with_reference(reference: Path, source: Path, out: Path):  # type: ignore[no-untyped-def]
    args = ["-q", "--to", "docx", "--reference-docx", str(reference), "-o", str(out), str(source)]
    return CliRunner().invoke(cli, args)


def test_reference_docx_styles_win(tmp_path: Path) -> None:
    reference = docx.Document()
    heading = reference.styles["Heading 1"]
    heading.font.size = Pt(23)
    heading.font.name = "House Sans"
    reference.save(tmp_path / "house.docx")
    out = tmp_path / "out.docx"
    result = _convert_with_reference(tmp_path / "house.docx", SOURCE_YAML, out)
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(out))
    assert document.styles["Heading 1"].font.size == Pt(23)
    assert document.styles["Heading 1"].font.name == "House Sans"
    assert document.styles["Numbered Paragraph"] is not None  # ours, added where the house template has none
    verify_output(read_item(SOURCE_YAML), "docx", out.read_bytes())


@pytest.mark.parametrize("name", ["lo-report.docx", "lo-from-10.docx", "hand-numbered.docx"])
def test_a_libreoffice_or_python_docx_document_serves_as_reference(tmp_path: Path, name: str) -> None:
    """Documents made elsewhere as references: LibreOffice names its styles "Heading 1" where
    Word says "heading 1", numbers its headings through their style, and has a footnotes
    part of its own.  None of it may fail, add a label or give the package two parts of
    one name."""
    out = tmp_path / "out.docx"
    result = _convert_with_reference(FIXTURES / "docx" / name, FIXTURES / "features.yaml", out)
    assert result.exit_code == 0, result.stderr
    names = zipfile.ZipFile(out).namelist()
    assert len(names) == len(set(names))
    verify_output(read_item(FIXTURES / "features.yaml"), "docx", out.read_bytes())


# --- LibreOffice, the program many readers open it with ------------------------------------


@pytest.fixture(scope="module")
def libreoffice(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("lo")
    profile = (out / "profile").as_uri()
    documents = [str(files["seed"]), str(files["features"])]
    for target in ("pdf", "txt:Text (encoded):UTF8"):
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
        subprocess.run(
            [*command, "--outdir", str(out), *documents], check=True, capture_output=True, timeout=180
        )
    return out


def test_libreoffice_converts_it_to_pdf(libreoffice: Path) -> None:
    for name in ("r2p-2015-presidents-summary.pdf", "features.pdf"):
        assert (libreoffice / name).read_bytes().startswith(b"%PDF")


def test_libreoffice_text_has_the_automatic_numbers(libreoffice: Path) -> None:
    text = (libreoffice / "r2p-2015-presidents-summary.txt").read_text(encoding="utf-8-sig")
    numbered = [line.strip() for line in text.splitlines() if re.match(r"\s*\d+\.\s", line)]
    assert [int(line.split(".")[0]) for line in numbered] == list(range(1, 13))
    assert numbered[0].startswith("1. The President of the 69th Session")
    assert numbered[-1].startswith("12. In looking to the future")


def test_the_documents_language_wins_over_a_reference_styles_language(tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    reference = docx.Document()
    normal = reference.styles["Normal"].element
    normal.get_or_add_rPr().append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-US"/>'))
    reference.save(tmp_path / "house.docx")
    source = tmp_path / "fr.yaml"
    source.write_text(
        "format: r2p/1\nmeta: {title: Titre, language: fr}\nbody:\n  - para: Texte.\n", encoding="utf-8"
    )
    out = tmp_path / "fr.docx"
    assert _convert_with_reference(tmp_path / "house.docx", source, out).exit_code == 0
    styles = zipfile.ZipFile(out).read("word/styles.xml").decode()
    assert 'w:val="en-US"' not in styles and 'w:lang w:val="fr"' in styles


def _effective(document, style, attribute: str):  # type: ignore[no-untyped-def]
    """A paragraph style's font name or size as Word works it out: the style, then what
    it is based on, then the document defaults."""
    while style is not None:
        value = getattr(style.font, attribute)
        if value is not None:
            return value
        style = style.base_style
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is None:
        return None
    if attribute == "name":
        fonts = rpr.find(qn("w:rFonts"))
        return None if fonts is None else fonts.get(qn("w:ascii"))
    size = rpr.find(qn("w:sz"))
    return None if size is None else Pt(int(size.get(qn("w:val"))) / 2)


def test_a_house_font_reaches_every_style_the_body_uses(tmp_path: Path) -> None:
    """With a house template whose Normal and Body Text are Times New Roman 12, every
    paragraph of the body, the masthead and the footnotes is set in it (the theme's own
    styles inherit from the house's, setting only what makes them what they are)."""
    house = docx.Document()
    for name in ("Normal", "Body Text"):
        house.styles[name].font.name = "Times New Roman"
    house.styles["Normal"].font.size = house.styles["Body Text"].font.size = Pt(12)
    house.save(tmp_path / "house.docx")
    source = ROOT / "source" / "samples" / "sample-report-joint.yaml"
    out = tmp_path / "out.docx"
    result = _convert_with_reference(tmp_path / "house.docx", source, out)
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(out))
    house_styles = {style.name for style in house.styles}
    notes = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/footnotes"))
    note_styles = {p.get(qn("w:val")) for p in etree.fromstring(notes.blob).iter(qn("w:pStyle"))}
    used = {p.style.name for p in document.paragraphs} | {
        p.style.name for table in document.tables for cell in table._cells for p in cell.paragraphs
    }
    used |= {style.name for style in document.styles if style.style_id in note_styles}
    ours = [document.styles[name] for name in sorted(used - house_styles)]
    assert {"Numbered Paragraph", "List Item", "Masthead Organ", "Summary Text"} <= {s.name for s in ours}
    for style in ours:
        assert _effective(document, style, "name") == "Times New Roman", style.name
    assert _effective(document, document.styles["Numbered Paragraph"], "size") == Pt(12)
    assert "PT Serif" not in document.styles.element.xml
    verify_output(read_item(source), "docx", out.read_bytes())


def test_libreoffice_sets_it_in_the_embedded_pt_serif(libreoffice: Path) -> None:
    """On a machine without PT Serif, LibreOffice's PDF of our DOCX uses the face the
    DOCX embeds, not a substitute (DejaVu, Liberation)."""
    pdffonts, fc_list = shutil.which("pdffonts"), shutil.which("fc-list")
    if pdffonts is None or fc_list is None:
        pytest.skip("pdffonts (poppler-utils) or fc-list (fontconfig) is not installed")
    installed = subprocess.run([fc_list, ":family=PT Serif"], capture_output=True, text=True, check=True)
    if installed.stdout.strip():
        pytest.skip("PT Serif is installed on this machine: LibreOffice would not need the embedded one")
    for name in ("r2p-2015-presidents-summary.pdf", "features.pdf"):
        listing = subprocess.run(
            [pdffonts, str(libreoffice / name)], capture_output=True, text=True, check=True
        )
        faces = [line.split()[0] for line in listing.stdout.splitlines()[2:]]
        assert faces and all(face.split("+")[-1].startswith("PTSerif-") for face in faces), (name, faces)
        assert {face.split("+")[-1] for face in faces} >= {"PTSerif-Regular", "PTSerif-Bold"}


# --- accessibility: what Word's checker looks for, and LibreOffice's tagged PDF of it ------------

# The rules LibreOffice 7.4's tagged PDF export fails whatever the DOCX: it writes no /Tabs
# /S, no /ID for Note elements, leaves the link annotations of footnote calls outside Link
# elements, and remaps a paragraph style named as a standard type ("Quote").
LIBREOFFICE_UA1_FAILURES = {
    "PDFUA1-PAGE-TABS-001",
    "PDFUA1-NOTE-ID-001",
    "PDFUA1-LINK-LINK-TAG-001",
    "PDFUA1-STRUCT-TREE-ROLE-MAP-STANDARD-001",
}
ACCESSIBLE = [
    SOURCE_YAML,
    FIXTURES / "features.yaml",
    ROOT / "source" / "samples" / "sample-report-joint.yaml",
]


@pytest.mark.parametrize("source", [*ACCESSIBLE, ROOT / "source" / "packs" / "r2p-2015-briefing-pack.yaml"])
def test_what_word_s_accessibility_checker_asks(source: Path) -> None:
    data = render(read_item(source), "docx", WriteOptions())
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title and document.core_properties.language
    body = document.element.body
    empty = [p for p in body.iter(qn("w:p")) if not "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()]
    assert empty == []  # no empty paragraphs (spacing is the styles')
    for table in body.iter(qn("w:tbl")):  # layout tables say what they hold
        caption = table.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        assert caption is not None and caption.get(qn("w:val"))
    headings = [p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(name in ("Heading 1", "Heading 2", "Heading 3") for name in headings)


def test_libreoffice_s_tagged_pdf_of_it_fails_only_libreoffice_s_rules(tmp_path: Path) -> None:
    page = pytest.importorskip("page", reason="page-validation is not installed")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    for source in ACCESSIBLE:
        (tmp_path / f"{source.stem}.docx").write_bytes(render(read_item(source), "docx", WriteOptions()))
    # Tagged, and declared PDF/UA (without it LibreOffice writes no PDF/UA identification).
    export = (
        'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
        '"PDFUACompliance":{"type":"boolean","value":"true"}}'
    )
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", export, "--outdir",
         str(tmp_path), *map(str, sorted(tmp_path.glob("*.docx")))],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    for source in ACCESSIBLE:
        report = page.validate_pdf(str(tmp_path / f"{source.stem}.pdf"), profile="ua1")
        failed = {failure.rule_id for failure in report.failures}
        assert failed <= LIBREOFFICE_UA1_FAILURES, (source.stem, failed - LIBREOFFICE_UA1_FAILURES)


def test_style_facts_kept_in_the_cache_are_those_read_from_the_styles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the base package's styles are (layout.StyleFacts) is kept in the user's cache
    as plain data: restored, it is what reading the styles gives; a damaged file is read
    afresh; the document is the same bytes either way."""
    from converter.writers.docx import package
    from converter.writers.docx.layout import StyleFacts

    monkeypatch.setattr("converter.resources.user_cache_dir", lambda: tmp_path)
    monkeypatch.setattr(package, "_BASES", {})  # (a base package read afresh: no facts yet)
    item = read_item(SOURCE_YAML)
    first = render(item, "docx", WriteOptions())
    (kept,) = tmp_path.glob("docx-style-facts-*.marshal")
    read = StyleFacts(package.base(None).document())
    restored = StyleFacts.from_plain(*read.to_plain())
    assert (restored.ids, restored.applied) == (read.ids, read.applied) and read.applied
    for damage in (b"", b"not marshal", kept.read_bytes()[:-5]):
        monkeypatch.setattr(package, "_BASES", {})
        kept.write_bytes(damage)
        assert render(item, "docx", WriteOptions()) == first
    monkeypatch.setattr(package, "_BASES", {})
    assert render(item, "docx", WriteOptions()) == first  # (from the file the last run wrote)
