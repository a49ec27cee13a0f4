"""Checking an XLSX before openpyxl reads it: an XLSX is a zip of XML, and both can lie.

A 600 KB upload can inflate to gigabytes; a sheet can hold a million rows or a million cells in
one row, shared strings can hold a hundred megabytes of text (openpyxl reads them all into
memory), a part can be one endless tag (a parser buffers it whole, and rescans it with every
chunk), and an XML entity can expand a thousandfold. So first:

* the sizes the archive declares, in all and per part (zipfile never inflates a part past its
  declared size, and fails the part's checksum if its data says otherwise);
* every XML part, streamed through expat with no tree built: no DTD or entity, no tag or text
  longer than an Excel cell can hold, and a bounded number of elements; in the sheet that will
  be read, no row past the row budget, and bounded cells and text in all and in any row; in
  the shared strings, no more text than a file of invoices has.

Anything over a limit is refused before a single row is read, in about the time it takes to
inflate the declared bytes once.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable
from typing import Final
from xml.parsers import expat

from bot.services.bulk.table import (
    EXCEL_CELL_CHARS,
    EXCEL_COLUMNS,
    MAX_TEXT,
    BulkFileError,
    row_budget,
)

MAX_UNPACKED: Final = 100 * 1024 * 1024  # bytes, all parts together
MAX_SMALL_PART: Final = 10 * 1024 * 1024  # any part but a sheet or the shared strings
MAX_PARTS: Final = 1000
MAX_CELLS: Final = 500_000  # per worksheet
MAX_SHEET_EXTRAS: Final = 20_000  # elements outside sheetData: merges, formats, validations
MAX_STRINGS_ELEMENTS: Final = 1_000_000  # sharedStrings.xml: <si><t> a string
MAX_PART_ELEMENTS: Final = 100_000  # any other part (styles, workbook, relationships)
MAX_ROW_TEXT: Final = 1_000_000  # characters in one row (openpyxl holds a whole row at once)
MAX_TOKEN: Final = 1024 * 1024  # bytes without a ">": a text node of a full cell is ~128 KB
_CHUNK: Final = 64 * 1024
_CELL_CHILDREN: Final = 8  # elements a cell may hold on average (<v>, <f>, rich text runs)
_DOC_RELS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_BIG_PARTS: Final = ("xl/worksheets/", "xl/sharedStrings.xml")


def check_workbook(content: bytes, max_rows: int) -> None:
    """Raise BulkFileError unless the archive is safe to hand to openpyxl."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise BulkFileError("bulk.file.bad_xlsx") from error
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise BulkFileError("bulk.file.too_complex")
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_UNPACKED:
            raise BulkFileError("bulk.file.xlsx_too_large", size=unpacked, maximum=MAX_UNPACKED)
        if any(
            part.file_size > MAX_SMALL_PART and not part.filename.startswith(_BIG_PARTS)
            for part in parts
        ):
            raise BulkFileError("bulk.file.too_complex")
        xml = [part for part in parts if part.filename.endswith((".xml", ".rels"))]
        sheets = [part for part in xml if part.filename.startswith("xl/worksheets/")]
        for part in xml:
            if part not in sheets:
                _scan(archive, part, _Scan(max_rows))
        first = _first_sheet(archive)
        for part in sheets:
            # Only the first sheet is read; the others are only looked at as far as openpyxl
            # looks at them (not at all, in read-only mode), so a big second sheet is fine.
            if first is None or part.filename == first:
                _scan(archive, part, _Scan(max_rows))


class _Scan:
    """Counts what a part holds as expat reports it; raises at the first limit passed."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.budget = row_budget(max_rows)
        self.root: str | None = None
        self.elements = 0
        self.in_data = False  # inside <sheetData>
        self.extras = 0
        self.cells = 0
        self.row = 0  # the row number, as openpyxl will count it
        self.row_cells = 0
        self.row_text = 0
        self.text = 0  # characters in the current text node
        self.strings_text = 0  # characters in all the shared strings

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        self.elements += 1
        self.text = 0
        if self.root is None:
            self.root = local
        limit = MAX_STRINGS_ELEMENTS if self.root == "sst" else MAX_PART_ELEMENTS
        if self.root == "worksheet":
            self._sheet(local, attributes)
        elif self.elements > limit:
            raise BulkFileError("bulk.file.too_complex")

    def _sheet(self, local: str, attributes: dict[str, str]) -> None:
        if local == "sheetData":
            self.in_data = True
        elif not self.in_data:
            self.extras += 1
            if self.extras > MAX_SHEET_EXTRAS:
                raise BulkFileError("bulk.file.too_complex")
        elif local == "row":
            self.row_cells = self.row_text = 0
            number = attributes.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            # Every row counts, blank ones too (see table.Collector).
            if self.row > self.budget:
                raise BulkFileError("bulk.file.too_many_rows", maximum=self.max_rows)
        elif local == "c":
            self.cells += 1
            self.row_cells += 1
            if self.row_cells > EXCEL_COLUMNS:
                raise BulkFileError("bulk.file.xlsx_too_wide", maximum=EXCEL_COLUMNS)
            if self.cells > MAX_CELLS:
                raise BulkFileError("bulk.file.too_many_cells", maximum=MAX_CELLS)
        elif self.elements > MAX_CELLS * _CELL_CHILDREN:
            raise BulkFileError("bulk.file.too_complex")

    def end(self, name: str) -> None:
        self.text = 0
        if name.rpartition(" ")[2] == "sheetData":
            self.in_data = False

    def characters(self, data: str) -> None:
        self.text += len(data)
        if self.text > EXCEL_CELL_CHARS:
            raise BulkFileError("bulk.file.cell_too_long", maximum=EXCEL_CELL_CHARS)
        if self.in_data:
            self.row_text += len(data)
            if self.row_text > MAX_ROW_TEXT:
                raise BulkFileError("bulk.file.too_much_text", maximum=MAX_ROW_TEXT)
        elif self.root == "sst":
            self.strings_text += len(data)
            if self.strings_text > MAX_TEXT:
                raise BulkFileError("bulk.file.too_much_text", maximum=MAX_TEXT)


def _no_dtd(*_args: object) -> None:
    # OOXML parts never have a DTD; one here can only be an entity-expansion bomb.
    raise BulkFileError("bulk.file.bad_xlsx")


def _parser(start: Callable[[str, dict[str, str]], None]) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    return parser


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, scan: _Scan) -> None:
    parser = _parser(scan.start)
    parser.buffer_text = True
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.characters
    _feed(archive, part, parser)


def _feed(archive: zipfile.ZipFile, part: zipfile.ZipInfo, parser: expat.XMLParserType) -> None:
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


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The part of the workbook's first sheet (the one read), as openpyxl finds it; None when
    the workbook does not say (then every sheet is checked as if it were the one)."""
    sheet_ids: list[str] = []
    targets: dict[str, str] = {}

    def on_workbook(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "sheet":
            sheet_ids.append(attributes.get(f"{_DOC_RELS} id", ""))

    def on_relations(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "Relationship":
            targets[attributes.get("Id", "")] = attributes.get("Target", "")

    try:
        _feed(archive, archive.getinfo("xl/workbook.xml"), _parser(on_workbook))
        relations = archive.getinfo("xl/_rels/workbook.xml.rels")
        _feed(archive, relations, _parser(on_relations))
    except KeyError:
        return None
    target = targets.get(sheet_ids[0]) if sheet_ids else None
    if not target:
        return None
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))
