"""The theme's styles as ReportLab ParagraphStyles, made once per process."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph as reportlab_paragraph

from ...theme import load_theme
from .fonts import font_name, style_face

ALIGN: dict[str, Literal[0, 1, 2, 4]] = {
    "left": TA_LEFT,
    "right": TA_RIGHT,
    "center": TA_CENTER,
    "justify": TA_JUSTIFY,
}


@cache
def paragraph_styles() -> dict[str, ParagraphStyle]:
    theme = load_theme()
    styles = {}
    for name, spec in theme.styles.items():
        font = theme.fonts[spec.font]
        styles[name] = ParagraphStyle(
            name,
            fontName=font_name(font.name, style_face(spec)),
            fontSize=spec.size,
            leading=spec.leading,
            textColor=colors.HexColor(spec.color),
            alignment=ALIGN[spec.align],
            spaceBefore=spec.space_before,
            spaceAfter=spec.space_after,
            # Headings are kept with what follows by a conditional page break (story.py),
            # not ReportLab's keepWithNext, which moves a heading together with the
            # whole next paragraph and can leave most of a page empty.
            keepWithNext=0,
            allowWidows=0,
            allowOrphans=0,
            splitLongWords=1,
            bulletFontName=font_name(font.name, "regular"),
            bulletFontSize=spec.size,
            linkUnderline=0,
        )
    number_indent = theme.number_indent
    styles["numbered"].leftIndent = number_indent
    styles["footnote"].leftIndent = number_indent * 0.6
    for depth in range(1, 5):  # sub-paragraphs hang their labels, a step further in per level
        left = number_indent + depth * theme.list_indent
        styles[f"list_item_{depth}"] = ParagraphStyle(
            f"list_item_{depth}",
            parent=styles["list_item"],
            leftIndent=left,
            bulletIndent=left - theme.list_indent,
        )
        styles[f"list_continue_{depth}"] = ParagraphStyle(
            f"list_continue_{depth}", parent=styles["list_item"], leftIndent=left
        )
    for level in (1, 2, 3):  # labelled headings hang their labels like paragraph numbers
        styles[f"heading{level}_labelled"] = ParagraphStyle(
            f"heading{level}_labelled", parent=styles[f"heading{level}"], leftIndent=number_indent
        )
    styles["quote"].leftIndent = styles["quote"].rightIndent = theme.quote_indent
    styles["preamble"].firstLineIndent = theme.preamble_indent
    styles["signature"].leftIndent = theme.signature_indent
    styles["summary_heading"] = ParagraphStyle(
        "summary_heading", parent=styles["heading2"], alignment=TA_CENTER
    )
    styles["masthead_right"] = ParagraphStyle("masthead_right", parent=styles["masthead"], alignment=TA_RIGHT)
    styles["contents1"] = ParagraphStyle(
        "contents1", parent=styles["body"], alignment=TA_LEFT, leftIndent=number_indent,
        firstLineIndent=-number_indent,
    )  # fmt: skip
    styles["contents2"] = ParagraphStyle(
        "contents2", parent=styles["contents1"], leftIndent=2 * number_indent
    )
    return styles


@cache
def right_to_left() -> dict[str, ParagraphStyle]:
    """The styles for a right-to-left document: the same, drawn by ``rtl.draw_bidi``
    (their left and right indents and alignments read as start and end)."""
    mirrored = {}
    for name, style in paragraph_styles().items():
        clone = copy.copy(style)
        clone.name = f"{name}_rtl"
        clone.rtl = True
        mirrored[name] = clone
    return mirrored


def _ord_of_anchor(char: str) -> int:
    return ord(char) if char else 0


# ReportLab's CJK line breaking (paragraph.cjkFragSplit) asks ord() of each character it
# looks back over, an anchor's empty fragment (a note call's, a paragraph's) included,
# which raises TypeError when a break falls beside one in a Latin run. The module's own
# name for ord is given an empty fragment's answer (0: "not an ideograph", what an anchor
# is); for every character it is ord itself.
reportlab_paragraph.ord = _ord_of_anchor  # type: ignore[attr-defined]


def _rest_of_lines(para: Any, start: int, stop: int) -> list[Any]:
    """ReportLab's ``_split_blParaHard``, which makes the fragments of a paragraph's lines
    from ``start`` (the part that goes on the next page), but for one thing: it put a
    space at the end of every line to join the next, and Chinese lines end with no space
    (one broke between two ideographs): there it puts none."""
    frags: list[Any] = []
    lines = para.lines[start:stop]
    for line in lines:
        frags.extend(line.words)
        if line is lines[-1]:
            continue
        index = len(frags) - 1
        while index >= 0 and hasattr(frags[index], "cbDefn") and not getattr(frags[index].cbDefn, "width", 0):
            index -= 1
        if index < 0:
            continue
        last = frags[index]
        if not last.text:
            last.text = " "
        elif last.text[-1] != " " and ord(last.text[-1]) < _IDEOGRAPHIC:
            last.text += " "
    return frags


_IDEOGRAPHIC = 0x2E80  # from here on: CJK and its full-width punctuation
reportlab_paragraph._split_blParaHard = _rest_of_lines  # type: ignore[attr-defined]

# The characters that may not start a line, which ReportLab's CJK wrapping hangs at the
# end of the line before: its list is Japanese's, without Chinese's full-width comma,
# semicolon, colon, marks and closing title brackets.
_CHINESE_CANNOT_START = "，；：！？》〉"
reportlab_paragraph.ALL_CANNOT_START = reportlab_paragraph.ALL_CANNOT_START + _CHINESE_CANNOT_START  # type: ignore[attr-defined]


@cache
def east_asian() -> dict[str, ParagraphStyle]:
    """The styles for a Chinese (or Japanese, Korean) document: lines may break between
    any two ideographs, but not before closing punctuation nor after opening
    (ReportLab's CJK wrapping and its list of characters that cannot start a line)."""
    wrapping = {}
    for name, style in paragraph_styles().items():
        clone = copy.copy(style)
        clone.name = f"{name}_cjk"
        clone.wordWrap = "CJK"
        wrapping[name] = clone
    return wrapping


def styles_for(language: str, direction: str) -> dict[str, ParagraphStyle]:
    if direction == "rtl":
        return right_to_left()
    if language.split("-")[0].lower() in ("zh", "ja", "ko"):
        return east_asian()
    return paragraph_styles()
