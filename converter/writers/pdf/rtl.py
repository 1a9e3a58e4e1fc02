"""Right-to-left paragraphs (Arabic) in ReportLab.

ReportLab's paragraph code switches bidi off for text in several fragments (bold, a
footnote call, a link), and its shaping maps joining forms to Private Use Area codes,
so for a right-to-left document we keep ReportLab for what it does well (breaking the
lines, in logical order, with widths measured shaped: ``ShapingWidths``; splitting
paragraphs over pages; notes, anchors, tags) and draw the lines ourselves:

1. each line's characters get their levels from the Unicode bidi algorithm
   (python-bidi), its base direction right to left;
2. runs of one level and one fragment are shaped by HarfBuzz in their direction and
   ordered for display (rule L2): Latin and digit runs read left to right inside;
3. the line is set from the right edge (justified, but for a paragraph's last line),
   the paragraph's number hanging on the right;
4. the glyphs are written in display order, as Word and LibreOffice write them, which
   text extractors (poppler, pypdf, Acrobat) put back in reading order; a glyph with no
   character of its own (a joining form, a ligature) is mapped back in the font's
   ToUnicode map to the characters it stands for (``PRIVATE_TEXT``, finish.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...records import record
from .tagging import TaggingCanvas

# For each face (its PostScript name), the text each private code HarfBuzz's glyphs were
# given stands for: read by finish.py when it mends the ToUnicode maps.
PRIVATE_TEXT: dict[str, dict[int, str]] = {}

_STRONG_RTL = {"R", "AL"}


# Where the characters of strong right-to-left direction are (Hebrew to Arabic Extended,
# the presentation forms, the right-to-left blocks beyond the first plane, RLM and the
# right-to-left embeddings): a search in C, which every paragraph of every PDF pays.
_RTL_RANGES = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u202b\u202e\u2067"
                         "\U00010800-\U00010fff\U0001e800-\U0001efff]")  # fmt: skip


def is_rtl_text(text: str) -> bool:
    """Whether ``text`` holds a character of strong right-to-left direction."""
    return _RTL_RANGES.search(text) is not None and any(
        unicodedata.bidirectional(char) in _STRONG_RTL for char in text
    )


def needs_bidi(paragraph: Any) -> bool:
    """A paragraph ReportLab cannot draw by itself: a right-to-left one, or one with
    right-to-left text in it (an Arabic phrase in an English document)."""
    if getattr(paragraph.style, "rtl", False):
        return True
    if getattr(paragraph, "visual", False):  # set in display order already (a contents entry)
        return False
    para = getattr(paragraph, "blPara", None)
    if para is None:
        return False
    lines = para.lines
    if para.kind == 0:
        text = " ".join(word for line in lines for word in line[1])
    else:
        text = "".join(str(getattr(frag, "text", "")) for line in lines for frag in line.words)
    # any character of the right-to-left blocks, strong or not: extractors (pypdf, poppler)
    # reverse such runs as they find them, so its lines need their /ActualText
    bullet = str(paragraph.bulletText or "")
    return _RTL_RANGES.search(text + bullet) is not None or _bullet_needs_script_faces(bullet)


def _bullet_needs_script_faces(bullet: str) -> bool:
    """A label ReportLab would set in the text face, which lacks its characters ("一.")."""
    if not bullet or bullet.isascii():
        return False
    from ...theme import load_theme
    from .fonts import covered  # fonts imports this module

    text_face = covered(load_theme())
    return any(ord(char) not in text_face for char in bullet if not char.isspace())


class ShapingWidths(TTFont):
    """A face whose widths are those of its shaped text (Arabic letters join, and their
    joined forms are not as wide as the letters alone), so ReportLab breaks lines where
    the drawn text ends."""

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:
        if not is_rtl_text(text):
            return float(super().stringWidth(text, size, encoding))
        return _shaped_width(self.fontName, str(text)) * size / 1000


@lru_cache(maxsize=65536)
def _shaped_width(font_name: str, text: str) -> float:
    return sum(glyph.advance for glyph in _shape(font_name, text, is_rtl_text(text)))


@record
class Glyph:
    char: str  # what to draw: the face's character for the glyph, or a private code
    cluster: int  # where in the shaped text its characters start
    advance: float  # in thousandths of the font size
    x_offset: float
    y_offset: float


@lru_cache(maxsize=65536)
def _shape(font_name: str, text: str, rtl: bool) -> tuple[Glyph, ...]:
    """``text`` shaped by HarfBuzz in ``font_name``, in display order (left to right)."""
    import uharfbuzz

    font: Any = pdfmetrics.getFont(font_name)  # a TTFont: ReportLab's stubs know only Font
    hb_font = font.hbFont(1000)
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(hb_font, buffer, {"kern": True, "liga": True})
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    chars = _characters_of(font, hb_font, text, infos, positions)
    return tuple(
        Glyph(
            char,
            info.cluster,
            font.pdfScale(pos.x_advance),
            font.pdfScale(pos.x_offset),
            font.pdfScale(pos.y_offset),
        )
        for char, info, pos in zip(chars, infos, positions, strict=True)
    )


def _characters_of(font: Any, hb_font: Any, text: str, infos: Any, positions: Any) -> list[str]:
    """The character that draws each glyph: the face's own, or a private code whose
    ToUnicode entry will say what its cluster says that the cluster's other glyphs do
    not (a joining form: its letter; a ligature: its letters)."""
    chars = []
    clusters: dict[int, list[int]] = {}  # a cluster's start in the text -> its glyphs
    for index, info in enumerate(infos):
        own = font.face.glyphToChar.get(info.codepoint)
        chars.append(chr(own[0]) if own else "")
        clusters.setdefault(info.cluster, []).append(index)
    starts = sorted(clusters)
    for cluster, end in zip(starts, [*starts[1:], len(text)], strict=True):
        members = clusters[cluster]
        said = text[cluster:end]
        for index in members:
            if chars[index]:
                said = said.replace(chars[index], "", 1)
        private = sorted(
            (index for index in members if not chars[index]), key=lambda i: -positions[i].x_advance
        )
        for rank, index in enumerate(private):
            stands_for = said if rank == 0 and said else "\u200b"  # a mark's glyph: said by its base
            gid = infos[index].codepoint  # its width in the font's widths: its own, not as kerned here
            code = font.hbAddPrivate(hb_font.glyph_to_string(gid), gid, hb_font.get_glyph_h_advance(gid))
            PRIVATE_TEXT.setdefault(_face_name(font), {}).setdefault(code, stands_for)
            chars[index] = chr(code)
    return chars


def _face_name(font: Any) -> str:
    name = font.face.name
    return name.decode() if isinstance(name, bytes) else str(name)


# --- bidi ---------------------------------------------------------------------------------------


def levels(text: str, base_rtl: bool = True) -> list[int]:
    """The embedding level of each character of a line (the Unicode bidi algorithm up to
    rule I2; trailing white space at the base level, rule L1)."""
    base = 1 if base_rtl else 0
    # an unassigned code point has no bidi class in Python's tables: it counts as L, as
    # UAX 9 defaults most of them
    known = "".join(char if unicodedata.bidirectional(char) else "a" for char in text)
    try:
        found = _resolved_levels(known, base)
    except (AssertionError, IndexError, KeyError, StopIteration):  # python-bidi's own checks
        found = [base | 1 if unicodedata.bidirectional(char) in _STRONG_RTL else base for char in known]
    index = len(text) - 1
    while index >= 0 and text[index].isspace():
        found[index] = base
        index -= 1
    return found


def _resolved_levels(text: str, base: int) -> list[int]:
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = "R" if base else "L"
    algorithm.get_embedding_levels(text, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    _resolve_bracket_pairs(storage["chars"])
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    # rule X9 took the embedding controls and boundary neutrals (ZWSP, soft hyphens) out:
    # each is given the level of what precedes it
    kept = iter(int(char["level"]) for char in storage["chars"])
    found: list[int] = []
    for char in text:
        if unicodedata.bidirectional(char) in algorithm.X9_REMOVED:
            found.append(found[-1] if found else base)
        else:
            found.append(next(kept))
    return found


_BRACKETS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "«": "»",
    "‹": "›",
    "（": "）",
    "［": "］",
    "｛": "｝",
    "〈": "〉",
    "《": "》",
}
_MAX_BRACKET_DEPTH = 63  # as UAX 9's BD16 stack


def _resolve_bracket_pairs(chars: list[dict[str, Any]]) -> None:
    """Rule N0 of the bidi algorithm, which python-bidi's levels lack: a pair of brackets
    takes the direction of what it encloses (or, if that is the other direction, of
    what stands before it), so "Affairs (OCHA)" in Arabic keeps its closing bracket."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(chars):
        if char["type"] != "ON":
            continue
        if char["ch"] in _BRACKETS and len(stack) < _MAX_BRACKET_DEPTH:
            stack.append((_BRACKETS[char["ch"]], index))
        else:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char["ch"]:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    for opening, closing in sorted(pairs):
        embedding = "R" if chars[opening]["level"] % 2 else "L"
        inside = {_strong(char["type"]) for char in chars[opening + 1 : closing]} - {None}
        if embedding in inside:
            direction = embedding
        elif inside:
            before = next(
                (_strong(char["type"]) for char in reversed(chars[:opening]) if _strong(char["type"])), None
            )
            direction = before if before and before != embedding else embedding
        else:
            continue  # no strong text inside: N1 and N2 decide
        chars[opening]["type"] = chars[closing]["type"] = direction


