"""Make the Word documents the DOCX reader's tests read, from sources kept beside them.

    python tests/tools/make_docx_fixtures.py [OUTDIR]

* ``lo-*.docx``: LibreOffice's export of each ``tests/fixtures/docx/lo-*.fodt`` (flat
  OpenDocument, so the source is reviewable text), as a user's "Save as Word" makes it;
* ``hand-numbered.docx``: a document made with python-docx in its default template's
  Normal style only, its masthead typed line by line, its paragraph numbers, labels
  and headings typed by hand (bold for headings): how many real drafts look.

OUTDIR defaults to ``tests/fixtures/docx``; the tests regenerate into a temporary
folder to check that the kept files are what these sources give.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "docx"
# Fixed file times and properties, so that the same sources give the same bytes.
STAMP = (2015, 7, 3, 12, 0, 0)

HAND_NUMBERED = [
    "United Nations",
    "S/2015/500",
    "",
    "Security Council",
    "Distr.: General",
    "3 July 2015",
    "Original: English",
    "",
    "**Letter dated 2 July 2015 from the Secretary-General addressed to the President of the "
    "Security Council",
    "",
    "51. I have the honour to refer to resolution 2150 (2014), in which the Council recalled the "
    "responsibility of each State to protect its population (S/RES/2150 (2014)).",
    "52. The Council may wish to consider the following:",
    "(a) the early warning of the Special Advisers;",
    "(b) the Framework of Analysis for Atrocity Crimes.",
    "**III. Observations",
    "53. 2015 was the tenth year since the World Summit, as set out in A/RES/60/1.",
    "7. This line starts with a number that does not follow, so it is text.",
    "54. I should be grateful if you would bring the present letter to the attention of the members "
    "of the Council.",
]


def lo_fixture(source: Path, outdir: Path) -> Path:
    """LibreOffice's DOCX of a .fodt (its own profile, so a user's settings play no part)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to make the lo-*.docx fixtures")
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [
                soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                "--convert-to", "docx:MS Word 2007 XML", "--outdir", work, str(source),
            ],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        made = Path(work) / (source.stem + ".docx")
        target = outdir / made.name
        _restamp(made, target)
    return target


def hand_numbered(outdir: Path) -> Path:
    import docx

    document = docx.Document()
    for line in HAND_NUMBERED:
        paragraph = document.add_paragraph()
        if line.startswith("**"):
            paragraph.add_run(line[2:]).bold = True
        elif line:
            paragraph.add_run(line)
    core = document.core_properties
    core.author = core.last_modified_by = "python-docx"
    core.title = ""
    core.created = core.modified = core.last_printed = datetime.datetime(*STAMP)
    core.revision = 1
    made = outdir / "hand-numbered.tmp.docx"
    document.save(str(made))
    target = outdir / "hand-numbered.docx"
    _restamp(made, target)
    made.unlink()
    return target


def _restamp(made: Path, target: Path) -> None:
    """The package again with fixed entry times (and LibreOffice's dates left as they are)."""
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(entry, source.read(info.filename))


def main(argv: list[str]) -> None:
    outdir = Path(argv[1]) if len(argv) > 1 else FIXTURES
    outdir.mkdir(parents=True, exist_ok=True)
    for source in sorted(FIXTURES.glob("lo-*.fodt")):
        print(lo_fixture(source, outdir))
    print(hand_numbered(outdir))


if __name__ == "__main__":
    main(sys.argv)
