"""Our DOCX reader beside Pandoc's on the same Word documents, judged by what LibreOffice shows.

    .venv/bin/python bench/compare_docx_readers.py

For each document (the test fixtures made by LibreOffice and python-docx, and our own
DOCX of the seed and of the feature fixture), LibreOffice's text export is the
reference: the paragraph numbers and heading and sub-paragraph labels a reader sees.
Each reader's text (our model's ``plain_text``, ``pandoc -f docx -t plain``) is searched
for the same labels at the start of its lines, in order; footnotes are counted; UN
symbols are counted as links (ours links them; Pandoc keeps them as text).  Needs
LibreOffice; Pandoc is PyPI's ``pypandoc-binary`` (``pip install -e .[bench]``), else the
one on the PATH.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converter.convert import read_document, render  # noqa: E402
from converter.model import SymbolRef, block_inlines, plain_text  # noqa: E402
from converter.writers import WriteOptions  # noqa: E402

# A label at the start of a line: "12.", "I.", "A.", "(a)", "(iv)".
LABEL_RE = re.compile(r"\s*((?:\d{1,4}|[IVXL]{1,6}|[A-Z])\.|\([a-z]{1,4}\))\s")
NOTE_RE = re.compile(r"^\[(\d+)\]", re.MULTILINE)


def labels(text: str) -> list[str]:
    return [match.group(1) for line in text.splitlines() if (match := LABEL_RE.match(line))]


def libreoffice_text(path: Path, work: Path) -> str:
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless",
         "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(work), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return (work / (path.stem + ".txt")).read_text(encoding="utf-8-sig")


def ours_text(path: Path) -> str:
    """The words our reader read, as every output shows them (``plain_text``: numbers and
    labels included, a block or list item a line)."""
    return plain_text(read_document(path))


def pandoc() -> str:
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc") or "pandoc"


def pandoc_text(path: Path) -> str:
    done = subprocess.run(
        [pandoc(), "-f", "docx", "-t", "plain", "--wrap=none", str(path)],
        check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return done.stdout


def kept(reference: list[str], found: list[str]) -> int:
    """How many of the reference's labels the reader shows, in order (a common subsequence)."""
    at = count = 0
    for label in reference:
        try:
            at = found.index(label, at) + 1
            count += 1
        except ValueError:
            continue
    return count


def documents(work: Path) -> list[tuple[str, Path]]:
    fixtures = ROOT / "tests" / "fixtures"
    found = [(path.stem, path) for path in sorted((fixtures / "docx").glob("*.docx"))]
    for name, source in (("seed (our DOCX)", ROOT / "source" / "r2p-2015-presidents-summary.yaml"),
                         ("features (our DOCX)", fixtures / "features.yaml")):  # fmt: skip
        target = work / (source.stem + ".docx")
        target.write_bytes(render(read_document(source), "docx", WriteOptions()))
        found.append((name, target))
    return found


def symbols_linked(path: Path) -> int:
    from converter.convert import read_item

    doc = read_item(path)
    return sum(
        isinstance(node, SymbolRef)
        for block in doc.blocks  # type: ignore[union-attr]
        for inlines in block_inlines(block)
        for node in inlines
    )


def main() -> None:
    if shutil.which("soffice") is None:
        raise SystemExit("LibreOffice (soffice) is needed on the PATH")
    version = subprocess.run([pandoc(), "--version"], capture_output=True, text=True, check=True).stdout
    print(f"Labels as LibreOffice shows them, kept by each reader ({version.splitlines()[0]}):\n")
    print("| document | labels LibreOffice shows | ours | Pandoc | notes: ours / Pandoc | symbols linked |")
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, path in documents(work):
            reference = labels(libreoffice_text(path, work))
            ours, theirs = ours_text(path), pandoc_text(path)
            notes = f"{len(read_document(path).notes)} / {len(set(NOTE_RE.findall(theirs)))}"
            counts = (len(reference), kept(reference, labels(ours)), kept(reference, labels(theirs)))
            print(f"| {name} | {' | '.join(map(str, counts))} | {notes} | {symbols_linked(path)} / 0 |")


if __name__ == "__main__":
    main()
