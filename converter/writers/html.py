"""Writer for HTML: one self-contained, accessible page, from Jinja2 templates.

The page has no script and makes no external request: CSS is inlined and
every style value comes from the shared theme as a CSS custom property.
Templates live in ``templates/html/`` (one macro per node kind in
``nodes.html.j2``); ``--template-dir`` puts a user's files first.  Source
text reaches templates only as data and is always escaped.
"""

from __future__ import annotations

import base64
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any

from ..deferred import jinja2_imported_lazily

with jinja2_imported_lazily():  # first: markupsafe, below, is Jinja2's too
    import jinja2

from markupsafe import Markup

from ..errors import RenderError
from ..fontsubset import FACES, repertoire, subset
from ..kept import KeptFor
from ..model import Item, Pos
from ..records import record
from ..resources import owned_privately, templates_dir, trusted_cache_file, user_cache_dir
from ..theme import Font, Style, Theme, load_theme
from ..wording import wording
from . import WriteOptions
from .clean import clean_text
from .plan import Anchors, ContentsEntry, DocumentPlan, Plan, Properties, direction, plan
from .visitor import handler_in, kind_of

# Where the theme's CSS ends in the page: the @font-face rules go there once the page's
# characters are known.
_FONT_FACES = "/* r2p-convert: font faces */"


def write(item: Item, options: WriteOptions) -> bytes:
    env = _environment(str(options.template_dir) if options.template_dir else None)
    try:
        page = env.get_template("page.html.j2").render(**_page_context(plan(item), options))
    except jinja2.TemplateError as err:
        where = getattr(err, "filename", None) or "a template"
        raise RenderError(f"html: template error in {where}: {err.message}", item.pos) from None
    if _FONT_FACES in page:
        page = page.replace(_FONT_FACES, font_faces_css(load_theme(), set(page)), 1)
    return page.encode("utf-8")


def font_faces_css(theme: Theme, used: set[str]) -> str:
    """@font-face rules for the theme's fonts, each face a WOFF2 subset of the characters
    the page uses (``fontsubset.py``) in a data URI: a page posted or mailed alone still
    shows PT Serif, as the PDF and the DOCX do (a font file beside the page would be lost
    when the page is copied without it)."""
    rules = []
    fonts = {font.name: font for font in theme.fonts.values()}
    for font in fonts.values():
        points = repertoire(font, used, theme.fonts["serif"])
        if not points:
            continue  # a script's face the page has no character of
        for face in FACES:
            data = base64.b64encode(subset(font, face, points, "woff2")).decode("ascii")
            weight = 700 if face.startswith("bold") else 400
            style = "italic" if face.endswith("italic") else "normal"
            rules.append(
                f"@font-face{{font-family:{_css_string(font.name)};font-style:{style};font-weight:{weight};"
                f'font-display:swap;src:url(data:font/woff2;base64,{data}) format("woff2")}}'
            )
    return "\n".join(rules)


@cache
def _environment(template_dir: str | None) -> jinja2.Environment:
    """One environment per template directory, per process: templates compile once."""
    builtin = str(templates_dir() / "html")
    search = [template_dir, builtin] if template_dir else [builtin]
    # "builtin/page.html.j2" always names our own file, so a user's page can extend it.
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(builtin)}),
        jinja2.FileSystemLoader(search),
    ])  # fmt: skip
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["kind"] = lambda node: kind_of(node, "html")
    env.filters["handler"] = lambda table, node: handler_in(table, node, "html")
    env.filters["clean"] = _clean_filter
    env.filters["direction"] = direction  # a language's: "rtl" for Arabic
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling costs ~50 ms, loading ~1 ms.

    Entries are keyed by each template's source, so an edited template (ours or
    a user's) is compiled afresh.  Without a writable cache directory, no cache.
    """
    folder = user_cache_dir()
    if folder is None:
        return None
    templates = folder / f"jinja2-{jinja2.__version__}"
    try:
        templates.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(templates)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or not owned_privately(info):
        return None
    return _TrustedBytecodeCache(str(templates))


class _TrustedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's file cache holds pickled code: load only files this user wrote."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if trusted_cache_file(Path(self._get_cache_filename(bucket))):
            super().load_bytecode(bucket)


@jinja2.pass_context
def _clean_filter(context: jinja2.runtime.Context, value: Any, pos: Pos | None) -> str:
    return clean_text(str(value), pos, context["warn"], "html")


@record
class RenderContext:
    """What node macros need beyond the node: the document's plan, its anchors, its wording."""

    plan: DocumentPlan | None  # None for the cover note of a pack
    anchors: Anchors
    words: dict[str, Any]


def _page_context(the_plan: Plan, options: WriteOptions) -> dict[str, Any]:
    properties = the_plan.properties
    language = properties.language
    words = wording(language)
    documents = [
        (document.doc, RenderContext(document, document.anchors, wording(document.language)))
        for document in the_plan.documents
    ]
    return {
        "lang": language,
        "dir": properties.direction,
        "head_title": properties.title,
        "description": properties.description,
        "generator": properties.generator,
        "dublin_core": _dublin_core(properties),
        "theme_css": Markup(theme_css(load_theme(), words, the_plan.running_head)),
        "documents": documents,
        "cover": the_plan.cover,
        "contents": _nested(the_plan.contents),
        "cover_context": RenderContext(None, Anchors("cover-", "cover"), words),
        "words": words,
        "footer": the_plan.running_head,
        "warn": options.warn,
    }


