"""WordprocessingML fragments: runs, fields, bookmarks and notes as XML, and nothing else.

python-docx has no API for footnotes, fields, bookmarks or hyperlinks to
anchors, so these are written as XML.  Text is always escaped here: it is
data, never markup.  Nothing in this module decides layout.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attribute(text: str) -> str:
    """Text for a quoted attribute value."""
    return xml_text(text).replace('"', "&quot;")


def run_xml(text: str, style_id: str | None) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{style_id}"/></w:rPr>' if style_id else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'


def children(xml: str) -> list[Any]:
    """Elements from a WordprocessingML fragment (wrapped to declare the namespaces)."""
    return list(parse_xml(f"<w:wrap {nsdecls('w', 'r')}>{xml}</w:wrap>"))


def update_fields() -> Any:
    """The setting that makes Word (and LibreOffice) update fields such as the TOC on opening."""
    return parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')


def hyperlink_to_url(rel_id: str, run: str) -> str:
    return f'<w:hyperlink r:id="{rel_id}" w:history="1">{run}</w:hyperlink>'


def hyperlink_to_anchor(anchor: str, text: str) -> str:
    run = f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'
    return f'<w:hyperlink w:anchor="{anchor}">{run}</w:hyperlink>'


def tab() -> str:
    return "<w:r><w:tab/></w:r>"


def page_break() -> str:
    return '<w:r><w:br w:type="page"/></w:r>'


def bookmark_start(number: int, name: str) -> Any:
    # Made, not parsed: every heading and numbered paragraph has a bookmark.
    return OxmlElement("w:bookmarkStart", {qn("w:id"): str(number), qn("w:name"): name})


def bookmark_end(number: int) -> Any:
    return OxmlElement("w:bookmarkEnd", {qn("w:id"): str(number)})


def footnote_reference(bookmark_id: int, bookmark: str, note_id: int, style_id: str) -> str:
    """The first call of a note: a real footnote reference, bookmarked for later NOTEREFs."""
    return (
        f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{bookmark}"/>'
        f'<w:r><w:rPr><w:rStyle w:val="{style_id}"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'
        f'<w:bookmarkEnd w:id="{bookmark_id}"/>'
    )


def note_ref_field(bookmark: str, number: int, style_id: str) -> str:
    """A later call of a note: Word's own cross-reference to it, showing its number."""
    return (
        f'<w:fldSimple w:instr=" NOTEREF {bookmark} \\f \\h ">{run_xml(str(number), style_id)}</w:fldSimple>'
    )


def footnote(note_id: int, text_style: str, reference_style: str) -> Any:
    """An empty footnote (its mark and a space); the caller appends the text's runs."""
    return parse_xml(
        f'<w:footnote {nsdecls("w", "r")} w:id="{note_id}">'
        f'<w:p><w:pPr><w:pStyle w:val="{text_style}"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="{reference_style}"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
    )


def simple_field(instruction: str, shown: str) -> str:
    return f'<w:fldSimple w:instr=" {instruction} "><w:r><w:t>{xml_text(shown)}</w:t></w:r></w:fldSimple>'


def toc_field_begin(instruction: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )


def field_text(text: str) -> str:
    """Text as a quoted argument of a field instruction: backslashes and quotation marks
    escaped (Word's field syntax), then XML-escaped."""
    return xml_text('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')


def contents_mark(text: str, level: int) -> str:
    """A TC field: an entry of the TOC field built ``\\f`` from such marks, at ``level``.
    It shows nothing; Word and LibreOffice list its text when they update the contents.
    (LibreOffice 7.4 files ``\\l 1`` one level down, in "Contents 2", and ignores a quoted
    level: the "TOC 3" style keeps its entries' indents apart.)"""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> TC {field_text(text)} \\l {level} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def contents_entry(anchor: str, text: str, page: int | None) -> str:
    """A contents line as Word writes one: linked to its bookmark, a tab (the style's dot
    leader), and a PAGEREF field whose last result is ``page``."""
    shown = f"<w:r><w:t>{page}</w:t></w:r>" if page else ""
    return (
        f'<w:hyperlink w:anchor="{anchor}" w:history="1">'
        f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r><w:r><w:tab/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> PAGEREF {anchor} \\h </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{shown}'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>'
    )


def field_end() -> str:
    return '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def numbering_properties(num_id: int, level: int = 0) -> Any:
    return parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )


def line_break() -> str:
    return "<w:r><w:br/></w:r>"


def custom_mark_reference(note_id: int, mark: str, style_id: str) -> str:
    """A call of a footnote that shows ``mark`` ("*", or a pack member's own number)
    instead of Word's count.  The mark is written a character to a ``w:t``: LibreOffice
    takes a one-character text as the note's label, but a longer one as label *and* text
    ("10" would show as "¹⁰10"); Word joins the pieces of a run as one text."""
    pieces = "".join(f"<w:t>{xml_text(char)}</w:t>" for char in mark)
    return (
        f'<w:r><w:rPr><w:rStyle w:val="{style_id}"/></w:rPr>'
        f'<w:footnoteReference w:customMarkFollows="1" w:id="{note_id}"/>{pieces}</w:r>'
    )


