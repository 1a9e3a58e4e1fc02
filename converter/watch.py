"""Watch mode: stay running, and rebuild a source's outputs each time it is saved.

``r2p-convert --watch`` converts every input once, then waits.  A save of a source
rebuilds its outputs; a save of a pack member rebuilds every pack that holds it (the
members are found again after each build, so a member added to the manifest is
watched from then on).  This module yields what happened; ``cli.py`` prints it.

What makes a rebuild quick enough to be done before a viewer reloads:

- The process stays warm: imports, fonts, templates and the theme are loaded by the
  first build and kept, and then moved out of the garbage collector's sight.
- The formats render side by side in "lanes": this process and up to a worker per
  core, each warm for its own share of the formats, so a save's outputs take about as
  long as the slowest format (PDF), not the sum of all of them (on 2 cores, the seed's
  rebuild: PDF in a worker, DOCX and HTML here).  That is why a rebuild is not
  ``convert.run_job``, which renders one format after another; it is run_job's steps
  with the rendering fanned out.  The source is read once, here, and the same document
  goes to every lane, so the outputs of one rebuild agree even if the file is saved
  again meanwhile.
- watchfiles' grouping of events is tuned for saves (``STEP_MS``, ``DEBOUNCE_MS``).

Editors save by renaming a temporary file over the source or by truncating and
rewriting it; both show up as events on the source's name in its directory, so the
directories are watched and the events filtered to the files that matter.

A failed rebuild writes nothing (as run_job: every output or none), so the last good
outputs stay; the error is reported and watching goes on.  Outputs are written through
``fileio.write_all``: renamed into place, so a viewer never reads half a file.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import NoReturn

import watchfiles

from .batch import Outcome, _stop_workers, _worker_init
from .convert import Job, pack_formats, read_item, refuse_overwriting_inputs, render
from .errors import InputError, R2PError, UsageError
from .fileio import STDIN, read_bytes, write_all
from .limits import MAX_PACK_DEPTH
from .model import Item, Pack
from .readers import format_of, reader_for, size_limit
from .readers.pack import Manifest
from .writers import WriteOptions

# watchfiles hands over a batch of events once a step passes with no new one (or at the
# debounce, at the latest).  A save is a burst of events within a millisecond or two
# (write a temporary file and rename it; or truncate and write), so 10 ms without news
# means the save is over.  Measured on this machine, a save is handed over 11-20 ms after
# it is written (median 17 ms), leaving most of a 100 ms budget to the rebuild; the
# default 50 ms step took 51-101 ms (median 89).  The step is also how often the idle
# loop wakes (to look for events and signals): at 10 ms that is 0.4% of a core; 5 ms
# would save 8 ms a save for twice the wake-ups, which a laptop on battery pays for.
STEP_MS = 10
# A tool that rewrites many files in a row (git checkout, a formatter) keeps a batch
# open; half a second bounds the wait before what has changed so far is built.  The
# default 1600 ms is meant for restarting servers, not for a viewer waiting on a file.
DEBOUNCE_MS = 500
# With no event, watchfiles hands back an empty batch this often: the first one says the
# watcher has started (only then is "watching" true), the others cost nothing.
WAKE_MS = 100

# Rough cost of each writer on the seed, warm, in ms (measured; the others' are about 1):
# formats are dealt to lanes so that the lanes finish together.
_COST = {"pdf": 60, "docx": 20, "html": 4}


@dataclass(frozen=True)
class Watching:
    """The first build is done, and saves are awaited."""

    sources: int
    files: int

    def __str__(self) -> str:
        sources = f"{self.sources} source{'s' * (self.sources != 1)}"
        files = f" ({self.files} files)" if self.files != self.sources else ""  # pack members
        return f"watching {sources}{files} for changes; press Ctrl-C to stop"


@dataclass(frozen=True)
class Rebuilt:
    """One input rebuilt (or not: ``outcome.error``), and how long it took."""

    outcome: Outcome
    seconds: float


Event = Watching | Rebuilt


def check_request(plan: list[Job]) -> None:
    """Standard input is read once: it cannot be watched."""
    if any(str(job.source) == STDIN for job in plan):
        raise UsageError("--watch cannot watch standard input (-); name the source file")


def watch(
    plan: list[Job],
    options: WriteOptions,
    strict: bool = False,
    verify: bool = False,
    jobs: int | None = None,
) -> Iterator[Event]:
    """Build every job, then rebuild the jobs a save touches, until Ctrl-C or SIGTERM
    (raised as KeyboardInterrupt, or SystemExit with status 128 + the signal)."""
    formats = list(dict.fromkeys(fmt for job in plan for fmt, _path in job.targets))
    with _Stop() as stop, _Lanes(formats, jobs) as lanes:
        builder = _Builder(lanes, options, strict, verify, stop)
        yield from builder.rebuild_all(plan)
        gc.freeze()  # what the first build loaded is kept: the collector need not scan it again
        announced = False
        while True:
            folders = builder.folders()
            for batch, changed in enumerate(_saves(folders, builder.matters, stop)):
                if batch == 0:  # the watcher runs: saves are seen from now on
                    changed |= builder.stale()  # and these were made before it started
                    if not announced:
                        yield Watching(len(plan), len({os.path.realpath(key) for key in builder.keys}))
                        announced = True
                yield from builder.rebuild_all(builder.affected(changed))
                if builder.folders() != folders:
                    break  # a pack gained a member elsewhere: watch again, over the new set
            else:
                stop.end()  # the watcher stopped for a signal


def _saves(folders: set[str], matters: Callable[[str], bool], stop: _Stop) -> Iterator[set[str]]:
    """Batches of the paths that changed (those that matter), until a signal sets
    ``stop.event``.  The first batch, maybe empty, comes as soon as the watcher runs."""
    changes = watchfiles.watch(
        *sorted(folders),
        watch_filter=lambda _change, path: matters(path),
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        rust_timeout=WAKE_MS,
        yield_on_timeout=True,
        stop_event=stop.event,
        recursive=False,
        raise_interrupt=False,
    )
    for batch in changes:
        yield {path for _change, path in batch}


# --- one rebuild ----------------------------------------------------------------------


class _Builder:
    """Rebuilds jobs and remembers the files each depends on."""

    def __init__(self, lanes: _Lanes, options: WriteOptions, strict: bool, verify: bool, stop: _Stop) -> None:
        self.lanes = lanes
        self.options = options
        self.strict = strict
        self.verify = verify
        self.stop = stop
        # Per job, each file its outputs are made from (source, pack members), by every name
        # an event may carry, with the file's state when it was last read.
        self.depends: dict[Job, dict[str, _State]] = {}
        self.keys: set[str] = set()  # all of them

    def rebuild_all(self, jobs: Iterable[Job]) -> Iterator[Rebuilt]:
        for job in jobs:
            with self.stop.unwinding():
                rebuilt = self.rebuild(job)
            yield rebuilt

    def rebuild(self, job: Job) -> Rebuilt:
        started = time.perf_counter()
        before = {key: _state(key) for key in self.depends.get(job, _keys([job.source]))}
        outcome = Outcome(job)
        heard = _Warnings(self.strict)
        item: Item | None = None
        try:
            item = read_item(job.source, job.input_format, heard)
            outcome.written = self._write(job, item, heard)
        except Exception as err:  # reported by the caller, with its kind, as batch.run_one does
            outcome.error = err
        outcome.warnings = heard.heard
        if outcome.error is None:
            made = {fmt for fmt, _path in outcome.written}
            outcome.left_out = [fmt for fmt, _path in job.targets if fmt not in made]
        self._remember(job, _keys(_files_of(job, item)), before)
        return Rebuilt(outcome, time.perf_counter() - started)

    def _remember(self, job: Job, keys: set[str], before: dict[str, _State]) -> None:
        self.depends[job] = {key: before[key] if key in before else _state(key) for key in keys}
        self.keys = set().union(*self.depends.values())

    def _write(self, job: Job, item: Item, heard: _Warnings) -> list[tuple[str, Path | None]]:
        """run_job's steps after reading, with the rendering done in the lanes."""
        targets = job.targets
        if isinstance(item, Pack):
            targets = pack_formats(job, item)
            refuse_overwriting_inputs(targets, [Path(name) for name in item.files if name])
        rendered = self.lanes.render(item, [fmt for fmt, _path in targets], self.options, self.verify, heard)
        write_all((path, rendered[fmt]) for fmt, path in targets if path is not None)
        return list(targets)

    def matters(self, path: str) -> bool:
        return path in self.keys

    def folders(self) -> set[str]:
        """The directories that hold the watched files (those that exist: a pack member in
        a directory not made yet cannot be watched until it is)."""
        return {folder for key in self.keys if os.path.isdir(folder := os.path.dirname(key))}

    def affected(self, changed: set[str]) -> list[Job]:
        return [job for job, keys in self.depends.items() if changed.intersection(keys)]

    def stale(self) -> set[str]:
        """The files changed since they were last read (when no watcher was running)."""
        return {key for keys in self.depends.values() for key, seen in keys.items() if _state(key) != seen}


