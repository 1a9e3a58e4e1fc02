"""The six official languages (issue 16): wording checked against CLDR, typography,
direction, scripts' faces, and each language's sample read back in every format, and
looked at through the real consumers (poppler, LibreOffice) where they are installed."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from converter.convert import read_item, render
from converter.errors import R2PError
from converter.verify import verify_output
from converter.wording import format_date, wording
from converter.writers import WriteOptions
from converter.writers.pdf.rtl import display_order, levels

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
SAMPLES = {language: ROOT / "source" / "languages" / f"sample-{language}.yaml" for language in LANGUAGES}
SIX = ROOT / "source" / "packs" / "sample-six-languages.yaml"
FORMATS = ("yaml", "txt", "html", "docx", "pdf")
WORDING = ROOT / "templates" / "wording"


@pytest.fixture(scope="module")
def outputs() -> dict[tuple[str, str], bytes]:
    found = {}
    for language, path in SAMPLES.items():
        doc = read_item(path)
        for fmt in FORMATS:
            warnings: list[R2PError] = []
            found[language, fmt] = render(doc, fmt, WriteOptions(warn=warnings.append))
            assert warnings == [], (language, fmt, warnings)  # no glyph missing, nothing dropped
    return found


# --- wording ------------------------------------------------------------------------------------


def test_every_language_has_all_the_wording() -> None:
    keys = set(yaml.safe_load((WORDING / "en.yaml").read_text(encoding="utf-8")))
    for language in LANGUAGES:
        words = yaml.safe_load((WORDING / f"{language}.yaml").read_text(encoding="utf-8"))
        assert keys <= set(words), (language, keys - set(words))
        assert len(words["months"]) == 12


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "8 September 2015"),
        ("fr", "8 septembre 2015"),
        ("es", "8 de septiembre de 2015"),
        ("ru", "8 сентября 2015 года"),
        ("zh", "2015年9月8日"),
        ("ar", "8 أيلول/سبتمبر 2015"),  # Western digits, as the UN's Arabic documents have them
    ],
)
def test_dates_in_the_un_s_form(language: str, expected: str) -> None:
    assert format_date(datetime.date(2015, 9, 8), language) == expected


@pytest.mark.parametrize("language", ["fr", "es", "zh"])
def test_dates_are_cldr_s_long_form_where_the_un_writes_that(language: str) -> None:
    dates = pytest.importorskip("babel.dates", reason="Babel is not installed (make test installs it)")
    for month in range(1, 13):
        day = datetime.date(2034, month, 8 + month)
        assert format_date(day, language) == dates.format_date(day, "long", locale=language)


def test_english_and_russian_dates_are_cldr_s_but_for_the_un_s_own_forms() -> None:
    """CLDR's English long date is American ("September 8, 2015") and its Russian one ends
    in "г."; the UN writes "8 September 2015" (CLDR's British form) and "2015 года"."""
    dates = pytest.importorskip("babel.dates", reason="Babel is not installed (make test installs it)")
    for month in range(1, 13):
        day = datetime.date(2034, month, 8)
        assert format_date(day, "en") == dates.format_date(day, "long", locale="en_GB")
        assert format_date(day, "ru") == dates.format_date(day, "d MMMM y 'года'", locale="ru")


def test_arabic_months_name_cldr_s_month_after_the_levantine_one() -> None:
    """The UN's Arabic months are double: "أيلول/سبتمبر". The second name is CLDR's, but
    for June and July, which the UN spells يونيه and يوليه (CLDR: يونيو, يوليو)."""
    dates = pytest.importorskip("babel.dates", reason="Babel is not installed (make test installs it)")
    cldr = dates.get_month_names("wide", locale="ar")
    un_spelling = {6: "يونيه", 7: "يوليه"}
    for number, name in enumerate(wording("ar")["months"], start=1):
        levantine, egyptian = name.split("/")
        assert levantine and egyptian == un_spelling.get(number, cldr[number])


# --- typography ---------------------------------------------------------------------------------


def test_french_punctuation_never_starts_a_line(outputs: dict[tuple[str, str], bytes]) -> None:
    page = outputs["fr", "html"].decode("utf-8")
    text = re.sub(r"<style>.*?</style>|<[^>]+>", "", page, flags=re.S)
    assert re.search(r"\u00a0[:;!?»]", text) and "«\u00a0" in text
    assert not re.search(r" [:;!?»]| »|« ", text)  # no breakable space before the marks
    canonical = outputs["fr", "yaml"].decode("utf-8")
    assert "\u00a0" not in canonical  # the source keeps its spaces as written


def test_chinese_keeps_its_full_width_punctuation(outputs: dict[tuple[str, str], bytes]) -> None:
    source = SAMPLES["zh"].read_text(encoding="utf-8")
    marks = {char for char in source if char in "，。；：、（）《》"}
    page = outputs["zh", "html"].decode("utf-8")
    assert marks and all(mark in page for mark in marks)


# --- every format reads back --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_reads_back(outputs: dict[tuple[str, str], bytes], language: str, fmt: str) -> None:
    verify_output(read_item(SAMPLES[language]), fmt, outputs[language, fmt])


def test_the_six_language_pack_reads_back_and_keeps_each_language() -> None:
    pack = read_item(SIX)
    for fmt in ("html", "docx", "pdf"):
        verify_output(pack, fmt, render(pack, fmt, WriteOptions()))
    page = render(pack, "html", WriteOptions()).decode("utf-8")
    members = re.findall(r'<article class="document"[^>]* lang="([^"]+)" dir="([^"]+)"', page)
    assert members == [(language, "rtl" if language == "ar" else "ltr") for language in LANGUAGES]


# --- direction ----------------------------------------------------------------------------------


def test_the_bidi_levels_and_order_of_a_mixed_line() -> None:
    text = "في 8 أيلول (A/RES/60/1)"
    found = levels(text)
    assert found[0] == 1 and found[text.index("A")] == 2 and found[text.index("8")] == 2
    assert display_order([1, 2, 1]) == [2, 1, 0] and display_order([0, 1, 1, 0]) == [0, 2, 1, 3]


def test_arabic_html_and_docx_are_right_to_left(outputs: dict[tuple[str, str], bytes]) -> None:
    page = outputs["ar", "html"].decode("utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    with zipfile.ZipFile(io.BytesIO(outputs["ar", "docx"])) as package:
        body = package.read("word/document.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", body, flags=re.S)
    with_text = [p for p in paragraphs if "<w:t" in p]
    assert with_text and all("<w:bidi/>" in p for p in with_text)
    arabic_runs = [
        run for run in re.findall(r"<w:r>.*?</w:r>", body, flags=re.S) if re.search("[\u0600-\u06ff]", run)
    ]
    assert arabic_runs and all("<w:rtl/>" in run for run in arabic_runs)
    assert "<w:bidiVisual/>" in body  # the masthead: its first column on the right
    assert 'w:cs="Amiri"' in styles and 'w:eastAsia="Noto Serif SC"' in styles and "<w:szCs " in styles
    assert re.search(r'<w:lang w:val="ar" w:eastAsia="zh-CN" w:bidi="ar"/>', styles)


def test_pdf_text_is_the_arabic_as_written(outputs: dict[tuple[str, str], bytes]) -> None:
    """Glyphs HarfBuzz chose (joining forms) map back to letters, not private codes."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(outputs["ar", "pdf"]))
    maps = [obj.ToUnicode.read_bytes() for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj]  # fmt: skip
    entries = [int(code, 16) for data in maps for code in re.findall(rb"<[0-9A-F]{2}> <([0-9A-F]{4})", data)]
    assert entries and not [code for code in entries if 0xE000 <= code <= 0xF8FF]


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return found


def _words(pdf: Path, page: int = 1) -> list[tuple[str, float, float, float]]:
    """Each word of a page as pdftotext -bbox reads it: text, x min, x max, y."""
    done = subprocess.run([_poppler("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', done.stdout
    )
    return [(text, float(x0), float(x1), float(y0)) for x0, y0, x1, text in words]


def _first_word_at_the_right(pdf: Path, first: str) -> None:
    words = _words(pdf)
    # -bbox gives each word's glyphs in display order: an Arabic word reads backwards
    line = next(word for word in words if word[0] in (first, first[::-1]))
    same_line = [
        word for word in words if abs(word[3] - line[3]) < 4 and re.search("[\u0600-\u06ff]", word[0])
    ]
    # the rightmost of the line's words (its number hangs further right, in the margin)
    assert len(same_line) > 5 and line[2] == max(word[2] for word in same_line), same_line


def test_an_arabic_line_starts_at_the_right_in_the_pdf(
    outputs: dict[tuple[str, str], bytes], tmp_path: Path
) -> None:
    path = tmp_path / "ar.pdf"
    path.write_bytes(outputs["ar", "pdf"])
    _first_word_at_the_right(path, "عقد")  # the first word of paragraph 1


def test_no_chinese_line_starts_with_closing_punctuation(
    outputs: dict[tuple[str, str], bytes], tmp_path: Path
) -> None:
    path = tmp_path / "zh.pdf"
    path.write_bytes(outputs["zh", "pdf"])
    done = subprocess.run([_poppler("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True)
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) > 10 and not [line for line in lines if line[0] in "，。；：、）》"]


def _fonts(pdf: Path) -> str:
    return subprocess.run([_poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout


def test_each_script_in_its_face_in_our_pdf(outputs: dict[tuple[str, str], bytes], tmp_path: Path) -> None:
    for language, face in (("ar", "Amiri-Regular"), ("zh", "NotoSerifSC-Regular")):
        path = tmp_path / f"{language}.pdf"
        path.write_bytes(outputs[language, "pdf"])
        assert face in _fonts(path)


@pytest.fixture(scope="module")
def libreoffice_pdfs(outputs: dict[tuple[str, str], bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    folder = tmp_path_factory.mktemp("lo-languages")
    for language in ("ar", "zh"):
        (folder / f"{language}.docx").write_bytes(outputs[language, "docx"])
    profile = folder / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(folder / "ar.docx"), str(folder / "zh.docx")],
                   capture_output=True, timeout=240, check=True)  # fmt: skip
    return folder


def test_libreoffice_lays_the_arabic_docx_out_right_to_left(libreoffice_pdfs: Path) -> None:
    fonts = _fonts(libreoffice_pdfs / "ar.pdf")
    assert "Amiri" in fonts and "DejaVu" not in fonts  # the embedded face, no fallback
    _first_word_at_the_right(libreoffice_pdfs / "ar.pdf", "عقد")


def test_libreoffice_sets_the_chinese_docx_in_the_cjk_face(libreoffice_pdfs: Path) -> None:
    fonts = _fonts(libreoffice_pdfs / "zh.pdf")
    assert "NotoSerifSC" in fonts and "DejaVu" not in fonts
    done = subprocess.run([_poppler("pdftotext"), str(libreoffice_pdfs / "zh.pdf"), "-"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert "大会第八十九届会议主席于" in done.stdout.replace(" ", "")


def test_two_cuts_of_the_chinese_face_in_one_process_stay_apart() -> None:
    """Each document gets its own cut of Noto Serif SC; ReportLab knows faces by their
    PostScript names process-wide, so each cut has its own (else the second document
    drew from the first's cut: .notdef glyphs)."""
    page = pytest.importorskip("page", reason="page-validation is not installed (make test installs it)")
    from converter.model import Document, Metadata, NumberedPara, Text

    other = Document(
        Metadata(title="另一份文件", language="zh"), (NumberedPara((Text("完全不同的汉字。"),), number=1),)
    )
    render(other, "pdf", WriteOptions())
    report = page.validate_pdf_bytes(render(read_item(SAMPLES["zh"]), "pdf", WriteOptions()), profile="ua1")
    assert report.is_compliant, sorted({failure.rule_id for failure in report.failures})


def test_an_arabic_phrase_in_an_english_paragraph_is_shaped_and_reads_back() -> None:
    from converter.model import Document, Metadata, NumberedPara, Text

    phrase = "الأمم المتحدة من أجل السلام"
    doc = Document(
        Metadata(title="Mixed", language="en"),
        (NumberedPara((Text(f'The delegation quoted "{phrase}" (peace) on 8 September 2015.'),), number=1),),
    )
    data = render(doc, "pdf", WriteOptions())
    verify_output(doc, "pdf", data)  # its line says, in /ActualText, the words in reading order
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        contents = pdf.pages[0].obj.Contents
        parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        content = b"".join(part.read_bytes() for part in parts)
    assert b"/ActualText" in content


def test_a_chinese_paragraph_over_several_pages(tmp_path: Path) -> None:
    """ReportLab's CJK wrapping broke beside a note call's anchor (TypeError), joined the
    lines of a paragraph's next-page part with spaces ("会员 国"), and let a line start
    with "，": none of these now."""
    sentence = (
        "会员国重申致力于保护人民免遭灭绝种族、战争罪、族裔清洗和危害人类罪，"
        "这与2005年《世界首脑会议成果》（A/RES/60/1）第138和139段相一致。"
    )
    source = tmp_path / "long.yaml"
    source.write_text(
        "format: r2p/1\nmeta: {title: 长段落, language: zh}\nbody:\n"
        f"- para: '{sentence * 120}脚注。[^a]'\n- para: '{sentence * 40}'\nnotes:\n  a: 注。\n",
        encoding="utf-8",
    )
    doc = read_item(source)
    data = render(doc, "pdf", WriteOptions())
    verify_output(doc, "pdf", data)
    path = tmp_path / "long.pdf"
    path.write_bytes(data)
    done = subprocess.run([_poppler("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True)
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) > 100
    assert not re.findall("[\u4e00-\u9fff] [\u4e00-\u9fff]", done.stdout)
    assert not [line for line in lines if line[0] in "，。；：、）》"]


def test_a_note_call_after_a_number_stays_after_it() -> None:
    """In "2034.[^1]" the call is set apart (as an isolate): the number, its stop, then the
    call, which in Arabic stands to the left of the stop."""
    from converter.writers.pdf.rtl import _Frag, _Piece, _runs

    text, call = _Frag("Amiri-regular", 12, None), _Frag("PTSerif-regular", 8, None, rise=4)
    runs = _runs([_Piece("في 2034.", text), _Piece("12", call)])
    order = [runs[index].text for index in display_order([run.level for run in runs])]
    assert order.index("12") < order.index(".") < order.index("2034")  # left to right on the page
    assert next(run for run in runs if run.text == "12").level % 2 == 0  # "12", not "21"


def test_french_numbers_are_never_cut(outputs: dict[tuple[str, str], bytes]) -> None:
    from converter.writers.typography import _FRENCH, NO_BREAK_SPACE, _spacing

    spaced = _spacing(_FRENCH)("1 000 000 personnes, soit 12,5 %, paragraphes 138 et 139")
    assert (
        spaced.startswith(f"1{NO_BREAK_SPACE}000{NO_BREAK_SPACE}000 ") and f"12,5{NO_BREAK_SPACE}%" in spaced
    )
    assert "138 et 139" in spaced


def test_brackets_take_the_direction_of_what_they_enclose() -> None:
    """Rule N0: in Arabic, "Affairs (OCHA)" keeps both brackets with the Latin text."""
    text = "لتقرير Affairs (OCHA) الأخير"
    found = levels(text)
    assert found[text.index("(")] == found[text.index(")")] == found[text.index("O")] == 2


HEADINGS = {
    "ar": ("تقرير", ("مقدمة", "خلفية", "استنتاجات"), "هذه فقرة من فقرات التقرير."),
    "zh": ("报告", ("导言", "背景", "结论"), "这是报告的一段。"),
    "en": ("Report", ("Introduction", "Background", "Conclusions"), "This is a paragraph of the report."),
}


@pytest.mark.parametrize(
    ("language", "labels"),
    [("ar", ["أولا -", "ألف -", "ثانيا -"]), ("zh", ["一.", "A.", "二."]), ("en", ["I.", "A.", "II."])],
)
def test_automatic_heading_labels_as_each_language_writes_them(
    language: str, labels: list[str], tmp_path: Path
) -> None:
    from converter.model import Heading

    title, (first, second, third), para = HEADINGS[language]
    source = tmp_path / f"{language}.yaml"
    body = f"- heading: {first}\n- para: {para}\n- heading: {second}\n  level: 2\n- para: {para}\n"
    body += f"- heading: {third}\n- para: {para}\n"
    meta = f"meta: {{title: {title}, language: {language}, heading_labels: auto}}\n"
    source.write_text(f"format: r2p/1\n{meta}body:\n{body}", encoding="utf-8")
    doc = read_item(source)
    assert [block.label for block in doc.blocks if isinstance(block, Heading)] == labels
    for fmt in FORMATS:  # and every format shows them and reads back (text: its reader knows them)
        verify_output(doc, fmt, render(doc, fmt, WriteOptions()))


def test_a_quotation_in_another_language_says_so_in_every_format(tmp_path: Path) -> None:
    """`lang:` on a quote: HTML lang and dir, DOCX run languages (and right to left for
    Arabic), PDF a BlockQuote with its /Lang, the French quotation's own typography; the
    canonical formats keep it ("> [lang: fr] ..." in text)."""
    import pikepdf

    source = tmp_path / "quotes.yaml"
    source.write_text(
        "format: r2p/1\nmeta: {title: Statements, language: en}\nbody:\n"
        "- para: 'France said:'\n- quote: 'Ce n’est pas une option : c’est un devoir.'\n  lang: fr\n"
        "- para: 'Egypt said:'\n- quote: 'إن المسؤولية عن الحماية التزام جماعي.'\n  lang: ar\n",
        encoding="utf-8",
    )
    doc = read_item(source)
    outputs = {fmt: render(doc, fmt, WriteOptions()) for fmt in FORMATS}
    for fmt, data in outputs.items():
        verify_output(doc, fmt, data)
    page = outputs["html"].decode("utf-8")
    assert '<blockquote lang="fr" dir="ltr">' in page and '<blockquote lang="ar" dir="rtl">' in page
    assert "option\u00a0:" in page
    with zipfile.ZipFile(io.BytesIO(outputs["docx"])) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert 'w:val="fr"' in body and 'w:val="ar"' in body and "<w:bidi/>" in body
    with pikepdf.open(io.BytesIO(outputs["pdf"])) as pdf:
        quotes = [
            str(element.get("/Lang")) for element in pdf.Root.StructTreeRoot.K.K if element.S == "/BlockQuote"
        ]
    assert quotes == ["fr", "ar"]
    assert "> [lang: fr] Ce n’est pas" in outputs["txt"].decode("utf-8")


def test_fonts_cut_afresh_give_the_same_bytes(tmp_path: Path) -> None:
    """A font subset cut with an empty cache is the same file each time (fontTools would
    stamp it with the time of cutting): the builds of two machines agree."""
    import os
    import sys

    outputs = []
    for run in ("a", "b"):
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / f"cache-{run}")}
        out = tmp_path / f"out-{run}"
        command = [sys.executable, "-m", "converter", "-q", "--to", "html,docx,pdf", "--outdir", str(out)]
        subprocess.run([*command, str(SAMPLES["zh"])], env=env, check=True, capture_output=True, timeout=120)
        outputs.append({path.name: path.read_bytes() for path in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]


def test_what_the_second_review_found(tmp_path: Path) -> None:
    """Arabic level-3 labels (1 -) and labels after the twentieth section read back from
    text; a heading after an untitled Arabic annex stays a heading; an Arabic paragraph
    that starts like a label stays a paragraph; "> [sic]" in a quotation stays text; an
    English quotation in an Arabic document keeps its direction in DOCX; a pack member's
    language does not replace its quotations' own."""
    sections = "".join(f"- heading: مقدمة رقم {n}\n- para: نص الفقرة رقم {n}.\n" for n in range(1, 23))
    cases = {
        "levels": "- heading: مقدمة\n- heading: خلفية\n  level: 2\n"
        + "- heading: تفاصيل\n  level: 3\n- para: نص.\n"
        + sections,
        "annex": "- para: نص.\n- annex: المرفق\n- heading: خلفية\n- para: نص آخر.\n",
        "paragraph": "- heading: مقدمة\n- text: 'ألف - الالتزام السياسي:'\n- para: نص.\n",
    }
    for name, body in cases.items():
        source = tmp_path / f"{name}.yaml"
        meta = "meta: {title: عنوان الوثيقة, language: ar, heading_labels: auto}"
        source.write_text(f"format: r2p/1\n{meta}\nbody:\n{body}", encoding="utf-8")
        doc = read_item(source)
        for fmt in FORMATS:
            verify_output(doc, fmt, render(doc, fmt, WriteOptions()))
    typed = tmp_path / "typed.txt"
    typed.write_text("**Title**\n\n1. Text.\n\n> [sic] the words.\n", encoding="utf-8")
    quote = next(block for block in read_item(typed).blocks if block.__class__.__name__ == "Quote")
    assert quote.language == "" and "[sic]" in str(quote.children)
    mixed = tmp_path / "mixed.yaml"
    mixed.write_text(
        "format: r2p/1\nmeta: {title: عنوان, language: ar}\nbody:\n- para: نص.\n"
        "- quote: 'The responsibility to protect.'\n  lang: en\n",
        encoding="utf-8",
    )
    with zipfile.ZipFile(io.BytesIO(render(read_item(mixed), "docx", WriteOptions()))) as package:
        body_xml = package.read("word/document.xml").decode("utf-8")
    quote_paragraph = next(
        p for p in re.findall(r"<w:p[ >].*?</w:p>", body_xml, flags=re.S) if "responsibility" in p
    )
    assert "<w:bidi/>" not in quote_paragraph and "urn:r2p" not in body_xml
