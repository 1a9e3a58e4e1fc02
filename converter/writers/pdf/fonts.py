"""The theme's text face in ReportLab: registered once per process, face by face as
documents need them, so every font is embedded and subset; and what it can draw."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from functools import cache
from importlib import resources
from itertools import groupby
from operator import itemgetter
from typing import Any, cast

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...fontsubset import face_file, font_points, repertoire, subset
from ...kept import Kept
from ...records import record
from ...theme import Font, Style, Theme, load_theme

FACES = ("regular", "bold", "italic", "bold_italic")


def font_name(family: str, face: str) -> str:
    return f"{family.replace(' ', '')}-{face}"


class MeasuredFont(TTFont):
    """A face that keeps the widths it has measured.  ReportLab measures every word of a
    paragraph each time it breaks its lines (twice or more a paragraph: to size it, and
    again where a page splits it), a Python loop over the characters; UN prose repeats
    its words, so most measurements are asked for before: 15% of a long document's PDF."""

    MAX_KEPT = 200_000  # words and sizes, about 30 MB at most

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widths: dict[tuple[str, float, str], float] = {}
        face: Any = self.face  # (ReportLab's stubs type the method, not an attribute)
        face.makeSubset = _SubsetsKept(face.makeSubset)

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # (ReportLab's name)
        key = (text, size, encoding)
        width = self.widths.get(key)
        if width is None:
            if len(self.widths) >= self.MAX_KEPT:
                self.widths.clear()
            width = self.widths[key] = float(super().stringWidth(text, size, encoding))
        return width

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """ReportLab's, with a quicker way for text whose characters all have their code
        in the document's first subset already, as most of a Latin-script document's
        text does after its first lines: one ``str.translate`` instead of ReportLab's
        Python loop over the characters (a tenth of drawing a page)."""
        state = self.state.get(doc)
        codes: _FirstSubset | None = getattr(state, "r2p_first_subset", None)
        if codes is not None and isinstance(text, str) and text and codes.has_all(text):
            return [(0, text.translate(codes.table).encode("latin-1"))]
        split: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        state = cast(Any, self.state[doc])  # (ReportLab's stubs do not know its attributes)
        if codes is None:
            codes = state.r2p_first_subset = _FirstSubset()
        codes.learn(state.assignments)
        return split


class _SubsetsKept:
    """A face's ``makeSubset``, keeping the last subsets it made.  ReportLab cuts a font
    program for each subset of each document it embeds, in Python; the documents of a
    batch, and a watched document rebuilt, give their faces the same codes in the same
    order (their mastheads and headings come first), so the same subsets again."""

    def __init__(self, make: Any) -> None:
        self.make = make
        self.kept: Kept[tuple[int, ...], bytes] = Kept(16)

    def __call__(self, subset: list[int]) -> bytes:
        return self.kept.get(tuple(subset), lambda: self.make(subset))


class _FirstSubset:
    """The characters a document's face has given a code in its first subset (code < 256),
    as ``str.translate`` wants them.  No-break space is drawn as a space, as ReportLab's
    ``splitString`` does."""

    def __init__(self) -> None:
        self.table: dict[int, str] = {}
        self.chars: frozenset[str] = frozenset()
        self._learned = 0

    def has_all(self, text: str) -> bool:
        return self.chars.issuperset(text)

    def learn(self, assignments: dict[int, int]) -> None:
        if len(assignments) == self._learned:
            return
        self._learned = len(assignments)
        self.table = {point: chr(code) for point, code in assignments.items() if code < 256}
        if 32 in self.table:
            self.table[0xA0] = self.table[32]
        self.chars = frozenset(map(chr, self.table))


@cache
def _register_face(family: str, package: str, filename: str, face: str) -> str:
    """Register one face of the theme's font (once per process) and return its name."""
    name = font_name(family, face)
    path = resources.files(package) / "files" / filename
    with resources.as_file(path) as real_path:
        pdfmetrics.registerFont(MeasuredFont(name, str(real_path)))
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
    """``text`` without the characters the theme's faces cannot draw (spaces kept)."""
    theme = load_theme()
    serif = theme.fonts["serif"]
    text_face = _covered_chars(serif.name, serif.package, serif.files["regular"])
    if all(char.isspace() for char in set(text).difference(text_face)):
        return text  # (without reading the scripts' faces' tables)
    can_draw = all_covered(theme)
    return "".join(char for char in text if ord(char) in can_draw or char.isspace())


