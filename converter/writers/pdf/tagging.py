"""Tagged PDF: the logical structure a screen reader follows (PDF/UA-1, PDF/A-2a).

ReportLab writes no structure tree, so the PDF writer builds one in three steps:

1. the story builder gives each paragraph it makes an ``Element`` of a tree that
   reads as the document does (``Document``, a ``Part`` per pack member, ``H1``...,
   ``P``, ``L``/``LI``/``Lbl``/``LBody``, ``BlockQuote``, ``Note``, ``TOC``/``TOCI``);
2. while the pages are drawn, the canvas (``TaggingCanvas``) puts each text object a
   tagged paragraph shows in a marked-content sequence with its own MCID, and
   records it, and each link annotation, against the element; everything else on a
   page (running heads, page numbers, rules, boxes) is an ``/Artifact``;
3. ``finish.py`` adds the tree, the parent tree, the metadata and the rest of what
   PDF/UA and PDF/A ask of the file, as ReportLab objects, when the file is written.

Marked content is all the canvas adds to the page streams, so pages render exactly
as untagged ones (the tests compare them pixel for pixel).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import field
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from ...records import record


@record
class Marked:
    """A marked-content sequence: page index (0-based) and its MCID on that page."""

    page: int
    mcid: int


@record
class Annotation:
    """A link annotation: page index and its place among the page's annotations."""

    page: int
    index: int
    contents: str  # its description, for /Contents


@record(frozen=False, eq=False)
class Element:
    """A structure element: its standard type, attributes, and kids in reading order
    (elements made by the story; content and annotations recorded while drawing)."""

    role: str
    parent: Element | None = None
    kids: list[Element | Marked | Annotation] = field(default_factory=list)
    lang: str = ""
    id: str = ""  # a Note's /ID
    title: str = ""  # /T, what the element is (the masthead, the notes)
    actual: str = ""  # /ActualText, where the content's glyphs do not read as the text
    dynamic: bool = False  # made while drawing (a Link, a contents entry): made again each pass

    def add(self, role: str, **attributes: Any) -> Element:
        child = Element(role, self, **attributes)
        self.kids.append(child)
        return child

    def adopt(self, child: Element) -> None:
        child.parent = self
        self.kids.append(child)

    def last_child(self) -> Element | None:
        elements = [kid for kid in self.kids if isinstance(kid, Element)]
        return elements[-1] if elements else None

    def walk(self) -> Iterator[Element]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.walk()

    def has_content(self) -> bool:
        return any(not isinstance(kid, Element) or kid.has_content() for kid in self.kids)

    def clear_content(self) -> None:
        """Before a layout pass: what the last pass drew is forgotten."""
        self.kids = [kid for kid in self.kids if isinstance(kid, Element) and not kid.dynamic]
        for kid in self.kids:
            assert isinstance(kid, Element)
            kid.clear_content()


def heading_role(outline_level: int) -> str:
    """H1 for a title (outline level 0), H2 for what stands under it..."""
    return f"H{min(outline_level + 1, 6)}"


@record(frozen=False)
class Tag:
    """What a tagged paragraph shows its text in: ``element``, and ``label`` for the text
    object its bullet (a paragraph number, a list label) is drawn in, if it has one."""

    element: Element
    label: Element | None = None


