"""The OOXML package: the base document every DOCX starts from, its parts and
relationships, and the reproducible zip it is saved as.

The base package is python-docx's template (or the user's reference document)
emptied of content and of python-docx's own traces, given our styles, one
numbering definition and a footnotes part.  Preparing it costs more than
writing a document, so it is made once per process and kept in the user's
cache directory between runs.  Reading it is a third of the cost of a short
document too, so each process reads it once (``Base``): a document gets fresh
copies of its parsed parts, never the ones another document changed.
"""

from __future__ import annotations

import copy
import datetime
import functools
import hashlib
import io
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import CT_Types, serialize_part_xml
from docx.opc.package import Unmarshaller
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.opc.pkgreader import PackageReader
from docx.opc.spec import default_content_types
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.package import Package
from lxml import etree

from ... import __version__
from ...compressed import ZIP_DEFLATE, compressed, kept_compressed
from ...errors import InputError
from ...fileio import write_atomically
from ...model import Pos
from ...resources import data_file, trusted_cache_file, user_cache_dir
from ...safezip import WordPackage, read_word_package
from ...theme import load_theme
from . import styles

CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# python-docx reads parts it has no class for as opaque blobs; footnotes must stay XML.
PartFactory.part_type_for.setdefault(CT_FOOTNOTES, XmlPart)
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>r2p-convert {version}</Application><DocSecurity>0</DocSecurity></Properties>"
)


class Base:
    """A base package as python-docx reads it, read once: each document is made of copies
    of its parts.  ``style_facts``: what its styles are (``layout.StyleFacts``), kept by
    the writer once the first document has worked it out; no document changes it."""

    def __init__(self, data: bytes, key: str) -> None:
        self.key = key  # what it is made from (``_cache_key``)
        reader: Any = PackageReader  # (python-docx leaves its reader untyped)
        self.reader = reader.from_file(io.BytesIO(data))  # (never changed: names, blobs, relationships)
        self.parts = [_PartRecipe(*serialized) for serialized in self.reader.iter_sparts()]
        self.style_facts: Any = None

    def document(self) -> DocxDocument:
        """A fresh Document, as ``docx.Document`` would open the base package's bytes:
        its parts, then their relationships, as python-docx's ``Unmarshaller`` makes them."""
        package = Package()
        parts: dict[PackURI, Any] = {recipe.partname: recipe.make(package) for recipe in self.parts}
        unmarshaller: Any = Unmarshaller
        unmarshaller._unmarshal_relationships(self.reader, package, parts)
        for part in parts.values():
            part.after_unmarshal()
        package.after_unmarshal()  # type: ignore[no-untyped-call]  # (python-docx leaves it untyped)
        main: Any = package.main_document_part
        document: DocxDocument = main.document
        return document


class _PartRecipe:
    """One part of the base package: its XML parsed once (a document gets a deep copy,
    the same tree, element classes and all, for a third of the cost of parsing it)."""

    def __init__(self, partname: PackURI, content_type: str, reltype: str, blob: bytes) -> None:
        self.partname, self.content_type, self.reltype, self.blob = partname, content_type, reltype, blob
        model: Any = PartFactory(partname, content_type, reltype, blob, Package())
        self.model = model if _loaded_as_xml(type(model)) else None  # None: made from its blob each time

    def make(self, package: Package) -> Any:
        if self.model is None:
            return PartFactory(self.partname, self.content_type, self.reltype, self.blob, package)
        element = copy.deepcopy(self.model.element)
        return type(self.model)(self.partname, self.content_type, element, package)


def _loaded_as_xml(part_class: type[Any]) -> bool:
    """The part class loads as ``XmlPart`` does: by parsing its blob and nothing else."""
    load = getattr(part_class.load, "__func__", None)
    return issubclass(part_class, XmlPart) and load is getattr(XmlPart.load, "__func__", None)


_BASES: dict[str, Base] = {}  # this process's base packages, by what they are made from


def open_base(reference: Path | None) -> DocxDocument:
    """A fresh python-docx Document made from the base package (see ``base``)."""
    return base(reference).document()


def base(reference: Path | None) -> Base:
    """The base package for ``reference`` (or none), read once a process (the reference
    document is read and checked by ``safezip`` each time: sizes, no DTDs, a Word main
    part; its content is part of the key)."""
    package = read_word_package(reference) if reference else None
    key = _cache_key(package)
    if key not in _BASES:
        _BASES[key] = Base(_base_package(package, key), key)
    return _BASES[key]


def _cache_key(package: WordPackage | None) -> str:
    """Everything the base package is made from: this package's code, the theme,
    python-docx, and the reference document's content (not its name or date)."""
    digest = hashlib.sha256(_code_and_theme())
    version = getattr(docx, "__version__", "")
    digest.update(f"{version}|{__version__}|{package.digest if package else 'no reference'}".encode())
    return digest.hexdigest()[:32]


