"""Reader for the canonical source: one UTF-8 YAML file per document (format r2p/1).

The format is documented in docs/source-format.md and described by the JSON
Schema in converter/schema/r2p-1.schema.json.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..canonical import BLOCK_KEYS, FORMAT, META_KEYS, TOP_KEYS
from ..errors import InputError
from ..inline import parse_inline
from ..model import (
    Block,
    Document,
    EnumList,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    ListItem,
    Metadata,
    NumberedPara,
    Para,
    Pos,
    Quote,
)
from . import fields
from .pack import Manifest, is_manifest, manifest_from_tree
from .yamltree import Node, decode_source, load

_LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_LIST_LABEL_RE = re.compile(r"(\(\w{1,6}\)|\w{1,6}[.)]|[•\-–])\s+")


def read(data: bytes, path: str) -> Document | Manifest:
    """A document, or a briefing pack's manifest when the top level has a ``pack:`` key."""
    root = load(decode_source(data, path), path)
    if is_manifest(root):
        return manifest_from_tree(root, path)
    return document_from_tree(root, path)


def document_from_tree(root: Node, path: str) -> Document:
    top = fields.mapping(root, "the document", TOP_KEYS)
    _check_format(top, root.pos)
    if "meta" not in top:
        raise InputError("missing 'meta:' (the document's title and details)", root.pos)
    if "body" not in top:
        raise InputError("missing 'body:' (the document's paragraphs)", root.pos)
    return Document(
        meta=_metadata(top["meta"]),
        blocks=tuple(_block(item) for item in fields.sequence(top["body"], "body")),
        notes=_notes(top["notes"]) if "notes" in top else (),
        pos=Pos(path, 1, 1),
    )


def _check_format(top: dict[str, Node], pos: Pos) -> None:
    if "format" not in top:
        raise InputError(f"missing 'format: {FORMAT}' at the top of the source", pos)
    value = fields.text(top["format"], "format")
    if value != FORMAT:
        raise InputError(f"format {value!r} is not supported; this version reads {FORMAT}", top["format"].pos)


def _metadata(node: Node) -> Metadata:
    meta = fields.mapping(node, "meta", META_KEYS)
    if "title" not in meta:
        raise InputError("meta has no title", node.pos)
    values: dict[str, Any] = {key: fields.text(value, key) for key, value in meta.items()}
    fields.text(meta["title"], "title", required=True)
    date = fields.iso_date(meta["date"]) if "date" in meta else None
    language = values.get("language") or "en"
    if not _LANGUAGE_RE.fullmatch(language):
        raise InputError(
            f"language {language!r} is not a BCP 47 tag such as en or fr-CA", meta["language"].pos
        )
    values.update(date=date, language=language)
    return Metadata(**values, pos=node.pos)


def _block(node: Node) -> Block:
    if node.kind != "mapping" or not node.value:
        raise InputError("each body item is a mapping such as '- para: text'", node.pos)
    kind = node.value[0][0].value
    if kind not in BLOCK_KEYS:
        raise InputError(
            fields.unknown_key_message(kind, "a body item", tuple(BLOCK_KEYS)), node.value[0][0].pos
        )
    item = fields.mapping(node, f"a {kind!r} item", (kind, *BLOCK_KEYS[kind]))
    return _BLOCK_BUILDERS[kind](item, node.pos)


def _inlines(node: Node, what: str) -> tuple[Inline, ...]:
    return parse_inline(fields.text(node, what, required=True), node.pos)


def _heading(item: dict[str, Node], pos: Pos) -> Block:
    level = fields.integer(item["level"], "heading level", 1, 3) if "level" in item else 1
    return Heading(level, _inlines(item["heading"], "a heading"), pos=pos)


def _para(item: dict[str, Node], pos: Pos) -> Block:
    number = fields.integer(item["number"], "paragraph number", 1, 100_000) if "number" in item else 0
    return NumberedPara(_inlines(item["para"], "a paragraph"), number, pos=pos)


def _text(item: dict[str, Node], pos: Pos) -> Block:
    return Para(_inlines(item["text"], "a paragraph"), pos=pos)


def _quote(item: dict[str, Node], pos: Pos) -> Block:
    return Quote(_inlines(item["quote"], "a quote"), pos=pos)


def _list(item: dict[str, Node], pos: Pos) -> Block:
    entries = fields.sequence(item["list"], "a list")
    if not entries:
        raise InputError("a list needs at least one item", pos)
    return EnumList(tuple(list_item(entry) for entry in entries), pos=pos)


def list_item(node: Node) -> ListItem:
    """``(a) text``: the label as written, then the item's text."""
    value = fields.text(node, "a list item", required=True)
    match = _LIST_LABEL_RE.match(value)
    if not match:
        raise InputError("a list item starts with its label, such as '(a) ' or '1. '", node.pos)
    return ListItem(match.group(1), parse_inline(value[match.end() :], node.pos), pos=node.pos)


def _notes(node: Node) -> tuple[Footnote, ...]:
    if node.kind != "mapping":
        raise InputError("notes must map each footnote label to its text", node.pos)
    notes = []
    for key, value in node.value:
        label = key.value
        if not re.fullmatch(r"[\w-]+", label):
            raise InputError(f"footnote label {label!r} may hold only letters, digits, - and _", key.pos)
        notes.append(Footnote(label, _note_text(value, label), pos=key.pos))
    return tuple(notes)


def _note_text(node: Node, label: str) -> tuple[Inline, ...]:
    children = _inlines(node, f"footnote {label!r}")
    if any(isinstance(child, FootnoteRef) for child in children):
        raise InputError(f"footnote {label!r} calls another footnote; notes cannot nest", node.pos)
    return children


_BLOCK_BUILDERS: dict[str, Callable[[dict[str, Node], Pos], Block]] = {
    "heading": _heading,
    "para": _para,
    "text": _text,
    "list": _list,
    "quote": _quote,
}
