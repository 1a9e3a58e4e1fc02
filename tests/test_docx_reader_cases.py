"""The DOCX reader on the cases a review found it wrong on, each a small Word document built
from body XML: nothing dropped without a warning, numbers as Word and LibreOffice show
them, links and labels read safely, time and memory bounded."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import FIXTURES, ROOT
from converter import model as m
from converter.convert import read_document, render
from converter.errors import R2PError
from converter.readers import docx as docx_reader
from converter.transforms import apply_all
from converter.writers import WriteOptions

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def word(body: str, numbering: str = "", notes: str = "") -> bytes:
    """A package with ``body`` as its document's body: python-docx's default template (Word's
    own styles), or with ``notes``, our DOCX of the feature fixture (which has a footnotes part)."""
    if notes:
        base = render(read_document(FIXTURES / "features.yaml"), "docx", WriteOptions())
    else:
        out = io.BytesIO()
        docx.Document().save(out)
        base = out.getvalue()
    parts = {
        "word/document.xml": f"<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>",
    }
    if numbering:
        parts["word/numbering.xml"] = f"<w:numbering {NS}>{numbering}</w:numbering>"
    if notes:
        parts["word/footnotes.xml"] = f"<w:footnotes {NS}>{notes}</w:footnotes>"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, parts.pop(name, None) or source.read(name))
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def p(
    text: str = "", style: str = "", num: tuple[int, int] | None = None, runs: str = "", mark: str = ""
) -> str:
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num:
        properties += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    properties += mark
    content = runs or (f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else "")
    return f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{content}</w:p>"


def r(text: str, properties: str = "") -> str:
    run_properties = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{run_properties}<w:t xml:space="preserve">{text}</w:t></w:r>'


def decimal_list(*nums: str, abstract: str = "") -> str:
    levels = abstract or (level(0, "decimal", "%1.") + level(1, "lowerLetter", "(%2)"))
    return f'<w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>' + "".join(nums)


def level(ilvl: int, number_format: str, text: str, start: int = 1) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{number_format}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def num(num_id: int, abstract: int = 1, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{overrides}</w:num>'


def _added(data: bytes, part: str, before: str, added: str) -> bytes:
    """The package with ``added`` written into ``part`` before its closing tag ``before``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == part:
                content = content.replace(before.encode(), added.encode() + before.encode())
            target.writestr(name, content)
    return out.getvalue()


def read(data: bytes) -> tuple[m.Document, list[str]]:
    warnings: list[R2PError] = []
    doc = apply_all(docx_reader.read(data, "case.docx", warnings.append))
    return doc, [str(warning) for warning in warnings]


def numbers(doc: m.Document) -> list[int]:
    return [b.number for b in doc.blocks if isinstance(b, m.NumberedPara)]


TITLE = p("A title", "Title")


# --- nothing dropped -----------------------------------------------------------------------------


def test_rows_and_cells_inside_content_controls_are_read() -> None:
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    table = (
        "<w:tbl><w:tr>" + cell.format("plain") + "</w:tr>"
        "<w:sdt><w:sdtContent><w:tr>" + cell.format("ROWINSDT") + "</w:tr></w:sdtContent></w:sdt>"
        "<w:tr><w:sdt><w:sdtContent>" + cell.format("CELLINSDT") + "</w:sdtContent></w:sdt></w:tr>"
        "<w:customXml><w:tr>" + cell.format("ROWINCUSTOMXML") + "</w:tr></w:customXml></w:tbl>"
    )
    doc, warnings = read(word(TITLE + table + p("After.")))
    text = m.plain_text(doc)
    for word_ in ("plain", "ROWINSDT", "CELLINSDT", "ROWINCUSTOMXML", "After."):
        assert word_ in text
    assert any("a table (4 × 1)" in w for w in warnings)


