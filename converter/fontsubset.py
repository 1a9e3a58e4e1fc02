"""The theme's fonts, cut to the characters a document needs, for the formats that carry
their own fonts besides PDF: DOCX (embedded, obfuscated as ECMA-376 says) and HTML
(``@font-face`` as WOFF2).  SIL OFL 1.1, the licence of PT Serif, allows both.

A subset holds a fixed repertoire, so that a reader can still type in it: Latin
(Basic, Latin-1, Extended-A), general punctuation and common symbols, the Cyrillic
block when the document uses Cyrillic, and whatever other character the document
uses that the face has.  Subsets are cut by fontTools, without hinting (smaller, and
the PDF's faces are unhinted too), and cached by their content in the user's cache
directory: only the first document with a new repertoire pays for cutting.
"""

from __future__ import annotations

import array
import hashlib
import importlib.util
import io
import zlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from .resources import keep_cached, read_cached
from .theme import Font

FACES = ("regular", "bold", "italic", "bold_italic")
_LATIN = frozenset(
    [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2000, 0x2070), 0x20AC, 0x2116, 0x2122, 0x2212]
)
_CYRILLIC = frozenset(range(0x400, 0x460))


def face_file(font: Font, face: str) -> bytes:
    """The face's file, from the package that ships it (the fontpkg-pt-serif wheel); read
    once per process (a Chinese face is 12 MB)."""
    return _face_bytes(font.package, font.folder, font.files[face])


@cache
def _face_bytes(package: str, folder: str, filename: str) -> bytes:
    data: bytes = _package_file(package, folder, filename).read_bytes()
    return data


@cache
def _face_digest(package: str, folder: str, filename: str) -> bytes:
    """What identifies a face's file in cache keys: its place, size and time (hashing its
    bytes would cost a run more than converting a small document)."""
    face = _package_file(package, folder, filename)
    info = face.stat()
    return repr((str(face), info.st_size, info.st_mtime_ns)).encode()


def _package_file(package: str, folder: str, filename: str) -> Path:
    # found, not imported (a font package is only data), and without importlib.resources,
    # which costs a run more to import than this lookup
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the font package {package} is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    return root / folder / filename if folder else root / filename


def font_points(font: Font) -> frozenset[int]:
    """The code points a font's regular face can draw."""
    return _covered(font)


def _covered(font: Font) -> frozenset[int]:
    return _cmap(font.package, font.folder, font.files["regular"])


@cache
def _cmap(package: str, folder: str, filename: str) -> frozenset[int]:
    """The code points a face can draw (its file's cmap), kept in the user's cache: reading
    it means importing fontTools and parsing the face, more than a small document's run."""
    digest = _face_digest(package, folder, filename)
    name = f"cmap-{hashlib.sha256(digest + _CMAP_FORM.encode()).hexdigest()[:32]}.bin"
    kept = _points(read_cached(name))
    if kept is not None:
        return kept
    from fontTools.ttLib import TTFont  # only a face's first reading pays for importing fontTools

    face = _package_file(package, folder, filename)
    found = frozenset(TTFont(io.BytesIO(face.read_bytes())).getBestCmap())
    data = array.array("I", sorted(found)).tobytes()
    keep_cached(name, zlib.crc32(data).to_bytes(4, "big") + data)
    return found


def _points(data: bytes | None) -> frozenset[int] | None:
    """A cached cmap, or None when there is none or it is damaged (its checksum says so):
    a wrong cmap would drop characters the face can draw."""
    if data is None or len(data) < 4 or zlib.crc32(data[4:]).to_bytes(4, "big") != data[:4]:
        return None
    points = array.array("I")
    try:
        points.frombytes(data[4:])
    except ValueError:
        return None
    return frozenset(points)


# How a cached cmap is stored, in its key: a change here reads the faces afresh.
_CMAP_FORM = "CRC-32, then code points, native unsigned 32-bit: 2"


