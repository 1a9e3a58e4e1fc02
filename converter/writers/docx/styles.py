"""Word styles from the theme: named paragraph and character styles, the masthead table
style, the numbering definition of numbered paragraphs, the page set-up, and the
description of the theme's fonts.  A reference document's own styles win where it
has them.  All but ``default_language`` are applied once, to the base package
(``package.py``); ``default_language`` sets each document's language in them.
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from lxml import etree

from ...theme import Style, Theme
from .xml import child

# Word style names (what users see) for each theme style.
STYLE_NAMES = {
    "body": "Body Text",
    "numbered": "Numbered Paragraph",
    "list_item": "List Item",
    "list_item_2": "List Item 2",
    "list_item_3": "List Item 3",
    "list_item_4": "List Item 4",
    "list_continue": "List Continue",
    "list_continue_2": "List Continue 2",
    "list_continue_3": "List Continue 3",
    "list_continue_4": "List Continue 4",
    "preamble": "Preambular Paragraph",
    "quote": "Quote",
    "summary": "Summary Text",
    "summary_heading": "Summary Heading",
    "annex": "Annex Heading",
    "annex_title": "Annex Title",
    "signature": "Signature",
    "masthead": "Masthead",
    "masthead_right": "Masthead Right",
    "masthead_un": "Masthead United Nations",
    "masthead_symbol": "Masthead Symbol",
    "masthead_organ": "Masthead Organ",
    "session_organ": "Session Organ",
    "agenda_title": "Agenda Title",
    "cover": "Cover Detail",
    "kind": "Document Kind",
    "title": "Title",
    "cover_title": "Cover Title",
    "cover_subtitle": "Cover Subtitle",
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "heading3": "Heading 3",
    "footnote": "Footnote Text",
    "toc_heading": "TOC Heading",
    "toc1": "TOC 1",
    "toc2": "TOC 2",
    "toc3": "TOC 3",  # unused by Word here: LibreOffice puts a TC field's level 2 in it
    "header": "Header",
    "footer": "Footer",
    "footer_job": "Job Number",
}
MASTHEAD_TABLE = "Masthead Table"
SESSIONS_TABLE = "Masthead Sessions"
SUMMARY_TABLE = "Summary Box"
TABLE_STYLES = (MASTHEAD_TABLE, SESSIONS_TABLE, SUMMARY_TABLE)
# Word styles made from another theme style (list levels share the list item's look).
THEME_KEYS = {
    "masthead_right": "masthead",
    "annex_title": "annex",  # as the annex's label, on the same page
    "toc_heading": "heading1",  # a pack's "Contents": a heading's look, but no entry of its own
    "toc1": "body",
    "toc2": "body",
    "toc3": "body",
    "summary_heading": "heading2",
    "footer_job": "footer",
    **{f"list_item_{depth}": "list_item" for depth in (2, 3, 4)},
    **{
        key: "list_item" for key in ("list_continue", "list_continue_2", "list_continue_3", "list_continue_4")
    },
}
LIST_DEPTHS = 4
WORD_FORMATS = {  # our counters -> Word's numFmt
    "decimal": "decimal",
    "lower-alpha": "lowerLetter",
    "upper-alpha": "upperLetter",
    "lower-roman": "lowerRoman",
    "upper-roman": "upperRoman",
    "bullet": "bullet",
}
CHARACTER_STYLES = ("Emphasis", "Strong", "Strong Emphasis", "Hyperlink", "Footnote Reference")
KEEP_STYLES = {
    *TABLE_STYLES,
    "Normal",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    *STYLE_NAMES.values(),
    *CHARACTER_STYLES,
}
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
TWIPS_PER_PT = 20


def prune_styles(document: Any) -> None:
    """Keep only the styles we use: a reader of the file sees our styles, not a template's."""
    styles = document.styles.element
    kept_ids = set()
    keep = _word_names(KEEP_STYLES)
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in keep:
            styles.remove(style)
        else:
            kept_ids.add(style.get(qn("w:styleId")))
    for style in styles.findall(qn("w:style")):
        for link in style.findall(qn("w:link")):
            if link.get(qn("w:val")) not in kept_ids:
                style.remove(link)


