"""XLSX uploads: every worksheet, values as Excel last computed them.

The archive is checked first (:mod:`xlsx_guard`), then read by openpyxl in read-only mode,
which streams the sheet row by row; only the first :data:`MAX_COLUMNS` columns are taken.
"""

from __future__ import annotations

import io
import warnings
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from bot.services.bulk.table import MAX_COLUMNS, MAX_TEXT, BulkFileError, Collector, Table
from bot.services.bulk.xlsx_guard import check_workbook
from storage.bulk import Cell


def read_xlsx(content: bytes, max_rows: int) -> Table:
    """The first worksheet (a catalogue, a result file read back)."""
    return read_sheets(content, max_rows)[0]


def read_sheets(content: bytes, max_rows: int) -> list[Table]:
    """Every worksheet with a non-blank row, in the workbook's order (at least one)."""
    check_workbook(content, max_rows)
    # Imported here: openpyxl takes a noticeable part of a second to load; start-up and CSV
    # uploads do not pay for it.
    import openpyxl

    tables: list[Table] = []
    text = 0
    # openpyxl warns about odd styles and extensions that do not matter here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(
                io.BytesIO(content), read_only=True, data_only=True, keep_links=False
            )
        except Exception as error:  # a broken archive fails in many library-specific ways
            raise BulkFileError("bulk.file.bad_xlsx") from error
        try:
            if not book.worksheets:
                raise BulkFileError("bulk.file.empty")
            for sheet in book.worksheets:
                collector = Collector(max_rows)
                sheet.reset_dimensions()  # declared dimensions can be wrong; read what is there
                rows = sheet.iter_rows(max_col=MAX_COLUMNS)
                for number, cells in enumerate(rows, start=1):
                    collector.add(number, [_shown(cell) for cell in cells])
                text += collector.text
                if text > MAX_TEXT:  # the limit holds for the workbook, not each sheet
                    raise BulkFileError("bulk.file.too_much_text", maximum=MAX_TEXT)
                if collector.records or not tables:
                    tables.append(Table("xlsx", collector.records, sheet=str(sheet.title)))
        except BulkFileError:
            raise
        except Exception as error:
            raise BulkFileError("bulk.file.bad_xlsx") from error
        finally:
            book.close()
    if len(tables) > 1 and not tables[0].records:
        tables.pop(0)
    return tables


def _shown(cell: object) -> Cell:
    """A cell as Excel shows it: a number formatted as a percentage (a VAT cell holding 0.22
    shown as «22%») reads as that percentage, not as the fraction stored."""
    value = getattr(cell, "value", None)
    number_format = getattr(cell, "number_format", None) or ""
    if "%" in number_format and isinstance(value, int | float) and not isinstance(value, bool):
        percent = (Decimal(repr(value)) * 100).normalize()
        return f"{percent:f}%"
    return _cell(value)


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
        # A computed amount carries float noise (1799.9999999998): what Excel shows is meant.
        rounded = round(value, 2)
        return rounded if abs(value - rounded) < 1e-6 else value
    if isinstance(value, datetime):
        value = value.date()  # 1C writes dates with a time of day: the day is meant
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)
