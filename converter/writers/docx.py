"""Writer for DOCX: the file people circulate for comment, built with python-docx.

Structure is Word's own: named styles (from the theme, or from the user's
``--reference-docx``) and no direct formatting, automatic numbering for
numbered paragraphs, real footnotes, hyperlinks and ``para-N`` bookmarks,
a running header from page 2 and a "Page X of Y" footer made of fields.

Text: tabs and line breaks inside a paragraph become spaces (every other
format shows them as spaces too); characters XML cannot hold are dropped
with a warning.  Output is byte-identical for the same input: zip entries
have fixed timestamps and dates come from the document or SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from .. import __version__
from ..errors import R2PError
from ..fileio import write_atomically
from ..model import (
    Document,
    EnumList,
    Heading,
    Item,
    NumberedPara,
    Pack,
    Para,
    Quote,
    documents_of,
    heading_title,
)
from ..resources import data_file, user_cache_dir
from ..theme import Style, Theme, load_theme
from ..wording import dateline, format_date, wording
from . import WriteOptions
from .clean import clean_text
from .runs import Run, flatten

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
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# python-docx reads parts it has no class for as opaque blobs; footnotes must stay XML.
PartFactory.part_type_for.setdefault(CT_FOOTNOTES, XmlPart)
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>r2p-convert {version}</Application><DocSecurity>0</DocSecurity></Properties>"
)


def write(item: Item, options: WriteOptions) -> bytes:
    document = docx.Document(io.BytesIO(_base_package(_reference_key(options))))
    builder = _Builder(document, load_theme(), options.warn)
    builder.build(item)
    out = io.BytesIO()
    document.save(out)
    return _normalised_zip(out.getvalue(), _timestamp(item))


# --- the base package: styles and numbering, prepared once per process -----------------


def _reference_key(options: WriteOptions) -> tuple[str, float] | None:
    path = options.reference_docx
    return (str(path), path.stat().st_mtime) if path else None


@cache
def _base_package(reference: tuple[str, float] | None) -> bytes:
    """python-docx's template (or the user's reference document), emptied and given our styles.

    Preparing it costs more than writing a document, so it is done once per
    process and kept in the user's cache directory between runs, keyed by
    everything it is made from (this module, the theme, python-docx, the
    reference document).
    """
    path = _cache_path(reference)
    if path is not None and path.is_file():
        return path.read_bytes()
    data = _prepare_base_package(reference)
    if path is not None:
        write_atomically(path, data)
    return data


def _cache_path(reference: tuple[str, float] | None) -> Path | None:
    digest = hashlib.sha256()
    for part in (Path(__file__), data_file("theme.yaml")):
        digest.update(part.read_bytes())
    digest.update(
        f"{docx.__version__ if hasattr(docx, '__version__') else ''}|{__version__}|{reference}".encode()
    )
    folder = user_cache_dir()
    return folder / f"docx-base-{digest.hexdigest()[:24]}.docx" if folder else None


def _prepare_base_package(reference: tuple[str, float] | None) -> bytes:
    document = docx.Document(reference[0] if reference else None)
    theme = load_theme()
    _empty_body(document)
    _drop_cruft(document)
    if reference is None:
        _prune_styles(document)
        _set_page(document, theme)
    _ensure_styles(document, theme, overwrite=reference is None)
    _add_numbering(document, theme)
    _add_footnotes_part(document)
    _describe_fonts(document, theme)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _empty_body(document: Any) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _drop_cruft(document: Any) -> None:
    """Parts of python-docx's template that describe it, not us: drop or replace them."""
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            document.part.drop_rel(rel_id)
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)
        elif rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = APP_XML.format(version=__version__).encode("utf-8")


def _prune_styles(document: Any) -> None:
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


