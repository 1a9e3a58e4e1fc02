"""`make` as the build: a clean build of a source tree beside one r2p-convert call on the
same documents, a rebuild after one source changes, and `make -q` with nothing to do.

    make -j2 --no-print-directory SOURCE=<dir> BUILD=<out> FORMATS="html docx pdf"

runs from the repository (the Makefile's SOURCE, BUILD and VERIFY variables; VERIFY
defaults to --verify, as the one call here has it too; the same build with VERIFY= runs
in the same rounds, for what --verify costs the build).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from peers import R2P
from rounds import Process, Row, alternate, median, ratio

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = (".html", ".docx", ".pdf")


def make_command(source: Path, build: Path, *flags: str) -> list[str]:
    return [
        "make",
        *flags,
        "--no-print-directory",
        f"SOURCE={source}",
        f"BUILD={build}",
        "FORMATS=html docx pdf",
    ]


def _clean(folder: Path) -> Callable[[], None]:
    def clean() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    return clean


def _problem(source: Path, build: Path) -> str | None:
    """Why the make rows cannot be measured, if they cannot: a Makefile that ignores
    SOURCE=. A stale install stamp (pyproject.toml changed) is brought up to date first,
    untimed, as `make bench` would have, so that no timed build reinstalls the venv."""
    dry = subprocess.run(make_command(source, build, "-n"), cwd=ROOT, capture_output=True, text=True)
    if str(source) not in dry.stdout:
        return "needs SOURCE= in the Makefile"
    if "pip install" in dry.stdout:
        install = subprocess.run(["make", "--no-print-directory", "install"], cwd=ROOT, capture_output=True)
        if install.returncode != 0:
            return "the venv's install stamp is out of date and `make install` failed"
    return None


def outputs(build: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in build.rglob("*") if path.suffix in OUTPUTS}


def make_rows(paths: list[Path], work: Path, rounds: int) -> Iterator[Row]:
    """``paths`` must be every source in their folder (the tree make builds)."""
    source, build, out = paths[0].parent, work / "make-build", work / "one-call"
    docs = len(paths)
    label = f"`make -j2` of {docs} seed-sized docs to html docx pdf, from a clean BUILD"
    problem = _problem(source, build)
    if problem:
        yield label, problem, "", ""
        return
    plain = work / "make-build-unverified"
    group = {
        "make": Process(make_command(source, build, "-j2"), before=_clean(build), cwd=ROOT),
        "call": Process(
            [*R2P, "--verify", "-j", "2", "--to", "html,docx,pdf", "--outdir", str(out), *map(str, paths)],
            before=_clean(out),
        ),
        "unverified": Process(make_command(source, plain, "-j2", "VERIFY="), before=_clean(plain), cwd=ROOT),
    }
    samples = alternate(group, rounds)
    yield (
        f"{label}, beside one `r2p-convert -q --verify -j 2` call on the same docs; {rounds} round(s)",
        f"make {median(samples['make']) / 1000:.1f} s",
        f"one call {median(samples['call']) / 1000:.1f} s",
        ratio(samples, "make", "call", "make/one call") + "; target ≤ 1.3",
    )
    yield (
        "the same `make -j2` (its default `VERIFY=--verify`), beside `make -j2 VERIFY=` in the same rounds",
        f"verified {median(samples['make']) / 1000:.1f} s",
        f"unverified {median(samples['unverified']) / 1000:.1f} s",
        ratio(samples, "make", "unverified", "verify/no-verify") + "; target ≤ 1.3",
    )
    yield from _rebuild_rows(paths, source, build, rounds)


def _rebuild_rows(paths: list[Path], source: Path, build: Path, rounds: int) -> Iterator[Row]:
    """One source touched at a time (a different one each round), then `make -j2`."""
    times, rewritten = [], []
    rebuild = Process(make_command(source, build, "-j2"), cwd=ROOT)
    for index in range(rounds):
        before = outputs(build)
        touched = paths[index * 7 % len(paths)]
        now = time.time()
        os.utime(touched, (now, now))
        times.append(rebuild())
        after = outputs(build)
        rewritten.append(sum(after.get(path) != mtime for path, mtime in before.items()))
    counts = ", ".join(sorted({str(count) for count in rewritten}))
    yield (
        f"`make -j2` after touching one source (median of {rounds})",
        f"{median(times) / 1000:.2f} s, {counts} output(s) rewritten of {len(outputs(build))}",
        "",
        "",
    )
    done = subprocess.run(make_command(source, build, "-q"), cwd=ROOT, capture_output=True)
    yield "`make -q` with nothing left to do: exit status (0: up to date)", str(done.returncode), "", ""
