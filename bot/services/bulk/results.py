"""Writing a table back in the format it came in: CSV with the same delimiter and encoding
(and BOM), or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from bot.services.bulk.table import Cell


def file_name(original: str, format: str, rename: Callable[[str], str]) -> str:
    """``orders.csv`` -> ``orders-результат.csv``; ``rename`` makes the new stem."""
    stem, dot, extension = original.rpartition(".")
    if not dot:
        stem, extension = original, "csv"
    if format == "xlsx":
        extension = "xlsx"
    return f"{rename(stem)}.{extension}"


def write_table(
    header: list[str],
    rows: list[list[Cell]],
    *,
    format: str,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> bytes:
    if format == "xlsx":
        return _xlsx(header, rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter or ";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    # Windows-1251 lacks some characters (emoji, ₽): they become "?" rather than fail.
    return buffer.getvalue().encode(encoding or "utf-8-sig", errors="replace")


def _xlsx(header: list[str], rows: list[list[Cell]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()

    def cells(values: list[Cell]) -> list[object]:
        out: list[object] = []
        for value in values:
            if isinstance(value, str) and value.startswith("="):
                # Text that looks like a formula stays text, as it was in the upload.
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                out.append(cell)
            else:
                out.append(value)
        return out

    sheet.append(cells(list(header)))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