def _nested(entries: tuple[ContentsEntry, ...]) -> list[tuple[ContentsEntry, list[ContentsEntry]]]:
    """The pack's contents as documents, each with its sections (for nested lists)."""
    tree: list[tuple[ContentsEntry, list[ContentsEntry]]] = []
    for entry in entries:
        if entry.level == 0 or not tree:
            tree.append((entry, []))
        else:
            tree[-1][1].append(entry)
    return tree


def _dublin_core(properties: Properties) -> list[tuple[str, str]]:
    pairs = [
        ("DC.title", properties.title),
        ("DC.language", properties.language),
        ("DC.date", properties.date.isoformat() if properties.date else ""),
        ("DC.type", properties.doc_type),
        ("DC.publisher", properties.publisher),
        ("DC.creator", properties.author),
        ("DC.identifier", properties.identifier),
    ]
    return [(name, value) for name, value in pairs if value]


# --- the theme as CSS custom properties ------------------------------------------------


# The theme's left and right are a line's start and end: they mirror in Arabic.
_LOGICAL_ALIGN = {"left": "start", "right": "end"}


def _font_stack(theme: Theme, font: Font) -> str:
    """A style's face, then the scripts' faces (the browser takes each character from the
    first face that has it, as the PDF does), then everyone's fallbacks."""
    scripts = [other for other in theme.fonts.values() if other.script and other.name != font.name]
    names = ", ".join(_css_string(each.name) for each in (font, *scripts))
    return ", ".join([names, *(each.fallback for each in (font, *scripts))])


def theme_css(theme: Theme, words: dict[str, Any] | None = None, running_head: str = "") -> str:
    """The theme, translated once: ``:root`` custom properties and the @page rule
    (with "Page X of Y" and the running head in its margin boxes, for print)."""
    return f"{_root_rule(theme)}\n{_page_rule(theme, words, running_head)}\n{_FONT_FACES}"


_ROOT_RULES: KeptFor[str] = KeptFor(4)  # by the theme (themes are never changed)


def _root_rule(theme: Theme) -> str:
    """``:root`` with the theme's custom properties, made once a theme (a batch's every
    page has the same)."""
    return _ROOT_RULES.get((theme,), lambda: _root_rule_of(theme))


def _root_rule_of(theme: Theme) -> str:
    props: dict[str, str] = {}
    for name, value in theme.colors.items():
        props[f"color-{name}"] = value
    for name, style in theme.styles.items():
        font = theme.fonts[style.font]
        props[f"{name}-font"] = _font_stack(theme, font)
        props[f"{name}-size"] = f"{style.size:g}pt"
        props[f"{name}-leading"] = f"{style.leading / style.size:.3f}"
        props[f"{name}-color"] = style.color
        props[f"{name}-weight"] = "bold" if style.bold else "normal"
        props[f"{name}-style"] = "italic" if style.italic else "normal"
        props[f"{name}-align"] = _LOGICAL_ALIGN.get(style.align, style.align)
        props[f"{name}-space-before"] = f"{style.space_before:g}pt"
        props[f"{name}-space-after"] = f"{style.space_after:g}pt"
    for name in ("number_indent", "list_indent", "quote_indent", "preamble_indent", "signature_indent"):
        props[name.replace("_", "-")] = f"{getattr(theme, name):.2f}pt"
    props["screen-measure"] = theme.screen["measure"]
    props["screen-padding"] = theme.screen["padding"]
    body = "".join(f"--{key}:{_css_value(value)};" for key, value in props.items())
    return f":root{{{body}}}"


def _page_rule(theme: Theme, words: dict[str, Any] | None, running_head: str) -> str:
    """@page: size and margins, and for print the running head and "Page X of Y"
    in the margin boxes (the head left off the first page, which has the masthead)."""
    page = theme.page
    sides = (page.margin_top, page.margin_right, page.margin_bottom, page.margin_left)
    rule = f"size:{page.size};margin:{' '.join(f'{side:.2f}pt' for side in sides)};"
    if words is None:
        return f"@page{{{rule}}}"
    before, _, rest = words["page_x_of_y"].partition("{page}")
    middle, _, after = rest.partition("{pages}")
    counter = " ".join(
        (_css_string(before), "counter(page)", _css_string(middle), "counter(pages)", _css_string(after))
    )
    rule += f"@bottom-center{{content:{counter};{_box_font(theme.styles['footer'])}}}"
    if not running_head:
        return f"@page{{{rule}}}"
    rule += f"@top-right{{content:{_css_string(running_head)};{_box_font(theme.styles['header'])}}}"
    return f"@page{{{rule}}}@page:first{{@top-right{{content:none;}}}}"


def _box_font(style: Style) -> str:
    return f"font:{style.size:g}pt var(--{style.name}-font);color:{style.color};"


def _css_string(text: str) -> str:
    """Text as a CSS string literal: escaped, so it cannot end the string or the style element."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-–()" else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def _css_value(value: str) -> str:
    """Theme values are trusted configuration, but must not close the style element."""
    if "<" in value or ";" in value or "}" in value:
        raise RenderError(f"theme value {value!r} cannot be used in CSS")
    return value
