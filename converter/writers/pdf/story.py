"""The story: the plan and every block as platypus flowables, in reading order.

Text is data: every piece of source text is escaped before it becomes
ReportLab paragraph markup.  A character the text face cannot draw is
reported with its position.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from dataclasses import field
from typing import Any

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

from ...errors import ConversionWarning, R2PError
from ...model import (
    BLOCK_TYPES,
    Annex,
    EnumList,
    Footnote,
    Heading,
    NumberedPara,
    Para,
    Pos,
    Preamble,
    Quote,
    Signature,
    block_inlines,
    plain_text,
)
from ...records import record
from ...theme import Theme
from ..clean import clean_text
from ..plan import DocumentPlan, Line, Plan, direction
from ..runs import Run, flatten
from ..visitor import NodeVisitor
from .flowables import Block, Contents, Marker, Masthead, Note, OutlineEntry, PageNotes
from .fonts import (
    ScriptFace,
    all_covered,
    covered,
    face_of,
    font_name,
    register_family,
    register_scripts,
    script_runs,
    style_face,
)
from .rtl import is_rtl_text, visual_markup
from .styles import paragraph_styles, styles_for
from .tagging import Element, Tag, heading_role

MAX_LIST_DEPTH = 4
NUMBERED_PARAGRAPHS = "numbered paragraphs"  # the /T of a list of numbered paragraphs
_MASTHEAD_STYLES = {  # the style of each masthead line, by its role
    "united-nations": "masthead_un",
    "symbol": "masthead_symbol",
    "organ": "masthead_organ",
    "distribution": "masthead_right",
    "date": "masthead_right",
    "version": "masthead_right",
    "original": "masthead_right",
    "organ-name": "session_organ",
    "agenda-title": "agenda_title",
}


def escape(text: str) -> str:
    """Text for ReportLab's paragraph markup.  (xml.sax.saxutils would import urllib: 15 ms.)"""
    return html.escape(text, quote=True)


def contents_markup(text: str, faces: tuple[ScriptFace, ...] = (), font: str = "") -> str:
    """A contents entry as the paragraph markup ReportLab's TableOfContents draws it with:
    escaped, since the contents treats its entries as markup (characters the faces
    cannot draw were already reported where the text is printed); in the scripts' faces,
    and a right-to-left title (an Arabic member's) shaped and in display order."""
    text = clean_text(text, None, _ignore, "pdf")
    runs = script_runs(text, faces)
    if is_rtl_text(text):
        return visual_markup(text, runs, font, escape)
    return "".join(
        f'<font name="{face}">{escape(piece)}</font>' if face else escape(piece) for piece, face in runs
    )


def _ignore(warning: R2PError) -> None:
    """Warnings about text shown again (contents, running heads) were given where it is first printed."""


@record(frozen=False)
class StoryState:
    """The document being drawn: its plan, its notes by number, how deep in lists the next
    paragraph stands."""

    document: DocumentPlan | None = None
    notes: dict[int, Footnote] = field(default_factory=dict)
    depth: int = 0
    note_elements: list[Element] = field(default_factory=list)  # its Notes, for the tree's end


