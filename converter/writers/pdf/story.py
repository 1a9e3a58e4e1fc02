"""The story: the plan and every block as platypus flowables, in reading order.

Text is data: every piece of source text is escaped before it becomes
ReportLab paragraph markup.  A character the text face cannot draw is
reported with its position.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from ...errors import ConversionWarning, R2PError
from ...model import BLOCK_TYPES, EnumList, Footnote, Heading, NumberedPara, Para, Pos, Quote
from ...theme import Theme
from ..clean import clean_text
from ..plan import DocumentPlan, Line, Plan
from ..runs import Run, flatten
from ..visitor import NodeVisitor
from .flowables import Block, Marker, Masthead, Note, OutlineEntry, PageNotes
from .fonts import covered, face_of, font_name, register_family, style_face
from .styles import paragraph_styles


def escape(text: str) -> str:
    """Text for ReportLab's paragraph markup.  (xml.sax.saxutils would import urllib: 15 ms.)"""
    return html.escape(text, quote=True)


def contents_markup(text: str) -> str:
    """A contents entry as the paragraph markup ReportLab's TableOfContents draws it with:
    escaped, since the contents treats its entries as markup (characters the text face
    cannot draw were already reported where the text is printed)."""
    return escape(clean_text(text, None, _ignore, "pdf"))


def _ignore(warning: R2PError) -> None:
    """Warnings about text shown again (contents, running heads) were given where it is first printed."""


@dataclass
class StoryState:
    """The document being drawn: its plan and its notes by number."""

    document: DocumentPlan | None = None
    notes: dict[int, Footnote] = field(default_factory=dict)


