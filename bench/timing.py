"""Timing helpers shared by the benchmarks: medians, whole processes in alternation."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_sources() -> None:
    """Compiled bytecode, as an installed package has (this machine sets PYTHONDONTWRITEBYTECODE)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "converter")], check=True)


def alternating_ms(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time (ms) of each command, run in turn so that load affects all alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) * 1000 for name, values in samples.items()}


def in_process_ms(fn: Callable[[], object], runs: int) -> float:
    """Median time (ms) of ``fn`` after one warm-up call (imports, fonts, templates)."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def alternating_in_process_ms(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Each function timed ``runs`` times in turn (A B A B...), after one warm-up call each:
    the samples (ms), so medians and pair-by-pair ratios come from the same moments."""
    for fn in fns.values():
        fn()
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            samples[name].append((time.perf_counter() - start) * 1000)
    return samples


def paired_ratio(samples: dict[str, list[float]], over: str, under: str) -> tuple[float, float, float]:
    """The median of the pair-by-pair ratios ``over``/``under``, and its lowest and highest."""
    ratios = sorted(a / b for a, b in zip(samples[over], samples[under], strict=True))
    return statistics.median(ratios), ratios[0], ratios[-1]