def _files_of(job: Job, item: Item | None) -> list[Path]:
    """What a job's outputs are made from: its source, and for a pack every member read;
    when reading failed, the files it names, so that the save that mends it is seen."""
    if isinstance(item, Pack):
        return [job.source, *(Path(name) for name in item.files if name)]
    if item is not None:
        return [job.source]
    return _named_files(job.source, depth=0, seen=set())


def _named_files(source: Path, depth: int, seen: set[Path]) -> list[Path]:
    """``source``, and if it is a manifest that can be read, its members (nested ones'
    too), whether or not they exist or can be read themselves."""
    seen.add(source.resolve())
    manifest = _manifest(source) if depth <= MAX_PACK_DEPTH else None
    if manifest is None:
        return [source]
    found = [source]
    for member in manifest.members:
        path = source.parent / member.name
        if path.resolve() not in seen:
            found += _named_files(path, depth + 1, seen)
    return found


def _manifest(path: Path) -> Manifest | None:
    fmt = format_of(path)
    if fmt != "yaml":  # only the YAML reader reads manifests
        return None
    try:
        item = reader_for(fmt)(read_bytes(path, size_limit(fmt)), str(path))
    except (R2PError, OSError):
        return None
    return item if isinstance(item, Manifest) else None


_State = tuple[int, int, int] | None  # a file's inode, modification time and size; None: missing


