"""Writer for PDF: the version that is posted and printed, laid out with ReportLab platypus.

- Fonts: the theme's text face (PT Serif, from the fontpkg-pt-serif wheel) is
  registered once per process, face by face as documents need them, embedded
  and subset.  The canvas starts in that face, so no unembedded Helvetica
  appears.  A character the face cannot draw is reported with its position.
- Layout: page size and margins from the theme; a masthead and title on the
  first page; numbered paragraphs hang their numbers; headings keep with what
  follows; no widows or orphans; long words wrap; a running head from page 2
  and "Page X of Y" on every page.
- Navigation: an outline of the title and headings, a named destination
  ``para-N`` per numbered paragraph, links to undocs.org, footnotes at the foot
  of the page that calls them.
- Text is data: every piece of source text is escaped before it reaches
  ReportLab's paragraph markup.
- Reproducible: invariant mode, dates from SOURCE_DATE_EPOCH or the document.
"""

from __future__ import annotations

import datetime
import html
import io
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.tableofcontents import TableOfContents

from .. import __version__
from ..errors import ConversionWarning, R2PError, RenderError
from ..model import (
    Block,
    Document,
    EnumList,
    Heading,
    Item,
    NumberedPara,
    Pack,
    Para,
    Pos,
    Quote,
    documents_of,
)
from ..theme import Style, Theme, load_theme
from ..wording import dateline, format_date, wording
from . import WriteOptions
from .clean import clean_text
from .runs import Run, flatten

ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
FACES = ("regular", "bold", "italic", "bold_italic")


def write(item: Item, options: WriteOptions) -> bytes:
    theme = load_theme()
    builder = _StoryBuilder(theme, options.warn)
    story = builder.story(item)
    out = io.BytesIO()
    doc = _DocTemplate(out, theme, item, builder)
    try:
        if isinstance(item, Pack):
            doc.multiBuild(story, canvasmaker=doc.canvas_maker)  # contents need page numbers: two passes
        else:
            doc.build(story, canvasmaker=doc.canvas_maker)
    except LayoutError as err:
        where = doc.current_pos
        raise RenderError(f"pdf: cannot lay out this block: {str(err).split(' (')[0]}", where) from None
    return out.getvalue()


# --- fonts ---------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Text for ReportLab's paragraph markup.  (xml.sax.saxutils would import urllib: 15 ms.)"""
    return html.escape(text, quote=True)


def _font_name(family: str, face: str) -> str:
    return f"{family.replace(' ', '')}-{face}"


@cache
def _register_face(family: str, package: str, filename: str, face: str) -> str:
    """Register one face of the theme's font (once per process) and return its name."""
    name = _font_name(family, face)
    path = resources.files(package) / "files" / filename
    with resources.as_file(path) as real_path:
        pdfmetrics.registerFont(TTFont(name, str(real_path)))
    return name


@cache
def _covered(family: str, package: str, filename: str) -> frozenset[int]:
    """The code points the regular face can draw."""
    font = pdfmetrics.getFont(_register_face(family, package, filename, "regular"))
    return frozenset(font.face.charToGlyph)


def drawable(text: str) -> str:
    """``text`` without the characters the theme's text face cannot draw (spaces kept)."""
    font = load_theme().fonts["serif"]
    covered = _covered(font.name, font.package, font.files["regular"])
    return "".join(char for char in text if ord(char) in covered or char.isspace())


def _register_family(theme: Theme, key: str, faces: set[str]) -> None:
    """Register the faces a document needs (regular always) and tie them into a family."""
    font = theme.fonts[key]
    names = {}
    for face in FACES:
        if face == "regular" or face in faces:
            names[face] = _register_face(font.name, font.package, font.files[face], face)
    regular = names["regular"]
    pdfmetrics.registerFontFamily(
        regular,
        normal=regular,
        bold=names.get("bold", regular),
        italic=names.get("italic", regular),
        boldItalic=names.get("bold_italic", names.get("bold", regular)),
    )


