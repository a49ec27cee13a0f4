"""Reading an uploaded CSV or XLSX file into a table of cells.

CSV: UTF-8 (with or without a BOM), UTF-16 with a BOM, or Windows-1251 as 1C exports it; the
delimiter (``;``, ``,`` or tab) is the one under which the header names the most known columns,
so a decimal comma in the data cannot mislead it. XLSX: the first worksheet, values as Excel
last computed them. Either way the result remembers how to write the file back.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Final, Literal

import openpyxl

from bot.services.bulk.columns import match_columns

Cell = str | int | float | bool | None
Format = Literal["csv", "xlsx"]

DELIMITERS: Final = (";", ",", "\t")  # in order of preference: 1C writes ";"
MAX_COLUMNS: Final = 64
_BLANK: Final = " \t\r\n;,"
_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) container
# Control characters other than tab, line ends and the DOS end-of-file mark.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f-\x9f]")


class BulkFileError(Exception):
    """The file cannot be used at all; ``key`` names a text in bot/texts/bulk.py."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class Table:
    format: Format
    header: list[str]
    header_row: int  # 1-based, as a spreadsheet numbers rows
    rows: list[tuple[int, list[Cell]]]  # (row number, cells); blank rows left out
    encoding: str | None = None  # CSV: how it was encoded, to write the result the same way
    delimiter: str | None = None


def read_table(content: bytes, file_name: str, *, max_rows: int, max_bytes: int) -> Table:
    """The table in ``content``; raises :class:`BulkFileError` for anything unusable."""
    if len(content) > max_bytes:
        raise BulkFileError("bulk.file.too_big", size=len(content), maximum=max_bytes)
    if not content.strip():
        raise BulkFileError("bulk.file.empty")
    name = file_name.casefold()
    if content.startswith(_OLE_MAGIC) or name.endswith(".xls"):
        raise BulkFileError("bulk.file.old_excel")
    if content.startswith(_ZIP_MAGIC):
        return _read_xlsx(content, max_rows)
    if name.endswith((".xlsx", ".xlsm")):
        raise BulkFileError("bulk.file.bad_xlsx")
    return _read_csv(content, max_rows)


def cell_text(cell: Cell) -> str:
    """How a cell reads as text (what the form's parsers get)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float):
        return f"{Decimal(repr(cell)):f}"
    return str(cell)


# --- CSV ------------------------------------------------------------------------------------


def _decode(content: bytes) -> tuple[str, str]:
    """(text, encoding to write back with)."""
    if content.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif b"\x00" in content:
        raise BulkFileError("bulk.file.unreadable")
    else:
        encodings = ["utf-8", "cp1251"]
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Text files have no control characters besides tab and line ends; binary junk
        # decoded as Windows-1251 is full of them.
        if _CONTROL.search(text):
            raise BulkFileError("bulk.file.unreadable")
        return text, encoding
    raise BulkFileError("bulk.file.unreadable")


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)


def _first_record(text: str, delimiter: str) -> list[str]:
    try:
        for record in _records(text, delimiter):
            if any(cell.strip() for cell in record):
                return record
    except csv.Error:
        pass
    return []


def _pick_delimiter(text: str) -> str:
    def score(delimiter: str) -> tuple[int, int, int]:
        header = _first_record(text, delimiter)
        columns = match_columns([cell.strip() for cell in header])
        known = len(columns.fields) + sum(len(found) for found in columns.duplicates.values())
        return known, len(header), -DELIMITERS.index(delimiter)

    return max(DELIMITERS, key=score)


def _read_csv(content: bytes, max_rows: int) -> Table:
    text, encoding = _decode(content)
    delimiter = _pick_delimiter(text)
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[Cell]]] = []
    try:
        # Excel shows one row per record, blank lines included, so records number rows.
        for number, record in enumerate(_records(text, delimiter), start=1):
            cells = _trimmed(record)
            if not cells:
                continue
            if header is None:
                header, header_row = [cell_text(cell).strip() for cell in cells], number
                continue
            if len(rows) >= max_rows:
                raise BulkFileError("bulk.file.too_many_rows", maximum=max_rows)
            rows.append((number, list(cells)))
    except csv.Error as error:
        raise BulkFileError("bulk.file.unreadable") from error
    if header is None:
        raise BulkFileError("bulk.file.empty")
    return Table("csv", header, header_row, rows, encoding=encoding, delimiter=delimiter)


# --- XLSX -----------------------------------------------------------------------------------


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
        # A computed amount carries float noise (1799.9999999998): what Excel shows is meant.
        rounded = round(value, 2)
        return rounded if abs(value - rounded) < 1e-6 else value
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)


def _read_xlsx(content: bytes, max_rows: int) -> Table:
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[Cell]]] = []
    # openpyxl warns about odd styles and extensions that do not matter here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # a broken archive fails in many library-specific ways
            raise BulkFileError("bulk.file.bad_xlsx") from error
        try:
            if not book.worksheets:
                raise BulkFileError("bulk.file.empty")
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # declared dimensions can be wrong; read what is there
            for number, values in enumerate(
                sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
            ):
                cells = _trimmed([_xlsx_cell(value) for value in values])
                if not cells:
                    continue
                if header is None:
                    header = [cell_text(cell).strip() for cell in cells]
                    header_row = number
                    continue
                if len(rows) >= max_rows:
                    raise BulkFileError("bulk.file.too_many_rows", maximum=max_rows)
                rows.append((number, cells))
        except BulkFileError:
            raise
        except Exception as error:
            raise BulkFileError("bulk.file.bad_xlsx") from error
        finally:
            book.close()
    if header is None:
        raise BulkFileError("bulk.file.empty")
    return Table("xlsx", header, header_row, rows)


def _trimmed(cells: list[str] | list[Cell]) -> list[Cell]:
    """The cells without trailing blanks; empty when the whole row is blank (a line of bare
    delimiters, as spreadsheets export empty rows, counts as blank whichever is used)."""
    end = len(cells)
    while end and cell_text(cells[end - 1]).strip(_BLANK) == "":
        end -= 1
    return list(cells[:end])
