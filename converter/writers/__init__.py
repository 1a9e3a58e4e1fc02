"""Writers: one module per output format behind this registry.

Each module has ``write(doc, options) -> bytes``.  Modules are imported only
when used, so ``--to html`` never pays for ReportLab or python-docx.
Adding a format is one module plus one line in ``WRITERS``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from ..errors import R2PError
from ..model import Item
from ..records import record


def _ignore(warning: R2PError) -> None:
    """The default warning sink: callers that care pass their own."""


@record
class WriteOptions:
    """What the command line tells every writer."""

    template_dir: Path | None = None  # user templates, looked up before the built-in ones
    reference_docx: Path | None = None  # a Word document whose styles DOCX output uses
    warn: Callable[[R2PError], None] = field(default=_ignore)


@record
class WriterSpec:
    """A format in the registry: where its writer lives and what it writes."""

    module: str
    extension: str
    binary: bool
    summary: str
    packs: bool = True  # can hold a briefing pack (a cover, contents, several documents)
    typeset: bool = False  # for readers: the language's typography applies (typography.py)


WRITERS: dict[str, WriterSpec] = {
    "yaml": WriterSpec("converter.writers.yaml", ".yaml", False, "canonical source (r2p/1)", packs=False),
    "txt": WriterSpec("converter.writers.txt", ".txt", False, "plain text in the seed's layout", packs=False),
    "html": WriterSpec(
        "converter.writers.html", ".html", False, "self-contained, accessible web page", typeset=True
    ),
    "pdf": WriterSpec("converter.writers.pdf", ".pdf", True, "print-ready, navigable PDF", typeset=True),
    "docx": WriterSpec(
        "converter.writers.docx",
        ".docx",
        True,
        "Word document with styles, numbering, footnotes",
        typeset=True,
    ),
}
PACK_FORMATS = tuple(name for name, spec in WRITERS.items() if spec.packs)

Writer = Callable[[Item, WriteOptions], bytes]


def writer_for(name: str) -> Writer:
    write: Writer = importlib.import_module(WRITERS[name].module).write
    if not WRITERS[name].typeset:
        return write

    def typeset_then_write(item: Item, options: WriteOptions) -> bytes:
        from .typography import typeset

        return write(typeset(item), options)

    return typeset_then_write
