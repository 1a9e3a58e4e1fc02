"""Loads the one theme every writer uses (``templates/theme.yaml``).

Each writer translates the resolved theme once: CSS custom properties for
HTML, named Word styles for DOCX, ParagraphStyles for PDF.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from .keptyaml import load_kept
from .records import record
from .resources import data_file

MM = 72 / 25.4
PAGE_SIZES = {"A4": (210 * MM, 297 * MM), "LETTER": (612.0, 792.0)}
STYLE_NAMES = (
    "base",
    "body",
    "numbered",
    "list_item",
    "quote",
    "preamble",
    "summary",
    "signature",
    "annex",
    "masthead",
    "masthead_un",
    "masthead_symbol",
    "session_organ",
    "masthead_organ",
    "agenda_title",
    "cover",
    "kind",
    "title",
    "cover_title",
    "cover_subtitle",
    "heading1",
    "heading2",
    "heading3",
    "footnote",
    "header",
    "footer",
)


def length(value: Any) -> float:
    """A theme length in points: 11, "11pt", "25mm"."""
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text.endswith("mm"):
        return float(text[:-2]) * MM
    if text.endswith("pt"):
        return float(text[:-2])
    return float(text)


@record
class Font:
    """A font family of the theme: its name and the files of its four faces."""

    name: str
    package: str
    files: dict[str, str]  # face ("regular", "bold", "italic", "bold_italic") -> file name
    fallback: str
    panose: str  # the face's PANOSE classification, for DOCX font substitution
    folder: str = "files"  # where in its package the files are
    script: str = ""  # "": the text face; "arabic" or "east_asian": a face for those scripts


@record
class Style:
    """A named style of the theme, with its parents' settings filled in."""

    name: str
    font: str  # a key of Theme.fonts
    size: float
    leading: float
    color: str  # "#rrggbb"
    align: str  # left, right, center, justify
    space_before: float
    space_after: float
    bold: bool = False
    italic: bool = False
    keep_with_next: bool = False
    parent: str | None = None  # the style it inherits from (None for base)


@record
class Page:
    """Page size and margins, in points."""

    size: str
    width: float
    height: float
    margin_top: float
    margin_bottom: float
    margin_left: float
    margin_right: float
    header_distance: float
    footer_distance: float


@record
class Theme:
    """The resolved theme every writer translates."""

    page: Page
    fonts: dict[str, Font]
    colors: dict[str, str]
    styles: dict[str, Style]
    number_indent: float
    list_indent: float
    quote_indent: float
    preamble_indent: float
    signature_indent: float
    screen: dict[str, str]  # for the HTML page on screen: CSS lengths such as "46em"
    heading_labels: tuple[str, str, str] = ("upper-roman", "upper-alpha", "decimal")  # counters by level


@cache
def load_theme(path: Path | None = None) -> Theme:
    """The theme, resolved (the parsed file kept in the user's cache: ``keptyaml.py``)."""
    return _resolve(load_kept(path or data_file("theme.yaml")))


def _resolve(raw: Any) -> Theme:
    colors = {key: str(value) for key, value in raw["colors"].items()}
    return Theme(
        page=_page(raw["page"]),
        fonts={key: _font(key, value) for key, value in raw["fonts"].items()},
        colors=colors,
        styles={name: _style(name, raw["styles"], colors) for name in STYLE_NAMES},
        number_indent=length(raw["number_indent"]),
        list_indent=length(raw["list_indent"]),
        quote_indent=length(raw["quote_indent"]),
        preamble_indent=length(raw.get("preamble_indent", raw["number_indent"])),
        signature_indent=length(raw.get("signature_indent", "80mm")),
        screen={key: str(value) for key, value in raw["screen"].items()},
        heading_labels=_heading_labels(raw.get("heading_labels")),
    )


def _heading_labels(raw: Any) -> tuple[str, str, str]:
    from .counters import COUNTERS

    counters = tuple(str(value) for value in (raw or ("upper-roman", "upper-alpha", "decimal")))
    if len(counters) != 3 or any(counter not in COUNTERS for counter in counters):
        raise ValueError(f"theme heading_labels: three of {', '.join(COUNTERS)}, not {raw!r}")
    return counters[0], counters[1], counters[2]


def _page(raw: dict[str, Any]) -> Page:
    size = str(raw.get("size", "A4")).upper()
    width, height = PAGE_SIZES[size]
    lengths = {key: length(value) for key, value in raw.items() if key != "size"}
    return Page(size=size, width=width, height=height, **lengths)


def _font(key: str, raw: dict[str, Any]) -> Font:
    faces = ("regular", "bold", "italic", "bold_italic")
    return Font(
        name=raw["name"],
        package=raw["package"],
        files={face: raw[face] for face in faces},
        fallback=raw.get("fallback", "serif"),
        panose=str(raw.get("panose", "02020603050405020304")),
        folder=str(raw.get("folder", "files")),
        script=str(raw.get("script", "")),
    )


def _style(name: str, styles: dict[str, dict[str, Any]], colors: dict[str, str]) -> Style:
    settings = _inherited(name, styles)
    return Style(
        name=name,
        font=settings["font"],
        size=length(settings["size"]),
        leading=length(settings["leading"]),
        color=colors[settings["color"]],
        align=settings["align"],
        space_before=length(settings["space_before"]),
        space_after=length(settings["space_after"]),
        bold=bool(settings.get("bold", False)),
        italic=bool(settings.get("italic", False)),
        keep_with_next=bool(settings.get("keep_with_next", False)),
        parent=styles[name].get("parent"),
    )


def _inherited(name: str, styles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A style's settings with its parents' filled in beneath them."""
    chain = []
    current: str | None = name
    while current is not None:
        chain.append(styles[current])
        current = styles[current].get("parent")
    merged: dict[str, Any] = {}
    for settings in reversed(chain):
        merged.update({key: value for key, value in settings.items() if key != "parent"})
    return merged
