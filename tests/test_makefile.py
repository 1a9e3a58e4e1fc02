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


def test_parallel_build_then_nothing_to_do_then_only_what_changed(checkout: Path) -> None:
    built = _make(checkout, "-j2")
    assert built.returncode == 0, built.stderr
    outputs = sorted(p.relative_to(checkout / "build").as_posix() for p in (checkout / "build").rglob("*.*"))
    assert "r2p-2015-presidents-summary.html" in outputs and "packs/r2p-2015-briefing-pack.html" in outputs
    assert _make(checkout, "-q").returncode == 0  # up to date: a second make does nothing
    assert "r2p-convert" not in _make(checkout).stdout

    os.utime(checkout / "source" / "r2p-example-background-note.yaml")
    plan = _make(checkout, "-n").stdout
    commands = [line for line in plan.splitlines() if "r2p-convert" in line and "--deps" not in line]
    assert any("r2p-example-background-note.yaml" in c for c in commands)
    assert not any("r2p-2015-presidents-summary.yaml" in c and "packs" not in c for c in commands)
    assert any("r2p-2015-briefing-pack.yaml" in c for c in commands)  # the pack holds that member

    os.utime(checkout / "templates" / "theme.yaml")
    assert _make(checkout, "-q").returncode != 0  # the theme is a dependency of every output

    assert _make(checkout, "clean").returncode == 0
    assert not (checkout / "build").exists()


def test_plain_text_sources_are_built_too(checkout: Path) -> None:
    (checkout / "source" / "notes.txt").write_text("**A note**\n\n1. Its only paragraph.\n", encoding="utf-8")
    plan = _make(checkout, "-n").stdout
    assert any("source/notes.txt" in line and "--verify" in line for line in plan.splitlines())
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
