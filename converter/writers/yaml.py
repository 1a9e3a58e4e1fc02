"""Writer for the canonical source (r2p/1): what ``--to yaml`` and the txt reader produce.

The output is stable: reading it back and writing again gives the same bytes.
Paragraph numbers are left out (they are implied by order), footnotes are
keyed by their labels, and every string is quoted by PyYAML's own emitter.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..canonical import FORMAT, META_KEYS
from ..errors import RenderError
from ..model import Document, EnumList, Heading, Item, Metadata, NumberedPara, Para, Quote
from . import WriteOptions
from .clean import clean_document
from .markup import to_markup
from .visitor import NodeVisitor

HEADER = "# r2p-convert canonical source: see docs/source-format.md\n"


# libyaml's emitter when present: ten times faster than the pure-Python one,
# and the two lay out this data the same way.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write(doc: Item, options: WriteOptions) -> bytes:
    if not isinstance(doc, Document):
        raise RenderError("a briefing pack is written as pdf, docx or html, not yaml", doc.pos)
    doc = clean_document(doc, options.warn, "yaml")
    blocks = _Blocks()
    data: dict[str, Any] = {
        "format": FORMAT,
        "meta": _meta(doc.meta),
        "body": [blocks.visit(block) for block in doc.blocks],
    }
    if doc.notes:
        data["notes"] = {note.label: to_markup(note.children, "yaml") for note in doc.notes}
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**9)
    return (HEADER + text).encode("utf-8")


def _meta(meta: Metadata) -> dict[str, str]:
    values = {key: getattr(meta, key) for key in META_KEYS}
    values["date"] = meta.date.isoformat() if meta.date else ""
    return {key: str(value) for key, value in values.items() if value}


class _Blocks(NodeVisitor[dict[str, Any]]):
    """Each block kind as its canonical mapping."""

    FORMAT = "yaml"

    def visit_Heading(self, block: Heading) -> dict[str, Any]:
        item: dict[str, Any] = {"heading": to_markup(block.children, "yaml")}
        if block.level != 1:
            item["level"] = block.level
        return item

    def visit_NumberedPara(self, block: NumberedPara) -> dict[str, Any]:
        return {"para": to_markup(block.children, "yaml")}

    def visit_Para(self, block: Para) -> dict[str, Any]:
        return {"text": to_markup(block.children, "yaml")}

    def visit_Quote(self, block: Quote) -> dict[str, Any]:
        return {"quote": to_markup(block.children, "yaml")}

    def visit_EnumList(self, block: EnumList) -> dict[str, Any]:
        return {"list": [f"{item.label} {to_markup(item.children, 'yaml')}" for item in block.items]}
