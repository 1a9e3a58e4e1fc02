"""The document model: a small, closed set of frozen dataclasses.

Readers build it, transforms refine it, writers walk it.  Nothing here does
I/O.  Every node keeps the position it came from in its source (``pos``);
positions are excluded from equality so that two documents with the same
content compare equal wherever their text came from.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import field

from .records import record


@record
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


@record
class Text:
    """Plain text, exactly as the source has it."""

    text: str
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class Emph:
    """Emphasis (italic in print)."""

    children: tuple[Inline, ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class Strong:
    """Strong importance (bold in print)."""

    children: tuple[Inline, ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class Link:
    """A link to ``url`` around some text."""

    children: tuple[Inline, ...]
    url: str
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class SymbolRef:
    """A UN document symbol such as ``A/RES/60/1``; its text is the symbol."""

    symbol: str
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)

    @property
    def url(self) -> str:
        return symbol_url(self.symbol)


@record
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


@record
class LineBreak:
    """A line break inside a block (an address, a signature's title lines)."""

    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


Inline = Text | Emph | Strong | Link | SymbolRef | FootnoteRef | LineBreak

# --- blocks ------------------------------------------------------------------


@record
class Heading:
    """A section heading, level 1 to 3, with its label ("I.", "A.", "1.") if it has one:
    written in the source, or given by the ``label_headings`` transform."""

    level: int
    children: tuple[Inline, ...]
    label: str = ""
    # Written without a label on purpose (``label: ""``): with ``heading_labels: auto`` it
    # gets none and is not counted, like the seed's "Background" beside labelled headings.
    unlabelled: bool = False
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class NumberedPara:
    """A paragraph numbered consecutively through the document (UN style), or an
    operative paragraph of a resolution.

    ``number`` is 0 until the numbering transform sets it, unless the source
    gave it explicitly (the first may start anywhere: an excerpt from 51).
    """

    children: tuple[Inline, ...]
    number: int = 0
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class Para:
    """An unnumbered paragraph."""

    children: tuple[Inline, ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class Preamble:
    """A preambular paragraph of a resolution: unnumbered, its opening words in italics
    (written as emphasis in the source)."""

    children: tuple[Inline, ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class ListItem:
    """One item of a list (a sub-paragraph): its label as the source writes it, "(a)",
    "(i)", "•"; its first paragraph; then any further paragraphs and nested lists."""

    label: str
    children: tuple[Inline, ...]
    blocks: tuple[Block, ...] = ()  # Para and EnumList only
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class EnumList:
    """A list of sub-paragraphs set out as separate items.

    ``scheme``, ``pattern`` and ``start`` are set by the ``classify_lists``
    transform from the labels: "lower-alpha" and "(%1)" for (a), (b)...,
    "lower-roman" for (i), (ii)..., "bullet" and "•"..., or "" where the labels
    follow no scheme (they print as written).
    """

    items: tuple[ListItem, ...]
    scheme: str = ""  # the labels' counter: lower-alpha, lower-roman, decimal, bullet...
    pattern: str = ""  # the label around the counter, "%1" standing for it: "(%1)", "%1."
    start: int = 0
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class Quote:
    """A block quotation; ``language``, a BCP 47 tag, where it is in another language than
    its document (a French statement quoted in an English report)."""

    children: tuple[Inline, ...]
    language: str = ""
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class Annex:
    """The start of an annex or enclosure: its label as printed ("Annex", "Annex I",
    "Enclosure") and its title; the blocks after it, to the next annex, belong to it.
    It starts a new page in print; paragraph numbers restart at 1 in it unless
    ``restart`` is false."""

    label: str
    title: tuple[Inline, ...] = ()
    restart: bool = True
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class Signature:
    """A signature block: "(Signed) Name", then the signatory's title lines."""

    lines: tuple[tuple[Inline, ...], ...]
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class Footnote:
    """The text of a footnote; numbered in order of first call."""

    label: str
    children: tuple[Inline, ...]
    number: int = 0
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


Block = Heading | NumberedPara | Para | Preamble | EnumList | Quote | Annex | Signature

# The closed set of node kinds, for dispatchers that must fail loudly on anything else.
INLINE_TYPES: tuple[type, ...] = (Text, Emph, Strong, Link, SymbolRef, FootnoteRef, LineBreak)
BLOCK_TYPES: tuple[type, ...] = (Heading, NumberedPara, Para, Preamble, EnumList, Quote, Annex, Signature)

# --- the document ---------------------------------------------------------------


@record
class AgendaItem:
    """An item of an organ's agenda, as a masthead lists it: "68 (a)" and its title."""

    number: str
    title: str = ""
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class Organ:
    """An organ a document is addressed to, with its own session line and agenda items.
    A joint document (A/72/884–S/2018/525) has several."""

    name: str
    session: str = ""  # as printed: "Seventy-second session", "Seventy-third year"
    # A subsidiary organ whose column this is: the Human Rights Council under the General
    # Assembly (its name heads the column; the organ's own name stays at the top left).
    subsidiary: str = ""
    session_dates: str = ""  # the session's dates, "9 September–3 October 2035"
    agenda: tuple[AgendaItem, ...] = ()
    agenda_note: str = ""  # the provisional agenda's symbol: the "*" note ("* A/72/50.")
    agenda_label: str = ""  # the agenda line as printed, where it is not "Agenda item(s) N"
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)


@record
class Metadata:
    """What the masthead, running heads and document properties say."""

    title: str
    kind: str = ""
    organs: tuple[Organ, ...] = ()
    place: str = ""
    date: datetime.date | None = None
    author: str = ""
    symbol: str = ""
    distribution: str = ""
    language: str = "en"
    original_language: str = ""
    short_title: str = ""
    job: str = ""  # the job number printed at the foot of the first page, "18-08811 (E)"
    heading_labels: str = ""  # "auto": headings get the theme's labels (I., A., 1.)
    pos: Pos | None = field(default=None, compare=False, repr=False, kw_only=True)

    @property
    def organ(self) -> str:
        """The first organ's name ("" without one): what properties and keywords name."""
        return self.organs[0].name if self.organs else ""


@record
class Document:
    """One document: metadata, a summary (set in a box before the body), blocks in order,
    footnote texts."""

    meta: Metadata
    blocks: tuple[Block, ...]
    notes: tuple[Footnote, ...] = ()
    summary: tuple[Block, ...] = ()
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
    if isinstance(node, LineBreak):
        return "\n"
    return inline_text(node.children)


def block_inlines(block: Block) -> Iterator[tuple[Inline, ...]]:
    """Each run of inlines a block holds, in reading order (list items' own paragraphs and
    sub-lists included)."""
    if isinstance(block, EnumList):
        for item in block.items:
            yield item.children
            for inner in item.blocks:
                yield from block_inlines(inner)
    elif isinstance(block, Annex):
        yield block.title
    elif isinstance(block, Signature):
        yield from block.lines
    else:
        yield block.children


def heading_title(heading: Heading) -> str:
    """A heading's words for outlines and contents: its text without footnote calls."""
    return text_without_calls(heading.children)


def text_without_calls(children: tuple[Inline, ...]) -> str:
    return "".join(
        "" if isinstance(node, FootnoteRef)
        else text_without_calls(node.children) if isinstance(node, (Emph, Strong, Link))
        else _inline_text(node)
        for node in children
    )  # fmt: skip


def block_text(block: Block) -> str:
    """The words of one block, as every output shows them (numbers and labels included)."""
    if isinstance(block, NumberedPara):
        return f"{block.number}. {inline_text(block.children)}"
    if isinstance(block, Heading):
        text = inline_text(block.children)
        return f"{block.label} {text}" if block.label else text
    if isinstance(block, EnumList):
        return "\n".join(_item_text(item) for item in block.items)
    if isinstance(block, (Para, Preamble, Quote)):
        return inline_text(block.children)
    if isinstance(block, Annex):
        return "\n".join(part for part in (block.label, inline_text(block.title)) if part)
    if isinstance(block, Signature):
        return "\n".join(inline_text(line) for line in block.lines)
    raise TypeError(f"unknown block {type(block).__name__}")


def _item_text(item: ListItem) -> str:
    first = f"{item.label} {inline_text(item.children)}"
    return "\n".join([first, *(block_text(block) for block in item.blocks)])


def plain_text(doc: Document) -> str:
    """The one definition of "the words of this document".

    The title, then the summary's blocks, then every block in order, then the
    footnotes ("N text").  Masthead details (organs, sessions, agenda items,
    place and date, kind, symbol) are page furniture drawn from metadata, so
    they are not part of it.  Every fidelity test compares an output's text
    with this.
    """
    parts = [doc.meta.title]
    parts.extend(block_text(block) for block in doc.summary)
    parts.extend(block_text(block) for block in doc.blocks)
    parts.extend(f"{note.number} {inline_text(note.children)}" for note in doc.notes)
    return "\n\n".join(parts)


def words(text: str) -> list[str]:
    """Split text into words the way fidelity checks compare it."""
    return text.split()


# --- briefing packs ----------------------------------------------------------------


@record
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


@record
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