class StoryBuilder(NodeVisitor[list[Flowable]]):
    FORMAT = "pdf"

    def __init__(self, theme: Theme, warn: Callable[[R2PError], None]) -> None:
        self.theme = theme
        self.warn = warn
        self.styles = paragraph_styles()
        self.page_notes = PageNotes()
        self.font = theme.fonts["serif"]
        self.covered = covered(theme)  # the text face's: the scripts' faces only where it lacks one
        self.scripts: tuple[ScriptFace, ...] = ()  # the faces of the scripts the text face lacks
        self.state = StoryState()
        self.contents: dict[str, int] = {}  # anchor -> its level in a pack's contents
        self.root = Element("Document")  # the structure tree (see tagging.py)
        self.parent = self.root  # where the next block's element goes

    def story(self, plan: Plan) -> list[Flowable]:
        register_family(self.theme, "serif", self._faces_needed(plan))
        self.scripts = register_scripts(self.theme, _characters(plan))
        self.contents = {entry.anchor: entry.level for entry in plan.contents}
        self.root = Element("Document", lang=plan.properties.language)
        flowables: list[Flowable] = []
        if plan.is_pack:
            flowables += self._cover(plan)
        for document in plan.documents:
            if plan.is_pack:
                flowables += [NextPageTemplate("first"), PageBreak()]
            job = next((line.text for line in document.zone("foot") if line.role == "job"), "")
            flowables.append(Marker(document.running_head, job))
            self.parent = self.root.add("Part", lang=document.language) if plan.is_pack else self.root
            flowables += self._document(document)
        if not plan.is_pack:
            flowables.insert(0, NextPageTemplate("later"))
        return flowables

    def _faces_needed(self, plan: Plan) -> set[str]:
        faces = {style_face(style) for style in self.theme.styles.values()}
        for document in plan.documents:
            for block in (*document.doc.summary, *document.doc.blocks):
                if not isinstance(block, BLOCK_TYPES):
                    continue  # not a block: the story's visitor reports it
                for children in block_inlines(block):
                    faces.update(face_of(run.strong, run.emph) for run in flatten(children, "pdf"))
        return faces

    # the cover and contents of a pack ---------------------------------------------------------

    def _cover(self, plan: Plan) -> list[Flowable]:
        assert plan.cover is not None
        out: list[Flowable] = [Spacer(1, self.theme.page.height * 0.2)]
        cover = self.root.add("Sect", title="cover")
        for line in plan.cover.lines:
            out.append(self._cover_line(line, plan.cover.anchor, cover))
        if plan.cover.note:
            note = Block(
                self._markup(flatten(plan.cover.note, "pdf")), self.styles["body"], tag=Tag(cover.add("P"))
            )
            out += [Spacer(1, 18), note]
        section = self.root.add("Sect", title="contents")
        heading = Tag(section.add("H2"))
        languages = {entry.anchor: entry.language for entry in plan.contents if entry.language}
        levels = [self.styles["contents1"], self.styles["contents2"]]
        spoken = {entry.anchor: entry.text for entry in plan.contents if is_rtl_text(entry.text)}
        toc = Contents(section.add("TOC"), languages, spoken, levelStyles=levels, dotsMinLevel=0)
        regular = font_name(self.font.name, "regular")
        toc.tableStyle = TableStyle([("FONTNAME", (0, 0), (-1, -1), regular)])  # else Helvetica
        # Entries as the layout will report them, with page 0: the contents page has its
        # final length from the first pass, so two passes settle every page number.
        regular = font_name(self.font.name, "regular")
        entries = [(entry.level, contents_markup(entry.text, self.scripts, regular), 0, entry.anchor)
                   for entry in plan.contents]  # fmt: skip
        toc._entries = entries  # type: ignore[attr-defined]  # what TableOfContents fills from notify()
        out += [
            NextPageTemplate("later"),
            PageBreak(),
            Block(
                self._text(plan.cover.contents_title),
                self.styles["heading1"],
                outline=OutlineEntry(plan.cover.contents_title, 0, plan.cover.contents_anchor),
                tag=heading,
            ),
            toc,
        ]
        return out

    def _cover_line(self, line: Line, anchor: str, cover: Element) -> Paragraph:
        if line.role == "title":
            outline = OutlineEntry(line.text, 0, anchor)
            tag = Tag(cover.add("H1"))
            return Block(
                self._text(line.text, line.pos), self.styles["cover_title"], outline=outline, tag=tag
            )
        style = "cover_subtitle" if line.role in ("classification", "subtitle") else "cover"
        return self._plain(line.labelled, style, line.pos, Tag(cover.add("P")))

    # one document -----------------------------------------------------------------------------

    def _document(self, document: DocumentPlan) -> list[Flowable]:
        doc = document.doc
        self.styles = styles_for(document.language, document.direction)
        self.state = StoryState(document, {note.number: note for note in doc.notes})
        part = self.parent
        out: list[Flowable] = [self._masthead(document)]
        key = document.anchors.document
        outline = OutlineEntry(document.title, 0, key, self.contents.get(key))
        out.append(Block(self._text(document.title, doc.meta.pos), self.styles["title"],
                         outline=outline, pos=doc.meta.pos, tag=Tag(part.add("H1"))))  # fmt: skip
        if document.kind:
            out.append(self._plain(document.kind, "kind", doc.meta.pos, Tag(part.add("P"))))
        if doc.summary:
            out.append(self._summary(document))
        for block in doc.blocks:
            out.extend(self.visit(block))
        if self.state.note_elements:  # the notes close the document, as its text lists them
            notes = part.add("Div", title="notes")
            for element in self.state.note_elements:
                notes.adopt(element)
        return out

    def _masthead(self, document: DocumentPlan) -> Flowable:
        """The UN masthead: "United Nations" and the symbol; the organs' names and the
        distribution block over a rule; a column per organ with its session and agenda
        items.  Its "*" notes go to the foot of the first page, with the footnotes."""
        rows = []
        self.masthead = self.parent.add("Div", title="masthead")  # layout, not a table
        if document.zone("top-left") or document.zone("top-right"):
            rows.append(
                [self._mast_lines(document.zone("top-left")), self._mast_lines(document.zone("top-right"))]
            )
        rows.append([self._mast_lines(document.zone("left")), self._mast_lines(document.zone("right"))])
        page = self.theme.page
        width = page.width - page.margin_left - page.margin_right
        rule = colors.HexColor(self.theme.colors["rule"])
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), font_name(self.font.name, "regular")),  # else Helvetica
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, rule),
        ]
        if len(rows) == 2:
            commands.append(("VALIGN", (0, 0), (-1, 0), "BOTTOM"))
        columns = document.session_columns
        if columns:
            sessions = [self._mast_lines(column) for column in columns]
            rows.append(sessions + [""] * (2 - len(sessions)) if len(sessions) < 2 else sessions)
            commands.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0, colors.white))
            commands.append(("TOPPADDING", (0, len(rows) - 1), (-1, len(rows) - 1), 4))
        count = max(len(row) for row in rows)
        rows = [row + [""] * (count - len(row)) for row in rows]
        if document.direction == "rtl":  # the masthead mirrors: "United Nations" on the right
            rows = [row[::-1] for row in rows]
        notes = [self._agenda_note(line) for line in document.zone("foot") if line.role == "agenda-note"]
        table = Masthead(rows, colWidths=[width / count] * count, pos=document.doc.meta.pos,
                         notes=notes, page_notes=self.page_notes)  # fmt: skip
        table.setStyle(TableStyle(commands))
        return table

    def _mast_lines(self, lines: tuple[Line, ...]) -> list[Flowable] | str:
        out: list[Flowable] = []
        for line in lines:
            style = _MASTHEAD_STYLES.get(line.role, "masthead")
            text = self._text(line.text, line.pos)
            if line.mark:
                text += f"<super>{escape(line.mark)}</super>"
            out.append(Block(text, self.styles[style], tag=Tag(self.masthead.add("P"))))
        return out or ""

    def _agenda_note(self, line: Line) -> Note:
        assert self.state.document is not None
        element = Element("Note", id=self.state.document.anchors.agenda_note(line.mark))
        self.state.note_elements.append(element)
        return Note(
            self._text(line.text, line.pos), self.styles["footnote"], 0, mark=line.mark, tag=Tag(element)
        )

    def _summary(self, document: DocumentPlan) -> Flowable:
        """The summary in a box, its footnotes at the foot of the page the box starts on."""
        section = self.parent.add("Sect", title="summary")
        heading = Block(
            self._text(document.summary_title), self.styles["summary_heading"], tag=Tag(section.add("H2"))
        )
        inside: list[Flowable] = [heading]
        notes: list[Note] = []
        outer, self.page_notes = self.page_notes, PageNotes()  # notes are gathered by the box
        parent, self.parent = self.parent, section
        for block in document.doc.summary:
            for flowable in self.visit(block):
                notes += getattr(flowable, "notes", [])
                if isinstance(flowable, Block):
                    flowable.notes, flowable.page_notes = [], None
                inside.append(flowable)
        self.page_notes, self.parent = outer, parent
        page = self.theme.page
        width = page.width - page.margin_left - page.margin_right
        pad = self.theme.quote_indent / 2
        box = Masthead([[inside]], colWidths=[width], pos=document.doc.meta.pos, notes=notes,
                       page_notes=self.page_notes)  # fmt: skip
        box.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor(self.theme.colors["rule"])),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("FONTNAME", (0, 0), (-1, -1), font_name(self.font.name, "regular")),
        ]))  # fmt: skip
        return box

    # blocks -----------------------------------------------------------------------------------

    def visit_Heading(self, block: Heading) -> list[Flowable]:
        assert self.state.document is not None
        heading = self.state.document.heading(block)
        style = self.styles[f"heading{block.level}" + ("_labelled" if block.label else "")]
        outline = OutlineEntry(
            heading.text, heading.outline_level, heading.anchor, self.contents.get(heading.anchor)
        )
        bullet = self._clean(block.label, block.pos) if block.label else None
        tag = Tag(self.parent.add(heading_role(heading.outline_level)))
        flowable = self._carrier(
            flatten(block.children, "pdf"), style, block.pos, tag, bullet=bullet, outline=outline
        )
        return [self._keep_with_next(style), flowable]

    def _keep_with_next(self, heading: ParagraphStyle) -> Flowable:
        """A page break unless the heading and three lines of what follows fit (the
        following paragraph's own orphan control needs at least two)."""
        body = self.styles["body"]
        needed = heading.spaceBefore + heading.leading * 2 + heading.spaceAfter + 3 * body.leading
        return CondPageBreak(needed)

    def visit_NumberedPara(self, block: NumberedPara) -> list[Flowable]:
        assert self.state.document is not None
        anchor = self.state.document.paragraph_anchor(block)
        return [self._carrier(flatten(block.children, "pdf"), self.styles["numbered"], block.pos,
                              self._item(self._paragraph_list()), bullet=f"{block.number}.",
                              anchor=anchor)]  # fmt: skip

    def _paragraph_list(self) -> Element:
        """Numbered paragraphs one after another are one list (a heading ends it)."""
        last = self.parent.last_child()
        if last is not None and last.role == "L" and last.title == NUMBERED_PARAGRAPHS:
            return last
        return self.parent.add("L", title=NUMBERED_PARAGRAPHS)

    def _item(self, listing: Element) -> Tag:
        """A list item: its label, and its body whose first paragraph this is."""
        item = listing.add("LI")
        label = item.add("Lbl")
        return Tag(item.add("LBody").add("P"), label)

    def visit_Para(self, block: Para) -> list[Flowable]:
        style = self.styles["body" if self.state.depth == 0 else f"list_continue_{self.state.depth}"]
        return [self._carrier(flatten(block.children, "pdf"), style, block.pos, Tag(self.parent.add("P")))]

    def visit_Preamble(self, block: Preamble) -> list[Flowable]:
        tag = Tag(self.parent.add("P"))
        return [self._carrier(flatten(block.children, "pdf"), self.styles["preamble"], block.pos, tag)]

    def visit_Annex(self, block: Annex) -> list[Flowable]:
        """A new page, then "Annex I" and its title, centred."""
        assert self.state.document is not None
        entry = self.state.document.heading(block)
        outline = OutlineEntry(entry.text, entry.outline_level, entry.anchor, self.contents.get(entry.anchor))
        out: list[Flowable] = [PageBreak()]
        tag = Tag(self.parent.add(heading_role(entry.outline_level)))  # the label and title, one heading
        out.append(Block(self._text(block.label, block.pos), self.styles["annex"], pos=block.pos,
                         outline=outline, tag=tag))  # fmt: skip
        if block.title:
            out.append(self._carrier(flatten(block.title, "pdf"), self.styles["annex"], block.pos, tag))
        return out

    def visit_Signature(self, block: Signature) -> list[Flowable]:
        runs: list[Run] = []
        for index, line in enumerate(block.lines):
            if index:
                runs.append(Run("\n", line_break=True))
            runs += flatten(line, "pdf")
        return [self._carrier(runs, self.styles["signature"], block.pos, Tag(self.parent.add("P")))]

    def visit_Quote(self, block: Quote) -> list[Flowable]:
        tag = Tag(self.parent.add("BlockQuote", lang=block.language))
        style = self.styles["quote"]
        if block.language:  # a quotation in another language: its direction and wrapping
            style = styles_for(block.language, direction(block.language))["quote"]
        return [self._carrier(flatten(block.children, "pdf"), style, block.pos, tag)]

    def visit_EnumList(self, block: EnumList) -> list[Flowable]:
        """Each item hangs its label, one step further in per level of sub-paragraphs; its
        further paragraphs and sub-lists follow it."""
        depth = min(self.state.depth + 1, MAX_LIST_DEPTH)
        style = self.styles[f"list_item_{depth}"]
        out: list[Flowable] = []
        outer, self.state.depth = self.state.depth, depth
        listing, parent = self.parent.add("L"), self.parent
        for item in block.items:
            bullet = self._clean(item.label, item.pos)
            tag = self._item(listing)
            out.append(self._carrier(flatten(item.children, "pdf"), style, item.pos, tag, bullet=bullet))
            assert tag.element.parent is not None
            self.parent = tag.element.parent  # the item's further paragraphs and sub-lists
            for inner in item.blocks:
                out.extend(self.visit(inner))
            self.parent = parent
        self.state.depth = outer
        return out

    def _carrier(self, runs: list[Run], style: ParagraphStyle, pos: Pos | None, tag: Tag,
                 bullet: str | None = None, anchor: str = "",
                 outline: OutlineEntry | None = None) -> Block:  # fmt: skip
        """A block's paragraph, carrying the notes first called in it (the model says which
        call is the first)."""
        calls = [run.note for run in runs if run.note is not None and run.occurrence == 1]
        notes = [self._note(self.state.notes[number]) for number in dict.fromkeys(calls)]
        return Block(self._markup(runs), style, bulletText=bullet, pos=pos, anchor=anchor,
                     outline=outline, notes=notes, page_notes=self.page_notes, tag=tag)  # fmt: skip

    def _note(self, note: Footnote) -> Note:
        assert self.state.document is not None
        anchor = self.state.document.anchors.note(note.number)
        markup = self._markup(flatten(note.children, "pdf"))
        element = Element("Note", id=anchor)
        self.state.note_elements.append(element)
        return Note(markup, self.styles["footnote"], note.number, tag=Tag(element), anchor=anchor)

    # text ------------------------------------------------------------------------------------

    def _plain(self, text: str, style: str, pos: Pos | None, tag: Tag) -> Paragraph:
        return Block(self._text(text, pos), self.styles[style], tag=tag)

    def _text(self, text: str, pos: Pos | None = None, wrap: Callable[[str], str] = str) -> str:
        """Text as paragraph markup: escaped, ``wrap``ped (in <b>, say), and each run of a
        script the text face lacks in the face of that script (outside the <b>, which
        ReportLab applies to the face it is inside)."""
        parts = []
        for piece, face in script_runs(self._clean(text, pos), self.scripts):
            markup = wrap(escape(piece))
            parts.append(f'<font name="{face}">{markup}</font>' if face else markup)
        return "".join(parts)

    def _clean(self, text: str, pos: Pos | None) -> str:
        text = clean_text(text, pos, self.warn, "pdf")
        lacking = {char for char in set(text) if ord(char) not in self.covered and not char.isspace()}
        missing = (
            sorted(char for char in lacking if ord(char) not in all_covered(self.theme)) if lacking else []
        )
        if missing:
            shown = ", ".join(f"U+{ord(char):04X}" for char in missing[:8])
            faces = ", ".join(dict.fromkeys(font.name for font in self.theme.fonts.values()))
            self.warn(ConversionWarning(f"pdf: none of the fonts ({faces}) has a glyph for {shown}", pos))
        return text

    def _markup(self, runs: list[Run]) -> str:
        """Runs as ReportLab paragraph markup; source text is always escaped first."""
        accent = self.theme.colors["accent"]
        anchors = self.state.document.anchors if self.state.document else None
        parts = []
        for run in runs:
            if run.line_break:
                parts.append("<br/>")
                continue
            if run.note is not None and anchors is not None:
                text = self._text(run.text, run.pos)
                # An anchor at each call (the plan's ref-N, ref-N-2...): it also tells a
                # split paragraph which part calls what.
                anchor = f'<a name="{anchors.ref(run.note, run.occurrence)}"/>'
                link = f'<a href="#{anchors.note(run.note)}" color="{accent}">{text}</a>'
                parts.append(f"{anchor}<super>{link}</super>")
                continue
            text = self._text(run.text, run.pos, _inline_faces(run.strong, run.emph))
            if run.url:
                text = f'<a href="{escape(run.url)}" color="{accent}">{text}</a>'
            parts.append(text)
        return "".join(parts)


def _characters(plan: Plan) -> set[str]:
    """Every character the plan's pages show: its furniture and its documents' words."""
    seen: set[str] = set()
    for text in plan.furniture():
        seen.update(text)
    for document in plan.documents:  # (a block of no known type: the story's visitor reports it)
        doc = document.doc
        known = [block for block in (*doc.summary, *doc.blocks) if isinstance(block, BLOCK_TYPES)]
        seen.update(plain_text(dataclasses.replace(doc, summary=(), blocks=tuple(known))))
    return seen


def _inline_faces(strong: bool, emph: bool) -> Callable[[str], str]:
    def wrap(markup: str) -> str:
        if emph:
            markup = f"<i>{markup}</i>"
        return f"<b>{markup}</b>" if strong else markup

    return wrap
