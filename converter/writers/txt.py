"""Writer for plain text in the seed's layout, which the txt reader reads back."""

from __future__ import annotations

import textwrap

from ..errors import RenderError
from ..inline import to_markup
from ..model import Block, Document, EnumList, Heading, Item, NumberedPara, Para, Quote
from ..wording import dateline
from . import WriteOptions

TITLE_WIDTH = 88  # the seed wraps its title at this width


def write(doc: Item, options: WriteOptions) -> bytes:
    if not isinstance(doc, Document):
        raise RenderError("a briefing pack is written as pdf, docx or html, not txt", doc.pos)
    meta = doc.meta
    # The title is plain text (no inline markup), as in the canonical source.
    title = textwrap.fill(f"**{meta.title}**", TITLE_WIDTH, break_long_words=False)
    chunks = [title, dateline(meta.place, meta.date, meta.language), meta.kind]
    chunks.extend(_block(block) for block in doc.blocks)
    chunks.extend(f"[^{note.label}]: {to_markup(note.children)}" for note in doc.notes)
    return ("\n\n".join(chunk for chunk in chunks if chunk) + "\n").encode("utf-8")


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        marker = "" if block.level == 1 else "#" * block.level + " "
        return marker + to_markup(block.children)
    if isinstance(block, NumberedPara):
        return f"{block.number}. {to_markup(block.children)}"
    if isinstance(block, Para):
        return to_markup(block.children)
    if isinstance(block, Quote):
        return "> " + to_markup(block.children)
    if isinstance(block, EnumList):
        return "\n".join(f"{item.label} {to_markup(item.children)}" for item in block.items)
    raise TypeError(f"unknown block {type(block).__name__}")
