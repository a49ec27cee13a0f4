"""Checking an XLSX before openpyxl reads it: an XLSX is a zip of XML, and both can lie.

A 600 KB upload can inflate to gigabytes; a sheet can hold a million cells in one row (openpyxl
gathers a whole row before handing it over), a million merged ranges, styles or shared strings
(read whole, into Python objects), or an XML entity that expands a thousandfold. So first:

* the sizes the archive declares, in all and per part (zipfile never inflates a part past its
  declared size, and fails the part's checksum if its data says otherwise);
* every XML part, streamed through expat with no tree built: no DTD or entity, no text longer
  than an Excel cell can hold, and a bounded number of elements; in a worksheet, bounded cells
  in all and in any row, and few elements outside the cells.

Anything over a limit is refused before a single row is read, in about the time it takes to
inflate the declared bytes once.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Final
from xml.parsers import expat

from bot.services.bulk.table import EXCEL_CELL_CHARS, EXCEL_COLUMNS, BulkFileError

MAX_UNPACKED: Final = 100 * 1024 * 1024  # bytes, all parts together
MAX_PARTS: Final = 1000
MAX_CELLS: Final = 500_000  # per worksheet
MAX_SHEET_EXTRAS: Final = 20_000  # elements outside sheetData: merges, formats, validations
MAX_STRINGS_ELEMENTS: Final = 1_000_000  # sharedStrings.xml: <si><t> a string
MAX_PART_ELEMENTS: Final = 100_000  # any other part (styles, workbook, relationships)
_CHUNK: Final = 64 * 1024
_CELL_CHILDREN: Final = 8  # elements a cell may hold on average (<v>, <f>, rich text runs)


def check_workbook(content: bytes) -> None:
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
        for part in parts:
            if part.filename.endswith((".xml", ".rels")):
                _scan(archive, part)


class _Scan:
    """Counts what a part holds as expat reports it; raises at the first limit passed."""

    def __init__(self) -> None:
        self.root: str | None = None
        self.elements = 0
        self.in_data = False  # inside <sheetData>
        self.extras = 0
        self.cells = 0
        self.row_cells = 0
        self.text = 0

    def start(self, name: str, _attributes: object) -> None:
        local = name.rpartition(" ")[2]
        self.elements += 1
        self.text = 0
        if self.root is None:
            self.root = local
        limit = MAX_STRINGS_ELEMENTS if self.root == "sst" else MAX_PART_ELEMENTS
        if self.root == "worksheet":
            self._sheet(local)
        elif self.elements > limit:
            raise BulkFileError("bulk.file.too_complex")

    def _sheet(self, local: str) -> None:
        if local == "sheetData":
            self.in_data = True
        elif not self.in_data:
            self.extras += 1
            if self.extras > MAX_SHEET_EXTRAS:
                raise BulkFileError("bulk.file.too_complex")
        elif local == "row":
            self.row_cells = 0
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


def _no_dtd(*_args: object) -> None:
    # OOXML parts never have a DTD; one here can only be an entity-expansion bomb.
    raise BulkFileError("bulk.file.bad_xlsx")


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    scan = _Scan()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.characters
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        raise BulkFileError("bulk.file.bad_xlsx") from error
    except NotImplementedError as error:  # a compression method zipfile does not know
        raise BulkFileError("bulk.file.bad_xlsx") from error
