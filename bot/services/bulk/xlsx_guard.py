"""Checking an XLSX before openpyxl reads it: an XLSX is a zip of XML, and both can lie.

A 600 KB upload can inflate to gigabytes; a sheet can hold a million rows or a million cells in
one row, shared strings can hold a hundred megabytes of text (openpyxl reads them all into
memory), a part can be one endless tag (a parser buffers it whole, and rescans it with every
chunk), and an XML entity can expand a thousandfold. So first:

* the sizes the archive declares, in all and per part (zipfile never inflates a part past its
  declared size, and fails the part's checksum if its data says otherwise);
* what each part is, by the package's content types and relationships, never by its name
  (:mod:`xlsx_parts`): a part of a type no workbook has is refused, and only the sheet that
  will be read and the shared strings may be large;
* every XML part, streamed through expat with no tree built: no DTD or entity, no tag or text
  longer than an Excel cell can hold, and a bounded number of elements; in the sheet that will
  be read, no row past the row budget, and bounded cells and text in all and in any row; in
  the shared strings, no more text than a file of invoices has.

Anything over a limit is refused before a single row is read, in about the time it takes to
inflate the declared bytes once.
"""

from __future__ import annotations

import io
import zipfile
from typing import Final

from bot.services.bulk.table import (
    EXCEL_CELL_CHARS,
    EXCEL_COLUMNS,
    MAX_TEXT,
    BulkFileError,
    row_budget,
)
from bot.services.bulk.xlsx_parts import (
    CONTENT_TYPES,
    SHARED_STRINGS,
    WORKSHEET,
    content_types,
    feed,
    is_xml,
    sheet_read,
)
from bot.services.bulk.xlsx_parts import parser as xml_parser

MAX_UNPACKED: Final = 100 * 1024 * 1024  # bytes, all parts together
MAX_SMALL_PART: Final = 10 * 1024 * 1024  # any part but a sheet or the shared strings
MAX_PARTS: Final = 1000
MAX_CELLS: Final = 500_000  # per worksheet
MAX_SHEET_EXTRAS: Final = 20_000  # elements outside sheetData: merges, formats, validations
MAX_STRINGS_ELEMENTS: Final = 1_000_000  # sharedStrings.xml: <si><t> a string
MAX_PART_ELEMENTS: Final = 100_000  # any other part (styles, workbook, relationships)
MAX_ROW_TEXT: Final = 1_000_000  # characters in one row (openpyxl holds a whole row at once)
_CELL_CHILDREN: Final = 8  # elements a cell may hold on average (<v>, <f>, rich text runs)


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
        _check_small(archive, CONTENT_TYPES)
        _scan(archive, archive.getinfo(CONTENT_TYPES), _Scan(max_rows))
        types = content_types(archive)
        big = {WORKSHEET, SHARED_STRINGS}
        for name, kind in types.items():
            if kind not in big:
                _check_small(archive, name)
        # Everything XML but the worksheets, whatever its name: the structure read next, the
        # shared strings, styles, properties.
        for name, kind in types.items():
            if is_xml(kind) and kind != WORKSHEET:
                _scan(archive, archive.getinfo(name), _Scan(max_rows))
        sheet = sheet_read(archive, types)
        # Only the first sheet is read; the others are only looked at as far as openpyxl looks
        # at them (not at all, in read-only mode), so they need only be small.
        for name, kind in types.items():
            if kind == WORKSHEET and name != sheet:
                _check_small(archive, name)
        _scan(archive, archive.getinfo(sheet), _Scan(max_rows))


def _check_small(archive: zipfile.ZipFile, name: str) -> None:
    try:
        size = archive.getinfo(name).file_size
    except KeyError:
        raise BulkFileError("bulk.file.bad_xlsx") from None
    if size > MAX_SMALL_PART:
        raise BulkFileError("bulk.file.too_complex")


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


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, scan: _Scan) -> None:
    parser = xml_parser(scan.start)
    parser.buffer_text = True
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.characters
    feed(archive, part, parser)