@cache
def _covered_chars(family: str, package: str, filename: str) -> frozenset[str]:
    """``_covered`` as characters, for set operations on text."""
    return frozenset(map(chr, _covered(family, package, filename)))


_ALL_COVERED: dict[int, frozenset[int]] = {}  # by the theme's id: themes are loaded once


def all_covered(theme: Theme) -> frozenset[int]:
    """What the text face and the scripts' faces can draw between them."""
    found = _ALL_COVERED.get(id(theme))
    if found is None:
        scripts = [font_points(font) for font in theme.fonts.values() if font.script]
        found = _ALL_COVERED[id(theme)] = covered(theme).union(*scripts)
    return found


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


# --- the scripts' faces ------------------------------------------------------------------------


@record
class ScriptFace:
    """A script's face registered for a document: the characters it draws there, and the
    name of its regular face (its family's other faces follow <b> and <i>)."""

    points: frozenset[int]
    name: str


def register_scripts(theme: Theme, used: set[str]) -> tuple[ScriptFace, ...]:
    """Register the faces of the scripts a document uses that the text face lacks
    (Arabic, Chinese), each with the characters it will draw."""
    serif = theme.fonts["serif"]
    text_face = covered(theme)
    found = []
    for font in theme.fonts.values():
        if not font.script:
            continue
        points = repertoire(font, used, serif)
        if not points:
            continue
        names = {face: _register_script_face(font, face, points) for face in FACES}
        pdfmetrics.registerFontFamily(
            names["regular"], normal=names["regular"], bold=names["bold"],
            italic=names["italic"], boldItalic=names["bold_italic"],
        )  # fmt: skip
        found.append(ScriptFace(frozenset(points - text_face), names["regular"]))
    return tuple(found)


def _register_script_face(font: Font, face: str, points: frozenset[int]) -> str:
    """A TrueType face as it is (ReportLab subsets it), a CFF face (Noto Serif SC) as a
    subset given TrueType outlines, which ReportLab can embed."""
    data = face_file(font, face)
    if data[:4] != b"OTTO":
        return _register_bytes(font_name(font.name, face), data)
    cut = subset(font, face, points, "ttf")
    name = f"{font_name(font.name, face)}-{hashlib.sha256(cut).hexdigest()[:10]}"
    return _register_bytes(name, cut)


@cache
def _register_bytes(name: str, data: bytes) -> str:
    from .rtl import ShapingWidths

    pdfmetrics.registerFont(ShapingWidths(name, io.BytesIO(data)))
    return name


def script_runs(text: str, faces: tuple[ScriptFace, ...]) -> list[tuple[str, str]]:
    """``text`` cut into runs, each with the name of the script face that draws it ("" for
    the text face). White space and marks between two characters of one face go with
    them, so that an Arabic phrase is shaped as one."""
    if not faces:
        return [(text, "")]
    chosen = [next((each.name for each in faces if ord(char) in each.points), "") for char in text]
    index = 0
    while index < len(text):  # each stretch of neutrals (the text face's, not letters or digits)
        if chosen[index] or text[index].isalnum():
            index += 1
            continue
        end = index
        while end < len(text) and not chosen[end] and not text[end].isalnum():
            end += 1
        before, after = (chosen[index - 1] if index else ""), (chosen[end] if end < len(text) else "")
        if before and before == after:  # between two characters of one script's face
            chosen[index:end] = [before] * (end - index)
        index = end
    return [("".join(char for char, _ in group), face) for face, group in _grouped(text, chosen)]


def _grouped(text: str, chosen: list[str]) -> Iterator[tuple[str, Iterator[tuple[str, str]]]]:
    return groupby(zip(text, chosen, strict=True), key=itemgetter(1))