def _word_names(names: set[str]) -> set[str]:
    """Built-in styles are stored under lower-case names ("heading 1", "header")."""
    builtin = {"Normal Table": "Normal Table", "Heading 1": "heading 1", "Heading 2": "heading 2"}
    builtin |= {"Heading 3": "heading 3", "Header": "header", "Footer": "footer"}
    builtin |= {"Footnote Text": "footnote text", "Footnote Reference": "footnote reference"}
    return {builtin.get(name, name) for name in names} | names


def set_page(document: Any, theme: Theme) -> None:
    page = theme.page
    section = document.sections[0]
    section.page_width, section.page_height = Pt(page.width), Pt(page.height)
    section.top_margin, section.bottom_margin = Pt(page.margin_top), Pt(page.margin_bottom)
    section.left_margin, section.right_margin = Pt(page.margin_left), Pt(page.margin_right)
    section.header_distance, section.footer_distance = Pt(page.header_distance), Pt(page.footer_distance)


def ensure_styles(document: Any, theme: Theme, overwrite: bool) -> None:
    """Our styles from the theme, each based on the Word style of its theme parent (Body
    Text, Normal, Masthead...).  With a reference document (``overwrite`` false) its own
    styles win where it has them, and a style it lacks sets only what differs from its
    parent, so the house's font, size and colour reach it through the parent."""
    styles = document.styles
    made = []
    for key, name in STYLE_NAMES.items():
        style = find_style(styles, name, WD_STYLE_TYPE.PARAGRAPH)
        if style is not None and not overwrite:
            _without_numbering(style)
            continue
        spec = theme.styles[THEME_KEYS.get(key, key)]
        parent = THEME_KEYS.get(key, spec.parent)
        inherited = theme.styles[parent] if parent and not overwrite else None
        style = style or styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        _apply_paragraph_style(style, spec, theme, inherited)
        made.append((style, key, parent))
    for style, key, parent in made:  # once every style exists
        style.base_style = _word_style(styles, parent)
        _special_cases(style, key)
    for name, border in ((MASTHEAD_TABLE, "bottom"), (SESSIONS_TABLE, ""), (SUMMARY_TABLE, "box")):
        if find_style(styles, name, WD_STYLE_TYPE.TABLE) is None or overwrite:
            _table_style(styles, name, border, theme)
    for name in CHARACTER_STYLES:
        style = find_style(styles, name, WD_STYLE_TYPE.CHARACTER)
        if style is None or overwrite:
            style = style or styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
            _apply_character_style(style, name, theme)
    if overwrite:
        _apply_paragraph_style(styles["Normal"], theme.styles["base"], theme)
    for key in STYLE_NAMES:  # indents that make these blocks what they are
        _indent(find_style(styles, STYLE_NAMES[key], WD_STYLE_TYPE.PARAGRAPH), theme, key)


def _without_numbering(style: Any) -> None:
    """A reference document's style keeps its look but not its numbering: a LibreOffice
    "Heading 1" numbered I., II. would put labels in front of headings that have none in
    the source (ours come from the document, through add_numbering and the layout)."""
    ppr = style.element.pPr
    if ppr is not None:
        for numbering in ppr.findall(qn("w:numPr")):
            ppr.remove(numbering)


def _word_style(styles: Any, key: str | None) -> Any:
    """The Word style a theme style stands for: "base" is Normal."""
    if key is None or key == "base":
        return styles["Normal"]
    return find_style(styles, STYLE_NAMES[key], WD_STYLE_TYPE.PARAGRAPH) or styles["Normal"]


