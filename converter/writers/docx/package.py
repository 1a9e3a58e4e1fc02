"""The OOXML package: the base document every DOCX starts from, its parts and
relationships, and the reproducible zip it is saved as.

The base package is python-docx's template (or the user's reference document)
emptied of content and of python-docx's own traces, given our styles, one
numbering definition and a footnotes part.  Preparing it costs more than
writing a document, so it is made once per process and kept in the user's
cache directory between runs.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from ... import __version__
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
_BASES: dict[str, bytes] = {}  # this process's base packages, by what they are made from


def open_base(reference: Path | None) -> DocxDocument:
    """A fresh python-docx Document made from the base package (the reference document is
    read and checked by ``safezip`` first: sizes, no DTDs, a Word main part)."""
    package = read_word_package(reference) if reference else None
    key = _cache_key(package)
    if key not in _BASES:
        _BASES[key] = _base_package(package, key)
    return docx.Document(io.BytesIO(_BASES[key]))


def _cache_key(package: WordPackage | None) -> str:
    """Everything the base package is made from: this package's code, the theme,
    python-docx, and the reference document's content (not its name or date)."""
    digest = hashlib.sha256()
    for part in (*sorted(Path(__file__).parent.glob("*.py")), data_file("theme.yaml")):
        digest.update(part.read_bytes())
    version = getattr(docx, "__version__", "")
    digest.update(f"{version}|{__version__}|{package.digest if package else 'no reference'}".encode())
    return digest.hexdigest()[:32]


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
    package = document.part.package
    part = XmlPart(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, parse_xml(xml), package)
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
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


def normalised_zip(data: bytes, when: datetime.datetime) -> bytes:
    """The same package with fixed timestamps and permissions, so equal input gives equal bytes."""
    stamp = max(when.replace(tzinfo=None), datetime.datetime(1980, 1, 1)).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