def _state(path: str) -> _State:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _keys(paths: Iterable[Path]) -> set[str]:
    """The names an event may carry for each file: as named, and with links resolved."""
    return {key for path in paths for key in (os.path.abspath(path), os.path.realpath(path))}


@dataclass
class _Warnings:
    """Hears warnings as batch.run_one does: kept, or with --strict raised as errors."""

    strict: bool
    heard: list[R2PError] = field(default_factory=list)

    def __call__(self, warning: R2PError) -> None:
        if self.strict:
            raise InputError(f"{warning.message} (--strict)", warning.pos)
        self.heard.append(warning)


# --- lanes: the formats rendered side by side -----------------------------------------

Rendered = list[tuple[str, bytes, list[R2PError]]]  # (format, bytes, warnings) per format


class _Lanes:
    """This process and warm worker processes, each rendering a fixed share of the formats
    (so each keeps warm what its own formats need).  This process takes the cheapest
    share, rendering it while the workers render theirs; with one lane (one format, or
    ``-j 1``) it renders everything, and there are no workers."""

    def __init__(self, formats: list[str], jobs: int | None) -> None:
        count = max(1, min(jobs or os.cpu_count() or 1, len(formats)))
        *theirs, self.mine = _deal(formats, count)
        self.theirs = theirs
        self.pools = [_pool() for _ in theirs]

    def __enter__(self) -> _Lanes:
        return self

    def __exit__(self, *exc: object) -> None:
        for pool in self.pools:  # they hold nothing but a render in progress
            _stop_workers(pool)

    def render(
        self, item: Item, formats: list[str], options: WriteOptions, verify: bool, heard: _Warnings
    ) -> dict[str, bytes]:
        """Every one of ``formats`` rendered; their warnings added to ``heard``."""
        futures = {
            lane: self.pools[lane].submit(_render_share, item, asked, options, heard.strict, verify)
            for lane, share in enumerate(self.theirs)
            if (asked := [fmt for fmt in share if fmt in formats])
        }
        mine = [fmt for fmt in self.mine if fmt in formats]
        here = _render_share(item, mine, options, heard.strict, verify)
        rendered: dict[str, bytes] = {}
        for fmt, data, warnings in [*here, *self._collect(futures)]:
            rendered[fmt] = data
            heard.heard += warnings
        return rendered

    def _collect(self, futures: dict[int, Future[Rendered]]) -> Rendered:
        try:
            return [row for future in futures.values() for row in future.result()]
        except BrokenProcessPool:  # a worker died (killed, out of memory): start it afresh
            for lane, future in futures.items():
                if isinstance(future.exception(), BrokenProcessPool):
                    _stop_workers(self.pools[lane])
                    self.pools[lane] = _pool()
            raise


