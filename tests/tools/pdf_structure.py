"""A structure walker for our tagged PDFs (pikepdf): what a screen reader relies on,
checked from the file itself.

``check_structure(data)`` raises ``StructureError`` unless
- every text-showing operator on every page is inside marked content that is an
  /Artifact or an MCID the parent tree maps to a structure element;
- every MCID a page marks appears once in the tree, under the element the parent
  tree names for it, and the tree names no MCID the page lacks;
- every annotation has a /StructParent whose element is a Link holding an OBJR to it,
  and a non-empty /Contents;
- every Note has an /ID, unique, and in the IDTree;
and returns the text of the tree in tree order (each marked sequence's text, decoded
through its font's ToUnicode map), element by element, for comparison with the source.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf

SHOWING = {"Tj", "TJ", "'", '"'}


class StructureError(AssertionError):
    """The file's structure breaks one of the rules above."""


@dataclass
class Walk:
    """What the walker found: the tree's text, and each element's role with its text."""

    text: list[str] = field(default_factory=list)
    elements: list[tuple[str, str]] = field(default_factory=list)  # (role, text) in tree order
    roles: list[str] = field(default_factory=list)


def check_structure(data: bytes) -> Walk:
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or not pdf.Root.get("/MarkInfo", {}).get("/Marked", False):
        raise StructureError("no structure tree, or not marked")
    pages = list(pdf.pages)
    page_index = {page.obj.objgen: index for index, page in enumerate(pages)}
    marked = [_marked_content(page) for page in pages]  # page -> {mcid: text}
    parent_tree = _numbers(root.ParentTree)
    walk = Walk()
    seen: set[tuple[int, int]] = set()
    ids: dict[str, Any] = {}

    def visit(element: Any) -> str:
        role = str(element.S)[1:]
        walk.roles.append(role)
        own: list[str] = []
        first_text = len(walk.text)  # where this element's text starts in the walk's
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        default_page = page_index.get(element.Pg.objgen) if "/Pg" in element else None
        for kid in kids:
            if isinstance(kid, int):
                own.append(_claim(kid, default_page, element))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                own.append(_claim(int(kid.MCID), page_index[kid.Pg.objgen], element))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                _check_annotation(kid.Obj, element)
            elif isinstance(kid, pikepdf.Dictionary):
                own.append(visit(kid))
        if role == "Note":
            note_id = str(element.get("/ID", ""))
            if not note_id or note_id in ids:
                raise StructureError(f"a Note without a unique /ID: {note_id!r}")
            ids[note_id] = element
        text = "".join(own)
        actual = element.get("/ActualText")
        if actual is not None:  # what the element reads as: instead of its content's glyphs
            text = str(actual)
            walk.text[first_text:] = [text]
        walk.elements.append((role, text))
        return text

    def _claim(mcid: int, page: int | None, element: Any) -> str:
        if page is None:
            raise StructureError(f"MCID {mcid} of a {element.S} element has no page")
        if (page, mcid) in seen:
            raise StructureError(f"MCID {mcid} on page {page + 1} is claimed twice")
        seen.add((page, mcid))
        if mcid not in marked[page]:
            raise StructureError(
                f"the tree names MCID {mcid} on page {page + 1}, which the page does not mark"
            )
        entry = parent_tree.get(int(pages[page].obj.StructParents))
        if entry is None or len(entry) <= mcid or entry[mcid].objgen != element.objgen:
            raise StructureError(
                f"the parent tree does not lead MCID {mcid} on page {page + 1} to its element"
            )
        text = marked[page][mcid]
        walk.text.append(text)
        return text

    def _check_annotation(annotation: Any, element: Any) -> None:
        if str(element.S) != "/Link":
            raise StructureError(f"an annotation sits in a {element.S}, not a Link")
        key = annotation.get("/StructParent")
        if key is None or parent_tree.get(int(key)) is None or parent_tree[int(key)].objgen != element.objgen:
            raise StructureError("an annotation's /StructParent does not lead to its Link")
        if not str(annotation.get("/Contents", "")).strip():
            raise StructureError("a link annotation without /Contents")

    visit(root.K)
    for page, found in enumerate(marked):
        missing = sorted(mcid for mcid in found if (page, mcid) not in seen)
        if missing:
            raise StructureError(f"page {page + 1} marks MCIDs no element holds: {missing[:5]}")
        for annotation in pages[page].obj.get("/Annots", []):
            if "/StructParent" not in annotation:
                raise StructureError(f"an annotation on page {page + 1} has no /StructParent")
    tree_ids = _names(root.IDTree) if "/IDTree" in root else {}
    if set(tree_ids) != set(ids):
        raise StructureError("the IDTree does not list exactly the Notes' IDs")
    return walk


