"""What PDF/UA-1 and PDF/A-2a ask of the file beyond its pages: the structure tree the
canvas recorded (``tagging.py``), the parent tree, the IDs of notes, link annotations
in Link elements with descriptions, ``/MarkInfo``, ``/Tabs /S``, XMP metadata that
declares both standards and agrees with the document information, an sRGB output
intent, and ToUnicode maps without U+0000.

Written with ReportLab's own PDF objects, at the moment ReportLab formats the file:
the canvas's document is a ``FinishedDocument``, whose ``format`` first adds them, when
every page, annotation and font subset exists.  (They were once added by rewriting the
file with qpdf: importing pikepdf alone cost a single run 40 ms.)  The output is
deterministic: its file identifier is a digest of the pages' content and the metadata.
"""

from __future__ import annotations

import datetime
import html
import re
from functools import cache
from typing import Any, cast

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFDocument,
    PDFInfo,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFStreamFilterZCompress,
    PDFTrueTypeFont,
    PDFZCompress,
)

from ...compressed import FLATE_DECODE, kept_compressed
from ...resources import keep_cached, read_cached
from ..plan import Plan, Properties
from .rtl import PRIVATE_TEXT
from .tagging import Annotation, Element, Marked, pdf_text_string

# The ICC profile of the output intent's colour space (every colour we draw is sRGB).
SRGB = "sRGB IEC61966-2.1"


class FinishedDocument(PDFDocument):
    """ReportLab's document, finished (``Finishing``) just before it is formatted."""

    finishing: Finishing | None = None

    def format(self) -> bytes:
        if self.finishing is not None:
            self.finishing.apply(self)
        data: bytes = super().format()
        return data


def finished(document: PDFDocument, root: Element, plan: Plan) -> None:
    """Make the canvas's document one that is finished when it is saved."""
    document.__class__ = FinishedDocument
    document.finishing = Finishing(root, plan)  # type: ignore[attr-defined]  # now a FinishedDocument


class Finishing:
    def __init__(self, root: Element, plan: Plan) -> None:
        self.root, self.plan = root, plan

    def apply(self, document: PDFDocument) -> None:
        pages: list[PDFPage] = list(document.Pages.pages)  # type: ignore[attr-defined]
        for page in pages:  # the file identifier: a digest of what the pages show
            document.updateSignature(page.stream or "")
        tree = _Tree(document, pages)
        root = tree.root(tree.element(self.root, None) or tree.empty_document())
        catalog = document.Catalog  # type: ignore[attr-defined]
        catalog.__class__ = _Catalog
        catalog.StructTreeRoot = root
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.Lang = _Text(self.plan.properties.language)
        catalog.Metadata = _metadata(document, self.plan.properties)
        catalog.OutputIntents = PDFArray([_output_intent()])
        for index, page in enumerate(pages):
            page.__class__ = _Page
            page.StructParents = index  # type: ignore[attr-defined]
            page.Tabs = PDFName("S")  # type: ignore[attr-defined]  # the tab order follows the structure
        _mend_unicode_maps(document)


class _Catalog(PDFCatalog):
    """ReportLab's catalog, with the output intents PDF/A asks for."""

    __NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]  # noqa: RUF012  # ReportLab's own form
    __Refs__ = [name for name in __NoDefault__ if name != "OutputIntents"]  # noqa: RUF012


class _Page(PDFPage):
    """ReportLab's page, with its key into the parent tree and its tab order."""

    __NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]  # noqa: RUF012  # ReportLab's own form


def _refer(document: PDFDocument, made: PDFObject) -> PDFObjectReference:
    """The object made indirect (ReportLab's ``Reference`` is untyped)."""
    return cast(PDFObjectReference, document.Reference(made))  # type: ignore[no-untyped-call]


class _Text(PDFObject):
    """A text string: UTF-16 in hex, so any text is data and never PDF syntax."""

    def __init__(self, text: str) -> None:
        self.text = text

    def format(self, document: Any) -> bytes:
        return pdf_text_string(self.text).encode("ascii")


