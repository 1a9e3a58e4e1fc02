"""Hostile and odd input: every writer reads back as the source, or refuses clearly.

The nasty cases found so far live in tests/fixtures/nasty/ and run through
every format; hypothesis then throws arbitrary Unicode at every text and
metadata field.  The documented clean-up: characters a format cannot hold are
dropped with a warning, and invisible format characters (zero-width spaces,
direction marks) are not compared.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT, SOURCE_YAML
from converter.cli import cli
from converter.convert import read_item, render
from converter.errors import InputError, R2PError
from converter.model import (
    Document,
    Footnote,
    FootnoteRef,
    Heading,
    Metadata,
    NumberedPara,
    Organ,
    Para,
    Text,
)
from converter.readers import yaml as yaml_reader
from converter.transforms import apply_all
from converter.verify import verify_output
from converter.writers import WRITERS, WriteOptions
from converter.writers import yaml as yaml_writer

NASTY = sorted((FIXTURES / "nasty").glob("*.yaml"))
FORMATS = list(WRITERS)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("source", NASTY, ids=[p.stem for p in NASTY])
def test_nasty_fixtures_read_back_in_every_format(source: Path, fmt: str) -> None:
    doc = read_item(source)
    warnings: list[R2PError] = []
    data = render(doc, fmt, WriteOptions(warn=warnings.append))
    verify_output(doc, fmt, data)
    assert all(w.pos is not None and w.pos.file == str(source) for w in warnings), warnings


def test_missing_glyphs_are_warned_in_pdf_only() -> None:
    doc = read_item(FIXTURES / "nasty" / "cjk-and-emoji.yaml")
    for fmt in FORMATS:
        warnings: list[R2PError] = []
        render(doc, fmt, WriteOptions(warn=warnings.append))
        assert bool(warnings) == (fmt == "pdf"), (fmt, warnings)


# --- arbitrary Unicode ---------------------------------------------------------------------

PIECES = st.sampled_from(
    ["<", "&", "{{ x }}", "{%", "%", "\\", "*", "_", "[", "]", "**", "\u200b", "\u202e", "\u0301", "مرحبا",
     "中文", "🇺🇳", "A/RES/60/1", "8/9/2015", " ", "\t", "\n", "x" * 120, "\x07", "\ud800", "\u00ad"]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(min_size=1, max_size=12), PIECES), min_size=1, max_size=5).map("".join)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def _document(title: str, kind: str, organ: str, heading: str, paragraphs: list[str], note: str) -> Document:
    first = (Text(paragraphs[0]), FootnoteRef("n"))
    blocks = [Heading(1, (Text(heading),)), NumberedPara(first), *(Para((Text(p),)) for p in paragraphs[1:])]
    meta = Metadata(title=title, kind=kind, organs=(Organ(organ, session=heading),), place=organ,
                    date=datetime.date(2015, 9, 8), symbol=kind, short_title=heading)  # fmt: skip
    return Document(meta, tuple(blocks), (Footnote("n", (Text(note),)),))


def _through_the_source(doc: Document) -> Document | None:
    """The document as a user would have it: written as canonical source and read back.
    None where the reader refuses it, which it must do clearly."""
    try:
        return apply_all(yaml_reader.read(yaml_writer.write(apply_all(doc), WriteOptions()), "p.yaml"))
    except InputError as err:
        assert err.pos is not None and err.message and "\n" not in err.message
        return None


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@SETTINGS
@given(
    title=TEXT,
    kind=TEXT,
    organ=TEXT,
    heading=TEXT,
    paragraphs=st.lists(TEXT, min_size=1, max_size=3),
    note=TEXT,
)
@example(  # a long word broken over lines in a masthead cell, its last piece short ("00A")
    title="0",
    kind="0",
    organ="m\rG\u00e8\U000661d3\x0c\u00b3\u00eb\U0009b925aY\U0001afd800000000A00000000A",
    heading="0",
    paragraphs=["0"],
    note="0",
)
@example(title="0", kind="0", organ="00000000000000@A00000000000", heading="0", paragraphs=["0"], note="0")
@example(title="0", kind="0", organ="0", heading="0", paragraphs=["0"], note="\u200b")  # a note of no words
@example(title="0", kind="0", organ="00000000:000000000000000000A:", heading="0", paragraphs=["0"], note="0")
@example(title="0", kind="0", organ="0", heading="ؠء", paragraphs=["0"], note="0")  # Arabic in English
@example(title="0", kind="0", organ="0", heading="0", paragraphs=["0"], note="؆؇")
@example(title="0", kind="0", organ="0", heading="0", paragraphs=["0"], note="\u202e\ua000")  # no glyph
@example(title="0", kind="0", organ="0", heading="0", paragraphs=["0"], note="\U00018cd6\u202e")
# the title "00" after the masthead's "0 session": found whole, not as that "0" and the heading's
@example(title="00", kind="1", organ="1", heading="0", paragraphs=["0"], note="0")
def test_any_text_reads_back_or_is_refused(
    fmt: str, title: str, kind: str, organ: str, heading: str, paragraphs: list[str], note: str
) -> None:
    doc = _through_the_source(_document(title, kind, organ, heading, paragraphs, note))
    if doc is None:
        return
    warnings: list[R2PError] = []
    data = render(doc, fmt, WriteOptions(warn=warnings.append))
    verify_output(doc, fmt, data)


# --- names and limits ---------------------------------------------------------------------


def test_output_names_stay_in_the_output_directory(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    source = tmp_path / "a" / "b" / "doc.yaml"
    source.write_text(SOURCE_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    sneaky = tmp_path / "a" / "b" / ".." / ".." / "a" / "b" / "doc.yaml"
    outdir = tmp_path / "out"
    result = CliRunner().invoke(cli, ["-q", "--to", "txt", "--outdir", str(outdir), str(sneaky)])
    assert result.exit_code == 0, result.stderr
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.txt")] == ["out/doc.txt"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("format: r2p/1\n# " + "x" * (9 * 1024 * 1024), "limited to"),
        ("format: r2p/1\nmeta: " + "[" * 100 + "]" * 100, "nesting"),
        ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "aliases"),
    ],
)
def test_limits_are_refused(tmp_path: Path, content: str, message: str) -> None:
    source = tmp_path / "big.yaml"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_item(source)


# --- reproducible builds -----------------------------------------------------------------


def _build(outdir: Path, epoch: str | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "random"}
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    pack = ROOT / "source" / "packs" / "r2p-2015-briefing-pack.yaml"
    command = [sys.executable, "-m", "converter", "-q", "--outdir", str(outdir)]
    subprocess.run([*command, "--to", ",".join(FORMATS), str(SOURCE_YAML), str(FIXTURES / "features.yaml")],
                   check=True, env=env)  # fmt: skip
    subprocess.run([*command, "--to", "html,docx,pdf", str(pack)], check=True, env=env)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(outdir.iterdir())}


@pytest.mark.parametrize("epoch", [None, "1700000000"])
def test_every_format_is_byte_identical_across_processes(tmp_path: Path, epoch: str | None) -> None:
    first, second = _build(tmp_path / "a", epoch), _build(tmp_path / "b", epoch)
    assert len(first) == 2 * len(FORMATS) + 3
    assert first == second
