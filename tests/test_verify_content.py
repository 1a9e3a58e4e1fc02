"""--verify's reading of PDF content streams (converter/verify_content.py): the pattern
that reads a stream's tokens gives what qpdf's own parser gives, and the text read from
streams that use what ReportLab does not (nesting, escapes, hex strings, comments, inline
images, the quote operators, escaped names) is the text drawn."""

from __future__ import annotations

import io

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.verify import tokens
from converter.verify_content import content_tokens, hex_string, name, text_string, unescape
from converter.verify_extract import pdf_text

IDENTITY_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <20> <7E> <0020> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""


def _pdf(*contents: bytes) -> bytes:
    """A PDF of one page per content stream, its font /F1 mapping each code to its ASCII
    character, and a form /Fm1 that draws "formed"."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            ToUnicode=pikepdf.Stream(pdf, IDENTITY_CMAP),
        )
    )
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    form = pikepdf.Stream(pdf, b"BT /F1 12 Tf (formed) Tj ET")
    form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 100, 100]
    form.Resources = resources
    for content in contents:
        page_resources = pikepdf.Dictionary(Font=resources.Font, XObject=pikepdf.Dictionary(Fm1=form))
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 612, 792],
            Contents=pdf.make_stream(content),
            Resources=page_resources,
        )
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


READ_BY_THE_PATTERN = (
    b"% a comment: (an open parenthesis, and Tj\n"
    b"BT /F1 12 Tf 72 700 Td (plain) Tj T*\n"
    b"(esc\\141ped\\\n on) Tj T*\n"  # an octal escape, a backslash continuing the line
    b"<6865 78\n2> Tj T*\n"  # a hexadecimal string: white space inside, a last odd digit
    b"[(ker) -250 (ned)] TJ T*\n"
    b"(two(levels(deep))) Tj T*\n"
    b"/Span <</ActualText <FEFF0041006300740075> /Lang (en) >> BDC (glyphs) Tj EMC\n"
    b"/Span << /Inner << /ActualText (not this) >> >> BDC (shown) Tj EMC\n"
    b"(quote) '\n"
    b'1 2 (doublequote) " T*\n'
    b"/F#31 12 Tf (escaped name) Tj T*\n"
    b"/GS1 gs 0.5 g (after) Tj ET\n"
    b"/Fm1 Do\n"
)
READ_THROUGH_QPDF = (
    b"BT /F1 12 Tf (three(levels(of(nesting)))) Tj ET\n"
    b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x00) Tj (inside\xff EI\n"
    b"BT /F1 12 Tf (after) Tj ET\n"
)


def test_what_the_pattern_reads_is_the_text_drawn() -> None:
    text = pdf_text(_pdf(READ_BY_THE_PATTERN))
    expected = (
        "plain escaped on hex kerned two(levels(deep)) Actu shown quote doublequote escaped name after formed"
    )
    assert tokens(text) == tokens(expected)


def test_what_the_pattern_cannot_read_is_read_through_qpdf() -> None:
    """A string nested three deep, and an inline image whose data holds ") Tj (": qpdf
    parses the stream, and its strings, written out again, are read."""
    text = pdf_text(_pdf(READ_THROUGH_QPDF, READ_BY_THE_PATTERN))
    assert tokens(text)[:10] == tokens("three(levels(of(nesting)))) after plain")[:10]
    assert "inside" not in text


@pytest.mark.parametrize("content", [READ_BY_THE_PATTERN, READ_THROUGH_QPDF])
def test_the_tokens_are_qpdfs(content: bytes) -> None:
    """Every string a stream shows (an operand of Tj, TJ, ' or "), and every name a Tf or
    Do uses, is the one qpdf's parser gives."""
    pdf = pikepdf.open(io.BytesIO(_pdf(content)))
    owner = pdf.pages[0].obj
    theirs = [
        [bytes(item) for operand in instruction.operands for item in _strings(operand)]
        for instruction in pikepdf.parse_content_stream(owner, "Tj TJ ' \"")
    ]
    ours: list[list[bytes]] = []
    pending: list[bytes] = []
    depth = 0
    for drawn, string, mark, written, _name, operator in content_tokens(owner, content, pikepdf):
        if drawn:
            ours.append([unescape(drawn[1:-1])])
        elif (string or written) and not depth:
            pending.append(unescape(string[1:-1]) if string else hex_string(written))
        elif mark == b"[":
            pending = []
        elif mark:
            depth += 1 if mark == b"<<" else -1
        elif operator:
            if operator in (b"TJ", b"'", b'"', b"Tj"):
                ours.append(pending if operator == b"TJ" else pending[-1:])
            pending, depth = [], 0
    assert ours == theirs


def _strings(operand: object) -> list[object]:
    if isinstance(operand, pikepdf.Array):
        return [item for item in operand if isinstance(item, pikepdf.String)]
    return [operand] if isinstance(operand, pikepdf.String) else []


# Bytes a literal string may hold: its escapes, parentheses, ends of line.
PIECES = [b"a", b"\\(", b"\\)", b"\\\\", b"\\n", b"\\r", b"\\t", b"\\b", b"\\f", b"\\0", b"\\12",
          b"\\377", b"\\101x", b"\\\n", b"\\\r\n", b"\r\n", b"\r", b"\n", b"\\q", b"\x00", b"\xff",
          b" ", b"Tj"]  # fmt: skip


def _balanced(pieces: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    return st.recursive(
        st.lists(pieces, max_size=6).map(b"".join),
        lambda inner: st.lists(inner.map(lambda body: b"(" + body + b")") | pieces, max_size=4).map(b"".join),
        max_leaves=12,
    )


@settings(max_examples=150, deadline=None)
@given(_balanced(st.sampled_from(PIECES)))
def test_a_literal_string_reads_as_qpdf_reads_it(body: bytes) -> None:
    content = b"BT (" + body + b") Tj ET"
    pdf = pikepdf.new()
    stream = pikepdf.Stream(pdf, content)
    [instruction] = pikepdf.parse_content_stream(stream, "Tj")
    expected = bytes(instruction.operands[0])
    found = [token for token in content_tokens(stream, content, pikepdf) if any(token[:4])]
    assert len(found) == 1  # (read by the pattern, or written out by qpdf: as hex if it is binary)
    drawn, string, _mark, written = found[0][:4]
    assert (unescape((drawn or string)[1:-1]) if drawn or string else hex_string(written)) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"BT /F1 12 Tf BX (hidden) foo EX [(x)] TJ ET", "x"),  # an unknown operator's operands
        (b"BT /F1 12 Tf BX (hidden) foo EX <78> Tj ET", "x"),
        (b"BT /F1 12 Tf BX (hidden) foo EX (x) ' ET", "x"),
        (b"BT /F1 12 Tf (a) [(b)] TJ ET", "b"),
        (b"BT /F1 12 Tf (a) xTj (b) Tj ET", "b"),  # "xTj" is no operator
        (b"BT /F1 12 Tf /Span <</ActualText <>>> BDC (glyphs) Tj EMC (after) Tj ET", "after"),
        (b"BT /F1 12 Tf /Span <</ActualText <FFFE41004200>>> BDC (glyphs) Tj EMC ET", "AB"),
        (b"BT /F1 12 Tf (one) Tj ET /Fm1 Do Do", "one formed"),  # the second Do names nothing
    ],
)
def test_operands_are_the_operators_own(content: bytes, expected: str) -> None:
    """Each operator reads only its own operands (not those of an operator the reader
    passes over, nor strings before an array), as qpdf's parse gives them."""
    assert tokens(pdf_text(_pdf(content))) == tokens(expected)


