"""Readers: one module per input format, each with ``read(data, path) -> Document``.

A reader knows one input syntax and nothing about outputs or files: it takes
bytes and a name for positions.  The YAML reader also returns pack manifests,
whose members the pipeline (``convert.py``) reads.  Modules are imported only
when used, so a run pays only for what it reads.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..limits import MAX_DOCX_BYTES, MAX_SOURCE_BYTES
from ..model import Document

if TYPE_CHECKING:
    from .pack import Manifest

READERS: dict[str, str] = {  # format name -> module
    "yaml": "converter.readers.yaml",
    "txt": "converter.readers.txt",
    "docx": "converter.readers.docx",
}
# (.docm: read only to say that a macro-enabled document is refused.)
EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".txt": "txt", ".docx": "docx", ".docm": "docx"}
# What a directory given as an input is searched for (a .docm only when named).
DISCOVERED = (".yaml", ".yml", ".txt", ".docx")
# Formats people will give us that no reader reads yet: told so, not "use --from".
NOT_YET_READ = {".doc": "Word 97-2003 (.doc)", ".odt": "OpenDocument", ".pdf": "PDF"}

# The most bytes a source in each format may have (a Word document holds its images).
SIZE_LIMITS = {"docx": MAX_DOCX_BYTES}

# read(data, path, warn=None): ``warn`` hears what a reader read with less than certainty.
Reader = Callable[..., "Document | Manifest"]


def reader_for(name: str) -> Reader:
    return importlib.import_module(READERS[name]).read  # type: ignore[no-any-return]  # imported by name


def size_limit(name: str) -> int:
    return SIZE_LIMITS.get(name, MAX_SOURCE_BYTES)


def format_of(path: Path) -> str | None:
    """The input format a file's extension implies, if any."""
    return EXTENSIONS.get(path.suffix.lower())