def _set_page(document: Any, theme: Theme) -> None:
    page = theme.page
    section = document.sections[0]
    section.page_width, section.page_height = Pt(page.width), Pt(page.height)
    section.top_margin, section.bottom_margin = Pt(page.margin_top), Pt(page.margin_bottom)
    section.left_margin, section.right_margin = Pt(page.margin_left), Pt(page.margin_right)
    section.header_distance, section.footer_distance = Pt(page.header_distance), Pt(page.footer_distance)


def _ensure_styles(document: Any, theme: Theme, overwrite: bool) -> None:
    """Our styles from the theme; a reference document's own styles win where it has them."""
    styles = document.styles
    for key, name in STYLE_NAMES.items():
        style = _style(styles, name, WD_STYLE_TYPE.PARAGRAPH)
        if style is None or overwrite:
            style = style or styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            _apply_paragraph_style(style, theme.styles[THEME_KEYS.get(key, key)], theme)
            style.base_style = styles["Normal"] if name != "Normal" else None
            if key == "masthead_right":  # the masthead's right-hand column
                style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if _style(styles, MASTHEAD_TABLE, WD_STYLE_TYPE.TABLE) is None or overwrite:
        _masthead_table_style(styles, theme)
    for name in CHARACTER_STYLES:
        style = _style(styles, name, WD_STYLE_TYPE.CHARACTER)
        if style is None or overwrite:
            style = style or styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
            _apply_character_style(style, name, theme)
    if overwrite:
        _apply_paragraph_style(styles["Normal"], theme.styles["base"], theme)
    for key in ("quote", "list_item"):  # indents that make these blocks what they are
        _indent(_style(styles, STYLE_NAMES[key], WD_STYLE_TYPE.PARAGRAPH), theme, key)


def _masthead_table_style(styles: Any, theme: Theme) -> None:
    """A borderless table style with the theme's rule below it and no cell padding at the sides."""
    style = _style(styles, MASTHEAD_TABLE, WD_STYLE_TYPE.TABLE) or styles.add_style(
        MASTHEAD_TABLE, WD_STYLE_TYPE.TABLE
    )
    for old in style.element.findall(qn("w:tblPr")):
        style.element.remove(old)
    rule = theme.colors["rule"].lstrip("#").upper()
    border = f'<w:bottom w:val="single" w:sz="4" w:space="0" w:color="{rule}"/>'
    margins = '<w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
    properties = f"<w:tblBorders>{border}</w:tblBorders><w:tblCellMar>{margins}</w:tblCellMar>"
    style.element.append(parse_xml(f"<w:tblPr {nsdecls('w')}>{properties}</w:tblPr>"))


def _style(styles: Any, name: str, kind: Any) -> Any:
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


def _add_numbering(document: Any, theme: Theme) -> None:
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
    num_id = _add_num(numbering, abstract_id, restart=False)
    style = _style(document.styles, STYLE_NAMES["numbered"], WD_STYLE_TYPE.PARAGRAPH)
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))


def _add_num(numbering: Any, abstract_id: int, restart: bool) -> int:
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
        )
    )
    return num_id


def _describe_fonts(document: Any, theme: Theme) -> None:
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


