"""Briefing pack manifests: a YAML file naming documents, read into a ``Manifest``.

A manifest is recognised by its top-level ``pack:`` key::

    pack: r2p-pack/1
    title: Responsibility to protect
    subtitle: Briefing for the informal interactive dialogue
    date: '2015-09-08'
    prepared_by: Policy team
    prepared_for: The delegation
    classification: For internal use
    cover_note: Read the *summary* first.
    documents:
      - ../r2p-2015-presidents-summary.yaml
      - background-note.yaml

Like every reader, this one knows only the syntax: it returns the cover
details and the members' names with their positions.  Reading the members
(relative to the manifest, packs nested in packs, cycles) is the pipeline's
job, in ``convert.py``.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..inline import parse_inline
from ..limits import MAX_PACK_DOCUMENTS
from ..model import FootnoteRef, Inline, PackMeta, Pos
from ..records import record
from . import fields
from .yamltree import Node

PACK_FORMAT = "r2p-pack/1"
PACK_KEYS = (
    "pack", "title", "subtitle", "date", "prepared_by", "prepared_for",
    "classification", "language", "cover_note", "documents",
)  # fmt: skip


@record
class Member:
    """One entry of a manifest's document list: a path relative to the manifest."""

    name: str
    pos: Pos


@record
class Manifest:
    """A pack as its manifest states it, before its members are read."""

    meta: PackMeta
    members: tuple[Member, ...]
    cover_note: tuple[Inline, ...]
    path: str
    pos: Pos


def is_manifest(root: Node) -> bool:
    return root.kind == "mapping" and any(key.value == "pack" for key, _value in root.value)


def manifest_from_tree(root: Node, path: str) -> Manifest:
    top = fields.mapping(root, "the pack manifest", PACK_KEYS)
    version = fields.text(top["pack"], "pack")
    if version != PACK_FORMAT:
        raise InputError(
            f"pack {version!r} is not supported; this version reads {PACK_FORMAT}", top["pack"].pos
        )
    if "title" not in top:
        raise InputError("the pack has no title", root.pos)
    if "documents" not in top:
        raise InputError("the pack has no 'documents:' list", root.pos)
    return Manifest(
        meta=_pack_meta(top, root.pos),
        members=_members(top["documents"]),
        cover_note=_cover_note(top["cover_note"]) if "cover_note" in top else (),
        path=path,
        pos=root.pos,
    )


def _pack_meta(top: dict[str, Node], pos: Pos) -> PackMeta:
    values: dict[str, Any] = {
        key: fields.text(node, key)
        for key, node in top.items()
        if key not in ("pack", "documents", "cover_note")
    }
    fields.text(top["title"], "title", required=True)
    date = fields.iso_date(top["date"]) if "date" in top else None
    values.update(date=date, language=values.get("language") or "en")
    return PackMeta(**values, pos=pos)


def _cover_note(node: Node) -> tuple[Inline, ...]:
    children = parse_inline(fields.text(node, "cover_note", required=True), node.pos)
    if any(isinstance(child, FootnoteRef) for child in children):
        raise InputError("the cover note cannot call footnotes", node.pos)
    return children


def _members(node: Node) -> tuple[Member, ...]:
    entries = fields.sequence(node, "documents")
    if not entries:
        raise InputError("the pack's document list is empty", node.pos)
    if len(entries) > MAX_PACK_DOCUMENTS:
        raise InputError(f"a pack holds at most {MAX_PACK_DOCUMENTS} documents", node.pos)
    return tuple(Member(fields.text(entry, "a document path", required=True), entry.pos) for entry in entries)
