"""The parts of a checked Word package: parsed once, found through their relationships.

``safezip.check_package_bytes`` has already bounded the package's sizes and refused
DTDs; this module only finds parts (the styles, numbering, notes, headers and footers
of the main document) and reads the document's core properties.
"""

from __future__ import annotations

import posixpath
from dataclasses import field
from pathlib import Path
from typing import Any

from ..records import record
from ..safezip import WordPackage, safe_xml
from .wordtext import R, W

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"


@record(frozen=False)
class Parts:
    """The parts of a checked package, each parsed when first asked for."""

    package: WordPackage
    _parsed: dict[str, Any] = field(default_factory=dict)
    _relations: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    @property
    def main(self) -> str:
        return self.package.main_part

    def xml(self, name: str) -> Any:
        if name not in self._parsed:
            content = self.package.parts.get(name)
            parsed = safe_xml(content, name, Path(self.package.path)) if content is not None else None
            self._parsed[name] = parsed
        return self._parsed[name]

    def relations(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target) of a part's relationships; internal targets as part names."""
        if part not in self._relations:
            self._relations[part] = self._read_relations(part)
        return self._relations[part]

    def _read_relations(self, part: str) -> list[tuple[str, str, str]]:
        rels = self.xml(rels_name(part))
        if rels is None:
            return []
        folder = posixpath.dirname(part)
        found = []
        for rel in rels.iter(f"{_REL}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External":
                target = part_name(folder, target)
            found.append((rel.get("Id", ""), rel.get("Type", "").rsplit("/", 1)[-1], target))
        return found

    def target(self, part: str, kind: str) -> str:
        """The part a part relates to by a kind of relationship ("styles", "footnotes")."""
        return next((t for _id, k, t in self.relations(part) if k == kind), "")

    def related(self, part: str, kind: str) -> Any:
        target = self.target(part, kind)
        return self.xml(target) if target else None

    def links(self, part: str) -> dict[str, str]:
        return {rel_id: target for rel_id, kind, target in self.relations(part) if kind == "hyperlink"}

    def page_part(self, body: Any, story: str, kind: str) -> tuple[Any, str] | None:
        """The first section's header or footer (``story``) of a kind ("default", "first"):
        its element and its part's name."""
        section = next(body.iter(f"{W}sectPr"), None)
        if section is None:
            return None
        title_page = section.find(f"{W}titlePg")
        if kind == "first" and (
            title_page is None or title_page.get(f"{W}val", "1") in ("0", "false", "off")
        ):
            return None  # Word shows a first page's own header only with "different first page"
        targets = {rel_id: target for rel_id, _kind, target in self.relations(self.main)}
        for reference in section.iter(f"{W}{story}Reference"):
            if reference.get(f"{W}type", "default") == kind:
                part = targets.get(reference.get(f"{R}id", ""), "")
                element = self.xml(part) if part else None
                return (element, part) if element is not None else None
        return None


@record
class Properties:
    """What the document's core properties say."""

    title: str = ""
    author: str = ""
    language: str = ""
    modified_by: str = ""  # the program or person that saved it last


def core_properties(parts: Parts) -> Properties:
    core = parts.related("", "core-properties")
    if core is None:
        core = parts.xml("docProps/core.xml")
    if core is None:
        return Properties()

    def text(tag: str) -> str:
        found = core.find(tag)
        return (found.text or "").strip() if found is not None else ""

    return Properties(
        text(f"{_DC}title"), text(f"{_DC}creator"), text(f"{_DC}language"), text(f"{_CP}lastModifiedBy")
    )


def default_language(styles_xml: Any) -> Any:
    """The ``w:lang`` of the document's default run properties (its styles' defaults)."""
    if styles_xml is None:
        return None
    return styles_xml.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")


def shown_text(part: Any) -> str:
    """A header's or footer's text as typed, without what its fields show (a page number),
    its tabs as spaces."""
    pieces: list[str] = []
    depth = 0  # fields open, whose shown text is left out
    for element in part.iter(f"{W}fldChar", f"{W}t", f"{W}tab", f"{W}fldSimple"):
        kind = element.get(f"{W}fldCharType")
        if element.tag == f"{W}fldChar":
            depth += 1 if kind == "begin" else -1 if kind == "end" and depth else 0
        elif element.tag == f"{W}tab":
            pieces.append(" ")
        elif element.tag == f"{W}t" and depth == 0 and not _in_simple_field(element):
            pieces.append(element.text or "")
    return " ".join("".join(pieces).split())


def _in_simple_field(element: Any) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == f"{W}fldSimple":
            return True
        parent = parent.getparent()
    return False


def rels_name(part: str) -> str:
    """The name of the part that holds ``part``'s relationships ("" for the package's)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def part_name(folder: str, target: str) -> str:
    """An internal relationship's target, as the name of a part: relative to the folder
    of the part that has the relationship, or from the package's root."""
    return (
        target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    )
