"""Reader for the canonical source: one UTF-8 YAML file per document (format r2p/1).

The format is documented in docs/source-format.md and described by the JSON
Schema in converter/schema/r2p-1.schema.json.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..canonical import (
    AGENDA_KEYS,
    ANNEX_NUMBERING,
    BLOCK_KEYS,
    FORMAT,
    LANGUAGE_RE,
    LIST_BODY_KEYS,
    LIST_ITEM_KEYS,
    LIST_LABEL_RE,
    META_KEYS,
    ORGAN_KEYS,
    TOP_KEYS,
    session_line,
)
from ..errors import InputError, R2PError
from ..inline import parse_inline
from ..model import (
    AgendaItem,
    Annex,
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
    Organ,
    Para,
    Pos,
    Preamble,
    Quote,
    Signature,
)
from ..wording import agenda_line, wording
from . import fields
from .pack import Manifest, is_manifest, manifest_from_tree
from .yamltree import Node, decode_source, load

# A heading's label: one word ("II.", "A."), or two ("حادي عشر"), before an Arabic dash ("أولا -").
_HEADING_LABEL_RE = re.compile(r"\S+(?: \S+)?(?: [-–])?")
MAX_LIST_DEPTH = 4  # (a) > (i) > a. > i.: UN documents go no deeper
MAX_HEADING_LABEL = 12


def read(data: bytes, path: str, warn: Callable[[R2PError], None] | None = None) -> Document | Manifest:
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
    meta = _metadata(top["meta"])
    return Document(
        meta=meta,
        blocks=tuple(_block(item) for item in fields.sequence(top["body"], "body")),
        notes=_notes(top["notes"]) if "notes" in top else (),
        summary=_summary(top["summary"]) if "summary" in top else (),
        pos=Pos(path, 1, 1),
    )


def _check_format(top: dict[str, Node], pos: Pos) -> None:
    if "format" not in top:
        raise InputError(f"missing 'format: {FORMAT}' at the top of the source", pos)
    value = fields.text(top["format"], "format")
    if value != FORMAT:
        raise InputError(f"format {value!r} is not supported; this version reads {FORMAT}", top["format"].pos)


# --- meta ----------------------------------------------------------------------------------

_TEXT_META = (
    "title",
    "kind",
    "place",
    "author",
    "symbol",
    "distribution",
    "original_language",
    "short_title",
    "job",
)


def _metadata(node: Node) -> Metadata:
    meta = fields.mapping(node, "meta", META_KEYS)
    if "title" not in meta:
        raise InputError("meta has no title", node.pos)
    values: dict[str, Any] = {key: fields.text(meta[key], key) for key in _TEXT_META if key in meta}
    fields.text(meta["title"], "title", required=True)
    language = fields.text(meta["language"], "language") if "language" in meta else ""
    language = language or "en"
    if not LANGUAGE_RE.fullmatch(language):
        raise InputError(
            f"language {language!r} is not a BCP 47 tag such as en or fr-CA", meta["language"].pos
        )
    if "heading_labels" in meta:
        values["heading_labels"] = _choice(meta["heading_labels"], "heading_labels", ("auto", "none"))
        values["heading_labels"] = "" if values["heading_labels"] == "none" else values["heading_labels"]
    values.update(
        date=fields.iso_date(meta["date"]) if "date" in meta else None,
        language=language,
        organs=_organs(meta, node.pos, language),
    )
    return Metadata(**values, pos=node.pos)


def _organs(meta: dict[str, Node], pos: Pos, language: str) -> tuple[Organ, ...]:
    """``organs:`` (a list, for joint documents) or the one-organ keys beside it."""
    single = [key for key in ORGAN_KEYS if key in meta]
    if "organs" in meta:
        if single:
            raise InputError(
                f"give either 'organs:' or {', '.join(repr(k) for k in single)}, not both",
                meta[single[0]].pos,
            )
        entries = fields.sequence(meta["organs"], "organs")
        organs = tuple(
            _organ(fields.mapping(entry, "an organ", ORGAN_KEYS), entry.pos, language) for entry in entries
        )
        if not organs:
            raise InputError("'organs:' is empty", meta["organs"].pos)
        return organs
    if not single:
        return ()
    if "organ" not in meta:
        raise InputError(f"{single[0]!r} needs 'organ:' (the organ it belongs to)", meta[single[0]].pos)
    return (_organ({key: meta[key] for key in single}, pos, language),)


def _organ(values: dict[str, Node], pos: Pos, language: str) -> Organ:
    if "organ" not in values:
        raise InputError("an organ needs 'organ:' (its name)", pos)

    def optional(key: str) -> str:
        return fields.text(values[key], key) if key in values else ""

    agenda = _agenda(values["agenda"]) if "agenda" in values else ()
    label = optional("agenda_label")
    if agenda and label == agenda_line([item.number for item in agenda], wording(language)):
        label = ""  # the line as every writer prints it anyway
    return Organ(
        name=fields.text(values["organ"], "organ", required=True),
        subsidiary=optional("subsidiary"),
        session=session_line(optional("session"), language),
        session_dates=optional("session_dates"),
        agenda=agenda,
        agenda_note=optional("agenda_note"),
        agenda_label=label,
        pos=values["organ"].pos,
    )


def _agenda(node: Node) -> tuple[AgendaItem, ...]:
    items = []
    for entry in fields.sequence(node, "agenda"):
        if entry.kind == "scalar":  # just the item's number
            items.append(AgendaItem(fields.text(entry, "an agenda item", required=True), pos=entry.pos))
            continue
        values = fields.mapping(entry, "an agenda item", AGENDA_KEYS)
        if "item" not in values:
            raise InputError("an agenda item needs 'item:' (its number, e.g. 68 (a))", entry.pos)
        title = fields.text(values["title"], "title") if "title" in values else ""
        items.append(AgendaItem(fields.text(values["item"], "item", required=True), title, pos=entry.pos))
    return tuple(items)


def _choice(node: Node, what: str, allowed: tuple[str, ...]) -> str:
    value = fields.text(node, what)
    if value not in allowed:
        raise InputError(f"{what} must be one of {', '.join(allowed)}, not {value!r}", node.pos)
    return value


# --- blocks ----------------------------------------------------------------------------------


def _summary(node: Node) -> tuple[Block, ...]:
    blocks = tuple(
        _block(item, allowed=("text", "list", "para")) for item in fields.sequence(node, "summary")
    )
    if not blocks:
        raise InputError("the summary is empty", node.pos)
    return blocks


def _block(node: Node, allowed: tuple[str, ...] = tuple(BLOCK_KEYS)) -> Block:
    if node.kind != "mapping" or not node.value:
        raise InputError("each body item is a mapping such as '- para: text'", node.pos)
    kind = node.value[0][0].value
    if kind not in allowed:
        raise InputError(fields.unknown_key_message(kind, "a body item", allowed), node.value[0][0].pos)
    item = fields.mapping(node, f"a {kind!r} item", (kind, *BLOCK_KEYS[kind]))
    return _BLOCK_BUILDERS[kind](item, node.pos)


def _inlines(node: Node, what: str) -> tuple[Inline, ...]:
    return parse_inline(fields.text(node, what, required=True), node.pos)


def _heading(item: dict[str, Node], pos: Pos) -> Block:
    level = fields.integer(item["level"], "heading level", 1, 3) if "level" in item else 1
    label = fields.text(item["label"], "heading label").strip() if "label" in item else ""
    if len(label) > MAX_HEADING_LABEL or not _HEADING_LABEL_RE.fullmatch(label or "x"):
        raise InputError(
            f"a heading label is a short word such as II., A. or أولا -, not {label!r}", item["label"].pos
        )
    unlabelled = "label" in item and not label  # label: "" -- no label, even with heading_labels: auto
    return Heading(level, _inlines(item["heading"], "a heading"), label, unlabelled, pos=pos)


def _para(item: dict[str, Node], pos: Pos) -> Block:
    number = fields.integer(item["number"], "paragraph number", 1, 100_000) if "number" in item else 0
    return NumberedPara(_inlines(item["para"], "a paragraph"), number, pos=pos)


def _text(item: dict[str, Node], pos: Pos) -> Block:
    return Para(_inlines(item["text"], "a paragraph"), pos=pos)


def _preamble(item: dict[str, Node], pos: Pos) -> Block:
    return Preamble(_inlines(item["preamble"], "a preambular paragraph"), pos=pos)


def _quote(item: dict[str, Node], pos: Pos) -> Block:
    language = fields.text(item["lang"], "a quote's language").strip() if "lang" in item else ""
    if language and not LANGUAGE_RE.fullmatch(language):
        raise InputError(
            f"a quote's language {language!r} is not a BCP 47 tag such as fr or ar", item["lang"].pos
        )
    return Quote(_inlines(item["quote"], "a quote"), language, pos=pos)


def _list(item: dict[str, Node], pos: Pos) -> Block:
    return _list_of(item["list"], pos, depth=1)


def _list_of(node: Node, pos: Pos, depth: int) -> EnumList:
    if depth > MAX_LIST_DEPTH:
        raise InputError(f"lists nest at most {MAX_LIST_DEPTH} deep", node.pos)
    entries = fields.sequence(node, "a list")
    if not entries:
        raise InputError("a list needs at least one item", pos)
    return EnumList(tuple(list_item(entry, depth) for entry in entries), pos=pos)


def list_item(node: Node, depth: int = 1) -> ListItem:
    """``(a) text``, or ``item: (a) text`` with ``body:`` holding its further paragraphs
    (``- text: ...``) and sub-lists (``- list: [...]``)."""
    if node.kind == "mapping":
        values = fields.mapping(node, "a list item", LIST_ITEM_KEYS)
        if "item" not in values:
            raise InputError("a list item written as a mapping needs 'item: (a) text'", node.pos)
        first = list_item(values["item"], depth)
        body = fields.sequence(values["body"], "a list item's body") if "body" in values else []
        blocks = tuple(_item_block(entry, depth) for entry in body)
        return ListItem(first.label, first.children, blocks, pos=node.pos)
    value = fields.text(node, "a list item", required=True)
    match = LIST_LABEL_RE.match(value)
    if not match:
        raise InputError("a list item starts with its label, such as '(a) ', '1. ' or '• '", node.pos)
    return ListItem(match.group(1), parse_inline(value[match.end() :], node.pos), pos=node.pos)


def _item_block(node: Node, depth: int) -> Block:
    if node.kind != "mapping" or not node.value or node.value[0][0].value not in LIST_BODY_KEYS:
        raise InputError(
            "a list item's body holds '- text: ...' paragraphs and '- list: [...]' lists", node.pos
        )
    kind = node.value[0][0].value
    values = fields.mapping(node, f"a {kind!r} item", (kind,))
    if kind == "text":
        return Para(_inlines(values["text"], "a paragraph"), pos=node.pos)
    return _list_of(values["list"], node.pos, depth + 1)


def _annex(item: dict[str, Node], pos: Pos) -> Block:
    restart = True
    if "numbering" in item:
        restart = _choice(item["numbering"], "numbering", ANNEX_NUMBERING) == "restart"
    title = _inlines(item["title"], "an annex title") if "title" in item else ()
    return Annex(fields.text(item["annex"], "an annex label", required=True), title, restart, pos=pos)


def _signature(item: dict[str, Node], pos: Pos) -> Block:
    node = item["signature"]
    if node.kind == "sequence":
        lines = [fields.text(entry, "a signature line", required=True) for entry in node.value]
    else:
        lines = [line for line in fields.text(node, "a signature", required=True).split("\n") if line.strip()]
    if not lines:
        raise InputError("a signature needs at least one line", pos)
    return Signature(tuple(parse_inline(line.strip(), node.pos) for line in lines), pos=pos)


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
    "preamble": _preamble,
    "list": _list,
    "quote": _quote,
    "annex": _annex,
    "signature": _signature,
}
