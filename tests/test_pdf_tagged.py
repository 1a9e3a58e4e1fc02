"""Tagged PDF (issue 15): PDF/UA-1 and PDF/A-2a by page-validation, our structure walker
(every text in the tree or an artifact, the parent tree consistent, the tree's text the
document's), broken copies that must fail, and pages that render as untagged ones do."""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from conftest import FIXTURES, ROOT, SOURCE_YAML
from converter.convert import read_item, render
from converter.verify import VerificationError, check_text
from converter.writers import WriteOptions
from converter.writers.pdf import write_untagged

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))
from pdf_structure import StructureError, check_structure

SOURCES = {
    "seed": SOURCE_YAML,
    "features": FIXTURES / "features.yaml",
    "pack": ROOT / "source" / "packs" / "r2p-2015-briefing-pack.yaml",
    **{path.stem: path for path in sorted((ROOT / "source" / "samples").glob("*.yaml"))},
    **{path.stem: path for path in sorted((FIXTURES / "un").glob("*.yaml"))},
    **{path.stem: path for path in sorted((ROOT / "source" / "languages").glob("*.yaml"))},
    "six-languages": ROOT / "source" / "packs" / "sample-six-languages.yaml",
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: render(read_item(path), "pdf", WriteOptions()) for name, path in SOURCES.items()}


@pytest.mark.parametrize("profile", ["ua1", "2a"])
@pytest.mark.parametrize("name", list(SOURCES))
def test_page_validation_finds_no_failed_rule(name: str, profile: str, pdfs: dict[str, bytes]) -> None:
    page = pytest.importorskip("page", reason="page-validation is not installed (make test installs it)")
    report = page.validate_pdf_bytes(pdfs[name], profile=profile)
    failed = sorted({(failure.rule_id, failure.message[:120]) for failure in report.failures})
    assert report.is_compliant and report.rules.failed == 0, failed
    assert report.rules.total > 100  # the profile's rules ran


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_tree_reads_as_the_document(name: str, pdfs: dict[str, bytes]) -> None:
    """Every text on every page is tagged or an artifact, the tree and the parent tree
    agree, and the tree's text is the document's words in order (masthead and contents
    are the furniture --verify allows)."""
    item = read_item(SOURCES[name])
    walk = check_structure(pdfs[name])
    check_text(item, "pdf", "\n".join(walk.text))


def test_the_tree_has_the_document_s_shape(pdfs: dict[str, bytes]) -> None:
    walk = check_structure(pdfs["sample-report-joint"])
    roles = walk.roles
    assert roles[0] == "Document" and {"H1", "H2", "L", "LI", "Lbl", "LBody", "Note", "Link", "Div"} <= set(
        roles
    )
    labels = [text for role, text in walk.elements if role == "Lbl"]
    assert labels[:6] == ["•", "•", "•", "1.", "2.", "3."]  # the summary's bullets, then paragraphs
    notes = [text for role, text in walk.elements if role == "Note"]
    assert notes[0].startswith("*") and notes[1].startswith("1")  # the agenda's note, then note 1
    pack = check_structure(pdfs["pack"])
    assert pack.roles.count("Part") == 2 and "TOC" in pack.roles and pack.roles.count("TOCI") >= 2


def test_heading_levels_never_skip(pdfs: dict[str, bytes]) -> None:
    for name, data in pdfs.items():
        levels = [int(role[1]) for role in check_structure(data).roles if len(role) == 2 and role[0] == "H"]
        assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), name


def test_each_member_of_a_pack_carries_its_language(tmp_path: Path) -> None:
    (tmp_path / "fr.yaml").write_text(
        "format: r2p/1\nmeta:\n  title: Titre\n  language: fr\nbody:\n- para: Un texte.\n", encoding="utf-8"
    )
    (tmp_path / "en.yaml").write_text(
        "format: r2p/1\nmeta:\n  title: Title\nbody:\n- para: A text.\n", encoding="utf-8"
    )
    pack = tmp_path / "pack.yaml"
    pack.write_text("pack: r2p-pack/1\ntitle: P\ndocuments:\n- en.yaml\n- fr.yaml\n", encoding="utf-8")
    pdf = pikepdf.open(io.BytesIO(render(read_item(pack), "pdf", WriteOptions())))
    assert str(pdf.Root.Lang) == "en"
    parts = [kid for kid in pdf.Root.StructTreeRoot.K.K if str(kid.S) == "/Part"]
    assert [str(part.Lang) for part in parts] == ["en", "fr"]


