"""The attack suite: every case an attack run found, through the real command line.

Each case runs ``r2p-convert`` as a process with bounds on its memory, CPU time
and wall time (``resource`` limits set in the child), so a regression cannot
take the machine down: it fails.  Each asserts the exit status, a one-line
message with no traceback and no "internal error", and that earlier outputs
are intact where the run should not have touched them.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SOURCE_YAML
from converter.cli import cli

MEMORY = 2 * 1024**3  # address space per run: far above a normal run's, far below the machine's
CPU_SECONDS = 90
MARKUP = (
    '<a href="javascript:app.alert(1)">x</a> <font size="40">big</font> <img src="/tmp/x.png"/> &amp; <b>open'
)


def run(
    *args: str,
    cwd: Path | None = None,
    stdin: int | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    limits: Callable[[], None] | None = None,
    stdout: int | None = subprocess.PIPE,
) -> subprocess.CompletedProcess[str]:
    """``r2p-convert ARGS`` in a bounded child process."""

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
        if limits:
            limits()

    full_env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    full_env.update({"PYTHONPATH": str(ROOT), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "converter", *args],
        cwd=cwd,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=full_env,
        timeout=timeout,
        preexec_fn=bounded,
        check=False,
    )


def assert_one_line(done: subprocess.CompletedProcess[str], status: int, *fragments: str) -> str:
    """The run failed with ``status`` and said so in one line holding every fragment."""
    message = done.stderr
    assert done.returncode == status, (done.returncode, message)
    assert "Traceback" not in message and "internal error" not in message, message
    lines = message.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("r2p-convert: error: "), message
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _yaml(title: str, *body: str, **meta: str) -> str:
    lines = ["format: r2p/1", "meta:", f"  title: {json.dumps(title)}"]
    lines += [f"  {key}: {json.dumps(value)}" for key, value in meta.items()]
    lines.append("body:")
    lines += [f"- {item}" for item in body]
    return "\n".join(lines) + "\n"


# --- 1. text is data on every path into ReportLab -------------------------------------------


def test_markup_in_every_field_of_a_pack_stays_literal(tmp_path: Path) -> None:
    quoted = json.dumps(MARKUP)
    (tmp_path / "member.yaml").write_text(
        _yaml(MARKUP, f"heading: {quoted}", f"para: {quoted}", kind=MARKUP, organ=MARKUP, short_title=MARKUP,
              symbol="A/70/1", author=MARKUP, session=MARKUP, distribution=MARKUP, original_language=MARKUP),
        encoding="utf-8",
    )  # fmt: skip
    fields = ("title", "subtitle", "prepared_by", "prepared_for", "classification")
    note = json.dumps(MARKUP.replace("*", ""))  # the cover note's own markup is inline markup
    manifest = ["pack: r2p-pack/1", *(f"{key}: {quoted}" for key in fields), f"cover_note: {note}"]
    manifest += ["documents:", "- member.yaml"]
    (tmp_path / "pack.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    done = run("-q", "--verify", "--to", "pdf,html,docx", "--outdir", "out", "pack.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pdf = (tmp_path / "out" / "pack.pdf").read_bytes()
    for forbidden in (b"/JavaScript", b"/JS ", b"/Subtype /Image", b"/Subtype/Image", b"/Launch"):
        assert forbidden not in pdf, forbidden
    links = pdf.split(b"/URI (")[1:]
    assert all(not link.lower().startswith(b"javascript") for link in links)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "out" / "pack.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        assert text.count('<font size="40">big</font>') >= 4  # cover, contents, title, heading...
        assert "&amp;" in text and "<b>open" in text


# --- 2. packs are bounded across nesting ---------------------------------------------------------


def _nested_packs(folder: Path, depth: int, fan: int) -> Path:
    (folder / "leaf.yaml").write_text(_yaml("Leaf", "para: one"), encoding="utf-8")
    child = "leaf.yaml"
    for level in range(depth):
        name = f"pack{level}.yaml"
        members = "\n".join(f"- {child}" for _ in range(fan))
        (folder / name).write_text(
            f"pack: r2p-pack/1\ntitle: Level {level}\ndocuments:\n{members}\n", "utf-8"
        )
        child = name
    return folder / child


@pytest.mark.parametrize("deps", [False, True])
def test_deeply_nested_packs_are_refused_at_the_manifest_line(tmp_path: Path, deps: bool) -> None:
    top = _nested_packs(tmp_path, depth=30, fan=2)
    args = ["--deps"] if deps else []
    started = time.monotonic()
    done = run(*args, "--to", "html", "--outdir", "out", top.name, cwd=tmp_path, timeout=60)
    assert time.monotonic() - started < 60
    assert_one_line(done, 2, "pack", "packs may nest at most 8 deep")
    assert ":4:3:" in done.stderr  # the documents entry that nests one level too deep


def test_packs_are_bounded_in_documents_across_nesting(tmp_path: Path) -> None:
    top = _nested_packs(tmp_path, depth=3, fan=9)  # 729 documents through three levels
    done = run("--to", "html", "--outdir", "out", top.name, cwd=tmp_path, timeout=60)
    assert_one_line(done, 2, "more than 500 documents (counting nested packs)")


def test_a_symbolic_link_loop_among_pack_members(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    (tmp_path / "pack.yaml").write_text(
        "pack: r2p-pack/1\ntitle: P\ndocuments:\n- a.yaml\n", encoding="utf-8"
    )
    done = run("--to", "html", "--outdir", "out", "pack.yaml", cwd=tmp_path)
    assert_one_line(done, 2, "pack.yaml:4:3: pack member a.yaml cannot be read: a loop of symbolic links")


# --- 3, 4. hostile reference documents -----------------------------------------------------------


def _real_docx(tmp_path: Path) -> Path:
    out = tmp_path / "real"
    done = run("-q", "--to", "docx", "--outdir", str(out), str(SOURCE_YAML))
    assert done.returncode == 0, done.stderr
    return out / (SOURCE_YAML.stem + ".docx")


def _rewrite(
    source: Path, target: Path, change: Callable[[str, bytes], bytes], extra: Callable | None = None
) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info.filename, change(info.filename, original.read(info.filename)))
        if extra:
            extra(out)
    return target


def _zip_bomb(out: zipfile.ZipFile) -> None:
    with out.open("word/media/bomb.bin", "w", force_zip64=True) as part:
        zeros = b"\0" * (1 << 24)
        for _ in range(64):  # 1 GiB inflated, about 1 MB on disk
            part.write(zeros)


def _entity_bomb(name: str, data: bytes) -> bytes:
    if name != "word/styles.xml":
        return data
    dtd = b'<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    return data.replace(b"?>", b"?>" + dtd, 1)


def _macros(name: str, data: bytes) -> bytes:
    if name == "[Content_Types].xml":
        word = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        return data.replace(word, b"application/vnd.ms-word.document.macroEnabled.main+xml")
    return data


def _hostile(real: Path, target: Path, case: str) -> Path:
    """A Word document made hostile or broken in one way, from a real one."""
    if case == "bomb":
        _rewrite(real, target, lambda name, data: data, _zip_bomb)
    elif case == "entity":
        _rewrite(real, target, _entity_bomb)
    elif case == "corrupt":
        target.write_bytes(real.read_bytes()[:3000])
    elif case == "pdf":
        target.write_bytes(b"%PDF-1.4\n" + b"0" * 5000)
    elif case == "macros":
        _rewrite(real, target, _macros)
    else:
        _rewrite(
            real,
            target,
            lambda name, data: data.replace(b"wordprocessingml.document.main", b"spreadsheetml.sheet.main"),
        )
    return target


HOSTILE = [
    ("bomb", "unpacks to 1,073,741,824 bytes"),
    ("entity", "declares a DTD or entities"),
    ("corrupt", "not a zip archive"),
    ("pdf", "it is a PDF"),
    ("macros", "macro-enabled"),
    ("xlsx", "its main part is not a Word document's"),
]


@pytest.mark.parametrize(("case", "reason"), HOSTILE)
def test_a_hostile_reference_docx_is_one_line_status_2(tmp_path: Path, case: str, reason: str) -> None:
    house = _hostile(_real_docx(tmp_path), tmp_path / "house.docx", case)
    outdir = tmp_path / "out"
    done = run("--to", "docx", "--reference-docx", str(house), "--outdir", str(outdir), str(SOURCE_YAML))
    assert_one_line(done, 2, f"{house}: not a usable Word document: ", reason)
    assert not outdir.exists()


@pytest.mark.parametrize(
    ("case", "reason"), [*HOSTILE, ("docm", "macro-enabled (.docm); its macros never run here")]
)
def test_a_hostile_docx_input_is_one_line_status_2(tmp_path: Path, case: str, reason: str) -> None:
    """The same checks as for a --reference-docx, before anything reads the document."""
    draft = tmp_path / ("draft.docm" if case == "docm" else "draft.docx")
    _hostile(_real_docx(tmp_path), draft, "macros" if case == "docm" else case)
    outdir = tmp_path / "out"
    done = run("--to", "html,pdf", "--outdir", str(outdir), str(draft))
    assert_one_line(done, 2, f"{draft}: not a usable Word document: ", reason)
    assert not outdir.exists() or not any(outdir.iterdir())


def test_a_part_that_inflates_beyond_its_declared_size_is_refused(tmp_path: Path) -> None:
    real = _real_docx(tmp_path)
    house = _rewrite(real, tmp_path / "liar.docx", lambda name, data: data, _zip_bomb)
    data = bytearray(house.read_bytes())
    # Make the central directory claim the bomb is 1,000 bytes (a zip64 entry keeps its sizes
    # in an extra field, so rewrite that one).
    marker = data.rfind(b"word/media/bomb.bin")
    zip64 = data.find(b"\x01\x00", marker)
    data[zip64 + 4 : zip64 + 12] = (1000).to_bytes(8, "little")
    house.write_bytes(bytes(data))
    done = run(
        "--to", "docx", "--reference-docx", str(house), "--outdir", str(tmp_path / "o"), str(SOURCE_YAML)
    )
    assert_one_line(done, 2, "not a usable Word document")


def _reference_with_font(folder: Path, font: str, template: Path) -> Path:
    folder.mkdir()
    target = folder / "house.docx"

    def change(name: str, data: bytes) -> bytes:
        return (
            data.replace(b'w:ascii="PT Serif"', f'w:ascii="{font}"'.encode())
            if name == "word/styles.xml"
            else data
        )

    return _rewrite(template, target, change)


def test_the_reference_cache_is_keyed_on_content(tmp_path: Path) -> None:
    real = _real_docx(tmp_path)
    first = _reference_with_font(tmp_path / "a", "Garamond", real)
    second = _reference_with_font(tmp_path / "b", "Cambria", real)
    stamp = first.stat().st_mtime
    os.utime(second, (stamp, stamp))  # same name, same time: only the content differs
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    styles = []
    for reference in (first, second):
        out = tmp_path / f"out-{reference.parent.name}"
        done = run(
            "-q",
            "--to",
            "docx",
            "--reference-docx",
            str(reference),
            "--outdir",
            str(out),
            str(SOURCE_YAML),
            env=cache,
        )
        assert done.returncode == 0, done.stderr
        styles.append(zipfile.ZipFile(out / (SOURCE_YAML.stem + ".docx")).read("word/styles.xml"))
    assert b"Garamond" in styles[0] and b"Cambria" in styles[1]


# --- 5. caches are used only when they are private -------------------------------------------------


def test_a_cache_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "r2p-convert"
    cache.mkdir(parents=True)
    cache.chmod(0o777)
    done = run("-q", "--to", "html,docx", "--outdir", str(tmp_path / "out"), str(SOURCE_YAML),
               env={"XDG_CACHE_HOME": str(tmp_path / "cache")})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert list(cache.iterdir()) == []  # nothing written there, so nothing will be read from it


def test_a_planted_compiled_template_is_not_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    from converter.writers import html

    folder = tmp_path / "jinja"
    folder.mkdir(mode=0o700)
    cache = html._TrustedBytecodeCache(str(folder))
    bucket = jinja2.bccache.Bucket(jinja2.Environment(), "page", "checksum")
    planted = Path(cache._get_cache_filename(bucket))
    planted.write_bytes(b"not a pickle")
    monkeypatch.setattr(os, "getuid", lambda: os.lstat(planted).st_uid + 1)  # as if another user wrote it
    cache.load_bytecode(bucket)
    assert bucket.code is None


# --- 6. layout time is linear in paragraph length --------------------------------------------------


def test_pdf_layout_work_is_linear_in_paragraph_length() -> None:
    """Counted, not timed: the characters ReportLab breaks into lines, for one paragraph
    of 100,000 and one of 200,000 characters."""
    from reportlab.platypus.paragraph import Paragraph

    from converter.convert import render
    from converter.model import Document, Metadata, NumberedPara, Text
    from converter.transforms import apply_all
    from converter.writers import WriteOptions

    counted = [0]
    original = Paragraph.breakLines

    def counting(self: Paragraph, width: object) -> object:
        counted[0] += sum(len(getattr(frag, "text", "")) for frag in self.frags)
        return original(self, width)

    work = {}
    words = ["atrocity", "prevention", "responsibility", "member", "states", "general", "assembly"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Paragraph, "breakLines", counting)
        for size in (100_000, 200_000):
            text, index = [], 0
            while sum(map(len, text)) + len(text) < size:
                text.append(words[index % len(words)])
                index += 1
            doc = apply_all(Document(Metadata(title="Long"), (NumberedPara((Text(" ".join(text)),)),)))
            counted[0] = 0
            render(doc, "pdf", WriteOptions())
            work[size] = counted[0]
    assert work[200_000] < 2.3 * work[100_000], work  # quadratic would be 4x


def test_a_long_paragraph_reads_back_whole(tmp_path: Path) -> None:
    body = " ".join(f"word{n}" for n in range(30_000))  # about 50 pages in one paragraph
    (tmp_path / "long.yaml").write_text(_yaml("Long", f"para: {json.dumps(body)}"), encoding="utf-8")
    done = run("-q", "--verify", "--to", "pdf", "--outdir", "out", "long.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


# --- 7. long properties -------------------------------------------------------------------------


def test_properties_over_255_characters_are_cut_as_word_does(tmp_path: Path) -> None:
    long = "A very long title " * 20
    (tmp_path / "t.yaml").write_text(
        _yaml(long, "para: text", kind=long, author=long, organ=long, symbol="A/70/1"), encoding="utf-8"
    )
    done = run("-q", "--verify", "--to", "docx,pdf,html", "--outdir", "out", "t.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    core = zipfile.ZipFile(tmp_path / "out" / "t.docx").read("docProps/core.xml").decode()
    title = core.split("<dc:title>")[1].split("</dc:title>")[0]
    assert title == long[:255]


# --- 8. faults are one line, with the right status ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "status", "fragment"),
    [
        (["--to", "html", "-o", "out"], 2, "-o out: is a directory"),
        (["--to", "html", "--outdir", "afile/sub"], 2, "afile is a file, not a directory"),
        (["--to", "html", "--outdir", "x" * 300], 2, "the file name is too long"),
        (
            ["--to", "yaml", "--outdir", "out", "pack.yaml"],
            2,
            "a briefing pack is written as html, pdf or docx, not yaml",
        ),
        (["--to", "pdf", "-o", "/dev/full"], 1, "/dev/full: cannot write: no space left on the device"),
    ],
)
def test_faults_are_one_line(tmp_path: Path, args: list[str], status: int, fragment: str) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "afile").write_text("x")
    shutil.copy(SOURCE_YAML, tmp_path / "doc.yaml")
    (tmp_path / "pack.yaml").write_text(
        "pack: r2p-pack/1\ntitle: P\ndocuments:\n- doc.yaml\n", encoding="utf-8"
    )
    inputs = [] if args[-1].endswith(".yaml") else ["doc.yaml"]
    done = run(*args, *inputs, cwd=tmp_path)
    assert_one_line(done, status, fragment)


def test_source_date_epoch_that_is_not_a_number(tmp_path: Path) -> None:
    done = run(
        "--to", "pdf", "--outdir", str(tmp_path), str(SOURCE_YAML), env={"SOURCE_DATE_EPOCH": "notanumber"}
    )
    assert_one_line(done, 2, "SOURCE_DATE_EPOCH must be a whole number of seconds")


@pytest.mark.parametrize("problem", [errno.EROFS, errno.ENOSPC, errno.ENAMETOOLONG, errno.EACCES])
def test_a_failed_write_is_status_1_and_keeps_the_old_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: int
) -> None:
    outdir = tmp_path / "out"
    args = ["-q", "--to", "txt,html", "--outdir", str(outdir), str(SOURCE_YAML)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    before = snapshot(outdir)

    def failing(*args: object, **kwargs: object) -> object:
        raise OSError(problem, os.strerror(problem))

    monkeypatch.setattr("converter.fileio._new_temporary", failing)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert (
        result.stderr.count("\n") == 1
        and "cannot write:" in result.stderr
        and "internal" not in result.stderr
    )
    assert snapshot(outdir) == before


# --- 9. inputs that are not files -----------------------------------------------------------------


def test_a_fifo_as_input_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    done = run("--to", "html", "--outdir", str(tmp_path / "o"), str(fifo), timeout=30)
    assert_one_line(done, 2, "is not a regular file")


def test_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    done = run("--from", "yaml", "--to", "html", "--outdir", str(tmp_path / "o"), "/dev/zero", timeout=30)
    assert_one_line(done, 2, "/dev/zero: is not a regular file")


def test_standard_input_is_read_when_named_and_bounded(tmp_path: Path) -> None:
    with SOURCE_YAML.open("rb") as source:
        done = run("--from", "yaml", "--to", "txt", "-o", "-", "-", stdin=source.fileno())
    assert done.returncode == 0 and "Bank Ki-moon" in done.stdout
    with open("/dev/zero", "rb") as zeros:
        done = run("--from", "yaml", "--to", "txt", "-o", "-", "-", stdin=zeros.fileno(), timeout=60)
    assert_one_line(done, 2, "sources are limited to 8,388,608")


# --- 10. standard streams ---------------------------------------------------------------------------


def test_closed_standard_output_is_status_1_without_traceback() -> None:
    done = subprocess.run(
        f"{sys.executable} -m converter --to html -o - {SOURCE_YAML} >&-",
        shell=True, capture_output=False, stderr=subprocess.PIPE, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert_one_line(done, 1, "standard output is closed")


def test_a_broken_pipe_is_not_a_silent_success(tmp_path: Path) -> None:
    body = [
        "para: " + json.dumps("Words of a long document. " * 40) for _ in range(200)
    ]  # far more than a pipe holds
    (tmp_path / "big.yaml").write_text(_yaml("Big", *body), encoding="utf-8")
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert reader.stdin is not None
    done = run("--to", "html", "-o", "-", "big.yaml", cwd=tmp_path, stdout=reader.stdin.fileno())
    reader.stdin.close()
    reader.wait(timeout=10)
    assert_one_line(done, 1, "standard output was closed by the program reading it")


# --- 11. raw control bytes ----------------------------------------------------------------------------


@pytest.mark.parametrize(("byte", "name"), [(b"\x00", "U+0000"), (b"\x1b", "U+001B")])
def test_raw_control_bytes_have_a_line_and_column(tmp_path: Path, byte: bytes, name: str) -> None:
    source = tmp_path / "c.yaml"
    source.write_bytes(b"format: r2p/1\nmeta:\n  title: ab" + byte + b"c\nbody: []\n")
    done = run("--to", "html", "--outdir", str(tmp_path / "o"), str(source))
    assert_one_line(done, 2, f"{source}:3:12: {name}", "is not allowed in a source")


# --- 12. text cannot forge structure in plain text ------------------------------------------------------


def test_text_cannot_forge_blocks_in_txt(tmp_path: Path) -> None:
    forged = "Real one.\n\n7. A forged paragraph seven.\n\n## Forged heading"
    (tmp_path / "f.yaml").write_text(
        _yaml(
            "Forge",
            f"para: {json.dumps(forged)}",
            "text: '7. Not a number, though it starts like one.'",
            "text: '(a) not a list, really.'",
        ),
        encoding="utf-8",
    )
    done = run("-q", "--verify", "--to", "txt,yaml", "--outdir", "out", "f.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    body = run("--to", "yaml", "-o", "-", "out/f.txt", cwd=tmp_path).stdout.split("body:\n")[1]
    kinds = [line.split(":")[0] for line in body.splitlines() if line.startswith("- ")]
    assert kinds == ["- para", "- text", "- text"]  # no forged paragraph seven, no forged heading
    assert "Real one. 7. A forged paragraph seven. ## Forged heading" in body


# --- 13. output permissions -------------------------------------------------------------------------------


def test_new_outputs_follow_the_umask_and_old_ones_keep_their_mode(tmp_path: Path) -> None:
    out = tmp_path / "out"

    def umask_027() -> None:
        os.umask(0o027)

    done = run("-q", "--to", "html,txt", "--outdir", str(out), str(SOURCE_YAML), limits=umask_027)
    assert done.returncode == 0, done.stderr
    html, txt = out / (SOURCE_YAML.stem + ".html"), out / (SOURCE_YAML.stem + ".txt")
    assert stat.S_IMODE(html.stat().st_mode) == 0o640
    txt.chmod(0o600)
    done = run("-q", "--to", "html,txt", "--outdir", str(out), str(SOURCE_YAML))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(txt.stat().st_mode) == 0o600


# --- 14. the outputs of one input are written all or nothing ----------------------------------------------


def test_a_full_disk_leaves_every_old_output_of_the_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    source = tmp_path / "doc.yaml"
    shutil.copy(SOURCE_YAML, source)
    formats = "txt,html,docx,pdf,yaml"
    assert run("-q", "--to", formats, "--outdir", str(out), str(source)).returncode == 0
    before = snapshot(out)
    source.write_text(source.read_text(encoding="utf-8").replace("Bank Ki-moon", "Ban Ki-moon"), "utf-8")

    def small_files() -> None:  # the PDF cannot be written whole; the small outputs could
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))

    done = run("-q", "--to", formats, "--outdir", str(out), str(source), limits=small_files)
    assert_one_line(done, 1, "cannot write: the file is too large")
    assert snapshot(out) == before  # txt and yaml were not updated either


# --- 15. workers end with their parent ----------------------------------------------------------------------


def test_workers_end_when_the_parent_is_killed(tmp_path: Path) -> None:
    sources = tmp_path / "many"
    sources.mkdir()
    for index in range(60):
        shutil.copy(SOURCE_YAML, sources / f"d{index}.yaml")
    parent = subprocess.Popen(
        [sys.executable, "-m", "converter", "-q", "--to", "pdf,docx", "-j", "2",
         "--outdir", str(tmp_path / "o"), str(sources)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _children(parent.pid)
    assert len(workers) == 2, "the pool did not start"
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the suite needs Linux (/proc)")


def test_a_damaged_or_stale_theme_cache_is_parsed_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marshal

    from converter import keptyaml, theme

    monkeypatch.setattr("converter.resources.user_cache_dir", lambda: tmp_path)
    source = theme.data_file("theme.yaml")
    real = theme.load_theme.__wrapped__()  # parsed, and written to the cache
    path = keptyaml.kept_file(source)
    assert path is not None and marshal.loads(path.read_bytes())[0] == keptyaml.cache_key(source)
    assert theme.load_theme.__wrapped__() == real  # read back from it
    key = keptyaml.cache_key(source)
    for planted in (b"not marshalled", marshal.dumps(("another key", {})), marshal.dumps((key, [1]))):
        path.write_bytes(planted)
        assert theme.load_theme.__wrapped__() == real
    from converter import wording
    from converter.deferred import yaml

    french = theme.data_file("wording", "fr.yaml")
    assert wording.wording.__wrapped__("fr") == yaml.safe_load(french.read_text(encoding="utf-8"))
    kept = keptyaml.kept_file(french)
    assert kept is not None and kept.exists() and kept != path  # the wording is kept too, apart
    kept.write_bytes(b"damaged")
    assert wording.wording.__wrapped__("fr") == yaml.safe_load(french.read_text(encoding="utf-8"))


def test_a_damaged_font_in_the_cache_never_reaches_a_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from converter.compressed import forget_kept
    from converter.convert import read_item, render
    from converter.writers import WriteOptions

    monkeypatch.setattr("converter.resources.user_cache_dir", lambda: tmp_path)
    doc = read_item(SOURCE_YAML)
    for fmt, kind in (("docx", "deflated"), ("pdf", "flate")):
        forget_kept()
        good = render(doc, fmt, WriteOptions())
        kept = sorted(tmp_path.glob(f"{kind}-*.bin"))
        assert kept, f"the fonts' compressed bytes were kept for {fmt}"
        for path in kept:
            path.write_bytes(path.read_bytes()[:-40] + b"\0" * 40)  # damaged at the end
        forget_kept()
        assert render(doc, fmt, WriteOptions()) == good
        forget_kept()
        assert render(doc, fmt, WriteOptions()) == good  # (the damaged files were replaced)
        assert all(zlib.decompress(path.read_bytes(), -15 if fmt == "docx" else 15) for path in kept)


def test_a_damaged_or_unwritable_cmap_cache_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from converter import fontsubset
    from converter.errors import OutputError
    from converter.theme import load_theme

    font = load_theme().fonts["serif"]
    args = (font.package, font.folder, font.files["regular"])
    monkeypatch.setattr("converter.resources.user_cache_dir", lambda: tmp_path)
    real = fontsubset._cmap.__wrapped__(*args)  # read from the face, and kept
    (kept,) = tmp_path.glob("cmap-*.bin")
    for damage in (kept.read_bytes()[:-3], kept.read_bytes()[:-8] + b"\xff" * 8, b""):
        kept.write_bytes(damage)
        assert fontsubset._cmap.__wrapped__(*args) == real

    def full(*_args: object) -> None:
        raise OutputError("cannot write: no space left on the device")

    kept.unlink()
    monkeypatch.setattr("converter.fileio.write_atomically", full)
    assert fontsubset._cmap.__wrapped__(*args) == real  # a cache that cannot be written is only slower
