"""Writer for HTML: one self-contained, accessible page, from Jinja2 templates.

The page has no script and makes no external request: CSS is inlined and
every style value comes from the shared theme as a CSS custom property.
Templates live in ``templates/html/`` (one macro per node kind in
``nodes.html.j2``); ``--template-dir`` puts a user's files first.  Source
text reaches templates only as data and is always escaped.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from .. import __version__
from ..errors import RenderError
from ..model import Document, Heading, Item, Pack, Pos, documents_of, heading_title
from ..resources import templates_dir, user_cache_dir
from ..theme import Style, Theme, load_theme
from ..wording import dateline, format_date, wording
from . import WriteOptions
from .clean import clean_text

RTL_LANGUAGES = {"ar", "he", "fa", "ur", "ps", "sd", "yi", "dv", "ug", "ckb"}


def write(item: Item, options: WriteOptions) -> bytes:
    env = _environment(str(options.template_dir) if options.template_dir else None)
    try:
        page = env.get_template("page.html.j2").render(**_page_context(item, options))
    except jinja2.TemplateError as err:
        where = getattr(err, "filename", None) or "a template"
        raise RenderError(f"html: template error in {where}: {err.message}", item.pos) from None
    return page.encode("utf-8")


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
    env.filters["kind"] = lambda node: type(node).__name__
    env.filters["clean"] = _clean_filter
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
    templates.mkdir(exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(templates))


@jinja2.pass_context
def _clean_filter(context: jinja2.runtime.Context, value: Any, pos: Pos | None) -> str:
    return clean_text(str(value), pos, context["warn"], "html")


@dataclass
class RenderContext:
    """What node macros need beyond the node: ids (prefixed in packs) and wording."""

    prefix: str
    words: dict[str, Any]
    dateline: str
    doc_id: str = "doc"  # the document's own anchor: doc-K in a pack
    _sections: itertools.count = field(default_factory=lambda: itertools.count(1))
    _calls: dict[int, int] = field(default_factory=dict)
    _last_rank: int = 1  # the title is the h1 (in a pack, h2: rank 2 headings follow it either way)

    def id(self, kind: str, number: int | None = None) -> str:
        return f"{self.prefix}{kind}" + (f"-{number}" if number is not None else "")

    def ref_id(self, number: int) -> str:
        """The first call of note N is ``ref-N``; later calls ``ref-N-2``, ``ref-N-3``..."""
        self._calls[number] = self._calls.get(number, 0) + 1
        suffix = "" if self._calls[number] == 1 else f"-{self._calls[number]}"
        return self.id("ref", number) + suffix

    def heading_rank(self, level: int) -> int:
        """h2-h4 for levels 1-3, never skipping a rank (h2 then h4), which screen readers
        and axe-core's heading-order rule both object to."""
        rank = min(level + 1, self._last_rank + 1)
        self._last_rank = rank
        return rank

    def next_section_id(self) -> str:
        return self.id("sec", next(self._sections))

    def sections(self, doc: Document) -> list[tuple[str, str]]:
        headings = [block for block in doc.blocks if isinstance(block, Heading)]
        return [(self.id("sec", n), heading_title(h)) for n, h in enumerate(headings, 1) if h.level == 1]


def _page_context(item: Item, options: WriteOptions) -> dict[str, Any]:
    language = item.meta.language
    words = wording(language)
    docs = documents_of(item)
    contexts = [_document_context(doc, index, isinstance(item, Pack)) for index, doc in enumerate(docs, 1)]
    first = docs[0].meta
    pack = item.meta if isinstance(item, Pack) else None
    return {
        "lang": language,
        "dir": "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr",
        "head_title": item.meta.title,
        "description": _description(item),
        "generator": f"r2p-convert {__version__}",
        "dublin_core": _dublin_core(item),
        "theme_css": Markup(theme_css(load_theme(), words, item.meta.title if pack else first.running_head)),
        "documents": list(zip(docs, contexts, strict=True)),
        "pack": pack,
        "pack_date": format_date(pack.date, language) if pack and pack.date else "",
        "cover_note": item.cover_note if isinstance(item, Pack) else (),
        "cover_context": RenderContext("cover-", words, ""),
        "words": words,
        "footer": item.meta.title if pack else first.running_head,
        "warn": options.warn,
    }


def _document_context(doc: Document, index: int, in_pack: bool) -> RenderContext:
    meta = doc.meta
    return RenderContext(
        prefix=f"doc-{index}-" if in_pack else "",
        words=wording(meta.language),
        dateline=dateline(meta.place, meta.date, meta.language),
        doc_id=f"doc-{index}" if in_pack else "doc",
    )


def _description(item: Item) -> str:
    if isinstance(item, Pack):
        return item.meta.subtitle or item.meta.title
    meta = item.meta
    return " – ".join(part for part in (meta.kind, meta.organ, meta.title) if part)


def _dublin_core(item: Item) -> list[tuple[str, str]]:
    meta = item.meta
    pairs = [("DC.title", meta.title), ("DC.language", meta.language)]
    if meta.date:
        pairs.append(("DC.date", meta.date.isoformat()))
    if isinstance(item, Document):
        pairs += [
            ("DC.type", item.meta.kind),
            ("DC.publisher", item.meta.organ),
            ("DC.creator", item.meta.author or item.meta.organ),
        ]
        pairs.append(("DC.identifier", item.meta.symbol))
    else:
        pairs.append(("DC.creator", item.meta.prepared_by))
    return [(name, value) for name, value in pairs if value]


# --- the theme as CSS custom properties ------------------------------------------------


def theme_css(theme: Theme, words: dict[str, Any] | None = None, running_head: str = "") -> str:
    """The theme, translated once: ``:root`` custom properties and the @page rule
    (with "Page X of Y" and the running head in its margin boxes, for print)."""
    props: dict[str, str] = {}
    for name, value in theme.colors.items():
        props[f"color-{name}"] = value
    for name, style in theme.styles.items():
        font = theme.fonts[style.font]
        props[f"{name}-font"] = f'"{font.name}", {font.fallback}'
        props[f"{name}-size"] = f"{style.size:g}pt"
        props[f"{name}-leading"] = f"{style.leading / style.size:.3f}"
        props[f"{name}-color"] = style.color
        props[f"{name}-weight"] = "bold" if style.bold else "normal"
        props[f"{name}-style"] = "italic" if style.italic else "normal"
        props[f"{name}-align"] = style.align
        props[f"{name}-space-before"] = f"{style.space_before:g}pt"
        props[f"{name}-space-after"] = f"{style.space_after:g}pt"
    for name in ("number_indent", "list_indent", "quote_indent"):
        props[name.replace("_", "-")] = f"{getattr(theme, name):.2f}pt"
    props["screen-measure"] = theme.screen["measure"]
    props["screen-padding"] = theme.screen["padding"]
    body = "".join(f"--{key}:{_css_value(value)};" for key, value in props.items())
    return f":root{{{body}}}\n{_page_rule(theme, words, running_head)}"


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
