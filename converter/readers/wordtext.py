"""The paragraphs of a Word document as the DOCX reader sees them: each with what its style
makes it, the number Word gives it, and its text as inlines.

``Scanner`` walks the body in order (into tables, content controls and text boxes) and
yields a ``Par`` per paragraph.  Runs become inlines: italic and bold from direct
formatting or a character style (not from the paragraph's style, which makes a
heading bold but not "strong"), hyperlinks, footnote calls, line breaks.  Tracked
changes are read as accepted; fields as the text they show (a NOTEREF as a call of its
note).  What the model cannot hold is counted in ``findings`` with the paragraph it is
in, for the reader to report: nothing is left out without a warning.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import field
from typing import Any

from ..records import record
from ..wordnumbering import Numbered, Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"

# Paragraph styles by what they make a paragraph, by (lower-case) name: ours, Word's
# built-in ones and LibreOffice's.  A style is known by the first of its basedOn chain
# that is named here.
_ROLES = {
    "title": "title",
    "document kind": "kind",
    "subtitle": "kind",
    "numbered paragraph": "numbered",
    "list item": "list",
    # Word gives a paragraph this style when Numbering is clicked on it: it is what its
    # number makes it (a numbered paragraph, or a sub-paragraph), as in the Normal style.
    "list paragraph": "body",
    "list bullet": "list",
    "list number": "list",
    "list": "list",
    "list continue": "continue",
    "quote": "quote",
    "quotations": "quote",
    "block text": "quote",
    "intense quote": "quote",
    "preambular paragraph": "preamble",
    "summary text": "summary",
    "summary heading": "summary-heading",
    "annex heading": "annex",
    "annex title": "annex-title",
    "signature": "signature",
    "toc heading": "contents",
    "contents heading": "contents",
    "index heading": "contents",
    "header": "furniture",
    "footer": "furniture",
    "job number": "furniture",
    "footnote text": "note",
    "endnote text": "note",
}
_NUMBERED_STYLE_RE = re.compile(
    r"(heading|list item|list bullet|list number|list continue|list|toc|contents) (\d)"
)
# The heading styles of the UN's Word templates ("_ H _Ch_G", "_ H_1_G", "_ H_2_G"...), by
# their letters and digits: a chapter (I.), then A., then 1.
_UN_HEADINGS = {"hchg": 1, "h1g": 2, "h2g": 3, "h3g": 3, "h23g": 3, "h4g": 3, "h56g": 3}
_STRONG_STYLES = {"strong", "strong emphasis", "bold"}
_EMPH_STYLES = {"emphasis", "strong emphasis", "subtle emphasis", "intense emphasis", "italic"}
_NOTE_CALL_STYLES = {"footnote reference", "endnote reference", "footnote characters", "endnote characters"}
_OFF = {"0", "false", "off", "none"}
# Fields whose shown text is what they are (or that the model has its own place for).
_QUIET_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "NOTEREF", "HYPERLINK", "TOC", "TC", "PAGEREF"}
_COLLECTED_FIELDS = {"NOTEREF", "HYPERLINK"}
_SHOWN_KEPT = 80  # characters of a field's text kept for the warning that names it
_BOOKMARK_REACH = 4  # elements after a bookmark's start searched for the note call it marks
# Word's Symbol font draws bullets from its private-use codes.
_PRIVATE_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf076": "•", "\uf0fc": "•", "o": "◦"}


@record
class Style:
    name: str  # lower case: "heading 1", "numbered paragraph"
    based_on: str | None
    outline: int | None  # w:outlineLvl, 0 for a first-level heading
    bold: bool | None
    italic: bool | None
    hidden: bool
    indent: int | None = None  # its paragraphs' left indent, in twips


@record(frozen=False)
class Piece:
    """A stretch of text with one formatting, or a call, or a break."""

    text: str = ""
    emph: bool = False
    strong: bool = False
    url: str = ""
    note: str = ""  # a footnote call: the note's key ("f3", "e1")
    line_break: bool = False
    language: str = ""
    mark: bool = False  # in a note reference's character style (a note's own mark)


@record(frozen=False)
class Par:
    """One paragraph of the document."""

    index: int  # 1-based, counting every paragraph of the body in order
    role: str  # from the style: title, heading, numbered, list, quote, body...
    level: int  # a heading's level or a list paragraph's depth (from the style; 0: none)
    numbered: Numbered | None
    pieces: list[Piece]
    table: str = ""  # "" or the table it is in: masthead, sessions, summary, table
    cell: int = 0  # which cell of its table (masthead tables are read cell by cell)
    mark_deleted: bool = False  # its paragraph mark is a tracked deletion: it joins the next
    outline: int | None = None
    style: str = ""  # its style's name, lower case
    style_bold: bool = False  # its paragraph style sets its text in bold
    indent: int = 0  # its left indent (twips), its own or its style's: typed sub-lists nest by it

    @property
    def text(self) -> str:
        return "".join(piece.text if not piece.line_break else "\n" for piece in self.pieces)


@record(frozen=False)
class Finding:
    """Something the model cannot hold, at a paragraph."""

    what: str  # "a table", "an image", "a comment"...
    index: int  # the paragraph it is in or before
    detail: str = ""


@record(frozen=False)
class _Field:
    """A field being read: its instruction, then (past its separator) the text it shows."""

    begun: int  # the paragraph it begins in
    instruction: str = ""
    shown: bool = False  # past its separator: its result is being read
    pieces: list[Piece] = field(default_factory=list)  # the result, for a field that is its result
    text: str = ""  # what it showed (for the warning that names it)

    @property
    def kind(self) -> str:
        return self.instruction.split()[0].upper() if self.instruction.split() else ""

    @property
    def collects(self) -> bool:
        """A cross-reference or a link: what it shows is taken whole at its end (a NOTEREF
        becomes its note's call; a HYPERLINK's text gets the address)."""
        return self.shown and self.kind in _COLLECTED_FIELDS


@record(frozen=False)
class _Fields:
    """The fields open at a point of a story, innermost last, with what is asked of them
    kept counted (a document may hold thousands of nested fields)."""

    open: list[_Field] = field(default_factory=list)
    hidden: int = 0  # open fields still in their instruction (their contents are not shown)
    collecting: list[_Field] = field(default_factory=list)  # open fields taken whole at their end
    tables_of_contents: int = 0

    def push(self, opened: _Field) -> None:
        self.open.append(opened)
        self.hidden += 1

    def instruct(self, text: str) -> None:
        if self.open and not self.open[-1].shown:
            self.open[-1].instruction += text

    def separate(self) -> None:
        """The innermost field's instruction is complete: what follows is what it shows."""
        if not self.open or self.open[-1].shown:
            return
        current = self.open[-1]
        current.shown = True
        self.hidden -= 1
        if current.collects:
            self.collecting.append(current)
        if current.kind == "TOC":
            self.tables_of_contents += 1

    def pop(self) -> _Field:
        ended = self.open.pop()
        if not ended.shown:
            self.hidden -= 1
        if self.collecting and self.collecting[-1] is ended:
            self.collecting.pop()
        if ended.shown and ended.kind == "TOC":
            self.tables_of_contents -= 1
        if self.open and self.open[-1].shown:
            self.open[-1].text = (self.open[-1].text + ended.text)[:_SHOWN_KEPT]
        return ended

    def shows(self, text: str) -> None:
        """Text shown by the innermost field (kept for its warning, the first characters)."""
        if self.open and self.open[-1].shown and len(self.open[-1].text) < _SHOWN_KEPT:
            self.open[-1].text = (self.open[-1].text + text)[:_SHOWN_KEPT]


