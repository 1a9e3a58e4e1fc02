"""Watch mode: how long after a save the seed's HTML, PDF and DOCX are all rewritten.

    .venv/bin/python bench/bench_watch.py [--runs 15]

A real ``r2p-convert --watch`` runs on a copy of the seed in a temporary directory.
Each save writes one of two slightly different texts (so every output really
changes); the time runs from just before the write until all three outputs have
been replaced (a new inode or modification time, polled every millisecond).
The watcher's first build and one save are not counted: they load the writers.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "r2p-2015-presidents-summary.yaml"
FORMATS = ("html", "pdf", "docx")
TIMEOUT = 30.0  # seconds any one wait may take before the benchmark gives up


def watch_rows(runs: int) -> list[list[str]]:
    """One Markdown table row: [measurement, ours, peer, ratio] (no peer runs in watch mode)."""
    samples = _save_to_outputs_ms(runs)
    low, high = min(samples), max(samples)
    return [
        [
            f"seed saved, watch mode rewrites {', '.join(FORMATS)} (median of {runs} saves)",
            f"{statistics.median(samples):.0f} ms ({low:.0f}–{high:.0f})",
            "",
            "",
        ]
    ]


def _save_to_outputs_ms(runs: int) -> list[float]:
    work = Path(tempfile.mkdtemp(prefix="r2p-bench-watch-"))
    source = work / SEED.name
    texts = _two_texts(SEED.read_text(encoding="utf-8"))
    source.write_text(texts[1], encoding="utf-8")
    outputs = [work / "out" / f"{SEED.stem}.{fmt}" for fmt in FORMATS]
    watcher = _Watcher(source, work / "out")
    try:
        watcher.wait_for("watching")
        _save(source, texts[0], outputs)  # the first rebuild warms the lanes' writers
        return [_save(source, texts[(run + 1) % 2], outputs) for run in range(runs)]
    finally:
        watcher.stop()
        shutil.rmtree(work, ignore_errors=True)


def _two_texts(seed: str) -> tuple[str, str]:
    """The seed, and the seed with one word of its title changed."""
    changed = seed.replace("Summary", "Summery", 1)
    assert changed != seed, "the seed's title has no 'Summary' to change"
    return seed, changed


def _save(source: Path, text: str, outputs: list[Path]) -> float:
    """Milliseconds from just before the write until every output has been replaced."""
    before = [_stamp(path) for path in outputs]
    start = time.perf_counter()
    source.write_text(text, encoding="utf-8")
    waiting = set(range(len(outputs)))
    while waiting:
        if time.perf_counter() - start > TIMEOUT:
            raise TimeoutError(f"outputs not rewritten {TIMEOUT:.0f} s after a save")
        waiting = {n for n in waiting if _stamp(outputs[n]) == before[n]}
        if waiting:
            time.sleep(0.001)
    took = (time.perf_counter() - start) * 1000
    time.sleep(0.2)  # let the watcher settle (print its line) before the next save
    return took


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (info.st_ino, info.st_mtime_ns)


class _Watcher:
    """``r2p-convert --watch`` in a child process, its standard error read by a thread."""

    def __init__(self, source: Path, outdir: Path) -> None:
        command = [sys.executable, "-m", "converter", "--watch", "--to", ",".join(FORMATS)]
        self.process = subprocess.Popen(
            [*command, "--outdir", str(outdir), str(source)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def wait_for(self, word: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if word in line:
                return
        raise TimeoutError(f"the watcher never said {word!r}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    for row in watch_rows(args.runs):
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