def _numbers(tree: Any) -> dict[int, Any]:
    found: dict[int, Any] = {}
    nums = tree.get("/Nums", [])
    for index in range(0, len(nums), 2):
        found[int(nums[index])] = nums[index + 1]
    for kid in tree.get("/Kids", []):
        found.update(_numbers(kid))
    return found


def _names(tree: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    names = tree.get("/Names", [])
    for index in range(0, len(names), 2):
        found[str(names[index])] = names[index + 1]
    for kid in tree.get("/Kids", []):
        found.update(_names(kid))
    return found


def _marked_content(page: Any) -> dict[int, str]:
    """Each MCID's text on a page; a text operator outside marked content is an error."""
    fonts = page.obj.get("/Resources", {}).get("/Font", {})
    maps = {str(name): _unicode_map(font) for name, font in fonts.items()}
    found: dict[int, str] = {}
    stack: list[int | None] = []  # the open sequences: an MCID, or None for an artifact
    current_map: dict[int, str] = {}
    spoken: set[int] = set()  # sequences whose /ActualText is their text
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "BDC":
            properties = operands[1]
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            stack.append(None if str(operands[0]) == "/Artifact" else int(mcid) if mcid is not None else -1)
            if stack[-1] is not None and stack[-1] >= 0:
                found.setdefault(stack[-1], "")
                actual = properties.get("/ActualText") if isinstance(properties, pikepdf.Dictionary) else None
                if actual is not None:  # what the sequence reads as (right-to-left lines)
                    found[stack[-1]] += str(actual)
                    spoken.add(stack[-1])
        elif name == "BMC":
            stack.append(None if str(operands[0]) == "/Artifact" else -1)
        elif name == "EMC":
            if not stack:
                raise StructureError("EMC without a sequence to close")
            stack.pop()
        elif name == "Tf":
            current_map = maps.get(str(operands[0]), {})
        elif name in SHOWING:
            inside = [entry for entry in stack if entry is not None]
            if not stack or (stack[-1] == -1 and not inside[:-1]):
                raise StructureError(f"text shown outside tagged content or an artifact: {operands!r}"[:200])
            if stack[-1] is None:
                continue  # an artifact: not read
            mcid = next(entry for entry in reversed(stack) if entry is not None and entry >= 0)
            if mcid not in spoken:
                found[mcid] += _decode(operands, current_map)
    if stack:
        raise StructureError("a marked-content sequence is left open at the end of a page")
    return found


def _unicode_map(font: Any) -> dict[int, str]:
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    data = stream.read_bytes().decode("latin-1")
    found = {}
    for code, text in re.findall(r"<([0-9A-Fa-f]{2,4})>\s*<([0-9A-Fa-f]{4,})>", data):
        found[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    return found


def _decode(operands: Any, mapping: dict[int, str]) -> str:
    parts = operands[-1] if len(operands) else []
    strings = parts if isinstance(parts, pikepdf.Array) else [parts]
    out = []
    for item in strings:
        if isinstance(item, pikepdf.String):
            out.append("".join(mapping.get(byte, "\ufffd") for byte in bytes(item)))
    return "".join(out)