def test_footnotes_on_the_title_and_date_line_are_kept_with_a_warning() -> None:
    notes = (
        '<w:footnote w:id="1"><w:p><w:r><w:t>Note on the title.</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:r><w:t>Note on the date.</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="3"><w:p><w:r><w:t>Body note.</w:t></w:r></w:p></w:footnote>'
    )
    call = '<w:r><w:footnoteReference w:id="{}"/></w:r>'
    body = (
        p(style="Title", runs=r("Report on widgets") + call.format(1))
        + p(runs=r("New York, 8 September 2015") + call.format(2))
        + p(runs=r("Body") + call.format(3))
    )
    doc, warnings = read(word(body, notes=notes))
    assert doc.meta.title == "Report on widgets" and doc.meta.date is not None
    text = m.plain_text(doc)
    assert "Note on the title." in text and "Note on the date." in text
    assert [m.inline_text(n.children) for n in doc.notes] == ["Body note."]
    assert sum("cannot be held there" in w for w in warnings) == 2


def test_ruby_hidden_text_and_unended_fields_are_warned_of() -> None:
    ruby = (
        "<w:r><w:ruby><w:rt><w:r><w:t>かんじ</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>漢字</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    )
    unended = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF 1</w:instrText></w:r>'
    doc, warnings = read(word(TITLE + p(runs=r("Base ") + ruby) + p(runs=r("Has ") + unended) + p("Lost.")))
    assert "Base 漢字" in m.plain_text(doc)
    assert any("ruby text left out ('かんじ'" in w for w in warnings)
    assert any("a field that never ends" in w for w in warnings)


def test_a_call_of_a_missing_footnote_is_warned_of() -> None:
    body = TITLE + p(runs=r("Text") + '<w:r><w:footnoteReference w:id="9"/></w:r>')
    doc, warnings = read(word(body, notes='<w:footnote w:id="1"><w:p/></w:footnote>'))
    assert doc.notes == ()
    assert any("a call of a footnote the document does not have" in w for w in warnings)


def test_a_summary_heading_outside_the_summary_box_is_text() -> None:
    doc, _warnings = read(word(TITLE + p("Summary of views", "SummaryHeading") + p("More.")))
    assert "Summary of views" in m.plain_text(doc)


def test_superscript_is_read_as_text_with_a_warning() -> None:
    doc, warnings = read(
        word(TITLE + p(runs=r("10") + r("6", '<w:vertAlign w:val="superscript"/>') + r(" km")))
    )
    assert "106 km" in m.plain_text(doc)
    assert any("superscript and subscript text is read as ordinary text (1 place(s)" in w for w in warnings)


# --- numbers as Word shows them ------------------------------------------------------------------------


def test_an_empty_numbered_paragraph_is_left_out_and_the_numbers_follow_on() -> None:
    numbering = decimal_list(num(1))
    body = TITLE + p("One.", num=(1, 0)) + p(num=(1, 0)) + p("Three.", num=(1, 0)) + p("Four.", num=(1, 0))
    doc, warnings = read(word(body, numbering))
    assert numbers(doc) == [1, 2, 3]
    assert any("an empty numbered paragraph (numbered 2) left out" in w for w in warnings)


def test_a_deleted_numbered_paragraph_is_not_counted() -> None:
    mark = "<w:rPr><w:del w:id='1' w:author='a' w:date='2020-01-01T00:00:00Z'/></w:rPr>"
    gone = "<w:del w:id='2' w:author='a'><w:r><w:delText>Gone.</w:delText></w:r></w:del>"
    deleted = p(num=(1, 0), mark=mark, runs=gone)
    body = TITLE + p("One.", num=(1, 0)) + deleted + p("Two.", num=(1, 0)) + p("Three.", num=(1, 0))
    doc, _warnings = read(word(body, decimal_list(num(1))))
    assert numbers(doc) == [1, 2, 3]
    assert "Gone" not in m.plain_text(doc)


def test_a_restarted_sub_list_does_not_restart_the_paragraphs() -> None:
    overrides = (
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
        '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride>'
    )
    numbering = decimal_list(num(1), num(2, overrides=overrides))
    body = (
        TITLE + p("One.", num=(1, 0)) + p("Two.", num=(1, 0))
        + p("sub a", num=(1, 1)) + p("sub b", num=(1, 1))
        + p("restarted a", num=(2, 1)) + p("restarted b", num=(2, 1))
        + p("Three.", num=(1, 0)) + p("Four.", num=(1, 0))
    )  # fmt: skip
    doc, warnings = read(word(body, numbering))
    assert numbers(doc) == [1, 2, 3, 4]
    assert warnings == []
    lists = [[item.label for item in b.items] for b in doc.blocks if isinstance(b, m.EnumList)]
    assert lists == [["(a)", "(b)"], ["(a)", "(b)"]]  # the restart is a list of its own


def test_typed_numbers_are_read_beside_a_numbered_list() -> None:
    numbering = decimal_list(num(1))
    body = (
        TITLE + p("1. First typed.") + p("2. Second typed.") + p("Step one", "ListNumber", num=(1, 0))
        + p("Step two", "ListNumber", num=(1, 0)) + p("3. Third typed.")
    )  # fmt: skip
    doc, _warnings = read(word(body, numbering))
    assert numbers(doc) == [1, 2, 3]
    assert [item.label for b in doc.blocks if isinstance(b, m.EnumList) for item in b.items] == ["1.", "2."]


def test_an_automatically_numbered_paragraph_after_the_title_is_no_kind() -> None:
    numbering = decimal_list(
        num(1),
        abstract=level(0, "decimal", "%1.", start=51),
    )
    doc, _warnings = read(
        word(TITLE + p("NOTE BY THE SECRETARIAT", num=(1, 0)) + p("Next.", num=(1, 0)), numbering)
    )
    assert doc.meta.kind == "" and numbers(doc) == [51, 52]


@pytest.mark.parametrize(
    ("number_format", "labels"),
    [
        ("arabicAbjad", ["(أ)", "(ب)", "(ج)"]),
        ("arabicAlpha", ["(أ)", "(ب)", "(ت)"]),
        ("russianLower", ["(а)", "(б)", "(в)"]),
        ("chineseCounting", ["(一)", "(二)", "(三)"]),
        ("ideographTraditional", ["(甲)", "(乙)", "(丙)"]),
        ("decimalZero", ["(01)", "(02)", "(03)"]),
    ],
)
def test_list_formats_of_the_other_official_languages(number_format: str, labels: list[str]) -> None:
    first = level(0, number_format, "(%1)")
    body = TITLE + p("Intro.") + "".join(p(f"item {n}", "ListParagraph", num=(1, 0)) for n in range(3))
    doc, _warnings = read(word(body, decimal_list(num(1), abstract=first)))
    assert [item.label for b in doc.blocks if isinstance(b, m.EnumList) for item in b.items] == labels


def test_a_bullet_list_then_a_numbered_list_are_two_lists() -> None:
    bullets = f'<w:abstractNum w:abstractNumId="2">{level(0, "bullet", "•")}</w:abstractNum>'
    numbering = decimal_list(num(1)) + bullets + num(2, abstract=2)
    items = p("dot one", "ListParagraph", num=(2, 0)) + p("dot two", "ListParagraph", num=(2, 0))
    items += p("step one", "ListNumber", num=(1, 0))
    doc, _warnings = read(word(TITLE + p("Intro.") + items, numbering))
    assert [[i.label for i in b.items] for b in doc.blocks if isinstance(b, m.EnumList)] == [
        ["•", "•"],
        ["1."],
    ]


# --- labels, signatures, links -----------------------------------------------------------------------


def test_signed_lines_and_parenthesised_words_are_not_list_items() -> None:
    body = (
        TITLE
        + p("Body.")
        + p("(Signed) John Smith")
        + p("(UNHCR) welcomed the report.")
        + p("(2015) was a year.")
    )
    doc, _warnings = read(word(body))
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Para", "Signature", "Para", "Para"]


def test_unsafe_link_addresses_are_read_as_text() -> None:
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
    link = '<Relationship Id="{}" Type="' + kind + '" Target="{}" TargetMode="External"/>'
    added = link.format("js", "javascript:alert(1)") + link.format("ok", "https://www.un.org/")
    hyperlinks = '<w:hyperlink r:id="js">' + r("a script") + "</w:hyperlink>" + r(" and ")
    hyperlinks += '<w:hyperlink r:id="ok">' + r("the site") + "</w:hyperlink>"
    data = word(TITLE + p(runs=r("See ") + hyperlinks))
    doc, warnings = read(
        _added(data=data, part="word/_rels/document.xml.rels", before="</Relationships>", added=added)
    )
    links = [n for b in doc.blocks for n in b.children if isinstance(n, m.Link)]  # type: ignore[union-attr]
    assert [link.url for link in links] == ["https://www.un.org/"]
    assert "See a script and the site" in m.plain_text(doc)
    assert any("a link to 'javascript:alert(1)' read as its text" in w for w in warnings)


def test_a_noteref_field_is_one_further_call() -> None:
    notes = '<w:footnote w:id="1"><w:p><w:r><w:t>The note.</w:t></w:r></w:p></w:footnote>'
    first = '<w:bookmarkStart w:id="0" w:name="_RefA"/><w:r><w:footnoteReference w:id="1"/></w:r>'
    first += '<w:bookmarkEnd w:id="0"/>'
    again = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> NOTEREF _RefA \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("1", '<w:rStyle w:val="FootnoteReference"/>')
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )  # fmt: skip
    doc, _warnings = read(word(TITLE + p(runs=r("First") + first) + p(runs=r("Again") + again), notes=notes))
    calls = [n for b in doc.blocks for n in b.children if isinstance(n, m.FootnoteRef)]  # type: ignore[union-attr]
    assert [(c.number, c.occurrence) for c in calls] == [(1, 1), (1, 2)]
    assert "Again1" in m.plain_text(doc).replace(" ", "")


