"""The canonical source format (r2p/1): its version and the keys each part may have.

Shared by the YAML reader and writer (and checked against the JSON Schema by
the tests), so the two can never disagree about what the format holds.
"""

from __future__ import annotations

FORMAT = "r2p/1"
TOP_KEYS = ("format", "meta", "body", "notes")
META_KEYS = (
    "title",
    "kind",
    "organ",
    "session",
    "place",
    "date",
    "author",
    "symbol",
    "distribution",
    "language",
    "original_language",
    "short_title",
)
BLOCK_KEYS = {  # the key that names a block kind -> the other keys it may have
    "heading": ("level",),
    "para": ("number",),
    "text": (),
    "list": (),
    "quote": (),
}

# The characters that can start inline markup; the writers escape them with a backslash
# so that text reads back as text (converter/inline.py parses the markup).
MARKUP_CHARS = "\\*_["


def escape_markup(text: str) -> str:
    """Text -> markup that parses back to exactly that text."""
    return "".join("\\" + ch if ch in MARKUP_CHARS else ch for ch in text)
