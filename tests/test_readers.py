"""Readers: golden model dumps, positions, and what each reader refuses."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, SOURCE_YAML
from converter import canonical
from converter.convert import read_document
from converter.errors import InputError
from converter.model import NumberedPara, SymbolRef, plain_text
from converter.readers import yaml as yaml_reader
from converter.readers.pack import PACK_KEYS
from converter.resources import templates_dir
from golden import check_golden, model_json

SCHEMA = Path(yaml_reader.__file__).resolve().parent.parent / "schema" / "r2p-1.schema.json"


@pytest.mark.parametrize(
    ("source", "fmt", "golden"),
    [
        (SOURCE_YAML, "yaml", "seed.yaml.model.json"),
        (FIXTURES / "r2p-2015-presidents-summary.txt", "txt", "seed.txt.model.json"),
        (FIXTURES / "features.yaml", "yaml", "features.model.json"),
    ],
)
def test_reader_golden(source: Path, fmt: str, golden: str, accept: bool) -> None:
    check_golden(golden, model_json(read_document(source, fmt)), accept)


def test_seed_from_txt_and_yaml_say_the_same(seed_doc, seed_txt_path) -> None:
    from_txt = read_document(seed_txt_path, "txt")
    assert from_txt.blocks == seed_doc.blocks
    assert plain_text(from_txt) == plain_text(seed_doc)


def test_seed_has_twelve_numbered_paragraphs_and_keeps_its_typo(seed_doc) -> None:
    numbers = [b.number for b in seed_doc.blocks if isinstance(b, NumberedPara)]
    assert numbers == list(range(1, 13))
    assert "H.E. Mr. Bank Ki-moon urged" in plain_text(seed_doc)


def test_seed_symbol_is_linked(seed_doc) -> None:
    para5 = [b for b in seed_doc.blocks if isinstance(b, NumberedPara)][4]
    symbols = [n for n in para5.children if isinstance(n, SymbolRef)]
    assert [s.symbol for s in symbols] == ["A/RES/60/1"]
    assert symbols[0].url == "https://undocs.org/A/RES/60/1"


def test_positions_point_at_the_source(seed_doc) -> None:
    lines = SOURCE_YAML.read_text(encoding="utf-8").splitlines()
    para = next(b for b in seed_doc.blocks if isinstance(b, NumberedPara))
    assert para.pos is not None and para.pos.file == str(SOURCE_YAML)
    assert lines[para.pos.line - 1].lstrip().startswith("- para:")


def test_txt_positions_name_the_line(seed_txt_path) -> None:
    doc = read_document(seed_txt_path, "txt")
    para = next(b for b in doc.blocks if isinstance(b, NumberedPara))
    lines = seed_txt_path.read_text(encoding="utf-8").splitlines()
    assert lines[para.pos.line - 1].startswith("1. The President")


@pytest.mark.parametrize(
    "source",
    [SOURCE_YAML, FIXTURES / "features.yaml", SOURCE_YAML.parent / "packs" / "r2p-2015-briefing-pack.yaml"],
)
def test_sources_match_the_json_schema(source: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(source.read_text(encoding="utf-8")), schema)


def test_schema_and_reader_know_the_same_keys() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert tuple(schema["$defs"]["meta"]["properties"]) == canonical.META_KEYS
    block_keys = {tuple(alt["properties"]) for alt in schema["$defs"]["block"]["oneOf"]}
    assert block_keys == {(k, *extra) for k, extra in canonical.BLOCK_KEYS.items()}
    assert tuple(schema["$defs"]["document"]["properties"]) == canonical.TOP_KEYS
    assert tuple(schema["$defs"]["pack"]["properties"]) == PACK_KEYS


def test_templates_are_found() -> None:
    assert (templates_dir() / "theme.yaml").is_file()


def _read_yaml(text: str) -> None:
    yaml_reader.read(text.encode("utf-8"), "t.yaml")


BAD_YAML = [
    ("format: r2p/1\nmeta:\n  title: x\n  titel: y\nbody: []\n", 4, "did you mean 'title'"),
    ("format: r2p/1\nmeta: {title: x}\nbody:\n  - paragraph: hi\n", 4, "did you mean 'para'"),
    ("format: r2p/1\nmeta: {title: x}\nbody:\n  - heading: hi\n    level: 4\n", 5, "from 1 to 3"),
    ("format: r2p/1\nmeta: {title: x}\nbody:\n  - para: a\n    number: x\n", 5, "whole number"),
    ("format: r2p/1\nmeta: {title: x, date: 8 Sept}\nbody: []\n", 2, "ISO date"),
    ("format: r2p/1\nmeta: {title: x, language: 'english!'}\nbody: []\n", 2, "BCP 47"),
    ("format: r2p/2\nmeta: {title: x}\nbody: []\n", 1, "not supported"),
    ("meta: {title: x}\nbody: []\n", 1, "format: r2p/1"),
    ("format: r2p/1\nmeta: {title: ''}\nbody: []\n", 2, "must not be empty"),
    ("format: r2p/1\nmeta: {title: x}\nbody:\n  - para: 'a[^n]'\n", 4, "not defined"),
    ("format: r2p/1\nmeta: {title: x}\nbody: []\nnotes:\n  n: never called\n", 5, "never called"),
    ('format: r2p/1\nmeta: {title: x}\nbody:\n  - para: "bell \\a"\n', 4, "U+0007"),
    ('format: r2p/1\nmeta: {title: x}\nbody:\n  - para: "half \\uD800"\n', 4, "Unicode"),
    ("format: r2p/1\nmeta: {title: x}\nmeta: {title: y}\nbody: []\n", 3, "appears twice"),
    ("format: r2p/1\nmeta: {title: x}\nbody:\n  - list: ['no label']\n", 4, "label"),
    ("format: r2p/1\nmeta: {title: x}\nbody:\n  - para: a\n  - para: b\n    number: 1\n", 5, "should be 2"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_YAML)
def test_yaml_reader_refuses_with_a_position(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read = yaml_reader.read(text.encode("utf-8"), "t.yaml")
        from converter.transforms import apply_all

        apply_all(read)
    assert message in caught.value.message
    assert caught.value.pos is not None and caught.value.pos.line == line


BAD_TXT = [
    ("**Unclosed title\n\n1. Text.\n", 1, "does not close"),
    ("Title\n\n1. One.\n\n3. Three.\n", 5, "should be 2"),
    ("Title\n\n13.Text runs on.\n", 3, "'N. '"),
    ("Title\n\nNew York, 31 February 2015\n\n1. One.\n", 3, "impossible date"),
    ("Title\n\nNew York, 8 Septembrr 2015\n\n1. One.\n", 3, "month"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_TXT)
def test_txt_reader_refuses_with_a_line(text: str, line: int, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_document(path, "txt")
    assert message in caught.value.message
    assert caught.value.pos.line == line


def test_txt_reader_places_every_kind_of_block(tmp_path: Path) -> None:
    path = tmp_path / "all.txt"
    path.write_text(
        "**A title**\n\nGeneva, 1 March 2016\n\nNOTE\n\nHeading\n\n1. One.[^a]\n\n"
        "## Sub heading\n\n(a) first;\n(b) second,\ncontinued.\n\n> Quoted text.\n\n"
        "An unnumbered paragraph.\n\n[^a]: The note.\n",
        encoding="utf-8",
    )
    doc = read_document(path, "txt")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Heading", "NumberedPara", "Heading", "EnumList", "Quote", "Para"]
    assert doc.meta.place == "Geneva" and str(doc.meta.date) == "2016-03-01" and doc.meta.kind == "NOTE"
    assert doc.blocks[3].items[1].label == "(b)"
    assert plain_text(doc).split() == [
        "A",
        "title",
        "Heading",
        "1.",
        "One.1",
        "Sub",
        "heading",
        "(a)",
        "first;",
        "(b)",
        "second,",
        "continued.",
        "Quoted",
        "text.",
        "An",
        "unnumbered",
        "paragraph.",
        "1",
        "The",
        "note.",
    ]


def test_a_byte_order_mark_is_dropped_and_positions_are_counted_without_it() -> None:
    """Notepad saves UTF-8 with a byte-order mark: the source reads as without it, and a bad
    byte's column is the one an editor shows."""
    plain = SOURCE_YAML.read_bytes()
    assert yaml_reader.read(b"\xef\xbb\xbf" + plain, "bom.yaml") == yaml_reader.read(plain, "plain.yaml")
    with pytest.raises(InputError) as err:
        yaml_reader.read(b"\xef\xbb\xbfformat: r2p/1\nmeta: {title: caf\xe9}\n", "bom.yaml")
    assert str(err.value) == "bom.yaml:2:18: byte 0xe9 is not UTF-8: save the file as UTF-8"
