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
from ..inline import to_markup
from ..model import Block, Document, EnumList, Heading, Item, Metadata, NumberedPara, Para, Quote
from . import WriteOptions
from .clean import clean_document

HEADER = "# r2p-convert canonical source: see docs/source-format.md\n"


# libyaml's emitter when present: ten times faster than the pure-Python one,
# and the two lay out this data the same way.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write(doc: Item, options: WriteOptions) -> bytes:
    if not isinstance(doc, Document):
        raise RenderError("a briefing pack is written as pdf, docx or html, not yaml", doc.pos)
    doc = clean_document(doc, options.warn, "yaml")
    data: dict[str, Any] = {
        "format": FORMAT,
        "meta": _meta(doc.meta),
        "body": [_block(block) for block in doc.blocks],
    }
    if doc.notes:
        data["notes"] = {note.label: to_markup(note.children) for note in doc.notes}
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**9)
    return (HEADER + text).encode("utf-8")


def _meta(meta: Metadata) -> dict[str, str]:
    values = {key: getattr(meta, key) for key in META_KEYS}
    values["date"] = meta.date.isoformat() if meta.date else ""
    return {key: str(value) for key, value in values.items() if value}


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Heading):
        item: dict[str, Any] = {"heading": to_markup(block.children)}
        if block.level != 1:
            item["level"] = block.level
        return item
    if isinstance(block, NumberedPara):
        return {"para": to_markup(block.children)}
    if isinstance(block, Para):
        return {"text": to_markup(block.children)}
    if isinstance(block, Quote):
        return {"quote": to_markup(block.children)}
    if isinstance(block, EnumList):
        return {"list": [f"{item.label} {to_markup(item.children)}" for item in block.items]}
    raise TypeError(f"unknown block {type(block).__name__}")
