"""The PDF writer: fidelity, navigation, fonts, metadata, layout and reproducibility."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from conftest import FIXTURES, ROOT, SOURCE_YAML
from converter.cli import cli
from converter.convert import read_item, render
from converter.errors import R2PError, RenderError
from converter.model import Document, Metadata, NumberedPara, Organ, Pos, Text, plain_text
from converter.verify import check_text, verify_output
from converter.verify_extract import extract_text
from converter.writers import WriteOptions
from converter.writers.pdf.flowables import Block

PACK = ROOT / "source" / "packs" / "r2p-2015-briefing-pack.yaml"
SOURCES = {"seed": SOURCE_YAML, "features": FIXTURES / "features.yaml", "pack": PACK}
SEED_WORDS = plain_text(read_item(SOURCE_YAML)).split()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(cli, ["-q", "--to", "pdf", "--outdir", str(out), *map(str, SOURCES.values())])
    assert result.exit_code == 0, result.stderr
    return {name: out / (path.stem + ".pdf") for name, path in SOURCES.items()}


def _reader(files: dict[str, Path], name: str) -> PdfReader:
    return PdfReader(str(files[name]))


def _pdftotext(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_word_in_order_with_pypdf(files: dict[str, Path], name: str) -> None:
    verify_output(read_item(SOURCES[name]), "pdf", files[name].read_bytes())


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_word_in_order_with_pdftotext(files: dict[str, Path], name: str) -> None:
    check_text(read_item(SOURCES[name]), "pdf", _pdftotext(files[name]))


def test_page_size_and_furniture(files: dict[str, Path]) -> None:
    reader = _reader(files, "seed")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    assert all(f"Page {n} of {total}" in text for n, text in enumerate(pages, 1))
    head = "Responsibility to protect: informal interactive dialogue, 8 September 2015"
    assert head not in pages[0] and all(head in text for text in pages[1:])


def test_outline_named_destinations_and_links(files: dict[str, Path]) -> None:
    reader = _reader(files, "seed")
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles[0].startswith("Informal, Interactive Dialogue")
    nested = (
        [entry.title for entry in reader.outline[1]] if isinstance(reader.outline[1], list) else titles[1:]
    )
    assert nested == ["Background", "Summary"]
    assert {f"para-{n}" for n in range(1, 13)} <= set(reader.named_destinations)
    uris = [
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/A")
    ]
    assert "https://undocs.org/A/RES/60/1" in uris


def test_pack_outline_has_two_levels_and_contents_has_page_numbers(files: dict[str, Path]) -> None:
    reader = _reader(files, "pack")
    top = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert top[:2] == ["The responsibility to protect", "Contents"]
    contents = reader.pages[1].extract_text()
    assert "Example background note" in contents and "Background" in contents
    last_line = [line for line in contents.splitlines() if line.strip().endswith(("4", "5"))]
    assert last_line, contents
    assert {"doc-1-para-1", "doc-2-para-12"} <= set(reader.named_destinations)


def test_metadata_language_and_title_display(files: dict[str, Path]) -> None:
    reader = _reader(files, "features")
    info = reader.metadata
    assert info.title == "Features & <checks> of {{ r2p }}"
    assert info.author == "Secretariat" and info.subject == "NOTE BY THE SECRETARIAT"
    assert info.creator.startswith("r2p-convert ") and "A/70/999" in info["/Keywords"]
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean)


def test_every_font_is_embedded(files: dict[str, Path]) -> None:
    for path in files.values():
        for page in PdfReader(str(path)).pages:
            for font in page["/Resources"]["/Font"].values():
                descriptor = font.get_object().get("/FontDescriptor")
                assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(files["features"])], capture_output=True, text=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all(" yes yes " in row for row in rows), listing
        assert "Helvetica" not in listing


def test_hostile_text_prints_literally(files: dict[str, Path]) -> None:
    text = _reader(files, "features").pages[0].extract_text()
    assert "<script>alert(1)</script>, & and {{ 7*7 }} and {% raw %}." in " ".join(text.split())


def test_footnotes_sit_at_the_foot_of_their_page(files: dict[str, Path]) -> None:
    lines = [line.strip() for line in _reader(files, "features").pages[0].extract_text().splitlines()]
    notes = [i for i, line in enumerate(lines) if line.startswith(("1 The first note", "2 The second note"))]
    body = [i for i, line in enumerate(lines) if line.startswith("3. Escapes")]
    assert len(notes) == 2 and notes[0] > body[0]


def test_long_words_wrap_and_long_paragraphs_split(tmp_path: Path) -> None:
    url = "https://example.org/" + "a-very-long-path-segment/" * 12
    long_text = " ".join(SEED_WORDS[:900])
    doc = Document(
        Metadata(title="Long"),
        (NumberedPara((Text(f"A long link {url} and a word {'x' * 180} end."),), number=1),
         NumberedPara((Text(long_text),), number=2)),
    )  # fmt: skip
    data = render(doc, "pdf", WriteOptions())
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    check_text(doc, "pdf", "\n".join(page.extract_text() for page in reader.pages))


def test_missing_glyphs_are_reported_with_their_position() -> None:
    where = Pos("hindi.yaml", 5, 9)  # Devanagari: none of the theme's faces has it
    doc = Document(
        Metadata(title="Glyphs"),
        (NumberedPara((Text("Hindi हिन्दी, Chinese 中文 here", pos=where),), number=1),),
    )
    warnings: list[R2PError] = []
    render(doc, "pdf", WriteOptions(warn=warnings.append))
    assert [(w.pos, "U+0939" in w.message, "U+4E2D" in w.message) for w in warnings] == [(where, True, False)]


def test_strict_turns_a_glyph_warning_into_an_error(tmp_path: Path) -> None:
    source = tmp_path / "hindi.yaml"
    source.write_text("format: r2p/1\nmeta: {title: T}\nbody:\n  - para: हिन्दी\n", encoding="utf-8")
    runner = CliRunner()
    warned = runner.invoke(cli, ["--to", "pdf", "--outdir", str(tmp_path / "a"), str(source)])
    assert (
        warned.exit_code == 0
        and f"warning: {source}:4:11: pdf: none of the fonts (PT Serif, Amiri, Noto Serif SC) has a glyph"
        in warned.stderr
    )
    strict = runner.invoke(cli, ["--strict", "--to", "pdf", "--outdir", str(tmp_path / "b"), str(source)])
    assert strict.exit_code == 2 and "(--strict)" in strict.stderr
    assert not (tmp_path / "b").exists()


def test_layout_errors_name_the_block() -> None:
    doc = Document(Metadata(title="T", organs=(Organ("word " * 4000),), pos=Pos("huge.yaml", 2, 3)), ())
    with pytest.raises(RenderError) as caught:
        render(doc, "pdf", WriteOptions())
    assert caught.value.pos == Pos("huge.yaml", 2, 3) and "cannot lay out" in caught.value.message


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "random"}
    digests = set()
    for run in ("a", "b"):
        target = tmp_path / f"{run}.pdf"
        command = [
            sys.executable,
            "-m",
            "converter",
            "-q",
            "--to",
            "pdf",
            "-o",
            str(target),
            str(SOURCE_YAML),
        ]
        subprocess.run(command, check=True, env=env)
        digests.add(hashlib.sha256(target.read_bytes()).hexdigest())
    digests.add(hashlib.sha256(render(read_item(SOURCE_YAML), "pdf", WriteOptions())).hexdigest())
    assert len(digests) == 1
    assert PdfReader(str(tmp_path / "a.pdf")).metadata["/CreationDate"].startswith("D:20150908120000")


def test_pack_contents_page_numbers_are_the_real_pages(files: dict[str, Path]) -> None:
    reader = _reader(files, "pack")
    page_of = {
        name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()
    }
    contents = " ".join(reader.pages[1].extract_text().split())
    for index in (1, 2):
        assert page_of[f"doc-{index}"] > 2
    numbers = [int(token) for token in contents.replace(".", " ").split() if token.isdigit()]
    assert page_of["doc-1"] in numbers and page_of["doc-2"] in numbers
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert len(links) >= 2  # contents entries are clickable


def test_a_note_called_from_the_continuation_of_a_split_paragraph() -> None:
    """Found by a second implementation: the note must be set on the page of its call."""
    from converter.model import Footnote, FootnoteRef
    from converter.transforms import apply_all

    words = " ".join(SEED_WORDS[:1100])
    doc = apply_all(Document(
        Metadata(title="Split"),
        (NumberedPara((Text(words), Text(" end of the long paragraph."), FootnoteRef("late"))),),
        (Footnote("late", (Text("The note called on the second page."),)),),
    ))  # fmt: skip
    data = render(doc, "pdf", WriteOptions())
    verify_output(doc, "pdf", data)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    holder = next(i for i, text in enumerate(pages) if "end of the long paragraph" in text)
    assert holder > 0 and "The note called on the second page." in pages[holder]


def test_list_labels_print_literally() -> None:
    from converter.model import EnumList, ListItem

    doc = Document(Metadata(title="Labels"), (EnumList((ListItem("(a&b<)", (Text("item"),)),)),))
    text = PdfReader(io.BytesIO(render(doc, "pdf", WriteOptions()))).pages[0].extract_text()
    assert "(a&b<)" in text and "&amp;" not in text


def test_text_is_coded_as_reportlab_codes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """MeasuredFont.splitString's quick way (every character already coded in the first
    subset) gives what ReportLab's loop gives, call after call, for new characters,
    no-break spaces, characters the face lacks and empty text."""
    import importlib.util

    from reportlab.pdfbase.ttfonts import TTFont

    from converter.theme import load_theme
    from converter.writers.pdf.fonts import MeasuredFont

    font = load_theme().fonts["serif"]
    spec = importlib.util.find_spec(font.package)
    assert spec is not None and spec.submodule_search_locations
    path = str(Path(spec.submodule_search_locations[0]) / font.folder / font.files["regular"])
    ours, theirs = MeasuredFont("Probe-ours", path), TTFont("Probe-theirs", path)

    class Doc:  # (ReportLab keys a font's codes by the document, weakly)
        pass

    doc = Doc()
    texts = [
        "UNITED NATIONS", "General Assembly", "", "United Nations", "Distr.:\xa0General",
        "\u4e2d UN", "nations", "z\u00e9ro \u2013 \u201cquoted\u201d", "General Assembly",
        *[chr(point) * 3 for point in [*range(0x100, 0x180), *range(0x400, 0x460)]], "United Nations again",
        "Distr.:\xa0General",
    ]  # fmt: skip
    slow = []
    looped = TTFont.splitString

    def counted(font: TTFont, text: str, doc: object, encoding: str = "utf-8") -> object:
        slow.append(text) if font is ours else None
        return looped(font, text, doc, encoding)

    monkeypatch.setattr(TTFont, "splitString", counted)
    for text in texts:
        assert ours.splitString(text, doc) == theirs.splitString(text, doc), text
    codes = ours.state[doc].assignments
    assert codes == theirs.state[doc].assignments
    assert {"General Assembly", "United Nations again", "Distr.:\xa0General"}.isdisjoint(slow[1:])
    later = "".join(chr(point) for point, code in codes.items() if code >= 256)  # a second subset
    assert later and ours.splitString(later, doc) == theirs.splitString(later, doc) and slow[-1] == later


def test_fragments_are_the_same_when_reportlab_says_they_are() -> None:
    """flowables.same_frag answers as ReportLab's C sameFrag for fragments that differ in
    each attribute it compares, lack it, or carry what keeps a fragment apart."""
    from reportlab.lib import colors
    from reportlab.lib.rl_accel import sameFrag
    from reportlab.platypus import paragraph
    from reportlab.platypus.paraparser import ParaFrag

    from converter.writers.pdf.flowables import same_frag

    assert paragraph.sameFrag is same_frag  # type: ignore[attr-defined]
    base = {
        "fontName": "F",
        "fontSize": 11,
        "textColor": colors.black,
        "rise": 0,
        "us_lines": [],
        "link": None,
    }
    variants: list[dict[str, object]] = [
        {},
        {"fontSize": 12},
        {"textColor": colors.Color(0, 0, 0)},  # equal, another object
        {"textColor": colors.red},
        {"us_lines": [("underline", None)]},
        {"link": [("https://un.org", "")]},
        {"backColor": colors.yellow},
        {"nobr": True},
        {"cbDefn": object()},
        {"lineBreak": True},
        {"text": "other", "bold": 1},  # not compared
    ]
    frags = []
    for changes in variants:
        frag = ParaFrag(**base)
        for name, value in changes.items():
            setattr(frag, name, value)
        frags.append(frag)
    missing = ParaFrag(fontName="F")  # (attributes it lacks compare as None)
    frags.append(missing)
    for first in frags:
        for second in frags:
            assert same_frag(first, second) == bool(sameFrag(first, second)), (vars(first), vars(second))


def test_names_and_numbers_are_encoded_as_reportlab_encodes_them() -> None:
    """finish._pdfdoc_encoded (printable ASCII encoded in C) gives ReportLab's bytes, and
    its errors for what PDFDocEncoding cannot hold."""
    from reportlab.pdfbase import pdfdoc

    import converter.writers.pdf.finish as finish

    assert pdfdoc.pdfdocEnc is finish._pdfdoc_encoded
    theirs = finish._PDFDOC_ENCODED
    for text in ["/Type", "1 0 obj\n", "", " ~", "\x7f", "caf\u00e9 \u2022 \u02d8", "\t\n\r", b"bytes \xff"]:
        assert finish._pdfdoc_encoded(text) == theirs(text), text
    for text in ["\x18", "\u4e2d"]:
        with pytest.raises(UnicodeEncodeError):
            theirs(text)
        with pytest.raises(UnicodeEncodeError):
            finish._pdfdoc_encoded(text)


@pytest.mark.parametrize(
    "text",
    ["Plain prose.", "  spaced   out\n over lines  ", "", "   ", "no\u00a0break", "\u4e2d\u6587 Ελλάδα", "x"],
)
def test_a_plain_paragraph_has_the_fragments_reportlab_s_parser_makes(text: str) -> None:
    """flowables.plain_frags (text with no tag and no escaped character skips ReportLab's
    parser) makes what the parser makes, in plain, bold, upper-cased and aligned styles."""
    from reportlab.lib.styles import ParagraphStyle

    from converter.writers.pdf.flowables import Block

    base = ParagraphStyle("probe", fontName="Times-Roman", fontSize=11, leading=14)
    styles = [
        base,
        ParagraphStyle("bold", parent=base, fontName="Times-Bold", textColor="#123456"),
        ParagraphStyle("upper", parent=base, textTransform="uppercase", alignment=TA_JUSTIFY),
    ]
    for style in styles:
        ours, theirs = Block(text, style), Paragraph(text, style)
        assert [vars(frag) for frag in ours.frags] == [vars(frag) for frag in theirs.frags]
        assert ours.text == theirs.text and ours.style is theirs.style is style


def test_a_subset_kept_is_the_subset_reportlab_cuts() -> None:
    """Faces keep the font programs they cut (fonts._SubsetsKept): the same codes give
    the same program as cutting it afresh, and other codes another program."""
    from reportlab.pdfbase import pdfmetrics

    render(read_item(SOURCE_YAML), "pdf", WriteOptions())  # (registers the text face)
    face = pdfmetrics.getFont("PTSerif-regular").face
    subset = [0, *range(32, 127)]
    first, again = face.makeSubset(subset), face.makeSubset(list(subset))
    assert first is again and first == face.makeSubset.make(subset)
    assert face.makeSubset(subset[:-1]) == face.makeSubset.make(subset[:-1]) != first


def test_font_programs_are_compressed_as_reportlab_compresses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Font programs go through the kept compression (compressed.py): the PDF's bytes are
    those of ReportLab's own zlib.compress, read from memory, from the user's cache, or
    made afresh."""
    import zlib

    from converter.compressed import forget_kept
    from converter.writers.pdf import finish

    monkeypatch.setattr("converter.resources.user_cache_dir", lambda: tmp_path)
    item = read_item(SOURCE_YAML)
    forget_kept()
    fresh = render(item, "pdf", WriteOptions())
    from_memory = render(item, "pdf", WriteOptions())
    forget_kept()
    from_cache = render(item, "pdf", WriteOptions())
    assert len(list(tmp_path.glob("flate-*.bin"))) == fresh.count(b"/Length1") > 0  # its faces
    monkeypatch.setattr(finish._KEPT_FLATE, "encode", zlib.compress)
    assert fresh == from_memory == from_cache == render(item, "pdf", WriteOptions())


