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

import hashlib
import io
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from .fileio import write_atomically
from .resources import trusted_cache_file, user_cache_dir
from .theme import Font

FACES = ("regular", "bold", "italic", "bold_italic")
_LATIN = frozenset(
    [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2000, 0x2070), 0x20AC, 0x2116, 0x2122, 0x2212]
)
_CYRILLIC = frozenset(range(0x400, 0x460))


def face_file(font: Font, face: str) -> bytes:
    """The face's file, from the package that ships it (the fontpkg-pt-serif wheel)."""
    return (resources.files(font.package) / "files" / font.files[face]).read_bytes()


def _covered(font: Font) -> frozenset[int]:
    return _cmap(font.package, font.files["regular"])


@cache
def _cmap(package: str, filename: str) -> frozenset[int]:
    """The code points a face can draw (its file's cmap)."""
    from fontTools.ttLib import TTFont  # only what needs the cmap pays for importing fontTools

    data = (resources.files(package) / "files" / filename).read_bytes()
    return frozenset(TTFont(io.BytesIO(data)).getBestCmap())


def repertoire(font: Font, used: Iterable[str]) -> frozenset[int]:
    """The code points a document's subset of ``font`` holds (see the module's note)."""
    points = {ord(char) for char in used}
    wanted = set(_LATIN)
    if points & _CYRILLIC:
        wanted |= _CYRILLIC
    extra = points - wanted
    if extra:
        wanted |= extra & _covered(font)
    return frozenset(wanted)


def subset(font: Font, face: str, points: frozenset[int], flavor: str) -> bytes:
    """``face`` of ``font`` cut to ``points``, as "ttf" or "woff2" bytes (cached)."""
    data = face_file(font, face)
    key = hashlib.sha256(data + repr((sorted(points), flavor, _FONTTOOLS_CUT)).encode()).hexdigest()[:32]
    folder = user_cache_dir()
    path: Path | None = folder / f"font-{key}.{flavor}" if folder else None
    if path is not None and trusted_cache_file(path):
        return path.read_bytes()
    cut = _cut(data, points, flavor)
    if path is not None:
        write_atomically(path, cut)
    return cut


_FONTTOOLS_CUT = "unhinted, all layout features, all names, notdef outline: 1"  # in the cache key


def _cut(data: bytes, points: frozenset[int], flavor: str) -> bytes:
    from fontTools import subset as fontsubset
    from fontTools.ttLib import TTFont

    options = fontsubset.Options()
    options.layout_features = ["*"]  # kerning and ligatures, as the full face has them
    options.name_IDs = ["*"]  # the names and the licence stay with the font
    options.hinting = False
    options.notdef_outline = True
    options.flavor = None if flavor == "ttf" else flavor
    face = TTFont(io.BytesIO(data))
    cutter = fontsubset.Subsetter(options)
    cutter.populate(unicodes=sorted(points))
    cutter.subset(face)
    face.flavor = options.flavor
    out = io.BytesIO()
    face.save(out)
    return out.getvalue()


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
