"""Many inputs: run each job in this process or in a pool of worker processes.

Each job's result is an ``Outcome`` (what was written, what went wrong, what
was cleaned up) so the CLI can report in one place, whichever process did
the work.  A failing input never stops the others.  Workers load fonts and
templates once each (module-level caches) and hold one document at a time,
so memory grows with the number of workers, not the number of inputs.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .convert import Job, run_job
from .errors import InputError, R2PError, UsageError
from .fileio import STDIN, remove_stale_temporaries
from .records import record
from .writers import WriteOptions

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


@record(frozen=False)
class Outcome:
    """What became of one job: its error, its warnings, its standard output."""

    job: Job
    error: Exception | None = None
    warnings: list[R2PError] = field(default_factory=list)
    stdout: bytes = b""  # what goes to standard output (for -o -)
    written: list[tuple[str, Path | None]] = field(default_factory=list)  # (format, path) made
    left_out: list[str] = field(default_factory=list)  # formats a pack cannot have, not made


@record(frozen=False)
class Report:
    """Counts for the progress display and the closing summary line."""

    total: int
    converted: int = 0
    passed_over: int = 0  # packs found in a directory, asked only for formats a pack cannot have
    failed: int = 0
    input_errors: int = 0  # failures caused by bad input or a bad request, not the machine or a bug
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        return self.converted + self.passed_over + self.failed

    @property
    def skipped(self) -> int:
        return self.total - self.done + self.passed_over

    def add(self, outcome: Outcome) -> None:
        if outcome.error is None and outcome.left_out and not outcome.written:
            self.passed_over += 1
        elif outcome.error is None:
            self.converted += 1
        else:
            self.failed += 1
            self.input_errors += isinstance(outcome.error, InputError | UsageError)

    @property
    def all_input_errors(self) -> bool:
        return self.failed == self.input_errors

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def seconds_left(self) -> float | None:
        rate = self.rate()
        return self.skipped / rate if rate > 0 else None

    def summary(self) -> str:
        return f"{self.converted} converted, {self.skipped} skipped, {self.failed} failed"


def run_one(job: Job, options: WriteOptions, strict: bool, verify: bool = False) -> Outcome:
    outcome = Outcome(job)

    def warn(warning: R2PError) -> None:
        if strict:
            raise InputError(f"{warning.message} (--strict)", warning.pos)
        outcome.warnings.append(warning)

    try:
        for fmt, path, data in run_job(job, replace(options, warn=warn), verify):
            outcome.written.append((fmt, path))
            if path is None:
                outcome.stdout += data
    except Exception as err:  # reported by the caller, with its kind
        outcome.error = err
        return outcome
    made = {fmt for fmt, _path in outcome.written}
    outcome.left_out = [fmt for fmt, _path in job.targets if fmt not in made]
    return outcome


def run_all(
    plan: list[Job], options: WriteOptions, strict: bool, jobs: int | None, verify: bool = False
) -> Iterator[Outcome]:
    """Outcomes as jobs finish: in order when serial, as completed in a pool."""
    workers = min(jobs or os.cpu_count() or 1, len(plan))
    if workers <= 1:
        for job in plan:
            yield run_one(job, options, strict, verify)
        return
    yield from _run_pool(plan, options, strict, workers, verify)


def _run_pool(
    plan: list[Job], options: WriteOptions, strict: bool, workers: int, verify: bool
) -> Iterator[Outcome]:
    # Imported here: a single conversion should not pay for multiprocessing.
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    # Keep only a few jobs queued per worker, so a Ctrl-C has little to cancel.
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),))
    pending: set[Future[Outcome]] = set()
    queue = iter(plan)
    try:
        for job in queue:
            pending.add(pool.submit(run_one, job, options, strict, verify))
            if len(pending) >= 2 * workers:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in finished)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in finished)
    except BaseException:
        _stop_workers(pool)
        remove_partial_outputs(plan)
        raise
    pool.shutdown()


def _worker_init(parent: int | None = None) -> None:
    """Workers leave Ctrl-C to the parent, clean up when it stops them, and end when it
    dies, even by SIGKILL (which it cannot pass on)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    _end_with_parent(parent if parent is not None else os.getppid())


def _end_with_parent(parent: int) -> None:
    """Linux sends SIGTERM when the parent dies (prctl PR_SET_PDEATHSIG); elsewhere, and in
    case the parent died before we asked, a watchdog thread notices that we were
    re-parented and exits."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)  # unwinds the main thread, removing temporary files
        time.sleep(5)
        os._exit(128 + signal.SIGTERM)

    threading.Thread(target=watch, name="r2p-parent-watch", daemon=True).start()


def _exit_on_term(signum: int, frame: object) -> None:
    sys.exit(128 + signum)  # SystemExit unwinds, so temporary files are removed


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    processes = list((pool._processes or {}).values())  # no public way to stop running tasks
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()


def remove_partial_outputs(plan: list[Job]) -> None:
    """Delete temporary files that stopped workers left beside their targets."""
    for job in plan:
        for _fmt, path in job.targets:
            if path is not None and path.parent.is_dir():
                remove_stale_temporaries(path)


def expand_inputs(
    inputs: tuple[str, ...], extensions: tuple[str, ...], root: Path | None = None
) -> list[tuple[Path, Path, bool]]:
    """Files as given; directories searched recursively for sources.

    Returns (input, name, named) triples, where name is the path the outputs are named
    after, relative to the output directory: a file's own name, or for a file found in
    a directory, its path below that directory (so the tree is mirrored); with a
    ``root``, every input's path below it (so one call can build a tree, as make does).
    ``named`` is false for a file found in a directory.
    """
    found: list[tuple[Path, Path, bool]] = []
    for name in inputs:
        path = Path(name)
        if name == STDIN:  # outputs are named stdin.<ext> (or -o names them)
            found.append((path, Path("stdin"), True))
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() in extensions and child.is_file() and not _hidden(child.name):
                    below = _below(child, root) if root else child.relative_to(path)
                    found.append((child, below, False))
        else:
            found.append((path, _below(path, root) if root else Path(path.name), True))
    return found


def _below(path: Path, root: Path) -> Path:
    """``path`` relative to ``root``, which it must be inside."""
    relative = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root)))
    if relative.parts[:1] == ("..",) or relative == Path("."):
        raise UsageError(f"{path} is not inside --source-root {root}")
    return relative


def _hidden(name: str) -> bool:
    """Hidden files, and the "~$draft.docx" lock file Word keeps beside an open document."""
    return name.startswith((".", "~$"))
