"""The code stays ruff clean (lint and format) and mypy clean (strict), so reviews can be
about behaviour."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT

PATHS = ["converter", "tests", "bench"]


@pytest.fixture(scope="module")
def ruff() -> str:
    found = shutil.which("ruff") or shutil.which(str(ROOT / ".venv" / "bin" / "ruff"))
    if found is None:
        pytest.skip("ruff is not installed (make test installs it into .venv)")
    return found


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff(ruff: str, command: list[str]) -> None:
    paths = [p for p in PATHS if (ROOT / p).exists()]
    done = subprocess.run([ruff, *command, *paths], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    found = shutil.which(str(ROOT / ".venv" / "bin" / "mypy")) or shutil.which("mypy")
    if found is None:
        pytest.skip("mypy is not installed (make test installs it into .venv)")
    done = subprocess.run([found], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