def test_a_complex_hyperlink_field_keeps_its_address() -> None:
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> HYPERLINK "https://www.un.org/en/" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + r("the site")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    doc, warnings = read(word(TITLE + p(runs=r("See ") + field)))
    links = [n for b in doc.blocks for n in b.children if isinstance(n, m.Link)]  # type: ignore[union-attr]
    assert [(link.url, m.inline_text(link.children)) for link in links] == [
        ("https://www.un.org/en/", "the site")
    ]
    assert warnings == []


def test_a_tabbed_typed_masthead_line() -> None:
    body = (
        p(runs=r("United Nations") + "<w:r><w:tab/></w:r>" + r("A/75/100")) + p()
        + p("General Assembly") + p("Distr.: General") + p("1 May 2020") + p("Original: English") + p()
        + TITLE + p("Text.")
    )  # fmt: skip
    doc, warnings = read(word(body))
    assert (doc.meta.symbol, doc.meta.organ, doc.meta.distribution) == (
        "A/75/100",
        "General Assembly",
        "General",
    )
    assert warnings == []


def test_bold_and_italic_of_right_to_left_runs() -> None:
    runs = r("غامق", "<w:bCs/><w:rtl/>") + r(" ") + r("مائل", "<w:iCs/><w:rtl/>")
    doc, _warnings = read(word(TITLE + p(runs=runs)))
    kinds = [type(n).__name__ for n in doc.blocks[0].children]  # type: ignore[union-attr]
    assert kinds == ["Strong", "Text", "Emph"]


