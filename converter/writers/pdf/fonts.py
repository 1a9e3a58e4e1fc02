"""The theme's text face in ReportLab: registered once per process, face by face as
documents need them, so every font is embedded and subset; and what it can draw."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import cast

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...theme import Style, Theme, load_theme

FACES = ("regular", "bold", "italic", "bold_italic")


def font_name(family: str, face: str) -> str:
    return f"{family.replace(' ', '')}-{face}"


@cache
def _register_face(family: str, package: str, filename: str, face: str) -> str:
    """Register one face of the theme's font (once per process) and return its name."""
    name = font_name(family, face)
    path = resources.files(package) / "files" / filename
    with resources.as_file(path) as real_path:
        pdfmetrics.registerFont(TTFont(name, str(real_path)))
    return name


@cache
def _covered(family: str, package: str, filename: str) -> frozenset[int]:
    """The code points the regular face can draw."""
    font = cast(TTFont, pdfmetrics.getFont(_register_face(family, package, filename, "regular")))
    return frozenset(font.face.charToGlyph)


def covered(theme: Theme, key: str = "serif") -> frozenset[int]:
    font = theme.fonts[key]
    return _covered(font.name, font.package, font.files["regular"])


def drawable(text: str) -> str:
    """``text`` without the characters the theme's text face cannot draw (spaces kept)."""
    can_draw = covered(load_theme())
    return "".join(char for char in text if ord(char) in can_draw or char.isspace())


def register_family(theme: Theme, key: str, faces: set[str]) -> None:
    """Register the faces a document needs (regular always) and tie them into a family."""
    font = theme.fonts[key]
    names = {}
    for face in FACES:
        if face == "regular" or face in faces:
            names[face] = _register_face(font.name, font.package, font.files[face], face)
    regular = names["regular"]
    pdfmetrics.registerFontFamily(
        regular,
        normal=regular,
        bold=names.get("bold", regular),
        italic=names.get("italic", regular),
        boldItalic=names.get("bold_italic", names.get("bold", regular)),
    )


def face_of(bold: bool, italic: bool) -> str:
    if bold and italic:
        return "bold_italic"
    return "bold" if bold else "italic" if italic else "regular"


def style_face(style: Style) -> str:
    return face_of(style.bold, style.italic)