def _face(style: Style) -> str:
    if style.bold and style.italic:
        return "bold_italic"
    return "bold" if style.bold else "italic" if style.italic else "regular"


# --- styles ------------------------------------------------------------------------------


@cache
def _paragraph_styles() -> dict[str, ParagraphStyle]:
    """The theme's styles as ReportLab ParagraphStyles, made once per process."""
    theme = load_theme()
    styles = {}
    for name, spec in theme.styles.items():
        font = theme.fonts[spec.font]
        styles[name] = ParagraphStyle(
            name,
            fontName=_font_name(font.name, _face(spec)),
            fontSize=spec.size,
            leading=spec.leading,
            textColor=colors.HexColor(spec.color),
            alignment=ALIGN[spec.align],
            spaceBefore=spec.space_before,
            spaceAfter=spec.space_after,
            # Headings are kept with what follows by _keep_with_next (a conditional page
            # break), not ReportLab's keepWithNext, which moves a heading together with the
            # whole next paragraph and can leave most of a page empty.
            keepWithNext=0,
            allowWidows=0,
            allowOrphans=0,
            splitLongWords=1,
            bulletFontName=_font_name(font.name, "regular"),
            bulletFontSize=spec.size,
            linkUnderline=0,
        )
    number_indent = theme.number_indent
    styles["numbered"].leftIndent = number_indent
    styles["footnote"].leftIndent = number_indent * 0.6
    styles["list_item"].leftIndent = number_indent + theme.list_indent
    styles["list_item"].bulletIndent = number_indent
    styles["quote"].leftIndent = styles["quote"].rightIndent = theme.quote_indent
    styles["masthead_right"] = ParagraphStyle("masthead_right", parent=styles["masthead"], alignment=TA_RIGHT)
    contents = {"alignment": TA_LEFT, "leftIndent": number_indent, "firstLineIndent": -number_indent}
    styles["contents1"] = ParagraphStyle("contents1", parent=styles["body"], **contents)
    styles["contents2"] = ParagraphStyle(
        "contents2", parent=styles["contents1"], leftIndent=2 * number_indent
    )
    return styles


# --- flowables ------------------------------------------------------------------------------


@dataclass
class _PageNotes:
    """Footnotes placed on the page being laid out, drawn at its foot when it ends."""

    notes: list[Paragraph] = field(default_factory=list)
    gap: float = 12.0  # the space and rule between the text and the notes

    def height(self, notes: list[Paragraph], width: float) -> float:
        extra = sum(note.wrap(width, 10_000)[1] + note.getSpaceAfter() for note in notes)
        return extra + (self.gap if notes and not self.notes else 0)


