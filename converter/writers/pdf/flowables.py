"""Our platypus flowables: paragraphs that carry their footnotes and outline entry,
and the marker that starts a pack's next document."""

from __future__ import annotations

import copy
import html
import re
from dataclasses import field
from typing import Any, cast

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser
from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers

from ...model import Pos
from ...records import record
from .rtl import draw_bidi, needs_bidi
from .tagging import Element, Tag, TaggingCanvas, untagged

_MARKUP_TAG = re.compile(r"<[^>]*>")  # a tag of ReportLab's paragraph markup
# The anchor at a footnote call: ref-N, or ref-N-K for a later call (after any doc-K- prefix).
CALL_ANCHOR = re.compile(r"(?:^|-)ref-(\d+)(?:-\d+)?$")


@record
class OutlineEntry:
    """What a flowable adds to the outline, and at which level of a pack's contents, if any."""

    text: str
    level: int
    key: str  # its destination: an anchor of the plan
    contents_level: int | None = None


class Tagged(Paragraph):
    """A paragraph that draws its text in its structure element (``tag``), its bullet in
    the tag's label element, on a canvas that tags."""

    tag: Tag | None = None
    # Destinations at its first line, set by the canvas as ReportLab's <a name="..."/>
    # would: in the markup, that tag made every paragraph a run of two fragments, which
    # ReportLab breaks into lines four times slower than a single one.
    anchors: tuple[str, ...] = ()
    continues = False  # the first part of a paragraph split over pages
    visual = False  # its text is in display order already: drawn as it stands (rtl.needs_bidi)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) == 2 and "frags" not in kwargs and _is_plain(args[0]):
            text, style = cleanBlockQuotedText(args[0]), args[1]
            kwargs["frags"] = plain_frags(text, style)  # (what ReportLab's parser would make)
            args = (text, style)  # (as ReportLab keeps a parsed paragraph's text: cleaned)
        super().__init__(*args, **kwargs)
        _script_faces_follow_style(self)
        if args and args[0] is not None:  # parsed from markup (not a split part's words)
            self.frags = _joined_frags(self.frags)

    source_words: frozenset[str] = frozenset()  # the words of its text, as written

    def remember_words(self, markup: str | None) -> None:
        if markup:
            self.source_words = frozenset(html.unescape(_MARKUP_TAG.sub(" ", markup)).split())

    def draw(self) -> None:
        right_to_left = needs_bidi(self)
        self._set_anchors(right_to_left)
        if right_to_left:
            draw_bidi(self)  # ReportLab does not order or shape right-to-left text in lines
            return
        _space_line_ends(self)
        super().draw()

    def _set_anchors(self, right_to_left: bool) -> None:
        """Each anchor where ReportLab puts an ``<a name>`` that starts the text: the first
        line's top (one leading above its baseline; the canvas is at the paragraph's
        origin), and where that line starts (its right end in right-to-left text)."""
        if not self.anchors:
            return
        para: Any = getattr(self, "blPara", None)  # (set by wrap)
        style = self.style
        first = para if para.kind == 0 or not para.lines else para.lines[0]
        size = getattr(first, "fontSize", style.fontSize)
        ascent = size if rl_config.paraFontSizeHeightOffset else getattr(first, "ascent", size)
        top = self.height - ascent + style.leading
        left = self._first_line_start(para, right_to_left)
        for name in self.anchors:
            self.canv.bookmarkHorizontal(name, left, top)

    def _first_line_start(self, para: Any, right_to_left: bool) -> float:
        style = self.style
        if right_to_left:
            return float(self.width - style.rightIndent)
        free = 0.0
        if para.lines:
            free = para.lines[0][0] if para.kind == 0 else getattr(para.lines[0], "extraSpace", 0.0)
        shift = free / 2 if style.alignment == TA_CENTER else free if style.alignment == TA_RIGHT else 0.0
        indent = style.firstLineIndent
        if self.bulletText:  # the text starts after the bullet, as ReportLab's _drawBullet has it
            indent = max(indent, _bullet_end(self.bulletText, style) - style.leftIndent)
        return float(style.leftIndent + indent + shift)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        if self.tag is None or not isinstance(canvas, TaggingCanvas):
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # platypus passes _sW
            return
        outer = canvas.begin_tag(self.tag, has_label=bool(self.bulletText))
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]
        finally:
            canvas.end_tag(outer)


