"""Writer for plain text in the seed's layout (or a UN document's, with its masthead),
which the txt reader reads back as the same blocks.

Properties no page prints (the author, the short title, the language) follow the
footnotes as ``[author]: ...`` lines.  What plain text cannot mark is said in a
warning, never dropped in silence: a kind the reader would not know for one,
preambular paragraphs without their resolution's opening line.
"""

from __future__ import annotations

import re
import textwrap

from ..errors import ConversionWarning, RenderError
from ..model import (
    Annex,
    Block,
    Document,
    EnumList,
    Heading,
    Inline,
    Item,
    ListItem,
    NumberedPara,
    Organ,
    Para,
    Preamble,
    Quote,
    Signature,
)
from ..plaintext import (
    KIND_START,
    PROPERTY_KEYS,
    RESOLUTION_OPENING_RE,
    SCRIPT_HEADING_LABEL_RE,
    TEXT_MARK,
    foot_kind,
    heading_like,
    organ_like,
    session_dates_like,
    session_like,
    visible,
)
from ..wording import dateline
from . import WriteOptions
from .clean import clean_document
from .markup import to_markup
from .plan import DocumentPlan, plan
from .visitor import NodeVisitor

TITLE_WIDTH = 88  # the seed wraps its title at this width
INDENT = "    "  # a level of nested sub-paragraphs


def write(doc: Item, options: WriteOptions) -> bytes:
    if not isinstance(doc, Document):
        raise RenderError("a briefing pack is written as pdf, docx or html, not txt", doc.pos)
    doc = clean_document(doc, options.warn, "txt")
    document = plan(doc).documents[0]
    meta = doc.meta
    chunks = _masthead(document)
    # The title is plain text (no inline markup), as in the canonical source.
    chunks.append(textwrap.fill(f"**{meta.title}**", TITLE_WIDTH, break_long_words=False))
    if not chunks[:-1]:  # no masthead: the seed's place-and-date line follows the title
        chunks.append(dateline(meta.place, meta.date, meta.language))
    chunks.append(_kind(doc))
    blocks = _Blocks(options)
    if doc.summary:
        chunks.append(document.summary_title)
        chunks.extend(blocks.visit(block) for block in doc.summary)
        if doc.blocks and not isinstance(doc.blocks[0], (Heading, NumberedPara, Annex)):
            options.warn(ConversionWarning(
                "txt: the summary ends where a heading, numbered paragraph or annex begins, and this "
                "body begins otherwise: its first paragraphs will read back as part of the summary",
                doc.blocks[0].pos,
            ))  # fmt: skip
    chunks.extend(blocks.visit(block) for block in doc.blocks)
    chunks.extend(f"[^{note.label}]: {_text(note.children)}" for note in doc.notes)
    chunks.append(_properties(doc))
    return ("\n\n".join(chunk for chunk in chunks if chunk) + "\n").encode("utf-8")


def _masthead(document: DocumentPlan) -> list[str]:
    """The masthead as a UN document's text gives it: a block of the lines above the rule,
    a block per organ below it, then the page-foot lines."""
    marked = _organs_mark_themselves(document.doc.meta.organs)
    top = [
        *document.zone("top-left"),
        *document.zone("top-right"),
        *(document.zone("left") if marked else ()),
        *document.zone("right"),
    ]
    if all(line.role == "date" for line in document.masthead):
        return []  # the seed's layout: the place and date follow the title
    chunks = ["\n".join(line.text for line in top)]
    for column in document.session_columns if marked else ():
        chunks.append("\n".join(line.text + line.mark for line in column))
    foot = [f"{line.mark} {line.text}" if line.mark else line.text for line in document.zone("foot")]
    chunks.append("\n".join(foot))
    return [chunk for chunk in chunks if chunk]


def _kind(doc: Document) -> str:
    """The document kind where it reads back as one: in capitals, or worded as UN
    documents word one ("Report of the ..."); any other goes to the properties."""
    return doc.meta.kind if _kind_marks_itself(doc.meta.kind) else ""


def _kind_marks_itself(kind: str) -> bool:
    capitals = kind == kind.upper() and any(ch.isalpha() for ch in kind)
    return capitals or bool(KIND_START.match(kind) and not kind.endswith("."))


def _organs_mark_themselves(organs: tuple[Organ, ...]) -> bool:
    """Whether the reader will know the organ and session lines for what they are (with
    their agenda items, which only a known organ's block can carry)."""
    return all(
        organ_like(organ.name)
        and (not organ.subsidiary or organ_like(organ.subsidiary))
        and (not organ.session or session_like(organ.session))
        and (not organ.session_dates or (bool(organ.session) and session_dates_like(organ.session_dates)))
        for organ in organs
    )