@functools.cache
def _code_and_theme() -> bytes:
    """The digest of this package's code and the theme file, read once a process: the
    code that runs and the theme ``load_theme`` keeps are those of the process's start."""
    digest = hashlib.sha256()
    for part in (*sorted(Path(__file__).parent.glob("*.py")), data_file("theme.yaml")):
        digest.update(part.read_bytes())
    return digest.digest()


def _base_package(package: WordPackage | None, key: str) -> bytes:
    """The base package's bytes, from the cache directory when it holds them."""
    folder = user_cache_dir()
    path = folder / f"docx-base-{key}.docx" if folder else None
    if path is not None and trusted_cache_file(path):
        return path.read_bytes()
    data = _prepare_base_package(package)
    if path is not None:
        write_atomically(path, data)
    return data


def _prepare_base_package(package: WordPackage | None) -> bytes:
    if package is None:
        document = docx.Document()
    else:
        try:
            document = docx.Document(io.BytesIO(package.data))
        except Exception as err:  # python-docx says what it could not find, in its own words
            raise InputError(f"not a usable Word document: {err}", Pos(package.path)) from None
    theme = load_theme()
    _empty_body(document)
    _drop_cruft(document)
    if package is None:
        styles.prune_styles(document)
        styles.set_page(document, theme)
    styles.ensure_styles(document, theme, overwrite=package is None)
    styles.add_numbering(document, theme)
    _add_footnotes_part(document)
    _keep_broken_lines_unstretched(document)
    styles.describe_fonts(document, theme)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _empty_body(document: Any) -> None:
    body = document.element.body
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)


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


def _add_footnotes_part(document: Any) -> None:
    """python-docx has no footnotes API: the part, its separators and relationship, by hand."""
    xml = (
        f"<w:footnotes {nsdecls('w', 'r')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    )
    # A reference document's own footnotes part (its notes, with the body emptied, are
    # nobody's) goes: two parts of one name would make a package Word refuses.
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.FOOTNOTES:
            document.part.drop_rel(rel_id)
    package = document.part.package
    part = XmlPart(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, parse_xml(xml), package)
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    for old in settings.findall(qn("w:footnotePr")):
        settings.remove(old)
    footnote_pr = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    _insert_before(settings, footnote_pr, ("compat", *_SETTINGS_AFTER_COMPAT))


# The settings that come after w:compat in w:settings (ECMA-376), which come after footnotePr.
_SETTINGS_AFTER_COMPAT = (
    "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
)  # fmt: skip


def _insert_before(parent: Any, element: Any, later: tuple[str, ...]) -> None:
    """``element`` into ``parent`` before the first child named in ``later`` (or last)."""
    for child in parent:
        if etree.QName(child).localname in later:
            child.addprevious(element)
            return
    parent.append(element)


# The compatibility options that come before doNotExpandShiftReturn in w:compat (ECMA-376).
_COMPAT_BEFORE = (
    "useSingleBorderforContiguousCells", "wpJustification", "noTabHangInd", "noLeading", "spaceForUL",
    "noColumnBalance", "balanceSingleByteDoubleByteWidth", "noExtraLineSpacing",
    "doNotLeaveBackslashAlone", "ulTrailSpace", "doNotExpandShiftReturn",
)  # fmt: skip


def _keep_broken_lines_unstretched(document: Any) -> None:
    """A justified line that ends in a line break (a signature block, "40th / plenary
    meeting") is set flush left, not stretched across the measure: Word's
    doNotExpandShiftReturn, which LibreOffice follows too."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = parse_xml(f"<w:compat {nsdecls('w')}/>")
        _insert_before(settings, compat, _SETTINGS_AFTER_COMPAT)
    if compat.find(qn("w:doNotExpandShiftReturn")) is not None:
        return
    option = parse_xml(f"<w:doNotExpandShiftReturn {nsdecls('w')}/>")
    earlier = [child for child in compat if etree.QName(child).localname in _COMPAT_BEFORE]
    if earlier:
        earlier[-1].addnext(option)
    else:
        compat.insert(0, option)


def footnotes_part(document: Any) -> Any:
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            return rel.target_part
    raise AssertionError("the base package has a footnotes part")


def package_bytes(document: Any, when: datetime.datetime) -> bytes:
    """The package as a zip with fixed timestamps and permissions, so equal input gives
    equal bytes.  Its entries are those python-docx's ``save`` writes, in its order,
    compressed once: saving, then rewriting that zip with fixed dates, compressed twice."""
    return _fixed_zip(_entries(document), when)


def _entries(document: Any) -> list[tuple[str, bytes]]:
    """Each entry's name and content as ``OpcPackage.save`` writes them: the content
    types, the package's relationships, then each part and its relationships."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    entries = [
        (CONTENT_TYPES_URI.membername, _content_types(parts)),
        (PACKAGE_URI.rels_uri.membername, _rels_xml(PACKAGE_URI, package.rels)),
    ]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, _rels_xml(part.partname, part.rels)))
    return entries


_WRITTEN: dict[Any, bytes] = {}  # what a package's relationships or part list are -> their XML
_MAX_WRITTEN = 64