def test_the_file_says_what_it_is(pdfs: dict[str, bytes]) -> None:
    pdf = pikepdf.open(io.BytesIO(pdfs["seed"]))
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    for needed in ("<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>A</pdfaid:conformance>",
                   "<pdfuaid:part>1</pdfuaid:part>", "Informal, Interactive Dialogue"):  # fmt: skip
        assert needed in xmp
    assert bool(pdf.Root.MarkInfo.Marked) and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
    assert all(str(page.obj.Tabs) == "/S" for page in pdf.pages)
    assert str(pdf.Root.OutputIntents[0].S) == "/GTS_PDFA1"
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", "-"], input=pdfs["seed"], capture_output=True, check=True).stdout
        assert b"Tagged:          yes" in info


# --- broken copies: the checks can fail -----------------------------------------------------------


def _broken(data: bytes, mutate: object) -> bytes:
    pdf = pikepdf.open(io.BytesIO(data))
    mutate(pdf)  # type: ignore[operator]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _untag_first_paragraph(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0]
    operations = pikepdf.parse_content_stream(page)
    kept, dropped = [], False
    for operands, operator in operations:
        if not dropped and str(operator) == "BDC" and str(operands[0]) == "/P":
            dropped = True
            skip_emc = True
            continue
        if dropped and str(operator) == "EMC" and "skip_emc" in locals() and skip_emc:
            skip_emc = False
            continue
        kept.append((operands, operator))
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))


def _drop_a_note_id(pdf: pikepdf.Pdf) -> None:
    def find(element: pikepdf.Object) -> pikepdf.Object | None:
        if str(element.get("/S", "")) == "/Note":
            return element
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                hit = find(kid)
                if hit is not None:
                    return hit
        return None

    note = find(pdf.Root.StructTreeRoot.K)
    assert note is not None
    del note.ID


def _drop_a_link_description(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            del annotation.Contents
            return


@pytest.mark.parametrize(
    ("mutate", "found"),
    [
        (_untag_first_paragraph, "outside tagged content"),
        (_drop_a_note_id, "Note without a unique /ID"),
        (_drop_a_link_description, "without /Contents"),
    ],
    ids=["untagged-text", "note-without-id", "link-without-contents"],
)
def test_a_broken_copy_fails_the_walker(mutate: object, found: str, pdfs: dict[str, bytes]) -> None:
    broken = _broken(pdfs["features"], mutate)
    with pytest.raises(StructureError, match=found):
        check_structure(broken)
    page = pytest.importorskip("page", reason="page-validation is not installed")
    assert not page.validate_pdf_bytes(broken, profile="ua1").is_compliant


def test_words_out_of_order_fail_the_comparison(pdfs: dict[str, bytes]) -> None:
    item = read_item(SOURCES["seed"])
    walk = check_structure(pdfs["seed"])
    swapped = walk.text[:]
    index = next(i for i, text in enumerate(swapped) if "Background" in text)
    swapped[index], swapped[index + 2] = swapped[index + 2], swapped[index]
    with pytest.raises(VerificationError):
        check_text(item, "pdf", "\n".join(swapped))


# --- rendering is unchanged --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["seed", "features", "pack", "sample-report-joint"])
def test_tagging_changes_no_pixel(name: str, pdfs: dict[str, bytes], tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    untagged = write_untagged(read_item(SOURCES[name]), WriteOptions())
    for label, data in (("tagged", pdfs[name]), ("untagged", untagged)):
        (tmp_path / f"{label}.pdf").write_bytes(data)
        command = ["pdftoppm", "-r", "60", "-png", str(tmp_path / f"{label}.pdf"), str(tmp_path / label)]
        subprocess.run(command, check=True)
    tagged_pages = sorted(tmp_path.glob("tagged-*.png"))
    assert tagged_pages and len(tagged_pages) == len(list(tmp_path.glob("untagged-*.png")))
    for page in tagged_pages:
        twin = tmp_path / page.name.replace("tagged", "untagged", 1)
        assert page.read_bytes() == twin.read_bytes(), page.name


@pytest.mark.parametrize("flavour", ["ua1", "2a"])
def test_verapdf_agrees_where_it_is_installed(flavour: str, pdfs: dict[str, bytes], tmp_path: Path) -> None:
    """veraPDF, the reference validator, cannot be installed here (it needs Java and Maven
    or its installer); where `verapdf` is on the PATH this runs it on the same files."""
    verapdf = shutil.which("verapdf")
    if verapdf is None:
        pytest.skip("veraPDF is not installed (https://verapdf.org): page-validation stands in for it")
    for name, data in pdfs.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        done = subprocess.run([verapdf, "--flavour", flavour, "--format", "text", str(path)],
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0 and "PASS" in done.stdout, (name, done.stdout[-2000:])
