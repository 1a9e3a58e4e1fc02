"""Reading text back out of outputs, for ``--verify`` and the tests."""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from typing import Any

from lxml import etree

from .verify_content import content_tokens, hex_string, name, text_string, unescape


def extract_text(fmt: str, data: bytes) -> str:
    return _EXTRACT[fmt](data)


# Visible text of a page: everything in <body> but scripts and styles, a line break at
# each block.
SKIP = frozenset({"style", "script", "head", "title", "template"})
BREAKS = frozenset(
    [
        "p",
        "div",
        "li",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "section",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "blockquote",
        "ol",
        "ul",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
    ]
)


def html_text(data: bytes) -> str:
    """The page's visible text, read by libxml2's HTML parser (a page carries its fonts, some
    200 KB of CSS, which Python's own parser scans a character class at a time)."""
    target = _TextTarget()
    parser = etree.HTMLParser(target=target, encoding="utf-8", remove_blank_text=False)
    parser.feed(data)
    parser.close()
    return "".join(target.parts)


class _TextTarget:
    """What an HTML parse's events add to the text.  (lxml's stubs allow bytes in each
    event; a parse given its encoding, as here, gives text.)"""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.skipping = 0

    def start(self, tag: str | bytes, attrib: Any) -> None:
        if tag in SKIP:
            self.skipping += 1
        elif tag in BREAKS:
            self.parts.append("\n")

    def end(self, tag: str | bytes) -> None:
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BREAKS and tag != "br":  # (libxml2 ends a <br>, which has no end tag)
            self.parts.append("\n")

    def data(self, data: str | bytes) -> None:
        if not self.skipping:
            self.parts.append(data if isinstance(data, str) else data.decode("utf-8"))

    def comment(self, text: str | bytes) -> None:
        pass  # not shown

    def close(self) -> None:
        pass


_EXTRACT = {"html": html_text}


# --- DOCX ------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """Body text as Word shows it: automatic numbers and labels ("1.", "(a)", "II.")
    and footnote numbers put back, then each footnote as "N text" (a footnote with a
    mark of its own, "*", as that mark).  The parts are found as Word finds them,
    through the package's relationships, and only those four are parsed (opening the
    package with python-docx reads every part, the embedded fonts too)."""
    from .wordnumbering import numbering_of_parts

    parts = _WordParts(data)
    body = parts.main.find(f"{W}body")
    numbering = numbering_of_parts(parts.related_bytes("numbering"), parts.related_bytes("styles"))
    note_numbers: dict[str, str] = {}
    shown = 0
    lines = []
    for paragraph in body.iter(f"{W}p") if body is not None else ():
        label = numbering.label(paragraph)
        text, shown = _paragraph_text(paragraph, note_numbers, shown)
        lines.append(f"{label} {text}" if label else text)
        section = paragraph.find(f"{W}pPr/{W}sectPr")
        if (
            section is not None
            and section.find(f"{W}footnotePr/{W}numRestart[@{W}val='eachSect']") is not None
        ):
            shown = 0  # this section numbers its footnotes afresh (the next one too, as Word reads it)
    return "\n".join(lines) + "\n" + _footnotes_text(parts.related("footnotes"), note_numbers)


class _WordParts:
    """A Word package's main part and the parts it relates to, parsed on demand."""

    OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        main = self._targets("")[self.OFFICE + "officeDocument"]
        self.main = etree.fromstring(self.zip.read(main))
        self.related_names = self._targets(main)

    def _targets(self, part: str) -> dict[str, str]:
        """The part names ``part``'s relationships point at, by type ("": the package's)."""
        from .readers.wordpackage import part_name, rels_name  # (as the DOCX reader finds parts)

        root = etree.fromstring(self.zip.read(rels_name(part)))
        found: dict[str, str] = {}
        for rel in root.iter(self.RELS):
            if rel.get("TargetMode") != "External":
                found.setdefault(
                    rel.get("Type", ""), part_name(posixpath.dirname(part), rel.get("Target", ""))
                )
        return found

    def related(self, kind: str) -> Any:
        data = self.related_bytes(kind)
        return etree.fromstring(data) if data is not None else None

    def related_bytes(self, kind: str) -> bytes | None:
        name = self.related_names.get(self.OFFICE + kind)
        return self.zip.read(name) if name else None


def _paragraph_text(paragraph: Any, note_numbers: dict[str, str], shown: int) -> tuple[str, int]:
    parts = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}footnoteReference"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}footnoteReference":
            if node.get(f"{W}customMarkFollows") in ("1", "true", "on"):
                note_numbers[node.get(f"{W}id")] = ""  # its mark is the text that follows
                continue
            shown += 1
            note_numbers[node.get(f"{W}id")] = str(shown)
            parts.append(str(shown))
        else:
            parts.append(" " if node.tag == f"{W}tab" else "\n")
    return "".join(parts), shown


