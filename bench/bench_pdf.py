"""PDF against its peers: Typst in-process, Pandoc with WeasyPrint, and cost per paragraph.

    .venv/bin/pip install typst weasyprint     # peers, for the bench only
    .venv/bin/python bench/bench_pdf.py

Prints a Markdown table.  Typst compiles the same document (generated from the
same model) in-process; both are timed after warm-up, median of many runs.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus
from markdown_export import to_markdown
from timing import alternating_ms, compile_sources, in_process_ms

from converter.convert import read_document, render
from converter.model import Document, Heading, NumberedPara, inline_text
from converter.writers import WriteOptions

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "r2p-2015-presidents-summary.yaml"


def to_typst(doc: Document) -> str:
    """The same document in Typst markup: A4, numbered paragraphs, headings, page numbers."""

    def esc(text: str) -> str:
        return "".join("\\" + ch if ch in "\\#*_`$<>@[]=-+/~\"'" else ch for ch in text)

    lines = [
        '#set page(paper: "a4", margin: 25mm, numbering: "1 of 1")',
        "#set par(justify: true)",
        f"#align(center)[*{esc(doc.meta.title)}*]",
    ]
    for block in doc.blocks:
        text = esc(inline_text(block.children)) if hasattr(block, "children") else ""
        if isinstance(block, Heading):
            lines.append(f"{'=' * block.level} {text}")
        elif isinstance(block, NumberedPara):
            lines.append(f"#grid(columns: (10mm, 1fr), [{block.number}.], [{text}])")
        else:
            lines.append(text)
    return "\n\n".join(lines)


def main() -> None:
    compile_sources()
    work = Path(tempfile.mkdtemp(prefix="r2p-bench-pdf-"))
    doc = read_document(SEED)
    ours = in_process_ms(lambda: render(doc, "pdf", WriteOptions()), 50)
    print("| PDF: measurement | value |")
    print("| --- | --- |")
    print(f"| r2p-convert, seed in-process after warm-up (median of 50) | {ours:.1f} ms |")
    try:
        import typst

        source = to_typst(doc).encode("utf-8")
        theirs = in_process_ms(lambda: typst.compile(source), 50)
        version = getattr(typst, "__version__", "")
        print(f"| Typst {version}, same document in-process (median of 50) | {theirs:.1f} ms |")
        print(f"| r2p-convert / Typst | {ours / theirs:.2f} |")
    except ImportError:
        print("| Typst | not installed (`pip install typst`) |")

    floor = [sys.executable, "-c", "import jinja2, yaml, click, reportlab.platypus"]
    command = [sys.executable, "-m", "converter", "-q", "--to", "pdf", "--outdir", str(work), str(SEED)]
    md = work / "seed.md"
    md.write_text(to_markdown(doc), encoding="utf-8")
    pandoc = ["pandoc", "--pdf-engine=weasyprint", str(md), "-o", str(work / "pandoc.pdf")]
    weasy = shutil.which("weasyprint") or str(Path(sys.executable).parent / "weasyprint")
    commands = {"ours": command, "floor": floor}
    if shutil.which("pandoc") and Path(weasy).exists():
        pandoc[1] = f"--pdf-engine={weasy}"
        commands["pandoc"] = pandoc
    timed = alternating_ms(commands, 9)
    print(f"| whole process `r2p-convert --to pdf` (median of 9, alternating) | {timed['ours']:.0f} ms |")
    print(f"| floor `python -c 'import jinja2, yaml, click, reportlab.platypus'` | {timed['floor']:.0f} ms |")
    print(f"| r2p-convert above the floor | {timed['ours'] - timed['floor']:.0f} ms |")
    if "pandoc" in timed:
        ratio = timed["pandoc"] / timed["ours"]
        print(f"| `pandoc --pdf-engine=weasyprint` | {timed['pandoc']:.0f} ms ({ratio:.1f}× ours) |")
    else:
        print("| `pandoc --pdf-engine=weasyprint` | not installed |")

    for size in (200, 2000):
        (path,) = write_corpus(work / f"p{size}", 1, size)
        big = read_document(path)
        per = in_process_ms(lambda big=big: render(big, "pdf", WriteOptions()), 3) / size * 1000
        print(f"| time per paragraph, {size} paragraphs | {per:.0f} µs |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
