"""In-process times, warm: the seed read and rendered, and the cost per paragraph of
generated documents (the corpus's seed-like text) beside Typst's on the same documents.

Ours is timed in this process after the writers have been warmed on the seed (fonts,
templates, imports). Typst runs as a process with explicit fonts (``typst_compile.py``);
its start-up and fixed costs are taken out by timing a one-paragraph document in the same
rounds and subtracting, pair by pair.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from corpus import write_corpus
from peers import export, typst_command, typst_fonts
from rounds import Process, Row, alternate, median

from converter.convert import read_document, render
from converter.writers import WriteOptions

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "r2p-2015-presidents-summary.yaml"
FORMATS = ("html", "docx", "pdf")


def timed_ms(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def seed_rows(runs: int) -> Iterator[Row]:
    read_document(SEED)
    yield (
        f"seed read in-process (YAML to model), warm, median of {runs}",
        _ms(timed_ms(lambda: read_document(SEED), runs)),
        "",
        "",
    )
    doc = read_document(SEED)
    for fmt in FORMATS:
        render(doc, fmt, WriteOptions())
        value = timed_ms(lambda doc=doc, fmt=fmt: render(doc, fmt, WriteOptions()), runs)  # type: ignore[misc]
        yield f"seed rendered to {fmt} in-process, warm, median of {runs}", _ms(value), "", ""


def _ms(value: float) -> str:
    return f"{value:.1f} ms"


def repeats(size: int, fmt: str) -> int:
    """A few runs each; one for the largest PDF (it takes tens of seconds)."""
    if size >= 10_000:
        return 1 if fmt == "pdf" else 3
    return 5 if size <= 200 else 3


def per_paragraph_rows(sizes: list[int], work: Path, typst_rounds: int) -> Iterator[Row]:
    paths = {size: write_corpus(work / f"p{size}", 1, size)[0] for size in [1, *sizes]}
    typst = _typst_per_paragraph(paths, work, typst_rounds)
    docx = {}
    for size in sizes:
        doc = read_document(paths[size])
        per: dict[str, float] = {}
        for fmt in FORMATS:
            runs = repeats(size, fmt)
            total = timed_ms(lambda doc=doc, fmt=fmt: render(doc, fmt, WriteOptions()), runs)  # type: ignore[misc]
            per[fmt] = total * 1000 / size
        docx[size] = per["docx"]
        cells = ", ".join(f"{fmt} {per[fmt]:,.0f} µs" for fmt in FORMATS)
        runs_said = "/".join(str(repeats(size, fmt)) for fmt in FORMATS)
        label = f"time per paragraph, {size:,} paragraphs, in-process (median of {runs_said} runs)"
        if typst is None:
            yield label, cells, "Typst not installed", ""
            continue
        theirs, total = typst[size]
        yield (
            label,
            cells,
            f"Typst PDF {theirs:,.0f} µs ({total:,.0f} ms a process, less a 1-paragraph doc's; "
            f"median of {typst_rounds} rounds)",
            f"×{theirs / per['pdf']:.2f} Typst/ours (PDF)",
        )
    low, high = sizes[0], sizes[-1]
    yield f"DOCX written, per paragraph at {high:,} / at {low:,}", f"×{docx[high] / docx[low]:.2f}", "", ""


def _typst_per_paragraph(
    paths: dict[int, Path], work: Path, rounds: int
) -> dict[int, tuple[float, float]] | None:
    """Per size: Typst's µs per paragraph (its time less the 1-paragraph document's, pair by
    pair) and its whole time in ms."""
    if typst_fonts() is None:
        return None
    contestants = {}
    for size, path in paths.items():
        (stem,) = export([path], work / f"typst-{size}")  # one folder each: the stems are alike
        contestants[str(size)] = Process(typst_command(stem.with_suffix(".typ"), stem.with_suffix(".pdf")))
    contestants["1"]()  # warm: the binding's library and the fonts in the file cache
    samples = alternate(contestants, rounds)
    result = {}
    for size in paths:
        if size == 1:
            continue
        extra = statistics.median(a - b for a, b in zip(samples[str(size)], samples["1"], strict=True))
        result[size] = (extra * 1000 / size, median(samples[str(size)]))
    return result