class _Tree:
    """The structure elements as PDF objects, and the parent tree that maps each page's
    MCIDs, and each annotation, back to its element."""

    def __init__(self, document: PDFDocument, pages: list[PDFPage]) -> None:
        self.document, self.pages = document, pages
        self.objects: dict[str, Any] = document.idToObject
        self.page_refs = [_refer(document, page) for page in pages]
        self.by_page: dict[int, dict[int, PDFObjectReference]] = {}  # page -> MCID -> element
        self.by_annotation: list[PDFObjectReference] = []  # (annotation key - pages) -> element
        self.ids: dict[str, PDFObjectReference] = {}

    def element(self, element: Element, parent: PDFObjectReference | None) -> PDFObjectReference | None:
        """The element as an indirect StructElem (None when nothing in it was drawn)."""
        if not element.has_content():
            return None
        made = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(element.role)})
        ref = _refer(self.document, made)
        if parent is not None:
            made["P"] = parent
        for key, value in (("Lang", element.lang), ("T", element.title), ("ActualText", element.actual)):
            if value:
                made[key] = _Text(value)
        if element.id:
            made["ID"] = _Text(element.id)
            self.ids[element.id] = ref
        first_page = next((kid.page for kid in element.kids if isinstance(kid, Marked)), None)
        if first_page is not None:
            made["Pg"] = self.page_refs[first_page]
        kids = [kid for kid in (self._kid(kid, ref, first_page) for kid in element.kids) if kid is not None]
        made["K"] = PDFArray(kids) if len(kids) != 1 else kids[0]
        return ref

    def _kid(
        self, kid: Element | Marked | Annotation, made: PDFObjectReference, first_page: int | None
    ) -> Any:
        if isinstance(kid, Element):
            return self.element(kid, made)
        if isinstance(kid, Marked):
            self.by_page.setdefault(kid.page, {})[kid.mcid] = made
            if kid.page == first_page:
                return kid.mcid
            return PDFDictionary({"Type": PDFName("MCR"), "Pg": self.page_refs[kid.page], "MCID": kid.mcid})
        return self._annotation(kid, made)

    def _annotation(self, kid: Annotation, link: PDFObjectReference) -> PDFDictionary:
        """The link annotation, described and pointing back at its Link element."""
        ref = self.pages[kid.page].Annots[kid.index]
        made: Any = self.objects[ref.name]
        # ReportLab keeps an internal link as a LinkAnnotation, a URL as a dictionary
        annotation = made.Dict() if hasattr(made, "Dict") else made
        described = made.Contents if hasattr(made, "Dict") else ""
        annotation["StructParent"] = len(self.pages) + len(self.by_annotation)
        self.by_annotation.append(link)
        if not str(described).strip():
            annotation["Contents"] = _Text(kid.contents)
        annotation["F"] = 4  # printed, as PDF/A wants
        annotation.__InternalName__ = ref.name
        self.objects[ref.name] = annotation
        return PDFDictionary({"Type": PDFName("OBJR"), "Obj": ref, "Pg": self.page_refs[kid.page]})

    def empty_document(self) -> PDFObjectReference:
        """Nothing was tagged: an empty document still has its root."""
        made = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName("Document")})
        return _refer(self.document, made)

    def root(self, document: PDFObjectReference) -> PDFObjectReference:
        numbers: list[Any] = []
        for page in range(len(self.pages)):
            marked = self.by_page.get(page, {})
            numbers += [page, PDFArray([marked[mcid] for mcid in range(len(marked))])]
        for offset, link in enumerate(self.by_annotation):
            numbers += [len(self.pages) + offset, link]
        made = PDFDictionary({
            "Type": PDFName("StructTreeRoot"),
            "K": document,
            "ParentTree": _refer(self.document, PDFDictionary({"Nums": PDFArray(numbers)})),
            "ParentTreeNextKey": len(self.pages) + len(self.by_annotation),
        })  # fmt: skip
        if self.ids:
            names: list[Any] = []
            for key in sorted(self.ids):
                names += [_Text(key), self.ids[key]]
            made["IDTree"] = PDFDictionary({"Names": PDFArray(names)})
        ref = _refer(self.document, made)
        self.objects[document.name]["P"] = ref
        return ref


# --- metadata -------------------------------------------------------------------------------------


class _Information(PDFInfo):
    """The document information, exactly ours (ReportLab's adds /Trapped and defaults)."""

    values: dict[str, str]
    stamp: str

    def format(self, document: Any) -> bytes:
        entries: dict[str, Any] = {key: _Text(value) for key, value in self.values.items() if value}
        entries["CreationDate"] = entries["ModDate"] = _Text(self.stamp)
        return PDFDictionary(entries).format(document)


def _metadata(document: PDFDocument, properties: Properties) -> PDFStream:
    """XMP that declares PDF/A-2a and PDF/UA-1 (with the extension schema PDF/A needs to
    know pdfuaid), and document information saying the same."""
    when = properties.timestamp.astimezone(datetime.UTC)
    values = {
        "Title": properties.title,
        "Author": properties.author,
        "Subject": properties.subject,
        "Keywords": properties.keywords,
        "Creator": properties.generator,
        "Producer": f"{properties.generator} (ReportLab)",
    }
    information: Any = document.info
    information.__class__ = _Information
    information.values = values
    information.stamp = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    xmp = _xmp(properties, values, when.strftime("%Y-%m-%dT%H:%M:%S+00:00"))
    # unfiltered, as PDF/A wants metadata to be readable without decoding
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(dictionary, xmp.encode("utf-8"))


def _xmp(properties: Properties, values: dict[str, str], when: str) -> str:
    def text(value: str) -> str:
        return html.escape(value, quote=True)

    language = text(properties.language)
    described = ""
    if values["Subject"]:
        described = (
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(values["Subject"])}</rdf:li>'
            "</rdf:Alt></dc:description>"
        )
    creator = f"<dc:creator><rdf:Seq><rdf:li>{text(values['Author'])}</rdf:li></rdf:Seq></dc:creator>"
    keywords = f"<pdf:Keywords>{text(values['Keywords'])}</pdf:Keywords>" if values["Keywords"] else ""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(values["Title"])}</rdf:li></rdf:Alt></dc:title>
{creator if values["Author"] else ""}{described}
<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
{keywords}<pdf:Producer>{text(values["Producer"])}</pdf:Producer>
<xmp:CreatorTool>{text(values["Creator"])}</xmp:CreatorTool>
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


