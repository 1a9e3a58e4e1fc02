"""Reading Word documents: our DOCX reader in-process, per paragraph, and beside Pandoc's.

    .venv/bin/python bench/bench_docx_read.py [--runs 31]

Rows (one run, this machine):
- the seed's DOCX (as we write it) read in-process into the transformed model: median of
  ``--runs`` reads after a warm-up;
- time per paragraph for DOCX of 200, 2,000 and 10,000 paragraphs (the bench corpus's
  seed-like text, written by our DOCX writer): whether reading is linear;
- whole process, in turn with Pandoc (A B A B, same file): ``r2p-convert --to yaml`` and
  ``pandoc -f docx -t plain`` on the seed's DOCX, medians and the ratio pair by pair.

``make bench`` prints these rows too (``bench/run.py``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_document, seed_sentences
from timing import compile_sources, in_process_ms, paired_ratio

from converter.convert import read_document, render
from converter.readers import docx as docx_reader
from converter.readers import yaml as yaml_reader
from converter.transforms import apply_all
from converter.writers import WriteOptions

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "r2p-2015-presidents-summary.yaml"


def read(data: bytes) -> object:
    return apply_all(docx_reader.read(data, "bench.docx"))


def docx_of_paragraphs(paragraphs: int) -> bytes:
    import yaml

    text = yaml.safe_dump(make_document(0, paragraphs, seed_sentences()), allow_unicode=True)
    doc = apply_all(yaml_reader.read(text.encode("utf-8"), "corpus.yaml"))  # type: ignore[arg-type]
    return render(doc, "docx", WriteOptions())


def whole_process(seed_docx: Path, runs: int) -> dict[str, list[float]]:
    from compare_docx_readers import pandoc

    commands = {
        "ours": [sys.executable, "-m", "converter", "-q", "--to", "yaml", "-o", os.devnull, str(seed_docx)],
        "pandoc": [pandoc(), "-f", "docx", "-t", "plain", "-o", os.devnull, str(seed_docx)],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache and the bytecode
        subprocess.run(command, check=True, capture_output=True)
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            samples[name].append((time.perf_counter() - start) * 1000)
    return samples


def docx_rows(runs: int) -> Iterator[tuple[str, str, str, str]]:
    """The table's rows: (measurement, ours, peer, ratio)."""
    seed = render(read_document(SEED), "docx", WriteOptions())
    ms = in_process_ms(lambda: read(seed), runs)
    yield f"seed DOCX ({len(seed) // 1024} KB) read in-process, median of {runs}", f"{ms:.1f} ms", "", ""
    per_paragraph = []
    for paragraphs in (200, 2_000, 10_000):
        data = docx_of_paragraphs(paragraphs)
        repeats = max(3, runs // (paragraphs // 200))
        total = in_process_ms(lambda data=data: read(data), repeats)  # type: ignore[misc]
        per_paragraph.append(total * 1000 / paragraphs)
        yield (
            f"DOCX of {paragraphs:,} paragraphs ({len(data) // 1024} KB) read, median of {repeats}",
            f"{total:.0f} ms, {per_paragraph[-1]:.0f} µs per paragraph", "", "",
        )  # fmt: skip
    yield (
        "DOCX read, per paragraph at 10,000 / at 200",
        f"×{per_paragraph[-1] / per_paragraph[0]:.2f}",
        "",
        "",
    )
    from compare_docx_readers import pandoc

    if shutil.which(pandoc()) is None:
        yield (
            "seed DOCX, whole process, beside Pandoc",
            "",
            "Pandoc not installed (pip install -e .[bench])",
            "",
        )
        return
    with tempfile.TemporaryDirectory() as folder:
        seed_docx = Path(folder) / "seed.docx"
        seed_docx.write_bytes(seed)
        pairs = max(5, runs // 2)
        samples = whole_process(seed_docx, pairs)
        ratio, low, high = paired_ratio(samples, "pandoc", "ours")
        ours, theirs = statistics.median(samples["ours"]), statistics.median(samples["pandoc"])
        yield (
            f"seed DOCX, whole process: ours to YAML, Pandoc {pandoc_version()} to text, {pairs} pairs",
            f"{ours:.0f} ms", f"{theirs:.0f} ms", f"×{ratio:.2f} (pairs {low:.2f}–{high:.2f})",
        )  # fmt: skip


def pandoc_version() -> str:
    from compare_docx_readers import pandoc

    done = subprocess.run([pandoc(), "--version"], capture_output=True, text=True, check=True)
    return done.stdout.split()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    compile_sources()
    print(f"load average at start: {os.getloadavg()[0]:.2f}\n")
    print("| measurement | r2p-convert | peer | ratio (peer / ours) |")
    print("| --- | --- | --- | --- |")
    for row in docx_rows(args.runs):
        print("| " + " | ".join(row) + " |")
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
