"""Watch mode, through a real ``r2p-convert --watch`` process and real saves.

Every wait is bounded (``TIMEOUT``); a watcher left running by a failed test is killed.
"""

from __future__ import annotations

import io
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SOURCE_YAML
from converter.cli import cli

TIMEOUT = 20.0  # seconds
ERROR_LINE = re.compile(r"^r2p-convert: error: [^:]+:\d+:\d+: .+$")


class Watcher:
    """``r2p-convert --watch ARGS`` in a child process; its standard error kept line by line."""

    def __init__(self, *args: str | Path, cwd: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "converter", "--watch", *map(str, args)],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._new: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._new.put(line.rstrip("\n"))

    def wait_for(self, wanted: Callable[[str], bool]) -> str:
        """The next line that is ``wanted`` (the lines before it are kept, not returned)."""
        deadline = time.monotonic() + TIMEOUT
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._new.get(timeout=left)
            except queue.Empty:
                break
            self.lines.append(line)
            if wanted(line):
                return line
        raise AssertionError(f"no such line within {TIMEOUT:.0f} s; stderr so far: {self.lines}")

    def stop(self, signum: int = signal.SIGINT) -> int:
        self.process.send_signal(signum)
        status = self.process.wait(timeout=TIMEOUT)
        time.sleep(0.05)  # let the reader thread take the last lines
        while not self._new.empty():
            self.lines.append(self._new.get())
        return status


@pytest.fixture
def watcher() -> Iterator[Callable[..., Watcher]]:
    started: list[Watcher] = []

    def start(*args: str | Path, cwd: Path) -> Watcher:
        started.append(Watcher(*args, cwd=cwd))
        started[-1].wait_for(lambda line: "watching" in line)
        return started[-1]

    yield start
    for each in started:
        if each.process.poll() is None:
            each.process.kill()
            each.process.wait()


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {TIMEOUT:.0f} s: {what}")
        time.sleep(0.01)


def save_in_place(path: Path, text: str) -> None:
    """As most editors do by default: truncate the file and write it again."""
    with path.open("w", encoding="utf-8") as out:
        out.write(text)


def save_by_rename(path: Path, text: str) -> None:
    """As vim, Emacs and most IDEs can: write a temporary file beside it, rename it over."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def document(text: str) -> str:
    return f"format: r2p/1\nmeta: {{title: {text}}}\nbody:\n  - para: '{text} paragraph.'\n"


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as package:
        return package.read("word/document.xml").decode("utf-8")


def leftovers(folder: Path) -> list[str]:
    """fileio's temporary files (``.NAME.PID.XXXX.part``) and anything else hidden."""
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


@pytest.mark.parametrize("save", [save_in_place, save_by_rename])
def test_a_save_rewrites_every_format_with_the_new_text(
    tmp_path: Path, watcher: Callable[..., Watcher], save: Callable[[Path, str], None]
) -> None:
    source = tmp_path / SOURCE_YAML.name
    seed = SOURCE_YAML.read_text(encoding="utf-8")
    source.write_text(seed, encoding="utf-8")
    out = tmp_path / "out"
    running = watcher("--to", "html,pdf,docx", "--outdir", out, source.name, cwd=tmp_path)
    outputs = [out / f"{source.stem}.{fmt}" for fmt in ("html", "pdf", "docx")]
    before = {path: path.read_bytes() for path in outputs}

    save(source, seed.replace("Summary", "Zusammenfassung", 1))

    until(lambda: all(path.read_bytes() != before[path] for path in outputs), "all three rewritten")
    assert "Zusammenfassung" in outputs[0].read_text(encoding="utf-8")
    assert "Zusammenfassung" in docx_text(outputs[2])
    line = running.wait_for(lambda line: line.startswith(f"r2p-convert: {source.name} -> "))
    assert re.search(r"\.docx \(\d+ ms\)$", line), line
    assert running.stop() == 130


def test_a_pack_is_rebuilt_when_a_member_changes_and_watches_members_added_later(
    tmp_path: Path, watcher: Callable[..., Watcher]
) -> None:
    (tmp_path / "packs").mkdir()
    (tmp_path / "one.yaml").write_text(document("Alpha"), encoding="utf-8")
    (tmp_path / "two.yaml").write_text(document("Beta"), encoding="utf-8")
    pack = tmp_path / "packs" / "pack.yaml"
    manifest = "pack: r2p-pack/1\ntitle: Watched pack\ndocuments:\n- ../one.yaml\n"
    pack.write_text(manifest, encoding="utf-8")
    html = tmp_path / "out" / "pack.html"
    running = watcher("--to", "html", "--outdir", "out", "packs/pack.yaml", cwd=tmp_path)
    assert "Alpha" in html.read_text(encoding="utf-8")

    save_in_place(tmp_path / "one.yaml", document("Gamma"))  # a member, in another directory
    until(lambda: "Gamma paragraph" in html.read_text(encoding="utf-8"), "the pack rebuilt")

    save_by_rename(pack, manifest + "- ../two.yaml\n")  # a member added
    until(lambda: "Beta paragraph" in html.read_text(encoding="utf-8"), "the new member in the pack")
    save_in_place(tmp_path / "two.yaml", document("Delta"))  # and watched from then on
    until(lambda: "Delta paragraph" in html.read_text(encoding="utf-8"), "the new member's change")
    assert running.stop() == 130


