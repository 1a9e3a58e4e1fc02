"""Writer for DOCX: the file people circulate for comment, built with python-docx.

Structure is Word's own: named styles (from the theme, or from the user's
``--reference-docx``) and no direct formatting, automatic numbering for
numbered paragraphs, real footnotes, hyperlinks and bookmarks on the plan's
anchors, a running header from page 2 and a "Page X of Y" footer of fields.
Output is byte-identical for the same input.

The package is assembled in phases, each in its own module:

1. ``package.py``: open the base package (styles, numbering, a footnotes part),
   prepared and read once per process from python-docx's template or the
   reference document (``styles.py`` puts the theme's styles in it): each
   document gets fresh copies of its parts;
2. ``layout.py``: draw the plan (``writers/plan.py``) and every block into it;
3. ``fonts.py``: embed the theme's fonts, cut to what the text needs;
4. ``package.py``: save it as a zip with fixed timestamps.

``xml.py`` holds the WordprocessingML fragments python-docx has no API for.
"""

from __future__ import annotations

from ...model import Item
from ...resources import keep_marshalled, read_marshalled
from ...theme import load_theme
from .. import WriteOptions
from ..plan import plan
from .fonts import embed_fonts
from .layout import Layout, StyleFacts
from .package import base, package_bytes


def write(item: Item, options: WriteOptions) -> bytes:
    the_plan = plan(item)
    base_package = base(options.reference_docx)
    document = base_package.document()
    theme = load_theme()
    pages = _contents_pages(item) if the_plan.is_pack else None
    facts = base_package.style_facts or _kept_style_facts(base_package.key)
    layout = Layout(document, theme, options.warn, facts)
    if facts is None:
        _keep_style_facts(base_package.key, layout.facts)
    base_package.style_facts = layout.facts
    layout.draw(the_plan, pages)
    embed_fonts(document, theme)
    return package_bytes(document, the_plan.properties.timestamp)


def _contents_pages(item: Item) -> dict[str, int]:
    """A pack's contents need page numbers before Word or LibreOffice paginate: the PDF
    writer's layout gives them (same theme, page size and fonts).  The one place a writer
    uses another, and only for packs; its warnings were given by the DOCX writer itself."""
    from ..pdf import contents_pages

    return contents_pages(item, WriteOptions())


# What the base package's styles are (``layout.StyleFacts``) is kept in the user's cache
# beside the base package, as plain data: reading every style of it cost a single run 6 ms.
# The name carries the base package's key (its code, theme and reference document).
def _facts_name(key: str) -> str:
    return f"docx-style-facts-{key}-1.marshal"


def _kept_style_facts(key: str) -> StyleFacts | None:
    plain = read_marshalled(_facts_name(key))
    if not isinstance(plain, tuple) or len(plain) != 2:
        return None
    ids, applied = plain
    if not isinstance(ids, dict) or not isinstance(applied, list):
        return None
    try:
        return StyleFacts.from_plain(ids, applied)
    except (ValueError, TypeError, KeyError):  # damaged or foreign: read from the styles
        return None


def _keep_style_facts(key: str, facts: StyleFacts) -> None:
    keep_marshalled(_facts_name(key), facts.to_plain())