@record(frozen=False)
class Scanner:
    """Reads paragraphs from one story (the body, or the footnotes) of a package."""

    styles: dict[str, Style]
    numbering: Numbering
    links: dict[str, str]  # relationship id -> external address, for this story's part
    notes: dict[str, str] = field(default_factory=dict)  # bookmark -> note key it marks
    findings: list[Finding] = field(default_factory=list)
    count: int = 0
    default_role: str = "body"
    _fields: _Fields = field(default_factory=lambda: _Fields())
    _roles: dict[str | None, tuple[str, int]] = field(default_factory=dict)  # paragraph style -> role
    _characters: dict[str | None, tuple[bool, bool, bool]] = field(default_factory=dict)  # run style -> flags

    # the story --------------------------------------------------------------------------

    def story(self, container: Any) -> Iterator[Par]:
        """Every paragraph of a container (the body, a cell, a note), in reading order."""
        for element in container:
            tag = element.tag
            if tag == f"{W}p":
                yield from self.paragraph(element)
            elif tag == f"{W}tbl":
                yield from self._table(element)
            elif tag in (f"{W}sdt", f"{W}customXml"):
                content = element.find(f"{W}sdtContent")
                yield from self.story(content if content is not None else element)
            elif tag in (f"{W}ins", f"{W}moveTo"):
                self._note("tracked changes", self.count + 1)
                yield from self.story(element)
            elif tag in (f"{W}del", f"{W}moveFrom"):
                self._note("tracked changes", self.count + 1)
            elif tag == f"{W}altChunk":
                self._note("an imported part (altChunk)", self.count + 1)

    def _table(self, table: Any) -> Iterator[Par]:
        style = table.find(f"{W}tblPr/{W}tblStyle")
        name = self._style_name(style.get(f"{W}val") if style is not None else None)
        kind = {"masthead table": "masthead", "masthead sessions": "sessions", "summary box": "summary"}.get(
            name, "table"
        )
        rows = list(_wrapped(table, "tr"))
        if kind == "table":
            columns = max((len(list(_wrapped(row, "tc"))) for row in rows), default=0)
            self._note("a table", self.count + 1, f"({len(rows)} × {columns}) read as its cells' paragraphs")
        cell_number = 0
        for row in rows:
            for cell in _wrapped(row, "tc"):
                cell_number += 1
                for par in self.story(cell):
                    if not par.table:
                        par.table, par.cell = kind, cell_number
                    yield par

    def paragraph(self, element: Any) -> Iterator[Par]:
        self.count += 1
        index = self.count
        properties = element.find(f"{W}pPr")
        style_id = _value(properties, "pStyle") if properties is not None else None
        role, level = self.role_of(style_id)
        if self._fields.tables_of_contents:  # the entries of a table of contents, whatever their style
            role = "contents"
        outline = _outline(properties)
        if outline is None:
            outline = self._style_outline(style_id)
        mark = properties.find(f"{W}rPr") if properties is not None else None
        deleted = mark is not None and (
            mark.find(f"{W}del") is not None or mark.find(f"{W}moveFrom") is not None
        )
        # A paragraph whose mark is deleted joins the next when the change is accepted: Word
        # then numbers the joined paragraph once, by the next one's numbering.
        numbered = None if deleted else self.numbering.number(element)
        boxes: list[Any] = []
        pieces = list(self._inlines(element, index, boxes))
        style = self._style_name(style_id)
        bold = next((s.bold for s in self._chain(style_id) if s.bold is not None), False)
        indent = _indent(properties)
        if indent is None:
            indent = next((s.indent for s in self._chain(style_id) if s.indent is not None), 0)
        yield Par(
            index, role, level, numbered, pieces,
            mark_deleted=deleted, outline=outline, style=style, style_bold=bold, indent=indent,
        )  # fmt: skip
        for box in boxes:  # a text box's paragraphs follow the one it is anchored in
            self._note("a text box", index, "read as paragraphs after the one it is anchored in")
            yield from self.story(box)

    # styles -------------------------------------------------------------------------------

    def _chain(self, style_id: str | None) -> Iterator[Style]:
        seen = 0
        while style_id is not None and style_id in self.styles and seen < 12:
            style = self.styles[style_id]
            yield style
            style_id, seen = style.based_on, seen + 1

    def _style_name(self, style_id: str | None) -> str:
        return next((style.name for style in self._chain(style_id)), "")

    def role_of(self, style_id: str | None) -> tuple[str, int]:
        """What a paragraph style makes its paragraphs, and its level or depth."""
        if style_id not in self._roles:
            self._roles[style_id] = self._role(style_id)
        return self._roles[style_id]

    def _role(self, style_id: str | None) -> tuple[str, int]:
        for style in self._chain(style_id):
            name = style.name
            if name.startswith("masthead") or name in ("session organ", "agenda title"):
                return "masthead", 0
            if name in _ROLES:
                return _ROLES[name], 1
            un_heading = _UN_HEADINGS.get(re.sub(r"[^a-z0-9]", "", name))
            if un_heading:
                return "heading", un_heading
            numbered = _NUMBERED_STYLE_RE.fullmatch(name)
            if numbered:
                kind, level = numbered.groups()
                role = {"heading": "heading", "list continue": "continue", "toc": "contents"}.get(
                    kind, "list"
                )
                return ("contents" if kind == "contents" else role), int(level)
        return self.default_role, 0

    def _character_style(self, style_id: str | None) -> tuple[bool, bool, bool]:
        """Italic, bold and hidden as a character style (through its basedOn chain) gives them."""
        if style_id not in self._characters:
            italic = bold = hidden = False
            for style in reversed(list(self._chain(style_id))):
                italic = style.italic if style.italic is not None else italic or style.name in _EMPH_STYLES
                bold = style.bold if style.bold is not None else bold or style.name in _STRONG_STYLES
                hidden = hidden or style.hidden
            self._characters[style_id] = (italic, bold, hidden)
        return self._characters[style_id]

    def _style_outline(self, style_id: str | None) -> int | None:
        return next((style.outline for style in self._chain(style_id) if style.outline is not None), None)

    def _run_flags(self, properties: Any) -> tuple[bool, bool, bool]:
        """Italic, bold and hidden, from a run's own properties and its character style."""
        if properties is None:
            return False, False, False
        italic, bold, hidden = self._character_style(_value(properties, "rStyle"))
        italic = _flag(properties, "i", italic)
        bold = _flag(properties, "b", bold)
        if properties.find(f"{W}rtl") is not None or properties.find(f"{W}cs") is not None:
            italic = _flag(properties, "iCs", italic)  # right-to-left text's own italic and bold
            bold = _flag(properties, "bCs", bold)
        hidden = _flag(properties, "vanish", hidden)
        return italic, bold, hidden

    # runs ---------------------------------------------------------------------------------

    def _inlines(self, container: Any, index: int, boxes: list[Any], url: str = "") -> Iterator[Piece]:
        for element in container:
            tag = element.tag
            if tag == f"{W}r":
                yield from self._run(element, index, boxes, url)
            elif tag == f"{W}hyperlink":
                target = self.links.get(element.get(f"{R}id", ""), "")
                yield from self._inlines(element, index, boxes, target or url)
            elif tag in (f"{W}ins", f"{W}moveTo"):
                self._note("tracked changes", index)
                yield from self._inlines(element, index, boxes, url)
            elif tag in (f"{W}del", f"{W}moveFrom"):
                self._note("tracked changes", index)
            elif tag == f"{W}fldSimple":
                yield from self._simple_field(element, index, boxes, url)
            elif tag in (f"{W}smartTag", f"{W}customXml", f"{W}sdt", f"{W}sdtContent", f"{W}dir", f"{W}bdo"):
                yield from self._inlines(element, index, boxes, url)
            elif tag == f"{MC}AlternateContent":
                yield from self._inlines(_alternative(element), index, boxes, url)
            elif tag.startswith("{http://schemas.openxmlformats.org/officeDocument/2006/math}"):
                self._note("an equation", index, "left out")

    def _simple_field(self, element: Any, index: int, boxes: list[Any], url: str) -> Iterator[Piece]:
        self._fields.push(_Field(index, element.get(f"{W}instr", "")))
        self._fields.separate()
        shown = list(self._inlines(element, index, boxes, url))
        ended = self._fields.pop()
        yield from self._route([*ended.pieces, *shown], ended, index)

    def _route(self, pieces: list[Piece], ended: _Field | None = None, index: int = 0) -> Iterator[Piece]:
        """Where pieces go: nowhere inside a field's instruction; into a field that is taken
        whole at its end; else out.  With ``ended``, ``pieces`` is what that field showed."""
        if ended is not None:
            pieces = list(self._field_result(ended, pieces, index))
        if self._fields.hidden:
            return  # a field nested in another's instruction: part of the instruction
        if self._fields.collecting:
            self._fields.collecting[-1].pieces.extend(pieces)
            return
        self._fields.shows("".join(piece.text for piece in pieces))
        yield from pieces

    def _field_result(self, ended: _Field, shown: list[Piece], index: int) -> Iterator[Piece]:
        kind = ended.kind
        words = ended.instruction.split()
        if kind == "NOTEREF" and len(words) > 1 and words[1] in self.notes:
            yield Piece(note=self.notes[words[1]])  # a further call of the note it names
            return
        if kind == "HYPERLINK":
            target = _hyperlink_target(ended.instruction)
            shown = [dataclasses.replace(piece, url=piece.url or target) for piece in shown]
        text = ended.text or "".join(piece.text for piece in shown)
        if kind not in _QUIET_FIELDS and kind and text.strip():
            self._note("a field", index, f"({kind}) read as the text it shows, {text[:40]!r}")
        yield from shown

    def _run(self, run: Any, index: int, boxes: list[Any], url: str) -> Iterator[Piece]:
        for piece in self._run_pieces(run, index, boxes, url):
            yield from self._route([piece])

    def _run_pieces(self, run: Any, index: int, boxes: list[Any], url: str) -> Iterator[Piece]:
        properties = run.find(f"{W}rPr")
        italic, bold, hidden = self._run_flags(properties)
        call_style = self._style_name(_value(properties, "rStyle")) in _NOTE_CALL_STYLES
        lang = properties.find(f"{W}lang") if properties is not None else None
        font = _symbol_font(properties)
        raised = _value(properties, "vertAlign") in ("superscript", "subscript")
        call: Piece | None = None  # the note call of this run, whose custom mark may follow
        for element in run:
            tag = element.tag
            if tag == f"{W}fldChar":
                yield from self._field_char(element, index)
                continue
            if tag == f"{W}instrText":
                self._fields.instruct(element.text or "")
                continue
            if tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                prefix = "f" if tag == f"{W}footnoteReference" else "e"
                custom = element.get(f"{W}customMarkFollows") in ("1", "true", "on")
                call = Piece(note=f"{prefix}{element.get(f'{W}id')}", mark=custom)
                yield call
                continue
            text = self._run_text(element, index, boxes)
            if text is None:
                continue
            if font and isinstance(text, str):
                text = self._font_characters(text, font, index)
            if isinstance(text, Piece):
                yield text
            elif call is not None and call.mark:
                call.text += text  # a custom mark ("*"), shown for the call just read
            elif hidden:
                if text.strip():
                    self._note("hidden text", index, f"left out ({text[:40]!r})")
            elif call_style and text.strip().isdigit() and not url:
                yield Piece(note=f"n{text.strip()}")  # a later call of a note, by its number
            else:
                if raised and not call_style and text.strip():
                    self._note("raised text", index, f"({text[:20]!r})")
                yield Piece(text, italic, bold, url, language=run_language(lang, text), mark=call_style)

    def _run_text(self, element: Any, index: int, boxes: list[Any]) -> str | Piece | None:
        tag = element.tag
        if tag == f"{W}t":
            return element.text or ""
        if tag in (f"{W}tab", f"{W}ptab"):
            return "\t"
        if tag in (f"{W}br", f"{W}cr"):
            if element.get(f"{W}type") in ("page", "column"):
                return None
            return Piece(line_break=True)
        if tag == f"{W}noBreakHyphen":
            return "\u2011"
        if tag == f"{W}softHyphen":
            return "\u00ad"
        if tag == f"{W}sym":
            font = (element.get(f"{W}font") or "symbol").lower()
            return self._font_characters(_symbol_code(element.get(f"{W}char", "")), font, index)
        if tag == f"{MC}AlternateContent" and not _graphical(_alternative(element)):
            chosen = _alternative(element)  # a choice of run content (a note's custom mark)
            return "".join(
                text
                for text in (self._run_text(child, index, boxes) for child in chosen)
                if isinstance(text, str)
            )
        if tag in (f"{W}drawing", f"{W}pict", f"{W}object", f"{MC}AlternateContent"):
            self._graphic(element, index, boxes)
            return None
        if tag == f"{W}ruby":
            return self._ruby(element, index)
        if tag == f"{W}commentReference":
            self._note("a comment", index)
        return None

    def _font_characters(self, text: str, font: str, index: int) -> str:
        """Text in a symbol font (Symbol, Wingdings) as the characters it shows: Word keeps
        their codes in the private-use area (U+F020-F0FF) or as plain letters."""
        table = SYMBOL_FONTS.get(font)
        if table is None:
            return text
        out = []
        for char in text:
            code = ord(char) - 0xF000 if 0xF020 <= ord(char) <= 0xF0FF else ord(char)
            shown = table.get(code)
            if shown is None and code < 0x100:
                self._note(
                    "a symbol", index, f"of the {font.title()} font (code {code:02X}) read as {chr(code)!r}"
                )
                shown = chr(code) if code >= 0x20 else ""
            out.append(shown if shown is not None else char)
        return "".join(out)

    def _ruby(self, ruby: Any, index: int) -> str:
        """Ruby (a pronunciation guide over East Asian text): its base text; the guide is
        left out, said so."""
        guide = "".join(t.text or "" for t in ruby.iter(f"{W}t") if _inside(t, ruby, "rt"))
        if guide.strip():
            self._note("ruby text", index, f"left out ({guide[:20]!r} over its base text)")
        return "".join(t.text or "" for t in ruby.iter(f"{W}t") if _inside(t, ruby, "rubyBase"))

    def _graphic(self, element: Any, index: int, boxes: list[Any]) -> None:
        chosen = _alternative(element) if element.tag == f"{MC}AlternateContent" else element
        found = [box for box in chosen.iter(f"{W}txbxContent") if not _inside(box, chosen, "txbxContent")]
        if found:
            boxes.extend(found)
            return
        described = next((d.get("descr") or d.get("title") or "" for d in chosen.iter(f"{WP}docPr")), "")
        self._note("an image", index, f"left out{f' (described as {described[:60]!r})' if described else ''}")

    def _field_char(self, element: Any, index: int) -> Iterator[Piece]:
        kind = element.get(f"{W}fldCharType")
        if kind == "begin":
            self._fields.push(_Field(index))
        elif kind == "separate":
            self._fields.separate()
        elif kind == "end" and self._fields.open:
            ended = self._fields.pop()
            yield from self._route(ended.pieces, ended, index)

    def finish(self) -> None:
        """At the end of a story: a field that never ended swallowed the text after it."""
        for unended in self._fields.open:
            self._note("a field that never ends", unended.begun, "(its text from there on is left out)")
        self._fields = _Fields()

    def _note(self, what: str, index: int, detail: str = "") -> None:
        self.findings.append(Finding(what, index, detail))