# --- bounded ----------------------------------------------------------------------------------------


def _bounded_read(data: bytes, tmp_path: Path, seconds: int = 60) -> subprocess.CompletedProcess[str]:
    """The reader in a child process limited to 1 GiB and ``seconds`` of processor time."""
    source = tmp_path / "big.docx"
    source.write_bytes(data)

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))

    return subprocess.run(
        [sys.executable, "-m", "converter", "-q", "--to", "yaml", "-o", str(tmp_path / "out.yaml"),
         str(source)],
        capture_output=True, text=True, timeout=seconds * 3, preexec_fn=limits, cwd=ROOT, check=False,
    )  # fmt: skip


def test_a_label_that_would_be_millions_of_letters_is_bounded(tmp_path: Path) -> None:
    huge = level(0, "upperLetter", "%1" * 200_000, start=32767)
    body = TITLE + "".join(p(f"item {n}", "ListParagraph", num=(1, 0)) for n in range(30))
    done = _bounded_read(word(body, decimal_list(num(1), abstract=huge)), tmp_path)
    assert done.returncode == 0, done.stderr


def test_many_paragraphs_and_bookmarks_read_in_bounded_time(tmp_path: Path) -> None:
    marks = "".join(
        f'<w:bookmarkStart w:id="{n}" w:name="b{n}"/>' + p(f"Paragraph {n}.") for n in range(20_000)
    )
    done = _bounded_read(word(TITLE + marks), tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.yaml").read_text(encoding="utf-8").count("Paragraph ") == 20_000


def test_a_resolution_made_with_words_default_styles() -> None:
    """ "The General Assembly," then preambular paragraphs (italic opening words), then
    operative paragraphs in Word's "List Number" style, with a sub-list in "List Number 2"."""
    document = docx.Document()
    document.add_paragraph("Declaration on the seventy-fifth anniversary", style="Title")
    document.add_paragraph("The General Assembly,")
    for opening, rest in (("Recalling", " its resolution 74/1,"), ("Reaffirming", " the Charter,")):
        paragraph = document.add_paragraph()
        paragraph.add_run(opening).italic = True
        paragraph.add_run(rest)
    for opening, rest in (("Decides", " to adopt the declaration;"), ("Requests", " a report on:")):
        paragraph = document.add_paragraph(style="List Number")
        paragraph.add_run(opening).italic = True
        paragraph.add_run(rest)
    document.add_paragraph("progress made;", style="List Number 2")
    out = io.BytesIO()
    document.save(out)
    doc, _warnings = read(out.getvalue())
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Para", "Preamble", "Preamble", "NumberedPara", "NumberedPara", "EnumList"]
    assert numbers(doc) == [1, 2]
    assert isinstance(doc.blocks[1].children[0], m.Emph)  # type: ignore[union-attr]


# --- the second review's cases ---------------------------------------------------------------------


def _yaml_round_trip(doc: m.Document) -> m.Document:
    """The document written as a canonical source and read again."""
    from converter.readers import yaml as yaml_reader
    from converter.writers import yaml as yaml_writer

    return apply_all(yaml_reader.read(yaml_writer.write(doc, WriteOptions()), "back.yaml"))  # type: ignore[arg-type]


def test_every_source_the_reader_makes_reads_back() -> None:
    """Italic with the space after it (as Word selects a word), emphasis inside a word,
    bold meeting italic, link text with brackets, labels the source format has no form for."""
    italic, bold = "<w:i/>", "<w:b/>"
    rels = '<Relationship Id="x" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/n" TargetMode="External"/>'  # noqa: E501
    numbering = decimal_list(num(1), abstract=level(0, "decimal", "%1.1."))
    body = TITLE + p(runs=r("Recalling ", italic) + r("its resolution,"))
    body += p(runs=r("a") + r("*", italic) + r("b un") + r("believ", italic) + r("able"))
    body += p(runs=r("bold ", bold) + r("both", bold + italic) + r(" italic", italic) + r(" plain"))
    body += p(runs='<w:hyperlink r:id="x">' + r("[1]") + "</w:hyperlink>")
    body += p("Intro.") + p("sub-clause", num=(1, 0))
    data = word(body, numbering)
    doc, _warnings = read(
        _added(data=data, part="word/_rels/document.xml.rels", before="</Relationships>", added=rels)
    )
    assert _yaml_round_trip(doc).blocks == doc.blocks
    assert m.words(m.plain_text(doc)) == m.words(
        "A title Recalling its resolution, a*b unbelievable bold both italic plain [1] Intro. 1.1. sub-clause"
    )
    first = doc.blocks[0].children  # type: ignore[union-attr]
    assert isinstance(first[0], m.Emph) and m.inline_text(first[0].children) == "Recalling"


def test_numbering_clicked_on_normal_text_numbers_paragraphs() -> None:
    """Word's Numbering button gives the paragraph the "List Paragraph" style."""
    body = TITLE + "".join(p(f"Paragraph {n}.", "ListParagraph", num=(1, 0)) for n in range(3))
    doc, _warnings = read(word(body, decimal_list(num(1))))
    assert numbers(doc) == [1, 2, 3]


def test_a_list_defined_by_a_list_style() -> None:
    """Word's multilevel list styles: the list names the style (numStyleLink), the style
    numbers with a list that holds the levels (styleLink)."""
    linked = '<w:abstractNum w:abstractNumId="2"><w:styleLink w:val="UNList"/>'
    linked += f"{level(0, 'decimal', '%1.')}</w:abstractNum>"
    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="UNList"/></w:abstractNum>' + linked
        + num(1, abstract=1) + num(2, abstract=2)
    )  # fmt: skip
    style = (
        '<w:style w:type="numbering" w:styleId="UNList"><w:name w:val="UN list"/>'
        '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>'
    )
    data = word(TITLE + p("One.", num=(1, 0)) + p("Two.", num=(1, 0)), numbering)
    doc, _warnings = read(_added(data=data, part="word/styles.xml", before="</w:styles>", added=style))
    assert numbers(doc) == [1, 2]


