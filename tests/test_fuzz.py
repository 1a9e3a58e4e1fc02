"""Fuzzing the readers: mutated fixtures read as a document or fail as bad input, nothing else.

The YAML reader, the plain-text reader and the pack manifest reader get the
project's own fixtures with bytes deleted, inserted, replaced and lines
duplicated or swapped; the DOCX reader gets Word documents (ours, LibreOffice's,
python-docx's) whose document, numbering, styles and notes parts are damaged.
Whatever comes out must be a model (then transformed and written back as YAML
and plain text) or a one-line error: never another exception, never a hang.

``make test`` runs a bounded number of examples (derandomized in CI, so a pass
is repeatable); ``make fuzz`` runs many more (``R2P_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT, SOURCE_YAML
from converter.errors import InputError, R2PError
from converter.model import Document
from converter.readers import txt as txt_reader
from converter.readers import yaml as yaml_reader
from converter.readers.pack import Manifest
from converter.transforms import apply_all
from converter.writers import WriteOptions
from converter.writers import txt as txt_writer
from converter.writers import yaml as yaml_writer

EXAMPLES = int(os.environ.get("R2P_FUZZ_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SEEDS = {
    "yaml": [FIXTURES / "features.yaml", SOURCE_YAML, *sorted((FIXTURES / "nasty").glob("*.yaml"))[:3]],
    "txt": [FIXTURES / "r2p-2015-presidents-summary.txt"],
    "pack": [ROOT / "source" / "packs" / "r2p-2015-briefing-pack.yaml"],
}
# Bytes that YAML, plain text and the inline markup give meaning to, and some that break UTF-8.
SPICE = [b":", b"-", b"- ", b"\n", b"\n\n", b"  ", b"'", b'"', b"*", b"**", b"[", b"]", b"[^", b"(", b")",
         b"{", b"}", b"&a ", b"*a", b"!!", b"#", b"|", b">", b"\t", b"\\", b"%", b"@", b"`", b"1. ", b"(a) ",
         b"## ", b"\x00", b"\x1b", b"\xff", b"\xc3", b"\xe2\x80\xae", b"\r", b"pack:",
         b"format: r2p/1"]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS[kind])).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "swap"]))
        if operation == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif operation == "insert":
            data[at:at] = draw(st.sampled_from(SPICE)) * draw(st.integers(1, 3))
        elif operation == "replace":
            data[at : at + 1] = draw(st.sampled_from(SPICE))
        else:
            lines = bytes(data).split(b"\n")
            first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if operation == "duplicate":
                lines.insert(first, lines[second])
            else:
                lines[first], lines[second] = lines[second], lines[first]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def _survives(read: object, data: bytes) -> None:
    try:
        item = read(data, "fuzzed")  # type: ignore[operator]
        if isinstance(item, Document):
            doc = apply_all(item)
            for writer in (yaml_writer, txt_writer):
                writer.write(doc, WriteOptions())
        else:
            assert isinstance(item, Manifest)
    except InputError as err:
        assert err.pos is not None and err.pos.file == "fuzzed", err
        assert "\n" not in str(err), err
    except R2PError as err:  # a writer's refusal is fine too, if it says where
        assert "\n" not in str(err), err


@SETTINGS
@given(mutated("yaml"))
def test_the_yaml_reader_survives_mutated_sources(data: bytes) -> None:
    _survives(yaml_reader.read, data)


@SETTINGS
@given(mutated("txt"))
def test_the_txt_reader_survives_mutated_sources(data: bytes) -> None:
    _survives(txt_reader.read, data)


@SETTINGS
@given(mutated("pack"))
def test_the_pack_reader_survives_mutated_manifests(data: bytes) -> None:
    _survives(yaml_reader.read, data)


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_the_seeds_themselves_read(kind: str) -> None:
    for path in SEEDS[kind]:
        reader = txt_reader if kind == "txt" else yaml_reader
        assert isinstance(reader.read(Path(path).read_bytes(), str(path)), Document | Manifest)


# --- Word documents: parts damaged at random ---------------------------------------------------

_GARBAGE = ("-5", "abc", "99999999999", "", "0", "8", "12", "%9", "\u202e", "1e9")
_DAMAGED_PARTS = ("word/document.xml", "word/numbering.xml", "word/styles.xml", "word/footnotes.xml")


def _damaged(data: bytes, seed: int) -> bytes:
    """The package with its document, numbering, styles and notes parts damaged: values
    replaced by garbage, elements dropped or doubled (from ``seed``, so a failure repeats)."""
    import io
    import random
    import zipfile

    from lxml import etree

    chance = random.Random(seed)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name in _DAMAGED_PARTS:
                root = etree.fromstring(content)
                elements = list(root.iter())
                for element in chance.sample(elements, min(len(elements), 12)):
                    _damage(element, chance)
                content = etree.tostring(root)
            target.writestr(name, content)
    return out.getvalue()


def _damage(element: object, chance: object) -> None:
    from lxml import etree

    action = chance.randrange(3)  # type: ignore[attr-defined]
    parent = element.getparent()  # type: ignore[attr-defined]
    if action == 0 and element.attrib:  # type: ignore[attr-defined]
        key = chance.choice(list(element.attrib))  # type: ignore[attr-defined]
        element.set(key, chance.choice(_GARBAGE))  # type: ignore[attr-defined]
    elif action == 1 and parent is not None:
        parent.remove(element)
    elif parent is not None:
        parent.append(etree.fromstring(etree.tostring(element)))


def _word_seeds() -> list[bytes]:
    from converter.convert import read_document, render

    ours = [
        render(read_document(path), "docx", WriteOptions())
        for path in (FIXTURES / "features.yaml", SOURCE_YAML)
    ]
    return ours + [path.read_bytes() for path in sorted((FIXTURES / "docx").glob("*.docx"))]


WORD_SEEDS: list[bytes] = []


@settings(SETTINGS, max_examples=max(EXAMPLES // 3, 20))
@given(st.integers(min_value=0, max_value=4), st.integers(min_value=0, max_value=2**32))
def test_a_damaged_word_document_reads_or_is_refused_in_one_line(which: int, seed: int) -> None:
    from converter.readers import docx as docx_reader

    if not WORD_SEEDS:
        WORD_SEEDS.extend(_word_seeds())
    damaged = _damaged(WORD_SEEDS[which % len(WORD_SEEDS)], seed)
    try:
        doc = apply_all(docx_reader.read(damaged, "draft.docx"))
    except R2PError as err:
        assert "\n" not in str(err)
        return
    assert doc.meta.title
    yaml_writer.write(doc, WriteOptions())
