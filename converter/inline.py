"""The small inline markup shared by both readers, parsed with markdown-it-py.

Only five constructs are markup: ``*emphasis*``, ``**strong**``,
``[text](https://…)``, footnote calls ``[^label]`` and a line break (a
backslash at the end of a line); a backslash escapes ``\\ * [``.  Everything
else is text: ``<``, ``&``, ``{{ }}``, underscores (``__init__``), and
asterisks around text without a letter (a barcode ``*1808811*``) or without a
partner (a reissued symbol ``A/70/150*``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

from .canonical import MARKUP_CHARS
from .model import Emph, FootnoteRef, Inline, LineBreak, Link, Pos, Strong, Text


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported on first use: about 15 ms

    md = MarkdownIt("zero").enable(["emphasis", "link", "escape"])
    md.inline.ruler.before("link", "footnote_ref", _footnote_ref_rule)
    return md


def linkable(url: str) -> bool:
    """Whether a source may link to ``url``: the inline markup's own rule (markdown-it's),
    which refuses javascript:, vbscript:, file: and data: addresses; other readers apply it
    to the links they find, so that every reader gives the writers the same links."""
    md = _parser()
    return bool(url.strip()) and bool(md.validateLink(md.normalizeLink(url)))


def normal_link(url: str) -> str:
    """An address as the inline markup keeps it (percent-encoded where it must be)."""
    return str(_parser().normalizeLink(url))


def writable(children: tuple[Inline, ...]) -> bool:
    """Whether the inline markup can write these inlines so that they read back the same.
    Word formats what the markup cannot (emphasis that ends in the middle of a word next
    to punctuation, bold that meets italic in "****"); a reader that gets such inlines
    from elsewhere asks this, so that every source it makes reads back as it was read."""
    from .writers.markup import to_markup  # the markup's writing half (imported when asked)

    try:
        return parse_inline(to_markup(children), None) == children
    except InputError:
        return False


def _footnote_ref_rule(state: StateInline, silent: bool) -> bool:
    """``[^label]``: a call to a footnote (labels: letters, digits, - and _)."""
    src, start = state.src, state.pos
    if not src.startswith("[^", start):
        return False
    end = src.find("]", start + 2)
    label = src[start + 2 : end] if end > 0 else ""
    if not label or not all(ch.isalnum() or ch in "-_" for ch in label):
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"label": label}
    state.pos = end + 1
    return True


def parse_inline(text: str, pos: Pos | None) -> tuple[Inline, ...]:
    """Text with inline markup -> model inlines, all carrying ``pos``."""
    if not any(ch in text for ch in MARKUP_CHARS):
        # No character that can start markup: the parser would return the text
        # unchanged, so skip it (and, for most documents, importing it at all).
        return (Text(text, pos=pos),) if text else ()
    tokens = _parser().parseInline(_underscores_literal(text))[0].children or []
    nodes, rest = _build(tokens, 0, None, pos)
    assert rest == len(tokens)
    return merge_text(nodes)


def _build(
    tokens: Sequence[Token], index: int, closing: str | None, pos: Pos | None
) -> tuple[list[Inline], int]:
    """Build nodes from ``tokens[index:]`` up to the token of type ``closing``."""
    nodes: list[Inline] = []
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type == closing:
            return nodes, index
        if token.type == "text":
            nodes.append(Text(token.content, pos=pos))
        elif token.type == "footnote_ref":
            nodes.append(FootnoteRef(token.meta["label"], pos=pos))
        elif token.type == "hardbreak":
            nodes.append(LineBreak(pos=pos))
        elif token.type == "softbreak":
            nodes.append(Text("\n", pos=pos))
        elif token.type in ("em_open", "strong_open", "link_open"):
            children, index = _build(tokens, index, token.type.replace("_open", "_close"), pos)
            built = _container(token, tuple(merge_text(children)), pos)
            nodes.extend(built) if isinstance(built, tuple) else nodes.append(built)
        else:  # the enabled rules produce nothing else
            raise InputError(f"unexpected inline markup {token.type!r}", pos)
    return nodes, index


def _container(token: Token, children: tuple[Inline, ...], pos: Pos | None) -> Inline | tuple[Inline, ...]:
    if token.type == "link_open":
        return Link(children, str(token.attrs["href"]), pos=pos)
    if not any(char.isalpha() for char in _letters(children)):  # *1808811*: a barcode, not emphasis
        mark = Text(token.markup, pos=pos)
        return (mark, *children, mark)
    return Emph(children, pos=pos) if token.type == "em_open" else Strong(children, pos=pos)


def _letters(children: tuple[Inline, ...]) -> str:
    return "".join(
        node.text if isinstance(node, Text) else _letters(getattr(node, "children", ())) for node in children
    )


def _underscores_literal(text: str) -> str:
    """Underscores are never markup here (``__init__``, ``snake_case``): escape each one
    that is not escaped already, so markdown-it reads it as text."""
    if "_" not in text:
        return text
    out = []
    escaped = False
    for char in text:
        if char == "_" and not escaped:
            out.append("\\")
        out.append(char)
        escaped = char == "\\" and not escaped
    return "".join(out)


def merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    """Join neighbouring text nodes, so equal text always gives equal models."""
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text, pos=merged[-1].pos)
        else:
            merged.append(node)
    return tuple(node for node in merged if not (isinstance(node, Text) and not node.text))
