"""Model inlines -> the inline markup ``inline.parse_inline`` reads back (yaml and txt writers).

Text is escaped so that it reads back as text; symbols are written as their
text (the transforms find them again).
"""

from __future__ import annotations

import re

from ..canonical import escape_markup
from ..errors import InputError
from ..inline import parse_inline
from ..model import Emph, FootnoteRef, Inline, LineBreak, Link, Strong, SymbolRef, Text
from .visitor import NodeVisitor

MAX_ESCAPES_TRIED = 16
# An escaped asterisk (not one after an escaped backslash).
_ESCAPED_ASTERISK = re.compile(r"(?<!\\)((?:\\\\)*)\\\*")


def to_markup(children: tuple[Inline, ...], fmt: str = "markup") -> str:
    writer = _MarkupWriter()
    writer.FORMAT = fmt
    return _lightly_escaped("".join(writer.visit(node) for node in children))


def _lightly_escaped(markup: str) -> str:
    """Asterisks that the markup reads literally anyway ("A/70/150*", "5*3") are left
    unescaped, as a person would write them; the escapes stay where they are needed.
    Each escape is dropped only if the text still reads the same without it (a few at
    most in a block; past that, all of them or none)."""
    if "\\*" not in markup:
        return markup
    meaning = _parsed(markup)
    escapes = [match.end() - 2 for match in _ESCAPED_ASTERISK.finditer(markup)]
    if len(escapes) > MAX_ESCAPES_TRIED:
        lighter = _ESCAPED_ASTERISK.sub(r"\1*", markup)
        return lighter if _parsed(lighter) == meaning else markup
    for at in reversed(escapes):  # from the end, so the earlier positions stay right
        lighter = markup[:at] + markup[at + 1 :]
        if _parsed(lighter) == meaning:
            markup = lighter
    return markup


def _parsed(markup: str) -> object:
    try:
        return parse_inline(markup, None)
    except InputError:
        return None


class _MarkupWriter(NodeVisitor[str]):
    def _children(self, children: tuple[Inline, ...]) -> str:
        return "".join(self.visit(node) for node in children)

    in_link = False  # inside a link's text, where "]" would end it

    def visit_Text(self, node: Text) -> str:
        text = escape_markup(node.text)
        return text.replace("]", "\\]") if self.in_link else text

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
        outer, self.in_link = self.in_link, True
        text = self._children(node.children)
        self.in_link = outer
        return f"[{text}]({url})"
