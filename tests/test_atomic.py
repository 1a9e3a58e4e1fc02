"""Nothing lost: outputs are replaced whole or not at all, whatever stops the writer."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

import pytest

from conftest import ROOT
from converter.errors import OutputError
from converter.fileio import write_atomically

# A child that writes through write_atomically but stalls just before the rename,
# so the test can stop it at the worst moment: the new file is complete but hidden.
STALLING_WRITER = """
import os, sys, time
from pathlib import Path
import converter.fileio as fileio
real_replace = os.replace
def slow_replace(src, dst):
    print("ready", flush=True)
    time.sleep(30)
    real_replace(src, dst)
fileio.os.replace = slow_replace
fileio.write_atomically(Path(sys.argv[1]), b"new contents\\n")
"""


def _stalled_writer(target: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", STALLING_WRITER, str(target)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_failure_before_rename_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old good output\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match=r"out\.pdf: cannot write: no space left on the device"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old good output\n"
    assert _hidden(tmp_path) == []


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_writer_cleans_up_and_keeps_the_old_file(tmp_path: Path, how: signal.Signals) -> None:
    target = tmp_path / "doc.html"
    target.write_bytes(b"old good output\n")
    child = _stalled_writer(target)
    assert len(_hidden(tmp_path)) == 1  # the complete, still hidden, new file
    child.send_signal(how)
    child.wait(timeout=10)
    assert target.read_bytes() == b"old good output\n"
    if how == signal.SIGINT:  # Python unwinds on Ctrl-C, so the temporary file goes at once
        assert _hidden(tmp_path) == []


def test_an_interruption_between_any_two_steps_leaves_no_temporary_file(tmp_path: Path) -> None:
    """A signal's exception (Ctrl-C in watch mode unwinds a rebuild at once) may come
    between any two steps of a write: raised at each line and each return in fileio in
    turn, it leaves every target whole, old or new, and no temporary file."""
    import converter.fileio as fileio

    targets = [tmp_path / "a.html", tmp_path / "b.pdf"]

    def interrupted_at(step: int) -> bool:
        for target in targets:
            target.write_bytes(b"old")
        count = 0

        def local(frame: FrameType, event: str, arg: object) -> object:
            nonlocal count
            if event in ("line", "return"):
                count += 1
                if count == step:
                    raise KeyboardInterrupt
            return local

        def calls(frame: FrameType, event: str, arg: object) -> object:
            return local if frame.f_code.co_filename == fileio.__file__ else None

        sys.settrace(calls)
        try:
            fileio.write_all([(target, b"new") for target in targets])
        except KeyboardInterrupt:
            return True
        finally:
            sys.settrace(None)
        return False

    step = 1
    while interrupted_at(step):
        assert _hidden(tmp_path) == [], f"interrupted at step {step}"
        assert {target.read_bytes() for target in targets} <= {b"old", b"new"}
        step += 1
    assert step > 30 and {target.read_bytes() for target in targets} == {b"new"}


def test_killed_writer_keeps_the_old_file_and_the_next_run_sweeps_up(tmp_path: Path) -> None:
    target = tmp_path / "doc.docx"
    target.write_bytes(b"old good output\n")
    child = _stalled_writer(target)
    child.kill()
    child.wait(timeout=10)
    assert target.read_bytes() == b"old good output\n"
    assert len(_hidden(tmp_path)) == 1  # SIGKILL leaves no chance to clean up...
    time.sleep(0.05)
    write_atomically(target, b"next run\n")
    assert target.read_bytes() == b"next run\n"
    assert _hidden(tmp_path) == []  # ...so the next write of that target removes it


def test_special_files_are_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_atomically(fifo, b"through the pipe\n")
    assert reader.communicate(timeout=10)[0] == b"through the pipe\n"
    assert fifo.is_fifo()
    write_atomically(Path(os.devnull), b"discarded")
    assert not Path(os.devnull).is_file()  # still the device


def test_only_our_own_leftovers_are_cleaned(tmp_path: Path) -> None:
    """A dead process's temporary file goes; another program's ".x.part" file stays, even
    one whose name has a number where ours has a process id."""
    from converter.fileio import remove_stale_temporaries_in

    dead = 2**22 + 12345  # above Linux's largest process id: no process has it
    ours = tmp_path / f".doc.html.{dead}.0123456789ab.part"
    older = tmp_path / f".doc.pdf.{dead}.ab_3xyz9.part"  # tempfile's names, before
    theirs = [tmp_path / ".report.2024.final.part", tmp_path / f".notes.{dead}.draft.part"]
    for path in (ours, older, *theirs):
        path.write_bytes(b"x")
    remove_stale_temporaries_in(tmp_path)
    assert not ours.exists() and not older.exists()
    assert all(path.exists() for path in theirs)
