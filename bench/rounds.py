"""Side-by-side timing for the bench's table: whole processes run in rounds (A B A B ...),
and the cells that quote them.

Every figure in a row comes from the same rounds as its peer's, so load on the machine
falls on both alike; a ratio is the median of the pair-by-pair ratios, with its range,
and an "over floor" is the median of the pair-by-pair differences.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from timing import paired_ratio

Row = tuple[str, str, str, str]


# Each timed command is started by this small Python process, which times it and reports
# RUSAGE_CHILDREN's peak RSS: the largest process of that command's tree alone. (Started
# straight from the bench, a child's peak would count the bench's own pages, which Linux
# charges to a child up to its exec.)
SPAWN = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - start
print(elapsed * 1000, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
sys.exit(code)
"""


@dataclass
class Process:
    """One command as a contestant: optional untimed preparation (an emptied output
    folder, a clean build), then the timed run; keeps each run's peak RSS (MB)."""

    command: list[str]
    before: Callable[[], object] | None = None
    cwd: Path | None = None
    peaks_mb: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        if self.before:
            self.before()
        done = subprocess.run(
            [sys.executable, "-c", SPAWN, *self.command], cwd=self.cwd, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise subprocess.CalledProcessError(done.returncode, self.command, stderr=done.stderr)
        elapsed, peak = map(float, done.stdout.split())
        self.peaks_mb.append(peak)
        return elapsed


def alternate(
    contestants: Mapping[str, Callable[[], float]], rounds: int, warm: bool = False
) -> dict[str, list[float]]:
    """Each contestant once per round, in turn; the samples (ms). With ``warm``, one untimed
    round first (file cache, bytecode, the peer's binary paged in)."""
    if warm:
        for run in contestants.values():
            run()
    samples: dict[str, list[float]] = {name: [] for name in contestants}
    for _ in range(rounds):
        for name, run in contestants.items():
            samples[name].append(run())
    return samples


def median(values: list[float]) -> float:
    return statistics.median(values)


def ratio(samples: dict[str, list[float]], over: str, under: str, label: str) -> str:
    """ "×2.10 peer/ours (pairs 1.90–2.30)": the median ratio of the pairs and its range."""
    mid, low, high = paired_ratio(samples, over, under)
    if len(samples[over]) == 1:
        return f"×{mid:.2f} {label} (1 pair)"
    return f"×{mid:.2f} {label} (pairs {low:.2f}–{high:.2f})"


def over_floor_ms(samples: dict[str, list[float]], name: str, floor: str) -> float:
    """The median of the pair-by-pair differences ``name`` − ``floor``."""
    return statistics.median(a - b for a, b in zip(samples[name], samples[floor], strict=True))


def ms(value: float) -> str:
    return f"{value:.0f} ms" if value < 10_000 else f"{value / 1000:.1f} s"
