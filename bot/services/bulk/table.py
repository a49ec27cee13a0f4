"""Reading an uploaded CSV or XLSX file into its rows of cells, within limits.

What comes out is every non-blank row with the number a spreadsheet shows for it; which row is
the header, and which rows are invoices, is decided later (see :mod:`layout`). The limits hold
whatever the file claims about itself: every row counts toward the row budget, blank or not,
so a sheet of a million empty rows is refused at the first rows past the budget; a row may
have no more cells than Excel allows, a cell no more characters, and the table as a whole no
more text than a file of invoices ever has.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

from storage.bulk import Cell  # one cell type, from the layer below: rows are stored as read

Format = Literal["csv", "xlsx"]
Record = tuple[int, list[Cell]]  # (row number as the spreadsheet shows it, cells)

MAX_COLUMNS: Final = 64  # read from each row; anything further right is not looked at
HEADER_SEARCH_ROWS: Final = 20  # non-blank rows at the top where the header is looked for
EXCEL_COLUMNS: Final = 16_384  # more cells in a row than this is not a spreadsheet
EXCEL_CELL_CHARS: Final = 32_767  # nor is a longer cell
MAX_TEXT: Final = 8_000_000  # characters in all the cells read; ~8000 per invoice row
_BLANK: Final = " \t\r\n;,"


class BulkFileError(Exception):
    """The file cannot be used at all; ``key`` names a text in bot/texts/bulk/."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class Table:
    format: Format
    records: list[Record]  # the non-blank rows, in order
    encoding: str | None = None  # CSV: how it was encoded, to write the result the same way
    delimiter: str | None = None
    sheet: str | None = None  # XLSX: the worksheet's title


def row_budget(max_rows: int) -> int:
    """Rows of any kind (title, blank, header, totals) a file may have: the invoice rows,
    a fifth more for page headers and totals, and room for a title above the header."""
    return max_rows + max_rows // 5 + HEADER_SEARCH_ROWS


def cell_text(cell: Cell) -> str:
    """How a cell reads as text (what the form's parsers get)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float):
        return f"{Decimal(repr(cell)):f}"
    return str(cell)


def is_blank(cell: Cell) -> bool:
    return cell_text(cell).strip(_BLANK) == ""


class Collector:
    """Takes rows one by one as a reader finds them, and keeps the file within the limits."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.budget = row_budget(max_rows)
        self.records: list[Record] = []
        self.text = 0

    def add(self, number: int, cells: list[Cell]) -> None:
        if number > self.budget:
            raise BulkFileError("bulk.file.too_many_rows", maximum=self.max_rows)
        if len(cells) > EXCEL_COLUMNS:
            raise BulkFileError("bulk.file.too_wide", row=number, maximum=EXCEL_COLUMNS)
        kept = trimmed(cells[:MAX_COLUMNS])
        if not kept:
            return
        for cell in kept:
            if isinstance(cell, str):
                if len(cell) > EXCEL_CELL_CHARS:
                    raise BulkFileError("bulk.file.cell_too_long", maximum=EXCEL_CELL_CHARS)
                self.text += len(cell)
        if self.text > MAX_TEXT:
            raise BulkFileError("bulk.file.too_much_text", maximum=MAX_TEXT)
        self.records.append((number, kept))


def trimmed(cells: list[Cell]) -> list[Cell]:
    """The cells without trailing blanks; empty when the whole row is blank (a line of bare
    delimiters, as spreadsheets export empty rows, counts as blank whichever is used)."""
    end = len(cells)
    while end and is_blank(cells[end - 1]):
        end -= 1
    return cells[:end]
