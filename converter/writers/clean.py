"""Characters an output format cannot hold, dropped with a warning that says where.

Readers already refuse control characters; this guards writers against models
built in code (or by future readers), so no writer crashes or writes an
invalid file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ..canonical import Unprintables
from ..errors import ConversionWarning, R2PError
from ..model import Document, Pos

# XML 1.0 (DOCX, HTML as served) cannot hold C0 controls but tab and newline,
# lone surrogates or U+FFFE/U+FFFF; carriage returns are turned into newlines.
XML_INVALID = Unprintables("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", allowed="\t\n")


def clean_text(text: str, pos: Pos | None, warn: Callable[[R2PError], None], fmt: str) -> str:
    """``text`` without characters ``fmt`` cannot hold; each dropped one is reported."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if XML_INVALID.absent_from(text):
        return text
    for char in sorted(set(XML_INVALID.pattern.findall(text))):
        warn(ConversionWarning(f"{fmt}: dropped character U+{ord(char):04X}, which {fmt} cannot hold", pos))
    return XML_INVALID.pattern.sub("", text)


def clean_document(doc: Document, warn: Callable[[R2PError], None], fmt: str) -> Document:
    """A document whose every string ``fmt`` can hold (for writers that serialise text whole)."""

    def clean_node(node: Any) -> Any:
        if isinstance(node, str):
            return clean_text(node, getattr(node, "pos", None), warn, fmt)
        if isinstance(node, tuple):
            return tuple(clean_node(child) for child in node)
        if dataclasses.is_dataclass(node) and not isinstance(node, type):
            changes = {
                f.name: _clean_field(getattr(node, f.name), node)
                for f in dataclasses.fields(node)
                if f.name != "pos"
            }
            return dataclasses.replace(node, **changes)
        return node

    def _clean_field(value: Any, owner: Any) -> Any:
        if isinstance(value, str):
            return clean_text(value, getattr(owner, "pos", None), warn, fmt)
        return clean_node(value)

    cleaned: Document = clean_node(doc)
    return cleaned
