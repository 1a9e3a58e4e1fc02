"""Drawing the plan in a Word document: properties, a pack's cover and contents, each
document's masthead, title and blocks, its footnotes, and the running heads.

Paragraphs get named styles only (no direct formatting); runs get character
styles.  Text: tabs and line breaks inside a paragraph become spaces (every
other format shows them as spaces too); characters XML cannot hold are
dropped with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.section import _BaseHeaderFooter
from docx.text.paragraph import Paragraph

from ...errors import R2PError
from ...model import EnumList, Heading, NumberedPara, Para, Quote
from ...theme import Theme
from ...wording import wording
from ..clean import clean_text
from ..plan import DocumentPlan, Line, Plan, Properties
from ..runs import Run, flatten
from ..visitor import NodeVisitor
from . import xml
from .package import footnotes_part
from .styles import MASTHEAD_TABLE, STYLE_NAMES, add_num, default_language


@dataclass
class WriterState:
    """What builds up while the package is written: ids Word needs unique across it, and
    for the document being drawn, its plan, numbering and footnote ids."""

    bookmark_ids: int = 0
    note_ids: int = 0
    document: DocumentPlan | None = None
    num_id: int | None = None  # this document's numbering instance (None: the style's own)
    notes: dict[int, int] = field(default_factory=dict)  # note number -> Word footnote id


class Layout(NodeVisitor[None]):
    """Draws a plan into a python-docx Document made from the base package."""

    FORMAT = "docx"

    def __init__(self, document: DocxDocument, theme: Theme, warn: Callable[[R2PError], None]) -> None:
        self.document = document
        self.theme = theme
        self.warn = warn
        self.state = WriterState()
        self.notes_part = footnotes_part(document)
        self.styles = {style.name: style.style_id for style in document.styles}  # name -> id

    def draw(self, plan: Plan) -> None:
        self._properties(plan.properties)
        if plan.cover is not None:
            self._cover(plan)
        for document in plan.documents:
            if document.index > 1 or plan.is_pack:
                self._new_section()
            self._document(document)
        heads = [plan.running_head] if plan.is_pack else []
        heads += [document.running_head for document in plan.documents]
        self._headers_and_footers(heads, plan.properties.language)

    # properties ------------------------------------------------------------------------

    def _properties(self, properties: Properties) -> None:
        core = self.document.core_properties
        core.title = _property(self._clean(properties.title))
        core.language = properties.language
        core.created = core.modified = core.last_printed = properties.timestamp
        core.revision = 1
        core.last_modified_by = properties.generator
        core.comments = core.category = core.content_status = core.identifier = core.version = ""
        core.subject = _property(self._clean(properties.subject))
        core.author = _property(self._clean(properties.author))
        core.keywords = _property(self._clean(properties.keywords))
        default_language(self.document, properties.language)

    # a pack's cover and contents ----------------------------------------------------------

    def _cover(self, plan: Plan) -> None:
        assert plan.cover is not None
        for line in plan.cover.lines:
            paragraph = self._plain(_COVER_STYLES.get(line.role, "cover"), line.labelled)
            if line.role == "title":
                self._bookmark(paragraph, plan.cover.anchor)
        if plan.cover.note:
            self._runs(self._paragraph("body"), flatten(plan.cover.note, "docx"))
        self._paragraph("body")._p.extend(xml.children(xml.page_break()))
        self._contents(plan)

    def _contents(self, plan: Plan) -> None:
        """A TOC field Word fills in on opening, pre-filled with the plan's contents
        linked to their bookmarks, so it is useful before the update."""
        assert plan.cover is not None
        self._bookmark(self._plain("heading1", plan.cover.contents_title), plan.cover.contents_anchor)
        first = self._paragraph("body")
        first._p.extend(xml.children(xml.toc_field_begin('TOC \\o "1-2" \\h \\z \\u')))
        for count, entry in enumerate(plan.contents):
            paragraph = first if count == 0 else self._paragraph("body")
            paragraph._p.extend(xml.children(xml.hyperlink_to_anchor(entry.anchor, self._clean(entry.text))))
        self._paragraph("body")._p.extend(xml.children(xml.field_end()))
        settings = self.document.settings.element
        if settings.find(qn("w:updateFields")) is None:
            settings.insert(0, xml.update_fields())

    # one document ---------------------------------------------------------------------------

    def _document(self, document: DocumentPlan) -> None:
        self.state.document = document
        self.state.notes = {}
        self.state.num_id = self._restart_numbering() if document.index > 1 else None
        self._masthead(document)
        self._bookmark(self._plain("title", document.title), document.anchors.document)
        if document.kind:
            self._plain("kind", document.kind)
        for block in document.doc.blocks:
            self.visit(block)
        for note in document.doc.notes:
            self._footnote_text(self.state.notes[note.number], flatten(note.children, "docx"))

    def _masthead(self, document: DocumentPlan) -> None:
        """The plan's masthead as a two-column table in the "Masthead Table" style."""
        table = self.document.add_table(rows=1, cols=2)
        table.style = self.document.styles[MASTHEAD_TABLE]
        columns = (document.masthead_left, document.masthead_right)
        for cell, lines, key in zip(
            table.rows[0].cells, columns, ("masthead", "masthead_right"), strict=True
        ):
            self._masthead_cell(cell, lines, key)

    def _masthead_cell(self, cell: Any, lines: tuple[Line, ...], key: str) -> None:
        style = self.document.styles[STYLE_NAMES[key]]
        first = cell.paragraphs[0]
        first.style = style
        for index, line in enumerate(lines or (Line("empty", ""),)):
            paragraph = first if index == 0 else cell.add_paragraph(style=style)
            paragraph._p.extend(xml.children(xml.run_xml(self._clean(line.text), None)))

    def _restart_numbering(self) -> int:
        """A later document's own list instance, restarting at 1."""
        numbering = self.document.part.numbering_part.element
        abstract_id = int(numbering.findall(qn("w:abstractNum"))[-1].get(qn("w:abstractNumId")))
        return add_num(numbering, abstract_id, restart=True)

    # blocks -------------------------------------------------------------------------------

    def visit_Heading(self, block: Heading) -> None:
        assert self.state.document is not None
        paragraph = self._paragraph(f"heading{block.level}")
        self._runs(paragraph, flatten(block.children, "docx"))
        self._bookmark(paragraph, self.state.document.heading(block).anchor)

    def visit_NumberedPara(self, block: NumberedPara) -> None:
        assert self.state.document is not None
        paragraph = self._paragraph("numbered")
        if self.state.num_id is not None:
            paragraph._p.get_or_add_pPr().append(xml.numbering_properties(self.state.num_id))
        self._runs(paragraph, flatten(block.children, "docx"))
        self._bookmark(paragraph, self.state.document.anchors.para(block.number))

    def visit_Para(self, block: Para) -> None:
        self._runs(self._paragraph("body"), flatten(block.children, "docx"))

    def visit_Quote(self, block: Quote) -> None:
        self._runs(self._paragraph("quote"), flatten(block.children, "docx"))

    def visit_EnumList(self, block: EnumList) -> None:
        for item in block.items:
            paragraph = self._paragraph("list_item")
            self._runs(paragraph, [Run(item.label, pos=item.pos)])
            paragraph._p.extend(xml.children(xml.tab()))
            self._runs(paragraph, flatten(item.children, "docx"))

    # paragraphs and runs ------------------------------------------------------------------

    def _paragraph(self, key: str) -> Paragraph:
        return self.document.add_paragraph(style=self.document.styles[STYLE_NAMES[key]])

    def _plain(self, key: str, text: str) -> Paragraph:
        paragraph = self._paragraph(key)
        paragraph._p.extend(xml.children(xml.run_xml(self._clean(text), None)))
        return paragraph

    def _new_section(self) -> None:
        """A new section on a new page: its own running head, footnotes numbered from 1."""
        section = self.document.add_section()
        section.different_first_page_header_footer = True

    def _runs(self, paragraph: Paragraph, runs: list[Run]) -> None:
        self._append_runs(paragraph._p, self.document.part, runs)

    def _append_runs(self, element: Any, part: Any, runs: list[Run]) -> None:
        """Runs as WordprocessingML, related to ``part`` (the body or the footnotes)."""
        pieces = []
        for run in runs:
            text = self._clean(run.text, run)
            if run.note is not None:
                pieces.append(self._footnote_call(run))
            elif run.url:
                rel_id = part.relate_to(run.url, RT.HYPERLINK, is_external=True)
                pieces.append(xml.hyperlink_to_url(rel_id, xml.run_xml(text, self.styles["Hyperlink"])))
            else:
                pieces.append(xml.run_xml(text, self.styles.get(_character_style(run) or "")))
        element.extend(xml.children("".join(pieces)))

    def _bookmark(self, paragraph: Paragraph, name: str) -> None:
        self.state.bookmark_ids += 1
        number = self.state.bookmark_ids
        start = xml.bookmark_start(number, name)
        ppr = paragraph._p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph._p.insert(0, start)
        paragraph._p.append(xml.bookmark_end(number))

    def _footnote_call(self, run: Run) -> str:
        """The note's first call (as the model says) is a real footnote reference; a later
        call is a NOTEREF field showing its number (Word's own cross-reference)."""
        assert run.note is not None
        style = self.styles["Footnote Reference"]
        notes = self.state.notes
        if run.occurrence == 1:
            self.state.note_ids += 1
            notes[run.note] = self.state.note_ids
            self.state.bookmark_ids += 1
            bookmark = f"_RefNote{self.state.note_ids}"
            return xml.footnote_reference(self.state.bookmark_ids, bookmark, self.state.note_ids, style)
        return xml.note_ref_field(f"_RefNote{notes[run.note]}", run.note, style)

    def _footnote_text(self, word_id: int, runs: list[Run]) -> None:
        note = xml.footnote(word_id, self.styles["Footnote Text"], self.styles["Footnote Reference"])
        self._append_runs(note[0], self.notes_part, runs)
        self.notes_part.element.append(note)

    def _clean(self, text: str, run: Run | None = None) -> str:
        text = clean_text(text, run.pos if run else None, self.warn, "docx")
        return text.replace("\t", " ").replace("\n", " ")

    # header and footer ----------------------------------------------------------------------

    def _headers_and_footers(self, heads: list[str], language: str) -> None:
        """Each section: its running head from its second page, "Page X of Y" on every page."""
        header_style = self.document.styles[STYLE_NAMES["header"]]
        footer_style = self.document.styles[STYLE_NAMES["footer"]]
        template = wording(language)["page_x_of_y"]
        for section, head in zip(self.document.sections, heads, strict=True):
            section.different_first_page_header_footer = True
            _footnotes_restart(section)
            _replace_content(section.header, header_style, self._clean(head))
            _replace_content(section.first_page_header, header_style, "")
            for footer in (section.footer, section.first_page_footer):
                _page_x_of_y(_replace_content(footer, footer_style, ""), template)


