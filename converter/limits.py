"""Every limit r2p-convert sets on what it reads, in one place (documented in
docs/source-format.md, "Limits").  Each keeps time and memory bounded for any
input; going over one is a one-line error naming the file (and line), exit 2.
"""

from __future__ import annotations

MAX_SOURCE_BYTES = 8 * 1024 * 1024  # a source or pack manifest file
MAX_YAML_DEPTH = 16  # nesting of mappings and lists in a source
MAX_PACK_DOCUMENTS = 500  # documents in a pack, counting those of nested packs
MAX_PACK_DEPTH = 8  # packs inside packs

# A Word document given as --reference-docx (or read as input):
MAX_DOCX_BYTES = 64 * 1024 * 1024  # the .docx file itself
MAX_DOCX_PART_BYTES = 64 * 1024 * 1024  # one part, uncompressed (declared and actual)
MAX_DOCX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts, uncompressed
MAX_DOCX_PARTS = 2_000  # entries in the zip
