"""Writer for plain text in the seed's layout, which the txt reader reads back."""

from __future__ import annotations

import textwrap

from ..errors import ConversionWarning, RenderError
from ..inline import to_markup
from ..model import Block, Document, EnumList, Heading, Item, NumberedPara, Para, Quote
from ..wording import dateline
from . import WriteOptions
from .clean import clean_document

TITLE_WIDTH = 88  # the seed wraps its title at this width


def write(doc: Item, options: WriteOptions) -> bytes:
    if not isinstance(doc, Document):
        raise RenderError("a briefing pack is written as pdf, docx or html, not txt", doc.pos)
    doc = clean_document(doc, options.warn, "txt")
    meta = doc.meta
    # The title is plain text (no inline markup), as in the canonical source.
    title = textwrap.fill(f"**{meta.title}**", TITLE_WIDTH, break_long_words=False)
    chunks = [title, dateline(meta.place, meta.date, meta.language), _kind(doc, options)]
    chunks.extend(_block(block) for block in doc.blocks)
    chunks.extend(f"[^{note.label}]: {to_markup(note.children)}" for note in doc.notes)
    return ("\n\n".join(chunk for chunk in chunks if chunk) + "\n").encode("utf-8")


def _kind(doc: Document, options: WriteOptions) -> str:
    """The document kind, which plain text marks by writing it in capitals."""
    kind = doc.meta.kind
    if kind and not (kind == kind.upper() and any(ch.isalpha() for ch in kind)):
        message = "txt: the document kind is not in capitals, so plain text cannot mark it; it is left out"
        options.warn(ConversionWarning(message, doc.meta.pos))
        return ""
    return kind


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
