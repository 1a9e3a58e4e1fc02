"""Writer for PDF: the version that is posted and printed, laid out with ReportLab platypus.

- ``fonts.py``: the theme's text face (PT Serif, from the fontpkg-pt-serif
  wheel), registered once per process, embedded and subset;
- ``styles.py``: the theme's styles as ParagraphStyles;
- ``flowables.py``: paragraphs that carry their footnotes and outline entry;
- ``story.py``: the plan (``writers/plan.py``) and every block as flowables;
- ``pages.py``: the page templates, footnotes at the foot of the page that
  calls them, the outline, running heads and "Page X of Y".

Navigation follows the plan's anchors: named destinations for paragraphs,
headings and notes (``file.pdf#para-8`` works), an outline, links.
"""

from __future__ import annotations

import io

from ...deferred import reportlab_imported_lazily

with reportlab_imported_lazily():  # first, as every module below imports ReportLab
    from reportlab.platypus.doctemplate import LayoutError  # (and all of platypus with it)

from ...errors import RenderError
from ...model import Item
from ...theme import load_theme
from .. import WriteOptions
from ..plan import plan
from .pages import DocTemplate
from .story import StoryBuilder


def write(item: Item, options: WriteOptions) -> bytes:
    return _build(item, options)[0]


def write_untagged(item: Item, options: WriteOptions) -> bytes:
    """The same pages without marked content or a structure tree (the tests compare their
    rendering with the tagged file's)."""
    return _build(item, options, tagged=False)[0]


def contents_pages(item: Item, options: WriteOptions) -> dict[str, int]:
    """The page each entry of a pack's contents starts on, as the PDF lays the pack out:
    the DOCX writer prints them in its contents before Word or LibreOffice update it
    (the DOCX's pages follow the same theme, page size and fonts)."""
    return _build(item, options)[1]


def _build(item: Item, options: WriteOptions, tagged: bool = True) -> tuple[bytes, dict[str, int]]:
    theme = load_theme()
    the_plan = plan(item)
    builder = StoryBuilder(theme, options.warn)
    story = builder.story(the_plan)
    out = io.BytesIO()
    doc = DocTemplate(out, theme, the_plan, builder)
    doc.tagged = tagged
    try:
        if the_plan.is_pack:
            doc.multiBuild(story, canvasmaker=doc.canvas_maker)  # contents need page numbers: two passes
        else:
            doc.build(story, canvasmaker=doc.canvas_maker)
    except LayoutError as err:
        where = doc.current_pos
        raise RenderError(f"pdf: cannot lay out this block: {str(err).split(' (')[0]}", where) from None
    return out.getvalue(), doc.contents_pages
