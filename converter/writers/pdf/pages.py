"""Pages: the document template (frames, the hooks that place footnotes and outline
entries) and the canvas that draws running heads and "Page X of Y".

Reproducible: invariant mode, and the plan's timestamp (SOURCE_DATE_EPOCH, or
the document's date).
"""

from __future__ import annotations

import io
import time
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ...errors import R2PError
from ...model import Pos
from ...theme import Style, Theme
from ...wording import wording
from ..clean import clean_text
from ..plan import Plan, direction
from .finish import finished
from .flowables import Block, Marker, Masthead, Note, OutlineEntry
from .fonts import ScriptFace, font_name, script_runs, style_face
from .rtl import draw_string, is_rtl_text
from .story import StoryBuilder, contents_markup
from .tagging import TaggingCanvas

# Page streams are deflated but not then written out in ASCII base-85, ReportLab's default:
# text-safe streams are for mail of the 1990s; base-85 makes a PDF a quarter larger, and
# ReportLab encodes it in pure Python (a fifth of a seed's formatting).
rl_config.useA85 = 0


class DocTemplate(BaseDocTemplate):
    def __init__(self, out: io.BytesIO, theme: Theme, plan: Plan, builder: StoryBuilder) -> None:
        page = theme.page
        properties = plan.properties
        self.theme, self.plan, self.builder = theme, plan, builder
        self.words = wording(properties.language)
        self.current_pos: Pos | None = None
        self.document_starts: set[int] = set()
        self.heads: dict[int, str] = {}
        self.jobs: dict[int, str] = {}  # a document's first page -> its job number
        self.contents_pages: dict[str, int] = {}  # a pack's contents entry's anchor -> its page
        self.tagged = True  # marked content and a structure tree (the tests turn it off to compare)
        font = theme.fonts["serif"]
        super().__init__(
            out,
            pagesize=(page.width, page.height),
            leftMargin=page.margin_left,
            rightMargin=page.margin_right,
            topMargin=page.margin_top,
            bottomMargin=page.margin_bottom,
            title=properties.title,
            author=properties.author,
            subject=properties.subject,
            keywords=[properties.keywords],
            creator=properties.generator,
            producer=f"{properties.generator} (ReportLab)",
            invariant=1,
            pageCompression=1,
            lang=properties.language,
            initialFontName=font_name(font.name, "regular"),
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
        canvas = NumberedCanvas(self, *args, **kwargs)
        canvas._doc._timeStamp = _timestamp(self.plan)  # type: ignore[attr-defined]  # no public setter
        canvas.setViewerPreference("DisplayDocTitle", "true")
        canvas.words = self.words
        canvas.script_faces = self.builder.scripts
        if self.tagged:  # a new layout pass: the structure holds only what this one draws
            self.builder.root.clear_content()
            canvas.start_tagging()
            finished(canvas._doc, self.builder.root, self.plan)  # type: ignore[attr-defined]  # no public getter
        return canvas

    # hooks ----------------------------------------------------------------------------------

    def handle_frameBegin(self, resume: int = 0, pageTopFlowables: Any = None) -> None:
        super().handle_frameBegin(resume, pageTopFlowables)
        # Footnotes raise the frame's bottom on the page that holds them; a frame is reused
        # from page to page and its reset keeps the bottom, so put it back for each page.
        self.frame._geom()  # type: ignore[attr-defined]  # private to Frame

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        pos = getattr(flowables[0], "pos", None) if flowables else None
        if pos is not None:
            self.current_pos = pos
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Marker):
            self.document_starts.add(self.page)
            self.heads[self.page] = flowable.running_head
            if flowable.job:
                self.jobs[self.page] = clean_text(flowable.job, None, _ignore, "pdf")
        if isinstance(flowable, Block | Masthead):
            if flowable.notes:
                self.builder.page_notes.notes.extend(flowable.notes)
                height = flowable.notes_height
                # Raise the frame's bottom by the notes' height (platypus has no API for it).
                self.frame._y += height  # type: ignore[attr-defined]  # private to Frame
                self.frame._y1p += height  # type: ignore[attr-defined]  # private to Frame
            if isinstance(flowable, Block) and flowable.outline:
                self._outline(flowable.outline)

    def _outline(self, entry: OutlineEntry) -> None:
        self.canv.addOutlineEntry(entry.text, entry.key, level=entry.level, closed=entry.level > 1)
        if entry.contents_level is not None:
            markup = contents_markup(
                entry.text, self.builder.scripts, font_name(self.theme.fonts["serif"].name, "regular")
            )
            self.notify("TOCEntry", (entry.contents_level, markup, self.page, entry.key))
            self.contents_pages[entry.key] = self.page

    def _end_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        notes = self.builder.page_notes
        if notes.notes:
            self._draw_notes(canvas, notes.notes)
            notes.notes = []
        assert isinstance(canvas, NumberedCanvas)
        canvas.head = clean_text(self._running_head_for(canvas.getPageNumber()), None, _ignore, "pdf")

    def _running_head_for(self, page: int) -> str:
        if page in self.document_starts or (page == 1):
            return ""
        current = [self.heads[p] for p in sorted(self.heads) if p <= page]
        return current[-1] if current else self.plan.running_head

    def _draw_notes(self, canvas: Canvas, notes: list[Note]) -> None:
        y = self.bottomMargin
        heights = [note.wrap(self.width, 10_000)[1] for note in notes]
        total = sum(heights) + sum(note.getSpaceAfter() for note in notes)
        top = y + total
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(self.theme.colors["rule"]))
        canvas.setLineWidth(0.5)
        start = self.leftMargin
        if notes and getattr(notes[0].style, "rtl", False):  # the rule starts on the right
            start += self.width * 2 / 3
        canvas.line(start, top + 4, start + self.width / 3, top + 4)
        canvas.restoreState()
        for note, height in zip(notes, heights, strict=True):
            top -= height
            note.drawOn(canvas, self.leftMargin, top)
            top -= note.getSpaceAfter()


