"""Briefing pack manifests: reading, members, cycles and the dependency listing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SOURCE_YAML
from converter.cli import cli
from converter.convert import read_item
from converter.errors import InputError
from converter.model import Pack, plain_text

PACK = ROOT / "source" / "packs" / "r2p-2015-briefing-pack.yaml"
DOC = "format: r2p/1\nmeta: {title: Member}\nbody:\n  - para: One.\n"


def _manifest(path: Path, documents: str, extra: str = "") -> Path:
    path.write_text(f"pack: r2p-pack/1\ntitle: A pack\n{extra}documents:\n{documents}", encoding="utf-8")
    return path


def test_example_pack_reads_its_documents_in_order(seed_doc) -> None:
    pack = read_item(PACK)
    assert isinstance(pack, Pack)
    assert [doc.meta.kind for doc in pack.documents] == ["BACKGROUND NOTE (EXAMPLE)", "PRESIDENT'S SUMMARY"]
    assert plain_text(pack.documents[1]) == plain_text(seed_doc)
    assert pack.meta.date is not None and pack.cover_note


def test_nested_packs_are_flattened_and_numbering_stays_per_document(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(DOC, encoding="utf-8")
    _manifest(tmp_path / "inner.yaml", "  - a.yaml\n")
    outer = _manifest(tmp_path / "outer.yaml", "  - inner.yaml\n  - a.yaml\n")
    pack = read_item(outer)
    assert len(pack.documents) == 2
    assert [b.number for doc in pack.documents for b in doc.blocks] == [1, 1]
    assert [Path(f).name for f in pack.files] == ["outer.yaml", "inner.yaml", "a.yaml", "a.yaml"]


@pytest.mark.parametrize(
    ("documents", "line", "message"),
    [
        ("  - missing.yaml\n", 4, "pack member missing.yaml does not exist"),
        ("  - self.yaml\n", 4, "includes itself through self.yaml"),
        ("  - loop.yaml\n", 4, "includes itself through self.yaml"),  # reported inside loop.yaml
        ("  []\n", 4, "document list is empty"),
        ("  - .\n", 4, "is a directory"),
    ],
)
def test_bad_members_name_the_manifest_line(tmp_path: Path, documents: str, line: int, message: str) -> None:
    manifest = _manifest(tmp_path / "self.yaml", documents)
    _manifest(tmp_path / "loop.yaml", "  - self.yaml\n")
    with pytest.raises(InputError) as caught:
        read_item(manifest)
    assert message in caught.value.message
    assert caught.value.pos.line == line


def test_unknown_manifest_keys_are_refused(tmp_path: Path) -> None:
    manifest = tmp_path / "p.yaml"
    manifest.write_text("pack: r2p-pack/1\ntitle: x\nsubtitel: y\ndocuments: [a.yaml]\n", encoding="utf-8")
    with pytest.raises(InputError, match="did you mean 'subtitle'"):
        read_item(manifest)


def test_a_members_own_error_names_the_member(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "format: r2p/1\nmeta: {title: x}\nbody:\n  - paragraph: y\n", encoding="utf-8"
    )
    manifest = _manifest(tmp_path / "p.yaml", "  - bad.yaml\n")
    with pytest.raises(InputError) as caught:
        read_item(manifest)
    assert caught.value.pos.file.endswith("bad.yaml") and caught.value.pos.line == 4


def test_pack_errors_through_the_cli_are_one_line_and_write_nothing(tmp_path: Path) -> None:
    manifest = _manifest(tmp_path / "p.yaml", "  - gone.yaml\n")
    result = CliRunner().invoke(cli, ["--to", "txt", "--outdir", str(tmp_path / "out"), str(manifest)])
    assert result.exit_code == 2
    assert result.stderr == f"r2p-convert: error: {manifest}:4:5: pack member gone.yaml does not exist\n"
    assert not (tmp_path / "out").exists()


def test_deps_lists_members_templates_and_theme() -> None:
    result = CliRunner().invoke(cli, ["--deps", "--to", "txt", "--outdir", "build/packs", str(PACK)])
    assert result.exit_code == 0, result.stderr
    rule = result.stdout.splitlines()[0]
    target, _, needed = rule.partition(": ")
    assert target == "build/packs/r2p-2015-briefing-pack.txt"
    for name in (
        "r2p-2015-briefing-pack.yaml",
        "r2p-example-background-note.yaml",
        SOURCE_YAML.name,
        "theme.yaml",
    ):
        assert name in needed
    assert f"{PACK.relative_to(ROOT) if not PACK.is_absolute() else PACK}:" in result.stdout


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_each_document_reads_in_the_pack_as_it_does_alone(fmt: str) -> None:
    from converter.convert import render
    from converter.verify import check_text, verify_output
    from converter.verify_extract import extract_text
    from converter.writers import WriteOptions

    pack = read_item(PACK)
    data = render(pack, fmt, WriteOptions())
    verify_output(pack, fmt, data)  # every document's words, in order, nothing but furniture between
    text = extract_text(fmt, data)
    for doc in pack.documents:
        alone = extract_text(fmt, render(doc, fmt, WriteOptions()))
        check_text(doc, fmt, alone)
        first, last = plain_text(doc).split()[:6], plain_text(doc).split()[-6:]
        assert " ".join(first) in " ".join(text.split()) or fmt == "pdf"  # titles may wrap in PDF
        assert " ".join(last) in " ".join(text.split())


def test_pack_numbering_restarts_in_every_format() -> None:
    from converter.convert import render
    from converter.verify_extract import extract_text
    from converter.writers import WriteOptions

    pack = read_item(PACK)
    for fmt in ("html", "docx", "pdf"):
        text = " ".join(extract_text(fmt, render(pack, fmt, WriteOptions())).split())
        assert "1. At the 2005 World Summit" in text, fmt
        assert "1. The President of the 69th Session" in text, fmt
