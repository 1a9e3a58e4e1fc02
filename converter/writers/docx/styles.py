"""Word styles from the theme: named paragraph and character styles, the masthead table
style, the numbering definition of numbered paragraphs, the page set-up, and the
description of the theme's fonts.  A reference document's own styles win where it
has them.  All but ``default_language`` are applied once, to the base package
(``package.py``); ``default_language`` sets each document's language in them.
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
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
    "quote": "Quote",
    "masthead": "Masthead",
    "masthead_right": "Masthead Right",
    "cover": "Cover Detail",
    "kind": "Document Kind",
    "title": "Title",
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "heading3": "Heading 3",
    "footnote": "Footnote Text",
    "header": "Header",
    "footer": "Footer",
}
MASTHEAD_TABLE = "Masthead Table"
THEME_KEYS = {"masthead_right": "masthead"}  # Word styles made from another theme style
CHARACTER_STYLES = ("Emphasis", "Strong", "Strong Emphasis", "Hyperlink", "Footnote Reference")
KEEP_STYLES = {
    MASTHEAD_TABLE,
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
    """Our styles from the theme; a reference document's own styles win where it has them."""
    styles = document.styles
    for key, name in STYLE_NAMES.items():
        style = find_style(styles, name, WD_STYLE_TYPE.PARAGRAPH)
        if style is None or overwrite:
            style = style or styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            _apply_paragraph_style(style, theme.styles[THEME_KEYS.get(key, key)], theme)
            style.base_style = styles["Normal"] if name != "Normal" else None
            if key == "masthead_right":  # the masthead's right-hand column
                style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if find_style(styles, MASTHEAD_TABLE, WD_STYLE_TYPE.TABLE) is None or overwrite:
        _masthead_table_style(styles, theme)
    for name in CHARACTER_STYLES:
        style = find_style(styles, name, WD_STYLE_TYPE.CHARACTER)
        if style is None or overwrite:
            style = style or styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
            _apply_character_style(style, name, theme)
    if overwrite:
        _apply_paragraph_style(styles["Normal"], theme.styles["base"], theme)
    for key in ("quote", "list_item"):  # indents that make these blocks what they are
        _indent(find_style(styles, STYLE_NAMES[key], WD_STYLE_TYPE.PARAGRAPH), theme, key)


def _masthead_table_style(styles: Any, theme: Theme) -> None:
    """A borderless table style with the theme's rule below it and no cell padding at the sides."""
    style = find_style(styles, MASTHEAD_TABLE, WD_STYLE_TYPE.TABLE) or styles.add_style(
        MASTHEAD_TABLE, WD_STYLE_TYPE.TABLE
    )
    for old in style.element.findall(qn("w:tblPr")):
        style.element.remove(old)
    rule = theme.colors["rule"].lstrip("#").upper()
    border = f'<w:bottom w:val="single" w:sz="4" w:space="0" w:color="{rule}"/>'
    margins = '<w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
    properties = f"<w:tblBorders>{border}</w:tblBorders><w:tblCellMar>{margins}</w:tblCellMar>"
    style.element.append(parse_xml(f"<w:tblPr {nsdecls('w')}>{properties}</w:tblPr>"))


def find_style(styles: Any, name: str, kind: Any) -> Any:
    """The style of that name and type, if the document has one."""
    for style in styles:
        if style.name == name and style.type == kind:
            return style
    return None


def _apply_paragraph_style(style: Any, spec: Style, theme: Theme) -> None:
    element = style.element
    for tag in ("w:pPr", "w:rPr"):  # a clean slate: no template borders or colours left over
        for old in element.findall(qn(tag)):
            element.remove(old)
    font = style.font
    font.name = theme.fonts[spec.font].name
    font.size = Pt(spec.size)
    font.bold, font.italic = spec.bold, spec.italic
    font.color.rgb = RGBColor.from_string(spec.color.lstrip("#").upper())
    fmt = style.paragraph_format
    fmt.alignment = ALIGN[spec.align]
    fmt.space_before, fmt.space_after = Pt(spec.space_before), Pt(spec.space_after)
    fmt.line_spacing = Pt(spec.leading)
    fmt.keep_with_next = spec.keep_with_next
    fmt.widow_control = True
    if spec.name.startswith("heading"):
        _outline_level(style, int(spec.name[-1]) - 1)


def _outline_level(style: Any, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level}"/>'))


def _indent(style: Any, theme: Theme, key: str) -> None:
    if style is None:
        return
    if key == "quote":
        style.paragraph_format.left_indent = style.paragraph_format.right_indent = Pt(theme.quote_indent)
    else:  # list items hang their label, like numbered paragraphs, one step further in
        style.paragraph_format.left_indent = Pt(theme.number_indent + theme.list_indent)
        style.paragraph_format.first_line_indent = Pt(-theme.list_indent)
        _tab_stop(style, theme.number_indent + theme.list_indent)


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


def add_numbering(document: Any, theme: Theme) -> None:
    """One list definition for numbered paragraphs, hanging the number in the margin."""
    numbering = document.part.numbering_part.element
    indent = round(theme.number_indent * TWIPS_PER_PT)
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
                          default=0)  # fmt: skip
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/><w:name w:val="r2p numbered paragraphs"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="{indent}"/></w:tabs>'
        f'<w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = add_num(numbering, abstract_id, restart=False)
    style = find_style(document.styles, STYLE_NAMES["numbered"], WD_STYLE_TYPE.PARAGRAPH)
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))


def add_num(numbering: Any, abstract_id: int, restart: bool) -> int:
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
        )
    )
    return num_id


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


def default_language(document: Any, language: str) -> None:
    """The language Word and LibreOffice check spelling in and tag the PDF export with."""
    styles = document.styles.element
    defaults = child(styles, "w:docDefaults", first=True)
    rpr_default = child(defaults, "w:rPrDefault", first=True)
    rpr = child(rpr_default, "w:rPr")
    lang = child(rpr, "w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:bidi"), language)
    # A house template's styles may name their own language ("en-US" in Normal, say),
    # which would mark a French text as English: the document's language wins there too.
    for style_lang in styles.iterfind(f"{qn('w:style')}/{qn('w:rPr')}/{qn('w:lang')}"):
        if style_lang.get(qn("w:val")):
            style_lang.set(qn("w:val"), language)
