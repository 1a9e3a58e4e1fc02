"""A briefing pack of 50 seed-sized documents to PDF, as a whole process on one core.

    .venv/bin/python bench/bench_pack.py [--docs 50] [--runs 3]

The contents page needs real page numbers, so the layout runs twice; the time
includes both passes.  Pinned to one core with taskset where available.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus
from timing import compile_sources

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", default="pdf")
    args = parser.parse_args()
    compile_sources()
    work = Path(tempfile.mkdtemp(prefix="r2p-bench-pack-"))
    paths = write_corpus(work / "docs", args.docs, 12)
    manifest = work / "pack.yaml"
    members = "\n".join(f"- docs/{path.name}" for path in paths)
    manifest.write_text(f"pack: r2p-pack/1\ntitle: Benchmark pack\ndocuments:\n{members}\n", encoding="utf-8")
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    command = [
        *pin,
        sys.executable,
        "-m",
        "converter",
        "-q",
        "--to",
        args.format,
        "--outdir",
        str(work),
        str(manifest),
    ]
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(command, check=True)
        times.append(time.perf_counter() - start)
    pages = ""
    if shutil.which("pdfinfo") and args.format == "pdf":
        info = subprocess.run(["pdfinfo", str(work / "pack.pdf")], capture_output=True, text=True).stdout
        pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "")
    print("| pack benchmark | value |")
    print("| --- | --- |")
    print(f"| {args.docs} seed-sized documents to {args.format}, one core (median of {args.runs}) "
          f"| {statistics.median(times):.2f} s |")  # fmt: skip
    if pages:
        print(f"| pages in the pack | {pages} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
