"""Reading Word packages that may be hostile: sizes checked before reading, XML without
entities or network, one-line reasons.

A ``.docx`` is a zip of XML parts.  Before python-docx (or anything else) sees
one, this module checks the file's size, then each part's declared size, then
each part's actual size as it inflates (a zip bomb can lie in its headers),
refuses any part that declares a DTD (Word never writes one, and entity
expansion is how XML bombs work), and checks that the main part is a Word
document's.  What fails is ``FILE: not a usable Word document: WHY``, exit 2.
The limits live in ``limits.py`` and are documented in docs/source-format.md.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
from pathlib import Path
from typing import Any

from .errors import InputError
from .limits import MAX_DOCX_BYTES, MAX_DOCX_PART_BYTES, MAX_DOCX_PARTS, MAX_DOCX_TOTAL_BYTES
from .model import Pos
from .records import record

WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": False,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": False,
    "application/vnd.ms-word.document.macroEnabled.main+xml": True,  # .docm: holds macros
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": True,  # .dotm
}
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


@record
class WordPackage:
    """A checked package: its bytes (for python-docx), its parts, what it is."""

    path: str
    data: bytes
    parts: dict[str, bytes]
    digest: str  # sha256 of the file: what caches are keyed on
    main_part: str  # e.g. "word/document.xml"
    has_macros: bool


def unusable(path: Path, why: str) -> InputError:
    return InputError(f"not a usable Word document: {why}", Pos(str(path)))


def read_word_package(path: Path) -> WordPackage:
    """Read and check a Word document, or raise ``InputError`` saying why it is unusable."""
    data = _read_file(path)
    return check_package_bytes(data, path)


def check_word_document(path: Path) -> None:
    """Refuse, before any work, a Word document given on the command line that cannot be used."""
    package = read_word_package(path)
    if package.has_macros:
        raise unusable(path, "it is macro-enabled (.docm); save it as a plain Word document (.docx)")


def check_package_bytes(data: bytes, path: Path) -> WordPackage:
    archive = _open_zip(data, path)
    infos = archive.infolist()
    _check_declared_sizes(infos, path)
    parts = {info.filename: _read_part(archive, info, path) for info in infos if not info.is_dir()}
    for name, content in parts.items():
        if name.endswith((".xml", ".rels")) and _DOCTYPE.search(content):
            raise unusable(path, f"the part {name} declares a DTD or entities, which Word never writes")
    main, macros = _main_part(parts, path)
    return WordPackage(str(path), data, parts, hashlib.sha256(data).hexdigest(), main, macros)


def safe_xml(content: bytes, name: str, path: Path) -> Any:
    """A part parsed with entities, DTDs and network access off."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(content, parser)
    except etree.XMLSyntaxError as err:
        raise unusable(path, f"the part {name} is not well-formed XML ({err.msg})") from None


def _read_file(path: Path) -> bytes:
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise unusable(path, "no such file") from None
    except OSError as err:
        raise unusable(path, f"cannot read it ({err.strerror})") from None
    with os.fdopen(handle, "rb") as source:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise unusable(path, "it is not a regular file")
        if info.st_size > MAX_DOCX_BYTES:
            raise unusable(
                path, f"it is {info.st_size:,} bytes; Word documents are limited to {MAX_DOCX_BYTES:,}"
            )
        data = source.read(MAX_DOCX_BYTES + 1)
    if len(data) > MAX_DOCX_BYTES:
        raise unusable(path, f"it is over {MAX_DOCX_BYTES:,} bytes")
    return data


def _open_zip(data: bytes, path: Path) -> zipfile.ZipFile:
    if data.startswith(b"%PDF"):
        raise unusable(path, "it is a PDF, not a Word document")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise unusable(path, "it is an old binary Word file (.doc); save it as .docx")
    if data.lstrip().startswith((b"{\\rtf", b"<")):
        raise unusable(path, "it is a text file (RTF, HTML or XML), not a .docx")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise unusable(path, "it is not a zip archive (a .docx is one); it may be damaged") from None
    except (OSError, ValueError, EOFError) as err:
        raise unusable(path, f"the zip archive is damaged ({err})") from None


def _check_declared_sizes(infos: list[zipfile.ZipInfo], path: Path) -> None:
    if len(infos) > MAX_DOCX_PARTS:
        raise unusable(path, f"it has {len(infos):,} parts; at most {MAX_DOCX_PARTS:,} are read")
    total = 0
    for info in infos:
        if info.file_size > MAX_DOCX_PART_BYTES:
            raise unusable(
                path,
                f"the part {info.filename} unpacks to {info.file_size:,} bytes; "
                f"parts are limited to {MAX_DOCX_PART_BYTES:,}",
            )
        total += info.file_size
    if total > MAX_DOCX_TOTAL_BYTES:
        raise unusable(
            path, f"it unpacks to {total:,} bytes; Word documents are limited to {MAX_DOCX_TOTAL_BYTES:,}"
        )


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    """A part's bytes, never more than it declares (a zip bomb's headers may lie)."""
    limit = min(info.file_size, MAX_DOCX_PART_BYTES)
    try:
        with archive.open(info) as part:
            content = part.read(limit + 1)
    except zipfile.BadZipFile as err:
        raise unusable(path, f"the part {info.filename} is damaged ({err})") from None
    except (OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as err:
        raise unusable(path, f"the part {info.filename} cannot be unpacked ({err})") from None
    if len(content) > limit:
        raise unusable(path, f"the part {info.filename} unpacks to more than it declares (a zip bomb?)")
    return content


def _main_part(parts: dict[str, bytes], path: Path) -> tuple[str, bool]:
    """The main document part (from the package relationships) and whether it holds macros."""
    for required in ("[Content_Types].xml", "_rels/.rels"):
        if required not in parts:
            raise unusable(path, f"it has no {required}, so it is not an Office document")
    rels = safe_xml(parts["_rels/.rels"], "_rels/.rels", path)
    targets = [
        rel.get("Target", "")
        for rel in rels.iter(f"{_REL}Relationship")
        if rel.get("Type") == _OFFICE_DOCUMENT
    ]
    if not targets:
        raise unusable(path, "it names no main document part")
    main = targets[0].lstrip("/")
    types = safe_xml(parts["[Content_Types].xml"], "[Content_Types].xml", path)
    overrides = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in types.iter(f"{_CT}Override")
    }
    content_type = overrides.get(main, "")
    if content_type not in WORD_MAIN_TYPES:
        raise unusable(path, f"its main part is not a Word document's ({content_type or 'no content type'})")
    if main not in parts:
        raise unusable(path, f"its main part {main} is missing")
    return main, WORD_MAIN_TYPES[content_type]
