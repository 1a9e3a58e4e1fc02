"""Our platypus flowables: paragraphs that carry their footnotes and outline entry,
and the marker that starts a pack's next document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table

from ...model import Pos

# The anchor at a footnote call: ref-N, or ref-N-K for a later call (after any doc-K- prefix).
CALL_ANCHOR = re.compile(r"(?:^|-)ref-(\d+)(?:-\d+)?$")


@dataclass(frozen=True)
class OutlineEntry:
    """What a flowable adds to the outline, and at which level of a pack's contents, if any."""

    text: str
    level: int
    key: str  # its destination: an anchor of the plan
    contents_level: int | None = None


class Note(Paragraph):
    """A footnote's text, laid out at the foot of the page that first calls it."""

    def __init__(self, text: str, style: Any, number: int) -> None:
        super().__init__(text, style, bulletText=str(number))
        self.note_number = number


@dataclass
class PageNotes:
    """Footnotes placed on the page being laid out, drawn at its foot when it ends."""

    notes: list[Note] = field(default_factory=list)
    gap: float = 12.0  # the space and rule between the text and the notes

    def height(self, notes: list[Note], width: float) -> float:
        extra = sum(note.wrap(width, 10_000)[1] + note.getSpaceAfter() for note in notes)
        return extra + (self.gap if notes and not self.notes else 0)


class Block(Paragraph):
    """A paragraph that remembers where it came from, what it adds to the outline, and the
    footnotes it calls (laid out at the foot of its page)."""

    def __init__(self, text: str, style: Any, *args: Any, **kwargs: Any) -> None:
        self.pos: Pos | None = kwargs.pop("pos", None)
        self.outline: OutlineEntry | None = kwargs.pop("outline", None)
        self.notes: list[Note] = kwargs.pop("notes", [])
        self.page_notes: PageNotes | None = kwargs.pop("page_notes", None)
        self.notes_height = 0.0
        if self.outline and text is not None:  # the outline entry's destination
            text = f'<a name="{self.outline.key}"/>' + text
        super().__init__(text, style, *args, **kwargs)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = super().wrap(available_width, available_height)
        if self.notes and self.page_notes is not None:
            self.notes_height = self.page_notes.height(self.notes, available_width)
        return width, height + self.notes_height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        super().drawOn(canvas, x, y + self.notes_height, _sW)  # type: ignore[call-arg]  # platypus passes _sW

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        reserve = self.page_notes.height(self.notes, available_width) if self.notes and self.page_notes else 0
        # Paragraph.split makes its parts with self.__class__, so they are Blocks.
        parts = cast(list[Block], super().split(available_width, available_height - reserve))
        if len(parts) != 2:
            return list(parts)
        first_calls = _calls_in(parts[0])  # the first part is laid out: its lines say what it calls
        for part, notes in zip(parts, _partition(self.notes, first_calls), strict=True):
            part.pos, part.page_notes, part.outline = self.pos, self.page_notes, None
            part.notes, part.notes_height = notes, 0.0
        parts[0].outline = self.outline
        return list(parts)


def _partition(notes: list[Note], called: set[int]) -> tuple[list[Note], list[Note]]:
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
            call = CALL_ANCHOR.search(name) if getattr(definition, "kind", "") == "anchor" else None
            if call:
                found.add(int(call.group(1)))
    return found


class Masthead(Table):
    """The masthead table, which remembers its source position for layout errors."""

    def __init__(self, *args: Any, pos: Pos | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pos = pos


class Marker(Flowable):
    """Zero-size: tells the document template that a new document of a pack begins."""

    _ZEROSIZE = True

    def __init__(self, index: int, running_head: str) -> None:
        super().__init__()
        self.index, self.running_head = index, running_head

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass
