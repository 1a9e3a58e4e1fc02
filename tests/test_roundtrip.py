"""Round trips: txt -> yaml -> txt keeps every word; yaml -> model -> yaml is stable."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, SOURCE_YAML
from converter.convert import read_document, render
from converter.model import plain_text
from converter.readers import txt as txt_reader
from converter.readers import yaml as yaml_reader
from converter.transforms import apply_all
from converter.writers import WriteOptions

OPTIONS = WriteOptions()


def _yaml_of(doc) -> bytes:
    return render(doc, "yaml", OPTIONS)


def test_seed_txt_to_yaml_to_txt_gives_the_seed_back(seed_txt_path: Path) -> None:
    doc = read_document(seed_txt_path, "txt")
    canonical = apply_all(yaml_reader.read(_yaml_of(doc), "seed.yaml"))
    text = render(canonical, "txt", OPTIONS).decode("utf-8")
    seed = seed_txt_path.read_text(encoding="utf-8")
    assert text.strip() == seed.strip()  # byte for byte but for the blank lines around it


def test_canonical_source_is_what_the_txt_reader_gives_plus_metadata(seed_doc, seed_txt_path) -> None:
    from_txt = read_document(seed_txt_path, "txt")
    assert from_txt.blocks == seed_doc.blocks
    assert from_txt.meta.title == seed_doc.meta.title
    assert from_txt.meta.kind == seed_doc.meta.kind
    assert (from_txt.meta.place, from_txt.meta.date) == (seed_doc.meta.place, seed_doc.meta.date)


@pytest.mark.parametrize("source", [SOURCE_YAML, FIXTURES / "features.yaml"])
def test_yaml_model_yaml_is_stable(source: Path) -> None:
    first = _yaml_of(read_document(source, "yaml"))
    again = _yaml_of(apply_all(yaml_reader.read(first, "again.yaml")))
    assert first == again


def test_committed_seed_source_is_canonical() -> None:
    assert _yaml_of(read_document(SOURCE_YAML, "yaml")) == SOURCE_YAML.read_bytes()


@pytest.mark.parametrize("source", [SOURCE_YAML, FIXTURES / "features.yaml"])
def test_yaml_to_txt_to_yaml_keeps_every_word(source: Path) -> None:
    doc = read_document(source, "yaml")
    text = render(doc, "txt", OPTIONS)
    back = apply_all(txt_reader.read(text, "back.txt"))
    assert plain_text(back) == plain_text(doc)
    assert back.blocks == doc.blocks
    assert back.notes == doc.notes


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru"])
def test_the_dateline_reads_back_in_every_language(language: str) -> None:
    import dataclasses
    import datetime

    doc = read_document(SOURCE_YAML, "yaml")
    doc = dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, language=language))
    back = apply_all(txt_reader.read(render(doc, "txt", OPTIONS), "back.txt"))
    assert (back.meta.place, back.meta.date) == ("New York", datetime.date(2015, 9, 8))
