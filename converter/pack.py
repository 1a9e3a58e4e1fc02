"""Briefing packs: a manifest naming documents, read into a ``Pack``.

A manifest is a YAML file recognised by its top-level ``pack:`` key::

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

Paths are relative to the manifest.  A member may be a canonical source, a
plain-text file or another pack (whose documents are included in place); a
pack that includes itself, directly or through another pack, is an error.
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

from .errors import InputError
from .inline import parse_inline
from .model import Document, FootnoteRef, Pack, PackMeta, Pos
from .readers import fields
from .readers.yamltree import Node

PACK_FORMAT = "r2p-pack/1"
PACK_KEYS = (
    "pack", "title", "subtitle", "date", "prepared_by", "prepared_for",
    "classification", "language", "cover_note", "documents",
)  # fmt: skip
MAX_MEMBERS = 500
# The manifests being read, outermost first: a member already here is a cycle.
_CHAIN: ContextVar[tuple[Path, ...]] = ContextVar("r2p_pack_chain", default=())


def is_manifest(root: Node) -> bool:
    return root.kind == "mapping" and any(key.value == "pack" for key, _value in root.value)


def pack_from_tree(root: Node, path: str) -> Pack:
    """Read a manifest's tree and every member it names."""
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
    token = _CHAIN.set((*_CHAIN.get(), Path(path).resolve()))
    try:
        documents, files = _members(top["documents"], Path(path))
    finally:
        _CHAIN.reset(token)
    return Pack(
        meta=_pack_meta(top, root.pos),
        documents=documents,
        files=(path, *files),
        cover_note=_cover_note(top["cover_note"]) if "cover_note" in top else (),
        pos=root.pos,
    )


def _pack_meta(top: dict[str, Node], pos: Pos) -> PackMeta:
    values = {
        key: fields.text(node, key)
        for key, node in top.items()
        if key not in ("pack", "documents", "cover_note")
    }
    fields.text(top["title"], "title", required=True)
    date = fields.iso_date(top["date"]) if "date" in top else None
    values.update(date=date, language=values.get("language") or "en")
    return PackMeta(**values, pos=pos)  # type: ignore[arg-type]


def _cover_note(node: Node) -> tuple:
    children = parse_inline(fields.text(node, "cover_note", required=True), node.pos)
    if any(isinstance(child, FootnoteRef) for child in children):
        raise InputError("the cover note cannot call footnotes", node.pos)
    return children


def _members(node: Node, manifest: Path) -> tuple[tuple[Document, ...], list[str]]:
    """The member documents, in order, and every file read for them."""
    entries = fields.sequence(node, "documents")
    if not entries:
        raise InputError("the pack's document list is empty", node.pos)
    if len(entries) > MAX_MEMBERS:
        raise InputError(f"a pack holds at most {MAX_MEMBERS} documents", node.pos)
    documents: list[Document] = []
    files: list[str] = []
    for entry in entries:
        item = _member(entry, manifest)
        if isinstance(item, Pack):
            documents.extend(item.documents)
            files.extend(item.files)
        else:
            documents.append(item)
            files.append(str(item.pos.file) if item.pos else "")
    return tuple(documents), files


def _member(entry: Node, manifest: Path) -> Document | Pack:
    from .convert import read_bytes, read_item  # convert reads packs through the readers

    name = fields.text(entry, "a document path", required=True)
    path = manifest.parent / name
    resolved = path.resolve()
    if resolved in _CHAIN.get():
        raise InputError(f"the pack includes itself through {name}", entry.pos)
    if not path.is_file():
        problem = "is a directory" if path.is_dir() else "does not exist"
        raise InputError(f"pack member {name} {problem}", entry.pos)
    try:
        read_bytes(path)
    except InputError as err:
        raise InputError(f"pack member {name}: {err.message}", entry.pos) from None
    return read_item(path)