class TaggingCanvas(Canvas):
    """A canvas that keeps page content artifact but for what a tagged paragraph draws,
    and records that content and the link annotations for the structure tree."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tagged = False  # whether to mark at all (the tests draw untagged pages to compare)
        self._tag: Tag | None = None  # the paragraph being drawn
        self._label_pending = False  # its bullet is the next text object
        self._mcid = 0  # the next MCID on this page
        self._artifact = False  # inside the page's artifact sequence
        self.annotations = 0  # link annotations on this page so far
        self.words: dict[str, Any] = {}  # the fixed wording links are described in
        self._links: list[Element] = []  # Link elements waiting for the text they sit in
        self.actual_text = ""  # what the next text object says, where its glyphs do not (rtl.py)

    def start_tagging(self) -> None:
        self.tagged = True
        self._open_artifact()

    # the page ------------------------------------------------------------------------------

    def _open_artifact(self) -> None:
        if self.tagged and not self._artifact:
            self._code.append("/Artifact BMC")  # ReportLab's code buffer
            self._artifact = True

    def _close_artifact(self) -> None:
        if self._artifact:
            self._code.append("EMC")
            self._artifact = False

    def end_page_content(self) -> None:
        """Before the page is closed: the artifact sequence ends with it."""
        self._close_artifact()

    def start_page_content(self) -> None:
        """A new page: MCIDs count from 0, and its content is artifact until tagged."""
        self._mcid = 0
        self.annotations = 0
        self._open_artifact()

    def page_is_only_artifact_opening(self) -> bool:
        return self._code == ["/Artifact BMC"]

    def forget_artifact_opening(self) -> None:
        """At the end: the opening of a page that never came is taken back."""
        if self.page_is_only_artifact_opening():
            self._code: list[str] = []
            self._artifact = False

    # tagged paragraphs -------------------------------------------------------------------------

    def begin_tag(self, tag: Tag | None, has_label: bool) -> tuple[Tag | None, list[Element]]:
        """A tagged paragraph starts drawing (inside a table cell, say); returns what it
        interrupts (the tag, its links still waiting), for ``end_tag`` to put back."""
        outer = (self._tag, self._links)
        self._tag, self._links = tag, []
        self._label_pending = has_label and tag is not None and tag.label is not None
        return outer

    def end_tag(self, outer: tuple[Tag | None, list[Element]]) -> None:
        if self._links and self._tag is not None:  # links drawn by no text object of their own
            self._tag.element.kids.extend(self._links)
        (self._tag, self._links), self._label_pending = outer, False

    def drawText(self, aTextObject: Any) -> None:
        tag = self._tag
        actual, self.actual_text = self.actual_text, ""
        if not self.tagged or tag is None:
            if actual:  # furniture in Arabic (a running head): a Span says what it reads as
                self._code.append(f"/Span <</ActualText {pdf_text_string(actual)}>> BDC")
            super().drawText(aTextObject)
            if actual:
                self._code.append("EMC")
            return
        element = tag.element
        if self._label_pending and tag.label is not None:  # ReportLab draws a bullet first
            element, self._label_pending = tag.label, False
        self._close_artifact()
        mcid = self._mcid
        self._mcid += 1
        # /ActualText on the sequence itself: poppler ignores it there and orders the
        # glyphs itself (a Span's would be taken as glyphs in display order, and reversed)
        spoken = f" /ActualText {pdf_text_string(actual)}" if actual else ""
        self._code.append(f"/{element.role} <</MCID {mcid}{spoken}>> BDC")
        super().drawText(aTextObject)
        self._code.append("EMC")
        element.kids.append(Marked(self.getPageNumber() - 1, mcid))
        element.kids.extend(self._links)  # the links made while this text was set, after it
        self._links = []
        self._open_artifact()

    # links ------------------------------------------------------------------------------------

    def linkRect(self, contents: str, destinationname: str, *args: Any, **kwargs: Any) -> Any:
        self._link(describe_destination(destinationname, self.words))
        return super().linkRect(contents, destinationname, *args, **kwargs)

    def linkURL(self, url: str, *args: Any, **kwargs: Any) -> Any:
        self._link(url)
        return super().linkURL(url, *args, **kwargs)

    def _link(self, description: str) -> None:
        """A link annotation is made: a Link element where the paragraph drawing it stands."""
        index = self.annotations
        self.annotations += 1
        if not self.tagged or self._tag is None:
            return
        link = Element("Link", self._tag.element, dynamic=True)
        link.kids.append(Annotation(self.getPageNumber() - 1, index, description))
        self._links.append(link)


def pdf_text_string(text: str) -> str:
    """A PDF text string in UTF-16 with its byte order mark, in hex: safe for any text."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


@contextlib.contextmanager
def untagged(canvas: Canvas) -> Iterator[None]:
    """What is drawn inside is the page's furniture, even within a tagged paragraph."""
    if not isinstance(canvas, TaggingCanvas):
        yield
        return
    outer = canvas.begin_tag(None, has_label=False)
    try:
        yield
    finally:
        canvas.end_tag(outer)


def describe_destination(name: str, words: dict[str, Any] | None = None) -> str:
    """What an internal link leads to, from the plan's anchor names (``doc-2-note-3``),
    in the document's wording."""
    words = words or {}
    if "ref-" in name:
        return str(words.get("note_back", "Back to the text"))
    for kind, key, fallback in (("note-", "notes", "Notes"), ("para-", "para_link", "Paragraph {n}")):
        if kind in name:
            number = name.split(kind, 1)[1].split("-")[0]
            text = str(words.get(key, fallback))
            return text.format(n=number) if "{n}" in text else f"{text} {number}"
    return name