def repertoire(font: Font, used: Iterable[str], text_face: Font | None = None) -> frozenset[int]:
    """The code points a document's subset of ``font`` holds (see the module's note). A
    face for a script (``font.script``, given the ``text_face``) holds what the document
    uses of it, and nothing where the document has no character the text face lacks."""
    points = {ord(char) for char in used}
    if font.script and text_face is not None:
        lacking = {point for point in points - _covered(text_face) if not chr(point).isspace()}
        if not lacking or not lacking & _covered(font):  # (a document in Latin script only never
            return frozenset()  # pays for reading the Chinese face's table)
        return frozenset(points & _covered(font))
    wanted = set(_LATIN)
    if points & _CYRILLIC:
        wanted |= _CYRILLIC
    extra = points - wanted
    if extra:
        wanted |= extra & _covered(font)
    return frozenset(wanted)


def subset(font: Font, face: str, points: frozenset[int], flavor: str) -> bytes:
    """``face`` of ``font`` cut to ``points``, as "ttf" or "woff2" bytes (cached)."""
    digest = _face_digest(font.package, font.folder, font.files[face])  # not the whole file, each time
    key = hashlib.sha256(digest + repr((sorted(points), flavor, _FONTTOOLS_CUT)).encode()).hexdigest()[:32]
    name = f"font-{key}.{flavor}"
    kept = read_cached(name)
    if kept is not None:
        return kept
    cut = _cut(face_file(font, face), points, flavor)
    keep_cached(name, cut)
    return cut


# How subsets are cut, in the cache key: a change here cuts them afresh.
_FONTTOOLS_CUT = "unhinted, all features and names, notdef outline, CFF as glyf, renamed, fixed time: 5"


def _cut(data: bytes, points: frozenset[int], flavor: str) -> bytes:
    from fontTools import subset as fontsubset
    from fontTools.ttLib import TTFont

    options = fontsubset.Options()
    options.layout_features = ["*"]  # kerning and ligatures, as the full face has them
    options.name_IDs = ["*"]  # the names and the licence stay with the font
    options.hinting = False
    options.notdef_outline = True
    options.flavor = None if flavor == "ttf" else flavor
    face = TTFont(io.BytesIO(data), recalcTimestamp=False)  # the same bytes on every machine, every day
    cutter = fontsubset.Subsetter(options)
    cutter.populate(unicodes=sorted(points))
    cutter.subset(face)
    if flavor == "ttf" and "CFF " in face:
        _to_truetype_outlines(face)  # ReportLab and Word embed TrueType outlines only
        # each cut its own PostScript name: ReportLab knows faces by it, process-wide, and
        # would draw one document's characters from another's cut of the same face
        _rename(face, hashlib.sha256(repr(sorted(points)).encode()).hexdigest()[:8])
    face.flavor = options.flavor
    out = io.BytesIO()
    face.save(out)
    return out.getvalue()


def _rename(face: Any, suffix: str) -> None:
    names = face["name"]
    postscript = names.getDebugName(6) or "Face"
    names.setName(f"{postscript}-{suffix}", 6, 3, 1, 0x409)
    names.setName(f"{postscript}-{suffix}", 6, 1, 0, 0)


def _to_truetype_outlines(face: Any) -> None:
    """A CFF (PostScript-outline) face, such as Noto Serif SC, given quadratic TrueType
    outlines in its place (cubic curves approximated to within one font unit)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyphs = face.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = face.getGlyphOrder()
    glyf.glyphs = {}
    for name in glyf.glyphOrder:
        pen = TTGlyphPen(None)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    face["glyf"] = glyf
    face["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in face:
            del face[tag]
    maxp = face["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):  # fmt: skip
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    face["head"].glyphDataFormat = 0
    face["post"].formatType = 3.0  # no glyph names: the cmap says what each glyph is
    face.sfntVersion = "\x00\x01\x00\x00"


# --- DOCX: the obfuscation of ECMA-376 Part 1, 17.8.1 ----------------------------------------------


def font_key(data: bytes) -> str:
    """A GUID for an embedded font, from its bytes (equal input, equal output):
    "{8-4-4-4-12}" in capitals."""
    digits = hashlib.sha256(data).hexdigest()[:32].upper()
    return f"{{{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}}}"


def obfuscated(data: bytes, key: str) -> bytes:
    """The font as an .odttf part: its first 32 bytes XORed with the key's 16 bytes taken
    from the GUID's hex digits in reverse order."""
    digits = key.strip("{}").replace("-", "")
    secret = bytes.fromhex(digits)[::-1]
    head = bytes(byte ^ secret[index % 16] for index, byte in enumerate(data[:32]))
    return head + data[32:]