def _pool() -> ProcessPoolExecutor:
    # batch's initializer: Ctrl-C is left to this process, and a lane ends with it.
    return ProcessPoolExecutor(max_workers=1, initializer=_worker_init, initargs=(os.getpid(),))


def _deal(formats: list[str], count: int) -> list[list[str]]:
    """Formats in ``count`` shares of about equal cost (the costliest dealt first), the
    costliest share first."""
    shares: list[list[str]] = [[] for _ in range(count)]
    costs = [0] * count
    for fmt in sorted(formats, key=lambda name: -_COST.get(name, 1)):
        lane = costs.index(min(costs))
        shares[lane].append(fmt)
        costs[lane] += _COST.get(fmt, 1)
    return sorted(
        (share for share in shares if share), key=lambda share: -sum(_COST.get(fmt, 1) for fmt in share)
    )


_settled = False


def _render_share(
    item: Item, formats: list[str], options: WriteOptions, strict: bool, verify: bool
) -> Rendered:
    """A lane's work for one rebuild: its formats rendered (and, with --verify, read back)."""
    global _settled
    rendered: Rendered = []
    for fmt in formats:
        heard = _Warnings(strict)
        data = render(item, fmt, replace(options, warn=heard))
        if verify:
            from .verify import verify_output

            verify_output(item, fmt, data)
        rendered.append((fmt, data, heard.heard))
    if not _settled:  # the first render loaded fonts and templates: keep them out of the collector's way
        gc.freeze()
        _settled = True
    return rendered


# --- signals ----------------------------------------------------------------------------


class _Stop:
    """Ctrl-C and SIGTERM.  During a rebuild they unwind it at once (fileio removes its
    temporary files, nothing is half written); while waiting for saves they end the wait
    (watchfiles looks at ``event`` every step), and ``end`` raises what the signal means.

    watchfiles' own handling would not do: it turns every signal into KeyboardInterrupt,
    so SIGTERM would end with Ctrl-C's status.
    """

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signum: int | None = None
        self.building = False
        self.saved: dict[int, signal._HANDLER] = {}

    def __enter__(self) -> _Stop:
        for signum in (signal.SIGINT, signal.SIGTERM):
            self.saved[signum] = signal.signal(signum, self._heard)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.saved.items():
            signal.signal(signum, handler)

    def _heard(self, signum: int, frame: FrameType | None) -> None:
        self.signum = signum
        self.event.set()
        if self.building:
            self.end()

    @contextmanager
    def unwinding(self) -> Iterator[None]:
        """The span of one rebuild, in which a signal unwinds at once."""
        if self.event.is_set():
            self.end()
        self.building = True
        try:
            yield
        finally:
            self.building = False

    def end(self) -> NoReturn:
        if self.signum == signal.SIGINT or self.signum is None:
            raise KeyboardInterrupt
        raise SystemExit(128 + self.signum)
