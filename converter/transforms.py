"""Small, ordered model -> model steps run on every document after reading.

1. ``link_symbols``: UN document symbols in text become ``SymbolRef`` nodes.
2. ``number_paragraphs``: numbered paragraphs are numbered 1..N through the
   document; explicit numbers from a source must already be consecutive.
3. ``number_footnotes``: footnotes are numbered in order of first call and
   every call must name a footnote that exists; each call learns whether it
   is the note's first (``occurrence``), so no writer decides that for itself.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from .errors import InputError
from .model import (
    Block,
    Document,
    Emph,
    EnumList,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    Link,
    ListItem,
    NumberedPara,
    Para,
    Quote,
    Strong,
    SymbolRef,
    Text,
)

# The series that open UN document symbols ("A/RES/60/1", "S/2015/500",
# "E/CN.4/2005/L.10", "CCPR/C/GC/36").  A closed list keeps look-alikes such as
# dates (8/9/2015), fractions (1/2) and "TCP/IP" from being taken for symbols.
SERIES = (
    "A",
    "S",
    "E",
    "ST",
    "T",
    "DP",
    "TD",
    "UNEP",
    "ICEF",
    "UNW",
    "HRC",
    "CRC",
    "CCPR",
    "CEDAW",
    "CERD",
    "CAT",
    "CMW",
    "CRPD",
    "CED",
    "DPI",
    "SG",
    "UNDP",
    "UNFPA",
)
_SEGMENT = r"[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*"
SYMBOL_RE = re.compile(
    r"(?<![\w/.\-])"  # not inside a longer word or path
    rf"(?:{'|'.join(sorted(SERIES, key=len, reverse=True))})"
    rf"(?:/{_SEGMENT}){{2,}}"  # at least two more parts: S/2015/500
    r"(?: \((?:19|20)\d\d\))?"  # the year of a Security Council resolution
    r"(?![\w/])"
)


def find_symbols(text: str) -> list[tuple[int, int]]:
    """Spans of the UN document symbols in ``text``; each must hold a digit."""
    return [m.span() for m in SYMBOL_RE.finditer(text) if any(ch.isdigit() for ch in m.group())]


def apply_all(doc: Document) -> Document:
    for step in TRANSFORMS:
        doc = step(doc)
    return doc


# --- symbols -------------------------------------------------------------------


def link_symbols(doc: Document) -> Document:
    return dataclasses.replace(
        doc,
        blocks=tuple(_map_block_inlines(block, _symbols_in) for block in doc.blocks),
        notes=tuple(dataclasses.replace(note, children=_symbols_in(note.children)) for note in doc.notes),
    )


def _symbols_in(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in children:
        if isinstance(node, Text):
            out.extend(_split_symbols(node))
        elif isinstance(node, (Emph, Strong)):
            out.append(dataclasses.replace(node, children=_symbols_in(node.children)))
        else:  # a link's text is already a link; symbols and calls have no text
            out.append(node)
    return tuple(out)


def _split_symbols(node: Text) -> list[Inline]:
    pieces: list[Inline] = []
    last = 0
    for start, end in find_symbols(node.text):
        if start > last:
            pieces.append(Text(node.text[last:start], pos=node.pos))
        pieces.append(SymbolRef(node.text[start:end], pos=node.pos))
        last = end
    if last < len(node.text):
        pieces.append(Text(node.text[last:], pos=node.pos))
    return pieces


def _map_block_inlines(block: Block, fn: Callable[[tuple[Inline, ...]], tuple[Inline, ...]]) -> Block:
    if isinstance(block, EnumList):
        items = tuple(dataclasses.replace(item, children=fn(item.children)) for item in block.items)
        return dataclasses.replace(block, items=items)
    if isinstance(block, (Heading, NumberedPara, Para, Quote)):
        return dataclasses.replace(block, children=fn(block.children))
    raise TypeError(f"unknown block {type(block).__name__}")


# --- paragraph numbers ------------------------------------------------------------


def number_paragraphs(doc: Document) -> Document:
    blocks: list[Block] = []
    expected = 1
    for block in doc.blocks:
        if isinstance(block, NumberedPara):
            if block.number and block.number != expected:
                raise InputError(
                    f"paragraph number {block.number} should be {expected}: "
                    "numbered paragraphs must run 1, 2, 3, ... without gaps or repeats",
                    block.pos,
                )
            block = dataclasses.replace(block, number=expected)
            expected += 1
        blocks.append(block)
    return dataclasses.replace(doc, blocks=tuple(blocks))


# --- footnotes -------------------------------------------------------------------


def number_footnotes(doc: Document) -> Document:
    """Number footnotes by first call; uncalled or undefined footnotes are errors."""
    defined = {note.label: note for note in doc.notes}
    order: dict[str, int] = {}
    calls: dict[str, int] = {}  # label -> calls so far: which call is the first is decided here, once

    def renumber(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(_renumber_call(node, defined, order, calls, renumber) for node in children)

    blocks = tuple(_map_block_inlines(block, renumber) for block in doc.blocks)
    for note in doc.notes:
        if note.label not in order:
            raise InputError(f"footnote [^{note.label}] is never called in the text", note.pos)
    notes = sorted(
        (dataclasses.replace(note, number=order[note.label]) for note in doc.notes),
        key=lambda note: note.number,
    )
    return dataclasses.replace(doc, blocks=blocks, notes=tuple(notes))


def _renumber_call(
    node: Inline,
    defined: dict[str, Footnote],
    order: dict[str, int],
    calls: dict[str, int],
    renumber: Callable[[tuple[Inline, ...]], tuple[Inline, ...]],
) -> Inline:
    if isinstance(node, FootnoteRef):
        if node.label not in defined:
            raise InputError(f"footnote [^{node.label}] is called but not defined", node.pos)
        number = order.setdefault(node.label, len(order) + 1)
        calls[node.label] = calls.get(node.label, 0) + 1
        return dataclasses.replace(node, number=number, occurrence=calls[node.label])
    if isinstance(node, (Emph, Strong, Link)):
        return dataclasses.replace(node, children=renumber(node.children))
    return node


TRANSFORMS: tuple[Callable[[Document], Document], ...] = (
    link_symbols,
    number_paragraphs,
    number_footnotes,
)

__all__ = ["TRANSFORMS", "ListItem", "apply_all", "find_symbols"]
