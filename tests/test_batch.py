"""Batches: interrupting a run leaves only whole files behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SOURCE_YAML


def _big_source(path: Path, paragraphs: int) -> Path:
    """A seed-like document of many paragraphs, made from the seed's own text."""
    head, body = SOURCE_YAML.read_text(encoding="utf-8").split("body:\n")
    paras = [line for line in body.splitlines() if line.startswith("- para:")]
    path.write_text(head + "body:\n" + "\n".join(paras[i % len(paras)] for i in range(paragraphs)) + "\n")
    return path


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_stops_promptly_and_leaves_no_partial_file(tmp_path: Path, workers: str) -> None:
    big = _big_source(tmp_path / "big.yaml", 3000)
    inputs = []
    for index in range(40):
        link = tmp_path / f"doc{index:02}.yaml"
        link.symlink_to(big)
        inputs.append(str(link))
    outdir = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "converter", "--to", "yaml,txt", "-j", workers, "--outdir", str(outdir)]
    process = subprocess.Popen(
        [*command, *inputs], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
    )
    deadline = time.monotonic() + 60
    while not (outdir.is_dir() and any(outdir.glob("*.txt"))) and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=20)
    assert process.returncode == 130, err
    assert "interrupted:" in err and "skipped" in err
    leftovers = [p.name for p in outdir.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    written = sorted(outdir.iterdir())
    assert 0 < len(written) < 80
    for path in written:  # every file there is whole: it ends with the last paragraph
        assert b"resolution on the responsibility to protect.\n" in path.read_bytes()


def test_progress_line_shows_done_total_rate_time_left_and_file(capsys: pytest.CaptureFixture[str]) -> None:
    from converter.batch import Report
    from converter.cli import Progress

    report = Report(total=4, converted=1, started=time.monotonic() - 2.0)
    progress = Progress(enabled=True)
    progress.show(report, Path("source/doc.yaml"))
    progress.clear()
    line = capsys.readouterr().err
    assert line.startswith("\r[1/4] 0.5 docs/s 0:06 left  source/doc.yaml")
    assert line.endswith("\r\x1b[K")
    Progress(enabled=False).show(report, Path("x.yaml"))
    assert capsys.readouterr().err == ""


def test_planning_a_batch_is_linear_in_its_documents(tmp_path: Path) -> None:
    """Each output is checked against every input at once (InputFiles): compared pair by pair,
    planning 500 documents took most of the batch's time.  Counted in resolve() calls,
    which do not depend on the machine's speed."""
    from unittest import mock

    from converter.cli import _plan

    sources = []
    for index in range(200):
        path = tmp_path / f"doc{index}.txt"
        path.write_text("**Doc**\n\n1. One.\n", encoding="utf-8")
        sources.append(str(path))
    real = Path.resolve
    with mock.patch.object(Path, "resolve", autospec=True, side_effect=real) as resolve:
        _plan(tuple(sources), ["txt", "html"], None, tmp_path / "out", None)
    assert resolve.call_count < 10 * len(sources)  # 200 x 400 pairs before
