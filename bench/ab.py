"""Two revisions of r2p-convert side by side: before and after a change, in one run.

    git worktree add /tmp/before <commit>
    .venv/bin/python bench/ab.py /tmp/before [--runs 15] [--sizes 200,2000]

Both trees run with this checkout's virtual environment; each is put first on
PYTHONPATH, so each imports its own ``converter`` and templates.  Every row
alternates A (the other tree) and B (this one) run by run, so load on the
machine affects both alike; it prints medians and the median of the ratios
taken pair by pair (B / A: below 1 means this tree is faster).

Rows: the seed as a whole process per format, and the seed and generated
documents of several sizes rendered in-process (each sample is a fresh
process that warms up, then times ``render`` and prints its median).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus

HERE = Path(__file__).resolve().parent.parent
FORMATS = ("html", "docx", "pdf")
IN_PROCESS = """
import statistics, sys, time
from pathlib import Path
from converter.convert import read_item, render
from converter.writers import WriteOptions
item = read_item(Path(sys.argv[1]))
fmt, runs = sys.argv[2], int(sys.argv[3])
render(item, fmt, WriteOptions())
samples = []
for _ in range(runs):
    start = time.perf_counter()
    render(item, fmt, WriteOptions())
    samples.append(time.perf_counter() - start)
print(statistics.median(samples) * 1000)
"""


def _env(tree: Path) -> dict[str, str]:
    """``tree`` first on the path; each command also runs in ``tree``, since Python puts
    the working directory before PYTHONPATH (from this checkout, A would import B)."""
    return {**os.environ, "PYTHONPATH": str(tree)}


def _whole_process(tree: Path, fmt: str, source: Path, out: Path) -> float:
    command = [sys.executable, "-m", "converter", "-q", "--to", fmt, "--outdir", str(out), str(source)]
    start = time.perf_counter()
    subprocess.run(command, check=True, env=_env(tree), cwd=tree, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def _in_process(tree: Path, fmt: str, source: Path, runs: int) -> float:
    command = [sys.executable, "-c", IN_PROCESS, str(source), fmt, str(runs)]
    done = subprocess.run(command, check=True, env=_env(tree), cwd=tree, capture_output=True, text=True)
    return float(done.stdout.strip())


def alternate(
    measure_a: Callable[[], float], measure_b: Callable[[], float], pairs: int
) -> tuple[float, float, float]:
    """Medians of A and B, and the median of B/A taken pair by pair."""
    a_values, b_values, ratios = [], [], []
    for _ in range(pairs):
        a, b = measure_a(), measure_b()
        a_values.append(a)
        b_values.append(b)
        ratios.append(b / a)
    return statistics.median(a_values), statistics.median(b_values), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("before", type=Path, help="the other tree (a git worktree)")
    parser.add_argument("--runs", type=int, default=15, help="pairs per row")
    parser.add_argument("--sizes", default="200,2000", help="paragraphs of the generated documents")
    args = parser.parse_args()
    before, after = args.before.resolve(), HERE
    for tree in (before, after):
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "converter")], check=True)
    work = Path(tempfile.mkdtemp(prefix="r2p-ab-"))
    seed = after / "source" / "r2p-2015-presidents-summary.yaml"
    print(f"# {before.name} (A) against {after.name} (B), {args.runs} alternating pairs per row\n")
    print("| measurement | A | B | B/A (median of pairs) |")
    print("| --- | --- | --- | --- |")
    for fmt in FORMATS:
        a, b, ratio = alternate(
            lambda fmt=fmt: _whole_process(before, fmt, seed, work / "a"),
            lambda fmt=fmt: _whole_process(after, fmt, seed, work / "b"),
            args.runs,
        )
        print(f"| seed, whole process, --to {fmt} | {a:.0f} ms | {b:.0f} ms | {ratio:.2f} |")
    sources = [("seed", seed, 20)]
    for size in (int(n) for n in args.sizes.split(",")):
        (path,) = write_corpus(work / f"p{size}", 1, size)
        sources.append((f"{size} paragraphs", path, 3))
    for label, source, runs in sources:
        for fmt in FORMATS:
            pairs = max(3, args.runs // 3)
            a, b, ratio = alternate(
                lambda fmt=fmt, source=source, runs=runs: _in_process(before, fmt, source, runs),
                lambda fmt=fmt, source=source, runs=runs: _in_process(after, fmt, source, runs),
                pairs,
            )
            print(f"| {label}, in-process render, {fmt} | {a:.1f} ms | {b:.1f} ms | {ratio:.2f} |")


if __name__ == "__main__":
    main()
