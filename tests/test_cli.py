"""The command, through click's CliRunner and once as a real process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import SOURCE_YAML
from converter import __version__
from converter.cli import cli

GOOD = "format: r2p/1\nmeta:\n  title: A title\nbody:\n  - para: One.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _alias_bomb() -> str:
    lines = ["format: r2p/1", "meta: {title: x}", 'a0: &a0 ["lol", "lol"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 40)]
    return "\n".join(lines) + "\nbody: []\n"


BAD_INPUTS = {  # name -> (file contents or None for "do not create", expected message part)
    "missing.yaml": (None, "no such file"),
    "empty.yaml": ("", "file is empty"),
    "latin1.yaml": (b"format: r2p/1\nmeta: {title: caf\xe9}\n", "not UTF-8"),
    "broken.yaml": ("format: r2p/1\nmeta: [\n", "invalid YAML"),
    "list.yaml": ("- a\n- b\n", "must be a mapping"),
    "unknown.yaml": ("format: r2p/1\nmeta: {title: x, organe: GA}\nbody: []\n", "did you mean 'organ'"),
    "wrongtype.yaml": ("format: r2p/1\nmeta: {title: x}\nbody: {para: x}\n", "must be a list"),
    "notitle.yaml": ("format: r2p/1\nmeta: {kind: x}\nbody: []\n", "no title"),
    "gap.yaml": (
        "format: r2p/1\nmeta: {title: x}\nbody:\n  - para: a\n  - para: b\n    number: 3\n",
        "should be 2",
    ),
    "bomb.yaml": (_alias_bomb(), "aliases"),
    "huge.yaml": ("format: r2p/1\n#" + "x" * (9 * 1024 * 1024) + "\n", "limited to"),
    "deep.yaml": ("format: r2p/1\nmeta: " + "[" * 200 + "]" * 200 + "\n", "nesting"),
    "object.yaml": ("format: r2p/1\nmeta: !!python/object/apply:os.system ['true']\nbody: []\n", "tags"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_status_2_and_writes_nothing(name: str, tmp_path: Path) -> None:
    content, message = BAD_INPUTS[name]
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    outdir = tmp_path / "out"
    status, _out, err = run("--to", "yaml,txt", "--outdir", str(outdir), str(source))
    assert status == 2
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"r2p-convert: error: {source}")
    assert message in lines[0]
    assert "Traceback" not in err
    assert not outdir.exists() or not any(outdir.iterdir())


def test_a_directory_without_sources_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    status, _out, err = run("--to", "txt", "--outdir", str(tmp_path / "o"), str(folder))
    assert status == 2 and "no sources (.yaml, .yml, .txt, .docx) found in" in err


def test_errors_carry_line_and_column(tmp_path: Path) -> None:
    source = tmp_path / "typo.yaml"
    source.write_text("format: r2p/1\nmeta:\n  title: x\n  dat: '2015-09-08'\nbody: []\n", encoding="utf-8")
    _status, _out, err = run("--to", "txt", "-o", "-", str(source))
    assert err.strip() == f"r2p-convert: error: {source}:4:3: unknown key 'dat' in meta; did you mean 'date'?"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--to", "odt", "x.yaml"), "unknown output format odt"),
        (("x.yaml",), "--to"),
        (("--to", "txt"), "no input files"),
        (("--to", "txt", "x.md"), "--from"),
        (("--to", "txt,yaml", "-o", "x", "a.yaml"), "-o names one output"),
        (("--bogus",), "No such option"),
        (("--to", "txt", "--from", "odt", "a.yaml"), "odt"),
    ],
)
def test_bad_usage_is_one_line_and_status_2(args: tuple[str, ...], message: str) -> None:
    status, _out, err = run(*args)
    assert status == 2
    assert len(err.splitlines()) == 1 and err.startswith("r2p-convert: error: ")
    assert message in err


def test_converts_to_outdir_with_the_input_stem(tmp_path: Path) -> None:
    status, _out, _err = run("--to", "yaml,txt", "--outdir", str(tmp_path), str(SOURCE_YAML))
    assert status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "r2p-2015-presidents-summary.txt",
        "r2p-2015-presidents-summary.yaml",
    ]


def test_dash_o_dash_writes_to_standard_output() -> None:
    status, out, _err = run("--to", "txt", "-o", "-", str(SOURCE_YAML))
    assert status == 0
    assert "\n**Informal, Interactive Dialogue" in out
    assert "12. In looking to the future" in out


def test_dash_o_names_the_output(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "named.txt"
    assert run("--to", "txt", "-o", str(target), str(SOURCE_YAML))[0] == 0
    assert "\n**Informal" in target.read_text(encoding="utf-8")


def test_from_overrides_the_extension(tmp_path: Path) -> None:
    source = tmp_path / "summary.text"
    source.write_text("Title\n\n1. One.\n", encoding="utf-8")
    status, out, _err = run("--to", "yaml", "--from", "txt", "-o", "-", str(source))
    assert status == 0 and "para: One." in out


def test_one_bad_input_among_good_ones_gives_status_1(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text("format: r2p/1\nmeta: {}\nbody: []\n", encoding="utf-8")
    outdir = tmp_path / "out"
    status, _out, err = run("--to", "txt", "--outdir", str(outdir), str(bad), str(good))
    assert status == 1
    assert (outdir / "good.txt").is_file() and not (outdir / "bad.txt").exists()
    assert "1 converted, 0 skipped, 1 failed" in err


def test_a_failed_conversion_keeps_the_earlier_good_output(tmp_path: Path) -> None:
    source = tmp_path / "doc.yaml"
    source.write_text(GOOD, encoding="utf-8")
    outdir = tmp_path / "out"
    assert run("--to", "txt,yaml", "--outdir", str(outdir), str(source))[0] == 0
    before = {p.name: p.read_bytes() for p in outdir.iterdir()}
    source.write_text(GOOD + "  - para: Two.\n    number: 9\n", encoding="utf-8")
    assert run("--to", "txt,yaml", "--outdir", str(outdir), str(source))[0] == 2
    assert {p.name: p.read_bytes() for p in outdir.iterdir()} == before  # no .part files either


def test_two_inputs_writing_one_output_are_refused_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "doc.yaml").write_text(GOOD, encoding="utf-8")
    outdir = tmp_path / "out"
    status, _out, err = run(
        "--to",
        "txt",
        "--outdir",
        str(outdir),
        str(tmp_path / "a" / "doc.yaml"),
        str(tmp_path / "b" / "doc.yaml"),
    )
    assert status == 2 and "would both write" in err
    assert not outdir.exists()


def test_version_help_and_formats() -> None:
    assert run("--version")[1].strip() == f"r2p-convert {__version__}"
    help_text = run("--help")[1]
    assert "Examples:" in help_text and "--to" in help_text
    formats = run("--list-formats")[1]
    assert "yaml" in formats and "txt" in formats and ".yml" in formats


def test_real_process_reports_without_traceback(tmp_path: Path) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text("format: r2p/1\nmeta: {title: x}\nbody:\n  - para: 'a[^n]'\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-m", "converter", "--to", "txt", "-o", "-", str(source)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"r2p-convert: error: {source}:4:11: footnote [^n] is called but not defined\n"


def test_worker_processes_convert_every_input_and_report_failures(tmp_path: Path) -> None:
    sources = []
    for index in range(4):
        source = tmp_path / f"doc{index}.yaml"
        source.write_text(GOOD.replace("A title", f"Title {index}"), encoding="utf-8")
        sources.append(str(source))
    (tmp_path / "broken.yaml").write_text("format: r2p/1\nmeta: {title: x}\nbody: 5\n", encoding="utf-8")
    outdir = tmp_path / "out"
    status, _out, err = run(
        "--to", "txt", "-j", "2", "--outdir", str(outdir), *sources, str(tmp_path / "broken.yaml")
    )
    assert status == 1
    assert sorted(p.name for p in outdir.iterdir()) == [f"doc{i}.txt" for i in range(4)]
    assert (outdir / "doc3.txt").read_text(encoding="utf-8").startswith("**Title 3**")
    assert f"{tmp_path / 'broken.yaml'}:3:7: body must be a list" in err
    assert "4 converted, 0 skipped, 1 failed" in err


def test_directories_are_searched_and_mirrored(tmp_path: Path) -> None:
    tree = tmp_path / "src"
    (tree / "packs" / "deeper").mkdir(parents=True)
    (tree / "top.yaml").write_text(GOOD, encoding="utf-8")
    (tree / "packs" / "deeper" / "inner.yaml").write_text(GOOD, encoding="utf-8")
    (tree / "notes.txt").write_text("Title\n\n1. One.\n", encoding="utf-8")
    (tree / "ignored.md").write_text("# not a source\n", encoding="utf-8")
    outdir = tmp_path / "out"
    status, _out, err = run("--to", "txt", "--outdir", str(outdir), str(tree))
    assert status == 0, err
    written = sorted(str(p.relative_to(outdir)) for p in outdir.rglob("*.txt"))
    assert written == ["notes.txt", "packs/deeper/inner.txt", "top.txt"]
    assert "3 converted, 0 skipped, 0 failed" in err


def test_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    status, out, err = run("--to", "txt", "-q", "--outdir", str(tmp_path), str(SOURCE_YAML), str(SOURCE_YAML))
    assert status == 2 and "would both write" in err  # the same input twice is refused first
    status, out, err = run("--to", "txt,yaml", "-q", "--outdir", str(tmp_path), str(SOURCE_YAML))
    assert (status, out, err) == (0, "", "")


def test_a_line_per_file_when_not_a_terminal(tmp_path: Path) -> None:
    status, _out, err = run("--to", "txt", "--outdir", str(tmp_path), str(SOURCE_YAML))
    assert status == 0
    assert err == f"r2p-convert: {SOURCE_YAML} -> {tmp_path / 'r2p-2015-presidents-summary.txt'}\n"


# --- outputs never replace inputs; what a run says about packs and formats -----------------------


def _source_copy(folder: Path, name: str = "doc.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("# my notes\n" + SOURCE_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("--to", "yaml", "--outdir", "{dir}", "{src}"),  # yaml next to itself: comments would be lost
        ("--to", "txt", "-o", "{src}", "{src}"),
        ("--to", "docx", "--reference-docx", "{dir}/house.docx", "-o", "{dir}/house.docx", "{src}"),
    ],
    ids=["yaml-into-its-own-folder", "o-names-the-input", "o-names-the-reference"],
)
def test_an_output_that_would_replace_an_input_is_refused(args: tuple[str, ...], tmp_path: Path) -> None:
    import docx

    source = _source_copy(tmp_path)
    docx.Document().save(tmp_path / "house.docx")
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    status, _out, err = run(*(arg.format(dir=tmp_path, src=source) for arg in args))
    assert status == 2 and "is an input: writing there would replace it" in err and len(err.splitlines()) == 1
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before


def test_a_pack_output_that_would_replace_a_member_is_refused(tmp_path: Path) -> None:
    _source_copy(tmp_path, "member.pdf.yaml")
    manifest = tmp_path / "member.pdf.yaml.pack.yaml"
    manifest.write_text("pack: r2p-pack/1\ntitle: P\ndocuments:\n- member.pdf.yaml\n", encoding="utf-8")
    status, _out, err = run("--to", "pdf", "-o", str(tmp_path / "member.pdf.yaml"), str(manifest))
    assert status == 2 and "is an input" in err


def test_a_docx_input_that_is_no_word_document_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "draft.docx").write_bytes(b"PK")
    status, _out, err = run("--to", "pdf", "--outdir", str(tmp_path / "o"), str(tmp_path / "draft.docx"))
    assert (status, err.strip()) == (
        2,
        f"r2p-convert: error: {tmp_path / 'draft.docx'}: not a usable Word document: "
        "it is not a zip archive (a .docx is one); it may be damaged",
    )


def test_word_lock_files_in_a_directory_are_not_sources(tmp_path: Path) -> None:
    shutil.copy(SOURCE_YAML, tmp_path / "a.yaml")
    (tmp_path / "~$draft.docx").write_bytes(b"\0" * 162)  # what Word leaves beside an open file
    status, _out, err = run("-q", "--to", "txt", "--outdir", str(tmp_path / "o"), str(tmp_path))
    assert status == 0, err
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["a.txt"]


def test_member_paths_are_shown_tidied(tmp_path: Path) -> None:
    (tmp_path / "packs").mkdir()
    (tmp_path / "bad.yaml").write_text(
        "format: r2p/1\nmeta:\n  title: T\nbody:\n- para: [x\n", encoding="utf-8"
    )
    pack = tmp_path / "packs" / "p.yaml"
    pack.write_text("pack: r2p-pack/1\ntitle: P\ndocuments:\n- ../bad.yaml\n", encoding="utf-8")
    status, _out, err = run("--to", "pdf", "--outdir", str(tmp_path / "o"), str(pack))
    assert status == 2 and f"{tmp_path / 'bad.yaml'}:" in err and "/../" not in err


def test_a_directory_run_leaves_out_the_formats_a_pack_cannot_have(tmp_path: Path) -> None:
    source = tmp_path / "source"
    _source_copy(source)
    (source / "packs").mkdir()
    (source / "packs" / "p.yaml").write_text(
        "pack: r2p-pack/1\ntitle: P\ndocuments:\n- ../doc.yaml\n", encoding="utf-8"
    )
    status, _out, err = run("--to", "txt,pdf", "--outdir", str(tmp_path / "o"), str(source))
    assert status == 0, err
    assert (tmp_path / "o" / "doc.txt").is_file() and (tmp_path / "o" / "packs" / "p.pdf").is_file()
    assert not (tmp_path / "o" / "packs" / "p.txt").exists()
    assert "is a briefing pack, with no txt form: txt left out" in err
    status, _out, err = run("--to", "txt", "--outdir", str(tmp_path / "o2"), str(source / "packs" / "p.yaml"))
    assert status == 2 and "a briefing pack is written as" in err  # named, it must be written as asked
    status, _out, err = run("--to", "txt", "--outdir", str(tmp_path / "o3"), str(source))
    assert status == 0 and "1 converted, 1 skipped, 0 failed" in err and "with no txt form: skipped" in err


def test_source_root_keeps_each_inputs_folder_below_outdir(tmp_path: Path) -> None:
    """What make's one call relies on: files named one by one land in their own folders."""
    tree = tmp_path / "src"
    (tree / "fr").mkdir(parents=True)
    (tree / "top.txt").write_text("**Top**\n\n1. One.\n", encoding="utf-8")
    (tree / "fr" / "note.txt").write_text("**Note**\n\n1. Un.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _out, err = run(
        "--to",
        "txt",
        "--source-root",
        str(tree),
        "--outdir",
        str(out),
        str(tree / "top.txt"),
        str(tree / "fr" / "note.txt"),
    )
    assert code == 0, err
    assert (out / "top.txt").is_file() and (out / "fr" / "note.txt").is_file()
    code, _out, err = run(
        "--to", "txt", "--source-root", str(tree / "fr"), "--outdir", str(out), str(tree / "top.txt")
    )
    assert (
        code == 2
        and err.strip() == f"r2p-convert: error: {tree / 'top.txt'} is not inside --source-root {tree / 'fr'}"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["-q", "-t", "html", "a.yaml"],
        ["-qw", "-j2", "--to=pdf", "a.yaml"],
        ["-o", "-q", "-t", "txt", "a.yaml"],  # "-q" as -o's value
        ["-o", "-", "-j", "1", "a.yaml", "b.yaml"],
        ["-t", "html", "--", "-q", "-o"],  # after "--", inputs
        ["-f", "txt", "-t", "yaml", "-w", "-q", "a.txt"],
        ["-x", "a.yaml"],
        ["-j", "x", "a.yaml"],
        ["-jx", "a.yaml"],
        ["-o"],
        ["--quie", "a.yaml"],
        ["-h"],
    ],
)
def test_short_options_parse_as_click_parses_them(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """_Command.make_parser finds a short option given alone among the long ones (no
    "no such option" error built for it first): the same values and the same errors."""
    from converter.cli import _Command

    def parsed() -> tuple[str, object]:
        try:
            with cli.make_context("r2p-convert", list(args), resilient_parsing=False) as ctx:
                return "ok", ctx.params
        except click.exceptions.Exit as done:
            return "exit", done.exit_code
        except click.ClickException as err:
            return type(err).__name__, err.format_message()

    ours = parsed()
    monkeypatch.setattr(_Command, "make_parser", click.Command.make_parser)
    assert ours == parsed()