def _written(key: Any, write: Callable[[], bytes]) -> bytes:
    """``write()``, kept by ``key`` for the ``_MAX_WRITTEN`` used most recently: most
    documents have the same parts and, but the body's, the same relationships."""
    xml = _WRITTEN.pop(key) if key in _WRITTEN else write()
    if len(_WRITTEN) >= _MAX_WRITTEN:
        del _WRITTEN[next(iter(_WRITTEN))]  # the least recently used
    _WRITTEN[key] = xml
    return xml


def _rels_xml(source: PackURI, rels: Any) -> bytes:
    """A part's (or the package's) ``.rels``, as python-docx writes it."""
    key = (source, *((rel.rId, rel.reltype, rel.is_external, _target_of(rel)) for rel in rels.values()))
    return _written(key, lambda: rels.xml)


def _target_of(rel: Any) -> str:
    """What a relationship points at: a URL, or a part by its name (from which python-docx
    works out the relative reference it writes)."""
    target: str = rel.target_ref if rel.is_external else rel.target_part.partname
    return target


def _content_types(parts: list[Part]) -> bytes:
    """``[Content_Types].xml`` (see ``_written_content_types``), for the parts' names and types."""
    key = ("[Content_Types]", *((part.partname, part.content_type) for part in parts))
    return _written(key, lambda: _written_content_types(parts))


def _written_content_types(parts: list[Part]) -> bytes:
    """``[Content_Types].xml`` as python-docx writes it: a Default for each extension the
    OPC spec gives a content type, an Override for every other part, each list sorted."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides: dict[str, str] = {}
    for part in parts:
        extension = part.partname.ext.lower()
        if (extension, part.content_type) in default_content_types:
            defaults[extension] = part.content_type
        else:
            overrides[part.partname] = part.content_type
    types = CT_Types.new()  # type: ignore[no-untyped-call]  # (python-docx leaves it untyped)
    for extension in sorted(defaults):
        types.add_default(extension, defaults[extension])
    for name in sorted(overrides):
        types.add_override(name, overrides[name])
    return serialize_part_xml(types)


def _fixed_zip(entries: list[tuple[str, bytes]], when: datetime.datetime) -> bytes:
    """A zip of ``entries``, all dated ``when`` and readable by all, byte for byte what
    ``zipfile`` writes for them (deflated, in memory: no data descriptors, no zip64).
    Written here so that a font's deflated bytes can be reused (see ``_deflated``)."""
    stamp = max(when.replace(tzinfo=None), datetime.datetime(1980, 1, 1)).timetuple()[:6]
    dos_time = stamp[3] << 11 | stamp[4] << 5 | stamp[5] // 2
    dos_date = (stamp[0] - 1980) << 9 | stamp[1] << 5 | stamp[2]
    # A name written twice (a house template's own footnotes part) holds its last content in
    # both entries, as the zip python-docx saved, read back, gave.
    latest = dict(entries)
    body, directory = io.BytesIO(), io.BytesIO()
    for name, _ in entries:
        data = latest[name]
        crc, deflated = _deflated(name, data)
        encoded, flags = _encoded_name(name)
        fields = (20, 0, flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, crc, len(deflated), len(data))
        offset = body.tell()
        body.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", *fields, len(encoded), 0))
        body.write(encoded + deflated)
        directory.write(struct.pack("<4s4B4HL2L5HLL", b"PK\x01\x02", 20, _ZIP_SYSTEM, *fields,
                                    len(encoded), 0, 0, 0, 0, _READABLE_BY_ALL, offset))  # fmt: skip
        directory.write(encoded)
    count, size = len(entries), directory.tell()
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, body.tell(), 0)
    return body.getvalue() + directory.getvalue() + end


_ZIP_SYSTEM = 0 if sys.platform == "win32" else 3  # the "made by" system zipfile records
_READABLE_BY_ALL = 0o644 << 16  # a regular file's permissions, rw-r--r--
_MAX_KEPT_PART = 1 << 16  # a bigger part is a long document's own, met once (the styles: 38 KB)


def _deflated(name: str, data: bytes) -> tuple[int, bytes]:
    """``data``'s CRC-32 and its deflated bytes, as ``zipfile`` makes them.  An embedded
    font's are kept, in this process and in the user's cache (``compressed.py``): the same
    subset serves every document whose text is in Latin script.  Another part's are kept
    in this process: most (the styles, the theme, the numbering) are the same in every
    document."""
    if not name.startswith("word/fonts/"):  # kept for the parts used most recently (a part
        # used once, such as a document's body, soon makes way for those every document has)
        return _deflate(data) if len(data) > _MAX_KEPT_PART else _kept_deflate(data)
    return zlib.crc32(data), kept_compressed(data, ZIP_DEFLATE)


@functools.lru_cache(maxsize=64)
def _kept_deflate(data: bytes) -> tuple[int, bytes]:
    return _deflate(data)


def _deflate(data: bytes) -> tuple[int, bytes]:
    return zlib.crc32(data), compressed(data, ZIP_DEFLATE)


def _encoded_name(name: str) -> tuple[bytes, int]:
    """The name's bytes and flags, as ``zipfile`` writes them: ASCII, else UTF-8 said so."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800
