"""Writer for the canonical source (r2p/1): what ``--to yaml`` and the txt reader produce.

The output is stable: reading it back and writing again gives the same bytes.
Paragraph numbers are left out where they are implied by order (only a first
number other than 1 is written), footnotes are keyed by their labels, and every
string is quoted by PyYAML's own emitter.
"""

from __future__ import annotations

from typing import Any

from ..canonical import FORMAT
from ..deferred import yaml
from ..errors import RenderError
from ..model import (
    Annex,
    Block,
    Document,
    EnumList,
    Heading,
    Item,
    ListItem,
    Metadata,
    NumberedPara,
    Organ,
    Para,
    Preamble,
    Quote,
    Signature,
)
from . import WriteOptions
from .clean import clean_document
from .markup import to_markup
from .visitor import NodeVisitor

HEADER = "# r2p-convert canonical source: see docs/source-format.md\n"
_SIMPLE_META = ("title", "kind", "place", "date", "author", "symbol", "distribution", "language")
_LATER_META = ("original_language", "short_title", "job", "heading_labels")


# libyaml's emitter when present: ten times faster than the pure-Python one,
# and the two lay out this data the same way.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write(doc: Item, options: WriteOptions) -> bytes:
    if not isinstance(doc, Document):
        raise RenderError("a briefing pack is written as pdf, docx or html, not yaml", doc.pos)
    doc = clean_document(doc, options.warn, "yaml")
    blocks = _Blocks()
    data: dict[str, Any] = {"format": FORMAT, "meta": _meta(doc.meta)}
    if doc.summary:
        data["summary"] = [blocks.visit(block) for block in doc.summary]
    data["body"] = [blocks.visit(block) for block in doc.blocks]
    if doc.notes:
        data["notes"] = {note.label: to_markup(note.children, "yaml") for note in doc.notes}
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**9)
    return (HEADER + text).encode("utf-8")


def _meta(meta: Metadata) -> dict[str, Any]:
    """The metadata in the order of META_KEYS: one organ as ``organ:``/``session:``/
    ``agenda:``, several as ``organs:``."""
    values: dict[str, Any] = {"title": meta.title, "kind": meta.kind}
    if len(meta.organs) == 1:
        values.update(_organ(meta.organs[0]))
    elif meta.organs:
        values["organs"] = [_organ(organ) for organ in meta.organs]
    for key in _SIMPLE_META[2:]:
        values[key] = getattr(meta, key)
    values["date"] = meta.date.isoformat() if meta.date else ""
    values.update({key: getattr(meta, key) for key in _LATER_META})
    return {key: value for key, value in values.items() if value}


def _organ(organ: Organ) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organ": organ.name,
        "subsidiary": organ.subsidiary,
        "session": organ.session,
        "session_dates": organ.session_dates,
    }
    if organ.agenda:
        values["agenda"] = [
            {"item": item.number, "title": item.title} if item.title else {"item": item.number}
            for item in organ.agenda
        ]
    values["agenda_note"] = organ.agenda_note
    values["agenda_label"] = organ.agenda_label
    return {key: value for key, value in values.items() if value}


class _Blocks(NodeVisitor[dict[str, Any]]):
    """Each block kind as its canonical mapping."""

    FORMAT = "yaml"

    def __init__(self) -> None:
        self.expected: int | None = None  # the number the next numbered paragraph would get

    def visit_Heading(self, block: Heading) -> dict[str, Any]:
        item: dict[str, Any] = {"heading": to_markup(block.children, "yaml")}
        if block.level != 1:
            item["level"] = block.level
        if block.label or block.unlabelled:
            item["label"] = block.label
        return item

    def visit_NumberedPara(self, block: NumberedPara) -> dict[str, Any]:
        item: dict[str, Any] = {"para": to_markup(block.children, "yaml")}
        if self.expected is None and block.number != 1:  # where counting starts: an excerpt from 51
            item["number"] = block.number
        self.expected = block.number + 1
        return item

    def visit_Para(self, block: Para) -> dict[str, Any]:
        return {"text": to_markup(block.children, "yaml")}

    def visit_Preamble(self, block: Preamble) -> dict[str, Any]:
        return {"preamble": to_markup(block.children, "yaml")}

    def visit_Quote(self, block: Quote) -> dict[str, Any]:
        item: dict[str, Any] = {"quote": to_markup(block.children, "yaml")}
        if block.language:
            item["lang"] = block.language
        return item

    def visit_EnumList(self, block: EnumList) -> dict[str, Any]:
        return {"list": [_item(item) for item in block.items]}

    def visit_Annex(self, block: Annex) -> dict[str, Any]:
        item: dict[str, Any] = {"annex": block.label}
        if block.title:
            item["title"] = to_markup(block.title, "yaml")
        if not block.restart:
            item["numbering"] = "continue"
        else:
            self.expected = None
        return item

    def visit_Signature(self, block: Signature) -> dict[str, Any]:
        return {"signature": [to_markup(line, "yaml") for line in block.lines]}


def _item(item: ListItem) -> Any:
    first = f"{item.label} {to_markup(item.children, 'yaml')}"
    if not item.blocks:
        return first
    return {"item": first, "body": [_item_block(block) for block in item.blocks]}


def _item_block(block: Block) -> dict[str, Any]:
    if isinstance(block, EnumList):
        return {"list": [_item(item) for item in block.items]}
    if isinstance(block, Para):
        return {"text": to_markup(block.children, "yaml")}
    raise RenderError(f"yaml: a list item cannot hold a {type(block).__name__}", block.pos)
