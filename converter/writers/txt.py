"""Writer for plain text in the seed's layout, which the txt reader reads back."""

from __future__ import annotations

import textwrap

from ..errors import ConversionWarning, RenderError
from ..model import Document, EnumList, Heading, Item, NumberedPara, Para, Quote
from ..wording import dateline
from . import WriteOptions
from .clean import clean_document
from .markup import to_markup
from .visitor import NodeVisitor

TITLE_WIDTH = 88  # the seed wraps its title at this width


def write(doc: Item, options: WriteOptions) -> bytes:
    if not isinstance(doc, Document):
        raise RenderError("a briefing pack is written as pdf, docx or html, not txt", doc.pos)
    doc = clean_document(doc, options.warn, "txt")
    meta = doc.meta
    # The title is plain text (no inline markup), as in the canonical source.
    title = textwrap.fill(f"**{meta.title}**", TITLE_WIDTH, break_long_words=False)
    chunks = [title, dateline(meta.place, meta.date, meta.language), _kind(doc, options)]
    blocks = _Blocks()
    chunks.extend(blocks.visit(block) for block in doc.blocks)
    chunks.extend(f"[^{note.label}]: {to_markup(note.children, 'txt')}" for note in doc.notes)
    return ("\n\n".join(chunk for chunk in chunks if chunk) + "\n").encode("utf-8")


def _kind(doc: Document, options: WriteOptions) -> str:
    """The document kind, which plain text marks by writing it in capitals."""
    kind = doc.meta.kind
    if kind and not (kind == kind.upper() and any(ch.isalpha() for ch in kind)):
        message = "txt: the document kind is not in capitals, so plain text cannot mark it; it is left out"
        options.warn(ConversionWarning(message, doc.meta.pos))
        return ""
    return kind


class _Blocks(NodeVisitor[str]):
    """Each block kind in the seed's layout."""

    FORMAT = "txt"

    def visit_Heading(self, block: Heading) -> str:
        marker = "" if block.level == 1 else "#" * block.level + " "
        return marker + to_markup(block.children, "txt")

    def visit_NumberedPara(self, block: NumberedPara) -> str:
        return f"{block.number}. {to_markup(block.children, 'txt')}"

    def visit_Para(self, block: Para) -> str:
        return to_markup(block.children, "txt")

    def visit_Quote(self, block: Quote) -> str:
        return "> " + to_markup(block.children, "txt")

    def visit_EnumList(self, block: EnumList) -> str:
        return "\n".join(f"{item.label} {to_markup(item.children, 'txt')}" for item in block.items)