def _add_footnotes_part(document: Any) -> None:
    """python-docx has no footnotes API: the part, its separators and relationship, by hand."""
    xml = (
        f"<w:footnotes {nsdecls('w', 'r')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    )
    package = document.part.package
    part = XmlPart(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, parse_xml(xml), package)
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    footnote_pr = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    later = ("compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
             "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
             "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
             "decimalSymbol", "listSeparator")  # fmt: skip
    for child in settings:
        if etree.QName(child).localname in later:
            child.addprevious(footnote_pr)
            break
    else:
        settings.append(footnote_pr)


# --- one document's content ---------------------------------------------------------------


@dataclass
class _Builder:
    document: Any
    theme: Theme
    warn: Callable[[R2PError], None]
    bookmark_ids: int = 0
    note_ids: int = 0
    docs: int = 0
    sections: int = 0  # headings so far in this document, for their bookmark names
    in_pack: bool = False
    notes_part: Any = None
    styles: dict[str, str] = field(default_factory=dict)  # style name -> the document's style id
    calls: dict[int, int] = field(default_factory=dict)  # this document's note number -> Word footnote id

    def build(self, item: Item) -> None:
        self.notes_part = self._footnotes_part()
        self.styles = {style.name: style.style_id for style in self.document.styles}
        self._set_properties(item)
        self.in_pack = isinstance(item, Pack)
        if isinstance(item, Pack):
            self._cover(item)
        heads = [item.meta.title] if isinstance(item, Pack) else []
        for index, doc in enumerate(documents_of(item)):
            if index or isinstance(item, Pack):
                self._new_section()
            self._document(doc, restart_numbering=index > 0)
            heads.append(doc.meta.running_head)
        self._headers_and_footers(heads, item.meta.language)

    def _footnotes_part(self) -> Any:
        for rel in self.document.part.rels.values():
            if rel.reltype == RT.FOOTNOTES:
                return rel.target_part
        raise AssertionError("the base package has a footnotes part")

    # properties ------------------------------------------------------------------------

    def _set_properties(self, item: Item) -> None:
        core = self.document.core_properties
        when = _timestamp(item)
        meta = item.meta
        core.title = self._clean(meta.title)
        core.language = meta.language
        core.created = core.modified = core.last_printed = when
        core.revision = 1
        core.last_modified_by = f"r2p-convert {__version__}"
        core.comments = core.category = core.content_status = core.identifier = core.version = ""
        if isinstance(item, Document):
            core.subject = self._clean(item.meta.kind)
            core.author = self._clean(item.meta.author or item.meta.organ)
            words = [item.meta.organ, item.meta.kind, item.meta.symbol, item.meta.session]
        else:
            core.subject = self._clean(item.meta.subtitle)
            core.author = self._clean(item.meta.prepared_by)
            words = [doc.meta.symbol or doc.meta.short_title for doc in item.documents]
        core.keywords = self._clean("; ".join(word for word in words if word))
        _default_language(self.document, meta.language)

    # blocks ---------------------------------------------------------------------------

    def _cover(self, pack: Pack) -> None:
        meta = pack.meta
        words = wording(meta.language)
        if meta.classification:
            self._plain("cover", meta.classification)
        self._plain("title", meta.title)
        if meta.subtitle:
            self._plain("kind", meta.subtitle)
        if meta.date:
            self._plain("cover", f"{words['date_label']}: {format_date(meta.date, meta.language)}")
        if meta.prepared_by:
            self._plain("cover", f"{words['prepared_by']}: {meta.prepared_by}")
        if meta.prepared_for:
            self._plain("cover", f"{words['prepared_for']}: {meta.prepared_for}")
        if pack.cover_note:
            self._runs(self._paragraph("body"), flatten(pack.cover_note))
        self._page_break()
        self._contents(pack)

    def _contents(self, pack: Pack) -> None:
        """A TOC field Word fills in on opening, pre-filled with the documents' titles
        linked to their bookmarks, so it is useful before the update."""
        self._plain("heading1", wording(pack.meta.language)["contents"])
        first = self._paragraph("body")
        first._p.extend(_xml_children(
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        ))  # fmt: skip
        entries = []
        for index, doc in enumerate(pack.documents, 1):
            entries.append((f"doc-{index}", doc.meta.title))
            headings = [block for block in doc.blocks if isinstance(block, Heading)]
            entries += [
                (f"doc-{index}-sec-{number}", heading_title(heading))
                for number, heading in enumerate(headings, 1)
                if heading.level == 1
            ]
        for count, (anchor, text) in enumerate(entries):
            entry = first if count == 0 else self._paragraph("body")
            title = _xml_text(self._clean(text))
            entry._p.extend(_xml_children(
                f'<w:hyperlink w:anchor="{anchor}"><w:r><w:t xml:space="preserve">{title}</w:t></w:r>'
                "</w:hyperlink>"
            ))  # fmt: skip
        self._paragraph("body")._p.extend(_xml_children('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
        settings = self.document.settings.element
        if settings.find(qn("w:updateFields")) is None:
            settings.insert(0, parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))

    def _document(self, doc: Document, restart_numbering: bool) -> None:
        meta = doc.meta
        self.docs += 1
        self.calls = {}
        self._masthead(doc)
        self._bookmark(self._plain("title", meta.title), f"doc-{self.docs}" if self.in_pack else "doc")
        if meta.kind:
            self._plain("kind", meta.kind)
        num_id = self._restart_numbering() if restart_numbering else None
        prefix = f"doc-{self.docs}-" if self.in_pack else ""
        self.sections = 0
        for block in doc.blocks:
            _BLOCKS[type(block)](self, block, num_id, prefix)
        for note in doc.notes:
            self._footnote_text(self.calls[note.number], note.number, flatten(note.children))

    def _masthead(self, doc: Document) -> None:
        """Organ and session on the left, symbol, distribution, date and original language on
        the right, over a rule: the UN masthead, as a table in the "Masthead Table" style."""
        left, right = _masthead_lines(doc, wording(doc.meta.language))
        table = self.document.add_table(rows=1, cols=2)
        table.style = self.document.styles[MASTHEAD_TABLE]
        for cell, lines, key in zip(
            table.rows[0].cells, (left, right), ("masthead", "masthead_right"), strict=True
        ):
            first = cell.paragraphs[0]
            first.style = self.document.styles[STYLE_NAMES[key]]
            for index, line in enumerate(lines or [""]):
                paragraph = (
                    first if index == 0 else cell.add_paragraph(style=self.document.styles[STYLE_NAMES[key]])
                )
                paragraph._p.extend(_xml_children(_run_xml(self._clean(line), None)))

    def _restart_numbering(self) -> int:
        numbering = self.document.part.numbering_part.element
        abstract_id = int(numbering.findall(qn("w:abstractNum"))[-1].get(qn("w:abstractNumId")))
        return _add_num(numbering, abstract_id, restart=True)

    def _heading(self, block: Heading, num_id: int | None, prefix: str) -> None:
        paragraph = self._paragraph(f"heading{block.level}")
        self._runs(paragraph, flatten(block.children))
        self.sections += 1
        self._bookmark(paragraph, f"{prefix}sec-{self.sections}")

    def _numbered(self, block: NumberedPara, num_id: int | None, prefix: str) -> None:
        paragraph = self._paragraph("numbered")
        if num_id is not None:  # a later document in a pack: its own list, restarting at 1
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
            )
        self._runs(paragraph, flatten(block.children))
        self._bookmark(paragraph, f"{prefix}para-{block.number}")

    def _para(self, block: Para, num_id: int | None, prefix: str) -> None:
        self._runs(self._paragraph("body"), flatten(block.children))

    def _quote(self, block: Quote, num_id: int | None, prefix: str) -> None:
        self._runs(self._paragraph("quote"), flatten(block.children))

    def _list(self, block: EnumList, num_id: int | None, prefix: str) -> None:
        for item in block.items:
            paragraph = self._paragraph("list_item")
            self._runs(paragraph, [Run(item.label, pos=item.pos)])
            paragraph._p.extend(_xml_children("<w:r><w:tab/></w:r>"))
            self._runs(paragraph, flatten(item.children))

    # paragraphs and runs ------------------------------------------------------------------

    def _paragraph(self, key: str) -> Paragraph:
        return self.document.add_paragraph(style=self.document.styles[STYLE_NAMES[key]])

    def _plain(self, key: str, text: str) -> Paragraph:
        paragraph = self._paragraph(key)
        paragraph._p.extend(_xml_children(_run_xml(self._clean(text), None)))
        return paragraph

    def _page_break(self) -> None:
        self._paragraph("body")._p.extend(_xml_children('<w:r><w:br w:type="page"/></w:r>'))

    def _new_section(self) -> None:
        """A new section on a new page: its own running head, footnotes numbered from 1."""
        section = self.document.add_section()
        section.different_first_page_header_footer = True

    def _runs(self, paragraph: Paragraph, runs: list[Run]) -> None:
        self._append_runs(paragraph._p, self.document.part, runs)

    def _append_runs(self, element: Any, part: Any, runs: list[Run]) -> None:
        """Runs as WordprocessingML, related to ``part`` (the body or the footnotes)."""
        xml = []
        for run in runs:
            text = self._clean(run.text, run)
            if run.note is not None:
                xml.append(self._footnote_call(run.note))
            elif run.url:
                rel_id = part.relate_to(run.url, RT.HYPERLINK, is_external=True)
                link = _run_xml(text, self.styles["Hyperlink"])
                xml.append(f'<w:hyperlink r:id="{rel_id}" w:history="1">{link}</w:hyperlink>')
            else:
                xml.append(_run_xml(text, self.styles.get(_character_style(run) or "")))
        element.extend(_xml_children("".join(xml)))

    def _bookmark(self, paragraph: Paragraph, name: str) -> None:
        self.bookmark_ids += 1
        number = self.bookmark_ids
        start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>')
        ppr = paragraph._p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            paragraph._p.insert(0, start)
        paragraph._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>'))

    def _footnote_call(self, number: int) -> str:
        """The first call of a note is a real footnote reference; a later call to the
        same note is a NOTEREF field showing its number (Word's own cross-reference)."""
        style = self.styles["Footnote Reference"]
        if number not in self.calls:
            self.note_ids += 1
            self.calls[number] = self.note_ids
            bookmark = f"_RefNote{self.note_ids}"
            self.bookmark_ids += 1
            return (
                f'<w:bookmarkStart w:id="{self.bookmark_ids}" w:name="{bookmark}"/>'
                f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
                f'<w:footnoteReference w:id="{self.note_ids}"/></w:r>'
                f'<w:bookmarkEnd w:id="{self.bookmark_ids}"/>'
            )
        return (
            f'<w:fldSimple w:instr=" NOTEREF _RefNote{self.calls[number]} \\f \\h ">'
            f"{_run_xml(str(number), style)}</w:fldSimple>"
        )

    def _footnote_text(self, word_id: int, number: int, runs: list[Run]) -> None:
        style = self.styles["Footnote Text"]
        reference = self.styles["Footnote Reference"]
        note = parse_xml(
            f'<w:footnote {nsdecls("w", "r")} w:id="{word_id}">'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{reference}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        self._append_runs(note[0], self.notes_part, runs)
        self.notes_part.element.append(note)

    def _clean(self, text: str, run: Run | None = None) -> str:
        text = clean_text(text, run.pos if run else None, self.warn, "docx")
        return text.replace("\t", " ").replace("\n", " ")

    # header and footer ----------------------------------------------------------------------

    def _headers_and_footers(self, heads: list[str], language: str) -> None:
        """Each section: its running head from its second page, "Page X of Y" on every page."""
        header_style = self.document.styles[STYLE_NAMES["header"]]
        footer_style = self.document.styles[STYLE_NAMES["footer"]]
        template = wording(language)["page_x_of_y"]
        for section, head in zip(self.document.sections, heads, strict=True):
            section.different_first_page_header_footer = True
            _footnotes_restart(section)
            _replace_content(section.header, header_style, self._clean(head))
            _replace_content(section.first_page_header, header_style, "")
            for footer in (section.footer, section.first_page_footer):
                _page_x_of_y(_replace_content(footer, footer_style, ""), template)


def _character_style(run: Run) -> str | None:
    if run.emph and run.strong:
        return "Strong Emphasis"
    if run.emph:
        return "Emphasis"
    return "Strong" if run.strong else None


def _run_xml(text: str, style_id: str | None) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{style_id}"/></w:rPr>' if style_id else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r>'


def _xml_children(xml: str) -> list[Any]:
    """Elements from a WordprocessingML fragment (wrapped to declare the namespaces)."""
    return list(parse_xml(f"<w:wrap {nsdecls('w', 'r')}>{xml}</w:wrap>"))


def _footnotes_restart(section: Any) -> None:
    sect_pr = section._sectPr
    if sect_pr.find(qn("w:footnotePr")) is None:
        sect_pr.insert(
            0, parse_xml(f'<w:footnotePr {nsdecls("w")}><w:numRestart w:val="eachSect"/></w:footnotePr>')
        )


def _default_language(document: Any, language: str) -> None:
    """The language Word and LibreOffice check spelling in and tag the PDF export with."""
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults", first=True)
    rpr_default = _child(defaults, "w:rPrDefault", first=True)
    rpr = _child(rpr_default, "w:rPr")
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:bidi"), language)
    # A house template's styles may name their own language ("en-US" in Normal, say),
    # which would mark a French text as English: the document's language wins there too.
    for style_lang in styles.iterfind(f"{qn('w:style')}/{qn('w:rPr')}/{qn('w:lang')}"):
        if style_lang.get(qn("w:val")):
            style_lang.set(qn("w:val"), language)


def _child(parent: Any, tag: str, first: bool = False) -> Any:
    found = parent.find(qn(tag))
    if found is None:
        found = parse_xml(f"<{tag} {nsdecls('w')}/>")
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def _masthead_lines(doc: Document, words: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The masthead's left column (organ, session) and right column (symbol and the rest)."""
    meta = doc.meta
    left = [meta.organ, words["session"].format(session=meta.session) if meta.session else ""]
    right = [meta.symbol, words["distribution"].format(value=meta.distribution) if meta.distribution else ""]
    right.append(dateline(meta.place, meta.date, meta.language))
    right.append(words["original"].format(value=meta.original_language) if meta.original_language else "")
    return [line for line in left if line], [line for line in right if line]


def _replace_content(part: Any, style: Any, text: str) -> Paragraph:
    part.is_linked_to_previous = False
    for paragraph in list(part.paragraphs)[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    paragraph = part.paragraphs[0]
    for child in list(paragraph._p):
        if child.tag != qn("w:pPr"):
            paragraph._p.remove(child)
    paragraph.style = style
    if text:
        paragraph.add_run(text)
    return paragraph


def _page_x_of_y(paragraph: Paragraph, template: str) -> None:
    """ "Page {page} of {pages}" with PAGE and NUMPAGES fields where the numbers go."""
    pieces = template.replace("{pages}", "\0NUMPAGES\0").replace("{page}", "\0PAGE\0").split("\0")
    for piece in pieces:
        if piece in ("PAGE", "NUMPAGES"):
            paragraph._p.extend(
                _xml_children(f'<w:fldSimple w:instr=" {piece} "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
            )
        elif piece:
            paragraph._p.extend(_xml_children(_run_xml(piece, None)))


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_BLOCKS: dict[type, Callable[[_Builder, Any, int | None, str], None]] = {
    Heading: _Builder._heading,
    NumberedPara: _Builder._numbered,
    Para: _Builder._para,
    Quote: _Builder._quote,
    EnumList: _Builder._list,
}


# --- reproducible packaging -----------------------------------------------------------------


def _timestamp(item: Item) -> datetime.datetime:
    """SOURCE_DATE_EPOCH when set, else the document's date (noon UTC), else 1980-01-01 (noon UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).replace(tzinfo=None)
    date = item.meta.date or datetime.date(1980, 1, 1)
    return datetime.datetime(date.year, date.month, date.day, 12, 0, 0)


def _normalised_zip(data: bytes, when: datetime.datetime) -> bytes:
    """The same package with fixed timestamps and permissions, so equal input gives equal bytes."""
    stamp = max(when, datetime.datetime(1980, 1, 1)).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
