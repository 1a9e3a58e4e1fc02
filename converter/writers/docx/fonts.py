"""The theme's fonts embedded in the package, so that Word and LibreOffice show PT Serif
where it is not installed (as the PDF does), instead of a substitute.

Each face is a subset (``fontsubset.py``) obfuscated as ECMA-376 Part 1, 17.8.1
says, a ``/word/fonts/fontN.odttf`` part related from the font table, whose entry
for the family names it (``w:embedRegular`` ... with its key); the settings say
the document embeds TrueType fonts.  A font no style uses (a ``--reference-docx``
whose house fonts replaced the theme's) is not embedded: the house's fonts win.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from ...fontsubset import FACES, font_key, obfuscated, repertoire, subset
from ...kept import Kept
from ...theme import Font, Theme

CT_OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_EMBED_TAGS = {
    "regular": "embedRegular",
    "bold": "embedBold",
    "italic": "embedItalic",
    "bold_italic": "embedBoldItalic",
}
# The settings that come before embedTrueTypeFonts in w:settings (ECMA-376).
_SETTINGS_BEFORE = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData",
)  # fmt: skip


def embed_fonts(document: Any, theme: Theme) -> None:
    """Embed each theme font the styles name, cut to what the document's text needs."""
    fonts = [font for font in _distinct(theme) if _named_by_styles(document, font.name)]
    if not fonts:
        return
    table_part = _font_table_part(document)
    table = parse_xml(table_part.blob)
    used = _text_of(document)
    count = 0
    for font in fonts:
        points = repertoire(font, used, theme.fonts["serif"])
        if not points:
            continue  # a script's face the document has no character of
        entry = _entry(table, font)
        for face in FACES:
            count += 1
            key, blob = _embeddable(font, face, points)
            uri = PackURI(f"/word/fonts/font{count}.odttf")
            part = Part(uri, CT_OBFUSCATED_FONT, blob, document.part.package)
            rel_id = table_part.relate_to(part, RT.FONT)
            entry.append(parse_xml(
                f'<w:{_EMBED_TAGS[face]} {nsdecls("w", "r")} r:id="{rel_id}" w:fontKey="{key}"/>'
            ))  # fmt: skip
    table_part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    _say_fonts_are_embedded(document)


_EMBEDDABLE: Kept[tuple[str, str, str, frozenset[int]], tuple[str, bytes]] = Kept(32)


def _embeddable(font: Font, face: str, points: frozenset[int]) -> tuple[str, bytes]:
    """The face's subset for ``points`` as a font part: its key and obfuscated bytes, kept
    in this process (most documents need the same subset; reading it from the user's cache
    and obfuscating it again cost a short document a tenth of its time)."""
    name = (font.package, font.folder, font.files[face], points)  # as fontsubset knows the face

    def make() -> tuple[str, bytes]:
        data = subset(font, face, points, "ttf")
        key = font_key(data)
        return key, obfuscated(data, key)

    return _EMBEDDABLE.get(name, make)


def _distinct(theme: Theme) -> list[Font]:
    seen: dict[str, Font] = {}
    for font in theme.fonts.values():
        seen.setdefault(font.name, font)
    return list(seen.values())


def _named_by_styles(document: Any, name: str) -> bool:
    styles = document.styles.element
    slots = [qn(f"w:{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")]
    return any(name in (fonts.get(slot) for slot in slots) for fonts in styles.iter(qn("w:rFonts")))


def _font_table_part(document: Any) -> Any:
    for rel in document.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            return rel.target_part
    raise AssertionError("the base package has a font table")


def _entry(table: Any, font: Font) -> Any:
    """The font table's entry for ``font`` (``styles.describe_fonts`` made it), without any
    embedding a house template's entry had."""
    for entry in table.iter(qn("w:font")):
        if entry.get(qn("w:name")) == font.name:
            for old in [child for child in entry if etree.QName(child).localname in _EMBED_TAGS.values()]:
                entry.remove(old)
            return entry
    raise AssertionError(f"the font table names {font.name}")


def _text_of(document: Any) -> set[str]:
    """Every character the document shows: body, footnotes, headers and footers."""
    seen: set[str] = set()
    parts = [document.part, *(rel.target_part for rel in document.part.rels.values() if not rel.is_external)]
    for part in parts:
        element = getattr(part, "element", None)
        if element is None:
            continue
        for text in element.iter(qn("w:t")):
            seen.update(text.text or "")
    return seen


def _say_fonts_are_embedded(document: Any) -> None:
    settings = document.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is not None:
        return
    flag = parse_xml(f"<w:embedTrueTypeFonts {nsdecls('w')}/>")
    for child in settings:
        if etree.QName(child).localname not in _SETTINGS_BEFORE:
            child.addprevious(flag)
            return
    settings.append(flag)
