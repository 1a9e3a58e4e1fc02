"""Writer for plain text in the seed's layout, which the txt reader reads back."""

from __future__ import annotations

import re
import textwrap

from ..errors import ConversionWarning, RenderError
from ..model import Document, EnumList, Heading, Inline, Item, NumberedPara, Para, Quote
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
    chunks.extend(f"[^{note.label}]: {_text(note.children)}" for note in doc.notes)
    return ("\n\n".join(chunk for chunk in chunks if chunk) + "\n").encode("utf-8")


def _kind(doc: Document, options: WriteOptions) -> str:
    """The document kind, which plain text marks by writing it in capitals."""
    kind = doc.meta.kind
    if kind and not (kind == kind.upper() and any(ch.isalpha() for ch in kind)):
        message = "txt: the document kind is not in capitals, so plain text cannot mark it; it is left out"
        options.warn(ConversionWarning(message, doc.meta.pos))
        return ""
    return kind


# A line break inside a block, with the spaces around it: written as one space, since a
# blank line would end the block and a new line could open another ("7. ...", "## ...").
# Every other format shows such a break as a space too.
_BREAK = re.compile(r"[ \t]*\n\s*")
# What the txt reader takes for the start of another kind of block, when a block that has
# no mark of its own (a paragraph, a level-1 heading) begins with it: escaped.
_LOOKS_MARKED = re.compile(r"\d{1,6}[.)]|\(\w{1,6}\)|>|#{2,3}\s")


def _text(children: tuple[Inline, ...]) -> str:
    return _BREAK.sub(" ", to_markup(children, "txt"))


def _unmarked(children: tuple[Inline, ...]) -> str:
    """A block's text where nothing marks its kind: a leading look-alike of another
    kind's mark is escaped, so the text reads back as the same kind of block."""
    text = _text(children)
    found = _LOOKS_MARKED.match(text)
    if found is None:
        return text
    mark = found.group()
    at = next(index for index, char in enumerate(mark) if not char.isdigit())  # "7." -> ".", "(a)" -> "("
    return text[:at] + "\\" + text[at:]


class _Blocks(NodeVisitor[str]):
    """Each block kind in the seed's layout."""

    FORMAT = "txt"

    def visit_Heading(self, block: Heading) -> str:
        if block.level == 1:
            return _unmarked(block.children)
        return "#" * block.level + " " + _text(block.children)

    def visit_NumberedPara(self, block: NumberedPara) -> str:
        return f"{block.number}. {_text(block.children)}"

    def visit_Para(self, block: Para) -> str:
        return _unmarked(block.children)

    def visit_Quote(self, block: Quote) -> str:
        return "> " + _text(block.children)

    def visit_EnumList(self, block: EnumList) -> str:
        return "\n".join(f"{item.label} {_text(item.children)}" for item in block.items)