def _footnotes_text(root: Any, note_numbers: dict[str, str]) -> str:
    if root is None:
        return ""
    lines = []
    for note in root.iter(f"{W}footnote"):
        number = note_numbers.get(str(note.get(f"{W}id")))
        if number is None:
            continue  # separators
        text = " ".join(_paragraph_text(p, {}, 0)[0] for p in note.iter(f"{W}p"))
        lines.append(f"{number} {text.strip()}" if number else text.strip())
    return "\n".join(lines)


_EXTRACT["docx"] = docx_text


# --- PDF ---------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The text of every page, in order: each string a text-showing operator draws,
    decoded through its font's ToUnicode map, with a line break wherever text is placed
    anew.  Where marked content says what it reads as (/ActualText: the right-to-left
    lines, whose glyphs stand in display order), that text instead of its glyphs', as a
    screen reader or Acrobat takes it.

    The file is parsed by qpdf (pikepdf), not by the library that wrote it, and the
    content streams are read here: a reader as independent as pypdf, which costs a run
    100 ms to import and 38 ms a seed-sized PDF, against pikepdf's 40 ms and a few
    milliseconds."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as err:  # (qpdf names the stream it read: "stream <_io.BytesIO …>: …")
        raise ValueError(re.sub(r"^stream <[^>]*>: ", "", str(err))) from None
    with pdf:
        return "\n".join(_PageText(pikepdf).read(page.obj) for page in pdf.pages)


class _PageText:
    """The text of one page's content stream and the forms it draws."""

    MAX_FORM_DEPTH = 8  # forms drawing forms: deeper than any writer nests them

    def __init__(self, pikepdf: Any) -> None:
        self.pikepdf = pikepdf
        self.parts: list[str] = []
        self.line: list[str] = []  # the strings drawn since text was last placed
        self.actual_depth = 0  # how deep inside marked content with /ActualText the operators are
        self.maps: dict[tuple[int, int], _Map] = {}  # font object -> (code width, code -> text)

    def read(self, page: Any) -> str:
        self._stream(page, _page_content(page, self.pikepdf), page.get("/Resources"), 0)
        self._end_line()
        return "".join(self.parts)

    def _end_line(self) -> None:
        """The line drawn so far, in reading order: right-to-left text drawn without
        /ActualText stands in display order (ReportLab's own bidi, in a contents entry),
        and is read back in logical order, as poppler and pypdf read it."""
        if not self.line:
            return  # (an empty line would add only a line break)
        line = "".join(self.line)
        self.line.clear()
        if not line.isascii() and _RTL_RE.search(line):
            from bidi.algorithm import get_display

            line = get_display(line, base_dir="R")
        self.parts.append(line + "\n")

    def _stream(self, owner: Any, content: bytes, resources: Any, depth: int, font: _Map = (1, {})) -> None:
        """The text ``owner`` (a page or a form) draws.  An operator's operands are the
        tokens since the last operator read (those of the operators passed over stand
        before them): its strings outside dictionaries, the last name, and the
        /ActualText of a dictionary.  ``font``: the one in use where a form is drawn,
        which the form inherits."""
        line, named = self.line, _Named(self, resources, depth)
        shown: list[bytes] = []
        last_name, actual, in_dict, actual_next = b"", None, 0, False
        for drawn, string, mark, written, name_token, operator in content_tokens(
            owner, content, self.pikepdf
        ):
            if drawn:  # "(...) Tj": the commonest by far, read here
                if not self.actual_depth:
                    line.append(_decode(unescape(drawn[1:-1]), font))
            elif operator:
                if operator in _PLACING:
                    self._end_line()
                else:
                    font = self._operate(operator, shown, named, last_name, actual, font)
                shown, last_name, actual, in_dict, actual_next = [], b"", None, 0, False
            elif string or written:
                value = unescape(string[1:-1]) if string else hex_string(written)
                if not in_dict:
                    shown.append(value)
                elif actual_next:
                    actual = value
                actual_next = False
            elif name_token:
                last_name, actual_next = name_token, in_dict == 1 and name_token == b"/ActualText"
            elif mark == b"[":
                shown = []  # what stood before an array is no operand of the TJ that shows it
            elif mark:
                in_dict += 1 if mark == b"<<" else -1

    def _operate(
        self,
        operator: bytes,
        shown: list[bytes],
        named: _Named,
        last_name: bytes,
        actual: bytes | None,
        font: _Map,
    ) -> _Map:
        """What an operator other than the ones ``_stream`` reads itself does; the font in
        use after it."""
        if operator in _SHOWING:
            if operator in (b"'", b'"'):  # these move to the next line, then show
                self._end_line()
            if not self.actual_depth:  # TJ its array's strings, the others their one string
                self.line.extend(
                    _decode(piece, font) for piece in (shown if operator == b"TJ" else shown[-1:])
                )
        elif operator == b"Tf":
            return named.font(last_name, font)
        elif operator == b"BDC":
            self._begin_marked(actual)
        elif operator == b"BMC" and self.actual_depth:
            self.actual_depth += 1
        elif operator == b"EMC" and self.actual_depth:
            self.actual_depth -= 1
        elif operator == b"Do" and named.depth < self.MAX_FORM_DEPTH:
            form = named.form(last_name)
            if isinstance(form, self.pikepdf.Stream) and form.get("/Subtype") == "/Form":
                resources = form.get("/Resources", named.resources)
                self._stream(form, form.read_bytes(), resources, named.depth + 1, font)
        return font

    def _begin_marked(self, actual: bytes | None) -> None:
        if self.actual_depth:
            self.actual_depth += 1
        elif actual is not None:
            self._end_line()
            self.parts.append(f"{text_string(actual)}\n")
            self.actual_depth = 1

    def _font(self, font: Any) -> _Map:
        if not isinstance(font, self.pikepdf.Dictionary):
            return (1, {})
        if not font.is_indirect:  # (no lasting identity to keep its map by)
            return _font_map(font)
        if font.objgen not in self.maps:
            self.maps[font.objgen] = _font_map(font)
        return self.maps[font.objgen]