def read_styles(styles_xml: Any) -> dict[str, Style]:
    styles: dict[str, Style] = {}
    if styles_xml is None:
        return styles
    for style in styles_xml.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId")
        if style_id is None:
            continue
        name = _value(style, "name") or style_id
        based = _value(style, "basedOn")
        run_properties = style.find(f"{W}rPr")
        styles[style_id] = Style(
            name=name.lower(),
            based_on=based,
            outline=_outline(style.find(f"{W}pPr")),
            bold=_flag(run_properties, "b", None) if run_properties is not None else None,
            italic=_flag(run_properties, "i", None) if run_properties is not None else None,
            hidden=bool(run_properties is not None and _flag(run_properties, "vanish", False)),
            indent=_indent(style.find(f"{W}pPr")),
        )
    return styles


def note_bookmarks(story: Any) -> dict[str, str]:
    """Bookmark name -> the footnote whose call it holds (what a NOTEREF field names)."""
    found: dict[str, str] = {}
    for start in story.iter(f"{W}bookmarkStart"):
        sibling = start.getnext()
        # A note's bookmark holds its call's run, written right after it (Word's own and
        # ours); looking a few elements on keeps this linear in a file full of bookmarks.
        for _step in range(_BOOKMARK_REACH):
            if sibling is None or sibling.tag == f"{W}bookmarkEnd":
                break
            reference = next(sibling.iter(f"{W}footnoteReference"), None)
            if reference is not None:
                found[start.get(f"{W}name", "")] = f"f{reference.get(f'{W}id')}"
                break
            sibling = sibling.getnext()
    return found