class _Block(Paragraph):
    """A paragraph that remembers where it came from, what it adds to the outline, and the
    footnotes it calls (laid out at the foot of its page)."""

    def __init__(self, text: str, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        self.pos: Pos | None = kwargs.pop("pos", None)
        self.outline: tuple[str, int, str] | None = kwargs.pop("outline", None)
        self.notes: list[Paragraph] = kwargs.pop("notes", [])
        self.page_notes: _PageNotes | None = kwargs.pop("page_notes", None)
        self.notes_height = 0.0
        if self.outline and text is not None:  # the outline entry's destination
            text = f'<a name="{self.outline[2]}"/>' + text
        super().__init__(text, style, *args, **kwargs)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = super().wrap(available_width, available_height)
        if self.notes and self.page_notes is not None:
            self.notes_height = self.page_notes.height(self.notes, available_width)
        return width, height + self.notes_height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        super().drawOn(canvas, x, y + self.notes_height, _sW)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        reserve = self.page_notes.height(self.notes, available_width) if self.notes and self.page_notes else 0
        parts = super().split(available_width, available_height - reserve)
        if len(parts) != 2:
            return parts
        first_calls = _calls_in(parts[0])  # the first part is laid out: its lines say what it calls
        for part, notes in zip(parts, _partition(self.notes, first_calls), strict=True):
            part.pos, part.page_notes, part.outline = self.pos, self.page_notes, None
            part.notes, part.notes_height = notes, 0.0
        parts[0].outline = self.outline
        return parts


_CALL_ANCHOR = re.compile(r"(?:^|-)ref-(\d+)(?:-\d+)?$")


def _partition(notes: list[Paragraph], called: set[int]) -> tuple[list[Paragraph], list[Paragraph]]:
    """Notes called in the first part of a split paragraph, and the rest (for the second)."""
    return [n for n in notes if n.note_number in called], [n for n in notes if n.note_number not in called]


def _calls_in(paragraph: Paragraph) -> set[int]:
    """The footnotes called in the lines of a laid-out paragraph (each call carries an anchor)."""
    found = set()
    for line in getattr(getattr(paragraph, "blPara", None), "lines", ()):
        words = line.words if hasattr(line, "words") else line[1]
        for frag in words:
            definition = getattr(frag, "cbDefn", None)
            name = getattr(definition, "name", "") or ""
            call = _CALL_ANCHOR.search(name) if getattr(definition, "kind", "") == "anchor" else None
            if call:
                found.add(int(call.group(1)))
    return found


class _Marker(Flowable):
    """Zero-size: tells the document template that a new document of a pack begins."""

    _ZEROSIZE = True

    def __init__(self, index: int, running_head: str) -> None:
        super().__init__()
        self.index, self.running_head = index, running_head

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


# --- the story -------------------------------------------------------------------------------


class _StoryBuilder:
    def __init__(self, theme: Theme, warn: Callable[[R2PError], None]) -> None:
        self.theme = theme
        self.warn = warn
        self.styles = _paragraph_styles()
        self.page_notes = _PageNotes()
        self.font = theme.fonts["serif"]
        self.prefix = ""
        self.sections = 0  # headings so far in this document, for their destination names
        self.calls: dict[int, int] = {}  # calls of each note so far, to name each call's anchor
        self.toc: TableOfContents | None = None

    def story(self, item: Item) -> list[Flowable]:
        _register_family(self.theme, "serif", self._faces_needed(item))
        flowables: list[Flowable] = []
        if isinstance(item, Pack):
            flowables += self._cover(item)
        for index, doc in enumerate(documents_of(item), 1):
            self.prefix = f"doc-{index}-" if isinstance(item, Pack) else ""
            self.sections = 0
            self.calls = {}
            if isinstance(item, Pack):
                flowables += [NextPageTemplate("first"), PageBreak()]
            flowables.append(_Marker(index, doc.meta.running_head))
            flowables += self._document(doc)
            if not isinstance(item, Pack):
                flowables.insert(0, NextPageTemplate("later"))
        return flowables

    def _faces_needed(self, item: Item) -> set[str]:
        faces = {_face(style) for style in self.theme.styles.values()}
        for doc in documents_of(item):
            for block in doc.blocks:
                for run in _block_runs(block):
                    faces.add(_face_of_run(run))
        return faces

    # the cover and contents of a pack ---------------------------------------------------------

    def _cover(self, pack: Pack) -> list[Flowable]:
        meta = pack.meta
        words = wording(meta.language)
        out: list[Flowable] = [Spacer(1, self.theme.page.height * 0.2)]
        if meta.classification:
            out.append(self._plain(meta.classification, "kind"))
        out.append(
            _Block(self._text(meta.title, meta.pos), self.styles["title"], outline=(meta.title, 0, "cover"))
        )
        if meta.subtitle:
            out.append(self._plain(meta.subtitle, "kind"))
        lines = [
            f"{words['date_label']}: {format_date(meta.date, meta.language)}" if meta.date else "",
            f"{words['prepared_by']}: {meta.prepared_by}" if meta.prepared_by else "",
            f"{words['prepared_for']}: {meta.prepared_for}" if meta.prepared_for else "",
        ]
        out += [self._plain(line, "cover", meta.pos) for line in lines if line]
        if pack.cover_note:
            out += [Spacer(1, 18), Paragraph(self._markup(flatten(pack.cover_note)), self.styles["body"])]
        self.toc = TableOfContents(levelStyles=[self.styles["contents1"], self.styles["contents2"]],
                                   dotsMinLevel=0)  # fmt: skip
        regular = _font_name(self.font.name, "regular")
        self.toc.tableStyle = TableStyle([("FONTNAME", (0, 0), (-1, -1), regular)])  # else Helvetica
        # Entries as the layout will report them, with page 0: the contents page has its
        # final length from the first pass, so two passes settle every page number.
        self.toc._entries = _contents_entries(pack)
        out += [
            NextPageTemplate("later"),
            PageBreak(),
            _Block(
                self._text(words["contents"]),
                self.styles["heading1"],
                outline=(words["contents"], 0, "contents"),
            ),
            self.toc,
        ]
        return out

    # one document -----------------------------------------------------------------------------

    def _document(self, doc: Document) -> list[Flowable]:
        meta = doc.meta
        words = wording(meta.language)
        out: list[Flowable] = [self._masthead(doc, words)]
        key = self.prefix.rstrip("-") or "doc"  # the document's own anchor: doc-K in a pack
        level = 0  # the outline: each document, then its headings
        out.append(_Block(self._text(meta.title, meta.pos), self.styles["title"],
                          outline=(meta.title, level, key), pos=meta.pos))  # fmt: skip
        if meta.kind:
            out.append(self._plain(meta.kind, "kind", meta.pos))
        notes = {note.number: note for note in doc.notes}
        placed: set[int] = set()
        for block in doc.blocks:
            out.extend(self._block(block, notes, placed, level))
        return out

    def _masthead(self, doc: Document, words: dict[str, Any]) -> Flowable:
        meta = doc.meta
        left = [meta.organ, words["session"].format(session=meta.session) if meta.session else ""]
        right = [
            meta.symbol,
            words["distribution"].format(value=meta.distribution) if meta.distribution else "",
        ]
        right += [dateline(meta.place, meta.date, meta.language)]
        right += [words["original"].format(value=meta.original_language) if meta.original_language else ""]
        left_cells = [self._plain(line, "masthead", meta.pos) for line in left if line]
        right_cells = [self._plain(line, "masthead_right", meta.pos) for line in right if line]
        frame_width = self.theme.page.width - self.theme.page.margin_left - self.theme.page.margin_right
        table = Table([[left_cells or "", right_cells or ""]], colWidths=[frame_width / 2] * 2)
        table.pos = meta.pos  # so a layout error can say where
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), _font_name(self.font.name, "regular")),  # else Helvetica
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.HexColor(self.theme.colors["rule"])),
        ]))  # fmt: skip
        return table

    def _block(self, block: Block, notes: dict, placed: set[int], level: int) -> list[Flowable]:
        return _BLOCKS[type(block)](self, block, notes, placed, level)

    def _heading(self, block: Heading, notes: dict, placed: set[int], level: int) -> list[Flowable]:
        runs = flatten(block.children)
        title = _heading_title(block)
        self.sections += 1
        key = f"{self.prefix}sec-{self.sections}"
        style = self.styles[f"heading{block.level}"]
        flowable = self._carrier(
            runs, style, block.pos, notes, placed, outline=(title, level + block.level, key)
        )
        return [self._keep_with_next(style), flowable]

    def _keep_with_next(self, heading: ParagraphStyle) -> Flowable:
        """A page break unless the heading and three lines of what follows fit (the
        following paragraph's own orphan control needs at least two)."""
        body = self.styles["body"]
        needed = heading.spaceBefore + heading.leading * 2 + heading.spaceAfter + 3 * body.leading
        return CondPageBreak(needed)

    def _numbered(self, block: NumberedPara, notes: dict, placed: set[int], level: int) -> list[Flowable]:
        anchor = f'<a name="{self.prefix}para-{block.number}"/>'
        return [self._carrier(flatten(block.children), self.styles["numbered"], block.pos, notes, placed,
                              bullet=f"{block.number}.", anchor=anchor)]  # fmt: skip

    def _para(self, block: Para, notes: dict, placed: set[int], level: int) -> list[Flowable]:
        return [self._carrier(flatten(block.children), self.styles["body"], block.pos, notes, placed)]

    def _quote(self, block: Quote, notes: dict, placed: set[int], level: int) -> list[Flowable]:
        return [self._carrier(flatten(block.children), self.styles["quote"], block.pos, notes, placed)]

    def _list(self, block: EnumList, notes: dict, placed: set[int], level: int) -> list[Flowable]:
        return [
            self._carrier(
                flatten(item.children),
                self.styles["list_item"],
                item.pos,
                notes,
                placed,
                bullet=self._clean(item.label, item.pos),
            )
            for item in block.items
        ]

    def _carrier(self, runs: list[Run], style: ParagraphStyle, pos: Pos | None, notes: dict, placed: set[int],
                 bullet: str | None = None, anchor: str = "", outline: Any = None) -> _Block:  # fmt: skip
        calls = [run.note for run in runs if run.note is not None and run.note not in placed]
        note_flowables = [self._note(notes[number]) for number in dict.fromkeys(calls)]
        placed.update(calls)
        return _Block(anchor + self._markup(runs), style, bulletText=bullet, pos=pos,
                      outline=outline, notes=note_flowables, page_notes=self.page_notes)  # fmt: skip

    def _note(self, note: Any) -> Paragraph:
        anchor = f"{self.prefix}note-{note.number}"
        paragraph = Paragraph(f'<a name="{anchor}"/>' + self._markup(flatten(note.children)),
                              self.styles["footnote"], bulletText=str(note.number))  # fmt: skip
        paragraph.note_number = note.number
        return paragraph

    # text ------------------------------------------------------------------------------------

    def _plain(self, text: str, style: str, pos: Pos | None = None) -> Paragraph:
        return Paragraph(self._text(text, pos), self.styles[style])

    def _text(self, text: str, pos: Pos | None = None) -> str:
        return escape(self._clean(text, pos))

    def _clean(self, text: str, pos: Pos | None) -> str:
        text = clean_text(text, pos, self.warn, "pdf")
        covered = _covered(self.font.name, self.font.package, self.font.files["regular"])
        missing = sorted({char for char in text if ord(char) not in covered and not char.isspace()})
        if missing:
            shown = ", ".join(f"U+{ord(char):04X}" for char in missing[:8])
            self.warn(ConversionWarning(f"pdf: the font {self.font.name} has no glyph for {shown}", pos))
        return text

    def _markup(self, runs: list[Run]) -> str:
        """Runs as ReportLab paragraph markup; source text is always escaped first."""
        accent = self.theme.colors["accent"]
        parts = []
        for run in runs:
            text = self._text(run.text, run.pos)
            if run.note is not None:
                # An anchor at each call (ref-N, then ref-N-2...): it also tells a split
                # paragraph which part calls what.
                self.calls[run.note] = self.calls.get(run.note, 0) + 1
                suffix = "" if self.calls[run.note] == 1 else f"-{self.calls[run.note]}"
                anchor = f'<a name="{self.prefix}ref-{run.note}{suffix}"/>'
                link = f'<a href="#{self.prefix}note-{run.note}" color="{accent}">{text}</a>'
                parts.append(f"{anchor}<super>{link}</super>")
                continue
            if run.emph:
                text = f"<i>{text}</i>"
            if run.strong:
                text = f"<b>{text}</b>"
            if run.url:
                text = f'<a href="{escape(run.url)}" color="{accent}">{text}</a>'
            parts.append(text)
        return "".join(parts)