class Note(Tagged):
    """A footnote's text, laid out at the foot of the page that first calls it; ``mark``
    stands instead of the number for the masthead's agenda notes ("*")."""

    def __init__(
        self,
        text: str,
        style: Any,
        number: int,
        mark: str | None = None,
        tag: Tag | None = None,
        anchor: str = "",
    ) -> None:
        self.remember_words(text)
        super().__init__(text, style, bulletText=mark or str(number))
        self.note_number = number
        self.tag = tag
        self.anchors = (anchor,) if anchor else ()


@record(frozen=False)
class PageNotes:
    """Footnotes placed on the page being laid out, drawn at its foot when it ends."""

    notes: list[Note] = field(default_factory=list)
    gap: float = 12.0  # the space and rule between the text and the notes

    def height(self, notes: list[Note], width: float) -> float:
        extra = sum(note.wrap(width, 10_000)[1] + note.getSpaceAfter() for note in notes)
        return extra + (self.gap if notes and not self.notes else 0)


# A paragraph of more characters than this is laid out a page at a time (see Block.split):
# ReportLab breaks the whole of a paragraph into lines each time it is asked to fit one
# page of it, which makes a very long paragraph quadratic in its length.
LONG_CHARS = 12_000
CHUNK_CHARS = 2_000  # the pieces a long paragraph's text is held in, so no page copies it all


class Block(Tagged):
    """A paragraph that remembers where it came from, what it adds to the outline, the
    footnotes it calls (laid out at the foot of its page) and its structure element."""

    def __init__(self, text: str | None, style: Any, *args: Any, **kwargs: Any) -> None:
        self.tag = kwargs.pop("tag", None)
        self.pos: Pos | None = kwargs.pop("pos", None)
        self.outline: OutlineEntry | None = kwargs.pop("outline", None)
        self.notes: list[Note] = kwargs.pop("notes", [])
        self.page_notes: PageNotes | None = kwargs.pop("page_notes", None)
        chars: int | None = kwargs.pop("chars", None)  # known for the rest of a long paragraph
        anchor: str = kwargs.pop("anchor", "")  # a destination at its first line
        self.notes_height = 0.0
        # the outline entry's destination, then its own
        self.anchors = tuple(name for name in (self.outline.key if self.outline else "", anchor) if name)
        self.remember_words(text)
        super().__init__(text, style, *args, **kwargs)  # None with frags=: Tagged takes Any
        if chars is None:
            chars = sum(len(getattr(frag, "text", "")) for frag in self.frags)
            if chars > LONG_CHARS:
                self.frags = _chunked(self.frags)
        self.chars = chars

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.chars > LONG_CHARS:  # surely taller than the frame: split it without breaking it all
            return available_width, available_height + 1 + self.notes_height
        width, height = super().wrap(available_width, available_height)
        if self.notes and self.page_notes is not None:
            self.notes_height = self.page_notes.height(self.notes, available_width)
        return width, height + self.notes_height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        super().drawOn(canvas, x, y + self.notes_height, _sW)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        reserve = self.page_notes.height(self.notes, available_width) if self.notes and self.page_notes else 0
        if self.chars > LONG_CHARS:
            parts = self._split_long(available_width, available_height - reserve)
        else:
            # Paragraph.split makes its parts with self.__class__, so they are Blocks.
            parts = cast(list[Block], super().split(available_width, available_height - reserve))
        if parts and parts[0] is not self:  # (a part that is all of it is a copy too)
            parts[0].anchors, parts[0].outline = self.anchors, self.outline
        if len(parts) != 2:
            return list(parts)
        first_calls = _calls_in(parts[0])  # the first part is laid out: its lines say what it calls
        for part, notes in zip(parts, _partition(self.notes, first_calls), strict=True):
            part.pos, part.page_notes, part.outline, part.tag = self.pos, self.page_notes, None, self.tag
            part.source_words = self.source_words
            part.notes, part.notes_height = notes, 0.0
        parts[1].anchors = ()
        parts[0].outline, parts[0].anchors, parts[0].continues = self.outline, self.anchors, True
        return list(parts)

    def _split_long(self, width: float, height: float) -> list[Block]:
        """Split off what fits on this page from a head of the text a few lines longer than
        the page, then join the head's rest to the tail.  Lines are broken greedily, each
        depending only on the text before it, so the page's lines are those a break of
        the whole paragraph would give."""
        style = self.style
        lines_per_page = max(1, int(height / style.leading))
        chars_per_line = width / (style.fontSize * 0.25)  # more than any text face fits
        wanted = int((lines_per_page + 4) * chars_per_line)
        while True:
            head_frags, tail = _take(self.frags, wanted)
            if not tail:  # what is left is short enough to lay out whole
                head = Block(None, style, bulletText=self.bulletText, frags=self.frags, chars=0)
                return cast(list[Block], Paragraph.split(head, width, height))
            head = Block(None, style, bulletText=self.bulletText, frags=head_frags, chars=0)
            parts = cast(list[Block], Paragraph.split(head, width, height))
            if len(parts) < 2:
                return parts
            if len(head.blPara.lines) >= lines_per_page + 3:  # type: ignore[attr-defined]  # set by split
                # The rest starts after the text the page's lines hold (counted without
                # spaces, which line breaking drops), in the original fragments.
                placed = _visible_chars(parts[0].blPara.lines)  # type: ignore[attr-defined]
                rest, consumed = _after(self.frags, placed)
                remainder = Block(None, parts[1].style, frags=rest, chars=self.chars - consumed)
                return [parts[0], remainder]
            wanted *= 2  # narrower characters than guessed: take a longer head