MAX_PROPERTY_CHARS = 255
# The theme style each line of a pack's cover is set in (the rest: "cover").
_COVER_STYLES = {"title": "title", "subtitle": "kind"}


def _property(text: str) -> str:
    """Word keeps at most 255 characters of a document property and cuts the rest, as we
    do; the text itself, in the document, is untouched."""
    return text[:MAX_PROPERTY_CHARS]


def _character_style(run: Run) -> str | None:
    if run.emph and run.strong:
        return "Strong Emphasis"
    if run.emph:
        return "Emphasis"
    return "Strong" if run.strong else None


def _footnotes_restart(section: Any) -> None:
    sect_pr = section._sectPr
    if sect_pr.find(qn("w:footnotePr")) is None:
        sect_pr.insert(0, xml.footnotes_restart_each_section())


def _replace_content(part: _BaseHeaderFooter, style: Any, text: str) -> Paragraph:
    part.is_linked_to_previous = False
    for stale in list(part.paragraphs)[1:]:
        stale._p.getparent().remove(stale._p)
    paragraph: Paragraph = part.paragraphs[0]
    for element in list(paragraph._p):
        if element.tag != qn("w:pPr"):
            paragraph._p.remove(element)
    paragraph.style = style
    if text:
        paragraph.add_run(text)
    return paragraph


def _page_x_of_y(paragraph: Paragraph, template: str) -> None:
    """ "Page {page} of {pages}" with PAGE and NUMPAGES fields where the numbers go."""
    pieces = template.replace("{pages}", "\0NUMPAGES\0").replace("{page}", "\0PAGE\0").split("\0")
    for piece in pieces:
        if piece in ("PAGE", "NUMPAGES"):
            paragraph._p.extend(xml.children(xml.simple_field(piece, "1")))
        elif piece:
            paragraph._p.extend(xml.children(xml.run_xml(piece, None)))
