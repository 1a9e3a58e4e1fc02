"""--verify: outputs read back must hold the source's words, in order, and only furniture besides."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, SOURCE_YAML
from converter.cli import cli
from converter.convert import read_item, render
from converter.model import plain_text
from converter.verify import VerificationError, check_text, verify_output
from converter.writers import WRITERS, WriteOptions

FEATURES = FIXTURES / "features.yaml"
TEXT_FORMATS = [fmt for fmt in ("yaml", "txt") if fmt in WRITERS]


@pytest.mark.parametrize("source", [SOURCE_YAML, FEATURES])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_our_outputs_verify(source: Path, fmt: str) -> None:
    doc = read_item(source)
    verify_output(doc, fmt, render(doc, fmt, WriteOptions()))


def test_furniture_and_page_breaks_are_allowed_anywhere() -> None:
    doc = read_item(FEATURES)
    text = plain_text(doc).replace("1 The first note", "Page 2 of 2 Features A/70/999 1 The first note")
    check_text(doc, "pdf", f"General Assembly Seventieth session Genève, 31 January 2016 Page 1 of 2 {text}")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("Bank Ki-moon", "Ban Ki-moon"), "paragraph 2: expected 'Bank Ki - moon"),
        (("8. The dialogue featured", "8. The dialog featured"), "paragraph 8: expected 'dialogue featured"),
        (("Special Adviser Welsh concluded", "Special Adviser concluded"), "paragraph 3: expected 'Welsh"),
        (
            ("on the responsibility to protect.\n", "on the responsibility to protect. Unrequested words.\n"),
            "after",
        ),
    ],
)
def test_a_changed_word_is_named_with_its_paragraph(change: tuple[str, str], message: str) -> None:
    doc = read_item(SOURCE_YAML)
    text = plain_text(doc) + "\n"
    assert change[0] in text
    with pytest.raises(VerificationError) as caught:
        check_text(doc, "html", text.replace(*change))
    assert message in caught.value.message
    assert caught.value.pos is not None and caught.value.pos.file == str(SOURCE_YAML)


def test_a_reordered_paragraph_is_caught() -> None:
    doc = read_item(SOURCE_YAML)
    parts = plain_text(doc).split("\n\n")
    parts[3], parts[4] = parts[4], parts[3]
    with pytest.raises(VerificationError, match="expected"):
        check_text(doc, "html", "\n\n".join(parts))


def test_a_missing_footnote_is_caught() -> None:
    doc = read_item(FEATURES)
    with pytest.raises(VerificationError, match="footnote 2 is missing"):
        check_text(doc, "html", plain_text(doc).replace("The second note", "A second note"))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_an_output_that_does_not_parse_is_a_verification_error(fmt: str) -> None:
    """A damaged file (cut short, its content stream broken) is reported as not reading
    back, not as a failure of the reader."""
    doc = read_item(SOURCE_YAML)
    data = render(doc, fmt, WriteOptions())
    for damaged in (data[: len(data) // 3], b"%PDF-1.7\n" + b"\x00" * 64):
        with pytest.raises(VerificationError, match=f"{fmt}: the output does not read back: [^<]+$"):
            verify_output(doc, fmt, damaged)


def test_verify_through_the_cli_writes_nothing_when_an_output_is_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import converter.writers.txt as txt_writer

    real = txt_writer.write
    monkeypatch.setattr(txt_writer, "write", lambda doc, options: real(doc, options).replace(b"Bank", b"Ban"))
    result = CliRunner().invoke(
        cli, ["--verify", "--to", "yaml,txt", "--outdir", str(tmp_path), str(SOURCE_YAML)]
    )
    assert result.exit_code == 1, result.stderr
    assert "txt: paragraph 2 reads back with other words" in result.stderr and "Bank" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_verify_through_the_cli_passes_on_good_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--verify", "--to", "yaml,txt", "--outdir", str(tmp_path), str(SOURCE_YAML)]
    )
    assert result.exit_code == 0, result.stderr
    assert len(list(tmp_path.iterdir())) == 2


LATIN_AND_CJK = [SOURCE_YAML, *sorted((SOURCE_YAML.parent / "samples").glob("*.yaml"))]
LATIN_AND_CJK += [SOURCE_YAML.parent / "languages" / f"sample-{lang}.yaml" for lang in ("fr", "ru", "zh")]


@pytest.mark.parametrize("source", LATIN_AND_CJK, ids=lambda path: path.name)
def test_verify_reads_a_pdf_as_pypdf_does(source: Path) -> None:
    """--verify's own PDF reader (qpdf's parse, our content-stream decoding) finds the same
    words in the same order as pypdf, a reader written by others (right-to-left text,
    whose /ActualText pypdf does not read, is tested in test_languages)."""
    import io

    from pypdf import PdfReader

    from converter.verify import tokens
    from converter.verify_extract import pdf_text

    data = render(read_item(source), "pdf", WriteOptions())
    theirs = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert tokens(pdf_text(data)) == tokens(theirs)


@pytest.mark.parametrize(
    "source", [SOURCE_YAML, FEATURES, SOURCE_YAML.parent / "packs" / "sample-six-languages.yaml"]
)
def test_verify_reads_a_page_as_pythons_html_parser_does(source: Path) -> None:
    """--verify reads HTML with libxml2's parser; Python's own, a second reading, finds the
    same words in the same order."""
    from html.parser import HTMLParser

    from converter.verify_extract import BREAKS, SKIP, html_text

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skipping = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.skipping += tag in SKIP
            self.parts.append("\n" if tag in BREAKS else "")

        def handle_endtag(self, tag: str) -> None:
            self.skipping -= tag in SKIP
            self.parts.append("\n" if tag in BREAKS else "")

        def handle_data(self, data: str) -> None:
            self.parts.append("" if self.skipping else data)

    page = render(read_item(source), "html", WriteOptions())
    theirs = Text()
    theirs.feed(page.decode("utf-8"))
    theirs.close()
    assert html_text(page).split() == "".join(theirs.parts).split()  # (not only the same tokens)


def test_a_unicode_map_entry_beyond_the_basic_plane_is_read() -> None:
    """ReportLab writes a character beyond U+FFFF whole (<1F130>), not as a surrogate pair."""
    from converter.verify_extract import _cmap

    width, codes = _cmap(b"begincodespacerange\n<00> <FF>\nendcodespacerange\n1 beginbfchar\n<41> <1F130>\n"
                         b"<42> <D83CDD30>\nendbfchar\n")  # fmt: skip
    assert width == 1 and codes == {0x41: "\U0001f130", 0x42: "\U0001f130"}


def test_reading_back_the_same_parts_again_counts_afresh() -> None:
    """A batch's DOCX files share their styles and numbering parts, whose definitions
    are read once (wordnumbering.numbering_of_parts); each document still counts its
    paragraphs from 1, and its fonts' ToUnicode maps (read once too) decode the same."""
    from converter.verify_extract import extract_text

    item = read_item(SOURCE_YAML)
    for fmt in ("docx", "pdf"):
        data = render(item, fmt, WriteOptions())
        first, again = extract_text(fmt, data), extract_text(fmt, data)
        assert first == again
        check_text(item, fmt, again)
    assert "\n1. " in extract_text("docx", render(item, "docx", WriteOptions()))
