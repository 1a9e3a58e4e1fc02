"""Model inlines -> the inline markup ``inline.parse_inline`` reads back (yaml and txt writers).

Text is escaped so that it reads back as text; symbols are written as their
text (the transforms find them again).
"""

from __future__ import annotations

from ..canonical import escape_markup
from ..model import Emph, FootnoteRef, Inline, LineBreak, Link, Strong, SymbolRef, Text
from .visitor import NodeVisitor


def to_markup(children: tuple[Inline, ...], fmt: str = "markup") -> str:
    writer = _MarkupWriter()
    writer.FORMAT = fmt
    return "".join(writer.visit(node) for node in children)


class _MarkupWriter(NodeVisitor[str]):
    def _children(self, children: tuple[Inline, ...]) -> str:
        return "".join(self.visit(node) for node in children)

    def visit_Text(self, node: Text) -> str:
        return escape_markup(node.text)

    def visit_SymbolRef(self, node: SymbolRef) -> str:
        return escape_markup(node.symbol)

    def visit_FootnoteRef(self, node: FootnoteRef) -> str:
        return f"[^{node.label}]"

    def visit_LineBreak(self, node: LineBreak) -> str:
        return "\\\n"

    def visit_Emph(self, node: Emph) -> str:
        return f"*{self._children(node.children)}*"

    def visit_Strong(self, node: Strong) -> str:
        return f"**{self._children(node.children)}**"

    def visit_Link(self, node: Link) -> str:
        url = node.url
        if any(ch in url for ch in " ()<>"):
            url = f"<{url}>"
        return f"[{self._children(node.children)}]({url})"