def _strong(kind: str) -> str | None:
    return "L" if kind == "L" else "R" if kind in ("R", "AL", "EN", "AN") else None


def display_order(run_levels: list[int]) -> list[int]:
    """Rule L2: the order in which runs of the given levels are shown, left to right."""
    order = list(range(len(run_levels)))
    if not order:
        return order
    highest = max(run_levels)
    lowest_odd = min(level for level in run_levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if run_levels[order[index]] >= level:
                end = index
                while end < len(order) and run_levels[order[end]] >= level:
                    end += 1
                order[index:end] = order[index:end][::-1]
                index = end
            else:
                index += 1
    return order


# --- drawing ------------------------------------------------------------------------------------


@record(frozen=False)
class _Piece:
    text: str
    frag: Any  # ReportLab's fragment: font, size, colour, rise, links


@record(frozen=False, eq=False)  # each run is itself (placed glyphs point back at it)
class _Run:
    text: str
    frag: Any
    level: int
    start: int  # where in the line's text


def draw_bidi(paragraph: Any) -> None:
    """Draw a wrapped paragraph with right-to-left text (see the module's note): from the
    right in a right-to-left document, from the left in another, its right-to-left runs
    shaped and ordered either way."""
    canvas = paragraph.canv
    style = paragraph.style
    para = paragraph.blPara
    lines = para.lines
    if not lines:
        return
    rtl = bool(getattr(style, "rtl", False))
    # the indents: the start side's (leftIndent in the styles) is on the right in Arabic
    start_indent, end_indent = style.leftIndent, style.rightIndent
    left, right = (
        (end_indent, paragraph.width - start_indent) if rtl else (start_indent, paragraph.width - end_indent)
    )
    y = paragraph.height - (para.fontSize if para.kind == 0 else lines[0].fontSize)
    overhang = 0.0  # how far a label wider than its room pushes the first line's text
    if paragraph.bulletText:
        overhang = _draw_bullet(canvas, paragraph, y, rtl)
    last = len(lines) - (0 if getattr(paragraph, "continues", False) else 1)
    for index, line in enumerate(lines):
        first = style.firstLineIndent + overhang if index == 0 else 0
        line_left, line_right = (left, right - first) if rtl else (left + first, right)
        pieces = _pieces(para, line)
        for piece in pieces:  # the anchors of note calls, for the notes' links back
            definition = getattr(piece.frag, "cbDefn", None)
            if definition is not None and definition.kind == "anchor":
                canvas.bookmarkHorizontal(
                    definition.name, line_right if rtl else line_left, y + style.leading
                )
        justify = style.alignment == TA_JUSTIFY and index < last and not _breaks(para, line)
        _draw_line(canvas, pieces, line_left, line_right, y, style.alignment, justify, rtl)
        y -= style.leading


def _breaks(para: Any, line: Any) -> bool:
    return bool(para.kind == 1 and getattr(line, "lineBreak", False))


def _pieces(para: Any, line: Any) -> list[_Piece]:
    if para.kind == 0:
        return [_Piece(" ".join(line[1]), para)]
    pieces = []
    for frag in line.words:
        if hasattr(frag, "cbDefn"):
            pieces.append(_Piece("", frag))  # an anchor: it is set where the line starts
        else:
            pieces.append(_Piece(str(frag.text), frag))
    return pieces


def _runs(pieces: list[_Piece], base_rtl: bool = True) -> list[_Run]:
    # A note call (a raised fragment) stands apart from the text around it, as an isolate
    # would: seen as a neutral, so that "2015.[^1]" stays the year, its stop, then the
    # call, and set left to right inside (its level made even).
    calls = [bool(getattr(piece.frag, "rise", 0)) for piece in pieces]
    text = "".join(
        "*" * len(piece.text) if call else piece.text for piece, call in zip(pieces, calls, strict=True)
    )
    found = levels(text, base_rtl)
    runs: list[_Run] = []
    at = 0
    for piece, call in zip(pieces, calls, strict=True):
        for offset, char in enumerate(piece.text):
            level = found[at + offset] + (found[at + offset] % 2 if call else 0)
            last = runs[-1] if runs else None
            if last is not None and last.frag is piece.frag and last.level == level:
                last.text += char
            else:
                runs.append(_Run(char, piece.frag, level, at + offset))
        at += len(piece.text)
    return runs


Shaped = list[tuple[_Run, tuple[Glyph, ...]]]


def _shaped(pieces: list[_Piece], base_rtl: bool = True) -> tuple[Shaped, float]:
    """A line's runs shaped, without the spaces it ends with, and its width."""
    runs = [run for run in _runs(pieces, base_rtl) if run.text]
    while runs and not runs[-1].text.strip():  # trailing spaces take no room
        runs.pop()
    if runs:
        runs[-1].text = runs[-1].text.rstrip()
    shaped = [(run, _shape(run.frag.fontName, run.text, run.level % 2 == 1)) for run in runs]
    return shaped, sum(_run_width(run, glyphs) for run, glyphs in shaped)


def _draw_line(canvas: Any, pieces: list[_Piece], left: float, right: float, y: float,
               alignment: int, justify: bool, rtl: bool) -> None:  # fmt: skip
    """One line between ``left`` and ``right``; its start (TA_LEFT in the styles) is on
    the right in a right-to-left paragraph."""
    shaped, width = _shaped(pieces, base_rtl=rtl)
    room = right - left
    spaces = sum(run.text.count(" ") for run, _ in shaped)
    stretch = (room - width) / spaces if justify and spaces and room > width else 0.0
    at_start = alignment in (TA_LEFT, TA_JUSTIFY)
    if alignment == TA_CENTER:
        x = left + (room - width) / 2
    elif at_start == rtl:  # the right: a right-to-left line's start, another's end
        x = right - width - stretch * spaces
    else:
        x = left
    _set(canvas, shaped, x, y, stretch)


def _set(canvas: Any, shaped: Shaped, x: float, y: float, stretch: float = 0.0) -> None:
    """Lay the runs out from ``x`` in display order; write them, and their links."""
    placed = []
    for order in display_order([run.level for run, _ in shaped]):
        run, glyphs = shaped[order]
        size = run.frag.fontSize
        rise = getattr(run.frag, "rise", 0) or 0
        for glyph in glyphs:
            placed.append(
                (run, glyph, x + glyph.x_offset * size / 1000, y + rise + glyph.y_offset * size / 1000)
            )
            x += glyph.advance * size / 1000
            if stretch and run.text[glyph.cluster] == " ":
                x += stretch
    _write_glyphs(canvas, placed, y)
    _link_areas(canvas, placed)


@record(frozen=False)
class _Frag:
    """What a line of page furniture (a running head, a label) is set in."""

    fontName: str  # ReportLab's fragments' names
    fontSize: float
    textColor: Any
    rise: float = 0.0
    link: Any = None


def draw_string(canvas: Any, text: str, x: float, y: float, anchor: str,
                runs: list[tuple[str, str]], font: str, size: float, color: Any) -> float:  # fmt: skip
    """A line of page furniture, its runs (text, script face or "") given: at ``x`` by its
    ``anchor`` ("start", "end" or "centre" of the text as drawn), in the direction its
    first strong character says."""
    frags: dict[str, _Frag] = {}
    pieces = [_Piece(piece, frags.setdefault(face, _Frag(face or font, size, color))) for piece, face in runs]
    shaped, width = _shaped(pieces, base_rtl=_first_strong_rtl(text))
    start = {"start": x, "end": x - width, "centre": x - width / 2}[anchor]
    _set(canvas, shaped, start, y)
    return width


def _first_strong_rtl(text: str) -> bool:
    """The paragraph direction its first strong character gives (rules P2 and P3)."""
    from bidi import algorithm

    return bool(algorithm.get_base_level(text))


def _run_width(run: _Run, glyphs: tuple[Glyph, ...]) -> float:
    size: float = run.frag.fontSize
    return sum(glyph.advance for glyph in glyphs) * size / 1000


def _write_glyphs(canvas: Any, placed: list[tuple[_Run, Glyph, float, float]], y: float) -> None:
    """One text object for the line, its glyphs in display order, as Word and LibreOffice
    write them and as text extractors (poppler, pypdf, Acrobat) expect: they put the
    right-to-left runs back in reading order."""
    if not placed:
        return
    text = canvas.beginText(0, y)
    current: tuple[str, float, Any] | None = None
    for run, glyph, gx, gy in placed:
        frag = run.frag
        font = (frag.fontName, frag.fontSize, frag.textColor)
        if font != current:
            text.setFont(frag.fontName, frag.fontSize)
            text.setFillColor(frag.textColor)
            current = font
        text.setTextOrigin(gx, gy)
        text.textOut(glyph.char)
    # what the line says, in reading order, for screen readers, copy and search: what its
    # faces can draw (a character none has was reported, and shows as nothing)
    from .fonts import drawable  # fonts imports this module

    runs = sorted(dict.fromkeys(item[0] for item in placed), key=lambda run: run.start)
    spoken = drawable("".join(run.text for run in runs))
    if isinstance(canvas, TaggingCanvas):  # the marked content the line is in says it
        canvas.actual_text = spoken
    canvas.drawText(text)


def _link_areas(canvas: Any, placed: list[tuple[_Run, Glyph, float, float]]) -> None:
    """The links of the line's fragments, each over the glyphs it covers."""
    areas: dict[int, tuple[Any, float, float, float, float]] = {}
    for run, glyph, gx, gy in placed:
        for link in getattr(run.frag, "link", None) or ():
            size = run.frag.fontSize
            x0, y0, x1, y1 = gx, gy - 0.2 * size, gx + glyph.advance * size / 1000, gy + size
            if id(link) in areas:
                _, a0, b0, a1, b1 = areas[id(link)]
                x0, y0, x1, y1 = min(x0, a0), min(y0, b0), max(x1, a1), max(y1, b1)
            areas[id(link)] = (link, x0, y0, x1, y1)
    for link, x0, y0, x1, y1 in areas.values():
        target = link[1] if isinstance(link, tuple) else getattr(link, "link", link)
        _link(canvas, str(target), (x0, y0, x1, y1))


def _link(canvas: Any, target: str, rect: tuple[float, float, float, float]) -> None:
    if target.startswith("#"):
        canvas.linkRect("", target[1:], rect, relative=1)
    else:
        canvas.linkURL(target, rect, relative=1, kind="URI")


def _draw_bullet(canvas: Any, paragraph: Any, y: float, rtl: bool) -> float:
    """The paragraph's number or label: hanging on the right in a right-to-left
    paragraph (its right end where a left-to-right one would start), else as ReportLab
    sets it."""
    style = paragraph.style
    bullet = str(paragraph.bulletText)
    faces = getattr(canvas, "script_faces", ())
    from .fonts import script_runs  # fonts imports this module

    runs = script_runs(bullet, faces)
    color = getattr(style, "bulletColor", style.textColor)
    if rtl:
        x, anchor, mark = paragraph.width - style.bulletIndent, "end", "\u200f"
    else:
        x, anchor, mark = style.bulletIndent, "start", "\u200e"
    width = draw_string(
        canvas, mark + bullet, x, y, anchor, runs, style.bulletFontName, style.bulletFontSize, color
    )
    # as ReportLab does: a label wider than its room (حادي عشر -, 二十一.) pushes the text on
    room = style.leftIndent - style.bulletIndent
    return max(0.0, width + 0.6 * style.bulletFontSize - room) if room > 0 else 0.0


def visual_markup(text: str, runs: list[tuple[str, str]], font: str, escape: Any) -> str:
    """Paragraph markup that shows ``text`` (which holds right-to-left runs) right when
    ReportLab sets it left to right, as in a pack's contents: its runs in display order,
    the right-to-left ones as their shaped glyphs. (Each entry is one short line.)"""
    frags: dict[str, _Frag] = {}
    pieces = [_Piece(piece, frags.setdefault(face, _Frag(face or font, 1000, None))) for piece, face in runs]
    shaped, _ = _shaped(pieces, base_rtl=_first_strong_rtl(text))
    out = []
    for order in display_order([run.level for run, _ in shaped]):
        run, glyphs = shaped[order]
        shown = "".join(glyph.char for glyph in glyphs) if run.level % 2 else run.text
        face = run.frag.fontName
        out.append(f'<font name="{face}">{escape(shown)}</font>' if face != font else escape(shown))
    return "".join(out)