def _heading_title(block: Heading) -> str:
    """A heading's words for the outline and contents (footnote calls left out)."""
    return "".join(run.text for run in flatten(block.children) if run.note is None)


def _contents_entries(pack: Pack) -> list[tuple[int, str, int, str]]:
    """The contents a pack will have: each document, then its level-1 headings."""
    entries = []
    for index, doc in enumerate(pack.documents, 1):
        entries.append((0, doc.meta.title, 0, f"doc-{index}"))
        headings = [block for block in doc.blocks if isinstance(block, Heading)]
        for number, heading in enumerate(headings, 1):
            if heading.level == 1:
                entries.append((1, _heading_title(heading), 0, f"doc-{index}-sec-{number}"))
    return entries


def _block_runs(block: Block) -> list[Run]:
    if isinstance(block, EnumList):
        return [run for item in block.items for run in flatten(item.children)]
    return flatten(block.children)


def _face_of_run(run: Run) -> str:
    return (
        "bold_italic"
        if run.emph and run.strong
        else "italic"
        if run.emph
        else "bold"
        if run.strong
        else "regular"
    )


_BLOCKS: dict[type, Callable[..., list[Flowable]]] = {
    Heading: _StoryBuilder._heading,
    NumberedPara: _StoryBuilder._numbered,
    Para: _StoryBuilder._para,
    Quote: _StoryBuilder._quote,
    EnumList: _StoryBuilder._list,
}


