"""One format, side by side with its floor and its peers.

    .venv/bin/python bench/bench_format.py html [--runs 21]

Prints a Markdown table: the seed rendered in-process after warm-up (median),
and whole processes timed in alternation (median): r2p-convert, the import
floor of its libraries, and Pandoc where installed (``pandoc -s`` for HTML,
``pandoc -o x.docx``, ``pandoc --pdf-engine=weasyprint`` for PDF).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from markdown_export import to_markdown
from timing import alternating_ms, compile_sources, in_process_ms

from converter.convert import read_document, render
from converter.writers import WriteOptions

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "r2p-2015-presidents-summary.yaml"
FLOORS = {
    "html": "import jinja2, yaml, click",
    "docx": "import jinja2, yaml, click, docx",
    "pdf": "import jinja2, yaml, click, reportlab.platypus",
    "txt": "import jinja2, yaml, click",
    "yaml": "import jinja2, yaml, click",
}


def seed_in_process_ms(fmt: str, runs: int) -> float:
    doc = read_document(SEED)
    return in_process_ms(lambda: render(doc, fmt, WriteOptions()), runs)


def pandoc_command(fmt: str, work: Path) -> list[str] | None:
    if shutil.which("pandoc") is None:
        return None
    md = work / "seed.md"
    md.write_text(to_markdown(read_document(SEED)), encoding="utf-8")
    if fmt == "html":
        return ["pandoc", "-s", str(md), "-o", str(work / "pandoc.html")]
    if fmt == "docx":
        return ["pandoc", str(md), "-o", str(work / "pandoc.docx")]
    if fmt == "pdf" and shutil.which("weasyprint"):
        return ["pandoc", "--pdf-engine=weasyprint", str(md), "-o", str(work / "pandoc.pdf")]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("format", choices=sorted(FLOORS))
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    compile_sources()
    work = Path(tempfile.mkdtemp(prefix="r2p-bench-"))
    fmt = args.format
    commands = {
        "r2p-convert": [
            sys.executable,
            "-m",
            "converter",
            "-q",
            "--to",
            fmt,
            "--outdir",
            str(work),
            str(SEED),
        ],
        "floor": [sys.executable, "-c", FLOORS[fmt]],
    }
    peer = pandoc_command(fmt, work)
    if peer:
        commands["pandoc"] = peer
    timed = alternating_ms(commands, args.runs)
    print(f"| {fmt}: measurement | milliseconds |")
    print("| --- | --- |")
    print(
        f"| seed in-process, after warm-up (median of {args.runs * 5}) "
        f"| {seed_in_process_ms(fmt, args.runs * 5):.2f} |"
    )
    print(f"| whole process `r2p-convert --to {fmt}` | {timed['r2p-convert']:.0f} |")
    print(f"| floor `python -c '{FLOORS[fmt]}'` | {timed['floor']:.0f} |")
    print(f"| r2p-convert above the floor | {timed['r2p-convert'] - timed['floor']:.0f} |")
    if "pandoc" in timed:
        ratio = timed["pandoc"] / timed["r2p-convert"]
        print(f"| `{' '.join(peer[:2])} …` (Pandoc) | {timed['pandoc']:.0f} ({ratio:.1f}× ours) |")
    else:
        print("| Pandoc | not installed (or no PDF engine) |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
