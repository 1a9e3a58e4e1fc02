"""One flattening of inline content into styled runs, shared by the DOCX and PDF writers.

A run is text with the styles in force (emphasis, strong, a link target) or a
footnote call.  Nested markup becomes flags, so each writer maps a run to its
own character style once instead of walking the tree itself.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Emph, FootnoteRef, Inline, LineBreak, Link, Pos, Strong, SymbolRef, Text
from ..records import record
from .visitor import NodeVisitor


@record
class Run:
    text: str
    emph: bool = False
    strong: bool = False
    url: str | None = None  # a link or a document symbol's undocs.org address
    note: int | None = None  # a footnote call: ``text`` is its number
    occurrence: int = 0  # which call of that note (1: the first, where the note is placed)
    line_break: bool = False  # a line break inside the block (``text`` is "\n")
    pos: Pos | None = None


def flatten(children: tuple[Inline, ...], fmt: str) -> list[Run]:
    """``children`` as runs; ``fmt`` names the writer in errors about unknown nodes."""
    flattener = _Flattener()
    flattener.FORMAT = fmt
    for node in children:
        flattener.visit(node)
    return flattener.runs


class _Flattener(NodeVisitor[None]):
    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.style = Run("")  # the flags in force; its text is unused

    def _styled(self, text: str, pos: Pos | None, url: str | None = None) -> Run:
        return replace(self.style, text=text, url=self.style.url or url, pos=pos)

    def visit_Text(self, node: Text) -> None:
        self.runs.append(self._styled(node.text, node.pos))

    def visit_SymbolRef(self, node: SymbolRef) -> None:
        self.runs.append(self._styled(node.symbol, node.pos, node.url))

    def visit_FootnoteRef(self, node: FootnoteRef) -> None:
        self.runs.append(Run(str(node.number), note=node.number, occurrence=node.occurrence, pos=node.pos))

    def visit_LineBreak(self, node: LineBreak) -> None:
        self.runs.append(Run("\n", line_break=True, pos=node.pos))

    def visit_Emph(self, node: Emph) -> None:
        self._inside(node.children, replace(self.style, emph=True))

    def visit_Strong(self, node: Strong) -> None:
        self._inside(node.children, replace(self.style, strong=True))

    def visit_Link(self, node: Link) -> None:
        self._inside(node.children, replace(self.style, url=node.url))

    def _inside(self, children: tuple[Inline, ...], style: Run) -> None:
        outer, self.style = self.style, style
        for child in children:
            self.visit(child)
        self.style = outer
