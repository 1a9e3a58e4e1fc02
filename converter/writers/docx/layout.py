"""Drawing the plan in a Word document: properties, a pack's cover and contents, each
document's masthead, title and blocks, its footnotes, and the running heads.

Paragraphs get named styles only (no direct formatting); runs get character
styles.  Text: tabs and line breaks inside a paragraph become spaces (every
other format shows them as spaces too); characters XML cannot hold are
dropped with a warning.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import field
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.section import _BaseHeaderFooter, _Header
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ...errors import R2PError
from ...model import Annex, EnumList, Heading, NumberedPara, Para, Preamble, Quote, Signature
from ...records import record
from ...theme import Theme
from ...transforms import labels_follow_theme
from ...wording import wording
from ..clean import clean_text
from ..plan import DocumentPlan, Line, Plan, Properties, direction
from ..runs import Run, flatten
from ..visitor import NodeVisitor
from . import xml
from .package import footnotes_part
from .styles import (
    HEADINGS_LIST,
    LIST_DEPTHS,
    MASTHEAD_TABLE,
    PARAGRAPHS_LIST,
    SESSIONS_TABLE,
    STYLE_NAMES,
    SUMMARY_TABLE,
    WORD_FORMATS,
    abstract_named,
    add_abstract,
    add_num,
    box_padding,
    default_language,
    list_indent,
)


@record(frozen=False)
class WriterState:
    """What builds up while the package is written: ids Word needs unique across it, and
    for the document being drawn, its plan, numbering and footnote ids."""

    bookmark_ids: int = 0
    note_ids: int = 0
    document: DocumentPlan | None = None
    num_id: int | None = None  # the numbered paragraphs' list instance (None: the style's own)
    counting: bool = False  # a numbered paragraph has been seen since the document or annex began
    first_run: bool = False  # the first document's first numbers: the style's own list
    heading_num: int | None = None  # the heading labels' list instance (headings labelled by Word)
    notes: dict[int, int] = field(default_factory=dict)  # note number -> Word footnote id
    agenda_notes: dict[str, int] = field(default_factory=dict)  # mark ("*") -> Word footnote id
    lists: dict[tuple[str, str, int], int] = field(default_factory=dict)  # list definitions by look
    container: Any = None  # where paragraphs go: the body, or the summary box's cell
    pack: bool = False  # drawing a pack: footnotes carry their number as their mark
    contents: dict[str, tuple[int, str]] = field(default_factory=dict)  # anchor -> TC level, text
    depth: int = 0  # how deep in lists the next paragraph stands


class Layout(NodeVisitor[None]):
    """Draws a plan into a python-docx Document made from the base package."""

    FORMAT = "docx"

    def __init__(
        self,
        document: DocxDocument,
        theme: Theme,
        warn: Callable[[R2PError], None],
        facts: StyleFacts | None = None,
    ) -> None:
        """``facts``: what the base package's styles are (``package.Base.style_facts``),
        worked out once for all the documents made from it."""
        self.document = document
        self.theme = theme
        self.warn = warn
        self.state = WriterState()
        self.notes_part = footnotes_part(document)
        self.facts = facts or StyleFacts(document)
        self.styles = self.facts.ids
        self.style_ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}  # those StyleFacts lacks
        self.default_styles: dict[WD_STYLE_TYPE, Any] = {}
        # The body's last section properties, which every paragraph of the body goes before.
        self.section_end = document.element.body.sectPr
        self.pages: dict[str, int] = {}  # a pack's contents entry -> its page
        self.language = ""  # the language of the whole (a pack's)

    def draw(self, plan: Plan, pages: dict[str, int] | None = None) -> None:
        """``pages``: where each entry of a pack's contents starts (the PDF's layout)."""
        self.state.pack = plan.is_pack
        self.language = plan.properties.language
        self.state.contents = {entry.anchor: (entry.level + 1, entry.text) for entry in plan.contents}
        self.pages = pages or {}
        self._properties(plan.properties)
        if plan.cover is not None:
            self._cover(plan)
        for document in plan.documents:
            if document.index > 1 or plan.is_pack:
                self._new_section()
            self._in_language(document, lambda: self._document(document))  # noqa: B023 (called at once)
        heads = [plan.running_head] if plan.is_pack else []
        heads += [document.running_head for document in plan.documents]
        jobs = [""] if plan.is_pack else []  # the job number, at the foot of a document's first page
        jobs += [
            next((line.text for line in d.zone("foot") if line.role == "job"), "") for d in plan.documents
        ]
        languages = [plan.properties.language] if plan.is_pack else []
        languages += [document.language for document in plan.documents]
        self._headers_and_footers(heads, jobs, languages, pack=plan.is_pack)
        _no_empty_section_paragraphs(self.document.element.body)

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
        self._contents(plan)

    def _contents(self, plan: Plan) -> None:
        """A TOC field built from the TC fields at each document's title and section (so
        it lists what the PDF's contents list, and not "Contents" itself), pre-filled
        with those entries, linked, with their page numbers as the PDF lays the pack
        out; Word and LibreOffice fill in their own when they update it."""
        assert plan.cover is not None
        heading = self._plain("toc_heading", plan.cover.contents_title)
        self._bookmark(heading, plan.cover.contents_anchor)
        paragraphs = [self._paragraph(f"toc{entry.level + 1}") for entry in plan.contents]
        if not paragraphs:
            return
        paragraphs[0]._p.extend(xml.children(xml.toc_field_begin('TOC \\f \\l "1-2" \\h \\z')))
        for paragraph, entry in zip(paragraphs, plan.contents, strict=True):
            text = self._clean(entry.text)
            paragraph._p.extend(
                xml.children(xml.contents_entry(entry.anchor, text, self.pages.get(entry.anchor)))
            )
            if entry.language:  # a member in another language than the pack's
                for run in paragraph._p.iter(qn("w:r")):
                    if run.find(qn("w:t")) is not None:
                        xml.set_run_language(run, entry.language)
        paragraphs[-1]._p.extend(xml.children(xml.field_end()))
        settings = self.document.settings.element
        if settings.find(qn("w:updateFields")) is None:
            settings.insert(0, xml.update_fields())

    # one document ---------------------------------------------------------------------------

    def _document(self, document: DocumentPlan) -> None:
        state = self.state
        state.document, state.notes, state.agenda_notes = document, {}, {}
        state.container, state.depth = self.document, 0
        state.num_id, state.counting, state.first_run = None, False, document.index == 1
        state.heading_num = self._heading_numbering() if labels_follow_theme(document.doc) else None
        self._masthead(document)
        self._bookmark(self._plain("title", document.title), document.anchors.document)
        if document.kind:
            self._plain("kind", document.kind)
        if document.doc.summary:
            self._summary(document)
        for block in document.doc.blocks:
            self.visit(block)
        for note in document.doc.notes:
            self._footnote_text(state.notes[note.number], note.number, flatten(note.children, "docx"))

    def _in_language(self, document: DocumentPlan, draw: Callable[[], None]) -> None:
        """Draw a document; a pack's member in another language than the pack's gets its
        own on every run (Word's language is a run property: spelling, hyphenation and
        LibreOffice's PDF export follow it)."""
        containers = (self.document.element.body, self.notes_part.element)
        # The elements there before (held, so that lxml keeps the same proxies for them).
        before = [list(container) for container in containers]
        draw()
        other_language = document.language != self.language
        if not (other_language or document.direction == "rtl"):
            return
        for container, old in zip(containers, before, strict=True):
            known = {id(element) for element in old}
            for element in (child for child in container if id(child) not in known):
                if document.direction == "rtl":
                    xml.right_to_left(element, keep=_OWN_DIRECTION)
                if other_language:  # (a quotation's own language stays)
                    for run in element.iter(qn("w:r")):
                        if not _has_language(run):
                            xml.set_run_language(run, document.language)
            marks = [paragraph for paragraph in container.iter(qn("w:p")) if paragraph.get(_OWN_DIRECTION)]
            for paragraph in marks:
                del paragraph.attrib[_OWN_DIRECTION]
                etree.cleanup_namespaces(paragraph)  # and the mark's namespace with it

    # the masthead ----------------------------------------------------------------------------

    def _masthead(self, document: DocumentPlan) -> None:
        """The UN masthead: "United Nations" and the symbol, then the organs' names and the
        distribution block (a table in the "Masthead Table" style, the rule below it),
        then a column per organ with its session and agenda items."""
        rows = []
        if document.zone("top-left") or document.zone("top-right"):
            rows.append(
                ((document.zone("top-left"), "masthead_un"), (document.zone("top-right"), "masthead_symbol"))
            )
        rows.append(((document.zone("left"), "masthead_organ"), (document.zone("right"), "masthead_right")))
        table = self._table(len(rows), 2, MASTHEAD_TABLE)
        self._describe_table(table, "masthead")
        for row, cells in zip(table._tbl.tr_lst, rows, strict=True):
            for cell, (lines, key) in zip(row.tc_lst, cells, strict=True):
                self._masthead_cell(cell, lines, key)
        columns = document.session_columns
        if columns:
            sessions = self._table(1, len(columns), SESSIONS_TABLE)
            self._describe_table(sessions, "masthead")
            for cell, lines in zip(sessions._tbl.tr_lst[0].tc_lst, columns, strict=True):
                self._masthead_cell(cell, lines, "masthead")

    def _masthead_cell(self, cell: Any, lines: tuple[Line, ...], key: str) -> None:
        """A cell (``w:tc``) of the masthead, a paragraph per line in its role's style
        (``key``'s style for an empty cell): the cell's empty paragraph, then paragraphs
        added after it, as python-docx's ``paragraphs[0]`` and ``add_paragraph`` give."""
        self._style_id(STYLE_NAMES[key])  # looked up as before: a missing style is an error
        empty = cell.find(qn("w:p"))
        for index, line in enumerate(lines or (Line("empty", ""),)):
            paragraph = self._empty_paragraph(STYLE_NAMES[_MASTHEAD_STYLES.get(line.role, key)])
            if index == 0:
                cell.replace(empty, paragraph)
            else:
                cell.append(paragraph)
            paragraph.extend(xml.children(xml.run_xml(self._clean(line.text), None)))
            if line.mark:
                paragraph.extend(xml.children(self._agenda_note(line)))

    def _agenda_note(self, line: Line) -> str:
        """The agenda line's "*": a footnote with that mark, whose text names the
        provisional agenda ("* A/72/50."), at the foot of the first page as UN documents
        print it."""
        assert self.state.document is not None
        note_line = next(
            (
                foot
                for foot in self.state.document.zone("foot")
                if foot.role == "agenda-note" and foot.mark == line.mark
            ),
            None,
        )
        self.state.note_ids += 1
        note_id = self.state.note_ids
        style = self.styles["Footnote Reference"]
        if note_line is not None:
            note = xml.footnote_with_mark(note_id, self.styles["Footnote Text"], style, line.mark)
            note[0].extend(xml.children(xml.run_xml(" " + self._clean(note_line.text), None)))
            self.notes_part.element.append(note)
        return xml.custom_mark_reference(note_id, line.mark, style)

    # numbering -------------------------------------------------------------------------------

    def _paragraph_numbering(self, block: NumberedPara) -> int | None:
        """The list instance a numbered paragraph joins.  The style's own list numbers the
        first document from 1; any other start (a later document, an annex that restarts,
        an excerpt from 51) gets an instance of its own starting there."""
        state = self.state
        assert state.document is not None
        if not state.counting:
            state.counting = True
            first_run, state.first_run = state.first_run, False
            if first_run and block.number == 1:
                state.num_id = None
                return None
            numbering = self.document.part.numbering_part.element
            state.num_id = add_num(numbering, abstract_named(numbering, PARAGRAPHS_LIST), True, block.number)
        return state.num_id

    def _heading_numbering(self) -> int:
        numbering = self.document.part.numbering_part.element
        return add_num(numbering, abstract_named(numbering, HEADINGS_LIST), restart=True, levels=3)

    def _list_numbering(self, block: EnumList, depth: int) -> int | None:
        """A list whose labels follow a scheme gets Word's own numbering for it, so an
        inserted item is numbered as the others; other labels are printed as written."""
        if not block.scheme:
            return None
        numbering = self.document.part.numbering_part.element
        key = (block.scheme, block.pattern, depth)
        if key not in self.state.lists:
            left = list_indent(self.theme, depth)
            level = [(WORD_FORMATS[block.scheme], block.pattern, left, self.theme.list_indent)]
            self.state.lists[key] = add_abstract(
                numbering, f"r2p sub-paragraphs {'-'.join(map(str, key))}", level
            )
        return add_num(numbering, self.state.lists[key], restart=True, start=block.start or 1)

    # blocks -------------------------------------------------------------------------------

    def visit_Heading(self, block: Heading) -> None:
        assert self.state.document is not None
        paragraph = self._paragraph(f"heading{block.level}")
        if block.label and self.state.heading_num is not None:
            paragraph._p.get_or_add_pPr().append(
                xml.numbering_properties(self.state.heading_num, block.level - 1)
            )
        elif block.label:
            self._runs(paragraph, [Run(block.label, pos=block.pos)])
            paragraph._p.extend(xml.children(xml.tab()))
        self._runs(paragraph, flatten(block.children, "docx"))
        self._bookmark(paragraph, self.state.document.heading(block).anchor)

    def visit_NumberedPara(self, block: NumberedPara) -> None:
        assert self.state.document is not None
        num_id = self._paragraph_numbering(block)
        paragraph = self._paragraph("numbered")
        if num_id is not None:
            paragraph._p.get_or_add_pPr().append(xml.numbering_properties(num_id))
        self._runs(paragraph, flatten(block.children, "docx"))
        self._bookmark(paragraph, self.state.document.paragraph_anchor(block))

    def visit_Para(self, block: Para) -> None:
        key = "summary" if self.state.container is not self.document else "body"
        self._runs(self._paragraph(key), flatten(block.children, "docx"))

    def visit_Preamble(self, block: Preamble) -> None:
        self._runs(self._paragraph("preamble"), flatten(block.children, "docx"))

    def visit_Quote(self, block: Quote) -> None:
        paragraph = self._paragraph("quote")
        self._runs(paragraph, flatten(block.children, "docx"))
        if block.language:  # a quotation in another language: its runs say which
            for run in paragraph._p.iter(qn("w:r")):
                xml.set_run_language(run, block.language)
            if direction(block.language) == "rtl":
                xml.right_to_left(paragraph._p)
            elif self.state.document is not None and self.state.document.direction == "rtl":
                paragraph._p.set(_OWN_DIRECTION, "ltr")  # an Arabic document's direction stops here

    def visit_EnumList(self, block: EnumList) -> None:
        depth = min(self.state.depth + 1, LIST_DEPTHS)
        num_id = self._list_numbering(block, depth)
        item_style = "list_item" if depth == 1 else f"list_item_{depth}"
        continue_style = "list_continue" if depth == 1 else f"list_continue_{depth}"
        for item in block.items:
            paragraph = self._paragraph(item_style)
            if num_id is not None:
                paragraph._p.get_or_add_pPr().append(xml.numbering_properties(num_id))
            else:
                self._runs(paragraph, [Run(item.label, pos=item.pos)])
                paragraph._p.extend(xml.children(xml.tab()))
            self._runs(paragraph, flatten(item.children, "docx"))
            for inner in item.blocks:
                if isinstance(inner, EnumList):
                    outer, self.state.depth = self.state.depth, depth
                    self.visit(inner)
                    self.state.depth = outer
                elif isinstance(inner, Para):
                    self._runs(self._paragraph(continue_style), flatten(inner.children, "docx"))
                else:
                    self.unknown_visit(inner)

    def visit_Annex(self, block: Annex) -> None:
        """ "Annex I" and its title, on a new page (the style breaks the page); numbering
        restarts in it unless it continues."""
        assert self.state.document is not None
        paragraph = self._paragraph("annex")
        self._runs(paragraph, [Run(block.label, pos=block.pos)])
        self._bookmark(paragraph, self.state.document.heading(block).anchor)
        if block.title:  # its own paragraph, as in print: the space after the label between them
            self._runs(self._paragraph("annex_title"), flatten(block.title, "docx"))
        if block.restart:
            self.state.counting = False
        if self.state.heading_num is not None:
            self.state.heading_num = self._heading_numbering()

    def visit_Signature(self, block: Signature) -> None:
        runs: list[Run] = []
        for index, line in enumerate(block.lines):
            if index:
                runs.append(Run("\n", line_break=True))
            runs += flatten(line, "docx")
        self._runs(self._paragraph("signature"), runs)

    def _summary(self, document: DocumentPlan) -> None:
        """The summary in a box (a one-cell table in the "Summary Box" style)."""
        box = self._table(1, 1, SUMMARY_TABLE)
        self._describe_table(box, "summary")
        # The box's edge on the text's margin (Word and LibreOffice put the cell's text
        # there and the edge a padding to the left), its width the text's.
        pad = box_padding(self.theme)
        table_pr = box._tbl.tblPr
        later = [
            table_pr.find(qn(f"w:{tag}"))
            for tag in ("tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")
        ]
        anchor = next((element for element in later if element is not None), None)
        if anchor is not None:
            anchor.addprevious(xml.table_indent(pad))
        else:
            table_pr.append(xml.table_indent(pad))
        cell = box.rows[0].cells[0]
        first = cell.paragraphs[0]
        first._p.style = self._style_id(STYLE_NAMES["summary_heading"])
        first._p.extend(xml.children(xml.run_xml(self._clean(document.summary_title), None)))
        outer, self.state.container = self.state.container, cell
        for block in document.doc.summary:
            self.visit(block)
        self.state.container = outer

    def _table(self, rows: int, cols: int, style_name: str) -> Table:
        """A new table in the style ``style_name``, last in the body: what python-docx's
        ``add_table`` and ``tblStyle_val`` make (its columns share the page's width), as
        a copy of the one it made for the first table of that shape."""
        width = self.document._block_width  # (the base package's page: every section has it)
        key = (rows, cols, width, style_name)
        models = self.facts.empty_tables
        if key not in models:
            model: Any = CT_Tbl.new_tbl(rows, cols, width)
            model.tblStyle_val = self._style_id(style_name, WD_STYLE_TYPE.TABLE)
            models[key] = model
        element = copy.deepcopy(models[key])
        self._append_to_body(element)
        return Table(element, self.document)

    def _describe_table(self, table: Any, key: str) -> None:
        """A layout table's caption and description (Word's alt text for tables, which its
        accessibility checker asks of every table): what it holds, in the document's words."""
        assert self.state.document is not None
        words = wording(self.state.document.language)
        properties = table._tbl.tblPr
        for tag in ("w:tblCaption", "w:tblDescription"):
            properties.append(xml.property_value(tag, str(words[key])))

    # paragraphs and runs ------------------------------------------------------------------

    def _paragraph(self, key: str) -> Paragraph:
        """A new paragraph in the theme style ``key``, last in the body or the summary box.

        A paragraph of the body is placed here rather than by python-docx's
        ``add_paragraph``, which looks for the body's section properties among all its
        children (and reads every style) for each paragraph: that made a long document
        quadratic.  It is a copy of the element python-docx builds, so the output is the
        same."""
        name = STYLE_NAMES[key]
        container = self.state.container or self.document
        if container is not self.document:  # a table cell: short, and python-docx knows its order
            paragraph: Paragraph = container.add_paragraph()
            paragraph._p.style = self._style_id(name)
            return paragraph
        element = self._empty_paragraph(name)
        self._append_to_body(element)
        return Paragraph(element, self.document)

    def _append_to_body(self, element: Any) -> None:
        """Last in the body, before its section properties if it has them."""
        if self.section_end is not None:
            self.section_end.addprevious(element)
        else:
            self.document.element.body.append(element)

    def _empty_paragraph(self, style_name: str) -> Any:
        """A new ``w:p`` in that style: a copy of one python-docx made once (``CT_P.style``
        adds ``w:pPr/w:pStyle``, placing each among some forty possible siblings)."""
        models = self.facts.empty_paragraphs
        if style_name not in models:
            model: Any = OxmlElement("w:p")  # a CT_P
            model.style = self._style_id(style_name)
            models[style_name] = model
        return copy.deepcopy(models[style_name])

    def _style_id(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """The id python-docx gives a paragraph (or table) in the style called ``name``:
        none for the document's default style.  As python-docx's ``get_style_id``, but
        its reading of every style for the default is done once per base package."""
        # found as ensure_styles found it: python-docx's own lookup takes "Heading 1" for
        # Word's built-in "heading 1", and misses LibreOffice's "Heading 1" in a reference
        if (name, kind) in self.facts.applied:
            return self.facts.applied[name, kind]
        if (name, kind) not in self.style_ids:
            style = self.document.styles[name]
            if style.type != kind:
                raise ValueError(f"assigned style is type {style.type!s}, need type {kind!s}")
            if kind not in self.default_styles:
                self.default_styles[kind] = self.document.styles.default(kind)
            self.style_ids[name, kind] = None if style == self.default_styles[kind] else style.style_id
        return self.style_ids[name, kind]

    def _plain(self, key: str, text: str) -> Paragraph:
        paragraph = self._paragraph(key)
        paragraph._p.extend(xml.children(xml.run_xml(self._clean(text), None)))
        return paragraph

    def _new_section(self) -> None:
        """A new section on a new page: its own running head, footnotes numbered from 1."""
        section = self.document.add_section()
        section.different_first_page_header_footer = True
        self.section_end = self.document.element.body.sectPr  # (made now if the body had none)

    def _runs(self, paragraph: Paragraph, runs: list[Run]) -> None:
        self._append_runs(paragraph._p, self.document.part, runs)

    def _append_runs(self, element: Any, part: Any, runs: list[Run]) -> None:
        """Runs as WordprocessingML, related to ``part`` (the body or the footnotes)."""
        pieces = []
        for run in runs:
            text = self._clean(run.text, run)
            if run.line_break:
                pieces.append(xml.line_break())
            elif run.note is not None:
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
        if name in self.state.contents:  # an entry of a pack's contents
            level, text = self.state.contents[name]
            paragraph._p.extend(xml.children(xml.contents_mark(self._clean(text), level)))

    def _footnote_call(self, run: Run) -> str:
        """The note's first call (as the model says) is a real footnote reference; a later
        call is a NOTEREF field showing its number (Word's own cross-reference).

        In a pack each document numbers its notes from 1, and the footnotes carry their
        number as their mark: Word restarts numbering for each section, but LibreOffice
        reads that restart as one per chapter and numbers every note 0."""
        assert run.note is not None
        style = self.styles["Footnote Reference"]
        notes = self.state.notes
        if run.occurrence == 1:
            self.state.note_ids += 1
            notes[run.note] = self.state.note_ids
            if self.state.pack:
                return xml.custom_mark_reference(self.state.note_ids, str(run.note), style)
            self.state.bookmark_ids += 1
            bookmark = f"_RefNote{self.state.note_ids}"
            return xml.footnote_reference(self.state.bookmark_ids, bookmark, self.state.note_ids, style)
        if self.state.pack:
            return xml.run_xml(str(run.note), style)
        return xml.note_ref_field(f"_RefNote{notes[run.note]}", run.note, style)

    def _footnote_text(self, word_id: int, number: int, runs: list[Run]) -> None:
        text_style, reference_style = self.styles["Footnote Text"], self.styles["Footnote Reference"]
        if self.state.pack:
            note = xml.footnote_with_mark(word_id, text_style, reference_style, str(number))
            note[0].extend(xml.children(xml.run_xml(" ", None)))
        else:
            note = xml.footnote(word_id, text_style, reference_style)
        self._append_runs(note[0], self.notes_part, runs)
        self.notes_part.element.append(note)

    def _clean(self, text: str, run: Run | None = None) -> str:
        text = clean_text(text, run.pos if run else None, self.warn, "docx")
        return text.replace("\t", " ").replace("\n", " ")

    # header and footer ----------------------------------------------------------------------

    def _headers_and_footers(
        self, heads: list[str], jobs: list[str], languages: list[str], pack: bool
    ) -> None:
        """Each section: its running head from its second page (in its document's language),
        "Page X of Y" on every page (but a pack's cover), the job number at the foot of
        its first page."""
        header_style = self._style_id(STYLE_NAMES["header"])
        footer_style = self._style_id(STYLE_NAMES["footer"])
        template = wording(languages[0])["page_x_of_y"]
        sections = zip(self.document.sections, heads, jobs, languages, strict=True)
        for index, (section, head, job, language) in enumerate(sections):
            section.different_first_page_header_footer = True
            header = _replace_content(section.header, header_style, self._clean(head))
            if language != self.language:
                for run in header._p.iter(qn("w:r")):
                    xml.set_run_language(run, language)
            if direction(language) == "rtl":
                for part in (section.header, section.footer, section.first_page_footer):
                    xml.right_to_left(part._element)
            _replace_content(section.first_page_header, header_style, "")
            _page_x_of_y(_replace_content(section.footer, footer_style, ""), template)
            first = _replace_content(section.first_page_footer, footer_style, "")
            if not (pack and index == 0):  # a pack's cover has no page number
                _page_x_of_y(first, template)
            if job:
                paragraph = section.first_page_footer.add_paragraph()
                paragraph._p.style = self._style_id(STYLE_NAMES["footer_job"])
                paragraph._p.extend(xml.children(xml.run_xml(self._clean(job), None)))


_STYLE_TYPES = {kind.value: kind for kind in WD_STYLE_TYPE}  # as StyleFacts.to_plain numbers them
_PlainApplied = tuple[str | None, int, str | None]  # a style's name, its type's number, the id applied


class StyleFacts:
    """What drawing needs of the base package's styles, read once for all its documents
    (reading every style costs more than drawing a short document): each name's id, and
    the id python-docx applies for each name and type (none for the type's default)."""

    def __init__(self, document: DocxDocument | None) -> None:
        """Read from ``document``'s styles (None: for ``from_plain`` to fill)."""
        self.ids: dict[str | None, str] = {}  # name -> id
        self.applied: dict[tuple[str | None, Any], str | None] = {}  # the first of a name, as find_style
        self.empty_paragraphs: dict[str, Any] = {}  # style name -> a w:p in it, to copy (never changed)
        self.empty_tables: dict[tuple[int, int, int, str], Any] = {}  # (rows, cols, width, style) -> a w:tbl
        if document is not None:
            self._read(document)

    @classmethod
    def from_plain(cls, ids: dict[str | None, str], applied: list[_PlainApplied]) -> StyleFacts:
        """The facts ``to_plain`` gave."""
        facts = cls(None)
        facts.ids = ids
        facts.applied = {(name, _STYLE_TYPES[kind]): style_id for name, kind, style_id in applied}
        return facts

    def _read(self, document: DocxDocument) -> None:
        every_style = list(document.styles)  # (python-docx makes a Style object each time)
        self.ids = {style.name: style.style_id for style in every_style}
        defaults: dict[Any, Any] = {}
        for style in every_style:
            if (style.name, style.type) in self.applied:
                continue
            if style.type not in defaults:
                defaults[style.type] = document.styles.default(style.type)
            self.applied[style.name, style.type] = None if style == defaults[style.type] else style.style_id

    def to_plain(self) -> tuple[dict[str | None, str], list[_PlainApplied]]:
        """The facts as plain data (marshal can keep them): the ids, and each applied id
        with its style type as a number."""
        return self.ids, [(name, kind.value, style_id) for (name, kind), style_id in self.applied.items()]


MAX_PROPERTY_CHARS = 255
# A mark, while a document is drawn, on a paragraph that keeps its own direction (a
# quotation in English in an Arabic document); taken off before the package is written.
_OWN_DIRECTION = "{urn:r2p-convert}direction"


def _has_language(run: Any) -> bool:
    properties = run.find(qn("w:rPr"))
    return properties is not None and properties.find(qn("w:lang")) is not None


# The style of each masthead line, by its role.
_MASTHEAD_STYLES = {
    "united-nations": "masthead_un",
    "symbol": "masthead_symbol",
    "organ": "masthead_organ",
    "distribution": "masthead_right",
    "date": "masthead_right",
    "version": "masthead_right",
    "original": "masthead_right",
    "organ-name": "session_organ",
    "session": "masthead",
    "agenda": "masthead",
    "agenda-title": "agenda_title",
}
# The theme style each line of a pack's cover is set in (the rest: "cover").
_COVER_STYLES = {"title": "cover_title", "subtitle": "cover_subtitle", "classification": "cover_subtitle"}


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


def _no_empty_section_paragraphs(body: Any) -> None:
    """A section ends with its last paragraph, as Word writes it: python-docx gives each
    section break a paragraph of its own, which a reader (and Word's accessibility
    checker) meets as an empty paragraph."""
    for paragraph in body.xpath("w:p[w:pPr/w:sectPr]"):  # (found in C: a body has thousands)
        properties = paragraph.find(qn("w:pPr"))
        if properties is None or len(paragraph) != 1 or len(properties) != 1:
            continue
        section = properties.find(qn("w:sectPr"))
        before = paragraph.getprevious()
        if section is None or before is None or before.tag != qn("w:p"):
            continue
        target = before.find(qn("w:pPr"))
        if target is None:
            target = xml.child(before, "w:pPr", first=True)
        if target.find(qn("w:sectPr")) is not None:
            continue
        target.append(section)  # last in the properties, as the schema orders them
        body.remove(paragraph)


def _replace_content(part: _BaseHeaderFooter, style_id: str | None, text: str) -> Paragraph:
    """The header or footer, its own (not its previous section's), holding one paragraph
    in the style ``style_id`` with ``text``."""
    root = _own_definition(part)
    paragraphs = root.findall(qn("w:p"))
    for stale in paragraphs[1:]:
        root.remove(stale)
    paragraph = Paragraph(paragraphs[0], part)
    for element in list(paragraph._p):
        if element.tag != qn("w:pPr"):
            paragraph._p.remove(element)
    paragraph._p.style = style_id
    if text:
        paragraph.add_run(text)
    return paragraph


_EMPTY_HEADER_FOOTER: dict[bool, Any] = {}  # header? -> python-docx's new w:hdr (or w:ftr), parsed


def _own_definition(part: _BaseHeaderFooter) -> Any:
    """The root (``w:hdr``, ``w:ftr``) of the part that defines ``part``, made if it has
    none: what ``is_linked_to_previous = False`` makes, but a copy of python-docx's empty
    part parsed once (it reads and parses its template file for each of them)."""
    if not part.is_linked_to_previous:
        return part.part.element
    header = isinstance(part, _Header)
    if header not in _EMPTY_HEADER_FOOTER:
        made: Any = HeaderPart._default_header_xml if header else FooterPart._default_footer_xml
        xml_bytes = made()  # (python-docx's template file, which it leaves untyped)
        _EMPTY_HEADER_FOOTER[header] = parse_xml(xml_bytes)
    element = copy.deepcopy(_EMPTY_HEADER_FOOTER[header])
    document_part, section = part._document_part, part._sectPr
    package = document_part.package
    if header:
        header_part = HeaderPart(package.next_partname("/word/header%d.xml"), CT.WML_HEADER, element, package)
        section.add_headerReference(part._hdrftr_index, document_part.relate_to(header_part, RT.HEADER))
    else:
        footer_part = FooterPart(package.next_partname("/word/footer%d.xml"), CT.WML_FOOTER, element, package)
        section.add_footerReference(part._hdrftr_index, document_part.relate_to(footer_part, RT.FOOTER))
    return element


def _page_x_of_y(paragraph: Paragraph, template: str) -> None:
    """ "Page {page} of {pages}" with PAGE and NUMPAGES fields where the numbers go."""
    pieces = template.replace("{pages}", "\0NUMPAGES\0").replace("{page}", "\0PAGE\0").split("\0")
    for piece in pieces:
        if piece in ("PAGE", "NUMPAGES"):
            paragraph._p.extend(xml.children(xml.simple_field(piece, "1")))
        elif piece:
            paragraph._p.extend(xml.children(xml.run_xml(piece, None)))