def test_pdf_is_written_without_pikepdf_or_pillow_s_colour_management(tmp_path: Path) -> None:
    """The tagged, PDF/A-framed file is finished with ReportLab's own objects: a run to PDF
    imports neither qpdf's binding nor LittleCMS (once the sRGB profile is in the cache),
    which cost a single run more than laying out the seed; --verify still reads it with qpdf."""
    code = (
        "import sys; from converter.cli import cli; main = cli.main  # (not the script's: it os._exits)\n"
        "sys.argv = ['r2p-convert', '-q', '--to', 'pdf', '-o', sys.argv[1], sys.argv[2]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pikepdf' or m == 'PIL.ImageCms'))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / f"{n}.pdf"), str(SOURCE_YAML)],
            capture_output=True, text=True, env=env, check=True,
        ).stdout.strip()
        for n in (1, 2)
    ]  # fmt: skip
    assert runs == ["['PIL.ImageCms']", "[]"]  # the profile is made once, then read from the cache
    assert (tmp_path / "1.pdf").read_bytes() == (tmp_path / "2.pdf").read_bytes()
    check_text(read_item(SOURCE_YAML), "pdf", extract_text("pdf", (tmp_path / "2.pdf").read_bytes()))


class _Bookmarks(Canvas):
    """A canvas that keeps where each destination is set (page coordinates)."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO())
        self.set: dict[str, tuple[float, float]] = {}

    def bookmarkHorizontalAbsolute(self, key: str, top: float, left: float = 0, **kw: object) -> None:
        self.set[key] = (round(top, 3), round(left, 3))


@pytest.mark.parametrize("alignment", [TA_LEFT, TA_JUSTIFY, TA_CENTER, TA_RIGHT])
@pytest.mark.parametrize("bullet", [None, "7."])
def test_an_anchor_lands_where_reportlab_s_own_markup_puts_it(alignment: int, bullet: str | None) -> None:
    """A paragraph's anchor is set when it is drawn, not written as <a name> in its markup
    (which made ReportLab break every paragraph into lines by its slow path): the
    destination is the same point, one leading above the first line, where it starts."""
    style = ParagraphStyle(
        "t", fontName="Helvetica", fontSize=10, leading=13, alignment=alignment,
        leftIndent=30, firstLineIndent=-20 if bullet else 12,
    )  # fmt: skip
    text = "Words of a paragraph long enough to wrap onto a second line, and then a third one. " * 3
    places = []
    for paragraph in (
        Paragraph('<a name="x"/>' + text, style, bulletText=bullet),
        Block(text, style, anchor="x", bulletText=bullet),
    ):
        canvas = _Bookmarks()
        paragraph.wrapOn(canvas, 300, 500)
        paragraph.drawOn(canvas, 50, 200)
        places.append(canvas.set)
    assert places[0] == places[1] and "x" in places[1]
    assert len(Block(text + "PRESIDENT&#x27;S &amp; <b>bold</b>", style).frags) == 2  # escapes joined