def _script_faces_follow_style(paragraph: Paragraph) -> None:
    """A script's face in a bold or italic style (an Arabic heading) takes the style's
    bold or italic: the markup names the script's faces, which ReportLab takes as they are."""
    bold, italic = ps2tt(paragraph.style.fontName)[1:]
    if not (bold or italic):
        return
    for frag in paragraph.frags:
        name = getattr(frag, "fontName", "")
        if name.endswith("-regular") or name.endswith("-bold") or name.endswith("-italic"):
            family, own_bold, own_italic = ps2tt(name)
            if family != ps2tt(paragraph.style.fontName)[0]:
                frag.fontName = tt2ps(family, 1 if own_bold or bold else 0, 1 if own_italic or italic else 0)


def _bullet_end(bullet: Any, style: Any) -> float:
    """Where ReportLab's bullet ends: its text from the bullet indent (our styles anchor it
    at its start), and a little space."""
    if isinstance(bullet, str):
        width = stringWidth(bullet, style.bulletFontName, style.bulletFontSize)
    else:  # fragments
        width = sum(stringWidth(frag.text, frag.fontName, frag.fontSize) for frag in bullet)
    return float(style.bulletIndent + width + style.bulletFontSize * 0.6)


def _is_plain(markup: Any) -> bool:
    """Paragraph markup that is only text: no tag, no escaped character."""
    return isinstance(markup, str) and "<" not in markup and "&" not in markup


_TEXT_TRANSFORM: Any = rl_paragraph.textTransformFrags  # type: ignore[attr-defined]  # (not in the stubs)
_PLAIN_FRAGS: dict[int, tuple[Any, Any]] = {}  # by the style's id: the style and its fragment


def plain_frags(text: str, style: Any) -> list[Any]:
    """The fragments ReportLab's parser makes of ``text`` (cleaned, only text) in
    ``style``: a copy of the one it makes of any text in that style, with this text.  The
    parser (Python's html.parser under it) cost 90 µs a paragraph, and most paragraphs are
    only text.  The style's fragment is made by the parser, once per style."""
    if not text:
        return []  # (the parser makes none of no text)
    kept = _PLAIN_FRAGS.get(id(style))
    if kept is None or kept[0] is not style:
        if len(_PLAIN_FRAGS) >= 256:
            _PLAIN_FRAGS.clear()
        parser: Any = ParaParser()  # (untyped in the stubs)
        _style, (made,), _bullets = parser.parse("x", style)  # (as Paragraph parses)
        kept = _PLAIN_FRAGS[id(style)] = (style, made)
    frags = [copy.copy(kept[1])]
    frags[0].text = text
    _TEXT_TRANSFORM(frags, style)
    return frags


# What makes two fragments map out the same (ReportLab's rl_accel.sameFrag, in its
# order); a fragment with either of _SEPARATE is never the same as another.
_SAME_IN = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")
_SEPARATE = ("cbDefn", "lineBreak")


