"""Fuzzing the readers: mutated fixtures read as a document or fail as bad input, nothing else.

The YAML reader, the plain-text reader and the pack manifest reader get the
project's own fixtures with bytes deleted, inserted, replaced and lines
duplicated or swapped.  Whatever comes out must be a model (then transformed
and written back as YAML and plain text) or an ``InputError`` with a
position: never another exception, never a hang.

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