def _special_cases(style: Any, key: str) -> None:
    """What a style is for beyond its theme settings."""
    fmt = style.paragraph_format
    if key == "masthead_right":  # the masthead's right-hand column
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if key == "summary_heading":
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if key == "footer_job":  # the job number stands at the left of the first page's foot
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if key == "annex":  # an annex starts a new page, its title under its label
        fmt.page_break_before = True
        fmt.keep_with_next = True
    if key == "annex_title":  # under the label, on its page
        fmt.page_break_before = False
    if key == "toc_heading":  # a pack's contents start the page after the cover
        fmt.page_break_before = True
    if key in ("annex_title", "toc_heading", "summary_heading"):  # no outline entry (not their parent's)
        ppr = style.element.get_or_add_pPr()
        for level in ppr.findall(qn("w:outlineLvl")):
            ppr.remove(level)
        ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="9"/>'))


def _table_style(styles: Any, name: str, border: str, theme: Theme) -> None:
    """A table style: the masthead's (the theme's rule below it), the sessions' (no
    border), the summary's (a box); no cell padding at the sides but in the box."""
    style = find_style(styles, name, WD_STYLE_TYPE.TABLE) or styles.add_style(name, WD_STYLE_TYPE.TABLE)
    for old in style.element.findall(qn("w:tblPr")):
        style.element.remove(old)
    rule = theme.colors["rule"].lstrip("#").upper()
    line = f'w:val="single" w:sz="4" w:space="0" w:color="{rule}"'
    sides = ("top", "left", "bottom", "right") if border == "box" else (("bottom",) if border else ())
    borders = "".join(f"<w:{side} {line}/>" for side in sides)
    pad = box_padding(theme) if border == "box" else 0
    margins = f'<w:left w:w="{pad}" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/>'
    if border == "bottom":  # the masthead: "United Nations" and the symbol stand over a rule too
        first_row = f"<w:tcPr><w:tcBorders><w:bottom {line}/></w:tcBorders></w:tcPr>"
        style.element.append(
            parse_xml(f'<w:tblStylePr {nsdecls("w")} w:type="firstRow">{first_row}</w:tblStylePr>')
        )
    properties = (
        f"<w:tblBorders>{borders}</w:tblBorders>" if borders else ""
    ) + f"<w:tblCellMar>{margins}</w:tblCellMar>"
    style.element.append(parse_xml(f"<w:tblPr {nsdecls('w')}>{properties}</w:tblPr>"))


def box_padding(theme: Theme) -> int:
    """The summary box's padding at each side, in twips: half a quote's indent."""
    return round(theme.quote_indent * TWIPS_PER_PT / 2)


def find_style(styles: Any, name: str, kind: Any) -> Any:
    """The style of that name and type, if the document has one."""
    for style in styles:
        if style.name == name and style.type == kind:
            return style
    return None


def _apply_paragraph_style(style: Any, spec: Style, theme: Theme, parent: Style | None = None) -> None:
    """The theme's settings for a style; with ``parent``, only those that differ from it
    (the rest come through Word's basedOn)."""
    element = style.element
    for tag in ("w:pPr", "w:rPr"):  # a clean slate: no template borders or colours left over
        for old in element.findall(qn(tag)):
            element.remove(old)

    def differs(name: str) -> bool:
        return parent is None or getattr(spec, name) != getattr(parent, name)

    font = style.font
    if differs("font"):
        font.name = theme.fonts[spec.font].name
    if differs("size"):
        font.size = Pt(spec.size)
        _complex_script_size(style, spec.size)
    if differs("bold"):  # the complex-script (Arabic) faces follow the Latin ones
        font.bold = font.cs_bold = spec.bold
    if differs("italic"):
        font.italic = font.cs_italic = spec.italic
    if differs("color"):
        font.color.rgb = RGBColor.from_string(spec.color.lstrip("#").upper())
    fmt = style.paragraph_format
    if differs("align"):
        fmt.alignment = ALIGN[spec.align]
    if differs("space_before"):
        fmt.space_before = Pt(spec.space_before)
    if differs("space_after"):
        fmt.space_after = Pt(spec.space_after)
    if differs("leading"):
        fmt.line_spacing = Pt(spec.leading)
    if differs("keep_with_next"):
        fmt.keep_with_next = spec.keep_with_next
    fmt.widow_control = True
    if spec.name.startswith("heading"):
        _outline_level(style, int(spec.name[-1]) - 1)
    elif spec.name == "annex":  # annexes stand beside level-1 headings in outlines and contents
        _outline_level(style, 0)