# --- pages -----------------------------------------------------------------------------------


class _DocTemplate(BaseDocTemplate):
    def __init__(self, out: io.BytesIO, theme: Theme, item: Item, builder: _StoryBuilder) -> None:
        page = theme.page
        meta = item.meta
        self.theme, self.item, self.builder = theme, item, builder
        self.words = wording(meta.language)
        self.running_head = item.meta.title if isinstance(item, Pack) else item.meta.running_head
        self.current_pos: Pos | None = None
        self.last_outline_level = -1
        self.document_starts: set[int] = set()
        self.heads: dict[int, str] = {}
        font = theme.fonts["serif"]
        author = meta.prepared_by if isinstance(item, Pack) else (meta.author or meta.organ)
        subject = meta.subtitle if isinstance(item, Pack) else meta.kind
        super().__init__(
            out,
            pagesize=(page.width, page.height),
            leftMargin=page.margin_left,
            rightMargin=page.margin_right,
            topMargin=page.margin_top,
            bottomMargin=page.margin_bottom,
            title=meta.title,
            author=author,
            subject=subject,
            keywords=_keywords(item),
            creator=f"r2p-convert {__version__}",
            producer=f"r2p-convert {__version__} (ReportLab)",
            invariant=1,
            lang=meta.language,
            initialFontName=_font_name(font.name, "regular"),
            initialFontSize=theme.styles["body"].size,
            displayDocTitle=1,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="text",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
        self.addPageTemplates([
            PageTemplate("first", [frame], onPageEnd=self._end_page),
            PageTemplate("later", [frame], onPageEnd=self._end_page),
        ])  # fmt: skip

    def canvas_maker(self, *args: Any, **kwargs: Any) -> Canvas:
        canvas = _NumberedCanvas(self, *args, **kwargs)
        canvas._doc._timeStamp = _timestamp(self.item)
        canvas.setViewerPreference("DisplayDocTitle", "true")
        return canvas

    # hooks ----------------------------------------------------------------------------------

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables and getattr(flowables[0], "pos", None) is not None:
            self.current_pos = flowables[0].pos
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Marker):
            self.document_starts.add(self.page)
            self.heads[self.page] = flowable.running_head
        notes = getattr(flowable, "notes", None)
        if notes:
            self.builder.page_notes.notes.extend(notes)
            height = flowable.notes_height
            self.frame._y += height
            self.frame._y1p += height
        outline = getattr(flowable, "outline", None)
        if outline:
            self._outline(*outline)

    def _outline(self, title: str, level: int, key: str) -> None:
        level = min(level, self.last_outline_level + 1)  # outlines cannot skip a level
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 1)
        self.last_outline_level = level
        if isinstance(self.item, Pack) and key.startswith("doc-") and level <= 1:
            self.notify("TOCEntry", (level, title, self.page, key))  # documents, then their sections

    def _end_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        notes = self.builder.page_notes
        if notes.notes:
            self._draw_notes(canvas, notes.notes)
            notes.notes = []
        canvas._r2p_head = clean_text(self._running_head_for(canvas.getPageNumber()), None, _ignore, "pdf")

    def _running_head_for(self, page: int) -> str:
        if page in self.document_starts or (page == 1):
            return ""
        current = [self.heads[p] for p in sorted(self.heads) if p <= page]
        return current[-1] if current else self.running_head

    def _draw_notes(self, canvas: Canvas, notes: list[Paragraph]) -> None:
        y = self.bottomMargin
        heights = [note.wrap(self.width, 10_000)[1] for note in notes]
        total = sum(heights) + sum(note.getSpaceAfter() for note in notes)
        top = y + total
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(self.theme.colors["rule"]))
        canvas.setLineWidth(0.5)
        canvas.line(self.leftMargin, top + 4, self.leftMargin + self.width / 3, top + 4)
        canvas.restoreState()
        for note, height in zip(notes, heights, strict=True):
            top -= height
            note.drawOn(canvas, self.leftMargin, top)
            top -= note.getSpaceAfter()


