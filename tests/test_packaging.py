"""A plain (non-editable) install carries its templates, theme, wording and schema."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"could not build a wheel here (no build backend reachable?): {done.stderr[-300:]}")
    return next(out.glob("r2p_convert-*.whl"))


def test_wheel_holds_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "converter/templates/theme.yaml",
        "converter/templates/wording/en.yaml",
        "converter/schema/r2p-1.schema.json",
    ):
        assert needed in names
    assert any(name.endswith("entry_points.txt") for name in names)


def test_installed_wheel_converts_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The installed package first, then this environment's dependencies; never the checkout.
    deps = [p for p in sys.path if p and Path(p).resolve() != ROOT and "site-packages" in p]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), *deps])}
    source = ROOT / "source" / "r2p-2015-presidents-summary.yaml"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, converter.resources as r; print(r.templates_dir()); "
            "from converter.cli import main; "
            "sys.argv = ['r2p-convert', '--to', 'txt', '-o', '-', sys.argv[1]]; main()",
            str(source),
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    where, _, text = done.stdout.partition("\n")
    assert Path(where).is_relative_to(target)
    assert "12. In looking to the future" in text
