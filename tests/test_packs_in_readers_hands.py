"""Briefing packs as readers get them (issue 14): members with 0, 1, 20 and 60 footnotes,
a contents list longer than a page, members in three languages, an annex and a word
too long for its line; in PDF, HTML and DOCX (read through LibreOffice, as a reader
opens it), every member's words in order and its footnotes numbered from 1 as printed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import ROOT
from converter.convert import read_item, render
from converter.verify import verify_output
from converter.verify_extract import html_text
from converter.writers import WriteOptions

NOTES = {"m00": 0, "m01": 1, "m20": 20, "m60": 60}
FILLERS = 24  # members with three sections each: the contents run over a page
LANGUAGES = {"m01": "fr", "m20": "es"}  # the pack and the other members are English
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
UPDATE_TOOL = ROOT / "tests" / "tools" / "lo_update_indexes.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _member(name: str, notes: int, language: str) -> str:
    lines = [
        "format: r2p/1",
        "meta:",
        f"  title: Member {name} of the pack (sample)",
        f"  language: {language}",
    ]
    lines += ["body:", f"- heading: First part of {name}"]
    for k in range(1, max(notes, 2) + 1):
        call = f"[^n{k}]" if k <= notes else ""
        lines.append(f"- para: Paragraph {k} of {name}, with a note.{call}")
        if k == 3:
            lines.append(f"- heading: Second part of {name}")
    if name == "m20":
        lines += [f"- para: 'A word too long for any line, {LONG_WORD}.'"]
        lines += ["- annex: Annex", "  title: Annex of m20", "- para: Annex paragraph of m20."]
    if notes:
        lines.append("notes:")
        lines += [
            f"  n{k}: Note {k} of {name}, which explains the paragraph at some length."
            for k in range(1, notes + 1)
        ]
    return "\n".join(lines) + "\n"


def _filler(index: int) -> str:
    body = "".join(
        f"- heading: Section {s} of filler {index}\n- para: Text of section {s} of filler {index}.\n"
        for s in (1, 2, 3)
    )
    return f"format: r2p/1\nmeta:\n  title: Filler member {index} (sample)\nbody:\n{body}"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pack")
    members = []
    for name, notes in NOTES.items():
        (folder / f"{name}.yaml").write_text(
            _member(name, notes, LANGUAGES.get(name, "en")), encoding="utf-8"
        )
        members.append(f"{name}.yaml")
    for index in range(1, FILLERS + 1):
        (folder / f"filler{index:02d}.yaml").write_text(_filler(index), encoding="utf-8")
        members.append(f"filler{index:02d}.yaml")
    listed = "".join(f"- {member}\n" for member in members)
    path = folder / "pack.yaml"
    path.write_text(
        f"pack: r2p-pack/1\ntitle: A pack to hold (sample)\ndocuments:\n{listed}", encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def outputs(pack: Path) -> dict[str, bytes]:
    item = read_item(pack)
    return {fmt: render(item, fmt, WriteOptions()) for fmt in ("pdf", "html", "docx")}


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _check_note_numbers(text: str) -> None:
    """Each note is printed with its own number, and each call shows it: 1..N in every member."""
    text = re.sub(r"\s+", " ", text)
    printed = re.findall(r"\b(\d+) ?Note (\d+) of (m\d\d)\b", text)
    for name, notes in NOTES.items():
        mine = [(int(shown), int(k)) for shown, k, who in printed if who == name]
        assert [k for _shown, k in mine] == list(range(1, notes + 1)), name
        assert all(shown == k for shown, k in mine), (name, mine[:5])
        calls = re.findall(rf"Paragraph (\d+) of {name}, with a note\. ?(\d*)", text)
        assert [int(number) for k, number in calls if int(k) <= notes] == list(range(1, notes + 1)), name


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
def test_every_member_s_words_read_back_in_order(fmt: str, pack: Path, outputs: dict[str, bytes]) -> None:
    verify_output(read_item(pack), fmt, outputs[fmt])


def test_pdf_numbers_each_member_s_notes_from_one(outputs: dict[str, bytes]) -> None:
    _check_note_numbers(_pdf_text(outputs["pdf"]))


def test_html_numbers_each_member_s_notes_from_one(outputs: dict[str, bytes]) -> None:
    _check_note_numbers(html_text(outputs["html"]))


def test_the_contents_run_over_more_than_a_page(outputs: dict[str, bytes]) -> None:
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(outputs["pdf"])).pages]
    contents = [
        index
        for index, text in enumerate(pages)
        if "Filler member" in text and re.search(r"\.\s+\.\s+\.", text)
    ]
    assert len(contents) >= 2
    assert "Page 1 of" not in pages[0]  # the cover has no page number


def test_members_carry_their_own_language(outputs: dict[str, bytes]) -> None:
    page = outputs["html"].decode()
    articles = dict(re.findall(r'<article class="document" id="(doc-\d+)" lang="([\w-]+)"', page))
    assert (articles["doc-1"], articles["doc-2"], articles["doc-3"], articles["doc-4"]) == (
        "en",
        "fr",
        "es",
        "en",
    )
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(outputs["docx"])).read("word/document.xml"))
    section, languages = 0, {}  # section 0: the cover and contents; member K: section K
    for block in body.find(f"{W}body"):
        for run in block.iter(f"{W}r"):
            if "".join(run.itertext()).strip():
                lang = run.find(f"{W}rPr/{W}lang")
                languages.setdefault(section, set()).add("" if lang is None else lang.get(f"{W}val"))
        if block.find(f"{W}pPr/{W}sectPr") is not None:
            section += 1
    assert languages[1] == languages[4] == {""}  # the pack's own language
    assert languages[0] == {"", "fr", "es"}  # the cover, and contents entries in their members' languages
    assert (languages[2], languages[3]) == ({"fr"}, {"es"})


# --- LibreOffice, as a reader opens the DOCX ------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice_pack(outputs: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """LibreOffice's PDF of the DOCX after "Update all" (fields and the contents), as text,
    and the contents as LibreOffice wrote them."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    system_python = Path("/usr/bin/python3")
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    probe = subprocess.run([str(system_python), "-c", "import uno"], capture_output=True, check=False)
    if not system_python.exists() or probe.returncode != 0:
        pytest.skip("LibreOffice's Python bridge (python3-uno) is not installed")
    folder = tmp_path_factory.mktemp("lo-pack")
    source, pdf, text = folder / "pack.docx", folder / "pack.pdf", folder / "pack.txt"
    source.write_bytes(outputs["docx"])
    subprocess.run(
        [str(system_python), str(UPDATE_TOOL), str(source), str(pdf), str(text)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return _pdf_text(pdf.read_bytes()), layout.stdout


def _contents(text: str) -> list[tuple[int, str, int]]:
    """(level, title, page) for each dotted contents line of a ``pdftotext -layout`` text:
    the level from the line's indent against the least indented line of its page (the
    layout's left edge moves from page to page)."""
    entries = []
    for page in text.split("\f"):
        found = []
        for line in page.splitlines():
            match = re.fullmatch(r"( *)(\S.*?)[ .]*(?:\.{3,}|(?: \.){3,})[ .]*(\d+)", line.rstrip())
            if match and re.search(r"Member|part of|[Ff]iller|Annex", match.group(2)):
                found.append((len(match.group(1)), match.group(2).strip(" ."), int(match.group(3))))
        left = min((indent for indent, _t, _p in found), default=0)
        entries += [(int(indent > left), title, number) for indent, title, number in found]
    return entries


def test_libreoffice_shows_each_member_s_note_numbers(libreoffice_pack: tuple[str, str]) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _check_note_numbers(libreoffice_pack[0])


def test_the_updated_contents_equal_the_pdf_s(
    libreoffice_pack: tuple[str, str], outputs: dict[str, bytes], tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    ours = tmp_path / "ours.pdf"
    ours.write_bytes(outputs["pdf"])
    pdf = subprocess.run(["pdftotext", "-layout", str(ours), "-"], capture_output=True, text=True, check=True)
    expected, found = _contents(pdf.stdout), _contents(libreoffice_pack[1])
    assert len(expected) == len(NOTES) * 3 + FILLERS * 4 - 1  # titles, sections, the annex
    # The same titles at the same levels: members, and their sections a step in.
    assert [(level, title) for level, title, _p in found] == [(level, title) for level, title, _p in expected]
    pages = [page for _i, _t, page in found]
    assert pages == sorted(pages) and pages[0] > 2  # after the cover and the contents


def test_a_note_two_members_share_is_found_in_each(tmp_path: Path) -> None:
    """Both members call a note with the same text, and run over a page: --verify takes
    each member's note from its own pages (it once took the second's for the first)."""
    note = "See General Assembly resolution 60/1, paras. 138 and 139."
    for name in ("first", "second"):
        body = "".join(
            f"- para: Paragraph {k} of the {name} report, long enough to take a line or two.\n"
            for k in range(2, 40)
        )
        (tmp_path / f"{name}.yaml").write_text(
            f"format: r2p/1\nmeta:\n  title: The {name} report\nbody:\n"
            f"- para: It recalls the Outcome.[^a]\n{body}notes:\n  a: {note}\n",
            encoding="utf-8",
        )
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack: r2p-pack/1\ntitle: Two\ndocuments:\n- first.yaml\n- second.yaml\n", encoding="utf-8"
    )
    item = read_item(pack)
    for fmt in ("pdf", "html", "docx"):
        verify_output(item, fmt, render(item, fmt, WriteOptions()))


def test_a_member_s_running_head_and_contents_entries_carry_its_language(outputs: dict[str, bytes]) -> None:
    package = zipfile.ZipFile(io.BytesIO(outputs["docx"]))
    headers = [package.read(name).decode() for name in package.namelist() if name.startswith("word/header")]
    assert any("Member m01" in header and 'w:lang w:val="fr"' in header for header in headers)
    body = package.read("word/document.xml").decode()
    toc = body[: body.index('w:name="doc-1"')]  # the contents come before the first member
    entry = toc[toc.index("PAGEREF doc-2 ") - 1500 : toc.index("PAGEREF doc-2 ")]
    assert 'w:lang w:val="fr"' in entry
    page = outputs["html"].decode()
    assert re.search(r'<li lang="fr"><a href="#doc-2">', page)