def test_a_broken_save_is_one_error_line_and_keeps_the_outputs(
    tmp_path: Path, watcher: Callable[..., Watcher]
) -> None:
    source = tmp_path / "doc.yaml"
    source.write_text(document("Good"), encoding="utf-8")
    html = tmp_path / "out" / "doc.html"
    running = watcher("--to", "html,txt", "--outdir", "out", "doc.yaml", cwd=tmp_path)
    good = html.read_bytes()

    save_in_place(source, "format: r2p/1\nmeta: {title: [unclosed\n")
    error = running.wait_for(lambda line: "error" in line)
    assert ERROR_LINE.match(error), error
    assert error.startswith("r2p-convert: error: doc.yaml:")
    assert html.read_bytes() == good

    save_by_rename(source, document("Mended"))
    until(lambda: "Mended paragraph" in html.read_text(encoding="utf-8"), "rebuilt after the error")
    assert (tmp_path / "out" / "doc.txt").read_text(encoding="utf-8").count("Mended paragraph") == 1
    assert running.stop() == 130
    assert [line for line in running.lines if "error" in line] == [error]
    assert not any("Traceback" in line for line in running.lines)


def test_a_missing_member_is_reported_and_its_arrival_mends_the_pack(
    tmp_path: Path, watcher: Callable[..., Watcher]
) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text("pack: r2p-pack/1\ntitle: P\ndocuments:\n- later.yaml\n", encoding="utf-8")
    running = Watcher("--to", "html", "--outdir", "out", "pack.yaml", cwd=tmp_path)
    try:
        error = running.wait_for(lambda line: "error" in line)
        assert ERROR_LINE.match(error) and "later.yaml does not exist" in error, error
        running.wait_for(lambda line: "watching" in line)
        save_by_rename(tmp_path / "later.yaml", document("Arrived"))
        html = tmp_path / "out" / "pack.html"
        until(lambda: html.exists() and "Arrived paragraph" in html.read_text(encoding="utf-8"), "built")
    finally:
        assert running.stop() == 130


def test_quiet_prints_nothing_and_a_save_before_watching_begins_is_not_lost(tmp_path: Path) -> None:
    source = tmp_path / "doc.yaml"
    source.write_text(document("First"), encoding="utf-8")
    html = tmp_path / "out" / "doc.html"
    running = Watcher("--quiet", "--to", "html", "--outdir", "out", "doc.yaml", cwd=tmp_path)
    try:
        until(html.exists, "the first build")
        save_in_place(source, document("Second"))  # perhaps before the watcher runs: caught up
        until(lambda: "Second paragraph" in html.read_text(encoding="utf-8"), "rebuilt")
    finally:
        assert running.stop() == 130
    assert running.lines == []


def test_formats_are_dealt_to_lanes_by_cost() -> None:
    from converter.watch import _deal

    assert _deal(["html", "pdf", "docx"], 2) == [["pdf"], ["docx", "html"]]
    assert _deal(["html", "pdf", "docx"], 1) == [["pdf", "docx", "html"]]
    assert _deal(["yaml", "pdf"], 4) == [["pdf"], ["yaml"]]


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_and_sigterm_end_it_cleanly(
    tmp_path: Path, watcher: Callable[..., Watcher], signum: int, status: int
) -> None:
    source = tmp_path / SOURCE_YAML.name
    seed = SOURCE_YAML.read_text(encoding="utf-8")
    source.write_text(seed, encoding="utf-8")
    running = watcher("--to", "html,pdf,docx", "--outdir", "out", source.name, cwd=tmp_path)
    save_in_place(source, seed.replace("Summary", "Resumen", 1))
    time.sleep(0.05)  # most likely in the middle of the rebuild: it is unwound
    assert running.stop(signum) == status
    assert leftovers(tmp_path / "out") == []
    assert leftovers(tmp_path) == []
    assert not any("Traceback" in line for line in running.lines), running.lines
    for path in (tmp_path / "out").iterdir():  # whole files, old or new
        assert path.stat().st_size > 10_000


@pytest.mark.parametrize(
    "args",
    [("--deps", "doc.yaml"), ("-o", "-", "--to", "txt", "doc.yaml"), ("-",)],
    ids=["deps", "stdout", "stdin"],
)
def test_what_watch_mode_cannot_do_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.yaml").write_text(document("X"), encoding="utf-8")
    extra = () if "--to" in args else ("--to", "html", "--from", "yaml")
    result = CliRunner().invoke(cli, ["--watch", *extra, *args])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("r2p-convert: error: --watch"), (
        result.output
    )
