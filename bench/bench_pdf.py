"""PDF against its peers: Typst in-process, Pandoc with WeasyPrint, cost per paragraph,
and what tagging (PDF/UA-1, PDF/A-2a) costs.

    .venv/bin/pip install typst weasyprint     # peers, for the bench only
    .venv/bin/python bench/bench_pdf.py

Prints a Markdown table.  Typst compiles the same document (generated from the
same model) in-process; both are timed after warm-up, median of many runs.  The
tagging rows time our tagged and untagged PDF of the same document in turn (A B A B),
and the tagged peers beside ours in turn too: Typst with PDF/UA-1 and PDF/A-2a, and
WeasyPrint with PDF/UA-1 drawing our own HTML of the document.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus
from markdown_export import to_markdown
from timing import alternating_in_process_ms, alternating_ms, compile_sources, in_process_ms, paired_ratio

from converter.convert import read_document, render
from converter.model import Document, Heading, NumberedPara, inline_text
from converter.writers import WriteOptions
from converter.writers.pdf import write_untagged

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
    tagging(doc, read_document(write_corpus(work / "p2000", 1, 2000)[0]))
    tagged_peers(doc)
    languages()
    shutil.rmtree(work, ignore_errors=True)


def languages() -> None:
    """What Arabic (shaped and ordered by us) and Chinese cost beside the same document
    in English: the samples of source/languages/, timed in turn, in-process."""
    folder = Path(__file__).resolve().parent.parent / "source" / "languages"
    docs = {language: read_document(folder / f"sample-{language}.yaml") for language in ("en", "ar", "zh")}
    samples = alternating_in_process_ms(
        {language: lambda doc=doc: render(doc, "pdf", WriteOptions()) for language, doc in docs.items()}, 15
    )
    english = statistics.median(samples["en"])
    print(f"| the English sample's PDF (median of 15, in turn with Arabic and Chinese) | {english:.0f} ms |")
    for language, name in (("ar", "Arabic"), ("zh", "Chinese")):
        ratio, low, high = paired_ratio(samples, language, "en")
        theirs = statistics.median(samples[language])
        print(
            f"| the {name} sample's PDF | {theirs:.0f} ms: "
            f"×{ratio:.2f} English (pairs {low:.2f}–{high:.2f}) |"
        )


def tagging(seed: Document, big: Document) -> None:
    """What the structure tree costs: tagged and untagged PDF of one document in turn."""
    for label, doc, runs in (("seed", seed, 21), ("2,000 paragraphs", big, 5)):
        samples = alternating_in_process_ms(
            {
                "tagged": lambda doc=doc: render(doc, "pdf", WriteOptions()),
                "untagged": lambda doc=doc: write_untagged(doc, WriteOptions()),
            },
            runs,
        )
        ratio, low, high = paired_ratio(samples, "tagged", "untagged")
        tagged, untagged = (statistics.median(samples[name]) for name in ("tagged", "untagged"))
        print(f"| tagged / untagged PDF, {label} (median of {runs} pairs, in-process) | "
              f"{tagged:.0f} / {untagged:.0f} ms: ×{ratio:.2f} (pairs {low:.2f}–{high:.2f}) |")  # fmt: skip
        size_tagged = len(render(doc, "pdf", WriteOptions()))
        size_untagged = len(write_untagged(doc, WriteOptions()))
        sizes = f"{size_tagged / 1024:.0f} / {size_untagged / 1024:.0f} KB"
        print(f"| tagged / untagged PDF size, {label} | {sizes}: ×{size_tagged / size_untagged:.2f} |")


def tagged_peers(doc: Document) -> None:
    """Tagged PDF from the peers, timed in turn with ours (in-process, after warm-up)."""
    fns: dict[str, Callable[[], object]] = {"ours": lambda: render(doc, "pdf", WriteOptions())}
    try:
        import typst

        source = ('#set document(title: "' + doc.meta.title.replace('"', "'") + '")\n#set text(lang: "en")\n'
                  + to_typst(doc)).encode("utf-8")  # fmt: skip
        fns["typst"] = lambda: typst.compile(source, pdf_standards=["ua-1", "a-2a"])
    except ImportError:
        print("| Typst, tagged | not installed (`pip install typst`) |")
    try:
        import weasyprint

        page = render(doc, "html", WriteOptions()).decode("utf-8")
        fns["weasyprint"] = lambda: weasyprint.HTML(string=page).write_pdf(pdf_variant="pdf/ua-1")
    except (ImportError, OSError):  # OSError: Pango is missing
        print("| WeasyPrint, tagged | not installed (`pip install weasyprint`, with Pango) |")
    samples = alternating_in_process_ms(fns, 9)
    ours = statistics.median(samples["ours"])
    print(f"| ours, tagged PDF/UA-1 + PDF/A-2a, seed (median of 9, in turn with the peers) | {ours:.0f} ms |")
    names = {
        "typst": "Typst, PDF/UA-1 + PDF/A-2a, same document",
        "weasyprint": "WeasyPrint, PDF/UA-1, our HTML",
    }
    for name, label in names.items():
        if name in samples:
            ratio, low, high = paired_ratio(samples, name, "ours")
            theirs = statistics.median(samples[name])
            print(f"| {label} | {theirs:.0f} ms: ×{ratio:.2f} ours (pairs {low:.2f}–{high:.2f}) |")


if __name__ == "__main__":
    main()