def _properties(doc: Document) -> str:
    """What no page prints but the document holds: "[author]: ..." lines at the end."""
    meta = doc.meta
    values = {"author": meta.author, "short_title": meta.short_title, "heading_labels": meta.heading_labels}
    values["language"] = "" if meta.language == "en" else meta.language
    values["kind"] = "" if _kind_marks_itself(meta.kind) else meta.kind
    lines = [f"[{key}]: {values[key]}" for key in PROPERTY_KEYS if values.get(key)]
    if not _organs_mark_themselves(meta.organs):  # organ and session lines the reader would not know
        for organ in meta.organs:
            lines.append(f"[organ]: {organ.name}")
            lines += [f"[subsidiary]: {organ.subsidiary}"] if organ.subsidiary else []
            lines += [f"[session]: {organ.session}"] if organ.session else []
            lines += [f"[session_dates]: {organ.session_dates}"] if organ.session_dates else []
            for item in organ.agenda:
                lines.append(f"[agenda]: {item.number}")
                lines += [f"[agenda_title]: {item.title}"] if item.title else []
            lines += [f"[agenda_note]: {organ.agenda_note}"] if organ.agenda_note else []
            lines += [f"[agenda_label]: {organ.agenda_label}"] if organ.agenda_label else []
    return "\n".join(lines)


# A line break inside a block, with the spaces around it: written as one space, since a
# blank line would end the block and a new line could open another ("7. ...", "## ...").
# Every other format shows such a break as a space too.  (A LineBreak node is written as
# the markup's own break, a backslash at the end of the line, which the reader keeps.)
_BREAK = re.compile(r"[ \t]*(?<!\\)\n\s*")
# What the txt reader takes for the start of another kind of block, when a block that has
# no mark of its own (a paragraph, a level-1 heading) begins with it: escaped.
_LOOKS_MARKED = re.compile(
    r"\d{1,6}[.)]|\(\w{1,6}\)|[IVXLC]{1,7}\.\s|[A-Z]\.\s|>|#{2,3}\s|[•▪◦●–—-]\s|"
    + SCRIPT_HEADING_LABEL_RE.pattern
)


def _text(children: tuple[Inline, ...]) -> str:
    return _BREAK.sub(" ", to_markup(children, "txt"))


def _unmarked(children: tuple[Inline, ...]) -> str:
    """A block's text where nothing marks its kind: a leading look-alike of another
    kind's mark is escaped, so the text reads back as the same kind of block."""
    text = _text(children)
    found = _LOOKS_MARKED.match(text)
    if found is None:
        return text
    mark = found.group()
    # "7." -> ".", "(a)" -> "(", "ألف -" -> "-"
    at = next(index for index, char in enumerate(mark) if not char.isalnum() and not char.isspace())
    return text[:at] + "\\" + text[at:]


def _paragraph(children: tuple[Inline, ...]) -> str:
    """An unnumbered paragraph; one that would read back as a heading (a short line)
    after the "[text]: " mark."""
    text = _unmarked(children)
    return TEXT_MARK + text if heading_like(text) or foot_kind(visible(text)) else text


class _Blocks(NodeVisitor[str]):
    """Each block kind in the seed's layout."""

    FORMAT = "txt"

    def __init__(self, options: WriteOptions) -> None:
        self.warn = options.warn
        self.resolution = False  # after a resolution's opening line, paragraphs read as preambular

    def visit(self, node: object) -> str:
        text = super().visit(node)
        if isinstance(node, Para):
            self.resolution = bool(RESOLUTION_OPENING_RE.fullmatch(visible(text)))
        elif isinstance(node, (NumberedPara, Heading, Annex)):
            self.resolution = False
        return text

    def visit_Heading(self, block: Heading) -> str:
        label = f"{block.label} " if block.label else ""
        if block.level == 1:
            return label + (_text(block.children) if label else _unmarked(block.children))
        return "#" * block.level + " " + label + _text(block.children)

    def visit_NumberedPara(self, block: NumberedPara) -> str:
        return f"{block.number}. {_text(block.children)}"

    def visit_Para(self, block: Para) -> str:
        if self.resolution:
            self._cannot_mark(block, "an unnumbered paragraph after a resolution's opening line")
        return _paragraph(block.children)

    def visit_Preamble(self, block: Preamble) -> str:
        if not self.resolution:
            self._cannot_mark(block, "a preambular paragraph without its resolution's opening line before it")
        return _paragraph(block.children)

    def visit_Quote(self, block: Quote) -> str:
        language = f"[lang: {block.language}] " if block.language else ""  # "> [lang: fr] ..."
        return "> " + language + _text(block.children)

    def visit_EnumList(self, block: EnumList) -> str:
        return "\n".join(_list_lines(block, 0))

    def visit_Annex(self, block: Annex) -> str:
        title = f"\n\n**{_text(block.title)}**" if block.title else ""
        return block.label + title

    def visit_Signature(self, block: Signature) -> str:
        return "\n".join(_text(line) for line in block.lines)

    def _cannot_mark(self, block: Block, what: str) -> None:
        message = f"txt: plain text cannot mark {what}; it will read back as the other kind"
        self.warn(ConversionWarning(message, block.pos))


def _list_lines(block: EnumList, depth: int) -> list[str]:
    """Items at four spaces per level; an item's further paragraphs two spaces in."""
    lines = []
    for item in block.items:
        lines.append(f"{INDENT * depth}{item.label} {_text(item.children)}")
        lines += _item_blocks(item, depth)
    return lines


def _item_blocks(item: ListItem, depth: int) -> list[str]:
    lines = []
    for inner in item.blocks:
        if isinstance(inner, EnumList):
            lines += _list_lines(inner, depth + 1)
        elif isinstance(inner, Para):
            # Two spaces in from the item's label: deeper than a line that continues the item,
            # shallower than its sub-items.
            lines.append(f"{INDENT * depth}  {_unmarked(inner.children)}")
    return lines
