"""The page plan: what every writer draws besides the text, decided once."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

import pytest

from conftest import FIXTURES, ROOT, SOURCE_YAML
from converter.convert import read_item, render
from converter.errors import RenderError
from converter.model import Document, FootnoteRef, Heading, Metadata, Organ, Para, Pos, Text
from converter.transforms import apply_all
from converter.verify import furniture
from converter.writers import WRITERS, WriteOptions
from converter.writers.plan import plan
from golden import check_golden

PACK = ROOT / "source" / "packs" / "r2p-2015-briefing-pack.yaml"
SOURCES = {
    "seed": SOURCE_YAML,
    "features": FIXTURES / "features.yaml",
    "undated": FIXTURES / "undated.yaml",
    "pack": PACK,
}


def dump_plan(node: Any) -> Any:
    """The plan as JSON data; the model it points back to (``doc``, ``block``) is left out."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        data = {"type": type(node).__name__}
        for field in dataclasses.fields(node):
            if field.name not in ("doc", "block", "pos", "note"):
                data[field.name] = dump_plan(getattr(node, field.name))
        return data
    if isinstance(node, tuple | list):
        return [dump_plan(item) for item in node]
    if isinstance(node, datetime.date | datetime.datetime):
        return node.isoformat()
    return node


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.mark.parametrize("name", SOURCES)
def test_plan_golden(name: str, accept: bool) -> None:
    the_plan = plan(read_item(SOURCES[name]))
    text = json.dumps(dump_plan(the_plan), indent=1, ensure_ascii=False) + "\n"
    check_golden(f"plan/{name}.json", text, accept)


def _doc(*blocks: Any, **meta: Any) -> Document:
    notes = meta.pop("notes", ())
    return apply_all(Document(Metadata(**{"title": "T", **meta}), tuple(blocks), notes))


def test_one_anchor_scheme_alone_and_in_a_pack() -> None:
    alone = plan(read_item(SOURCE_YAML)).documents[0].anchors
    assert (alone.document, alone.para(3), alone.sec(1), alone.note(2)) == (
        "doc",
        "para-3",
        "sec-1",
        "note-2",
    )
    assert (alone.ref(2), alone.ref(2, 3)) == ("ref-2", "ref-2-3")
    second = plan(read_item(PACK)).documents[1].anchors
    assert (second.document, second.para(3), second.ref(1, 2)) == ("doc-2", "doc-2-para-3", "doc-2-ref-1-2")


def test_an_undated_document_has_one_timestamp_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    the_plan = plan(_doc(Para((Text("x"),))))
    assert the_plan.properties.timestamp == datetime.datetime(1980, 1, 1, 12, tzinfo=datetime.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1441713600")
    stamp = plan(_doc(Para((Text("x"),)))).properties.timestamp
    assert stamp == datetime.datetime(2015, 9, 8, 12, tzinfo=datetime.UTC)


def test_a_plan_is_made_once_for_an_item_and_again_when_the_epoch_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The writers of one conversion share a plan (kept by the item's identity); the
    same item planned under another SOURCE_DATE_EPOCH gets its timestamp."""
    doc = _doc(Para((Text("x"),)))
    first = plan(doc)
    assert plan(doc) is first and plan(_doc(Para((Text("x"),)))) is not first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1441713600")
    assert plan(doc).properties.timestamp == datetime.datetime(2015, 9, 8, 12, tzinfo=datetime.UTC)


def test_the_kept_plans_are_bounded() -> None:
    from converter.kept import KeptFor

    for limit in (1, 4):
        kept: KeptFor[int] = KeptFor(limit)
        held = [object() for _ in range(limit + 2)]
        for index, each in enumerate(held):
            kept.get((each,), lambda index=index: index)  # type: ignore[misc]
        assert [value for _objects, _also, value in kept.values] == list(range(2, limit + 2))


def test_author_falls_back_to_the_organ() -> None:
    assembly = (Organ("General Assembly"),)
    assert plan(_doc(organs=assembly)).properties.author == "General Assembly"
    assert plan(_doc(organs=assembly, author="The President")).properties.author == "The President"


def test_contents_and_outlines_show_headings_without_note_calls() -> None:
    from converter.model import Footnote, Pack, PackMeta

    heading = Heading(1, (Text("Findings"), FootnoteRef("n")))
    doc = _doc(heading, Para((Text("x"),)), notes=(Footnote("n", (Text("note"),)),))
    pack = Pack(PackMeta("P"), (doc,))
    the_plan = plan(pack)
    assert [entry.text for entry in the_plan.contents] == ["T", "Findings"]
    assert the_plan.documents[0].headings[0].text == "Findings"


def test_outline_levels_never_skip() -> None:
    doc = _doc(Heading(3, (Text("a"),)), Heading(1, (Text("b"),)), Heading(3, (Text("c"),)))
    levels = [(h.level, h.outline_level) for h in plan(doc).documents[0].headings]
    assert levels == [(3, 1), (1, 1), (3, 2)]


def test_verify_furniture_is_the_plan_s() -> None:
    council = (Organ("Security Council", "Seventieth year"),)
    doc = _doc(Para((Text("x"),)), organs=council, symbol="S/2015/1")
    allowed = furniture(doc)
    assert {
        "Security",
        "Council",
        "Seventieth",
        "year",
        "S",
        "2015",
        "Page",
        "of",
        "United",
        "Nations",
    } <= allowed
    assert "x" not in allowed


@dataclasses.dataclass(frozen=True)
class Bogus:
    """A node kind no writer knows."""

    children: tuple[Any, ...] = ()
    pos: Pos | None = dataclasses.field(default=None, compare=False, kw_only=True)


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_an_unknown_block_fails_loudly_in_every_writer(fmt: str) -> None:
    where = Pos("made.yaml", 7, 3)
    doc = Document(Metadata(title="T"), (Bogus(pos=where),))  # type: ignore[arg-type]
    with pytest.raises(RenderError, match=rf"^made.yaml:7:3: {fmt}: cannot write a Bogus node$") as caught:
        render(doc, fmt, WriteOptions())
    assert caught.value.pos == where


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_an_unknown_inline_fails_loudly_in_every_writer(fmt: str) -> None:
    where = Pos("made.yaml", 9, 5)
    doc = Document(Metadata(title="T"), (Para((Text("a "), Bogus(pos=where))),))  # type: ignore[arg-type]
    with pytest.raises(RenderError, match=rf"^made.yaml:9:5: {fmt}: cannot write a Bogus node$") as caught:
        render(doc, fmt, WriteOptions())
    assert caught.value.pos == where


def test_plan_module_imports_no_writer_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, converter.writers.plan; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'reportlab', 'docx', 'jinja2'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