class NumberedCanvas(TaggingCanvas):
    """Draws the running head on each page, and "Page X of Y" once Y is known.

    Each page shows a form XObject for its footer; the forms are drawn at the
    end, when the number of pages is known.  (Deferring whole pages instead
    would point every destination at one page.)
    """

    def __init__(self, template: DocTemplate, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._template = template
        self._r2p_destinations: set[str] = set()
        self.head = ""  # the running head of the page being drawn, set when the page ends
        self.script_faces: tuple[ScriptFace, ...] = ()  # the document's faces for other scripts

    def bookmarkPage(self, key: str, *args: Any, **kwargs: Any) -> Any:
        self._r2p_destinations.add(key)
        return super().bookmarkPage(key, *args, **kwargs)

    def showPage(self) -> None:
        self._running_head()
        self.doForm(f"r2p-footer-{self.getPageNumber()}")
        self.end_page_content()
        super().showPage()
        self.start_page_content()

    def save(self) -> None:
        self.forget_artifact_opening()  # no page follows the last
        total = self.getPageNumber() - 1
        for page in range(1, total + 1):
            self._footer(page, total)
        # Publish every destination by name (para-N, headings), so links such as
        # file.pdf#para-8 work; ReportLab otherwise keeps them internal.
        pairs: list[Any] = []
        for key in sorted(self._r2p_destinations):
            pairs += [PDFString(key), self._bookmarkReference(key)]  # type: ignore[attr-defined]  # private
        names = PDFDictionary({"Dests": PDFDictionary({"Names": PDFArray(pairs)})})
        self._doc.Catalog.Names = names  # type: ignore[attr-defined]  # ReportLab has no API for it
        super().save()

    def _running_head(self) -> None:
        head = self.head
        if not head:
            return
        theme = self._template.theme
        style, page = theme.styles["header"], theme.page
        self.saveState()
        self.setFont(font_name(theme.fonts[style.font].name, style_face(style)), style.size)
        self.setFillColor(colors.HexColor(style.color))
        y = page.height - page.header_distance
        if direction(self._template.plan.properties.language) == "rtl":  # mirrored: on the left
            self._furniture(head, page.margin_left, y, "start", style)
        else:
            self._furniture(head, page.width - page.margin_right, y, "end", style)
        self.restoreState()
        self.head = ""

    def _footer(self, number: int, total: int) -> None:
        theme = self._template.theme
        style, page = theme.styles["footer"], theme.page
        text = self._template.words["page_x_of_y"].format(page=number, pages=total)
        self.beginForm(f"r2p-footer-{number}")
        self.setFont(font_name(theme.fonts[style.font].name, style_face(style)), style.size)
        self.setFillColor(colors.HexColor(style.color))
        if not (self._template.plan.is_pack and number == 1):  # a pack's cover has no page number
            self._furniture(text, page.width / 2, page.footer_distance, "centre", style)
        job = self._template.jobs.get(number)
        if job:  # the job number, at the foot of a document's first page
            self._furniture(job, page.margin_left, page.footer_distance, "start", style)
        self.endForm()

    def _furniture(self, text: str, x: float, y: float, anchor: str, style: Style) -> None:
        """A line of page furniture in ``style``; in the scripts' faces, shaped and in
        bidi order where its text needs it (Arabic, Chinese)."""
        runs = script_runs(text, self.script_faces)
        if not is_rtl_text(text) and all(not face for _, face in runs):
            draw = {"start": self.drawString, "end": self.drawRightString, "centre": self.drawCentredString}
            draw[anchor](x, y, text)
            return
        name = font_name(self._template.theme.fonts[style.font].name, style_face(style))
        draw_string(self, text, x, y, anchor, runs, name, style.size, colors.HexColor(style.color))


def _ignore(warning: R2PError) -> None:
    """Running heads repeat metadata already reported where it is first printed."""


def _timestamp(plan: Plan) -> TimeStamp:
    """The plan's timestamp as ReportLab's invariant TimeStamp."""
    stamp = TimeStamp(invariant=1)
    seconds = int(plan.properties.timestamp.timestamp())
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    return stamp