def bullet(label: str) -> str:
    """A bullet as it shows: Word keeps a Symbol or Wingdings bullet as its private code."""
    if len(label) != 1:
        return label
    if label in _PRIVATE_BULLETS:
        return _PRIVATE_BULLETS[label]
    code = ord(label) - 0xF000
    return _WINGDINGS.get(code) or _SYMBOL.get(code) or label if 0x20 <= code <= 0xFF else label


def _value(element: Any, tag: str) -> str | None:
    if element is None:
        return None
    found = element.find(f"{W}{tag}")
    return found.get(f"{W}val") if found is not None else None


def _flag(properties: Any, tag: str, default: bool | None) -> Any:
    found = properties.find(f"{W}{tag}") if properties is not None else None
    if found is None:
        return default
    return found.get(f"{W}val", "1").lower() not in _OFF


def _indent(properties: Any) -> int | None:
    """A paragraph's left indent (``w:ind`` ``w:left``, or ``w:start``), in twips."""
    found = properties.find(f"{W}ind") if properties is not None else None
    if found is None:
        return None
    value = found.get(f"{W}left") or found.get(f"{W}start")
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


def _outline(properties: Any) -> int | None:
    value = _value(properties, "outlineLvl")
    if value is None or not value.isdigit() or int(value) >= 9:
        return None
    return int(value)