class _Named:
    """The resources a stream names (fonts, forms), found once for each name."""

    def __init__(self, page: _PageText, resources: Any, depth: int) -> None:
        self.page = page
        self.resources = resources
        self.depth = depth  # how deep in forms the stream is drawn
        self.fonts: dict[bytes, _Map] = {}
        self.font_dictionary = self._dictionary("/Font")

    def font(self, named: bytes, current: _Map) -> _Map:
        """The font a Tf names; the one in use where the resources have no fonts at all."""
        if self.font_dictionary is None:
            return current
        if named not in self.fonts:
            self.fonts[named] = self.page._font(self.font_dictionary.get(name(named)) if named else None)
        return self.fonts[named]

    def form(self, named: bytes) -> Any:
        forms = self._dictionary("/XObject")
        return forms.get(name(named)) if forms is not None and named else None

    def _dictionary(self, kind: str) -> Any:
        found = self.resources.get(kind) if self.resources is not None else None
        return found if isinstance(found, self.page.pikepdf.Dictionary) else None


def _page_content(page: Any, pikepdf: Any) -> bytes:
    """A page's content: its one stream, or its streams read as one."""
    contents = page.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        return bytes(contents.read_bytes())
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(part.read_bytes() for part in contents if isinstance(part, pikepdf.Stream))
    return b""


def _font_map(font: Any) -> tuple[int, dict[int, str]]:
    unicode_map = font.get("/ToUnicode")
    return _cmap(unicode_map.read_bytes()) if unicode_map is not None else (1, {})


_SHOWING = {b"Tj", b"TJ", b"'", b'"'}
_PLACING = {b"BT", b"ET", b"Td", b"TD", b"Tm", b"T*"}  # (text is placed anew: a line ends)
_Map = tuple[int, dict[int, str]]  # a font's code width (bytes) and its codes' text
_RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")  # Hebrew to Arabic, presentation forms


def _decode(data: bytes, font: tuple[int, dict[int, str]]) -> str:
    width, codes = font
    if width == 2:
        return "".join(codes.get(int.from_bytes(data[i : i + 2], "big"), "") for i in range(0, len(data), 2))
    return data.decode("latin-1").translate(codes)  # each byte as its code, mapped in C


_HEX_RE = re.compile(rb"<([0-9A-Fa-f]+)>")


@functools.lru_cache(maxsize=64)
def _cmap(data: bytes) -> tuple[int, dict[int, str]]:
    """A ToUnicode CMap's code width (bytes) and its map from codes to text: bfchar
    and bfrange entries (a range to one start value, or to an array of values).  Read
    once for the same bytes (the documents of a batch share their fonts' subsets, and so
    their maps); the map is only read from."""
    codes: dict[int, str] = {}
    width = 1
    space = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", data)
    if space:
        width = max(1, len(space.group(1)) // 2)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        values = _HEX_RE.findall(block)
        for code, text in zip(values[0::2], values[1::2], strict=False):
            codes[int(code, 16)] = _utf16(text)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            low, high = int(line.group(1), 16), int(line.group(2), 16)
            if high - low > 0xFFFF:
                continue  # no font has so many codes: a hostile map
            target = line.group(3)
            if target.startswith(b"["):
                for offset, text in enumerate(_HEX_RE.findall(target)):
                    codes[low + offset] = _utf16(text)
            else:
                first = bytearray(bytes.fromhex(target[1:-1].decode()))
                for offset in range(high - low + 1):
                    value = int.from_bytes(first, "big") + offset
                    codes[low + offset] = _utf16(value.to_bytes(len(first), "big").hex().encode())
    return width, codes


def _utf16(hex_digits: bytes) -> str:
    """A CMap's destination: UTF-16BE, four hex digits a unit; a code point written out
    whole (ReportLab writes U+1F130 as <1F130>) where the digits are not in fours."""
    digits = hex_digits.decode("ascii")
    if len(digits) == 4:  # one unit, as most are: the character itself unless half a pair
        unit = int(digits, 16)
        if not 0xD800 <= unit <= 0xDFFF:
            return chr(unit)
    if len(digits) % 4:
        point = int(digits, 16)
        return chr(point) if point <= 0x10FFFF else "\ufffd"
    return bytes.fromhex(digits).decode("utf-16-be", errors="replace")


_EXTRACT["pdf"] = pdf_text
