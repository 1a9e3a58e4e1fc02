"""Real UN documents: mastheads, numbering from where a document starts, sub-paragraphs,
labelled headings, resolutions, annexes, signatures, literal text, in every format.

The samples in source/samples/ are shaped like real documents (a joint report, a
draft resolution, a letter, an excerpt numbered from 51); each element is checked
where a reader of each format meets it, and every sample reads back (--verify).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import FIXTURES, ROOT
from converter.convert import read_document, read_item, render
from converter.errors import InputError, R2PError
from converter.model import Annex, EnumList, Heading, NumberedPara, Para, Preamble, Signature, SymbolRef
from converter.verify import VerificationError, verify_output
from converter.verify_extract import docx_text, html_text
from converter.writers import WRITERS, WriteOptions
from golden import check_golden, model_json

SAMPLES = sorted((ROOT / "source" / "samples").glob("*.yaml"))
REPORT = ROOT / "source" / "samples" / "sample-report-joint.yaml"
RESOLUTION = ROOT / "source" / "samples" / "sample-resolution.yaml"
LETTER = ROOT / "source" / "samples" / "sample-letter.yaml"
EXCERPT = ROOT / "source" / "samples" / "sample-excerpt-from-51.yaml"
AS_TEXT = FIXTURES / "un" / "report-as-text.txt"


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], bytes]:
    out = {}
    for path in SAMPLES:
        doc = read_item(path)
        for fmt in WRITERS:
            out[(path.stem, fmt)] = render(doc, fmt, WriteOptions())
    return out


@pytest.mark.parametrize("fmt", list(WRITERS))
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_reads_back_in_every_format(
    sample: Path, fmt: str, rendered: dict[tuple[str, str], bytes]
) -> None:
    verify_output(read_item(sample), fmt, rendered[(sample.stem, fmt)])


# --- the masthead -------------------------------------------------------------------------------


def _pdf_page_text(data: bytes, page: int = 0) -> str:
    return PdfReader(io.BytesIO(data)).pages[page].extract_text()


def test_the_joint_masthead_in_pdf(rendered: dict[tuple[str, str], bytes]) -> None:
    text = _pdf_page_text(rendered[("sample-report-joint", "pdf")])
    for line in ("United Nations", "A/89/901–S/2034/452", "General Assembly", "Security Council",
                 "Distr.: General", "16 May 2034", "Original: English", "Eighty-ninth session",
                 "Eighty-ninth year", "Agenda items 14, 117 and 132", "A/89/50.", "34-08811 (E)",
                 "Strengthening of the United Nations system"):  # fmt: skip
        assert line in text, line
    # The symbol stands above the organs, the title below the agenda, the "*" note at the foot.
    assert text.index("A/89/901") < text.index("Distr.") < text.index("Eighty-ninth session")
    assert text.index("Strengthening") < text.index("Protection of civilians") < text.index("A/89/50.")


def test_the_joint_masthead_in_html(rendered: dict[tuple[str, str], bytes]) -> None:
    page = rendered[("sample-report-joint", "html")].decode()
    assert '<p class="doc-symbol">A/89/901–S/2034/452</p>' in page
    assert page.count('class="organ-name"') == 4  # in the organs' block and heading each column
    assert 'Agenda items 14, 117 and 132<a class="agenda-mark" href="#agenda-note-1">*</a>' in page
    assert '<p class="agenda-note" id="agenda-note-1">* A/89/50.</p>' in page
    assert '<p class="job">34-08811 (E)</p>' in page
    assert '<section class="summary" aria-labelledby="summary">' in page


def test_the_joint_masthead_in_docx(rendered: dict[tuple[str, str], bytes]) -> None:
    import docx

    document = docx.Document(io.BytesIO(rendered[("sample-report-joint", "docx")]))
    masthead, sessions = document.tables[0], document.tables[1]
    assert [c.paragraphs[0].style.name for c in masthead.rows[0].cells] == [
        "Masthead United Nations",
        "Masthead Symbol",
    ]
    assert [p.text for p in masthead.rows[1].cells[0].paragraphs] == ["General Assembly", "Security Council"]
    assert len(sessions.rows[0].cells) == 2
    agenda = sessions.rows[0].cells[0].paragraphs
    assert [p.style.name for p in agenda[3:]] == ["Agenda Title"] * 3
    package = zipfile.ZipFile(io.BytesIO(rendered[("sample-report-joint", "docx")]))
    body = package.read("word/document.xml").decode()
    notes = package.read("word/footnotes.xml").decode()
    assert 'w:customMarkFollows="1"' in body and "<w:t>*</w:t>" in notes and "A/89/50." in notes
    footer = " ".join(package.read(n).decode() for n in package.namelist() if n.startswith("word/footer"))
    assert "34-08811 (E)" in footer


def test_masthead_lines_read_from_plain_text(accept: bool) -> None:
    doc = read_document(AS_TEXT)
    check_golden("un/report-as-text.model.json", model_json(doc), accept)
    meta = doc.meta
    assert meta.symbol == "A/88/901–S/2033/452" and meta.distribution == "General"
    assert [organ.name for organ in meta.organs] == ["General Assembly", "Security Council"]
    assert [item.number for item in meta.organs[0].agenda] == ["14", "132"]
    assert meta.organs[0].agenda_note == "A/88/50" and meta.organs[1].session == "Eighty-eighth year"
    assert meta.job.startswith("33-08811 (E)") and meta.kind == "Report of the Secretary-General"
    assert [type(b).__name__ for b in doc.summary] == ["Para"]


def test_a_masthead_line_the_reader_cannot_place_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "m.txt"
    source.write_text(
        "United Nations\nA/70/1\nSomething unplaceable.\n\n**Title**\n\n1. Text.\n", encoding="utf-8"
    )
    with pytest.raises(
        InputError, match=r"cannot tell what this masthead line is: 'Something unplaceable\.'"
    ) as caught:
        read_document(source)
    assert (caught.value.pos.line, caught.value.pos.col) == (3, 1)


def test_a_line_read_as_a_heading_without_certainty_is_warned(tmp_path: Path) -> None:
    source = tmp_path / "h.txt"
    source.write_text(
        "**Title**\n\n1. Text.\n\nnot capitalised, no full stop\n\n2. More.\n", encoding="utf-8"
    )
    warnings: list[R2PError] = []
    doc = read_item(source, warn=warnings.append)
    assert isinstance(doc.blocks[1], Heading)
    assert [w.pos.line for w in warnings] == [5] and "as a heading" in warnings[0].message


# --- numbers, labels, sub-paragraphs ------------------------------------------------------------------


def test_numbering_starts_where_the_excerpt_starts(rendered: dict[tuple[str, str], bytes]) -> None:
    doc = read_item(EXCERPT)
    assert [b.number for b in doc.blocks if isinstance(b, NumberedPara)] == [51, 52, 53, 54]
    assert all(f'id="para-{n}"' in rendered[("sample-excerpt-from-51", "html")].decode() for n in (51, 54))
    assert "51." in _pdf_page_text(rendered[("sample-excerpt-from-51", "pdf")])
    lines = docx_text(rendered[("sample-excerpt-from-51", "docx")]).splitlines()
    assert any(line.startswith("51. The observations") for line in lines)
    numbering = zipfile.ZipFile(io.BytesIO(rendered[("sample-excerpt-from-51", "docx")])).read(
        "word/numbering.xml"
    )
    assert b'<w:startOverride w:val="51"/>' in numbering


def test_a_number_after_the_first_must_follow_on(tmp_path: Path) -> None:
    source = tmp_path / "n.yaml"
    source.write_text(
        "format: r2p/1\nmeta: {title: T}\nbody:\n- para: a\n  number: 51\n- para: b\n  number: 53\n"
    )
    with pytest.raises(InputError, match="paragraph number 53 should be 52"):
        read_item(source)


def test_heading_labels_and_sub_paragraphs_are_word_numbering(rendered: dict[tuple[str, str], bytes]) -> None:
    data = rendered[("sample-report-joint", "docx")]
    numbering = zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml").decode()
    for word_format in ("upperRoman", "upperLetter", "lowerLetter", "lowerRoman", "bullet"):
        assert f'w:numFmt w:val="{word_format}"' in numbering, word_format
    lines = docx_text(data).splitlines()
    for expected in ("I. Introduction", "A. Risk factors", "(a) situations of armed conflict",
                     "(i) violations that have not been addressed",
                     "IV. Conclusions and recommendations"):  # fmt: skip
        assert any(line.startswith(expected) for line in lines), expected


def test_sub_paragraphs_hang_deeper_level_by_level_in_pdf(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render(read_item(REPORT), "pdf", WriteOptions()))
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    x_of = {word: float(x) for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', bbox)}
    assert x_of["3."] < x_of["(a)"] < x_of["(i)"]


def test_nested_lists_in_html(rendered: dict[tuple[str, str], bytes]) -> None:
    page = rendered[("sample-report-joint", "html")].decode()
    assert re.search(
        r'<li><span class="label">\(b\) </span>[^<]*<ul class="enum">\n<li><span class="label">\(i\) ', page
    )
    assert '<p class="continued">Weakness of State structures' in page
    assert '<h2 id="sec-1" class="labelled"><span class="label">I. </span>Introduction</h2>' in page


# --- resolutions, annexes, signatures -----------------------------------------------------------------


def test_a_resolution_s_preambular_and_operative_paragraphs(rendered: dict[tuple[str, str], bytes]) -> None:
    doc = read_item(RESOLUTION)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds[:7] == ["Para", "Para", "Preamble", "Preamble", "Preamble", "NumberedPara", "NumberedPara"]
    assert (
        '<p class="preamble"><em>Recalling</em> its resolution'
        in rendered[("sample-resolution", "html")].decode()
    )
    import docx

    document = docx.Document(io.BytesIO(rendered[("sample-resolution", "docx")]))
    assert [p.style.name for p in document.paragraphs if p.text.startswith("Reaffirming")] == [
        "Preambular Paragraph"
    ]
    back = read_document(_txt_round_trip(RESOLUTION, rendered[("sample-resolution", "txt")]))
    assert [type(b).__name__ for b in back.blocks] == kinds


def _txt_round_trip(source: Path, data: bytes) -> Path:
    path = Path("/tmp") / f"r2p-test-{source.stem}.txt"
    path.write_bytes(data)
    return path


def test_an_annex_starts_a_new_page_and_restarts_numbering(rendered: dict[tuple[str, str], bytes]) -> None:
    doc = read_item(REPORT)
    annex = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Annex))
    assert [b.number for b in doc.blocks[annex:] if isinstance(b, NumberedPara)] == [1, 2]
    reader = PdfReader(io.BytesIO(rendered[("sample-report-joint", "pdf")]))
    last = reader.pages[-1].extract_text()
    assert "Annex I" in last and "Capacities of national institutions" in last and "Introduction" not in last
    import docx

    document = docx.Document(io.BytesIO(rendered[("sample-report-joint", "docx")]))
    style = document.styles["Annex Heading"]
    assert style.paragraph_format.page_break_before


def test_signature_blocks_keep_their_lines(rendered: dict[tuple[str, str], bytes]) -> None:
    doc = read_item(LETTER)
    signatures = [b for b in doc.blocks if isinstance(b, Signature)]
    assert len(signatures) == 2 and len(signatures[0].lines) == 3
    page = rendered[("sample-letter", "html")].decode()
    assert '<p class="signature">(Signed) Alex Sample<br>Ambassador<br>' in page
    body = zipfile.ZipFile(io.BytesIO(rendered[("sample-letter", "docx")])).read("word/document.xml").decode()
    assert re.search(r"\(Signed\) Alex Sample</w:t></w:r><w:r><w:br/></w:r>", body)
    assert "(Signed) Alex Sample\nAmbassador" in html_text(page.encode()).replace("\r", "")


# --- text that is literal, symbols -----------------------------------------------------------------------


def test_asterisks_and_underscores_are_literal_text() -> None:
    doc = read_document(AS_TEXT)
    para = next(b for b in doc.blocks if isinstance(b, NumberedPara) and b.number == 52)
    text = "".join(getattr(node, "text", getattr(node, "symbol", "")) for node in para.children)
    assert "*1808811*" in text and "A/70/150*" in text and "__init__" in text


def test_hyphen_joined_symbols_and_years_without_a_space() -> None:
    doc = read_document(AS_TEXT)
    para = next(b for b in doc.blocks if isinstance(b, NumberedPara) and b.number == 53)
    symbols = [node for node in para.children if isinstance(node, SymbolRef)]
    assert [s.symbol for s in symbols] == ["A/69/981", "S/2015/500", "S/RES/1674(2006)"]
    assert symbols[2].url == "https://undocs.org/S/RES/1674(2006)"


# --- plain text holds everything, and --verify knows block kinds ------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_plain_text_holds_the_whole_model(sample: Path, rendered: dict[tuple[str, str], bytes]) -> None:
    original = read_item(sample)
    back = read_document(_txt_round_trip(sample, rendered[(sample.stem, "txt")]))
    assert (
        back.blocks == original.blocks and back.summary == original.summary and back.notes == original.notes
    )
    assert back.meta == original.meta


def test_verify_fails_when_a_block_comes_back_as_another_kind() -> None:
    import converter.writers.txt as txt_writer

    doc = read_item(EXCERPT)
    data = (
        txt_writer.write(doc, WriteOptions())
        .replace(b"(a) to share", b"## To share")
        .replace(b"(b) to", b"## To")
    )
    with pytest.raises(VerificationError, match="txt: a list reads back as a heading"):
        verify_output(doc, "txt", data)


def test_the_seed_layout_still_round_trips(seed_txt_path: Path) -> None:
    doc = read_document(seed_txt_path, "txt")
    assert not doc.meta.organs and doc.meta.place == "New York"
    assert isinstance(doc.blocks[0], Heading) and isinstance(doc.blocks[1], NumberedPara)
    assert not any(isinstance(b, Para | Preamble | EnumList) for b in doc.blocks[:2])


def test_libreoffice_numbers_a_document_s_footnotes_straight_through(tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "r.docx"
    source.write_bytes(render(read_item(REPORT), "docx", WriteOptions()))
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    text = "\n".join(page.extract_text() for page in PdfReader(str(tmp_path / "r.pdf")).pages)
    assert re.search(r"^2\s*The Framework of Analysis", text, re.M), text[-800:]
    assert re.search(r"^3\s*Information is shared", text, re.M)


# --- found in review: the writers ------------------------------------------------------------------

ITALIC_OPENING = FIXTURES / "un" / "italic-resolution-opening.yaml"
ANNEXES = FIXTURES / "un" / "annexes-and-level-3.yaml"
LABELS_AUTO = FIXTURES / "un" / "labels-auto.yaml"


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_a_resolution_opening_in_italics_reads_back(fmt: str) -> None:
    doc = read_item(ITALIC_OPENING)
    verify_output(doc, fmt, render(doc, fmt, WriteOptions()))


def test_every_html_id_is_unique_when_an_annex_restarts_the_numbers() -> None:
    page = render(read_item(ANNEXES), "html", WriteOptions()).decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'id="annex-2-para-1"' in page  # annex II numbers its paragraphs from 1


def test_level_3_headings_under_a_level_1_heading_have_one_rank() -> None:
    page = render(read_item(ANNEXES), "html", WriteOptions()).decode()
    ranks = re.findall(
        r"<h(\d)[^>]*>(?:<span[^>]*>[^<]*</span>\s*)?(?:1\.|2\.)?\s*(Courts and tribunals|Prisons)", page
    )
    assert [rank for rank, _ in ranks] == ["3", "3"]


def test_a_line_break_in_justified_text_does_not_stretch_the_line() -> None:
    package = zipfile.ZipFile(io.BytesIO(render(read_item(LETTER), "docx", WriteOptions())))
    assert "<w:doNotExpandShiftReturn/>" in package.read("word/settings.xml").decode()


def test_literal_asterisks_are_written_as_they_are() -> None:
    from converter.model import Document, Metadata, Para, Text
    from converter.transforms import apply_all

    doc = apply_all(
        Document(Metadata(title="T"), (Para((Text("See A/70/150* and 5*3*2."),)), Para((Text("*x*"),))))
    )
    for fmt in ("txt", "yaml"):
        written = render(doc, fmt, WriteOptions()).decode()
        assert "See A/70/150* and 5*3*2." in written
        assert "\\*x*" in written  # without its escape, *x* would be emphasis
        verify_output(doc, fmt, written.encode())


def test_an_unlabelled_heading_beside_automatic_labels() -> None:
    doc = read_item(LABELS_AUTO)
    labels = [(block.label, block.unlabelled) for block in doc.blocks if isinstance(block, Heading)]
    assert labels == [("", True), ("I.", False), ("II.", False), ("I.", False), ("A.", False)]
    for fmt in WRITERS:
        verify_output(doc, fmt, render(doc, fmt, WriteOptions()))
    assert "label: ''" in render(doc, "yaml", WriteOptions()).decode()


def test_explicit_labels_that_follow_the_theme_are_word_numbering() -> None:
    doc = read_item(FIXTURES / "un" / "pasted" / "lists-with-blank-lines.txt")  # I., II., A., B., 1., 2.
    assert not doc.meta.heading_labels
    package = zipfile.ZipFile(io.BytesIO(render(doc, "docx", WriteOptions())))
    body = package.read("word/document.xml").decode()
    heading = re.search(r'<w:pStyle w:val="Heading1"/>(.*?)</w:p>', body, re.S)
    assert heading is not None and "<w:numPr>" in body[heading.start() - 200 : heading.end()]
    assert ">I.<" not in body  # Word prints the label
    assert "I. Introduction" in docx_text(render(doc, "docx", WriteOptions()))


def test_organ_names_heading_session_blocks_are_bold_in_docx(rendered: dict[tuple[str, str], bytes]) -> None:
    import docx

    document = docx.Document(io.BytesIO(rendered[("sample-report-joint", "docx")]))
    first = document.tables[1].rows[0].cells[0].paragraphs[0]
    assert (first.text, first.style.name, first.style.font.bold) == (
        "General Assembly",
        "Session Organ",
        True,
    )


def test_a_french_masthead_says_distr_generale_and_francais(tmp_path: Path) -> None:
    source = tmp_path / "fr.yaml"
    source.write_text(
        "format: r2p/1\nmeta:\n  title: Titre\n  organ: Conseil de sécurité\n  symbol: S/2035/1\n"
        "  distribution: générale\n  date: '2035-02-14'\n  language: fr\n  original_language: anglais\n"
        "body:\n- para: Le texte.\n",
        encoding="utf-8",
    )
    doc = read_item(source)
    html = html_text(render(doc, "html", WriteOptions()))
    pdf = _pdf_page_text(render(doc, "pdf", WriteOptions()))
    word = docx_text(render(doc, "docx", WriteOptions()))
    for shown in (html, pdf, word):
        # French typography: a no-break space before the colon (pdftotext reads it as a space)
        assert "Distr. générale" in shown and "Français" in shown
        assert "Original\u00a0: anglais" in shown or (shown is pdf and "Original : anglais" in shown)
    back = tmp_path / "fr.txt"
    back.write_bytes(render(doc, "txt", WriteOptions()))
    assert read_item(back) == doc