def test_a_form_without_fonts_of_its_own_draws_in_the_font_in_use() -> None:
    """Tf in a form whose resources hold no fonts leaves the font in use (qpdf's reading
    of the old reader): here one whose map reads every code as "X"."""
    pdf = pikepdf.open(io.BytesIO(_pdf(b"BT /F1 12 Tf (a) Tj ET /Fm1 Do")))
    every_x = (
        b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <00> <FF> [" + b"<0058>" * 256
    )
    pdf.pages[0].Resources.Font.F1.ToUnicode = pikepdf.Stream(pdf, every_x + b"] endbfrange")
    form = pdf.pages[0].Resources.XObject.Fm1
    form.Resources = pikepdf.Dictionary()
    form.write(b"BT /F1 12 Tf (A) Tj ET")
    out = io.BytesIO()
    pdf.save(out)
    assert tokens(pdf_text(out.getvalue())) == ["X", "X"]


def test_names_and_text_strings() -> None:
    assert name(b"/F#31+0") == "/F1+0"
    assert text_string(b"\xfe\xff\x00A\x06\x27") == "A\u0627"
    assert text_string(b"\xef\xbb\xbfcaf\xc3\xa9") == "café"
    assert text_string(b"caf\xe9 \x80") == "café \u2022"  # PDFDocEncoding: 0x80 is a bullet
    assert text_string(b"\xff\xfeA\x00") == "A"
    assert hex_string(b"<41 4>") == b"A@" and hex_string(b"<>") == b""
