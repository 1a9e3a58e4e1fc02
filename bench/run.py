"""The benchmark runner: `make bench` prints one Markdown table of measurements.

    .venv/bin/python bench/run.py [--docs 500] [--quick]

Rows (each measured on this machine, side by side where a peer is installed):
- whole-process time per format for the seed (median of alternating runs);
- batch throughput, documents per second, all formats, -j 1 and -j 2;
- peak memory of the largest process of a -j 2 batch;
- time per paragraph for documents of 100, 1,000 and 5,000 paragraphs;
- Pandoc doing the same batch (HTML, DOCX, PDF through WeasyPrint) and the ratio;
- reading Word documents (``bench_docx_read.py``): the seed's DOCX in-process, per
  paragraph to 10,000, and beside Pandoc's DOCX reader, alternating.
No thresholds here: the numbers go into the closing notes of issues.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus
from timing import alternating_ms, compile_sources, in_process_ms

from converter.convert import read_document, render
from converter.writers import WRITERS, WriteOptions

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "r2p-2015-presidents-summary.yaml"
R2P = [sys.executable, "-m", "converter"]
PUBLISHING = [fmt for fmt in ("html", "docx", "pdf") if fmt in WRITERS] or list(WRITERS)


def batch(paths: list[Path], workers: int, outdir: Path) -> tuple[float, float]:
    """Seconds for the batch and peak RSS (MB) of the largest process in it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [
            *R2P,
            "-q",
            "--to",
            ",".join(PUBLISHING),
            "-j",
            str(workers),
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],
        check=True,
    )
    elapsed = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return elapsed, peak / 1024


def per_paragraph(sizes: list[int], work: Path) -> dict[int, dict[str, float]]:
    rows: dict[int, dict[str, float]] = {}
    for size in sizes:
        (path,) = write_corpus(work / f"p{size}", 1, size)
        doc = read_document(path)
        rows[size] = {
            fmt: in_process_ms(lambda fmt=fmt, doc=doc: render(doc, fmt, WriteOptions()), 3) / size * 1e3
            for fmt in PUBLISHING
        }
    return rows


def pandoc_batch(paths: list[Path], outdir: Path, workers: int = 1) -> float | None:
    """Pandoc converting the same documents (from Markdown) to HTML, DOCX and PDF,
    one document at a time or ``workers`` at once."""
    if shutil.which("pandoc") is None:
        return None
    from markdown_export import to_markdown

    weasy = shutil.which("weasyprint") or str(Path(sys.executable).parent / "weasyprint")
    weasy = weasy if Path(weasy).exists() else None
    outdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()

    def convert(path: Path) -> None:
        md = outdir / (path.stem + ".md")
        md.write_text(to_markdown(read_document(path)), encoding="utf-8")
        for ext, extra in (("html", ["-s"]), ("docx", [])):
            subprocess.run(["pandoc", *extra, str(md), "-o", str(outdir / f"{path.stem}.{ext}")], check=True)
        if weasy:
            pdf = str(outdir / f"{path.stem}.pdf")
            subprocess.run(
                ["pandoc", f"--pdf-engine={weasy}", str(md), "-o", pdf], check=True, stderr=subprocess.DEVNULL
            )

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(convert, paths))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=500, help="documents in the batch")
    parser.add_argument("--pandoc-docs", type=int, default=20, help="documents Pandoc converts (scaled)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller sizes")
    args = parser.parse_args()
    compile_sources()
    runs = 5 if args.quick else 15
    work = Path(tempfile.mkdtemp(prefix="r2p-bench-"))
    print(f"# r2p-convert benchmarks ({os.cpu_count()} cores, Python {sys.version.split()[0]})\n")
    print("| measurement | r2p-convert | peer | ratio |")
    print("| --- | --- | --- | --- |")

    floor = [sys.executable, "-c", "import jinja2, yaml, click"]
    commands = {"floor": floor}
    commands |= {fmt: [*R2P, "-q", "--to", fmt, "--outdir", str(work / "one"), str(SEED)] for fmt in WRITERS}
    timed = alternating_ms(commands, runs)
    print(f"| import floor `python -c 'import jinja2, yaml, click'` | {timed['floor']:.0f} ms | | |")
    for fmt in WRITERS:
        print(f"| seed, whole process, --to {fmt} | {timed[fmt]:.0f} ms | | |")

    paths = write_corpus(work / "corpus", args.docs, 12)
    for workers in (1, 2):
        seconds, peak = batch(paths, workers, work / f"out{workers}")
        print(f"| {args.docs} seed-sized docs to {','.join(PUBLISHING)}, -j {workers} | {seconds:.1f} s "
              f"({args.docs / seconds:.0f} docs/s) | | |")  # fmt: skip
        if workers == 2:
            print(f"| peak memory of the largest process, -j 2 | {peak:.0f} MB | | |")
            ours = args.docs / seconds

    sizes = [100, 1000] if args.quick else [100, 1000, 5000]
    for size, row in per_paragraph(sizes, work).items():
        cells = ", ".join(f"{fmt} {value:.0f} µs" for fmt, value in row.items())
        print(f"| time per paragraph, {size} paragraphs | {cells} | | |")

    for workers in (1, 2):
        peer = pandoc_batch(paths[: args.pandoc_docs], work / f"pandoc{workers}", workers)
        if peer is None:
            print("| Pandoc batch | | not installed | |")
            break
        theirs = args.pandoc_docs / peer
        label = "one at a time" if workers == 1 else "two at a time"
        cells = f"{ours:.1f} | {theirs:.2f} | {ours / theirs:.0f}×"
        print(f"| throughput vs Pandoc {label} (docs/s; ours with -j 2) | {cells} |")
    shutil.rmtree(work, ignore_errors=True)

    from bench_docx_read import docx_rows

    for row in docx_rows(11 if args.quick else 31):
        print("| " + " | ".join(row) + " |")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