# The mark at the head of a custom-mark footnote's text.  Word shows the text written
# there (it has no number of its own to show); LibreOffice (7.4 to 24.x) shows its own
# label and, for every note but the first in footnotes.xml, the written mark too ("22").
# So the mark is markup-compatibility content: LibreOffice takes a Choice that requires
# "wps" by the prefix alone (an empty one, here), while Word resolves the prefix to a
# namespace it does not know and, as ECMA-376 Part 3 says, shows the Fallback.
_NOT_UNDERSTOOD = "urn:r2p-convert:libreoffice-shows-its-own-label"


def footnote_with_mark(note_id: int, text_style: str, reference_style: str, mark: str) -> Any:
    """An empty footnote whose mark is ``mark``; the caller appends its text's runs."""
    return parse_xml(
        f'<w:footnote {nsdecls("w", "r")} w:id="{note_id}">'
        f'<w:p><w:pPr><w:pStyle w:val="{text_style}"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="{reference_style}"/></w:rPr>'
        f'<mc:AlternateContent xmlns:mc="{MC}" xmlns:wps="{_NOT_UNDERSTOOD}">'
        f'<mc:Choice Requires="wps"/><mc:Fallback><w:t>{xml_text(mark)}</w:t></mc:Fallback>'
        "</mc:AlternateContent></w:r></w:p>"
        "</w:footnote>"
    )


def set_run_language(run: Any, language: str) -> None:
    """A run's language (``w:lang`` last in its properties, as the schema orders them)."""
    properties = run.find(qn("w:rPr"))
    if properties is None:
        properties = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        run.insert(0, properties)
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    tag = xml_attribute(language)
    # Word keeps three languages a run: Chinese text is in the East Asian one
    east_asian = f' w:eastAsia="{tag}"' if language.split("-")[0].lower() in ("zh", "ja", "ko") else ""
    properties.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{tag}"{east_asian} w:bidi="{tag}"/>'))


def property_value(tag: str, value: str) -> Any:
    """An empty property element with a ``w:val`` (``<w:tblCaption w:val="..."/>``)."""
    return parse_xml(f'<{tag} {nsdecls("w")} w:val="{xml_attribute(value)}"/>')


def table_indent(twips: int) -> Any:
    return parse_xml(f'<w:tblInd {nsdecls("w")} w:w="{twips}" w:type="dxa"/>')


def child(parent: Any, tag: str, first: bool = False) -> Any:
    """``parent``'s ``tag`` child, made (first or last) if it has none."""
    found = parent.find(qn(tag))
    if found is None:
        found = parse_xml(f"<{tag} {nsdecls('w')}/>")
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


# --- right to left -----------------------------------------------------------------------

# The properties that follow w:bidi in a paragraph's, w:rtl in a run's and w:bidiVisual in
# a table's (ECMA-376 Part 1, 17.3.1.26, 17.3.2.28, 17.4.60): each goes before the first.
_AFTER_BIDI = ("adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
               "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
               "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")  # fmt: skip
_AFTER_RTL = ("cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
_AFTER_BIDI_VISUAL = ("tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd",
                      "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
                      "tblDescription")  # fmt: skip


def right_to_left(element: Any, keep: str = "") -> None:
    """Everything in ``element`` (a paragraph, a table) laid out right to left: its
    paragraphs (w:bidi: LibreOffice lays Arabic out right to left only with it), its
    tables (w:bidiVisual: the first column on the right), and its runs of right-to-left
    text (w:rtl, which also sets them in the complex-script font and size)."""
    paragraphs = [element] if element.tag == qn("w:p") else list(element.iter(qn("w:p")))
    for paragraph in paragraphs:
        if keep and paragraph.get(keep):  # a paragraph with a direction of its own
            continue
        properties = child(paragraph, "w:pPr", first=True)
        _set_flag(properties, "w:bidi", _AFTER_BIDI)
    for table in element.iter(qn("w:tbl")):
        _set_flag(child(table, "w:tblPr", first=True), "w:bidiVisual", _AFTER_BIDI_VISUAL)
    import unicodedata  # (a right-to-left document's only)

    for run in element.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
            _set_flag(child(run, "w:rPr", first=True), "w:rtl", _AFTER_RTL)


def _set_flag(properties: Any, tag: str, successors: tuple[str, ...]) -> None:
    if properties.find(qn(tag)) is not None:
        return
    flag = parse_xml(f"<{tag} {nsdecls('w')}/>")
    for child in properties:
        if etree.QName(child).localname in successors:
            child.addprevious(flag)
            return
    properties.append(flag)
