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

from ..model import Document

if TYPE_CHECKING:
    from .pack import Manifest

READERS: dict[str, str] = {  # format name -> module
    "yaml": "converter.readers.yaml",
    "txt": "converter.readers.txt",
    "docx": "converter.readers.docx",
}
EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".txt": "txt", ".docx": "docx"}
# Formats people will give us that no reader reads yet: told so, not "use --from".
NOT_YET_READ = {".doc": "Word 97-2003 (.doc)", ".odt": "OpenDocument", ".pdf": "PDF"}

# read(data, path, warn=None): ``warn`` hears what a reader read with less than certainty.
Reader = Callable[..., "Document | Manifest"]


def reader_for(name: str) -> Reader:
    return importlib.import_module(READERS[name]).read  # type: ignore[no-any-return]  # imported by name


def format_of(path: Path) -> str | None:
    """The input format a file's extension implies, if any."""
    return EXTENSIONS.get(path.suffix.lower())