def _complex_script_size(style: Any, size: float) -> None:
    """w:szCs beside w:sz: the size of Arabic text (Word sizes complex scripts apart)."""
    properties = style.element.get_or_add_rPr()
    for old in properties.findall(qn("w:szCs")):
        properties.remove(old)
    properties.find(qn("w:sz")).addnext(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{round(size * 2)}"/>'))


def _outline_level(style: Any, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level}"/>'))


def _indent(style: Any, theme: Theme, key: str) -> None:
    if style is None:
        return
    fmt = style.paragraph_format
    if key in ("quote", "summary_heading"):
        fmt.left_indent = fmt.right_indent = Pt(theme.quote_indent if key == "quote" else 0)
    elif key == "preamble":
        fmt.first_line_indent = Pt(theme.preamble_indent)
    elif key == "signature":
        fmt.left_indent = Pt(theme.signature_indent)
    elif key in ("toc1", "toc2", "toc3"):  # contents: the title, dot leaders, the page number at the right
        fmt.alignment = ALIGN["left"]
        fmt.left_indent = Pt((int(key[-1]) - 1) * theme.number_indent)
        page = theme.page
        width = page.width - page.margin_left - page.margin_right
        fmt.tab_stops.add_tab_stop(Pt(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    elif key.startswith("list_"):  # list items hang their label, one step further in per level
        depth = int(key[-1]) if key[-1].isdigit() else 1
        left = list_indent(theme, depth)
        fmt.left_indent = Pt(left)
        if key.startswith("list_item"):
            fmt.first_line_indent = Pt(-theme.list_indent)
            _tab_stop(style, left)
        else:  # a further paragraph of an item: flush at the item's text, not hanging as its parent
            fmt.first_line_indent = Pt(0)


def list_indent(theme: Theme, depth: int) -> float:
    """Where the text of a sub-paragraph of ``depth`` (1 for (a)) starts."""
    return theme.number_indent + depth * theme.list_indent


def _tab_stop(style: Any, position: float) -> None:
    style.paragraph_format.tab_stops.add_tab_stop(Pt(position))


def _apply_character_style(style: Any, name: str, theme: Theme) -> None:
    font = style.font
    if name in ("Emphasis", "Strong Emphasis"):
        font.italic = True
    if name in ("Strong", "Strong Emphasis"):
        font.bold = True
    if name == "Hyperlink":
        font.color.rgb = RGBColor.from_string(theme.colors["accent"].lstrip("#").upper())
        font.underline = True
    if name == "Footnote Reference":
        font.superscript = True


PARAGRAPHS_LIST = "r2p numbered paragraphs"
HEADINGS_LIST = "r2p heading labels"


def add_numbering(document: Any, theme: Theme) -> None:
    """The list definitions of the base package: numbered paragraphs (through their
    style, hanging the number in the margin) and heading labels (I., A., 1.: given to
    the headings of a document that asks for them)."""
    numbering = document.part.numbering_part.element
    indent = theme.number_indent
    abstract_id = add_abstract(numbering, PARAGRAPHS_LIST, [("decimal", "%1.", indent, indent)])
    counters = theme.heading_labels
    add_abstract(
        numbering,
        HEADINGS_LIST,
        [(WORD_FORMATS[counter], f"%{level + 1}.", indent, indent) for level, counter in enumerate(counters)],
    )
    num_id = add_num(numbering, abstract_id, restart=False)
    style = find_style(document.styles, STYLE_NAMES["numbered"], WD_STYLE_TYPE.PARAGRAPH)
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))


def add_num(numbering: Any, abstract_id: int, restart: bool, start: int = 1, levels: int = 1) -> int:
    """A list instance of ``abstract_id``; ``restart``: its counters start afresh (at
    ``start`` for the first level, 1 for the others)."""
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    override = ""
    if restart:
        override = "".join(
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start if not level else 1}"/>'
            "</w:lvlOverride>"
            for level in range(levels)
        )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
        )
    )
    return num_id


