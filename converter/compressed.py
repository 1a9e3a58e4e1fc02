"""Embedded fonts' compressed bytes, kept by their content in this process and in the
user's cache: DOCX deflates each font part into the zip, PDF each font program into a
FlateDecode stream.

Compressing a face's subset (about 50 KB of PT Serif) costs 2.5 ms of a 2-core machine,
most of the time of writing a short DOCX and a sixth of a short PDF.  The same subset
serves document after document: the DOCX's are cut to a fixed repertoire for Latin
script (``fontsubset.repertoire``), and ReportLab numbers a PDF's glyphs in the order the
text first uses them, which documents of one kind share (a masthead, its headings and its
phrases come first).  So a batch, a watched document rebuilt after a save, or the next run
on the same text compresses each subset once.  The bytes are those ``zlib`` makes at its
default level either way.
"""

from __future__ import annotations

import contextlib
import hashlib
import zlib

from .kept import Kept
from .resources import keep_cached, read_cached

ZIP_DEFLATE = -15  # raw deflate, as a zip entry holds it
FLATE_DECODE = 15  # the zlib format, as a PDF stream holds it
_NAMES = {ZIP_DEFLATE: "deflated", FLATE_DECODE: "flate"}

_KEPT: Kept[tuple[bytes, int], bytes] = Kept(32)  # (a font's bytes, the format) -> compressed


def kept_compressed(data: bytes, wbits: int) -> bytes:
    """``compressed(data, wbits)``, from this process's memory or the user's cache when
    either holds it; else compressed and kept in both."""
    return _KEPT.get((data, wbits), lambda: _cached(data, wbits))


def compressed(data: bytes, wbits: int) -> bytes:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, wbits)
    return compressor.compress(data) + compressor.flush()


def forget_kept() -> None:
    """Empty this process's memory of them (tests: to read the user's cache again)."""
    _KEPT.clear()


def _cached(data: bytes, wbits: int) -> bytes:
    """What is read back from the user's cache is decompressed and compared with ``data``
    (a fifth of the cost of compressing it), so a damaged cache file can never put a
    damaged font in a document."""
    name = f"{_NAMES[wbits]}-{hashlib.sha256(data).hexdigest()[:32]}.bin"
    kept = read_cached(name)
    if kept is not None:
        with contextlib.suppress(zlib.error):  # damaged: compressed afresh, and the file replaced
            if zlib.decompress(kept, wbits) == data:
                return kept
    made = compressed(data, wbits)
    keep_cached(name, made)
    return made