class StoryBuilder(NodeVisitor[list[Flowable]]):
    FORMAT = "pdf"

    def __init__(self, theme: Theme, warn: Callable[[R2PError], None]) -> None:
        self.theme = theme
        self.warn = warn
        self.styles = paragraph_styles()
        self.page_notes = PageNotes()
        self.font = theme.fonts["serif"]
        self.covered = covered(theme)
        self.state = StoryState()
        self.contents: dict[str, int] = {}  # anchor -> its level in a pack's contents

    def story(self, plan: Plan) -> list[Flowable]:
        register_family(self.theme, "serif", self._faces_needed(plan))
        self.contents = {entry.anchor: entry.level for entry in plan.contents}
        flowables: list[Flowable] = []
        if plan.is_pack:
            flowables += self._cover(plan)
        for document in plan.documents:
            if plan.is_pack:
                flowables += [NextPageTemplate("first"), PageBreak()]
            flowables.append(Marker(document.running_head))
            flowables += self._document(document)
        if not plan.is_pack:
            flowables.insert(0, NextPageTemplate("later"))
        return flowables

    def _faces_needed(self, plan: Plan) -> set[str]:
        faces = {style_face(style) for style in self.theme.styles.values()}
        for document in plan.documents:
            for block in document.doc.blocks:
                if isinstance(block, EnumList):
                    groups = [item.children for item in block.items]
                elif isinstance(block, BLOCK_TYPES):
                    groups = [block.children]
                else:
                    continue  # not a block: the story's visitor reports it
                for children in groups:
                    faces.update(face_of(run.strong, run.emph) for run in flatten(children, "pdf"))
        return faces

    # the cover and contents of a pack ---------------------------------------------------------

    def _cover(self, plan: Plan) -> list[Flowable]:
        assert plan.cover is not None
        out: list[Flowable] = [Spacer(1, self.theme.page.height * 0.2)]
        for line in plan.cover.lines:
            out.append(self._cover_line(line, plan.cover.anchor))
        if plan.cover.note:
            note = Paragraph(self._markup(flatten(plan.cover.note, "pdf")), self.styles["body"])
            out += [Spacer(1, 18), note]
        toc = TableOfContents(levelStyles=[self.styles["contents1"], self.styles["contents2"]],
                              dotsMinLevel=0)  # fmt: skip
        regular = font_name(self.font.name, "regular")
        toc.tableStyle = TableStyle([("FONTNAME", (0, 0), (-1, -1), regular)])  # else Helvetica
        # Entries as the layout will report them, with page 0: the contents page has its
        # final length from the first pass, so two passes settle every page number.
        entries = [(entry.level, contents_markup(entry.text), 0, entry.anchor) for entry in plan.contents]
        toc._entries = entries  # type: ignore[attr-defined]  # what TableOfContents fills from notify()
        out += [
            NextPageTemplate("later"),
            PageBreak(),
            Block(
                self._text(plan.cover.contents_title),
                self.styles["heading1"],
                outline=OutlineEntry(plan.cover.contents_title, 0, plan.cover.contents_anchor),
            ),
            toc,
        ]
        return out

    def _cover_line(self, line: Line, anchor: str) -> Paragraph:
        if line.role == "title":
            outline = OutlineEntry(line.text, 0, anchor)
            return Block(self._text(line.text, line.pos), self.styles["title"], outline=outline)
        style = "kind" if line.role in ("classification", "subtitle") else "cover"
        return self._plain(line.labelled, style, line.pos)

    # one document -----------------------------------------------------------------------------

    def _document(self, document: DocumentPlan) -> list[Flowable]:
        doc = document.doc
        self.state = StoryState(document, {note.number: note for note in doc.notes})
        out: list[Flowable] = [self._masthead(document)]
        key = document.anchors.document
        outline = OutlineEntry(document.title, 0, key, self.contents.get(key))
        out.append(Block(self._text(document.title, doc.meta.pos), self.styles["title"],
                         outline=outline, pos=doc.meta.pos))  # fmt: skip
        if document.kind:
            out.append(self._plain(document.kind, "kind", doc.meta.pos))
        for block in doc.blocks:
            out.extend(self.visit(block))
        return out

    def _masthead(self, document: DocumentPlan) -> Flowable:
        left = [self._plain(line.text, "masthead", line.pos) for line in document.masthead_left]
        right = [self._plain(line.text, "masthead_right", line.pos) for line in document.masthead_right]
        page = self.theme.page
        frame_width = page.width - page.margin_left - page.margin_right
        table = Masthead(
            [[left or "", right or ""]], colWidths=[frame_width / 2] * 2, pos=document.doc.meta.pos
        )
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), font_name(self.font.name, "regular")),  # else Helvetica
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.HexColor(self.theme.colors["rule"])),
        ]))  # fmt: skip
        return table

    # blocks -----------------------------------------------------------------------------------

    def visit_Heading(self, block: Heading) -> list[Flowable]:
        assert self.state.document is not None
        heading = self.state.document.heading(block)
        style = self.styles[f"heading{block.level}"]
        outline = OutlineEntry(
            heading.text, heading.outline_level, heading.anchor, self.contents.get(heading.anchor)
        )
        flowable = self._carrier(flatten(block.children, "pdf"), style, block.pos, outline=outline)
        return [self._keep_with_next(style), flowable]

    def _keep_with_next(self, heading: ParagraphStyle) -> Flowable:
        """A page break unless the heading and three lines of what follows fit (the
        following paragraph's own orphan control needs at least two)."""
        body = self.styles["body"]
        needed = heading.spaceBefore + heading.leading * 2 + heading.spaceAfter + 3 * body.leading
        return CondPageBreak(needed)

    def visit_NumberedPara(self, block: NumberedPara) -> list[Flowable]:
        assert self.state.document is not None
        anchor = f'<a name="{self.state.document.anchors.para(block.number)}"/>'
        return [self._carrier(flatten(block.children, "pdf"), self.styles["numbered"], block.pos,
                              bullet=f"{block.number}.", anchor=anchor)]  # fmt: skip

    def visit_Para(self, block: Para) -> list[Flowable]:
        return [self._carrier(flatten(block.children, "pdf"), self.styles["body"], block.pos)]

    def visit_Quote(self, block: Quote) -> list[Flowable]:
        return [self._carrier(flatten(block.children, "pdf"), self.styles["quote"], block.pos)]

    def visit_EnumList(self, block: EnumList) -> list[Flowable]:
        style = self.styles["list_item"]
        return [
            self._carrier(
                flatten(item.children, "pdf"), style, item.pos, bullet=self._clean(item.label, item.pos)
            )
            for item in block.items
        ]

    def _carrier(self, runs: list[Run], style: ParagraphStyle, pos: Pos | None, bullet: str | None = None,
                 anchor: str = "", outline: OutlineEntry | None = None) -> Block:  # fmt: skip
        """A block's paragraph, carrying the notes first called in it (the model says which
        call is the first)."""
        calls = [run.note for run in runs if run.note is not None and run.occurrence == 1]
        notes = [self._note(self.state.notes[number]) for number in dict.fromkeys(calls)]
        return Block(anchor + self._markup(runs), style, bulletText=bullet, pos=pos,
                     outline=outline, notes=notes, page_notes=self.page_notes)  # fmt: skip

    def _note(self, note: Footnote) -> Note:
        assert self.state.document is not None
        anchor = self.state.document.anchors.note(note.number)
        markup = f'<a name="{anchor}"/>' + self._markup(flatten(note.children, "pdf"))
        return Note(markup, self.styles["footnote"], note.number)

    # text ------------------------------------------------------------------------------------

    def _plain(self, text: str, style: str, pos: Pos | None = None) -> Paragraph:
        return Paragraph(self._text(text, pos), self.styles[style])

    def _text(self, text: str, pos: Pos | None = None) -> str:
        return escape(self._clean(text, pos))

    def _clean(self, text: str, pos: Pos | None) -> str:
        text = clean_text(text, pos, self.warn, "pdf")
        missing = sorted({char for char in text if ord(char) not in self.covered and not char.isspace()})
        if missing:
            shown = ", ".join(f"U+{ord(char):04X}" for char in missing[:8])
            self.warn(ConversionWarning(f"pdf: the font {self.font.name} has no glyph for {shown}", pos))
        return text

    def _markup(self, runs: list[Run]) -> str:
        """Runs as ReportLab paragraph markup; source text is always escaped first."""
        accent = self.theme.colors["accent"]
        anchors = self.state.document.anchors if self.state.document else None
        parts = []
        for run in runs:
            text = self._text(run.text, run.pos)
            if run.note is not None and anchors is not None:
                # An anchor at each call (the plan's ref-N, ref-N-2...): it also tells a
                # split paragraph which part calls what.
                anchor = f'<a name="{anchors.ref(run.note, run.occurrence)}"/>'
                link = f'<a href="#{anchors.note(run.note)}" color="{accent}">{text}</a>'
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
