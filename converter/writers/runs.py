"""One flattening of inline content into styled runs, shared by the DOCX and PDF writers.

A run is text with the styles in force (emphasis, strong, a link target) or a
footnote call.  Nested markup becomes flags, so each writer maps a run to its
own character style once instead of walking the tree itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Emph, FootnoteRef, Inline, Link, Pos, Strong, SymbolRef, Text


@dataclass(frozen=True)
class Run:
    text: str
    emph: bool = False
    strong: bool = False
    url: str | None = None  # a link or a document symbol's undocs.org address
    note: int | None = None  # a footnote call: ``text`` is its number
    pos: Pos | None = None


def flatten(
    children: tuple[Inline, ...], emph: bool = False, strong: bool = False, url: str | None = None
) -> list[Run]:
    runs: list[Run] = []
    for node in children:
        if isinstance(node, Text):
            runs.append(Run(node.text, emph, strong, url, pos=node.pos))
        elif isinstance(node, SymbolRef):
            runs.append(Run(node.symbol, emph, strong, url or node.url, pos=node.pos))
        elif isinstance(node, FootnoteRef):
            runs.append(Run(str(node.number), note=node.number, pos=node.pos))
        elif isinstance(node, Emph):
            runs.extend(flatten(node.children, True, strong, url))
        elif isinstance(node, Strong):
            runs.extend(flatten(node.children, emph, True, url))
        elif isinstance(node, Link):
            runs.extend(flatten(node.children, emph, strong, node.url))
        else:
            raise TypeError(f"unknown inline {type(node).__name__}")
    return runs
