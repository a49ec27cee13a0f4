"""XLSX files people open in Excel as they are: typed cells (money as numbers in roubles, dates
as dates), a bold header frozen in place with a filter, columns sized. Written in openpyxl's
write-only mode, row by row; call it off the event loop for big tables."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.services.bulk.results import looks_like_formula, quote_prefixed
from storage.bulk import Cell

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as SheetCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Excel shows it as "1 500,50 ₽" in a Russian locale and "1,500.50 ₽" in an English one.
MONEY_FORMAT = '#,##0.00 "₽"'
DATE_FORMAT = "DD.MM.YYYY"
MOMENT_FORMAT = "DD.MM.YYYY HH:MM"

# A Decimal is always money here; datetimes are naive local times (Excel has no time zones).
Value = Cell | Decimal | date | datetime


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    rows: Iterable[Sequence[Value]]  # the first is the header
    widths: Sequence[float] = field(default=())  # characters, column by column from A


def write_workbook(tables: Iterable[Table]) -> bytes:
    """One sheet per table; text that would read as a formula stays text (OWASP's advice on
    CSV injection, as in bulk result files)."""
    from openpyxl import Workbook  # loaded when a file is asked for, not at start
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        for index, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        count = columns = 0
        for row in table.rows:
            cells = [_cell(sheet, value) for value in row]
            if count == 0:
                for cell in cells:
                    cell.font = bold
            sheet.append(cells)
            count += 1
            columns = max(columns, len(cells))
        if columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{count}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet: WriteOnlyWorksheet, value: Value) -> SheetCell:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, datetime):
        cell.number_format = MOMENT_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = quote_prefixed(value)
    return cell