def same_frag(first: Any, second: Any) -> bool:
    """ReportLab's ``sameFrag``, asked of each word's fragments as lines are broken, read
    from the fragments' dictionaries as ReportLab's own Python version reads them.  Its C
    version takes 9 µs a call: it looks up attributes the fragments lack (raising inside
    each time) and compares colours through Color's Python ``__ne__`` even when they are
    the same object; this takes 1.7 µs."""
    ours, theirs = first.__dict__, second.__dict__
    if any(name in ours or name in theirs for name in _SEPARATE):
        return False
    return [ours.get(name) for name in _SAME_IN] == [theirs.get(name) for name in _SAME_IN]


if rl_paragraph.sameFrag is not same_frag:  # type: ignore[attr-defined]  # (not in the stubs)
    rl_paragraph.sameFrag = same_frag  # type: ignore[attr-defined]


def _joined_frags(frags: list[Any]) -> list[Any]:
    """Neighbouring fragments that differ only in their text, as one: ReportLab's parser
    makes a fragment of each escaped character ("PRESIDENT&#x27;S" is three), and a
    paragraph of one fragment is broken into lines four times faster than one of several.
    Words are measured as before (the face has no kerning), so the lines are the same."""
    joined: list[Any] = []
    for frag in frags:
        last = joined[-1] if joined else None
        if last is not None and _only_text_differs(last, frag):
            joined[-1] = last.clone(text=last.text + frag.text)
        else:
            joined.append(frag)
    return joined


def _only_text_differs(one: Any, other: Any) -> bool:
    """(A split paragraph's parts are made of its lines' words, which are lists.)"""
    mine, theirs = getattr(one, "__dict__", {}), getattr(other, "__dict__", {})
    if "text" not in mine or "text" not in theirs or mine.keys() != theirs.keys():
        return False
    if "cbDefn" in mine or "lineBreak" in mine:
        return False
    return all(mine[key] == theirs[key] for key in mine if key != "text")


def _space_line_ends(paragraph: Paragraph) -> None:
    """Each line that ends at a space between words is drawn with that space (invisible
    at a line's end): text taken from the page, by a screen reader or a copy, then
    keeps "the" and "General" apart where the layout broke the line between them; so
    does the last line of a part of a paragraph that goes on on the next page.  A long
    word the layout broke (no space in the text there) stays joined."""
    para = getattr(paragraph, "blPara", None)
    if para is None or not para.lines:
        return
    last = len(para.lines) - (0 if getattr(paragraph, "continues", False) else 1)
    whole_words: frozenset[str] = getattr(paragraph, "source_words", frozenset())
    for line in para.lines[:last]:
        if para.kind == 0:
            words = line[1]
            ending_word = words[-1] if words else ""
            if (
                ending_word
                and not ending_word.endswith(" ")
                and ending_word in whole_words
                and not _ideographic(ending_word[-1])
            ):
                words[-1] += " "
            continue
        frags = [frag for frag in line.words if getattr(frag, "text", "")]
        ending = "".join(frag.text for frag in frags).split()[-1:]  # a word may span fragments
        ends_a_word = (
            bool(frags) and not frags[-1].text.endswith(" ") and not _ideographic(frags[-1].text[-1])
        )
        if ends_a_word and ending and ending[0] in whole_words:
            frags[-1].text += " "


def _ideographic(char: str) -> bool:
    """Chinese (and Japanese, Korean) and its full-width punctuation: a line may end after
    any of them, with no space between it and the next line's first character."""
    return ord(char) >= 0x2E80


def _chunked(frags: list[Any]) -> list[Any]:
    """The same fragments, long texts cut into pieces of about CHUNK_CHARS characters.
    A cut never follows a space, so the pieces join back into the same words."""
    out = []
    for frag in frags:
        text = getattr(frag, "text", "")
        if len(text) <= CHUNK_CHARS:
            out.append(frag)
            continue
        start = 0
        while len(text) - start > CHUNK_CHARS:
            cut = start + CHUNK_CHARS
            while cut < len(text) and text[cut - 1].isspace():
                cut += 1
            out.append(frag.clone(text=text[start:cut]))
            start = cut
        out.append(frag.clone(text=text[start:]))
    return out


