"""Plain text as it comes out of real UN documents (copied from a PDF, typed from a page):
the reader places each masthead line where it belongs, or says it could not; it never
turns a title into an organ or a paragraph into a heading without saying so.

The fixtures in tests/fixtures/un/pasted are shaped like the first pages of real
documents (invented names and numbers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from converter.errors import ConversionWarning, R2PError
from converter.model import Annex, Document, EnumList, Heading, NumberedPara, Para, inline_text
from converter.readers import txt

PASTED = FIXTURES / "un" / "pasted"


def read(name: str) -> tuple[Document, list[str]]:
    warnings: list[R2PError] = []
    path = PASTED / name
    doc = txt.read(path.read_bytes(), str(path), warnings.append)
    assert all(isinstance(w, ConversionWarning) for w in warnings)
    return doc, [w.message for w in warnings]


def kinds(doc: Document) -> list[str]:
    return [type(block).__name__ for block in doc.blocks]


def test_a_title_that_names_a_council_is_the_title_not_an_organ() -> None:
    doc, _ = read("title-names-a-council.txt")
    assert doc.meta.title == "Cooperation between the United Nations and the Council of Europe"
    assert doc.meta.kind == "Report of the Secretary-General"
    assert [organ.name for organ in doc.meta.organs] == ["General Assembly"]
    assert doc.meta.organs[0].session == "Ninetieth session"


def test_a_statement_by_the_president_is_the_title() -> None:
    doc, warnings = read("presidential-statement.txt")
    assert doc.meta.title == "Statement by the President of the Security Council"
    assert [organ.name for organ in doc.meta.organs] == ["Security Council"]
    # The last paragraph ends with a full stop inside a closing quotation mark: a paragraph.
    assert kinds(doc) == ["Para", "Para", "Para"]
    assert warnings == []


def test_a_resolution_prints_its_kind_above_its_title() -> None:
    doc, _ = read("resolution-kind-first.txt")
    assert doc.meta.kind == (
        "Resolution adopted by the General Assembly on 15 December 2034 "
        "[without reference to a Main Committee (A/89/L.99)]"
    )
    assert doc.meta.title == "89/12. The responsibility to protect"
    assert [organ.name for organ in doc.meta.organs] == ["General Assembly"]
    assert kinds(doc)[:3] == ["Para", "Preamble", "Preamble"]


def test_a_subsidiary_organ_s_session_block_under_the_general_assembly() -> None:
    doc, _ = read("subsidiary-organ.txt")
    (organ,) = doc.meta.organs
    assert (organ.name, organ.subsidiary, organ.session) == (
        "General Assembly",
        "Human Rights Council",
        "Seventy-first session",
    )
    assert [item.number for item in organ.agenda] == ["2", "3"]
    assert doc.meta.job == "35-10203 (E)"


def test_agenda_titles_wrapped_over_several_lines_and_session_dates() -> None:
    doc, _ = read("wrapped-agenda-titles.txt")
    (organ,) = doc.meta.organs
    assert organ.subsidiary == "Human Rights Council"
    assert [item.title for item in organ.agenda] == [
        "Annual report of the United Nations High Commissioner for Human Rights and reports of the "
        "Office of the High Commissioner and the Secretary-General",
        "Promotion and protection of all human rights, civil, political, economic, social and cultural "
        "rights, including the right to development",
    ]


def test_session_dates_follow_the_session_line(tmp_path: Path) -> None:
    text = (PASTED / "subsidiary-organ.txt").read_text(encoding="utf-8")
    text = text.replace("Seventy-first session\n", "Seventy-first session\n9 September–3 October 2035\n")
    path = tmp_path / "dates.txt"
    path.write_text(text, encoding="utf-8")
    doc = txt.read(path.read_bytes(), str(path))
    assert doc.meta.organs[0].session_dates == "9 September–3 October 2035"


def test_a_french_masthead_is_french() -> None:
    doc, warnings = read("french-letter.txt")
    meta = doc.meta
    assert (meta.language, meta.distribution, meta.original_language) == ("fr", "générale", "anglais")
    assert meta.title.startswith("Lettre datée du 10 février 2035")
    # "2. Mesures prises" follows paragraph 1: it is paragraph 2, and the reader says so.
    numbers = [block.number for block in doc.blocks if isinstance(block, NumberedPara)]
    assert numbers == [1, 2, 3]
    assert any("as paragraph 2" in message for message in warnings)
    annex = next(block for block in doc.blocks if isinstance(block, Annex))
    assert inline_text(annex.title) == "Rapport sur la situation"


def test_a_numbered_line_without_a_full_stop_is_a_paragraph_when_it_comes_next(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text(
        "Title here\n\n1. First paragraph.\n\n2. The Secretary-General calls on all parties to end the "
        "violations\n\n3. Third paragraph.\n",
        encoding="utf-8",
    )
    warnings: list[R2PError] = []
    doc = txt.read(path.read_bytes(), str(path), warnings.append)
    assert [type(block).__name__ for block in doc.blocks] == ["NumberedPara"] * 3
    assert [w.pos.line for w in warnings if w.pos] == [5]


def test_level_three_labels_restart_where_paragraph_numbers_run_on() -> None:
    doc, _ = read("lists-with-blank-lines.txt")
    headings = [(block.level, block.label) for block in doc.blocks if isinstance(block, Heading)]
    assert headings == [(1, "I."), (1, "II."), (2, "A."), (2, "B."), (3, "1."), (3, "2."), (1, "III.")]
    numbers = [block.number for block in doc.blocks if isinstance(block, NumberedPara)]
    assert numbers == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    "name",
    [
        "lists-with-blank-lines.txt",  # items with blank lines between them, sub-items indented
        "subsidiary-organ.txt",  # no indentation: the labels tell the levels
    ],
)
def test_sub_paragraphs_keep_their_nesting(name: str) -> None:
    doc, _ = read(name)
    (listing,) = [block for block in doc.blocks if isinstance(block, EnumList)]
    assert [item.label for item in listing.items] == ["(a)", "(b)", "(c)"]
    (inner,) = listing.items[1].blocks
    assert isinstance(inner, EnumList)
    assert [item.label for item in inner.items] == ["(i)", "(ii)"]


def test_text_without_blank_lines_is_split_into_blocks_with_a_warning() -> None:
    doc, warnings = read("no-blank-lines.txt")
    assert [inline_text(block.children) for block in doc.summary if isinstance(block, Para)] == [
        "The present report is submitted pursuant to Human Rights Council resolution 68/3."
    ]
    assert kinds(doc) == ["Heading", "NumberedPara", "NumberedPara", "EnumList", "Heading", "NumberedPara"]
    assert any("without blank lines" in message for message in warnings)
    assert any("contents pages" in message for message in warnings)


def test_page_furniture_is_left_out_and_said() -> None:
    doc, warnings = read("page-furniture.txt")
    assert doc.meta.job == "35-09876 (E)"
    assert kinds(doc) == ["Heading", "NumberedPara", "NumberedPara"]
    said = " ".join(warnings)
    for what in ("running heads", "barcodes", "date stamp"):
        assert what in said


def test_an_annex_title_needs_no_stars() -> None:
    doc, _ = read("subsidiary-organ.txt")
    annex = next(block for block in doc.blocks if isinstance(block, Annex))
    assert (annex.label, inline_text(annex.title)) == ("Annex", "Contributions received")


@pytest.mark.parametrize(
    "name", sorted(path.name for path in PASTED.glob("*.txt")), ids=lambda name: name.removesuffix(".txt")
)
def test_every_pasted_document_converts_and_verifies(name: str, tmp_path: Path) -> None:
    from converter.convert import Job, run_job
    from converter.writers import WriteOptions

    formats = ("html", "pdf", "docx", "txt", "yaml")
    job = Job(PASTED / name, "txt", tuple((fmt, tmp_path / f"out.{fmt}") for fmt in formats))
    outputs = run_job(job, WriteOptions(), verify=True)
    assert sorted(fmt for fmt, _path, _data in outputs) == sorted(formats)
    assert all((tmp_path / f"out.{fmt}").stat().st_size > 0 for fmt in formats)


@pytest.mark.parametrize(
    "subsidiary",
    ["Human Rights Council", "Working Group on Sample Matters"],  # known by its words, or not
)
def test_subsidiary_organs_and_session_dates_round_trip_through_plain_text(
    subsidiary: str, tmp_path: Path
) -> None:
    from converter.convert import read_item, render
    from converter.writers import WriteOptions

    source = tmp_path / "doc.yaml"
    source.write_text(
        "format: r2p/1\nmeta:\n  title: Sample\n  organ: General Assembly\n"
        f"  subsidiary: {subsidiary}\n  session: Seventy-first session\n"
        "  session_dates: 9 September–3 October 2035\n"
        "  agenda: [{item: '3', title: Promotion of rights}]\n  agenda_note: A/HRC/71/1\n"
        "  symbol: A/HRC/71/1\n"
        "  distribution: General\n  date: '2035-07-03'\n  original_language: English\n"
        "body:\n- para: Text.\n",
        encoding="utf-8",
    )
    doc = read_item(source)
    back = tmp_path / "doc.txt"
    back.write_bytes(render(doc, "txt", WriteOptions()))
    assert read_item(back).meta == doc.meta
    html = render(doc, "html", WriteOptions()).decode()
    assert subsidiary in html and "9 September–3 October 2035" in html
