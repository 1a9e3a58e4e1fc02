"""The benchmark runner: `make bench` prints one Markdown table and writes it to build/bench.md.

    .venv/bin/python bench/run.py [--docs 500] [--quick]

Every comparison is measured in one run, its contestants in turn (A B A B ...) on the same
documents at the same concurrency: a row quotes both medians and the median of the
pair-by-pair ratios with its range; "over floor" is the median of pair-by-pair differences.
How each peer is run, and why, is in ``peers.py``. Rows, in order:

- in-process, warm (``bench_inprocess.py``): the seed read, and rendered to html, docx, pdf;
- the seed as a whole process per format (``bench_seed.py``): ours beside Pandoc 3 (HTML,
  DOCX; PDF with WeasyPrint) and Typst (PDF), and ours over that format's import floor;
- time per paragraph at 200 / 2,000 / 10,000 paragraphs, beside Typst's, and how linear
  the DOCX writer is;
- batches (``bench_batch.py``): --docs seed-sized documents to html,docx,pdf, ours -j 2
  beside Pandoc + Typst two at a time, ours with --verify, peak memory; a subset one at a
  time; a smaller subset beside Pandoc with WeasyPrint;
- ``make`` (``bench_make.py``): a clean build beside one call, a rebuild after one source
  changes, ``make -q``;
- watch mode (``bench_watch.py``), and reading Word documents (``bench_docx_read.py``).
No thresholds are enforced here; the issue's targets are quoted beside their rows.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_inprocess
from bench_batch import batch_rows
from bench_make import make_rows
from bench_seed import seed_rows
from corpus import write_corpus
from peers import pandoc_version
from rounds import Row
from timing import compile_sources

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "build" / "bench.md"


@dataclass(frozen=True)
class Plan:
    """How much each group of rows measures: the full bench, or --quick's smoke test."""

    docs: int  # the batch (the issue's: 500 seed-sized documents)
    batch_rounds: int
    subset_rounds: int  # of the two groups below
    one_at_a_time: int  # the first N of the batch, one at a time
    weasy_docs: int  # the first N of the batch, beside Pandoc with WeasyPrint (~1 s a doc)
    make_docs: int
    make_rounds: int
    seed_rounds: int
    in_process_runs: int
    sizes: tuple[int, ...]
    typst_rounds: int
    watch_runs: int
    docx_runs: int


def plan(quick: bool, docs: int | None) -> Plan:
    if quick:
        return Plan(docs or 12, 2, 2, 6, 4, 8, 2, 3, 5, (200, 2_000), 2, 3, 5)
    return Plan(docs or 500, 2, 2, 100, 100, 100, 2, 11, 21, (200, 2_000, 10_000), 2, 15, 31)


def rows(plan: Plan, work: Path) -> Iterator[Row]:
    yield from bench_inprocess.seed_rows(plan.in_process_runs)
    yield from seed_rows(work, plan.seed_rounds)
    yield from bench_inprocess.per_paragraph_rows(list(plan.sizes), work, plan.typst_rounds)
    paths = write_corpus(work / "corpus", plan.docs, 12)
    yield from batch_rows(
        paths, work / "batch", plan.batch_rounds, plan.subset_rounds, plan.one_at_a_time, plan.weasy_docs
    )
    yield from make_rows(
        write_corpus(work / "make-source", plan.make_docs, 12), work / "make", plan.make_rounds
    )
    yield from watch(plan.watch_runs)
    from bench_docx_read import docx_rows

    yield from docx_rows(plan.docx_runs)


def watch(runs: int) -> Iterable[Row]:
    try:
        from bench_watch import watch_rows
    except ImportError:
        return [("watch mode", "bench/bench_watch.py not there yet", "", "")]
    return [(a, b, c, d) for a, b, c, d in watch_rows(runs)]


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, help="documents in the batch (500; --quick: 12)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller sizes: a smoke test")
    args = parser.parse_args()
    compile_sources()
    started = time.perf_counter()
    lines = [
        f"# r2p-convert bench{' (--quick)' if args.quick else ''}",
        "",
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Pandoc {pandoc_version() or 'missing'}; "
        f"load average before (1, 5, 15 min): {load()}",
        "",
        "| measurement | r2p-convert | peer | ratio |",
        "| --- | --- | --- | --- |",
    ]
    print("\n".join(lines), flush=True)
    work = Path(tempfile.mkdtemp(prefix="r2p-bench-"))
    try:
        for row in rows(plan(args.quick, args.docs), work):
            line = "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
            lines.append(line)
            print(line, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    footer = f"\nload average after: {load()}; total {time.perf_counter() - started:.0f} s"
    lines.append(footer)
    print(footer)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