def _output_intent() -> PDFDictionary:
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile(), filters=[PDFZCompress])
    return PDFDictionary({
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": _Text(SRGB),
        "Info": _Text(SRGB),
        "DestOutputProfile": profile,
    })  # fmt: skip


# How the kept profile is stored, in its name: a change here makes it afresh.
_PROFILE_NAME = "srgb-littlecms-fixed-date-1.icc"


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile, as LittleCMS makes it (Pillow, which ReportLab needs, has it),
    kept in the user's cache: importing Pillow's LittleCMS costs a run more than reading it."""
    kept = read_cached(_PROFILE_NAME)
    if kept is not None and _is_profile(kept):
        return kept
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # LittleCMS stamps the profile with the time it was made: a fixed date instead (equal
    # input, equal bytes), and no profile ID (an MD5 of the rest, optional) to go stale.
    profile[24:36] = (2015).to_bytes(2, "big") + bytes([0, 9, 0, 8, 0, 12, 0, 0, 0, 0])
    profile[84:100] = bytes(16)
    keep_cached(_PROFILE_NAME, bytes(profile))
    return bytes(profile)


def _is_profile(data: bytes) -> bool:
    """A whole ICC profile: its declared size is its size, and it has its signature."""
    return len(data) > 128 and int.from_bytes(data[:4], "big") == len(data) and data[36:40] == b"acsp"


# --- streams -------------------------------------------------------------------------------------

_ENDSTREAM = b"endstream\n"


class _KeptFlate(PDFStreamFilterZCompress):
    """ReportLab's FlateDecode for an embedded font program, with the compressed bytes
    kept by their content (``compressed.py``): the same subset goes into document after
    document.  The same bytes as ReportLab's (``zlib.compress`` at its default level)."""

    def encode(self, text: bytes | str) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        return kept_compressed(data, FLATE_DECODE)


_KEPT_FLATE = _KeptFlate()


def _with_eol_before_endstream(format_stream: Any) -> Any:
    """PDF/A wants an end of line between a stream's data and ``endstream``, outside its
    /Length; ReportLab writes the keyword straight after the data.  And a font program
    (the one stream with /Length1, ReportLab's TrueType subsets) is compressed through
    ``_KeptFlate``."""

    def framed(self: PDFStream, document: Any) -> bytes:
        if self.filters == [PDFZCompress] and "Length1" in self.dictionary.dict:
            self.filters = [_KEPT_FLATE]
        data: bytes = format_stream(self, document)
        return data[: -len(_ENDSTREAM)] + b"\n" + _ENDSTREAM if data.endswith(_ENDSTREAM) else data

    framed.framed = True  # type: ignore[attr-defined]
    return framed


if not getattr(PDFStream.format, "framed", False):
    PDFStream.format = _with_eol_before_endstream(PDFStream.format)  # type: ignore[method-assign]


def _pdfdoc_encoded(text: str | bytes) -> bytes:
    """ReportLab's ``pdfdocEnc``, which it calls for every name, number and keyword it
    writes (some 1,700 a seed-sized PDF), with printable ASCII encoded in C: there
    PDFDocEncoding is ASCII, and ReportLab's codec is a Python function (1.2 µs a call)."""
    if not isinstance(text, str):
        return text
    return text.encode("latin-1") if text.isascii() and text.isprintable() else _PDFDOC_ENCODED(text)


_PDFDOC_ENCODED = pdfdoc.pdfdocEnc
if pdfdoc.pdfdocEnc.__name__ == "pdfdocEnc":  # (once, however often this module is loaded)
    pdfdoc.pdfdocEnc = _pdfdoc_encoded  # type: ignore[assignment]  # (its stubs type it generically)


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


def _mend_unicode_maps(document: PDFDocument) -> None:
    """No glyph code mapped to U+0000 (PDF/UA and PDF/A forbid it): ReportLab's subsets
    list their unused codes so; the entries go.  (Every font, those of the footers'
    forms too.)"""
    objects: dict[str, Any] = document.idToObject
    for font in [made for made in objects.values() if isinstance(made, PDFTrueTypeFont)]:
        unicode_map = objects.get(getattr(getattr(font, "ToUnicode", None), "name", ""))
        if not isinstance(unicode_map, PDFStream):
            continue
        data = unicode_map.content
        data = data.encode("latin-1") if isinstance(data, str) else data
        kept = _real_characters(_UNUSED.sub(b"", data), str(getattr(font, "BaseFont", "")))
        if kept == data:
            continue
        block = re.search(rb"beginbfchar\n(.*?)endbfchar", kept, re.S)
        count = len(block.group(1).splitlines()) if block else 0
        unicode_map.content = _COUNT.sub(str(count).encode() + b" beginbfchar", kept, count=1)
