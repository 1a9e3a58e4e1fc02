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
