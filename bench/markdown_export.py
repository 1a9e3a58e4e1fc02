"""The model as Pandoc Markdown, so Pandoc can be timed on the same documents."""

from __future__ import annotations

from converter.model import (
    Document,
    Emph,
    EnumList,
    FootnoteRef,
    Heading,
    Inline,
    Link,
    NumberedPara,
    Para,
    Quote,
    Strong,
    SymbolRef,
    Text,
)  # fmt: skip


def _inlines(children: tuple[Inline, ...]) -> str:
    parts = []
    for node in children:
        if isinstance(node, Text):
            parts.append(node.text.replace("*", "\\*").replace("[", "\\["))
        elif isinstance(node, SymbolRef):
            parts.append(f"[{node.symbol}]({node.url})")
        elif isinstance(node, FootnoteRef):
            parts.append(f"[^{node.label}]")
        elif isinstance(node, Emph):
            parts.append(f"*{_inlines(node.children)}*")
        elif isinstance(node, Strong):
            parts.append(f"**{_inlines(node.children)}**")
        elif isinstance(node, Link):
            parts.append(f"[{_inlines(node.children)}]({node.url})")
    return "".join(parts)


def to_markdown(doc: Document) -> str:
    out = [f'---\ntitle: "{doc.meta.title}"\nlang: {doc.meta.language}\n---\n']
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + _inlines(block.children))
        elif isinstance(block, NumberedPara):
            out.append(f"{block.number}\\. {_inlines(block.children)}")
        elif isinstance(block, Para):
            out.append(_inlines(block.children))
        elif isinstance(block, Quote):
            out.append("> " + _inlines(block.children))
        elif isinstance(block, EnumList):
            out.append("\n".join(f"{item.label} {_inlines(item.children)}" for item in block.items))
    out.extend(f"[^{note.label}]: {_inlines(note.children)}" for note in doc.notes)
    return "\n\n".join(out) + "\n"