def _visible_chars(lines: list[Any]) -> int:
    """The characters other than spaces in laid-out lines (simple lines are (space, words)
    pairs; mixed-style lines hold fragments)."""
    count = 0
    for line in lines:
        words = line.words if hasattr(line, "words") else line[1]
        for word in words:
            text = word if isinstance(word, str) else getattr(word, "text", "")
            count += sum(1 for char in text if not char.isspace())
    return count


def _after(frags: list[Any], visible: int) -> tuple[list[Any], int]:
    """The fragments after the ``visible``-th character other than a space (spaces and
    anchors that follow it start the rest, as they stood before the next word), and how
    many characters came before them."""
    if visible == 0:
        return list(frags), 0
    seen = consumed = 0
    for index, frag in enumerate(frags):
        text = getattr(frag, "text", "")
        for offset, char in enumerate(text):
            if not char.isspace():
                seen += 1
                if seen == visible:
                    rest = text[offset + 1 :]
                    later = list(frags[index + 1 :])
                    return ([frag.clone(text=rest)] if rest else []) + later, consumed + offset + 1
        consumed += len(text)
    return [], consumed


def _take(frags: list[Any], chars: int) -> tuple[list[Any], list[Any]]:
    """The first fragments holding at least ``chars`` characters, and the rest."""
    count = 0
    for index, frag in enumerate(frags):
        count += len(getattr(frag, "text", ""))
        if count >= chars:
            return frags[: index + 1], frags[index + 1 :]
    return frags, []


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
    """A table of furniture (the masthead, the summary box) that remembers its source
    position for layout errors and carries notes to the foot of its page, as a Block
    does: the masthead's agenda notes, the summary's footnotes."""

    def __init__(self, *args: Any, pos: Pos | None = None, notes: list[Note] | None = None,
                 page_notes: PageNotes | None = None, **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.pos = pos
        self.notes: list[Note] = notes or []
        self.page_notes = page_notes
        self.notes_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = super().wrap(available_width, available_height)
        if self.notes and self.page_notes is not None:
            self.notes_height = self.page_notes.height(self.notes, available_width)
        return width, height + self.notes_height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        super().drawOn(canvas, x, y + self.notes_height, _sW)  # type: ignore[call-arg]  # platypus passes _sW


class Marker(Flowable):
    """Zero-size: tells the document template that a new document of a pack begins."""

    _ZEROSIZE = True

    def __init__(self, running_head: str, job: str = "") -> None:
        super().__init__()
        self.running_head, self.job = running_head, job

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class Contents(TableOfContents):
    """A pack's contents: ReportLab's, each entry a paragraph tagged as a ``TOCI`` of the
    ``TOC`` element (its dots and page number drawn inside it)."""

    def __init__(
        self, element: Element, languages: dict[str, str], spoken: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.element = element
        self.languages = languages  # an entry's anchor -> its document's language, if not the pack's
        self.spoken = spoken  # an entry's anchor -> its text, where it is drawn in display order

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        entries = self._lastEntries or [(0, "", 0, None)]  # type: ignore[attr-defined]

        def entry_end(canvas: Canvas, kind: str | None, label: str) -> None:
            """The dots and the page number: drawn as the page's furniture (the entry itself
            links to its section), and not linked again."""
            page, level, _key = label.split(",", 2)
            dots = " . " if self.dotsMinLevel >= 0 and int(level) >= self.dotsMinLevel else ""
            style = self.getLevelStyle(int(level))
            with untagged(canvas):
                drawPageNumbers(canvas, style, [(int(page), None)], availWidth, availHeight, dots)

        self.canv.setNamedCB("r2p_contents_entry", entry_end)
        self.element.kids = [kid for kid in self.element.kids if not isinstance(kid, Element)]
        rows: list[list[Flowable]] = []
        languages = self.languages
        for level, text, page, key in entries:
            style = self.getLevelStyle(level)
            linked = f'<a href="#{key}">{text}</a>' if key else text
            label = f"{page},{level},{repr(key).replace(',', '')}"
            item = Block(f'{linked}<onDraw name="r2p_contents_entry" label="{label}"/>', style)
            item.visual = True  # its right-to-left titles are in display order already (visual_markup)
            entry = self.element.add(
                "TOCI", dynamic=True, lang=languages.get(key, ""), actual=self.spoken.get(key, "")
            )
            item.tag = Tag(entry)
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            rows.append([item])
        self._table = Table(rows, colWidths=(availWidth,), style=self.tableStyle)
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height
