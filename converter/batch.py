"""Many inputs: run each job in this process or in a pool of worker processes.

Each job's result is an ``Outcome`` (what was written, what went wrong, what
was cleaned up) so the CLI can report in one place, whichever process did
the work.  A failing input never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace

from .convert import Job, run_job
from .errors import InputError, R2PError
from .writers import WriteOptions


@dataclass
class Outcome:
    job: Job
    error: Exception | None = None
    warnings: list[R2PError] = field(default_factory=list)
    stdout: bytes = b""  # what goes to standard output (for -o -)


def run_one(job: Job, options: WriteOptions, strict: bool) -> Outcome:
    outcome = Outcome(job)

    def warn(warning: R2PError) -> None:
        if strict:
            raise InputError(f"{warning.message} (--strict)", warning.pos)
        outcome.warnings.append(warning)

    try:
        for _fmt, path, data in run_job(job, replace(options, warn=warn)):
            if path is None:
                outcome.stdout += data
    except Exception as err:  # reported by the caller, with its kind
        outcome.error = err
    return outcome


def run_all(plan: list[Job], options: WriteOptions, strict: bool, jobs: int | None) -> Iterator[Outcome]:
    """Outcomes as jobs finish: in order when serial, as completed in a pool."""
    workers = min(jobs or os.cpu_count() or 1, len(plan))
    if workers <= 1:
        for job in plan:
            yield run_one(job, options, strict)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_one, job, options, strict) for job in plan]
        for future in as_completed(futures):
            yield future.result()
