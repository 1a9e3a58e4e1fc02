"""Reading Word documents: our DOCX reader in-process, per paragraph, and beside Pandoc's.

    .venv/bin/python bench/bench_docx_read.py [--runs 31]

Rows (one run, this machine):
- the seed's DOCX (as we write it) read in-process into the transformed model: median of
  ``--runs`` reads after a warm-up;
- time per paragraph for DOCX of 200, 2,000 and 10,000 paragraphs (the bench corpus's
  seed-like text, written by our DOCX writer): whether reading is linear;
- whole process, in turn with Pandoc (A B A B, same file): ``r2p-convert --to yaml`` and
  ``pandoc -f docx -t plain`` on the seed's DOCX, medians and the ratio pair by pair.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    compile_sources()
    seed = render(read_document(SEED), "docx", WriteOptions())
    print(f"load average at start: {os.getloadavg()[0]:.2f}\n")
    print("| measurement | value |")
    print("| --- | --- |")
    print(f"| seed DOCX ({len(seed) // 1024} KB) read in-process, median of {args.runs} | "
          f"{in_process_ms(lambda: read(seed), args.runs):.1f} ms |")  # fmt: skip
    per_paragraph = []
    for paragraphs in (200, 2_000, 10_000):
        data = docx_of_paragraphs(paragraphs)
        runs = max(3, args.runs // (paragraphs // 200))
        total = in_process_ms(lambda data=data: read(data), runs)  # type: ignore[misc]
        per_paragraph.append(total * 1000 / paragraphs)
        print(f"| {paragraphs:,} paragraphs ({len(data) // 1024} KB), median of {runs} | "
              f"{total:.0f} ms, {per_paragraph[-1]:.0f} µs per paragraph |")  # fmt: skip
    print(f"| per paragraph, 10,000 / 200 | ×{per_paragraph[-1] / per_paragraph[0]:.2f} |")
    with tempfile.TemporaryDirectory() as folder:
        seed_docx = Path(folder) / "seed.docx"
        seed_docx.write_bytes(seed)
        runs = max(5, args.runs // 2)
        samples = whole_process(seed_docx, runs)
        ratio, low, high = paired_ratio(samples, "pandoc", "ours")
        ours, theirs = statistics.median(samples["ours"]), statistics.median(samples["pandoc"])
        print(f"| whole process, seed DOCX to YAML, {runs} alternating pairs | {ours:.0f} ms |")
        print(f"| Pandoc, seed DOCX to plain text, same pairs | {theirs:.0f} ms: "
              f"×{ratio:.2f} ours (pairs {low:.2f}–{high:.2f}) |")  # fmt: skip
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
