"""The document model: a small, closed set of frozen dataclasses.

Readers build it, transforms refine it, writers walk it.  Nothing here does
I/O.  Every node keeps the position it came from in its source (``pos``);
positions are excluded from equality so that two documents with the same
content compare equal wherever their text came from.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Pos:
    """A place in a source file: 1-based line and column."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        if self.col <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.col}"


# --- inlines -----------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Plain text, exactly as the source has it."""

    text: str
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Emph:
    """Emphasis (italic in print)."""

    children: tuple[Inline, ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Strong:
    """Strong importance (bold in print)."""

    children: tuple[Inline, ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Link:
    """A link to ``url`` around some text."""

    children: tuple[Inline, ...]
    url: str
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class SymbolRef:
    """A UN document symbol such as ``A/RES/60/1``; its text is the symbol."""

    symbol: str
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)

    @property
    def url(self) -> str:
        return symbol_url(self.symbol)


@dataclass(frozen=True)
class FootnoteRef:
    """A call to the footnote labelled ``label``.

    ``number`` and ``occurrence`` are set by transforms: the note's number, and
    which call of that note this is in reading order (1 for the first, which is
    where every format places or anchors the note; later calls refer back to it).
    """

    label: str
    number: int = 0
    occurrence: int = 0
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


Inline = Text | Emph | Strong | Link | SymbolRef | FootnoteRef

# --- blocks ------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A section heading, level 1 to 3."""

    level: int
    children: tuple[Inline, ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class NumberedPara:
    """A paragraph numbered consecutively through the whole document (UN style).

    ``number`` is 0 until the numbering transform sets it, unless the source
    gave it explicitly.
    """

    children: tuple[Inline, ...]
    number: int = 0
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Para:
    """An unnumbered paragraph."""

    children: tuple[Inline, ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class ListItem:
    """One item of an enumerated list; ``label`` is written as the source has it, e.g. "(a)"."""

    label: str
    children: tuple[Inline, ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class EnumList:
    """An enumerated list set out as separate items."""

    items: tuple[ListItem, ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Quote:
    """A block quotation."""

    children: tuple[Inline, ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Footnote:
    """The text of a footnote; numbered in order of first call."""

    label: str
    children: tuple[Inline, ...]
    number: int = 0
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


Block = Heading | NumberedPara | Para | EnumList | Quote

# The closed set of node kinds, for dispatchers that must fail loudly on anything else.
INLINE_TYPES: tuple[type, ...] = (Text, Emph, Strong, Link, SymbolRef, FootnoteRef)
BLOCK_TYPES: tuple[type, ...] = (Heading, NumberedPara, Para, EnumList, Quote)

# --- the document ---------------------------------------------------------------


@dataclass(frozen=True)
class Metadata:
    """What the masthead, running heads and document properties say."""

    title: str
    kind: str = ""
    organ: str = ""
    session: str = ""
    place: str = ""
    date: datetime.date | None = None
    author: str = ""
    symbol: str = ""
    distribution: str = ""
    language: str = "en"
    original_language: str = ""
    short_title: str = ""
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Document:
    """One document: metadata, blocks in order, footnote texts."""

    meta: Metadata
    blocks: tuple[Block, ...]
    notes: tuple[Footnote, ...] = ()
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


# --- the words of a document ------------------------------------------------------


def symbol_url(symbol: str) -> str:
    """The undocs.org address of a symbol; "S/RES/1325 (2000)" -> ".../S/RES/1325(2000)"."""
    return "https://undocs.org/" + symbol.replace(" ", "")


def inline_text(children: tuple[Inline, ...]) -> str:
    """The characters a reader sees for a run of inlines (footnote calls as their number)."""
    return "".join(_inline_text(node) for node in children)


def _inline_text(node: Inline) -> str:
    if isinstance(node, Text):
        return node.text
    if isinstance(node, SymbolRef):
        return node.symbol
    if isinstance(node, FootnoteRef):
        return str(node.number)
    return inline_text(node.children)


def heading_title(heading: Heading) -> str:
    """A heading's words for outlines and contents: its text without footnote calls."""
    return _text_without_calls(heading.children)


def _text_without_calls(children: tuple[Inline, ...]) -> str:
    return "".join(
        "" if isinstance(node, FootnoteRef)
        else _text_without_calls(node.children) if isinstance(node, (Emph, Strong, Link))
        else _inline_text(node)
        for node in children
    )  # fmt: skip


def block_text(block: Block) -> str:
    """The words of one block, as every output shows them (paragraph numbers included)."""
    if isinstance(block, NumberedPara):
        return f"{block.number}. {inline_text(block.children)}"
    if isinstance(block, EnumList):
        return "\n".join(f"{item.label} {inline_text(item.children)}" for item in block.items)
    if isinstance(block, (Heading, Para, Quote)):
        return inline_text(block.children)
    raise TypeError(f"unknown block {type(block).__name__}")


def plain_text(doc: Document) -> str:
    """The one definition of "the words of this document".

    The title, then every block in order, then the footnotes ("N text").
    Masthead details (organ, session, place and date, kind, symbol) are page
    furniture drawn from metadata, so they are not part of it.  Every fidelity
    test compares an output's text with this.
    """
    parts = [doc.meta.title]
    parts.extend(block_text(block) for block in doc.blocks)
    parts.extend(f"{note.number} {inline_text(note.children)}" for note in doc.notes)
    return "\n\n".join(parts)


def words(text: str) -> list[str]:
    """Split text into words the way fidelity checks compare it."""
    return text.split()


# --- briefing packs ----------------------------------------------------------------


@dataclass(frozen=True)
class PackMeta:
    """What a briefing pack's cover says."""

    title: str
    subtitle: str = ""
    date: datetime.date | None = None
    prepared_by: str = ""
    prepared_for: str = ""
    classification: str = ""  # a classification or distribution line for the cover
    language: str = "en"
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Pack:
    """A briefing pack: a cover (with an optional note), a contents page, then documents.

    Members that are packs themselves are flattened into ``documents`` when read.
    Each document keeps its own numbering: paragraphs and footnotes restart.
    """

    meta: PackMeta
    documents: tuple[Document, ...]
    cover_note: tuple[Inline, ...] = ()
    files: tuple[str, ...] = field(default=(), compare=False)  # manifests and members read
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


Item = Document | Pack  # what a reader returns and a writer takes


def documents_of(item: Item) -> tuple[Document, ...]:
    return item.documents if isinstance(item, Pack) else (item,)
