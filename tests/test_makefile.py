"""The Makefile: parallel builds, nothing to do twice, only what changed, clean."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

FORMATS = "FORMATS=yaml txt html"  # the fast formats: this tests Make's rules, not the writers


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the project's build inputs, sharing this checkout's installed .venv."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    venv = ROOT / ".venv"
    if not (venv / ".installed-stamp").is_file():
        pytest.skip("run through `make test`: this test reuses the .venv that make installs")
    work = tmp_path / "project"
    work.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, work / name)
    for name in ("converter", "templates", "source"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    (work / ".venv").symlink_to(venv)  # its install stamp is newer than pyproject.toml (copied with its time)
    return work


def _make(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-C", str(work), FORMATS, *args], capture_output=True, text=True, timeout=300
    )


def _mtimes(build: Path) -> dict[str, int]:
    """The outputs (not make's own files, .queued/ and .converted) and their times."""
    found = (p.relative_to(build) for p in build.rglob("*.*"))
    return {p.as_posix(): (build / p).stat().st_mtime_ns for p in found if not p.parts[0].startswith(".")}


def test_parallel_build_then_nothing_to_do_then_only_what_changed(checkout: Path) -> None:
    built = _make(checkout, "-j2")
    assert built.returncode == 0, built.stderr
    outputs = sorted(_mtimes(checkout / "build"))
    assert "r2p-2015-presidents-summary.html" in outputs and "packs/r2p-2015-briefing-pack.html" in outputs
    assert "languages/sample-fr.html" in outputs  # a source in a folder: its folder below build/
    # every document in one r2p-convert call (Python's start-up paid once), each pack in its own
    documents = [line for line in built.stdout.splitlines() if "--source-root" in line]
    sources = [p for p in (checkout / "source").rglob("*.yaml") if "packs" not in p.parts]
    assert len(documents) == 1 and f"# {len(sources)} source(s)" in documents[0]
    assert _make(checkout, "-q").returncode == 0  # up to date: a second make does nothing
    assert "r2p-convert" not in _make(checkout).stdout

    before = _mtimes(checkout / "build")
    os.utime(checkout / "source" / "r2p-example-background-note.yaml")
    assert _make(checkout, "-q").returncode != 0
    rebuilt = _make(checkout, "-j2")
    assert rebuilt.returncode == 0, rebuilt.stderr
    after = _mtimes(checkout / "build")
    changed = sorted(name for name, mtime in after.items() if before.get(name) != mtime)
    assert changed == sorted(
        [f"r2p-example-background-note.{f}" for f in ("yaml", "txt", "html")]  # that source only,
        + ["packs/r2p-2015-briefing-pack.html"]  # and the pack that holds it
    )
    assert _make(checkout, "-q").returncode == 0

    os.remove(checkout / "build" / "languages" / "sample-fr.txt")  # a lost output is made again
    assert _make(checkout, "-q").returncode != 0
    assert _make(checkout).returncode == 0 and (checkout / "build" / "languages" / "sample-fr.txt").is_file()

    os.utime(checkout / "templates" / "theme.yaml")
    assert _make(checkout, "-q").returncode != 0  # the theme is a dependency of every output

    assert _make(checkout, "clean").returncode == 0
    assert not (checkout / "build").exists()


def test_an_output_named_as_the_goal_is_made(checkout: Path) -> None:
    target = "build/languages/sample-fr.txt"
    built = _make(checkout, target)
    assert built.returncode == 0, built.stderr
    assert (checkout / target).is_file()
    assert not (checkout / "build" / "r2p-2015-presidents-summary.txt").exists()  # only what was asked
    assert _make(checkout, "-q", target).returncode == 0


def test_a_failing_source_stays_out_of_date_and_the_others_are_built(checkout: Path) -> None:
    (checkout / "source" / "broken.yaml").write_text("format: r2p/1\nmeta: [\n", encoding="utf-8")
    built = _make(checkout, "-j2")
    assert built.returncode != 0 and "broken.yaml:" in built.stderr
    assert (checkout / "build" / "r2p-2015-presidents-summary.html").is_file()
    assert _make(checkout, "-q").returncode != 0  # still to do: the broken source
    (checkout / "source" / "broken.yaml").unlink()
    assert _make(checkout).returncode == 0 and _make(checkout, "-q").returncode == 0


def test_plain_text_sources_are_built_too(checkout: Path) -> None:
    (checkout / "source" / "notes.txt").write_text("**A note**\n\n1. Its only paragraph.\n", encoding="utf-8")
    built = _make(checkout)
    assert built.returncode == 0, built.stderr
    assert (checkout / "build" / "notes.html").is_file()
    assert any("--verify" in line and "--source-root" in line for line in built.stdout.splitlines())
    (checkout / "source" / "notes.yaml").write_text(
        "format: r2p/1\nmeta:\n  title: Twin\nbody: []\n", encoding="utf-8"
    )
    twins = _make(checkout, "-n")
    assert twins.returncode != 0 and "two sources of one name" in twins.stderr


def test_a_dry_run_runs_nothing(checkout: Path) -> None:
    """make -n only prints: no dependency file is remade behind its back, nothing is built."""
    plan = _make(checkout, "-n")
    assert plan.returncode == 0, plan.stderr
    assert "r2p-convert" in plan.stdout
    assert not (checkout / "build").exists()
