"""What each part of an XLSX package is, by the package's own account rather than by its name.

openpyxl finds the workbook and the shared strings by their content types
(``[Content_Types].xml``) and the sheets by the workbook's relationships
(``<workbook>/_rels/<workbook>.rels``), whatever the parts are called: a worksheet stored as
``xl/worksheets/sheet1.dat`` is read all the same. So the guard learns the parts the same way
here, and a part of a type no spreadsheet has is refused. Every XML part read here has been
scanned for bombs first (xlsx_guard); this only walks its elements.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Callable
from typing import Final
from xml.parsers import expat

from bot.services.bulk.table import BulkFileError

CONTENT_TYPES: Final = "[Content_Types].xml"
PACKAGE_RELS: Final = "_rels/.rels"
WORKSHEET: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHARED_STRINGS: Final = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
WORKBOOKS: Final = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "application/vnd.ms-excel.template.macroEnabled.main+xml",
    }
)
# What Excel, LibreOffice, 1C and openpyxl put in a workbook: OOXML's own types, Microsoft's
# extensions, pictures and plain XML (docProps, customXml). Anything else has no business here.
_KNOWN_FAMILIES: Final = (
    "application/vnd.openxmlformats-",
    "application/vnd.ms-excel.",
    "application/vnd.ms-office.",
    "image/",
)
_PLAIN_XML: Final = frozenset({"application/xml", "text/xml"})
MAX_TOKEN: Final = 1024 * 1024  # bytes without a ">": a text node of a full cell is ~128 KB
_CHUNK: Final = 64 * 1024
_DOC_RELS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_RELS: Final = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def is_xml(content_type: str) -> bool:
    return content_type.endswith("+xml") or content_type in _PLAIN_XML


def content_types(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each part's content type; refuses a part without a known one."""
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}

    def on_element(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "Default":
            defaults[attributes.get("Extension", "").lower()] = attributes.get("ContentType", "")
        elif local == "Override":
            part = attributes.get("PartName", "").lstrip("/").lower()
            overrides.setdefault(part, attributes.get("ContentType", ""))

    walk(archive, _info(archive, CONTENT_TYPES), on_element)
    types: dict[str, str] = {}
    for part in archive.infolist():
        if part.is_dir() or part.filename == CONTENT_TYPES:
            continue
        extension = part.filename.rpartition(".")[2].lower() if "." in part.filename else ""
        kind = overrides.get(part.filename.lower()) or defaults.get(extension, "")
        if not (kind in _PLAIN_XML or kind.startswith(_KNOWN_FAMILIES)):
            raise BulkFileError("bulk.file.bad_xlsx")
        types[part.filename] = kind
    return types


def sheet_read(archive: zipfile.ZipFile, types: dict[str, str]) -> str:
    """The part of the sheet openpyxl reads (the workbook's first), found as openpyxl finds
    the workbook and its sheets; refuses a package that says two different things about its
    workbook or its shared strings."""
    workbooks = [name for name, kind in types.items() if kind in WORKBOOKS]
    declared = _targets(archive, PACKAGE_RELS, "officeDocument")
    if len(workbooks) != 1 or declared[:1] != workbooks:
        raise BulkFileError("bulk.file.bad_xlsx")
    workbook = workbooks[0]
    sheet_ids: list[str] = []

    def on_sheet(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "sheet":
            rel = attributes.get(f"{_DOC_RELS} id") or attributes.get(f"{_STRICT_RELS} id")
            sheet_ids.append(rel or "")

    walk(archive, _info(archive, workbook), on_sheet)
    relations = _relations(archive, workbook)
    # openpyxl's worksheets: the sheets in order, skipping chartsheets and missing parts.
    sheets = [
        relations[rel][1]
        for rel in sheet_ids
        if rel in relations
        and "chartsheet" not in relations[rel][0]
        and relations[rel][1] in types
    ]
    if not sheets:
        raise BulkFileError("bulk.file.empty")
    if types[sheets[0]] != WORKSHEET:
        raise BulkFileError("bulk.file.bad_xlsx")
    strings = {name for name, kind in types.items() if kind == SHARED_STRINGS}
    strings |= {target for kind, target in relations.values() if kind.endswith("/sharedStrings")}
    if len(strings) > 1 or not strings <= types.keys():
        raise BulkFileError("bulk.file.bad_xlsx")
    return sheets[0]


def rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relations(archive: zipfile.ZipFile, source: str) -> dict[str, tuple[str, str]]:
    """``source``'s relationships inside the package: id → (type, part name)."""
    found: dict[str, tuple[str, str]] = {}
    rels = rels_of(source)
    folder = posixpath.dirname(source)

    def on_relation(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] != "Relationship" or attributes.get("TargetMode") == "External":
            return
        target = attributes.get("Target", "")
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = posixpath.normpath(posixpath.join(folder, target))
        found.setdefault(attributes.get("Id", ""), (attributes.get("Type", ""), part))

    if rels in archive.NameToInfo:
        walk(archive, archive.getinfo(rels), on_relation)
    return found


def _targets(archive: zipfile.ZipFile, rels: str, kind: str) -> list[str]:
    found: list[str] = []

    def on_relation(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "Relationship" and attributes.get("Type", "").endswith(
            f"/{kind}"
        ):
            found.append(attributes.get("Target", "").lstrip("/"))

    walk(archive, _info(archive, rels), on_relation)
    return found


def _info(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    try:
        return archive.getinfo(name)
    except KeyError:
        raise BulkFileError("bulk.file.bad_xlsx") from None


def _no_dtd(*_args: object) -> None:
    # OOXML parts never have a DTD; one here can only be an entity-expansion bomb.
    raise BulkFileError("bulk.file.bad_xlsx")


def parser(start: Callable[[str, dict[str, str]], None]) -> expat.XMLParserType:
    made = expat.ParserCreate(namespace_separator=" ")
    made.StartElementHandler = start
    made.StartDoctypeDeclHandler = _no_dtd
    made.EntityDeclHandler = _no_dtd
    return made


def walk(
    archive: zipfile.ZipFile,
    part: zipfile.ZipInfo,
    start: Callable[[str, dict[str, str]], None],
) -> None:
    feed(archive, part, parser(start))


def feed(archive: zipfile.ZipFile, part: zipfile.ZipInfo, parser: expat.XMLParserType) -> None:
    since_tag = 0  # bytes since the last ">": how long the token being parsed is
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                end = chunk.rfind(b">")
                since_tag = since_tag + len(chunk) if end < 0 else len(chunk) - end - 1
                if since_tag > MAX_TOKEN:
                    raise BulkFileError("bulk.file.too_complex")
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        raise BulkFileError("bulk.file.bad_xlsx") from error
    except NotImplementedError as error:  # a compression method zipfile does not know
        raise BulkFileError("bulk.file.bad_xlsx") from error
