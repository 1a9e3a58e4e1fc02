"""What PDF/UA-1 and PDF/A-2a ask of the file beyond its pages: the structure tree the
canvas recorded (``tagging.py``), the parent tree, the IDs of notes, link annotations
in Link elements with descriptions, ``/MarkInfo``, ``/Tabs /S``, XMP metadata that
declares both standards and agrees with the document information, an sRGB output
intent, and ToUnicode maps without U+0000.

Written with pikepdf (qpdf): ReportLab has no API for most of it, and rewriting the
file also gives its streams the framing PDF/A wants.  The output is deterministic
(the file identifier is computed from the content).
"""

from __future__ import annotations

import datetime
import html
import io
import re
from functools import cache
from typing import Any

from ..plan import Plan, Properties
from .rtl import PRIVATE_TEXT
from .tagging import Annotation, Element, Marked

# The ICC profile of the output intent's colour space (every colour we draw is sRGB).
SRGB = "sRGB IEC61966-2.1"


def finish(data: bytes, root: Element, plan: Plan) -> bytes:
    import pikepdf  # only PDF output pays for importing it

    pdf = pikepdf.open(io.BytesIO(data))
    pages = [page.obj for page in pdf.pages]
    tree = _Tree(pdf, pages)
    document = tree.element(root, None)
    if document is None:  # nothing was tagged: an empty document still has its root
        document = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document)
        )
    pdf.Root.StructTreeRoot = tree.root(document)
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String(plan.properties.language)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    for index, page in enumerate(pages):
        page.StructParents = index
        page.Tabs = pikepdf.Name.S  # the tab order follows the structure
    _metadata(pdf, plan.properties)
    _output_intent(pdf)
    _mend_unicode_maps(pdf, pages)
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        compress_streams=True,
        fix_metadata_version=False,
    )
    return out.getvalue()


class _Tree:
    """The structure elements as PDF objects, and the parent tree that maps each page's
    MCIDs, and each annotation, back to its element."""

    def __init__(self, pdf: Any, pages: list[Any]) -> None:
        self.pdf, self.pages = pdf, pages
        self.by_page: dict[int, dict[int, Any]] = {}  # page -> MCID -> element
        self.by_annotation: list[Any] = []  # (annotation key - pages) -> element
        self.ids: dict[str, Any] = {}

    def element(self, element: Element, parent: Any) -> Any:
        """The element as an indirect StructElem (None when nothing in it was drawn)."""
        import pikepdf

        if not element.has_content():
            return None
        made = self.pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name(f"/{element.role}"))
        )
        if parent is not None:
            made.P = parent
        if element.lang:
            made.Lang = pikepdf.String(element.lang)
        if element.title:
            made.T = pikepdf.String(element.title)
        if element.actual:
            made.ActualText = pikepdf.String(element.actual)
        if element.id:
            made.ID = pikepdf.String(element.id)
            self.ids[element.id] = made
        first_page = next((kid.page for kid in element.kids if isinstance(kid, Marked)), None)
        if first_page is not None:
            made.Pg = self.pages[first_page]
        kids = []
        for kid in element.kids:
            if isinstance(kid, Element):
                child = self.element(kid, made)
                if child is not None:
                    kids.append(child)
            elif isinstance(kid, Marked):
                self.by_page.setdefault(kid.page, {})[kid.mcid] = made
                if kid.page == first_page:
                    kids.append(kid.mcid)
                else:
                    kids.append(
                        pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=self.pages[kid.page], MCID=kid.mcid)
                    )
            elif isinstance(kid, Annotation):
                kids.append(self._annotation(kid, made))
        made.K = pikepdf.Array(kids) if len(kids) != 1 else kids[0]
        return made

    def _annotation(self, kid: Annotation, link: Any) -> Any:
        """The link annotation, described and pointing back at its Link element."""
        import pikepdf

        page = self.pages[kid.page]
        annotation = page.Annots[kid.index]
        annotation.StructParent = len(self.pages) + len(self.by_annotation)
        self.by_annotation.append(link)
        if not str(annotation.get("/Contents", "")).strip():
            annotation.Contents = pikepdf.String(kid.contents)
        annotation.F = 4  # printed, as PDF/A wants
        return pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation, Pg=page)

    def root(self, document: Any) -> Any:
        import pikepdf

        numbers: list[Any] = []
        for page in range(len(self.pages)):
            marked = self.by_page.get(page, {})
            numbers += [page, pikepdf.Array([marked[mcid] for mcid in range(len(marked))])]
        for offset, link in enumerate(self.by_annotation):
            numbers += [len(self.pages) + offset, link]
        root = self.pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot,
            K=document,
            ParentTree=self.pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(numbers))),
            ParentTreeNextKey=len(self.pages) + len(self.by_annotation),
        ))  # fmt: skip
        if self.ids:
            names: list[Any] = []
            for key in sorted(self.ids):
                names += [pikepdf.String(key), self.ids[key]]
            root.IDTree = pikepdf.Dictionary(Names=pikepdf.Array(names))
        document.P = root
        return root


# --- metadata -------------------------------------------------------------------------------------