def run_language(lang: Any, text: str) -> str:
    """The language a run's ``w:lang`` gives its text: its right-to-left (``w:bidi``) or
    East Asian (``w:eastAsia``) language for text in those scripts, else ``w:val``."""
    if lang is None:
        return ""
    if _RTL_TEXT.search(text):
        return str(lang.get(f"{W}bidi") or lang.get(f"{W}val") or "")
    if _EAST_ASIAN_TEXT.search(text):
        return str(lang.get(f"{W}eastAsia") or lang.get(f"{W}val") or "")
    return str(lang.get(f"{W}val") or "")


_RTL_TEXT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_EAST_ASIAN_TEXT = re.compile("[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _symbol_code(code: str) -> str:
    """A ``w:sym``'s character (a symbol font's code, usually in the private-use area)."""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    return chr(value) if 0x20 <= value < 0x110000 and not 0xD800 <= value < 0xE000 else ""


def _symbol_font(properties: Any) -> str:
    fonts = properties.find(f"{W}rFonts") if properties is not None else None
    name = (fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi") or "") if fonts is not None else ""
    return name.lower() if name.lower() in SYMBOL_FONTS else ""


# The characters of the symbol fonts Word documents use, by code (Adobe's Symbol encoding,
# and the Wingdings bullets and marks).
_SYMBOL = dict(zip(range(0x41, 0x5B), "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ", strict=True))
_SYMBOL |= dict(zip(range(0x61, 0x7B), "αβχδεφγηιϕκλμνοπθρστυϖωξψζ", strict=True))
_SYMBOL |= {code: chr(code) for code in range(0x20, 0x41) if chr(code) not in "\"$'*-@"}
_SYMBOL |= {
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2A: "∗", 0x2D: "−", 0x40: "≅", 0x5B: "[", 0x5C: "∴", 0x5D: "]",
    0x5E: "⊥", 0x5F: "_", 0x7B: "{", 0x7C: "|", 0x7D: "}", 0x7E: "∼", 0xA2: "′", 0xA3: "≤", 0xA5: "∞",
    0xA7: "♣", 0xA8: "♦", 0xA9: "♥", 0xAA: "♠", 0xAB: "↔", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓",
    0xB0: "°", 0xB1: "±", 0xB2: "″", 0xB3: "≥", 0xB4: "×", 0xB5: "∝", 0xB6: "∂", 0xB7: "•", 0xB8: "÷",
    0xB9: "≠", 0xBA: "≡", 0xBB: "≈", 0xBC: "…", 0xC5: "⊕", 0xC6: "∅", 0xC7: "∩", 0xC8: "∪", 0xCE: "∈",
    0xCF: "∉", 0xD0: "∠", 0xD1: "∇", 0xD2: "®", 0xD3: "©", 0xD4: "™", 0xD5: "∏", 0xD6: "√", 0xD7: "⋅",
    0xE5: "∑", 0xF2: "∫",
}  # fmt: skip
_WINGDINGS = {
    0x6C: "●", 0x6E: "■", 0x6F: "□", 0x71: "❑", 0x75: "◆", 0x76: "❖", 0x9F: "•", 0xA1: "○", 0xA7: "▪",
    0xA8: "◻", 0xD8: "➢", 0xE0: "➔", 0xE8: "➔", 0xF0: "⇨", 0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑",
}  # fmt: skip
SYMBOL_FONTS = {"symbol": _SYMBOL, "wingdings": _WINGDINGS}


def _alternative(element: Any) -> Any:
    """Of Markup Compatibility's choices, the fallback: the content every reader can use."""
    fallback = element.find(f"{MC}Fallback")
    if fallback is not None:
        return fallback
    choice = element.find(f"{MC}Choice")
    return choice if choice is not None else element


def _wrapped(parent: Any, tag: str) -> Iterator[Any]:
    """``parent``'s children with ``tag``, also those wrapped in content controls or custom
    XML (a repeating section's rows, a control around a cell)."""
    for child in parent:
        if child.tag == f"{W}{tag}":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent")
            yield from _wrapped(content if content is not None else child, tag)


def _inside(element: Any, top: Any, tag: str) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not top:
        if parent.tag == f"{W}{tag}":
            return True
        parent = parent.getparent()
    return False


def _graphical(element: Any) -> bool:
    return any(True for tag in ("drawing", "pict", "object") for _found in element.iter(f"{W}{tag}"))


def _hyperlink_target(instruction: str) -> str:
    """The address of a HYPERLINK field ("" for a link to a place in the document itself,
    ``\\l "bookmark"``, which the model's links do not hold: its text is kept)."""
    parts = instruction.split()
    if len(parts) < 2 or parts[1].lower() == "\\l":
        return ""
    quoted = re.search(r'"([^"]*)"', instruction)
    if quoted:
        return quoted.group(1)
    return parts[1] if not parts[1].startswith("\\") else ""