class _NumberedCanvas(Canvas):
    """Draws the running head on each page, and "Page X of Y" once Y is known.

    Each page shows a form XObject for its footer; the forms are drawn at the
    end, when the number of pages is known.  (Deferring whole pages instead
    would point every destination at one page.)
    """

    def __init__(self, template: _DocTemplate, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._template = template
        self._r2p_destinations: set[str] = set()

    def bookmarkPage(self, key: str, *args: Any, **kwargs: Any) -> Any:
        self._r2p_destinations.add(key)
        return super().bookmarkPage(key, *args, **kwargs)

    def showPage(self) -> None:
        self._running_head()
        self.doForm(f"r2p-footer-{self.getPageNumber()}")
        super().showPage()

    def save(self) -> None:
        total = self.getPageNumber() - 1
        for page in range(1, total + 1):
            self._footer(page, total)
        # Publish every destination by name (para-N, headings), so links such as
        # file.pdf#para-8 work; ReportLab otherwise keeps them internal.
        pairs: list[Any] = []
        for key in sorted(self._r2p_destinations):
            pairs += [PDFString(key), self._bookmarkReference(key)]
        self._doc.Catalog.Names = PDFDictionary({"Dests": PDFDictionary({"Names": PDFArray(pairs)})})
        super().save()

    def _running_head(self) -> None:
        head = getattr(self, "_r2p_head", "")
        if not head:
            return
        theme = self._template.theme
        style, page = theme.styles["header"], theme.page
        self.saveState()
        self.setFont(_font_name(theme.fonts[style.font].name, _face(style)), style.size)
        self.setFillColor(colors.HexColor(style.color))
        self.drawRightString(page.width - page.margin_right, page.height - page.header_distance, head)
        self.restoreState()
        self._r2p_head = ""

    def _footer(self, number: int, total: int) -> None:
        theme = self._template.theme
        style, page = theme.styles["footer"], theme.page
        text = self._template.words["page_x_of_y"].format(page=number, pages=total)
        self.beginForm(f"r2p-footer-{number}")
        self.setFont(_font_name(theme.fonts[style.font].name, _face(style)), style.size)
        self.setFillColor(colors.HexColor(style.color))
        self.drawCentredString(page.width / 2, page.footer_distance, text)
        self.endForm()


def _ignore(warning: R2PError) -> None:
    """Running heads repeat metadata already reported where it is first printed."""


def _keywords(item: Item) -> str:
    if isinstance(item, Pack):
        words = [doc.meta.symbol or doc.meta.short_title for doc in item.documents]
    else:
        words = [item.meta.organ, item.meta.kind, item.meta.symbol, item.meta.session]
    return "; ".join(word for word in words if word)


def _timestamp(item: Item) -> TimeStamp:
    """SOURCE_DATE_EPOCH when set, else the document's date at noon UTC, else 1980-01-01."""
    stamp = TimeStamp(invariant=1)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        seconds = int(epoch)
    else:
        date = item.meta.date or datetime.date(1980, 1, 1)
        seconds = int(datetime.datetime(date.year, date.month, date.day, 12, tzinfo=datetime.UTC).timestamp())
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    return stamp