def _metadata(pdf: Any, properties: Properties) -> None:
    """XMP that declares PDF/A-2a and PDF/UA-1 (with the extension schema PDF/A needs to
    know pdfuaid), and document information saying the same."""
    import pikepdf

    when = properties.timestamp.astimezone(datetime.UTC)
    info = pdf.docinfo
    for key in list(info.keys()):
        del info[key]
    values = {
        "/Title": properties.title,
        "/Author": properties.author,
        "/Subject": properties.subject,
        "/Keywords": properties.keywords,
        "/Creator": properties.generator,
        "/Producer": f"{properties.generator} (ReportLab, pikepdf)",
    }
    for key, value in values.items():
        if value:
            info[key] = pikepdf.String(value)
    stamp = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    info["/CreationDate"] = info["/ModDate"] = pikepdf.String(stamp)
    xmp = _xmp(properties, values, when.strftime("%Y-%m-%dT%H:%M:%S+00:00"))
    pdf.Root.Metadata = pdf.make_stream(
        xmp.encode("utf-8"), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
    )


def _xmp(properties: Properties, values: dict[str, str], when: str) -> str:
    def text(value: str) -> str:
        return html.escape(value, quote=True)

    language = text(properties.language)
    described = ""
    if values["/Subject"]:
        described = (
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(values["/Subject"])}</rdf:li>'
            "</rdf:Alt></dc:description>"
        )
    creator = f"<dc:creator><rdf:Seq><rdf:li>{text(values['/Author'])}</rdf:li></rdf:Seq></dc:creator>"
    keywords = f"<pdf:Keywords>{text(values['/Keywords'])}</pdf:Keywords>" if values["/Keywords"] else ""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(values["/Title"])}</rdf:li></rdf:Alt></dc:title>
{creator if values["/Author"] else ""}{described}
<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
{keywords}<pdf:Producer>{text(values["/Producer"])}</pdf:Producer>
<xmp:CreatorTool>{text(values["/Creator"])}</xmp:CreatorTool>
<xmp:CreateDate>{when}</xmp:CreateDate><xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:MetadataDate>{when}</xmp:MetadataDate>
<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>The part of ISO 14289 the document conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _output_intent(pdf: Any) -> None:
    import pikepdf

    profile = pdf.make_stream(srgb_profile(), N=3)
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String(SRGB),
        Info=pikepdf.String(SRGB),
        DestOutputProfile=profile,
    )
    pdf.Root.OutputIntents = pikepdf.Array([intent])


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile, as LittleCMS makes it (Pillow, which ReportLab needs, has it)."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # LittleCMS stamps the profile with the time it was made: a fixed date instead (equal
    # input, equal bytes), and no profile ID (an MD5 of the rest, optional) to go stale.
    profile[24:36] = (2015).to_bytes(2, "big") + bytes([0, 9, 0, 8, 0, 12, 0, 0, 0, 0])
    profile[84:100] = bytes(16)
    return bytes(profile)


# --- fonts ---------------------------------------------------------------------------------------

# A ToUnicode entry for a code the subset does not use: ReportLab maps it to U+0000.
_UNUSED = re.compile(rb"<[0-9A-Fa-f]{2}> <0000>\n?")
_COUNT = re.compile(rb"(\d+) beginbfchar")


# An entry whose character is a private code: a glyph HarfBuzz chose (rtl.py).
_PRIVATE = re.compile(rb"<([0-9A-Fa-f]{2})> <([Ee][0-9A-Fa-f]{3}|[Ff][0-8][0-9A-Fa-f]{2})>")


def _real_characters(data: bytes, base_font: str) -> bytes:
    """The entries of glyphs shaping chose (Arabic joining forms, ligatures) mapped to the
    characters they stand for, not to the private codes they were drawn with."""
    texts = PRIVATE_TEXT.get(base_font.lstrip("/").split("+", 1)[-1])
    if not texts:
        return data

    def real(match: re.Match[bytes]) -> bytes:
        text = texts.get(int(match.group(2), 16))
        if not text:
            return match.group(0)
        return b"<" + match.group(1) + b"> <" + text.encode("utf-16-be").hex().upper().encode() + b">"

    return _PRIVATE.sub(real, data)


def _mend_unicode_maps(pdf: Any, pages: list[Any]) -> None:
    """No glyph code mapped to U+0000 (PDF/UA and PDF/A forbid it): ReportLab's subsets
    list their unused codes so; the entries go.  (Every font, those of the footers'
    forms too.)"""
    import pikepdf

    for candidate in pdf.objects:
        if not isinstance(candidate, pikepdf.Dictionary) or candidate.get("/Type") != pikepdf.Name.Font:
            continue
        unicode_map = candidate.get("/ToUnicode")
        if not isinstance(unicode_map, pikepdf.Stream):
            continue
        data = unicode_map.read_bytes()
        kept = _real_characters(_UNUSED.sub(b"", data), str(candidate.get("/BaseFont", "")))
        if kept == data:
            continue
        block = re.search(rb"beginbfchar\n(.*?)endbfchar", kept, re.S)
        count = len(block.group(1).splitlines()) if block else 0
        kept = _COUNT.sub(str(count).encode() + b" beginbfchar", kept, count=1)
        unicode_map.write(kept)