def add_abstract(numbering: Any, name: str, levels: list[tuple[str, str, float, float]]) -> int:
    """A list definition: for each level its Word number format, its label text ("%1.",
    "(%1)", "•"), where its text starts and how far the label hangs (points).  A level
    restarts after the one above it, as sub-paragraph and heading numbers do."""
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
                          default=0)  # fmt: skip
    kind = "singleLevel" if len(levels) == 1 else "multilevel"
    xml = [f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">',
           f'<w:multiLevelType w:val="{kind}"/><w:name w:val="{name}"/>']  # fmt: skip
    for level, (word_format, text, left, hanging) in enumerate(levels):
        left_twips, hanging_twips = round(left * TWIPS_PER_PT), round(hanging * TWIPS_PER_PT)
        restart = f'<w:lvlRestart w:val="{level}"/>' if level else ""
        xml.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{word_format}"/>{restart}'
            f'<w:lvlText w:val="{_attr(text)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left_twips}"/></w:tabs>'
            f'<w:ind w:left="{left_twips}" w:hanging="{hanging_twips}"/></w:pPr></w:lvl>'
        )
    xml.append("</w:abstractNum>")
    abstract = parse_xml("".join(xml))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return abstract_id


def abstract_named(numbering: Any, name: str) -> int:
    """The id of the list definition called ``name``."""
    for abstract in numbering.findall(qn("w:abstractNum")):
        label = abstract.find(qn("w:name"))
        if label is not None and label.get(qn("w:val")) == name:
            return int(abstract.get(qn("w:abstractNumId")))
    raise KeyError(name)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def describe_fonts(document: Any, theme: Theme) -> None:
    """Tell Word and LibreOffice what kind of face the theme's fonts are, so a machine
    without them substitutes a serif, not their default sans."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            table = parse_xml(rel.target_part.blob)
            break
    else:
        return
    for font in theme.fonts.values():
        table.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{font.name}"><w:panose1 w:val="{font.panose}"/>'
            '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
        ))  # fmt: skip
    rel.target_part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    _script_fonts(document, theme)


def _script_fonts(document: Any, theme: Theme) -> None:
    """The faces of the scripts the text face lacks, in the document defaults every style
    inherits: the East Asian font (Chinese) and the complex-script font (Arabic)."""
    slots = {"east_asian": "w:eastAsia", "arabic": "w:cs"}
    defaults = child(document.styles.element, "w:docDefaults", first=True)
    rpr = child(child(defaults, "w:rPrDefault", first=True), "w:rPr")
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for font in theme.fonts.values():
        if font.script in slots:
            fonts.set(qn(slots[font.script]), font.name)
            fonts.attrib.pop(qn(f"w:{'eastAsiaTheme' if font.script == 'east_asian' else 'cstheme'}"), None)


def default_language(document: Any, language: str) -> None:
    """The language Word and LibreOffice check spelling in and tag the PDF export with."""
    styles = document.styles.element
    defaults = child(styles, "w:docDefaults", first=True)
    rpr_default = child(defaults, "w:rPrDefault", first=True)
    rpr = child(rpr_default, "w:rPr")
    lang = child(rpr, "w:lang")
    lang.set(qn("w:val"), language)
    # Arabic and Chinese text is in those languages unless the document is (Word keeps
    # three languages a run: Latin, complex-script and East Asian)
    primary = language.split("-")[0].lower()
    lang.set(qn("w:bidi"), language if primary in ("ar", "fa", "he", "ur") else "ar-SA")
    lang.set(qn("w:eastAsia"), language if primary in ("zh", "ja", "ko") else "zh-CN")
    # A house template's styles may name their own language ("en-US" in Normal, say),
    # which would mark a French text as English: the document's language wins there too.
    for style_lang in styles.iterfind(f"{qn('w:style')}/{qn('w:rPr')}/{qn('w:lang')}"):
        if style_lang.get(qn("w:val")):
            style_lang.set(qn("w:val"), language)