def test_typed_paragraph_numbers_with_an_automatic_list_among_them() -> None:
    body = (
        TITLE + p("1. First.") + p("2. The steps are:") + p("gather;", num=(1, 0)) + p("analyse.", num=(1, 0))
    )
    body += p("3. Third.")
    doc, _warnings = read(word(body, decimal_list(num(1))))
    assert numbers(doc) == [1, 2, 3]
    assert [item.label for b in doc.blocks if isinstance(b, m.EnumList) for item in b.items] == ["1.", "2."]


def test_symbol_font_characters_are_what_they_show() -> None:
    syms = "".join(
        f'<w:r><w:sym w:font="Symbol" w:char="{code}"/></w:r>' for code in ("F061", "F062", "F0B3")
    )
    check = '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
    typed = r("a", '<w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/>')
    doc, _warnings = read(word(TITLE + p(runs=r("at least ") + syms + r(" ") + check + r(" ") + typed)))
    assert "at least αβ≥ ✓ α" in m.plain_text(doc)


def test_headings_in_the_un_templates_styles_and_bold_table_cells() -> None:
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
        "<w:rPr><w:b/></w:rPr></w:style>"
        for sid, name in (("HCh", "_ H _Ch_G"), ("H1", "_ H_1_G"), ("Bold", "Bold para"))
    )
    cell = '<w:tc><w:p><w:pPr><w:pStyle w:val="Bold"/></w:pPr><w:r><w:t>Member State</w:t></w:r></w:p></w:tc>'
    body = TITLE + p("I. Introduction", "HCh") + p("A. Background", "H1") + p("Text.")
    body += f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>" + p("Bold heading", "Bold") + p("More text.")
    data = word(body)
    doc, _warnings = read(_added(data=data, part="word/styles.xml", before="</w:styles>", added=styles))
    headings = [(b.level, b.label, m.inline_text(b.children)) for b in doc.blocks if isinstance(b, m.Heading)]
    assert headings == [(1, "I.", "Introduction"), (2, "A.", "Background"), (1, "", "Bold heading")]
    assert "Member State" in m.plain_text(doc)


