"""How the bench runs r2p-convert, its import floors and its peers, each as a user would.

- r2p-convert: the installed console script, ``r2p-convert -q --to FMT --outdir DIR``.
- Floors: ``python -c "import ..."`` of the libraries each output path really imports
  (Jinja2 only for HTML; python-docx for DOCX; ReportLab for PDF), so "over floor" is
  what our own code costs on that path.
- Pandoc 3 from PyPI's ``pypandoc-binary`` (``pypandoc.get_pandoc_path()``), not a
  system Pandoc, which may be 2.x; it reads the Markdown export of the same document
  (``markdown_export.py``): ``pandoc -s`` for HTML, ``pandoc -o x.docx``, and
  ``pandoc --pdf-engine=<venv>/bin/weasyprint`` for PDF (the engine named by path, so it
  is the venv's WeasyPrint whatever the PATH holds).
- Typst through PyPI's ``typst`` binding (PyPI ships no typst CLI): ``typst_compile.py``
  does what ``typst compile --font-path DIR --ignore-system-fonts IN OUT`` does, in a
  process of its own. The fonts are given explicitly (the PT Serif files our PDF embeds,
  from the fontpkg-pt-serif package), so no call scans the system's fonts, and the
  document is plain markup: ``= Heading`` and blank-line-separated paragraphs, justified
  as our PDF is (``#set par(justify: true)``, as a user asks for it; Typst then breaks
  lines by its optimal, Knuth-Plass method, which is most of its time on long documents).
The Markdown and Typst sources are written before any timing: each tool is timed from
its own input format, as ours is from YAML.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from markdown_export import to_markdown

from converter.convert import read_document
from converter.model import Document, Heading, NumberedPara, inline_text

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
R2P = [str(BIN / "r2p-convert"), "-q"]
WEASYPRINT = BIN / "weasyprint"
FLOORS = {
    "html": "import jinja2, yaml, click",
    "docx": "import docx, yaml, click",
    "pdf": "import reportlab.platypus, yaml, click",
}


def floor(fmt: str) -> list[str]:
    return [sys.executable, "-c", FLOORS[fmt]]


def pandoc() -> str | None:
    """Pandoc 3 bundled by pypandoc-binary, or None when it is not installed."""
    try:
        import pypandoc

        path = Path(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return None
    return str(path) if path.exists() and "pypandoc" in str(path) else None


def pandoc_version() -> str:
    binary = pandoc()
    if binary is None:
        return ""
    return subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.split()[1]


def typst_fonts() -> Path | None:
    try:
        import fontpkg_pt_serif
        import typst  # noqa: F401
    except ImportError:
        return None
    return Path(fontpkg_pt_serif.__file__).parent / "files"


def typst_version() -> str:
    import typst

    return getattr(typst, "__version__", "")


def to_typst(doc: Document) -> str:
    """The document as plain Typst markup in PT Serif: headings and paragraphs, the
    paragraph number as text (escaped, so ``12.`` is no list item), as Markdown has it."""

    def esc(text: str) -> str:
        return "".join("\\" + ch if ch in "\\#*_`$<>@[]=-+/~\"'" else ch for ch in text)

    lines = [
        '#set page(paper: "a4", margin: 25mm, numbering: "1")',
        '#set text(font: "PT Serif", size: 11pt)',
        "#set par(justify: true)",
        f"*{esc(doc.meta.title)}*",
    ]
    for block in doc.blocks:
        text = esc(inline_text(block.children)) if hasattr(block, "children") else ""
        if isinstance(block, Heading):
            lines.append(f"{'=' * block.level} {text}")
        elif isinstance(block, NumberedPara):
            lines.append(f"{block.number}\\. {text}")
        else:
            lines.append(text)
    return "\n\n".join(lines) + "\n"


def export(paths: list[Path], outdir: Path) -> list[Path]:
    """Each source's Markdown and Typst beside each other in ``outdir``: the stems."""
    outdir.mkdir(parents=True, exist_ok=True)
    stems = []
    for path in paths:
        doc = read_document(path)
        stem = outdir / path.stem
        stem.with_suffix(".md").write_text(to_markdown(doc), encoding="utf-8")
        stem.with_suffix(".typ").write_text(to_typst(doc), encoding="utf-8")
        stems.append(stem)
    return stems


def typst_command(source: Path, output: Path) -> list[str]:
    fonts = typst_fonts()
    assert fonts is not None
    return [
        sys.executable,
        str(BENCH / "typst_compile.py"),
        "--font-path",
        str(fonts),
        str(source),
        str(output),
    ]


def pandoc_commands(stem: Path, outdir: Path, pdf: str) -> list[list[str]]:
    """Pandoc's commands for one document: HTML, DOCX, and PDF by ``pdf`` ("typst" or
    "weasyprint"); one process per document per format."""
    binary = pandoc()
    assert binary is not None
    md, out = str(stem.with_suffix(".md")), outdir / stem.name
    commands = [
        [binary, "-s", md, "-o", f"{out}.html"],
        [binary, md, "-o", f"{out}.docx"],
    ]
    if pdf == "typst":
        commands.append(typst_command(stem.with_suffix(".typ"), Path(f"{out}.pdf")))
    else:
        commands.append([binary, f"--pdf-engine={WEASYPRINT}", md, "-o", f"{out}.pdf"])
    return commands


def xargs_batch(stems: list[Path], outdir: Path, pdf: str, parallel: int, jobs_file: Path) -> list[str]:
    """The peer's batch as a user would script it: a list of commands, ``xargs -P N``
    running them N at a time (``env`` execs each, with no shell between)."""
    lines = [shlex.join(command) for stem in stems for command in pandoc_commands(stem, outdir, pdf)]
    jobs_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["xargs", "-P", str(parallel), "-L", "1", "-a", str(jobs_file), "env"]