def test_words_footnote_numbering_is_warned_of() -> None:
    notes = '<w:footnote w:id="1"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote>'
    body = TITLE + p(runs=r("Text") + '<w:r><w:footnoteReference w:id="1"/></w:r>')
    data = word(
        body + '<w:sectPr><w:footnotePr><w:numStart w:val="12"/></w:footnotePr></w:sectPr>', notes=notes
    )
    _doc, warnings = read(data)
    assert any("footnote numbering (decimal from 12) read as 1, 2, 3" in w for w in warnings), warnings


def test_the_running_head_leaves_out_its_page_number() -> None:
    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    header.add_run("A/75/200")
    header.add_run().add_tab()
    run = header.add_run()
    run._r.append(
        docx.oxml.parse_xml(f'<w:fldSimple {NS} w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>')
    )
    document.add_paragraph("A title", style="Title")
    document.add_paragraph("Text.")
    out = io.BytesIO()
    document.save(out)
    doc, _warnings = read(out.getvalue())
    assert doc.meta.short_title == "A/75/200"


def test_the_language_is_the_texts_and_a_word_users_name_is_not_published() -> None:
    lines = ["Nations Unies", "A/75/1", "", "Assemblée générale", "Distr. générale", "12 février 2020"]
    lines += ["Français", "Original : anglais", ""]
    data = _typed_masthead(lines, "Rapport du Secrétaire général", "Le présent rapport est soumis.", "jsmith")
    assert b"<dc:creator>jsmith</dc:creator>" in zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml")
    doc, _warnings = read(data)
    assert doc.meta.language == "fr" and doc.meta.author == ""


def test_a_signatures_title_lines_typed_as_paragraphs() -> None:
    body = TITLE + p("I have the honour to transmit the report.") + p("(Signed) Jane Doe") + p("Ambassador")
    body += p("Permanent Representative") + p("Annex")
    doc, _warnings = read(word(body))
    signature = next(b for b in doc.blocks if isinstance(b, m.Signature))
    assert [m.inline_text(line) for line in signature.lines] == [
        "(Signed) Jane Doe", "Ambassador", "Permanent Representative",
    ]  # fmt: skip


def test_thousands_of_nested_unended_fields_read_in_bounded_time(tmp_path: Path) -> None:
    begin = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF</w:instrText></w:r>'
    separate = '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    body = TITLE + p("Before.") + "".join(p(runs=begin + separate + r(f"shown {n}")) for n in range(8_000))
    done = _bounded_read(word(body), tmp_path)
    assert done.returncode == 0, done.stderr


def test_typed_sub_paragraphs_nest_by_their_indent() -> None:
    """ "(i)" indented under "(h)" is a sub-item; level with it, the next item."""
    document = docx.Document()
    document.add_paragraph("Typed lists", style="Title")
    document.add_paragraph("The Committee recommends:")
    for label in "abcdefgh":
        document.add_paragraph(f"({label})\tItem {label};")
    document.add_paragraph("(i)\tItem i, with:")
    for label in ("i", "ii"):
        document.add_paragraph(f"({label})\tsub {label};").paragraph_format.left_indent = docx.shared.Pt(72)
    document.add_paragraph("(j)\tItem j.")
    out = io.BytesIO()
    document.save(out)
    doc, _warnings = read(out.getvalue())
    (items,) = [b.items for b in doc.blocks if isinstance(b, m.EnumList)]
    assert [item.label for item in items] == [f"({c})" for c in "abcdefghij"]
    (inner,) = items[8].blocks
    assert isinstance(inner, m.EnumList) and [item.label for item in inner.items] == ["(i)", "(ii)"]


_ARABIC = [
    "الأمم المتحدة",
    "A/75/100",
    "",
    "الجمعية العامة",
    "Distr.: General",
    "12 شباط/فبراير 2020",
    "عربي",
]
_ARABIC += ["الأصل: بالإنكليزية", "", "الدورة الخامسة والسبعون"]
_CHINESE = [
    "联合国",
    "A/75/100",
    "",
    "大会",
    "Distr.: General",
    "2020年2月12日",
    "中文",
    "原文：英文",
    "",
    "第七十五届会议",
]
_RUSSIAN = ["Организация Объединенных Наций", "A/75/100", "", "Генеральная Ассамблея", "Distr.: General"]
_RUSSIAN += ["12 February 2020", "Russian", "Original: English", "", "Семьдесят пятая сессия"]
_RUSSIAN += ["Пункт 128 предварительной повестки дня"]


def _typed_masthead(lines: list[str], title: str, text: str, author: str = "") -> bytes:
    """A document made in Word's Normal style: its masthead typed a line a paragraph."""
    document = docx.Document()
    document.core_properties.author = author
    for line in lines:
        document.add_paragraph(line)
    document.add_paragraph(title, style="Title")
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("lines", "organ", "session", "language"),
    [
        (_ARABIC, "الجمعية العامة", "الدورة الخامسة والسبعون", "ar"),
        (_CHINESE, "大会", "第七十五届会议", "zh"),
        (_RUSSIAN, "Генеральная Ассамблея", "Семьдесят пятая сессия", "ru"),
    ],
    ids=["ar", "zh", "ru"],
)
def test_typed_mastheads_of_the_other_languages(
    lines: list[str], organ: str, session: str, language: str
) -> None:
    doc, warnings = read(_typed_masthead(lines, "—", "1. —"))
    assert warnings == []
    assert (doc.meta.symbol, doc.meta.organ, doc.meta.organs[0].session) == ("A/75/100", organ, session)
    assert doc.meta.language == language
